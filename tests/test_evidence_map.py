"""analysis.audit.evidence_map: ledger counts per review section or chapter, by evidence level or setting."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.audit.evidence_map import (
    chapter_row_labels,
    counts_by_section,
    evidence_by_chapter,
    level_order,
    preclinical_share,
)
from analysis.ledger import evidence
from analysis.ledger.evidence import EVIDENCE_LEVELS


def small_ledger() -> pd.DataFrame:
    return pd.DataFrame({
        "section": ["2.3", "2.1", "3.2", "3.2", "3.2", "5", "7"],
        "setting": ["mouse model", "phase II trial", "meta-analysis", "meta-analysis", "mouse model", "dosimetric model", "review"],
        "source": ["review", "primary", "primary", "primary", "review", "primary", "review"],
        "key": ["a", "b", "c", "c", "d", "e", pd.NA],
        "doi": ["10.1/a", "10.1/b", "10.1/c", "10.1/c", "10.1/d", "10.1/e", pd.NA],
    })


def test_evidence_by_chapter_counts_claims():
    counts = evidence_by_chapter(small_ledger())
    assert list(counts.index) == list(range(1, 10))
    assert list(counts.columns) == list(EVIDENCE_LEVELS)
    assert counts.loc[2, "preclinical"] == 1 and counts.loc[2, "clinical: trial"] == 1
    assert counts.loc[3, "clinical: meta-analysis"] == 2
    assert counts.loc[5, "model"] == 1 and counts.loc[7, "review"] == 1
    assert counts.loc[[1, 4, 6, 8, 9]].to_numpy().sum() == 0
    assert counts.to_numpy().sum() == len(small_ledger())


def test_evidence_by_chapter_counts_references_and_filters_source():
    refs = evidence_by_chapter(small_ledger(), by="references")
    assert refs.loc[3, "clinical: meta-analysis"] == 1  # two rows, one work
    assert refs.loc[7, "review"] == 1  # the uncited row still counts once
    review_only = evidence_by_chapter(small_ledger(), source="review")
    assert review_only.to_numpy().sum() == 3
    assert review_only.loc[3, "clinical: meta-analysis"] == 0


def test_evidence_by_chapter_on_the_real_ledger():
    counts = evidence_by_chapter()
    assert counts.to_numpy().sum() == len(evidence.claims())
    assert (counts >= 0).all().all()


@pytest.mark.parametrize(("kwargs", "word"), [({"by": "rows"}, "by"), ({"source": "both"}, "source")])
def test_evidence_by_chapter_bad_arguments(kwargs, word):
    with pytest.raises(ValueError, match=word):
        evidence_by_chapter(small_ledger(), **kwargs)


def test_evidence_by_chapter_bad_ledger():
    with pytest.raises(ValueError, match="claims"):
        evidence_by_chapter([1, 2, 3])
    with pytest.raises(ValueError, match="claims"):
        evidence_by_chapter(pd.DataFrame({"section": ["2"]}))
    bad = small_ledger().assign(setting="anecdote")
    with pytest.raises(ValueError, match="setting"):
        evidence_by_chapter(bad)
    with pytest.raises(ValueError, match="section"):
        evidence_by_chapter(small_ledger().assign(section="12"))


def test_preclinical_share():
    share = preclinical_share(evidence_by_chapter(small_ledger()))
    assert share[2] == pytest.approx(0.5)
    assert share[3] == pytest.approx(1 / 3)
    assert pd.isna(share[5]) and pd.isna(share[1])  # model-only and empty chapters
    with pytest.raises(ValueError, match="counts"):
        preclinical_share(pd.DataFrame({"x": [1]}))


def test_evidence_by_chapter_split_by_setting_keeps_every_setting_of_the_frame():
    review = evidence_by_chapter(small_ledger(), source="review", split_by="setting")
    primary = evidence_by_chapter(small_ledger(), source="primary", split_by="setting")
    assert list(review.columns) == list(primary.columns) == level_order(set(small_ledger()["setting"]))
    assert list(review.columns)[:2] == ["mouse model", "dosimetric model"]  # preclinical, then model
    assert review.loc[2, "mouse model"] == 1 and primary.loc[3, "meta-analysis"] == 2
    with pytest.raises(ValueError, match="split_by"):
        evidence_by_chapter(small_ledger(), split_by="study")


def test_counts_by_section_lists_every_review_section():
    rows = small_ledger().assign(evidence_level=lambda d: d["setting"].map(evidence.EVIDENCE_LEVEL))
    table = counts_by_section(rows)
    assert list(table.index) == ["1", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3", "4", "4.1", "4.2", "5", "6", "7", "8", "9"]
    assert list(table.columns) == list(EVIDENCE_LEVELS)
    assert table.loc["3.2", "clinical: meta-analysis"] == 2 and table.loc["1"].sum() == 0
    collapsed = counts_by_section(rows, collapse=True)
    assert list(collapsed.index) == [str(n) for n in range(1, 10)] and collapsed.loc["3"].sum() == 3
    with pytest.raises(ValueError, match="evidence_level"):
        counts_by_section(small_ledger())


def test_chapter_row_labels():
    labels = chapter_row_labels()
    assert labels[0] == "1. Introduction" and len(labels) == 9
