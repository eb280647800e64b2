"""Run every reader's notebook as a reader would: a new environment, outside the repository, strict nbval.

What it does (``python -m booktools.reader_check``, part of ``make test``):

1. makes (or reuses) a virtual environment in the system's temporary folder —
   outside the repository — holding only what a reader installs: the wheel
   from the built site's Downloads and ``requirements-reader.txt`` (the test
   also holds transitive versions to ``requirements.txt`` with a pip
   constraints file, so its figures match the build's byte for byte). The
   environment is keyed on those files; the wheel is reinstalled every run;
2. registers that environment's Python as a Jupyter kernel in a temporary
   ``JUPYTER_PATH``;
3. copies every chapter's ``.ipynb`` from the built site into an empty
   temporary folder and runs ``pytest --nbval`` on the copies with that
   kernel: every cell must run, and every output the site shows (printed
   values, tables, glued numbers and the glued figures' PNG bytes) must equal
   the fresh run's.

This one execution is both the check that a downloaded notebook runs anywhere
and the determinism check of the published outputs.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import ROOT
from .downloads import READER_REQUIREMENTS, wheel_name
from .paths import SITE

KERNEL_NAME = "rtio-reader"
SANITIZE = ROOT / "tests" / "nbval_sanitize.cfg"


def _constraints(root: Path) -> str:
    """requirements.txt without its editable install line: the versions the build used."""
    lines = (root / "requirements.txt").read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if line.strip() and not line.startswith(("#", "-e"))) + "\n"


def environment_key(root: Path = ROOT) -> str:
    """A short hash of what the reader's environment is made from (Python, requirements, constraints)."""
    digest = hashlib.sha256()
    digest.update(f"{sys.version_info[:2]}".encode())
    digest.update((root / READER_REQUIREMENTS).read_bytes())
    digest.update(_constraints(root).encode())
    return digest.hexdigest()[:12]


def ensure_environment(root: Path = ROOT, base: Path | None = None) -> Path:
    """The reader's virtual environment (created if missing), outside ``root``; returns its folder."""
    base = Path(base or tempfile.gettempdir())
    venv = base / f"rt-io-book-reader-{environment_key(root)}"
    if venv.resolve().is_relative_to(root.resolve()):
        raise ValueError(f"base: the reader's environment must lie outside the repository, got {venv}")
    python = venv / "bin" / "python"
    stamp = venv / ".ready"
    if not stamp.exists():
        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
            handle.write(_constraints(root))
        try:
            _pip(python, "-r", str(root / READER_REQUIREMENTS), "-c", handle.name)
        finally:
            os.unlink(handle.name)
        stamp.write_text("ok\n")
    return venv


def install_wheel(venv: Path, site: Path = SITE, root: Path = ROOT) -> Path:
    """Install the wheel the built site offers into ``venv`` (no dependencies: they are there already)."""
    wheel = site / "downloads" / wheel_name(root)
    if not wheel.is_file():
        raise FileNotFoundError(f"{wheel} is missing: build the book first (make book)")
    _pip(venv / "bin" / "python", "--no-deps", "--force-reinstall", str(wheel))
    return wheel


def _installer(python: Path) -> list[str]:
    """The install command for the environment of ``python``: uv (from the book's own environment) or pip.

    uv is what ``scripts/setup_venv.sh`` installs into ``.venv``; it fills the
    reader's environment in seconds. ``RT_IO_INSTALLER=pip``, or a ``.venv``
    without uv, uses the environment's own pip instead.
    """
    has_uv = subprocess.run([sys.executable, "-m", "uv", "--version"], capture_output=True).returncode == 0
    if os.environ.get("RT_IO_INSTALLER", "uv") == "uv" and has_uv:
        return [sys.executable, "-m", "uv", "pip", "install", "--quiet", "--compile-bytecode", "--python", str(python)]
    return [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]


def _pip(python: Path, *args: str) -> None:
    """Install into the environment of ``python`` (:func:`_installer`); the output is shown only if it fails."""
    result = subprocess.run([*_installer(python), *args], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"installing {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")


def register_kernel(venv: Path, jupyter_path: Path) -> None:
    """Write a kernelspec named :data:`KERNEL_NAME` that runs ``venv``'s Python, under ``jupyter_path``."""
    spec = jupyter_path / "kernels" / KERNEL_NAME
    spec.mkdir(parents=True, exist_ok=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [str(venv / "bin" / "python"), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "rt-io-book reader", "language": "python",
    }))


def reader_notebooks(site: Path = SITE) -> list[Path]:
    """The chapter notebooks the built site offers."""
    found = sorted((site / "chapters").glob("*.ipynb"))
    if not found:
        raise FileNotFoundError(f"no notebook under {site / 'chapters'}: build the book first (make book)")
    return found


def comparison_counts(notebooks: list[Path]) -> dict[str, dict[str, int]]:
    """Per notebook: code cells, cells whose outputs nbval compares, cells it runs without comparing."""
    import nbformat

    counts = {}
    for path in notebooks:
        code = [cell for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "code"]
        ignored = [cell for cell in code if {"nbval-ignore-output", "nbval-skip"} & set(cell.metadata.get("tags", []))]
        unrun = [cell for cell in code if cell.get("execution_count") is None]
        counts[path.stem] = {"code cells": len(code), "compared": len(code) - len(ignored) - len(unrun),
                             "ignored": len(ignored), "not compared (never run in the build)": len(unrun)}
    return counts


def run(workers: int = 2, extra_args: list[str] | None = None) -> int:
    """Steps 1–3 of the module docstring; returns pytest's exit status."""
    started = time.perf_counter()
    venv = ensure_environment()
    install_wheel(venv)
    prepared = time.perf_counter() - started
    with tempfile.TemporaryDirectory(prefix="rtio-readers-") as folder:
        folder = Path(folder)
        work, jupyter_path = folder / "notebooks", folder / "jupyter"
        work.mkdir()
        for notebook in reader_notebooks():
            shutil.copy2(notebook, work / notebook.name)
        register_kernel(venv, jupyter_path)
        env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "PYTHONHOME")}
        env["JUPYTER_PATH"] = str(jupyter_path)
        command = [sys.executable, "-m", "pytest", "--nbval", str(work), "--nbval-kernel-name", KERNEL_NAME,
                   "--nbval-sanitize-with", str(SANITIZE), "-q", "-p", "no:cacheprovider",
                   "--rootdir", str(work), "-c", os.devnull]
        if workers > 1:
            command += ["-n", str(workers), "--dist", "loadfile"]
        status = subprocess.run(command + list(extra_args or []), cwd=work, env=env).returncode
    counts = comparison_counts(reader_notebooks())
    total = {key: sum(row[key] for row in counts.values()) for key in next(iter(counts.values()))}
    print("cells per notebook: " + "; ".join(f"{name} {row['compared']}/{row['code cells']}" for name, row in counts.items()))
    print(f"nbval compared the outputs of {total['compared']} of {total['code cells']} code cells "
          f"({total['ignored']} tagged nbval-ignore-output; {total['not compared (never run in the build)']} install checks run but not compared)")
    print(f"reader's notebooks: environment ready in {prepared:.1f} s, all checks in {time.perf_counter() - started:.1f} s")
    return status


def main(argv: list[str]) -> int:
    """``--prepare``: only make the reader's environment (``make test`` does it beside stage 1, so the
    nbval stage finds it ready); otherwise :func:`run`, the arguments going to pytest."""
    if argv == ["--prepare"]:
        started = time.perf_counter()
        ensure_environment()
        print(f"reader's environment ready in {time.perf_counter() - started:.1f} s")
        return 0
    return run(extra_args=argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
