"""The reader's notebooks the built site offers: plain Jupyter, every figure shown, no solution.

Runs after ``make book``. That the notebooks *run* (in a new environment,
outside the repository) and reproduce every published output is checked by
``python -m booktools.reader_check`` (the nbval stage of ``make test``).
"""
import re

import jupytext
import nbformat
import pytest

from booktools import ROOT
from booktools.downloads import READER_REQUIREMENTS, wheel_name
from booktools.paths import SITE, SITE_DOWNLOADS
from booktools.notice import notice_lines
from booktools.toc import toc_notebooks
from booktools.reader_notebook import myst_leftovers, solution_texts

CHAPTERS = toc_notebooks(ROOT)


def reader_notebook(source):
    path = SITE / source.relative_to(ROOT).with_suffix(".ipynb")
    if not path.exists():
        pytest.fail(f"{path.relative_to(ROOT)} is missing: build the book first (make book)")
    return nbformat.read(path, as_version=4)


def test_every_chapter_with_code_has_a_reader_notebook():
    assert len(CHAPTERS) >= 11
    for source in CHAPTERS:
        nbformat.validate(reader_notebook(source))


@pytest.mark.parametrize("source", CHAPTERS, ids=lambda path: path.stem)
def test_markdown_is_plain(source):
    nb = reader_notebook(source)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            assert not myst_leftovers(cell.source), f"cell {index}: MyST left: {myst_leftovers(cell.source)}\n{cell.source[:300]}"
            assert "(chapter-" not in cell.source and ")=" not in cell.source.split("\n")[0], f"cell {index}: a label target is left"


@pytest.mark.parametrize("source", CHAPTERS, ids=lambda path: path.stem)
def test_no_solution_text_leaks(source):
    if "{exercise}" not in source.read_text(encoding="utf-8"):
        pytest.skip(f"{source.name} has no exercises (the course guide)")
    solutions = solution_texts(source.read_text(encoding="utf-8"))
    assert solutions, f"{source.name} has no exercise solutions to hide"
    # Markdown only: a solution may repeat a line of the chapter's own code.
    text = "\n".join(cell.source for cell in reader_notebook(source).cells if cell.cell_type == "markdown")
    for solution in solutions:
        lines = [line.strip() for line in solution.splitlines() if len(line.strip()) > 40 and "{" not in line]
        leaked = [line for line in lines if line in text]
        assert not leaked, f"solution text in the reader's notebook: {leaked[:2]}"


@pytest.mark.parametrize("source", CHAPTERS, ids=lambda path: path.stem)
def test_every_figure_cell_shows_its_figure(source):
    nb = reader_notebook(source)
    drawing = [cell for cell in nb.cells if cell.cell_type == "code" and "glue_figure(" in cell.source]
    for cell in drawing:
        shown = [output for output in cell.outputs if "image/png" in output.get("data", {})]
        assert shown, f"a figure cell shows no image/png output: {cell.source[:80]!r}"
        assert not cell.metadata.get("jupyter", {}).get("outputs_hidden"), "a figure's output is collapsed"
    source_figures = jupytext.read(source).cells
    expected = sum(cell.source.count("glue_figure(") for cell in source_figures if cell.cell_type == "code")
    assert len(drawing) == expected


@pytest.mark.parametrize("source", CHAPTERS, ids=lambda path: path.stem)
def test_opens_with_how_to_install(source):
    first, check = reader_notebook(source).cells[:2]
    assert first.cell_type == "markdown" and wheel_name() in first.source and READER_REQUIREMENTS in first.source
    assert check.cell_type == "code" and "find_spec" in check.source and "analysis" in check.source


@pytest.mark.parametrize("source", CHAPTERS, ids=lambda path: path.stem)
def test_opens_with_the_literature_date_and_not_for_clinical_decisions(source):
    first = reader_notebook(source).cells[0].source
    for line in notice_lines():
        assert line in first, f"the reader's notebook does not open with {line[:40]!r}"


def test_the_home_page_says_how_recent_and_what_not_for():
    page = re.sub(r"<[^>]+>", "", (SITE / "intro.html").read_text(encoding="utf-8")).replace("\u2019", "'")
    for line in notice_lines():
        plain = line.replace("**", "")
        assert " ".join(plain.split()) in " ".join(page.split()), f"the home page lacks {plain[:40]!r}"


def test_the_site_offers_the_downloads():
    downloads = SITE_DOWNLOADS
    for name in (wheel_name(), READER_REQUIREMENTS):
        assert (downloads / name).is_file(), f"downloads/{name} is missing"
    zips = sorted(path.name for path in downloads.glob("*.zip"))
    for edition in ("-student.zip", "-source.zip", "-data.zip"):
        assert any(name.endswith(edition) for name in zips), f"no *{edition} in downloads/"
    assert not any(name.endswith("-instructor.zip") for name in zips), "the instructor edition (answer key) is not published"
    page = (SITE / "downloads.html").read_text(encoding="utf-8")
    assert f'href="downloads/{wheel_name()}"' in page


def test_every_what_if_cell_says_the_text_describes_the_defaults():
    from booktools.reader_notebook import WHAT_IF_MARK, WHAT_IF_NOTE

    seen = 0
    for source in CHAPTERS:
        cells = reader_notebook(source).cells
        for index, cell in enumerate(cells):
            if cell.cell_type == "code" and cell.source.lstrip().startswith(WHAT_IF_MARK):
                seen += 1
                assert cells[index + 1].source == WHAT_IF_NOTE, f"{source.stem}, cell {index}: no note under the What if? cell"
    assert seen >= 8
