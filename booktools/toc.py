"""The book's table of contents (``_toc.yml``): its pages in reading order."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from . import ROOT

__all__ = ["toc_docnames", "toc_notebooks"]


def toc_docnames(root: Path = ROOT) -> list[str]:
    """Docnames of every page in ``_toc.yml`` (``chapters/04_cold_to_hot``), root first, in reading order."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    names: list[str] = []

    def walk(node) -> None:
        if isinstance(node, dict):
            for key in ("root", "file"):
                if key in node:
                    name = re.sub(r"\.(md|ipynb|rst)$", "", str(node[key]))
                    if name not in names:
                        names.append(name)
            for key in ("parts", "chapters", "sections"):
                walk(node.get(key))
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(toc)
    return names


def toc_notebooks(root: Path = ROOT) -> list[Path]:
    """The MyST notebooks (pages with a code cell) listed in ``_toc.yml``, in reading order."""
    paths = [root / f"{name}.md" for name in toc_docnames(root)]
    return [path for path in paths if path.exists() and "```{code-cell}" in path.read_text(encoding="utf-8")]
