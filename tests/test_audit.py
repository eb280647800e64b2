"""Tests for analysis.audit: each check on small synthetic inputs, then on the real data."""
import re

import matplotlib

matplotlib.use("Agg")

import pandas as pd
import pytest

from analysis import audit

# ---------------------------------------------------------------------------
# Synthetic inputs
# ---------------------------------------------------------------------------

COLUMNS = ["claim_id", "source", "section", "ref", "doi", "quantity", "group", "value", "lower", "upper",
           "qualifier", "unit", "n", "statistic", "setting", "source_text", "note", "value_text", "key", "evidence_level"]


def make_claims(*rows):
    """A small ledger: each row a dict; missing columns are empty."""
    records = []
    for row in rows:
        record = {column: None for column in COLUMNS}
        record.update({"source": "review", "section": "3", "quantity": "q", "statistic": "other", "setting": "review"})
        record.update(row)
        if record["value"] is not None and record["value_text"] is None:
            record["value_text"] = str(record["value"])
        records.append(record)
    frame = pd.DataFrame(records, columns=COLUMNS)
    for column in ("value", "lower", "upper"):
        frame[column] = pd.to_numeric(frame[column]).astype("Float64")
    for column in ("ref", "n"):
        frame[column] = pd.to_numeric(frame[column]).astype("Int64")
    return frame


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------------------
# Percentages and denominators
# ---------------------------------------------------------------------------

def percent_claims():
    return make_claims(
        {"claim_id": "grade3_count", "ref": 55, "value": 39, "unit": "patients"},
        {"claim_id": "grade3_pct", "ref": 55, "value": 59.0, "value_text": "59.0", "unit": "%"},
        {"claim_id": "persist_count", "ref": 55, "value": 7},
        {"claim_id": "persist_pct", "ref": 55, "value": 10.6, "value_text": "10.6", "unit": "%"},
        {"claim_id": "os_count_primary", "source": "primary", "ref": 68, "value": 18, "n": 19},
        {"claim_id": "os_pct_primary", "source": "primary", "ref": 68, "value": 94.7, "value_text": "94.7", "unit": "%"},
        {"claim_id": "lonely_count", "ref": 1, "value": 3},
    )


def test_percent_count_checks_exact_denominators():
    table = audit.percent_count_checks(percent_claims()).set_index("pct_id")
    assert list(table.index) == ["grade3_pct", "os_pct_primary", "persist_pct"]
    assert table.loc["grade3_pct", "rounding_ns"] == ()
    assert table.loc["grade3_pct", "truncation_ns"] == (66,)
    assert table.loc["grade3_pct", "implied_n"] == pytest.approx(66.1017, abs=1e-4)
    assert table.loc["persist_pct", "rounding_ns"] == (66,)
    assert table.loc["os_pct_primary", "rounding_ns"] == (19,)
    assert table.loc["os_pct_primary", "stated_n"] == 19
    assert table.loc["os_pct_primary", "exact_at_stated_n"] == pytest.approx(100 * 18 / 19)
    # The two statements about ref 55 share no rounding denominator, but truncation fits both at 66.
    assert table.loc["grade3_pct", "cohort_rounding_ns"] == ()
    assert table.loc["persist_pct", "cohort_truncation_ns"] == (66,)
    assert table.loc["grade3_pct", "cohort"] == "review ref 55"
    assert "no whole n makes 39 round to 59.0%" in table.loc["grade3_pct", "verdict"]


def test_percent_count_checks_without_pairs_is_empty_and_bad_count_fails():
    assert audit.percent_count_checks(make_claims({"claim_id": "x_count", "value": 3})).empty
    bad = make_claims({"claim_id": "x_count", "value": 3.5}, {"claim_id": "x_pct", "value": 10.0, "unit": "%"})
    with pytest.raises(ValueError, match="whole count"):
        audit.percent_count_checks(bad)


