"""The evidence ledger: load, validate and look up the numbers the book uses.

Every number a chapter shows comes from ``data/claims.csv`` through
:func:`claim`, and every claim points to a reference in
``data/references.csv`` / ``data/references.bib``. The schema is declared with
pandera; a malformed file stops with a :class:`LedgerError` that names the
file, the line (as a text editor counts it, header = line 1), the column and
the rule broken — never a traceback from inside pandas.

The data dictionary is ``data/datapackage.json`` (rendered as the data dictionary page).
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from .. import DATA_DIR
from ..schema import check_resource, field, field_names, read_resource
from ..tables import DataFileError
from .claim import Claim

__all__ = [
    "LedgerError",
    "Claim",
    "CLAIM_COLUMNS",
    "REFERENCE_COLUMNS",
    "load_references",
    "load_claims",
    "claims",
    "references",
    "claim",
    "claim_ids",
    "claim_id_problem",
    "cite_key",
    "EVIDENCE_LEVEL",
    "EVIDENCE_LEVELS",
    "EXTRA_WORK_COLUMNS",
    "load_extra_works",
]

CLAIM_COLUMNS = list(field_names("claims"))
REFERENCE_COLUMNS = list(field_names("references"))

# The ledger's vocabularies are the enums of data/datapackage.json ("" stands for an empty cell).
SOURCES = set(field("claims", "source")["constraints"]["enum"])
QUALIFIERS = {""} | set(field("claims", "qualifier")["constraints"]["enum"])
UNITS = {""} | set(field("claims", "unit")["constraints"]["enum"])
STATISTICS = set(field("claims", "statistic")["constraints"]["enum"])
SETTINGS = set(field("claims", "setting")["constraints"]["enum"])
#: Coarse evidence level of each setting, for evidence maps.
EVIDENCE_LEVEL = {
    "mouse model": "preclinical", "cell culture": "preclinical", "preclinical": "preclinical",
    "retrospective cohort": "clinical: observational", "prospective cohort": "clinical: observational",
    "post hoc analysis": "clinical: observational", "clinical (unspecified)": "clinical: observational",
    "phase I trial": "clinical: trial", "phase II trial": "clinical: trial", "phase III trial": "clinical: trial",
    "randomized trial": "clinical: trial", "meta-analysis": "clinical: meta-analysis",
    "review": "review", "dosimetric model": "model",
}
#: The evidence levels in the order figures and tables list them: from the bench to pooled trials.
EVIDENCE_LEVELS: tuple[str, ...] = (
    "preclinical", "model", "review", "clinical: observational", "clinical: trial", "clinical: meta-analysis",
)
DOI_PATTERN = r"^10\.\d{4,9}/\S+$"
CLAIM_ID_PATTERN = r"^[a-z][a-z0-9_]*$"
#: A review section number as the review prints it: ``4``, ``4.2`` (digits 1-9).
SECTION_NUMBER = r"[1-9](?:\.[1-9])?"
#: The whole of a ``section`` cell: one review section number.
SECTION_PATTERN = rf"^{SECTION_NUMBER}$"
N_REFERENCES = 95


class LedgerError(DataFileError):
    """The evidence data broke a rule of the schema. ``problems`` lists every finding."""

    subject = "the evidence data"


def _typed_frame(name: str, rows: list[tuple[int, dict[str, str]]]) -> pd.DataFrame:
    """Rows checked against resource ``name`` as a frame indexed by file line: empty cells ``pd.NA``,
    ``integer`` fields as ``Int64`` and ``number`` fields as ``Float64`` (a cell the schema rejected is blank)."""
    columns = list(field_names(name))
    frame = pd.DataFrame([cells for _, cells in rows], columns=columns, dtype=object)
    # Rows are numbered as an editor shows them so messages can name the line.
    frame.index = pd.Index([line for line, _ in rows])
    frame = frame.replace("", pd.NA)
    for column in columns:
        kind = field(name, column)["type"]
        if kind in ("integer", "number"):
            values = pd.to_numeric(frame[column], errors="coerce")
            if kind == "integer":
                values = values.where(values % 1 == 0)
            frame[column] = values.astype("Int64" if kind == "integer" else "Float64")
    return frame


def _report(name: str, failures: pd.DataFrame, describe) -> list[str]:
    problems = []
    for _, failure in failures.iterrows():
        index = failure["index"]
        where = f"line {int(index)}" if index is not None and not (isinstance(index, float) and math.isnan(index)) else "whole file"
        column = failure["column"] if isinstance(failure["column"], str) else None
        rule, column = describe(str(failure["check"]), column)
        got = failure["failure_case"]
        column_text = f", column '{column}'" if column else ""
        problems.append(f"{name}, {where}{column_text}: {rule} (got {got!r})")
    return sorted(set(problems), key=lambda text: (_line_of(text), text))


def _line_of(text: str) -> int:
    match = re.search(r"line (\d+)", text)
    return int(match.group(1)) if match else 0


def _describe(check: str, column: str | None) -> tuple[str, str | None]:
    """A row check's message and column: the checks are named ``"column|rule"``."""
    if "|" in check:
        column_name, rule = check.split("|", 1)
        return rule, column_name
    return check, column


