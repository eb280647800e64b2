"""Figures at every width: their true shape, and text a reader can read on a phone (issue 20).

Each page of the table of contents is loaded once and measured at four widths
(360, 390, 768 and 1366 CSS px; the viewport is resized, the page is not
reloaded). At every width every image shown on the page must keep the aspect
ratio of its file (within 1 %): a figure squeezed to the column is a
different figure. On a phone (360 and 390 px) the smallest text of every
figure, as displayed, must be at least ``MIN_TEXT_CSS_PX`` CSS px. The size of
that text is what the figure's PNG records (``analysis.style.figure_png``
writes the smallest font size, in the file's pixels, into the file; the build
copies it to ``data-smallest-text``); displayed, it scales with the image's
shown width over its file width.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from analysis.style import MIN_TEXT_CSS_PX

from .site import TOC_PAGES

pytestmark = pytest.mark.browser

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


@dataclass
class Widths:
    images: dict[int, list[dict]] = field(default_factory=dict)


def measure_page(context, url: str) -> Widths:
    found = Widths()
    page = context.new_page()
    try:
        page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})
        page.goto(url, wait_until="load")
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": HEIGHT})
            page.wait_for_timeout(50)
            found.images[width] = page.evaluate(MEASURE)
    finally:
        page.close()
    return found


@pytest.fixture(scope="module")
def measured(context, site_url) -> dict[str, Widths]:
    return {name: measure_page(context, f"{site_url}/{name}.html") for name in TOC_PAGES}


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
