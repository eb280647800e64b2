"""The immune timeline after stereotactic radiotherapy (SBRT) as the review describes it (chapter 6).

:func:`sbrt_timeline` draws, on a time axis in days, the transient rise of
tumour-specific CD8⁺ T cells, the phase in which regulatory T cells dominate
under the two readings of the review's wording, and the window a
checkpoint inhibitor would cover under the chosen reading. It is a picture of
a secondary source's description, not of measured data.
"""
from __future__ import annotations

from matplotlib.colors import to_rgba
from matplotlib.patches import Rectangle

from ..style import PALETTE, label_axes

__all__ = ["sbrt_timeline"]


def sbrt_timeline(cd8_days: tuple[float, float], reading_a: tuple[float, float], reading_b: tuple[float, float, float],
                  window: tuple[float, float], reading: str, *, days_shown: float = 30, title: str = ""):
    """Draw the timeline and return ``(fig, ax)``.

    Parameters
    ----------
    cd8_days : (first, last)
        Days after SBRT of the CD8⁺ T-cell rise.
    reading_a : (first, last)
        Days of Treg dominance read as days after SBRT.
    reading_b : (start, earliest end, latest end)
        Days of Treg dominance read as a further duration after the CD8⁺ rise.
    window : (first, last)
        Days a checkpoint inhibitor would cover under ``reading`` (``"A"`` or ``"B"``).
    days_shown : float
        Length of the time axis (days).
    title : str
        The axes' title (say that this is a description, not data).
    """
    import matplotlib.pyplot as plt

    rows = ["SBRT", "Tumour-specific\nCD8⁺ T cells rise", "Tregs dominate\n(reading A)",
            "Tregs dominate\n(reading B)", f"Checkpoint inhibitor\nsuggested (reading {reading})"]
    y = {name: len(rows) - 1 - i for i, name in enumerate(rows)}
    height = 0.55
    fig, ax = plt.subplots(figsize=(7.4, 3.9))
    ax.plot(0, y["SBRT"], marker="v", ms=11, color=PALETTE["black"])
    ax.text(0.6, y["SBRT"], "day 0: SBRT (one to a few fractions)", va="center", fontsize=8.5)
    ax.broken_barh([(cd8_days[0], cd8_days[1] - cd8_days[0])], (y[rows[1]] - height / 2, height), color=PALETTE["blue"])
    ax.broken_barh([(reading_a[0], reading_a[1] - reading_a[0])], (y[rows[2]] - height / 2, height),
                   color=PALETTE["vermillion"], alpha=1.0 if reading == "A" else 0.45)
    ax.broken_barh([(reading_b[0], reading_b[1] - reading_b[0])], (y[rows[3]] - height / 2, height),
                   color=PALETTE["vermillion"], alpha=1.0 if reading == "B" else 0.45)
    ax.add_patch(Rectangle((reading_b[1], y[rows[3]] - height / 2), reading_b[2] - reading_b[1], height,
                           facecolor="white", edgecolor=PALETTE["vermillion"], hatch="///", lw=0.8))
    ax.text(reading_b[2] + 0.4, y[rows[3]], "end: somewhere\nin the hatched span", va="center", fontsize=8, color=PALETTE["grey"])
    ax.text((cd8_days[1] + reading_a[0]) / 2, y[rows[2]] + height / 2 + 0.05, "not\ndescribed", ha="center", va="bottom",
            fontsize=7.5, color=PALETTE["grey"])
    ax.add_patch(Rectangle((window[0], y[rows[4]] - height / 2), window[1] - window[0], height,
                           facecolor=to_rgba(PALETTE["bluish_green"], 0.25), edgecolor=PALETTE["bluish_green"], ls="--", lw=1.5))
    ax.set_yticks([y[name] for name in rows], rows, fontsize=8.5)
    ax.set_ylim(-0.7, len(rows) - 0.3)
    ax.set_xlim(-1, days_shown)
    ax.grid(axis="y", visible=False)
    ax.tick_params(axis="y", length=0)
    label_axes(ax, "Days after SBRT", "Event")
    ax.set_title(title, fontsize=9.5)
    return fig, ax
