"""Question-bank answers that a chapter computes (not a ledger value): recomputed here, so the key cannot drift."""
import math

import pytest

from analysis.ledger import evidence
from analysis.ledger.questions import load_answer_key, load_questions
from analysis.models import stats


def answer(question_id: str) -> float:
    """The bank's answer to ``question_id``, as a number."""
    bank = load_answer_key().set_index("question_id")
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


# chapters 5-9 and m1
def _question_59(question_id: str):
    """The bank's row ``question_id`` (answer and tolerance as numbers)."""
    bank = load_answer_key().set_index("question_id")
    row = bank.loc[question_id]
    return float(row["answer"]), float(row["tolerance"])


def _assert_key_59(question_id: str, computed: float) -> None:
    answer, tolerance = _question_59(question_id)
    assert abs(answer - computed) <= tolerance, f"{question_id}: the key says {answer}, the book computes {computed}"


def test_dose_eqd2_sbrt_tumour():
    from analysis.models.radiobiology import schedule

    _assert_key_59("dose_eqd2_sbrt_tumour", schedule(54, 3).eqd2(10))


def test_dose_edic_worked_example():
    from analysis.models.edic import edic

    _assert_key_59("dose_edic_worked_example", edic(15, 10, 5, 30))


def test_sbrt_window_end_reading_b():
    from analysis.ledger import evidence

    cd8, treg = evidence.claim("sbrt_cd8_increase_days"), evidence.claim("sbrt_treg_dominance_days")
    _assert_key_59("sbrt_window_end_reading_b", cd8.upper + treg.upper)


def test_sbrt_wild_denominator():
    from analysis.ledger import evidence
    from analysis.models.stats import consistent_denominators

    reported = evidence.claim("wild2016_severe_lymphopenia_1m_sbrt_primary")
    arm = int(evidence.claim("wild2016_sbrt_n_primary").value)
    options = consistent_denominators(reported.value, arm, decimals=reported.decimals)
    assert len(options) == 1, "the question assumes a single consistent group size"
    _assert_key_59("sbrt_wild_denominator", options[0][1])


@pytest.mark.parametrize("question_id, end", [("protons_hr_inverted", "value"), ("protons_hr_inverted_upper", "lower")])
def test_protons_hr_inverted(question_id, end):
    from analysis.ledger import evidence

    _assert_key_59(question_id, 1 / getattr(evidence.claim("zhou2023_os_hr_primary"), end))


def test_protons_flash_orders():
    _assert_key_59("protons_flash_orders", math.log10(40.0 / 0.1))   # the chapter's textbook FLASH threshold and conventional rate


def test_future_n_problems():
    from analysis.audit.open_problems import load_open_problems

    _assert_key_59("future_n_problems", len(load_open_problems()))


def test_future_n_retro():
    from analysis.ledger import evidence
    from analysis.models.stats import patients_per_arm

    after, before = evidence.claim("sequencing_after_rt_os6"), evidence.claim("sequencing_before_rt_os6")
    _assert_key_59("future_n_retro", patients_per_arm(before.value / 100, after.value / 100, alpha=0.05, power=0.8))


def test_survival_constant_hazard():
    from analysis.models.survival import Calibration, piecewise_hazards

    _assert_key_59("survival_constant_hazard", piecewise_hazards(Calibration(((12, 0.6),), label="sketch"))[0][2])
# end of chapters 5-9 and m1


# chapters 1-4 ----------------------------------------------------------------


def _key_ch1_4(question_id: str) -> tuple[float, float]:
    """The answer key's value and tolerance of one question (chapters 1-4)."""
    row = load_answer_key().set_index("question_id").loc[question_id]
    return float(row["answer"]), float(row["tolerance"])


