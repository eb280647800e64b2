"""The two notebook editions and the data downloads offered on the site."""
import zipfile

import nbformat
import pytest

from booktools import ROOT
from booktools.downloads import READER_REQUIREMENTS, project_version, wheel_name
from booktools.paths import BUILD, SITE, SITE_CHAPTERS, SITE_DOWNLOADS
from booktools.reader_notebook import solution_texts
from booktools.toc import toc_notebooks

VERSION = project_version()


INSTRUCTOR = BUILD / "instructor"


def edition(name):
    path = (INSTRUCTOR if name == "instructor" else SITE_DOWNLOADS) / f"rt-io-book-{VERSION}-{name}.zip"
    if not path.exists():
        pytest.fail(f"{path.relative_to(ROOT)} is missing: build the book first (make book)")
    archive = zipfile.ZipFile(path)
    top = f"rt-io-book-{VERSION}-{name}/"
    assert all(entry.startswith(top) for entry in archive.namelist()), f"{path.name}: not all under {top}"
    for needed in ("README.md", "environment.yml", READER_REQUIREMENTS, wheel_name(), "data/claims.csv"):
        assert top + needed in archive.namelist(), f"{path.name} lacks {needed}"
    return {entry.removeprefix(top): nbformat.reads(archive.read(entry).decode("utf-8"), as_version=4)
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
    # The zip is a Frictionless Data Package: its descriptor sits at the top, beside the files it declares.
    assert f"rt-io-book-{VERSION}-data/datapackage.json" in zipped
    page = (SITE_CHAPTERS / "a1_evidence_table.html").read_text(encoding="utf-8")
    assert 'href="../downloads/data/claims.csv"' in page and "data_dictionary.html" in page


def test_no_public_download_holds_an_answer_and_the_instructor_zip_holds_all():
    from tests.answer_leaks import key_markers, leaks, texts_of

    markers = key_markers()
    instructor = INSTRUCTOR / f"rt-io-book-{VERSION}-instructor.zip"
    assert not list(SITE_DOWNLOADS.glob("*-instructor.zip")), "the instructor edition is not on the site"
    # The source zip is the git repository, instructor/ included (public by nature: the course guide says so).
    public = [path for path in SITE_DOWNLOADS.rglob("*") if path.is_file()
              and path.suffix != ".pdf" and not path.name.endswith("-source.zip")]
    assert any(path.name.endswith("-student.zip") for path in public) and any(path.suffix == ".whl" for path in public)
    assert (SITE_DOWNLOADS / "data" / "questions").is_dir(), "the questions are still offered"
    found = leaks(public, SITE_DOWNLOADS, markers)
    assert not found, f"answers in public downloads: {found}"
    site = [path for path in SITE.rglob("*")
            if path.is_file() and path.suffix in {".html", ".ipynb", ".txt", ".js", ".csv", ".md", ".json"}
            and SITE_DOWNLOADS not in path.parents]
    found = leaks(site, SITE, markers)
    assert not found, f"answers on the site: {found}"
    text = "\n".join(text for _, text in texts_of(instructor.name, instructor.read_bytes()))
    missing = [marker for marker in markers if marker not in text]
    assert not missing, f"answers missing from the instructor zip: {missing[:3]}"
    assert any(name.endswith("/answers/05_dose.csv") for name in zipfile.ZipFile(instructor).namelist())
    source = zipfile.ZipFile(SITE_DOWNLOADS / f"rt-io-book-{VERSION}-source.zip").namelist()
    assert any(name.endswith("/instructor/answers/05_dose.csv") for name in source), "the source zip is the repository"


def test_teaching_notes_only_in_the_instructor_edition():
    from analysis.ledger.teaching_notes import load_teaching_notes
    from tests.answer_leaks import leaks

    prompts = list(load_teaching_notes()["prompt"])
    public = [path for path in SITE_DOWNLOADS.rglob("*") if path.is_file()
              and path.suffix != ".pdf" and not path.name.endswith("-source.zip")]
    public += [path for path in SITE.rglob("*.html")]
    found = leaks(public, SITE, prompts)
    assert not found, f"teaching notes on the site: {found}"
    archive = zipfile.ZipFile(INSTRUCTOR / f"rt-io-book-{VERSION}-instructor.zip")
    name = next(name for name in archive.namelist() if name.endswith("/teaching_notes.md"))
    text = archive.read(name).decode("utf-8")
    assert all(prompt in text for prompt in prompts)
