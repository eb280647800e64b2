"""Question-bank answers that a chapter computes (not a ledger value): recomputed here, so the key cannot drift."""
import pytest

from analysis import evidence, stats
from analysis.questions import load_questions


def answer(question_id: str) -> float:
    """The bank's answer to ``question_id``, as a number."""
    bank = load_questions().set_index("question_id")
    return float(bank.loc[question_id, "answer"])


# --------------------------------------------------------------------------- a2: checking the review

def test_audit_exact_share_is_the_cohort_share_rounded():
    count = evidence.claim("cho2022_grade3_count_primary").value
    cohort = evidence.claim("cho2022_n_primary").value
    assert answer("audit_exact_share") == pytest.approx(round(100 * count / cohort, 1))


def test_audit_dolphin_safety_set_is_the_only_fit_between_30_and_35():
    pneumonitis = evidence.claim("tachihara2023_pneumonitis_primary")
    fits = stats.consistent_denominators(pneumonitis.value, 35, decimals=pneumonitis.decimals, min_n=30)
    assert [n for _, n in fits] == [answer("audit_dolphin_safety_set")]
