"""The publishing workflow passes both linters, and the linters do reject a careless workflow."""
import pytest

from booktools import workflow_check

pytestmark = pytest.mark.slow

CARELESS = """name: careless
on: [pull_request_target]
jobs:
  build:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - run: echo "${{ github.event.pull_request.title }}" && echo ${{ github.nope }}
"""


def test_the_book_workflow_passes_actionlint_and_zizmor(capsys):
    assert workflow_check.run() == 0, capsys.readouterr().err


def test_a_careless_workflow_fails_both(tmp_path, capsys):
    (tmp_path / "careless.yml").write_text(CARELESS)
    assert workflow_check.run(tmp_path) == 1
    err = capsys.readouterr().err
    assert "actionlint found problems" in err and "nope" in err
    assert "zizmor found problems" in err and ("unpinned-uses" in err or "template-injection" in err)
