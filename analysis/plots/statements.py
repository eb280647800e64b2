"""Generic figure helpers for summaries the review reports as ranges and ratios.

Two kinds of figure recur in the book:

* :func:`range_plot` -- one row per statement, a horizontal bar from the
  stated lower to the stated upper end, a marker for a single value, and the
  statement written next to it with its qualifier ("10–20%", "≤ 15%",
  "~7%"). For incidences such as "about 10–20% of patients".
* :func:`forest_plot` -- estimates with confidence-interval whiskers, by
  default on a logarithmic axis with a reference line at 1 (no effect). For
  hazard ratios, odds ratios and, on a linear axis, proportions with their
  exact confidence intervals.

Both take a :class:`pandas.DataFrame` of ``rows`` with a ``label`` column and
numeric ``value`` / ``lower`` / ``upper`` columns (empty cells as ``NaN`` or
``None``), plus optional columns:

``qualifier``
    how the source states the number: ``""`` or ``"="`` (exact), ``"~"``
    (approximately), ``"<"``, ``"<="`` (an upper bound), ``">"``, ``">="``
    (a lower bound) or ``"range"``. Shown in the text and by the marker.
``text``
    the text written next to the row (overrides the default formatting),
    e.g. a ledger claim's ``.text``.
``color``
    a matplotlib colour for the row.

Numbers are drawn in the unit the caller gives them in (percent, a ratio,
Gy...); the helpers never convert units. Rows are drawn top to bottom in the
order of the DataFrame. Every artist carries a ``gid`` (``"range:0"``,
``"point:1"``, ``"ci:2"``, ``"estimate:2"``, ``"text:0"``, ``"reference"``)
so tests and readers can find it. Bad input raises :class:`ValueError` that
names the argument, the column and the row label.
"""
from __future__ import annotations

import math
from numbers import Real

import numpy as np
import pandas as pd

__all__ = ["QUALIFIERS", "QUALIFIER_SYMBOLS", "claim_rows", "range_plot", "forest_plot"]

#: Qualifiers the helpers accept (the same set as the evidence ledger).
QUALIFIERS: frozenset[str] = frozenset({"", "=", "<", "<=", ">", ">=", "~", "range"})
#: How each qualifier is printed in front of a number.
QUALIFIER_SYMBOLS: dict[str, str] = {"": "", "=": "", "range": "", "~": "~", "<": "< ", "<=": "≤ ", ">": "> ", ">=": "≥ "}

# Marker for a single value by qualifier: exact = filled circle, approximate = open
# circle, upper bound = triangle pointing left (towards smaller values), lower bound
# = triangle pointing right.
_MARKERS = {"": "o", "=": "o", "range": "o", "~": "o", "<": "<", "<=": "<", ">": ">", ">=": ">"}
_KIND_LABELS = {
    "range": "stated range (lower–upper)",
    "exact": "single value",
    "approx": "approximate value (~)",
    "upper": "upper bound (≤, <): at most",
    "lower": "lower bound (≥, >): at least",
}


# --------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------
def _numeric(frame: pd.DataFrame, column: str) -> pd.Series:
    """Column ``column`` as floats (NaN where empty); ValueError naming the row if not numeric."""
    if column not in frame.columns:
        return pd.Series(np.nan, index=frame.index, dtype=float)
    out = []
    for label, raw in zip(frame["label"], frame[column]):
        if raw is None or (isinstance(raw, float) and math.isnan(raw)) or raw is pd.NA or (isinstance(raw, str) and not raw.strip()):
            out.append(np.nan)
            continue
        if isinstance(raw, bool):
            raise ValueError(f"rows: column '{column}' of row {label!r} must be a number, got {raw!r}")
        try:
            number = float(raw)
        except (TypeError, ValueError):
            raise ValueError(f"rows: column '{column}' of row {label!r} must be a number, got {raw!r}") from None
        if not math.isfinite(number):
            raise ValueError(f"rows: column '{column}' of row {label!r} must be finite, got {raw!r}")
        out.append(number)
    return pd.Series(out, index=frame.index, dtype=float)


