"""Sphinx extension: every chapter page offers a *reader's notebook*, and the site offers the package.

For every page myst-nb executed (or served from its cache) this extension

* writes ``<outdir>/<docname>.ipynb`` — the reader's notebook
  (:func:`booktools.reader_notebook.reader_notebook`): the chapter's code with
  the outputs of the build's execution, its prose with every MyST construct
  resolved, exercises without solutions, opening with how to install what it
  needs;
* puts a visible "Download notebook (.ipynb)" link under the page title and
  adds ".ipynb" to the theme's download menu.

It also writes ``<outdir>/downloads/``: the ``analysis`` package as a wheel
(the ledger inside), ``requirements-reader.txt``, a zip of every reader's
notebook and a zip of the book's source, listed on the Downloads page
(``downloads.md``, whose ``<div id="book-downloads">`` it fills in).

The outputs come from jupyter-cache (``execute_notebooks: cache``): the
notebook myst-nb writes to ``_build/jupyter_execute`` has no outputs when a
page was served from the cache. A code cell without execution fails the
build (a warning under ``-W``).
"""
from __future__ import annotations

import copy
import html
import shutil
from functools import lru_cache
from pathlib import Path
from typing import Any

import nbformat
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from .fingerprint import files_under
from .notice import notice_lines
from .paths import DOWNLOADS_DIR, PDF_DIR
from .pdf import book_pdf_name, page_pdf_name
from .downloads import (READER_REQUIREMENTS, build_wheel, data_files, edition_zip, environment_yml, project_version,
                        source_zip, wheel_name, zip_files)
from .launch import Launch, binder_url, colab_url, config_launch, site_address
from .question_bank import answer_key_markdown, instructor_files, questions_html
from .reader_notebook import Context, ReaderNotebookError, install_cells, reader_notebook

logger = logging.getLogger(__name__)

LINK_CLASS = "ipynb-download"
LINK_TEXT = "Download notebook (.ipynb)"
DOWNLOADS_MARKER = 'id="book-downloads"'
DATA_MARKER = 'id="book-data-downloads"'
QUESTIONS_MARKER = 'id="book-question-bank"'
#: What a reader's notebook checks is installed before anything else runs.
READER_MODULES = ("analysis", "numpy", "pandas", "matplotlib", "scipy", "lifelines")


def _is_html(app: Sphinx) -> bool:
    return getattr(app.builder, "name", "") in ("html", "dirhtml")


def executed_docs(app: Sphinx) -> list[str]:
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
    for candidate in (Path(raw), Path(app.srcdir) / raw) if raw else ():
        if candidate.is_dir():
            return candidate
    return None


def executed_notebook(app: Sphinx, docname: str) -> nbformat.NotebookNode:
    """The notebook of ``docname`` with the outputs of the build's execution merged in."""
    config = app.env.mystnb_config
    parsed = Path(config.output_folder, *docname.split("/")).with_suffix(".ipynb")
    if not parsed.exists():
        raise FileNotFoundError(f"myst-nb wrote no notebook for {docname} ({parsed})")
    nb = nbformat.read(parsed, as_version=4)
    cache_dir = _cache_path(app) if config.execution_mode == "cache" else None
    if cache_dir is not None:
        from jupyter_cache import get_cache

        try:
            # cell_meta=() keeps the cells' metadata (tags); only outputs and counts come from the cache.
            _, nb = get_cache(str(cache_dir)).merge_match_into_notebook(nb, cell_meta=())
        except KeyError:
            pass  # not in the cache: what myst-nb wrote
    nb = copy.deepcopy(nb)
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    unexecuted = [i for i, cell in enumerate(code) if cell.get("execution_count") is None]
    if code and unexecuted:
        raise ValueError(f"{len(unexecuted)} of {len(code)} code cells of {docname} have no execution")
    return nb


# ---------------------------------------------------------------------------
# What the converter needs to know about the book
# ---------------------------------------------------------------------------

