"""The instructor edition as an nbgrader course: ``make assignments`` (after ``make book``).

For each chapter named in ``instructor/nbgrader_solutions.csv`` the instructor
edition's notebook (``_build/instructor/<chapter>.ipynb``, with every solution)
becomes an nbgrader *source* notebook:

* each check cell of a numeric exercise listed in the file (found by its
  ``what=`` text) becomes two cells: an **autograded answer** whose solution,
  from the file, sits between ``### BEGIN SOLUTION`` and ``### END SOLUTION``,
  and an **autograder test** worth ``points``, whose visible part only checks
  that the answer is a number and whose hidden part (``### BEGIN HIDDEN
  TESTS``) compares it with the value the check cell computes, within its
  tolerance;
* each written solution ("Solution to Exercise …") becomes a **manually
  graded answer** (1 point): the student's edition shows "YOUR ANSWER HERE".

Then ``nbgrader generate_assignment`` writes the released student version.
The course folder is ``_build/assignments`` (``source/``, ``release/``,
``nbgrader_config.py``, ``gradebook.db``), never published. Columns of the
solutions file: ``chapter`` (a chapter's file stem), ``what`` (the check
cell's ``what=`` text, exactly), ``points`` (whole number ≥ 1), ``solution``
(Python that sets ``answer``).
"""
from __future__ import annotations

import argparse
import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat

from analysis.tables import DataFileError, read_csv_rows

from . import ROOT

__all__ = ["SOLUTION_COLUMNS", "AssignmentError", "load_solutions", "check_cell", "split_solutions", "nbgrader_source",
           "assignment_name", "build_assignments", "nbgrader", "COURSE_ID"]

SOLUTION_COLUMNS = ["chapter", "what", "points", "solution"]
COURSE_ID = "rt-io-book"
_SOLUTION_PROSE = re.compile(r"^> \*\*Solution to Exercise", re.M)


class AssignmentError(DataFileError):
    """The nbgrader solutions broke a rule; ``problems`` names file, line and column."""

    subject = "the nbgrader solutions"


def load_solutions(path: Path | str | None = None) -> list[dict]:
    """Read ``instructor/nbgrader_solutions.csv``: one dict per row (``points`` an int, ``line`` its line)."""
    name, rows = read_csv_rows(path or ROOT / "instructor" / "nbgrader_solutions.csv", SOLUTION_COLUMNS,
                               error=AssignmentError, ordered=True)
    problems, records = [], []
    for line, row in rows:
        where = f"{name}, line {line}"
        for column in SOLUTION_COLUMNS:
            if not row[column].strip():
                problems.append(f"{where}, column '{column}': must not be empty")
        if row["points"].strip() and not (row["points"].strip().isdigit() and int(row["points"]) >= 1):
            problems.append(f"{where}, column 'points': must be a whole number >= 1 (got {row['points']!r})")
        try:
            tree = ast.parse(row["solution"])
            if not any(isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "answer" for t in node.targets)
                       for node in tree.body):
                problems.append(f"{where}, column 'solution': must set `answer`")
        except SyntaxError as error:
            problems.append(f"{where}, column 'solution': not Python ({error.msg})")
        records.append({"line": line, "where": where, **{column: row[column].strip() for column in SOLUTION_COLUMNS}})
    if problems:
        raise AssignmentError(problems)
    for record in records:
        record["points"] = int(record["points"])
    return records


def check_cell(source: str) -> dict | None:
    """The parts of a numeric check cell (``answer = None`` … ``check_number(answer, expected=…, tolerance=…, what=…)``).

    Returns ``None`` for any other cell, else ``what``, ``expected`` and
    ``tolerance`` (source text), ``setup`` (the cell's other statements) and
    ``prompt`` (the comment on the ``answer = None`` line).
    """
    if "check_number(answer" not in source:
        return None
    tree = ast.parse(source)
    call = next(node for node in ast.walk(tree) if isinstance(node, ast.Call)
                and getattr(node.func, "id", "") == "check_number")
    keywords = {keyword.arg: keyword.value for keyword in call.keywords}
    setup = [ast.get_source_segment(source, node) for node in tree.body
             if not (isinstance(node, ast.Expr) and node.value is call)
             and not (isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "answer")]
    prompt = next((line.split("#", 1)[1].strip() for line in source.splitlines()
                   if line.startswith("answer = None") and "#" in line), "your result")
    return {"what": ast.literal_eval(keywords["what"]), "expected": ast.get_source_segment(source, keywords["expected"]),
            "tolerance": ast.get_source_segment(source, keywords["tolerance"]), "setup": setup, "prompt": prompt}


def split_solutions(markdown: str) -> list[tuple[str, bool]]:
    """A markdown cell cut into ``(text, is_solution)`` parts: each written solution (the quote block
    that starts "> **Solution to Exercise") becomes a part of its own."""
    parts: list[tuple[list[str], bool]] = []
    for line in markdown.splitlines():
        starts = bool(_SOLUTION_PROSE.match(line))
        inside = bool(parts) and parts[-1][1] and line.startswith(">") and not starts
        if starts or not (inside or (parts and not parts[-1][1])):
            parts.append(([], starts))
        parts[-1][0].append(line)
    return [("\n".join(lines).strip("\n"), solution) for lines, solution in parts if "\n".join(lines).strip()]


