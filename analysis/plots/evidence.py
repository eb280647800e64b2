"""The evidence map: how many ledger numbers each part of the book rests on, by kind of study.

:func:`evidence_map` draws one or more panels of horizontal stacked bars — a
row per review section or chapter, a segment per evidence level (or per
setting) — with each level in its colour *and* hatch of
:data:`analysis.style.EVIDENCE_STYLE`, so the levels stay apart in greyscale and
under colour-vision deficiencies. The counts come from
:mod:`analysis.audit.evidence_map`.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..ledger.evidence import EVIDENCE_LEVEL
from ..style import EVIDENCE_STYLE, HATCH_CYCLE, PALETTE, Style, label_axes

__all__ = ["category_styles", "evidence_map"]


def category_styles(categories: Sequence[str]) -> dict[str, Style]:
    """The style of each category: an evidence level's own, or for a setting its level's colour and a hatch of its own.

    Settings of one level share the level's colour and differ by hatch
    (:data:`analysis.style.HATCH_CYCLE`, in the order given). Raises
    ``ValueError`` naming ``categories`` for a name that is neither.
    """
    styles, used = {}, {}
    for category in categories:
        if category in EVIDENCE_STYLE:
            styles[category] = EVIDENCE_STYLE[category]
        elif category in EVIDENCE_LEVEL:
            level = EVIDENCE_STYLE[EVIDENCE_LEVEL[category]]
            index = used.setdefault(EVIDENCE_LEVEL[category], 0)
            used[EVIDENCE_LEVEL[category]] += 1
            styles[category] = Style(level.colour, HATCH_CYCLE[index % len(HATCH_CYCLE)], level.marker)
        else:
            raise ValueError(f"categories: {category!r} is neither an evidence level nor a setting of analysis.ledger.evidence")
    return styles


def _stacked_bars(ax, table: pd.DataFrame, styles: dict[str, Style], totals: bool, empty_text: str) -> None:
    """One panel: a bar per row (first row on top), a segment per column, and each row's total after it."""
    y = np.arange(len(table))[::-1]
    left = np.zeros(len(table))
    for category in table.columns:
        style = styles[category]
        values = table[category].to_numpy(dtype=float)
        ax.barh(y, values, left=left, height=0.7, color=style.colour, hatch=style.hatch, edgecolor="white",
                linewidth=0.6, label=category)
        left += values
    end = max(left.max(initial=0), 1)
    if totals:
        for yy, total in zip(y, left):
            ax.text(total + end * 0.01, yy, f"{int(total)}" if total else empty_text, va="center", ha="left",
                    fontsize=8, color=PALETTE["black"] if total else PALETTE["grey"])
    ax.set_xlim(0, end * 1.15)
    ax.set_yticks(y)
    ax.grid(axis="y", visible=False)


def evidence_map(
    panels: pd.DataFrame | Sequence[pd.DataFrame],
    *,
    row_labels: Sequence[str],
    xlabels: str | Sequence[str],
    ylabel: str,
    titles: Sequence[str] | None = None,
    legend: str = "bottom",
    legend_title: str = "Evidence level",
    totals: bool = True,
    empty_text: str = "none",
    figsize: tuple[float, float] = (7.0, 4.6),
):
    """Draw the evidence map: stacked bars of ledger counts per row and evidence level, in one or more panels.

    Parameters
    ----------
    panels : DataFrame or sequence of DataFrames
        Counts (whole numbers) with the same rows and columns in every panel:
        rows are the bars (first on top), columns the evidence levels of
        ``analysis.ledger.evidence.EVIDENCE_LEVELS`` or settings (stacked left to right
        in their order), e.g. from :func:`analysis.audit.evidence_map.evidence_by_chapter`.
    row_labels : sequence of str
        The y-axis label of each row, e.g. ``"§2.1"`` or ``"4. Cold to hot, timing"``.
    xlabels : str or sequence of str
        The x-axis label of every panel, or one per panel (name what was counted).
    ylabel : str
        The label of the shared y axis.
    titles : sequence of str, optional
        One title per panel.
    legend : {"bottom", "right"}
        Where the legend goes: in a strip under the panels, or right of the last one.
    legend_title, totals, empty_text
        The legend's title; whether each bar's total is written after it, and
        the text for an empty row.
    figsize : (float, float)
        The figure's size in inches.

    Returns
    -------
    matplotlib Figure
        Its axes share the y axis; each bar segment carries its level's colour and hatch.

    Raises
    ------
    ValueError
        Naming ``panels``, ``row_labels``, ``xlabels``, ``titles`` or ``legend`` when they do not fit together.
    """
    import matplotlib.pyplot as plt

    tables = [panels] if isinstance(panels, pd.DataFrame) else list(panels)
    if not tables or not all(isinstance(t, pd.DataFrame) for t in tables):
        raise ValueError("panels must be a DataFrame of counts or a sequence of them")
    if any(list(t.columns) != list(tables[0].columns) or len(t) != len(tables[0]) for t in tables):
        raise ValueError("panels must all have the same rows and columns")
    if len(row_labels) != len(tables[0]):
        raise ValueError(f"row_labels must name each of the {len(tables[0])} rows, got {len(row_labels)}")
    xlabels = [xlabels] * len(tables) if isinstance(xlabels, str) else list(xlabels)
    if len(xlabels) != len(tables) or (titles is not None and len(titles) != len(tables)):
        raise ValueError(f"xlabels and titles must give one entry per panel ({len(tables)})")
    if legend not in ("bottom", "right"):
        raise ValueError(f"legend must be 'bottom' or 'right', got {legend!r}")
    styles = category_styles(list(tables[0].columns))
    fig, axes = plt.subplots(1, len(tables), sharey=True, figsize=figsize, squeeze=False)
    axes = list(axes[0])
    for index, (ax, table) in enumerate(zip(axes, tables)):
        _stacked_bars(ax, table, styles, totals, empty_text)
        label_axes(ax, xlabels[index], ylabel, titles[index] if titles else None)
        if index:
            ax.set_ylabel("")  # the shared axis is labelled once
            ax.tick_params(axis="y", length=0)
    axes[0].set_yticklabels(list(row_labels))
    handles, labels = axes[0].get_legend_handles_labels()
    if legend == "bottom":
        fig.tight_layout(rect=(0, 0.14, 1, 1))
        fig.legend(handles, labels, loc="lower center", ncol=3, bbox_to_anchor=(0.5, 0.0), title=legend_title,
                   fontsize=8, title_fontsize=8)
    else:
        axes[-1].legend(handles, labels, loc="center left", bbox_to_anchor=(1.01, 0.5), title=legend_title,
                        fontsize=8, title_fontsize=8, alignment="left")
    return fig

