"""Checks of the review's reference list: one work listed under two numbers.

:func:`repeated_dois` is the one rule (a DOI, compared without case or
surrounding spaces, under more than one reference number);
:func:`duplicate_references` applies it to ``data/references.csv`` (the
review cites one work as refs. 15 and 67), and ``booktools.references``
to the list parsed from the review's text.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import pandas as pd

from ..ledger import evidence

__all__ = ["repeated_dois", "duplicate_references"]


def repeated_dois(numbered: Iterable[tuple[int | None, str]]) -> dict[str, tuple[int, ...]]:
    """DOIs listed under more than one reference number.

    ``numbered`` holds ``(reference number, DOI)`` pairs; a pair without a
    number (a work the book adds, not the review's) is left out. DOIs are
    compared in lower case without surrounding spaces. Returns ``{doi: numbers}``
    (the DOI in lower case, its numbers ascending), sorted by DOI.
    """
    numbers: dict[str, list[int]] = defaultdict(list)
    for number, doi in numbered:
        if number is not None and not pd.isna(number):
            numbers[str(doi).strip().lower()].append(int(number))
    return {doi: tuple(sorted(refs)) for doi, refs in sorted(numbers.items()) if len(refs) > 1}


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
    by_ref = frame.dropna(subset=["ref"]).assign(ref=lambda f: f["ref"].astype(int)).set_index("ref")
    rows = []
    for doi, refs in repeated_dois(zip(by_ref.index, by_ref["doi"])).items():
        group = by_ref.loc[list(refs)]
        rows.append({"doi": doi, "refs": refs, "keys": tuple(group["key"]), "title": group["title"].iloc[0]})
    return pd.DataFrame(rows, columns=["doi", "refs", "keys", "title"])
