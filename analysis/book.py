"""Small helpers chapters use to publish numbers and figures with myst-nb ``glue``.

Keeping them here lets every chapter glue the same way: text is glued as a
string exactly as it should read, figures are glued and then closed so the
inline backend does not show them a second time.
"""
from __future__ import annotations

from .evidence import Claim, claim


def glue_text(name: str, text) -> None:
    """Glue ``text`` (converted to ``str``) under ``name`` for ``{glue:text}`` in the prose."""
    from myst_nb import glue

    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(f"name must be a Python-identifier-like glue key, got {name!r}")
    glue(name, str(text), display=False)


def glue_claim(name: str, claim_id: str) -> Claim:
    """Glue the ledger value of ``claim_id`` (as the source wrote it, with unit) under ``name``.

    Returns the :class:`~analysis.evidence.Claim` so the chapter can compute with it.
    """
    found = claim(claim_id)
    glue_text(name, found.text)
    return found


def glue_figure(name: str, fig) -> None:
    """Glue a matplotlib figure under ``name`` for ``{glue:figure}`` and close it."""
    import matplotlib.pyplot as plt
    from myst_nb import glue

    glue(name, fig, display=False)
    plt.close(fig)
