"""The question bank's computed numeric questions as templates: parameters in, question and answer out.

Each :class:`Template` names a numeric question of ``data/questions`` whose
answer the book computes (from ledger values or from the chapter's worked
example). ``book()`` gives the parameters of the book's own edition (read from
the ledger where the question quotes it), ``draw(rng)`` a new set within
plausible ranges, ``text`` the question with ``{placeholders}``, and
``answer(**parameters)`` computes the answer with the same ``analysis`` code
the chapters use. With the book's parameters, ``text`` gives the public
question word for word and ``answer`` the key in ``instructor/answers``
(tested), so a variant is the same question with other numbers.

The answers of variants are never written anywhere public: ``make quiz``
(:mod:`booktools.quiz`) writes them into a folder the build does not publish.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from analysis.ledger import evidence
from analysis.models.edic import edic
from analysis.models.immune import nlr
from analysis.models.radiobiology import schedule
from analysis.models.stats import consistent_denominators, patients_per_arm, proportion_ci, smallest_denominator
from analysis.models.survival import Calibration, piecewise_hazards
from analysis.models.trials import log_se_from_interval, trials, z_for_level

__all__ = ["Template", "TEMPLATES", "template", "MAX_TRIES"]

#: Draws per variant before a template gives up finding parameters that meet its condition.
MAX_TRIES = 1000


@dataclass(frozen=True)
class Template:
    """A numeric question with parameters.

    ``tolerance`` (absolute) and ``decimals`` (how a variant's answer is
    written in its key) apply to every variant; ``draw`` may return ``None``
    for a draw that does not make a fair question (drawn again).
    """

    question_id: str
    text: str
    book: Callable[[], dict[str, Any]]
    draw: Callable[[np.random.Generator], dict[str, Any] | None]
    answer: Callable[..., float]
    tolerance: float
    decimals: int

    def question(self, parameters: dict[str, Any]) -> str:
        """The question with ``parameters`` filled in."""
        return self.text.format(**parameters)

    def variant(self, rng: np.random.Generator) -> dict[str, Any]:
        """A fair set of parameters drawn with ``rng`` (raises ``RuntimeError`` after :data:`MAX_TRIES` draws)."""
        for _ in range(MAX_TRIES):
            parameters = self.draw(rng)
            if parameters is not None:
                return parameters
        raise RuntimeError(f"{self.question_id}: no fair parameters in {MAX_TRIES} draws")


def _value(claim_id: str) -> float:
    return evidence.claim(claim_id).value


def _pct(count: int, n: int) -> str:
    """A percentage as a study prints it, to one decimal (``39, 66`` → ``"59.1"``)."""
    return f"{100 * count / n:.1f}"


def _integer(value: float) -> int:
    if value != int(value):
        raise ValueError(f"expected a whole number, got {value}")
    return int(value)


def _count_and_n(rng: np.random.Generator, low: int, high: int) -> tuple[int, int]:
    n = int(rng.integers(low, high + 1))
    return int(rng.integers(1, n)), n


def _unique_fit(percent: str, low: int, high: int) -> int | None:
    """The only group size from ``low`` to ``high`` that reproduces ``percent``, or ``None``."""
    fits = consistent_denominators(percent, high, min_n=low)
    return fits[0][1] if len(fits) == 1 else None


def _draw_no_ici(rng):
    count, n = _count_and_n(rng, 10, 60)
    percent = _pct(count, n)   # a percentage that a small group gives (50.0: 1 of 2) makes no question
    return {"total": int(rng.integers(n + 20, n + 61)), "pct": percent} if smallest_denominator(percent) >= 8 else None


def _draw_wild(rng):
    arm = int(rng.integers(20, 61))
    count, n = int(rng.integers(1, arm // 2)), int(rng.integers(arm - 8, arm))
    percent = _pct(min(count, n - 1), n)
    return {"pct": percent, "arm": arm} if _unique_fit(percent, 1, arm) else None


def _draw_dolphin(rng):
    low = int(rng.integers(20, 51))
    count, n = int(rng.integers(1, low)), int(rng.integers(low, low + 6))
    percent = _pct(count, n)
    return {"pct": percent, "low": low, "high": low + 5} if _unique_fit(percent, low, low + 5) else None


def _draw_window(rng):
    start = int(rng.integers(3, 7))
    treg_low = int(rng.integers(7, 13))
    return {"cd8_low": start, "cd8_high": start + int(rng.integers(2, 5)),
            "treg_low": treg_low, "treg_high": treg_low + int(rng.integers(3, 9))}


def _draw_interval(rng):
    lower = round(float(rng.uniform(1.02, 1.40)), 2)
    return {"lower": f"{lower:.2f}", "upper": f"{lower + float(rng.uniform(0.2, 0.7)):.2f}"}


def _draw_published_interval(rng):
    level = float(rng.choice([95, 96.4, 98.3, 99.73]))
    ratio = round(float(rng.uniform(0.55, 0.95)), 2)
    half_width = float(rng.uniform(0.08, 0.25)) * z_for_level(level)
    lower, upper = round(ratio * np.exp(-half_width), 2), round(ratio * np.exp(half_width), 3)
    return {"trial": "A trial", "level": f"{level:g}", "lower": f"{lower:g}", "upper": f"{upper:g}"}


def _draw_retro(rng):
    before = round(float(rng.uniform(20, 60)), 1)
    after = round(before + float(rng.uniform(15, 38)), 1)
    return {"before": f"{before:.1f}", "after": f"{after:.1f}"} if after < 98 else None


def _draw_eqd2(rng):
    fractions = int(rng.choice([1, 3, 4, 5, 8]))
    per_fraction = int(rng.integers(6, 21)) if fractions > 1 else int(rng.integers(15, 31))
    return {"dose": per_fraction * fractions, "fractions": fractions, "ab": int(rng.choice([8, 10, 12]))}


TEMPLATES: tuple[Template, ...] = (
    Template(
        "immune_nlr_units",
        "A blood count gives neutrophils {neutrophils} cells/µL and lymphocytes {lymphocytes} cells/µL. What is the NLR?",
        book=lambda: {"neutrophils": 4200, "lymphocytes": 1300},  # the chapter's worked example (not ledger data)
        draw=lambda rng: {"neutrophils": 100 * int(rng.integers(15, 91)), "lymphocytes": 100 * int(rng.integers(5, 31))},
        answer=lambda neutrophils, lymphocytes: nlr(neutrophils / 1000, lymphocytes / 1000),   # cells/uL -> 10^9/L
        tolerance=0.01, decimals=2),
    Template(
        "immune_kyn_trp",
        "During radiotherapy a patient's tryptophan falls by {down}% and kynurenine rises by {up}%. "
        "By how many percent does the Kyn/Trp ratio change?",
        book=lambda: {"down": 10, "up": 20},
        draw=lambda rng: {"down": 5 * int(rng.integers(1, 7)), "up": 5 * int(rng.integers(1, 13))},
        answer=lambda down, up: 100 * ((1 + up / 100) / (1 - down / 100) - 1),
        tolerance=0.5, decimals=1),
    Template(
        "synergy_g3_ci_lower",
        "In the stage III NSCLC study, {count} of {n} patients had grade ≥ 3 lymphopenia. What is the lower end of "
        "the exact (Clopper–Pearson) 95% confidence interval, in %?",
        book=lambda: {"count": _integer(_value("lymphopenia_grade3_count")), "n": _integer(_value("cho2022_n_primary"))},
        draw=lambda rng: dict(zip(("count", "n"), _count_and_n(rng, 30, 150))),
        answer=lambda count, n: 100 * proportion_ci(count, n).lower,
        tolerance=0.1, decimals=1),
    Template(
        "synergy_hr_from_percent",
        "The review says severe radiation-induced lymphopenia carries a {pct}% increased risk of death. "
        "Read as a hazard ratio, what is it?",
        book=lambda: {"pct": _integer(_value("ril_severe_death_risk_increase"))},
        draw=lambda rng: {"pct": int(rng.integers(10, 151))},
        answer=lambda pct: 1 + pct / 100,
        tolerance=0.005, decimals=2),
    Template(
        "cold_hot_no_ici_min",
        "The study's {total} patients include a group without ICIs whose 6-month survival was {pct}%. "
        "Read as a simple fraction, at least how many patients must that group hold?",
        book=lambda: {"total": _integer(_value("tanaka2023_n_primary")),
                      "pct": evidence.claim("tanaka2023_os6_no_ici_primary").text.rstrip("%")},
        draw=_draw_no_ici,
        answer=lambda total, pct: smallest_denominator(pct),
        tolerance=0.5, decimals=0),
    Template(
        "dose_eqd2_sbrt_tumour",
        "What is the EQD2 (in Gy) of {dose} Gy in {fractions} fractions for a tumour with α/β = {ab} Gy?",
        book=lambda: {"dose": 54, "fractions": 3, "ab": 10},   # the chapter's worked example
        draw=_draw_eqd2,
        answer=lambda dose, fractions, ab: schedule(dose, fractions).eqd2(ab),
        tolerance=1, decimals=1),
    Template(
        "dose_edic_worked_example",
        "With the EDIC model, what is EDIC (in Gy) for a mean lung dose of {lung} Gy, a mean heart dose of {heart} Gy "
        "and a whole-body mean dose of {body} Gy given in {fractions} fractions?",
        book=lambda: {"lung": 15, "heart": 10, "body": 5, "fractions": 30},   # the chapter's worked example
        draw=lambda rng: {"lung": int(rng.integers(5, 21)), "heart": int(rng.integers(2, 21)),
                          "body": int(rng.integers(2, 11)), "fractions": int(rng.choice([15, 20, 25, 30, 33, 35]))},
        answer=lambda lung, heart, body, fractions: edic(lung, heart, body, fractions),
        tolerance=0.05, decimals=2),
    Template(
        "sbrt_window_end_reading_b",
        "Under reading B of the review's wording (CD8⁺ T cells rise on days {cd8_low}–{cd8_high} after SBRT, then Tregs "
        "dominate 'for the next {treg_low} to {treg_high} days'), on which day after SBRT does the suggested "
        "checkpoint-inhibitor window end at the latest?",
        book=lambda: {"cd8_low": _integer(evidence.claim("sbrt_cd8_increase_days").lower),
                      "cd8_high": _integer(evidence.claim("sbrt_cd8_increase_days").upper),
                      "treg_low": _integer(evidence.claim("sbrt_treg_dominance_days").lower),
                      "treg_high": _integer(evidence.claim("sbrt_treg_dominance_days").upper)},
        draw=_draw_window,
        answer=lambda cd8_low, cd8_high, treg_low, treg_high: cd8_high + treg_high,
        tolerance=0.5, decimals=0),
    Template(
        "sbrt_wild_denominator",
        "One month after the start of SBRT, {pct}% of patients had severe lymphopenia. Which group size, no larger than the SBRT "
        "arm of {arm} patients, reproduces this percentage?",
        book=lambda: {"pct": evidence.claim("wild2016_severe_lymphopenia_1m_sbrt_primary").text.rstrip("%"),
                      "arm": _integer(_value("wild2016_sbrt_n_primary"))},
        draw=_draw_wild,
        answer=lambda pct, arm: _unique_fit(pct, 1, arm),
        tolerance=0.5, decimals=0),
    Template(
        "protons_hr_inverted",
        "A meta-analysis reports a hazard ratio of {hr} for death with photons versus protons. What is the hazard "
        "ratio of protons versus photons?",
        book=lambda: {"hr": f"{_value('zhou2023_os_hr_primary'):.2f}"},
        draw=lambda rng: {"hr": f"{rng.uniform(1.05, 1.9):.2f}"},
        answer=lambda hr: 1 / float(hr),
        tolerance=0.01, decimals=2),
    Template(
        "protons_hr_inverted_upper",
        "The reported interval for photons versus protons is {lower}–{upper}. What is the upper end of the interval "
        "for protons versus photons?",
        book=lambda: {"lower": f"{evidence.claim('zhou2023_os_hr_primary').lower:.2f}",
                      "upper": f"{evidence.claim('zhou2023_os_hr_primary').upper:.2f}"},
        draw=_draw_interval,
        answer=lambda lower, upper: 1 / float(lower),
        tolerance=0.01, decimals=2),
    Template(
        "protons_flash_orders",
        "Taking {flash} Gy/s as the FLASH threshold and {conventional} Gy/s as a conventional rate (textbook values, "
        "not review data), how many orders of magnitude lie between them?",
        book=lambda: {"flash": 40, "conventional": 0.1},   # the chapter's textbook values
        draw=lambda rng: {"flash": int(rng.choice([40, 60, 100, 150])),
                          "conventional": float(rng.choice([0.01, 0.02, 0.03, 0.05, 0.1, 0.2]))},
        answer=lambda flash, conventional: math.log10(flash / conventional),
        tolerance=0.05, decimals=2),
    Template(
        "future_n_retro",
        "With the normal-approximation formula, two-sided α = 0.05 and 80% power, how many patients per arm would "
        "a trial need to detect 6-month survival of {before}% versus {after}%?",
        book=lambda: {"before": evidence.claim("sequencing_before_rt_os6").text.rstrip("%"),
                      "after": evidence.claim("sequencing_after_rt_os6").text.rstrip("%")},
        draw=_draw_retro,
        answer=lambda before, after: patients_per_arm(float(before) / 100, float(after) / 100, alpha=0.05, power=0.8),
        tolerance=0.5, decimals=0),
    Template(
        "audit_exact_share",
        "In the lymphopenia cohort of the cited study, {count} of {n} patients had grade 3 or worse lymphopenia. "
        "What is that share in percent, rounded to one decimal?",
        book=lambda: {"count": _integer(_value("cho2022_grade3_count_primary")),
                      "n": _integer(_value("cho2022_n_primary"))},
        draw=lambda rng: dict(zip(("count", "n"), _count_and_n(rng, 30, 150))),
        answer=lambda count, n: round(100 * count / n, 1),
        tolerance=0.05, decimals=1),
    Template(
        "audit_dolphin_safety_set",
        "DOLPHIN reports pneumonitis of any grade in {pct}% of patients. Which group size between {low} and {high} "
        "reproduces that percentage as a simple fraction?",
        book=lambda: {"pct": evidence.claim("tachihara2023_pneumonitis_primary").text.rstrip("%"), "low": 30, "high": 35},
        draw=_draw_dolphin,
        answer=lambda pct, low, high: _unique_fit(pct, low, high),
        tolerance=0.5, decimals=0),
    Template(
        "survival_constant_hazard",
        "A sketch is calibrated to {survival}% survival at {months} months with a constant hazard. What is the "
        "hazard, in events per patient per month?",
        book=lambda: {"survival": 60, "months": 12},   # the chapter's worked example
        draw=lambda rng: {"survival": 5 * int(rng.integers(6, 19)), "months": int(rng.choice([6, 12, 18, 24, 36]))},
        answer=lambda survival, months: piecewise_hazards(
            Calibration(((months, survival / 100),), label="sketch"))[0][2],
        tolerance=0.0005, decimals=4),
    Template(
        "trials_z_99_73",
        "A trial publishes a hazard ratio with a {level}% confidence interval. Which normal quantile z turns that "
        "interval into a standard error, se = (ln upper − ln lower) / (2z)?",
        book=lambda: {"level": f"{_pacific_os()['ci_level']:g}"},
        draw=lambda rng: {"level": str(rng.choice(["90", "95", "96.4", "97.5", "98.3", "99", "99.5", "99.73"]))},
        answer=lambda level: z_for_level(float(level)),
        tolerance=0.01, decimals=2),
    Template(
        "trials_se_pacific_os",
        "{trial} published its overall-survival hazard ratio with a {level}% interval from {lower} to {upper}. "
        "What is the standard error of the log hazard ratio (to three decimals)?",
        book=lambda: {"trial": "PACIFIC", **{key: f"{_pacific_os()[column]:g}" for key, column in
                                             (("level", "ci_level"), ("lower", "ci_lower"), ("upper", "ci_upper"))}},
        draw=_draw_published_interval,
        answer=lambda trial, level, lower, upper: log_se_from_interval(float(lower), float(upper), float(level)),
        tolerance=0.002, decimals=3),
)


def _pacific_os():
    """PACIFIC's primary overall-survival row of the trials file (``data/trials.csv``)."""
    return trials().set_index("row_id").loc["pacific_os_primary"]


def template(question_id: str) -> Template:
    """The template of ``question_id`` (``KeyError`` if the question has none)."""
    for item in TEMPLATES:
        if item.question_id == question_id:
            return item
    raise KeyError(f"no template for the question {question_id!r}")
