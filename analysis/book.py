"""Publish numbers and figures from a chapter: glue them for the website, show them in Jupyter.

myst-nb's ``{glue:text}``, ``{glue:md}`` and ``{glue:figure}`` paste values
that a notebook cell *glued*: displayed as an output whose MIME types carry
the prefix ``application/papermill.record/`` and whose metadata names the key
(``{"scrapbook": {"name": ..., "mime_prefix": ...}}``). :func:`glue` writes
exactly that record (a unit test holds it equal to ``myst_nb.glue``), so a
chapter needs only IPython at run time — not myst-nb and Sphinx — and runs
in any Jupyter installation.

* :func:`glue_claims` — ledger values, each formatted only through the
  ledger's own :class:`~analysis.ledger.evidence.Claim` (one formatting path);
* :func:`glue_text`, :func:`glue_texts` — numbers the chapter computed, as the prose should read;
* :func:`glue_object` — a table or Markdown for ``{glue:md}``/``{glue:}``;
* :func:`glue_figure` — a figure: glued for ``{glue:figure}`` *and* shown in
  the cell, so a reader running the chapter in Jupyter sees it where it is
  drawn (the website hides that copy: figure cells carry ``remove-output``).

:func:`start_chapter` is what a chapter's import cell calls first.
"""
from __future__ import annotations

import string
from collections.abc import Callable, Mapping
from typing import Any

from .ledger.claim import FORMS, Claim
from .ledger.evidence import claim
from .style import use_house_style

__all__ = [
    "GLUE_PREFIX", "CLAIM_FORMS", "GluedClaims", "claim_text", "start_chapter", "glue", "glue_text", "glue_texts",
    "glue_claim", "glue_claims", "glue_object", "glue_figure",
]

#: MIME-type prefix of a glued (not displayed) value, as myst-nb reads it.
GLUE_PREFIX = "application/papermill.record/"

#: How a ledger value may be written: the name of a :class:`Claim` form (see :mod:`analysis.ledger.claim`).
CLAIM_FORMS: Mapping[str, Callable[[Claim], str]] = FORMS


def _check_name(name: str) -> None:
    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(f"name must be a Python-identifier-like glue key, got {name!r}")


def glue(name: str, value: Any) -> None:
    """Record ``value`` under ``name`` for myst-nb without showing it (myst-nb's glue record format)."""
    from IPython.core.formatters import format_display_data

    _check_name(name)
    _record(name, *format_display_data(value))


def _record(name: str, bundle: dict, metadata: dict) -> None:
    from IPython.display import display

    metadata = {**metadata, "scrapbook": {"name": name, "mime_prefix": GLUE_PREFIX}}
    display({GLUE_PREFIX + mime: data for mime, data in bundle.items()}, raw=True, metadata=metadata)


def glue_text(name: str, text) -> None:
    """Glue ``text`` (converted to ``str``) under ``name`` for ``{glue:text}`` in the prose."""
    glue(name, str(text))


def claim_text(found: Claim, form: str = "text") -> str:
    """``found`` written as ``form``: a name of :data:`CLAIM_FORMS`, or a template of such names.

    A template puts words around the forms, e.g. ``"p = {value_text}"`` or
    ``"{lower} to {upper} days"``; only form names may stand in braces.
    Raises ``ValueError`` naming ``form`` otherwise.
    """
    if form in CLAIM_FORMS:
        return CLAIM_FORMS[form](found)
    fields = [field for _, field, _, _ in string.Formatter().parse(form) if field is not None] if isinstance(form, str) else []
    unknown = [field for field in fields if field not in CLAIM_FORMS]
    if not fields or unknown:
        raise ValueError(f"form must be one of {', '.join(CLAIM_FORMS)} or a template of them such as "
                         f"'p = {{value_text}}', got {form!r}")
    return form.format_map({field: CLAIM_FORMS[field](found) for field in fields})


def glue_texts(values: Mapping[str, Any]) -> None:
    """Glue several computed values in one call: ``{glue_name: value}``, each written as ``str(value)``.

    For numbers the chapter computed (a ledger value goes through :func:`glue_claims`).
    """
    if not isinstance(values, Mapping) or not values:
        raise ValueError("values must be a non-empty mapping of glue name to the text to show")
    for name, value in values.items():
        glue_text(name, value)


def glue_claim(name: str, claim_id: str, form: str = "text") -> Claim:
    """Glue the ledger value of ``claim_id`` under ``name``, written as ``form`` (see :func:`claim_text`).

    Returns the :class:`~analysis.ledger.claim.Claim` so the chapter can compute with it.
    """
    _check_name(name)
    found = claim(claim_id)
    glue_text(name, claim_text(found, form))
    return found


class GluedClaims(dict):
    """The claims :func:`glue_claims` glued, by glue name; shows nothing when a cell ends with it."""

    def _ipython_display_(self) -> None:
        """Display nothing: the values are glued for the prose, not shown in the cell."""


def glue_claims(names: Mapping[str, str | tuple[str, str]]) -> GluedClaims:
    """Glue several ledger values in one call: ``{glue_name: claim_id}`` or ``{glue_name: (claim_id, form)}``.

    ``form`` is one of :data:`CLAIM_FORMS` (default ``"text"``) or a template of them
    (:func:`claim_text`). Returns the
    claims by glue name, e.g. ``glue_claims({"after_os6": "sequencing_after_rt_os6"})["after_os6"].value``.
    """
    if not isinstance(names, Mapping) or not names:
        raise ValueError("names must be a non-empty mapping of glue name to claim_id or (claim_id, form)")
    found = GluedClaims()
    for name, spec in names.items():
        claim_id, form = (spec, "text") if isinstance(spec, str) else tuple(spec)
        found[name] = glue_claim(name, claim_id, form)
    return found


def start_chapter(label: str | None = None) -> None:
    """What every chapter does first: apply the house style (colours, sizes, repeatable PNGs) to its figures.

    With the chapter's ``label`` it also glues the study time the chapter map
    (``data/chapters.csv``) gives it, as ``time_reading`` and ``time_exercises``
    (e.g. ``"40 minutes"``), for the chapter's "Time to learn" line — the
    course guide adds up the same numbers.
    """
    use_house_style()
    if label is not None:
        from .ledger.chapters import study_time

        reading, exercises = study_time(label)
        glue_texts({"time_reading": f"{reading} minutes", "time_exercises": f"{exercises} minutes"})


def glue_object(name: str, value: Any) -> None:
    """Glue a displayable object (an ``IPython.display.HTML`` or ``Markdown``, a DataFrame) under ``name``."""
    glue(name, value)


def glue_figure(name: str, fig) -> None:
    """Glue a matplotlib figure for ``{glue:figure}``, show it in the cell, and close it.

    The website shows the glued copy (numbered, captioned); tag the cell
    ``remove-output`` so the shown copy appears only in Jupyter. Labels that
    stick out are pulled inside the figure first (:func:`analysis.style.fit_width`);
    then ``ValueError`` (from :func:`analysis.style.check_legible`) if the
    figure's smallest text would still be too small where the website shows it.
    """
    import matplotlib.pyplot as plt
    from IPython.core.formatters import format_display_data
    from IPython.display import display

    from .style import check_legible, fit_width

    _check_name(name)
    fit_width(fig)
    check_legible(fig, name)
    bundle, metadata = format_display_data(fig)  # drawn once, for the glue record and the cell alike
    _record(name, bundle, metadata)
    display(bundle, raw=True, metadata=metadata)
    plt.close(fig)
