"""Tests for analysis.roadmap: open problems, section → chapter mapping, evidence counts, trial size."""
from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from analysis import ROOT, evidence  # noqa: E402
from analysis.roadmap import (  # noqa: E402
    ALLOWED_LABELS,
    CHAPTER_LABELS,
    EVIDENCE_GROUPS,
    OPEN_PROBLEM_COLUMNS,
    OpenProblemsError,
    chapter_for_section,
    chapter_label_for_section,
    evidence_by_chapter,
    load_open_problems,
    open_problems_markdown,
    plot_evidence_by_chapter,
    preclinical_share,
)

HEADER = ",".join(OPEN_PROBLEM_COLUMNS)
KNOWN = {"claim_a", "claim_b"}
GOOD = [
    "When to give the drug?,chapter-cold-to-hot,claim_a;claim_b,9,68,randomised trial",
    "Does CAR-T help?,chapter-future,,8,,phase I trial",
]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def write(tmp_path, *lines, header=HEADER, raw=None):
    path = tmp_path / "open_problems.csv"
    if raw is not None:
        path.write_bytes(raw)
    else:
        path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return path


def problems_of(path) -> str:
    with pytest.raises(OpenProblemsError) as caught:
        load_open_problems(path, claim_ids=KNOWN)
    assert isinstance(caught.value, ValueError)
    return str(caught.value)


# ---------------------------------------------------------------- the real files
def test_labels_match_contributing_md():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    labels = set(re.findall(r"^\| `[^`]+` \| `([a-z0-9-]+)` \|", text, flags=re.M))
    assert labels == set(ALLOWED_LABELS)
    for number, label in CHAPTER_LABELS.items():
        assert re.search(rf"`chapters/0{number}_[a-z_]+\.md` \| `{label}`", text), label


def test_real_open_problems_load_and_point_to_the_ledger():
    table = load_open_problems()
    assert len(table) >= 10
    assert list(table.columns) == list(OPEN_PROBLEM_COLUMNS)
    ids = set(evidence.claims()["claim_id"])
    for claim_ids in table["evidence_claim_ids"]:
        assert set(claim_ids) <= ids
    # The review's section 8 themes are all there.
    text = " ".join(table["problem"]).lower()
    for theme in ("nlr", "ido", "lag-3", "tim-3", "tigit", "proton", "car-t", "long"):
        assert theme in text, theme
    assert table["kind_of_study_needed"].str.len().min() > 20


def test_real_table_renders_links_and_citations():
    table = load_open_problems()
    markdown = open_problems_markdown(table)
    lines = markdown.strip().splitlines()
    assert len(lines) == len(table) + 2
    assert all(line.count(" | ") == 4 for line in lines[2:])
    assert "{ref}`chapter-cold-to-hot`" in markdown
    assert "{cite:p}`tanaka2023`" in markdown
    assert "94.7%" in markdown  # the ledger value, as the review wrote it


# ---------------------------------------------------------------- loader
def test_good_file_parses(tmp_path):
    table = load_open_problems(write(tmp_path, *GOOD), claim_ids=KNOWN)
    assert list(table.index) == [2, 3]
    assert table.loc[2, "evidence_claim_ids"] == ("claim_a", "claim_b")
    assert table.loc[3, "evidence_claim_ids"] == ()
    assert table.loc[2, "ref"] == 68
    assert pd.isna(table.loc[3, "ref"])
    assert str(table["ref"].dtype) == "Int64"


def test_unknown_claim_id_names_file_line_and_column(tmp_path):
    message = problems_of(write(tmp_path, GOOD[0], "Other?,chapter-dose,claim_a; claim_zzz,5,71,a randomised trial"))
    assert "open_problems.csv, line 3, column 'evidence_claim_ids'" in message
    assert "claim_zzz" in message and "not in data/claims.csv" in message


