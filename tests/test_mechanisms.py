"""Tests for analysis.models.mechanisms (the edge table, the alt text) and analysis.plots.mechanisms (the drawing)."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.patches import FancyArrowPatch  # noqa: E402

from analysis import DATA_DIR  # noqa: E402
from analysis.models.mechanisms import (  # noqa: E402
    REQUIRED_COLUMNS,
    alt_text,
    assign_layers,
    load_mechanisms,
)
from analysis.plots.mechanisms import draw_mechanism_map, mechanism_map  # noqa: E402
from analysis.style import PALETTE  # noqa: E402

HEADER = ",".join(REQUIRED_COLUMNS)
GOOD_ROW = "1,Radiation,DAMPs,+,dying cells release danger signals,8,2.2"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def write(tmp_path, *lines: str, name: str = "edges.csv"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def small_edges() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "source": ["Radiation", "Radiation", "DAMPs", "Dendritic cells", "Tregs"],
            "target": ["DAMPs", "Dendritic cells", "Dendritic cells", "CD8⁺ T cells", "CD8⁺ T cells"],
            "effect": ["+", "+", "+", "+", "-"],
        }
    )


# ---------------------------------------------------------------- real data
def test_real_table_loads_with_all_five_figures():
    table = load_mechanisms()
    assert list(table.columns[: len(REQUIRED_COLUMNS)]) == list(REQUIRED_COLUMNS)
    assert sorted(table["figure"].unique()) == [1, 2, 3, 4, 5]
    counts = table["figure"].value_counts()
    assert ((counts >= 6) & (counts <= 14)).all(), counts.to_dict()
    assert table["ref"].between(1, 95).all()
    assert set(table["effect"]) <= {"+", "-"}
    for column in ("source", "target", "mechanism"):
        assert (table[column].str.len() > 0).all()
    assert (table["source"].str.len() <= 22).all() and (table["target"].str.len() <= 22).all()


def test_default_path_is_data_dir():
    assert load_mechanisms().equals(load_mechanisms(DATA_DIR / "mechanisms.csv"))


@pytest.mark.parametrize("number", [1, 2, 3, 4, 5])
def test_every_review_figure_draws(number):
    ax = mechanism_map(number)
    edges = load_mechanisms().query("figure == @number")
    nodes = set(edges["source"]) | set(edges["target"])
    assert ax.get_title() == f"Figure {number} (redrawn)"
    assert len(ax.texts) == len(nodes)
    assert len(ax.patches) == len(edges)
    assert ax.figure.get_figwidth() <= 9 and ax.figure.get_figheight() <= 5


# ---------------------------------------------------------------- layering
def test_layering_puts_nodes_after_their_predecessors():
    edges = small_edges()
    layer = assign_layers(edges)
    assert set(layer) == set(edges["source"]) | set(edges["target"])
    for source, target in zip(edges["source"], edges["target"]):
        assert layer[target] > layer[source], (source, target, layer)
    # longest path: Radiation -> DAMPs -> Dendritic cells -> CD8 T cells
    assert layer["Radiation"] == 0
    assert layer["DAMPs"] == 1
    assert layer["Dendritic cells"] == 2
    assert layer["CD8⁺ T cells"] == 3
    # a source is pulled next to the node it acts on
    assert layer["Tregs"] == 2


def test_layering_accepts_pairs_and_is_deterministic():
    pairs = [("a", "b"), ("b", "c"), ("a", "c")]
    assert assign_layers(pairs) == {"a": 0, "b": 1, "c": 2}
    assert assign_layers(pairs) == assign_layers(list(pairs))


def test_cycle_does_not_hang_and_is_broken_deterministically():
    pairs = [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")]
    first = assign_layers(pairs)
    assert first == assign_layers(pairs)
    assert set(first) == {"a", "b", "c", "d"}
    assert len(set(first.values())) >= 3  # the cycle is laid out, not collapsed
    edges = pd.DataFrame({"source": [s for s, _ in pairs], "target": [t for _, t in pairs],
                          "effect": ["+", "+", "-", "+"]})
    ax = draw_mechanism_map(edges)
    assert len(ax.texts) == 4 and len(ax.patches) == 4


# ---------------------------------------------------------------- drawing
def test_draw_returns_axes_with_one_text_per_node_and_one_arrow_per_edge():
    edges = small_edges()
    ax = draw_mechanism_map(edges, title="demo")
    assert isinstance(ax, Axes)
    assert not ax.axison
    assert ax.get_title() == "demo"
    labels = sorted(t.get_text().strip().replace("\n", " ") for t in ax.texts)
    assert labels == sorted(set(edges["source"]) | set(edges["target"]))
    arrows = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
    assert len(arrows) == len(ax.patches) == len(edges)
    colours = [matplotlib.colors.to_hex(a.get_edgecolor()) for a in arrows]
    expected = [PALETTE["blue"] if e == "+" else PALETTE["vermillion"] for e in edges["effect"]]
    assert colours == [c.lower() for c in expected]
    inhibit = arrows[-1]
    assert inhibit.get_linestyle() not in ("-", "solid")
    assert ax.get_legend() is not None and len(ax.get_legend().get_texts()) == 2


def test_draw_on_given_axes_and_is_repeatable():
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 4))
    out = draw_mechanism_map(small_edges(), ax=left)
    assert out is left
    draw_mechanism_map(small_edges(), ax=right)
    for a, b in zip(left.texts, right.texts):
        assert a.get_text() == b.get_text()
        assert a.get_position() == pytest.approx(b.get_position(), abs=1e-9)
    # two fresh figures: identical geometry, byte for byte
    first, second = draw_mechanism_map(small_edges()), draw_mechanism_map(small_edges())
    assert [t.get_position() for t in first.texts] == [t.get_position() for t in second.texts]
    assert [p.get_path().vertices.tolist() for p in first.patches] == \
        [p.get_path().vertices.tolist() for p in second.patches]


def test_labels_are_wrapped():
    edges = pd.DataFrame({"source": ["Standard RT 1.8–2.2 Gy", "RT microparticles"],
                          "target": ["Anti-tumour immunity", "CD4⁺/CD8⁺ T cells"], "effect": ["-", "+"]})
    ax = draw_mechanism_map(edges)
    for text in ax.texts:
        assert max(len(line) for line in text.get_text().split("\n")) <= 14


def test_draw_rejects_bad_edges():
    with pytest.raises(ValueError, match="effect"):
        draw_mechanism_map(pd.DataFrame({"source": ["a"], "target": ["b"], "effect": ["x"]}))
    with pytest.raises(ValueError, match="target"):
        draw_mechanism_map(pd.DataFrame({"source": ["a"], "effect": ["+"]}))
    with pytest.raises(ValueError, match="empty"):
        draw_mechanism_map(pd.DataFrame({"source": [], "target": [], "effect": []}))


# ---------------------------------------------------------------- alt text
def test_alt_text_mentions_every_edge_in_order():
    edges = small_edges()
    text = alt_text(edges)
    assert text.startswith(f"Mechanism map with {len(edges)} links: ")
    assert text.endswith(".")
    clauses = text.split(": ", 1)[1].rstrip(".").split("; ")
    assert len(clauses) == len(edges)
    for clause, (source, target, effect) in zip(clauses, edges[["source", "target", "effect"]].itertuples(index=False)):
        assert source.lower() in clause.lower() and target.lower() in clause.lower()
        assert ("inhibit" in clause) == (effect == "-")
    assert "radiation promotes DAMPs" in text
    assert "Tregs inhibit CD8⁺ T cells" in text  # plural verb, acronym kept


@pytest.mark.parametrize("number", [1, 2, 3, 4, 5])
def test_alt_text_covers_real_figures(number):
    edges = load_mechanisms().query("figure == @number")
    text = alt_text(edges).lower()
    for source, target in zip(edges["source"], edges["target"]):
        assert source.lower() in text and target.lower() in text


# ---------------------------------------------------------------- malformed files
def test_missing_column_is_named(tmp_path):
    path = write(tmp_path, "figure,source,target,mechanism,ref,section",
                 "1,Radiation,DAMPs,release,8,2.2")
    with pytest.raises(ValueError) as err:
        load_mechanisms(path)
    message = str(err.value)
    assert "edges.csv" in message and "'effect'" in message


def test_bad_effect_names_file_line_column_and_value(tmp_path):
    path = write(tmp_path, HEADER, GOOD_ROW, "1,DAMPs,CD8⁺ T cells,up,promote killing,8,2.2")
    with pytest.raises(ValueError) as err:
        load_mechanisms(path)
    message = str(err.value)
    assert str(path) in message
    assert "line 3" in message
    assert "'effect'" in message
    assert "'up'" in message


@pytest.mark.parametrize("figure", ["0", "6", "two", "1.5"])
def test_figure_out_of_range(tmp_path, figure):
    path = write(tmp_path, HEADER, f"{figure},Radiation,DAMPs,+,release,8,2.2")
    with pytest.raises(ValueError, match=r"line 2, column 'figure'"):
        load_mechanisms(path)


@pytest.mark.parametrize("ref", ["0", "96", "", "8a"])
def test_ref_out_of_range(tmp_path, ref):
    path = write(tmp_path, HEADER, f"1,Radiation,DAMPs,+,release,{ref},2.2")
    with pytest.raises(ValueError, match=r"line 2, column 'ref'"):
        load_mechanisms(path)


def test_empty_node_and_duplicate_edge(tmp_path):
    path = write(tmp_path, HEADER, "1, ,DAMPs,+,release,8,2.2")
    with pytest.raises(ValueError, match=r"line 2, column 'source'"):
        load_mechanisms(path)
    path = write(tmp_path, HEADER, GOOD_ROW, GOOD_ROW, name="dup.csv")
    with pytest.raises(ValueError, match=r"line 3.*line 2"):
        load_mechanisms(path)


def test_ragged_row_and_empty_file(tmp_path):
    path = write(tmp_path, HEADER, "1,Radiation,DAMPs,+")
    with pytest.raises(ValueError, match="line 2"):
        load_mechanisms(path)
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(ValueError, match="empty"):
        load_mechanisms(empty)


def test_good_file_types(tmp_path):
    path = write(tmp_path, HEADER, GOOD_ROW)
    table = load_mechanisms(path)
    assert table["figure"].dtype.kind == "i" and table["ref"].dtype.kind == "i"
    assert table.loc[0, "section"] == "2.2"


# ---------------------------------------------------------------- mechanism_map arguments
@pytest.mark.parametrize("bad", [0, 6, -1, 2.0, "3", True, None])
def test_bad_figure_number(bad):
    with pytest.raises(ValueError, match="figure_number"):
        mechanism_map(bad)


def test_figure_without_edges(tmp_path):
    path = write(tmp_path, HEADER, GOOD_ROW)
    with pytest.raises(ValueError, match="figure_number 2"):
        mechanism_map(2, path=path)
