"""The figures of the audit appendix: which denominators reproduce a printed percentage, and the findings by kind.

* :func:`rounding_windows` — for each reported count and percentage, the
  exact share at whole denominators around the cohort size, against the band
  that rounds to the printed percentage and the band that is cut to it;
* :func:`findings_by_severity` — the curated findings per category, stacked by severity.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..style import PALETTE, label_axes

__all__ = ["rounding_windows", "findings_by_severity"]


def rounding_windows(pairs: pd.DataFrame, cohort_n: int):
    """One panel per row of ``pairs`` (from :func:`analysis.audit.percent_checks.percent_count_checks`); returns ``(fig, axes)``.

    Each panel shows 100·count/n for n within 3 of ``cohort_n`` (patients),
    the band of values that round to the reported percentage, the band cut to
    it, and the cohort size as a dashed line.
    """
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(pairs), figsize=(8.0, 3.6))
    for ax, (_, row) in zip(axes, pairs.iterrows()):
        places = int(row["decimals"])
        half = 0.5 * 10 ** -places
        ns = np.arange(int(cohort_n) - 3, int(cohort_n) + 4)
        ax.axhspan(row["percent"] - half, row["percent"] + half, color=PALETTE["sky_blue"], alpha=0.45, lw=0, label="rounds to the reported %")
        ax.axhspan(row["percent"], row["percent"] + 2 * half, facecolor="none", edgecolor=PALETTE["orange"], hatch="///", lw=0, label="cuts to the reported %")
        ax.plot(ns, 100 * row["count"] / ns, "o", color=PALETTE["black"], ms=4, label="exact share, whole n")
        ax.axvline(cohort_n, color=PALETTE["vermillion"], ls="--", lw=1, label="cohort size in the abstract")
        ax.set_ylim(row["percent"] - 8 * half, row["percent"] + 8 * half)
        ax.set_title(f"{int(row['count'])} patients = {row['percent']:.{places}f}%", fontsize=10)
        label_axes(ax, "Denominator n (patients)", "Share of the cohort (%)" if ax is axes[0] else "Share (%)")
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=2, bbox_to_anchor=(0.5, -0.02))
    fig.tight_layout(rect=(0, 0.16, 1, 1))
    return fig, axes


def findings_by_severity(findings: pd.DataFrame, categories: Sequence[str], severities: Sequence[str]):
    """Horizontal bars of findings per category (first category on top), stacked by severity; returns ``(fig, ax)``."""
    import matplotlib.pyplot as plt

    severity_colors = {"low": PALETTE["sky_blue"], "medium": PALETTE["orange"], "high": PALETTE["vermillion"]}
    grid = findings.pivot_table(index="category", columns="severity", values="finding_id", aggfunc="count", fill_value=0)
    grid = grid.reindex(index=list(categories)[::-1], columns=list(severities), fill_value=0)
    fig, ax = plt.subplots(figsize=(7.4, 3.8))
    left = np.zeros(len(grid))
    for severity in severities:
        values = grid[severity].to_numpy()
        bars = ax.barh([c.replace("_", " ") for c in grid.index], values, left=left, color=severity_colors[severity], label=severity, height=0.65)
        ax.bar_label(bars, labels=[str(v) if v else "" for v in values], label_type="center", fontsize=8)
        left += values
    ax.grid(axis="y", visible=False)
    ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    label_axes(ax, "Findings (count)", "Kind of finding")
    ax.legend(title="Severity", loc="lower right")
    return fig, ax
