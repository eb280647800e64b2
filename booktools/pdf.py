"""The printable edition: every page of the built site printed to PDF by Chromium, and the whole book.

``python -m booktools.pdf`` (``make pdf``; ``make book`` runs it too when
Chromium is installed) serves ``_build/html`` on 127.0.0.1, opens every page of
the table of contents in headless Chromium (Playwright, Debian's
``chromium-headless-shell`` or ``chromium``; nothing is downloaded), waits for MathJax, and prints it
with the site's print stylesheet (``booktools/site_static/book.css``: no navigation,
widgets, hidden code or solutions; figures never split). It writes

* ``_build/html/downloads/pdf/<page>.pdf`` — one PDF per page (chapter handouts);
* ``_build/html/downloads/pdf/rt-io-book-<version>.pdf`` — the whole book as a
  book (issue 20): a title page (with the "literature as of" and "not for clinical
  decisions" lines), the contents with each page's start page, then the pages
  in reading order with one bookmark each; page numbers run through the whole
  book and every page but the title page carries a running header (the page's
  title). Chromium prints the pages without its own header and footer; the
  numbers and headers are stamped on afterwards (:func:`stamp`), so they can
  run on across the separately printed pages.

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
from .local_site import CHROMIUM, CHROMIUM_ARGS, OFFLINE_RULE, serve
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


BOOK_TITLE = "Radiotherapy and immunotherapy: an executable review"
MARGIN = {"top": "18mm", "bottom": "18mm", "left": "14mm", "right": "14mm"}
_MM = 72 / 25.4


def _pdf_text(text: str) -> str:
    """``text`` as a PDF string literal in WinAnsi (Helvetica's encoding); other characters become '?'."""
    data = text.encode("cp1252", errors="replace").decode("latin-1")
    return "(" + data.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def _width(text: str, size: float) -> float:
    """About how wide ``text`` is in Helvetica at ``size`` pt (0.52 em a character)."""
    return len(text) * size * 0.52


def stamp(reader_pages, lines: list[tuple[str, str, str] | None]) -> None:
    """Draw a running header and a footer on each page: ``lines[i] = (header left, header right, footer)`` or None.

    Text in 7.5-pt grey Helvetica, 9 mm from the top and bottom edges; the footer is centred.
    """
    from pypdf import PageObject
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica"),
                             NameObject("/Encoding"): NameObject("/WinAnsiEncoding")})
    size = 7.5
    for page, texts in zip(reader_pages, lines):
        if texts is None:
            continue
        left, right, footer = texts
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        margin, top, bottom = 14 * _MM, height - 9 * _MM, 9 * _MM
        right_room = _width(right, size)
        room = width - 2 * margin - right_room - 20
        while left and _width(left, size) > room:
            left = left[:-2].rstrip() + "…" if len(left) > 2 else ""
        ops = ["q 0.35 g BT", f"/BookStamp {size} Tf"]
        for x, y, text in ((margin, top, left), (width - margin - right_room, top, right),
                           ((width - _width(footer, size)) / 2, bottom, footer)):
            if text:
                ops.append(f"1 0 0 1 {x:.2f} {y:.2f} Tm {_pdf_text(text)} Tj")
        ops.append("ET Q")
        overlay = PageObject.create_blank_page(width=width, height=height)
        overlay[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/BookStamp"): font})})
        stream = DecodedStreamObject()
        stream.set_data("\n".join(ops).encode("latin-1"))
        overlay[NameObject("/Contents")] = stream
        page.merge_page(overlay)


def _html_page(body: str, style: str = "") -> str:
    return ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><style>'
            'body{font-family:"DejaVu Sans",sans-serif;color:#111;margin:0}' + style + '</style></head><body>'
            + body + "</body></html>")


def title_page_html(version: str, root: Path = ROOT) -> str:
    """The printed book's first page: title, what it is, the edition, and the two notice lines."""
    import html

    from .notice import notice_lines

    def strong(markdown: str) -> str:
        parts = html.escape(markdown).split("**")
        return "".join(f"<strong>{part}</strong>" if index % 2 else part for index, part in enumerate(parts))

    notice = "".join(f"<p>{strong(line)}</p>" for line in notice_lines(root))
    return _html_page(
        f'<div class="title"><h1>{html.escape(BOOK_TITLE)}</h1>'
        '<p class="sub">An executable edition of Jiang J, Li H, Ma Q, et al. (2025), <em>Synergies between '
        'radiotherapy and immunotherapy: a systematic review from mechanism to clinical application</em>, '
        'Front. Immunol. 16:1554499, doi:10.3389/fimmu.2025.1554499 (CC BY 4.0)</p>'
        f'<p class="edition">Edition {html.escape(version)}<br>The rt-io-book contributors</p></div>'
        f'<div class="notice">{notice}</div>'
        '<p class="licence">Text and data CC BY 4.0, code MIT. Every number in this book is read from the '
        'evidence ledger; every figure is drawn by code in the reader\'s notebooks.</p>',
        "h1{font-size:28pt;line-height:1.15;margin:40mm 0 10mm}.sub{font-size:12pt;line-height:1.5}"
        ".edition{font-size:12pt;margin-top:14mm}.notice{margin-top:30mm;border-left:3pt solid #E69F00;"
        "padding:2mm 0 2mm 6mm;font-size:10.5pt;line-height:1.5}.licence{font-size:9pt;color:#444;margin-top:12mm}")


def contents_html(entries: list[tuple[str, int]]) -> str:
    """The contents: every printed page's title and the book page it starts on."""
    import html

    rows = "".join(f'<tr><td>{html.escape(title)}</td><td class="n">{number}</td></tr>' for title, number in entries)
    return _html_page(f"<h1>Contents</h1><table>{rows}</table>",
                      "h1{font-size:22pt;margin:0 0 8mm}table{width:100%;border-collapse:collapse;font-size:10.5pt}"
                      "td{padding:1.6mm 0;border-bottom:0.4pt dotted #999;vertical-align:bottom}"
                      "td.n{text-align:right;width:18mm}")


