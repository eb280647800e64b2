"""Sphinx extension for the printable edition: the one-page (``singlehtml``) build that ``make pdf`` prints.

Sphinx looks up a node's HTML handlers by the *builder's name*; extensions
such as myst-nb (``hide-input`` cells) and jupyter-book's LaTeX helper register
theirs for ``html`` only, so the ``singlehtml`` builder stops on "unknown node
type". Both builders write the same HTML, so this extension gives
``singlehtml`` every ``html`` handler it lacks.
"""
from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx


def share_html_handlers(app: Sphinx) -> None:
    """Let the ``singlehtml`` builder use the node handlers other extensions registered for ``html``."""
    if getattr(app.builder, "name", "") != "singlehtml":
        return
    handlers = app.registry.translation_handlers
    single = handlers.setdefault("singlehtml", {})
    for node_name, visitors in handlers.get("html", {}).items():
        single.setdefault(node_name, visitors)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", share_html_handlers)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
