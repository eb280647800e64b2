"""One visit per page on a desktop screen: what test_site.py and test_accessibility.py check.

Each page of the table of contents is loaded once (1366x900): the visit records its HTTP
status, console errors, failed responses, images and their alt text, links, figures that
take no room, typeset maths and the notebook download link, then runs axe-core on it in
light and in dark mode. One load serves both modules: loading every page twice cost about
a quarter of the browser stage's page loads.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from .site import SCREENSHOTS, SETTLED, artifact_name

AXE = Path(__file__).with_name("vendor") / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 3), count: v.nodes.length}));
}"""


def axe_violations(page) -> dict[str, list[dict]]:
    """axe-core's violations on ``page`` in light, then dark mode (the theme's ``data-theme``, as its colour button sets it)."""
    page.add_script_tag(path=str(AXE))
    # The theme animates colours when the mode changes: check the colours the mode ends with.
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    found = {}
    for mode in ("light", "dark"):
        page.evaluate("(mode) => { document.documentElement.dataset.theme = mode;"
                      " document.documentElement.dataset.mode = mode; }", mode)
        page.evaluate(SETTLED)
        found[mode] = page.evaluate(AXE_RUN, AXE_TAGS)
    return found


@dataclass
class PageReport:
    docname: str
    url: str
    status: int | None = None
    console_errors: list[str] = field(default_factory=list)
    failed_responses: list[str] = field(default_factory=list)
    images: list[dict] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    invisible_figures: list[str] = field(default_factory=list)
    math_elements: int = 0
    typeset_math: int = 0
    download_links: list[dict] = field(default_factory=list)
    axe: dict[str, list[dict]] = field(default_factory=dict)
    seconds: float = 0.0


IMAGES_JS = """
async () => {
  const images = [...document.querySelectorAll('img')];
  await Promise.all(images.map(img => { img.loading = 'eager'; return img.decode().catch(() => null); }));
  return images.map(img => ({
    src: img.getAttribute('src') || '', url: img.currentSrc || img.src,
    alt: img.getAttribute('alt'), naturalWidth: img.naturalWidth,
    shown: img.getBoundingClientRect().width, inArticle: !!img.closest('main article'),
    link: img.closest('a') ? img.closest('a').getAttribute('href') : null,
  }));
}
"""

FIGURES_JS = """
() => {
  const hidden = el => el.closest('.toggle-hidden, details:not([open]), [hidden], .d-none');
  const main = document.querySelector('main') || document.body;
  return [...main.querySelectorAll('figure, div.figure, .cell_output img, img')]
    .filter(el => !hidden(el))
    .map(el => { const r = el.getBoundingClientRect();
                 return {what: el.id || el.getAttribute('src') || el.tagName, w: r.width, h: r.height}; })
    .filter(r => !(r.w > 0 && r.h > 0))
    .map(r => `${r.what} (${r.w}x${r.h})`);
}
"""

DOWNLOAD_JS = """
() => [...document.querySelectorAll('p.ipynb-download a')].map(a => {
  const r = a.getBoundingClientRect();
  return {href: a.href, text: a.textContent.trim(), download: a.hasAttribute('download'),
          visible: r.width > 0 && r.height > 0 && getComputedStyle(a).visibility !== 'hidden'};
})
"""


class Network:
    """The requests of one page still in flight, to wait until the page has stopped fetching.

    Playwright's "networkidle" waits for 500 ms without a request on every page; the page is
    quiet as soon as nothing is in flight and nothing new started for :attr:`QUIET_MS`.
    """

    QUIET_MS = 150

    def __init__(self, page):
        self.page, self.in_flight, self.last_change = page, set(), time.perf_counter()
        page.on("request", self._started)
        page.on("requestfinished", self._ended)
        page.on("requestfailed", self._ended)

    def _started(self, request):
        self.in_flight.add(request)
        self.last_change = time.perf_counter()

    def _ended(self, request):
        self.in_flight.discard(request)
        self.last_change = time.perf_counter()

    def wait_until_quiet(self, timeout_s: float = 30.0) -> None:
        deadline = time.perf_counter() + timeout_s
        while self.in_flight or time.perf_counter() - self.last_change < self.QUIET_MS / 1000:
            if time.perf_counter() > deadline:
                raise TimeoutError(f"{self.page.url}: still fetching after {timeout_s:.0f} s: "
                                   + ", ".join(request.url for request in self.in_flight))
            self.page.wait_for_timeout(25)  # lets Playwright deliver the request events


def visit(context, base: str, docname: str, screenshot: bool) -> PageReport:
    report = PageReport(docname=docname, url=f"{base}/{docname}.html")
    page = context.new_page()

    def on_console(message):
        if message.type == "error":
            report.console_errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: report.console_errors.append(f"uncaught: {error}"))
    page.on("response", lambda r: report.failed_responses.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    network = Network(page)
    started = time.perf_counter()
    try:
        response = page.goto(report.url, wait_until="load")
        report.status = response.status if response else None
        network.wait_until_quiet()
        report.math_elements = page.locator("span.math, div.math").count()
        if report.math_elements:
            page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=15_000)
            page.evaluate("() => MathJax.startup.promise")
            report.typeset_math = page.locator("mjx-container").count()
        report.images = page.evaluate(IMAGES_JS)
        report.links = page.eval_on_selector_all("a[href]", "els => els.map(a => a.href)")
        report.invisible_figures = page.evaluate(FIGURES_JS)
        report.download_links = page.evaluate(DOWNLOAD_JS)
        if screenshot:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"{artifact_name(docname)}.png"), full_page=True)
        report.axe = axe_violations(page)
    finally:
        report.seconds = time.perf_counter() - started
        page.close()
    return report


class Crawl(dict):
    """docname -> PageReport, with a short repr (pytest prints fixtures in tracebacks)."""

    def __repr__(self) -> str:
        return f"<crawl of {len(self)} pages>"
