"""analysis.style: the house style, and one visual language for evidence levels and arms."""
import matplotlib

matplotlib.use("Agg")

import matplotlib as mpl  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402

from analysis import style  # noqa: E402
from analysis.ledger.evidence import EVIDENCE_LEVEL, EVIDENCE_LEVELS  # noqa: E402
from analysis.plots import category_styles, evidence_map  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_house_style_sets_the_repeatable_rc_parameters():
    style.use_house_style()
    assert tuple(mpl.rcParams["figure.figsize"]) == style.FIGSIZE and mpl.rcParams["savefig.dpi"] == style.DPI
    assert mpl.rcParams["axes.facecolor"] == "white" and mpl.rcParams["svg.hashsalt"] == "rt-io-book"
    assert [c for c in mpl.rcParams["axes.prop_cycle"].by_key()["color"]] == style.CYCLE


def test_label_axes_requires_labels_and_source_line_sits_below_everything():
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match="xlabel"):
        style.label_axes(ax, " ", "y (unit)")
    style.label_axes(ax, "Time (months)", "Survival (%)", "A title")
    assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_title()) == ("Time (months)", "Survival (%)", "A title")
    style.source_line(fig, "Source: test")
    (text,) = fig.texts
    assert text.get_text() == "Source: test" and text.get_position()[1] < 0
    with pytest.raises(ValueError, match="text"):
        style.source_line(fig, "")


def test_one_style_per_evidence_level_in_the_book_order():
    assert tuple(style.EVIDENCE_STYLE) == EVIDENCE_LEVELS
    assert set(EVIDENCE_LEVELS) == set(EVIDENCE_LEVEL.values())
    for field in ("colour", "hatch", "marker"):
        values = [getattr(s, field) for s in style.EVIDENCE_STYLE.values()]
        assert len(set(values)) == len(values), f"two evidence levels share a {field}"
    assert all(s.colour in style.PALETTE.values() for s in style.EVIDENCE_STYLE.values())


def test_levels_are_never_told_apart_by_hue_alone():
    # Every pair of levels differs in hatch as well as colour, so the map reads under
    # deuteranopia, protanopia and in greyscale.
    hatches = [s.hatch for s in style.EVIDENCE_STYLE.values()]
    assert len(set(hatches)) == len(hatches)


def test_one_style_per_arm_type():
    arms = style.ARM_STYLE
    assert set(arms) == {"experimental", "comparison"}
    assert arms["experimental"].colour != arms["comparison"].colour and arms["experimental"].hatch != arms["comparison"].hatch


def _drawn_levels(fig) -> dict[str, set[tuple]]:
    """Every (face colour, hatch) each legend label is drawn with, over all bar segments of the figure."""
    seen: dict[str, set[tuple]] = {}
    for ax in fig.axes:
        for container in ax.containers:
            label = container.get_label()
            for patch in container.patches:
                seen.setdefault(label, set()).add((tuple(round(c, 3) for c in patch.get_facecolor()), patch.get_hatch() or ""))
    return seen


def _all_level_counts() -> pd.DataFrame:
    return pd.DataFrame([[1] * len(EVIDENCE_LEVELS)] * 2, columns=list(EVIDENCE_LEVELS), index=["a", "b"])


#: Every figure function that draws evidence levels, called on counts of all six.
LEVEL_FIGURES = {
    "evidence_map, one panel": lambda: evidence_map(_all_level_counts(), row_labels=["a", "b"], xlabels="n", ylabel="row"),
    "evidence_map, two panels": lambda: evidence_map([_all_level_counts()] * 2, row_labels=["a", "b"], xlabels="n",
                                                     ylabel="row", legend="right"),
}


@pytest.mark.parametrize("draw", LEVEL_FIGURES.values(), ids=list(LEVEL_FIGURES))
def test_every_level_has_its_colour_and_hatch_in_every_figure_function(draw):
    drawn = _drawn_levels(draw())
    assert set(drawn) == set(EVIDENCE_LEVELS)
    for level, looks in drawn.items():
        expected = style.EVIDENCE_STYLE[level]
        assert looks == {(tuple(round(c, 3) for c in to_rgba(expected.colour)), expected.hatch)}, level


def test_settings_take_their_level_colour_and_a_hatch_of_their_own():
    settings = ["retrospective cohort", "prospective cohort", "phase III trial"]
    styles = category_styles(settings)
    observational = style.EVIDENCE_STYLE["clinical: observational"].colour
    assert styles["retrospective cohort"].colour == styles["prospective cohort"].colour == observational
    assert styles["retrospective cohort"].hatch != styles["prospective cohort"].hatch
    assert styles["phase III trial"].colour == style.EVIDENCE_STYLE["clinical: trial"].colour
    with pytest.raises(ValueError, match="categories"):
        category_styles(["anecdote"])


