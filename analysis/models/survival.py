"""Kaplan–Meier *sketches*: simulated cohorts calibrated to reported summaries.

The review reports milestone survival (e.g. 6-month overall survival 94.7%)
or hazard-ratio-like risks, never patient-level data. To let a reader *see*
what such a summary means, this module simulates an illustrative cohort from
a piecewise-exponential model whose survival passes through the reported
milestone(s), censors it, and estimates its Kaplan–Meier curve with lifelines
(:mod:`analysis.plots.survival_curves` draws it). Everything here is a
sketch: the figures built from it must say so, name their calibration and
their seed. Times are in months unless a caller says otherwise.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
import pandas as pd

from .. import checks
from .km_compare import check_ipd, km_fitter

__all__ = [
    "Calibration",
    "piecewise_hazards",
    "model_survival",
    "simulate_cohort",
    "simulate_hazard_ratio_pair",
    "km_table",
]


@dataclass(frozen=True)
class Calibration:
    """Reported survival milestones a sketch must pass through.

    ``milestones`` are ``(time, survival)`` pairs: time in months (> 0),
    survival a probability in (0, 1]. Times must increase and survival must
    not increase.
    """

    milestones: tuple[tuple[float, float], ...]
    label: str = ""
    times: tuple[float, ...] = field(init=False, repr=False)

    def __post_init__(self):
        if not self.milestones:
            raise ValueError("milestones must contain at least one (time, survival) pair")
        clean = []
        for time, surv in self.milestones:
            time = checks.positive(time, "milestone time", "months")
            surv = checks.real_number(surv, "milestone survival", "(a probability in (0, 1])")
            if not 0 < surv <= 1:
                raise ValueError(f"milestone survival must be a probability in (0, 1], got {checks.shown(surv)}")
            clean.append((time, surv))
        for (t0, s0), (t1, s1) in zip(clean, clean[1:]):
            if t1 <= t0:
                raise ValueError(f"milestone times must increase, got {t0} then {t1}")
            if s1 > s0:
                raise ValueError(f"milestone survival cannot increase over time, got {s0} then {s1}")
        object.__setattr__(self, "milestones", tuple(clean))
        object.__setattr__(self, "times", tuple(t for t, _ in clean))


def piecewise_hazards(calibration: Calibration) -> list[tuple[float, float, float]]:
    """Constant hazards (per month) on intervals that reproduce each milestone exactly.

    Returns ``(start, end, hazard)`` triples; the last hazard continues after
    the last milestone (``end = inf``).
    """
    pieces, start, prev_surv = [], 0.0, 1.0
    for time, surv in calibration.milestones:
        hazard = -math.log(surv / prev_surv) / (time - start)
        pieces.append((start, time, hazard))
        start, prev_surv = time, surv
    last_hazard = pieces[-1][2]
    pieces[-1] = (pieces[-1][0], math.inf, last_hazard)
    return pieces


def model_survival(calibration: Calibration, times) -> np.ndarray:
    """The calibrated model's survival S(t) at ``times`` (months, >= 0)."""
    times = np.asarray(times, dtype=float)
    if np.any(~np.isfinite(times)) or np.any(times < 0):
        raise ValueError("times must be finite and >= 0 months")
    cumulative = np.zeros_like(times)
    for start, end, hazard in piecewise_hazards(calibration):
        cumulative += hazard * np.clip(np.minimum(times, end) - start, 0, None)
    return np.exp(-cumulative)


def _draw_event_times(calibration: Calibration, size: int, rng: np.random.Generator, hazard_ratio: float = 1.0) -> np.ndarray:
    # Inverse-transform sampling of a piecewise-exponential: walk the pieces with unit-exponential draws.
    targets = rng.exponential(size=size)
    times = np.full(size, np.inf)
    cumulative_at_start = 0.0
    for start, end, hazard in piecewise_hazards(calibration):
        hazard = hazard * hazard_ratio
        span = end - start
        cumulative_at_end = cumulative_at_start + hazard * span if math.isfinite(span) else math.inf
        in_piece = np.isinf(times) & (targets < cumulative_at_end)
        if hazard > 0:
            times[in_piece] = start + (targets[in_piece] - cumulative_at_start) / hazard
        cumulative_at_start = cumulative_at_end
    return times


