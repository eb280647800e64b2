"""The book's one plotting style.

Colour-blind-safe colours (Okabe & Ito 2008), a white background so figures
stay readable when the website is in dark mode, labelled axes with units, and
a size and resolution that keep every PNG small and byte-for-byte repeatable.

Chapters call :func:`use_house_style` once (``analysis.book.start_chapter``
does it) and then draw with :data:`PALETTE` colours.

One visual language: every figure that shows an evidence level draws it with
the colour *and* the hatch (and, for points, the marker) of
:data:`EVIDENCE_STYLE`, so levels stay apart in greyscale and under the common
colour-vision deficiencies; every figure that shows the two arms of a
comparison uses :data:`ARM_STYLE`.
"""
from __future__ import annotations

from typing import NamedTuple

import matplotlib as mpl

#: Okabe–Ito colours by name (hex strings). Distinguishable with the common
#: colour-vision deficiencies; black is kept for text and reference lines.
PALETTE: dict[str, str] = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "vermillion": "#D55E00",
    "bluish_green": "#009E73",
    "sky_blue": "#56B4E9",
    "reddish_purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
    "grey": "#777777",
}

#: The order in which series take colours (yellow last: weak on white).
CYCLE: list[str] = [
    PALETTE[name]
    for name in ("blue", "vermillion", "bluish_green", "orange", "reddish_purple", "sky_blue", "yellow")
]



class Style(NamedTuple):
    """How one category is drawn: a colour, a hatch for areas (``""`` = solid) and a marker for points."""

    colour: str
    hatch: str
    marker: str


#: One style per evidence level (the values of ``analysis.ledger.evidence.EVIDENCE_LEVEL``), in
#: the order figures stack and list them: from the bench to the pooled trial evidence.
EVIDENCE_STYLE: dict[str, Style] = {
    "preclinical": Style(PALETTE["vermillion"], "xx", "^"),
    "model": Style(PALETTE["yellow"], "//", "D"),
    "review": Style(PALETTE["grey"], "..", "s"),
    "clinical: observational": Style(PALETTE["sky_blue"], "\\\\", "v"),
    "clinical: trial": Style(PALETTE["blue"], "", "o"),
    "clinical: meta-analysis": Style(PALETTE["bluish_green"], "++", "P"),
}

#: One style per arm of a comparison: the arm (or group) a study tests, and what it is
#: compared with. Blue and vermillion differ in lightness as well as hue, so the two stay
#: apart under deuteranopia and protanopia; the figures also name each arm in a legend.
ARM_STYLE: dict[str, Style] = {
    "experimental": Style(PALETTE["blue"], "", "o"),
    "comparison": Style(PALETTE["vermillion"], "//", "o"),
}

#: One colour per dose band of the review (chapter 5).
DOSE_BAND_COLOURS: dict[str, str] = {"low-dose": PALETTE["sky_blue"], "standard": PALETTE["bluish_green"], "high-dose": PALETTE["orange"]}

#: Hatches that tell apart several categories sharing one colour (e.g. the settings of one level).
HATCH_CYCLE: tuple[str, ...] = ("", "//", "..", "xx", "\\\\", "++", "oo")

#: Default figure size in inches (width, height) and resolution in dots per inch.
FIGSIZE: tuple[float, float] = (7.0, 4.2)
DPI: int = 110
#: Pixels per CSS pixel of the PNGs (2: sharp on high-density screens). A figure
#: is displayed at ``DPI`` CSS pixels per inch; its file holds twice as many.
PIXEL_RATIO: int = 2
#: Width (CSS px) of the website's text column on a 1366-px desktop, measured in
#: the built site; a wider figure is shrunk to it.
COLUMN_CSS_PX: int = 741
#: The smallest text a figure may show, in CSS pixels, at its displayed width on
#: that desktop (about 7 pt on paper).
MIN_TEXT_CSS_PX: float = 9.0
#: Width (CSS px) of the text column on a 360-px phone (the narrowest screen the book is
#: tested on), measured in the built site.
PHONE_COLUMN_CSS_PX: int = 328
#: On a phone a figure is shown no narrower than the width at which its smallest text is
#: ``MIN_TEXT_CSS_PX`` (:func:`legible_width`), in a frame that scrolls sideways; that width
#: may be at most this many phone columns (one swipe to see the rest).
MAX_PHONE_COLUMNS: float = 2.0
#: Font size (pt) of a figure's source line (:func:`source_line`): often a figure's smallest text.
SOURCE_FONT: float = 8.5
#: The PNG text chunk in which :func:`figure_png` records the figure's smallest text
#: (font size in the file's pixels); the build reads it (``booktools.sphinx_site_fixes``).
SMALLEST_TEXT_KEY: str = "smallest-text-px"

