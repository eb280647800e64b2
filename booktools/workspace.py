"""A student's workspace for ``make lab``: copies of the reader's notebooks that saving never overwrites.

``python -m booktools.workspace`` copies every chapter's reader's notebook from
the built site into ``workspace/`` (ignored by git). A notebook already there
is left alone — it may hold the student's own work — unless ``--reset`` is
given, which first moves the old copy aside as ``<name>.ipynb.bak``.
"""
from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from . import ROOT
from .paths import SITE_CHAPTERS

WORKSPACE = ROOT / "workspace"


def prepare(workspace: Path = WORKSPACE, site_chapters: Path = SITE_CHAPTERS, reset: bool = False) -> list[Path]:
    """Copy the reader's notebooks into ``workspace`` (existing ones kept unless ``reset``); returns those copied."""
    notebooks = sorted(site_chapters.glob("*.ipynb"))
    if not notebooks:
        raise FileNotFoundError(f"no reader's notebook in {site_chapters}: build the book first (make book)")
    workspace.mkdir(parents=True, exist_ok=True)
    copied = []
    for notebook in notebooks:
        target = workspace / notebook.name
        if target.exists() and not reset:
            continue
        if target.exists():
            shutil.copy2(target, target.with_suffix(".ipynb.bak"))
        shutil.copy2(notebook, target)
        copied.append(target)
    return copied


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reset", action="store_true", help="replace existing copies (the old ones are kept as .bak)")
    args = parser.parse_args(argv)
    copied = prepare(reset=args.reset)
    kept = len(list(WORKSPACE.glob("*.ipynb"))) - len(copied)
    print(f"workspace/: {len(copied)} notebook(s) copied, {kept} kept as the student left them (--reset replaces them)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
