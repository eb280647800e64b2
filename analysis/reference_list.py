"""Checks of the review's reference list: one work listed under two numbers.

:func:`duplicate_references` finds DOIs that the numbered list holds more
than once (the review cites one work as refs. 15 and 67).
"""
from __future__ import annotations

import pandas as pd

from . import evidence

__all__ = ["duplicate_references"]


def duplicate_references(references_frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """DOIs that the review's numbered reference list holds under more than one number.

    Returns ``doi``, ``refs`` (tuple of reference numbers), ``keys`` (tuple of
    BibTeX keys) and ``title`` (of the first), one row per repeated DOI.
    Works without a ref number (the book's own additions) are ignored.
    """
    frame = evidence.references() if references_frame is None else references_frame
    for column in ("ref", "doi", "key", "title"):
        if column not in frame.columns:
            raise ValueError(f"references_frame must have a {column!r} column")
    numbered = frame.dropna(subset=["ref"]).copy()
    numbered["doi_norm"] = numbered["doi"].str.strip().str.lower()
    rows = []
    for doi, group in numbered.groupby("doi_norm", sort=True):
        if len(group) > 1:
            group = group.sort_values("ref")
            rows.append({
                "doi": doi, "refs": tuple(int(r) for r in group["ref"]), "keys": tuple(group["key"]),
                "title": group["title"].iloc[0],
            })
    return pd.DataFrame(rows, columns=["doi", "refs", "keys", "title"])
