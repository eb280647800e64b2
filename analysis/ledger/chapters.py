"""The book's pages: chapter numbers, labels, files, short names and the review sections each covers.

The map is data (``data/chapters.csv``, declared in ``data/datapackage.json``): numbered chapters
1, 2, … N (today chapters 1–9 follow the review's sections 1–9; a new numbered chapter is a new row,
with or without review sections of its own), and the appendices, the glossary and the
course guide have a label but no number. :func:`load_chapters` reads and
validates it; the other functions answer the questions the chapters ask of it:

* :func:`chapter_labels`, :func:`short_names` — number → label / short name;
* :func:`allowed_labels` — every label a table may point to;
* :func:`review_sections` — the review's numbered sections, in order;
* :func:`chapter_for_section` — which chapter covers review section ``"4.2"``.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .. import ROOT
from ..schema import check_resource, field_names
from ..tables import DataFileError
from .evidence import SECTION_PATTERN

__all__ = [
    "CHAPTER_COLUMNS", "ChaptersError", "load_chapters", "chapter_labels", "short_names", "allowed_labels",
    "review_sections", "chapter_for_section", "study_time", "prerequisites",
]

#: Columns of ``data/chapters.csv``, in this order.
CHAPTER_COLUMNS: tuple[str, ...] = field_names("chapters")
_SECTION = re.compile(SECTION_PATTERN)


class ChaptersError(DataFileError):
    """``data/chapters.csv`` broke a rule; ``problems`` names file, line, column and rule."""

    subject = "the chapter map"


def load_chapters(path: str | Path | None = None, *, root: Path | None = ROOT) -> pd.DataFrame:
    """Read and validate the chapter map (default ``data/chapters.csv``).

    The columns' types and constraints are the ``chapters`` resource of
    ``data/datapackage.json`` (``number`` empty or 1–9 and unique, ``label``
    and ``file`` unique, study times whole minutes > 0 …). The rules across
    cells, rows and files are here: the chapters are numbered 1, 2, … without a
    gap; ``file`` exists under ``root`` (checked only in a checkout of the
    repository); ``review_sections`` lists the review sections a numbered
    chapter covers (``2.1;2.2;2.3``; may be empty for a chapter the review has
    no section for), each listed once in the file and, read chapter by
    chapter, in the review's order; it is empty for a page without a number;
    ``reading_minutes`` and ``exercise_minutes`` (the study time, whole
    minutes) are both given or neither; ``prerequisites`` names labels of the
    file (``;``-joined), no page its own prerequisite, no circle.

    Returns one row per page, indexed by file line, with ``number`` and the
    study times as nullable integers, ``review_sections`` and
    ``prerequisites`` as tuples of strings. Raises :class:`ChaptersError`
    naming file, line, column and rule.
    """
    name, rows, problems = check_resource("chapters", path, error=ChaptersError)
    records = []
    seen: dict[str, int] = {}
    numbers = set()
    for line, cells in rows:
        problems += _row_problems(f"{name}, line {line}", cells, root)
        numbers.add(cells["number"])
        sections = tuple(part.strip() for part in cells["review_sections"].split(";") if part.strip())
        for section in sections:
            if section in seen:
                problems.append(f"{name}, line {line}, column 'review_sections': {section!r} is also on line {seen[section]}")
            seen.setdefault(section, line)
        records.append({**cells, "number": int(cells["number"]) if cells["number"].isdigit() else pd.NA,
                        "review_sections": sections,
                        "reading_minutes": int(cells["reading_minutes"]) if cells["reading_minutes"].isdigit() else pd.NA,
                        "exercise_minutes": int(cells["exercise_minutes"]) if cells["exercise_minutes"].isdigit() else pd.NA,
                        "prerequisites": tuple(part.strip() for part in cells["prerequisites"].split(";") if part.strip())})
    numbered = sorted(int(number) for number in numbers if number.isdigit())
    missing = [n for n in range(1, (max(numbered) if numbered else 0) + 1) if n not in numbered]
    if not numbered:
        problems.append(f"{name}, column 'number': no numbered chapter (number the chapters 1, 2, …)")
    elif missing:
        problems.append(f"{name}, column 'number': chapter number(s) {missing} have no row (number the chapters 1, 2, … without a gap)")
    problems += _section_order_problems(name, records, [line for line, _ in rows])
    problems += _prerequisite_problems(name, records, [line for line, _ in rows])
    if problems:
        raise ChaptersError(problems)
    frame = pd.DataFrame(records, columns=list(CHAPTER_COLUMNS), index=[line for line, _ in rows])
    for column in ("number", "reading_minutes", "exercise_minutes"):
        frame[column] = frame[column].astype("Int64")
    return frame


def _section_key(section: str) -> tuple[int, ...]:
    return tuple(int(part) for part in section.split("."))


def _section_order_problems(name: str, records: list[dict], lines: list[int]) -> list[str]:
    """Read chapter by chapter, the review sections must come in the review's order (``review_sections()`` relies on it)."""
    order = sorted((record["number"], line, record["review_sections"]) for line, record in zip(lines, records)
                   if record["number"] is not pd.NA and all(_SECTION.match(s) for s in record["review_sections"]))
    problems, previous = [], None
    for _, line, sections in order:
        for section in sections:
            if previous is not None and _section_key(section) <= _section_key(previous):
                problems.append(f"{name}, line {line}, column 'review_sections': {section!r} comes after {previous!r} "
                                "in an earlier chapter (the chapters follow the review's order)")
            previous = section
    return problems


