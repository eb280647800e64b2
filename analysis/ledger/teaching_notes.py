"""Teaching notes for the discussion blocks of the course plans (``instructor/teaching_notes.csv``).

For every class session (a ``plan`` and ``week`` of ``data/course_plan.csv``),
the prompts a teacher can put to the class and the points a good answer
makes. Like the answer key, the notes are for teachers: they live in the
repository's ``instructor/`` folder and reach the instructor edition
(``teaching_notes.md``), never the website, the data downloads or the wheel.

Columns, one row per prompt:

``plan``    a plan of the course plans (``4-weeks``, ``6-weeks``)
``week``    a week of that plan (1, 2, …)
``number``  the prompt's number within the session: 1, 2, … in order
``prompt``  the question put to the class, in the book's words
``points``  what a good answer says: 2–4 points, ``|``-separated

Every session of every plan has :data:`MIN_PROMPTS`–:data:`MAX_PROMPTS`
prompts, each with :data:`MIN_POINTS`–:data:`MAX_POINTS` points. The notes
add no number of their own: a figure stays in its chapter (a point may say
"chapter 3 works it through"); the only digits allowed are a chapter's or a
page's number after "chapter" and those inside names (CD8, PD-1, RTOG 0617).
:func:`load_teaching_notes` names file, line and column of any problem.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .. import ROOT
from ..tables import DataFileError, read_csv_rows
from .course_plan import load_course_plan

__all__ = ["NOTE_COLUMNS", "MIN_PROMPTS", "MAX_PROMPTS", "MIN_POINTS", "MAX_POINTS", "TeachingNotesError",
           "notes_path", "load_teaching_notes", "bare_numbers", "teaching_notes_markdown"]

NOTE_COLUMNS = ["plan", "week", "number", "prompt", "points"]
MIN_PROMPTS, MAX_PROMPTS = 2, 4
MIN_POINTS, MAX_POINTS = 2, 4
#: A number standing alone (not part of a name like CD8, PD-1, KEYNOTE-001 or α/β).
_NUMBER = re.compile(r"(?<![\w\-/⁺])\d+(?:[.,]\d+)?")
#: Where a bare number is allowed: a chapter's number, or a trial's name.
_ALLOWED_BEFORE = re.compile(r"(?:chapters?|Chapters?|RTOG) $")


class TeachingNotesError(DataFileError):
    """The teaching notes broke a rule; ``problems`` names file, line and column."""

    subject = "the teaching notes"


def notes_path() -> Path:
    """``instructor/teaching_notes.csv`` of the checkout (not part of the installed package)."""
    if ROOT is None:
        raise TeachingNotesError(["the teaching notes are not part of the installed package: they live in the "
                                  "repository's instructor folder and the instructor edition"])
    return ROOT / "instructor" / "teaching_notes.csv"


def bare_numbers(text: str) -> list[str]:
    """The numbers of ``text`` that stand alone, outside a chapter reference or a name."""
    return [match.group(0) for match in _NUMBER.finditer(text) if not _ALLOWED_BEFORE.search(text[:match.start()])]


def _check_row(where: str, row: dict[str, str], sessions: set[tuple[str, int]], problems: list[str]) -> None:
    for column in NOTE_COLUMNS:
        if not row[column].strip():
            problems.append(f"{where}, column '{column}': must not be empty")
    for column in ("week", "number"):
        if row[column].strip() and not (row[column].strip().isdigit() and int(row[column]) >= 1):
            problems.append(f"{where}, column '{column}': must be a whole number >= 1 (got {row[column]!r})")
    if row["plan"].strip() and row["week"].strip().isdigit() and (row["plan"].strip(), int(row["week"])) not in sessions:
        problems.append(f"{where}, columns 'plan', 'week': no session {row['plan'].strip()} week {row['week'].strip()} "
                        "in data/course_plan.csv")
    points = [point.strip() for point in row["points"].split("|")]
    if row["points"].strip() and (not MIN_POINTS <= len(points) <= MAX_POINTS or not all(points)):
        problems.append(f"{where}, column 'points': needs {MIN_POINTS}-{MAX_POINTS} non-empty points separated by '|' "
                        f"(got {len(points)})")
    for column in ("prompt", "points"):
        if numbers := bare_numbers(row[column]):
            problems.append(f"{where}, column '{column}': a number of its own ({', '.join(numbers)}); refer to the "
                            "chapter that states it instead")


def load_teaching_notes(path: Path | str | None = None, plan: pd.DataFrame | None = None) -> pd.DataFrame:
    """Read and validate the teaching notes against the course plans (``plan``: default ``load_course_plan()``).

    Returns one row per prompt with the file's columns (``week`` and
    ``number`` as integers, ``points`` as a list of strings). Raises
    :class:`TeachingNotesError` naming file, line and column on any problem,
    including a session of the plans without notes.
    """
    plan = load_course_plan() if plan is None else plan
    sessions = {(name, int(week)) for name, week in plan[["plan", "week"]].drop_duplicates().itertuples(index=False)}
    name, rows = read_csv_rows(notes_path() if path is None else path, NOTE_COLUMNS, error=TeachingNotesError, ordered=True)
    problems: list[str] = []
    records, numbers = [], {}
    for line, row in rows:
        where = f"{name}, line {line}"
        _check_row(where, row, sessions, problems)
        if not (row["week"].strip().isdigit() and row["number"].strip().isdigit()):
            continue
        session = (row["plan"].strip(), int(row["week"]))
        expected = numbers.get(session, 0) + 1
        if int(row["number"]) != expected:
            problems.append(f"{where}, column 'number': prompts of {session[0]} week {session[1]} are numbered "
                            f"1, 2, ... in order; expected {expected}, got {row['number'].strip()}")
        numbers[session] = int(row["number"])
        records.append({"plan": session[0], "week": session[1], "number": int(row["number"]),
                        "prompt": row["prompt"].strip(), "points": [point.strip() for point in row["points"].split("|")]})
    for session in sorted(sessions):
        count = numbers.get(session, 0)
        if not MIN_PROMPTS <= count <= MAX_PROMPTS:
            problems.append(f"{name}: {session[0]} week {session[1]} has {count} prompts; every session of the course "
                            f"plans needs {MIN_PROMPTS}-{MAX_PROMPTS}")
    if problems:
        raise TeachingNotesError(problems)
    return pd.DataFrame(records, columns=NOTE_COLUMNS)


def teaching_notes_markdown(notes: pd.DataFrame, plan: pd.DataFrame, version: str = "") -> str:
    """The notes as Markdown for the instructor edition: per plan and week, its theme, its class blocks, the prompts."""
    lines = [f"# Teaching notes for the discussion blocks{' — edition ' + version if version else ''}", "",
             "For teachers, not for students. For each class of the course guide's two plans: prompts to put to "
             "the class, and the points a good answer makes. The numbers stay in the chapters named.", ""]
    for name in dict.fromkeys(plan["plan"]):
        lines += [f"## Plan: {name}", ""]
        weeks = plan[plan["plan"] == name]
        for week in dict.fromkeys(weeks["week"]):
            items = weeks[weeks["week"] == week]
            title = items.loc[items["kind"] == "title", "text"]
            lines += [f"### Week {week}: {title.iloc[0] if len(title) else ''}".rstrip(": "), ""]
            lines += ["*In class:* " + "; ".join(f"{row.text} ({row.minutes:g} min)"
                                                  for row in items[items["kind"] == "class"].itertuples()), ""]
            for row in notes[(notes["plan"] == name) & (notes["week"] == int(week))].itertuples():
                lines += [f"{row.number}. **{row.prompt}**"] + [f"   - {point}" for point in row.points] + [""]
    return "\n".join(lines)
