"""Offer every executed chapter as an executed Jupyter notebook (``.ipynb``).

sphinx-book-theme's download menu only offers the MyST source (``.md``) of a text
notebook; its ``.ipynb`` entry appears only when a Binder/JupyterHub/Colab launch
button is configured, and it copies ``_build/jupyter_execute/<doc>.ipynb``, which
has **no outputs** when myst-nb served the page from the jupyter-cache (myst-nb
writes the notebook it read, not the one it merged from the cache).

This extension, for every page myst-nb executed (or took from the cache):

* writes ``<outdir>/<docname>.ipynb`` (e.g. ``_build/html/chapters/04_cold_to_hot.ipynb``):
  the notebook myst-nb parsed, with the outputs of its execution merged in from
  the jupyter-cache (``execute_notebooks: cache``) or, in the other execution
  modes, as myst-nb wrote it. The myst-nb/jupytext bookkeeping metadata
  (``source_map``, ``jupytext``) is dropped so it is a plain notebook. The build
  warns (and so fails under ``-W``) if a code cell has not been executed;
* puts a visible "Download notebook (.ipynb)" link under the page title;
* adds ".ipynb" to the theme's download menu (next to ".md" and ".pdf").

The notebook imports ``analysis`` from the installed project (``pip install -e .``,
part of requirements.txt), so it runs from any folder.
"""
from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import nbformat
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

LINK_CLASS = "ipynb-download"
LINK_TEXT = "Download notebook (.ipynb)"
DROP_METADATA = ("source_map", "jupytext")


def _is_html(app: Sphinx) -> bool:
    return getattr(app.builder, "format", "") == "html"


def _executed_docs(app: Sphinx) -> list[str]:
    """Docnames that myst-nb executed or served from its cache, successfully."""
    from myst_nb.sphinx_ import NbMetadataCollector

    docs = []
    for docname in sorted(app.env.found_docs):
        data = NbMetadataCollector.get_exec_data(app.env, docname)
        if data and data.get("succeeded"):
            docs.append(docname)
    return docs


def _cache_path(app: Sphinx) -> Path | None:
    raw = getattr(app.env.mystnb_config, "execution_cache_path", "") or ""
    if not raw:
        return None
    for candidate in (Path(raw), Path(app.srcdir) / raw):
        if candidate.is_dir():
            return candidate
    return None


def executed_notebook(app: Sphinx, docname: str) -> nbformat.NotebookNode:
    """The executed notebook of ``docname``, as a reader would download it."""
    config = app.env.mystnb_config
    parsed = Path(config.output_folder, *docname.split("/")).with_suffix(".ipynb")
    if not parsed.exists():
        raise FileNotFoundError(f"myst-nb wrote no notebook for {docname} ({parsed})")
    nb = nbformat.read(parsed, as_version=4)
    if config.execution_mode == "cache":
        cache_dir = _cache_path(app)
        if cache_dir is not None:
            from jupyter_cache import get_cache

            try:
                # cell_meta=() keeps the cells' current metadata (tags) and takes
                # only outputs and execution counts from the cache.
                _, nb = get_cache(str(cache_dir)).merge_match_into_notebook(nb, cell_meta=())
            except KeyError:
                pass  # not in the cache: fall back to what myst-nb wrote
    nb = copy.deepcopy(nb)
    for key in DROP_METADATA:
        nb.metadata.pop(key, None)
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    unexecuted = [i for i, cell in enumerate(code) if cell.get("execution_count") is None]
    if code and unexecuted:
        raise ValueError(
            f"{len(unexecuted)} of {len(code)} code cells of {docname} have no execution "
            "(neither the cache nor _build/jupyter_execute holds its outputs)"
        )
    return nb


def add_page_link(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Insert the visible download link right after the page's first title."""
    if not _is_html(app) or docname not in _executed_docs(app):
        return
    href = docname.split("/")[-1] + ".ipynb"
    html = (
        f'<p class="{LINK_CLASS}"><a class="reference download" href="{href}" download '
        f'type="application/x-ipynb+json" title="The executed notebook of this page: '
        f'run it in Jupyter">{LINK_TEXT}</a></p>\n'
    )
    link = nodes.raw("", html, format="html")
    for section in doctree.findall(nodes.section):
        title = next(iter(section.findall(nodes.title)), None)
        if title is not None:
            title.parent.insert(title.parent.index(title) + 1, link)
            return
    doctree.insert(0, link)


def add_menu_entry(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Add ".ipynb" to sphinx-book-theme's download menu (runs after the theme's handler)."""
    if doctree is None or pagename not in _executed_docs(app):
        return
    for group in context.get("header_buttons", []):
        if group.get("label") == "download-buttons":
            group["buttons"].insert(0, {
                "type": "link",
                "url": context["pathto"](pagename + ".ipynb", 1),
                "text": ".ipynb",
                "tooltip": "Download the executed notebook",
                "icon": "fas fa-code",
                "label": "download-notebook-button",
            })


def write_notebooks(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not _is_html(app):
        return
    for docname in _executed_docs(app):
        try:
            nb = executed_notebook(app, docname)
        except (OSError, ValueError) as error:
            logger.warning(f"[ipynb_download] {error}", location=docname)
            continue
        target = Path(app.outdir, *docname.split("/")).with_suffix(".ipynb")
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, target)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("doctree-resolved", add_page_link)
    app.connect("html-page-context", add_menu_entry, priority=600)
    app.connect("build-finished", write_notebooks)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
