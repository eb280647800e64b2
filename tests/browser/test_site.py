"""Browser tests of the built website (``_build/html``), as a reader meets it.

Run after ``make book``:  ``.venv/bin/python -m pytest -m browser tests/browser``

Serves ``_build/html`` with ``http.server`` on 127.0.0.1 (a free port) and drives
Debian's headless Chromium (``booktools.local_site.CHROMIUM``) through Playwright's sync API; no
Playwright browser download and no pytest-playwright. Every page listed in
``_toc.yml`` is loaded once (the ``crawl`` fixture of conftest.py, ``desktop.py``) and the tests check what was
recorded: HTTP status, console errors, images and their alt text, internal links
and anchors, visible figures, typeset math, the notebook download link, and that
nothing was requested from any host but 127.0.0.1 (requests elsewhere are
recorded, then aborted). With ``BOOK_SCREENSHOTS=1`` a full-page screenshot of
every chapter goes to ``test-artifacts/screenshots/`` (not committed). Phone-sized
screens are tested in ``test_screens.py``.

That each chapter's downloadable ``.ipynb`` runs (in a new environment outside the
repository) is checked by ``python -m booktools.reader_check``, not here.

Skipped only when no Chromium is installed (``.ci/run`` installs Debian's headless one).
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from .desktop import PageReport
from .site import CHAPTERS, LOCAL_HOSTS, SITE, TOC_PAGES, fetch

pytestmark = pytest.mark.browser

SEARCH_TERM = "abscopal"


# --------------------------------------------------------------------------- per-page checks

def _failures(crawl: dict[str, PageReport], check) -> list[str]:
    problems = []
    for name, report in crawl.items():
        problems += [f"{name}: {problem}" for problem in check(report)]
    return problems


def test_toc_is_not_empty():
    assert CHAPTERS, "_toc.yml lists no page under chapters/"


def test_every_page_loads(crawl):
    problems = _failures(crawl, lambda r: [] if r.status == 200 else [f"HTTP status {r.status}"])
    problems += _failures(crawl, lambda r: [f"failed request {line}" for line in r.failed_responses])
    assert not problems, "\n".join(problems)


def test_no_console_errors(crawl):
    problems = _failures(crawl, lambda r: r.console_errors)
    assert not problems, "console errors:\n" + "\n".join(problems)


def _alt_problem(alt: str | None, src: str) -> str | None:
    if alt is None or not alt.strip():
        return "no alt text"
    text = alt.strip()
    name = src.rsplit("/", 1)[-1]
    if text in (src, name) or re.search(r"\.(png|jpe?g|gif|svg|webp|pdf)$", text, re.I):
        return f"alt text is a file name: {text!r}"
    if re.fullmatch(r"[0-9a-f]{16,}(\.\w+)?", text, re.I):
        return f"alt text is a hash: {text!r}"
    if "/" in text and " " not in text:
        return f"alt text is a path: {text!r}"
    if len(text.split()) < 3:
        return f"alt text too short to describe the image: {text!r}"
    return None


def test_images_load_and_have_meaningful_alt_text(crawl):
    def check(report):
        problems = []
        for image in report.images:
            if not image["naturalWidth"]:
                problems.append(f"image did not load: {image['src']}")
            problem = _alt_problem(image["alt"], image["src"])
            if problem:
                problems.append(f"{image['src']}: {problem}")
        return problems

    problems = _failures(crawl, check)
    assert not problems, "\n".join(problems)


def test_figures_are_visible(crawl):
    problems = _failures(crawl, lambda r: [f"figure not visible: {what}" for what in r.invisible_figures])
    assert not problems, "\n".join(problems)


def test_math_is_typeset(crawl):
    problems = _failures(crawl, lambda r: [] if r.typeset_math >= r.math_elements else
                         [f"{r.math_elements} math elements, {r.typeset_math} typeset by MathJax"])
    assert not problems, "\n".join(problems)


class _IdCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for key, value in attrs:
            if key in ("id", "name") and value:
                self.ids.add(value)


def test_internal_links_and_anchors_resolve(crawl, site_url):
    """Every same-site link of every page: the target is served (200) and its #anchor exists."""
    origin = urlsplit(site_url).netloc
    targets: dict[str, tuple[int, set[str] | None]] = {}
    problems = []
    checked = 0
    for name, report in crawl.items():
        for href in sorted(set(report.links)):
            parts = urlsplit(href)
            if parts.scheme not in ("http", "https") or parts.netloc != origin:
                continue
            path = parts.path or "/"
            if path.endswith("/"):
                path += "index.html"
            if path not in targets:
                status, body = fetch(urljoin(site_url, path))
                ids = None
                if status == 200 and path.endswith(".html"):
                    collector = _IdCollector()
                    collector.feed(body.decode("utf8", "replace"))
                    ids = collector.ids
                targets[path] = (status, ids)
            status, ids = targets[path]
            checked += 1
            if status != 200:
                problems.append(f"{name}: link to {path} -> HTTP {status}")
            elif parts.fragment and ids is not None and unquote(parts.fragment) not in ids and parts.fragment not in ids:
                problems.append(f"{name}: link to {path}#{parts.fragment}: no such anchor")
    assert checked, "no internal links found at all"
    assert not problems, f"{len(problems)} broken internal links:\n" + "\n".join(problems)


