"""What kind of study stands behind the ledger's numbers: counts per review section or chapter and evidence level.

The counts behind the evidence maps of chapters 1 and 9 and of the
evidence-table appendix (drawn by :func:`analysis.plots.evidence_map`):

* :func:`counts_by_section` — ledger rows per review section and evidence level;
* :func:`evidence_by_chapter` — rows (or distinct cited works) per book chapter
  and evidence level or setting;
* :func:`preclinical_share` — how much of a chapter's evidence is preclinical;
* :func:`level_order` — levels, or settings grouped by level, in the book's order.
"""
from __future__ import annotations

import pandas as pd

from ..ledger import evidence
from ..ledger.chapters import chapter_for_section, review_sections, short_names
from ..ledger.evidence import EVIDENCE_LEVEL, EVIDENCE_LEVELS

__all__ = ["CLINICAL_LEVELS", "level_order", "section_key", "chapter_row_labels", "counts_by_section", "evidence_by_chapter",
           "preclinical_share"]

#: The three clinical evidence levels.
CLINICAL_LEVELS: tuple[str, ...] = ("clinical: observational", "clinical: trial", "clinical: meta-analysis")


def level_order(categories) -> list[str]:
    """Evidence levels (or settings, grouped by their level) in the order of :data:`analysis.ledger.evidence.EVIDENCE_LEVELS`."""
    def key(category):
        level = category if category in EVIDENCE_LEVELS else EVIDENCE_LEVEL.get(category)
        return (EVIDENCE_LEVELS.index(level) if level in EVIDENCE_LEVELS else len(EVIDENCE_LEVELS), category)
    return sorted(categories, key=key)


def section_key(section) -> tuple[int, ...]:
    """Sort key of a review section: ``"2.10"`` after ``"2.9"``, ``"4"`` before ``"4.1"``."""
    return tuple(int(part) for part in str(section).split("."))


def chapter_row_labels() -> list[str]:
    """Row labels of a map by chapter: ``"1. Introduction"``, …, ``"9. Conclusion"`` (from ``data/chapters.csv``)."""
    return [f"{number}. {name}" for number, name in short_names().items()]


def counts_by_section(rows: pd.DataFrame, *, collapse: bool = False) -> pd.DataFrame:
    """Ledger rows per review section (rows, in the review's order) and evidence level (columns).

    Every numbered section of the review appears (from
    :func:`analysis.ledger.chapters.review_sections`), with zeros where ``rows`` has
    none. ``collapse=True`` counts subsections with their section (2.1, 2.2
    and 2.3 as 2). ``rows`` needs ``section`` and ``evidence_level`` columns.
    """
    for column in ("section", "evidence_level"):
        if column not in rows.columns:
            raise ValueError(f"rows must have a {column!r} column (rows of analysis.ledger.evidence.claims())")

    def shown(section):
        return str(section).split(".")[0] if collapse else str(section)

    sections = rows["section"].map(shown)
    order = sorted({shown(s) for s in review_sections()} | set(sections), key=section_key)
    table = pd.crosstab(sections, rows["evidence_level"]).reindex(index=order, columns=list(EVIDENCE_LEVELS), fill_value=0)
    return table.fillna(0).astype(int)


def evidence_by_chapter(claims: pd.DataFrame | None = None, *, by: str = "claims", source: str | None = None,
                        split_by: str = "evidence_level") -> pd.DataFrame:
    """Count the ledger's evidence per book chapter and evidence group.

    Parameters
    ----------
    claims:
        The ledger (default: :func:`analysis.ledger.evidence.claims`); needs the
        columns ``section``, ``setting`` and ``source`` and, for
        ``by="references"``, ``key`` or ``doi``.
    by:
        ``"claims"`` counts ledger rows (numbers); ``"references"`` counts
        distinct cited works per chapter and group (a work whose rows sit in
        two groups counts in both; rows without any reference count together
        as one "uncited" source).
    source:
        ``None`` (all rows), ``"review"`` (numbers the review states) or
        ``"primary"`` (numbers read in the cited works).
    split_by:
        ``"evidence_level"`` (columns: the six levels of
        :data:`analysis.ledger.evidence.EVIDENCE_LEVELS`) or ``"setting"`` (columns:
        every setting of ``claims`` — before the ``source`` filter, so two
        sources give the same columns — grouped by level).

    Returns
    -------
    pandas.DataFrame
        Index: chapter number 1–9 (every chapter, zeros where the ledger has
        nothing); columns: the evidence levels (or settings); values: counts (integers).

    Raises ``ValueError`` naming ``by``, ``source``, ``split_by`` or ``claims`` if they are
    not allowed, or if a row's setting or section is unknown.
    """
    if by not in ("claims", "references"):
        raise ValueError(f"by must be 'claims' or 'references', got {by!r}")
    if source not in (None, "review", "primary"):
        raise ValueError(f"source must be None, 'review' or 'primary', got {source!r}")
    if split_by not in ("evidence_level", "setting"):
        raise ValueError(f"split_by must be 'evidence_level' or 'setting', got {split_by!r}")
    if claims is None:
        claims = evidence.claims()
    if not isinstance(claims, pd.DataFrame):
        raise ValueError(f"claims must be a pandas DataFrame (the ledger), got {type(claims).__name__}")
    needed = {"section", "setting", "source"}
    if not needed <= set(claims.columns):
        raise ValueError(f"claims must have the columns {sorted(needed)}; missing {sorted(needed - set(claims.columns))}")
    frame = claims if source is None else claims[claims["source"] == source]
    unknown = sorted(set(frame["setting"]) - set(EVIDENCE_LEVEL))
    if unknown:
        raise ValueError(f"claims has setting(s) not in analysis.ledger.evidence.EVIDENCE_LEVEL: {unknown}")
    work = pd.DataFrame({
        "chapter": [chapter_for_section(s) for s in frame["section"]],
        "group": (frame["setting"].map(EVIDENCE_LEVEL) if split_by == "evidence_level" else frame["setting"]).to_numpy(),
    })
    if by == "references":
        key = frame["key"] if "key" in frame.columns else pd.Series(pd.NA, index=frame.index)
        doi = frame["doi"].str.lower() if "doi" in frame.columns else pd.Series(pd.NA, index=frame.index)
        work["work"] = key.fillna(doi).fillna("(uncited)").to_numpy()
        work = work.drop_duplicates()
    counts = work.groupby(["chapter", "group"]).size().unstack(fill_value=0)
    columns = list(EVIDENCE_LEVELS) if split_by == "evidence_level" else level_order(set(claims["setting"]))
    counts = counts.reindex(index=list(short_names()), columns=columns, fill_value=0).fillna(0).astype(int)
    counts.index.name = "chapter"
    counts.columns.name = None
    return counts


def preclinical_share(counts: pd.DataFrame) -> pd.Series:
    """Share (0–1) of preclinical among preclinical + clinical counts, per chapter.

    Review-article and model rows are left out of both numerator and
    denominator; chapters with neither preclinical nor clinical counts get NaN.
    ``counts`` is a table from :func:`evidence_by_chapter`; raises
    ``ValueError`` naming ``counts`` if it lacks the evidence-group columns.
    """
    if not isinstance(counts, pd.DataFrame) or not {"preclinical", *CLINICAL_LEVELS} <= set(counts.columns):
        raise ValueError("counts must be a table from evidence_by_chapter (columns preclinical and clinical: ...)")
    clinical = counts[list(CLINICAL_LEVELS)].sum(axis=1)
    total = counts["preclinical"] + clinical
    return (counts["preclinical"] / total.where(total > 0)).rename("preclinical share")
