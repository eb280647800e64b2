"""Every path of the build and the built site, named once (booktools and the tests import them from here).

The absolute paths are those of this checkout (under :data:`booktools.ROOT`).
A function that works on another book — a test's scratch copy, a fresh clone —
takes its own ``root`` and finds the same place there with :func:`in_book`;
the site-relative names (:data:`DOWNLOADS_DIR`, :data:`PDF_DIR`) are for links
inside pages and for a site folder given as an argument.

``tests/test_paths.py`` fails when a module or a test defines one of these
names again.
"""
from __future__ import annotations

from pathlib import Path

from . import ROOT

__all__ = ["BUILD", "BUILD_LOG", "INPUTS_STAMP", "TOOLING_STAMP", "SITE", "SITE_CHAPTERS", "SITE_IMAGES", "DOWNLOADS_DIR",
           "SITE_DOWNLOADS", "PDF_DIR", "SITE_PDF", "TEST_TIMES", "COVERAGE_JSON", "LOCAL_STATE",
           "NOT_SITE_INPUTS", "in_book"]

#: Everything the build writes (git ignores it).
BUILD = ROOT / "_build"
#: The full Sphinx log of the last ``make book``.
BUILD_LOG = BUILD / "build.log"
#: The fingerprint of the inputs the site in :data:`SITE` was built from (``make book`` writes it last).
INPUTS_STAMP = BUILD / ".inputs-fingerprint"
#: The fingerprint of ``booktools/`` the site in :data:`SITE` was written with (a change re-writes every page).
TOOLING_STAMP = BUILD / ".tooling-fingerprint"
#: The built website.
SITE = BUILD / "html"
#: The chapters' built pages and their reader's notebooks (``<name>.html``, ``<name>.ipynb``).
SITE_CHAPTERS = SITE / "chapters"
#: The site's figures.
SITE_IMAGES = SITE / "_images"
#: The site's downloads folder, relative to the site (for links and for a site given as an argument).
DOWNLOADS_DIR = "downloads"
SITE_DOWNLOADS = SITE / DOWNLOADS_DIR
#: The printable edition's folder, relative to the site (``make pdf``).
PDF_DIR = f"{DOWNLOADS_DIR}/pdf"
SITE_PDF = SITE / PDF_DIR
#: The stage times of the last ``make test``.
TEST_TIMES = BUILD / "test-times.json"
#: Line coverage of ``analysis`` and ``booktools`` from stage 1 of ``make test``.
COVERAGE_JSON = BUILD / "coverage.json"

#: Folders (any part of a path) that are build output or local state: never the book's source,
#: never an input of the site, never in the source zip or the wheel.
LOCAL_STATE = frozenset({".git", ".venv", "_build", "build", "dist", "test-artifacts", "bench", "__pycache__",
                         ".hypothesis", ".ipynb_checkpoints", "node_modules", ".pytest_cache", "workspace"})
#: What the site is not built from: local state and, besides it, the source that only tests or
#: maintains the book (a change there needs no rebuild).
NOT_SITE_INPUTS = LOCAL_STATE | {"tests", "scripts"}


def in_book(root: Path, path: Path) -> Path:
    """``path`` (one of this module's, under this checkout) in the book at ``root`` instead.

    >>> in_book(Path("/tmp/book"), SITE_CHAPTERS)
    PosixPath('/tmp/book/_build/html/chapters')
    """
    return Path(root) / path.relative_to(ROOT)