def _text_column(frame: pd.DataFrame, column: str) -> list[str]:
    if column not in frame.columns:
        return [""] * len(frame)
    return ["" if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA else str(value).strip()
            for value in frame[column]]


def _prepare(rows, *, need_value: bool) -> pd.DataFrame:
    """Check ``rows`` and return a clean copy with float columns value/lower/upper and text columns."""
    if not isinstance(rows, pd.DataFrame):
        raise ValueError(f"rows must be a pandas DataFrame with a 'label' column, got {type(rows).__name__}")
    if rows.empty:
        raise ValueError("rows must contain at least one row")
    if "label" not in rows.columns:
        raise ValueError(f"rows is missing the column 'label' (has: {', '.join(map(str, rows.columns))})")
    numeric_present = [c for c in ("value", "lower", "upper") if c in rows.columns]
    if need_value and "value" not in rows.columns:
        raise ValueError("rows is missing the column 'value' (the estimate of each row)")
    if not numeric_present:
        raise ValueError("rows needs at least one of the columns 'value', 'lower', 'upper'")
    frame = rows.reset_index(drop=True).copy()
    labels = frame["label"]
    if labels.isna().any() or any(not str(x).strip() for x in labels):
        raise ValueError("rows: column 'label' must not be empty")
    frame["label"] = [str(x) for x in labels]
    for column in ("value", "lower", "upper"):
        frame[column] = _numeric(frame, column)
    frame["qualifier"] = _text_column(frame, "qualifier")
    frame["text"] = _text_column(frame, "text")
    frame["color"] = _text_column(frame, "color")
    for label, value, lower, upper, qualifier in frame[["label", "value", "lower", "upper", "qualifier"]].itertuples(index=False):
        if qualifier not in QUALIFIERS:
            raise ValueError(f"rows: column 'qualifier' of row {label!r} must be one of {sorted(QUALIFIERS)}, got {qualifier!r}")
        if need_value and math.isnan(value):
            raise ValueError(f"rows: column 'value' of row {label!r} must not be empty (every row needs an estimate)")
        if math.isnan(value) and math.isnan(lower) and math.isnan(upper):
            raise ValueError(f"rows: row {label!r} needs at least one of 'value', 'lower', 'upper'")
        if not math.isnan(lower) and not math.isnan(upper) and lower > upper:
            raise ValueError(f"rows: row {label!r} has lower ({lower:g}) > upper ({upper:g}); column 'lower' must be <= 'upper'")
        if not math.isnan(value):
            if not math.isnan(lower) and value < lower:
                raise ValueError(f"rows: row {label!r} has value ({value:g}) < lower ({lower:g}); column 'value' must lie within lower–upper")
            if not math.isnan(upper) and value > upper:
                raise ValueError(f"rows: row {label!r} has value ({value:g}) > upper ({upper:g}); column 'value' must lie within lower–upper")
    return frame


def _check_positive_for_log(frame: pd.DataFrame) -> None:
    for label, value, lower, upper in frame[["label", "value", "lower", "upper"]].itertuples(index=False):
        for column, number in (("value", value), ("lower", lower), ("upper", upper)):
            if not math.isnan(number) and number <= 0:
                raise ValueError(
                    f"rows: column '{column}' of row {label!r} is {number:g}, but a log axis needs values > 0 "
                    "(pass log=False for a linear axis)"
                )


def _axes(ax, figsize):
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    elif not hasattr(ax, "barh") or not hasattr(ax, "figure"):
        raise ValueError(f"ax must be a matplotlib Axes or None, got {type(ax).__name__}")
    return ax


def _number(x: float, decimals: int | None) -> str:
    return f"{x:.{decimals}f}" if decimals is not None else f"{x:g}"


