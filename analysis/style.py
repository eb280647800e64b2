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


#: One style per evidence level (the values of ``analysis.evidence.EVIDENCE_LEVEL``), in
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

    Also makes PNG output deterministic: matplotlib's inline backend in
    Jupyter then saves figures without a timestamp in their metadata.
    """
    mpl.rcParams.update(_RC)
    try:  # Only inside IPython: ask the inline backend for PNGs without metadata.
        from IPython import get_ipython

        shell = get_ipython()
        if shell is not None:
            shell.run_line_magic("config", "InlineBackend.print_figure_kwargs = {'bbox_inches': 'tight', 'metadata': {'Software': None}}")
    except ImportError:  # pragma: no cover - plain Python without IPython
        pass


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
    renderer = fig.canvas.get_renderer()
    lowest_inches = fig.get_tightbbox(renderer).y0
    y = lowest_inches / fig.get_figheight() - 0.015
    fig.text(0.01, y, text, ha="left", va="top", fontsize=8, color=PALETTE["grey"])