def _validate(frame: pd.DataFrame, schema: pa.DataFrameSchema, name: str) -> pd.DataFrame:
    try:
        return schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        raise LedgerError(_report(name, err.failure_cases, _describe)) from None


def load_references(path: Path | str | None = None) -> pd.DataFrame:
    """Load and validate ``data/references.csv`` (review number → BibTeX key → DOI).

    Rows with an empty ``ref`` are works the book cites that the review does not.
    Each cell is checked against the ``references`` resource of
    ``data/datapackage.json``; here, that every review number 1–95 has a row.
    Raises :class:`LedgerError` naming file, line and column on any problem.
    """
    name, rows = read_resource("references", path, error=LedgerError)
    validated = _typed_frame("references", rows)
    # The review cites one work twice, so a DOI may repeat (the audit reports it); compared lower-cased.
    validated["doi"] = validated["doi"].str.lower()
    numbered = validated["ref"].dropna()
    missing = sorted(set(range(1, N_REFERENCES + 1)) - set(numbered.astype(int)))
    if missing:
        raise LedgerError([f"{name}: review reference number(s) {missing} have no row"])
    return validated


def _claim_checks(references_frame: pd.DataFrame) -> pa.DataFrameSchema:
    """The ledger's rules across cells and files (each cell's own rules are the ``claims`` resource's)."""
    doi_by_ref = references_frame.dropna(subset=["ref"]).set_index("ref")["doi"].to_dict()
    known_dois = set(references_frame["doi"])

    def doi_agrees(df):
        expected = df["ref"].map(lambda r: doi_by_ref.get(int(r)) if pd.notna(r) else None)
        return df["ref"].isna() | (df["doi"].fillna("").str.lower() == expected.fillna(""))

    def bound_ok(df, low, high):
        return df[low].isna() | df[high].isna() | (df[low] <= df[high])

    is_percent = lambda df: df["unit"].fillna("") == "%"  # noqa: E731
    non_negative_unit = lambda df: df["statistic"].isin(["dose", "dose_rate", "duration", "time_point", "fraction_count", "count", "cell_count", "concentration"])  # noqa: E731
    row_checks = [
        pa.Check(lambda df: df[["value", "lower", "upper"]].notna().any(axis=1), name="value|a claim needs at least one of value, lower, upper"),
        pa.Check(lambda df: bound_ok(df, "lower", "value"), name="lower|must be <= value"),
        pa.Check(lambda df: bound_ok(df, "value", "upper"), name="upper|must be >= value"),
        pa.Check(lambda df: bound_ok(df, "lower", "upper"), name="lower|must be <= upper"),
        *[
            pa.Check(lambda df, c=c: ~is_percent(df) | df[c].isna() | df[c].between(0, 100), name=f"{c}|a percentage must lie within 0-100")
            for c in ("value", "lower", "upper")
        ],
        *[
            pa.Check(lambda df, c=c: ~non_negative_unit(df) | df[c].isna() | (df[c] >= 0), name=f"{c}|doses, durations and counts must be >= 0")
            for c in ("value", "lower", "upper")
        ],
        pa.Check(lambda df: (df["statistic"] != "p_value") | df["value"].isna() | df["value"].between(0, 1), name="value|a p-value must lie within 0-1"),
        pa.Check(lambda df: df["ref"].isna() | df["doi"].notna(), name="doi|a claim with a ref needs the reference's DOI"),
        pa.Check(doi_agrees, name="doi|disagrees with data/references.csv for this ref"),
        pa.Check(lambda df: df["ref"].notna() | df["doi"].isna() | df["doi"].str.lower().isin(known_dois), name="doi|a claim without ref must use a DOI listed in data/references.csv"),
        pa.Check(lambda df: (df["source"] != "review") | df["source_text"].notna(), name="source_text|a review claim must quote the words that state it"),
        pa.Check(lambda df: ~df.drop(columns=["claim_id"]).duplicated(keep=False), name="claim_id|duplicate row: another line has the same content under a different id"),
    ]
    return pa.DataFrameSchema(checks=row_checks)


