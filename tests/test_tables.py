"""The shared strict CSV reader behind every data loader."""
import pytest

from analysis.tables import DataFileError, read_csv_rows


def write(tmp_path, text: str, name="t.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_lines_are_counted_as_an_editor_counts_them_even_with_multiline_cells(tmp_path):
    path = write(tmp_path, 'a,b\n1,"two\nlines"\n\n3,4\n')
    _, rows = read_csv_rows(path, ["a", "b"])
    assert [(line, row["a"]) for line, row in rows] == [(2, "1"), (5, "3")]


def test_order_is_checked_only_when_asked(tmp_path):
    path = write(tmp_path, "b,a\n1,2\n")
    assert read_csv_rows(path, ["a", "b"])[1][0][1] == {"b": "1", "a": "2"}
    with pytest.raises(DataFileError, match="line 1: columns out of order"):
        read_csv_rows(path, ["a", "b"], ordered=True)


@pytest.mark.parametrize(
    "raw, message",
    [
        (b"", "file is empty"),
        (b"\xef\xbb\xbfa,b\n1,2\n", "line 1: starts with a UTF-8 byte-order mark"),
        (b"a,b\n1,2\n\xff,3\n", "line 3: bytes that are not UTF-8"),
        (b"a\n1\n", "line 1: missing column(s) 'b'"),
        (b"a,b,c\n1,2,3\n", "line 1: unexpected column(s) 'c'"),
        (b"a,b\n1,2,3\n", "line 2: has 3 fields but the header has 2"),
        (b"a,b\n", "has a header but no data rows"),
    ],
)
def test_malformed_files_name_the_file_line_and_rule(tmp_path, raw, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(raw)
    with pytest.raises(DataFileError) as caught:
        read_csv_rows(path, ["a", "b"])
    assert message in str(caught.value)
    assert "bad.csv" in str(caught.value)


def test_a_subclass_is_raised_when_given(tmp_path):
    class TableError(DataFileError):
        subject = "the test table"

    with pytest.raises(TableError, match="in the test table"):
        read_csv_rows(tmp_path / "missing.csv", ["a"], error=TableError)
