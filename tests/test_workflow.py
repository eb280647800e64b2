"""The publishing workflow passes both linters, and the linters do reject a careless workflow."""
import re

import pytest

from booktools import ROOT, workflow_check

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


def test_the_workflow_builds_the_book_once():
    """`make test` builds the site it tests; publishing packs that same site instead of building another."""
    import yaml

    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "book.yml").read_text(encoding="utf-8"))
    runs = [step.get("run", "") for job in workflow["jobs"].values() for step in job.get("steps", [])]
    builds = [run for run in runs if re.search(r"\bmake\b[^\n]*\b(book|test)\b|\.ci/run", run)]
    assert builds == ["make test"], builds
    assert any(run.strip() == "make site-archive" for run in runs)
