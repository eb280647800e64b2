"""The printable edition (make pdf): whole, with every figure, readable text and no screen widgets or solutions."""
import json
import re

import pytest

from booktools import ROOT
from booktools.pdf import PDF_DIR, book_pdf_name, page_pdf_name, printed_docnames

pypdf = pytest.importorskip("pypdf")

SITE = ROOT / "_build" / "html"
PAGES = printed_docnames(ROOT)


@pytest.fixture(scope="module")
def book():
    path = SITE / PDF_DIR / book_pdf_name()
    if not path.exists():
        pytest.fail(f"{path.relative_to(ROOT)} is missing: run make pdf")
    return pypdf.PdfReader(str(path))


def site_figures(docname: str) -> int:
    html = (SITE / f"{docname}.html").read_text(encoding="utf-8")
    article = html[html.find("<article"):html.find("</article>")]
    return len(re.findall(r'<img[^>]+src="[^"]*_images/', article))


def pdf_images(reader) -> int:
    """Image objects drawn on the pages (counted from the page resources, without decoding them)."""
    count = 0
    for page in reader.pages:
        xobjects = (page.get("/Resources") or {}).get("/XObject") or {}
        count += sum(1 for ref in xobjects.values() if ref.get_object().get("/Subtype") == "/Image")
    return count


def test_the_book_has_every_page_in_order_with_a_bookmark(book):
    assert len(book.pages) >= len(PAGES)
    titles = [item.title for item in book.outline]
    assert len(titles) == len(PAGES)
    assert any("cold to hot" in title.lower() for title in titles)


@pytest.mark.parametrize("docname", PAGES)
def test_each_page_has_a_pdf_with_every_figure(docname):
    reader = pypdf.PdfReader(str(SITE / PDF_DIR / page_pdf_name(docname)))
    assert len(reader.pages) >= 1
    assert pdf_images(reader) >= site_figures(docname), f"{docname}: a figure of the page is missing from its PDF"


def test_the_book_embeds_every_figure_of_the_site(book):
    assert pdf_images(book) >= sum(site_figures(name) for name in PAGES) > 20


#: The printed pages whose text is read back: a glued value's chapter and the chapter with the
#: most exercises (reading all ~200 pages takes pypdf 14 s; the print stylesheet is one for every
#: page, and tests/browser/test_modes.py checks it in the browser).
TEXT_SAMPLE = ("chapters/03_synergy", "chapters/04_cold_to_hot")


def test_text_is_extractable_and_has_no_widgets_or_solutions():
    texts = {docname: "\n".join(page.extract_text() or "" for page in
                                 pypdf.PdfReader(str(SITE / PDF_DIR / page_pdf_name(docname))).pages)
             for docname in TEXT_SAMPLE}
    published = json.loads((ROOT / "tests" / "published" / "values.json").read_text(encoding="utf-8"))
    assert published["04_cold_to_hot"]["after_os6"] in texts["chapters/04_cold_to_hot"], "a glued value is not found in the PDF's text"
    for docname, text in texts.items():
        for widget in ("Click to show", "Show code cell", "Download notebook (.ipynb) ·", "Solution to"):
            assert widget not in text, f"{docname}: the PDF shows {widget!r}"
    assert "Exercise 4.1" in texts["chapters/04_cold_to_hot"], "the exercises belong in the printed book"
    assert "Exercise 3.1" in texts["chapters/03_synergy"], "the exercises belong in the printed book"


def test_equations_are_typeset_not_printed_as_tex():
    """Chapter 5 shows the LQ model's equations: in its PDF they are MathJax's, not raw TeX."""
    source = (ROOT / "chapters" / "05_dose.md").read_text(encoding="utf-8")
    assert "$$" in source and "\\alpha" in source, "chapter 5 no longer has display math: pick another page"
    reader = pypdf.PdfReader(str(SITE / PDF_DIR / page_pdf_name("chapters/05_dose")))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    for tex in ("$$", "\\alpha", "\\left", "\\mathrm"):
        assert tex not in text, f"the PDF prints TeX source ({tex}): MathJax did not typeset before printing"


def test_the_book_opens_with_the_literature_date_and_not_for_clinical_decisions(book):
    from booktools.notice import notice_lines

    opening = " ".join(" ".join(page.extract_text().split()) for page in book.pages[:3]).replace("\u2019", "'")
    for line in notice_lines():
        plain = " ".join(line.replace("**", "").split())
        assert plain[:60] in opening, f"the printed book's first pages lack {plain[:60]!r}"
