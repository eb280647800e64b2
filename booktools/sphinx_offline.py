"""Keep the website self-contained: no page refers to a script on another host.

Jupyter Book 1 always loads sphinx-thebe, even with ``launch_buttons: thebe: false``.
It puts on every page an inline script naming ``https://unpkg.com/thebe@…`` (fetched
only if a reader starts Thebe, which this book offers no button for), its loader
``sphinx-thebe.js``/``sphinx-thebe.css`` and a Binder configuration block. None of it
is used here, so this extension removes all of it from the pages.

MathJax is vendored separately (``_vendor/mathjax``, see ``scripts/vendor_mathjax.sh``),
and the browser tests (``tests/browser``) fail on any request to another host.
"""
from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

THEBE_MARKERS = ("THEBE_JS_URL", "x-thebe-config", "kernelName = ")


def _is_thebe_asset(asset: Any) -> bool:
    filename = str(getattr(asset, "filename", asset) or "")
    body = str(getattr(asset, "attributes", {}).get("body", "") or "")
    return "sphinx-thebe" in filename or any(marker in body for marker in THEBE_MARKERS)


def drop_thebe_assets(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if not _is_thebe_asset(asset)]


def drop_thebe_config(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Remove the raw ``<script type="text/x-thebe-config">`` blocks sphinx-thebe appends."""
    for node in list(doctree.findall(nodes.raw)):
        if any(marker in node.astext() for marker in THEBE_MARKERS):
            node.parent.remove(node)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("doctree-resolved", drop_thebe_config, priority=900)  # after sphinx-thebe (500)
    app.connect("html-page-context", drop_thebe_assets, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
