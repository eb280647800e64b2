"""Blood-count markers of the immune response to radiotherapy.

The review (Jiang et al. 2025, section 2.2) discusses the neutrophil-to-
lymphocyte ratio (NLR) as a marker of inflammation and immune status that
rises during radiotherapy. This module computes the NLR from blood counts and
draws *simulated* cohorts of weekly blood counts through a course of
radiotherapy, so that chapters can show how a falling lymphocyte count turns
into a rising NLR.

Units
-----
Every count is an absolute count in **10^9 cells per litre** (10^9/L), the
unit of most laboratory reports. 1 x 10^9/L equals 1000 cells/uL (cells per
microlitre, also written cells/mm^3). Times are in **weeks** from the start of
radiotherapy. The NLR is a ratio of two counts in the same unit, so it has no
unit.

Public functions
----------------
* :func:`nlr` -- the ratio, with input checks (scalars, NumPy arrays, pandas Series).
* :func:`simulate_blood_counts` -- a SIMULATED cohort (long table, fixed seed).
* :func:`weekly_summary` -- median and interquartile range of one column per week.

A simulated cohort is an illustration calibrated to a few published summary
numbers, never patient data; :func:`simulate_blood_counts` says so in the
``attrs`` of the table it returns.
"""
from __future__ import annotations

import math
import numbers
from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..checks import non_negative, positive, real_number

__all__ = [
    "PLAUSIBLE_MAX_1E9_PER_L",
    "SIMULATED_LABEL",
    "nlr",
    "simulate_blood_counts",
    "weekly_summary",
]

#: Largest count (10^9/L) accepted as a neutrophil or lymphocyte count. Counts
#: above it are almost certainly in cells/uL (e.g. 4200 instead of 4.2), the
#: commonest unit slip, so :func:`nlr` rejects them instead of returning a
#: ratio that looks plausible but is not.
PLAUSIBLE_MAX_1E9_PER_L: float = 200.0

#: Label every simulated table and figure carries.
SIMULATED_LABEL: str = "SIMULATED sketch - not patient data"


# --------------------------------------------------------------------------
# Input checks (private)
# --------------------------------------------------------------------------
def _count_array(value, name: str) -> np.ndarray:
    """``value`` as a float array of blood counts in 10^9/L, or a ValueError naming ``name``."""
    if isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name} must be a count in 10^9/L (a number > 0), got the bool {value!r}")
    if isinstance(value, str):
        raise ValueError(f"{name} must be a count in 10^9/L (a number > 0), got the string {value!r}")
    array = np.asarray(value)
    if array.dtype == bool:
        raise ValueError(f"{name} must hold counts in 10^9/L, got booleans")
    if array.size == 0:
        raise ValueError(f"{name} is empty; give at least one count in 10^9/L")
    if array.dtype.kind in "USb" or not (np.issubdtype(array.dtype, np.number) or array.dtype == object):
        raise ValueError(f"{name} must hold numbers (counts in 10^9/L), got {value!r}")
    if array.dtype == object:
        try:
            array = array.astype(float)
        except (TypeError, ValueError):
            raise ValueError(f"{name} must hold numbers (counts in 10^9/L), got {value!r}") from None
    if np.iscomplexobj(array):
        raise ValueError(f"{name} must hold real numbers (counts in 10^9/L), got complex values")
    array = array.astype(float)
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be finite counts in 10^9/L; it contains NaN or infinity")
    if np.any(array <= 0):
        worst = array[array <= 0].flat[0]
        raise ValueError(f"{name} must be > 0 (a count in 10^9/L); got {worst:g}. "
                         "A count of zero makes the ratio undefined")
    if np.any(array > PLAUSIBLE_MAX_1E9_PER_L):
        worst = array[array > PLAUSIBLE_MAX_1E9_PER_L].flat[0]
        raise ValueError(f"{name} must be in 10^9/L; got {worst:g}, which looks like cells/uL. "
                         f"Divide cells/uL by 1000 (values above {PLAUSIBLE_MAX_1E9_PER_L:g} are rejected)")
    return array


