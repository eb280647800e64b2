"""The curated findings about the review (``data/audit_findings.csv``): slips, with our reasoning.

:func:`load_findings` reads and validates the table: one row per finding, its
review section(s) and reference(s), a :data:`CATEGORIES` value, what is wrong,
why we think so, and a :data:`SEVERITIES` value.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import DATA_DIR
from ..schema import check_resource, field, field_names
from . import evidence

__all__ = ["FINDINGS_FILE", "FINDINGS_COLUMNS", "CATEGORIES", "SEVERITIES", "FindingsError", "load_findings"]

#: Curated findings about the review (see ``data/datapackage.json``).
FINDINGS_FILE = DATA_DIR / "audit_findings.csv"

FINDINGS_COLUMNS = list(field_names("audit_findings"))
#: The kinds of finding (the ``category`` field's ``enum`` in ``data/datapackage.json``).
CATEGORIES = list(field("audit_findings", "category")["constraints"]["enum"])
#: How much a finding could mislead a reader (the ``severity`` field's ``enum``).
SEVERITIES = list(field("audit_findings", "severity")["constraints"]["enum"])


class FindingsError(evidence.LedgerError):
    """``data/audit_findings.csv`` broke a rule; ``problems`` names file, line, column and rule."""

    subject = "the audit findings"


def load_findings(path: Path | str | None = None) -> pd.DataFrame:
    """Load and validate the curated findings ``data/audit_findings.csv``.

    Columns (in this order, declared by the ``audit_findings`` resource of
    ``data/datapackage.json``): ``finding_id`` (unique snake_case),
    ``section`` (review section(s) such as ``3.3`` or ``2.3; 5``, or
    ``references``), ``ref`` (empty, or reference numbers 1–95 separated by
    ``;``: the range is checked here), ``category`` (one of
    :data:`CATEGORIES`), ``what``, ``why`` (non-empty text) and ``severity``
    (``low``/``medium``/``high``). Returns a DataFrame
    indexed by file line (header = line 1) with ``refs`` (tuple of ints)
    added. Raises :class:`FindingsError` naming file, line, column and rule.
    """
    name, rows, problems = check_resource("audit_findings", path if path is not None else FINDINGS_FILE, error=FindingsError)
    parsed_refs = []
    for line, row in rows:
        refs = tuple(int(part) for part in row["ref"].replace(" ", "").split(";") if part.isdigit())
        if any(not 1 <= ref <= evidence.N_REFERENCES for ref in refs):
            problems.append(f"{name}, line {line}, column 'ref': must be reference numbers 1-{evidence.N_REFERENCES} joined by ';' (got {row['ref']!r})")
        parsed_refs.append(refs)
    if problems:
        raise FindingsError(problems)
    frame = pd.DataFrame([row for _, row in rows], columns=FINDINGS_COLUMNS, index=[line for line, _ in rows])
    frame["refs"] = parsed_refs
    return frame
