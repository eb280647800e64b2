"""Weekly blood counts of a simulated cohort through radiotherapy (chapter 2): counts and the NLR.

:func:`blood_count_sketch` draws the median and interquartile range of the
neutrophil and lymphocyte counts (left) and of their ratio (right) per week,
with the course of radiotherapy shaded and the calibration points marked.
The cohort is a sketch from :func:`analysis.models.immune.simulate_blood_counts`,
never patient data: the title must say so.
"""
from __future__ import annotations

from ..style import PALETTE, label_axes

__all__ = ["blood_count_sketch"]


def _median_and_band(ax, summary, color, label):
    ax.fill_between(summary["week"], summary["lower"], summary["upper"], color=color, alpha=0.22, lw=0)
    ax.plot(summary["week"], summary["median"], "o-", color=color, ms=3.5, label=label)


def blood_count_sketch(lymphocytes, neutrophils, ratio, *, weeks, rt_weeks: float,
                       calibration: tuple[float, float], title: str):
    """Two panels from :func:`analysis.models.immune.weekly_summary` tables; returns ``(fig, (counts, nlr))``.

    ``calibration`` is the (baseline, nadir) mean lymphocyte count (10⁹/L)
    the sketch was calibrated to, drawn at week 0 and at the end of
    radiotherapy (``rt_weeks``); ``weeks`` are the x ticks; ``title`` (which
    names the seed and says *simulated*) goes above both panels.
    """
    import matplotlib.pyplot as plt

    fig, (ax_counts, ax_ratio) = plt.subplots(1, 2, figsize=(7.9, 4.3))
    for ax in (ax_counts, ax_ratio):
        ax.axvspan(0, rt_weeks, color=PALETTE["grey"], alpha=0.10, lw=0)
    _median_and_band(ax_counts, neutrophils, PALETTE["orange"], "neutrophils (assumed)")
    _median_and_band(ax_counts, lymphocytes, PALETTE["blue"], "lymphocytes")
    ax_counts.plot([0, rt_weeks], list(calibration), "D", color=PALETTE["black"],
                   mfc="white", ms=6, label="calibration: mean before RT and at nadir")
    _median_and_band(ax_ratio, ratio, PALETTE["vermillion"], "NLR")
    label_axes(ax_counts, "Time from start of radiotherapy (weeks)", "Blood count (10⁹/L): median, IQR")
    label_axes(ax_ratio, "Time from start of radiotherapy (weeks)", "NLR (ratio, no unit): median, IQR")
    ax_counts.set_ylim(0, 1.25 * neutrophils["upper"].max())
    ax_ratio.set_ylim(0, 1.15 * ratio["upper"].max())
    for ax in (ax_counts, ax_ratio):
        ax.set_xticks(list(weeks))
        ax.text(rt_weeks / 2, ax.get_ylim()[1] * 0.97, "radiotherapy", ha="center", va="top", fontsize=8, color=PALETTE["grey"])
    fig.suptitle(title, fontsize=11)
    handles = ax_counts.get_legend_handles_labels()[0] + ax_ratio.get_legend_handles_labels()[0]
    fig.tight_layout(rect=(0, 0.07, 1, 1))
    fig.legend(handles, [h.get_label() for h in handles], loc="lower center", ncol=4, bbox_to_anchor=(0.5, 0.0), fontsize=8)
    return fig, (ax_counts, ax_ratio)
