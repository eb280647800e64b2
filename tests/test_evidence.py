"""The evidence ledger: the real data validate, and malformed files fail with clear messages."""
import shutil

import pytest

from analysis import DATA_DIR
from analysis.ledger import evidence
from analysis.ledger.evidence import CLAIM_COLUMNS, LedgerError, load_claims, load_references

HEADER = ",".join(CLAIM_COLUMNS)
GOOD_ROWS = [
    'sequencing_after_rt_os6,review,4.2,68,10.3390/cancers15174260,6-month overall survival,ICI after RT,94.7,,,,%,,proportion,retrospective cohort,The 6-month OS rate was 94.7%,',
    'liver_irae_hepatitis,review,3.2,35,10.1038/s41467-025-56537-y,hepatitis incidence,,,,15,<,%,,proportion,phase II trial,up to 15%,',
    'example_dose,review,5,71,DOI71,dose band,,,0.1,1,range,Gy,,dose,review,0.1–1 Gy,',
]


@pytest.fixture()
def ledger(tmp_path):
    """A small valid ledger beside a copy of the real reference list; returns a writer."""
    references = tmp_path / "references.csv"
    shutil.copy(DATA_DIR / "references.csv", references)
    doi_71 = load_references(references).set_index("ref").loc[71, "doi"]

    def write(rows=None, header=HEADER, raw=None):
        path = tmp_path / "claims.csv"
        if raw is not None:
            path.write_bytes(raw)
        else:
            lines = [header, *(rows if rows is not None else GOOD_ROWS)]
            path.write_text("\n".join(line.replace("DOI71", doi_71) for line in lines) + "\n", encoding="utf-8")
        return path, references

    return write


def problems_of(path, references):
    with pytest.raises(LedgerError) as caught:
        load_claims(path, references)
    return str(caught.value)


def test_real_ledger_and_references_validate():
    from analysis.validate import validate_all

    counts = validate_all()
    assert counts["references.csv"] >= 95
    assert counts["claims.csv"] > 100
    assert counts["extra_works.csv"] >= 1


def test_extra_works_loader_names_line_and_column(tmp_path):
    path = tmp_path / "extra_works.csv"
    path.write_text(",".join(evidence.EXTRA_WORK_COLUMNS) + "\n"
                    "Bad Key,A B; et al,T,J,2017,1,2,10.1/x\n"
                    "ok2017,A B,T,J,1700,1,2,not-a-doi\n", encoding="utf-8")
    with pytest.raises(LedgerError) as caught:
        evidence.load_extra_works(path)
    message = str(caught.value)
    assert "extra_works.csv, line 2, column 'key'" in message
    assert "extra_works.csv, line 3, column 'year'" in message
    assert "extra_works.csv, line 3, column 'doi'" in message


def test_extra_works_are_in_the_reference_list_without_a_number():
    extra = evidence.load_extra_works()
    refs = load_references().set_index("key")
    assert set(extra["key"]) <= set(refs.index)
    assert refs.loc[list(extra["key"]), "ref"].isna().all()
    assert extra.set_index("key")["authors"].map(len).min() >= 1


def test_real_references_cover_1_to_95_with_dois():
    refs = load_references()
    numbered = refs.dropna(subset=["ref"])
    assert sorted(numbered["ref"].astype(int)) == list(range(1, 96))
    assert numbered["doi"].str.match(r"^10\.\d{4,9}/\S+$").all()
    assert refs["key"].is_unique


def test_good_fixture_loads_with_lines_as_index(ledger):
    frame = load_claims(*ledger())
    assert list(frame.index) == [2, 3, 4]
    assert frame.loc[2, "key"] == "tanaka2023"
    assert frame.loc[2, "value_text"] == "94.7"


def test_claim_accessor_returns_value_text_and_citation():
    after = evidence.claim("sequencing_after_rt_os6")
    assert (after.value, after.unit, after.ref, after.key) == (94.7, "%", 68, "tanaka2023")
    assert after.text == "94.7%"
    assert after.cite == "{cite}`tanaka2023`"
    assert evidence.claim("sequencing_before_rt_os6").decimals == 1


def test_value_with_interval_keeps_the_reported_decimals():
    pooled = evidence.claim("damen2021_pooled_hr_primary")
    assert pooled.with_interval() == "1.65 (95% CI 1.43–1.90)"
    assert pooled.with_interval(label="") == "1.65 (1.43–1.90)"
    with pytest.raises(ValueError, match="no value with a two-sided interval"):
        evidence.claim("sequencing_after_rt_os6").with_interval()


def test_unknown_claim_id_suggests_close_ids():
    with pytest.raises(ValueError, match=r"claim_id 'sequencing_after_rt_os' .*did you mean sequencing_after_rt_os6"):
        evidence.claim("sequencing_after_rt_os")


