"""The package's shape: imports point one way (no circle), and booktools sits above analysis.

The layers, bottom to top (a module imports only from its own layer or below):

0. foundation — paths, strict CSV reading, the data files' schemas, argument checks, the house style, table rendering;
1. ledger — loading and validating the data files (the evidence ledger and the other tables);
2. analysis — statistics, models and checks computed from the ledger;
3. drawing — figure functions (``analysis.plots``);
4. publishing — glue for the pages and the chapters' import helper;
5. validation of every data file at once (above every loader it runs).

A module's layer follows from its folder (:data:`SUBPACKAGE_LAYERS`: ``analysis/ledger/`` is layer 1,
``analysis/models/`` and ``analysis/audit/`` layer 2, ``analysis/plots/`` layer 3); the few modules at the
top of the package are placed one by one (:data:`TOP_LEVEL_LAYERS`: the foundation, ``book`` and ``validate``).

``booktools/`` (build and test tooling) calls the package; the package never imports it.
Its own layers (:data:`BOOKTOOLS_LAYERS`), bottom to top: foundation (the root, paths, the table
of contents, fingerprints), parts (what the site offers and how it is checked), the Sphinx
extensions, and the commands ``make`` runs. CONTRIBUTING.md shows both tables; a test holds them
to the ones here.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from analysis import ROOT
from analysis.ledger.chapters import load_chapters

PACKAGE = ROOT / "analysis"

#: The layer of each subpackage of analysis: every module in its folder sits in that layer, so a module
#: dropped into ``analysis/models/`` needs no edit here.
SUBPACKAGE_LAYERS: dict[str, int] = {"ledger": 1, "models": 2, "audit": 2, "plots": 3}
#: The layer of each module at the top of analysis (the package itself included): the foundation, and the
#: two that sit above the drawing.
TOP_LEVEL_LAYERS: dict[str, int] = {
    "analysis": 0, "analysis.tables": 0, "analysis.schema": 0, "analysis.checks": 0, "analysis.style": 0, "analysis.render": 0,
    "analysis.book": 4,
    "analysis.validate": 5,
}
LAYER_NAMES = ["foundation", "ledger", "analysis", "drawing", "publishing", "validation"]

BOOKTOOLS = ROOT / "booktools"
#: Every module of booktools and its layer (it may import analysis from any layer).
BOOKTOOLS_LAYERS: dict[str, int] = {
    "booktools": 0, "booktools.paths": 0, "booktools.toc": 0, "booktools.fingerprint": 0, "booktools.local_site": 0,
    "booktools.downloads": 1, "booktools.reader_notebook": 1, "booktools.cache_guard": 1, "booktools.parallel_execute": 1,
    "booktools.launch": 1, "booktools.golden": 1, "booktools.references": 1, "booktools.question_bank": 1,
    "booktools.site_size": 1, "booktools.pdf": 1, "booktools.workflow_check": 1, "booktools.templates": 1, "booktools.notice": 1, "booktools.page_load": 1,
    "booktools.sphinx_notebooks": 2, "booktools.sphinx_edition": 2, "booktools.sphinx_offline": 2, "booktools.sphinx_site_fixes": 2,
    "booktools.sphinx_speedups": 2,
    "booktools.build": 3, "booktools.quiz": 3, "booktools.assignments": 3, "booktools.bench": 3, "booktools.preview": 3, "booktools.audit_source": 3,
    "booktools.reader_check": 3, "booktools.site_archive": 3, "booktools.workspace": 3, "booktools.line_coverage": 3,
}
BOOKTOOLS_LAYER_NAMES = ["foundation", "parts", "Sphinx extensions", "commands"]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def package_modules(folder: Path = PACKAGE) -> dict[str, Path]:
    return {module_name(path): path for path in sorted(folder.rglob("*.py"))}


def layer_of(module: str) -> int | None:
    """The layer of a module of analysis: its subpackage's (:data:`SUBPACKAGE_LAYERS`), or for a module at
    the top its entry in :data:`TOP_LEVEL_LAYERS`; None when neither places it."""
    parts = module.split(".")
    if len(parts) > 1 and (parts[1] in SUBPACKAGE_LAYERS or len(parts) > 2):
        return SUBPACKAGE_LAYERS.get(parts[1])
    return TOP_LEVEL_LAYERS.get(module)


#: Every module of the package and its layer, as the folders and :data:`TOP_LEVEL_LAYERS` place it.
LAYERS: dict[str, int] = {name: layer for name in package_modules() if (layer := layer_of(name)) is not None}


def imported_modules(path: Path, known: set[str]) -> set[str]:
    """The package's modules that ``path`` imports (at any depth of the file), resolved like Python does."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                stem = ".".join(base + ([node.module] if node.module else []))
            else:
                stem = node.module or ""
            # "from analysis.ledger import evidence" imports a module; "from analysis import DATA_DIR" the package.
            targets = [f"{stem}.{alias.name}" if f"{stem}.{alias.name}" in known else stem for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in known:  # analysis.plots.statements.x -> analysis.plots.statements
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = package_modules()
    known = set(modules)
    return {name: imported_modules(path, known) for name, path in modules.items()}


def booktools_graph() -> dict[str, set[str]]:
    """booktools' modules and the booktools modules each imports (imports of analysis left out)."""
    modules = package_modules(BOOKTOOLS)
    known = set(modules) | set(package_modules())
    return {name: {target for target in imported_modules(path, known) if target.split(".")[0] == "booktools"}
            for name, path in modules.items()}


def upward_imports(graph: dict[str, set[str]], layers: dict[str, int], names: list[str]) -> list[str]:
    """Every import in ``graph`` of a module in a higher layer than the importer's, in words."""
    return [f"{module} ({names[layers[module]]}) imports {target} ({names[layers[target]]})"
            for module, targets in sorted(graph.items()) for target in sorted(targets) if layers[target] > layers[module]]


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle as a list of modules (first == last), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for child in sorted(graph.get(node, ())):
            if state.get(child) == 1:
                return stack[stack.index(child):] + [child]
            if child not in state:
                cycle = visit(child)
                if cycle:
                    return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            cycle = visit(node)
            if cycle:
                return cycle
    return None


def test_the_package_has_no_import_circle():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import circle: " + " -> ".join(cycle)


def test_the_cycle_finder_names_a_circle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_every_module_has_a_layer():
    unplaced = sorted(set(package_modules()) - set(LAYERS))
    assert not unplaced, (f"put these modules into a folder of analysis named in SUBPACKAGE_LAYERS, or a module at "
                          f"the top into TOP_LEVEL_LAYERS of {Path(__file__).name}: {unplaced}")
    gone = sorted(set(TOP_LEVEL_LAYERS) - set(package_modules()))
    assert not gone, f"TOP_LEVEL_LAYERS names modules that no longer exist: {gone}"
    folders = sorted(folder for folder in SUBPACKAGE_LAYERS if not (PACKAGE / folder / "__init__.py").is_file())
    assert not folders, f"SUBPACKAGE_LAYERS names folders of analysis that are no packages: {folders}"


def test_a_module_takes_the_layer_of_its_folder():
    assert layer_of("analysis.models.a_new_model") == 2      # a new module needs no entry of its own
    assert layer_of("analysis.audit.a_new_check") == 2
    assert layer_of("analysis.ledger") == 1                  # the subpackage itself
    assert layer_of("analysis.plots.a_new_figure") == 3
    assert layer_of("analysis.book") == 4 and layer_of("analysis.tables") == 0
    assert layer_of("analysis.a_new_top_module") is None     # the top level is placed one by one
    assert layer_of("analysis.a_new_folder.module") is None  # and so is a new folder
    assert LAYERS["analysis.ledger.evidence"] == 1 and LAYERS["analysis.audit.coverage"] == 2


def test_imports_point_down_the_layers():
    wrong = upward_imports(import_graph(), LAYERS, LAYER_NAMES)
    assert not wrong, "imports that point up the layers:\n  " + "\n  ".join(wrong)


def test_an_upward_import_is_named():
    layers = {"low": 0, "high": 1}
    assert upward_imports({"low": {"high"}, "high": {"low"}}, layers, ["bottom", "top"]) == ["low (bottom) imports high (top)"]
    assert upward_imports({"low": set(), "high": {"low"}}, layers, ["bottom", "top"]) == []


def test_every_booktools_module_has_a_layer():
    modules = set(package_modules(BOOKTOOLS))
    assert not sorted(modules - set(BOOKTOOLS_LAYERS)), \
        f"place these modules in BOOKTOOLS_LAYERS of {Path(__file__).name}: {sorted(modules - set(BOOKTOOLS_LAYERS))}"
    assert not sorted(set(BOOKTOOLS_LAYERS) - modules), \
        f"BOOKTOOLS_LAYERS names modules that no longer exist: {sorted(set(BOOKTOOLS_LAYERS) - modules)}"


def test_booktools_imports_point_down_its_layers():
    graph = booktools_graph()
    assert graph["booktools.build"] >= {"booktools.paths", "booktools.cache_guard"}  # the graph sees relative imports
    wrong = upward_imports(graph, BOOKTOOLS_LAYERS, BOOKTOOLS_LAYER_NAMES)
    assert not wrong, "booktools imports that point up its layers:\n  " + "\n  ".join(wrong)
    cycle = find_cycle(graph)
    assert cycle is None, "import circle: " + " -> ".join(cycle)


def contributing_tables() -> list[dict[str, list[str]]]:
    """The layer tables of CONTRIBUTING.md's section "Where code lives": per table, each row's layer and the
    names in backticks of its modules column, in order."""
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = text.split("\n## Where code lives", 1)[1].split("\n## ", 1)[0]
    tables: list[dict[str, list[str]]] = []
    for line in section.splitlines():
        if line.startswith("| layer |"):
            tables.append({})
        elif line.startswith("| ") and tables:
            layer, modules = [cell.strip() for cell in line.strip().strip("|").split("|")][:2]
            tables[-1][layer] = re.findall(r"`([^`]+)`", modules)
    return tables


def _declared(layers: dict[str, int], names: list[str]) -> dict[str, set[str]]:
    return {name: {module for module, layer in layers.items() if layer == number} for number, name in enumerate(names)}


def _listed(table: dict[str, list[str]], package: str) -> dict[str, set[str]]:
    return {layer: {package if name == package else f"{package}.{name}" for name in modules}
            for layer, modules in table.items()}


def _declared_analysis() -> dict[str, set[str]]:
    """Per layer of analysis, its folders (``ledger/``) and its modules at the top (``analysis.book``)."""
    declared = _declared(TOP_LEVEL_LAYERS, LAYER_NAMES)
    for folder, layer in SUBPACKAGE_LAYERS.items():
        declared[LAYER_NAMES[layer]].add(f"{folder}/")
    return declared


def _listed_analysis(table: dict[str, list[str]]) -> dict[str, set[str]]:
    """CONTRIBUTING's rows as :func:`_declared_analysis` names them: a folder as ``name/``, a module in full."""
    return {layer: {name if name.endswith("/") else ("analysis" if name == "analysis" else f"analysis.{name}")
                    for name in modules} for layer, modules in table.items()}


def test_contributing_shows_the_layers_of_analysis_this_test_holds():
    tables = contributing_tables()
    assert len(tables) == 2, "CONTRIBUTING.md's 'Where code lives' has a table for analysis and one for booktools"
    analysis_table = tables[0]
    assert list(analysis_table) == ["data", *LAYER_NAMES, "chapters"]
    listed = _listed_analysis({layer: analysis_table[layer] for layer in LAYER_NAMES})
    assert listed == _declared_analysis(), \
        "CONTRIBUTING.md's layer table of analysis differs from SUBPACKAGE_LAYERS and TOP_LEVEL_LAYERS in tests/test_architecture.py"


def test_contributing_shows_the_layers_of_booktools_this_test_holds():
    booktools_table = contributing_tables()[1]
    assert list(booktools_table) == BOOKTOOLS_LAYER_NAMES
    assert _listed(booktools_table, "booktools") == _declared(BOOKTOOLS_LAYERS, BOOKTOOLS_LAYER_NAMES), \
        "CONTRIBUTING.md's layer table of booktools differs from BOOKTOOLS_LAYERS in tests/test_architecture.py"


def test_the_package_never_imports_booktools():
    offenders = [name for name, path in package_modules().items()
                 if "booktools" in path.read_text(encoding="utf-8") and _imports_booktools(path)]
    assert not offenders, f"analysis must not import booktools: {offenders}"


def private_imports(path: Path) -> list[str]:
    """The private names (``_name``) ``path`` imports from another module of the book (analysis or booktools)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").split(".")[0] in {"analysis", "booktools"}):
            found += [f"line {node.lineno}: {'.' * node.level}{node.module or ''} import {alias.name}"
                      for alias in node.names if alias.name.startswith("_")]
    return found


def test_no_module_imports_another_modules_private_helpers(tmp_path):
    sample = tmp_path / "m.py"
    sample.write_text("from .km_compare import _check, km_curve\nfrom analysis.x import public\n", encoding="utf-8")
    assert private_imports(sample) == ["line 1: .km_compare import _check"]
    found = {str(path.relative_to(ROOT)): private_imports(path) for path in _python_files() if private_imports(path)}
    assert not found, f"make what modules share public (with a docstring) instead of importing private names: {found}"


def _imports_booktools(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import) and any(alias.name.split(".")[0] == "booktools" for alias in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and not node.level and (node.module or "").split(".")[0] == "booktools":
            return True
    return False


@pytest.mark.parametrize("chapter", sorted((ROOT / "chapters").glob("*.md")), ids=lambda path: path.stem)
def test_chapters_import_only_the_package(chapter):
    text = chapter.read_text(encoding="utf-8")
    assert "import booktools" not in text and "from booktools" not in text
    assert "import *" not in text, "no star imports in chapters: import what the chapter uses"


# ---------------------------------------------------------------- size
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80
#: The words a docstring uses to say why its function is longer than MAX_FUNCTION_LINES.
LONG_REASON = "Long because"


def _python_files() -> list[Path]:
    return sorted([*PACKAGE.rglob("*.py"), *(ROOT / "booktools").rglob("*.py")])


@pytest.mark.parametrize("path", _python_files(), ids=lambda path: str(path.relative_to(ROOT)))
def test_no_module_is_over_600_lines(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{path.relative_to(ROOT)} has {lines} lines: split it by idea"


def function_lengths(path: Path) -> list[tuple[str, int, int, str]]:
    """(name, first line, lines of code without the docstring, docstring) of every function in ``path``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            docstring = ast.get_docstring(node) or ""
            body = node.body[1:] if docstring else node.body
            length = body[-1].end_lineno - body[0].lineno + 1 if body else 0
            found.append((node.name, node.lineno, length, docstring))
    return found


def test_no_function_is_over_80_lines_without_a_reason():
    long = [f"{path.relative_to(ROOT)}:{line} {name} ({length} lines)"
            for path in _python_files() for name, line, length, docstring in function_lengths(path)
            if length > MAX_FUNCTION_LINES and LONG_REASON not in docstring]
    assert not long, f"functions over {MAX_FUNCTION_LINES} lines of code (docstring not counted) without " \
                     f"'{LONG_REASON} ...' in their docstring:\n  " + "\n  ".join(long)


def test_the_length_check_counts_code_not_docstrings(tmp_path):
    path = tmp_path / "m.py"
    path.write_text('def f():\n    """Doc.\n\n    More.\n    """\n    a = 1\n    return a\n', encoding="utf-8")
    assert function_lengths(path) == [("f", 1, 2, "Doc.\n\nMore.")]


# ---------------------------------------------------------------- chapters
CHAPTERS = sorted((ROOT / "chapters").glob("*.md"))
#: The longest code cell, in lines of code, shown or hidden alike: a hidden cell that computes the prose's
#: numbers is read like any other, so what it computes goes into a named, tested function of analysis.
MAX_CELL_LINES = 20
#: The one thing not counted: the entries of a ``glue_claims({...})`` mapping, one "name": ledger id per
#: line. They are a table without logic (CONTRIBUTING asks for one such call per chapter or section);
#: the call's own first and last line count.
GLUE_CLAIMS_OPEN = re.compile(r"(?:^|[=(\s])glue_claims\(\{\s*$")


def code_cells(chapter: Path) -> list[tuple[int, list[str], list[str]]]:
    """(line, tags, non-blank code lines) of every code cell of a MyST chapter."""
    import re

    text = chapter.read_text(encoding="utf-8")
    cells = []
    for match in re.finditer(r"```\{code-cell\}[^\n]*\n(.*?)```", text, re.S):
        body = match.group(1)
        tags = re.search(r"^:tags: \[(.*?)\]", body, re.M)
        code = [line for line in body.split("\n") if line.strip() and not line.startswith(":")]
        cells.append((text[:match.start()].count("\n") + 1, [t.strip() for t in tags.group(1).split(",")] if tags else [], code))
    return cells


#: The import cell's last line: ``start_chapter()``, or ``start_chapter("label")`` with the page's own label.
START_CHAPTER = re.compile(r'^start_chapter\((?:"(?P<label>[a-z][a-z0-9-]*)")?\)$')


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda path: path.stem)
def test_chapter_opens_with_one_short_import_cell(chapter):
    cells = code_cells(chapter)
    line, tags, code = cells[0]
    start = START_CHAPTER.match(code[-1])
    assert start, f"{chapter.name}:{line}: the first code cell imports and calls start_chapter() or start_chapter(\"<label>\")"
    if start["label"]:
        labels = dict(zip(load_chapters()["file"], load_chapters()["label"]))
        assert start["label"] == labels[f"chapters/{chapter.name}"], \
            f"{chapter.name}:{line}: start_chapter names {start['label']!r}, but the page's label is {labels[f'chapters/{chapter.name}']!r}"
    assert all(row.startswith(("#", "from ", "import ", " ", ")")) or START_CHAPTER.match(row) for row in code), \
        f"{chapter.name}:{line}: the import cell only imports"
    assert sum("start_chapter(" in "\n".join(c) for _, _, c in cells) == 1


