"""Coverage of the review's numbers: the text rules, the derivation, and the committed data the book reads."""
import re

import pandas as pd
import pytest

from analysis.audit import coverage
from analysis.ledger import evidence
from analysis.ledger.review_text import body_lines, extract_numbers, line_sections, read_review

from .synthetic import make_claims, write

REVIEW = """Front matter 42 is not body
1 Introduction

Radiation helps CD8+ T cells (12, 13). In 39 patients (59.0%) grade 3 events occurred.
3.2 Combination of therapies
A mouse got 10 Gy and four injections every 3 days (Figure 2). The two were combined.
Funding
Funding (2024JH2/102600232).
References
1. Somebody 2020 99:1-10.
"""


@pytest.fixture
def body():
    return body_lines(REVIEW)


def no_exclusions():
    return pd.DataFrame(columns=coverage.EXCLUSION_COLUMNS)


def synthetic_claims():
    return make_claims(
        {"claim_id": "a_count", "source_text": "In 39 patients (59.0%)", "value": 39},
        {"claim_id": "b_dose", "source_text": "got 10 Gy", "value": 10},
        {"claim_id": "c_missing", "source_text": "words not in the text 77", "value": 77},
        {"claim_id": "d_primary", "source": "primary", "value": 3},
    )


# ---------------------------------------------------------------------------
# Reading the text (maintainers only)
# ---------------------------------------------------------------------------

def test_read_review_needs_an_existing_path(tmp_path):
    missing = tmp_path / "nowhere" / "review.txt"
    with pytest.raises(FileNotFoundError, match=re.escape(str(missing))):
        read_review(missing)
    with pytest.raises(ValueError, match="path"):
        read_review("")
    assert read_review(write(tmp_path / "r.txt", REVIEW)) == REVIEW


def test_body_runs_from_introduction_to_references(body):
    assert body[0] == (2, "1 Introduction")
    assert body[-1] == (8, "Funding (2024JH2/102600232).")
    assert all("Front matter" not in text and "Somebody" not in text for _, text in body)


def test_body_without_markers_is_a_value_error():
    with pytest.raises(ValueError, match="1 Introduction"):
        body_lines("no introduction here\nReferences\n")
    with pytest.raises(ValueError, match="References"):
        body_lines("1 Introduction\ntext 5\n")
    with pytest.raises(ValueError, match="text must be"):
        body_lines(None)


def test_line_sections_follow_headings_and_back_matter(body):
    sections = line_sections(body)
    assert [sections[n] for n in (2, 4, 5, 6, 7, 8)] == ["1", "1", "3.2", "3.2", "back matter", "back matter"]


def texts(line):
    return [hit.text for hit in extract_numbers(line)]


def test_extract_numbers_applies_every_rule():
    line = ("CD8+ T cells rose 5 to 8 days after PD-1 blockade (12, 13); grade 3 in 39 patients (59.0%) "
            "(Figure 2), fourfold with IL-6 and 3DCRT, one study, a ten-fold CV, stage III, (65–67), (1–5 Gy), p < 0.001.")
    assert texts(line) == ["5", "8", "39", "59.0", "fourfold", "ten-fold", "1", "5", "0.001"]


def test_extract_numbers_values_and_positions():
    hits = extract_numbers("about 2,027 patients and seven mice", line=7)
    assert [(h.text, h.value, h.line) for h in hits] == [("2,027", 2027.0, 7), ("seven", 7.0, 7)]
    assert "about 2,027 patients and seven mice"[hits[0].start:hits[0].end] == "2,027"


def test_heading_number_and_citation_outside_reference_range():
    assert texts("3.2 Combination of radiotherapy and immune checkpoint inhibitors") == []
    assert texts("FIGURE 4") == []
    assert texts("a value (96) is not a citation") == ["96"]
    assert texts("The 12 Gy dose was best.") == ["12"]  # a sentence, not a heading


def test_extract_numbers_rejects_non_text():
    with pytest.raises(ValueError, match="text"):
        extract_numbers(12)


# ---------------------------------------------------------------------------
# Deriving the committed tables
# ---------------------------------------------------------------------------

