"""Keep jupyter-cache honest: re-execute chapters when data/ or analysis/ change.

jupyter-cache keys a notebook on its code cells only, and Sphinx re-reads a
chapter only when its own file changes. Every chapter reads the ledger in
data/ through the analysis package, so a change in either must invalidate
every cached execution. This script fingerprints both folders and, when the
fingerprint differs from the one the cache was built with, removes the
execution cache and Sphinx's saved environment so the next build re-reads and
re-executes every chapter.
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

from . import ROOT
from .fingerprint import files_under
from .fingerprint import fingerprint as files_fingerprint

#: The folders every chapter depends on.
WATCHED = ("data", "analysis")


def fingerprint(root: Path = ROOT) -> str:
    """SHA-256 over the relative paths and bytes of every file the chapters depend on."""
    return files_fingerprint(root, files_under(root, WATCHED, skip={"__pycache__"}))


def check(root: Path = ROOT) -> bool:
    """Invalidate the caches if the dependencies changed, then record the current fingerprint.

    Returns True if the caches were invalidated.
    """
    build = root / "_build"
    stamp = build / ".dependency-fingerprint"
    current = fingerprint(root)
    previous = stamp.read_text().strip() if stamp.exists() else None
    changed = previous is not None and previous != current
    # A cache without a fingerprint was built by something else: do not trust it either.
    untrusted = previous is None and (build / ".jupyter_cache").exists()
    if changed or untrusted:
        for path in (build / ".jupyter_cache", build / ".doctrees"):
            shutil.rmtree(path, ignore_errors=True)
    if changed:
        print("cache: data/ or analysis/ changed since the last build; every chapter will re-execute")
    # From here on the cache fills with executions of the current files, whether or not the
    # build succeeds: a failed build's executions must not outlive a revert of the files.
    build.mkdir(exist_ok=True)
    stamp.write_text(current + "\n")
    return changed or untrusted


if __name__ == "__main__":
    check()
    sys.exit(0)
