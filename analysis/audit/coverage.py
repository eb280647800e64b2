"""Coverage of the review's numbers: does every number of its body have a ledger row?

The repository holds no copy of the review. What the coverage check needs
from the text is committed as derived data, re-derived by a maintainer from a
copy of the text (``make audit-source REVIEW=path/to/review.txt``):

* ``data/review_numbers.csv`` — every number of the review's body (by the
  rules of :func:`analysis.ledger.review_text.extract_numbers`) with its line,
  position and section, and the ledger rows (or the exclusion) covering it;
* ``data/source_text_locations.csv`` — where each review row's
  ``source_text`` quote occurs, with a fingerprint of the quote so that an
  edited quote is noticed;
* ``data/coverage_exclusions.csv`` — numbers deliberately left without a row.

At build time :func:`number_inventory`, :func:`source_text_locations` and
:func:`coverage` read these files and check them against the current ledger:
a claim id that no longer exists, a quote that changed since the derivation,
a review row with no recorded location or an exclusion that covers nothing
stops with a :class:`CoverageDataError` naming file, line and column.

:func:`derive_number_inventory` and :func:`derive_source_text_locations`
compute the same tables from the text; :func:`table_differences` says how a
committed table differs from a fresh derivation.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from .. import DATA_DIR
from ..ledger.evidence import LedgerError, claims
from ..ledger.review_text import extract_numbers, line_sections
from ..schema import check_resource, field_names

__all__ = [
    "INVENTORY_FILE", "LOCATIONS_FILE", "EXCLUSIONS_FILE",
    "INVENTORY_COLUMNS", "LOCATION_COLUMNS", "EXCLUSION_COLUMNS",
    "CoverageDataError", "quote_fingerprint",
    "load_coverage_exclusions", "load_number_inventory", "load_source_text_locations",
    "derive_source_text_locations", "derive_number_inventory", "table_differences",
    "source_text_locations", "unlocated_source_texts", "number_inventory", "coverage",
]

#: Every number of the review's body, derived from the text (see module docstring).
INVENTORY_FILE = DATA_DIR / "review_numbers.csv"
#: Where each review row's ``source_text`` occurs in the text.
LOCATIONS_FILE = DATA_DIR / "source_text_locations.csv"
#: Numbers in the review's body deliberately left without a ledger row.
EXCLUSIONS_FILE = DATA_DIR / "coverage_exclusions.csv"

INVENTORY_COLUMNS = list(field_names("review_numbers"))
LOCATION_COLUMNS = list(field_names("source_text_locations"))
EXCLUSION_COLUMNS = list(field_names("coverage_exclusions"))
_REFRESH = "re-derive it with `make audit-source-update REVIEW=path/to/review.txt`"


class CoverageDataError(LedgerError):
    """A coverage file broke a rule or disagrees with the ledger; ``problems`` names file, line and column."""

    subject = "the coverage data"


def quote_fingerprint(quote: str) -> str:
    """A short SHA-1 fingerprint (12 hex digits) of a ``source_text`` quote, to notice edits."""
    return hashlib.sha1(str(quote).encode("utf-8")).hexdigest()[:12]


def _review_rows(claims_frame: pd.DataFrame | None) -> pd.DataFrame:
    frame = claims() if claims_frame is None else claims_frame
    for column in ("claim_id", "source", "source_text"):
        if column not in frame.columns:
            raise ValueError(f"claims_frame must have a {column!r} column")
    return frame[(frame["source"] == "review") & frame["source_text"].notna()]


# ---------------------------------------------------------------------------
# Loading the committed files
# ---------------------------------------------------------------------------

def _number_or_none(text: str, kind: type) -> int | float | None:
    """A cell the schema has checked, as ``kind`` (``int`` or ``float``); ``None`` when empty or malformed."""
    try:
        return kind(text) if text else None
    except ValueError:
        return None


def load_coverage_exclusions(path: Path | str | None = None) -> pd.DataFrame:
    """Load ``data/coverage_exclusions.csv`` (columns ``line_fragment``, ``number``, ``reason``).

    Each row names a number (as printed, e.g. ``two`` or ``102600232``) that
    the coverage check should not ask a ledger row for, the words around it
    (``line_fragment``, verbatim from the review, containing the number) and
    the reason. Raises :class:`CoverageDataError` naming file, line, column
    and rule on any problem.
    """
    name, rows, problems = check_resource("coverage_exclusions", path if path is not None else EXCLUSIONS_FILE,
                                          error=CoverageDataError)
    for line, row in rows:
        fragment, number = row["line_fragment"], row["number"]
        if fragment and number and number not in [hit.text for hit in extract_numbers(fragment)]:
            problems.append(f"{name}, line {line}, column 'number': {number!r} is not a number of line_fragment (as the coverage rules read it)")
    if problems:
        raise CoverageDataError(problems)
    return pd.DataFrame([row for _, row in rows], columns=EXCLUSION_COLUMNS, index=[line for line, _ in rows])


def load_number_inventory(path: Path | str | None = None) -> pd.DataFrame:
    """Load ``data/review_numbers.csv``: every number of the review's body, as derived from the text.

    Columns: ``line`` (line of ``review.txt``, from 1), ``start``/``end``
    (character offsets in that line), ``section`` (``3.2`` or ``back
    matter``), ``number`` (as printed), ``value`` (float), ``claim_ids``
    (``;``-joined ledger rows whose quote holds it) and ``exclusion`` (the
    ``line_fragment`` of the exclusion covering it). Raises
    :class:`CoverageDataError` naming file, line and column on any problem.
    """
    name, rows, problems = check_resource("review_numbers", path if path is not None else INVENTORY_FILE,
                                          error=CoverageDataError)
    records = []
    for line, row in rows:
        where = f"{name}, line {line}"
        record = {**row, "exclusion": row["exclusion"]}
        for column in ("line", "start", "end", "value"):
            record[column] = _number_or_none(row[column], int if column != "value" else float)
        if record["start"] is not None and record["end"] is not None and record["end"] - record["start"] != len(record["number"]):
            problems.append(f"{where}, column 'end': end - start must equal the length of number {record['number']!r}")
        if record["claim_ids"] and record["exclusion"]:
            problems.append(f"{where}, column 'exclusion': a number covered by ledger rows needs no exclusion")
        records.append(record)
    if problems:
        raise CoverageDataError(problems)
    return pd.DataFrame(records, columns=INVENTORY_COLUMNS, index=[line for line, _ in rows])


def load_source_text_locations(path: Path | str | None = None) -> pd.DataFrame:
    """Load ``data/source_text_locations.csv``: where each review row's quote occurs in the text.

    One row per occurrence (``claim_id``, ``quote_sha1``, ``line``, ``start``,
    ``end``); a quote that was not found has one row with ``line``, ``start``
    and ``end`` empty. ``quote_sha1`` is :func:`quote_fingerprint` of the
    quote at derivation time. Raises :class:`CoverageDataError` naming file,
    line and column on any problem.
    """
    name, rows, problems = check_resource("source_text_locations", path if path is not None else LOCATIONS_FILE,
                                          error=CoverageDataError)
    records = []
    for line, row in rows:
        record = {column: _number_or_none(row[column], int) for column in ("line", "start", "end")}
        record.update(claim_id=row["claim_id"], quote_sha1=row["quote_sha1"])
        blank = [column for column in ("line", "start", "end") if not row[column]]
        if blank and len(blank) < 3:
            problems.append(f"{name}, line {line}, column '{blank[0]}': line, start and end are all empty (quote not found) or all set")
        records.append(record)
    if problems:
        raise CoverageDataError(problems)
    frame = pd.DataFrame(records, columns=LOCATION_COLUMNS, index=[line for line, _ in rows])
    for column in ("line", "start", "end"):
        frame[column] = frame[column].astype("Int64")
    return frame


# ---------------------------------------------------------------------------
# Deriving the files from a copy of the text (maintainers only)
# ---------------------------------------------------------------------------

def derive_source_text_locations(body: list[tuple[int, str]], claims_frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """Where each review row's ``source_text`` occurs in ``body`` (from :func:`analysis.ledger.review_text.body_lines`).

    Returns the table :func:`load_source_text_locations` reads, sorted by
    claim id and position.
    """
    records = []
    for _, claim_row in _review_rows(claims_frame).iterrows():
        quote = str(claim_row["source_text"])
        fingerprint = quote_fingerprint(quote)
        found = False
        for line_number, text in body:
            start = text.find(quote)
            while start != -1:
                records.append({"claim_id": claim_row["claim_id"], "quote_sha1": fingerprint,
                                "line": line_number, "start": start, "end": start + len(quote)})
                found = True
                start = text.find(quote, start + 1)
        if not found:
            records.append({"claim_id": claim_row["claim_id"], "quote_sha1": fingerprint, "line": None, "start": None, "end": None})
    frame = pd.DataFrame(records, columns=LOCATION_COLUMNS)
    for column in ("line", "start", "end"):
        frame[column] = frame[column].astype("Int64")
    return frame.sort_values(["claim_id", "line", "start"], na_position="first").reset_index(drop=True)


def derive_number_inventory(
    body: list[tuple[int, str]],
    claims_frame: pd.DataFrame | None = None,
    exclusions: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every number of ``body`` with its section and what covers it: the table :func:`load_number_inventory` reads.

    A number is covered by the review rows whose ``source_text`` occurrence
    contains it, or else by an exclusion whose ``line_fragment`` occurrence
    contains it and names it. Raises ``ValueError`` if an exclusion matches no
    number of the body, so a stale exclusion cannot hide anything.
    """
    exclusions = load_coverage_exclusions() if exclusions is None else exclusions
    for column in EXCLUSION_COLUMNS:
        if column not in exclusions.columns:
            raise ValueError(f"exclusions must have a {column!r} column")
    locations = derive_source_text_locations(body, claims_frame).dropna(subset=["line"])
    quotes_by_line: dict[int, list[tuple[int, int, str]]] = {}
    for row in locations.itertuples():
        quotes_by_line.setdefault(int(row.line), []).append((int(row.start), int(row.end), row.claim_id))
    excluded_by_line: dict[int, list[tuple[int, int, str, int]]] = {}
    for index, (fragment, number) in enumerate(exclusions[["line_fragment", "number"]].itertuples(index=False)):
        for line_number, text in body:
            start = text.find(fragment)
            while start != -1:
                excluded_by_line.setdefault(line_number, []).append((start, start + len(fragment), number, index))
                start = text.find(fragment, start + 1)
    sections = line_sections(body)
    used: set[int] = set()
    records = []
    for line_number, text in body:
        for hit in extract_numbers(text, line_number):
            ids = sorted({cid for start, end, cid in quotes_by_line.get(line_number, []) if start <= hit.start and hit.end <= end})
            matches = [index for start, end, number, index in excluded_by_line.get(line_number, [])
                       if start <= hit.start and hit.end <= end and number == hit.text]
            used.update(matches)
            exclusion = exclusions.iloc[matches[0]]["line_fragment"] if matches and not ids else ""
            records.append({"line": line_number, "start": hit.start, "end": hit.end, "section": sections[line_number],
                            "number": hit.text, "value": hit.value, "claim_ids": ";".join(ids), "exclusion": exclusion})
    stale = [exclusions.iloc[i] for i in range(len(exclusions)) if i not in used]
    if stale:
        listed = "; ".join(f"{row['number']!r} in {row['line_fragment'][:60]!r}" for row in stale)
        raise ValueError(f"exclusions: {len(stale)} exclusion(s) match no number of the review's body: {listed}")
    return pd.DataFrame(records, columns=INVENTORY_COLUMNS)