def _lognormal(rng: np.random.Generator, mean: float, cv: float, size) -> np.ndarray:
    """Log-normal draws with the given arithmetic ``mean`` and coefficient of variation ``cv``."""
    if cv == 0:
        return np.full(size, mean, dtype=float)
    sigma2 = math.log1p(cv * cv)
    return rng.lognormal(math.log(mean) - sigma2 / 2, math.sqrt(sigma2), size)


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------
def nlr(neutrophils_1e9_per_l, lymphocytes_1e9_per_l):
    """Neutrophil-to-lymphocyte ratio: absolute neutrophil count / absolute lymphocyte count.

    Parameters
    ----------
    neutrophils_1e9_per_l, lymphocytes_1e9_per_l
        Absolute counts in **10^9/L** (1 x 10^9/L = 1000 cells/uL): single
        numbers, NumPy arrays or pandas Series of the same (or broadcastable)
        shape. Every count must be finite, > 0 and at most
        :data:`PLAUSIBLE_MAX_1E9_PER_L` (larger values are taken to be
        cells/uL given by mistake).

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        The dimensionless ratio: a Python float for two single numbers, a
        Series (with the first Series' index) if either input is a Series,
        otherwise an array of the broadcast shape.

    Raises
    ------
    ValueError
        Naming the argument at fault: a bool, string or other non-number, an
        empty input, NaN or infinity, a count <= 0, a count that looks like
        cells/uL, or shapes that do not broadcast.

    Examples
    --------
    >>> nlr(4.2, 1.4)
    3.0000000000000004
    """
    neutrophils = _count_array(neutrophils_1e9_per_l, "neutrophils_1e9_per_l")
    lymphocytes = _count_array(lymphocytes_1e9_per_l, "lymphocytes_1e9_per_l")
    try:
        ratio = np.divide(neutrophils, lymphocytes)
    except ValueError:
        raise ValueError(
            f"neutrophils_1e9_per_l (shape {neutrophils.shape}) and lymphocytes_1e9_per_l "
            f"(shape {lymphocytes.shape}) must have the same or broadcastable shapes"
        ) from None
    series = next((x for x in (neutrophils_1e9_per_l, lymphocytes_1e9_per_l) if isinstance(x, pd.Series)), None)
    if series is not None and ratio.shape == (len(series),):
        return pd.Series(ratio, index=series.index, name="nlr")
    if ratio.ndim == 0:
        return float(ratio)
    return ratio


