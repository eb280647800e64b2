"""Strict reading of the book's small CSV files, with errors a person can act on.

Every data file in ``data/`` is read through :func:`read_csv_rows`, which
checks the bytes (not empty, no byte-order mark, UTF-8), the header (no
missing or unexpected column, optionally the order) and the number of fields
on every line, and reports problems as ``"<file>, line <n>: <rule>"`` with
lines counted as a text editor counts them (header = line 1).
:func:`analysis.schema.check_resource` then checks each column against the
file's Table Schema in ``data/datapackage.json``; the loaders keep only the
rules that join cells, rows or files.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from . import DATA_DIR

__all__ = ["DataFileError", "display_path", "read_csv_rows", "text_or_blank"]


class DataFileError(ValueError):
    """A data file broke a rule. ``problems`` lists every finding, one line each."""

    subject = "the data"

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        shown = self.problems[:25]
        more = len(self.problems) - len(shown)
        text = "\n  ".join(shown) + (f"\n  ... and {more} more" if more > 0 else "")
        super().__init__(f"{len(self.problems)} problem(s) in {self.subject}:\n  {text}")


def display_path(path: Path) -> str:
    """``path`` as ``data/claims.csv`` when it is one of the book's data files, or as given if it lies elsewhere."""
    try:
        return str(Path("data") / Path(path).resolve().relative_to(DATA_DIR.resolve()))
    except ValueError:
        return str(path)


def read_csv_rows(
    path: Path | str,
    columns: list[str] | tuple[str, ...],
    *,
    error: type[DataFileError] = DataFileError,
    ordered: bool = False,
) -> tuple[str, list[tuple[int, dict[str, str]]]]:
    """Read a CSV file into ``(line, {column: text})`` pairs after checking bytes, header and field counts.

    Parameters
    ----------
    path : str or Path
        The file (UTF-8 without byte-order mark, comma-separated, header row).
    columns : sequence of str
        The columns the file must have (no more, no fewer).
    error : DataFileError subclass
        The exception raised, so each loader reports in its own words.
    ordered : bool
        Also require the columns in exactly this order.

    Returns
    -------
    (name, rows)
        ``name`` is the path as shown in messages; ``rows`` holds each non-empty
        data line's number (header = line 1) and its cells as raw strings.
    """
    path = Path(path)
    name = display_path(path)
    expected = list(columns)
    if not path.is_file():
        raise error([f"{name}: file not found"])
    raw = path.read_bytes()
    if not raw.strip():
        raise error([f"{name}: file is empty (expected a header row: {','.join(expected)})"])
    if raw.startswith(b"\xef\xbb\xbf"):
        raise error([f"{name}, line 1: starts with a UTF-8 byte-order mark (BOM); save the file as UTF-8 without BOM"])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise error([f"{name}, line {line}: bytes that are not UTF-8 ({raw[err.start:err.start + 1]!r} at byte {err.start}); save the file as UTF-8"]) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [cell.strip() for cell in next(reader)]
        records = []
        previous_end = 1
        for fields in reader:
            # A quoted cell may span lines: a record starts on the line after the previous one ended.
            records.append((previous_end + 1, fields))
            previous_end = reader.line_num
    except csv.Error as err:
        raise error([f"{name}, line {reader.line_num}: not valid CSV ({err})"]) from None

    problems = []
    missing = [column for column in expected if column not in header]
    unexpected = [column for column in header if column not in expected]
    if missing:
        problems.append(f"{name}, line 1: missing column(s) {', '.join(repr(c) for c in missing)}")
    if unexpected:
        problems.append(f"{name}, line 1: unexpected column(s) {', '.join(repr(c) for c in unexpected)} (allowed: {', '.join(expected)})")
    if not problems and ordered and header != expected:
        problems.append(f"{name}, line 1: columns out of order (expected: {','.join(expected)})")
    if problems:
        raise error(problems)

    rows = []
    for line, fields in records:
        if not any(cell.strip() for cell in fields):
            continue
        if len(fields) != len(header):
            problems.append(f"{name}, line {line}: has {len(fields)} fields but the header has {len(header)}")
            continue
        rows.append((line, dict(zip(header, fields))))
    if problems:
        raise error(problems)
    if not rows:
        raise error([f"{name}: has a header but no data rows"])
    return name, rows


def text_or_blank(value) -> str:
    """A cell as text: ``""`` for ``None``, NaN or ``pd.NA``, else ``str(value)``."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)
