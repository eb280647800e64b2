"""Layered ("Sugiyama-style") layout of a small directed graph, for the mechanism maps.

Pure geometry, no drawing and no randomness — the same edges always give the
same picture:

1. :func:`assign_layers` — a left-to-right column for every node (cycles broken
   by reversing the back edges of a depth-first search);
2. :func:`layered_graph` — one dummy vertex per column a long edge skips, and
   the order inside each column that barycentre sweeps find with the fewest
   crossings;
3. :func:`column_centres` and :func:`row_positions` — x and y of every vertex,
   given the boxes' sizes (the caller measures its labels);
4. :func:`ports` and :func:`edge_points` — where each edge leaves and enters a
   box, and the points its path runs through.

Lengths are in inches; y grows downwards until the caller flips it.
"""
from __future__ import annotations

import heapq
from dataclasses import dataclass

import pandas as pd

__all__ = [
    "ROW_GAP", "DUMMY_H", "END_GAP", "edge_pairs", "acyclic_pairs", "assign_layers", "LayeredGraph", "layered_graph",
    "column_centres", "row_positions", "ports", "edge_points", "edge_path", "place", "route",
]

ROW_GAP = 0.12       # minimum free space between two boxes in one column
DUMMY_H = 0.10       # height reserved for an edge passing through a column
END_GAP = 0.025      # gap between an arrow tip and the box it points at


def edge_pairs(edges) -> list[tuple[str, str]]:
    """(source, target) pairs from a DataFrame or an iterable of pairs, in order."""
    if isinstance(edges, pd.DataFrame):
        for column in ("source", "target"):
            if column not in edges.columns:
                raise ValueError(f"edges has no {column!r} column (columns: {', '.join(map(str, edges.columns))})")
        return [(str(s), str(t)) for s, t in zip(edges["source"], edges["target"])]
    return [(str(s), str(t)) for s, t in edges]


def node_order(pairs: list[tuple[str, str]]) -> list[str]:
    """Nodes in order of first appearance (deterministic for a given table)."""
    seen: dict[str, None] = {}
    for s, t in pairs:
        seen.setdefault(s)
        seen.setdefault(t)
    return list(seen)


def back_edges(nodes: list[str], pairs: list[tuple[str, str]]) -> set[tuple[str, str]]:
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


def acyclic_pairs(pairs: list[tuple[str, str]]) -> tuple[list[str], list[tuple[str, str]], set[tuple[str, str]]]:
    """Nodes, the de-duplicated edges made acyclic (back edges reversed), and the back edges."""
    nodes = node_order(pairs)
    back = back_edges(nodes, pairs)
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
    nodes, dag, _ = acyclic_pairs(edge_pairs(edges))
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


def count_crossings(upper: list[int], lower: list[int], links: list[tuple[int, int]]) -> int:
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


def isotonic(targets: list[float]) -> list[float]:
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


def place_column(order: list[int], desired: dict[int, float], height: dict[int, float],
                  top: float, bottom: float, gap: float = ROW_GAP) -> dict[int, float]:
    """Y centres (growing downwards) close to ``desired`` with no two boxes overlapping."""
    offsets = [0.0]
    for a, b in zip(order, order[1:]):
        offsets.append(offsets[-1] + (height[a] + height[b]) / 2 + gap)
    fitted = isotonic([desired[v] - off for v, off in zip(order, offsets)])
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



@dataclass
class LayeredGraph:
    """The graph ready for placing: real nodes first (vertex ``i`` is ``nodes[i]``), then one dummy per skipped column.

    ``chains`` maps each edge of the acyclic graph to its vertices from source
    to target; ``up``/``down`` are each vertex's neighbours in the column
    before/after; ``columns`` lists the vertices of each column in drawing order.
    """

    nodes: list[str]
    back: set[tuple[str, str]]
    vid: dict[str, int]
    v_layer: list[int]
    is_dummy: list[bool]
    chains: dict[tuple[str, str], list[int]]
    links: list[tuple[int, int]]
    up: dict[int, list[int]]
    down: dict[int, list[int]]
    columns: list[list[int]]

    @property
    def n_layers(self) -> int:
        return len(self.columns)

    def chain(self, source: str, target: str) -> tuple[list[int], bool]:
        """The vertices of edge ``source -> target`` and whether it was reversed to break a cycle."""
        reverse = (source, target) in self.back
        return self.chains[(target, source) if reverse else (source, target)], reverse