def test_percent_n_checks_uses_n_column_and_declared_pairs():
    frame = make_claims(
        {"claim_id": "sbrt_pct", "value": 13.8, "value_text": "13.8", "unit": "%", "statistic": "proportion", "quantity": "severe lymphopenia"},
        {"claim_id": "sbrt_n", "value": 32, "unit": "patients"},
        {"claim_id": "share_pct", "value": 12.5, "value_text": "12.5", "unit": "%", "n": 32, "statistic": "proportion"},
        {"claim_id": "os_pct", "value": 42.9, "value_text": "42.9", "unit": "%", "n": 476, "statistic": "proportion", "quantity": "5-year overall survival"},
    )
    table = audit.percent_n_checks(frame, pairs=[("sbrt_pct", "sbrt_n", "the SBRT group")]).set_index("pct_id")
    assert table.loc["sbrt_pct", "counts"] == ()
    assert table.loc["share_pct", "counts"] == (4,)
    assert table.loc["os_pct", "counts"] == (204,)
    assert bool(table.loc["os_pct", "time_to_event"]) and not bool(table.loc["sbrt_pct", "time_to_event"])
    with pytest.raises(ValueError, match="pairs: claim_id 'nope'"):
        audit.percent_n_checks(frame, pairs=[("nope", "sbrt_n", "x")])


# ---------------------------------------------------------------------------
# Orderings, references, primary vs review
# ---------------------------------------------------------------------------

def ordering_claims():
    return make_claims(
        {"claim_id": "severe_risk", "value": 65},
        {"claim_id": "grade4_risk", "value": 50},
        {"claim_id": "low_band", "lower": 0.1, "upper": 1.0},
        {"claim_id": "std_band", "lower": 1.8, "upper": 2.2},
        {"claim_id": "arm_a", "value": 355},
        {"claim_id": "arm_b", "value": 359},
        {"claim_id": "total", "value": 714},
        {"claim_id": "p_value", "upper": 0.001},
    )


def test_ordering_checks_evaluate_rules_exactly():
    rules = [
        audit.OrderingRule("grade", "severe_risk", "<=", "grade4_risk", "risk rises with grade"),
        audit.OrderingRule("bands", "low_band.upper", "<", "std_band.lower", "no overlap"),
        audit.OrderingRule("arms", "arm_a + arm_b", "==", "total", "arms add up"),
        audit.OrderingRule("p", "p_value", "<", "0.05", "single bound used"),
    ]
    table = audit.ordering_checks(ordering_claims(), rules).set_index("check_id")
    assert table["holds"].to_dict() == {"grade": False, "bands": True, "arms": True, "p": True}
    assert table.loc["arms", "left_value"] == 714
    assert table.loc["bands", "left_value"] == 1.0 and table.loc["bands", "right_value"] == 1.8


@pytest.mark.parametrize(
    "rule, message",
    [
        (audit.OrderingRule("x", "missing_id", "<", "total", "r"), "not in the ledger"),
        (audit.OrderingRule("x", "low_band", "<", "total", "r"), "is a range"),
        (audit.OrderingRule("x", "arm_a", "=>", "total", "r"), "relation must be one of"),
        (audit.OrderingRule("x", "arm_a.middle", "<", "total", "r"), "cannot read term"),
    ],
)
def test_ordering_checks_reject_bad_rules(rule, message):
    with pytest.raises(ValueError, match=message):
        audit.ordering_checks(ordering_claims(), [rule])


def test_duplicate_references_finds_one_doi_under_two_numbers():
    refs = pd.DataFrame({
        "ref": pd.array([1, 2, 3, 5, None], dtype="Int64"),
        "key": ["a2020", "b2021", "c2022", "b2021b", "extra"],
        "doi": ["10.1/a", "10.1/B", "10.1/c", "10.1/b", "10.1/a"],
        "title": ["A", "B", "C", "B again", "A again"],
    })
    table = audit.duplicate_references(refs)
    assert table["refs"].tolist() == [(2, 5)]
    assert table.loc[0, "keys"] == ("b2021", "b2021b") and table.loc[0, "doi"] == "10.1/b"
    with pytest.raises(ValueError, match="'doi'"):
        audit.duplicate_references(refs.drop(columns=["doi"]))


