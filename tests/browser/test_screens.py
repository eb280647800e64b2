"""Every reader, every screen: phone navigation, no sideways scrolling, figures that open full size.

Each page of the table of contents is visited once at a phone's 390x844: the
menu drawer must open from the visible button and show the book's table of
contents, then close; the page must not scroll sideways at 390 nor at 360 px;
no console error and no failed request (favicon included). On a desktop
(1366x900) the table of contents is on screen and the menu button folds it
away and back. Keyboard users open and close the drawers with Enter and
Escape, and focus returns to the button. (That every figure opens full size
and is sharp is checked on the desktop crawl of ``test_site.py``.)
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from .site import DESKTOP, PHONE, SMALLEST, TOC_PAGES

pytestmark = pytest.mark.browser

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
PAGE_TOC = "nav.page-toc a.nav-link, nav.bd-toc-nav a.nav-link"
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


def _visible(page, selector):
    buttons = page.locator(selector)
    return next((buttons.nth(i) for i in range(buttons.count()) if buttons.nth(i).is_visible()), None)


def _unseen(selector: str) -> str:
    return f"() => !({SEEN})({selector!r})"


@dataclass
class PhoneVisit:
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    overflow: dict[int, int] = field(default_factory=dict)
    drawer: str = ""


def visit_on_a_phone(context, url: str) -> PhoneVisit:
    report = PhoneVisit()
    page = context.new_page()
    page.set_viewport_size(PHONE)
    # The figures come from the browser's cache (the desktop crawl fetched them). Intercepting their
    # requests to skip them would turn that cache off for every file of the page.
    def on_console(message):
        if message.type == "error":
            report.console_errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: report.console_errors.append(f"uncaught: {error}"))
    page.on("response", lambda response: report.failed.append(f"{response.status} {response.url}") if response.status >= 400 else None)
    page.on("requestfailed", lambda request: report.failed.append(f"failed {request.url}"))
    try:
        page.goto(url, wait_until="load")
        report.overflow[PHONE["width"]] = page.evaluate(OVERFLOW)
        try:
            if page.evaluate(SEEN, BOOK_TOC):
                raise AssertionError("the table of contents covers the page before the menu is opened")
            button = _visible(page, ".primary-toggle")
            if button is None:
                raise AssertionError("no visible menu button")
            button.click()
            page.wait_for_function(SEEN, arg=BOOK_TOC, timeout=5000)
            page.mouse.click(PHONE["width"] - 10, PHONE["height"] // 2)  # a tap beside the drawer closes it
            page.wait_for_function(_unseen(BOOK_TOC), timeout=5000)
        except Exception as error:  # noqa: BLE001 - recorded, reported by the test
            report.drawer = str(error).splitlines()[0]
        page.set_viewport_size(SMALLEST)
        page.evaluate("() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))")
        report.overflow[SMALLEST["width"]] = page.evaluate(OVERFLOW)
    finally:
        page.close()
    return report


@pytest.fixture(scope="module")
def phone_visits(context, site_url) -> dict[str, PhoneVisit]:
    return {name: visit_on_a_phone(context, f"{site_url}/{name}.html") for name in TOC_PAGES}


def test_the_menu_drawer_opens_and_closes_on_a_phone(phone_visits):
    broken = {name: visit.drawer for name, visit in phone_visits.items() if visit.drawer}
    assert not broken, f"the menu drawer fails at {PHONE['width']} px on: {broken}"


@pytest.mark.parametrize("width", [PHONE["width"], SMALLEST["width"]])
def test_no_page_scrolls_sideways(phone_visits, width):
    wide = {name: visit.overflow[width] for name, visit in phone_visits.items() if visit.overflow[width] > 1}
    assert not wide, f"pages wider than a {width}-px screen (extra px): {wide}"


def test_no_console_error_or_failed_request_on_a_phone(phone_visits):
    problems = {name: visit.console_errors + visit.failed for name, visit in phone_visits.items()
                if visit.console_errors or visit.failed}
    assert not problems, f"console errors or failed requests (favicon included): {problems}"


@pytest.mark.parametrize("docname", ["intro", "chapters/04_cold_to_hot"])
def test_drawers_work_from_the_keyboard(context, site_url, docname):
    page = context.new_page()
    page.set_viewport_size(PHONE)
    try:
        page.goto(f"{site_url}/{docname}.html", wait_until="load")
        for selector, toggle in ((BOOK_TOC, ".primary-toggle"), (PAGE_TOC, ".secondary-toggle")):
            button = _visible(page, toggle)
            assert button is not None, f"no visible {toggle} button"
            button.focus()
            page.keyboard.press("Enter")
            page.wait_for_function(SEEN, arg=selector, timeout=5000)
            page.keyboard.press("Escape")
            page.wait_for_function(_unseen(selector), timeout=5000)
            assert page.evaluate(f"document.activeElement.matches({toggle!r})"), "focus did not return to the button"
            outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none", "the focused button shows no focus ring"
    finally:
        page.close()


def test_on_a_desktop_the_contents_show_and_the_button_folds_them(context, site_url):
    page = context.new_page()
    page.set_viewport_size(DESKTOP)
    try:
        page.goto(f"{site_url}/chapters/04_cold_to_hot.html", wait_until="load")
        assert page.evaluate(SEEN, BOOK_TOC), f"the table of contents is not on screen at {DESKTOP['width']} px"
        button = _visible(page, ".primary-toggle")
        button.click()
        page.wait_for_function(_unseen(BOOK_TOC), timeout=5000)
        button.click()
        page.wait_for_function(SEEN, arg=BOOK_TOC, timeout=5000)
    finally:
        page.close()