def test_missing_column(ledger):
    header = HEADER.replace(",note", "")
    rows = [row.rsplit(",", 1)[0] for row in GOOD_ROWS]
    message = problems_of(*ledger(rows, header=header))
    assert "claims.csv, line 1: missing column(s) 'note'" in message


def test_unexpected_column(ledger):
    message = problems_of(*ledger([row + ",x" for row in GOOD_ROWS], header=HEADER + ",comment"))
    assert "line 1: unexpected column(s) 'comment'" in message


def test_wrong_type(ledger):
    rows = [GOOD_ROWS[0].replace(",94.7,", ",ninety,"), *GOOD_ROWS[1:]]
    message = problems_of(*ledger(rows))
    assert "line 2, column 'value': must be a number (got 'ninety')" in message


def test_percent_above_100(ledger):
    rows = [GOOD_ROWS[0].replace(",94.7,", ",194.7,"), *GOOD_ROWS[1:]]
    assert "line 2, column 'value': a percentage must lie within 0-100" in problems_of(*ledger(rows))


def test_lower_above_upper(ledger):
    rows = [*GOOD_ROWS[:2], GOOD_ROWS[2].replace(",0.1,1,", ",3,1,")]
    assert "line 4, column 'lower': must be <= upper" in problems_of(*ledger(rows))


def test_unknown_ref(ledger):
    rows = [GOOD_ROWS[0].replace(",68,", ",96,"), *GOOD_ROWS[1:]]
    message = problems_of(*ledger(rows))
    assert "line 2, column 'ref': must be a whole number from 1 to 95 (got '96')" in message


def test_doi_that_disagrees_with_its_ref(ledger):
    rows = [GOOD_ROWS[0].replace("10.3390/cancers15174260", "10.1038/s41467-025-56537-y"), *GOOD_ROWS[1:]]
    assert "line 2, column 'doi': disagrees with data/references.csv for this ref" in problems_of(*ledger(rows))


def test_duplicate_id(ledger):
    rows = [*GOOD_ROWS, GOOD_ROWS[1].replace(",15,<,", ",16,<,")]
    message = problems_of(*ledger(rows))
    assert "line 5, column 'claim_id': must be unique" in message


def test_duplicate_row_under_another_id(ledger):
    rows = [*GOOD_ROWS, GOOD_ROWS[1].replace("liver_irae_hepatitis", "liver_irae_hepatitis_again")]
    assert "duplicate row" in problems_of(*ledger(rows))


def test_empty_file(ledger):
    assert "claims.csv: file is empty" in problems_of(*ledger(raw=b""))


def test_header_without_rows(ledger):
    assert "has a header but no data rows" in problems_of(*ledger(rows=[]))


def test_byte_order_mark(ledger):
    path, references = ledger()
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert "line 1: starts with a UTF-8 byte-order mark" in problems_of(path, references)


def test_non_utf8_bytes_name_the_line(ledger):
    path, references = ledger()
    text = path.read_bytes().replace(b"hepatitis incidence", b"h\xe9patitis incidence")
    path.write_bytes(text)
    assert "claims.csv, line 3: bytes that are not UTF-8" in problems_of(path, references)


def test_ragged_row(ledger):
    rows = [GOOD_ROWS[0] + ",extra", *GOOD_ROWS[1:]]
    assert "line 2: has 18 fields but the header has 17" in problems_of(*ledger(rows))


def test_unknown_setting_and_negative_dose(ledger):
    rows = [
        GOOD_ROWS[0].replace("retrospective cohort", "hearsay"),
        GOOD_ROWS[1],
        GOOD_ROWS[2].replace(",0.1,1,", ",-0.1,1,"),
    ]
    message = problems_of(*ledger(rows))
    assert "line 2, column 'setting': is not one of mouse model, cell culture" in message and "(got 'hearsay')" in message
    assert "line 4, column 'lower': doses, durations and counts must be >= 0" in message


def test_review_row_without_source_text(ledger):
    rows = [GOOD_ROWS[0].replace("The 6-month OS rate was 94.7%", ""), *GOOD_ROWS[1:]]
    assert "column 'source_text': a review claim must quote the words" in problems_of(*ledger(rows))


def test_references_missing_a_number(tmp_path):
    source = (DATA_DIR / "references.csv").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "references.csv"
    path.write_text("\n".join(line for line in source if not line.startswith("42,")) + "\n", encoding="utf-8")
    with pytest.raises(LedgerError, match=r"review reference number\(s\) \[42\] have no row"):
        load_references(path)


def test_messages_are_not_pandas_tracebacks(ledger):
    rows = [GOOD_ROWS[0].replace(",94.7,", ",x,").replace(",68,", ",0,"), *GOOD_ROWS[1:]]
    message = problems_of(*ledger(rows))
    assert "Traceback" not in message and "pandera" not in message.lower()
    assert message.count("claims.csv, line 2") >= 2
