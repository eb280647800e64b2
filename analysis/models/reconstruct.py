"""Reconstruct individual patient data from a published Kaplan–Meier curve.

Implements the algorithm of Guyot, Ades, Ouwens and Welton (BMC Med Res
Methodol 2012;12:9), written from the paper's description. Its inputs are what
a reader can take from a journal figure: the digitised curve of one arm
(time in months, survival as a proportion 0–1) and the numbers at risk printed
under the axis; optionally the arm's total number of events.

How it works, interval by interval (an interval runs from one at-risk time to
the next):

1. Guess how many patients were censored in the interval from the fall of the
   curve and the drop in the numbers at risk.
2. Spread those censorings evenly over the interval.
3. Walk along the digitised points: at each one, the number of events is the
   number at risk times the relative fall of the curve since the last event,
   rounded; the reconstructed Kaplan–Meier estimate is updated with it.
4. Compare the number still at risk at the end of the interval with the
   published number; change the censoring count by the difference and repeat
   until they agree (or no further change helps).

In the last interval no next at-risk number exists: censoring continues at the
rate of the earlier intervals or, when the total number of events is known, is
adjusted until the reconstructed total matches it. Patients still at risk at
the end of the curve are censored at its last time.

The output is *reconstructed* data: label every use of it as such.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from numbers import Integral, Real

import numpy as np
import pandas as pd

__all__ = ["reconstruct_ipd", "digitised_step_curve"]


def _numeric_column(frame: pd.DataFrame, column: str, argument: str) -> np.ndarray:
    try:
        values = pd.to_numeric(frame[column], errors="raise").to_numpy(dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{argument} column '{column}' must hold numbers only") from None
    if not np.all(np.isfinite(values)):
        raise ValueError(f"{argument} column '{column}' must hold finite numbers (no NaN or infinity)")
    return values


def _check_frame(frame, argument: str, columns: tuple[str, str]) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"{argument} must be a pandas DataFrame with columns {columns}, got {type(frame).__name__}")
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise ValueError(f"{argument} is missing column(s) {missing} (needs {list(columns)})")


def _clean_curve(curve) -> tuple[np.ndarray, np.ndarray]:
    _check_frame(curve, "curve", ("time", "survival"))
    if len(curve) < 2:
        raise ValueError(f"curve must have at least two digitised points, got {len(curve)}")
    times = _numeric_column(curve, "time", "curve")
    survival = _numeric_column(curve, "survival", "curve")
    if np.any(times < 0):
        raise ValueError(f"curve times must be >= 0 months, got minimum {times.min():g}")
    if np.any((survival < 0) | (survival > 1)):
        raise ValueError(
            f"curve survival must be a proportion in [0, 1] (not a percentage), got range {survival.min():g}–{survival.max():g}"
        )
    # Every Kaplan–Meier curve starts at (0, 1); a digitised time-0 point below 1 is a click error.
    times = np.concatenate([[0.0], times])
    survival = np.concatenate([[1.0], np.where(times[1:] == 0, 1.0, survival)])
    order = np.lexsort((-survival, times))
    times, survival = times[order], survival[order]
    # Digitisation errors can put a point above an earlier one; a survival curve never rises.
    survival = np.minimum.accumulate(survival)
    keep = np.ones(len(times), dtype=bool)
    keep[1:] = (np.diff(times) != 0) | (np.diff(survival) != 0)
    return times[keep], survival[keep]


def digitised_step_curve(curve: pd.DataFrame) -> pd.DataFrame:
    """A digitised curve as :func:`reconstruct_ipd` reads it: a KM-style step curve.

    Sorted by time, starting at (0, 1) (a time-0 point below 1 is taken for a
    click error), with any rise flattened (survival never increases) and
    repeated points dropped. Returns ``time`` (months) and ``survival`` (0–1),
    in the form :func:`analysis.models.km_compare.max_vertical_distance` compares.
    """
    times, survival = _clean_curve(curve)
    return pd.DataFrame({"time": times, "survival": survival})


def _clean_at_risk(at_risk, curve_end: float) -> tuple[np.ndarray, np.ndarray]:
    _check_frame(at_risk, "at_risk", ("time", "n_risk"))
    if len(at_risk) == 0:
        raise ValueError("at_risk must have at least the row at time 0")
    times = _numeric_column(at_risk, "time", "at_risk")
    counts = _numeric_column(at_risk, "n_risk", "at_risk")
    if np.any(times < 0):
        raise ValueError(f"at_risk times must be >= 0 months, got minimum {times.min():g}")
    if np.any(counts < 0) or np.any(counts != np.round(counts)):
        raise ValueError("at_risk column 'n_risk' must hold whole numbers >= 0 (patients)")
    order = np.argsort(times, kind="stable")
    times, counts = times[order], counts[order].astype(int)
    if times[0] != 0:
        raise ValueError(f"at_risk must have a row at time 0 (the arm's size), first time is {times[0]:g}")
    if np.any(np.diff(times) == 0):
        raise ValueError("at_risk times must be unique")
    if np.any(np.diff(counts) > 0):
        raise ValueError("at_risk counts must not increase over time (n_risk is the number still followed)")
    if counts[0] < 1:
        raise ValueError("at_risk must give at least 1 patient at time 0")
    # Journals print counts up to the axis end; past the curve's last point they carry no information.
    within = times <= curve_end
    return times[within], counts[within]


def _check_total_events(total_events, arm_size: int) -> int | None:
    if total_events is None:
        return None
    if isinstance(total_events, (bool, np.bool_)) or not isinstance(total_events, (Integral, Real)):
        raise ValueError(f"total_events must be a whole number of events or None, got {total_events!r}")
    if not float(total_events).is_integer() or not 0 <= total_events <= arm_size:
        raise ValueError(f"total_events must be a whole number in [0, {arm_size}] (the arm's size), got {total_events!r}")
    return int(total_events)


def _step_value(times: np.ndarray, survival: np.ndarray, at: float) -> float:
    """Survival of the digitised step curve at ``at``: the last point at or before it."""
    return float(survival[np.searchsorted(times, at, side="right") - 1])


def _with_points_at(times: np.ndarray, survival: np.ndarray, risk_times: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    # Each interval needs a point at its start, so a sparse digitisation still gives every interval a first point.
    extra_times = [t for t in risk_times if not np.any(times == t)]
    extra_survival = [_step_value(times, survival, t) for t in extra_times]
    times = np.concatenate([times, extra_times])
    survival = np.concatenate([survival, extra_survival])
    order = np.lexsort((-survival, times))
    return times[order], survival[order]


@dataclass
class _Walk:
    """One pass through an interval for a given number of censorings."""

    events: np.ndarray  # events at each point of the interval
    censor_times: np.ndarray  # months
    at_risk_after: int
    km_after: float


def _walk_interval(times, survival, start, end, n_start, km_start, censor_count) -> _Walk:
    censor_times = start + (end - start) * np.arange(1, censor_count + 1) / (censor_count + 1)
    # A censoring at or after a point (and before the next) happens after that point's events, as in Kaplan–Meier.
    owner = np.searchsorted(times, censor_times, side="right") - 1
    events = np.zeros(len(times), dtype=int)
    kept = []
    n, km = int(n_start), float(km_start)
    for k in range(len(times)):
        if n <= 0:
            break
        if km > 0:
            expected = n * (1.0 - survival[k] / km)
            events[k] = min(n, max(0, int(np.floor(expected + 0.5))))
        if events[k]:
            km *= 1.0 - events[k] / n
            n -= events[k]
        mine = censor_times[owner == k][:n]
        kept.append(mine)
        n -= len(mine)
    kept_times = np.concatenate(kept) if kept else np.empty(0)
    return _Walk(events, kept_times, n, km)


def _search_censoring(run, first_guess: int, n_start: int, mismatch) -> _Walk:
    """Change the censoring count by the mismatch until it is zero, a count repeats, or no count helps."""
    censor_count = int(min(max(first_guess, 0), n_start))
    tried: set[int] = set()
    best, best_error = None, None
    while censor_count not in tried:
        tried.add(censor_count)
        walk = run(censor_count)
        error = mismatch(walk)
        if best is None or abs(error) < abs(best_error):
            best, best_error = walk, error
        if error == 0:
            break
        censor_count = int(min(max(censor_count + error, 0), n_start))
    return best


def reconstruct_ipd(curve: pd.DataFrame, at_risk: pd.DataFrame, total_events: int | None = None) -> pd.DataFrame:
    """Reconstruct one arm's individual patient data from its digitised Kaplan–Meier curve.

    Parameters
    ----------
    curve : pandas.DataFrame
        The arm's digitised curve: ``time`` (months, >= 0) and ``survival``
        (proportion 0–1). Any number (>= 2) of points in any order; small
        digitisation errors (a point above an earlier one) are flattened, and
        the curve is taken to start at (0, 1).
    at_risk : pandas.DataFrame
        Numbers at risk printed under the figure: ``time`` (months) and
        ``n_risk`` (patients still followed), with a row at time 0 giving the
        arm's size. Counts must not increase. Rows after the curve's last
        point are ignored.
    total_events : int, optional
        The arm's reported number of events; when given, censoring in the last
        interval is adjusted so that the reconstructed total matches it.

    Returns
    -------
    pandas.DataFrame
        One row per *reconstructed* patient (as many as at risk at time 0),
        sorted by time: ``time`` (float, months) and ``event`` (int, 1 = event,
        0 = censored).

    Raises
    ------
    ValueError
        Naming the argument (``curve``, ``at_risk``, ``total_events``) and the
        problem: not a DataFrame, missing column, non-numeric or negative
        time, survival outside [0, 1], fewer than two curve points, no row at
        time 0, increasing or non-integer at-risk counts, or a total outside
        [0, arm size].
    """
    times, survival = _clean_curve(curve)
    risk_times, risk_counts = _clean_at_risk(at_risk, times[-1])
    total_events = _check_total_events(total_events, int(risk_counts[0]))
    times, survival = _with_points_at(times, survival, risk_times)
    starts = np.searchsorted(times, risk_times, side="left")
    ends = list(starts[1:]) + [len(times)]
    interval_ends = list(risk_times[1:]) + [times[-1]]

    n, km = int(risk_counts[0]), 1.0
    event_times, censor_times = [], []
    for i, (first, stop) in enumerate(zip(starts, ends)):
        segment_times, segment_survival = times[first:stop], survival[first:stop]
        start, end = float(risk_times[i]), float(interval_ends[i])
        # The interval's pass as a function of its censoring count alone.
        run = partial(_walk_interval, segment_times, segment_survival, start, end, n, km)
        if i + 1 < len(risk_times):
            # Without censoring, n * S(end) / S(start) would still be at risk; the shortfall was censored.
            ratio = _step_value(times, survival, end) / survival[first] if survival[first] > 0 else 0.0
            target = int(risk_counts[i + 1])
            guess = int(np.floor(n * ratio - target + 0.5))
            walk = _search_censoring(run, guess, n, lambda w: w.at_risk_after - target)
        else:
            censored_before = sum(len(block) for block in censor_times)
            events_before = sum(len(block) for block in event_times)
            walk = _last_interval(run, n, start, end, censored_before, total_events, events_before)
        event_times.append(np.repeat(segment_times, walk.events))
        censor_times.append(walk.censor_times)
        n, km = walk.at_risk_after, walk.km_after

    event_times = np.concatenate(event_times) if event_times else np.empty(0)
    censor_times = np.concatenate(censor_times + [np.full(n, times[-1])])
    ipd = pd.DataFrame({
        "time": np.concatenate([event_times, censor_times]).astype(float),
        "event": np.concatenate([np.ones(len(event_times), int), np.zeros(len(censor_times), int)]),
    })
    return ipd.sort_values(["time", "event"], ascending=[True, False], kind="stable").reset_index(drop=True)


def _last_interval(run, n_start, start, end, censored_before, total_events, events_before) -> _Walk:
    # Up to the last at-risk time (``start`` months after time 0) censoring ran at some rate; assume it continues.
    rate = censored_before / start if start > 0 else 0.0
    guess = int(np.floor(rate * (end - start) + 0.5))
    if total_events is None:
        return run(int(min(guess, n_start)))
    # More censoring leaves fewer patients to have events, so too many events means censor more.
    return _search_censoring(run, guess, n_start, lambda w: events_before + int(w.events.sum()) - total_events)