def glue_data(nb: nbformat.NotebookNode) -> dict[str, dict]:
    """Glued values of an executed notebook: key -> MIME bundle (prefix removed), via myst-nb's reader."""
    from myst_nb.ext.glue import extract_glue_data_cell

    data = {}
    for cell in copy.deepcopy(nb).cells:
        if cell.cell_type == "code":
            for key, output in extract_glue_data_cell(cell):
                data[key] = dict(output["data"])
    return data


@lru_cache(maxsize=4)
def _citations(bib_paths: tuple[str, ...]) -> dict[str, tuple[str, str, str]]:
    from pybtex.database import parse_file

    found = {}
    for path in bib_paths:
        for key, entry in parse_file(path, bib_format="bibtex").entries.items():
            names = [" ".join(person.last_names) for person in entry.persons.get("author", [])]
            named = [name for name in names if name != "others"]
            if len(names) > 2 or "others" in names:
                authors = f"{named[0]} et al."
            else:
                authors = " and ".join(named)
            found[key] = (authors.replace("{", "").replace("}", ""), entry.fields.get("year", "n.d."),
                          entry.fields.get("doi", ""))
    return found


def book_context(app: Sphinx, docname: str, executed: nbformat.NotebookNode) -> Context:
    """Everything :func:`reader_notebook` needs for ``docname``: glue, citations, labels and numbers."""
    from myst_nb.core.variables import format_plain_text

    env = app.env
    labels: dict[str, str] = {}
    numbers: dict[str, str] = {}
    for label, (doc, label_id, title) in env.domaindata["std"]["labels"].items():
        labels[label] = " ".join(str(title).split())
        for figtype in ("figure", "exercise", "table"):
            number = env.toc_fignumbers.get(doc, {}).get(figtype, {}).get(label_id)
            if number:
                numbers[label] = ".".join(str(part) for part in number)
    bib_paths = tuple(str(Path(app.srcdir, path)) for path in app.config.bibtex_bibfiles)
    return Context(
        docname=docname,
        glue=glue_data(executed),
        citations=_citations(bib_paths),
        labels=labels,
        numbers=numbers,
        figure_format=app.config.numfig_format.get("figure", "Fig. %s"),
        format_text=format_plain_text,
    )


# ---------------------------------------------------------------------------
# Sphinx events
# ---------------------------------------------------------------------------