def _default_text(value: float, lower: float, upper: float, qualifier: str, unit: str, decimals: int | None) -> str:
    prefix = QUALIFIER_SYMBOLS[qualifier]
    if not math.isnan(lower) and not math.isnan(upper):
        body = f"{_number(lower, decimals)}–{_number(upper, decimals)}{unit}"
        return f"{prefix}{_number(value, decimals)}{unit} ({body})" if not math.isnan(value) else f"{prefix}{body}"
    single = value if not math.isnan(value) else (upper if not math.isnan(upper) else lower)
    return f"{prefix}{_number(single, decimals)}{unit}"


def _check_decimals(decimals) -> int | None:
    if decimals is None:
        return None
    if isinstance(decimals, bool) or not isinstance(decimals, int) or decimals < 0:
        raise ValueError(f"decimals must be a non-negative integer or None, got {decimals!r}")
    return decimals


def _row_axis(ax, frame: pd.DataFrame) -> None:
    """One y tick per row, labelled, first row on top; no horizontal grid."""
    n_rows = len(frame)
    ax.set_yticks(range(n_rows))
    ax.set_yticklabels(list(frame["label"])[::-1])
    ax.set_ylim(-0.7, n_rows - 0.3)
    ax.grid(axis="y", visible=False)


def _kind(qualifier: str, has_range: bool) -> str:
    if has_range:
        return "range"
    if qualifier in ("<", "<="):
        return "upper"
    if qualifier in (">", ">="):
        return "lower"
    if qualifier == "~":
        return "approx"
    return "exact"


def claim_rows(items, *, text=None, **columns) -> pd.DataFrame:
    """The ``rows`` of :func:`range_plot` or :func:`forest_plot` for ledger claims.

    ``items`` are ``(label, claim, colour)``; each row takes the claim's
    ``value``, ``lower``, ``upper`` and ``qualifier`` and, as its ``text``,
    ``text(claim)`` (default: the value as the source wrote it,
    :attr:`Claim.text <analysis.ledger.claim.Claim.text>`). Further keyword
    arguments add a column with one value for every row (e.g. ``marker="s"``).
    """
    items = list(items)
    show = (lambda claim: claim.text) if text is None else text
    return pd.DataFrame({
        "label": [label for label, _, _ in items],
        "value": [c.value for _, c, _ in items],
        "lower": [c.lower for _, c, _ in items],
        "upper": [c.upper for _, c, _ in items],
        "qualifier": [c.qualifier for _, c, _ in items],
        "text": [show(c) for _, c, _ in items],
        "color": [colour for _, _, colour in items],
        **{name: [value] * len(items) for name, value in columns.items()},
    })


