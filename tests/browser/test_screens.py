"""Every reader, every screen: phone navigation, no sideways scrolling, figures that open full size.

Each page of the table of contents is visited once on small screens (the visit
``test_figures.py`` shares, ``small_screens.py``); at a phone's 390x844 the
menu drawer must open from the visible button and show the book's table of
contents, then close; the page must not scroll sideways at 390 nor at 360 px;
no console error and no failed request (favicon included). On a desktop
(1366x900) the table of contents is on screen and the menu button folds it
away and back. Keyboard users open and close the drawers with Enter and
Escape, and focus returns to the button. (That every figure opens full size
and is sharp is checked on the desktop crawl of ``test_site.py``.)
"""
from __future__ import annotations

import pytest

from .site import DESKTOP, PHONE, SMALLEST
from .small_screens import BOOK_TOC, SEEN, first_visible, unseen

pytestmark = pytest.mark.browser

PAGE_TOC = "nav.page-toc a.nav-link, nav.bd-toc-nav a.nav-link"


def test_the_menu_drawer_opens_and_closes_on_a_phone(small_screens):
    broken = {name: visit.drawer for name, visit in small_screens.items() if visit.drawer}
    assert not broken, f"the menu drawer fails at {PHONE['width']} px on: {broken}"


@pytest.mark.parametrize("width", [PHONE["width"], SMALLEST["width"]])
def test_no_page_scrolls_sideways(small_screens, width):
    wide = {name: visit.widths.overflow[width] for name, visit in small_screens.items() if visit.widths.overflow[width] > 1}
    assert not wide, f"pages wider than a {width}-px screen (extra px): {wide}"


def test_no_console_error_or_failed_request_on_a_phone(small_screens):
    problems = {name: visit.console_errors + visit.failed for name, visit in small_screens.items()
                if visit.console_errors or visit.failed}
    assert not problems, f"console errors or failed requests (favicon included): {problems}"


@pytest.mark.parametrize("docname", ["intro", "chapters/04_cold_to_hot"])
def test_drawers_work_from_the_keyboard(context, site_url, docname):
    page = context.new_page()
    page.set_viewport_size(PHONE)
    try:
        page.goto(f"{site_url}/{docname}.html", wait_until="load")
        for selector, toggle in ((BOOK_TOC, ".primary-toggle"), (PAGE_TOC, ".secondary-toggle")):
            button = first_visible(page, toggle)
            assert button is not None, f"no visible {toggle} button"
            button.focus()
            page.keyboard.press("Enter")
            page.wait_for_function(SEEN, arg=selector, timeout=5000)
            page.keyboard.press("Escape")
            page.wait_for_function(unseen(selector), timeout=5000)
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
        button = first_visible(page, ".primary-toggle")
        button.click()
        page.wait_for_function(unseen(BOOK_TOC), timeout=5000)
        button.click()
        page.wait_for_function(SEEN, arg=BOOK_TOC, timeout=5000)
    finally:
        page.close()
