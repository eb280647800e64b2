"""The audit appendix's tables as a reader sees them: columns picked, renamed and written out, rows ordered.

Each function takes the table its check computes and returns the one the
appendix prints (``analysis.render.html_table`` turns it into HTML):

* :func:`count_check_table` — :func:`analysis.audit.percent_checks.percent_count_checks`;
* :func:`n_check_table` — :func:`analysis.audit.percent_checks.percent_n_checks`;
* :func:`ordering_table` — :func:`analysis.audit.orderings.ordering_checks`;
* :func:`duplicate_table` — :func:`analysis.audit.reference_list.duplicate_references`;
* :func:`comparison_table` — :func:`analysis.audit.primary_pairs.primary_vs_review`;
* :func:`findings_in_reading_order` — :func:`analysis.ledger.findings.load_findings`.

Values keep their units (percentages in %, group sizes in patients); lists
of candidate sizes or counts are written "12, 13" or "none". A missing
column raises ``ValueError`` naming the table and the columns it lacks.
"""
from __future__ import annotations

import pandas as pd

from ..ledger.findings import CATEGORIES

__all__ = [
    "count_check_table",
    "n_check_table",
    "ordering_table",
    "duplicate_table",
    "comparison_table",
    "findings_in_reading_order",
]

#: The order of severities within a category of findings, most serious first.
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


def _require(table: pd.DataFrame, columns: list[str], name: str) -> None:
    if not isinstance(table, pd.DataFrame):
        raise ValueError(f"{name} must be a DataFrame, got {type(table).__name__}")
    missing = [column for column in columns if column not in table.columns]
    if missing:
        raise ValueError(f"{name} lacks column(s) {missing}: pass the table its check returns")


def _listed(values) -> str:
    """``(12, 13)`` -> ``"12, 13"``; an empty list -> ``"none"``."""
    return ", ".join(map(str, values)) or "none"


def count_check_table(checks: pd.DataFrame) -> pd.DataFrame:
    """The count-and-percentage checks as printed: the group sizes (patients) that reproduce each pair.

    ``checks`` is :func:`analysis.audit.percent_checks.percent_count_checks`. The
    implied size ``100·count/%`` is rounded to two decimals; sizes that
    reproduce the percentage by rounding or by cutting off are listed (or
    "none"); a stated size is shown where the ledger has one.
    """
    columns = ["cohort", "pct_id", "count", "percent", "implied_n", "rounding_ns", "truncation_ns", "stated_n"]
    _require(checks, columns, "checks")
    shown = checks.assign(
        rounding_ns=checks["rounding_ns"].map(_listed),
        truncation_ns=checks["truncation_ns"].map(_listed),
        implied_n=checks["implied_n"].round(2),
        stated_n=checks["stated_n"].astype(object).where(checks["stated_n"].notna(), ""),
    ).rename(columns={"pct_id": "percentage row", "implied_n": "100·count/%", "rounding_ns": "n (rounded)",
                      "truncation_ns": "n (cut)", "stated_n": "stated n"})
    return shown[["cohort", "percentage row", "count", "percent", "100·count/%", "n (rounded)", "n (cut)", "stated n"]]


def n_check_table(by_n: pd.DataFrame) -> pd.DataFrame:
    """The percentage-and-group-size checks as printed: the counts (patients) that reproduce each percentage.

    ``by_n`` is :func:`analysis.audit.percent_checks.percent_n_checks`; counts are
    listed (or "none"), with whether the percentage is a survival estimate
    and why that group size was taken.
    """
    _require(by_n, ["pct_id", "percent", "n", "counts", "time_to_event", "reason"], "by_n")
    return (by_n.assign(counts=by_n["counts"].map(_listed))
            [["pct_id", "percent", "n", "counts", "time_to_event", "reason"]]
            .rename(columns={"pct_id": "percentage row", "counts": "counts that fit", "time_to_event": "survival estimate",
                             "reason": "why this n"}))


def ordering_table(orderings: pd.DataFrame) -> pd.DataFrame:
    """The ordering checks as printed: both sides, the relation, whether it holds and why it should.

    ``orderings`` is :func:`analysis.audit.orderings.ordering_checks`; the kind is
    written in words ("must hold", "expectation").
    """
    columns = ["check_id", "kind", "left_value", "relation", "right_value", "holds", "reason"]
    _require(orderings, columns, "orderings")
    return (orderings[columns].assign(kind=orderings["kind"].str.replace("_", " "))
            .rename(columns={"left_value": "left", "right_value": "right"}))


def duplicate_table(duplicates: pd.DataFrame) -> pd.DataFrame:
    """The works the review lists twice, as printed: reference numbers and keys written as lists.

    ``duplicates`` is :func:`analysis.audit.reference_list.duplicate_references`.
    """
    _require(duplicates, ["doi", "refs", "keys", "title"], "duplicates")
    return duplicates.assign(refs=duplicates["refs"].map(lambda refs: ", ".join(map(str, refs))),
                             keys=duplicates["keys"].map(", ".join))


def comparison_table(side_by_side: pd.DataFrame) -> pd.DataFrame:
    """The review's numbers beside the cited works', as printed ("yes"/"no" where they compare).

    ``side_by_side`` is :func:`analysis.audit.primary_pairs.primary_vs_review`; the
    review's value is shown on the source's scale.
    """
    columns = ["review_id", "review_converted", "primary_id", "primary_value", "agrees", "note"]
    _require(side_by_side, columns, "side_by_side")
    return (side_by_side[columns]
            .assign(agrees=side_by_side["agrees"].map({True: "yes", False: "no"}).fillna(""))
            .rename(columns={"review_converted": "review (on the source's scale)", "primary_value": "source"}))


def findings_in_reading_order(findings: pd.DataFrame) -> pd.DataFrame:
    """The curated findings in the order the appendix prints them.

    By category (in :data:`analysis.ledger.findings.CATEGORIES` order), then
    severity (high, medium, low), then review section and finding id.
    ``findings`` is :func:`analysis.ledger.findings.load_findings`; the columns are
    kept, the helper sort keys are not.
    """
    _require(findings, ["category", "severity", "section", "finding_id"], "findings")
    order = {category: position for position, category in enumerate(CATEGORIES)}
    keys = findings.assign(_c=findings["category"].map(order), _s=findings["severity"].map(SEVERITY_ORDER))
    return keys.sort_values(["_c", "_s", "section", "finding_id"]).drop(columns=["_c", "_s"])
