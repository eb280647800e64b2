"""The handed-out editions: one folder each with what a student needs; the source zip holds only tracked files;
one Python floor everywhere."""
import re
import subprocess
import zipfile
from pathlib import Path

import yaml

from booktools import ROOT
from booktools.downloads import (KERNEL, data_files, PYTHON_FLOOR, READER_REQUIREMENTS, edition_readme,
                                 edition_zip, environment_yml, source_files, wheel_name)
from booktools.reader_notebook import install_cells


def test_edition_zip_is_one_folder_with_readme_wheel_requirements_and_exercise_files(tmp_path):
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    (downloads / wheel_name()).write_bytes(b"wheel")
    (downloads / READER_REQUIREMENTS).write_text("numpy==2\n")
    notebook = tmp_path / "01_introduction.ipynb"
    notebook.write_text("{}")
    archive = edition_zip(tmp_path / "student.zip", "student", [(notebook, notebook.name)], [], downloads)
    names = zipfile.ZipFile(archive).namelist()
    tops = {name.split("/")[0] for name in names}
    assert len(tops) == 1 and tops.pop().endswith("-student")
    inside = {name.split("/", 1)[1] for name in names}
    assert {"README.md", "environment.yml", wheel_name(), READER_REQUIREMENTS, "01_introduction.ipynb"} <= inside
    assert {f"data/{path.as_posix()}" for path in data_files()} <= inside
    environment = yaml.safe_load(zipfile.ZipFile(archive).read(next(n for n in names if n.endswith("environment.yml"))))
    pip_lines = next(item for item in environment["dependencies"] if isinstance(item, dict))["pip"]
    # Every file the environment names is in the same folder.
    for line in pip_lines:
        named = line.split()[-1].removeprefix("./")
        assert named in inside, f"environment.yml names {named}, which the zip lacks"


def test_edition_readme_covers_every_shell_conda_and_the_kernel():
    text = edition_readme("student", "9.9.9", "x.whl")
    for needed in (". rtio/bin/activate", r"rtio\Scripts\Activate.ps1", r"rtio\Scripts\activate.bat",
                   "conda env create -f environment.yml", f"ipykernel install --user --name {KERNEL[0]}",
                   f"Python {PYTHON_FLOOR} or newer", "Change Kernel"):
        assert needed in text, needed
    assert "answer key" in edition_readme("instructor", "9.9.9", "x.whl")
    assert f"python>={PYTHON_FLOOR}" in environment_yml("x.whl")


def test_chapters_name_only_data_files_the_editions_carry():
    carried = {f"data/{path.as_posix()}" for path in data_files()}
    named = set()
    for chapter in (ROOT / "chapters").glob("*.md"):
        named |= set(re.findall(r"`(data/[\w/.-]+\.(?:csv|bib|md))`", chapter.read_text(encoding="utf-8")))
    assert named and named <= carried, f"chapters name data files the editions lack: {named - carried}"


def test_source_zip_lists_only_what_git_tracks(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    run = lambda *args: subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)  # noqa: E731
    run("init", "-q")
    (repo / "tracked.md").write_text("in the book\n")
    run("add", "tracked.md")
    run("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "one")
    (repo / "author-notes.txt").write_text("a local secret\n")  # untracked and not ignored
    assert source_files(repo) == [Path("tracked.md")]


def test_one_python_floor_everywhere():
    assert PYTHON_FLOOR == "3.11"
    for page in ("README.md", "downloads.md"):
        text = (ROOT / page).read_text(encoding="utf-8")
        floors = set(re.findall(r"Python (3\.\d+)(?:\+| or newer)", text))
        assert floors == {PYTHON_FLOOR}, f"{page} states Python floors {floors}"
    assert f"Python {PYTHON_FLOOR} or newer" in install_cells("w.whl", READER_REQUIREMENTS, ("analysis",))[0].source
    assert wheel_name() in (ROOT / "downloads.md").read_text(encoding="utf-8")
