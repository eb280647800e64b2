"""Do the review's percentages add up with the counts and group sizes the ledger states?

* :func:`percent_count_checks` — which whole-number denominators reproduce a
  reported percentage from its reported count (ledger rows ``X_count`` and
  ``X_pct``), and whether all statements about one cohort agree on one;
* :func:`percent_n_checks` — which counts reproduce a percentage from a group
  size stated elsewhere: the row's own ``n``, or a group-size row declared in
  ``data/percent_denominators.csv`` (:func:`load_percent_denominators`).

The arithmetic itself (rounding and truncation denominators) is
:mod:`analysis.models.stats`.
"""
from __future__ import annotations

import math
import re
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from ..ledger import evidence
from ..models.stats import (
    consistent_counts,
    consistent_denominators,
    printed_decimals,
    proportion_ci,
    rounding_denominators,
    truncated_percent,
    truncation_denominators,
)
from ..schema import check_resource, field_names
from ..tables import DataFileError, text_or_blank

__all__ = [
    "DENOMINATOR_COLUMNS", "PercentDenominator", "PercentDenominatorsError", "load_percent_denominators",
    "percent_count_checks", "percent_n_checks", "count_percent_table",
]

#: Columns of ``data/percent_denominators.csv``, in this order.
DENOMINATOR_COLUMNS: tuple[str, ...] = field_names("percent_denominators")
_PAIR_RE = re.compile(r"^(?P<stem>.+)_(?P<kind>count|pct)(?P<suffix>_primary)?$")
#: Words in ``quantity`` that mark a time-to-event estimate (Kaplan–Meier): with
#: censoring such a percentage need not be a simple fraction of the group.
_TIME_TO_EVENT = re.compile(r"surviv|\bOS\b|\bPFS\b|free", re.IGNORECASE)


class PercentDenominator(NamedTuple):
    """A percentage row, the row stating its group size, and why that group is the denominator."""

    pct_id: str
    n_id: str
    reason: str


class PercentDenominatorsError(DataFileError):
    """``data/percent_denominators.csv`` broke a rule; ``problems`` names file, line, column and rule."""

    subject = "the declared denominators"


def load_percent_denominators(path: str | Path | None = None, *, claim_ids: set[str] | None = None) -> list[PercentDenominator]:
    """Read and validate ``data/percent_denominators.csv``: percentages checked against a group size.

    The ``percent_denominators`` resource of ``data/datapackage.json``
    declares the columns (the pair is the key, so it is not repeated;
    ``reason`` says why this group is the denominator). Here: ``pct_id`` and
    ``n_id`` are claim ids of the ledger (or of ``claim_ids``). Raises
    :class:`PercentDenominatorsError` naming file, line, column and rule.
    """
    name, rows, problems = check_resource("percent_denominators", path, error=PercentDenominatorsError)
    known = evidence.claim_ids() if claim_ids is None else set(claim_ids)
    pairs = []
    for line, row in rows:
        pair = PercentDenominator(*(row[column] for column in DENOMINATOR_COLUMNS))
        for column in ("pct_id", "n_id"):
            if getattr(pair, column) and getattr(pair, column) not in known:
                problems.append(f"{name}, line {line}, column '{column}': is not a claim_id of data/claims.csv (got {getattr(pair, column)!r})")
        pairs.append(pair)
    if problems:
        raise PercentDenominatorsError(problems)
    return pairs


def _fmt_ns(ns) -> str:
    return ", ".join(str(n) for n in ns) if ns else "none"


def _count_pct_pairs(frame: pd.DataFrame) -> list[tuple[int, int]]:
    """(count row, percentage row) index pairs of ``X_count``/``X_pct`` ids (and their ``_primary`` forms)."""
    by_key: dict[tuple[str, str], dict[str, int]] = {}
    for index, claim_id in frame["claim_id"].items():
        match = _PAIR_RE.match(str(claim_id))
        if match:
            by_key.setdefault((match["stem"], match["suffix"] or ""), {})[match["kind"]] = index
    return [(members["count"], members["pct"]) for _, members in sorted(by_key.items()) if set(members) == {"count", "pct"}]


