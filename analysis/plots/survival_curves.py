"""Figures and tables of the methods chapter on survival curves.

* :func:`plot_sketch_recipe` — how the book's Kaplan–Meier *sketch* is made:
  a constant hazard through a reported milestone, patients simulated from it,
  and their Kaplan–Meier curve;
* :func:`plot_sketch_grid` — the one- and two-milestone sketches of every
  reconstructed curve in ``data/kmdata``, drawn over that curve (small
  multiples; the sketches are :func:`analysis.models.sketch_error.sketch_curves`);
* :func:`plot_km_sketch` — Kaplan–Meier curves of simulated groups with their
  at-risk table and calibration milestones (chapters 3 and 4);
* :func:`plot_digitisation` — a digitised figure: points and the numbers at risk;
* :func:`plot_round_trip` — two sets of Kaplan–Meier curves and their difference.

Times are in months and survival is a proportion (0–1). Every function
returns the matplotlib Figure it drew (the chapter adds the source line and
glues it); colours come from :data:`analysis.style.PALETTE`. Every artist that
carries data has a ``gid`` (``"km:<arm>"``, ``"sketch1:<arm>"``, ...) so tests
can find it.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from ..models.km_compare import check_curve, check_ipd, km_curve, km_fitter, survival_at
from ..models.sketch_error import sketch_curves

__all__ = [
    "plot_sketch_recipe",
    "plot_sketch_grid",
    "plot_km_sketch",
    "plot_digitisation",
    "plot_round_trip",
]


def _step(ax, curve: pd.DataFrame, **style):
    times, survival = check_curve(curve)
    (line,) = ax.step(times, survival, where="post", **style)
    return line


def plot_sketch_recipe(calibration, cohort: pd.DataFrame, *, follow_up: float, n_shown: int = 30):
    """Three panels: the calibrated model curve, some simulated patients, and the Kaplan–Meier sketch.

    ``calibration`` is an :class:`analysis.models.survival.Calibration`; ``cohort`` the
    simulated patients (``time`` in months, ``event`` 0/1) drawn from it, e.g.
    by :func:`analysis.models.survival.simulate_cohort`; ``follow_up`` its
    administrative censoring time (months); ``n_shown`` how many simulated
    patients the middle panel draws (the first ones of ``cohort``).
    """
    import matplotlib.pyplot as plt

    from ..models.survival import model_survival, piecewise_hazards
    from ..style import PALETTE, label_axes

    check_ipd(cohort, "cohort")
    if not isinstance(n_shown, int) or isinstance(n_shown, bool) or not 1 <= n_shown <= len(cohort):
        raise ValueError(f"n_shown must be an integer from 1 to the cohort size ({len(cohort)}), got {n_shown!r}")
    grid = np.linspace(0.0, follow_up, 241)
    model = model_survival(calibration, grid)
    milestone_times = [time for time, _ in calibration.milestones]
    milestone_values = [value for _, value in calibration.milestones]
    fig, (ax_model, ax_patients, ax_km) = plt.subplots(1, 3, figsize=(7.9, 3.7), gridspec_kw={"width_ratios": [1, 1, 1.1]})

    ax_model.plot(grid, model, color=PALETTE["black"], gid="model")
    ax_model.plot(milestone_times, milestone_values, "D", color=PALETTE["orange"], mec="black", ms=7, gid="milestone")
    hazards = ", ".join(f"{hazard:.3f}" for _, _, hazard in piecewise_hazards(calibration))
    ax_model.text(0.04, 0.06, f"hazard {hazards} per month", transform=ax_model.transAxes, fontsize=8.5)
    label_axes(ax_model, "Time (months)", "Survival probability (0–1)", "1. Constant hazard through the milestone")

    shown = cohort.iloc[:n_shown].sort_values("time", kind="stable").reset_index(drop=True)
    for y, row in shown.iterrows():
        ax_patients.plot([0, row["time"]], [y, y], color=PALETTE["grey"], lw=1, gid=f"patient:{y}")
    deaths, censored = shown[shown["event"] == 1], shown[shown["event"] == 0]
    ax_patients.plot(deaths["time"], deaths.index, "x", color=PALETTE["vermillion"], ms=5, label="event", gid="events")
    ax_patients.plot(censored["time"], censored.index, "|", color=PALETTE["blue"], ms=7, mew=1.5, label="censored", gid="censored")
    ax_patients.set_yticks([])
    ax_patients.legend(loc="lower right", fontsize=8)
    label_axes(ax_patients, "Time (months)", f"Simulated patients (first {n_shown} of {len(cohort)})", "2. Simulated patients")

    ax_km.plot(grid, model, color=PALETTE["black"], ls="--", lw=1.2, label="model curve", gid="model")
    _step(ax_km, km_curve(cohort), color=PALETTE["orange"], label="KM of the simulated cohort", gid="km:sketch")
    ax_km.plot(milestone_times, milestone_values, "D", color=PALETTE["orange"], mec="black", ms=7)
    ax_km.legend(loc="lower left", fontsize=8)
    label_axes(ax_km, "Time (months)", "Survival probability (0–1)", "3. Kaplan–Meier sketch")
    for ax in (ax_model, ax_km):
        ax.set_ylim(0, 1.02)
    for ax in (ax_model, ax_patients, ax_km):
        ax.set_xlim(0, follow_up * 1.02)
        ax.title.set_fontsize(10)
    fig.tight_layout()
    return fig


def plot_sketch_grid(table: pd.DataFrame, *, ncols: int = 3):
    """Small multiples: every reconstructed curve with its one- and two-milestone sketches.

    ``table`` is :func:`analysis.models.sketch_error.sketch_distance_table` (one row per
    arm, in catalogue order). Each panel draws the arm's Kaplan–Meier curve
    (reconstructed data), the one-milestone sketch (12 months, dashed), the
    two-milestone sketch (dotted), the milestones, and a bar where the
    one-milestone sketch is farthest from the curve, with both gaps in
    percentage points.
    """
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    from ..ledger.kmdata import load_catalogue, load_ipd
    from ..style import PALETTE

    required = {"data_set", "arm", "one_max_gap", "one_max_gap_month", "two_milestones", "two_max_gap"}
    if not isinstance(table, pd.DataFrame) or not required <= set(table.columns) or len(table) == 0:
        raise ValueError(f"table must be sketch_distance_table() output with columns {sorted(required)}")
    catalogue = load_catalogue().set_index(["file", "arm"])
    nrows = int(np.ceil(len(table) / ncols))
    # About 2.5 in per column keeps the text legible where the page shrinks the figure to its column.
    fig, axes = plt.subplots(nrows, ncols, figsize=(2.5 * ncols, 2.3 * nrows + 0.8), sharex=True, sharey=True, squeeze=False)
    ipds = {name: load_ipd(name) for name in dict.fromkeys(table["data_set"])}
    for ax, row in zip(axes.flat, table.itertuples(index=False)):
        ipd = ipds[row.data_set]
        group = ipd[ipd["arm"] == row.arm]
        curve = km_curve(group)
        grid = np.linspace(0.0, float(curve["time"].iloc[-1]), 200)
        one, one_curve = sketch_curves(group, (12.0,), grid)
        two, two_curve = sketch_curves(group, [float(m) for m in row.two_milestones.split("+")], grid)
        _step(ax, curve, color=PALETTE["black"], lw=1.4, gid=f"km:{row.data_set}:{row.arm}")
        ax.plot(grid, one_curve, color=PALETTE["vermillion"], ls="--", lw=1.4, gid=f"sketch1:{row.data_set}:{row.arm}")
        ax.plot(grid, two_curve, color=PALETTE["blue"], ls=":", lw=1.8, gid=f"sketch2:{row.data_set}:{row.arm}")
        ax.plot(*zip(*two), "o", color=PALETTE["blue"], ms=4, mfc="white")
        ax.plot(*zip(*one), "D", color=PALETTE["vermillion"], ms=5, mec="black", mew=0.6)
        month = row.one_max_gap_month
        sketch_there = sketch_curves(group, (12.0,), [month])[1][0]
        # The gap may sit just before a drop of the step (its left limit) or just after it.
        levels = [survival_at(curve, [month])[0], survival_at(curve, [max(month - 1e-9, 0.0)])[0]]
        level = min(levels, key=lambda value: abs(abs(value - sketch_there) - row.one_max_gap))
        ax.plot([month, month], [level, sketch_there], color=PALETTE["reddish_purple"], lw=2.5,
                solid_capstyle="butt", gid=f"gap:{row.data_set}:{row.arm}")
        facts = catalogue.loc[(row.data_set, row.arm)]
        ax.set_title(f"{facts['trial']} {facts['endpoint']}: {facts['treatment']}", fontsize=8.5)
        ax.text(0.97, 0.95, f"gap {100 * row.one_max_gap:.0f} / {100 * row.two_max_gap:.0f} pp",
                transform=ax.transAxes, ha="right", va="top", fontsize=8)
        ax.set_ylim(0, 1.02)
        ax.set_xlim(0, 25)
        ax.set_xticks([0, 6, 12, 18, 24])
        ax.tick_params(labelsize=8)
    for ax in list(axes.flat)[len(table):]:
        ax.set_visible(False)
    handles = [
        Line2D([], [], color=PALETTE["black"], lw=1.4, label="Kaplan–Meier curve (reconstructed data)"),
        Line2D([], [], color=PALETTE["vermillion"], ls="--", marker="D", ms=5, mec="black", label="one-milestone sketch (12 months)"),
        Line2D([], [], color=PALETTE["blue"], ls=":", lw=1.8, marker="o", mfc="white", ms=4, label="two-milestone sketch"),
        Line2D([], [], color=PALETTE["reddish_purple"], lw=2.5, label="largest gap, one-milestone sketch"),
    ]
    fig.supxlabel("Time since randomisation (months)", fontsize=10)
    fig.supylabel("Survival probability (0–1)", fontsize=10)
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.55 / fig.get_figheight()))
    fig.legend(handles=handles, loc="upper center", ncol=2, fontsize=8.5, bbox_to_anchor=(0.5, 1.0))
    return fig


def plot_digitisation(
    curves: Mapping[str, pd.DataFrame],
    digitised: Mapping[str, pd.DataFrame],
    at_risk: Mapping[str, pd.DataFrame],
    *,
    colors: Mapping[str, str],
    labels: Mapping[str, str],
    zoom: tuple[float, float] | None = None,
):
    """A digitised Kaplan–Meier figure: the curves, the clicked points, and the numbers at risk under the axis.

    Each mapping is keyed by arm: ``curves`` the KM step curves being
    digitised, ``digitised`` the clicked points (``time``, ``survival``),
    ``at_risk`` the printed table (``time``, ``n_risk``); ``colors`` and
    ``labels`` give each arm's colour and legend text. ``zoom`` = (start, end)
    months adds an inset that magnifies that stretch of the curves.
    """
    import matplotlib.pyplot as plt
    from matplotlib.transforms import blended_transform_factory

    from ..style import PALETTE, label_axes

    arms = list(curves)
    if not arms or any(arm not in mapping for arm in arms for mapping in (digitised, at_risk, colors, labels)):
        raise ValueError("curves, digitised, at_risk, colors and labels must all name the same arms")
    fig, ax = plt.subplots(figsize=(7.4, 4.9))
    panels = [ax]
    if zoom is not None:
        inset = ax.inset_axes([0.56, 0.05, 0.41, 0.28])
        panels.append(inset)
    for target in panels:
        for arm in arms:
            _step(target, curves[arm], color=colors[arm], lw=1.0, alpha=0.45, gid=f"km:{arm}")
            target.plot(digitised[arm]["time"], digitised[arm]["survival"], "o", ms=2.4, color=colors[arm],
                        label=f"{labels[arm]}: digitised points", gid=f"points:{arm}")
    if zoom is not None:
        inside = [d[(d["time"] >= zoom[0]) & (d["time"] <= zoom[1])]["survival"] for d in digitised.values()]
        values = pd.concat(inside)
        inset.set_xlim(*zoom)
        inset.set_ylim(values.min() - 0.03, values.max() + 0.03)
        inset.tick_params(labelsize=8)
        inset.set_title(f"zoom: months {zoom[0]:g}–{zoom[1]:g}", fontsize=8)
        ax.indicate_inset_zoom(inset, edgecolor=PALETTE["grey"])
    ax.set_ylim(0, 1.02)
    end = max(float(curve["time"].iloc[-1]) for curve in curves.values())
    ax.set_xlim(0, end * 1.02)
    ticks = at_risk[arms[0]]["time"].to_numpy()
    ax.set_xticks(ticks)
    ax.legend(loc="lower left", fontsize=8.5)
    label_axes(ax, "Time since randomisation (months)", "Survival probability (0–1)")
    transform = blended_transform_factory(ax.transData, ax.transAxes)
    ax.text(0, -0.2, "Numbers at risk", transform=transform, ha="left", va="top", fontsize=8.5, weight="bold")
    for index, arm in enumerate(arms):
        y = -0.27 - 0.065 * index
        ax.text(-0.04, y, labels[arm], transform=ax.transAxes, ha="right", va="top", fontsize=8.5, color=colors[arm])
        for time, count in zip(at_risk[arm]["time"], at_risk[arm]["n_risk"]):
            ax.text(time, y, f"{count}", transform=transform, ha="center", va="top", fontsize=8.5,
                    color=colors[arm], gid=f"risk:{arm}:{time:g}")
    fig.tight_layout()
    return fig


def plot_round_trip(
    original: Mapping[str, pd.DataFrame],
    rebuilt: Mapping[str, pd.DataFrame],
    *,
    colors: Mapping[str, str],
    labels: Mapping[str, str],
    names: tuple[str, str] = ("original", "reconstructed"),
):
    """Top: each arm's KM curve from ``original`` (solid) and ``rebuilt`` (dashed) IPD; bottom: their difference.

    ``original`` and ``rebuilt`` map each arm to its individual patient data
    (``time`` in months, ``event`` 0/1); the difference (rebuilt − original,
    survival 0–1) is drawn over the common follow-up. ``names`` words the two
    data sets in the legend.
    """
    import matplotlib.pyplot as plt

    from ..style import PALETTE, label_axes

    arms = list(original)
    if not arms or any(arm not in mapping for arm in arms for mapping in (rebuilt, colors, labels)):
        raise ValueError("original, rebuilt, colors and labels must all name the same arms")
    fig, (ax_curves, ax_diff) = plt.subplots(2, 1, figsize=(7.2, 5.6), sharex=True, gridspec_kw={"height_ratios": [3, 1.3]})
    for arm in arms:
        first, second = km_curve(original[arm]), km_curve(rebuilt[arm])
        _step(ax_curves, first, color=colors[arm], lw=2.4, alpha=0.55, label=f"{labels[arm]}, {names[0]}", gid=f"km:{arm}")
        _step(ax_curves, second, color=colors[arm], lw=1.3, ls="--", label=f"{labels[arm]}, {names[1]}", gid=f"rebuilt:{arm}")
        end = min(first["time"].iloc[-1], second["time"].iloc[-1])
        grid = np.union1d(first["time"], second["time"])
        grid = grid[grid <= end]
        difference = survival_at(second, grid) - survival_at(first, grid)
        ax_diff.step(grid, difference, where="post", color=colors[arm], lw=1.3, gid=f"difference:{arm}")
    ax_diff.axhline(0, color=PALETTE["black"], lw=0.8)
    ax_curves.set_ylim(0, 1.02)
    ax_curves.legend(loc="lower left", fontsize=8.5)
    ax_curves.set_ylabel("Survival probability (0–1)")  # the shared time axis is labelled below
    label_axes(ax_diff, "Time since randomisation (months)", "Difference (0–1)")
    limit = max(0.02, 1.2 * max(np.abs(line.get_ydata()).max() for line in ax_diff.lines if (line.get_gid() or "").startswith("difference")))
    ax_diff.set_ylim(-limit, limit)
    fig.tight_layout()
    return fig


def plot_km_sketch(
    cohorts: pd.DataFrame,
    *,
    ax=None,
    colors: Mapping[str, str] | None = None,
    at_risk_times: Sequence[float] | None = None,
    milestones: Mapping[str, tuple[float, float]] | None = None,
    time_label: str = "Time since start of treatment (months)",
):
    """Draw Kaplan–Meier curves of each group with an at-risk table under the axis.

    ``milestones`` maps a group to its reported ``(time, survival)`` point,
    drawn as a marker so the reader sees the curve meet its calibration.
    Returns the Axes.
    """
    import matplotlib.pyplot as plt
    from lifelines.plotting import add_at_risk_counts

    from ..style import CYCLE, label_axes

    check_ipd(cohorts, "cohorts")
    if "group" not in cohorts.columns:
        raise ValueError("cohorts must have a 'group' column")
    if ax is None:
        _, ax = plt.subplots()
    fitters = []
    for index, (name, data) in enumerate(cohorts.groupby("group", sort=False)):
        color = (colors or {}).get(name, CYCLE[index % len(CYCLE)])
        fitter = km_fitter(data, str(name))
        fitter.plot_survival_function(ax=ax, ci_show=True, color=color, show_censors=True, censor_styles={"ms": 4, "marker": "|"})
        if milestones and name in milestones:
            time, surv = milestones[name]
            ax.plot([time], [surv], marker="D", color=color, markersize=7, markeredgecolor="black", linestyle="none")
        fitters.append(fitter)
    ax.set_ylim(0, 1.02)
    label_axes(ax, time_label, "Survival probability (simulated)")
    if at_risk_times is not None:
        ax.set_xticks(list(at_risk_times))
        add_at_risk_counts(*fitters, ax=ax, xticks=list(at_risk_times), rows_to_show=["At risk"])
    return ax
