"""The two notebook editions and the data downloads offered on the site."""
import zipfile

import nbformat
import pytest

from booktools import ROOT
from booktools.downloads import project_version
from booktools.paths import SITE_CHAPTERS, SITE_DOWNLOADS
from booktools.reader_notebook import solution_texts
from booktools.toc import toc_notebooks

VERSION = project_version()


def edition(name):
    path = SITE_DOWNLOADS / f"rt-io-book-{VERSION}-{name}.zip"
    if not path.exists():
        pytest.fail(f"{path.relative_to(ROOT)} is missing: build the book first (make book)")
    archive = zipfile.ZipFile(path)
    return {entry: nbformat.reads(archive.read(entry).decode("utf-8"), as_version=4)
            for entry in archive.namelist() if entry.endswith(".ipynb")}


def markdown(nb):
    return "\n".join(cell.source for cell in nb.cells if cell.cell_type == "markdown")


def solution_lines(source):
    """Prose lines of a chapter's solutions (long enough to be unique, no MyST)."""
    return [line.strip() for solution in solution_texts(source.read_text(encoding="utf-8"))
            for line in solution.splitlines() if len(line.strip()) > 40 and "{" not in line and not line.startswith(("```", "    "))]


def with_exercises(sources):
    """The notebooks that have exercises (the course guide, a notebook too, has none)."""
    return [source for source in sources if "{exercise}" in source.read_text(encoding="utf-8")]


def test_student_edition_has_every_chapter_and_no_solution():
    notebooks = edition("student")
    assert {f"{path.stem}.ipynb" for path in toc_notebooks(ROOT)} <= set(notebooks)
    for source in with_exercises(toc_notebooks(ROOT)):
        text = markdown(notebooks[f"{source.stem}.ipynb"])
        leaked = [line for line in solution_lines(source) if line in text]
        assert not leaked, f"{source.stem}: solution text in the student edition: {leaked[:2]}"


def test_instructor_edition_has_every_solution():
    notebooks = edition("instructor")
    for source in with_exercises(toc_notebooks(ROOT)):
        text = markdown(notebooks[f"{source.stem}.ipynb"])
        lines = solution_lines(source)
        assert lines, f"{source.stem}: no solution text found in the source"
        missing = [line for line in lines if line not in text]
        assert not missing, f"{source.stem}: solutions missing from the instructor edition: {missing[:2]}"
        assert "**Solution to Exercise" in text


def test_every_data_file_can_be_downloaded():
    data = ROOT / "data"
    files = sorted(path.relative_to(data).as_posix() for path in data.rglob("*") if path.is_file())
    missing = [name for name in files if not (SITE_DOWNLOADS / "data" / name).is_file()]
    assert not missing, f"data files not offered: {missing}"
    zipped = zipfile.ZipFile(SITE_DOWNLOADS / f"rt-io-book-{VERSION}-data.zip").namelist()
    assert sorted(name.split("/", 1)[1] for name in zipped) == files
    page = (SITE_CHAPTERS / "a1_evidence_table.html").read_text(encoding="utf-8")
    assert 'href="../downloads/data/claims.csv"' in page and "data_dictionary.html" in page
