"""Build one or more chapters as a small stand-alone book, for authors.

Usage: ``python -m booktools.preview chapters/03_synergy.md [more.md ...]``

Copies the book's configuration into a scratch folder under ``/tmp`` with a
table of contents holding just the intro, the given chapters, the glossary
(if present) and the bibliography, builds it with warnings as errors, and
prints the warnings. Labels defined in chapters that are not included show up
as "undefined label" warnings; everything else should be clean.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from . import ROOT
from .paths import SITE, in_book


#: Pages copied into the scratch book when the book has them, and folders linked into it.
PAGES = ("_config.yml", "intro.md", "bibliography.md", "glossary.md", "course_guide.md")
LINKED = ("data", "analysis", "booktools", "_static", "_vendor", "pyproject.toml", "requirements-reader.txt", "README.md")


def scratch_book(chapters: list[str], scratch: Path, root: Path = ROOT) -> Path:
    """Lay out in ``scratch`` a book of the intro, ``chapters`` (paths relative to ``root``), the glossary and
    the bibliography; returns its ``_toc.yml``."""
    for name in PAGES:
        if (root / name).exists():
            shutil.copy(root / name, scratch / name)
    for name in LINKED:
        if (root / name).exists():
            (scratch / name).symlink_to(root / name)
    (scratch / "chapters").mkdir()
    entries = []
    for chapter in chapters:
        source = (root / chapter).resolve()
        shutil.copy(source, scratch / "chapters" / source.name)
        entries.append(f"      - file: chapters/{source.stem}")
    back = ["      - file: glossary"] if (scratch / "glossary.md").exists() else []
    toc = ["format: jb-book", "root: intro", "parts:", "  - caption: Preview", "    chapters:", *entries, *back, "      - file: bibliography", ""]
    (scratch / "_toc.yml").write_text("\n".join(toc))
    return scratch / "_toc.yml"


def main(chapters: list[str]) -> int:
    if not chapters:
        print(__doc__)
        return 2
    scratch = Path(tempfile.mkdtemp(prefix="preview-", dir="/tmp"))
    scratch_book(chapters, scratch)
    jb = Path(sys.executable).parent / "jupyter-book"
    # cwd=scratch: the cache path in _config.yml is relative to the working directory.
    result = subprocess.run([str(jb), "build", str(scratch), "-W", "-n", "--keep-going"], capture_output=True, text=True, cwd=scratch)
    warnings = [line for line in (result.stdout + result.stderr).splitlines() if "WARNING" in line or "ERROR" in line]
    print("\n".join(warnings) if warnings else "no warnings")
    print(f"preview: {in_book(scratch, SITE) / 'index.html'} (exit {result.returncode})")
    return result.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