def _as_text(frame: pd.DataFrame) -> list[tuple[str, ...]]:
    def cell(value) -> str:
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return ""
        if isinstance(value, float):
            return repr(value)
        return str(value)

    return [tuple(cell(value) for value in row) for row in frame.itertuples(index=False)]


def table_differences(name: str, committed: pd.DataFrame, derived: pd.DataFrame, limit: int = 20) -> list[str]:
    """How the committed table ``name`` differs from a fresh derivation (empty when they agree).

    Rows are compared as text, in order; the list names rows only in one of
    the two, at most ``limit`` of each.
    """
    if list(committed.columns) != list(derived.columns):
        return [f"{name}: columns {list(committed.columns)} differ from the derived {list(derived.columns)}"]
    old, new = _as_text(committed), _as_text(derived)
    if old == new:
        return []
    only_old = [row for row in old if row not in set(new)]
    only_new = [row for row in new if row not in set(old)]
    problems = [f"{name}: {len(only_old)} committed row(s) not derived, {len(only_new)} derived row(s) not committed"]
    problems += [f"  committed only: {','.join(row)}" for row in only_old[:limit]]
    problems += [f"  derived only:   {','.join(row)}" for row in only_new[:limit]]
    if not only_old and not only_new:
        problems.append(f"{name}: same rows in another order")
    return problems


