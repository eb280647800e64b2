"""The figures of the dose chapter: the review's dose bands, the linear-quadratic model, and EDIC.

* :func:`shade_dose_bands` — the review's dose bands as shaded spans of a dose axis (both dose figures);
* :func:`dose_schedule_map` — where the review's doses and textbook schedules fall among the bands;
* :func:`lq_survival_curves` — surviving fraction after one fraction and after many;
* :func:`edic_by_fractions` — how EDIC grows with the number of fractions, and from which organ.
"""
from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..models.edic import edic, edic_components
from ..models.radiobiology import surviving_fraction
from ..style import DOSE_BAND_COLOURS, PALETTE, label_axes

__all__ = ["shade_dose_bands", "dose_schedule_map", "lq_survival_curves", "edic_by_fractions"]


def shade_dose_bands(ax, bands, *, upper_limit: float, alpha: float, labels: bool = False) -> None:
    """Shade each band (in :data:`analysis.style.DOSE_BAND_COLOURS`) from its lower bound to its upper one.

    A band without an upper bound is shaded to ``upper_limit`` (Gy).
    ``labels`` writes each band's name above the axes, centred on a log axis.
    """
    for band in bands:
        upper = band.upper_gy if band.upper_gy is not None else upper_limit
        ax.axvspan(band.lower_gy, upper, color=DOSE_BAND_COLOURS[band.name], alpha=alpha, lw=0)
        if labels:
            ax.text(math.sqrt(band.lower_gy * upper), 1.01, band.name, transform=ax.get_xaxis_transform(),
                    ha="center", va="bottom", fontsize=9, color=PALETTE["black"])


def _mark_gaps(ax, gaps) -> None:
    for below, above in gaps:
        ax.axvspan(below.upper_gy, above.lower_gy, facecolor="none", edgecolor=PALETTE["grey"], hatch="///", lw=0, alpha=0.5)
        ax.text(math.sqrt(below.upper_gy * above.lower_gy), 0.015, "gap", transform=ax.get_xaxis_transform(),
                ha="center", va="bottom", fontsize=9, color=PALETTE["grey"], style="italic",
                bbox=dict(facecolor="white", edgecolor="none", pad=1))


def dose_schedule_map(bands, gaps, teaching, nk_range, review_doses, *, x_range: tuple[float, float] = (0.05, 60.0)):
    """Doses per fraction on a log axis over the review's bands and gaps; returns ``(fig, ax)``.

    Parameters
    ----------
    bands, gaps
        The review's :class:`~analysis.models.dose_bands.DoseBand` objects and the
        gaps between them (:func:`~analysis.models.dose_bands.band_gaps`).
    teaching : sequence of (Regimen, use)
        Textbook schedules, drawn as grey squares at the bottom.
    nk_range : (lower, upper, label)
        A dose range (Gy/fraction) drawn as a red line, with its label.
    review_doses : sequence of (label, dose, fractionation stated?)
        Doses from the review or its sources, drawn as blue circles at the
        top (open when the fractionation is not stated).
    x_range : (float, float)
        The x axis (Gy/fraction); an unbounded band is shaded to its end.
    """
    import matplotlib.pyplot as plt

    x_min, x_max = x_range
    fig, ax = plt.subplots(figsize=(7.6, 5.6))
    shade_dose_bands(ax, bands, upper_limit=x_max, alpha=0.28, labels=True)
    _mark_gaps(ax, gaps)
    labels, y = [], 0
    for regimen, use in reversed(teaching):
        ax.plot(regimen.dose_per_fraction_gy, y, "s", color=PALETTE["grey"], ms=6)
        labels.append(f"{regimen.label} — {use}")
        y += 1
    ax.axhline(y - 0.5, color=PALETTE["black"], lw=0.6)
    lower, upper, nk_label = nk_range
    ax.plot([lower, upper], [y, y], color=PALETTE["vermillion"], lw=3, solid_capstyle="butt")
    labels.append(nk_label)
    y += 1
    for label, dose, stated in reversed(review_doses):
        ax.plot(dose, y, "o", ms=7, color=PALETTE["blue"], mfc=PALETTE["blue"] if stated else "white", mew=1.6)
        labels.append(label + ("" if stated else " — fractions not stated"))
        y += 1
    ax.set_xscale("log")
    ax.set_xlim(x_min, x_max)
    ax.set_ylim(-1.3, y - 0.3)
    ax.set_yticks(range(len(labels)), labels, fontsize=8)
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="y", visible=False)
    ax.set_xticks([0.1, 0.3, 1, 2, 3, 5, 10, 20, 50], ["0.1", "0.3", "1", "2", "3", "5", "10", "20", "50"])
    label_axes(ax, "Dose per fraction (Gy/fraction, log scale)", "Schedule")
    ax.text(-0.02, 1.01, "review / cited studies (top) · teaching examples (bottom, grey)", transform=ax.transAxes,
            ha="right", va="bottom", fontsize=8, color=PALETTE["grey"])
    return fig, ax