_RC = {
    "figure.figsize": FIGSIZE,
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "savefig.transparent": False,
    "axes.prop_cycle": mpl.cycler(color=CYCLE),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "legend.fontsize": 9,
    "legend.frameon": False,
    "font.family": "DejaVu Sans",
    "lines.linewidth": 1.8,
    # Repeatable output: no creation dates in metadata, fixed hash salt for SVG.
    "svg.hashsalt": "rt-io-book",
    "path.simplify": True,
}


def use_house_style() -> None:
    """Apply the house style to every later matplotlib figure in this process.

    Inside IPython (a chapter in Jupyter or in the build) a figure is shown and
    glued as :func:`figure_png`: a PNG with ``PIXEL_RATIO`` times the pixels of
    its display size, without a timestamp (the same figure gives the same bytes).
    """
    mpl.rcParams.update(_RC)
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - plain Python without IPython
        return
    shell = get_ipython()
    if shell is not None:
        import matplotlib.pyplot as plt
        from matplotlib.figure import Figure

        # The inline backend installs its own PNG formatter when the first figure is
        # made: make (and drop) one now, so that ours, installed after it, stays.
        plt.close(plt.figure())
        shell.display_formatter.formatters["image/png"].for_type(Figure, figure_png)


def figure_png(fig) -> tuple[bytes, dict[str, int]]:
    """``fig`` as a sharp PNG and its display size: ``(png bytes, {"width": CSS px, "height": CSS px})``.

    The file has ``PIXEL_RATIO`` pixels per CSS pixel (a figure is displayed at
    ``DPI`` CSS px per inch), is cropped to what is drawn, carries no
    timestamp, and is reduced to an adaptive 256-colour palette (a line
    drawing loses nothing visible; the file shrinks about threefold). The
    file records the size of its smallest text, in the file's own pixels, as
    the PNG text chunk ``SMALLEST_TEXT_KEY``: the website reads it to show the
    figure no smaller than legible (:func:`legible_width`).
    """
    import io

    from PIL import Image

    from PIL.PngImagePlugin import PngInfo

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI * PIXEL_RATIO, bbox_inches="tight", metadata={"Software": None})
    image = Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")
    palette = image.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    info = PngInfo()
    size, _ = smallest_font(fig)
    if size != float("inf"):
        info.add_text(SMALLEST_TEXT_KEY, f"{size * PIXEL_RATIO:.2f}")
    out = io.BytesIO()
    palette.save(out, format="png", optimize=True, pnginfo=info)
    return out.getvalue(), {"width": round(image.width / PIXEL_RATIO), "height": round(image.height / PIXEL_RATIO)}


def smallest_font(fig) -> tuple[float, str]:
    """The smallest visible text of ``fig`` in CSS px at the figure's own size (``DPI`` CSS px per inch), and that text.

    ``(inf, "")`` for a figure without text.
    """
    from matplotlib.text import Text

    texts = [text for text in fig.findobj(Text) if text.get_visible() and text.get_text().strip()]
    if not texts:
        return float("inf"), ""
    smallest = min(texts, key=lambda text: text.get_fontsize())
    return smallest.get_fontsize() * DPI / 72, smallest.get_text()


def smallest_text(fig) -> tuple[float, str]:
    """The smallest visible text of ``fig`` in CSS pixels as the website shows it, and that text.

    A figure is displayed at ``DPI`` CSS px per inch of its drawn area, shrunk
    to ``COLUMN_CSS_PX`` if wider. Returns ``(inf, "")`` for a figure without text.
    """
    renderer = fig.canvas.get_renderer()
    natural = fig.get_tightbbox(renderer).width * DPI
    scale = min(1.0, COLUMN_CSS_PX / natural) if natural else 1.0
    size, text = smallest_font(fig)
    return size * scale, text


def fit_width(fig) -> None:
    """Pull each Axes in so that what is drawn beside it (tick labels, text columns) ends inside the figure.

    A figure whose labels stick out is saved wider than its size, then shrunk
    to the page's column — and all its text with it. Moves and narrows only
    the Axes that overflow the left or right edge (never below 30% of its width).
    """
    renderer = fig.canvas.get_renderer()
    width = fig.get_figwidth() * fig.dpi
    for _ in range(3):  # moving an Axes changes its labels' extent a little: settle
        moved = False
        for ax in fig.axes:
            box, drawn = ax.get_position(), ax.get_tightbbox(renderer)
            left, right = max(0.0, 2 - drawn.x0) / width, max(0.0, drawn.x1 - width + 2) / width
            if (left > 1e-3 or right > 1e-3) and box.width - left - right > 0.3 * box.width:
                ax.set_position([box.x0 + left, box.y0, box.width - left - right, box.height])
                moved = True
        if not moved:
            return


