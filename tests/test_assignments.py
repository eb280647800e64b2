"""The nbgrader source course (booktools.assignments) without a build: parsing check cells, the solutions file, the cells."""
import nbformat
import pytest

from booktools.assignments import SOLUTION_COLUMNS, AssignmentError, check_cell, load_solutions, nbgrader_source

CHECK = ('answer = None   # the change in %, e.g. 25\n'
         'kyn_factor, trp_factor = 1 + 0.20, 1 - 0.10\n'
         'check_number(answer, expected=100 * (kyn_factor / trp_factor - 1), tolerance=0.5, what="the change", unit="%")\n')


def test_check_cell_parts():
    parts = check_cell(CHECK)
    assert parts == {"what": "the change", "expected": "100 * (kyn_factor / trp_factor - 1)", "tolerance": "0.5",
                     "setup": ["kyn_factor, trp_factor = 1 + 0.20, 1 - 0.10"], "prompt": "the change in %, e.g. 25"}
    assert check_cell("x = 1") is None


def _notebook():
    return nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("**Exercise 1**\n\nHow much?\n\n> **Solution to Exercise 1**\n>\n> A third more.\n\nNext."),
        nbformat.v4.new_code_cell(CHECK)])


def test_source_notebook_has_solution_hidden_test_and_a_written_answer():
    row = {"chapter": "02_x", "what": "the change", "points": 3, "solution": "answer = 100 * (1.2 / 0.9 - 1)", "where": "f, line 2"}
    nb = nbgrader_source(_notebook(), [row])
    kinds = [(cell.cell_type, cell.metadata.get("nbgrader", {})) for cell in nb.cells]
    written = [cell for cell, meta in zip(nb.cells, (k[1] for k in kinds)) if meta.get("solution") and cell.cell_type == "markdown"]
    assert len(written) == 1 and written[0].source.startswith("> **Solution") and "Next." not in written[0].source
    answer = next(cell for cell in nb.cells if cell.cell_type == "code" and cell.metadata["nbgrader"]["solution"])
    assert "### BEGIN SOLUTION\nanswer = 100 * (1.2 / 0.9 - 1)\n### END SOLUTION" in answer.source
    test = next(cell for cell in nb.cells if cell.cell_type == "code" and cell.metadata["nbgrader"]["grade"])
    assert test.metadata["nbgrader"]["points"] == 3 and test.metadata["nbgrader"]["locked"]
    visible, hidden = test.source.split("### BEGIN HIDDEN TESTS")
    assert "kyn_factor" not in visible and "0.5" not in visible
    answer_ns = {}
    exec(answer.source, answer_ns)   # the solution passes the hidden test; an answer off by one fails it
    exec(visible + hidden.replace("### END HIDDEN TESTS", ""), answer_ns)
    with pytest.raises(AssertionError, match="not within the tolerance"):
        exec(visible + hidden.replace("### END HIDDEN TESTS", ""), {"answer": answer_ns["answer"] + 1})


def test_a_solution_without_its_check_cell_is_an_error():
    row = {"chapter": "02_x", "what": "something else", "points": 1, "solution": "answer = 1", "where": "f.csv, line 3"}
    with pytest.raises(AssignmentError, match="f.csv, line 3, column 'what'"):
        nbgrader_source(_notebook(), [row])


@pytest.mark.parametrize("row, expected", [
    ("02_x,the change,0,answer = 1\n", "line 2, column 'points'"),
    ("02_x,the change,1,x = 1\n", "line 2, column 'solution': must set `answer`"),
    ("02_x,the change,1,answer = (\n", "line 2, column 'solution': not Python"),
    ("02_x,,1,answer = 1\n", "line 2, column 'what': must not be empty"),
])
def test_solutions_file_errors_name_file_line_and_column(tmp_path, row, expected):
    path = tmp_path / "solutions.csv"
    path.write_text(",".join(SOLUTION_COLUMNS) + "\n" + row, encoding="utf-8")
    with pytest.raises(AssignmentError, match=f"solutions.csv, {expected}".replace("(", r"\(")):
        load_solutions(path)


def test_the_real_solutions_cover_two_chapters():
    rows = load_solutions()
    assert len({row["chapter"] for row in rows}) >= 2
