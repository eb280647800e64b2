"""The question bank: a few questions per chapter, each keyed to one of its learning objectives.

The questions are public; their answers are not. Two sets of files:

``data/questions/<chapter file stem>.csv`` (e.g. ``04_cold_to_hot.csv``): the
questions, on the website, in the data downloads and inside the wheel:

``question_id``  unique across the bank, ``^[a-z][a-z0-9_]*$``
``objective``    the number of the chapter's learning objective it tests (1, 2, …)
``kind``         ``choice`` (multiple choice) or ``number`` (a numeric answer)
``question``     the question, in the book's words
``choices``      for ``choice``: the options, ``|``-separated, written ``a) …|b) …``; else empty
``unit``         ``number``: the answer's unit (``%``, ``Gy``, ``months``…), may be empty

``instructor/answers/<chapter file stem>.csv`` (the same stems): the answer key,
only in the repository (and so the source zip) and the instructor edition,
never on the website, in the data downloads or in the wheel:

``question_id``  a question of the bank file with the same stem, each exactly once
``answer``       ``choice``: the letter; ``number``: the value
``tolerance``    ``number``: the accepted absolute error (> 0); else empty
``claim_id``     optional: a ledger row whose value the answer must equal (tested);
                 kept here because it gives the answer away
``explanation``  one line: why the answer is right

:func:`load_questions` reads the questions and :func:`load_answer_key` the
questions joined with their answers; both name file, line and column of any
problem.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .. import DATA_DIR, ROOT
from ..schema import check_resource, field, field_names, resource_for_path
from ..tables import DataFileError, read_csv_rows
from .evidence import CLAIM_ID_PATTERN

__all__ = ["QUESTION_COLUMNS", "ANSWER_COLUMNS", "KINDS", "QuestionBankError", "questions_folder", "answers_folder",
           "load_questions_folder",
           "load_questions", "load_answers", "load_answer_key", "choice_letters"]

QUESTION_COLUMNS = list(field_names("questions_01_introduction"))
# The answers are not public: their columns are declared here, not in data/datapackage.json.
ANSWER_COLUMNS = ["question_id", "answer", "tolerance", "claim_id", "explanation"]
KINDS = tuple(field("questions_01_introduction", "kind")["constraints"]["enum"])
_ID = re.compile(CLAIM_ID_PATTERN)
_CHOICE = re.compile(r"^([a-h])\)\s+\S")


class QuestionBankError(DataFileError):
    """A question-bank file broke a rule; ``problems`` names file, line and column."""

    subject = "the question bank"


def questions_folder() -> Path:
    """The folder of the question-bank files (``data/questions``)."""
    return DATA_DIR / "questions"


def answers_folder() -> Path:
    """The folder of the answer key (``instructor/answers`` in a checkout of the repository).

    Raises :class:`QuestionBankError` when the package was installed from its
    wheel: the answers never travel with it.
    """
    if ROOT is None:
        raise QuestionBankError(["the answer key is not part of the installed package: it lives in the "
                                 "repository's instructor/answers folder and the instructor edition"])
    return ROOT / "instructor" / "answers"


def choice_letters(choices: str) -> list[str]:
    """The option letters of a ``choices`` cell: ``"a) yes|b) no"`` → ``["a", "b"]``."""
    return [match.group(1) for part in choices.split("|") if (match := _CHOICE.match(part.strip()))]


def _check_row(where: str, row: dict[str, str], problems: list[str]) -> None:
    """Rules joining a question's cells (each cell's own rules are its resource's in ``data/datapackage.json``)."""
    kind = row["kind"]
    if kind == "choice":
        letters = choice_letters(row["choices"])
        parts = [part for part in row["choices"].split("|") if part.strip()]
        if len(letters) < 2 or len(letters) != len(parts) or letters != sorted(set(letters)):
            problems.append(f"{where}, column 'choices': needs at least two options written 'a) ...|b) ...' in order")
        if row["unit"]:
            problems.append(f"{where}, column 'unit': only a 'number' question has a unit")
    if kind == "number" and row["choices"]:
        problems.append(f"{where}, column 'choices': a 'number' question has no choices")


def _question_resource(file: Path) -> str:
    """The resource of ``data/datapackage.json`` a bank file follows (every bank file has the same columns)."""
    try:
        return resource_for_path(f"questions/{file.name}")["name"]
    except KeyError:  # a file outside the book's bank (a test's): the schema of the first bank file
        return resource_for_path("questions/01_introduction.csv")["name"]


def _check_answer(where: str, row: dict[str, str], question: dict[str, str] | None, problems: list[str]) -> None:
    """One row of an answer file, against its question (``None``: no such question in the bank file)."""
    for column in ("question_id", "answer", "explanation"):
        if not row[column].strip():
            problems.append(f"{where}, column '{column}': must not be empty")
    if row["claim_id"].strip() and not _ID.match(row["claim_id"].strip()):
        problems.append(f"{where}, column 'claim_id': does not match {CLAIM_ID_PATTERN} (got {row['claim_id']!r})")
    if question is None:
        if row["question_id"].strip():
            problems.append(f"{where}, column 'question_id': {row['question_id'].strip()!r} is not a question of the "
                            "bank file with the same name in data/questions")
        return
    if question["kind"] == "choice":
        letters = choice_letters(question["choices"])
        if row["answer"].strip() and row["answer"].strip() not in letters:
            problems.append(f"{where}, column 'answer': must be one of the option letters {letters} (got {row['answer']!r})")
        if row["tolerance"].strip():
            problems.append(f"{where}, column 'tolerance': only a 'number' question has a tolerance")
    elif question["kind"] == "number":
        for column in ("answer", "tolerance"):
            try:
                value = float(row[column])
            except ValueError:
                problems.append(f"{where}, column '{column}': must be a number (got {row[column]!r})")
                continue
            if column == "tolerance" and not value > 0:
                problems.append(f"{where}, column 'tolerance': must be > 0 (got {row[column]!r})")