# --------------------------------------------------------------------------- sharp and legible figures

def test_figure_png_is_sharp_small_and_repeatable():
    import io

    import matplotlib.pyplot as plt
    from PIL import Image

    from analysis import style

    def draw():
        fig, ax = plt.subplots(figsize=(4, 3))
        ax.plot([0, 1, 2], [0, 1, 0.5])
        ax.set_xlabel("Time (months)")
        return fig

    first, second = draw(), draw()
    data, size = style.figure_png(first)
    again, _ = style.figure_png(second)
    plt.close("all")
    image = Image.open(io.BytesIO(data))
    assert data == again, "the same figure must give the same bytes"
    assert image.width == style.PIXEL_RATIO * size["width"] and image.height == style.PIXEL_RATIO * size["height"]
    assert image.mode == "P" and len(image.getpalette()) // 3 <= 256
    assert size["width"] <= 4 * style.DPI + 2


def test_fit_width_pulls_a_text_column_inside_the_figure():
    import matplotlib.pyplot as plt

    from analysis import style

    fig, ax = plt.subplots(figsize=(5, 3))
    ax.text(1.02, 0.5, "a long text column beside the axes", transform=ax.transAxes)
    renderer = fig.canvas.get_renderer()
    assert fig.get_tightbbox(renderer).width > 5.5
    style.fit_width(fig)
    assert fig.get_tightbbox(fig.canvas.get_renderer()).width <= 5.05
    plt.close(fig)


def test_check_legible_measures_text_where_the_page_shows_it():
    import matplotlib.pyplot as plt

    from analysis import style

    fig, ax = plt.subplots(figsize=(7, 3))
    ax.set_xlabel("Dose (Gy)", fontsize=8)
    size, text = style.smallest_text(fig)
    assert size == pytest.approx(8 * style.DPI / 72 * min(1, style.COLUMN_CSS_PX / (fig.get_tightbbox(fig.canvas.get_renderer()).width * style.DPI)), rel=1e-6)
    style.check_legible(fig, "fig_ok")  # 8 pt in a 7-in figure: legible
    wide, wide_ax = plt.subplots(figsize=(16, 3))
    wide_ax.set_xlabel("Dose (Gy)", fontsize=8)
    with pytest.raises(ValueError, match=r"fig_wide: .*'Dose \(Gy\)'.* under the 9 px minimum.*at most 6\.7 in"):
        style.check_legible(wide, "fig_wide")
    plt.close("all")


def test_figure_png_records_its_smallest_text_in_file_pixels():
    import io

    import matplotlib.pyplot as plt
    from PIL import Image

    from analysis import style

    fig, ax = plt.subplots(figsize=(4, 3))
    ax.set_xlabel("Time (months)", fontsize=10)
    ax.text(0.5, 0.5, "note", fontsize=7)
    data, _ = style.figure_png(fig)
    plt.close(fig)
    recorded = float(Image.open(io.BytesIO(data)).text[style.SMALLEST_TEXT_KEY])
    assert recorded == pytest.approx(7 * style.DPI / 72 * style.PIXEL_RATIO, abs=0.01)


def test_legible_width_and_the_phone_check():
    import matplotlib.pyplot as plt

    from analysis import style

    fig, ax = plt.subplots(figsize=(6, 3))
    ax.set_xlabel("Dose (Gy)", fontsize=9)
    natural = (fig.get_tightbbox(fig.canvas.get_renderer()).width + 2 * plt.rcParams["savefig.pad_inches"]) * style.DPI
    assert style.legible_width(fig) == pytest.approx(natural * style.MIN_TEXT_CSS_PX / (9 * style.DPI / 72))
    style.check_legible(fig, "fig_ok")  # 9 pt in a 6-in figure: one swipe on a phone
    small, small_ax = plt.subplots(figsize=(8, 3))
    small_ax.set_xlabel("Dose (Gy)", fontsize=6)  # legible on the desktop only near its full width
    assert style.smallest_text(small)[0] >= style.MIN_TEXT_CSS_PX
    with pytest.raises(ValueError, match=r"fig_small: on a 360-px phone .* more than 2 phone columns"):
        style.check_legible(small, "fig_small")
    plt.close("all")
