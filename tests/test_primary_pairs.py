"""analysis.audit.primary_pairs: the review's number beside the cited work's."""
import pytest

from analysis.audit import primary_pairs
from .synthetic import make_claims


def test_primary_vs_review_converts_and_compares():
    frame = make_claims(
        {"claim_id": "risk_review", "value": 65, "unit": "%"},
        {"claim_id": "hr_primary", "source": "primary", "value": 1.65, "value_text": "1.65"},
        {"claim_id": "n_review", "value": 177},
        {"claim_id": "n_primary", "source": "primary", "value": 176},
    )
    pairs = [
        ("risk_review", "hr_primary", "pct_increase_to_ratio", True, "as a ratio"),
        ("n_review", "n_primary", "", True, "cohort"),
        ("n_review", "hr_primary", "", False, "unrelated"),
    ]
    table = primary_pairs.primary_vs_review(frame, pairs)
    assert table["review_converted"].tolist() == pytest.approx([1.65, 177, 177])
    assert table["agrees"].tolist() == [True, False, None]
    with pytest.raises(ValueError, match="unknown conversion"):
        primary_pairs.primary_vs_review(frame, [("n_review", "n_primary", "log", True, "")])


def test_real_primary_pairs_agree_where_the_comparison_is_the_same():
    table = primary_pairs.primary_vs_review()
    same = table[table["same_comparison"]]
    assert same["agrees"].tolist() == [True] * len(same)
    assert table[~table["same_comparison"]]["agrees"].isna().all()


def test_load_review_primary_pairs(tmp_path):
    path = tmp_path / "pairs.csv"
    header = ",".join(primary_pairs.PAIR_COLUMNS)
    path.write_text(f"{header}\nrisk_review,hr_primary,pct_increase_to_ratio,yes,as a ratio\n", encoding="utf-8")
    pairs = primary_pairs.load_review_primary_pairs(path, claim_ids={"risk_review", "hr_primary"})
    assert pairs == [("risk_review", "hr_primary", "pct_increase_to_ratio", True, "as a ratio")]
    path.write_text(f"{header}\nrisk_review,hr_primary,log,maybe,\nhr_primary,gone,,no,x\n", encoding="utf-8")
    with pytest.raises(primary_pairs.PairsError) as caught:
        primary_pairs.load_review_primary_pairs(path, claim_ids={"risk_review", "hr_primary"})
    message = str(caught.value)
    assert "pairs.csv, line 2, column 'conversion'" in message and "line 2, column 'same_comparison'" in message
    assert "line 2, column 'note': must not be empty" in message
    assert "line 3, column 'primary_id': is not a claim_id" in message
    assert "line 3, columns 'review_id'/'primary_id': pair a review row with a primary row" in message


def test_the_real_pairs_file_loads():
    pairs = primary_pairs.load_review_primary_pairs()
    assert len(pairs) >= 10 and all(isinstance(pair.same_comparison, bool) for pair in pairs)
