"""analysis.audit.open_problems: the open-problems table, its loader's messages and its Markdown."""
from __future__ import annotations

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from analysis.audit.open_problems import (  # noqa: E402
    OPEN_PROBLEM_COLUMNS,
    OpenProblemsError,
    load_open_problems,
    open_problems_markdown,
)
from analysis.ledger import evidence  # noqa: E402

HEADER = ",".join(OPEN_PROBLEM_COLUMNS)
KNOWN = {"claim_a", "claim_b"}
GOOD = [
    "When to give the drug?,chapter-cold-to-hot,claim_a;claim_b,9,68,randomised trial",
    "Does CAR-T help?,chapter-future,,8,,phase I trial",
]


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
