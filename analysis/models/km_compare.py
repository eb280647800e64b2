"""Kaplan–Meier curves and the measures that compare them.

Helpers for checking a reconstruction (:mod:`analysis.models.reconstruct`) against the
data it came from, and for measuring how far the book's constant-hazard
*sketch* (:mod:`analysis.models.survival`) lies from a real-looking curve:

* :func:`km_fitter` — the book's one Kaplan–Meier estimator (lifelines'), and
  :func:`km_curve`, its step curve of individual patient data;
* :func:`digitise_corners`, :func:`digitise_noisy` — what a reader's digitiser
  would take from a published figure (exactly, or with click errors and gaps);
* :func:`numbers_at_risk` — the at-risk table a journal prints under the axis;
* :func:`max_vertical_distance`, :func:`rmst`, :func:`event_count`,
  :func:`cox_hazard_ratio` — the comparisons;
* :func:`round_trip` — IPD → figure → reconstructed IPD, with all measures;
* :func:`exercise_digitisation`, :func:`write_exercise_files` — the noisy
  digitisation the survival-curves chapter's exercise starts from;
* :func:`rebuild_exercise`, :func:`careless_rebuild`, :func:`exercise_round_trip`,
  :func:`reconstruction_exercise_texts` — that chapter's exercise answers.

How far the book's sketches lie from these curves is :mod:`analysis.models.sketch_error`.

Times are in months and survival is a proportion (0–1) throughout. A *curve*
is a DataFrame with ``time`` and ``survival`` columns read as a
right-continuous step function: survival ``survival[j]`` holds from
``time[j]`` until the next row's time, and the last row marks the end of
follow-up.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..checks import in_range, positive

__all__ = [
    "check_ipd",
    "check_curve",
    "km_fitter",
    "km_curve",
    "survival_at",
    "digitise_corners",
    "digitise_noisy",
    "numbers_at_risk",
    "max_vertical_distance",
    "rmst",
    "event_count",
    "HazardRatio",
    "cox_hazard_ratio",
    "RoundTrip",
    "round_trip",
    "catalogue_arms",
    "exercise_digitisation",
    "write_exercise_files",
    "Rebuilt",
    "rebuild_exercise",
    "careless_rebuild",
    "exercise_round_trip",
    "reconstruction_exercise_texts",
]


def check_ipd(ipd, name: str = "ipd") -> None:
    """Check one group's individual patient data; raise ``ValueError`` naming ``name`` and what is wrong.

    ``ipd`` must be a non-empty DataFrame with ``time`` (months, finite, >= 0)
    and ``event`` (1 event, 0 censored). Every function here that takes
    individual patient data checks it with this, and so do the modules that
    build on them (:mod:`analysis.models.sketch_error`, :mod:`analysis.plots.survival_curves`).
    """
    if not isinstance(ipd, pd.DataFrame) or not {"time", "event"} <= set(ipd.columns):
        raise ValueError(f"{name} must be a DataFrame with columns 'time' (months) and 'event' (0/1)")
    if len(ipd) == 0:
        raise ValueError(f"{name} must not be empty")
    times = ipd["time"].to_numpy(dtype=float)
    if not np.all(np.isfinite(times)) or np.any(times < 0):
        raise ValueError(f"{name} column 'time' must be finite and >= 0 months")
    if not ipd["event"].isin([0, 1]).all():
        raise ValueError(f"{name} column 'event' must be 0 (censored) or 1 (event)")


def check_curve(curve, name: str = "curve") -> tuple[np.ndarray, np.ndarray]:
    """Check a Kaplan–Meier step curve as :func:`km_curve` returns it, and return its ``(times, survival)`` arrays.

    ``curve`` must be a non-empty DataFrame with ``time`` (months, sorted,
    starting at 0) and ``survival`` (0–1); otherwise ``ValueError`` names
    ``name`` and what is wrong.
    """
    if not isinstance(curve, pd.DataFrame) or not {"time", "survival"} <= set(curve.columns) or len(curve) == 0:
        raise ValueError(f"{name} must be a non-empty DataFrame with columns 'time' (months) and 'survival' (0–1)")
    times = curve["time"].to_numpy(dtype=float)
    survival = curve["survival"].to_numpy(dtype=float)
    if np.any(np.diff(times) < 0) or times[0] != 0:
        raise ValueError(f"{name} must start at time 0 and be sorted by time (use km_curve)")
    return times, survival


def km_fitter(ipd: pd.DataFrame, label: str | None = None):
    """The book's one Kaplan–Meier estimator: lifelines' ``KaplanMeierFitter`` fitted to one group.

    ``ipd`` has ``time`` (months, >= 0) and ``event`` (1 event, 0 censored);
    ``label`` names the curve in a legend. Every Kaplan–Meier number and
    curve of the book comes from here (:func:`km_curve`,
    :func:`analysis.models.survival.km_table`, the figures), so that the curves a
    reader fits with lifelines in Jupyter are the book's own. Returns the
    fitted fitter (its ``survival_function_``, ``event_table`` and
    ``confidence_interval_survival_function_``, Greenwood's variance with
    lifelines' log(-log) interval).
    """
    from lifelines import KaplanMeierFitter

    check_ipd(ipd)
    # lifelines switches numpy's divide/invalid warnings off for the whole process while it fits;
    # errstate puts the reader's settings back afterwards.
    with np.errstate(all="ignore"):
        return KaplanMeierFitter(label=label).fit(ipd["time"].to_numpy(dtype=float), ipd["event"].to_numpy(dtype=int))


def km_curve(ipd: pd.DataFrame) -> pd.DataFrame:
    """Kaplan–Meier step curve of one group's individual patient data, from :func:`km_fitter`.

    Parameters
    ----------
    ipd : pandas.DataFrame
        ``time`` (months, >= 0) and ``event`` (1 event, 0 censored) of one arm.

    Returns
    -------
    pandas.DataFrame
        ``time`` (months) and ``survival`` (0–1): the row (0, 1), one row per
        distinct event time with the survival just after it, and a last row at
        the end of follow-up (latest time of anyone) when that is later than
        the last event. An event at time 0 replaces the row (0, 1) by the
        survival just after it.
    """
    fitter = km_fitter(ipd)
    survival = fitter.survival_function_.iloc[:, 0]
    observed = fitter.event_table["observed"]
    curve_times = np.union1d([0.0], observed.index[observed > 0].to_numpy(dtype=float))
    curve_survival = survival.loc[curve_times].to_numpy(dtype=float)
    last = float(ipd["time"].max())
    if last > curve_times[-1]:
        curve_times = np.append(curve_times, last)
        curve_survival = np.append(curve_survival, curve_survival[-1])
    return pd.DataFrame({"time": curve_times, "survival": curve_survival})


def survival_at(curve: pd.DataFrame, times) -> np.ndarray:
    """Survival (0–1) of a step ``curve`` at ``times`` (months, within follow-up; right-continuous)."""
    curve_times, curve_survival = check_curve(curve)
    times = np.asarray(times, dtype=float)
    if np.any(times < 0) or np.any(times > curve_times[-1]):
        raise ValueError(f"times must lie within the curve's follow-up, 0–{curve_times[-1]:g} months")
    return curve_survival[np.searchsorted(curve_times, times, side="right") - 1]


def digitise_corners(curve: pd.DataFrame) -> pd.DataFrame:
    """Both corners of every step of a KM ``curve``: a perfect digitisation of the figure.

    Returns ``time`` (months) and ``survival`` (0–1): (0, 1), then at each
    drop the point before it and the point after it, and the end of follow-up.
    """
    times, survival = check_curve(curve)
    # The level just before each row; before time 0 every curve is at 1 (events at time 0 drop from there).
    before = np.concatenate([[1.0], survival[:-1]])
    rows = [(0.0, 1.0)]
    for time, upper, lower in zip(times, before, survival):
        rows += [(time, upper), (time, lower)] if lower < upper else [(time, lower)]
    return pd.DataFrame(rows, columns=["time", "survival"]).drop_duplicates(ignore_index=True)


def digitise_noisy(
    curve: pd.DataFrame,
    *,
    seed: int,
    keep_fraction: float = 0.75,
    time_error: float = 0.001,
    survival_error: float = 0.002,
) -> pd.DataFrame:
    """A realistic, imperfect digitisation of a KM ``curve`` (a fixed ``seed`` repeats it).

    Starts from :func:`digitise_corners`, keeps a random ``keep_fraction``
    (0–1] of the corners (a reader misses steps; the start and the end of the
    curve are always kept), then moves each kept point by independent normal
    click errors: standard deviation ``time_error`` × the curve's last time in
    months and ``survival_error`` in survival. The defaults are about one
    pixel of a figure whose axes span 1000 × 500 pixels (0.001 of the time
    axis, 0.002 of the survival axis); three of four corners are kept. Times
    are clipped at 0 and survival to [0, 1]; points are returned in time
    order, so some now lie above an earlier one, as in real digitisations.
    Returns ``time`` (months) and ``survival`` (0–1).
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer (the same seed repeats the digitisation), got {seed!r}")
    keep_fraction = in_range(keep_fraction, "keep_fraction", 1e-9, 1.0)
    time_error = in_range(time_error, "time_error", 0.0, 1.0, "of the time axis")
    survival_error = in_range(survival_error, "survival_error", 0.0, 1.0)
    corners = digitise_corners(curve)
    rng = np.random.default_rng(seed)
    keep = rng.random(len(corners)) < keep_fraction
    keep[0] = keep[-1] = True
    kept = corners[keep].reset_index(drop=True)
    span = float(corners["time"].iloc[-1])
    time_noise = rng.normal(0.0, time_error * span, len(kept))
    survival_noise = rng.normal(0.0, survival_error, len(kept))
    time_noise[0] = survival_noise[0] = 0.0  # the reader anchors the curve at (0, 1)
    noisy = pd.DataFrame({
        "time": np.clip(kept["time"].to_numpy() + time_noise, 0.0, None),
        "survival": np.clip(kept["survival"].to_numpy() + survival_noise, 0.0, 1.0),
    })
    return noisy.sort_values("time", kind="stable", ignore_index=True)


def numbers_at_risk(ipd: pd.DataFrame, every_months: float = 3.0, until_months: float | None = None) -> pd.DataFrame:
    """Numbers at risk as a journal prints them under a KM figure.

    At times 0, ``every_months``, 2 × ``every_months``, … up to ``until_months``
    (default: the last follow-up time), the number of patients whose time is
    at or after that time (still followed, no event yet). Returns ``time``
    (months) and ``n_risk`` (patients).
    """
    check_ipd(ipd)
    every_months = positive(every_months, "every_months", "months")
    times = np.sort(ipd["time"].to_numpy(dtype=float))
    until = times[-1] if until_months is None else positive(until_months, "until_months", "months")
    grid = np.arange(0.0, until + 1e-9, every_months)
    return pd.DataFrame({"time": grid, "n_risk": len(times) - np.searchsorted(times, grid, side="left")})


def max_vertical_distance(curve_a: pd.DataFrame, curve_b: pd.DataFrame) -> float:
    """Largest vertical gap (0–1) between two KM step curves over their common follow-up.

    Both are step functions, so the largest gap is found at one of their jump
    times; only times up to the earlier of the two ends of follow-up count.
    """
    times_a, _ = check_curve(curve_a, "curve_a")
    times_b, _ = check_curve(curve_b, "curve_b")
    end = min(times_a[-1], times_b[-1])
    grid = np.union1d(times_a, times_b)
    grid = grid[grid <= end]
    return float(np.max(np.abs(survival_at(curve_a, grid) - survival_at(curve_b, grid))))


def rmst(curve: pd.DataFrame, horizon_months: float) -> float:
    """Restricted mean survival time (months): area under the KM step ``curve`` from 0 to the horizon.

    The horizon (months, > 0) must lie within follow-up: past the last time
    the curve is unknown, and extending it flat would invent follow-up.
    """
    times, survival = check_curve(curve)
    horizon = positive(horizon_months, "horizon_months", "months")
    if horizon > times[-1]:
        raise ValueError(f"horizon_months must be within follow-up (<= {times[-1]:g} months), got {horizon_months!r}")
    edges = np.append(times[times < horizon], horizon)
    return float(np.sum(np.diff(edges) * survival[: len(edges) - 1]))


def event_count(ipd: pd.DataFrame) -> int:
    """Number of events (rows with ``event == 1``) in individual patient data."""
    check_ipd(ipd)
    return int(ipd["event"].sum())


@dataclass(frozen=True)
class HazardRatio:
    """A Cox hazard ratio of ``arm`` versus ``reference`` with its 95% CI and Wald p-value."""

    arm: str
    reference: str
    value: float
    lower: float
    upper: float
    p_value: float

    @property
    def text(self) -> str:
        """The ratio with its interval as the book writes it, e.g. ``"0.63 (95% CI 0.47–0.86)"``."""
        return f"{self.value:.2f} (95% CI {self.lower:.2f}–{self.upper:.2f})"


def cox_hazard_ratio(ipd: pd.DataFrame, reference_arm: str, arm_column: str = "arm") -> HazardRatio:
    """Cox proportional-hazards ratio between the two arms of ``ipd`` (lifelines ``CoxPHFitter``).

    ``ipd`` has ``time`` (months), ``event`` (0/1) and ``arm_column`` with exactly
    two arms; the ratio is the hazard of the other arm divided by that of
    ``reference_arm`` (> 1: the other arm does worse). Ties use lifelines'
    Efron method.
    """
    from lifelines import CoxPHFitter

    check_ipd(ipd)
    if arm_column not in ipd.columns:
        raise ValueError(f"ipd must have the arm column {arm_column!r}")
    arms = list(dict.fromkeys(ipd[arm_column]))
    if len(arms) != 2 or reference_arm not in arms:
        raise ValueError(f"reference_arm must be one of exactly two arms in ipd, got {reference_arm!r} with arms {arms}")
    other = arms[1] if arms[0] == reference_arm else arms[0]
    frame = pd.DataFrame({
        "time": ipd["time"].to_numpy(dtype=float),
        "event": ipd["event"].to_numpy(dtype=int),
        "other_arm": (ipd[arm_column] == other).to_numpy(dtype=int),
    })
    summary = CoxPHFitter().fit(frame, "time", "event").summary.loc["other_arm"]
    return HazardRatio(
        arm=str(other),
        reference=str(reference_arm),
        value=float(summary["exp(coef)"]),
        lower=float(summary["exp(coef) lower 95%"]),
        upper=float(summary["exp(coef) upper 95%"]),
        p_value=float(summary["p"]),
    )


@dataclass(frozen=True)
class RoundTrip:
    """IPD → digitised figure → reconstructed IPD, and how close the result came.

    ``per_arm`` has one row per arm: ``arm``; ``max_distance`` (0–1, between
    the original and the reconstructed KM curves); ``digitisation_distance``
    (0–1, between the original KM curve and the digitised points read as a
    step curve: the error the reader's digitisation brought in before any
    reconstruction); ``distance_to_digitised`` (0–1, between the digitised and
    the reconstructed curves: what the reconstruction itself adds);
    ``events_original``, ``events_reconstructed``, ``events_relative_error``
    (reconstructed / original − 1). ``reconstructed`` is the reconstructed IPD
    of both arms, with an ``arm`` column.
    """

    per_arm: pd.DataFrame
    hazard_ratio_original: HazardRatio
    hazard_ratio_reconstructed: HazardRatio
    reconstructed: pd.DataFrame


def round_trip(
    ipd: pd.DataFrame,
    reference_arm: str,
    *,
    noisy: bool = False,
    seed: int = 2012,
    every_months: float = 3.0,
    use_total_events: bool = True,
) -> RoundTrip:
    """Digitise each arm's KM curve, print its numbers at risk, reconstruct, and compare.

    Parameters
    ----------
    ipd : pandas.DataFrame
        Two arms: ``time`` (months), ``event`` (0/1), ``arm``.
    reference_arm : str
        The arm the hazard ratios are relative to.
    noisy : bool
        Digitise with :func:`digitise_noisy` (default errors, ``seed``) instead
        of the exact corners.
    seed : int
        Seed of the noisy digitisation; each arm uses ``seed`` plus its position.
    every_months : float
        Spacing of the at-risk table (months).
    use_total_events : bool
        Give :func:`~analysis.models.reconstruct.reconstruct_ipd` each arm's event total,
        as a publication reports it.
    """
    from .reconstruct import digitised_step_curve, reconstruct_ipd

    check_ipd(ipd)
    rows, rebuilt = [], []
    for position, (arm, group) in enumerate(ipd.groupby("arm", sort=False)):
        curve = km_curve(group)
        digitised = digitise_noisy(curve, seed=seed + position) if noisy else digitise_corners(curve)
        total = event_count(group) if use_total_events else None
        reconstructed = reconstruct_ipd(digitised, numbers_at_risk(group, every_months), total).assign(arm=arm)
        rebuilt.append(reconstructed)
        reconstructed_curve, digitised_curve = km_curve(reconstructed), digitised_step_curve(digitised)
        rows.append({
            "arm": arm,
            "max_distance": max_vertical_distance(curve, reconstructed_curve),
            "digitisation_distance": max_vertical_distance(curve, digitised_curve),
            "distance_to_digitised": max_vertical_distance(digitised_curve, reconstructed_curve),
            "events_original": event_count(group),
            "events_reconstructed": event_count(reconstructed),
        })
    per_arm = pd.DataFrame(rows)
    per_arm["events_relative_error"] = per_arm["events_reconstructed"] / per_arm["events_original"] - 1
    reconstructed = pd.concat(rebuilt, ignore_index=True)
    return RoundTrip(
        per_arm=per_arm,
        hazard_ratio_original=cox_hazard_ratio(ipd, reference_arm),
        hazard_ratio_reconstructed=cox_hazard_ratio(reconstructed, reference_arm),
        reconstructed=reconstructed,
    )


def catalogue_arms(names=None):
    """The catalogue rows (arms) of the data sets ``names`` (default: all); ``ValueError`` names unknown ones."""
    from ..ledger.kmdata import load_catalogue

    catalogue = load_catalogue()
    if names is not None:
        unknown = sorted(set(names) - set(catalogue["file"]))
        if unknown:
            raise ValueError(f"names must be data sets of the catalogue, unknown: {unknown}")
        catalogue = catalogue[catalogue["file"].isin(list(names))]
    return catalogue


# --- the exercise files of the survival-curves chapter ------------------------------------------

def exercise_digitisation(name: str | None = None, seed: int | None = None, every_months: float | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A reader's noisy digitisation of one data set's Kaplan–Meier figure, and its at-risk table.

    For each arm of the reconstructed data set ``name`` (catalogue order), the
    Kaplan–Meier curve is digitised with
    :func:`digitise_noisy` (default click errors and missed
    steps, seed ``seed`` + the arm's position) and rounded as a digitiser
    prints it (time to 0.001 month, survival to 0.0001); the numbers at risk
    are taken every ``every_months`` months
    (:func:`numbers_at_risk`).

    Returns
    -------
    (digitised, at_risk)
        ``digitised``: ``arm``, ``time`` (months), ``survival`` (0–1);
        ``at_risk``: ``arm``, ``time`` (months), ``n_risk`` (patients).
    """
    from ..ledger.kmdata import EXERCISE_EVERY_MONTHS, EXERCISE_FILES, EXERCISE_SEED, EXERCISE_SOURCE, load_catalogue, load_ipd

    name = EXERCISE_SOURCE if name is None else name
    seed = EXERCISE_SEED if seed is None else seed
    every_months = EXERCISE_EVERY_MONTHS if every_months is None else every_months
    ipd = load_ipd(name)
    arms = load_catalogue().query("file == @name")["arm"].tolist()
    points, tables = [], []
    for position, arm in enumerate(arms):
        group = ipd[ipd["arm"] == arm]
        digitised = digitise_noisy(km_curve(group), seed=seed + position)
        points.append(digitised.round({"time": 3, "survival": 4}).assign(arm=arm))
        tables.append(numbers_at_risk(group, every_months).assign(arm=arm))
    digitised_columns = list(EXERCISE_FILES["digitised"][1])
    at_risk_columns = list(EXERCISE_FILES["at_risk"][1])
    return (pd.concat(points, ignore_index=True)[digitised_columns],
            pd.concat(tables, ignore_index=True)[at_risk_columns])


def write_exercise_files(folder: str | Path | None = None) -> list[Path]:
    """Write :func:`exercise_digitisation` (default arguments) to the two exercise files; returns their paths.

    ``folder`` defaults to ``data/kmdata``. Arguments default to :mod:`analysis.ledger.kmdata`'s ``EXERCISE_*`` settings. The committed files must equal what
    this writes (a unit test checks it), so rerun it only with a reason.
    """
    from ..ledger.kmdata import EXERCISE_FILES, kmdata_folder

    folder = Path(folder) if folder is not None else kmdata_folder()
    written = []
    for (_, (file_name, _)), frame in zip(EXERCISE_FILES.items(), exercise_digitisation()):
        path = folder / file_name
        frame.to_csv(path, index=False, lineterminator="\n", float_format="%.10g")
        written.append(path)
    return written


# --- the answers of the survival-curves chapter's exercises ---------------------------------------

@dataclass(frozen=True)
class Rebuilt:
    """Patients rebuilt from a digitisation, and how far they lie from the data the figure was drawn from.

    ``reconstructed``: the rebuilt IPD of every arm (``time`` in months,
    ``event``, ``arm``); ``max_gap``: the largest vertical distance (0–1)
    between an arm's original and rebuilt Kaplan–Meier curves, over the arms;
    ``hazard_ratio``: the rebuilt patients' Cox ratio; ``hazard_ratio_original``:
    the original data's.
    """

    reconstructed: pd.DataFrame
    max_gap: float
    hazard_ratio: HazardRatio
    hazard_ratio_original: HazardRatio


def _rebuilt(original: pd.DataFrame, parts: list[pd.DataFrame], reference_arm: str) -> Rebuilt:
    reconstructed = pd.concat(parts, ignore_index=True)
    gaps = [max_vertical_distance(km_curve(original[original["arm"] == arm]), km_curve(reconstructed[reconstructed["arm"] == arm]))
            for arm in dict.fromkeys(reconstructed["arm"])]
    return Rebuilt(reconstructed, max(gaps), cox_hazard_ratio(reconstructed, reference_arm), cox_hazard_ratio(original, reference_arm))


def _control_arm(name: str) -> str:
    from ..ledger.kmdata import load_catalogue

    return load_catalogue().query("file == @name and role == 'control'")["arm"].item()


def rebuild_exercise() -> Rebuilt:
    """Exercise 1 of the survival-curves chapter: the shipped digitisation (``load_exercise()``) rebuilt.

    Each arm of :data:`analysis.ledger.kmdata.EXERCISE_SOURCE` is reconstructed from
    the shipped clicks and numbers at risk with its reported number of events
    (catalogue), as the exercise asks; the hazard ratios are against the
    control arm, and ``hazard_ratio_original`` is that of the shipped
    (reconstructed) data.
    """
    from ..ledger.kmdata import EXERCISE_SOURCE, load_catalogue, load_exercise, load_ipd
    from .reconstruct import reconstruct_ipd

    digitised, at_risk = load_exercise()
    arms = load_catalogue().query("file == @EXERCISE_SOURCE").set_index("arm")
    parts = [reconstruct_ipd(digitised[digitised["arm"] == arm], at_risk[at_risk["arm"] == arm], int(facts["events"])).assign(arm=arm)
             for arm, facts in arms.iterrows()]
    return _rebuilt(load_ipd(EXERCISE_SOURCE), parts, _control_arm(EXERCISE_SOURCE))


def careless_rebuild(ipd: pd.DataFrame, arms, *, reference_arm: str, seed: int, keep_fraction: float = 0.3,
                     survival_error: float = 0.01, every_months: float = 3.0) -> Rebuilt:
    """Exercise 3 of the survival-curves chapter: a careless reader's clicks, rebuilt.

    Each arm of ``arms`` (in that order; arm k's clicks use ``seed`` + k, as
    the chapter's own digitisation does) is digitised with
    :func:`digitise_noisy` keeping ``keep_fraction`` (0–1] of the steps with
    a survival click error of ``survival_error`` (0–1), then rebuilt from
    :func:`numbers_at_risk` every ``every_months`` months and the arm's
    event count. Hazard ratios are against ``reference_arm``.
    """
    from .reconstruct import reconstruct_ipd

    check_ipd(ipd)
    parts = []
    for position, arm in enumerate(arms):
        group = ipd[ipd["arm"] == arm]
        points = digitise_noisy(km_curve(group), seed=seed + position, keep_fraction=keep_fraction, survival_error=survival_error)
        parts.append(reconstruct_ipd(points, numbers_at_risk(group, every_months), event_count(group)).assign(arm=arm))
    return _rebuilt(ipd, parts, reference_arm)


def exercise_round_trip(every_months: float, use_total_events: bool = True, noisy: bool = True) -> RoundTrip:
    """Exercise 2 of the survival-curves chapter: :func:`round_trip` of the exercise's data set.

    The data set is :data:`analysis.ledger.kmdata.EXERCISE_SOURCE`, against its
    control arm, with noisy clicks seeded by :data:`analysis.ledger.kmdata.EXERCISE_SEED`
    (exact corners if ``noisy`` is false) and numbers at risk every
    ``every_months`` months.
    """
    from ..ledger.kmdata import EXERCISE_SEED, EXERCISE_SOURCE, load_ipd

    return round_trip(load_ipd(EXERCISE_SOURCE), _control_arm(EXERCISE_SOURCE), noisy=noisy, seed=EXERCISE_SEED,
                      every_months=every_months, use_total_events=use_total_events)


def reconstruction_exercise_texts(rebuilt: Rebuilt, careless: Rebuilt) -> dict[str, str]:
    """The numbers the solutions of the survival-curves chapter's exercises 1–3 write, keyed by glue name.

    ``rebuilt`` is :func:`rebuild_exercise`, ``careless`` :func:`careless_rebuild`;
    exercise 2's round trips (numbers at risk every 3, 6 and 12 months; at 12
    without the reported deaths; exact clicks at 3) are run here. Gaps are
    written in percentage points, event errors in percent, hazard ratios to
    two decimals.
    """
    texts = {}
    for months in (3, 6, 12):
        trip = exercise_round_trip(months)
        texts[f"sp_{months}_gap"] = f"{100 * trip.per_arm['max_distance'].max():.1f}"
        texts[f"sp_{months}_hr"] = f"{trip.hazard_ratio_reconstructed.value:.2f}"
        texts[f"sp_{months}_events"] = f"{100 * trip.per_arm['events_relative_error'].abs().max():.1f}%"
    no_total, exact = exercise_round_trip(12, use_total_events=False), exercise_round_trip(3, noisy=False)
    return {
        **texts,
        "ex_gap_max": f"{100 * rebuilt.max_gap:.1f} percentage points",
        "ex_hr": rebuilt.hazard_ratio.text,
        "ex_hr_shipped": rebuilt.hazard_ratio_original.text,
        "sp_12_none_events": f"{100 * no_total.per_arm['events_relative_error'].abs().max():.1f}%",
        "sp_12_none_hr": f"{no_total.hazard_ratio_reconstructed.value:.2f}",
        "sp_shipped_hr": f"{rebuilt.hazard_ratio_original.value:.2f}",
        "sp_exact_gap": f"{100 * exact.per_arm['max_distance'].max():.2f}",
        "wi_gap": f"{100 * careless.max_gap:.1f} percentage points",
        "wi_hr": careless.hazard_ratio.text,
    }
