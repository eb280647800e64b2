"""Every width: figures at their true shape, text a reader can read on a phone, search within reach (issue 20).

Each page of the table of contents is loaded once and measured at four widths
(360, 390, 768 and 1366 CSS px; the viewport is resized, the page is not
reloaded), in the visit it shares with ``test_screens.py`` (``small_screens.py``). At every width every image shown on the page must keep the aspect
ratio of its file (within 1 %): a figure squeezed to the column is a
different figure. On a phone (360 and 390 px) the smallest text of every
figure, as displayed, must be at least ``MIN_TEXT_CSS_PX`` CSS px. The size of
that text is what the figure's PNG records (``analysis.style.figure_png``
writes the smallest font size, in the file's pixels, into the file; the build
copies it to ``data-smallest-text``); displayed, it scales with the image's
shown width over its file width. At every width a search control is on the
first screen where a tap reaches it, and the page does not scroll sideways; on a
phone the page title takes at most a quarter of the first screen.

The evidence ledger on a phone: its columns come in reader order (what was
measured and its value first, the machine key last), a hint says the table
scrolls sideways, and nothing (the "Back to top" button) covers its controls
wherever they are on the screen.
"""
from __future__ import annotations

import pytest

from analysis.style import MIN_TEXT_CSS_PX

from .small_screens import ASPECT_TOLERANCE, HEIGHT, PHONE_WIDTHS, WIDTHS, Widths

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def measured(small_screens) -> dict[str, Widths]:
    """Per page, what the one small-screens visit measured at each width (tests/browser/small_screens.py)."""
    return {name: visit.widths for name, visit in small_screens.items()}


def distortion(image: dict) -> float:
    """How far the shown aspect ratio is from the file's: |shown / file - 1|."""
    return abs((image["w"] / image["h"]) / (image["naturalWidth"] / image["naturalHeight"]) - 1)


@pytest.mark.parametrize("width", WIDTHS)
def test_every_image_keeps_its_aspect_ratio(measured, width):
    distorted = [f"{name}: {image['src']} shown {image['w']:.0f}x{image['h']:.0f}, file "
                 f"{image['naturalWidth']}x{image['naturalHeight']} ({distortion(image):.0%} off)"
                 for name, found in measured.items() for image in found.images[width]
                 if distortion(image) > ASPECT_TOLERANCE]
    shown = sum(len(found.images[width]) for found in measured.values())
    assert shown > 20, f"only {shown} images measured at {width} px"
    assert not distorted, f"{len(distorted)} of {shown} images distorted at {width} px:\n" + "\n".join(distorted)


@pytest.mark.parametrize("width", PHONE_WIDTHS)
def test_figure_text_is_legible_on_a_phone(measured, width):
    problems = []
    for name, found in measured.items():
        for image in found.images[width]:
            if not image["inArticle"]:
                continue
            if image["smallest"] is None:
                problems.append(f"{name}: {image['src']} carries no record of its smallest text (data-smallest-text)")
                continue
            shown = image["smallest"] * image["w"] / image["naturalWidth"]
            if shown < MIN_TEXT_CSS_PX - 0.05:
                problems.append(f"{name}: {image['src']} shown {image['w']:.0f} px wide: smallest text {shown:.1f} CSS px")
    assert not problems, (f"{len(problems)} figures with text under {MIN_TEXT_CSS_PX:g} CSS px at {width} px:\n"
                          + "\n".join(problems))


@pytest.mark.parametrize("width", WIDTHS)
def test_search_is_within_reach_and_no_page_scrolls_sideways(measured, width):
    unreachable = [name for name, found in measured.items() if not found.search[width]]
    wide = {name: found.overflow[width] for name, found in measured.items() if found.overflow[width] > 1}
    assert not unreachable, f"no search control on the first screen at {width} px: {unreachable}"
    assert not wide, f"pages wider than a {width}-px screen (extra px): {wide}"


@pytest.mark.parametrize("width", PHONE_WIDTHS)
def test_page_titles_are_phone_sized(measured, width):
    big = {name: f"{found.title[width]['px']:.0f} px, {found.title[width]['height']:.0f} px tall"
           for name, found in measured.items()
           if found.title[width] and (found.title[width]["px"] > 28 or found.title[width]["height"] > HEIGHT / 4)}
    assert not big, f"page titles larger than 28 px or taller than a quarter of the screen at {width} px: {big}"


LEDGER = "chapters/a1_evidence_table"
# Every control of the ledger: for each, hit-tested where it is after scrolling it to the top,
# middle and bottom of the screen (coming from below, as when scrolling back up, which is
# when the theme shows "Back to top"). Returns the controls something else covered.
COVERED = """async () => {
  const controls = [...document.querySelectorAll('.evidence-ledger .ledger-controls input,'
    + ' .evidence-ledger .ledger-controls select, .evidence-ledger .ledger-count')];
  // The theme shows "Back to top" from a scroll listener and book.js hides it from an
  // IntersectionObserver: both have run once two frames have been drawn after the scroll.
  const pause = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0))));
  const covered = [];
  for (const el of controls) {
    for (const place of [0.1, 0.5, 0.92]) {
      const top = el.getBoundingClientRect().top + scrollY;
      // 'instant': the theme scrolls smoothly, which would still be moving when the frames are drawn.
      window.scrollTo({top: top - innerHeight * place + 600, behavior: 'instant'});
      await pause();
      window.scrollTo({top: top - innerHeight * place, behavior: 'instant'});
      await pause();
      const r = el.getBoundingClientRect();
      const x = r.left + Math.min(r.width / 2, 40), y = r.top + r.height / 2;
      const hit = document.elementFromPoint(x, y);
      if (hit && hit !== el && !el.contains(hit) && !(el.labels && [...el.labels].some((l) => l.contains(hit))))
        covered.push(`${el.className || el.tagName} at ${Math.round(place * 100)}% by ${hit.id || hit.className || hit.tagName}`);
    }
  }
  return {controls: controls.length, covered};
}"""


@pytest.mark.parametrize("width", PHONE_WIDTHS)
def test_the_evidence_ledger_reads_in_order_on_a_phone(context, site_url, width):
    page = context.new_page()
    try:
        page.set_viewport_size({"width": width, "height": HEIGHT})
        page.goto(f"{site_url}/{LEDGER}.html", wait_until="load")
        headers = page.eval_on_selector_all(".evidence-ledger th", "els => els.map(e => e.textContent.trim())")
        value = page.evaluate("""() => { const th = [...document.querySelectorAll('.evidence-ledger th')]
            .find((e) => e.textContent.trim().startsWith('value'));
            const box = document.querySelector('.evidence-ledger .ledger-scroll').getBoundingClientRect();
            return th.getBoundingClientRect().right <= box.right + 1; }""")
        hint = page.evaluate("() => { const h = document.querySelector('.table-scroll-hint');"
                             " return !!h && !h.hidden && h.getBoundingClientRect().height > 0; }")
        covered = page.evaluate(COVERED)
    finally:
        page.close()
    assert headers[0].startswith("quantity") and headers[-1].startswith("claim_id"), f"ledger columns: {headers}"
    assert value, f"the value column is not on the first screen of the ledger at {width} px"
    assert hint, f"no visible hint that the ledger scrolls sideways at {width} px"
    assert covered["controls"] >= 6, f"only {covered['controls']} ledger controls found"
    assert not covered["covered"], f"ledger controls covered at {width} px: {covered['covered']}"
