"""booktools.paths names every path of the build and the built site once: nobody defines them again."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from booktools import ROOT, paths
from booktools.fingerprint import files_under

#: Names only booktools/paths.py may define (and the names the folder lists had before it).
OWNED = {name for name in paths.__all__ if name.isupper()} | {"SKIPPED_DIRS", "SKIPPED_PARTS"}


def _sources() -> list[Path]:
    return sorted(path for path in [*(ROOT / "booktools").rglob("*.py"), *(ROOT / "tests").rglob("*.py")]
                  if path not in (ROOT / "booktools" / "paths.py", Path(__file__).resolve()))


def redefinitions(source: str) -> list[str]:
    """What ``source`` (Python) spells that booktools.paths owns: an assignment to one of its names, or the
    built site's or the inputs stamp's path written out (``… / "_build" / "html"``, ``"_build/html"``)."""
    found = []
    # One tree: ids of nodes of a tree already freed could be reused by a second parse's nodes.
    tree = ast.parse(source)
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                  and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    for node in ast.walk(tree):
        targets = (node.targets if isinstance(node, ast.Assign) else [node.target]
                   if isinstance(node, (ast.AnnAssign, ast.AugAssign)) else [])
        found += [f"line {node.lineno}: {target.id} =" for target in targets
                  if isinstance(target, ast.Name) and target.id in OWNED]
        if (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div) and isinstance(node.left, ast.BinOp)
                and isinstance(node.right, ast.Constant) and node.right.value == "html"
                and isinstance(node.left.right, ast.Constant) and node.left.right.value == "_build"):
            found.append(f'line {node.lineno}: … / "_build" / "html"')
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings \
                and (re.fullmatch(r"_build/html(/\S*)?", node.value) or node.value == ".inputs-fingerprint"):
            found.append(f"line {node.lineno}: {node.value!r}")
    return sorted(found, key=lambda entry: int(entry.split(":")[0].removeprefix("line ")))


def test_the_checker_finds_a_redefinition():
    source = ('"""Docstring naming _build/html."""\nSITE = ROOT / "_build" / "html"\n'
              'def f():\n    site = root / "_build" / "html"\n    return root / "_build" / ".inputs-fingerprint"\n'
              'SKIPPED_PARTS = {"x"}\n')
    assert redefinitions(source) == ["line 2: SITE =", 'line 2: … / "_build" / "html"',
                                     'line 4: … / "_build" / "html"', "line 5: '.inputs-fingerprint'",
                                     "line 6: SKIPPED_PARTS ="]
    assert redefinitions('from booktools.paths import SITE\nindex = SITE / "index.html"\n'
                         'message = "_build/html/index.html is missing: build the book first"\n') == []


@pytest.mark.parametrize("path", _sources(), ids=lambda path: str(path.relative_to(ROOT)))
def test_no_module_or_test_defines_a_path_of_booktools_paths(path):
    found = redefinitions(path.read_text(encoding="utf-8"))
    assert not found, f"{path.relative_to(ROOT)}: import these from booktools.paths instead: {found}"


def test_the_paths_lie_under_the_root_and_in_book_moves_them():
    assert paths.SITE == ROOT / "_build" / "html" and paths.SITE_CHAPTERS.parent == paths.SITE
    assert paths.SITE_PDF == paths.SITE / paths.PDF_DIR and paths.PDF_DIR.startswith(paths.DOWNLOADS_DIR + "/")
    assert paths.INPUTS_STAMP.parent == paths.BUILD
    other = Path("/tmp/scratch-book")
    assert paths.in_book(other, paths.SITE_CHAPTERS) == other / "_build" / "html" / "chapters"
    assert paths.in_book(other, paths.INPUTS_STAMP) == other / "_build" / ".inputs-fingerprint"


def test_the_site_is_not_built_from_local_state_tests_or_scripts(tmp_path):
    for name in ("chapters/a.md", "chapters/.ipynb_checkpoints/a-checkpoint.md", "tests/test_x.py",
                 "scripts/run.sh", "_build/html/index.html", "dist/x.whl", ".pytest_cache/v", "data/x.csv"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    inputs = [path.relative_to(tmp_path).as_posix() for path in files_under(tmp_path, skip=paths.NOT_SITE_INPUTS)]
    assert inputs == ["chapters/a.md", "data/x.csv"]
    source = [path.relative_to(tmp_path).as_posix() for path in files_under(tmp_path, skip=paths.LOCAL_STATE)]
    assert source == ["chapters/a.md", "data/x.csv", "scripts/run.sh", "tests/test_x.py"]