def test_bad_label_section_ref_and_empty_cells(tmp_path):
    message = problems_of(write(tmp_path, ",chapter-nine,,8.10,96,"))
    assert "line 2, column 'problem': must not be empty" in message
    assert "line 2, column 'chapter_label'" in message and "'chapter-nine'" in message
    assert "line 2, column 'review_section'" in message
    assert "line 2, column 'ref'" in message and "'96'" in message
    assert "line 2, column 'kind_of_study_needed': must not be empty" in message


def test_repeated_problem_and_repeated_claim(tmp_path):
    message = problems_of(write(tmp_path, GOOD[0], "when to give the drug?,chapter-dose,claim_a;claim_a,5,,cohort study"))
    assert "line 3, column 'problem': repeats the problem on line 2" in message
    assert "claim id listed twice" in message


def test_malformed_claim_id_and_non_numeric_ref(tmp_path):
    message = problems_of(write(tmp_path, "Q?,chapter-dose,Claim-A,5,ref71,trial"))
    assert "snake_case" in message and "'Claim-A'" in message
    assert "'ref71'" in message


def test_header_and_shape_problems(tmp_path):
    message = problems_of(write(tmp_path, "a,b", header="problem,chapter,extra"))
    assert "line 1: missing column(s)" in message and "'chapter_label'" in message
    assert "unexpected column(s) 'chapter', 'extra'" in message
    message = problems_of(write(tmp_path, "only,three,fields"))
    assert "line 2: has 3 fields but the header has 6" in message


def test_empty_missing_bom_and_headers_only(tmp_path):
    assert "file not found" in problems_of(tmp_path / "nope.csv")
    assert "file is empty" in problems_of(write(tmp_path, raw=b""))
    assert "byte-order mark" in problems_of(write(tmp_path, raw=b"\xef\xbb\xbf" + HEADER.encode()))
    assert "no data rows" in problems_of(write(tmp_path))


def test_markdown_rejects_other_frames():
    with pytest.raises(ValueError, match="load_open_problems"):
        open_problems_markdown(pd.DataFrame({"problem": ["x"]}))


# ---------------------------------------------------------------- sections → chapters
@pytest.mark.parametrize(("section", "chapter"), [("1", 1), ("2.1", 2), ("2.3", 2), ("3.3", 3), ("4.2", 4), (5, 5), ("7", 7), ("9", 9)])
def test_chapter_for_section(section, chapter):
    assert chapter_for_section(section) == chapter


def test_chapter_label_for_section():
    assert chapter_label_for_section("4.1") == "chapter-cold-to-hot"
    assert chapter_label_for_section("6") == "chapter-sbrt"


@pytest.mark.parametrize("bad", ["0", "10", "2.", "2.10", "", "abc", None, 2.3, True])
def test_chapter_for_section_rejects(bad):
    with pytest.raises(ValueError, match="section"):
        chapter_for_section(bad)


# ---------------------------------------------------------------- evidence counts
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
    assert list(counts.columns) == list(EVIDENCE_GROUPS)
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


def test_plot_evidence_by_chapter():
    counts = evidence_by_chapter(small_ledger())
    ax = plot_evidence_by_chapter(counts, chapter_names={2: "Immune effects"})
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[1] == "2. Immune effects" and labels[0] == "Chapter 1"
    assert len(labels) == 9
    assert "(count)" in ax.get_xlabel() and ax.get_ylabel()
    texts = [t.get_text() for t in ax.texts]
    assert texts.count("no numbers in the ledger") == 5
    assert len(ax.get_legend().get_texts()) == len(EVIDENCE_GROUPS)
    default = plot_evidence_by_chapter(counts, ax=plt.subplots()[1])
    assert [t.get_text() for t in default.get_yticklabels()][0] == "1. Introduction"
    with pytest.raises(ValueError, match="counts"):
        plot_evidence_by_chapter(pd.DataFrame({"x": [1]}))
    with pytest.raises(ValueError, match="unit"):
        plot_evidence_by_chapter(counts, unit="papers")
