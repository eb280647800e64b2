"""Candidate group sizes drawn as exact confidence intervals: what a percentage without a denominator allows.

When a source reports a percentage but not its denominator, every whole
``count / n`` that rounds to it is a candidate (:func:`analysis.stats.consistent_denominators`).
:func:`proportion_intervals` draws each candidate's exact (Clopper–Pearson)
95% interval as a horizontal line with a point at the estimate;
:func:`candidate_intervals` stacks several groups of candidates, one row each,
with their labels.
"""
from __future__ import annotations

from collections.abc import Sequence

from ..stats import proportion_ci
from ..style import Style

__all__ = ["proportion_intervals", "candidate_intervals"]


def _colour_and_marker(style) -> tuple[str, str]:
    return (style.colour, style.marker) if isinstance(style, Style) else (style, "o")


def proportion_intervals(ax, candidates: Sequence[tuple[int, int]], style, *, y: Sequence[float] | None = None,
                         label: str | None = None) -> list[float]:
    """One horizontal exact 95% CI (in %) per candidate ``(count, n)``, with a point at the estimate.

    ``style`` is a :class:`analysis.style.Style` (e.g. ``ARM_STYLE["experimental"]``)
    or a colour; ``y`` places the rows (default: at each candidate's ``n``, so
    the y axis reads "group size"). ``label`` adds a legend entry. Returns the
    y positions used.
    """
    colour, marker = _colour_and_marker(style)
    rows = [n for _, n in candidates] if y is None else list(y)
    if len(rows) != len(candidates):
        raise ValueError(f"y must give one position per candidate ({len(candidates)}), got {len(rows)}")
    for (count, n), row in zip(candidates, rows):
        ci = proportion_ci(count, n)
        ax.plot([100 * ci.lower, 100 * ci.upper], [row, row], color=colour, lw=2.5, solid_capstyle="butt")
        ax.plot(100 * ci.estimate, row, marker, color=colour, ms=4)
    if label:
        ax.plot([], [], color=colour, lw=2.5, label=label)
    return rows


def candidate_intervals(ax, blocks: Sequence[Sequence[tuple[str, Sequence[tuple[int, int]], object]]], *, gap: float = 0.8) -> None:
    """Stack groups of candidates bottom-up, one row per ``(count, n)``, labelled ``"<name>: count/n"``.

    ``blocks`` is a sequence of blocks drawn from the bottom; each block a
    sequence of ``(name, candidates, style)`` groups, each group's candidates
    drawn from the last to the first (so the first sits on top). Blocks are
    separated by ``gap`` rows. Sets the y ticks to the labels.
    """
    labels, positions, y = [], [], 0.0
    for block in blocks:
        for name, candidates, style in block:
            for count, n in reversed(candidates):
                positions += proportion_intervals(ax, [(count, n)], style, y=[y])
                labels.append(f"{name}: {count}/{n}")
                y += 1
        y += gap
    ax.set_yticks(positions, labels, fontsize=8)
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="y", visible=False)