def _vertices(nodes, dag, layer):
    """Vertex layers, dummy flags, chains of each edge and the links between consecutive vertices."""
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
    return vid, v_layer, is_dummy, chains, links


def _order_columns(columns, links, up, down) -> list[list[int]]:
    """Order inside columns: barycentre sweeps, keeping the order with the fewest crossings."""
    n_layers = len(columns)

    def crossings(cols: list[list[int]]) -> int:
        return sum(count_crossings(cols[i], cols[i + 1], links) for i in range(n_layers - 1))

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
    return best


def layered_graph(pairs: list[tuple[str, str]]) -> LayeredGraph:
    """Layers, dummy vertices and column order of the graph of ``pairs`` (see :class:`LayeredGraph`)."""
    nodes, dag, back = acyclic_pairs(pairs)
    layer = assign_layers(pairs)
    n_layers = max(layer.values()) + 1
    vid, v_layer, is_dummy, chains, links = _vertices(nodes, dag, layer)
    up: dict[int, list[int]] = {v: [] for v in range(len(v_layer))}
    down: dict[int, list[int]] = {v: [] for v in range(len(v_layer))}
    for a, b in links:
        down[a].append(b)
        up[b].append(a)
    columns: list[list[int]] = [[] for _ in range(n_layers)]
    for v in range(len(v_layer)):
        columns[v_layer[v]].append(v)
    columns = _order_columns(columns, links, up, down)
    return LayeredGraph(nodes, back, vid, v_layer, is_dummy, chains, links, up, down, columns)


def column_centres(col_w: list[float], axes_w: float) -> list[float]:
    """X centre of each column: the columns spread over ``axes_w`` (less 0.1 in), gaps at most 1.4 in, centred."""
    n_layers = len(col_w)
    gap = (axes_w - 0.1 - sum(col_w)) / max(n_layers - 1, 1)
    gap = min(gap, 1.4)
    span = sum(col_w) + gap * (n_layers - 1)
    x_left = (axes_w - span) / 2
    col_x = []
    for i in range(n_layers):
        col_x.append(x_left + col_w[i] / 2)
        x_left += col_w[i] + gap
    return col_x


def row_positions(graph: LayeredGraph, h_box: dict[int, float], top: float, bottom: float) -> dict[int, float]:
    """Y centre of every vertex (growing downwards) within ``top``–``bottom``.

    Stacks each column, then relaxes each vertex towards the mean of its
    neighbours with no overlaps (12 sweeps, the last four balancing both
    sides), and centres the drawing vertically. Rows get as much air as the
    fullest column allows (between 0.12 and 0.45 in).
    """
    columns, up, down = graph.columns, graph.up, graph.down
    n_layers = graph.n_layers
    row_gap = min([0.45] + [(bottom - top - sum(h_box[v] for v in col)) / (len(col) - 1)
                            for col in columns if len(col) > 1])
    row_gap = max(ROW_GAP, row_gap)
    ys: dict[int, float] = {}
    for col in columns:
        stacked = {v: (top + bottom) / 2 for v in col}
        ys.update(place_column(col, stacked, h_box, top, bottom, row_gap))
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
            ys.update(place_column(col, desired, h_box, top, bottom, row_gap))
    # centre the whole drawing vertically in the free band
    upper = min(ys[v] - h_box[v] / 2 for v in ys)
    lower = max(ys[v] + h_box[v] / 2 for v in ys)
    shift = (top + bottom) / 2 - (upper + lower) / 2
    return {v: y + shift for v, y in ys.items()}


def ports(graph: LayeredGraph, ypos, h_box: dict[int, float]) -> tuple[dict, dict]:
    """Where edges leave (``out``) and enter (``in``) each box: spread along its side, ordered by where they go.

    ``ypos(v)`` is the drawn y of vertex ``v``. Returns ``(out_port, in_port)``
    keyed by the link ``(from, to)``.
    """
    out_port: dict[tuple[int, int], float] = {}
    in_port: dict[tuple[int, int], float] = {}
    for v in range(len(graph.v_layer)):
        if graph.is_dummy[v]:
            continue
        for side, nbrs, store in (("out", graph.down[v], out_port), ("in", graph.up[v], in_port)):
            ordered = sorted(nbrs, key=lambda u: (-ypos(u), u))
            k = len(ordered)
            half = max(0.28 * h_box[v], 0.5 * h_box[v] - 0.08)
            for j, u in enumerate(ordered):
                offset = 0.0 if k == 1 else half - 2 * half * j / (k - 1)
                store[(v, u) if side == "out" else (u, v)] = ypos(v) + offset
    return out_port, in_port


