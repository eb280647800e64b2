"""The two lines every reader meets first: how recent the literature is, and what the book is not for (issue 20).

A medical text says when its literature stops and that it is no guide to
treating anyone. The date is read from the data, never typed: the year of the
review (``data/extra_works.csv``) and of the newest work it cites
(``data/references.csv``, the rows numbered as the review numbers them). The lines go on the home page (a MyST substitution
set by :mod:`booktools.sphinx_edition`, used in ``intro.md``), at the top of
every reader's notebook (:mod:`booktools.sphinx_notebooks`) and so into the
printed book, whose first pages print the home page.
"""
from __future__ import annotations

import csv
from pathlib import Path

from . import ROOT

REVIEW_KEY = "jiang2025"


def literature_years(root: Path = ROOT) -> tuple[int, int]:
    """``(year of the review, year of the newest work it cites)``, from the data."""
    with open(root / "data" / "extra_works.csv", encoding="utf8", newline="") as handle:
        review = next(int(row["year"]) for row in csv.DictReader(handle) if row["key"] == REVIEW_KEY)
    with open(root / "data" / "references.csv", encoding="utf8", newline="") as handle:
        # The review's own reference list: the rows with a reference number (the others are works the book adds).
        cited = [int(row["year"]) for row in csv.DictReader(handle) if row["ref"].strip() and row["year"].isdigit()]
    return review, max(cited)


def notice_lines(root: Path = ROOT) -> tuple[str, str]:
    """The "literature as of" line and the "for teaching, not for clinical decisions" line (Markdown)."""
    review, newest = literature_years(root)
    as_of = max(review, newest)
    literature = (f"**Literature as of {as_of}.** This edition retells the review by Jiang et al. ({review}) and "
                  f"the works it cites, the newest of them from {newest}; apart from the randomised trials and "
                  f"patient-level data the book adds (each with its source), studies published since are not in it.")
    teaching = ("**For teaching, not for clinical decisions.** The book explains and checks a review for "
                "students and teachers; it is not a clinical guideline and must not be used to choose or "
                "change any patient's treatment.")
    return literature, teaching
