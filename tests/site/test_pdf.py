"""The printable edition (make pdf): whole, with every figure, readable text and no screen widgets or solutions."""
import json
import re

import pytest

from booktools import ROOT
from booktools.paths import SITE, SITE_PDF
from booktools.pdf import book_pdf_name, page_pdf_name, printed_docnames

pypdf = pytest.importorskip("pypdf")

PAGES = printed_docnames(ROOT)


@pytest.fixture(scope="module")
def book():
    path = SITE_PDF / book_pdf_name()
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
    assert titles[:2] == ["Title page", "Contents"] and len(titles) == len(PAGES) + 2
    assert any("cold to hot" in title.lower() for title in titles)


@pytest.mark.parametrize("docname", PAGES)
def test_each_page_has_a_pdf_with_every_figure(docname):
    reader = pypdf.PdfReader(str(SITE_PDF / page_pdf_name(docname)))
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
                                 pypdf.PdfReader(str(SITE_PDF / page_pdf_name(docname))).pages)
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
    reader = pypdf.PdfReader(str(SITE_PDF / page_pdf_name("chapters/05_dose")))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    for tex in ("$$", "\\alpha", "\\left", "\\mathrm"):
        assert tex not in text, f"the PDF prints TeX source ({tex}): MathJax did not typeset before printing"


def test_the_book_opens_with_the_literature_date_and_not_for_clinical_decisions(book):
    from booktools.notice import notice_lines

    opening = " ".join(" ".join(page.extract_text().split()) for page in book.pages[:3]).replace("\u2019", "'")
    for line in notice_lines():
        plain = " ".join(line.replace("**", "").split())
        assert plain[:60] in opening, f"the printed book's first pages lack {plain[:60]!r}"


# --------------------------------------------------------------------------- the PDF as a book (issue 20)

def _text(page) -> str:
    return " ".join((page.extract_text() or "").split())


def _outline(book) -> list[tuple[str, int]]:
    """(title, 0-based page index) of every bookmark, in order."""
    return [(item.title, book.get_destination_page_number(item)) for item in book.outline]


def test_page_one_is_the_title_page(book):
    from booktools.pdf import BOOK_TITLE

    first = _text(book.pages[0])
    assert BOOK_TITLE in first and "Edition" in first, f"page 1 is not the title page: {first[:200]!r}"
    assert _outline(book)[0] == ("Title page", 0)


def test_the_contents_list_every_page_with_the_page_it_starts_on(book):
    outline = _outline(book)
    assert outline[1][0] == "Contents"
    contents = " ".join(_text(book.pages[index]) for index in range(outline[1][1], outline[2][1]))
    chapters = outline[2:]
    assert len(chapters) == len(PAGES)
    for title, index in chapters:
        found = re.search(re.escape(" ".join(title.split())) + r"\s+(\d+)", contents)
        assert found, f"the contents do not list {title!r} with a page number"
        assert int(found.group(1)) == index + 1, f"{title!r}: contents say page {found.group(1)}, it starts on {index + 1}"
        assert title[:20] in _text(book.pages[index]), f"page {index + 1} does not show {title!r}"


def test_page_numbers_run_on_and_headers_name_the_page(book):
    from booktools.pdf import BOOK_TITLE

    outline = _outline(book)
    starts = [index for _, index in outline]
    sample = sorted(set(range(1, len(book.pages), 9)) | {len(book.pages) - 1} | {i + 1 for i in starts[2:]} - {len(book.pages)})
    for index in sample:
        words = _text(book.pages[index]).split()
        assert words and words[-1] == str(index + 1), f"page {index + 1} is numbered {words[-1:]}"
        owner = [title for title, start in outline if start <= index][-1]
        # Stamped last: the header (the page's title, then the book's), then the number.
        tail = " ".join(words)[-(len(owner) + len(BOOK_TITLE) + 20):]
        assert owner[:20] in tail and tail.endswith(f"{BOOK_TITLE} {index + 1}"), \
            f"page {index + 1}: no running header naming {owner!r} ({tail!r})"


def test_no_code_cell_is_printed():
    from html.parser import HTMLParser

    class Code(HTMLParser):
        def __init__(self):
            super().__init__()
            self.depth, self.lines = 0, []

        def handle_starttag(self, tag, attrs):
            classes = dict(attrs).get("class") or ""
            if self.depth or "cell_input" in classes.split():
                self.depth += 1

        def handle_endtag(self, tag):
            if self.depth:
                self.depth -= 1

        def handle_data(self, data):
            if self.depth:
                self.lines += [line.strip() for line in data.splitlines() if len(line.strip()) >= 25]

    for docname in TEXT_SAMPLE:
        parser = Code()
        parser.feed((SITE / f"{docname}.html").read_text(encoding="utf-8"))
        assert parser.lines, f"{docname}: no visible code cell on the page to check"
        text = " ".join(" ".join(page.extract_text().split()) for page in
                        pypdf.PdfReader(str(SITE_PDF / page_pdf_name(docname))).pages)
        printed = [line for line in parser.lines if " ".join(line.split()) in text]
        assert not printed, f"{docname}: code printed: {printed[:3]}"


def test_the_evidence_table_keeps_every_word_whole():
    """The ledger and the trials table on paper: every word of their first column is in the PDF's text whole (not broken letter by letter)."""
    html = (SITE / "chapters" / "a1_evidence_table.html").read_text(encoding="utf-8")
    table = html[html.find('class="evidence-ledger"'):]
    cells = re.findall(r"<tr[^>]*>\s*<td[^>]*>([^<]*)</td>", table)
    words = {word for cell in cells for word in re.findall(r"[A-Za-z]{7,}", cell)}
    assert len(words) > 30, "too few words found in the ledger's first column"
    text = " ".join(" ".join(page.extract_text().split()) for page in
                    pypdf.PdfReader(str(SITE_PDF / page_pdf_name("chapters/a1_evidence_table"))).pages)
    broken = sorted(word for word in words if word not in text)
    assert not broken, f"{len(broken)} of {len(words)} ledger words broken on paper, e.g. {broken[:8]}"
