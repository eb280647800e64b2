"""The questions the review leaves open (``data/open_problems.csv``), for the future-directions chapter.

The table lists the open problems of the review's section 8 (plus the
challenges of section 9): every row names the book chapter that discusses the
problem, the ledger claims that bear on it and the kind of study that would
answer it. :func:`load_open_problems` reads and validates it;
:func:`open_problems_markdown` turns it into a MyST table with links to the
chapters and citations (through :func:`analysis.render.markdown_table`).
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..ledger import evidence
from ..ledger.chapters import allowed_labels
from ..ledger.evidence import CLAIM_ID_PATTERN
from ..render import markdown_cell, markdown_table
from ..schema import check_resource, field_names
from ..tables import DataFileError

__all__ = ["OPEN_PROBLEM_COLUMNS", "OpenProblemsError", "load_open_problems", "open_problems_markdown"]

#: Columns of ``data/open_problems.csv``, in this order.
OPEN_PROBLEM_COLUMNS: tuple[str, ...] = field_names("open_problems")
_CLAIM_ID_RE = re.compile(CLAIM_ID_PATTERN)


class OpenProblemsError(DataFileError):
    """``data/open_problems.csv`` broke a rule; ``problems`` lists every finding (file, line, column)."""

    subject = "the open-problems table"


def load_open_problems(path: str | Path | None = None, *, claim_ids=None) -> pd.DataFrame:
    """Read and validate the open-problems table (default ``data/open_problems.csv``).

    Parameters
    ----------
    path:
        The CSV file; UTF-8 without byte-order mark, header row with exactly
        the columns of :data:`OPEN_PROBLEM_COLUMNS`.
    claim_ids:
        The claim ids that exist; by default those of the validated ledger
        ``data/claims.csv`` (tests pass a small set).

    Returns
    -------
    pandas.DataFrame
        One row per problem, indexed by file line (header = line 1), with
        ``evidence_claim_ids`` as a tuple of ids (empty tuple if none), ``ref``
        as a nullable integer (the review's reference number) and the other
        columns as stripped strings.

    The columns' types and constraints are the ``open_problems`` resource of
    ``data/datapackage.json``; the rules on claim ids and chapter labels
    (other files) and on repeated problems are here.

    Raises
    ------
    OpenProblemsError (a ``ValueError``)
        Listing every problem as ``"<file>, line <n>, column '<name>': <rule> (got ...)"``:
        missing or unknown columns, a row with the wrong number of fields, an
        empty ``problem`` or ``kind_of_study_needed``, a repeated ``problem``,
        a ``chapter_label`` not in ``data/chapters.csv``, a claim id that is
        malformed, repeated in its cell or not in the ledger, a
        ``review_section`` that is not ``N`` or ``N.M``, or a ``ref`` that is
        not a whole number 1–95.
    """
    name, records, problems = check_resource("open_problems", path, error=OpenProblemsError)
    known = set(claim_ids) if claim_ids is not None else evidence.claim_ids()
    labels = allowed_labels()
    rows, lines, seen = [], [], {}
    for line, cells in records:
        def bad(column: str, rule: str, got) -> None:
            problems.append(f"{name}, line {line}, column '{column}': {rule} (got {got!r})")

        if cells["problem"]:
            key = cells["problem"].casefold()
            if key in seen:
                bad("problem", f"repeats the problem on line {seen[key]}", cells["problem"])
            seen.setdefault(key, line)
        if cells["chapter_label"] and cells["chapter_label"] not in labels:
            bad("chapter_label", f"is not a label of data/chapters.csv ({', '.join(sorted(labels))})", cells["chapter_label"])
        ids: list[str] = []
        if cells["evidence_claim_ids"]:
            for claim_id in (part.strip() for part in cells["evidence_claim_ids"].split(";")):
                if not _CLAIM_ID_RE.match(claim_id):
                    bad("evidence_claim_ids", "each claim id must be snake_case, separated by ';'", claim_id)
                elif claim_id in ids:
                    bad("evidence_claim_ids", "claim id listed twice", claim_id)
                elif claim_id not in known:
                    bad("evidence_claim_ids", "claim id is not in data/claims.csv", claim_id)
                else:
                    ids.append(claim_id)
        cells["evidence_claim_ids"] = tuple(ids)
        cells["ref"] = int(cells["ref"]) if cells["ref"].isdigit() else pd.NA
        rows.append(cells)
        lines.append(line)
    if problems:
        raise OpenProblemsError(problems)
    table = pd.DataFrame(rows, columns=list(OPEN_PROBLEM_COLUMNS), index=pd.Index(lines, name="line"))
    table["ref"] = table["ref"].astype("Int64")
    return table


def open_problems_markdown(table: pd.DataFrame, *, lookup=None) -> str:
    """A MyST pipe table of the open problems, with chapter links, evidence and citations.

    Parameters
    ----------
    table:
        The frame from :func:`load_open_problems`.
    lookup:
        ``claim_id -> Claim``; defaults to :func:`analysis.ledger.evidence.claim`.

    Returns
    -------
    str
        Markdown with ``{ref}`` links to the chapters, each evidence claim as
        "quantity (group): value (lower–upper) {cite:p}`key`", the review section that
        raises the problem and the related review reference as
        ``{cite:t}``; a dash where a problem has no number in the ledger.
        Meant for ``glue`` with ``{glue:md}`` and ``:format: myst``.
    """
    missing = [col for col in OPEN_PROBLEM_COLUMNS if col not in getattr(table, "columns", [])]
    if missing:
        raise ValueError(f"table must come from load_open_problems; missing column(s) {missing}")
    lookup = evidence.claim if lookup is None else lookup
    rows = []
    for _, row in table.iterrows():
        shown = "<br>".join(markdown_cell(lookup(cid).summary()) for cid in row["evidence_claim_ids"]) or "— (no number in the ledger)"
        review = f"§{row['review_section']}"
        if not pd.isna(row["ref"]):
            review += f"; see {{cite:t}}`{evidence.cite_key(int(row['ref']))}`"
        rows.append([markdown_cell(row["problem"]), f"{{ref}}`{row['chapter_label']}`", shown, review,
                     markdown_cell(row["kind_of_study_needed"])])
    header = ["Open problem", "Chapter", "Evidence in the ledger", "Raised in the review", "Study that would answer it"]
    return markdown_table(header, rows)