def lq_survival_curves(bands, tissues: Sequence[tuple[str, float, float]], high_threshold_gy: float):
    """Two panels of LQ surviving fractions; returns ``(fig, (left, right))``.

    ``tissues`` are ``(name, alpha per Gy, alpha/beta in Gy)``: the first is
    drawn in blue with circles, the second in vermillion with open squares.
    Left: one fraction of 0–20 Gy over the shaded ``bands``. Right: the same
    total dose (up to 60 Gy) in 2-Gy fractions or in fractions of
    ``high_threshold_gy``.
    """
    import matplotlib.pyplot as plt

    lines = [(name, alpha, alpha / alpha_beta, colour)
             for (name, alpha, alpha_beta), colour in zip(tissues, (PALETTE["blue"], PALETTE["vermillion"]))]
    fig, (left, right) = plt.subplots(1, 2, figsize=(8.2, 4.2), sharey=True)
    doses = np.linspace(0, 20, 201)
    shade_dose_bands(left, bands, upper_limit=doses[-1], alpha=0.25)
    for name, alpha, beta, colour in lines:
        left.plot(doses, [surviving_fraction(d, 1, alpha, beta) for d in doses], color=colour, label=name)
    left.set_yscale("log")
    left.set_ylim(1e-6, 1.5)
    left.set_xlim(0, 20)
    label_axes(left, "Single dose (Gy)", "Surviving fraction (log scale)", "A  One fraction")
    left.legend(loc="lower left", fontsize=8)
    for name, alpha, beta, colour in lines:
        for d, style in ((2.0, "-"), (high_threshold_gy, "--")):
            counts = range(1, int(60 // d) + 1)
            right.plot([n * d for n in counts], [surviving_fraction(d, n, alpha, beta) for n in counts],
                       style, color=colour, marker=("o" if colour == PALETTE["blue"] else "s") if d == high_threshold_gy else None,
                       ms=4, mfc="white" if colour == PALETTE["vermillion"] else colour)
    right.plot([], [], "-", color=PALETTE["grey"], label="2 Gy fractions")
    right.plot([], [], "--o", color=PALETTE["grey"], ms=3, label=f"{high_threshold_gy:g} Gy fractions (high-dose threshold)")
    right.set_xlim(0, 60)
    label_axes(right, "Total dose (Gy)", "Surviving fraction (log scale)", "B  Same total, different fraction size")
    right.legend(loc="upper right", fontsize=8)
    return fig, (left, right)


def edic_by_fractions(organ_doses_gy: tuple[float, float, float], max_fractions: int, example_fractions: int,
                      band: tuple[float, float, str], shown: Sequence[int]):
    """EDIC against the number of fractions (left) and its lung/heart/body parts (right); returns ``(fig, (left, right))``.

    ``organ_doses_gy`` are the mean lung and heart doses and the whole-body mean dose (Gy), fixed;
    the curve runs from 1 to ``max_fractions`` with a dot at
    ``example_fractions``; ``band`` ``(low, high, label)`` shades a range of
    EDIC (Gy) with a note; ``shown`` are the fraction counts of the stacked bars.
    """
    import matplotlib.pyplot as plt

    lung, heart, body = organ_doses_gy
    counts = np.arange(1, max_fractions + 1)
    curve = [edic(lung, heart, body, int(n)) for n in counts]
    stack = pd.DataFrame([edic_components(lung, heart, body, n) for n in shown], index=shown)
    fig, (left, right) = plt.subplots(1, 2, figsize=(8.2, 3.9), gridspec_kw={"width_ratios": [1.2, 1]})
    left.plot(counts, curve, color=PALETTE["blue"])
    low, high, note = band
    left.axhspan(low, high, color=PALETTE["grey"], alpha=0.2, lw=0)
    left.text(1.5, high - 0.03, note, ha="left", va="top", fontsize=8, color=PALETTE["grey"])
    left.plot(example_fractions, edic(lung, heart, body, example_fractions), "o", color=PALETTE["vermillion"])
    label_axes(left, "Number of fractions", "EDIC (Gy)", "A  EDIC, organ doses fixed")
    left.set_xlim(0, max_fractions + 1)
    bottom = np.zeros(len(shown))
    colours = {"lung": PALETTE["sky_blue"], "heart": PALETTE["vermillion"], "body": PALETTE["bluish_green"]}
    for organ in ("lung", "heart", "body"):
        right.bar([str(n) for n in shown], stack[organ], bottom=bottom, color=colours[organ], label=organ)
        bottom += stack[organ].to_numpy()
    label_axes(right, "Number of fractions", "EDIC contribution (Gy)", "B  Where the dose comes from")
    right.legend(loc="upper left", fontsize=8)
    right.set_ylim(0, bottom.max() * 1.25)
    return fig, (left, right)