def add_page_link(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Insert the visible download link right after the page's first title."""
    if not _is_html(app) or docname not in executed_docs(app):
        return
    stem = docname.split("/")[-1]
    pdf = "../" * docname.count("/") + f"{PDF_DIR}/{page_pdf_name(docname)}"
    link = nodes.raw("", (
        f'<p class="{LINK_CLASS}"><a class="reference download" href="{stem}.ipynb" download '
        f'type="application/x-ipynb+json" title="This chapter as a notebook to run in Jupyter '
        f'(install what it needs from the Downloads page)">{LINK_TEXT}</a> · '
        f'<a class="reference download" href="{pdf}" download title="This chapter as a PDF to print">PDF</a></p>\n'
    ), format="html")
    for section in doctree.findall(nodes.section):
        title = next(iter(section.findall(nodes.title)), None)
        if title is not None:
            title.parent.insert(title.parent.index(title) + 1, link)
            return
    doctree.insert(0, link)


def fill_downloads_page(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Replace the ``<div id="book-downloads">`` and ``<div id="book-data-downloads">`` placeholders with link lists."""
    if not _is_html(app):
        return
    prefix = "../" * docname.count("/") + DOWNLOADS_DIR + "/"
    for node in list(doctree.findall(nodes.raw)):
        if DOWNLOADS_MARKER in node.astext():
            node.parent.replace(node, nodes.raw("", _downloads_html(prefix, Path(app.srcdir)), format="html"))
        elif DATA_MARKER in node.astext():
            node.parent.replace(node, nodes.raw("", _data_html(prefix, Path(app.srcdir)), format="html"))
        elif QUESTIONS_MARKER in node.astext():
            from analysis.ledger.questions import load_questions

            node.parent.replace(node, nodes.raw("", questions_html(load_questions(), Path(app.srcdir)), format="html"))


def _data_html(prefix: str, root: Path) -> str:
    version = project_version(root)
    items = [f'<li><a class="reference download" href="{prefix}data/{html.escape(path.as_posix())}" download>'
             f'{html.escape(path.as_posix())}</a></li>' for path in data_files(root)]
    return (f'<p><a class="reference download" href="{prefix}rt-io-book-{version}-data.zip" download>'
            f'rt-io-book-{version}-data.zip</a> — every data file below in one zip, with the data dictionary.</p>\n'
            f'<ul class="book-data-downloads">\n' + "\n".join(items) + "\n</ul>\n")


def _downloads_html(prefix: str, root: Path) -> str:
    version = project_version(root)
    rows = [
        (wheel_name(root), "the book's <code>analysis</code> package with its evidence ledger (a Python wheel)"),
        (READER_REQUIREMENTS, "what the chapters need at run time, pinned to the versions the book is tested with"),
        ("environment.yml", "the same pinned packages for conda or mamba (<code>conda env create -f environment.yml</code>, beside the wheel and the requirements)"),
        (f"rt-io-book-{version}-student.zip", "the student edition, ready to hand out: one folder with every chapter as a reader's notebook (exercises without solutions), a README on installing and starting, the wheel, the requirements and <code>environment.yml</code>"),
        (f"rt-io-book-{version}-data.zip", "every data file of the book with its data dictionary (also one by one on the evidence-table page)"),
        (f"rt-io-book-{version}-source.zip", "the book's source, i.e. what its git repository tracks: chapters, data, code, tests, and the <code>instructor/</code> folder (the question bank's answers and the teaching notes: the book is open). <code>make book</code> builds it offline and writes the instructor edition to <code>_build/instructor/</code>"),
        (f"pdf/{book_pdf_name(root)}", "the whole book as one PDF (made by <code>make pdf</code>); each chapter's PDF is linked from its page"),
    ]
    items = "\n".join(
        f'<li><a class="reference download" href="{prefix}{html.escape(name)}" download>{html.escape(name)}</a> — {text}</li>'
        for name, text in rows
    )
    return f'<ul class="book-downloads">\n{items}\n</ul>\n'


def _launch(app: Sphinx) -> Launch | None:
    """The launch links' settings: only where the book's own ``_config.yml`` names a repository.

    Read from the file, not from Sphinx: Jupyter Book fills ``repository_url``
    with its own repository when the book names none.
    """
    return config_launch(Path(app.srcdir))


def add_menu_entry(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Add ".ipynb" to sphinx-book-theme's download menu (runs after the theme's handler)."""
    if doctree is None or pagename not in executed_docs(app):
        return
    launch = _launch(app)
    if launch is not None:
        context.setdefault("header_buttons", []).append({
            "type": "group", "tooltip": "Run this chapter's notebook online", "icon": "fas fa-rocket",
            "label": "launch-buttons", "buttons": [
                {"type": "link", "url": colab_url(launch, pagename), "text": "Open in Colab",
                 "tooltip": "Open the reader's notebook in Google Colab", "icon": "fas fa-play",
                 "label": "launch-colab-button"},
                {"type": "link", "url": binder_url(launch, pagename), "text": "Open in Binder",
                 "tooltip": "Open the reader's notebook on mybinder.org", "icon": "fas fa-play",
                 "label": "launch-binder-button"},
            ]})
    for group in context.get("header_buttons", []):
        if group.get("label") == "download-buttons":
            group["buttons"].insert(0, {
                "type": "link",
                "url": context["pathto"](pagename + ".ipynb", 1),
                "text": ".ipynb",
                "tooltip": "Download this chapter as a notebook",
                "icon": "fas fa-code",
                "label": "download-notebook-button",
            })


def write_downloads(app: Sphinx, exception: Exception | None) -> None:
    """Write every reader's notebook, then the downloads folder."""
    if exception is not None or not _is_html(app):
        return
    if not executed_docs(app):  # a book without notebooks (e.g. make bench's empty book) offers no editions
        logger.info("[downloads] no executed notebook: no downloads written")
        return
    outdir, root = Path(app.outdir), Path(app.srcdir)
    launch = _launch(app)
    online = None if launch is None else (site_address(launch, wheel_name(root)), site_address(launch, READER_REQUIREMENTS))
    first_cells = install_cells(wheel_name(root), READER_REQUIREMENTS, READER_MODULES, online=online,
                                notice=notice_lines(root))
    written, instructor = [], []
    instructor_dir = root / "_build" / "instructor"
    instructor_dir.mkdir(parents=True, exist_ok=True)
    for docname in executed_docs(app):
        try:
            executed = executed_notebook(app, docname)
            context = book_context(app, docname, executed)
            nb = reader_notebook(executed, context, first_cells=first_cells)
            with_solutions = reader_notebook(executed, context, solutions=True, first_cells=first_cells)
        except (OSError, ValueError, ReaderNotebookError) as error:
            logger.warning(f"[reader notebook] {error}", location=docname)
            continue
        target = outdir.joinpath(*docname.split("/")).with_suffix(".ipynb")
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, target)
        written.append((target, target.name))
        teacher = instructor_dir / target.name
        nbformat.write(with_solutions, teacher)
        instructor.append((teacher, teacher.name))
    downloads = outdir / DOWNLOADS_DIR
    downloads.mkdir(exist_ok=True)
    for stale in downloads.iterdir():  # files of an earlier edition; the PDFs are make pdf's (it clears its own)
        if stale.name != "pdf":
            shutil.rmtree(stale) if stale.is_dir() else stale.unlink()
    version = project_version(root)
    try:
        build_wheel(downloads, root=root, cache_dir=root / "_build" / ".wheel-cache")
    except RuntimeError as error:
        logger.warning(f"[downloads] {error}")
    shutil.copy2(root / READER_REQUIREMENTS, downloads / READER_REQUIREMENTS)
    edition_zip(downloads / f"rt-io-book-{version}-student.zip", "student", written, [], downloads, root=root)
    (downloads / "environment.yml").write_text(environment_yml(wheel_name(root)), encoding="utf-8")
    from analysis.ledger.questions import load_answer_key

    answer_key = instructor_dir / "answer_key.md"
    answer_key.write_text(answer_key_markdown(load_answer_key(), root, version), encoding="utf-8")
    from analysis.ledger.course_plan import load_course_plan
    from analysis.ledger.teaching_notes import load_teaching_notes, teaching_notes_markdown

    notes = instructor_dir / "teaching_notes.md"
    notes.write_text(teaching_notes_markdown(load_teaching_notes(), load_course_plan(), version), encoding="utf-8")
    # The instructor edition carries the answer key: it stays out of the site (_build/html).
    edition_zip(instructor_dir / f"rt-io-book-{version}-instructor.zip", "instructor", instructor,
                [(answer_key, answer_key.name), (notes, notes.name), *instructor_files(root)], downloads, root=root)
    data = [(root / "data" / path, path.as_posix()) for path in data_files(root)]
    for source, name in data:
        (downloads / "data" / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, downloads / "data" / name)
    zip_files([(source, f"rt-io-book-{version}-data/{name}") for source, name in data], downloads / f"rt-io-book-{version}-data.zip")
    source_zip(downloads / f"rt-io-book-{version}-source.zip", root=root)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("doctree-resolved", add_page_link)
    app.connect("doctree-resolved", fill_downloads_page)
    app.connect("html-page-context", add_menu_entry, priority=600)
    app.connect("build-finished", write_downloads)
    return {"version": "2.0", "parallel_read_safe": True, "parallel_write_safe": True}
