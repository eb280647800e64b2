"""The curated findings about the review (``data/audit_findings.csv``): slips, with our reasoning.

:func:`load_findings` reads and validates the table: one row per finding, its
review section(s) and reference(s), a :data:`CATEGORIES` value, what is wrong,
why we think so, and a :data:`SEVERITIES` value.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from . import DATA_DIR, evidence
from .tables import read_csv_rows

__all__ = ["FINDINGS_FILE", "FINDINGS_COLUMNS", "CATEGORIES", "SEVERITIES", "FindingsError", "load_findings"]

#: Curated findings about the review (see ``data/README.md``).
FINDINGS_FILE = DATA_DIR / "audit_findings.csv"

FINDINGS_COLUMNS = ["finding_id", "section", "ref", "category", "what", "why", "severity"]
CATEGORIES = ["citation_mismatch", "arithmetic", "internal_contradiction", "text_slip", "reference_list", "unverified"]
SEVERITIES = ["low", "medium", "high"]
#: Values of ``section`` in the findings besides review section numbers.
EXTRA_SECTIONS = {"references"}

_FINDING_ID = re.compile(evidence.CLAIM_ID_PATTERN)
_SECTION = re.compile(evidence.SECTION_PATTERN)


class FindingsError(evidence.LedgerError):
    """``data/audit_findings.csv`` broke a rule; ``problems`` names file, line, column and rule."""

    subject = "the audit findings"


def load_findings(path: Path | str | None = None) -> pd.DataFrame:
    """Load and validate the curated findings ``data/audit_findings.csv``.

    Columns (in this order): ``finding_id`` (unique snake_case), ``section``
    (review section(s) such as ``3.3`` or ``2.3; 5``, or ``references``),
    ``ref`` (empty, or reference numbers 1–95 separated by ``;``),
    ``category`` (one of :data:`CATEGORIES`), ``what``, ``why`` (non-empty
    text) and ``severity`` (``low``/``medium``/``high``). Returns a DataFrame
    indexed by file line (header = line 1) with ``refs`` (tuple of ints)
    added. Raises :class:`FindingsError` naming file, line, column and rule.
    """
    path = Path(path) if path is not None else FINDINGS_FILE
    name, rows = read_csv_rows(path, FINDINGS_COLUMNS, error=FindingsError, ordered=True)
    problems = []
    seen: dict[str, int] = {}
    parsed_refs = []
    for line, row in rows:
        where = f"{name}, line {line}"
        fid = row["finding_id"].strip()
        if not _FINDING_ID.match(fid):
            problems.append(f"{where}, column 'finding_id': does not match the required pattern {evidence.CLAIM_ID_PATTERN} (got {fid!r})")
        elif fid in seen:
            problems.append(f"{where}, column 'finding_id': must be unique; {fid!r} is also on line {seen[fid]}")
        seen.setdefault(fid, line)
        sections = [part.strip() for part in row["section"].split(";")]
        if not row["section"].strip() or any(not (_SECTION.match(p) or p in EXTRA_SECTIONS) for p in sections):
            problems.append(f"{where}, column 'section': must be review section numbers like 3.3 (several joined by ';') or 'references' (got {row['section']!r})")
        refs = []
        if row["ref"].strip():
            for part in row["ref"].split(";"):
                part = part.strip()
                if not part.isdigit() or not 1 <= int(part) <= evidence.N_REFERENCES:
                    problems.append(f"{where}, column 'ref': must be reference numbers 1-{evidence.N_REFERENCES} joined by ';' (got {row['ref']!r})")
                    break
                refs.append(int(part))
        parsed_refs.append(tuple(refs))
        if row["category"].strip() not in CATEGORIES:
            problems.append(f"{where}, column 'category': is not one of {', '.join(CATEGORIES)} (got {row['category']!r})")
        if row["severity"].strip() not in SEVERITIES:
            problems.append(f"{where}, column 'severity': is not one of {', '.join(SEVERITIES)} (got {row['severity']!r})")
        for column in ("what", "why"):
            if not row[column].strip():
                problems.append(f"{where}, column '{column}': must not be empty")
    if problems:
        raise FindingsError(problems)
    frame = pd.DataFrame([row for _, row in rows], columns=FINDINGS_COLUMNS, index=[line for line, _ in rows])
    frame = frame.apply(lambda column: column.str.strip())
    frame["refs"] = parsed_refs
    return frame