def test_sidebar_lists_every_toc_page(crawl, site_url):
    """The built navigation and _toc.yml agree (so the crawl covers what readers can reach)."""
    _, body = fetch(f"{site_url}/{TOC_PAGES[0]}.html")  # index.html only redirects to the root page
    hrefs = set(re.findall(r'<a class="reference internal" href="([^"#]+)(?:#[^"]*)?"', body.decode("utf8")))
    nav_pages = {re.sub(r"\.html$", "", h) for h in hrefs if h.endswith(".html")}
    missing = [name for name in TOC_PAGES[1:] if name not in nav_pages]
    assert not missing, f"pages in _toc.yml but not in the site navigation: {missing}"


def test_chapter_pages_offer_their_notebook(crawl):
    def check(report):
        links = report.download_links
        if not links:
            return ["no 'Download notebook (.ipynb)' link"]
        link = links[0]
        problems = []
        if not link["visible"]:
            problems.append("the download link is not visible")
        if not link["href"].endswith(f"/{report.docname}.ipynb") or not link["download"]:
            problems.append(f"download link points to {link['href']} (download attribute: {link['download']})")
        return problems

    problems = _failures({n: r for n, r in crawl.items() if n in CHAPTERS}, check)
    assert not problems, "\n".join(problems)


# Pixels by which the visible search field's icon reaches into where its text starts (None: no field).
SEARCH_ICON_OVERLAP = """() => {
  const form = Array.from(document.querySelectorAll('form.bd-search')).find((f) => f.getBoundingClientRect().width > 0);
  const icon = form && form.querySelector('.fa-magnifying-glass, svg');
  const input = form && form.querySelector('input');
  if (!icon || !input) return null;
  const textStart = input.getBoundingClientRect().left + parseFloat(getComputedStyle(input).paddingLeft);
  return icon.getBoundingClientRect().right - textStart;
}"""


def test_search_finds_a_chapter(context, site_url):
    page = context.new_page()
    try:
        page.goto(f"{site_url}/search.html?q={SEARCH_TERM}", wait_until="load")
        page.wait_for_function(
            "() => { const s = document.querySelector('#search-results .search-summary');"
            " return s && /found|did not match/i.test(s.textContent); }",
            timeout=20_000,
        )
        results = page.eval_on_selector_all("#search-results ul.search li a", "els => els.map(a => a.href)")
        # The field's icon must sit beside the typed text, not on it.
        overlap = page.evaluate(SEARCH_ICON_OVERLAP)
    finally:
        page.close()
    assert overlap is not None, "no visible search field with its magnifying glass on the search page"
    assert overlap <= 0, f"the search icon covers the first {overlap:.0f} px of the typed text"
    sources = sorted(
        str(p.relative_to(SITE / "_sources")) for p in (SITE / "_sources").rglob("*")
        if p.is_file() and SEARCH_TERM in p.read_text(encoding="utf8", errors="replace").lower()
    )
    chapter_hits = [url for url in results if "/chapters/" in url]
    assert chapter_hits, (
        f"searching {SEARCH_TERM!r} lists no chapter page; results: {results}; "
        f"sources mentioning it: {sources or 'none'}"
    )


