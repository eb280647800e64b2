"""The slow-line measurement really slows the line: a cold page costs at least one throttled round trip."""
from booktools.page_load import SLOW_4G, first_text, serve_like_a_host


def test_first_text_under_slow_4g_waits_for_the_throttled_line(tmp_path):
    (tmp_path / "index.html").write_text("<!doctype html><title>t</title><p>First text.</p>", encoding="utf-8")
    with serve_like_a_host(tmp_path) as base:
        fast = first_text([base], conditions={**SLOW_4G, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
        slow = first_text([base])
    assert slow[base]["first_text_s"] >= SLOW_4G["latency"] / 1000
    assert slow[base]["first_text_s"] > fast[base]["first_text_s"]
    assert 0 < slow[base]["transferred_kb"] < 5