# --------------------------------------------------------------------------
# Range plot
# --------------------------------------------------------------------------
def range_plot(
    rows: pd.DataFrame,
    ax=None,
    *,
    unit: str = "",
    xlabel: str | None = None,
    color: str | None = None,
    decimals: int | None = None,
    xlim: tuple[float, float] | None = None,
    legend: bool = True,
    bar_height: float = 0.42,
    figsize: tuple[float, float] = (7.0, 3.6),
):
    """Draw stated ranges as horizontal bars and single values as markers, one row each.

    Parameters
    ----------
    rows : pandas.DataFrame
        Columns ``label`` and at least one of ``value``, ``lower``, ``upper``
        (in the unit of the axis, e.g. percent); optional ``qualifier``,
        ``text``, ``color`` (see the module docstring). A row with both
        ``lower`` and ``upper`` is drawn as a bar from lower to upper (plus a
        marker at ``value`` if given); a row with one number is drawn as a
        marker at it: a filled circle for an exact value, an open circle for
        ``~``, a left-pointing triangle for an upper bound (``<``, ``<=``), a
        right-pointing one for a lower bound (``>``, ``>=``).
    ax : matplotlib Axes, optional
        Where to draw; a new figure of ``figsize`` (inches) if omitted.
    unit : str
        Appended to the numbers in the default text, e.g. ``"%"``.
    xlabel : str, optional
        Label of the x axis (name the unit). Not set if omitted.
    color : str, optional
        Colour of rows that have no ``color`` of their own (default: Okabe–Ito blue).
    decimals : int, optional
        Decimals of the default text; by default numbers print as ``%g``.
    xlim : (float, float), optional
        Limits of the x axis; by default from 0 (or the smallest number) to
        about 1.3 times the largest, leaving room for the text.
    legend : bool
        Add a legend explaining the marker kinds that occur (below the axes).
    bar_height : float
        Height of a bar in row units, in (0, 1].

    Returns
    -------
    matplotlib Axes

    Raises
    ------
    ValueError
        If ``rows`` is not a DataFrame, lacks ``label`` or every numeric
        column, has a non-numeric or infinite number, ``lower > upper``, a
        ``value`` outside ``lower``–``upper``, a row without any number, or an
        unknown ``qualifier``; if ``bar_height``, ``decimals`` or ``xlim`` are invalid.
    """
    from ..style import PALETTE

    frame = _prepare(rows, need_value=False)
    decimals = _check_decimals(decimals)
    if isinstance(bar_height, bool) or not isinstance(bar_height, Real) or not 0 < bar_height <= 1:
        raise ValueError(f"bar_height must be a number in (0, 1], got {bar_height!r}")
    if xlim is not None and (len(xlim) != 2 or not xlim[0] < xlim[1]):
        raise ValueError(f"xlim must be a pair (left, right) with left < right, got {xlim!r}")
    ax = _axes(ax, figsize)
    default_color = color or PALETTE["blue"]
    n_rows = len(frame)
    kinds_seen: list[str] = []
    text_anchor: list[float] = []
    for i, row in enumerate(frame.itertuples(index=False)):
        y = n_rows - 1 - i  # first row on top
        row_color = row.color or default_color
        has_range = not math.isnan(row.lower) and not math.isnan(row.upper)
        kind = _kind(row.qualifier, has_range)
        if kind not in kinds_seen:
            kinds_seen.append(kind)
        if has_range:
            bars = ax.barh([y], [row.upper - row.lower], left=[row.lower], height=bar_height, color=row_color, alpha=0.85,
                           edgecolor=row_color, linewidth=1.0, zorder=2)
            bars.patches[0].set_gid(f"range:{i}")
            right = row.upper
            if not math.isnan(row.value):
                (point,) = ax.plot([row.value], [y], marker="|", markersize=14, markeredgewidth=2.2, color=PALETTE["black"],
                                   linestyle="none", zorder=3)
                point.set_gid(f"point:{i}")
        else:
            x = row.value if not math.isnan(row.value) else (row.upper if not math.isnan(row.upper) else row.lower)
            marker = _MARKERS[row.qualifier]
            face = "white" if kind == "approx" else row_color
            (point,) = ax.plot([x], [y], marker=marker, markersize=9, markerfacecolor=face, markeredgecolor=row_color,
                               markeredgewidth=1.8, color=row_color, linestyle="none", zorder=3)
            point.set_gid(f"point:{i}")
            right = x
        text = row.text or _default_text(row.value, row.lower, row.upper, row.qualifier, unit, decimals)
        label = ax.annotate(text, (right, y), xytext=(8, 0), textcoords="offset points", ha="left", va="center", fontsize=9,
                            color=PALETTE["black"], zorder=4)
        label.set_gid(f"text:{i}")
        text_anchor.append(right)
    _row_axis(ax, frame)
    if xlim is None:
        numbers = pd.concat([frame["value"], frame["lower"], frame["upper"]]).dropna()
        low = min(0.0, float(numbers.min()))
        high = float(numbers.max())
        span = high - low if high > low else (abs(high) or 1.0)
        xlim = (low, high + 0.3 * span)
    ax.set_xlim(*xlim)
    if xlabel:
        ax.set_xlabel(xlabel)
    if legend:
        _kind_legend(ax, kinds_seen)
    return ax


