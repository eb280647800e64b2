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
    if changed:
        for path in (build / ".jupyter_cache", build / ".doctrees"):
            shutil.rmtree(path, ignore_errors=True)
        print("cache: data/ or analysis/ changed since the last build; every chapter will re-execute")
    elif previous is None and (build / ".jupyter_cache").exists():
        # A cache without a fingerprint was built by something else: do not trust it.
        for path in (build / ".jupyter_cache", build / ".doctrees"):
            shutil.rmtree(path, ignore_errors=True)
        changed = True
    # From here on the cache fills with executions of the current files, whether or not the
    # build succeeds: a failed build's executions must not outlive a revert of the files.
    record(root)
    return changed


def record(root: Path = ROOT) -> None:
    """Remember the fingerprint the cache now corresponds to (:func:`check` calls it before a build executes)."""
    build = root / "_build"
    build.mkdir(exist_ok=True)
    (build / ".dependency-fingerprint").write_text(fingerprint(root) + "\n")


if __name__ == "__main__":
    check()
    sys.exit(0)