def load_questions(path: Path | str | None = None) -> pd.DataFrame:
    """Load and validate the question bank: every file of ``data/questions`` (or the one file ``path``).

    Each file is checked against its resource in ``data/datapackage.json``
    (the columns, ``question_id`` unique in its file, ``objective`` a whole
    number >= 1, ``kind`` ``choice`` or ``number``, …), then the rules
    joining cells. Returns one row per question with the columns of the
    files plus ``chapter`` (the file's stem, which is the chapter's file stem).
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
        name, rows, found = check_resource(_question_resource(file), file, error=QuestionBankError)
        problems += found
        for line, row in rows:
            where = f"{name}, line {line}"
            _check_row(where, row, problems)
            question_id = row["question_id"]
            if question_id in seen and not seen[question_id].startswith(f"{name}, "):
                problems.append(f"{where}, column 'question_id': {question_id!r} is also used in {seen[question_id]}")
            seen.setdefault(question_id, where)
            records.append({"chapter": file.stem, **row})
    if problems:
        raise QuestionBankError(problems)
    frame = pd.DataFrame(records, columns=["chapter", *QUESTION_COLUMNS])
    frame["objective"] = frame["objective"].astype(int)
    return frame


def load_answers(questions: Path | str | None = None, answers: Path | str | None = None) -> pd.DataFrame:
    """Load and validate the answer key against the bank.

    ``questions`` and ``answers`` are two folders (default: ``data/questions``
    and ``instructor/answers``). Every bank file needs an answer file of the
    same name, and every question exactly one answer row there. Returns one row
    per question with the columns :data:`ANSWER_COLUMNS` plus ``chapter``.
    Raises :class:`QuestionBankError` naming file, line and column on any problem.
    """
    question_dir = Path(questions) if questions is not None else questions_folder()
    answer_dir = Path(answers) if answers is not None else answers_folder()
    bank = load_questions_folder(question_dir)
    problems: list[str] = []
    records = []
    stems = sorted(set(bank["chapter"]))
    extra = sorted(path.name for path in answer_dir.glob("*.csv") if path.stem not in stems)
    problems += [f"{answer_dir / name}: answers to no bank file (no data/questions/{name})" for name in extra]
    for stem in stems:
        file = answer_dir / f"{stem}.csv"
        questions_here = {row["question_id"]: row for row in bank[bank["chapter"] == stem].to_dict("records")}
        if not file.is_file():
            problems.append(f"{file}: file not found (the answers to data/questions/{stem}.csv)")
            continue
        name, rows = read_csv_rows(file, ANSWER_COLUMNS, error=QuestionBankError, ordered=True)
        answered: dict[str, int] = {}
        for line, row in rows:
            where = f"{name}, line {line}"
            question_id = row["question_id"].strip()
            _check_answer(where, row, questions_here.get(question_id), problems)
            if question_id in answered:
                problems.append(f"{where}, column 'question_id': {question_id!r} is already answered on line {answered[question_id]}")
            answered.setdefault(question_id, line)
            records.append({"chapter": stem, **{column: row[column].strip() for column in ANSWER_COLUMNS}})
        problems += [f"{name}: no answer to the question {question_id!r} of data/questions/{stem}.csv"
                     for question_id in questions_here if question_id not in answered]
    if problems:
        raise QuestionBankError(problems)
    return pd.DataFrame(records, columns=["chapter", *ANSWER_COLUMNS])


def load_questions_folder(folder: Path | str) -> pd.DataFrame:
    """:func:`load_questions` over every ``*.csv`` of ``folder`` (ids unique across them)."""
    files = sorted(Path(folder).glob("*.csv"))
    if not files:
        raise QuestionBankError([f"{folder}: no question-bank file (*.csv)"])
    frames = [load_questions(file) for file in files]
    frame = pd.concat(frames, ignore_index=True)
    repeated = sorted(frame.loc[frame["question_id"].duplicated(), "question_id"])
    if repeated:
        raise QuestionBankError([f"{folder}: question_id used in two files: {', '.join(repeated)}"])
    return frame


def load_answer_key(questions: Path | str | None = None, answers: Path | str | None = None) -> pd.DataFrame:
    """The bank with its answers: the columns of :func:`load_questions` and of :func:`load_answers`.

    Only a checkout of the repository has the answers (see :func:`answers_folder`).
    """
    question_dir = Path(questions) if questions is not None else questions_folder()
    bank = load_questions_folder(question_dir)
    answers = load_answers(question_dir, answers).drop(columns="chapter")
    return bank.merge(answers, on="question_id", how="left", validate="one_to_one")
