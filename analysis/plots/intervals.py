"""Candidate group sizes drawn as exact confidence intervals: what a percentage without a denominator allows.

When a source reports a percentage but not its denominator, every whole
``count / n`` that rounds to it is a candidate (:func:`analysis.models.stats.consistent_denominators`).
:func:`proportion_intervals` draws each candidate's exact (Clopper–Pearson)
95% interval as a horizontal line with a point at the estimate;
:func:`candidate_intervals` stacks several groups of candidates, one row each,
with their labels.
"""
from __future__ import annotations

from collections.abc import Sequence

from ..models.stats import proportion_ci
from ..style import Style

__all__ = ["proportion_intervals", "candidate_intervals", "fisher_p_by_group_size"]


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


#: Markers, line styles and marker faces that keep overlapping series of
#: :func:`fisher_p_by_group_size` apart without colour (filled first, then open).
_SERIES_MARKERS = ("o", "s", "^", "D", "v", "P")
_SERIES_LINES = ("-", ":", "-.", (0, (5, 1, 1, 1)), (0, (1, 2)), (0, (3, 1)))


def _label_place(xs, ys, level: float) -> tuple[float, str, str]:
    """Where to write the label of the horizontal line at ``level``: the end of the x range and the side with no data near it."""
    import numpy as np

    xs, ys = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
    best = None
    for x_end, ha in ((xs.max(), "right"), (xs.min(), "left")):
        span = (xs.max() - xs.min()) or 1.0
        near = np.abs(xs - x_end) <= 0.45 * span           # the data under the label's width
        for side, above in (("bottom", True), ("top", False)):
            blocking = ys[near] > level if above else ys[near] < level
            # Distance (in decades) from the line to the nearest data point on this side; none: infinitely far.
            room = np.inf if not blocking.any() else float(np.min(np.abs(np.log10(ys[near][blocking] / level))))
            if best is None or room > best[0]:
                best = (room, x_end, ha, side)
    return best[1], best[2], best[3]


def fisher_p_by_group_size(ax, pairs, *, reported_p: float, reported_label: str, legend_title: str = "First group",
                           colours: Sequence[str] | None = None):
    """Fisher exact p-value against the size of the second group, one series per candidate first group.

    ``pairs`` is the table of :func:`analysis.models.stats.plausible_group_sizes`
    (columns ``count_a``, ``n_a``, ``n_b``, ``p_fisher``). Each candidate
    first group (``count_a/n_a``) is one series with its own colour, marker,
    line style and marker face, so series that overlap stay visible; the
    reported p-value is a dashed black line whose ``reported_label`` is
    written at the end of the axis where no data lie next to it. The y axis
    is logarithmic; the legend (titled ``legend_title``) sits outside the
    axes, to the right. Returns ``ax``; the caller labels the axes.
    """
    from ..style import CYCLE, PALETTE

    if len(pairs) == 0:
        raise ValueError("pairs must hold at least one combination of group sizes")
    missing = {"count_a", "n_a", "n_b", "p_fisher"} - set(pairs.columns)
    if missing:
        raise ValueError(f"pairs lacks the columns {sorted(missing)} (use analysis.models.stats.plausible_group_sizes)")
    if not reported_p > 0:
        raise ValueError(f"reported_p must be > 0 (a p-value on a log axis), got {reported_p!r}")
    colours = list(colours) if colours is not None else CYCLE
    for index, ((count_a, n_a), group) in enumerate(pairs.sort_values("n_b").groupby(["count_a", "n_a"], sort=True)):
        colour = colours[index % len(colours)]
        ax.plot(group["n_b"], group["p_fisher"], color=colour, ls=_SERIES_LINES[index % len(_SERIES_LINES)],
                marker=_SERIES_MARKERS[index % len(_SERIES_MARKERS)], ms=7 - 1.5 * (index % 3),
                markerfacecolor=colour if index % 2 == 0 else "white", markeredgewidth=1.4, lw=1.6,
                label=f"{count_a}/{n_a}", zorder=3 + index)
    ax.axhline(reported_p, color=PALETTE["black"], ls="--", lw=1, zorder=2)
    ax.set_yscale("log")
    x, ha, va = _label_place(pairs["n_b"], pairs["p_fisher"], reported_p)
    ax.annotate(reported_label, (x, reported_p), xytext=(0, 4 if va == "bottom" else -4), textcoords="offset points",
                ha=ha, va=va, fontsize=9, zorder=10)
    ax.legend(title=legend_title, loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0)
    return ax
