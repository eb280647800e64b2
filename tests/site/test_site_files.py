"""Files of the built site: figures small enough to serve."""
import pytest

from booktools import ROOT

SITE_IMAGES = ROOT / "_build" / "html" / "_images"
MAX_FIGURE_BYTES = 200_000


def test_every_site_figure_is_under_200_kb():
    figures = sorted(SITE_IMAGES.glob("*.png")) + sorted(SITE_IMAGES.glob("*.svg"))
    if not figures:
        pytest.fail("no figure on the built site: build the book first (make book)")
    too_big = {figure.name: figure.stat().st_size for figure in figures if figure.stat().st_size >= MAX_FIGURE_BYTES}
    assert not too_big, f"figures of 200 KB or more: {too_big}"
