"""analysis.models.graph_layout: the layered layout behind the mechanism maps, without drawing."""
from analysis.models import graph_layout as gl

PAIRS = [("a", "b"), ("b", "c"), ("a", "c"), ("c", "a"), ("d", "c")]


def test_layered_graph_adds_dummies_for_long_edges_and_breaks_cycles():
    graph = gl.layered_graph(PAIRS)
    assert graph.nodes == ["a", "b", "c", "d"]
    assert graph.back == {("c", "a")}
    assert graph.n_layers == 3
    chain, reverse = graph.chain("a", "c")
    assert len(chain) == 3 and graph.is_dummy[chain[1]] and not reverse  # a -> dummy -> c
    chain, reverse = graph.chain("c", "a")
    assert reverse and chain[0] == graph.vid["a"] and chain[-1] == graph.vid["c"]
    assert sorted(v for col in graph.columns for v in col) == list(range(len(graph.v_layer)))
    assert gl.layered_graph(PAIRS).columns == graph.columns  # deterministic


def test_columns_and_rows_do_not_overlap():
    graph = gl.layered_graph(PAIRS)
    heights = {v: (gl.DUMMY_H if graph.is_dummy[v] else 0.4) for v in range(len(graph.v_layer))}
    ys = gl.row_positions(graph, heights, top=0.05, bottom=3.0)
    for column in graph.columns:
        placed = sorted((ys[v] - heights[v] / 2, ys[v] + heights[v] / 2) for v in column)
        assert all(upper[1] + gl.ROW_GAP - 1e-9 <= lower[0] for upper, lower in zip(placed, placed[1:]))
        assert all(0.05 - 1e-9 <= y0 and y1 <= 3.0 + 1e-9 for y0, y1 in placed)
    x = gl.column_centres([1.0, 0.5, 1.0], axes_w=6.0)
    assert x[0] < x[1] < x[2] and abs((x[0] + x[2]) / 2 - 3.0) < 1e-9


def test_edge_points_run_from_box_to_box_and_reverse_for_back_edges():
    graph = gl.layered_graph([("a", "b")])
    geometry = {"col_x": [1.0, 3.0], "col_w": [1.0, 0.6], "w_box": {0: 0.8, 1: 0.6}, "v_layer": graph.v_layer,
                "ypos": lambda v: 1.0, "out_port": {(0, 1): 1.0}, "in_port": {(0, 1): 1.2}}
    points, straight = gl.edge_points([0, 1], False, geometry)
    assert points[0] == (1.0 + 0.4 + gl.END_GAP, 1.0) and points[-1] == (3.0 - 0.3 - gl.END_GAP, 1.2)
    assert straight == {1}  # the stub from the box to its column's edge
    back, _ = gl.edge_points([0, 1], True, geometry)
    assert back == points[::-1]


def test_edge_path_bends_between_columns_and_runs_straight_where_told():
    from matplotlib.path import Path as MplPath

    from analysis.models.graph_layout import edge_path

    points = [(0.0, 0.0), (0.5, 0.0), (1.5, 1.0)]
    path = edge_path(points, straight={1})
    assert list(path.codes) == [MplPath.MOVETO, MplPath.LINETO] + [MplPath.CURVE4] * 3
    # The S-curve leaves and arrives horizontally: control points at the start's and the end's height.
    assert path.vertices[2].tolist() == [1.0, 0.0] and path.vertices[3].tolist() == [1.0, 1.0]
    assert path.vertices[-1].tolist() == [1.5, 1.0]


def test_place_centres_every_box_and_route_runs_between_them():
    graph = gl.layered_graph(PAIRS)
    vertices = range(len(graph.v_layer))
    w_box = {v: (0.0 if graph.is_dummy[v] else 0.8) for v in vertices}
    h_box = {v: (gl.DUMMY_H if graph.is_dummy[v] else 0.4) for v in vertices}
    col_w = [max(w_box[v] for v in column) for column in graph.columns]
    centres, geometry = gl.place(graph, w_box, h_box, col_w, width=6.0, height=3.0, top=0.05, bottom=2.95)
    assert set(centres) == set(graph.nodes)
    assert all(0.0 < x < 6.0 and 0.0 < y < 3.0 for x, y in centres.values())
    path = gl.route(graph, "a", "b", geometry)
    (x_a, y_a), (x_b, y_b) = centres["a"], centres["b"]
    assert path.vertices[0][0] == x_a + w_box[graph.vid["a"]] / 2 + gl.END_GAP  # leaves a's right side
    assert path.vertices[-1][0] == x_b - w_box[graph.vid["b"]] / 2 - gl.END_GAP  # ends at b's left side