def print_pages(site: Path, docnames: list[str], out_dir: Path, version: str,
                front_matter: bool = False) -> list[tuple[str, Path, str]]:
    """Print every page to ``out_dir``; returns ``(docname, pdf, page title)`` in the given order.

    Each page's own PDF (a handout) gets the edition and "page / pages" in its
    footer and the page's title as its header. With ``front_matter`` the
    title page and the contents are printed too (``_title.pdf``, ``_contents.pdf``),
    the contents' page numbers counted from the title page as page 1.
    """
    from playwright.sync_api import sync_playwright
    from pypdf import PdfReader, PdfWriter

    out_dir.mkdir(parents=True, exist_ok=True)
    printed = []
    options = {"format": "A4", "print_background": True, "display_header_footer": False, "margin": MARGIN}
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=[*CHROMIUM_ARGS, OFFLINE_RULE])
        page = browser.new_page(viewport={"width": 1100, "height": 1400})
        page.set_default_timeout(120_000)  # a busy 2-core machine can take a while to typeset a long page
        page.emulate_media(media="print")
        for docname in docnames:
            page.goto(f"{base}/{docname}.html", wait_until="load")
            page.evaluate("() => document.fonts.ready.then(() => true)")  # web fonts in place before printing
            if page.locator("span.math, div.math").count():
                page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=120_000)
                page.evaluate("() => MathJax.startup.promise")
            page.evaluate("() => Promise.all([...document.images].map(img => { img.loading = 'eager'; return img.decode().catch(() => null); }))")
            # The page's entry in the site's table of contents ("6. Stereotactic ..."), else its heading.
            title = page.evaluate("() => (document.querySelector('nav.bd-docs-nav a.current.reference')"
                                  " || document.querySelector('main h1') || {textContent: document.title}).textContent")
            title = " ".join(title.replace("#", "").split())
            target = out_dir / page_pdf_name(docname)
            page.pdf(path=str(target), **options)
            shutil.copyfile(target, target.with_suffix(".unstamped.pdf"))  # for the book, stamped as a whole
            handout = PdfReader(str(target))
            writer = PdfWriter(clone_from=handout)
            total = len(writer.pages)
            stamp(writer.pages, [(title, f"edition {version}", f"{BOOK_TITLE} — {number} / {total}")
                                 for number in range(1, total + 1)])
            with target.open("wb") as handle:
                writer.write(handle)
            printed.append((docname, target, title))
        if front_matter:
            page.set_content(title_page_html(version))
            page.pdf(path=str(out_dir / "_title.pdf"), **options)
            lengths = [len(PdfReader(str(path)).pages) for _, path, _ in printed]
            contents_pages = 1
            while True:
                start = 2 + contents_pages
                entries = []
                for (_, _, title), length in zip(printed, lengths):
                    entries.append((title, start))
                    start += length
                page.set_content(contents_html(entries))
                page.pdf(path=str(out_dir / "_contents.pdf"), **options)
                printed_length = len(PdfReader(str(out_dir / "_contents.pdf")).pages)
                if printed_length == contents_pages:
                    break
                contents_pages = printed_length
        browser.close()
    return printed


def merge(printed: list[tuple[str, Path, str]], target: Path, version: str,
          title_page: Path | None = None, contents: Path | None = None) -> Path:
    """One PDF of all ``printed`` pages in order, with a bookmark per page; returns ``target``.

    With ``title_page`` and ``contents`` (see :func:`print_pages`) the book opens
    with them; page numbers then run from the title page (unnumbered) through
    the whole book, and each page's header names the page it belongs to.
    """
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    lines: list[tuple[str, str, str] | None] = []
    if title_page is not None and contents is not None:
        writer.append(str(title_page))
        writer.add_outline_item(title="Title page", page_number=0)
        lines += [None] * len(writer.pages)
        start = len(writer.pages)
        writer.append(str(contents))
        writer.add_outline_item(title="Contents", page_number=start)
        lines += [("Contents", BOOK_TITLE, "")] * (len(writer.pages) - start)
    for _, path, title in printed:
        start = len(writer.pages)
        # The chapter's own printed pages, without the handout's stamped header and footer.
        source = path.with_suffix(".unstamped.pdf") if path.with_suffix(".unstamped.pdf").exists() else path
        writer.append(str(source))
        writer.add_outline_item(title=title, page_number=start)
        lines += [(title, BOOK_TITLE, "")] * (len(writer.pages) - start)
    if title_page is not None:
        lines = [None if texts is None else (texts[0], texts[1], f"{number}")
                 for number, texts in enumerate(lines, start=1)]
        stamp(writer.pages, lines)
    writer.add_metadata({"/Title": f"{BOOK_TITLE} (edition {version})",
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
        raise FileNotFoundError(f"{CHROMIUM} is not installed (apt-get install chromium-headless-shell): it prints the PDFs")
    version = project_version(root)
    out_dir = site / PDF_DIR
    shutil.rmtree(out_dir, ignore_errors=True)  # PDFs of an earlier edition or of removed pages
    printed = print_pages(site, printed_docnames(root), out_dir, version, front_matter=True)
    book = merge(printed, out_dir / book_pdf_name(root), version,
                 title_page=out_dir / "_title.pdf", contents=out_dir / "_contents.pdf")
    for name in ("_title.pdf", "_contents.pdf", *(path.with_suffix(".unstamped.pdf").name for _, path, _ in printed)):
        (out_dir / name).unlink(missing_ok=True)
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
