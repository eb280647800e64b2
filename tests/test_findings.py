"""analysis.ledger.findings: the curated findings file and the messages of its loader."""
import pytest

from analysis.ledger import findings as findings_module


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


HEADER = "finding_id,section,ref,category,what,why,severity\n"
GOOD_ROW = 'f_one,3.3,55,arithmetic,"39 of 66 is not 59.0%","rounding",low\n'


def test_load_findings_reads_a_valid_file(tmp_path):
    path = write(tmp_path / "f.csv", HEADER + GOOD_ROW + 'f_two,2.3; 5,15; 67,reference_list,"w",  y  ,medium\n')
    frame = findings_module.load_findings(path)
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
    with pytest.raises(findings_module.FindingsError) as err:
        findings_module.load_findings(path)
    assert f"findings.csv, {expected}" in str(err.value)


def test_load_findings_counts_lines_of_multiline_fields(tmp_path):
    path = write(tmp_path / "findings.csv", HEADER + 'f_a,3,,arithmetic,"two\nlines",y,low\nf_b,3,,typo,w,y,low\n')
    with pytest.raises(findings_module.FindingsError, match="line 4, column 'category'"):
        findings_module.load_findings(path)


def test_load_findings_rejects_bad_files(tmp_path):
    with pytest.raises(findings_module.FindingsError, match="file not found"):
        findings_module.load_findings(tmp_path / "none.csv")
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + (HEADER + GOOD_ROW).encode())
    with pytest.raises(findings_module.FindingsError, match="line 1: starts with a UTF-8 byte-order mark"):
        findings_module.load_findings(bom)
    with pytest.raises(findings_module.FindingsError, match="columns out of order"):
        findings_module.load_findings(write(tmp_path / "order.csv", "section,finding_id,ref,category,what,why,severity\n" + GOOD_ROW))
    with pytest.raises(findings_module.FindingsError, match="no data rows"):
        findings_module.load_findings(write(tmp_path / "empty.csv", HEADER))
    latin = tmp_path / "latin.csv"
    latin.write_bytes((HEADER + GOOD_ROW).encode() + "f_b,3,,arithmetic,caf\xe9,y,low\n".encode("latin-1"))
    with pytest.raises(findings_module.FindingsError, match="line 3: bytes that are not UTF-8"):
        findings_module.load_findings(latin)


def test_real_findings_file_is_valid_and_rich_enough():
    findings = findings_module.load_findings()
    assert len(findings) >= 25
    assert set(findings["category"]) == set(findings_module.CATEGORIES)
    assert {15, 67} <= set().union(*findings["refs"])
