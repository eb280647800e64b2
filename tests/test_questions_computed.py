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


import math  # noqa: E402 (used by the block below)


# chapters 5-9 and m1
def _question_59(question_id: str):
    """The bank's row ``question_id`` (answer and tolerance as numbers)."""
    bank = load_questions().set_index("question_id")
    row = bank.loc[question_id]
    return float(row["answer"]), float(row["tolerance"])


def _assert_key_59(question_id: str, computed: float) -> None:
    answer, tolerance = _question_59(question_id)
    assert abs(answer - computed) <= tolerance, f"{question_id}: the key says {answer}, the book computes {computed}"


def test_dose_eqd2_sbrt_tumour():
    from analysis.radiobiology import schedule

    _assert_key_59("dose_eqd2_sbrt_tumour", schedule(54, 3).eqd2(10))


def test_dose_edic_worked_example():
    from analysis.edic import edic

    _assert_key_59("dose_edic_worked_example", edic(15, 10, 5, 30))


def test_sbrt_window_end_reading_b():
    from analysis import evidence

    cd8, treg = evidence.claim("sbrt_cd8_increase_days"), evidence.claim("sbrt_treg_dominance_days")
    _assert_key_59("sbrt_window_end_reading_b", cd8.upper + treg.upper)


def test_sbrt_wild_denominator():
    from analysis import evidence
    from analysis.stats import consistent_denominators

    reported = evidence.claim("wild2016_severe_lymphopenia_1m_sbrt_primary")
    arm = int(evidence.claim("wild2016_sbrt_n_primary").value)
    options = consistent_denominators(reported.value, arm, decimals=reported.decimals)
    assert len(options) == 1, "the question assumes a single consistent group size"
    _assert_key_59("sbrt_wild_denominator", options[0][1])


@pytest.mark.parametrize("question_id, end", [("protons_hr_inverted", "value"), ("protons_hr_inverted_upper", "lower")])
def test_protons_hr_inverted(question_id, end):
    from analysis import evidence

    _assert_key_59(question_id, 1 / getattr(evidence.claim("zhou2023_os_hr_primary"), end))


def test_protons_flash_orders():
    _assert_key_59("protons_flash_orders", math.log10(40.0 / 0.1))   # the chapter's textbook FLASH threshold and conventional rate


def test_future_n_problems():
    from analysis.open_problems import load_open_problems

    _assert_key_59("future_n_problems", len(load_open_problems()))


def test_future_n_retro():
    from analysis import evidence
    from analysis.stats import patients_per_arm

    after, before = evidence.claim("sequencing_after_rt_os6"), evidence.claim("sequencing_before_rt_os6")
    _assert_key_59("future_n_retro", patients_per_arm(before.value / 100, after.value / 100, alpha=0.05, power=0.8))


def test_survival_constant_hazard():
    from analysis.survival import Calibration, piecewise_hazards

    _assert_key_59("survival_constant_hazard", piecewise_hazards(Calibration(((12, 0.6),), label="sketch"))[0][2])
# end of chapters 5-9 and m1