# ---------------------------------------------------------------------------
# The checks the book runs (no text needed)
# ---------------------------------------------------------------------------

def source_text_locations(claims_frame: pd.DataFrame | None = None, locations: pd.DataFrame | None = None) -> pd.DataFrame:
    """Where each review row's ``source_text`` occurs, from the committed locations.

    Returns one row per review claim: ``claim_id``, ``source_text``,
    ``found`` (bool), ``lines`` (tuple of line numbers) and ``spans`` (tuple
    of ``(line, start, end)``). Raises :class:`CoverageDataError` if the
    committed file has no row for a review claim, a row for a claim id the
    ledger does not have, or a fingerprint that no longer matches the quote.
    """
    review = _review_rows(claims_frame)
    committed = load_source_text_locations() if locations is None else locations
    where = str(LOCATIONS_FILE.name) if locations is None else "locations"
    by_id = {claim_id: rows for claim_id, rows in committed.groupby("claim_id", sort=False)}
    known = set(review["claim_id"])
    problems = [f"data/{where}, line {index}, column 'claim_id': {claim_id!r} is not a review row of the ledger with a source_text; {_REFRESH}"
                for index, claim_id in committed["claim_id"].items() if claim_id not in known]
    records = []
    for _, claim_row in review.iterrows():
        claim_id, quote = claim_row["claim_id"], str(claim_row["source_text"])
        rows = by_id.get(claim_id)
        if rows is None:
            problems.append(f"data/{where}: no row for the review claim {claim_id!r}; {_REFRESH}")
            continue
        if set(rows["quote_sha1"]) != {quote_fingerprint(quote)}:
            problems.append(f"data/{where}, line {rows.index[0]}, column 'quote_sha1': the source_text of {claim_id!r} changed since the locations were derived; {_REFRESH}")
            continue
        placed = rows.dropna(subset=["line"])
        spans = tuple((int(r.line), int(r.start), int(r.end)) for r in placed.itertuples())
        records.append({"claim_id": claim_id, "source_text": quote, "found": bool(spans),
                        "lines": tuple(sorted({span[0] for span in spans})), "spans": spans})
    if problems:
        raise CoverageDataError(problems)
    return pd.DataFrame(records, columns=["claim_id", "source_text", "found", "lines", "spans"])


