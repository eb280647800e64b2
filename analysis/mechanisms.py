"""Mechanism maps: the review's five figures, redrawn from a table of edges.

The review (Jiang et al. 2025) has five explanatory figures that survive in
the source text only as captions. The book replaces each with a small,
directed "mechanism map" drawn by code from ``data/mechanisms.csv``. Every
row of that file is one edge -- *source* promotes (``+``) or inhibits (``-``)
*target* -- together with the review reference number and section that
support it.

Public functions:

* :func:`load_mechanisms` -- read and validate the edge table.
* :func:`assign_layers` -- left-to-right layering of the (possibly cyclic) graph.
* :func:`draw_mechanism_map` -- draw one map on a matplotlib Axes.
* :func:`mechanism_map` -- load, pick one review figure, draw it with a title.
* :func:`alt_text` -- a plain-English description for screen readers.

Only matplotlib and pandas are used; the layout is a small hand-written
layered ("Sugiyama-style") layout, fully deterministic.
"""
from __future__ import annotations

import heapq
import math
import numbers
import re
from pathlib import Path

import pandas as pd

from analysis import DATA_DIR
from analysis.evidence import N_REFERENCES, SECTION_PATTERN
from analysis.tables import DataFileError, display_path, read_csv_rows
from analysis.style import PALETTE, use_house_style

__all__ = [
    "REQUIRED_COLUMNS",
    "load_mechanisms",
    "assign_layers",
    "draw_mechanism_map",
    "mechanism_map",
    "alt_text",
]

#: Columns ``data/mechanisms.csv`` must have, in this order.
REQUIRED_COLUMNS: tuple[str, ...] = ("figure", "source", "target", "effect", "mechanism", "ref", "section")

_EFFECTS = ("+", "-")
_FIGURES = range(1, 6)
_REFS = range(1, N_REFERENCES + 1)
_SECTION_RE = re.compile(SECTION_PATTERN)

# Drawing constants (inches and points).
_WRAP = 14            # characters per line inside a box
_FONT_MAX = 8.5       # node label size, shrunk if the map does not fit
_FONT_MIN = 6.5
_PAD = 0.35           # box padding, in units of the font size
_COL_GAP_MIN = 0.32   # minimum free space between two columns of boxes
_ROW_GAP = 0.12       # minimum free space between two boxes in one column
_DUMMY_H = 0.10       # height reserved for an edge passing through a column
_LEGEND_H = 0.30      # strip reserved at the bottom of the axes for the legend
_END_GAP = 0.025      # gap between an arrow tip and the box it points at
_BOX_FILL = "#EEF5FB"
_PORT_STEP = 0.14     # vertical room per edge end on one side of a box


# --------------------------------------------------------------------------
# Loading and validation
# --------------------------------------------------------------------------
class MechanismsError(DataFileError):
    """``data/mechanisms.csv`` broke a rule; the message names file, line, column and value."""

    subject = "the mechanism table"


def _fail(path: Path, message: str) -> None:
    raise MechanismsError([f"{display_path(path)}, {message}"])


def _parse_int(path: Path, line: int, column: str, value: str, allowed: range) -> int:
    text = value.strip()
    if not re.fullmatch(r"[+-]?\d+", text):
        _fail(path, f"line {line}, column '{column}': {value!r} is not an integer "
                    f"(expected {allowed.start}-{allowed.stop - 1})")
    number = int(text)
    if number not in allowed:
        _fail(path, f"line {line}, column '{column}': {number} is out of range "
                    f"(expected {allowed.start}-{allowed.stop - 1})")
    return number


