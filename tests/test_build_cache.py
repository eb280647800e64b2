"""Cache correctness: a change in data/ re-executes the chapters and changes the published number.

Builds a partial copy of the book (intro, chapter 4, bibliography) in a
temporary folder, so it neither touches nor depends on the real _build/.
"""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import ROOT

pytestmark = pytest.mark.slow

IGNORE = shutil.ignore_patterns(".venv", "_build", ".git", "test-artifacts", "__pycache__", "*.egg-info", ".hypothesis", "node_modules")
TOC = """format: jb-book
root: intro
parts:
  - caption: Chapters
    chapters:
      - file: chapters/04_cold_to_hot
  - caption: Back matter
    chapters:
      - file: bibliography
"""


def build(book: Path) -> str:
    """Run the book's build in ``book``; return what it printed plus the Sphinx log it wrote."""
    env = {**os.environ, "PYTHONPATH": str(book), "BOOK_ALLOW_WARNINGS": "1"}
    log = book / "_build" / "build.log"
    log.unlink(missing_ok=True)
    result = subprocess.run([sys.executable, "-m", "booktools.build"], cwd=book, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + (log.read_text() if log.exists() else "")


def chapter_html(book: Path) -> str:
    return (book / "_build" / "html" / "chapters" / "04_cold_to_hot.html").read_text(encoding="utf-8")


def test_data_change_reexecutes_and_republishes(tmp_path):
    book = tmp_path / "book"
    shutil.copytree(ROOT, book, ignore=IGNORE)
    (book / "_toc.yml").write_text(TOC)

    first_log = build(book)
    assert "Executing notebook" in first_log
    assert "94.7%" in chapter_html(book)

    unchanged_log = build(book)
    assert "Executing notebook" not in unchanged_log, "a rebuild without changes must not re-execute"
    assert "up to date" in unchanged_log

    (book / "intro.md").write_text((book / "intro.md").read_text() + "\nA prose edit.\n")
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