def simulate_blood_counts(
    *,
    lymphocytes_baseline: float,
    lymphocytes_nadir: float,
    neutrophils_baseline: float,
    n_patients: int = 60,
    weeks: Iterable[float] = range(0, 9),
    rt_weeks: float = 6.0,
    recovery_halftime_weeks: float = 4.0,
    recovery_fraction: float = 1.0,
    neutrophil_change_per_week: float = 0.0,
    between_patient_cv: float = 0.3,
    nadir_cv: float = 0.3,
    measurement_cv: float = 0.1,
    seed: int = 20250811,
) -> pd.DataFrame:
    """SIMULATED weekly blood counts of a cohort through a course of radiotherapy.

    Not patient data: a sketch calibrated to summary numbers. Each simulated
    patient ``i`` has

    * a baseline lymphocyte count ``B_i`` (10^9/L), log-normal with arithmetic
      mean ``lymphocytes_baseline`` and coefficient of variation
      ``between_patient_cv``;
    * a nadir-to-baseline ratio ``r_i``, log-normal with mean
      ``lymphocytes_nadir / lymphocytes_baseline`` and CV ``nadir_cv``,
      capped at 1 (a nadir is never above baseline), so the cohort's mean
      nadir is close to ``lymphocytes_nadir``;
    * a lymphocyte count that falls log-linearly (the same fraction lost each
      week) from ``B_i`` at week 0 to ``B_i * r_i`` at the end of
      radiotherapy (``rt_weeks``), then recovers towards
      ``recovery_fraction * B_i`` with half-time ``recovery_halftime_weeks``;
    * a neutrophil count drawn like ``B_i`` around ``neutrophils_baseline``
      that changes by the factor ``1 + neutrophil_change_per_week`` each week
      (0 = stable).

    Every measurement is multiplied by independent log-normal noise with mean
    1 and CV ``measurement_cv`` (laboratory and day-to-day variation).

    Parameters
    ----------
    lymphocytes_baseline, lymphocytes_nadir, neutrophils_baseline : float
        Cohort means in 10^9/L, > 0; ``lymphocytes_nadir <= lymphocytes_baseline``.
    n_patients : int
        Number of simulated patients, >= 1.
    weeks : iterable of float
        Measurement times in weeks from the start of radiotherapy; finite,
        >= 0 and distinct (default: weekly, 0-8).
    rt_weeks : float
        Length of the radiotherapy course in weeks (> 0); the nadir falls at its end.
    recovery_halftime_weeks : float
        Weeks (> 0) for lymphocytes to regain half of the remaining gap after radiotherapy.
    recovery_fraction : float
        Fraction (0 < f <= 1) of each patient's own baseline that lymphocytes
        return to in the long run (1 = full recovery).
    neutrophil_change_per_week : float
        Relative change of neutrophils per week (> -1); 0.05 means +5% a week.
    between_patient_cv, nadir_cv, measurement_cv : float
        Coefficients of variation (>= 0, dimensionless).
    seed : int
        Seed of the NumPy random generator; the same seed gives the same table.

    Returns
    -------
    pandas.DataFrame
        Long table, one row per patient and week, sorted by patient then week,
        with columns ``patient`` (1..n), ``week``, ``neutrophils`` and
        ``lymphocytes`` (10^9/L) and ``nlr`` (dimensionless).
        ``attrs["label"]`` is :data:`SIMULATED_LABEL`; ``attrs["parameters"]``
        records every argument.

    Raises
    ------
    ValueError
        Naming the argument that is missing a required property.
    """
    lymph_base = positive(lymphocytes_baseline, "lymphocytes_baseline", "(in 10^9/L)")
    lymph_nadir = positive(lymphocytes_nadir, "lymphocytes_nadir", "(in 10^9/L)")
    neut_base = positive(neutrophils_baseline, "neutrophils_baseline", "(in 10^9/L)")
    for value, name in ((lymph_base, "lymphocytes_baseline"), (lymph_nadir, "lymphocytes_nadir"),
                        (neut_base, "neutrophils_baseline")):
        if value > PLAUSIBLE_MAX_1E9_PER_L:
            raise ValueError(f"{name} must be in 10^9/L; got {value:g}, which looks like cells/uL")
    if lymph_nadir > lymph_base:
        raise ValueError(f"lymphocytes_nadir ({lymph_nadir:g}) must not exceed lymphocytes_baseline "
                         f"({lymph_base:g}): a nadir is the lowest count")
    if isinstance(n_patients, (bool, np.bool_)) or not isinstance(n_patients, numbers.Integral) or n_patients < 1:
        raise ValueError(f"n_patients must be a whole number >= 1, got {n_patients!r}")
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise ValueError(f"seed must be a whole number >= 0 (fixed, for a reproducible sketch), got {seed!r}")
    if isinstance(weeks, (str, bytes)) or not isinstance(weeks, Iterable):
        raise ValueError(f"weeks must be an iterable of times in weeks, got {weeks!r}")
    week_list = [non_negative(w, "weeks", "weeks") for w in weeks]
    if not week_list:
        raise ValueError("weeks is empty; give at least one time in weeks")
    if len(set(week_list)) != len(week_list):
        raise ValueError(f"weeks must be distinct, got {week_list}")
    rt = positive(rt_weeks, "rt_weeks", "weeks")
    halftime = positive(recovery_halftime_weeks, "recovery_halftime_weeks", "weeks")
    recovery = positive(recovery_fraction, "recovery_fraction")
    if recovery > 1:
        raise ValueError(f"recovery_fraction must be in (0, 1] (a fraction of baseline), got {recovery_fraction!r}")
    trend = real_number(neutrophil_change_per_week, "neutrophil_change_per_week", "> -1")
    if trend <= -1:
        raise ValueError(f"neutrophil_change_per_week must be > -1 (a relative change per week), got {trend!r}")
    cv_between = non_negative(between_patient_cv, "between_patient_cv")
    cv_nadir = non_negative(nadir_cv, "nadir_cv")
    cv_noise = non_negative(measurement_cv, "measurement_cv")

    n = int(n_patients)
    t = np.array(sorted(week_list), dtype=float)
    rng = np.random.default_rng(int(seed))
    baseline = _lognormal(rng, lymph_base, cv_between, n)
    ratio = np.minimum(_lognormal(rng, lymph_nadir / lymph_base, cv_nadir, n), 1.0)
    neutrophil_base = _lognormal(rng, neut_base, cv_between, n)

    # Lymphocyte trajectory as a fraction of each patient's baseline: (patients x weeks).
    during = ratio[:, None] ** (np.minimum(t, rt)[None, :] / rt)
    target = np.maximum(recovery, ratio)[:, None]
    after = target - (target - ratio[:, None]) * 2.0 ** (-np.maximum(t - rt, 0.0)[None, :] / halftime)
    fraction = np.where(t[None, :] <= rt, during, after)
    lymphocytes = baseline[:, None] * fraction * _lognormal(rng, 1.0, cv_noise, (n, t.size))
    neutrophils = (neutrophil_base[:, None] * (1.0 + trend) ** t[None, :]
                   * _lognormal(rng, 1.0, cv_noise, (n, t.size)))

    table = pd.DataFrame({
        "patient": np.repeat(np.arange(1, n + 1), t.size),
        "week": np.tile(t, n),
        "neutrophils": neutrophils.ravel(),
        "lymphocytes": lymphocytes.ravel(),
    })
    # Extreme draws can leave the plausible range; clip to it rather than fail inside nlr().
    for column in ("neutrophils", "lymphocytes"):
        table[column] = table[column].clip(1e-3, PLAUSIBLE_MAX_1E9_PER_L)
    table["nlr"] = nlr(table["neutrophils"].to_numpy(), table["lymphocytes"].to_numpy())
    table.attrs["label"] = SIMULATED_LABEL
    table.attrs["parameters"] = {
        "lymphocytes_baseline": lymph_base, "lymphocytes_nadir": lymph_nadir,
        "neutrophils_baseline": neut_base, "n_patients": n, "weeks": t.tolist(), "rt_weeks": rt,
        "recovery_halftime_weeks": halftime, "recovery_fraction": recovery,
        "neutrophil_change_per_week": trend, "between_patient_cv": cv_between, "nadir_cv": cv_nadir,
        "measurement_cv": cv_noise, "seed": int(seed),
    }
    return table