def test_derived_inventory_names_position_section_and_cover(body):
    exclusions = pd.DataFrame([["The two were combined", "two", "pronoun"]], columns=coverage.EXCLUSION_COLUMNS)
    table = coverage.derive_number_inventory(body, synthetic_claims(), exclusions)
    assert list(table.columns) == coverage.INVENTORY_COLUMNS
    rows = {(r.line, r.number): r for r in table.itertuples()}
    assert rows[(4, "39")].claim_ids == "a_count" and rows[(4, "39")].section == "1"
    assert rows[(6, "10")].claim_ids == "b_dose" and rows[(6, "10")].section == "3.2"
    assert rows[(6, "two")].exclusion == "The two were combined" and rows[(6, "two")].claim_ids == ""
    assert rows[(6, "four")].claim_ids == "" and rows[(6, "four")].exclusion == ""
    line6 = dict(body)[6]
    assert line6[rows[(6, "four")].start:rows[(6, "four")].end] == "four"
    assert rows[(8, "102600232")].section == "back matter"


def test_derivation_rejects_a_stale_exclusion(body):
    stale = pd.DataFrame([["not in the text at all 5", "5", "stale"]], columns=coverage.EXCLUSION_COLUMNS)
    with pytest.raises(ValueError, match="match no number"):
        coverage.derive_number_inventory(body, synthetic_claims(), stale)


def test_derived_locations_record_unfound_quotes_explicitly(body):
    table = coverage.derive_source_text_locations(body, synthetic_claims())
    assert list(table.columns) == coverage.LOCATION_COLUMNS
    missing = table[table["claim_id"] == "c_missing"]
    assert len(missing) == 1 and missing["line"].isna().all()
    found = table[table["claim_id"] == "b_dose"].iloc[0]
    assert (found["line"], found["quote_sha1"]) == (6, coverage.quote_fingerprint("got 10 Gy"))
    assert "d_primary" not in set(table["claim_id"])


def test_table_differences_name_the_rows(body):
    derived = coverage.derive_source_text_locations(body, synthetic_claims())
    assert coverage.table_differences("x", derived, derived.copy()) == []
    changed = derived.copy()
    changed.loc[changed["claim_id"] == "b_dose", "start"] = 99
    problems = coverage.table_differences("data/x.csv", changed, derived)
    assert problems[0].startswith("data/x.csv: 1 committed row(s) not derived, 1 derived row(s) not committed")
    assert any("b_dose" in line and "99" in line for line in problems)


# ---------------------------------------------------------------------------
# The checks the book runs on committed data
# ---------------------------------------------------------------------------

def committed(body, claims, exclusions):
    return {"inventory": coverage.derive_number_inventory(body, claims, exclusions),
            "locations": coverage.derive_source_text_locations(body, claims)}


def test_coverage_lists_exactly_the_uncovered_numbers(body):
    claims = synthetic_claims()
    result = coverage.coverage(claims, no_exclusions(), **committed(body, claims, no_exclusions()))
    assert result[["line", "number"]].values.tolist() == [[6, "four"], [6, "3"], [6, "two"], [8, "102600232"]]


def test_inventory_status_and_unlocated_quotes(body):
    claims = synthetic_claims()
    exclusions = pd.DataFrame([["The two were combined", "two", "pronoun"], ["(2024JH2/102600232)", "102600232", "grant"]],
                              columns=coverage.EXCLUSION_COLUMNS)
    data = committed(body, claims, exclusions)
    inventory = coverage.number_inventory(claims, exclusions, **data)
    assert inventory["status"].value_counts().to_dict() == {"covered": 3, "uncovered": 2, "excluded": 2}
    missing = coverage.unlocated_source_texts(claims, data["locations"])
    assert missing["claim_id"].tolist() == ["c_missing"]
    located = coverage.source_text_locations(claims, data["locations"]).set_index("claim_id")
    assert located.loc["b_dose", "lines"] == (6,)


def test_an_edited_quote_makes_the_committed_data_stale(body):
    claims = synthetic_claims()
    data = committed(body, claims, no_exclusions())
    edited = claims.copy()
    edited.loc[edited["claim_id"] == "b_dose", "source_text"] = "got 10 Gy once"
    with pytest.raises(coverage.CoverageDataError, match=r"source_text of 'b_dose' changed.*audit-source-update"):
        coverage.number_inventory(edited, no_exclusions(), **data)


def test_a_new_review_row_without_location_is_reported(body):
    claims = synthetic_claims()
    data = committed(body, claims, no_exclusions())
    grown = pd.concat([claims, make_claims({"claim_id": "e_new", "source_text": "four injections", "value": 4})])
    with pytest.raises(coverage.CoverageDataError, match="no row for the review claim 'e_new'"):
        coverage.coverage(grown, no_exclusions(), **data)


