"""booktools.sphinx_offline: sphinx-thebe's scripts, styles and configuration leave every page."""
from __future__ import annotations

from types import SimpleNamespace

from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document

from booktools import sphinx_offline


def test_thebe_assets_are_dropped_and_the_others_kept():
    theme = SimpleNamespace(filename="_static/book.js", attributes={})
    loader = SimpleNamespace(filename="_static/sphinx-thebe.js", attributes={})
    inline = SimpleNamespace(filename=None, attributes={"body": 'const THEBE_JS_URL = "https://unpkg.com/thebe@0.8"'})
    context = {"script_files": [theme, loader, inline, "_static/sphinx-thebe.css", "_static/other.js"],
               "css_files": ["_static/sphinx-thebe.css", "_static/book.css"], "title": "kept"}
    sphinx_offline.drop_thebe_assets(None, "index", "page.html", context, None)
    assert context == {"script_files": [theme, "_static/other.js"], "css_files": ["_static/book.css"], "title": "kept"}


def test_the_thebe_configuration_block_leaves_the_doctree():
    document = new_document("page", get_default_settings(Parser))
    section = nodes.section()
    config = nodes.raw("", '<script type="text/x-thebe-config">{"kernelName": "python3"}</script>', format="html")
    other = nodes.raw("", "<p>a reader's table</p>", format="html")
    section += [config, other]
    document += section
    sphinx_offline.drop_thebe_config(None, document, "page")
    assert [node.astext() for node in document.findall(nodes.raw)] == ["<p>a reader's table</p>"]


def test_setup_runs_after_sphinx_thebe():
    connected = []
    app = SimpleNamespace(connect=lambda event, handler, priority=500: connected.append((event, handler, priority)))
    metadata = sphinx_offline.setup(app)
    assert {(event, priority) for event, _, priority in connected} == {("doctree-resolved", 900), ("html-page-context", 900)}
    assert metadata["parallel_read_safe"] and metadata["parallel_write_safe"]