def _meta(grade_id: str, *, grade: bool, solution: bool, points: int | None = None) -> dict:
    cell = {"grade": grade, "solution": solution, "locked": not solution, "schema_version": 3,
            "grade_id": grade_id, "task": False}
    if points is not None:
        cell["points"] = points
    return {"nbgrader": cell}


def nbgrader_source(nb: nbformat.NotebookNode, solutions: list[dict]) -> nbformat.NotebookNode:
    """The nbgrader source version of an instructor-edition notebook (see the module's docstring).

    Raises :class:`AssignmentError` when a solution names no check cell of the notebook.
    """
    nb = nbformat.from_dict(nb)
    by_what = {row["what"]: row for row in solutions}
    used, cells = set(), []
    for index, cell in enumerate(nb.cells):
        check = check_cell(cell.source) if cell.cell_type == "code" else None
        if check and check["what"] in by_what:
            row, used = by_what[check["what"]], used | {check["what"]}
            grade_id = f"ex{index:03d}"
            answer = nbformat.v4.new_code_cell(
                f"# Set `answer` to {check['prompt']}\n### BEGIN SOLUTION\n{row['solution']}\n### END SOLUTION",
                metadata=_meta(f"{grade_id}_answer", grade=False, solution=True))
            hidden = "\n".join([*check["setup"], f"assert abs(answer - ({check['expected']})) <= {check['tolerance']}, "
                                f"\"{check['what']}: not within the tolerance\""])
            test = nbformat.v4.new_code_cell(
                f"# Autograder test: {check['what']} ({row['points']} points)\n"
                "assert isinstance(answer, (int, float)) and not isinstance(answer, bool), \"`answer` must be a number\"\n"
                f"### BEGIN HIDDEN TESTS\n{hidden}\n### END HIDDEN TESTS",
                metadata=_meta(f"{grade_id}_test", grade=True, solution=False, points=row["points"]))
            cells += [answer, test]
        elif cell.cell_type == "markdown" and _SOLUTION_PROSE.search(cell.source):
            for part, (text, is_solution) in enumerate(split_solutions(cell.source)):
                piece = nbformat.v4.new_markdown_cell(text)
                if is_solution:
                    piece.metadata.update(_meta(f"written{index:03d}_{part}", grade=True, solution=True, points=1))
                cells.append(piece)
        else:
            cells.append(cell)
    missing = [row for row in solutions if row["what"] not in used]
    if missing:
        raise AssignmentError([f"{row['where']}, column 'what': no check cell of {row['chapter']} says "
                               f"what={row['what']!r}" for row in missing])
    nb.cells = cells
    return nb


def assignment_name(chapter: str) -> str:
    """The nbgrader assignment of a chapter: ``02_immune_effects`` → ``ch02_immune_effects``."""
    return f"ch{chapter}" if chapter[0].isdigit() else chapter


def nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess:
    """Run ``nbgrader`` of this environment in ``course`` (its tools, such as alembic, on the PATH)."""
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = subprocess.run([str(Path(sys.executable).parent / "nbgrader"), *args], cwd=course, env=env,
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"nbgrader {' '.join(args)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result


def build_assignments(course: Path | None = None, root: Path = ROOT) -> dict[str, Path]:
    """Write the source course and the released student version into ``course``
    (default ``_build/assignments``); returns the released notebooks by assignment."""
    course = Path(course) if course is not None else root / "_build" / "assignments"
    solutions = load_solutions(root / "instructor" / "nbgrader_solutions.csv")
    course.mkdir(parents=True, exist_ok=True)
    (course / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        f"c.CourseDirectory.course_id = {COURSE_ID!r}\n"
        f"c.CourseDirectory.root = {str(course.resolve())!r}\n"
        "c.ExecutePreprocessor.timeout = 600\n", encoding="utf-8")
    released = {}
    for chapter in dict.fromkeys(row["chapter"] for row in solutions):
        instructor = root / "_build" / "instructor" / f"{chapter}.ipynb"
        if not instructor.is_file():
            raise FileNotFoundError(f"{instructor} is missing: build the book first (make book)")
        name = assignment_name(chapter)
        source = course / "source" / name / f"{chapter}.ipynb"
        source.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nbgrader_source(nbformat.read(instructor, as_version=4),
                                       [row for row in solutions if row["chapter"] == chapter]), source)
        nbgrader(course, "generate_assignment", name, "--force")
        released[name] = course / "release" / name / f"{chapter}.ipynb"
    return released


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--course", type=Path, help="course folder (default: _build/assignments)")
    args = parser.parse_args(argv)
    for name, path in build_assignments(args.course).items():
        print(f"{name}: source and release written ({path})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
