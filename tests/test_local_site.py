"""booktools.local_site: the site served on the loopback, and which Chromium reads it."""
import urllib.request

from booktools.local_site import default_chromium, serve


def test_the_first_installed_chromium_is_chosen(tmp_path):
    shell, full = tmp_path / "chromium-headless-shell", tmp_path / "chromium"
    assert default_chromium((shell, full)) == full  # none installed: the last, reported missing where needed
    full.write_text("")
    assert default_chromium((shell, full)) == full
    shell.write_text("")
    assert default_chromium((shell, full)) == shell


def test_serve_answers_on_the_loopback_and_stops(tmp_path):
    (tmp_path / "index.html").write_text("<p>hello</p>")
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with serve(tmp_path) as url:
        assert url.startswith("http://127.0.0.1:")
        assert opener.open(f"{url}/index.html", timeout=10).read() == b"<p>hello</p>"
    try:
        opener.open(f"{url}/index.html", timeout=2)
    except OSError:
        pass
    else:
        raise AssertionError("the server still answers after the block")
