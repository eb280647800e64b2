"""One visit per page on small and wide screens: what test_figures.py and test_screens.py check.

Each page of the table of contents is loaded once on a phone's 390x844 screen: the menu
drawer must open from the visible button and show the book's table of contents, then close
on a tap beside it. Then the page is measured at four widths (360, 390, 768 and 1366 CSS px;
the viewport is resized, the page is not reloaded): the images as shown against their
files, the search control, sideways scrolling and the title. Console errors and failed requests
(favicon included) are recorded throughout. One load serves both modules: loading every page
twice cost a fifth of the browser stage's page loads.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .site import PHONE, SETTLED

WIDTHS = (360, 390, 768, 1366)
PHONE_WIDTHS = (360, 390)
HEIGHT = 800
ASPECT_TOLERANCE = 0.01

# Every image with a box on the page: its content box, its file's pixels, its recorded smallest text.
MEASURE = """async () => {
  const images = [...document.querySelectorAll('img')];
  await Promise.all(images.map((img) => { img.loading = 'eager'; return img.decode().catch(() => null); }));
  return images.filter((img) => img.getBoundingClientRect().width > 0 && img.naturalWidth > 0).map((img) => {
    const s = getComputedStyle(img), r = img.getBoundingClientRect();
    const px = (name) => parseFloat(s[name]) || 0;
    return {
      src: (img.getAttribute('src') || '').split('/').pop(),
      inArticle: !!img.closest('main article'),
      w: r.width - px('paddingLeft') - px('paddingRight') - px('borderLeftWidth') - px('borderRightWidth'),
      h: r.height - px('paddingTop') - px('paddingBottom') - px('borderTopWidth') - px('borderBottomWidth'),
      naturalWidth: img.naturalWidth, naturalHeight: img.naturalHeight,
      smallest: img.dataset.smallestText === undefined ? null : parseFloat(img.dataset.smallestText),
    };
  });
}"""


# A search control is on screen and is what a tap on it would hit.
SEARCH_SEEN = """() => [...document.querySelectorAll(
    'button.search-button, button.search-button-field, form.bd-search input')].some((el) => {
  const r = el.getBoundingClientRect();
  if (r.width < 1 || r.height < 1) return false;
  const x = r.left + r.width / 2, y = r.top + r.height / 2;
  if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) return false;
  const hit = document.elementFromPoint(x, y);
  return !!hit && (hit === el || el.contains(hit));
})"""
TITLE = """() => { const h = document.querySelector('main article h1');
  return h ? {px: parseFloat(getComputedStyle(h).fontSize), height: h.getBoundingClientRect().height} : null; }"""
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


@dataclass
class Widths:
    images: dict[int, list[dict]] = field(default_factory=dict)
    search: dict[int, bool] = field(default_factory=dict)
    overflow: dict[int, int] = field(default_factory=dict)
    title: dict[int, dict | None] = field(default_factory=dict)


# A link is "seen" when it lies in the viewport and is what a tap there would hit.
SEEN = """(sel) => Array.from(document.querySelectorAll(sel)).some((el) => {
  const r = el.getBoundingClientRect();
  if (r.width < 1 || r.height < 1) return false;
  const x = r.left + Math.min(r.width / 2, 20), y = r.top + r.height / 2;
  if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) return false;
  const hit = document.elementFromPoint(x, y);
  return !!hit && (hit === el || el.contains(hit));
})"""
BOOK_TOC = "nav.bd-docs-nav a.reference"


def first_visible(page, selector):
    """The first element matching ``selector`` that is visible, or None."""
    buttons = page.locator(selector)
    return next((buttons.nth(i) for i in range(buttons.count()) if buttons.nth(i).is_visible()), None)


def unseen(selector: str) -> str:
    """A page function true while no element matching ``selector`` is seen (:data:`SEEN`)."""
    return f"() => !({SEEN})({selector!r})"


@dataclass
class ScreensVisit:
    """What one page showed: :class:`Widths` measurements, the drawer's failure (empty if it worked), errors."""

    widths: Widths = field(default_factory=Widths)
    drawer: str = ""
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def visit(context, url: str) -> ScreensVisit:
    report = ScreensVisit()
    page = context.new_page()
    page.on("console", lambda message: report.console_errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: report.console_errors.append(f"uncaught: {error}"))
    page.on("response", lambda response: report.failed.append(f"{response.status} {response.url}") if response.status >= 400 else None)
    page.on("requestfailed", lambda request: report.failed.append(f"failed {request.url}"))
    found = report.widths
    try:
        page.set_viewport_size(PHONE)
        page.goto(url, wait_until="load")
        try:
            if page.evaluate(SEEN, BOOK_TOC):
                raise AssertionError("the table of contents covers the page before the menu is opened")
            button = first_visible(page, ".primary-toggle")
            if button is None:
                raise AssertionError("no visible menu button")
            button.click()
            page.wait_for_function(SEEN, arg=BOOK_TOC, timeout=5000)
            page.mouse.click(PHONE["width"] - 10, PHONE["height"] // 2)  # a tap beside the drawer closes it
            page.wait_for_function(unseen(BOOK_TOC), timeout=5000)
        except Exception as error:  # noqa: BLE001 - recorded, reported by the test
            report.drawer = str(error).splitlines()[0]
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": HEIGHT})
            page.evaluate(SETTLED)
            page.evaluate("() => window.scrollTo(0, 0)")
            found.search[width] = page.evaluate(SEARCH_SEEN)
            found.overflow[width] = page.evaluate(OVERFLOW)
            found.title[width] = page.evaluate(TITLE)
            found.images[width] = page.evaluate(MEASURE)
    finally:
        page.close()
    return report
