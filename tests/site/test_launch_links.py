"""The built site offers "Open in Colab/Binder" exactly when _config.yml names a repository."""
from booktools.launch import config_launch
from booktools.paths import SITE_CHAPTERS


def test_launch_links_follow_the_configuration():
    pages = sorted(SITE_CHAPTERS.glob("*.html"))
    assert pages, "build the book first (make book)"
    linked = [page.name for page in pages if "launch-colab-button" in page.read_text(encoding="utf-8")]
    if config_launch() is None:
        assert linked == [], f"no repository is configured, yet these pages link to Colab: {linked}"
    else:
        assert len(linked) == len(pages)
