"""make assignments: the instructor edition as an nbgrader course; autograding a right and a wrong submission."""
import nbformat
import pytest

from booktools import ROOT
from booktools.assignments import build_assignments, load_solutions, nbgrader
from booktools.reader_notebook import solution_texts

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    if not (ROOT / "_build" / "instructor" / "02_immune_effects.ipynb").is_file():
        pytest.fail("_build/instructor is missing: build the book first (make book)")
    folder = tmp_path_factory.mktemp("course")
    return folder, build_assignments(folder)


def _graded(nb, kind):
    return [cell for cell in nb.cells if cell.metadata.get("nbgrader", {}).get(kind)]


def test_two_chapters_have_a_source_and_a_released_version(course):
    folder, released = course
    solutions = load_solutions()
    assert len(released) >= 2
    for name, path in released.items():
        chapter = path.stem
        source = nbformat.read(folder / "source" / name / path.name, as_version=4)
        student = nbformat.read(path, as_version=4)
        rows = [row for row in solutions if row["chapter"] == chapter]
        answers = [cell for cell in _graded(source, "solution") if cell.cell_type == "code"]
        tests = _graded(source, "grade")
        assert len(answers) == len(rows) and all("### BEGIN SOLUTION" in cell.source for cell in answers)
        assert all(row["solution"] in "\n".join(cell.source for cell in answers) for row in rows)
        hidden = [cell for cell in tests if "### BEGIN HIDDEN TESTS" in cell.source]
        assert len(hidden) == len(rows)
        text = "\n".join(cell.source for cell in student.cells)
        assert "BEGIN SOLUTION" not in text and "HIDDEN TESTS" not in text
        assert not any(row["solution"] in text for row in rows), "a solution in the student version"
        prose = [line.strip() for solution in solution_texts((ROOT / "chapters" / f"{chapter}.md").read_text(encoding="utf-8"))
                 for line in solution.splitlines() if len(line.strip()) > 40 and "{" not in line and not line.startswith(("```", "    "))]
        assert prose and not [line for line in prose if line in text], "written solutions in the student version"
        assert text.count("raise NotImplementedError()") == len(rows)


def _submit(folder, name, path, student, right):
    """A student's copy of the released notebook with each answer cell filled: right[i] → the key's solution, else wrong."""
    nb = nbformat.read(path, as_version=4)
    rows = [row for row in load_solutions() if row["chapter"] == path.stem]
    cells = [cell for cell in nb.cells if cell.metadata.get("nbgrader", {}).get("solution") and cell.cell_type == "code"]
    for cell, row, ok in zip(cells, rows, right, strict=True):
        cell.source = row["solution"] if ok else row["solution"].split("#")[0] + " + 1   # off by one"
    target = folder / "submitted" / student / name / path.name
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, target)
    return rows


def test_autograde_scores_a_right_and_a_wrong_submission(course):
    from nbgrader.api import Gradebook

    folder, released = course
    name, path = next((name, path) for name, path in released.items() if path.stem == "07_protons_flash")
    rows = _submit(folder, name, path, "alice", [True] * 3)
    _submit(folder, name, path, "bob", [True, False, False])
    nbgrader(folder, "autograde", name, "--force")
    with Gradebook(f"sqlite:///{folder / 'gradebook.db'}") as gradebook:
        source = nbformat.read(folder / "source" / name / path.name, as_version=4)
        test_ids = [cell.metadata["nbgrader"]["grade_id"] for cell in source.cells
                    if cell.metadata.get("nbgrader", {}).get("grade") and cell.cell_type == "code"]
        scores = {student: [gradebook.find_grade(grade_id, path.stem, name, student).auto_score for grade_id in test_ids]
                  for student in ("alice", "bob")}
    points = [row["points"] for row in rows]
    assert scores["alice"] == points
    assert scores["bob"] == [points[0], 0, 0]
