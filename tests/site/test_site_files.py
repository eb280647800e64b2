"""Files of the built site: figures small enough to serve, pages light, nothing served that no page uses."""
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest

from booktools.paths import SITE, SITE_IMAGES
from booktools.site_size import is_download, measure
from booktools.sphinx_site_fixes import IMAGE_REFERENCE

MAX_FIGURE_BYTES = 200_000


def test_every_site_figure_is_under_200_kb():
    figures = sorted(SITE_IMAGES.glob("*.png")) + sorted(SITE_IMAGES.glob("*.svg"))
    if not figures:
        pytest.fail("no figure on the built site: build the book first (make book)")
    too_big = {figure.name: figure.stat().st_size for figure in figures if figure.stat().st_size >= MAX_FIGURE_BYTES}
    assert not too_big, f"figures of 200 KB or more: {too_big}"


MAX_PAGES_BYTES = 12_000_000


def test_pages_and_their_assets_stay_under_12_mb():
    """What a reader's browser may load (downloads apart) stays small; the report says how big."""
    size = measure(SITE)
    assert size.pages_bytes <= MAX_PAGES_BYTES, "\n".join(size.lines())
    assert size.downloads_bytes > 0, "no downloads counted: the notebooks and archives should be on the site"


def test_nothing_is_served_that_no_page_uses():
    """No source maps, and no figure in _images that no page shows (Sphinx leaves re-drawn ones behind)."""
    maps = sorted(str(path.relative_to(SITE)) for path in SITE.rglob("*.map"))
    assert not maps, f"source maps on the site: {maps[:5]}"
    shown = set()
    for page in SITE.rglob("*.html"):
        shown.update(unquote(name) for name in IMAGE_REFERENCE.findall(page.read_text(encoding="utf8")))
    unused = sorted(path.name for path in SITE_IMAGES.glob("*") if path.name not in shown)
    assert not unused, f"{len(unused)} files in _images that no page shows, e.g. {unused[:3]}"


def test_downloads_are_told_apart_from_pages():
    assert is_download(Path("downloads/rt-io-book-0.2.0-data.zip"))
    assert is_download(Path("chapters/03_synergy.ipynb"))
    assert is_download(Path("_sources/chapters/03_synergy.md"))
    assert not is_download(Path("chapters/03_synergy.html"))
    assert not is_download(Path("_images/figure.png"))
    assert not is_download(Path("_static/book.css"))


MAX_ALT_CHARACTERS = 200


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.alts: list[str] = []
        self.ids: Counter = Counter()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "img":
            self.alts.append(attributes.get("alt") or "")
        if attributes.get("id"):
            self.ids[attributes["id"]] += 1


def test_alt_texts_are_short_and_ids_unique_on_every_page():
    """A screen reader reads the alt whole: the detail belongs in the caption. One id names one element."""
    problems = []
    for page in sorted(SITE.rglob("*.html")):
        parsed = _Page()
        parsed.feed(page.read_text(encoding="utf8"))
        name = page.relative_to(SITE)
        problems += [f"{name}: alt text of {len(alt)} characters: {alt[:60]!r}…" for alt in parsed.alts if len(alt) > MAX_ALT_CHARACTERS]
        problems += [f"{name}: id {key!r} used {count} times" for key, count in parsed.ids.items() if count > 1]
    assert not problems, "\n".join(problems[:20])


def test_mathjax_loads_only_on_pages_with_maths():
    """MathJax (about 1.2 MB) is loaded by exactly the pages that show a math element (issue 20)."""
    from booktools.sphinx_site_fixes import MATH_ELEMENT

    pages = sorted(SITE.rglob("*.html"))
    assert pages, "no page on the built site: build the book first (make book)"
    needless, missing = [], []
    for page in pages:
        text = page.read_text(encoding="utf-8")
        maths, loads = bool(MATH_ELEMENT.search(text)), "mathjax/tex-mml-chtml.js" in text
        if loads and not maths:
            needless.append(str(page.relative_to(SITE)))
        if maths and not loads:
            missing.append(str(page.relative_to(SITE)))
    assert not needless, f"pages that load MathJax without any maths: {needless}"
    assert not missing, f"pages with maths that do not load MathJax: {missing}"