def load_claims(path: Path | str | None = None, references_path: Path | str | None = None) -> pd.DataFrame:
    """Load and validate the evidence ledger ``data/claims.csv``.

    Returns a DataFrame indexed by file line (header = line 1) with numbers as
    nullable floats/integers plus ``value_text`` (the value as written, which
    keeps its reported decimals, e.g. ``"40.0"``), ``key`` (the BibTeX key of
    ``ref``) and ``evidence_level``. Each cell is checked against the
    ``claims`` resource of ``data/datapackage.json``; the rules across cells
    and files (bounds in order, percentages and p-values in range, the DOI
    of ``ref`` as in ``references.csv``, a quote for every review row, no
    repeated row) are pandera checks here. Raises :class:`LedgerError` naming
    file, line, column and rule on any problem.
    """
    references_frame = load_references(references_path)
    name, rows, problems = check_resource("claims", path, error=LedgerError)
    # Unreadable cells are blank in the frame, so one run reports the row rules too.
    validated = _typed_frame("claims", rows)
    value_text = pd.Series([cells["value"] for _, cells in rows], index=validated.index, dtype=object)
    try:
        validated = _validate(validated, _claim_checks(references_frame), name)
    except LedgerError as err:
        problems += err.problems
    if problems:
        raise LedgerError(sorted(dict.fromkeys(problems), key=lambda text: (_line_of(text), text)))
    keys_by_ref = references_frame.dropna(subset=["ref"]).set_index("ref")["key"]
    keys_by_doi = references_frame.drop_duplicates("doi").set_index("doi")["key"]
    validated["value_text"] = value_text
    # A work the review lists twice has two keys: the claim's own ref number decides which.
    validated["key"] = validated["ref"].map(keys_by_ref).fillna(validated["doi"].str.lower().map(keys_by_doi))
    validated["evidence_level"] = validated["setting"].map(EVIDENCE_LEVEL)
    return validated


@lru_cache(maxsize=4)
def _cached_claims(path: str, mtime: float, ref_path: str, ref_mtime: float) -> pd.DataFrame:
    return load_claims(path, ref_path)


def claims() -> pd.DataFrame:
    """The validated ledger (cached per process until the files change)."""
    path, ref_path = DATA_DIR / "claims.csv", DATA_DIR / "references.csv"
    return _cached_claims(str(path), path.stat().st_mtime, str(ref_path), ref_path.stat().st_mtime).copy()


def claim_ids() -> set[str]:
    """Every ``claim_id`` of the validated ledger (for tables that point into it)."""
    return set(claims()["claim_id"])


def claim_id_problem(claim_id: str, known: set[str] | None = None) -> str | None:
    """Why ``claim_id`` cannot point into the ledger (malformed, or not among ``known``), or ``None`` if it can.

    ``known`` defaults to :func:`claim_ids`; the text is meant for a loader's
    message, e.g. ``"... column 'pct_id': <this> (got 'x')"``.
    """
    if not re.match(CLAIM_ID_PATTERN, claim_id):
        return f"does not match the required pattern {CLAIM_ID_PATTERN}"
    if claim_id not in (claim_ids() if known is None else known):
        return "is not a claim_id of data/claims.csv"
    return None


def references() -> pd.DataFrame:
    """The validated reference list (review number, BibTeX key, DOI, author, year, title)."""
    return load_references()


def claim(claim_id: str) -> Claim:
    """Look up one ledger row by its ``claim_id``.

    Raises ``ValueError`` naming ``claim_id`` and suggesting close ids if it is unknown.
    """
    table = claims()
    matches = table[table["claim_id"] == claim_id]
    if matches.empty:
        import difflib

        close = difflib.get_close_matches(str(claim_id), table["claim_id"].tolist(), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise ValueError(f"claim_id {claim_id!r} is not in data/claims.csv{hint}")
    return Claim.from_row(matches.iloc[0])


def cite_key(ref: int) -> str:
    """BibTeX key of the review's reference number ``ref`` (1–95)."""
    if isinstance(ref, bool) or not isinstance(ref, int) or not 1 <= ref <= N_REFERENCES:
        raise ValueError(f"ref must be an integer 1-{N_REFERENCES}, got {ref!r}")
    table = references()
    return table.loc[table["ref"] == ref, "key"].iloc[0]


#: Columns of ``data/extra_works.csv``: works the book cites that the review does not.
EXTRA_WORK_COLUMNS = list(field_names("extra_works"))


def load_extra_works(path: Path | str | None = None) -> pd.DataFrame:
    """Load ``data/extra_works.csv``: the works the book cites although the review does not.

    One row per work, checked against the ``extra_works`` resource of
    ``data/datapackage.json``: ``key`` (BibTeX key, ``^[a-z][a-z0-9]*$``,
    unique), ``authors`` (``; ``-separated as "Surname Initials", ``et al``
    allowed last), ``title``, ``journal``, ``year`` (1900–2030), ``volume``,
    ``pages``, ``doi``.
    ``booktools.references`` appends them to the reference list with an empty
    ``ref``. Returns a DataFrame with ``authors`` as tuples; raises
    :class:`LedgerError` naming file, line and column on any problem.
    """
    _, rows = read_resource("extra_works", path, error=LedgerError)
    frame = pd.DataFrame([cells for _, cells in rows], columns=EXTRA_WORK_COLUMNS,
                         index=[line for line, _ in rows])
    frame["authors"] = frame["authors"].map(lambda text: tuple(part.strip() for part in text.split(";") if part.strip()))
    frame["year"] = frame["year"].astype(int)
    return frame
