"""The randomised trials' hazard ratios grouped by timing class, drawn for the trials chapter.

:func:`timing_forest` stacks one panel per timing class: each comparison's
hazard ratio with its published interval (at the interval's own level), then
the class's random-effects summary as a diamond (a class of one trial has none). It draws with the house
forest plot (:func:`analysis.plots.statements.forest_plot`).
"""
from __future__ import annotations

import math

import pandas as pd

from ..style import PALETTE
from .statements import forest_plot

__all__ = ["timing_forest"]


def _trial_rows(group: pd.DataFrame, weak_kinds) -> pd.DataFrame:
    return pd.DataFrame({
        # the endpoint without its qualifier ("EFS (all participants)" -> "EFS"): one left edge for every panel
        "label": [f"{trial} · {endpoint.split(' (')[0]}" for trial, endpoint in group[["trial_short", "endpoint"]].itertuples(index=False)],
        "value": group["hr"], "lower": group["ci_lower"], "upper": group["ci_upper"],
        "text": [f"{hr:.2f} ({level:g}%: {lo:.2f}–{up:.2f})" for hr, level, lo, up
                 in group[["hr", "ci_level", "ci_lower", "ci_upper"]].itertuples(index=False)],
        "color": PALETTE["blue"], "marker": "s",
        "filled": [kind not in weak_kinds for kind in group["source_kind"]],
    })


def _ratio(x: float) -> str:
    """A ratio for the text column: two decimals, fewer digits far from 1 (0.0046, 91)."""
    return f"{x:.2g}" if x < 0.1 else (f"{x:.0f}" if x >= 10 else f"{x:.2f}")


def _summary_row(summary) -> dict:
    text = f"{_ratio(summary.hr)} ({_ratio(summary.lower)}–{_ratio(summary.upper)})"
    if not math.isnan(summary.pred_lower):
        text += f"; PI {_ratio(summary.pred_lower)}–{_ratio(summary.pred_upper)}"
    return {"label": f"Summary of {summary.k}", "value": summary.hr, "lower": summary.lower, "upper": summary.upper,
            "text": text, "color": PALETTE["black"], "marker": "D", "filled": True}


def timing_forest(rows: pd.DataFrame, pooled: pd.DataFrame, *, weak_kinds=frozenset(), xlim=(0.2, 5.0),
                  xlabel: str = "Hazard ratio, experimental vs control (log scale)", width: float = 7.4):
    """Forest plot of hazard ratios in one panel per timing class, each closed by its random-effects summary.

    Parameters
    ----------
    rows : DataFrame
        :func:`analysis.models.trials.hazard_ratio_rows` plus a column ``trial_short``
        (the trial's name as the figure shows it).
    pooled : DataFrame
        :func:`analysis.models.trials.pool_by_class` of those rows (``label``, ``k``,
        ``hr``, ``lower``, ``upper``, ``pred_lower``, ``pred_upper``).
    weak_kinds : set of str
        Source kinds (column ``source_kind``) drawn with an open square: values
        read second-hand (news, commentary, press release).
    xlim : (float, float)
        Limits of the hazard-ratio axis; whiskers beyond it are cut at its edge
        (the text column keeps the numbers).
    xlabel, width : str, float
        Label of the shared x axis; width of the figure in inches.

    Returns
    -------
    matplotlib Figure
        One Axes per class (gid ``class:<timing_class>``), in the order of
        ``pooled``, all with the same left and right edges; the summaries are
        diamonds (gid ``estimate:<last row>``), drawn for classes of two or more trials.
    """
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    if pooled.empty:
        raise ValueError("pooled is empty: no timing class to draw")
    missing = [c for c in ("trial_short", "hr", "ci_lower", "ci_upper", "ci_level", "source_kind", "timing_class") if c not in rows.columns]
    if missing:
        raise ValueError(f"rows is missing the column(s) {missing}")
    heights = [int(k) + (k > 1) for k in pooled["k"]]
    fig, axes = plt.subplots(len(pooled), 1, figsize=(width, 0.36 * sum(heights) + 0.55 * len(pooled) + 1.2),
                             gridspec_kw={"height_ratios": heights}, sharex=True, squeeze=False)
    for ax, summary in zip(axes[:, 0], pooled.itertuples(index=False)):
        panel = _trial_rows(rows[rows["timing_class"] == summary.timing_class], weak_kinds)
        if summary.k > 1:   # a class of one trial has no summary: the trial is all there is
            panel = pd.concat([panel, pd.DataFrame([_summary_row(summary)])], ignore_index=True)
        forest_plot(panel, ax=ax, xlim=xlim, marker_size=7, whisker_width=1.8, text_header=None)
        ax.set_title(f"{summary.label}", loc="left", fontsize=10, fontweight="bold")
        ax.set_gid(f"class:{summary.timing_class}")
    axes[-1, 0].set_xlabel(xlabel)
    handles = [Line2D([], [], marker="s", linestyle="none", color=PALETTE["blue"], label="read in a journal or meeting abstract"),
               Line2D([], [], marker="s", linestyle="none", color=PALETTE["blue"], markerfacecolor="white",
                      label="read on a news or summary page, commentary or press release"),
               Line2D([], [], marker="D", linestyle="none", color=PALETTE["black"], label="random-effects summary (95% CI)")]
    axes[0, 0].legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.25), ncol=1, fontsize=9)
    fig.subplots_adjust(left=0.27, right=0.66, hspace=0.55)   # one left edge for every panel
    return fig
