"""How many patients a randomised trial needs, drawn for the future-directions chapter.

:func:`trial_size_curves` draws, for each control arm, the patients per arm
(:func:`analysis.models.stats.patients_per_arm`) needed against the survival expected
in the experimental arm, and marks the differences actually reported.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..models.stats import patients_per_arm
from ..style import label_axes

__all__ = ["trial_size_curves"]


def trial_size_curves(control_arms: Sequence[tuple[str, float, str]],
                      points: Sequence[tuple[str, float, float, str, tuple[float, float]]],
                      *, alpha: float, power: float):
    """Patients per arm (log scale) against the experimental arm's survival (%); returns ``(fig, ax)``.

    ``control_arms`` are ``(label, control proportion, colour)``: one curve
    each, from 3 points above the control to 99%, with a dotted line at the
    control. ``points`` are ``(name, control, experimental, colour, label
    position (x %, patients))``: a diamond at the reported difference,
    labelled with its patients per arm.
    """
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.4))
    for label, p0, colour in control_arms:
        experimental = np.arange(p0 + 0.03, 0.99, 0.005)
        sizes = [patients_per_arm(p0, p1, alpha=alpha, power=power) for p1 in experimental]
        ax.plot(100 * experimental, sizes, color=colour, label=label)
        ax.axvline(100 * p0, color=colour, ls=":", lw=1)
    for name, p0, p1, colour, label_at in points:
        n = patients_per_arm(p0, p1, alpha=alpha, power=power)
        ax.plot(100 * p1, n, "D", color=colour, ms=7, zorder=3)
        ax.annotate(f"{name}: {n} per arm", (100 * p1, n), xytext=label_at, textcoords="data", ha="left",
                    va="center", fontsize=9, arrowprops={"arrowstyle": "-", "color": colour, "lw": 0.8})
    ax.set_yscale("log")
    ax.set_xlim(20, 100)
    label_axes(ax, "Expected survival in the experimental arm (%)", "Patients needed per arm")
    ax.set_title(f"Planning calculation, not data: two-sided α = {alpha:g}, power {power:.0%}", fontsize=10)
    ax.legend(loc="lower left")
    return fig, ax
