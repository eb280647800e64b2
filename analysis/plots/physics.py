"""The figures of the protons-and-FLASH chapter: depth–dose curves in water and dose rates.

* :func:`depth_dose_curves` — one photon and one proton beam at their own
  maximum (left), and photons against a spread-out Bragg peak at the same mean
  target dose (right); schematic, from :mod:`analysis.models.physics`;
* :func:`flash_dose_rates` — conventional and FLASH dose-rate regimes on a log
  axis, and the beam-on time of one fraction at each rate.
"""
from __future__ import annotations

import math

from ..style import PALETTE, label_axes

__all__ = ["depth_dose_curves", "flash_dose_rates"]


def depth_dose_curves(depth, photon, pristine, photon_scaled, sobp_scaled, target_cm: tuple[float, float],
                      *, pristine_energy_mev: float, n_energies: int):
    """Two panels of relative dose (%) against depth in water (cm); returns ``(fig, (left, right))``.

    ``photon`` and ``pristine`` are single beams normalised to their maxima;
    ``photon_scaled`` and ``sobp_scaled`` share a mean target dose of 1; the
    target (``target_cm``, proximal and distal edge) is shaded on the right,
    and the photon dose outside it filled.
    """
    import matplotlib.pyplot as plt

    proximal, distal = target_cm
    outside = (depth < proximal) | (depth > distal)
    fig, (left, right) = plt.subplots(1, 2, figsize=(8.4, 4.0), sharey=True)
    right.axvspan(proximal, distal, color=PALETTE["yellow"], alpha=0.35, lw=0)
    left.plot(depth, 100 * photon, color=PALETTE["blue"], label="photons (6 MV-like)")
    left.plot(depth, 100 * pristine, color=PALETTE["vermillion"], label=f"protons, {pristine_energy_mev:g} MeV")
    label_axes(left, "Depth in water (cm)", "Relative dose (%)", "A  One beam, each at its own maximum")
    left.legend(loc="upper right", fontsize=8)
    right.fill_between(depth, 0, 100 * photon_scaled, where=outside, color=PALETTE["blue"], alpha=0.15, lw=0)
    right.plot(depth, 100 * photon_scaled, color=PALETTE["blue"], label="photons")
    right.plot(depth, 100 * sobp_scaled, color=PALETTE["vermillion"], label=f"protons, SOBP ({n_energies} energies)")
    label_axes(right, "Depth in water (cm)", "Relative dose (%)", "B  Same mean dose to the target")
    right.legend(loc="upper right", fontsize=8)
    right.text((proximal + distal) / 2, 4, "target", ha="center", fontsize=8)
    for ax in (left, right):
        ax.set_xlim(0, depth[-1])
        ax.set_ylim(0, 200)
    return fig, (left, right)


def flash_dose_rates(conventional_gy_per_s: tuple[float, float], flash_threshold_gy_per_s: float, fraction_gy: float,
                     beam_on_s: dict[str, float]):
    """Dose-rate regimes (top) and beam-on times of one fraction (bottom); returns ``(fig, (top, bottom))``.

    ``beam_on_s`` maps a label to seconds; the last entry is drawn in
    vermillion (FLASH), the others in blue (conventional).
    """
    import matplotlib.pyplot as plt

    orders = [math.log10(flash_threshold_gy_per_s / rate) for rate in conventional_gy_per_s]
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(7.2, 4.6), gridspec_kw={"height_ratios": [1, 1.15]})
    low, high = conventional_gy_per_s
    top.axvspan(low, high, color=PALETTE["blue"], alpha=0.35, lw=0)
    top.axvspan(flash_threshold_gy_per_s, 1e4, color=PALETTE["vermillion"], alpha=0.25, lw=0)
    top.text(math.sqrt(low * high), 0.5, "conventional", ha="center", va="center", fontsize=9, rotation=90)
    top.text(math.sqrt(flash_threshold_gy_per_s * 1e4), 0.5, f"FLASH (≥ {flash_threshold_gy_per_s:g} Gy/s)", ha="center", va="center", fontsize=9)
    top.annotate("", xy=(flash_threshold_gy_per_s, 0.2), xytext=(high, 0.2),
                 arrowprops=dict(arrowstyle="<->", color=PALETTE["black"], lw=1))
    top.text(math.sqrt(high * flash_threshold_gy_per_s), 0.28,
             f"{min(orders):.1f}–{max(orders):.1f} orders of magnitude", ha="center", va="bottom", fontsize=8.5)
    top.set_xscale("log")
    top.set_xlim(1e-3, 1e4)
    top.set_yticks([])
    top.grid(axis="y", visible=False)
    label_axes(top, "Mean dose rate (Gy/s, log scale)", "Regime", "A  Dose rates (textbook values, not from the review)")
    names = list(beam_on_s)
    colours = [PALETTE["blue"]] * (len(names) - 1) + [PALETTE["vermillion"]]
    bottom.barh(range(len(names)), list(beam_on_s.values()), color=colours, height=0.6)
    for y, seconds in enumerate(beam_on_s.values()):
        bottom.text(seconds * 1.15, y, f"{seconds:.1f} s", va="center", fontsize=8.5)
    bottom.set_xscale("log")
    bottom.set_xlim(0.05, 2000)
    bottom.set_yticks(range(len(names)), names, fontsize=8.5)
    bottom.invert_yaxis()
    bottom.grid(axis="y", visible=False)
    label_axes(bottom, "Beam-on time (s, log scale)", "Dose rate", f"B  Time to deliver {fraction_gy:g} Gy (the review's high-dose threshold)")
    fig.subplots_adjust(hspace=0.8)
    return fig, (top, bottom)
