"""How fast a reader on a slow phone line sees the first text of a page (issue 20), for ``make bench``.

The built site is served on the loopback the way a static host serves it —
text compressed with gzip when the browser asks (GitHub Pages does) — or plain,
and Chromium loads a page through DevTools' request-level throttling set to
Lighthouse's "Slow 4G" preset. The preset and its request-level adjustment
come from Lighthouse's documentation and code, not from memory:

* ``https://raw.githubusercontent.com/GoogleChrome/lighthouse/main/docs/throttling.md``:
  "Latency: 150ms - Throughput: 1.6Mbps down / 750 Kbps up." (called "Slow 4G");
* Lighthouse's ``emulation.js`` (pull request #2238 and its later form): DevTools
  throttling works per request, so Lighthouse multiplies the latency by
  ``LATENCY_FACTOR = 3.75`` and the throughput by ``THROUGHPUT_FACTOR = 0.9``.

First text is the browser's first contentful paint. A measurement, not a test:
a loaded machine or another Chromium gives other figures.
"""
from __future__ import annotations

import gzip
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .local_site import CHROMIUM, CHROMIUM_ARGS, QuietHandler, serve

__all__ = ["SLOW_4G", "first_text", "serve_like_a_host"]

_LATENCY_FACTOR, _THROUGHPUT_FACTOR = 3.75, 0.9
#: Lighthouse's "Slow 4G" for DevTools' request-level throttling (latency in ms, throughput in bytes/s).
SLOW_4G = {
    "offline": False,
    "latency": 150 * _LATENCY_FACTOR,
    "downloadThroughput": 1.6 * 1024 * 1024 / 8 * _THROUGHPUT_FACTOR,
    "uploadThroughput": 750 * 1024 / 8 * _THROUGHPUT_FACTOR,
}
_COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".txt", ".xml", ".map")


class _Host(QuietHandler):
    """A static host: text gzip-compressed when the browser accepts it (if ``compress``), never cached."""

    compress = True

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (self.compress and wants_gzip and path.suffix in _COMPRESSED and path.is_file()):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)


class _Body:
    """The file-like object ``SimpleHTTPRequestHandler.do_GET`` copies to the socket."""

    def __init__(self, data: bytes):
        self._data = data

    def read(self, size: int = -1) -> bytes:
        data, self._data = (self._data, b"") if size < 0 else (self._data[:size], self._data[size:])
        return data

    def close(self) -> None:
        self._data = b""


@contextmanager
def serve_like_a_host(site: Path, compress: bool = True) -> Iterator[str]:
    """Serve the folder ``site`` on 127.0.0.1 (gzip for text if ``compress``); yield its base URL."""
    handler = type("Host", (_Host,), {"compress": compress})
    with serve(site, handler) as base:
        yield base + "/"


def first_text(urls: list[str], conditions: dict | None = None, width: int = 390) -> dict[str, dict[str, float]]:
    """For each URL, loaded cold at a phone's ``width`` (CSS px) under ``conditions`` (default :data:`SLOW_4G`):
    ``first_text_s`` (first contentful paint, seconds), ``load_s`` (load event, seconds) and
    ``transferred_kb`` (bytes on the wire for the page and everything it fetched before load, kB)."""
    from playwright.sync_api import sync_playwright

    conditions = SLOW_4G if conditions is None else conditions
    figures: dict[str, dict[str, float]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            for url in urls:
                context = browser.new_context(viewport={"width": width, "height": 844})
                page = context.new_page()
                cdp = context.new_cdp_session(page)
                cdp.send("Network.enable")
                cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
                cdp.send("Network.emulateNetworkConditions", conditions)
                try:
                    page.goto(url, wait_until="load", timeout=120_000)
                except Exception as error:  # Playwright's own errors: say which URL, not a deep traceback
                    raise ValueError(f"urls: {url!r} could not be loaded ({str(error).splitlines()[0]})") from None
                # The paint entry can be recorded after the load event: wait for it (at most 10 s).
                figures[url] = page.evaluate("""async () => {
                    const paint = await new Promise(resolve => {
                        new PerformanceObserver(list => {
                            const entry = list.getEntriesByName('first-contentful-paint')[0];
                            if (entry) resolve(entry.startTime);
                        }).observe({type: 'paint', buffered: true});
                        setTimeout(() => resolve(NaN), 10000);
                    });
                    const nav = performance.getEntriesByType('navigation')[0];
                    const bytes = [nav, ...performance.getEntriesByType('resource')]
                        .reduce((sum, entry) => sum + (entry.transferSize || 0), 0);
                    return {first_text_s: paint / 1000, load_s: nav.loadEventStart / 1000, transferred_kb: bytes / 1000};
                }""")
                context.close()
        finally:
            browser.close()
    return {url: {key: round(value, 2) for key, value in values.items()} for url, values in figures.items()}


def main(argv: list[str] | None = None) -> int:
    """``python -m booktools.page_load URL …``: print each page's figures on slow 4G as JSON."""
    import argparse
    import json

    parser = argparse.ArgumentParser(description="First text of pages on Lighthouse's slow 4G line (JSON).")
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--unthrottled", action="store_true", help="no throttling (for comparison)")
    args = parser.parse_args(argv)
    fast = {**SLOW_4G, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
    try:
        figures = first_text(args.urls, conditions=fast if args.unthrottled else None)
    except ValueError as error:
        parser.exit(2, f"page_load: {error}\n")
    print(json.dumps(figures, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
