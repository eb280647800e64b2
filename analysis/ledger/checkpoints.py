"""The immune-checkpoint table of review section 3.1: load and validate ``data/checkpoints.csv``.

One row per checkpoint pair the review names (PD-1/PD-L1, CTLA-4/CD80-CD86,
LAG-3/MHC class II, TIM-3/galectin-9, TIGIT/CD155), with the cells the review
places them on, example drugs, the review reference that supports the row,
the section it sits in, and a note. The table holds no numbers, so it lives
outside the evidence ledger; its rules are:

* the columns, their types and constraints are the ``checkpoints`` resource
  of ``data/datapackage.json`` (``checkpoint`` unique; ``ligand``,
  ``cell_types``, ``ref``, ``section`` and ``note`` never empty; ``ref`` 1–95;
  ``section`` like ``3.1``);
* ``ref`` is present in ``data/references.csv``;
* ``example_drugs`` is empty or a ``;``-separated list, and the ``note`` must
  say where each listed drug comes from: every drug name appears in the note,
  which contains a ``Drugs:`` statement (named by the review, or a widely
  known approved drug the review does not name). An empty ``example_drugs``
  still needs the ``Drugs:`` statement saying why none is listed.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..schema import check_resource, field_names
from ..tables import DataFileError
from .evidence import N_REFERENCES

__all__ = ["CHECKPOINT_COLUMNS", "CheckpointsError", "load_checkpoints", "drug_list", "checkpoint_markdown"]

#: Columns of ``data/checkpoints.csv``, in this order.
CHECKPOINT_COLUMNS: tuple[str, ...] = field_names("checkpoints")


class CheckpointsError(DataFileError):
    """``data/checkpoints.csv`` broke a rule; ``problems`` names file, line, column and rule."""

    subject = "the checkpoint table"


def drug_list(text) -> list[str]:
    """Split an ``example_drugs`` cell (``"nivolumab; durvalumab"``) into names; empty cell → ``[]``."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return []
    if not isinstance(text, str):
        raise ValueError(f"text must be a string of ';'-separated drug names, got {text!r}")
    return [name.strip() for name in text.split(";") if name.strip()]


def load_checkpoints(path: str | Path | None = None, references_path: str | Path | None = None) -> pd.DataFrame:
    """Read and validate the checkpoint table.

    Parameters
    ----------
    path : str or Path, optional
        The CSV file (UTF-8); default ``data/checkpoints.csv``.
    references_path : str or Path, optional
        The reference list used to check ``ref`` and add BibTeX keys;
        default ``data/references.csv``.

    Returns
    -------
    pandas.DataFrame
        The rows in file order, ``ref`` as int, plus ``key`` (BibTeX key of
        ``ref``) and ``drugs`` (list of drug names).

    Raises
    ------
    ValueError
        Naming the file, the line (header = line 1) and the column of the first
        problems found: missing file, wrong header, wrong field count, empty
        required cell, duplicate checkpoint, bad ``ref`` or ``section``, or a
        drug whose source the note does not state.
    """
    from .evidence import load_references

    name, rows, problems = check_resource("checkpoints", path, error=CheckpointsError)
    references = load_references(references_path)
    keys = {int(r): k for r, k in zip(references["ref"], references["key"]) if pd.notna(r)}
    records = []
    for line, record in rows:
        if record["ref"].isdigit() and 1 <= int(record["ref"]) <= N_REFERENCES and int(record["ref"]) not in keys:
            problems.append(f"{name}, line {line}, column 'ref': {record['ref']!r} is not a review reference number in references.csv")
        drugs = drug_list(record["example_drugs"])
        note = record["note"]
        if note and "Drugs:" not in note:
            problems.append(f"{name}, line {line}, column 'note': must contain a 'Drugs:' statement saying where the example drugs come from")
        for drug in drugs:
            if note and drug.lower() not in note.lower():
                problems.append(f"{name}, line {line}, column 'example_drugs': the note does not say where {drug!r} comes from")
        record["drugs"] = drugs
        records.append(record)
    if problems:
        raise CheckpointsError(problems)
    frame = pd.DataFrame(records)
    frame["ref"] = frame["ref"].astype(int)
    frame["key"] = frame["ref"].map(keys)
    return frame


def _drug_source(note: str) -> str:
    """The 'Drugs:' statement of a note (where the example drugs come from)."""
    return note.split("Drugs:", 1)[1].strip()


def _other_note(note: str) -> str:
    return note.split("Drugs:", 1)[0].strip() or "—"


def checkpoint_markdown(frame: pd.DataFrame) -> str:
    """The checkpoint table as chapter 3 shows it, as MyST Markdown for ``{glue:md}``: a narrow table, then the notes.

    The table keeps what a reader compares across rows in four columns
    (checkpoint, ligand(s), where the review places them, example drugs); the
    long text — each row's note, where its drugs come from, and its review
    reference — follows as one bullet per checkpoint, so no cell grows tall
    on a narrow screen. Deterministic (same rows, same text).
    """
    from ..render import markdown_cell, markdown_table

    table = markdown_table(
        ["Checkpoint", "Ligand(s)", "Where (as the review says)", "Example drugs"],
        [[markdown_cell(row.checkpoint), markdown_cell(row.ligand.replace("; ", ", ")), markdown_cell(row.cell_types),
          markdown_cell(", ".join(row.drugs) if row.drugs else "none approved")] for row in frame.itertuples()],
    )
    notes = []
    for row in frame.itertuples():
        other = _other_note(row.note)
        text = "" if other == "—" else markdown_cell(other) + " "
        notes.append(f"- **{markdown_cell(row.checkpoint)}** (review ref. {row.ref}). {text}*Drugs:* {markdown_cell(_drug_source(row.note))}")
    return table + "\n**Notes to the table.**\n\n" + "\n".join(notes) + "\n"
