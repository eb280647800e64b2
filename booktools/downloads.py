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
from .paths import LOCAL_STATE

__all__ = ["project_version", "wheel_name", "build_wheel", "source_files", "source_zip", "zip_files",
           "edition_readme", "data_files", "environment_yml", "edition_zip", "READER_REQUIREMENTS",
           "PYTHON_FLOOR", "KERNEL"]

#: The short, pinned list of what the chapters need at run time (offered next to the wheel).
READER_REQUIREMENTS = "requirements-reader.txt"
#: The Jupyter kernel a student registers for the book's environment: (name, display name).
KERNEL = ("rt-io-book", "Python (rt-io-book)")
_WHEEL_INPUTS = ("pyproject.toml", "README.md", "analysis", "data")
_FIXED_TIME = (2020, 1, 1, 0, 0, 0)


def project_version(root: Path = ROOT) -> str:
    """The edition's version, from ``pyproject.toml`` (e.g. ``"0.1.0"``)."""
    return tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def python_floor(root: Path = ROOT) -> str:
    """The oldest Python the book supports, from ``requires-python`` in ``pyproject.toml`` (e.g. ``"3.11"``)."""
    spec = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["requires-python"]
    if not spec.startswith(">="):
        raise ValueError(f"{root / 'pyproject.toml'}: requires-python must read '>=X.Y', got {spec!r}")
    return spec[2:].strip()


PYTHON_FLOOR = python_floor()


def wheel_name(root: Path = ROOT) -> str:
    """The file name of the package's wheel, e.g. ``rt_io_book-0.1.0-py3-none-any.whl``."""
    name = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["name"]
    return f"{name.replace('-', '_')}-{project_version(root)}-py3-none-any.whl"


def _inputs_digest(root: Path) -> str:
    return fingerprint(root, files_under(root, _WHEEL_INPUTS, skip=LOCAL_STATE))[:16]


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
    """The book's source files, relative to ``root``: exactly what git tracks at the checkout.

    Untracked files (an author's notes, scratch logs, a local secret) are never
    published, ignored or not.

    Outside a git checkout (e.g. an unpacked source zip), every file but
    :data:`booktools.paths.LOCAL_STATE` and compiled Python.
    """
    if (root / ".git").exists():
        listed = subprocess.run(["git", "ls-files", "--cached", "-z"],
                                cwd=root, capture_output=True, check=True).stdout.decode("utf-8")
        files = [Path(name) for name in listed.split("\0") if name]
        return sorted(path for path in files if (root / path).is_file())
    return sorted(
        path.relative_to(root) for path in root.rglob("*")
        if path.is_file() and not LOCAL_STATE.intersection(path.relative_to(root).parts) and path.suffix != ".pyc"
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


def data_files(root: Path = ROOT) -> list[Path]:
    """Every file of ``data/``, relative to it (what the data downloads and the editions offer)."""
    return [path.relative_to(root / "data") for path in files_under(root, ["data"], skip={"__pycache__"})]


def environment_yml(wheel: str, requirements: str = READER_REQUIREMENTS, name: str = KERNEL[0]) -> str:
    """A conda/mamba environment file that installs the same pinned packages as pip does.

    The pins stay in ``requirements``: conda installs Python and pip, pip the
    rest, so both routes give the versions the book is tested with.
    """
    return (f"# conda env create -f environment.yml   (then: conda activate {name})\n"
            f"name: {name}\nchannels:\n  - conda-forge\ndependencies:\n"
            f"  - python>={PYTHON_FLOOR}\n  - pip\n  - pip:\n    - -r {requirements}\n    - ./{wheel}\n")


def edition_readme(edition: str, version: str, wheel: str, requirements: str = READER_REQUIREMENTS) -> str:
    """The README of a handed-out edition (``student`` or ``instructor``): what it is, how to install, how to start."""
    name, display = KERNEL
    what = {"student": "every chapter as a Jupyter notebook, with its exercises (no solutions)",
            "instructor": "every chapter as a Jupyter notebook with the exercises' solutions, the "
                          "question bank's answer key (`answer_key.md`, and its files in `answers/`) and the "
                          "teaching notes for the discussion blocks (`teaching_notes.md`): not for students"}[edition]
    install = f"pip install {wheel} -r {requirements} jupyterlab"
    return f"""# Radiotherapy and immunotherapy: an executable review — {edition} edition {version}

This folder holds {what}, the book's Python package (`{wheel}`, with the
evidence ledger inside) and the list of pinned packages the notebooks need
(`{requirements}`). You need Python {PYTHON_FLOOR} or newer.

## Install (once)

Open a terminal in this folder.

macOS or Linux:

    python3 -m venv rtio
    . rtio/bin/activate
    {install}

Windows PowerShell:

    py -m venv rtio
    rtio\\Scripts\\Activate.ps1
    {install}

Windows Command Prompt (cmd):

    py -m venv rtio
    rtio\\Scripts\\activate.bat
    {install}

Anaconda or Miniforge (any system): `conda env create -f environment.yml`,
then `conda activate {name}`.

## Use a Jupyter you already have (Anaconda, a university hub)

Register the environment as a kernel, from the activated environment:

    python -m ipykernel install --user --name {name} --display-name "{display}"

Then, in Jupyter, choose **Kernel → Change Kernel… → {display}** for each
notebook. The first cell of every notebook checks that the packages are there.

## Start

With the environment active, run `jupyter lab` in this folder and open a
chapter (`01_introduction.ipynb` first). Run the cells top to bottom. Change a
value in a chapter's "What if?" cell and run the cells below it again: the
figures change, while the text describes the book's default values.

The book is for teaching, not for clinical decisions.
"""


def edition_zip(out_path: Path, edition: str, notebooks: list[tuple[Path, str]], extras: list[tuple[Path, str]],
                downloads: Path, root: Path = ROOT) -> Path:
    """Zip an edition for handing out: one top folder with the notebooks, a README, the wheel,
    the reader's requirements, ``environment.yml`` and ``data/`` (chapters and exercises name its
    files by path; the same files travel inside the wheel and in the public data zip).

    ``downloads`` is the folder that already holds the wheel and the requirements.
    """
    version, wheel = project_version(root), wheel_name(root)
    top = f"rt-io-book-{version}-{edition}"
    with tempfile.TemporaryDirectory(prefix="rtio-edition-") as folder:
        readme, environment = Path(folder) / "README.md", Path(folder) / "environment.yml"
        readme.write_text(edition_readme(edition, version, wheel), encoding="utf-8")
        environment.write_text(environment_yml(wheel), encoding="utf-8")
        files = [(path, f"{top}/{name}") for path, name in notebooks + extras]
        files += [(readme, f"{top}/README.md"), (environment, f"{top}/environment.yml"),
                  (downloads / wheel, f"{top}/{wheel}"), (downloads / READER_REQUIREMENTS, f"{top}/{READER_REQUIREMENTS}")]
        files += [(root / "data" / path, f"{top}/data/{path.as_posix()}") for path in data_files(root)]
        return zip_files(files, out_path)
