"""Tests for the generic figure helpers (analysis.plots): what is drawn, where, and bad input."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from analysis.plots import forest_plot, range_plot  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def by_gid(ax, prefix):
    """Artists on ``ax`` (lines, patches, texts) whose gid starts with ``prefix``, sorted by gid."""
    artists = [*ax.lines, *ax.patches, *ax.texts]
    return sorted((a for a in artists if (a.get_gid() or "").startswith(prefix)), key=lambda a: a.get_gid())


RANGE_ROWS = pd.DataFrame(
    {
        "label": ["pneumonitis", "hepatitis", "liver hepatitis", "stopped", "exact with CI"],
        "value": [np.nan, np.nan, np.nan, 7.0, 40.0],
        "lower": [10.0, 5.0, np.nan, np.nan, 30.0],
        "upper": [20.0, 10.0, 15.0, np.nan, 55.0],
        "qualifier": ["range", "range", "<=", "~", ""],
    }
)


# ---------------------------------------------------------------- range_plot
def test_range_plot_draws_one_bar_per_stated_range_at_its_ends():
    ax = range_plot(RANGE_ROWS, unit="%")
    bars = by_gid(ax, "range:")
    assert [b.get_gid() for b in bars] == ["range:0", "range:1", "range:4"]
    # First row on top: row i sits at y = n_rows - 1 - i.
    expected = {"range:0": (10, 10, 4), "range:1": (5, 5, 3), "range:4": (30, 25, 0)}
    for bar in bars:
        left, width, y = expected[bar.get_gid()]
        assert bar.get_x() == pytest.approx(left)
        assert bar.get_width() == pytest.approx(width)
        assert bar.get_y() + bar.get_height() / 2 == pytest.approx(y)


def test_range_plot_draws_single_values_as_markers_shaped_by_qualifier():
    ax = range_plot(RANGE_ROWS, unit="%")
    points = {p.get_gid(): p for p in by_gid(ax, "point:")}
    assert set(points) == {"point:2", "point:3", "point:4"}
    # "<= 15" (upper only): a left-pointing triangle at the bound.
    assert points["point:2"].get_marker() == "<"
    assert list(points["point:2"].get_xdata()) == [15.0] and list(points["point:2"].get_ydata()) == [2]
    # "~7": an open circle at 7.
    assert points["point:3"].get_marker() == "o"
    assert points["point:3"].get_markerfacecolor() == "white"
    assert list(points["point:3"].get_xdata()) == [7.0]
    # value inside a bar: a tick at the value.
    assert list(points["point:4"].get_xdata()) == [40.0]


def test_range_plot_writes_the_statement_with_its_qualifier():
    ax = range_plot(RANGE_ROWS, unit="%")
    texts = [t.get_text() for t in by_gid(ax, "text:")]
    assert texts == ["10–20%", "5–10%", "≤ 15%", "~7%", "40% (30–55%)"]
    positions = [t.xy for t in by_gid(ax, "text:")]
    assert positions == [(20.0, 4), (10.0, 3), (15.0, 2), (7.0, 1), (55.0, 0)]


def test_range_plot_labels_rows_top_to_bottom_and_uses_text_column():
    rows = RANGE_ROWS.assign(text=["a", "", None, "d", "e"])
    ax = range_plot(rows, unit="%")
    assert [t.get_text() for t in ax.get_yticklabels()][::-1] == list(RANGE_ROWS["label"])
    assert [t.get_text() for t in by_gid(ax, "text:")] == ["a", "5–10%", "≤ 15%", "d", "e"]


def test_range_plot_legend_lists_only_the_kinds_present():
    ax = range_plot(RANGE_ROWS.iloc[:2])
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["stated range (lower–upper)"]
    assert range_plot(RANGE_ROWS.iloc[:2], legend=False).get_legend() is None


def test_range_plot_draws_on_a_given_axes_and_sets_limits():
    fig, ax = plt.subplots()
    out = range_plot(RANGE_ROWS, ax=ax, xlim=(0, 100), xlabel="Patients (%)")
    assert out is ax
    assert ax.get_xlim() == (0, 100)
    assert ax.get_xlabel() == "Patients (%)"


@pytest.mark.parametrize(
    "rows, message",
    [
        (pd.DataFrame({"label": ["a"], "lower": [20.0], "upper": [10.0]}), "lower"),
        (pd.DataFrame({"label": ["a"], "value": [25.0], "lower": [10.0], "upper": [20.0]}), "value"),
        (pd.DataFrame({"label": ["a"], "value": [5.0], "qualifier": ["about"]}), "qualifier"),
        (pd.DataFrame({"label": ["a"], "value": ["ten"]}), "value"),
        (pd.DataFrame({"label": ["a"], "value": [np.inf]}), "finite"),
        (pd.DataFrame({"label": ["a", "b"], "value": [1.0, np.nan], "upper": [2.0, np.nan]}), "'b'"),
        (pd.DataFrame({"name": ["a"], "value": [1.0]}), "label"),
        (pd.DataFrame({"label": ["a"], "estimate": [1.0]}), "value"),
        (pd.DataFrame({"label": [], "value": []}), "at least one row"),
        (pd.DataFrame({"label": [""], "value": [1.0]}), "label"),
    ],
)
def test_range_plot_rejects_bad_rows_naming_the_problem(rows, message):
    with pytest.raises(ValueError, match=message):
        range_plot(rows)


def test_range_plot_rejects_bad_arguments():
    with pytest.raises(ValueError, match="rows must be a pandas DataFrame"):
        range_plot([{"label": "a", "value": 1}])
    with pytest.raises(ValueError, match="bar_height"):
        range_plot(RANGE_ROWS, bar_height=0)
    with pytest.raises(ValueError, match="xlim"):
        range_plot(RANGE_ROWS, xlim=(10, 0))
    with pytest.raises(ValueError, match="decimals"):
        range_plot(RANGE_ROWS, decimals=-1)
    with pytest.raises(ValueError, match="ax must be a matplotlib Axes"):
        range_plot(RANGE_ROWS, ax="not an axes")


def test_range_plot_lower_greater_than_upper_names_the_row():
    rows = pd.DataFrame({"label": ["ok", "broken"], "lower": [1.0, 9.0], "upper": [2.0, 3.0]})
    with pytest.raises(ValueError, match=r"'broken'.*lower \(9\) > upper \(3\)"):
        range_plot(rows)


# ---------------------------------------------------------------- forest_plot
FOREST_ROWS = pd.DataFrame(
    {
        "label": ["pooled", "lung", "converted"],
        "value": [1.65, 1.52, 1.5],
        "lower": [1.43, 1.01, np.nan],
        "upper": [1.90, 2.29, np.nan],
        "marker": ["s", "s", "D"],
    }
)


def test_forest_plot_uses_a_log_axis_with_a_reference_line_at_one():
    ax = forest_plot(FOREST_ROWS)
    assert ax.get_xscale() == "log"
    (reference,) = by_gid(ax, "reference")
    assert list(reference.get_xdata()) == [1, 1]
    left, right = ax.get_xlim()
    assert left < 1 < 2.29 < right


def test_forest_plot_draws_whiskers_only_where_a_ci_is_given():
    ax = forest_plot(FOREST_ROWS)
    whiskers = by_gid(ax, "ci:")
    assert [w.get_gid() for w in whiskers] == ["ci:0", "ci:1"]
    assert list(whiskers[0].get_xdata()) == [1.43, 1.90] and list(whiskers[0].get_ydata()) == [2, 2]
    assert list(whiskers[1].get_xdata()) == [1.01, 2.29] and list(whiskers[1].get_ydata()) == [1, 1]
    assert len(by_gid(ax, "cap:")) == 4  # two caps per whisker


def test_forest_plot_draws_every_estimate_with_its_marker():
    ax = forest_plot(FOREST_ROWS)
    estimates = by_gid(ax, "estimate:")
    assert len(estimates) == 3
    assert [float(e.get_xdata()[0]) for e in estimates] == [1.65, 1.52, 1.5]
    assert [float(e.get_ydata()[0]) for e in estimates] == [2, 1, 0]
    assert [e.get_marker() for e in estimates] == ["s", "s", "D"]


def test_forest_plot_annotates_estimates_and_ci():
    ax = forest_plot(FOREST_ROWS, text_header="HR (95% CI)")
    texts = {t.get_gid(): t.get_text() for t in by_gid(ax, "text:")}
    assert texts == {"text:0": "1.65 (1.43–1.90)", "text:1": "1.52 (1.01–2.29)", "text:2": "1.50", "text:header": "HR (95% CI)"}
    assert by_gid(forest_plot(FOREST_ROWS, annotate=False), "text:") == []


def test_forest_plot_linear_axis_accepts_zero_and_no_reference():
    rows = pd.DataFrame({"label": ["a"], "value": [0.0], "lower": [0.0], "upper": [5.4]})
    ax = forest_plot(rows, log=False, reference=None)
    assert ax.get_xscale() == "linear"
    assert by_gid(ax, "reference") == []


@pytest.mark.parametrize(
    "rows, message",
    [
        (pd.DataFrame({"label": ["a"], "value": [0.0]}), r"'value'.*log axis needs values > 0"),
        (pd.DataFrame({"label": ["a"], "value": [1.2], "lower": [-0.5], "upper": [2.0]}), r"'lower'.*> 0"),
        (pd.DataFrame({"label": ["a"], "value": [1.2], "lower": [1.5], "upper": [2.0]}), "value"),
        (pd.DataFrame({"label": ["a"], "value": [1.2], "lower": [1.5], "upper": [1.0]}), "lower"),
        (pd.DataFrame({"label": ["a"], "lower": [1.0], "upper": [2.0]}), "value"),
        (pd.DataFrame({"label": ["a", "b"], "value": [1.0, None]}), r"'value' of row 'b' must not be empty"),
    ],
)
def test_forest_plot_rejects_bad_rows_naming_the_problem(rows, message):
    with pytest.raises(ValueError, match=message):
        forest_plot(rows)


def test_forest_plot_rejects_bad_reference_and_limits():
    with pytest.raises(ValueError, match="reference must be > 0"):
        forest_plot(FOREST_ROWS, reference=0)
    with pytest.raises(ValueError, match="reference must be a finite number"):
        forest_plot(FOREST_ROWS, reference="one")
    with pytest.raises(ValueError, match="xlim"):
        forest_plot(FOREST_ROWS, xlim=(0, 3))


# --------------------------------------------------------------------------
# Evidence map
# --------------------------------------------------------------------------
def test_evidence_map_panels_labels_totals_and_legend():
    from analysis.ledger.evidence import EVIDENCE_LEVELS
    from analysis.plots import evidence_map

    counts = pd.DataFrame(0, index=[1, 2, 3], columns=list(EVIDENCE_LEVELS))
    counts.loc[1, "preclinical"], counts.loc[2, "clinical: trial"] = 2, 5
    fig = evidence_map([counts, counts], row_labels=["one", "two", "three"], xlabels=["review (rows)", "primary (rows)"],
                       ylabel="Chapter", titles=["A", "B"], empty_text="nothing")
    left, right = fig.axes
    assert [t.get_text() for t in left.get_yticklabels()] == ["one", "two", "three"]  # first row on top
    assert left.get_ylabel() == "Chapter" and right.get_ylabel() == "" and right.get_title() == "B"
    assert [t.get_text() for t in left.texts] == ["2", "5", "nothing"]
    assert [t.get_text() for t in fig.legends[0].get_texts()] == list(EVIDENCE_LEVELS)
    single = evidence_map(counts, row_labels=["a", "b", "c"], xlabels="n", ylabel="y", legend="right", totals=False)
    assert single.axes[0].get_legend() is not None and not single.axes[0].texts


@pytest.mark.parametrize(("kwargs", "word"), [
    ({"row_labels": ["a"]}, "row_labels"), ({"xlabels": ["a", "b"]}, "xlabels"), ({"legend": "top"}, "legend"),
])
def test_evidence_map_rejects_arguments_that_do_not_fit(kwargs, word):
    from analysis.ledger.evidence import EVIDENCE_LEVELS
    from analysis.plots import evidence_map

    counts = pd.DataFrame(1, index=[1, 2], columns=list(EVIDENCE_LEVELS))
    arguments = {"row_labels": ["a", "b"], "xlabels": "n", "ylabel": "y", **kwargs}
    with pytest.raises(ValueError, match=word):
        evidence_map(counts, **arguments)
    with pytest.raises(ValueError, match="panels"):
        evidence_map([counts, counts.iloc[:1]], row_labels=["a", "b"], xlabels="n", ylabel="y")


def test_the_registry_names_every_figure_function_of_every_drawing_module():
    import importlib
    import pkgutil

    import analysis.plots as plots

    for module in pkgutil.iter_modules(plots.__path__):
        drawing = importlib.import_module(f"analysis.plots.{module.name}")
        missing = sorted(name for name in drawing.__all__ if name not in plots.__all__)
        assert not missing, f"analysis.plots.{module.name} exports {missing}: add them to _WHERE in analysis/plots/__init__.py"
        wrong = sorted(name for name in drawing.__all__ if getattr(plots, name) is not getattr(drawing, name))
        assert not wrong, f"analysis.plots names {wrong} to the wrong module (they are drawn by analysis.plots.{module.name})"
