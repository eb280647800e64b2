"""booktools.sphinx_edition: the edition in every footer, "Cite this chapter", and the "What changed" list."""
from __future__ import annotations

import json
import shutil
import subprocess
from types import SimpleNamespace

import pytest
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document

from booktools import ROOT, sphinx_edition
from booktools.sphinx_edition import RECORD


def page(title: str, *children: nodes.Node) -> nodes.document:
    document = new_document("page", get_default_settings(Parser))
    section = nodes.section()
    section += nodes.title(text=title)
    section += list(children)
    document += section
    return document


def app(srcdir, version="1.2.3", builder="html", baseurl="https://example.org/book/"):
    config = SimpleNamespace(version=version, release=version, copyright="2026, The contributors",
                             html_baseurl=baseurl, html_theme_options={"logo": "x"}, myst_substitutions={})
    return SimpleNamespace(srcdir=str(srcdir), config=config, builder=SimpleNamespace(format=builder))


def test_the_citation_names_the_edition_and_the_page():
    words, bibtex = sphinx_edition.citation("Cold to hot & back", "chapters/04_cold_to_hot", "0.2.0", "2026",
                                            "https://example.org/book/")
    assert words.startswith("The rt-io-book contributors (2026). Cold to hot & back. In: Radiotherapy and immunotherapy")
    assert "edition 0.2.0" in words and words.endswith("https://example.org/book/chapters/04_cold_to_hot.html")
    assert bibtex.startswith("@incollection{rtiobook04coldtohot,\n")
    assert r"title = {Cold to hot \& back}" in bibtex and "edition = {0.2.0}" in bibtex
    assert "url" not in sphinx_edition.citation("T", "chapters/x", "0.2.0", "2026")[1]


def test_set_edition_puts_the_pyproject_version_in_the_footer(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "rt-io-book"\nversion = "4.5.6"\n', encoding="utf-8")
    # The footer's notice reads the literature years from the data.
    (tmp_path / "data").mkdir()
    for name in ("extra_works.csv", "references.csv"):
        shutil.copy(ROOT / "data" / name, tmp_path / "data" / name)
    sphinx = app(tmp_path)
    sphinx_edition.set_edition(sphinx, sphinx.config)
    assert sphinx.config.version == sphinx.config.release == "4.5.6"
    assert "Edition 4.5.6" in sphinx.config.html_theme_options["extra_footer"]
    assert sphinx.config.html_theme_options["logo"] == "x"
    assert "Literature as of" in sphinx.config.myst_substitutions["literature_as_of"]


def test_chapters_get_a_cite_box_and_other_pages_do_not(tmp_path):
    chapter = page("Dose")
    sphinx_edition.add_cite_box(app(tmp_path), chapter, "chapters/05_dose")
    box = next(iter(chapter.findall(nodes.container)))
    assert "book-cite-box" in box["classes"] and box.parent.tagname == "section"
    assert "Dose. In: Radiotherapy" in box.astext() and "@incollection{rtiobook05dose" in box.astext()
    for docname, builder in (("intro", "html"), ("chapters/05_dose", "latex")):
        other = page("Other")
        sphinx_edition.add_cite_box(app(tmp_path, builder=builder), other, docname)
        assert not list(other.findall(nodes.container))


def test_without_git_the_changes_page_says_so(tmp_path):
    assert sphinx_edition.record_history(tmp_path) is None
    assert "no git history" in sphinx_edition.changes_html(tmp_path, "1.0.0")


def git(root, *args):
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=root, check=True,
                   capture_output=True)


@pytest.fixture
def repository(tmp_path):
    """A git repository whose published record changed once after it was started."""
    git(tmp_path, "init", "-q")
    record = tmp_path / RECORD
    record.parent.mkdir(parents=True)
    record.write_text(json.dumps({"04_cold_to_hot": {"os6": "52%"}}), encoding="utf-8")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "Start the record")
    record.write_text(json.dumps({"04_cold_to_hot": {"os6": "55%"}}), encoding="utf-8")
    git(tmp_path, "commit", "-q", "-am", "Correct the six-month survival")
    return tmp_path


def test_the_history_lists_each_change_of_the_record_newest_first(repository):
    history = sphinx_edition.record_history(repository)
    assert [entry["subject"] for entry in history] == ["Correct the six-month survival", "Start the record"]
    assert history[0]["changes"] == ["04_cold_to_hot: os6: '52%' -> '55%'"]
    assert history[1]["changes"] == ["04_cold_to_hot: a new chapter with 1 published values (not in the record)"]
    html = sphinx_edition.changes_html(repository, "1.0.0")
    assert "Edition 1.0.0" in html and "Correct the six-month survival" in html
    assert "<code>04_cold_to_hot: os6: &#x27;52%&#x27; -&gt; &#x27;55%&#x27;</code>" in html


def test_the_placeholder_is_replaced_by_the_list(repository):
    document = page("What changed", nodes.raw("", '<div id="book-changes"></div>', format="html"))
    sphinx_edition.fill_changes_page(app(repository), document, "changes")
    (raw,) = document.findall(nodes.raw)
    assert "Correct the six-month survival" in raw.astext() and 'id="book-changes"' not in raw.astext()
