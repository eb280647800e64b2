"""The mechanism maps: the review's five explanatory figures, redrawn from ``data/mechanisms.csv``.

* :func:`draw_mechanism_map` -- draw one map of an edge table on a matplotlib Axes;
* :func:`mechanism_map` -- load the table, keep one review figure, draw it with a title.

The edge table is loaded and checked by :mod:`analysis.models.mechanisms` (which also
writes the map's alt text); every node and edge is placed by the deterministic
layered layout of :mod:`analysis.models.graph_layout`. This module only draws: sizes
are in inches and points.
"""
from __future__ import annotations

import math
import numbers
from pathlib import Path

import pandas as pd

from .. import DATA_DIR
from ..models.graph_layout import DUMMY_H, ROW_GAP, LayeredGraph, edge_pairs, layered_graph, place, route
from ..models.mechanisms import EFFECTS, REVIEW_FIGURES, check_edge_table, load_mechanisms
from ..style import PALETTE, use_house_style

__all__ = ["draw_mechanism_map", "mechanism_map"]

# Drawing constants (inches and points).
_WRAP = 14            # characters per line inside a box
_FONT_MAX = 8.5       # node label size, shrunk if the map does not fit
_FONT_MIN = 6.5
_PAD = 0.35           # box padding, in units of the font size
_COL_GAP_MIN = 0.32   # minimum free space between two columns of boxes
_LEGEND_H = 0.30      # strip reserved at the bottom of the axes for the legend
_BOX_FILL = "#EEF5FB"
_PORT_STEP = 0.14     # vertical room per edge end on one side of a box


# --------------------------------------------------------------------------
# Drawing
# --------------------------------------------------------------------------
def _wrap_label(label: str, width: int = _WRAP) -> str:
    """Wrap at spaces, then inside long words after '–', '/' or '-' if needed."""
    words: list[str] = []
    for word in label.split():  # keep a short word with the next one: "T cells", "& peptides"
        if words and len(words[-1]) <= 2 and len(words[-1]) + 1 + len(word) <= width:
            words[-1] += "\u00a0" + word
        else:
            words.append(word)
    pieces: list[str] = []
    for word in words:
        while len(word) > width:
            cut = -1
            for chars in ("–/", "-"):  # prefer a dash or slash between names to a hyphen
                cut = max(word.rfind(ch, 0, width) for ch in chars)
                if cut >= 3:
                    break
            if cut <= 0:
                break
            pieces.append(word[: cut + 1])
            word = word[cut + 1:]
        pieces.append(word)
    lines: list[str] = []
    for piece in pieces:
        joinable = (lines and not lines[-1].endswith(("–", "/", "-")) and not piece.startswith("(")
                    and len(lines[-1]) + 1 + len(piece) <= width)
        if joinable:
            lines[-1] += " " + piece
        else:
            lines.append(piece)
    return "\n".join(lines).replace("\u00a0", " ")


def _renderer(fig):
    get = getattr(fig.canvas, "get_renderer", None)
    if get is not None:
        return get()
    return fig._get_renderer()  # pragma: no cover - non-Agg canvases


def _legend_handler(style: str, color: str, linestyle):
    from matplotlib.legend_handler import HandlerBase
    from matplotlib.patches import FancyArrowPatch

    class _ArrowHandler(HandlerBase):
        def create_artists(self, legend, orig_handle, xdescent, ydescent, width, height, fontsize, trans):
            y = height / 2 - ydescent
            arrow = FancyArrowPatch((-xdescent, y), (-xdescent + width, y), arrowstyle=style,
                                    mutation_scale=12, color=color, linestyle=linestyle,
                                    linewidth=1.4, transform=trans)
            return [arrow]

    return _ArrowHandler()


def _arrow_style(effect: str):
    if effect == "+":
        return "-|>,head_length=0.45,head_width=0.22", PALETTE["blue"], "solid"
    # The flat bar is drawn as its own sub-path and restarts the dash pattern, so
    # the first dash (7 x 1.3 pt) is made longer than the bar (2 x 0.35 x 12 pt).
    return "-[,widthB=0.35,lengthB=0,angleB=0", PALETTE["vermillion"], (0, (7.0, 2.5))


