"""Mechanism maps: the review's five figures, redrawn from a table of edges.

The review (Jiang et al. 2025) has five explanatory figures that survive in
the source text only as captions. The book replaces each with a small,
directed "mechanism map" drawn by code from ``data/mechanisms.csv``. Every
row of that file is one edge -- *source* promotes (``+``) or inhibits (``-``)
*target* -- together with the review reference number and section that
support it.

Public functions:

* :func:`load_mechanisms` -- read and validate the edge table.
* :func:`assign_layers` -- left-to-right layering of the (possibly cyclic)
  graph (from :mod:`analysis.models.graph_layout`, which places every node and edge).
* :func:`alt_text` -- a plain-English description for screen readers.

The maps themselves are drawn by :mod:`analysis.plots.mechanisms`
(:func:`~analysis.plots.mechanisms.draw_mechanism_map`,
:func:`~analysis.plots.mechanisms.mechanism_map`): drawing lives in the
drawing layer, above this one.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .. import DATA_DIR
from ..schema import check_resource, field_names
from ..tables import DataFileError
from .graph_layout import assign_layers

__all__ = [
    "REQUIRED_COLUMNS",
    "EFFECTS",
    "REVIEW_FIGURES",
    "load_mechanisms",
    "assign_layers",
    "alt_text",
    "check_edge_table",
]

#: Columns ``data/mechanisms.csv`` must have, in this order.
REQUIRED_COLUMNS: tuple[str, ...] = field_names("mechanisms")

_EFFECTS = ("+", "-")
_FIGURES = range(1, 6)

#: The two kinds of edge: ``+`` promotes/activates, ``-`` inhibits/decreases.
EFFECTS: tuple[str, ...] = _EFFECTS
#: The review's figures (1-5) the edge table redraws.
REVIEW_FIGURES: range = _FIGURES



# --------------------------------------------------------------------------
# Loading and validation
# --------------------------------------------------------------------------
class MechanismsError(DataFileError):
    """``data/mechanisms.csv`` broke a rule; the message names file, line, column and value."""

    subject = "the mechanism table"


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
        a cell breaks the ``mechanisms`` resource of ``data/datapackage.json``
        (``effect`` not ``+``/``-``, ``figure`` not an integer 1-5, ``ref``
        not an integer 1-95, an empty ``source`` or ``target``, a malformed
        ``section``, a duplicated edge), or an edge is a self-loop.
        The message names the file, the line (the header is line 1), the
        column and the offending value.
    """
    name, records, problems = check_resource("mechanisms", path, error=MechanismsError)
    for line, cell in records:
        if cell["source"] and cell["source"] == cell["target"]:
            problems.append(f"{name}, line {line}, columns 'source'/'target': self-loop on {cell['source']!r}")
    if problems:
        raise MechanismsError(problems)
    rows = [cell for _, cell in records]

    frame = pd.DataFrame(rows, columns=list(REQUIRED_COLUMNS))
    frame["figure"] = frame["figure"].astype("int64")
    frame["ref"] = frame["ref"].astype("int64")
    return frame


# --------------------------------------------------------------------------
# Accessibility
# --------------------------------------------------------------------------
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


def check_edge_table(edges) -> None:
    """Raise ``ValueError`` unless ``edges`` is a DataFrame with ``source``, ``target`` and ``effect`` columns."""
    if not isinstance(edges, pd.DataFrame):
        raise ValueError("edges must be a pandas DataFrame with source, target and effect columns")
    missing = [c for c in ("source", "target", "effect") if c not in edges.columns]
    if missing:
        raise ValueError(f"edges is missing column(s): {', '.join(missing)}")


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
    check_edge_table(edges)
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