def load_mechanisms(path: str | Path | None = None) -> pd.DataFrame:
    """Read and validate the mechanism-edge table.

    Parameters
    ----------
    path:
        CSV file to read; defaults to ``analysis.DATA_DIR / "mechanisms.csv"``.

    Returns
    -------
    pandas.DataFrame
        One row per edge with the columns of :data:`REQUIRED_COLUMNS`
        (``figure`` and ``ref`` as integers, the rest as stripped strings),
        in file order.

    Raises
    ------
    MechanismsError (a ``ValueError``)
        If the file is missing, empty, not UTF-8 or has a byte-order mark, a
        column is missing or unexpected, a line has the wrong number of fields, or
        a cell is invalid: ``effect`` not ``+``/``-``, ``figure`` not an
        integer 1-5, ``ref`` not an integer 1-95, an empty ``source`` or
        ``target``, a self-loop, a malformed ``section`` or a duplicated edge.
        The message names the file, the line (the header is line 1), the
        column and the offending value.
    """
    path = Path(DATA_DIR / "mechanisms.csv" if path is None else path)
    _, records = read_csv_rows(path, REQUIRED_COLUMNS, error=MechanismsError)
    header = list(REQUIRED_COLUMNS)

    index = {name: i for i, name in enumerate(header)}
    rows: list[dict] = []
    seen: dict[tuple[int, str, str], int] = {}
    for line, row in records:
        cells = [row[name] for name in header]
        cell = {name: cells[i].strip() for name, i in index.items()}

        figure = _parse_int(path, line, "figure", cells[index["figure"]], _FIGURES)
        ref = _parse_int(path, line, "ref", cells[index["ref"]], _REFS)
        effect = cell["effect"]
        if effect not in _EFFECTS:
            _fail(path, f"line {line}, column 'effect': invalid value {cells[index['effect']]!r} "
                        "(expected '+' for promotes/activates or '-' for inhibits/decreases)")
        for column in ("source", "target"):
            if not cell[column]:
                _fail(path, f"line {line}, column '{column}': empty value (every edge needs a {column} node)")
        if cell["source"] == cell["target"]:
            _fail(path, f"line {line}, columns 'source'/'target': self-loop on {cell['source']!r}")
        if not _SECTION_RE.match(cell["section"]):
            _fail(path, f"line {line}, column 'section': invalid value {cells[index['section']]!r} "
                        "(expected a review section number such as '2.2' or '5')")
        key = (figure, cell["source"], cell["target"])
        if key in seen:
            _fail(path, f"line {line}: edge {cell['source']!r} -> {cell['target']!r} of figure {figure} "
                        f"already given on line {seen[key]}")
        seen[key] = line

        cell["figure"] = figure
        cell["ref"] = ref
        rows.append(cell)

    frame = pd.DataFrame(rows, columns=list(REQUIRED_COLUMNS))
    frame["figure"] = frame["figure"].astype("int64")
    frame["ref"] = frame["ref"].astype("int64")
    return frame


# --------------------------------------------------------------------------
# Layout: layering, ordering, coordinates
# --------------------------------------------------------------------------
def _edge_pairs(edges) -> list[tuple[str, str]]:
    """(source, target) pairs from a DataFrame or an iterable of pairs, in order."""
    if isinstance(edges, pd.DataFrame):
        for column in ("source", "target"):
            if column not in edges.columns:
                raise ValueError(f"edges has no {column!r} column (columns: {', '.join(map(str, edges.columns))})")
        return [(str(s), str(t)) for s, t in zip(edges["source"], edges["target"])]
    return [(str(s), str(t)) for s, t in edges]


def _node_order(pairs: list[tuple[str, str]]) -> list[str]:
    """Nodes in order of first appearance (deterministic for a given table)."""
    seen: dict[str, None] = {}
    for s, t in pairs:
        seen.setdefault(s)
        seen.setdefault(t)
    return list(seen)