def edge_points(chain: list[int], reverse: bool, geometry: dict) -> tuple[list[tuple[float, float]], set[int]]:
    """The points an edge's path runs through, and the indices of the points reached by a straight run.

    Straight stubs run from a box to the edge of its column, so edges between
    the same two columns bend in the same gap and keep their order; through
    a skipped column the edge runs straight across. ``geometry`` holds
    ``col_x``, ``col_w``, ``w_box``, ``v_layer``, ``ypos``, ``out_port`` and ``in_port``.
    """
    col_x, col_w, w_box, v_layer, ypos = (geometry[k] for k in ("col_x", "col_w", "w_box", "v_layer", "ypos"))
    first, second = chain[0], chain[1]
    last, before = chain[-1], chain[-2]
    y_out, y_in = geometry["out_port"][(first, second)], geometry["in_port"][(before, last)]
    points = [(col_x[v_layer[first]] + w_box[first] / 2 + END_GAP, y_out)]
    straight: set[int] = set()
    column_right = col_x[v_layer[first]] + col_w[v_layer[first]] / 2 + END_GAP
    if column_right - points[-1][0] > 0.01:
        points.append((column_right, y_out))
        straight.add(len(points) - 1)
    for d in chain[1:-1]:
        xc, half_w = col_x[v_layer[d]], col_w[v_layer[d]] / 2
        points.append((xc - half_w, ypos(d)))
        points.append((xc + half_w, ypos(d)))
        straight.add(len(points) - 1)
    tip = (col_x[v_layer[last]] - w_box[last] / 2 - END_GAP, y_in)
    column_left = col_x[v_layer[last]] - col_w[v_layer[last]] / 2 - END_GAP
    if tip[0] - column_left > 0.01:
        points.append((column_left, y_in))
        points.append(tip)
        straight.add(len(points) - 1)
    else:
        points.append(tip)
    if reverse:
        points = points[::-1]
        straight = {len(points) - i for i in straight}
    return points, straight


def edge_path(points: list[tuple[float, float]], straight: set[int]):
    """A matplotlib ``Path`` through ``points`` (data coordinates) from :func:`edge_points`.

    Between columns it bends as an S-curve (a cubic Bézier with horizontal
    tangents at both ends); a point whose index is in ``straight`` is reached
    by a straight run.
    """
    from matplotlib.path import Path as MplPath  # the layout itself needs no matplotlib

    verts, codes = [points[0]], [MplPath.MOVETO]
    for i in range(1, len(points)):
        (x0, y0), (x1, y1) = points[i - 1], points[i]
        if i in straight:
            verts.append((x1, y1))
            codes.append(MplPath.LINETO)
        else:
            dx = (x1 - x0) / 2
            verts += [(x0 + dx, y0), (x1 - dx, y1), (x1, y1)]
            codes += [MplPath.CURVE4] * 3
    return MplPath(verts, codes)


def place(graph: LayeredGraph, w_box, h_box, col_w, width: float, height: float, top: float, bottom: float):
    """Where every box goes, and the geometry :func:`route` needs.

    ``w_box``/``h_box`` are each vertex's box size and ``col_w`` each column's
    width (axes units); the columns spread over ``width``; rows are placed
    between ``top`` and ``bottom`` measured downwards, then flipped so that y
    grows upwards in an axes of ``height``. Returns ``({name: (x, y)}, geometry)``
    with the centre of every named box.
    """
    col_x = column_centres(col_w, width)
    ys = row_positions(graph, h_box, top, bottom)

    def ypos(v: int) -> float:
        return height - ys[v]

    out_port, in_port = ports(graph, ypos, h_box)
    geometry = {"col_x": col_x, "col_w": col_w, "w_box": w_box, "v_layer": graph.v_layer, "ypos": ypos,
                "out_port": out_port, "in_port": in_port}
    centres = {name: (col_x[graph.v_layer[v]], ypos(v)) for name, v in graph.vid.items()}
    return centres, geometry


def route(graph: LayeredGraph, source: str, target: str, geometry: dict):
    """The matplotlib ``Path`` of the edge ``source -> target`` through the layout of :func:`place`."""
    chain, reverse = graph.chain(source, target)
    return edge_path(*edge_points(chain, reverse, geometry))
