"""Publish numbers and figures from a chapter: glue them for the website, show them in Jupyter.

myst-nb's ``{glue:text}``, ``{glue:md}`` and ``{glue:figure}`` paste values
that a notebook cell *glued*: displayed as an output whose MIME types carry
the prefix ``application/papermill.record/`` and whose metadata names the key
(``{"scrapbook": {"name": ..., "mime_prefix": ...}}``). :func:`glue` writes
exactly that record (a unit test holds it equal to ``myst_nb.glue``), so a
chapter needs only IPython at run time — not myst-nb and Sphinx — and runs
in any Jupyter installation.

* :func:`glue_claims` — ledger values, each formatted only through the
  ledger's own :class:`~analysis.evidence.Claim` (one formatting path);
* :func:`glue_text` — a number the chapter computed, as the prose should read;
* :func:`glue_object` — a table or Markdown for ``{glue:md}``/``{glue:}``;
* :func:`glue_figure` — a figure: glued for ``{glue:figure}`` *and* shown in
  the cell, so a reader running the chapter in Jupyter sees it where it is
  drawn (the website hides that copy: figure cells carry ``remove-output``).
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .evidence import Claim, claim

__all__ = ["GLUE_PREFIX", "CLAIM_FORMS", "glue", "glue_text", "glue_claim", "glue_claims", "glue_object", "glue_figure"]

#: MIME-type prefix of a glued (not displayed) value, as myst-nb reads it.
GLUE_PREFIX = "application/papermill.record/"

#: How a ledger value may be written: the name of a :class:`Claim` property or method.
CLAIM_FORMS: dict[str, Any] = {
    "text": lambda found: found.text,                   # "94.7%", "< 0.001", "8 Gy"
    "with_interval": lambda found: found.with_interval(),  # "0.52 (95% CI 0.42–0.65)"
    "value_text": lambda found: found.value_text,       # "94.7"
    "ref": lambda found: str(found.ref),                # "68"
    "n": lambda found: str(found.n),                    # "66"
}


def _check_name(name: str) -> None:
    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(f"name must be a Python-identifier-like glue key, got {name!r}")


def glue(name: str, value: Any) -> None:
    """Record ``value`` under ``name`` for myst-nb without showing it (myst-nb's glue record format)."""
    from IPython.core.formatters import format_display_data
    from IPython.display import display

    _check_name(name)
    bundle, metadata = format_display_data(value)
    metadata["scrapbook"] = {"name": name, "mime_prefix": GLUE_PREFIX}
    display({GLUE_PREFIX + mime: data for mime, data in bundle.items()}, raw=True, metadata=metadata)


def glue_text(name: str, text) -> None:
    """Glue ``text`` (converted to ``str``) under ``name`` for ``{glue:text}`` in the prose."""
    glue(name, str(text))


def glue_claim(name: str, claim_id: str, form: str = "text") -> Claim:
    """Glue the ledger value of ``claim_id`` under ``name``, written as ``form`` (see :data:`CLAIM_FORMS`).

    Returns the :class:`~analysis.evidence.Claim` so the chapter can compute with it.
    """
    if form not in CLAIM_FORMS:
        raise ValueError(f"form must be one of {', '.join(CLAIM_FORMS)}, got {form!r}")
    found = claim(claim_id)
    glue_text(name, CLAIM_FORMS[form](found))
    return found


def glue_claims(names: Mapping[str, str | tuple[str, str]]) -> dict[str, Claim]:
    """Glue several ledger values in one call: ``{glue_name: claim_id}`` or ``{glue_name: (claim_id, form)}``.

    ``form`` is one of :data:`CLAIM_FORMS` (default ``"text"``). Returns the
    claims by glue name, e.g. ``glue_claims({"after_os6": "sequencing_after_rt_os6"})["after_os6"].value``.
    """
    if not isinstance(names, Mapping) or not names:
        raise ValueError("names must be a non-empty mapping of glue name to claim_id or (claim_id, form)")
    found = {}
    for name, spec in names.items():
        claim_id, form = (spec, "text") if isinstance(spec, str) else tuple(spec)
        found[name] = glue_claim(name, claim_id, form)
    return found


def glue_object(name: str, value: Any) -> None:
    """Glue a displayable object (an ``IPython.display.HTML`` or ``Markdown``, a DataFrame) under ``name``."""
    glue(name, value)


def glue_figure(name: str, fig) -> None:
    """Glue a matplotlib figure for ``{glue:figure}``, show it in the cell, and close it.

    The website shows the glued copy (numbered, captioned); tag the cell
    ``remove-output`` so the shown copy appears only in Jupyter.
    """
    import matplotlib.pyplot as plt
    from IPython.display import display

    glue(name, fig)
    display(fig)
    plt.close(fig)