def test_primary_vs_review_converts_and_compares():
    frame = make_claims(
        {"claim_id": "risk_review", "value": 65, "unit": "%"},
        {"claim_id": "hr_primary", "source": "primary", "value": 1.65, "value_text": "1.65"},
        {"claim_id": "n_review", "value": 177},
        {"claim_id": "n_primary", "source": "primary", "value": 176},
    )
    pairs = [
        ("risk_review", "hr_primary", "pct_increase_to_ratio", True, "as a ratio"),
        ("n_review", "n_primary", "", True, "cohort"),
        ("n_review", "hr_primary", "", False, "unrelated"),
    ]
    table = audit.primary_vs_review(frame, pairs)
    assert table["review_converted"].tolist() == pytest.approx([1.65, 177, 177])
    assert table["agrees"].tolist() == [True, False, None]
    with pytest.raises(ValueError, match="unknown conversion"):
        audit.primary_vs_review(frame, [("n_review", "n_primary", "log", True, "")])


# ---------------------------------------------------------------------------
# The findings file
# ---------------------------------------------------------------------------

HEADER = "finding_id,section,ref,category,what,why,severity\n"
GOOD_ROW = 'f_one,3.3,55,arithmetic,"39 of 66 is not 59.0%","rounding",low\n'


def test_load_findings_reads_a_valid_file(tmp_path):
    path = write(tmp_path / "f.csv", HEADER + GOOD_ROW + 'f_two,2.3; 5,15; 67,reference_list,"w",  y  ,medium\n')
    frame = audit.load_findings(path)
    assert frame.index.tolist() == [2, 3]
    assert frame.loc[3, "refs"] == (15, 67)
    assert frame.loc[3, "why"] == "y"
    assert frame.loc[2, "refs"] == (55,)


@pytest.mark.parametrize(
    "row, expected",
    [
        ("f_x,3.3,55,typo,w,y,low\n", "line 3, column 'category'"),
        ("f_x,3.3,55,arithmetic,w,y,severe\n", "line 3, column 'severity'"),
        ("f_x,3.3,96,arithmetic,w,y,low\n", "line 3, column 'ref'"),
        ("f_x,chapter 3,,arithmetic,w,y,low\n", "line 3, column 'section'"),
        ("f_x,3.3,,arithmetic,,y,low\n", "line 3, column 'what': must not be empty"),
        ("f_one,3.3,,arithmetic,w,y,low\n", "line 3, column 'finding_id': must be unique"),
        ("F-x,3.3,,arithmetic,w,y,low\n", "line 3, column 'finding_id': does not match"),
        ("f_x,3.3,,arithmetic,w,y\n", "line 3: has 6 fields but the header has 7"),
    ],
)
def test_load_findings_names_file_line_column_and_rule(tmp_path, row, expected):
    path = write(tmp_path / "findings.csv", HEADER + GOOD_ROW + row)
    with pytest.raises(audit.AuditDataError) as err:
        audit.load_findings(path)
    assert f"findings.csv, {expected}" in str(err.value)


def test_load_findings_counts_lines_of_multiline_fields(tmp_path):
    path = write(tmp_path / "findings.csv", HEADER + 'f_a,3,,arithmetic,"two\nlines",y,low\nf_b,3,,typo,w,y,low\n')
    with pytest.raises(audit.AuditDataError, match="line 4, column 'category'"):
        audit.load_findings(path)


def test_load_findings_rejects_bad_files(tmp_path):
    with pytest.raises(audit.AuditDataError, match="file not found"):
        audit.load_findings(tmp_path / "none.csv")
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + (HEADER + GOOD_ROW).encode())
    with pytest.raises(audit.AuditDataError, match="line 1: starts with a UTF-8 byte-order mark"):
        audit.load_findings(bom)
    with pytest.raises(audit.AuditDataError, match="columns out of order"):
        audit.load_findings(write(tmp_path / "order.csv", "section,finding_id,ref,category,what,why,severity\n" + GOOD_ROW))
    with pytest.raises(audit.AuditDataError, match="no data rows"):
        audit.load_findings(write(tmp_path / "empty.csv", HEADER))
    latin = tmp_path / "latin.csv"
    latin.write_bytes((HEADER + GOOD_ROW).encode() + "f_b,3,,arithmetic,caf\xe9,y,low\n".encode("latin-1"))
    with pytest.raises(audit.AuditDataError, match="line 3: bytes that are not UTF-8"):
        audit.load_findings(latin)


