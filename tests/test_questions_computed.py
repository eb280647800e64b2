"""Numeric answers of the question bank that are computed, not read from the ledger.

Each such answer is recomputed here with `analysis`, one test per question, so
the answer key cannot drift from the chapters. Blocks per group of chapters.
"""


# chapters 1-4 ----------------------------------------------------------------

import pytest  # noqa: E402

from analysis import evidence  # noqa: E402
from analysis.questions import load_questions  # noqa: E402


def _key_ch1_4(question_id: str) -> tuple[float, float]:
    """The answer key's value and tolerance of one question (chapters 1-4)."""
    row = load_questions().set_index("question_id").loc[question_id]
    return float(row["answer"]), float(row["tolerance"])


def test_cold_hot_no_ici_min():
    from analysis.stats import smallest_denominator

    no_ici = evidence.claim("tanaka2023_os6_no_ici_primary")
    expected, tolerance = _key_ch1_4("cold_hot_no_ici_min")
    assert smallest_denominator(no_ici.value, decimals=no_ici.decimals) == pytest.approx(expected, abs=tolerance)


def test_synergy_g3_ci_lower():
    from analysis.stats import proportion_ci

    count = int(evidence.claim("lymphopenia_grade3_count").value)
    n = int(evidence.claim("cho2022_n_primary").value)
    expected, tolerance = _key_ch1_4("synergy_g3_ci_lower")
    assert 100 * proportion_ci(count, n).lower == pytest.approx(expected, abs=tolerance)


def test_synergy_hr_from_percent():
    expected, tolerance = _key_ch1_4("synergy_hr_from_percent")
    assert 1 + evidence.claim("ril_severe_death_risk_increase").value / 100 == pytest.approx(expected, abs=tolerance)


def test_immune_nlr_units():
    from analysis.immune import nlr

    expected, tolerance = _key_ch1_4("immune_nlr_units")
    assert nlr(4200 / 1000, 1300 / 1000) == pytest.approx(expected, abs=tolerance)   # cells/uL -> 10^9/L


def test_immune_kyn_trp():
    expected, tolerance = _key_ch1_4("immune_kyn_trp")
    assert 100 * ((1 + 0.20) / (1 - 0.10) - 1) == pytest.approx(expected, abs=tolerance)


def test_intro_empty_sections():
    from analysis.evidence_map import counts_by_section

    ledger = evidence.claims()
    counts = counts_by_section(ledger[ledger["source"] == "review"])
    expected, tolerance = _key_ch1_4("intro_empty_sections")
    assert int((counts.sum(axis=1) == 0).sum()) == pytest.approx(expected, abs=tolerance)


def test_intro_trial_level_is_the_rarest():
    ledger = evidence.claims()
    levels = ledger.loc[ledger["source"] == "review", "evidence_level"].value_counts()
    assert levels.idxmin() == "clinical: trial"
    assert load_questions().set_index("question_id").loc["intro_trial_level", "answer"] == "c"
