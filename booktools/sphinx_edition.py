"""Sphinx extension: the book as a citable edition.

* the home page opens with the "literature as of" and "not for clinical decisions" lines
  (:mod:`booktools.notice`, as the MyST substitutions ``literature_as_of`` and
  ``not_for_clinical_decisions``);
* every page's footer names the edition (the ``version`` of ``pyproject.toml``);
* every chapter ends with a "Cite this chapter" box: a reference in words and
  a BibTeX entry (``@incollection``) naming the edition;
* the "What changed" page (``changes.md``) lists, edition by edition and
  commit by commit, which published numbers and figures changed (from the git
  history of the published record ``tests/published/values.json``) and the
  commits' own summaries; its ``<div id="book-changes">`` is filled in here.

The history needs a git clone; in a copy without ``.git`` (e.g. the source
zip) the page says so.
"""
from __future__ import annotations

import datetime
import html
import json
import re
import subprocess
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from .downloads import project_version
from .golden import differences
from .notice import notice_lines

CHANGES_MARKER = 'id="book-changes"'
RECORD = "tests/published/values.json"
BOOK_AUTHOR = "The rt-io-book contributors"


def _root(app: Sphinx) -> Path:
    return Path(app.srcdir)


def set_edition(app: Sphinx, config: Any) -> None:
    """Put the edition (``pyproject.toml`` version) in Sphinx's version/release and every page's footer."""
    version = project_version(_root(app))
    config.version = config.release = version
    options = dict(config.html_theme_options or {})
    options["extra_footer"] = (
        f'<p class="book-edition">Edition {html.escape(version)} — '
        '<a href="https://doi.org/10.3389/fimmu.2025.1554499">Jiang et al. (2025)</a>, '
        'rewritten and checked as an executable book. Text and data CC BY 4.0, code MIT.</p>'
    )
    config.html_theme_options = options
    # The home page's first lines (intro.md): how recent the literature is, what the book is not for.
    literature, teaching = notice_lines(_root(app))
    config.myst_substitutions = {**(config.myst_substitutions or {}),
                                 "literature_as_of": literature, "not_for_clinical_decisions": teaching}


# ---------------------------------------------------------------------------
# Cite this chapter
# ---------------------------------------------------------------------------

def citation(title: str, docname: str, version: str, year: str, base_url: str = "") -> tuple[str, str]:
    """The reference in words and the BibTeX entry for one chapter of this edition."""
    book = "Radiotherapy and immunotherapy: an executable review"
    url = f"{base_url.rstrip('/')}/{docname}.html" if base_url else ""
    words = (f"{BOOK_AUTHOR} ({year}). {title}. In: {book}, edition {version}. "
             f"After Jiang J, Li H, Ma Q, et al. (2025), Front. Immunol. 16:1554499."
             + (f" {url}" if url else ""))
    key = "rtiobook" + re.sub(r"[^a-z0-9]", "", docname.split("/")[-1].lower())
    fields = [("author", "{The rt-io-book contributors}"), ("title", title.replace("&", r"\&")),
              ("booktitle", book), ("edition", version), ("year", year),
              ("note", "After Jiang et al. (2025), Front. Immunol. 16:1554499, doi:10.3389/fimmu.2025.1554499")]
    if url:
        fields.append(("url", url))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return words, f"@incollection{{{key},\n{body}\n}}"


def add_cite_box(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Append a "Cite this chapter" box to every chapter page."""
    if not docname.startswith("chapters/") or getattr(app.builder, "format", "") != "html":
        return
    title_node = next(iter(doctree.findall(nodes.title)), None)
    if title_node is None:
        return
    year = str(app.config.copyright).split(",")[0].strip()[:4] or str(datetime.date.today().year)
    words, bibtex = citation(title_node.astext(), docname, app.config.version, year, app.config.html_baseurl or "")
    box = nodes.container(classes=["book-cite-box"])
    box += nodes.rubric(text="Cite this chapter")
    box += nodes.paragraph(text=words)
    box += nodes.literal_block(bibtex, bibtex, language="bibtex")
    section = next(iter(doctree.findall(nodes.section)), None)
    (section if section is not None else doctree).append(box)


# ---------------------------------------------------------------------------
# What changed
# ---------------------------------------------------------------------------

def _git(root: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout if result.returncode == 0 else None


def record_history(root: Path, limit: int = 40) -> list[dict] | None:
    """Commits that changed the published record, newest first, with the values each changed.

    Returns ``None`` when there is no git history (a copy without ``.git``).
    """
    if not (root / ".git").exists():
        return None
    log = _git(root, "log", f"-n{limit}", "--format=%H%x09%ad%x09%s", "--date=short", "--", RECORD)
    if log is None:
        return None
    history = []
    for line in log.splitlines():
        commit, date, subject = line.split("\t", 2)
        new = _git(root, "show", f"{commit}:{RECORD}")
        old = _git(root, "show", f"{commit}^:{RECORD}")
        changes = differences(json.loads(old) if old else {}, json.loads(new) if new else {})
        history.append({"commit": commit[:10], "date": date, "subject": subject, "changes": changes})
    return history


def changes_html(root: Path, version: str) -> str:
    """The "What changed" list as HTML."""
    history = record_history(root)
    if history is None:
        return ("<p>This copy has no git history: the list of changed numbers is built from a clone of the "
                "repository (<code>git clone</code>), or read it on the published website.</p>")
    if not history:
        return "<p>No published number has changed since the record was started.</p>"
    parts = [f"<p>Edition {html.escape(version)}. Newest first; each entry is one commit that changed what the "
             "book publishes (chapter: value: old → new; figures by fingerprint).</p>"]
    parts.append('<dl class="book-changes">')
    for entry in history:
        changes = entry["changes"]
        shown = changes[:25]
        items = "".join(f"<li><code>{html.escape(line)}</code></li>" for line in shown)
        more = f"<li>… and {len(changes) - len(shown)} more</li>" if len(changes) > len(shown) else ""
        parts.append(f'<dt>{html.escape(entry["date"])} — {html.escape(entry["subject"])} '
                     f'<small>({html.escape(entry["commit"])})</small></dt><dd><ul>{items}{more}</ul></dd>')
    parts.append("</dl>")
    return "\n".join(parts)


def fill_changes_page(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Replace the ``<div id="book-changes">`` placeholder with the history of published values."""
    for node in list(doctree.findall(nodes.raw)):
        if CHANGES_MARKER in node.astext():
            node.parent.replace(node, nodes.raw("", changes_html(_root(app), app.config.version), format="html"))


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", set_edition, priority=900)
    app.connect("doctree-resolved", add_cite_box)
    app.connect("doctree-resolved", fill_changes_page)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