def _kind_legend(ax, kinds_seen: list[str]) -> None:
    """A legend under the axes explaining the marker kinds that occur (range, exact, ~, upper, lower bound)."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from ..style import PALETTE

    handles = []
    for kind in ("range", "exact", "approx", "upper", "lower"):
        if kind not in kinds_seen:
            continue
        if kind == "range":
            handles.append(Patch(facecolor=PALETTE["grey"], alpha=0.85, label=_KIND_LABELS[kind]))
        else:
            marker = {"exact": "o", "approx": "o", "upper": "<", "lower": ">"}[kind]
            handles.append(Line2D([], [], marker=marker, linestyle="none", markersize=8, color=PALETTE["grey"],
                                  markerfacecolor="white" if kind == "approx" else PALETTE["grey"], label=_KIND_LABELS[kind]))
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=min(len(handles), 3), frameon=False,
              fontsize=8.5, handlelength=1.6)


# --------------------------------------------------------------------------
# Forest plot
# --------------------------------------------------------------------------
def forest_plot(
    rows: pd.DataFrame,
    ax=None,
    *,
    reference: float | None = 1.0,
    log: bool = True,
    xlabel: str | None = None,
    color: str | None = None,
    decimals: int | None = 2,
    annotate: bool = True,
    text_header: str | None = None,
    xlim: tuple[float, float] | None = None,
    figsize: tuple[float, float] = (7.0, 3.8),
    text_position: str = "right",
    caps: bool = True,
    whisker_width: float = 2.0,
    marker_size: float = 8.0,
):
    """Draw estimates with confidence-interval whiskers, one row each (a forest plot).

    Parameters
    ----------
    rows : pandas.DataFrame
        Columns ``label`` and ``value`` (the estimate, e.g. a hazard ratio,
        dimensionless) for every row; ``lower`` and ``upper`` (the CI ends)
        where known -- a row without them is drawn as a marker alone; optional
        ``qualifier``, ``text``, ``color``, ``marker`` (a matplotlib marker
        code; default a square) and ``filled`` (True for a filled marker; by
        default only squares are filled, other markers are drawn open).
    ax : matplotlib Axes, optional
        Where to draw; a new figure of ``figsize`` (inches) if omitted.
    reference : float or None
        Position of the dashed "no effect" line (1 for a ratio); ``None`` draws none.
    log : bool
        Logarithmic x axis (default, for ratios). Then every value, bound and
        ``reference`` must be > 0.
    xlabel : str, optional
        Label of the x axis (name the measure and scale). Not set if omitted.
    color : str, optional
        Colour of rows without a ``color`` of their own (default: Okabe–Ito blue).
    decimals : int or None
        Decimals of the numbers in the default text (``None``: ``%g``).
    annotate : bool
        Write each row's estimate (and CI) to the right of the axes.
    text_header : str, optional
        A heading above that column of text, e.g. ``"HR (95% CI)"``.
    xlim : (float, float), optional
        Limits of the x axis; by default padded around all numbers and the reference.
    text_position : {"right", "above"}
        Where each row's text goes: in a column right of the axes, or centred
        above its estimate (then ``text_header`` is not drawn).
    caps : bool
        Draw short caps at the ends of each interval.
    whisker_width, marker_size : float
        Line width of the intervals and size of the estimates (points).

    Returns
    -------
    matplotlib Axes

    Raises
    ------
    ValueError
        If ``rows`` is not a DataFrame, lacks ``label`` or ``value``, has an
        empty ``value``, a non-numeric or infinite number, ``lower > upper``,
        a value outside its CI, an unknown ``qualifier``; on a log axis, if any
        number or ``reference`` is <= 0; if ``text_position`` is unknown.
    """
    from matplotlib.transforms import blended_transform_factory

    from ..style import PALETTE

    frame = _prepare(rows, need_value=True)
    decimals = _check_decimals(decimals)
    if log:
        _check_positive_for_log(frame)
    if reference is not None:
        if isinstance(reference, bool) or not isinstance(reference, Real) or not math.isfinite(reference):
            raise ValueError(f"reference must be a finite number or None, got {reference!r}")
        if log and reference <= 0:
            raise ValueError(f"reference must be > 0 on a log axis, got {reference!r}")
    if xlim is not None and (len(xlim) != 2 or not xlim[0] < xlim[1] or (log and xlim[0] <= 0)):
        raise ValueError(f"xlim must be a pair (left, right) with left < right (and left > 0 on a log axis), got {xlim!r}")
    if text_position not in ("right", "above"):
        raise ValueError(f"text_position must be 'right' or 'above', got {text_position!r}")
    markers = _text_column(frame, "marker")
    filled = list(rows["filled"]) if "filled" in rows.columns else [None] * len(frame)
    ax = _axes(ax, figsize)
    default_color = color or PALETTE["blue"]
    n_rows = len(frame)
    if log:
        ax.set_xscale("log")
    if reference is not None:
        line = ax.axvline(reference, color=PALETTE["black"], linestyle="--", linewidth=1, zorder=1)
        line.set_gid("reference")
    text_transform = blended_transform_factory(ax.transAxes, ax.transData)
    for i, row in enumerate(frame.itertuples(index=False)):
        y = n_rows - 1 - i
        row_color = row.color or default_color
        if not math.isnan(row.lower) and not math.isnan(row.upper):
            (whisker,) = ax.plot([row.lower, row.upper], [y, y], color=row_color, linewidth=whisker_width, solid_capstyle="butt", zorder=2)
            whisker.set_gid(f"ci:{i}")
            for end in (row.lower, row.upper) if caps else ():
                cap, = ax.plot([end, end], [y - 0.12, y + 0.12], color=row_color, linewidth=1.5, zorder=2)
                cap.set_gid(f"cap:{i}")
        marker = markers[i] or "s"
        fill = (marker == "s") if filled[i] is None else bool(filled[i])
        (estimate,) = ax.plot([row.value], [y], marker=marker, markersize=marker_size, color=row_color, markeredgecolor=row_color,
                              markerfacecolor=row_color if fill else "white", markeredgewidth=1.8,
                              linestyle="none", zorder=3)
        estimate.set_gid(f"estimate:{i}")
        if annotate:
            text = row.text or _default_text(row.value, row.lower, row.upper, row.qualifier, "", decimals)
            if text_position == "right":
                label = ax.text(1.02, y, text, transform=text_transform, ha="left", va="center", fontsize=9, color=PALETTE["black"])
            else:
                label = ax.text(row.value, y + 0.2, text, ha="center", va="bottom", fontsize=8.5, color=PALETTE["black"])
            label.set_gid(f"text:{i}")
    if annotate and text_header and text_position == "right":
        header = ax.text(1.02, n_rows - 0.35, text_header, transform=text_transform, ha="left", va="bottom", fontsize=9,
                         fontweight="bold", color=PALETTE["black"])
        header.set_gid("text:header")
    _row_axis(ax, frame)
    ax.set_xlim(*(xlim if xlim is not None else _forest_xlim(frame, reference, log)))
    if log:
        from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

        ax.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 1.5, 2.0, 3.0, 5.0, 7.0)))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:g}"))
        ax.xaxis.set_minor_formatter(NullFormatter())
    if xlabel:
        ax.set_xlabel(xlabel)
    return ax


def _forest_xlim(frame: pd.DataFrame, reference, log: bool) -> tuple[float, float]:
    """X limits padded around every number and the reference (by a factor on a log axis, by 8% of the span otherwise)."""
    numbers = pd.concat([frame["value"], frame["lower"], frame["upper"]]).dropna().tolist()
    if reference is not None:
        numbers.append(float(reference))
    low, high = min(numbers), max(numbers)
    if log:
        pad = (high / low) ** 0.08 if high > low else 1.5
        return (low / pad, high * pad)
    span = high - low if high > low else (abs(high) or 1.0)
    return (low - 0.08 * span, high + 0.08 * span)