def percent_count_checks(claims_frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """Which whole denominators reproduce each reported percentage from its reported count.

    Pairs ledger rows by a shared ``claim_id`` stem: ``X_count`` with
    ``X_pct`` and ``X_count_primary`` with ``X_pct_primary``. A *cohort* is
    the rows of one ``source`` and ``ref``. For each pair the table gives:

    ``cohort``, ``count_id``, ``pct_id``, ``count`` (patients), ``percent``
    (%) as reported, ``decimals``, ``implied_n`` (100·count/percent, a real
    number), ``rounding_ns`` (tuple of every whole n for which count/n
    rounds to the percentage), ``truncation_ns`` (the same when the
    percentage is cut instead of rounded), ``stated_n`` (the row's ``n`` if
    the source states it), ``exact_at_stated_n`` (100·count/stated_n, %),
    ``cohort_rounding_ns`` (denominators every pair of the cohort shares
    under rounding), ``cohort_truncation_ns`` and ``verdict`` (one sentence).
    """
    frame = evidence.claims() if claims_frame is None else claims_frame
    for column in ("claim_id", "source", "ref", "value", "n"):
        if column not in frame.columns:
            raise ValueError(f"claims_frame must have a {column!r} column")
    value_text = frame["value_text"] if "value_text" in frame.columns else frame["value"].astype(str)
    rows = []
    for count_index, pct_index in _count_pct_pairs(frame):
        count_row, pct_row = frame.loc[count_index], frame.loc[pct_index]
        if pd.isna(count_row["value"]) or pd.isna(pct_row["value"]):
            continue
        count, percent = float(count_row["value"]), float(pct_row["value"])
        if not count.is_integer() or count < 0:
            raise ValueError(f"claims_frame: {count_row['claim_id']} must hold a whole count, got {count}")
        count = int(count)
        decimals = printed_decimals(value_text.loc[pct_index])
        ref = count_row["ref"]
        cohort = f"{count_row['source']} ref {int(ref)}" if pd.notna(ref) else f"{count_row['source']} (no ref)"
        stated = count_row["n"] if pd.notna(count_row["n"]) else pct_row["n"]
        stated = int(stated) if pd.notna(stated) else None
        rows.append({
            "cohort": cohort, "count_id": count_row["claim_id"], "pct_id": pct_row["claim_id"],
            "count": count, "percent": percent, "decimals": decimals,
            "implied_n": 100 * count / percent if percent > 0 else math.nan,
            "rounding_ns": tuple(rounding_denominators(count, percent, decimals)),
            "truncation_ns": tuple(truncation_denominators(count, percent, decimals)),
            "stated_n": stated,
            "exact_at_stated_n": 100 * count / stated if stated else math.nan,
        })
    columns = ["cohort", "count_id", "pct_id", "count", "percent", "decimals", "implied_n", "rounding_ns",
               "truncation_ns", "stated_n", "exact_at_stated_n", "cohort_rounding_ns", "cohort_truncation_ns", "verdict"]
    if not rows:
        return pd.DataFrame(columns=columns)
    table = pd.DataFrame(rows)
    table["stated_n"] = table["stated_n"].astype("Int64")
    common_round, common_trunc = {}, {}
    for cohort, group in table.groupby("cohort"):
        common_round[cohort] = tuple(sorted(set.intersection(*(set(ns) for ns in group["rounding_ns"]))))
        common_trunc[cohort] = tuple(sorted(set.intersection(*(set(ns) for ns in group["truncation_ns"]))))
    table["cohort_rounding_ns"] = table["cohort"].map(common_round)
    table["cohort_truncation_ns"] = table["cohort"].map(common_trunc)
    table["verdict"] = [_percent_verdict(row) for row in table.itertuples()]
    return table[columns]


def _percent_verdict(row) -> str:
    pct = f"{row.percent:.{row.decimals}f}%"
    if row.rounding_ns:
        shown = _fmt_ns(row.rounding_ns[:5]) + (", …" if len(row.rounding_ns) > 5 else "")
        text = f"{row.count} is {pct} of n = {shown} (rounded)"
    else:
        text = f"no whole n makes {row.count} round to {pct} (100 × {row.count} / {row.percent:.{row.decimals}f} = {row.implied_n:.2f})"
        if row.truncation_ns:
            text += f"; cut rather than rounded, n = {_fmt_ns(row.truncation_ns[:5])} fits"
    if pd.notna(row.stated_n):
        text += f"; the stated n = {int(row.stated_n)} gives {row.exact_at_stated_n:.2f}%"
    if not row.cohort_rounding_ns:
        text += "; the cohort's statements share no rounding denominator"
    return text


def percent_n_checks(claims_frame: pd.DataFrame | None = None, pairs=None) -> pd.DataFrame:
    """Which counts reproduce a reported percentage from a group size the ledger states.

    Uses every proportion row (unit ``%``) whose own ``n`` is filled, plus
    the declared ``pairs`` (default :func:`load_percent_denominators`; any
    ``(pct_id, n_id, reason)`` triples work). Columns: ``pct_id``,
    ``percent`` (%), ``decimals``, ``n`` (patients), ``n_from`` (``"n
    column"`` or the group-size claim_id), ``counts`` (tuple of whole counts
    k with 100·k/n rounding to the percentage), ``time_to_event`` (True when
    the quantity is a survival-type estimate, which need not be a simple
    fraction) and ``reason``.
    """
    frame = evidence.claims() if claims_frame is None else claims_frame
    pairs = load_percent_denominators() if pairs is None else pairs
    value_text = frame["value_text"] if "value_text" in frame.columns else frame["value"].astype(str)
    by_id = {cid: index for index, cid in frame["claim_id"].items()}
    jobs = []
    for index, row in frame.iterrows():
        is_proportion = text_or_blank(row.get("statistic", "proportion")) in ("proportion", "")
        if text_or_blank(row.get("unit")) == "%" and pd.notna(row["n"]) and pd.notna(row["value"]) and is_proportion:
            jobs.append((index, int(row["n"]), "n column", "the row states its denominator"))
    for pct_id, n_id, reason in pairs:
        for cid in (pct_id, n_id):
            if cid not in by_id:
                raise ValueError(f"pairs: claim_id {cid!r} is not in the ledger")
        n_value = frame.loc[by_id[n_id], "value"]
        if pd.isna(n_value):
            raise ValueError(f"pairs: {n_id!r} has no value to use as a group size")
        jobs.append((by_id[pct_id], int(n_value), n_id, reason))
    rows = []
    for index, n, n_from, reason in jobs:
        row = frame.loc[index]
        decimals = printed_decimals(value_text.loc[index])
        percent = float(row["value"])
        rows.append({
            "pct_id": row["claim_id"], "percent": percent, "decimals": decimals, "n": n, "n_from": n_from,
            "counts": tuple(consistent_counts(percent, n, decimals=decimals)),
            "time_to_event": bool(_TIME_TO_EVENT.search(str(row.get("quantity", "")))),
            "reason": reason,
        })
    columns = ["pct_id", "percent", "decimals", "n", "n_from", "counts", "time_to_event", "reason"]
    table = pd.DataFrame(rows, columns=columns)
    return table.drop_duplicates(subset=["pct_id", "n"]).reset_index(drop=True)


def count_percent_table(groups, n_total: int, *, max_n: int = 200) -> pd.DataFrame:
    """How the printed percentages of one cohort follow from its counts: one row per group.

    ``groups`` maps a group's name to ``(count claim, percentage claim)``
    (:class:`analysis.ledger.claim.Claim`); ``n_total`` is the cohort size. Columns:
    ``count``, ``exact %``, ``95% CI (%)`` (exact, as text), ``printed``
    (the percentage as the source wrote it), ``rounded`` and ``truncated``
    (100·count/n at the printed decimals, rounded or cut), and the group
    sizes up to ``max_n`` whose percentage rounds to the printed one.
    """
    rows = []
    for name, (count_claim, pct_claim) in groups.items():
        count = int(count_claim.value)
        ci = proportion_ci(count, n_total)
        fits_rounding = [n for k, n in consistent_denominators(pct_claim.value, max_n, decimals=pct_claim.decimals) if k == count]
        rows.append({
            "group": name,
            "count": count,
            "exact %": round(100 * ci.estimate, 2),
            "95% CI (%)": f"{100 * ci.lower:.1f}–{100 * ci.upper:.1f}",
            "printed": pct_claim.text,
            "rounded": f"{100 * count / n_total:.{pct_claim.decimals}f}%",
            "truncated": f"{truncated_percent(count, n_total, pct_claim.decimals):.{pct_claim.decimals}f}%",
            f"n that round to the printed % (≤ {max_n})": ", ".join(map(str, fits_rounding)) or "none",
        })
    return pd.DataFrame(rows).set_index("group")
