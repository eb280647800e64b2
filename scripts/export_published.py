"""Write the notebooks the website was built from, with their outputs, for nbval.

The site's chapter outputs live in the jupyter-cache that the build filled.
For every chapter in ``_toc.yml`` this script reads the MyST source, finds the
cached execution that matches its code, merges the outputs in and writes
``_build/published/<chapter>.ipynb``. nbval then re-runs each notebook on a
fresh kernel and compares against exactly what readers see.

It fails — rather than letting nbval pass vacuously — when a chapter has no
cached execution or its notebook has no outputs at all.
"""
from __future__ import annotations

import sys
from pathlib import Path

import jupytext
import nbformat
import yaml
from jupyter_cache import get_cache

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "_build" / "published"


def toc_notebooks(root: Path = ROOT) -> list[Path]:
    """The MyST notebooks (files with a code cell) listed in ``_toc.yml``, in reading order."""
    toc = yaml.safe_load((root / "_toc.yml").read_text())
    files: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                files.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(toc)
    paths = [root / f"{name}.md" for name in files]
    return [path for path in paths if path.exists() and "```{code-cell}" in path.read_text(encoding="utf-8")]


def export(root: Path = ROOT, out: Path = OUT) -> list[Path]:
    """Export every chapter's published notebook; returns the written paths. Raises SystemExit on a gap."""
    cache = get_cache(str(root / "_build" / ".jupyter_cache"))
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob("*.ipynb"):
        stale.unlink()
    written, problems = [], []
    for source in toc_notebooks(root):
        notebook = jupytext.read(source)
        try:
            _, merged = cache.merge_match_into_notebook(notebook)
        except KeyError:
            problems.append(f"{source.relative_to(root)}: no cached execution matches its code (build the book first)")
            continue
        code_cells = [cell for cell in merged.cells if cell.cell_type == "code"]
        with_outputs = [cell for cell in code_cells if cell.get("outputs")]
        if not with_outputs:
            problems.append(f"{source.relative_to(root)}: the published notebook has no outputs; nbval would check nothing")
            continue
        target = out / f"{source.stem}.ipynb"
        nbformat.write(merged, target)
        written.append(target)
        print(f"published: {target.relative_to(root)} ({len(with_outputs)}/{len(code_cells)} code cells with outputs)")
    if problems:
        raise SystemExit("\n".join(problems))
    return written


if __name__ == "__main__":
    export()
    sys.exit(0)
