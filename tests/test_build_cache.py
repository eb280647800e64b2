"""Cache correctness: a change in data/ re-executes the chapters and changes the published number.

Builds a minimal book in a temporary folder — the book's configuration,
``analysis/``, ``data/`` and ``booktools/``, and one tiny chapter that reads
one ledger value — so it neither touches nor depends on the real ``_build/``
and costs a few seconds per build instead of a real chapter's execution.
"""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.ledger.chapters import load_chapters
from booktools import ROOT
from booktools.paths import BUILD_LOG, SITE_CHAPTERS, in_book

pytestmark = pytest.mark.slow

COPIED = ("_config.yml", "pyproject.toml", "README.md", "requirements-reader.txt", "bibliography.md",
          "analysis", "data", "instructor", "booktools", "_vendor")
TOC = """format: jb-book
root: intro
chapters:
  - file: chapters/tiny
  - file: bibliography
"""
INTRO = "(intro)=\n# A minimal book\n\nOne chapter that reads one ledger value.\n"
CHAPTER = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---

# A tiny chapter

```{code-cell} ipython3
:tags: [remove-cell]

from analysis.book import glue_claims

glue_claims({"after_os6": "sequencing_after_rt_os6"})
```

Six-month survival after radiotherapy was {glue:text}`after_os6` {cite}`tanaka2023`.
"""


def build(book: Path) -> str:
    """Run the book's build in ``book``; return what it printed plus the Sphinx log it wrote."""
    env = {**os.environ, "PYTHONPATH": str(book)}
    log = in_book(book, BUILD_LOG)
    log.unlink(missing_ok=True)
    result = subprocess.run([sys.executable, "-m", "booktools.build"], cwd=book, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr + (log.read_text() if log.exists() else "")
    return result.stdout + (log.read_text() if log.exists() else "")


def chapter_html(book: Path) -> str:
    return (in_book(book, SITE_CHAPTERS) / "tiny.html").read_text(encoding="utf-8")


@pytest.fixture
def book(tmp_path):
    book = tmp_path / "book"
    book.mkdir()
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, book / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, book / name)
    (book / "_toc.yml").write_text(TOC)
    (book / "intro.md").write_text(INTRO)
    (book / "chapters").mkdir()
    # The chapter map and the course plan (data/) are checked against the pages they name:
    # copy the pages; outside _toc.yml they are not built.
    for page in load_chapters()["file"]:
        (book / page).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / page, book / page)
    (book / "chapters" / "tiny.md").write_text(CHAPTER)
    return book


def test_data_change_reexecutes_and_republishes(book):
    first_log = build(book)
    assert "Executing notebook" in first_log
    # The parallel pass executed it into the cache; Sphinx only read it from there.
    assert "Executed notebook in" in first_log and "(parallel)" in first_log
    assert "Using cached notebook" in first_log and "Executing notebook using" not in first_log
    assert "94.7%" in chapter_html(book)

    unchanged_log = build(book)
    assert "Executing notebook" not in unchanged_log, "a rebuild without changes must not re-execute"
    assert "up to date" in unchanged_log

    (book / "intro.md").write_text(INTRO + "\nA prose edit.\n")
    prose_log = build(book)
    assert "build succeeded" in prose_log and "Executing notebook" not in prose_log, "a prose edit elsewhere must not re-execute"

    claims = book / "data" / "claims.csv"
    text = claims.read_text(encoding="utf-8")
    assert text.count(",94.7,") == 1
    claims.write_text(text.replace(",94.7,", ",95.0,"), encoding="utf-8")

    changed_log = build(book)
    assert "Executing notebook" in changed_log, "a data change must re-execute the chapter"
    html = chapter_html(book)
    assert "95.0%" in html and "94.7%" not in html