def test_exercise_solution_hidden_until_opened(context, site_url):
    page = context.new_page()
    try:
        for docname in CHAPTERS:
            page.goto(f"{site_url}/{docname}.html", wait_until="load")
            if page.locator("div.solution.dropdown").count():
                break
        else:
            pytest.fail("no chapter has an exercise solution (sphinx-exercise `solution` with :class: dropdown)")
        assert page.locator("div.exercise").first.is_visible(), f"{docname}: the exercise itself is hidden"
        solution = page.locator("div.solution.dropdown").first
        body = solution.locator(":scope > :not(.admonition-title)").first
        page.wait_for_function("() => document.querySelector('div.solution.dropdown.toggle-hidden')")
        assert not body.is_visible(), f"{docname}: the solution is visible before the reader opens it"
        solution.locator(":scope > .admonition-title").click()
        body.wait_for(state="visible", timeout=5_000)
        assert body.is_visible()
    finally:
        page.close()


# --------------------------------------------------------------------------- offline

LOADING_TAGS = {"script": "src", "img": "src", "iframe": "src", "source": "src", "video": "src",
                "audio": "src", "embed": "src", "link": "href"}
CSS_EXTERNAL = re.compile(r"(?:@import\s+(?:url\()?|url\()\s*[\"']?((?:https?:)?//[^\"')\s]+)", re.I)


def _is_other_host(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.netloc) and parts.hostname not in LOCAL_HOSTS


class _ResourceCollector(HTMLParser):
    """URLs a page would load: script/img/iframe/media src, and <link> other than canonical/alternate."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        key = LOADING_TAGS.get(tag)
        if key is None or not attributes.get(key):
            return
        if tag == "link" and (attributes.get("rel") or "").lower() in ("canonical", "alternate", "author", "license"):
            return
        if _is_other_host(attributes[key]):
            self.urls.append(f"<{tag}> {attributes[key]}")


def test_site_files_refer_to_no_other_host():
    """No page or stylesheet loads anything from another host (also pages the crawl does not visit)."""
    problems = []
    for html in sorted(SITE.rglob("*.html")):
        collector = _ResourceCollector()
        collector.feed(html.read_text(encoding="utf8", errors="replace"))
        problems += [f"{html.relative_to(SITE)}: {url}" for url in collector.urls]
    for css in sorted(SITE.rglob("*.css")):
        for url in CSS_EXTERNAL.findall(css.read_text(encoding="utf8", errors="replace")):
            problems.append(f"{css.relative_to(SITE)}: {url}")
    assert not problems, "resources on other hosts:\n" + "\n".join(sorted(set(problems)))


def test_no_request_leaves_the_machine(crawl, recorder):
    """Runs last: every request of the whole session (all pages, search, exercise) went to 127.0.0.1."""
    assert recorder.requests, "no request recorded"
    external = sorted(set(recorder.external))
    assert not external, f"{len(external)} requests to other hosts (none could be reached):\n" + "\n".join(external)


def test_every_figure_opens_full_size_and_is_sharp(crawl):
    """Every figure is a link to its own file (tap to enlarge) and has >= 1.5 pixels per CSS pixel shown."""
    def check(report):
        problems = []
        for image in report.images:
            if not image["inArticle"]:
                continue
            if not image["link"] or image["link"].split("/")[-1] != image["src"].split("/")[-1]:
                problems.append(f"{image['src']} is not a link to its own file")
            if image["shown"] and image["naturalWidth"] < 1.5 * image["shown"]:
                problems.append(f"{image['src']} is {image['naturalWidth']} px wide, shown at {image['shown']:.0f} CSS px")
        return problems

    figures = sum(1 for report in crawl.values() for image in report.images if image["inArticle"])
    assert figures > 20, "too few figures found on the site"
    problems = _failures(crawl, check)
    assert not problems, "\n".join(problems)