def unlocated_source_texts(claims_frame: pd.DataFrame | None = None, locations: pd.DataFrame | None = None) -> pd.DataFrame:
    """Review rows whose ``source_text`` was not found in the review's body (should be empty)."""
    located = source_text_locations(claims_frame, locations)
    return located.loc[~located["found"], ["claim_id", "source_text"]].reset_index(drop=True)


def number_inventory(
    claims_frame: pd.DataFrame | None = None,
    exclusions: pd.DataFrame | None = None,
    inventory: pd.DataFrame | None = None,
    locations: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every number of the review's body with its status, from the committed inventory.

    Adds ``status`` to the columns of :func:`load_number_inventory`:
    ``covered`` (some ledger row quotes it), ``excluded`` (an exclusion names
    it) or ``uncovered``. Checks the committed data against the current
    ledger and exclusions (via :func:`source_text_locations`): every claim id
    it names is a located review row, every exclusion it names exists and
    every exclusion is used. Raises :class:`CoverageDataError` otherwise.
    """
    located = source_text_locations(claims_frame, locations)
    exclusions = load_coverage_exclusions() if exclusions is None else exclusions
    table = load_number_inventory() if inventory is None else inventory.copy()
    name = f"data/{INVENTORY_FILE.name}" if inventory is None else "inventory"
    located_ids = set(located.loc[located["found"], "claim_id"])
    fragments = set(exclusions["line_fragment"])
    problems = []
    for index, row in table.iterrows():
        for claim_id in filter(None, str(row["claim_ids"]).split(";")):
            if claim_id not in located_ids:
                problems.append(f"{name}, line {index}, column 'claim_ids': {claim_id!r} is not a located review row of the ledger; {_REFRESH}")
        if row["exclusion"] and row["exclusion"] not in fragments:
            problems.append(f"{name}, line {index}, column 'exclusion': no row of data/{EXCLUSIONS_FILE.name} has this line_fragment; {_REFRESH}")
    unused = sorted(fragments - set(table["exclusion"]))
    problems += [f"data/{EXCLUSIONS_FILE.name}: the exclusion {fragment!r} covers no number of the inventory; {_REFRESH}" for fragment in unused]
    if problems:
        raise CoverageDataError(problems)
    table["status"] = [
        "covered" if ids else ("excluded" if exclusion else "uncovered")
        for ids, exclusion in zip(table["claim_ids"], table["exclusion"])
    ]
    return table.reset_index(drop=True)


def coverage(claims_frame: pd.DataFrame | None = None, exclusions: pd.DataFrame | None = None,
             inventory: pd.DataFrame | None = None, locations: pd.DataFrame | None = None) -> pd.DataFrame:
    """Numbers of the review's body with no ledger row and no exclusion (empty when the ledger is complete).

    Returns ``line``, ``section``, ``number`` and ``value`` of each uncovered
    number; see :func:`number_inventory` for the checks it runs first.
    """
    table = number_inventory(claims_frame, exclusions, inventory, locations)
    uncovered = table[table["status"] == "uncovered"]
    return uncovered[["line", "section", "number", "value"]].reset_index(drop=True)
