"""Dark mode and print: the evidence tables stay readable, a printed chapter is paper, not a screen.

Dark mode is reached the way a reader reaches it: the operating system prefers a
dark scheme and the site follows (``default_mode: auto``). Every element of the
evidence ledger and of the audit's tables that shows text must have a WCAG 2
contrast ratio of at least 4.5:1 against the background actually painted behind
it (the first opaque ancestor background, half-transparent layers blended).

Print is emulated with the ``print`` media type on a chapter that has exercises
and figures: no button, toggle, download link or navigation is displayed; the
exercises are; their solutions are not; figures and exercises may not be split
across pages; and no figure is wider than the page.
"""
from __future__ import annotations

import pytest

from .site import CHAPTERS, DESKTOP

pytestmark = pytest.mark.browser

#: Pages whose tables are the book's own HTML (not pandas frames) and must follow the theme.
TABLE_PAGES = {
    "chapters/a1_evidence_table": ".evidence-ledger",
    "chapters/a2_audit": ".audit-table",
}
WCAG_AA = 4.5

# For every element under `root` with its own visible text: its colour, the background painted
# behind it, and the ratio. Backgrounds are composited from the page down to the element.
CONTRAST = """(root) => {
  const parse = (c) => { const m = c.match(/[\\d.]+/g) || []; return m.length >= 3
      ? {r: +m[0], g: +m[1], b: +m[2], a: m.length > 3 ? +m[3] : 1} : {r: 0, g: 0, b: 0, a: 0}; };
  const over = (top, under) => ({r: top.r * top.a + under.r * (1 - top.a),
      g: top.g * top.a + under.g * (1 - top.a), b: top.b * top.a + under.b * (1 - top.a), a: 1});
  const lum = (c) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) layers.push(parse(getComputedStyle(e).backgroundColor));
    let painted = {r: 255, g: 255, b: 255, a: 1};  // the canvas
    for (const layer of layers.reverse()) if (layer.a > 0) painted = over(layer, painted);
    return painted;
  };
  const out = [];
  for (const el of document.querySelectorAll(root + ' *, ' + root)) {
    const own = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
    const box = el.getBoundingClientRect();
    if (!own || box.width < 1 || box.height < 1 || getComputedStyle(el).visibility === 'hidden') continue;
    const back = background(el), text = over(parse(getComputedStyle(el).color), back);
    const [hi, lo] = [lum(text), lum(back)].sort((a, b) => b - a);
    out.push({tag: el.tagName.toLowerCase(), text: el.textContent.trim().slice(0, 30),
              ratio: (hi + 0.05) / (lo + 0.05), color: getComputedStyle(el).color,
              background: `rgb(${Math.round(back.r)}, ${Math.round(back.g)}, ${Math.round(back.b)})`});
  }
  return out;
}"""


@pytest.fixture(scope="module")
def dark_page(context):
    page = context.new_page()
    page.set_viewport_size(DESKTOP)
    page.emulate_media(color_scheme="dark")
    yield page
    page.close()


@pytest.mark.parametrize("docname", sorted(TABLE_PAGES))
def test_tables_are_readable_in_dark_mode(dark_page, site_url, docname):
    selector = TABLE_PAGES[docname]
    dark_page.goto(f"{site_url}/{docname}.html", wait_until="load")
    assert dark_page.evaluate("() => document.documentElement.dataset.theme") == "dark", (
        "the site did not follow the reader's dark colour scheme (html_context default_mode: auto)")
    assert dark_page.locator(selector).count(), f"{docname}: no {selector} on the page"
    elements = dark_page.evaluate(CONTRAST, selector)
    assert len(elements) > 20, f"{docname}: only {len(elements)} text elements found in {selector}"
    poor = [e for e in elements if e["ratio"] < WCAG_AA]
    assert not poor, f"{docname}: {len(poor)} of {len(elements)} text elements below {WCAG_AA}:1 in dark mode, e.g. " + "; ".join(
        f"<{e['tag']}> {e['text']!r} {e['color']} on {e['background']} = {e['ratio']:.2f}:1" for e in poor[:5])


def test_the_light_page_is_still_readable(context, site_url):
    """The same check in light mode: the theme variables must not break the default either."""
    page = context.new_page()
    try:
        page.emulate_media(color_scheme="light")
        page.goto(f"{site_url}/chapters/a1_evidence_table.html", wait_until="load")
        poor = [e for e in page.evaluate(CONTRAST, ".evidence-ledger") if e["ratio"] < WCAG_AA]
        assert not poor, "; ".join(f"{e['text']!r} {e['ratio']:.2f}:1" for e in poor[:5])
    finally:
        page.close()


# What must not show on paper, and what must.
SCREEN_ONLY = {
    "navigation": ".bd-header, .bd-sidebar-primary, .bd-sidebar-secondary, .prev-next-area",
    "buttons": "button, .btn",
    "download links": ".ipynb-download, a.download",
    "'click to show' toggles": "button.toggle-button, details.hide > summary",
    "solutions": "div.solution",
}

PRINTED = """(sel) => Array.from(document.querySelectorAll(sel)).filter((el) => {
  const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
}).map((el) => el.outerHTML.slice(0, 80))"""
UNBROKEN = """(sel) => Array.from(document.querySelectorAll(sel)).filter((el) => {
  const s = getComputedStyle(el); return s.breakInside !== 'avoid' && s.pageBreakInside !== 'avoid';
}).map((el) => el.outerHTML.slice(0, 80))"""


def _chapter_with_exercises_and_figures(page, site_url) -> str:
    for docname in CHAPTERS:
        page.goto(f"{site_url}/{docname}.html", wait_until="load")
        if page.locator("div.exercise").count() and page.locator("div.solution").count() and page.locator("figure img").count():
            return docname
    pytest.fail("no chapter has exercises, solutions and figures")


def test_a_printed_chapter_is_paper(context, site_url):
    page = context.new_page()
    try:
        page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 CSS px per inch
        docname = _chapter_with_exercises_and_figures(page, site_url)
        page.emulate_media(media="print")
        problems = []
        for what, selector in SCREEN_ONLY.items():
            shown = page.evaluate(PRINTED, selector)
            if shown:
                problems.append(f"{what} printed ({len(shown)}), e.g. {shown[0]}")
        exercises = page.evaluate(PRINTED, "div.exercise")
        if len(exercises) != page.locator("div.exercise").count():
            problems.append(f"only {len(exercises)} of {page.locator('div.exercise').count()} exercises printed")
        split = page.evaluate(UNBROKEN, "figure, div.exercise")
        if split:
            problems.append(f"{len(split)} figures or exercises may be split across pages, e.g. {split[0]}")
        too_wide = page.evaluate("""() => Array.from(document.querySelectorAll('figure img'))
            .filter((img) => img.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
            .map((img) => img.getAttribute('src'))""")
        if too_wide:
            problems.append(f"{len(too_wide)} figures wider than the page, e.g. {too_wide[0]}")
        assert not problems, f"{docname} in print:\n" + "\n".join(problems)
    finally:
        page.close()