def _prerequisite_problems(name: str, records: list[dict], lines: list[int]) -> list[str]:
    labels = {record["label"] for record in records}
    problems = []
    requires = {record["label"]: record["prerequisites"] for record in records}
    for line, record in zip(lines, records):
        for label in record["prerequisites"]:
            if label not in labels:
                problems.append(f"{name}, line {line}, column 'prerequisites': {label!r} is not a label of this file")
            elif label == record["label"]:
                problems.append(f"{name}, line {line}, column 'prerequisites': a page cannot require itself")
    visiting, done = set(), set()

    def visit(label: str, path: tuple[str, ...]) -> None:
        if label in done or label not in requires:
            return
        if label in visiting:
            problems.append(f"{name}, column 'prerequisites': a circle of prerequisites: {' -> '.join(path + (label,))}")
            return
        visiting.add(label)
        for required in requires[label]:
            visit(required, path + (label,))
        visiting.discard(label)
        done.add(label)

    for label in requires:
        visit(label, ())
    return problems


def _row_problems(where: str, cells: dict[str, str], root: Path | None) -> list[str]:
    """The rules of one row that join its cells or reach outside the file (the schema checks each cell)."""
    problems = []
    number = cells["number"]
    if cells["file"].endswith(".md") and root is not None and not (root / cells["file"]).is_file():
        problems.append(f"{where}, column 'file': no such page {cells['file']!r}")
    sections = [part.strip() for part in cells["review_sections"].split(";") if part.strip()]
    if not number and sections:
        problems.append(f"{where}, column 'review_sections': only a numbered chapter covers review sections")
    if bool(cells["reading_minutes"]) != bool(cells["exercise_minutes"]):
        problems.append(f"{where}, column 'exercise_minutes': give both study times or neither")
    for section in sections:
        if not _SECTION.match(section):
            problems.append(f"{where}, column 'review_sections': {section!r} is not a section of the review "
                            "(sections look like 2.1; several joined by ';')")
    return problems


@lru_cache(maxsize=1)
def _chapters() -> pd.DataFrame:
    return load_chapters()


def _numbered() -> pd.DataFrame:
    table = _chapters()
    return table[table["number"].notna()].sort_values("number")


def chapter_labels() -> dict[int, str]:
    """Chapter number (1, 2, …) → its cross-reference label, e.g. ``4`` → ``"chapter-cold-to-hot"``."""
    return {int(n): label for n, label in zip(_numbered()["number"], _numbered()["label"])}


def short_names() -> dict[int, str]:
    """Chapter number (1, 2, …) → a short name for figure axes and tables, e.g. ``5`` → ``"Dose"``."""
    return {int(n): name for n, name in zip(_numbered()["number"], _numbered()["short_name"])}


def allowed_labels() -> frozenset[str]:
    """Every label of the book's pages (chapters, appendices, glossary, course guide)."""
    return frozenset(_chapters()["label"])


def review_sections() -> tuple[str, ...]:
    """The review's numbered sections, in order (``"1"``, ``"2.1"``, …, ``"9"``), as the chapters cover them."""
    return tuple(section for sections in _numbered()["review_sections"] for section in sections)


def chapter_for_section(section) -> int:
    """Book chapter that covers a review section such as ``"2.3"`` or ``"5"``, read from ``review_sections``.

    A section listed by a chapter goes to that chapter; a section no chapter
    lists goes with the first chapter that covers its top-level section
    (``"3"`` → the chapter listing ``3.1``). Raises ``ValueError`` naming
    ``section`` if it is not a section number of the review (``"N"`` or
    ``"N.M"`` with digits 1–9) or no chapter covers it.
    """
    if isinstance(section, bool) or not isinstance(section, (str, int)) or not _SECTION.match(str(section).strip()):
        raise ValueError(f"section must be a review section such as '2.3' or '5', got {section!r}")
    section = str(section).strip()
    listed: dict[str, int] = {}
    top_level: dict[str, int] = {}
    for number, sections in zip(_numbered()["number"], _numbered()["review_sections"]):
        for covered in sections:
            listed[covered] = int(number)
            top_level.setdefault(covered.split(".")[0], int(number))
    chapter = listed.get(section, top_level.get(section.split(".")[0]))
    if chapter is None:
        raise ValueError(f"section {section!r}: no chapter of data/chapters.csv covers it (column 'review_sections')")
    return chapter


def study_time(label: str) -> tuple[int, int]:
    """Minutes of reading and of exercises the page ``label`` takes, e.g. ``(40, 20)``.

    Raises ``ValueError`` naming ``label`` if it is not a page of the chapter
    map or the map gives it no study time.
    """
    table = _chapters().set_index("label")
    if label not in table.index:
        raise ValueError(f"label {label!r} is not a page of data/chapters.csv")
    row = table.loc[label]
    if pd.isna(row["reading_minutes"]):
        raise ValueError(f"label {label!r} has no study time in data/chapters.csv")
    return int(row["reading_minutes"]), int(row["exercise_minutes"])


def prerequisites() -> dict[str, tuple[str, ...]]:
    """Every page's label → the labels of the pages to read before it (empty tuple for none)."""
    table = _chapters()
    return dict(zip(table["label"], table["prerequisites"]))