def _checked_edges(edges) -> tuple[list[tuple[str, str]], list[str]]:
    """The (source, target) pairs and effects of ``edges``, or a ValueError naming what is wrong."""
    check_edge_table(edges)
    if edges.empty:
        raise ValueError("edges is empty: nothing to draw")
    pairs = edge_pairs(edges)
    effects = [str(e).strip() for e in edges["effect"]]
    for (s, t), e in zip(pairs, effects):
        if e not in EFFECTS:
            raise ValueError(f"edge {s!r} -> {t!r}: effect must be '+' or '-', got {e!r}")
        if s == t:
            raise ValueError(f"edge {s!r} -> {t!r}: self-loops cannot be drawn")
    return pairs, effects


def _map_axes(ax, graph: LayeredGraph, title: str | None):
    """The axes to draw on (a new figure sized for the graph if ``ax`` is None), with inches as data units."""
    import matplotlib.pyplot as plt

    max_rows = max(len([v for v in col if not graph.is_dummy[v]]) for col in graph.columns)
    if ax is None:
        width = min(8.5, max(6.0, 1.35 * graph.n_layers + 0.6))
        height = min(5.0, max(2.8, 0.72 * max_rows + 1.0))
        fig, ax = plt.subplots(figsize=(width, height))
        fig.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=0.90 if title else 0.99)
    fig = ax.figure
    ax.set_axis_off()
    box = ax.get_position()
    axes_w = box.width * fig.get_figwidth()
    axes_h = box.height * fig.get_figheight()
    ax.set_xlim(0, axes_w)
    ax.set_ylim(0, axes_h)
    return ax, axes_w, axes_h


def _node_boxes(ax, graph: LayeredGraph, axes_w: float, top: float, bottom: float):
    """One text box per node; the font shrinks (8.5 down to 6.5 pt) until the columns and rows fit.

    Returns the text artists by node and the box widths and heights (inches)
    by vertex (dummies: no width, a small height). A box meeting many edges on
    one side is made taller (blank lines above and below the label) so that
    the arrow ends do not pile up.
    """
    fig = ax.figure
    texts = {}
    for name in graph.nodes:
        texts[name] = ax.text(0, 0, _wrap_label(name), ha="center", va="center", fontsize=_FONT_MAX,
                              color=PALETTE["black"], linespacing=1.15, zorder=3,
                              bbox=dict(boxstyle=f"round,pad={_PAD}", facecolor=_BOX_FILL,
                                        edgecolor=PALETTE["grey"], linewidth=0.8))
    renderer = _renderer(fig)
    size = _FONT_MAX
    while True:
        w_box, h_box = {}, {}
        pad = 2 * _PAD * size / 72
        for name, artist in texts.items():
            v = graph.vid[name]
            label = _wrap_label(name)
            artist.set_text(label)
            artist.set_fontsize(size)
            extent = artist.get_window_extent(renderer)
            height = extent.height / fig.dpi + pad
            need = _PORT_STEP * max(len(graph.up[v]), len(graph.down[v]))
            if height < need:
                line_h = extent.height / fig.dpi / (label.count("\n") + 1)
                blank = "\n" * math.ceil((need - height) / (2 * line_h))
                artist.set_text(blank + label + blank)
                extent = artist.get_window_extent(renderer)
                height = extent.height / fig.dpi + pad
            w_box[v] = extent.width / fig.dpi + pad
            h_box[v] = height
        for v in range(len(graph.v_layer)):
            if graph.is_dummy[v]:
                w_box[v], h_box[v] = 0.0, DUMMY_H
        col_w = [max(w_box[v] for v in col) for col in graph.columns]
        col_h = [sum(h_box[v] for v in col) + ROW_GAP * (len(col) - 1) for col in graph.columns]
        fits_w = sum(col_w) + _COL_GAP_MIN * (graph.n_layers - 1) <= axes_w - 0.1
        fits_h = max(col_h) <= bottom - top
        if (fits_w and fits_h) or size <= _FONT_MIN:
            return texts, w_box, h_box, col_w
        size = max(_FONT_MIN, size - 0.5)