def weekly_summary(counts: pd.DataFrame, column: str = "nlr", *, lower_q: float = 0.25,
                   upper_q: float = 0.75) -> pd.DataFrame:
    """Median and interquartile range of ``column`` at each week.

    Parameters
    ----------
    counts : pandas.DataFrame
        A long table with a ``week`` column and ``column`` (for instance the
        output of :func:`simulate_blood_counts`).
    column : str
        The column to summarise (``"nlr"``, ``"lymphocytes"`` or
        ``"neutrophils"``; counts in 10^9/L, the NLR without unit).
    lower_q, upper_q : float
        Quantiles of the band, 0 <= lower_q < upper_q <= 1 (default: the
        interquartile range, 0.25-0.75).

    Returns
    -------
    pandas.DataFrame
        One row per week (sorted), columns ``week``, ``n`` (number of values),
        ``median``, ``lower`` and ``upper`` (the two quantiles), in the unit of
        ``column``.

    Raises
    ------
    ValueError
        If ``counts`` is not a DataFrame, lacks ``week`` or ``column``, is
        empty, or the quantiles are out of order.
    """
    if not isinstance(counts, pd.DataFrame):
        raise ValueError(f"counts must be a pandas DataFrame, got {type(counts).__name__}")
    for name in ("week", column):
        if name not in counts.columns:
            raise ValueError(f"counts has no column {name!r} (columns: {', '.join(map(str, counts.columns))})")
    if counts.empty:
        raise ValueError("counts is empty; nothing to summarise")
    low = real_number(lower_q, "lower_q", "in [0, 1]")
    high = real_number(upper_q, "upper_q", "in [0, 1]")
    if not 0 <= low < high <= 1:
        raise ValueError(f"lower_q and upper_q must satisfy 0 <= lower_q < upper_q <= 1, got {lower_q!r}, {upper_q!r}")
    grouped = counts.groupby("week", sort=True)[column]
    summary = pd.DataFrame({
        "n": grouped.count(),
        "median": grouped.median(),
        "lower": grouped.quantile(low),
        "upper": grouped.quantile(high),
    }).reset_index()
    summary["n"] = summary["n"].astype(int)
    return summary
