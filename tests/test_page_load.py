"""The bench's slow-line measurement: Lighthouse's preset as DevTools needs it, and a host that compresses like one."""
import gzip
import urllib.request

from booktools.page_load import SLOW_4G, serve_like_a_host


def test_slow_4g_is_lighthouses_preset_adjusted_for_request_level_throttling():
    assert SLOW_4G["latency"] == 562.5  # 150 ms x 3.75
    assert round(SLOW_4G["downloadThroughput"] * 8 / 1024 / 1024, 2) == 1.44  # 1.6 Mbit/s x 0.9
    assert round(SLOW_4G["uploadThroughput"] * 8 / 1024) == 675  # 750 kbit/s x 0.9


def _get(url, encoding):
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding} if encoding else {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers.get("Content-Encoding"), response.read()


def test_the_host_gzips_text_only_when_asked_and_only_if_told_to(tmp_path):
    page = "<p>" + "radiotherapy " * 500 + "</p>"
    (tmp_path / "index.html").write_text(page, encoding="utf-8")
    (tmp_path / "figure.png").write_bytes(b"\x89PNG" + bytes(100))
    with serve_like_a_host(tmp_path) as base:
        encoding, body = _get(base + "index.html", "gzip, deflate")
        assert encoding == "gzip" and gzip.decompress(body).decode() == page and len(body) < len(page) / 10
        assert _get(base, "gzip")[0] == "gzip"  # a folder serves its index.html
        assert _get(base + "index.html", None) == (None, page.encode())
        assert _get(base + "figure.png", "gzip")[0] is None
    with serve_like_a_host(tmp_path, compress=False) as base:
        assert _get(base + "index.html", "gzip") == (None, page.encode())
