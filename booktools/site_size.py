"""How big the built site is: what a reader's browser loads, apart from what a reader downloads on purpose.

``python -m booktools.site_size`` prints the report for ``_build/html``; ``make bench``
records it. The pages and their assets are everything a browser may fetch while
reading (HTML, ``_static``, figures, the search index); the downloads are the files
offered by a link or button (``downloads/``, each page's notebook ``*.ipynb`` and
source ``_sources/``), counted separately because no page loads them by itself.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from .paths import SITE

#: What only a download link fetches: a folder at the site's top, or a file suffix.
DOWNLOAD_FOLDERS = ("downloads", "_sources")
DOWNLOAD_SUFFIXES = (".ipynb",)


@dataclass(frozen=True)
class SiteSize:
    """Bytes of the site's two parts, and its largest figure."""

    pages_bytes: int
    downloads_bytes: int
    pages_files: int
    downloads_files: int
    largest_figure: str
    largest_figure_bytes: int

    def lines(self) -> list[str]:
        """The report, one line per figure of merit (MB = 10^6 bytes, KB = 10^3 bytes)."""
        return [
            f"pages and their assets  {self.pages_bytes / 1e6:6.2f} MB in {self.pages_files} files",
            f"downloads               {self.downloads_bytes / 1e6:6.2f} MB in {self.downloads_files} files",
            f"largest figure          {self.largest_figure_bytes / 1e3:6.1f} KB  {self.largest_figure}",
        ]


def is_download(relative: Path) -> bool:
    """Whether a site file (path relative to the site's root) is only fetched through a download link."""
    return relative.parts[0] in DOWNLOAD_FOLDERS or relative.suffix in DOWNLOAD_SUFFIXES


def measure(site: Path = SITE) -> SiteSize:
    """Measure the built site in ``site`` (default ``_build/html``); raises FileNotFoundError if it is not built."""
    if not (site / "index.html").is_file():
        raise FileNotFoundError(f"{site}/index.html is missing: build the book first (make book)")
    pages = downloads = pages_files = downloads_files = 0
    for path in site.rglob("*"):
        if not path.is_file() or path.name == ".buildinfo":
            continue
        size = path.stat().st_size
        if is_download(path.relative_to(site)):
            downloads, downloads_files = downloads + size, downloads_files + 1
        else:
            pages, pages_files = pages + size, pages_files + 1
    figures = [path for path in (site / "_images").glob("*") if path.is_file()]
    largest = max(figures, key=lambda path: path.stat().st_size, default=None)
    return SiteSize(pages, downloads, pages_files, downloads_files,
                    largest.name if largest else "", largest.stat().st_size if largest else 0)


def main() -> int:
    try:
        print("\n".join(measure().lines()))
    except FileNotFoundError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
