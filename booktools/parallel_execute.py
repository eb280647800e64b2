"""Execute the chapters into jupyter-cache on every core before Sphinx reads them.

Jupyter Book 1 executes notebooks one after another as Sphinx reads them. This
module runs first (``booktools.build`` calls it after the cache guard): it
reads each notebook of ``_toc.yml`` exactly as myst-nb does, asks the cache
whether an execution of these code cells is already stored, executes the
missing ones concurrently (one kernel per core) with the call myst-nb itself
uses (``jupyter_cache``'s ``single_nb_execution``: same working folder,
timeout and error rule), and stores them the way myst-nb does. Sphinx then
finds every chapter in the cache ("Using cached notebook") and only renders.

Nothing about *what* re-executes changes: the cache key is still the code
cells (jupyter-cache's hash), and :mod:`booktools.cache_guard` still clears
the cache when ``data/`` or ``analysis/`` change. A chapter that fails here is
not stored, so Sphinx executes it again and reports the error as before.

Usage: ``python -m booktools.parallel_execute [--workers N]``.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import ROOT
from .toc import toc_notebooks

#: What myst-nb records as the reader of a MyST Markdown notebook (``myst_nb.core.read``).
MYST_READ_DATA = {"type": "plugin", "name": "myst_nb_md"}


@dataclass(frozen=True)
class ExecutionSettings:
    """The ``execute:`` settings of ``_config.yml`` that change how a notebook runs."""

    cache: Path
    timeout: int
    allow_errors: bool
    myst_extensions: tuple[str, ...]


def settings(root: Path = ROOT) -> ExecutionSettings:
    """Read the execution settings from ``root/_config.yml`` (the defaults Jupyter Book uses when unset)."""
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
    execute = config.get("execute") or {}
    if execute.get("execute_notebooks", "auto") != "cache":
        raise ValueError(f"{root / '_config.yml'}: execute.execute_notebooks must be 'cache' for parallel execution")
    return ExecutionSettings(
        cache=root / execute.get("cache", "_build/.jupyter_cache"),
        timeout=int(execute.get("timeout", 30)),
        allow_errors=bool(execute.get("allow_errors", False)),
        myst_extensions=tuple((config.get("parse") or {}).get("myst_enable_extensions") or ()),
    )


def read_notebook(path: Path, extensions: tuple[str, ...]):
    """The notebook myst-nb builds from the MyST Markdown file ``path`` (same reader, same code cells)."""
    from myst_nb.core.read import read_myst_markdown_notebook
    from myst_parser.config.main import MdParserConfig

    config = MdParserConfig(enable_extensions=set(extensions))
    return read_myst_markdown_notebook(path.read_text(encoding="utf-8"), config=config,
                                       add_source_map=True, path=str(path))


def _execute(path: str, extensions: tuple[str, ...], timeout: int, allow_errors: bool) -> tuple[str, str | None, float, str | None]:
    """Worker: execute one notebook in its own folder; returns (path, notebook JSON or None, seconds, error)."""
    import nbformat
    from jupyter_cache.executors.utils import single_nb_execution

    notebook = read_notebook(Path(path), extensions)
    result = single_nb_execution(notebook, cwd=str(Path(path).parent), allow_errors=allow_errors,
                                 timeout=timeout, meta_override=True)
    if result.err is not None:
        return path, None, result.time, result.exc_string or repr(result.err)
    return path, nbformat.writes(notebook), result.time, None


def missing_from_cache(paths: list[Path], config: ExecutionSettings) -> list[Path]:
    """The notebooks among ``paths`` whose code cells have no stored execution."""
    from jupyter_cache import get_cache

    cache = get_cache(str(config.cache))
    missing = []
    for path in paths:
        try:
            cache.match_cache_notebook(read_notebook(path, config.myst_extensions))
        except KeyError:
            missing.append(path)
    return missing


def run(root: Path = ROOT, workers: int | None = None, log=print) -> list[Path]:
    """Execute every uncached notebook of the book concurrently and store it; returns those executed.

    ``workers`` defaults to the number of cores. A notebook that fails is
    reported and left uncached (the Sphinx build then executes it and fails
    with the usual error).
    """
    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    config = settings(root)
    todo = missing_from_cache(toc_notebooks(root), config)
    if not todo:
        return []
    # Longest sources first, so the last chapter to start is a short one.
    todo.sort(key=lambda path: path.stat().st_size, reverse=True)
    workers = max(1, min(workers or os.cpu_count() or 1, len(todo)))
    cache = get_cache(str(config.cache))
    executed: list[Path] = []
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(_execute, str(path), config.myst_extensions, config.timeout, config.allow_errors)
                   for path in todo]
        for path in todo:
            log(f"{path}: Executing notebook (parallel, {workers} workers)")
        for future in as_completed(futures):
            path, text, seconds, error = future.result()
            if error is not None:
                log(f"{path}: execution failed in the parallel pass after {seconds:.2f} s; Sphinx will run it again and report the error")
                continue
            # The database is written from this one process only (SQLite).
            stage = cache.add_nb_to_project(path, read_data=MYST_READ_DATA)
            cache.cache_notebook_bundle(
                CacheBundleIn(nbformat.reads(text, as_version=4), stage.uri, data={"execution_seconds": seconds}),
                check_validity=False, overwrite=True)
            executed.append(Path(path))
            log(f"{path}: Executed notebook in {seconds:.2f} seconds (parallel)")
    log(f"parallel execution: {len(executed)} of {len(todo)} notebooks in {time.perf_counter() - started:.1f} s on {workers} workers")
    return executed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=None, help="kernels at once (default: the number of cores)")
    args = parser.parse_args(argv)
    if args.workers is not None and args.workers < 1:
        parser.error("--workers must be at least 1")
    run(workers=args.workers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
