"""Files the website offers for download, besides the pages: the package, its requirements, the source.

* :func:`build_wheel` — the ``analysis`` package with the ledger inside it, as
  a wheel any ``pip`` installs (built from a staging copy, so the checkout
  gets no ``build/`` or ``*.egg-info`` folders);
* :func:`source_zip` — the book's source for offline classrooms: every file
  git tracks (or, outside a git checkout, every file but build output);
* :func:`zip_files` — a zip of generated files (the reader's notebooks).

Zips are written with a fixed timestamp so that the same inputs give the
same bytes.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from pathlib import Path

from . import ROOT
from .fingerprint import files_under, fingerprint

__all__ = ["project_version", "wheel_name", "build_wheel", "source_files", "source_zip", "zip_files",
           "READER_REQUIREMENTS", "SKIPPED_PARTS"]

#: The short, pinned list of what the chapters need at run time (offered next to the wheel).
READER_REQUIREMENTS = "requirements-reader.txt"
#: Folders that are build output or local state, never part of the source.
SKIPPED_PARTS = {".git", ".venv", "_build", "build", "dist", "test-artifacts", "bench", "__pycache__",
                 ".hypothesis", ".ipynb_checkpoints", "node_modules", ".pytest_cache", "workspace"}
_WHEEL_INPUTS = ("pyproject.toml", "README.md", "analysis", "data")
_FIXED_TIME = (2020, 1, 1, 0, 0, 0)


def project_version(root: Path = ROOT) -> str:
    """The edition's version, from ``pyproject.toml`` (e.g. ``"0.1.0"``)."""
    return tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def wheel_name(root: Path = ROOT) -> str:
    """The file name of the package's wheel, e.g. ``rt_io_book-0.1.0-py3-none-any.whl``."""
    name = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["name"]
    return f"{name.replace('-', '_')}-{project_version(root)}-py3-none-any.whl"


def _inputs_digest(root: Path) -> str:
    return fingerprint(root, files_under(root, _WHEEL_INPUTS, skip=SKIPPED_PARTS))[:16]


def build_wheel(out_dir: Path, root: Path = ROOT, cache_dir: Path | None = None) -> Path:
    """Build the package's wheel into ``out_dir`` and return its path.

    The wheel is built by ``pip wheel`` (no dependencies, no build isolation:
    setuptools comes from the project's environment) from a staging copy of
    ``pyproject.toml``, ``README.md``, ``analysis/`` and ``data/``. With
    ``cache_dir``, a wheel already built from the same inputs is reused.
    Raises ``RuntimeError`` with pip's output if the build fails.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / wheel_name(root)
    cached = cache_dir / _inputs_digest(root) / target.name if cache_dir else None
    if cached is not None and cached.is_file():
        shutil.copy2(cached, target)
        return target
    with tempfile.TemporaryDirectory(prefix="rtio-wheel-") as folder:
        stage = Path(folder) / "src"
        stage.mkdir()
        for name in _WHEEL_INPUTS:
            source = root / name
            if source.is_dir():
                shutil.copytree(source, stage / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            else:
                shutil.copy2(source, stage / name)
        result = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
             "--disable-pip-version-check", "-w", str(Path(folder) / "dist"), str(stage)],
            capture_output=True, text=True,
        )
        built = list((Path(folder) / "dist").glob("*.whl"))
        if result.returncode != 0 or len(built) != 1:
            raise RuntimeError(f"building the wheel failed:\n{result.stdout}\n{result.stderr}")
        shutil.copy2(built[0], target)
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(target, cached)
    return target


def source_files(root: Path = ROOT) -> list[Path]:
    """The book's source files, relative to ``root``: what git tracks (plus new, not ignored, files).

    Outside a git checkout (e.g. an unpacked source zip), every file but
    :data:`SKIPPED_PARTS` and compiled Python.
    """
    if (root / ".git").exists():
        listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
                                cwd=root, capture_output=True, check=True).stdout.decode("utf-8")
        files = [Path(name) for name in listed.split("\0") if name]
        return sorted(path for path in files if (root / path).is_file())
    return sorted(
        path.relative_to(root) for path in root.rglob("*")
        if path.is_file() and not SKIPPED_PARTS.intersection(path.relative_to(root).parts) and path.suffix != ".pyc"
    )


def zip_files(files: list[tuple[Path, str]], out_path: Path) -> Path:
    """Write ``(path, name in zip)`` pairs into the zip ``out_path`` with fixed timestamps; returns it."""
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out_path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path, name in sorted(files, key=lambda item: item[1]):
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, Path(path).read_bytes())
    return out_path


def source_zip(out_path: Path, root: Path = ROOT) -> Path:
    """Zip the book's source (:func:`source_files`) under a top folder ``rt-io-book-<version>/``."""
    top = f"rt-io-book-{project_version(root)}"
    return zip_files([(root / path, f"{top}/{path.as_posix()}") for path in source_files(root)], out_path)