def legible_width(fig) -> float:
    """The shown width (CSS px) at which ``fig``'s smallest text is ``MIN_TEXT_CSS_PX``; 0 without text.

    The website never shows a figure narrower than this (on a phone, the figure
    scrolls sideways in its frame instead): ``booktools.sphinx_site_fixes``
    computes the same width from what :func:`figure_png` records in the file.
    """
    size, _ = smallest_font(fig)
    if size == float("inf"):
        return 0.0
    # The PNG is the drawn area plus savefig's padding on both sides (bbox_inches="tight").
    drawn = fig.get_tightbbox(fig.canvas.get_renderer()).width + 2 * mpl.rcParams["savefig.pad_inches"]
    return drawn * DPI * MIN_TEXT_CSS_PX / size


def check_legible(fig, name: str = "figure") -> None:
    """Raise ``ValueError`` if ``fig``'s text would be too small on the desktop or take too much width on a phone.

    On a desktop the smallest text must be ``MIN_TEXT_CSS_PX`` where the
    ``COLUMN_CSS_PX`` column shows it. On a 360-px phone the figure is shown at
    :func:`legible_width` at least (scrolling sideways in its frame when that
    is wider than the ``PHONE_COLUMN_CSS_PX`` column), which must not exceed
    ``MAX_PHONE_COLUMNS`` phone columns. The message names the figure, the
    text and what to do (a narrower figure, or larger text).
    """
    size, text = smallest_text(fig)
    width = fig.get_tightbbox(fig.canvas.get_renderer()).width
    if size < MIN_TEXT_CSS_PX:
        raise ValueError(
            f"{name}: its smallest text ({text[:40]!r}) would show at {size:.1f} CSS px, under the "
            f"{MIN_TEXT_CSS_PX:g} px minimum: the drawn area is {width:.1f} in wide and is shrunk to the "
            f"{COLUMN_CSS_PX}-px column; make the figure narrower (at most {COLUMN_CSS_PX / DPI:.1f} in) or its text larger"
        )
    phone = legible_width(fig)
    limit = MAX_PHONE_COLUMNS * PHONE_COLUMN_CSS_PX
    if phone > limit:
        raise ValueError(
            f"{name}: on a 360-px phone its smallest text ({text[:40]!r}) reaches {MIN_TEXT_CSS_PX:g} CSS px only "
            f"when the figure is shown {phone:.0f} px wide, more than {MAX_PHONE_COLUMNS:g} phone columns "
            f"({limit:.0f} px) to scroll across; make the figure narrower (at most "
            f"{width * limit / phone:.1f} in at this text size) or its smallest text larger"
        )


def label_axes(ax, xlabel: str, ylabel: str, title: str | None = None) -> None:
    """Label both axes of ``ax``; labels must name their unit, e.g. ``"Time (months)"``.

    Raises ``ValueError`` if a label is empty, so no figure ships with a bare axis.
    """
    for name, text in (("xlabel", xlabel), ("ylabel", ylabel)):
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"{name} must be a non-empty string naming the quantity and its unit")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)


def source_line(fig, text: str) -> None:
    """Write a small source line (e.g. ``"Source: Tanaka et al. 2023 (review ref. 68)"``) under a figure.

    The line goes below everything already drawn (tick labels, an at-risk
    table), so call it last, just before the figure is shown or glued.
    """
    if not isinstance(text, str) or not text.strip():
        raise ValueError("text must be a non-empty source description")
    import textwrap

    renderer = fig.canvas.get_renderer()
    box = fig.get_tightbbox(renderer)
    # Wrap to the drawn width (about 0.55 em per character): a long source line must
    # not widen the figure, which would shrink all its text on the page.
    width_inches = max(box.width, fig.get_figwidth() * 0.9)
    characters = max(40, int(width_inches * 72 / (SOURCE_FONT * 0.55)))
    y = box.y0 / fig.get_figheight() - 0.015
    fig.text(0.01, y, textwrap.fill(text, characters), ha="left", va="top", fontsize=SOURCE_FONT, color=PALETTE["grey"])
