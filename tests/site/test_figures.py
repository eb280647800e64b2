"""Figures on the built site: small enough to serve, and the same bytes on every run.

Runs after `make book` and scripts/export_published.py (as scripts/run_tests.sh does).
"""
import copy

import nbformat
import pytest
from nbclient import NotebookClient

from analysis import ROOT

SITE_IMAGES = ROOT / "_build" / "html" / "_images"
PUBLISHED = ROOT / "_build" / "published"
MAX_PNG_BYTES = 200_000


def test_every_site_png_is_under_200_kb():
    pngs = sorted(SITE_IMAGES.glob("*.png"))
    if not pngs:
        pytest.fail("no PNG on the built site: build the book first (make book)")
    too_big = {png.name: png.stat().st_size for png in pngs if png.stat().st_size >= MAX_PNG_BYTES}
    assert not too_big, f"figures of 200 KB or more: {too_big}"


def _pngs(notebook) -> list[str]:
    """Every PNG a notebook shows or glues (glue stores it under a papermill prefix), base64 as stored."""
    return [
        data
        for cell in notebook.cells if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        for mime, data in output.get("data", {}).items() if mime.endswith("image/png")
    ]


@pytest.mark.parametrize("chapter", ["04_cold_to_hot", "03_synergy"])
def test_a_fresh_run_draws_byte_identical_figures(chapter):
    published = nbformat.read(PUBLISHED / f"{chapter}.ipynb", as_version=4)
    expected = _pngs(published)
    assert expected, f"{chapter}: the published notebook has no figures to compare"
    fresh = copy.deepcopy(published)
    for cell in fresh.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    NotebookClient(fresh, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(ROOT / "chapters")}}).execute()
    assert _pngs(fresh) == expected, f"{chapter}: figures differ between two runs (seed, timestamp or metadata?)"