# ---------------------------------------------------------------------------
# HTML table
# ---------------------------------------------------------------------------

def table_claims():
    return make_claims(
        {"claim_id": "b_pct", "section": "3.3", "ref": 55, "doi": "10.1/x", "key": "cho2022", "value": 59.0,
         "value_text": "59.0", "unit": "%", "setting": "retrospective cohort", "evidence_level": "clinical: observational",
         "quantity": "grade <3> share & more"},
        {"claim_id": "a_dose", "section": "5", "lower": 0.1, "upper": 1.0, "qualifier": "range", "unit": "Gy",
         "setting": "review", "evidence_level": "review", "ref": 71, "doi": "10.1/y", "key": "demaria2021"},
        {"claim_id": "c_trial", "section": "4.2", "source": "primary", "value": 713, "unit": "patients", "n": 713,
         "setting": "phase III trial", "doi": "10.1/z", "key": "antonia2017"},
    )


def test_evidence_table_html_is_self_contained_and_deterministic():
    first = audit.evidence_table_html(table_claims(), table_id="t1")
    assert first == audit.evidence_table_html(table_claims(), table_id="t1")
    assert first.count("<tr") == 4  # header + three rows
    assert first.startswith('<div id="t1"') and 'document.getElementById("t1")' in first
    assert '<a href="https://doi.org/10.1/x">cho2022 (ref 55)</a>' in first
    assert "0.1–1 Gy" in first and "59.0%" in first
    assert "grade &lt;3&gt; share &amp; more" in first  # text is escaped
    assert "<script src" not in first and "cdn" not in first.lower()
    assert re.findall(r'<option value="([^"]*)">', first)[:4] == ["", "3.3", "4.2", "5"]
    assert 'data-ref="not cited by the review"' in first
    # sections sort numerically: 3.3 before 4.2 before 5
    assert first.index("b_pct") < first.index("c_trial") < first.index("a_dose")


def test_evidence_table_html_rejects_bad_id():
    with pytest.raises(ValueError, match="table_id"):
        audit.evidence_table_html(table_claims(), table_id="1 bad id")


# ---------------------------------------------------------------------------
# The real data: the known findings
# ---------------------------------------------------------------------------

def test_real_duplicate_references_are_15_and_67():
    table = audit.duplicate_references()
    assert len(table) == 1 and set(table.loc[0, "refs"]) == {15, 67}


def test_real_percent_checks_find_the_cho_rounding_slip():
    table = audit.percent_count_checks().set_index("pct_id")
    for pct_id in ("lymphopenia_grade3_pct", "lymphopenia_recovered_pct"):
        assert table.loc[pct_id, "rounding_ns"] == ()
        assert table.loc[pct_id, "truncation_ns"] == (66,)
    assert table.loc["lymphopenia_persistent_pct", "rounding_ns"] == (66,)
    assert table.loc["cho2022_grade3_pct_primary", "stated_n"] == 66


def test_real_ordering_checks_fail_exactly_where_expected():
    table = audit.ordering_checks().set_index("check_id")
    assert set(table.index[~table["holds"]]) == {"ril_risk_grows_with_grade", "cho_outcomes_within_lymphopenic"}


def test_real_primary_pairs_agree_where_the_comparison_is_the_same():
    table = audit.primary_vs_review()
    same = table[table["same_comparison"]]
    assert same["agrees"].tolist() == [True] * len(same)
    assert table[~table["same_comparison"]]["agrees"].isna().all()


def test_real_findings_file_is_valid_and_rich_enough():
    findings = audit.load_findings()
    assert len(findings) >= 25
    assert set(findings["category"]) == set(audit.CATEGORIES)
    assert {15, 67} <= set().union(*findings["refs"])
