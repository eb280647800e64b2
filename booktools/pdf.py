"""The printable edition: every page of the built site printed to PDF by Chromium, and the whole book.

``python -m booktools.pdf`` (``make pdf``; ``make book`` runs it too when
Chromium is installed) serves ``_build/html`` on 127.0.0.1, opens every page of
the table of contents in headless Chromium (Playwright, Debian's
``/usr/bin/chromium``; nothing is downloaded), waits for MathJax, and prints it
with the site's print stylesheet (``booktools/site_static/book.css``: no navigation,
widgets, hidden code or solutions; figures never split). It writes

* ``_build/html/downloads/pdf/<page>.pdf`` — one PDF per page (chapter handouts);
* ``_build/html/downloads/pdf/rt-io-book-<version>.pdf`` — the whole book, the
  pages in reading order with one bookmark each.

No LaTeX is needed: the Chromium the browser tests use is the only printer.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

from . import ROOT
from .downloads import project_version
from .local_site import CHROMIUM, CHROMIUM_ARGS, serve
from .paths import INPUTS_STAMP, PDF_DIR, SITE, in_book
from .toc import toc_docnames

#: Pages about the website itself, left out of the printed book.
NOT_PRINTED = ("downloads",)


def printed_docnames(root: Path = ROOT) -> list[str]:
    """The pages of the printed book: the table of contents without :data:`NOT_PRINTED`."""
    return [name for name in toc_docnames(root) if name not in NOT_PRINTED]


def book_pdf_name(root: Path = ROOT) -> str:
    """File name of the whole book's PDF, e.g. ``rt-io-book-0.1.0.pdf``."""
    return f"rt-io-book-{project_version(root)}.pdf"


def page_pdf_name(docname: str) -> str:
    """File name of one page's PDF: ``chapters/04_cold_to_hot`` → ``04_cold_to_hot.pdf``."""
    return docname.split("/")[-1] + ".pdf"


def _footer(version: str) -> str:
    return ('<div style="font-size:7pt;width:100%;padding:0 12mm;color:#555;display:flex;justify-content:space-between">'
            f'<span>Radiotherapy and immunotherapy: an executable review — edition {version}</span>'
            '<span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>')


def print_pages(site: Path, docnames: list[str], out_dir: Path, version: str) -> list[tuple[str, Path, str]]:
    """Print every page to ``out_dir``; returns ``(docname, pdf, page title)`` in the given order."""
    from playwright.sync_api import sync_playwright

    out_dir.mkdir(parents=True, exist_ok=True)
    printed = []
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1100, "height": 1400})
        page.set_default_timeout(120_000)  # a busy 2-core machine can take a while to typeset a long page
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base) else route.abort())
        page.emulate_media(media="print")
        for docname in docnames:
            page.goto(f"{base}/{docname}.html", wait_until="load")
            page.wait_for_load_state("networkidle")
            if page.locator("span.math, div.math").count():
                page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=120_000)
                page.evaluate("() => MathJax.startup.promise")
            page.evaluate("() => Promise.all([...document.images].map(img => { img.loading = 'eager'; return img.decode().catch(() => null); }))")
            title = page.evaluate("() => (document.querySelector('main h1') || {textContent: document.title}).textContent")
            target = out_dir / page_pdf_name(docname)
            page.pdf(path=str(target), format="A4", print_background=True, display_header_footer=True,
                     header_template="<span></span>", footer_template=_footer(version),
                     margin={"top": "14mm", "bottom": "16mm", "left": "14mm", "right": "14mm"})
            printed.append((docname, target, " ".join(title.replace("#", "").split())))
        browser.close()
    return printed


def merge(printed: list[tuple[str, Path, str]], target: Path, version: str) -> Path:
    """One PDF of all ``printed`` pages in order, with a bookmark per page; returns ``target``."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _, path, title in printed:
        start = len(writer.pages)
        writer.append(str(path))
        writer.add_outline_item(title=title, page_number=start)
    writer.add_metadata({"/Title": f"Radiotherapy and immunotherapy: an executable review (edition {version})",
                         "/Author": "The rt-io-book contributors, after Jiang et al. (2025)"})
    with target.open("wb") as handle:
        writer.write(handle)
    return target


def up_to_date(site: Path = SITE, root: Path = ROOT) -> bool:
    """True when the PDFs were printed from the site as it is now (the build's input fingerprint is unchanged)."""
    stamp, built = site / PDF_DIR / ".printed-from", in_book(root, INPUTS_STAMP)
    return stamp.exists() and built.exists() and stamp.read_text() == built.read_text() \
        and (site / PDF_DIR / book_pdf_name(root)).exists()


def build(site: Path = SITE, root: Path = ROOT) -> Path:
    """Print every page of the table of contents and the whole book into ``site/downloads/pdf``; returns the book's PDF."""
    if not (site / "index.html").exists():
        raise FileNotFoundError(f"{site}/index.html is missing: build the book first (make book)")
    if not CHROMIUM.exists():
        raise FileNotFoundError(f"{CHROMIUM} is not installed (apt-get install chromium): it prints the PDFs")
    version = project_version(root)
    out_dir = site / PDF_DIR
    shutil.rmtree(out_dir, ignore_errors=True)  # PDFs of an earlier edition or of removed pages
    printed = print_pages(site, printed_docnames(root), out_dir, version)
    book = merge(printed, out_dir / book_pdf_name(root), version)
    built = in_book(root, INPUTS_STAMP)
    if built.exists():
        (out_dir / ".printed-from").write_text(built.read_text())
    return book


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.parse_args(argv)
    started = time.perf_counter()
    if up_to_date():
        print(f"pdf: up to date ({(SITE / PDF_DIR).relative_to(ROOT)})")
        return 0
    try:
        book = build()
    except FileNotFoundError as error:
        print(f"pdf: {error}", file=sys.stderr)
        return 1
    from pypdf import PdfReader

    pages = len(PdfReader(str(book)).pages)
    print(f"pdf: {book.relative_to(ROOT)} ({pages} pages, {book.stat().st_size / 1e6:.1f} MB) and one PDF per page "
          f"in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