def _back_edges(nodes: list[str], pairs: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """Edges closing a cycle, found by an iterative depth-first search.

    Nodes and successors are visited in sorted order, so the same graph always
    loses the same edges.
    """
    succ: dict[str, list[str]] = {n: [] for n in nodes}
    for s, t in pairs:
        if s != t and t not in succ[s]:
            succ[s].append(t)
    for n in succ:
        succ[n].sort()
    state = {n: 0 for n in nodes}  # 0 new, 1 on stack, 2 done
    back: set[tuple[str, str]] = set()
    for root in sorted(nodes):
        if state[root]:
            continue
        state[root] = 1
        stack = [(root, iter(succ[root]))]
        while stack:
            node, children = stack[-1]
            for child in children:
                if state[child] == 1:
                    back.add((node, child))
                elif state[child] == 0:
                    state[child] = 1
                    stack.append((child, iter(succ[child])))
                    break
            else:
                state[node] = 2
                stack.pop()
    return back


def _acyclic_pairs(pairs: list[tuple[str, str]]) -> tuple[list[str], list[tuple[str, str]], set[tuple[str, str]]]:
    """Nodes, the de-duplicated edges made acyclic (back edges reversed), and the back edges."""
    nodes = _node_order(pairs)
    back = _back_edges(nodes, pairs)
    dag: list[tuple[str, str]] = []
    for s, t in pairs:
        if s == t:
            continue
        edge = (t, s) if (s, t) in back else (s, t)
        if edge not in dag:
            dag.append(edge)
    return nodes, dag, back


def assign_layers(edges) -> dict[str, int]:
    """Left-to-right layer (column) index of every node.

    Longest-path layering: a node sits one column right of its furthest
    predecessor, so every edge points rightwards. Cycles are broken first by
    reversing the back edges of a depth-first search run in sorted node order
    (deterministic). A balancing pass then moves a node with more outgoing
    than incoming edges as far right as its successors allow (and the reverse),
    so "input" nodes such as drugs or ligands sit next to what they act on.
    Every edge of the acyclic graph still points strictly rightwards.

    Parameters
    ----------
    edges:
        A DataFrame with ``source`` and ``target`` columns, or an iterable of
        ``(source, target)`` pairs.

    Returns
    -------
    dict
        ``{node: layer}`` with layers counted from 0.
    """
    nodes, dag, _ = _acyclic_pairs(_edge_pairs(edges))
    preds: dict[str, list[str]] = {n: [] for n in nodes}
    succs: dict[str, list[str]] = {n: [] for n in nodes}
    for s, t in dag:
        preds[t].append(s)
        succs[s].append(t)
    # Kahn's algorithm with a sorted ready-queue: a deterministic topological order.
    indegree = {n: len(preds[n]) for n in nodes}
    ready = [n for n in nodes if indegree[n] == 0]
    heapq.heapify(ready)
    layer: dict[str, int] = {}
    while ready:
        node = heapq.heappop(ready)
        layer[node] = max((layer[p] + 1 for p in preds[node]), default=0)
        for child in succs[node]:
            indegree[child] -= 1
            if indegree[child] == 0:
                heapq.heappush(ready, child)
    if len(layer) != len(nodes):  # pragma: no cover - cannot happen once cycles are broken
        raise RuntimeError("layering failed: graph still has a cycle")
    # Balancing: a node whose feasible columns form a range moves to the end of
    # the range that shortens its edges (towards the side with more edges);
    # ties stay put. Sources thus sit just before their first successor.
    for _ in range(len(nodes)):
        moved = False
        for node in nodes:
            low = max((layer[p] + 1 for p in preds[node]), default=None)
            high = min((layer[c] - 1 for c in succs[node]), default=None)
            if low is None and high is None:
                continue
            pull = len(succs[node]) - len(preds[node])
            if pull > 0 and high is not None and high > layer[node]:
                layer[node], moved = high, True
            elif pull < 0 and low is not None and low < layer[node]:
                layer[node], moved = low, True
        if not moved:
            break
    shift = min(layer.values())
    return {n: layer[n] - shift for n in nodes}


def _count_crossings(upper: list[int], lower: list[int], links: list[tuple[int, int]]) -> int:
    pos_u = {v: i for i, v in enumerate(upper)}
    pos_l = {v: i for i, v in enumerate(lower)}
    segs = [(pos_u[a], pos_l[b]) for a, b in links if a in pos_u and b in pos_l]
    crossings = 0
    for i in range(len(segs)):
        for j in range(i + 1, len(segs)):
            (a1, b1), (a2, b2) = segs[i], segs[j]
            if (a1 - a2) * (b1 - b2) < 0:
                crossings += 1
    return crossings


def _isotonic(targets: list[float]) -> list[float]:
    """Least-squares non-decreasing fit (pool-adjacent-violators)."""
    blocks: list[list[float]] = []  # [mean, weight, count]
    for value in targets:
        blocks.append([value, 1.0, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            m2, w2, c2 = blocks.pop()
            m1, w1, c1 = blocks.pop()
            blocks.append([(m1 * w1 + m2 * w2) / (w1 + w2), w1 + w2, c1 + c2])
    fitted: list[float] = []
    for mean, _, count in blocks:
        fitted.extend([mean] * count)
    return fitted


def _place_column(order: list[int], desired: dict[int, float], height: dict[int, float],
                  top: float, bottom: float, gap: float = _ROW_GAP) -> dict[int, float]:
    """Y centres (growing downwards) close to ``desired`` with no two boxes overlapping."""
    offsets = [0.0]
    for a, b in zip(order, order[1:]):
        offsets.append(offsets[-1] + (height[a] + height[b]) / 2 + gap)
    fitted = _isotonic([desired[v] - off for v, off in zip(order, offsets)])
    ys = [z + off for z, off in zip(fitted, offsets)]
    upper_edge = ys[0] - height[order[0]] / 2
    lower_edge = ys[-1] + height[order[-1]] / 2
    if lower_edge - upper_edge >= bottom - top:
        shift = (top + bottom) / 2 - (upper_edge + lower_edge) / 2
    elif upper_edge < top:
        shift = top - upper_edge
    elif lower_edge > bottom:
        shift = bottom - lower_edge
    else:
        shift = 0.0
    return {v: y + shift for v, y in zip(order, ys)}


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


def _edge_path(points: list[tuple[float, float]], straight: set[int]):
    """A matplotlib Path through ``points``: S-curves between columns, straight runs through columns."""
    from matplotlib.path import Path as MplPath

    verts = [points[0]]
    codes = [MplPath.MOVETO]
    for i in range(1, len(points)):
        (x0, y0), (x1, y1) = points[i - 1], points[i]
        if i in straight:
            verts.append((x1, y1))
            codes.append(MplPath.LINETO)
        else:
            dx = (x1 - x0) / 2
            verts.extend([(x0 + dx, y0), (x1 - dx, y1), (x1, y1)])
            codes.extend([MplPath.CURVE4] * 3)
    return MplPath(verts, codes)


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

    Nodes are placed by :func:`assign_layers`; the order inside each column
    is chosen by barycentre sweeps that reduce edge crossings, and edges that
    skip columns are routed through free slots. No randomness is used: the
    same table always gives the same picture.
    """
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch

    if not isinstance(edges, pd.DataFrame):
        raise ValueError("edges must be a pandas DataFrame with source, target and effect columns")
    missing = [c for c in ("source", "target", "effect") if c not in edges.columns]
    if missing:
        raise ValueError(f"edges is missing column(s): {', '.join(missing)}")
    if edges.empty:
        raise ValueError("edges is empty: nothing to draw")
    pairs = _edge_pairs(edges)
    effects = [str(e).strip() for e in edges["effect"]]
    for (s, t), e in zip(pairs, effects):
        if e not in _EFFECTS:
            raise ValueError(f"edge {s!r} -> {t!r}: effect must be '+' or '-', got {e!r}")
        if s == t:
            raise ValueError(f"edge {s!r} -> {t!r}: self-loops cannot be drawn")

    nodes, dag, back = _acyclic_pairs(pairs)
    layer = assign_layers(pairs)
    n_layers = max(layer.values()) + 1

    # ---- vertices: real nodes, plus one dummy per skipped column of a long edge
    vid = {name: i for i, name in enumerate(nodes)}
    v_layer = [layer[n] for n in nodes]
    is_dummy = [False] * len(nodes)
    chains: dict[tuple[str, str], list[int]] = {}
    links: list[tuple[int, int]] = []
    for s, t in dag:
        chain = [vid[s]]
        for col in range(layer[s] + 1, layer[t]):
            v_layer.append(col)
            is_dummy.append(True)
            chain.append(len(v_layer) - 1)
        chain.append(vid[t])
        chains[(s, t)] = chain
        links.extend(zip(chain, chain[1:]))
    n_vertices = len(v_layer)
    up: dict[int, list[int]] = {v: [] for v in range(n_vertices)}
    down: dict[int, list[int]] = {v: [] for v in range(n_vertices)}
    for a, b in links:
        down[a].append(b)
        up[b].append(a)

    # ---- order inside columns: barycentre sweeps, keep the order with fewest crossings
    columns: list[list[int]] = [[] for _ in range(n_layers)]
    for v in range(n_vertices):
        columns[v_layer[v]].append(v)

    def crossings(cols: list[list[int]]) -> int:
        return sum(_count_crossings(cols[i], cols[i + 1], links) for i in range(n_layers - 1))

    def sweep(cols: list[list[int]], downward: bool) -> list[list[int]]:
        cols = [list(c) for c in cols]
        rng = range(1, n_layers) if downward else range(n_layers - 2, -1, -1)
        for i in rng:
            ref_col = cols[i - 1] if downward else cols[i + 1]
            pos = {v: k for k, v in enumerate(ref_col)}
            keyed = []
            for k, v in enumerate(cols[i]):
                nbrs = [pos[u] for u in (up[v] if downward else down[v]) if u in pos]
                bary = sum(nbrs) / len(nbrs) if nbrs else float(k)
                keyed.append((bary, k, v))
            cols[i] = [v for _, _, v in sorted(keyed)]
        return cols

    # initial order: barycentre of predecessors, seeded by first appearance
    columns = sweep(columns, downward=True)
    best, best_cross = columns, crossings(columns)
    current = columns
    for it in range(8):
        current = sweep(current, downward=(it % 2 == 1))
        c = crossings(current)
        if c < best_cross:
            best, best_cross = current, c
    columns = best

    # ---- figure and axes geometry (data units are inches)
    max_rows = max(len([v for v in col if not is_dummy[v]]) for col in columns)
    if ax is None:
        width = min(9.0, max(6.0, 1.35 * n_layers + 0.6))
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
    top, bottom = 0.05, axes_h - _LEGEND_H  # y grows downwards until the end

    # ---- node texts; shrink the font until the columns and rows fit
    texts = {}
    for name in nodes:
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
            v = vid[name]
            label = _wrap_label(name)
            artist.set_text(label)
            artist.set_fontsize(size)
            extent = artist.get_window_extent(renderer)
            height = extent.height / fig.dpi + pad
            # A box meeting many edges on one side is made taller (blank lines
            # above and below the label) so that the arrow ends do not pile up.
            need = _PORT_STEP * max(len(up[v]), len(down[v]))
            if height < need:
                line_h = extent.height / fig.dpi / (label.count("\n") + 1)
                blank = "\n" * math.ceil((need - height) / (2 * line_h))
                artist.set_text(blank + label + blank)
                extent = artist.get_window_extent(renderer)
                height = extent.height / fig.dpi + pad
            w_box[v] = extent.width / fig.dpi + pad
            h_box[v] = height
        for v in range(n_vertices):
            if is_dummy[v]:
                w_box[v], h_box[v] = 0.0, _DUMMY_H
        col_w = [max(w_box[v] for v in col) for col in columns]
        col_h = [sum(h_box[v] for v in col) + _ROW_GAP * (len(col) - 1) for col in columns]
        fits_w = sum(col_w) + _COL_GAP_MIN * (n_layers - 1) <= axes_w - 0.1
        fits_h = max(col_h) <= bottom - top
        if (fits_w and fits_h) or size <= _FONT_MIN:
            break
        size = max(_FONT_MIN, size - 0.5)

    gap = (axes_w - 0.1 - sum(col_w)) / max(n_layers - 1, 1)
    gap = min(gap, 1.4)
    span = sum(col_w) + gap * (n_layers - 1)
    x_left = (axes_w - span) / 2
    col_x = []
    for i in range(n_layers):
        col_x.append(x_left + col_w[i] / 2)
        x_left += col_w[i] + gap

    # ---- y positions: stack, then relax towards neighbours' mean with no overlaps.
    # Rows get as much air as the fullest column allows (between 0.12 and 0.45 in).
    row_gap = min([0.45] + [(bottom - top - sum(h_box[v] for v in col)) / (len(col) - 1)
                            for col in columns if len(col) > 1])
    row_gap = max(_ROW_GAP, row_gap)
    ys: dict[int, float] = {}
    for col in columns:
        stacked = {v: (top + bottom) / 2 for v in col}
        ys.update(_place_column(col, stacked, h_box, top, bottom, row_gap))
    for it in range(12):
        downward = it % 2 == 0
        order = range(n_layers) if downward else range(n_layers - 1, -1, -1)
        for i in order:
            col = columns[i]
            desired = {}
            for v in col:
                nbrs = up[v] if downward else down[v]
                if it >= 8:  # final passes: balance both sides
                    nbrs = up[v] + down[v]
                desired[v] = sum(ys[u] for u in nbrs) / len(nbrs) if nbrs else ys[v]
            ys.update(_place_column(col, desired, h_box, top, bottom, row_gap))
    # centre the whole drawing vertically in the free band
    upper = min(ys[v] - h_box[v] / 2 for v in ys)
    lower = max(ys[v] + h_box[v] / 2 for v in ys)
    shift = (top + bottom) / 2 - (upper + lower) / 2
    ys = {v: y + shift for v, y in ys.items()}

    def ypos(v: int) -> float:
        return axes_h - ys[v]

    for name, artist in texts.items():
        v = vid[name]
        artist.set_position((col_x[v_layer[v]], ypos(v)))

    # ---- ports: spread several edges along a box side, ordered by where they go
    out_port: dict[tuple[int, int], float] = {}
    in_port: dict[tuple[int, int], float] = {}
    for v in range(n_vertices):
        if is_dummy[v]:
            continue
        for side, nbrs, store in (("out", down[v], out_port), ("in", up[v], in_port)):
            ordered = sorted(nbrs, key=lambda u: (-ypos(u), u))
            k = len(ordered)
            half = max(0.28 * h_box[v], 0.5 * h_box[v] - 0.08)
            for j, u in enumerate(ordered):
                offset = 0.0 if k == 1 else half - 2 * half * j / (k - 1)
                store[(v, u) if side == "out" else (u, v)] = ypos(v) + offset

    # ---- edges, in table order (one patch each)
    for (s, t), effect in zip(pairs, effects):
        reverse = (s, t) in back
        chain = chains[(t, s) if reverse else (s, t)]
        first, second = chain[0], chain[1]
        last, before = chain[-1], chain[-2]
        # Straight stubs run from a box to the edge of its column, so edges between
        # the same two columns bend in the same gap and keep their order.
        y_out, y_in = out_port[(first, second)], in_port[(before, last)]
        points = [(col_x[v_layer[first]] + w_box[first] / 2 + _END_GAP, y_out)]
        straight: set[int] = set()
        column_right = col_x[v_layer[first]] + col_w[v_layer[first]] / 2 + _END_GAP
        if column_right - points[-1][0] > 0.01:
            points.append((column_right, y_out))
            straight.add(len(points) - 1)
        for d in chain[1:-1]:
            xc, half_w = col_x[v_layer[d]], col_w[v_layer[d]] / 2
            points.append((xc - half_w, ypos(d)))
            points.append((xc + half_w, ypos(d)))
            straight.add(len(points) - 1)
        tip = (col_x[v_layer[last]] - w_box[last] / 2 - _END_GAP, y_in)
        column_left = col_x[v_layer[last]] - col_w[v_layer[last]] / 2 - _END_GAP
        if tip[0] - column_left > 0.01:
            points.append((column_left, y_in))
            points.append(tip)
            straight.add(len(points) - 1)
        else:
            points.append(tip)
        if reverse:
            points = points[::-1]
            straight = {len(points) - i for i in straight}
        style, color, linestyle = _arrow_style(effect)
        arrow = FancyArrowPatch(path=_edge_path(points, straight), arrowstyle=style, mutation_scale=12,
                                color=color, linestyle=linestyle, linewidth=1.3, zorder=2,
                                capstyle="butt", joinstyle="miter")
        arrow.set_gid(f"edge:{s}->{t}")
        ax.add_patch(arrow)

    # ---- legend explaining the two edge types
    plus, minus = Line2D([], [], label="promotes / activates (+)"), Line2D([], [], label="inhibits / decreases (−)")
    ax.legend(handles=[plus, minus], loc="lower center", ncol=2, frameon=False, fontsize=8,
              handlelength=2.6, bbox_to_anchor=(0.5, 0.0),
              handler_map={plus: _legend_handler(*_arrow_style("+")),
                           minus: _legend_handler(*_arrow_style("-"))})
    if title:
        ax.set_title(title, fontsize=11)
    return ax


# --------------------------------------------------------------------------
# Convenience and accessibility
# --------------------------------------------------------------------------
def mechanism_map(figure_number: int, path: str | Path | None = None, ax=None):
    """Draw the redrawn version of review Figure ``figure_number`` (1-5).

    Loads the edge table with :func:`load_mechanisms` (``path`` as there),
    keeps the rows of that figure, applies the house style and draws them
    with :func:`draw_mechanism_map` under the title "Figure N (redrawn)".

    Returns the matplotlib Axes. Raises ``ValueError`` naming
    ``figure_number`` if it is not an integer 1-5 or the table has no edges
    for it.
    """
    if isinstance(figure_number, bool) or not isinstance(figure_number, numbers.Integral) \
            or int(figure_number) not in _FIGURES:
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


_KEEP_CAPITAL = {"Tregs"}


def _phrase_label(label: str) -> str:
    """Lower-case an ordinary capitalised first word ("Radiation" -> "radiation"), keep acronyms."""
    first, _, rest = label.partition(" ")
    if (len(first) >= 3 and first[0].isupper() and first[1].isalpha() and first[1:] == first[1:].lower()
            and first not in _KEEP_CAPITAL):
        first = first[0].lower() + first[1:]
    return f"{first} {rest}" if rest else first


def _is_plural(label: str) -> bool:
    core = re.sub(r"\s*\(.*?\)\s*", " ", label).strip() or label
    last = core.split()[-1].strip(",;:.").lower()
    return len(last) > 2 and last.endswith("s") and not last.endswith(("ss", "is", "us"))


def alt_text(edges: pd.DataFrame) -> str:
    """Plain-English description of a mechanism map, for screen readers.

    One clause per edge, in table order: "<source> promotes <target>" for
    ``+`` and "<source> inhibits <target>" for ``-`` (verbs agree with plural
    node names such as "CD8⁺ T cells"). Example::

        Mechanism map with 2 links: radiation promotes immunogenic cell death;
        Tregs inhibit CD8⁺ T cells.

    ``edges`` is a DataFrame with ``source``, ``target`` and ``effect``
    columns. Raises ``ValueError`` on missing columns or an unknown effect.
    """
    if not isinstance(edges, pd.DataFrame):
        raise ValueError("edges must be a pandas DataFrame with source, target and effect columns")
    missing = [c for c in ("source", "target", "effect") if c not in edges.columns]
    if missing:
        raise ValueError(f"edges is missing column(s): {', '.join(missing)}")
    if edges.empty:
        return "Mechanism map with no links."
    clauses = []
    for source, target, effect in zip(edges["source"], edges["target"], edges["effect"]):
        source, target, effect = str(source).strip(), str(target).strip(), str(effect).strip()
        if effect not in _EFFECTS:
            raise ValueError(f"edge {source!r} -> {target!r}: effect must be '+' or '-', got {effect!r}")
        verb = "promote" if effect == "+" else "inhibit"
        if not _is_plural(source):
            verb += "s"
        clauses.append(f"{_phrase_label(source)} {verb} {_phrase_label(target)}")
    n = len(clauses)
    return f"Mechanism map with {n} link{'s' if n != 1 else ''}: " + "; ".join(clauses) + "."


if __name__ == "__main__":  # pragma: no cover - manual rendering helper
    import sys

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    for number in _FIGURES:
        axes = mechanism_map(number)
        axes.figure.savefig(out / f"mechmap_{number}.png", bbox_inches="tight", metadata={"Software": None})
        plt.close(axes.figure)
        print(out / f"mechmap_{number}.png")