def _draw_edges(ax, graph: LayeredGraph, pairs, effects, geometry: dict) -> None:
    """One arrow patch per edge, in table order, each with the gid ``edge:source->target``."""
    from matplotlib.patches import FancyArrowPatch

    for (s, t), effect in zip(pairs, effects):
        style, color, linestyle = _arrow_style(effect)
        arrow = FancyArrowPatch(path=route(graph, s, t, geometry), arrowstyle=style, mutation_scale=12,
                                color=color, linestyle=linestyle, linewidth=1.3, zorder=2,
                                capstyle="butt", joinstyle="miter")
        arrow.set_gid(f"edge:{s}->{t}")
        ax.add_patch(arrow)


def _draw_legend(ax) -> None:
    """A two-entry legend under the map explaining the two kinds of edge."""
    from matplotlib.lines import Line2D

    plus, minus = Line2D([], [], label="promotes / activates (+)"), Line2D([], [], label="inhibits / decreases (−)")
    ax.legend(handles=[plus, minus], loc="lower center", ncol=2, frameon=False, fontsize=_FONT_MAX,
              handlelength=2.6, bbox_to_anchor=(0.5, 0.0),
              handler_map={plus: _legend_handler(*_arrow_style("+")),
                           minus: _legend_handler(*_arrow_style("-"))})


def draw_mechanism_map(edges: pd.DataFrame, ax=None, title: str | None = None):
    """Draw a left-to-right mechanism map of ``edges`` and return the Axes.

    Parameters
    ----------
    edges:
        DataFrame with ``source``, ``target`` and ``effect`` columns -- usually
        the rows of :func:`load_mechanisms` for one review figure. ``effect``
        is ``"+"`` (promotes/activates: solid blue arrow with a normal head)
        or ``"-"`` (inhibits/decreases: dashed vermillion line ending in a flat
        bar, "⊣").
    ax:
        Axes to draw on; a new figure of at most 9 x 5 inches is made if None.
    title:
        Optional axes title.

    Returns
    -------
    matplotlib.axes.Axes
        The axes, with the axis turned off, exactly one text artist per node
        (``ax.texts``, label wrapped at about 14 characters, in a rounded box)
        and one arrow patch per edge (``ax.patches``), plus a two-entry legend.

    Nodes are placed by :func:`analysis.models.graph_layout.assign_layers`; the order inside each column
    is chosen by barycentre sweeps that reduce edge crossings, and edges that
    skip columns are routed through free slots. No randomness is used: the
    same table always gives the same picture.
    """

    pairs, effects = _checked_edges(edges)
    graph = layered_graph(pairs)
    ax, axes_w, axes_h = _map_axes(ax, graph, title)
    top, bottom = 0.05, axes_h - _LEGEND_H  # y grows downwards until the end
    texts, w_box, h_box, col_w = _node_boxes(ax, graph, axes_w, top, bottom)
    centres, geometry = place(graph, w_box, h_box, col_w, axes_w, axes_h, top, bottom)
    for name, artist in texts.items():
        artist.set_position(centres[name])
    _draw_edges(ax, graph, pairs, effects, geometry)
    _draw_legend(ax)
    if title:
        ax.set_title(title, fontsize=11)
    return ax


def mechanism_map(figure_number: int, path: str | Path | None = None, ax=None):
    """Draw the redrawn version of review Figure ``figure_number`` (1-5).

    Loads the edge table with :func:`analysis.models.mechanisms.load_mechanisms` (``path`` as there),
    keeps the rows of that figure, applies the house style and draws them
    with :func:`draw_mechanism_map` under the title "Figure N (redrawn)".

    Returns the matplotlib Axes. Raises ``ValueError`` naming
    ``figure_number`` if it is not an integer 1-5 or the table has no edges
    for it.
    """
    if isinstance(figure_number, bool) or not isinstance(figure_number, numbers.Integral) \
            or int(figure_number) not in REVIEW_FIGURES:
        raise ValueError(f"figure_number must be an integer from 1 to 5 (the review's Figures 1-5), "
                         f"got {figure_number!r}")
    figure_number = int(figure_number)
    table = load_mechanisms(path)
    subset = table[table["figure"] == figure_number]
    if subset.empty:
        source = Path(DATA_DIR / "mechanisms.csv" if path is None else path)
        raise ValueError(f"figure_number {figure_number}: no edges for this figure in {source}")
    use_house_style()
    return draw_mechanism_map(subset, ax=ax, title=f"Figure {figure_number} (redrawn)")