def test_cold_hot_no_ici_min():
    from analysis.models.stats import smallest_denominator

    no_ici = evidence.claim("tanaka2023_os6_no_ici_primary")
    expected, tolerance = _key_ch1_4("cold_hot_no_ici_min")
    assert smallest_denominator(no_ici.value, decimals=no_ici.decimals) == pytest.approx(expected, abs=tolerance)


def test_synergy_g3_ci_lower():
    from analysis.models.stats import proportion_ci

    count = int(evidence.claim("lymphopenia_grade3_count").value)
    n = int(evidence.claim("cho2022_n_primary").value)
    expected, tolerance = _key_ch1_4("synergy_g3_ci_lower")
    assert 100 * proportion_ci(count, n).lower == pytest.approx(expected, abs=tolerance)


def test_synergy_hr_from_percent():
    expected, tolerance = _key_ch1_4("synergy_hr_from_percent")
    assert 1 + evidence.claim("ril_severe_death_risk_increase").value / 100 == pytest.approx(expected, abs=tolerance)


def test_immune_nlr_units():
    from analysis.models.immune import nlr

    expected, tolerance = _key_ch1_4("immune_nlr_units")
    assert nlr(4200 / 1000, 1300 / 1000) == pytest.approx(expected, abs=tolerance)   # cells/uL -> 10^9/L


def test_immune_kyn_trp():
    expected, tolerance = _key_ch1_4("immune_kyn_trp")
    assert 100 * ((1 + 0.20) / (1 - 0.10) - 1) == pytest.approx(expected, abs=tolerance)


def test_intro_empty_sections():
    from analysis.audit.evidence_map import counts_by_section

    ledger = evidence.claims()
    counts = counts_by_section(ledger[ledger["source"] == "review"])
    expected, tolerance = _key_ch1_4("intro_empty_sections")
    assert int((counts.sum(axis=1) == 0).sum()) == pytest.approx(expected, abs=tolerance)


def test_intro_trial_level_is_the_rarest():
    ledger = evidence.claims()
    levels = ledger.loc[ledger["source"] == "review", "evidence_level"].value_counts()
    assert levels.idxmin() == "clinical: trial"
    assert load_answer_key().set_index("question_id").loc["intro_trial_level", "answer"] == "c"


# --------------------------------------------------------------------------- r1: the randomised trials

def test_trials_pacific_randomised_whom():
    from analysis.models.trials import trials

    row = trials().set_index("row_id").loc["pacific_pfs_primary"]
    assert row["randomised_when"] == "after_crt_without_progression"
    assert load_answer_key().set_index("question_id").loc["trials_pacific_randomised_whom", "answer"] == "a"


def test_trials_count_consolidation():
    from analysis.models.trials import hazard_ratio_rows, trials

    _assert_key_59("trials_count_consolidation", len(hazard_ratio_rows(trials(), classes=["consolidation_after_crt"])))


def test_trials_z_99_73():
    from analysis.models.trials import z_for_level

    _assert_key_59("trials_z_99_73", z_for_level(99.73))


def test_trials_se_pacific_os_from_the_data():
    from analysis.models.trials import log_se_from_interval, trials

    row = trials().set_index("row_id").loc["pacific_os_primary"]
    question = load_questions().set_index("question_id").loc["trials_se_pacific_os", "question"]
    for value in (row["ci_level"], row["ci_lower"], row["ci_upper"]):
        assert f"{value:g}" in question, f"the question no longer states the data's {value:g}"
    _assert_key_59("trials_se_pacific_os", log_se_from_interval(row["ci_lower"], row["ci_upper"], row["ci_level"]))


def test_trials_weak_source_is_the_news_only_row():
    from analysis.models.trials import WEAK_SOURCE_KINDS, hazard_ratio_rows, trials

    kinds = hazard_ratio_rows(trials()).set_index("comparison")["source_kind"]
    assert kinds["ea5181"] in WEAK_SOURCE_KINDS
    assert all(kinds[c] == "journal abstract" for c in ("pacific", "checkmate577", "adriatic"))
