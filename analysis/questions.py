"""The question bank: a few questions per chapter, each keyed to one of its learning objectives.

One file per chapter, ``data/questions/<chapter file stem>.csv`` (e.g.
``04_cold_to_hot.csv``), columns:

``question_id``  unique across the bank, ``^[a-z][a-z0-9_]*$``
``objective``    the number of the chapter's learning objective it tests (1, 2, …)
``kind``         ``choice`` (multiple choice) or ``number`` (a numeric answer)
``question``     the question, in the book's words
``choices``      for ``choice``: the options, ``|``-separated, written ``a) …|b) …``
``answer``       ``choice``: the letter; ``number``: the value
``tolerance``    ``number``: the accepted absolute error (> 0); else empty
``unit``         ``number``: the answer's unit (``%``, ``Gy``, ``months``…), may be empty
``claim_id``     optional: a ledger row whose value the answer must equal (tested)
``explanation``  one line: why the answer is right

:func:`load_questions` reads every file (or one) and names file, line and
column of any problem. The answers are shown only in the instructor edition's
answer key; the website's question-bank page shows the questions.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from . import DATA_DIR
from .evidence import CLAIM_ID_PATTERN
from .tables import DataFileError, read_csv_rows

__all__ = ["QUESTION_COLUMNS", "KINDS", "QuestionBankError", "questions_folder", "load_questions", "choice_letters"]

QUESTION_COLUMNS = ["question_id", "objective", "kind", "question", "choices", "answer", "tolerance", "unit",
                    "claim_id", "explanation"]
KINDS = ("choice", "number")
_ID = re.compile(CLAIM_ID_PATTERN)
_CHOICE = re.compile(r"^([a-h])\)\s+\S")


class QuestionBankError(DataFileError):
    """A question-bank file broke a rule; ``problems`` names file, line and column."""

    subject = "the question bank"


def questions_folder() -> Path:
    """The folder of the question-bank files (``data/questions``)."""
    return DATA_DIR / "questions"


def choice_letters(choices: str) -> list[str]:
    """The option letters of a ``choices`` cell: ``"a) yes|b) no"`` → ``["a", "b"]``."""
    return [match.group(1) for part in choices.split("|") if (match := _CHOICE.match(part.strip()))]


def _check_row(where: str, row: dict[str, str], problems: list[str]) -> None:
    for column in ("question_id", "objective", "kind", "question", "answer", "explanation"):
        if not row[column].strip():
            problems.append(f"{where}, column '{column}': must not be empty")
    if row["question_id"].strip() and not _ID.match(row["question_id"].strip()):
        problems.append(f"{where}, column 'question_id': does not match {CLAIM_ID_PATTERN} (got {row['question_id']!r})")
    if row["objective"].strip() and not (row["objective"].strip().isdigit() and int(row["objective"]) >= 1):
        problems.append(f"{where}, column 'objective': must be a learning objective's number (1, 2, ...), got {row['objective']!r}")
    kind = row["kind"].strip()
    if kind and kind not in KINDS:
        problems.append(f"{where}, column 'kind': is not one of {', '.join(KINDS)} (got {kind!r})")
    if kind == "choice":
        letters = choice_letters(row["choices"])
        parts = [part for part in row["choices"].split("|") if part.strip()]
        if len(letters) < 2 or len(letters) != len(parts) or letters != sorted(set(letters)):
            problems.append(f"{where}, column 'choices': needs at least two options written 'a) ...|b) ...' in order")
        if row["answer"].strip() and row["answer"].strip() not in letters:
            problems.append(f"{where}, column 'answer': must be one of the option letters {letters} (got {row['answer']!r})")
        if row["tolerance"].strip():
            problems.append(f"{where}, column 'tolerance': only a 'number' question has a tolerance")
    if kind == "number":
        if row["choices"].strip():
            problems.append(f"{where}, column 'choices': a 'number' question has no choices")
        for column in ("answer", "tolerance"):
            try:
                value = float(row[column])
            except ValueError:
                problems.append(f"{where}, column '{column}': must be a number (got {row[column]!r})")
                continue
            if column == "tolerance" and not value > 0:
                problems.append(f"{where}, column 'tolerance': must be > 0 (got {row[column]!r})")
    if row["claim_id"].strip() and not _ID.match(row["claim_id"].strip()):
        problems.append(f"{where}, column 'claim_id': does not match {CLAIM_ID_PATTERN} (got {row['claim_id']!r})")


def load_questions(path: Path | str | None = None) -> pd.DataFrame:
    """Load and validate the question bank: every file of ``data/questions`` (or the one file ``path``).

    Returns one row per question with the columns of the files plus
    ``chapter`` (the file's stem, which is the chapter's file stem).
    Raises :class:`QuestionBankError` naming file, line and column on any
    problem, including a ``question_id`` used twice anywhere in the bank.
    """
    files = [Path(path)] if path is not None else sorted(questions_folder().glob("*.csv"))
    if not files:
        raise QuestionBankError([f"{questions_folder()}: no question-bank file (*.csv)"])
    problems: list[str] = []
    records = []
    seen: dict[str, str] = {}
    for file in files:
        name, rows = read_csv_rows(file, QUESTION_COLUMNS, error=QuestionBankError, ordered=True)
        for line, row in rows:
            where = f"{name}, line {line}"
            _check_row(where, row, problems)
            question_id = row["question_id"].strip()
            if question_id in seen:
                problems.append(f"{where}, column 'question_id': {question_id!r} is also used in {seen[question_id]}")
            seen.setdefault(question_id, where)
            records.append({"chapter": file.stem, **{column: row[column].strip() for column in QUESTION_COLUMNS}})
    if problems:
        raise QuestionBankError(problems)
    frame = pd.DataFrame(records, columns=["chapter", *QUESTION_COLUMNS])
    frame["objective"] = frame["objective"].astype(int)
    return frame
