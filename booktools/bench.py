"""Benchmark the build and the tests; print the figures and write bench/results.json.

Measures, on this machine:
- cold build (empty _build), no-change rebuild, rebuild after a one-chapter code edit
  (and which chapters re-executed), an empty book's build (Sphinx + theme overhead);
- bare execution of every chapter with nbclient (no Sphinx);
- `make test` wall time (on the already-built site);
- the site's size (pages and their assets apart from downloads; booktools.site_size)
  and its largest figure;
- first text on an emulated slow 4G line (Lighthouse's preset; booktools.page_load) for the
  home page and the two heaviest pages, served compressed as a static host does and plain,
  with the bytes each transferred (issue 20: a first page of at most 1.0 MB).

- a fresh clone in an empty folder (nothing beside it, its own temporary folder so the
  reader's test environment is made anew too): `make venv`, then `make book`, then the
  first `make test`, each timed, with the stages of that `make test`.

Targets (issue 24): fresh clone -> book <= 90 s and -> first test <= 110 s; cold build
<= 0.8 x serial bare execution of all chapters; `make test` on a built book <= 90 s;
no-change rebuild <= 5% of the cold build; a one-chapter edit re-executes only that
chapter. Not a test: it reports, it does not fail. `python -m booktools.bench --no-fresh-clone`
skips the fresh clone.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import ROOT, page_load, site_size
from .paths import BUILD, BUILD_LOG, SITE, SITE_IMAGES, TEST_TIMES, in_book
from .toc import toc_notebooks

PY = sys.executable
JB = str(Path(PY).parent / "jupyter-book")


def timed(command, **kwargs) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"failed: {' '.join(map(str, command))}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return elapsed, result.stdout + result.stderr


def build() -> tuple[float, list[str]]:
    log_path = BUILD_LOG
    log_path.unlink(missing_ok=True)
    elapsed, _ = timed([PY, "-m", "booktools.build"], cwd=ROOT)
    log = log_path.read_text() if log_path.exists() else ""  # no log: the build found nothing to do
    return elapsed, executed_chapters(log)


def executed_chapters(log: str) -> list[str]:
    """The chapter files a build log says were executed (``04_cold_to_hot.md``), sorted, each once."""
    return sorted(set(re.findall(r"/([^/\s]+\.md): Executing notebook", log)))


def code_edit(text: str) -> str:
    """A MyST chapter with a code edit that changes nothing: a comment at the end of its first code cell."""
    start = text.index("```{code-cell}")
    end = text.index("\n```", start + 3)
    return text[:end] + "\n# bench edit" + text[end:]


def judge(results: dict[str, object]) -> dict[str, object]:
    """The figures measured against the targets of issue 24 (from the measured ``results``)."""
    cold, bare = results["cold_build_s"], results["bare_execution_s"]
    return {
        "cold_build_over_serial_bare_execution": round(cold / bare, 2),
        "cold_build_within_target": cold <= 0.8 * bare,
        "no_change_rebuild_fraction": round(results["no_change_rebuild_s"] / cold, 3),
        "one_chapter_edit_only_that_chapter": results["one_chapter_edit_executed"] == ["04_cold_to_hot.md"],
    }


def empty_book_build() -> float:
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        shutil.copy(ROOT / "_config.yml", scratch)
        for name in ("data", "_vendor", "booktools", "analysis", "pyproject.toml", "requirements-reader.txt", "README.md"):
            if (ROOT / name).exists():
                (scratch / name).symlink_to(ROOT / name)
        (scratch / "intro.md").write_text("# Empty\n\nNothing here.\n")
        (scratch / "_toc.yml").write_text("format: jb-book\nroot: intro\n")
        elapsed, _ = timed([JB, "build", str(scratch)], cwd=scratch)
        return elapsed


def bare_execution() -> float:
    import jupytext
    from nbclient import NotebookClient

    started = time.perf_counter()
    for source in toc_notebooks(ROOT):
        notebook = jupytext.read(source)
        NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(source.parent)}}).execute()
    return time.perf_counter() - started


def fresh_clone() -> dict[str, object]:
    """Clone HEAD into an empty folder and time `make venv`, `make book` and the first `make test` there."""
    figures: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="rtio-bench-") as scratch:
        scratch = Path(scratch)
        clone, temporary = scratch / "book", scratch / "tmp"
        temporary.mkdir()
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
        # Its own TMPDIR: the reader's environment (kept in the temporary folder) is made anew.
        env = {key: value for key, value in os.environ.items() if not key.startswith(("VIRTUAL_ENV", "PYTHONPATH"))}
        env["TMPDIR"] = str(temporary)
        figures["fresh_venv_s"], _ = timed(["make", "venv"], cwd=clone, env=env)
        book_s, _ = timed(["make", "book"], cwd=clone, env=env)
        figures["fresh_build_s"] = book_s
        figures["fresh_clone_to_book_s"] = figures["fresh_venv_s"] + book_s
        figures["fresh_first_make_test_s"], _ = timed(["make", "test"], cwd=clone, env=env)
        times = in_book(clone, TEST_TIMES)
        if times.exists():
            figures["fresh_make_test_stages_s"] = json.loads(times.read_text())
    return figures


#: The pages timed on a slow line: the home page and the two heaviest chapters (tables, figures).
SLOW_LINE_PAGES = ("intro.html", "chapters/r1_randomised_trials.html", "chapters/a1_evidence_table.html")


def slow_line(site: Path = SITE) -> dict[str, dict[str, float]]:
    """First text (s) and bytes transferred (kB) of :data:`SLOW_LINE_PAGES` on Lighthouse's slow 4G, gzip and plain."""
    first, transferred = {}, {}
    for compress, label in ((True, "gzip"), (False, "plain")):
        with page_load.serve_like_a_host(site, compress=compress) as base:
            figures = page_load.first_text([base + page for page in SLOW_LINE_PAGES])
        for page in SLOW_LINE_PAGES:
            first[f"{page} ({label})"] = figures[base + page]["first_text_s"]
            transferred[f"{page} ({label})"] = figures[base + page]["transferred_kb"]
    return {"slow_4g_first_text_s": first, "slow_4g_transferred_kb": transferred}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-fresh-clone", action="store_true", help="skip the fresh clone (venv, book, first test)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    results: dict[str, object] = {}
    if not args.no_fresh_clone:
        results.update(fresh_clone())
    shutil.rmtree(BUILD, ignore_errors=True)
    results["cold_build_s"], executed = build()
    results["cold_build_executed"] = len(executed)
    results["no_change_rebuild_s"], executed = build()
    results["no_change_rebuild_executed"] = executed

    chapter = ROOT / "chapters" / "04_cold_to_hot.md"
    original = chapter.read_text(encoding="utf-8")
    try:
        chapter.write_text(code_edit(original), encoding="utf-8")
        results["one_chapter_edit_rebuild_s"], executed = build()
        results["one_chapter_edit_executed"] = executed
    finally:
        chapter.write_text(original, encoding="utf-8")
    build()  # back to the committed state

    results["empty_book_build_s"] = empty_book_build()
    results["bare_execution_s"] = bare_execution()
    results["make_test_s"], _ = timed(["make", "test"], cwd=ROOT)
    times = TEST_TIMES
    if times.exists():
        results["make_test_stages_s"] = json.loads(times.read_text())

    size = site_size.measure()
    results["site_pages_and_assets_mb"] = round(size.pages_bytes / 1e6, 2)
    results["site_downloads_mb"] = round(size.downloads_bytes / 1e6, 2)
    results["largest_figure_kb"] = round(size.largest_figure_bytes / 1e3, 1)
    results["largest_figure"] = size.largest_figure
    results["figures"] = len(list(SITE_IMAGES.glob("*.png")))
    results.update(slow_line())

    # Seconds to a tenth; the judged ratios keep their own precision (a 1 % rebuild is not "0.0").
    results = {key: round(value, 1) if isinstance(value, float) else value for key, value in results.items()}
    results.update(judge(results))

    (ROOT / "bench").mkdir(exist_ok=True)
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    width = max(map(len, results))
    for key, value in results.items():
        if isinstance(value, dict):
            print(key)
            for stage, seconds in value.items():
                print(f"  {stage:<{width}}  {seconds}")
        else:
            print(f"{key:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
