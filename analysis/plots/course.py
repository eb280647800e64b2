"""The map of the book's pages and their prerequisites, for the course guide.

:func:`prerequisite_map` draws each page as a box and each prerequisite as an
arrow from the page to read first to the page that needs it, left to right,
with the layered layout of :mod:`analysis.models.graph_layout` (the one the mechanism
maps use). Boxes can be coloured by group — in the course guide, the week of a
plan in which a page's reading starts; the caller writes the group into the
box text as well, so that the colour is never the only cue.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from matplotlib.colors import to_rgba
from matplotlib.patches import FancyArrowPatch, Patch

from ..models.graph_layout import DUMMY_H, layered_graph, place, route
from ..style import PALETTE

__all__ = ["prerequisite_map"]

#: Fill colours of the groups (weeks), in order; light tints so black text stays readable.
GROUP_COLOURS = ("sky_blue", "orange", "bluish_green", "yellow", "reddish_purple", "grey", "blue")
_FONT = 8.5
_PAD = 0.35          # box padding, in font sizes
_LEGEND_H = 0.45     # inches kept free under the map for the legend


def _pairs(prerequisites: Mapping[str, Sequence[str]], boxes: Mapping[str, str]) -> list[tuple[str, str]]:
    pairs = [(str(before), str(page)) for page, befores in prerequisites.items() if page in boxes
             for before in befores if before in boxes]
    linked = {name for pair in pairs for name in pair}
    alone = [page for page in boxes if page not in linked]
    if alone:
        raise ValueError(f"boxes: pages without a prerequisite link cannot be placed on the map: {alone}")
    if not pairs:
        raise ValueError("prerequisites: no link between the pages of boxes")
    return pairs


def _fill(group, order: list) -> str:
    if group is None:
        return "white"
    return to_rgba(PALETTE[GROUP_COLOURS[order.index(group) % len(GROUP_COLOURS)]], 0.35)


def prerequisite_map(prerequisites: Mapping[str, Sequence[str]], boxes: Mapping[str, str], *,
                     groups: Mapping[str, object] | None = None, group_label: str = "Week",
                     figsize: tuple[float, float] = (8.5, 4.8), title: str = ""):
    """Draw the prerequisite map and return ``(fig, ax)``.

    Parameters
    ----------
    prerequisites : mapping
        Page label → labels of the pages to read before it (as
        :func:`analysis.ledger.chapters.prerequisites` gives them). Links to pages
        not in ``boxes`` are left out.
    boxes : mapping
        Page label → the text of its box (e.g. ``"Ch. 3\\nSynergy\\n50 + 25 min"``),
        for every page to draw; each must take part in at least one link.
    groups : mapping, optional
        Page label → its group (e.g. the week a plan starts the page). Boxes
        of one group share a fill colour and the legend names
        ``group_label`` and the group; say the group in ``boxes`` too.
    figsize, title
        Figure size in inches, and the axes' title.

    The axes hold one text artist per page (gid ``page:<label>``) and one
    arrow per link (gid ``link:<before>-><page>``); the same data always give
    the same picture. Raises ``ValueError`` naming the argument for pages
    that no link reaches, or for no link at all.
    """
    import matplotlib.pyplot as plt

    pairs = _pairs(prerequisites, boxes)
    graph = layered_graph(pairs)
    fig, ax = plt.subplots(figsize=figsize)
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=0.92 if title else 0.99)
    ax.set_axis_off()
    width = ax.get_position().width * fig.get_figwidth()
    height = ax.get_position().height * fig.get_figheight()
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    order = sorted({groups[p] for p in boxes if groups and p in groups}, key=str) if groups else []
    renderer = fig.canvas.get_renderer()
    texts, w_box, h_box = {}, {}, {}
    for name in graph.nodes:
        texts[name] = ax.text(0, 0, boxes[name], ha="center", va="center", fontsize=_FONT, linespacing=1.15, zorder=3,
                              color=PALETTE["black"], gid=f"page:{name}",
                              bbox=dict(boxstyle=f"round,pad={_PAD}", facecolor=_fill(groups.get(name) if groups else None, order),
                                        edgecolor=PALETTE["grey"], linewidth=0.8))
        extent = texts[name].get_window_extent(renderer)
        pad = 2 * _PAD * _FONT / 72
        w_box[graph.vid[name]], h_box[graph.vid[name]] = extent.width / fig.dpi + pad, extent.height / fig.dpi + pad
    for v, dummy in enumerate(graph.is_dummy):
        if dummy:
            w_box[v], h_box[v] = 0.0, DUMMY_H
    col_w = [max(w_box[v] for v in column) for column in graph.columns]
    centres, geometry = place(graph, w_box, h_box, col_w, width, height, 0.05, height - (_LEGEND_H if order else 0.05))
    for name, artist in texts.items():
        artist.set_position(centres[name])
    for before, page in pairs:
        arrow = FancyArrowPatch(path=route(graph, before, page, geometry), arrowstyle="-|>,head_length=0.45,head_width=0.22",
                                mutation_scale=11, color=PALETTE["grey"], linewidth=1.1, zorder=2)
        arrow.set_gid(f"link:{before}->{page}")
        ax.add_patch(arrow)
    if order:
        handles = [Patch(facecolor=_fill(group, order), edgecolor=PALETTE["grey"], label=f"{group_label} {group}") for group in order]
        ax.legend(handles=handles, loc="lower center", ncol=len(handles), frameon=False, fontsize=_FONT, bbox_to_anchor=(0.5, 0.0))
    if title:
        ax.set_title(title, fontsize=10)
    return fig, ax
