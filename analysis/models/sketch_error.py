"""How far a sketch lies: the book's constant-hazard sketch against a real-looking Kaplan–Meier curve.

The book draws Kaplan–Meier *sketches*: cohorts simulated from a constant
hazard calibrated to one or two reported milestones (:mod:`analysis.models.survival`).
This module measures, on the reconstructed trial curves of ``data/kmdata``,
how far such a sketch's model curve is from the curve it imitates:

* :func:`sketch_milestones` — the milestones a review would report (12 months;
  and 24, or 6, for a two-milestone sketch);
* :func:`sketch_distance` — the largest vertical gap and the restricted mean
  survival time (RMST) difference of one sketch;
* :func:`sketch_distance_table` — both sketches for every arm of every data set,
  and :func:`sketch_table_display`, that table written for readers;
* :func:`sketch_curves` — one arm's sketch evaluated on a grid of times (what
  :func:`analysis.plots.survival_curves.plot_sketch_grid` draws);
* :func:`sketch_gap_texts`, :func:`milestone_gap_texts` — what the
  survival-curves chapter writes about the table, and an exercise's answer.
* :func:`one_milestone_gap_summary` — the worst and the median gap of the
  one-milestone sketch, glued into other chapters' sketch captions.

Times are in months, survival a proportion (0–1).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..checks import positive
from .km_compare import catalogue_arms, check_curve, km_curve, rmst, survival_at

__all__ = ["sketch_milestones", "SketchDistance", "sketch_distance", "km_calibration", "sketch_distance_table",
           "SketchGapSummary", "one_milestone_gap_summary", "sketch_curves", "sketch_table_display",
           "sketch_gap_texts", "milestone_gap_texts"]


def sketch_milestones(curve: pd.DataFrame) -> tuple[float, float]:
    """The two milestone times (months) of the two-milestone sketch of a KM ``curve``.

    12 and 24 months when follow-up reaches 24 months (2-year survival is what
    trials of stage III disease report), otherwise 6 and 12 months (the
    milestones of trials in advanced disease with shorter follow-up).
    """
    times, _ = check_curve(curve)
    return (12.0, 24.0) if times[-1] >= 24.0 else (6.0, 12.0)


@dataclass(frozen=True)
class SketchDistance:
    """How far a constant-hazard sketch lies from the KM curve it was calibrated to.

    ``milestones``: the ``(months, survival)`` pairs read off the KM curve;
    ``max_gap``: largest vertical distance (0–1) between sketch and KM over
    follow-up, reached at ``max_gap_month``; ``rmst_km`` and ``rmst_sketch``:
    restricted mean survival times (months) to ``horizon_months``;
    ``rmst_difference``: sketch minus KM (months; > 0: the sketch is too optimistic).
    """

    milestones: tuple[tuple[float, float], ...]
    max_gap: float
    max_gap_month: float
    horizon_months: float
    rmst_km: float
    rmst_sketch: float
    rmst_difference: float


def _sketch_rmst(calibration, horizon: float) -> float:
    from .survival import piecewise_hazards

    area, survival_at_start = 0.0, 1.0
    for start, end, hazard in piecewise_hazards(calibration):
        if start >= horizon:
            break
        span = min(end, horizon) - start
        area += survival_at_start * (span if hazard == 0 else -np.expm1(-hazard * span) / hazard)
        survival_at_start *= np.exp(-hazard * span)
    return float(area)


def sketch_distance(ipd: pd.DataFrame, milestones_months, horizon_months: float = 18.0) -> SketchDistance:
    """Distance between one arm's KM curve and the book's sketch calibrated to it.

    The sketch is :class:`analysis.models.survival.Calibration` through the KM
    survival at ``milestones_months`` (one time: constant hazard; two: two
    pieces), drawn with :func:`analysis.models.survival.model_survival`, exactly as a
    chapter would build it from a review's reported milestones.

    Parameters
    ----------
    ipd : pandas.DataFrame
        One arm: ``time`` (months) and ``event`` (0/1).
    milestones_months : sequence of float
        Increasing milestone times (months) within follow-up, e.g. ``(12,)`` or
        ``sketch_milestones(km_curve(ipd))``.
    horizon_months : float
        RMST horizon (months); shortened to the end of follow-up when the curve
        stops earlier (the result's ``horizon_months`` says which was used).
    """
    from .survival import model_survival

    curve = km_curve(ipd)
    times, survival = check_curve(curve)
    months = [positive(month, "milestones_months", "months") for month in np.atleast_1d(milestones_months)]
    if any(month > times[-1] for month in months):
        raise ValueError(f"milestones_months must lie within follow-up (<= {times[-1]:g} months), got {months}")
    calibration = km_calibration(curve, months)
    milestones = calibration.milestones
    # On each flat piece of the KM step the monotone sketch is farthest at one of the piece's ends.
    piece_ends = np.append(times[1:], times[-1])
    gaps_at_start = np.abs(survival - model_survival(calibration, times))
    gaps_at_end = np.abs(survival - model_survival(calibration, piece_ends))
    gaps = np.maximum(gaps_at_start, gaps_at_end)
    worst = int(np.argmax(gaps))
    worst_month = times[worst] if gaps_at_start[worst] >= gaps_at_end[worst] else piece_ends[worst]
    horizon = min(positive(horizon_months, "horizon_months", "months"), float(times[-1]))
    rmst_km, rmst_sketch = rmst(curve, horizon), _sketch_rmst(calibration, horizon)
    return SketchDistance(
        milestones=milestones,
        max_gap=float(gaps[worst]),
        max_gap_month=float(worst_month),
        horizon_months=horizon,
        rmst_km=rmst_km,
        rmst_sketch=rmst_sketch,
        rmst_difference=rmst_sketch - rmst_km,
    )


def km_calibration(curve: pd.DataFrame, months):
    """The constant-hazard sketch calibrated to a Kaplan–Meier ``curve``'s survival at ``months``.

    ``curve`` is :func:`analysis.models.km_compare.km_curve` output; ``months`` are the
    milestones (months, within follow-up; not checked here). Returns a
    :class:`analysis.models.survival.Calibration` whose milestones are ``(month, survival 0–1)``.
    """
    from .survival import Calibration

    months = [float(month) for month in np.atleast_1d(months)]
    return Calibration(tuple((month, float(value)) for month, value in zip(months, survival_at(curve, months))),
                       label="KM milestones")


def sketch_distance_table(horizon_months: float = 18.0, names=None) -> pd.DataFrame:
    """:func:`sketch_distance` of the one- and two-milestone sketches for every arm in ``data/kmdata``.

    The curves are the Kaplan–Meier curves of the shipped (reconstructed) data.
    One row per arm: ``data_set``, ``endpoint``, ``arm``, ``follow_up_months``;
    for the one-milestone sketch (12 months) ``one_survival_12`` (0–1),
    ``one_max_gap`` (0–1) at ``one_max_gap_month``, ``one_rmst_difference``
    (sketch − KM, months); for the two-milestone sketch
    (:func:`sketch_milestones`) ``two_milestones`` (months, e.g. ``"12+24"``),
    ``two_max_gap``, ``two_max_gap_month``, ``two_rmst_difference``; and the
    RMST ``horizon_months`` used and the KM's ``rmst_km`` (months).
    """
    from ..ledger.kmdata import load_ipd

    arms = catalogue_arms(names)
    ipds = {name: load_ipd(name) for name in dict.fromkeys(arms["file"])}
    rows = []
    for arm in arms.itertuples():
        ipd = ipds[arm.file]
        group = ipd[ipd["arm"] == arm.arm]
        curve = km_curve(group)
        one = sketch_distance(group, (12.0,), horizon_months)
        two = sketch_distance(group, sketch_milestones(curve), horizon_months)
        rows.append({
            "data_set": arm.file, "endpoint": arm.endpoint, "arm": arm.arm,
            "follow_up_months": float(curve["time"].iloc[-1]),
            "one_survival_12": one.milestones[0][1], "one_max_gap": one.max_gap,
            "one_max_gap_month": one.max_gap_month, "one_rmst_difference": one.rmst_difference,
            "two_milestones": "+".join(f"{month:g}" for month, _ in two.milestones),
            "two_max_gap": two.max_gap, "two_max_gap_month": two.max_gap_month,
            "two_rmst_difference": two.rmst_difference,
            "horizon_months": one.horizon_months, "rmst_km": one.rmst_km,
        })
    return pd.DataFrame(rows)


def _points(gap: float) -> str:
    """A gap in survival (0–1) in whole percentage points, as every caption writes it."""
    return f"{100 * gap:.0f} percentage points"


@dataclass(frozen=True)
class SketchGapSummary:
    """How far the one-milestone (12-month) sketch lay from the reconstructed trial curves.

    ``worst`` and ``median`` are maximum vertical gaps (proportions 0–1, i.e.
    survival probability) over the ``n_curves`` curves; ``worst_data_set``,
    ``worst_arm`` and ``worst_endpoint`` name the curve of the worst gap.
    ``worst_text`` and ``median_text`` write them as a caption should
    ("19 percentage points"), so every chapter words them alike.
    """

    worst: float
    median: float
    n_curves: int
    worst_data_set: str
    worst_arm: str
    worst_endpoint: str
    milestone_months: float = 12.0

    @property
    def worst_text(self) -> str:
        """The worst gap in whole percentage points of survival, e.g. ``"19 percentage points"``."""
        return _points(self.worst)

    @property
    def median_text(self) -> str:
        """The median gap in whole percentage points of survival, e.g. ``"10 percentage points"``."""
        return _points(self.median)


def one_milestone_gap_summary(names=None) -> SketchGapSummary:
    """Worst and median gap between the one-milestone sketch and every curve in ``data/kmdata``.

    For each arm of each reconstructed data set (:func:`sketch_distance_table`),
    the book's constant-hazard sketch is calibrated to the arm's 12-month
    survival and compared with its Kaplan–Meier curve over the whole follow-up
    (maximum vertical distance, 0–1). Returns the largest and the median of
    those gaps with the curve of the largest. Chapters glue ``worst_text``
    into the captions of their own sketches ("a one-milestone sketch of a real
    trial curve was off by up to …"). ``names`` limits the data sets, as in
    :func:`sketch_distance_table`.
    """
    return _gap_summary(sketch_distance_table(names=names))


def _gap_summary(table: pd.DataFrame) -> SketchGapSummary:
    worst = table.loc[table["one_max_gap"].idxmax()]
    return SketchGapSummary(
        worst=float(worst["one_max_gap"]),
        median=float(table["one_max_gap"].median()),
        n_curves=len(table),
        worst_data_set=str(worst["data_set"]),
        worst_arm=str(worst["arm"]),
        worst_endpoint=str(worst["endpoint"]),
    )


def sketch_curves(ipd: pd.DataFrame, milestones_months, times) -> tuple[tuple[tuple[float, float], ...], np.ndarray]:
    """The sketch of one arm calibrated to its own KM survival at ``milestones_months``, evaluated at ``times``.

    Returns the ``(month, survival)`` milestones read off the arm's KM curve
    and the sketch's model survival (0–1) at ``times`` (months), exactly as
    :func:`sketch_distance` measures it.
    """
    from .survival import model_survival

    calibration = km_calibration(km_curve(ipd), milestones_months)
    return calibration.milestones, model_survival(calibration, times)


def sketch_table_display(table: pd.DataFrame) -> pd.DataFrame:
    """:func:`sketch_distance_table` written for readers, one row per curve.

    Gaps in percentage points with the month where they occur, RMST
    differences (sketch − Kaplan–Meier) in months to one decimal, and the
    curve named by trial, endpoint and treatment (from the catalogue).
    """
    from ..ledger.kmdata import load_catalogue

    catalogue = load_catalogue().set_index(["file", "arm"])
    rows = []
    for row in table.itertuples(index=False):
        facts = catalogue.loc[(row.data_set, row.arm)]
        rows.append({
            "Curve (reconstructed data)": f"{facts['trial']} {facts['endpoint']}, {facts['treatment']}",
            "Follow-up (months)": f"{row.follow_up_months:.1f}",
            "12-month survival": f"{100 * row.one_survival_12:.1f}%",
            "One milestone: largest gap (month)": f"{100 * row.one_max_gap:.1f} pp ({row.one_max_gap_month:.1f})",
            "One milestone: RMST difference (months)": f"{row.one_rmst_difference:+.2f}",
            "Two milestones (months)": row.two_milestones,
            "Two milestones: largest gap (month)": f"{100 * row.two_max_gap:.1f} pp ({row.two_max_gap_month:.1f})",
            "Two milestones: RMST difference (months)": f"{row.two_rmst_difference:+.2f}",
            "RMST horizon (months)": f"{row.horizon_months:.1f}",
        })
    return pd.DataFrame(rows)


def sketch_gap_texts(table: pd.DataFrame) -> dict[str, str | int]:
    """What the survival-curves chapter writes about :func:`sketch_distance_table` ``table``, keyed by glue name.

    The one-milestone sketch's median and worst gap (whole percentage points)
    and the curve and month (months) of the worst; the largest gap among the
    RTOG 0617 curves and the smallest among progression-free survival
    curves; how many two-milestone sketches lie closer, farther or as far
    (within floating-point noise) as the one-milestone sketch; and the
    median and largest absolute RMST difference (months) with the number of
    curves followed for less than the 18-month horizon.
    """
    from ..ledger.kmdata import load_catalogue

    summary = _gap_summary(table)
    worst_key = (summary.worst_data_set, summary.worst_arm)
    worst_arm = load_catalogue().set_index(["file", "arm"]).loc[worst_key]
    worst_row = table.set_index(["data_set", "arm"]).loc[worst_key]
    one, two = table["one_max_gap"], table["two_max_gap"]
    same = np.isclose(two, one)
    rmst_abs = table["one_rmst_difference"].abs()
    n_short = int((table["horizon_months"] < 18).sum())
    return {
        "gap_n_curves": summary.n_curves,
        "gap_median": summary.median_text,
        "gap_worst": summary.worst_text,
        "gap_worst_curve": f"{worst_arm['trial']} {worst_arm['endpoint']}, {worst_arm['treatment']} arm",
        "gap_worst_month": f"{worst_row['one_max_gap_month']:.1f} months",
        "gap_rtog_max": _points(table.loc[table["data_set"].str.startswith("RTOG"), "one_max_gap"].max()),
        "gap_pfs_min": _points(table.loc[table["endpoint"] == "PFS", "one_max_gap"].min()),
        "gap_two_median": _points(two.median()),
        "gap_two_worst": _points(two.max()),
        "gap_two_better": int(((two < one) & ~same).sum()),
        "gap_two_worse": int(((two > one) & ~same).sum()),
        "gap_two_same": int(same.sum()),
        "rmst_median": f"{rmst_abs.median():.1f} months",
        "rmst_worst": f"{rmst_abs.max():.1f} months",
        "rmst_horizon": "18 months",
        "rmst_short": f"{n_short} curve" + ("s" if n_short != 1 else ""),
    }


def milestone_gap_texts(ipd: pd.DataFrame, months=(6, 12)) -> dict[str, str]:
    """The one-milestone sketch of one arm calibrated at each of ``months``: its largest gap and where, by glue name.

    Keys ``ms_<month>_gap`` (whole percentage points) and ``ms_<month>_month``
    (months, one decimal), from :func:`sketch_distance` (the survival-curves
    chapter's milestone exercise).
    """
    texts = {}
    for month in months:
        result = sketch_distance(ipd, (month,))
        texts[f"ms_{month}_gap"] = _points(result.max_gap)
        texts[f"ms_{month}_month"] = f"{result.max_gap_month:.1f} months"
    return texts
