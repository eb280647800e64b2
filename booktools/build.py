"""Build the website: validate data, keep the execution cache honest, run Jupyter Book.

Usage: ``python -m booktools.build`` (what ``make book`` runs). Warnings are
errors (``-W -n --keep-going``); the full Sphinx log goes to ``_build/build.log``
and a progress line per chapter to the terminal.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

from . import ROOT, cache_guard, parallel_execute
from .fingerprint import files_under, fingerprint
from .paths import BUILD, BUILD_LOG, INPUTS_STAMP, NOT_SITE_INPUTS, SITE, TOOLING_STAMP


def inputs_fingerprint() -> str:
    """SHA-256 of every file the site is built from (chapters, config, data, analysis, vendored assets)."""
    return fingerprint(ROOT, files_under(ROOT, skip=NOT_SITE_INPUTS))


def tooling_fingerprint() -> str:
    """SHA-256 of the book's own Sphinx extensions and site assets (``booktools/``).

    Sphinx re-writes only the pages whose source changed; a change here can
    change every page (a header button, the stylesheet), so it re-writes all.
    """
    return fingerprint(ROOT, files_under(ROOT, ["booktools"], skip={"__pycache__"}))


PROGRESS = re.compile(r"(Executing|Executed|Using cached|execution failed|WARNING|ERROR|error|Traceback|build succeeded|build finished)", re.I)


def main() -> int:
    fingerprint = inputs_fingerprint()
    site = SITE / "index.html"
    if site.exists() and INPUTS_STAMP.exists() and INPUTS_STAMP.read_text().strip() == fingerprint:
        print(f"book up to date (no input changed since the last build): {site}")
        return 0
    from analysis.validate import main as validate

    if validate() != 0:
        print("build stopped: fix the data first (nothing was built)", file=sys.stderr)
        return 1
    cache_guard.check(ROOT)
    BUILD.mkdir(exist_ok=True)
    log_path = BUILD_LOG
    strict = ["-W", "-n", "--keep-going"]
    if os.environ.get("BOOK_ALLOW_WARNINGS") == "1":  # only for tests that build a partial book
        strict = ["-n"]
    tooling = tooling_fingerprint()
    rewrite_all = ["--all"] if not TOOLING_STAMP.exists() or TOOLING_STAMP.read_text().strip() != tooling else []
    command = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(ROOT), "--builder", "html", *strict, *rewrite_all]
    started = time.perf_counter()
    with log_path.open("w") as log:
        def note(line: str) -> None:
            log.write(line + "\n")
            print("  " + line[:200], flush=True)

        # Execute what the cache lacks on every core first; Sphinx then renders from the cache.
        parallel_execute.run(ROOT, log=note)
        log.flush()
        process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for line in process.stdout:
            log.write(line)
            if PROGRESS.search(line):
                print("  " + line.rstrip()[:200], flush=True)
        status = process.wait()
    elapsed = time.perf_counter() - started
    if status != 0:
        print(f"build FAILED after {elapsed:.1f} s (warnings are errors); full log: {log_path.relative_to(ROOT)}", file=sys.stderr)
        return status
    INPUTS_STAMP.write_text(fingerprint + "\n")
    TOOLING_STAMP.write_text(tooling + "\n")
    print(f"book built in {elapsed:.1f} s: open {SITE / 'index.html'} or run `make serve`")
    return 0


if __name__ == "__main__":
    sys.exit(main())