def test_a_removed_claim_or_exclusion_is_reported(body):
    claims = synthetic_claims()
    exclusions = pd.DataFrame([["The two were combined", "two", "pronoun"]], columns=coverage.EXCLUSION_COLUMNS)
    data = committed(body, claims, exclusions)
    with pytest.raises(coverage.CoverageDataError, match="'b_dose' is not a review row"):
        coverage.number_inventory(claims[claims["claim_id"] != "b_dose"], exclusions, **data)
    with pytest.raises(coverage.CoverageDataError, match="no row of data/coverage_exclusions.csv"):
        coverage.number_inventory(claims, no_exclusions(), **data)
    extra = pd.concat([exclusions, pd.DataFrame([["got 10 Gy", "10", "why"]], columns=coverage.EXCLUSION_COLUMNS)])
    with pytest.raises(coverage.CoverageDataError, match="covers no number of the inventory"):
        coverage.number_inventory(claims, extra, **data)


def test_coverage_rejects_a_frame_without_source_text():
    with pytest.raises(ValueError, match="source_text"):
        coverage.coverage(pd.DataFrame({"claim_id": ["x"], "source": ["review"]}), no_exclusions())


# ---------------------------------------------------------------------------
# Loaders: every problem names file, line and column
# ---------------------------------------------------------------------------

def test_exclusions_loader_checks_each_row(tmp_path):
    good = write(tmp_path / "ok.csv", 'line_fragment,number,reason\n"The two were combined",two,pronoun\n')
    assert coverage.load_coverage_exclusions(good)["number"].tolist() == ["two"]
    bad = write(tmp_path / "bad.csv", "line_fragment,number,reason\nThe two were combined,three,pronoun\nx 5,5,\n")
    with pytest.raises(coverage.CoverageDataError) as err:
        coverage.load_coverage_exclusions(bad)
    message = str(err.value)
    assert "bad.csv, line 2, column 'number'" in message
    assert "bad.csv, line 3, column 'reason': must not be empty" in message
    header = write(tmp_path / "header.csv", "fragment,number,reason\nx 5,5,r\n")
    with pytest.raises(coverage.CoverageDataError, match=r"header.csv, line 1: missing column\(s\) 'line_fragment'"):
        coverage.load_coverage_exclusions(header)


INVENTORY_HEADER = ",".join(coverage.INVENTORY_COLUMNS) + "\n"


@pytest.mark.parametrize("row, expected", [
    ("x,0,3,1,two,2.0,a,\n", "line 2, column 'line': must be a whole number >= 1"),
    ("5,0,3,1,two,many,a,\n", "line 2, column 'value': must be a number"),
    ("5,0,4,1,two,2.0,a,\n", "line 2, column 'end': end - start must equal the length"),
    ("5,0,3,1,two,2.0,a,the two\n", "line 2, column 'exclusion': a number covered by ledger rows needs no exclusion"),
    ("5,0,3,1,,2.0,a,\n", "line 2, column 'number': must not be empty"),
])
def test_inventory_loader_names_line_and_column(tmp_path, row, expected):
    path = write(tmp_path / "review_numbers.csv", INVENTORY_HEADER + row)
    with pytest.raises(coverage.CoverageDataError, match=re.escape(f"review_numbers.csv, {expected}")):
        coverage.load_number_inventory(path)


@pytest.mark.parametrize("row, expected", [
    ("a,xyz,1,0,3\n", "line 2, column 'quote_sha1': does not match the required pattern [0-9a-f]{12}"),
    ("a,0123456789ab,1,,3\n", "line 2, column 'start': line, start and end are all empty"),
    (",0123456789ab,1,0,3\n", "line 2, column 'claim_id': must not be empty"),
])
def test_locations_loader_names_line_and_column(tmp_path, row, expected):
    path = write(tmp_path / "source_text_locations.csv", ",".join(coverage.LOCATION_COLUMNS) + "\n" + row)
    with pytest.raises(coverage.CoverageDataError, match=re.escape(f"source_text_locations.csv, {expected}")):
        coverage.load_source_text_locations(path)


# ---------------------------------------------------------------------------
# The real data
# ---------------------------------------------------------------------------

def test_real_coverage_is_complete():
    assert coverage.unlocated_source_texts().empty
    assert coverage.coverage().empty, coverage.coverage().to_string()
    inventory = coverage.number_inventory()
    assert set(inventory["status"]) <= {"covered", "excluded"}
    assert (inventory["status"] == "excluded").sum() == len(coverage.load_coverage_exclusions())
    review_rows = evidence.claims().query("source == 'review'")
    assert len(coverage.source_text_locations()) == len(review_rows)
