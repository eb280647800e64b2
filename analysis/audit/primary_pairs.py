"""The review's number beside the cited work's (``data/review_primary_pairs.csv``).

Each pair names a ledger row the review states and a row we read in the
cited work for the same (or a related) quantity, how to bring the review's
number onto the cited work's scale, and whether the two describe the same
comparison. :func:`load_review_primary_pairs` reads and validates the table;
:func:`primary_vs_review` puts the numbers side by side.
"""
from __future__ import annotations

import math
import re
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from ..ledger import evidence
from ..models.stats import printed_decimals
from ..schema import check_resource, field_names
from ..tables import DataFileError, text_or_blank

__all__ = ["PAIR_COLUMNS", "CONVERSIONS", "ReviewPrimaryPair", "PairsError", "load_review_primary_pairs", "primary_vs_review"]

#: Columns of ``data/review_primary_pairs.csv``, in this order.
PAIR_COLUMNS: tuple[str, ...] = field_names("review_primary_pairs")
#: How the review's number is brought onto the primary's scale: ``""`` (as it is) or
#: ``"pct_increase_to_ratio"`` ("x% increased risk" read as a ratio 1 + x/100).
CONVERSIONS = {"": lambda x: x, "pct_increase_to_ratio": lambda x: 1 + x / 100}


class ReviewPrimaryPair(NamedTuple):
    """One pair: review claim_id, primary claim_id, conversion, same comparison?, note."""

    review_id: str
    primary_id: str
    conversion: str
    same_comparison: bool
    note: str


class PairsError(DataFileError):
    """``data/review_primary_pairs.csv`` broke a rule; ``problems`` names file, line, column and rule."""

    subject = "the review-vs-primary pairs"


def load_review_primary_pairs(path: str | Path | None = None, *, claim_ids: set[str] | None = None) -> list[ReviewPrimaryPair]:
    """Read and validate the pairs (default ``data/review_primary_pairs.csv``).

    The ``review_primary_pairs`` resource of ``data/datapackage.json``
    declares the columns (``conversion`` empty or a key of
    :data:`CONVERSIONS`; ``same_comparison`` ``yes`` or ``no``; ``note`` not
    empty). Here: ``review_id`` and ``primary_id`` are claim ids of the
    ledger (or of ``claim_ids``), a review row and a primary row
    (``primary`` in the id). Raises :class:`PairsError` naming file, line,
    column and rule.
    """
    name, rows, problems = check_resource("review_primary_pairs", path, error=PairsError)
    known = evidence.claim_ids() if claim_ids is None else set(claim_ids)
    pairs = []
    for line, cells in rows:
        where = f"{name}, line {line}"
        for column in ("review_id", "primary_id"):
            if cells[column] and cells[column] not in known:
                problems.append(f"{where}, column '{column}': is not a claim_id of data/claims.csv (got {cells[column]!r})")
        if "primary" in cells["review_id"] or not re.search(r"primary", cells["primary_id"]):
            problems.append(f"{where}, columns 'review_id'/'primary_id': pair a review row with a primary row")
        pairs.append(ReviewPrimaryPair(cells["review_id"], cells["primary_id"], cells["conversion"],
                                       cells["same_comparison"] == "yes", cells["note"]))
    if problems:
        raise PairsError(problems)
    return pairs


def _value_of(row) -> float:
    if pd.notna(row["value"]):
        return float(row["value"])
    present = [row[f] for f in ("lower", "upper") if pd.notna(row[f])]
    return float(present[0]) if len(present) == 1 else math.nan


def primary_vs_review(claims_frame: pd.DataFrame | None = None, pairs=None) -> pd.DataFrame:
    """The review's number beside the cited work's for the same (or a related) quantity.

    ``pairs`` defaults to :func:`load_review_primary_pairs` (any sequence of
    ``(review_id, primary_id, conversion, same, note)`` works). Columns:
    ``review_id``, ``review_value`` (review's number in its unit),
    ``review_unit``, ``primary_id``, ``primary_value``, ``primary_unit``,
    ``review_converted`` (the review's number on the primary's scale),
    ``same_comparison``, ``agrees`` (True/False when the comparison is the
    same and the converted number equals the primary's at the primary's
    reported decimals; ``None`` otherwise) and ``note``.
    """
    frame = evidence.claims() if claims_frame is None else claims_frame
    pairs = load_review_primary_pairs() if pairs is None else pairs
    table = frame.set_index("claim_id")
    rows = []
    for review_id, primary_id, conversion, same, note in pairs:
        for cid in (review_id, primary_id):
            if cid not in table.index:
                raise ValueError(f"pairs: claim_id {cid!r} is not in the ledger")
        if conversion not in CONVERSIONS:
            raise ValueError(f"pairs: unknown conversion {conversion!r} for {review_id}")
        review, primary = table.loc[review_id], table.loc[primary_id]
        r_value, p_value = _value_of(review), _value_of(primary)
        converted = CONVERSIONS[conversion](r_value)
        p_text = text_or_blank(primary.get("value_text")) or str(p_value)
        places = printed_decimals(p_text)
        agrees = bool(round(converted, places) == round(p_value, places)) if same else None
        rows.append({
            "review_id": review_id, "review_value": r_value, "review_unit": text_or_blank(review.get("unit")),
            "primary_id": primary_id, "primary_value": p_value, "primary_unit": text_or_blank(primary.get("unit")),
            "review_converted": converted, "same_comparison": same, "agrees": agrees, "note": note,
        })
    columns = ["review_id", "review_value", "review_unit", "primary_id", "primary_value", "primary_unit",
               "review_converted", "same_comparison", "agrees", "note"]
    return pd.DataFrame(rows, columns=columns)
