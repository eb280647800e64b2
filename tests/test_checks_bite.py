"""The checks catch what they are for: a changed published value, a volatile output, a changed figure.

The published record (booktools.golden) is checked against a copy of the
built site with one value and one figure altered; strict nbval is run on a
small notebook whose cells print a new value and draw a new figure on every
run, and must fail on both.
"""
import base64
import json
import shutil
import subprocess
import sys

import nbformat
import pytest
from nbclient import NotebookClient

from analysis.book import GLUE_PREFIX
from booktools import golden
from booktools.paths import SITE_CHAPTERS

pytestmark = pytest.mark.slow


def test_golden_names_chapter_key_old_and_new_value(tmp_path):
    site = SITE_CHAPTERS
    if not list(site.glob("*.ipynb")):
        pytest.skip("build the book first (make book)")
    record = tmp_path / "values.json"
    golden.write(record, site)
    copy = tmp_path / "chapters"
    shutil.copytree(site, copy)
    path = copy / "04_cold_to_hot.ipynb"
    nb = nbformat.read(path, as_version=4)
    text_key = f"{GLUE_PREFIX}text/plain"
    png_key = f"{GLUE_PREFIX}image/png"
    changed_text = changed_figure = None
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            data = output.get("data", {})
            if name == "after_os6" and text_key in data:
                data[text_key] = "'95.0%'"
                changed_text = name
            if changed_figure is None and png_key in data:
                pixels = bytearray(base64.b64decode(data[png_key]))
                pixels[-20] ^= 0xFF
                data[png_key] = base64.b64encode(bytes(pixels)).decode()
                changed_figure = name
    nbformat.write(nb, path)
    problems = golden.check(record, copy)
    assert f"04_cold_to_hot: after_os6: '94.7%' -> '95.0%'" in problems
    assert any(line.startswith(f"04_cold_to_hot: {changed_figure}: 'sha256:") for line in problems)
    assert len(problems) == 2, problems
    recorded = json.loads(record.read_text())
    assert recorded["04_cold_to_hot"]["after_os6"] == "94.7%"


VOLATILE = [
    "import time\nprint(time.time_ns())",
    # The inline backend (as in a chapter) puts the PNG in the glue record, which nbval compares.
    "import matplotlib.pyplot as plt\nimport numpy as np\nfrom analysis.book import glue\n"
    "fig, ax = plt.subplots()\nax.plot(np.random.default_rng().random(5))\nglue('fig_random', fig)\nplt.close(fig)",
]


def test_strict_nbval_fails_on_a_new_value_and_a_new_figure(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell("steady = 1\nprint(steady)"), *[nbformat.v4.new_code_cell(code) for code in VOLATILE]]
    NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    path = tmp_path / "volatile.ipynb"
    nbformat.write(nb, path)
    result = subprocess.run([sys.executable, "-m", "pytest", "--nbval", str(path), "--nbval-current-env", "-q",
                             "-p", "no:cacheprovider", "--rootdir", str(tmp_path), "-c", "/dev/null"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    assert "2 failed, 1 passed" in result.stdout, result.stdout[-2000:]
    assert "papermill.record/image/png" in result.stdout or "papermill.record/text/plain" in result.stdout
