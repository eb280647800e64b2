"""The slow-line measurement really slows the line: a cold page costs at least one throttled round trip.

Run in a subprocess: the browser tests' own Playwright is already running in this process.
"""
import json
import subprocess
import sys

import pytest

from booktools.page_load import SLOW_4G, serve_like_a_host

from .site import CHROMIUM

pytestmark = pytest.mark.browser


def measure(url, *flags):
    result = subprocess.run([sys.executable, "-m", "booktools.page_load", url, *flags],
                            capture_output=True, text=True, timeout=120, check=True)
    return json.loads(result.stdout)[url]


def test_first_text_under_slow_4g_waits_for_the_throttled_line(tmp_path):
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    (tmp_path / "index.html").write_text("<!doctype html><title>t</title><p>First text.</p>", encoding="utf-8")
    with serve_like_a_host(tmp_path) as base:
        fast, slow = measure(base, "--unthrottled"), measure(base)
    assert slow["first_text_s"] >= SLOW_4G["latency"] / 1000
    assert slow["first_text_s"] > fast["first_text_s"]
    assert 0 < slow["transferred_kb"] < 5


def test_an_unreachable_page_is_named_not_a_traceback():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    url = "http://127.0.0.1:9/nowhere.html"
    result = subprocess.run([sys.executable, "-m", "booktools.page_load", url], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert f"page_load: urls: '{url}' could not be loaded" in result.stderr and "Traceback" not in result.stderr
