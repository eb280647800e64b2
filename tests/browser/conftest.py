"""Fixtures of the browser tests: the built site served on 127.0.0.1, and one headless Chromium."""
from __future__ import annotations

import os
import shutil
import tempfile
from urllib.parse import urlsplit

import pytest

from booktools.local_site import OFFLINE_RULE, serve

from .desktop import AXE, Crawl, visit
from .small_screens import ScreensVisit
from .small_screens import visit as visit_small_screens
from .site import CHAPTERS, CHROMIUM, CHROMIUM_ARGS, DESKTOP, LOCAL_HOSTS, ROOT, SITE, TOC_PAGES, Recorder


@pytest.fixture(scope="session")
def site_url():
    """Serve _build/html on 127.0.0.1 at a free port, in a thread; yield its base URL."""
    if not (SITE / "index.html").exists():
        pytest.fail(f"{SITE.relative_to(ROOT)}/index.html is missing: build the book first (make book)")
    with serve(SITE) as url:
        yield url


@pytest.fixture(scope="session")
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture(scope="session")
def context(recorder):
    """One headless Chromium (fresh profile) for the whole session; no request can reach another host.

    Other hosts are unreachable by a host-resolver rule (every name but 127.0.0.1 resolves to
    nothing), not by intercepting requests: interception turns Chromium's HTTP cache off, and every
    page would fetch the theme's files anew. Every request the pages make is still recorded.
    """
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium-headless-shell; .ci/run installs it)")
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="rtio-chromium-")
    playwright = sync_playwright().start()
    ctx = playwright.chromium.launch_persistent_context(
        profile, executable_path=str(CHROMIUM), headless=True, args=[*CHROMIUM_ARGS, OFFLINE_RULE], viewport=DESKTOP,
    )
    ctx.set_default_timeout(30_000)

    def record(request):
        recorder.requests.append(request.url)
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname not in LOCAL_HOSTS:
            recorder.external.append(request.url)

    ctx.on("request", record)
    try:
        yield ctx
    finally:
        ctx.close()
        playwright.stop()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="session")
def crawl(context, site_url) -> Crawl:
    """Visit every page of the table of contents once on a desktop screen, axe-core included (desktop.py);
    screenshot the chapters when BOOK_SCREENSHOTS=1."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: bash scripts/vendor_axe.sh")
    screenshots = os.environ.get("BOOK_SCREENSHOTS") == "1"
    return Crawl((name, visit(context, site_url, name, screenshot=screenshots and name in CHAPTERS)) for name in TOC_PAGES)


@pytest.fixture(scope="session")
def small_screens(context, site_url) -> dict[str, ScreensVisit]:
    """Visit every page of the table of contents once at 360 to 1366 px and on a phone (small_screens.py)."""
    return {name: visit_small_screens(context, f"{site_url}/{name}.html") for name in TOC_PAGES}