def counted_lines(code: list[str]) -> int:
    """Lines of ``code`` (non-blank lines of one cell) that the length limit counts: all but a glue_claims mapping's entries."""
    counted, in_mapping = 0, False
    for line in code:
        if in_mapping and line.strip().startswith("})"):
            in_mapping = False
        if not in_mapping:
            counted += 1
        if GLUE_CLAIMS_OPEN.search(line):
            in_mapping = True
    return counted


def test_the_cell_length_skips_only_glue_claims_entries():
    mapping = ["claims = glue_claims({", '    "a": "claim_a",', '    "b": ("claim_b", "number"),', "})"]
    assert counted_lines(mapping + ["x = 1"]) == 3
    assert counted_lines(["glue_texts({", '    "a": f"{x:.1f}",', '    "b": len(y),', "})"]) == 4   # computed values count
    assert counted_lines(["glue_claims({'a': 'claim_a'})", "x = 1"]) == 2


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda path: path.stem)
def test_code_cells_are_short_shown_or_hidden(chapter):
    long = [f"line {line} ({'hidden' if {'remove-cell', 'remove-input', 'hide-input'} & set(tags) else 'shown'}): "
            f"{counted_lines(code)} lines" for line, tags, code in code_cells(chapter) if counted_lines(code) > MAX_CELL_LINES]
    assert not long, (f"{chapter.name}: code cells over {MAX_CELL_LINES} lines (move what they compute into a named, "
                      f"documented, tested function of analysis and call it): {long}")


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda path: path.stem)
def test_chapters_glue_declaratively(chapter):
    code = "\n".join("\n".join(c) for _, _, c in code_cells(chapter))
    for call in ("glue_text(", "glue_claim(", "use_house_style("):
        assert call not in code, f"{chapter.name}: use glue_claims/glue_texts and start_chapter, not {call}...)"