def simulate_cohort(
    n: int,
    calibration: Calibration,
    *,
    follow_up: float,
    seed: int,
    dropout_rate: float = 0.0,
    hazard_ratio: float = 1.0,
    group: str | None = None,
) -> pd.DataFrame:
    """Simulate an illustrative cohort of ``n`` patients (a sketch, not patient data).

    Parameters
    ----------
    n : int
        Number of simulated patients (>= 1).
    calibration : Calibration
        Milestones the model's survival passes through.
    follow_up : float
        Administrative censoring time in months (> 0): everyone still alive then is censored.
    seed : int
        Seed of the random generator; the same seed gives the same cohort.
    dropout_rate : float
        Rate (per month, >= 0) of exponential loss to follow-up, another source of censoring.
    hazard_ratio : float
        Multiplies every hazard of the calibration (> 0); 1 reproduces the calibration.
    group : str, optional
        Label stored in a ``group`` column.

    Returns
    -------
    pandas.DataFrame
        Columns ``time`` (months), ``event`` (1 death, 0 censored) and, if given, ``group``.
    """
    n = checks.whole_number(n, "n", 1, allow_float=False)
    follow_up = checks.positive(follow_up, "follow_up", "months")
    dropout_rate = checks.non_negative(dropout_rate, "dropout_rate", "per month")
    hazard_ratio = checks.positive(hazard_ratio, "hazard_ratio")
    checks.whole_number(seed, "seed", 0, description="a non-negative integer", allow_float=False)
    if not isinstance(calibration, Calibration):
        raise ValueError("calibration must be a Calibration")
    rng = np.random.default_rng(seed)
    event_times = _draw_event_times(calibration, n, rng, hazard_ratio)
    dropout_times = rng.exponential(1 / dropout_rate, size=n) if dropout_rate > 0 else np.full(n, np.inf)
    censor_times = np.minimum(dropout_times, follow_up)
    observed = np.minimum(event_times, censor_times)
    cohort = pd.DataFrame({"time": np.round(observed, 6), "event": (event_times <= censor_times).astype(int)})
    if group is not None:
        cohort["group"] = group
    return cohort


def simulate_hazard_ratio_pair(
    n_per_group: int,
    reference: Calibration,
    hazard_ratio: float,
    *,
    follow_up: float,
    seed: int,
    labels: tuple[str, str] = ("reference", "comparison"),
    dropout_rate: float = 0.0,
) -> pd.DataFrame:
    """Two simulated groups whose hazards differ by ``hazard_ratio`` (proportional hazards).

    The reference group follows ``reference``; the comparison group's hazard is
    ``hazard_ratio`` times larger at every time. Returns one DataFrame with a
    ``group`` column. A sketch for showing what a stated relative risk looks
    like, not a reconstruction of any trial.
    """
    hazard_ratio = checks.positive(hazard_ratio, "hazard_ratio")
    first = simulate_cohort(n_per_group, reference, follow_up=follow_up, seed=seed, dropout_rate=dropout_rate, group=labels[0])
    second = simulate_cohort(
        n_per_group, reference, follow_up=follow_up, seed=seed + 1, dropout_rate=dropout_rate, hazard_ratio=hazard_ratio, group=labels[1]
    )
    return pd.concat([first, second], ignore_index=True)


def km_table(cohort: pd.DataFrame, times: Sequence[float]) -> pd.DataFrame:
    """Kaplan–Meier survival (with lifelines' 95% CI) of ``cohort`` at ``times`` (months, >= 0).

    The estimate is :func:`analysis.models.km_compare.km_fitter`'s, the book's one
    Kaplan–Meier estimator. The estimate and its interval are both step
    functions: between two observed times each keeps the value it took at the
    last observed time at or before ``t``, as lifelines'
    ``confidence_interval_`` table is read (it is never interpolated between
    event times).
    """
    check_ipd(cohort, "cohort")
    times = [checks.non_negative(t, "time", "months") for t in times]
    fitter = km_fitter(cohort)
    surv = fitter.survival_function_at_times(times).to_numpy()
    ci = fitter.confidence_interval_survival_function_
    rows = np.searchsorted(ci.index.to_numpy(), np.asarray(times, dtype=float), side="right") - 1
    rows = np.clip(rows, 0, None)   # lifelines' table starts at time 0
    lower, upper = ci.iloc[rows, 0].to_numpy(), ci.iloc[rows, 1].to_numpy()
    return pd.DataFrame({"time": times, "survival": surv, "lower": lower, "upper": upper})
