"""What the browser tests share: where the site is, its pages, the browser's flags, a plain HTTP fetch."""
from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass, field

from booktools import ROOT
from booktools.local_site import CHROMIUM, CHROMIUM_ARGS  # noqa: F401 - the fixtures' browser
from booktools.paths import SITE
from booktools.toc import toc_docnames

SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
LOCAL_HOSTS = {"127.0.0.1"}
PHONE = {"width": 390, "height": 844}
SMALLEST = {"width": 360, "height": 740}
DESKTOP = {"width": 1366, "height": 900}
#: Resolves once two frames have been drawn: resize, scroll and mode-change listeners have run and the
#: layout is current. (Fixed sleeps waited longer and could still be too short on a busy machine.)
SETTLED = "() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(true))))"

#: Every page of the table of contents (root first, reading order) and the chapter pages among them.
TOC_PAGES = toc_docnames(ROOT)
CHAPTERS = [name for name in TOC_PAGES if name.startswith("chapters/")]


def artifact_name(docname: str) -> str:
    """A file name for a page's screenshot: ``chapters/04_x`` → ``chapters__04_x``."""
    return docname.replace("/", "__")


# urllib without any proxy from the environment: the site is on the loopback.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def fetch(url: str) -> tuple[int, bytes]:
    """HTTP status and body of ``url`` (a 4xx/5xx is returned, not raised)."""
    try:
        with _OPENER.open(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


@dataclass
class Recorder:
    """Every request the browser made, and those to other hosts (which were aborted)."""

    requests: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
