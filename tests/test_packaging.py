"""The book stands alone: the package carries its data, nothing reaches above the repository, pins agree."""
import ast
import re
import subprocess
import sys
import zipfile

import pytest

from booktools import ROOT
from booktools.downloads import READER_REQUIREMENTS, build_wheel, source_files, source_zip, wheel_name

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    return build_wheel(tmp_path_factory.mktemp("wheel"))


def test_wheel_carries_the_package_and_every_data_file(wheel):
    assert wheel.name == wheel_name()
    names = set(zipfile.ZipFile(wheel).namelist())
    data = {path.relative_to(ROOT / "data").as_posix() for path in (ROOT / "data").rglob("*") if path.is_file()}
    missing = sorted(name for name in data if f"analysis/_data/{name}" not in names)
    assert not missing, f"data files not in the wheel: {missing}"
    # Every module, subpackages included: pyproject.toml lists the packages one by one, so a new folder
    # of analysis left out of that list would install without its modules.
    modules = {path.relative_to(ROOT).as_posix() for path in (ROOT / "analysis").rglob("*.py")}
    assert "analysis/ledger/evidence.py" in modules
    assert not sorted(modules - names), f"modules of analysis not in the wheel: {sorted(modules - names)}"
    assert not any(name.startswith(("booktools/", "tests/", "chapters/")) for name in names)


def test_installed_package_reads_its_ledger_from_inside_itself(wheel, tmp_path):
    site = tmp_path / "site-packages"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = ("import analysis, analysis.ledger.evidence as e; "
            "print(analysis.INSTALLED_FROM_WHEEL, analysis.ROOT, analysis.DATA_DIR.parent.name, e.claim('sequencing_after_rt_os6').text)")
    result = subprocess.run([sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(site)!r}); {code}"],
                            cwd=elsewhere, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "None", "analysis", "94.7%"]


def test_checkout_reads_the_repository_data():
    import analysis

    assert not analysis.INSTALLED_FROM_WHEEL and analysis.DATA_DIR == ROOT / "data"


def test_source_zip_holds_the_tracked_files_and_no_build_output(tmp_path):
    archive = source_zip(tmp_path / "src.zip")
    names = zipfile.ZipFile(archive).namelist()
    top = names[0].split("/")[0]
    assert top.startswith("rt-io-book-")
    inside = {name.split("/", 1)[1] for name in names}
    for needed in ("Makefile", "README.md", "requirements.txt", "data/claims.csv", "chapters/04_cold_to_hot.md", "analysis/ledger/evidence.py"):
        assert needed in inside
    assert not any(part in name.split("/") for name in inside for part in ("_build", ".venv", ".git", "__pycache__"))
    assert len(inside) == len(source_files())


# ---------------------------------------------------------------------------
# Nothing reaches outside the repository
# ---------------------------------------------------------------------------

_OUTSIDE = [
    (re.compile(r"\.\./shared|\bshared/source\b"), "names the reference desk beside the repository"),
    (re.compile(r"\bROOT\s*\.\s*parent\b|_CHECKOUT\s*\.\s*parent\b"), "goes above the repository root"),
    (re.compile(r"(\.parent){3,}"), "climbs three or more folders"),
    (re.compile(r"""["']\.\./\.\./"""), "climbs two or more folders in a path string"),
]


def _checked_files():
    """Every source file the book, its tests or a chapter run (``.ci/run`` may look beside the checkout
    for a maintainer's copy of the review, and never needs it)."""
    for path in source_files():
        if path.parts[0] in ("data", "_vendor", ".ci") or path.suffix not in (".py", ".md", ".sh", ".yml", ".toml", ".cfg", "") \
                or path.name == "test_packaging.py":
            continue
        yield path


def test_no_file_builds_a_path_above_the_repository():
    problems = []
    for path in _checked_files():
        text = (ROOT / path).read_text(encoding="utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), 1):
            for pattern, why in _OUTSIDE:
                if pattern.search(line):
                    problems.append(f"{path}:{number}: {why}: {line.strip()[:100]}")
    assert not problems, "\n".join(problems)


def test_parents_index_stays_inside_the_repository():
    """``Path(__file__).parents[k]`` may climb at most to the repository root."""
    problems = []
    for path in _checked_files():
        if path.suffix != ".py":
            continue
        for node in ast.walk(ast.parse((ROOT / path).read_text(encoding="utf-8"))):
            if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute) and node.value.attr == "parents" \
                    and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, int):
                if node.slice.value > len(path.parts) - 1:
                    problems.append(f"{path}:{node.lineno}: parents[{node.slice.value}] climbs above the repository")
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------------------
# The reader's requirements
# ---------------------------------------------------------------------------

def _pins(path):
    pins = {}
    for line in (ROOT / path).read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if "==" in line:
            name, version = line.split("==")
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version.strip()
    return pins


def test_reader_requirements_are_short_and_pinned_like_the_build():
    reader, full = _pins(READER_REQUIREMENTS), _pins("requirements.txt")
    assert 5 <= len(reader) <= 15
    different = {name: (version, full.get(name)) for name, version in reader.items() if full.get(name) != version}
    assert not different, f"requirements-reader.txt pins differ from requirements.txt: {different}"


def test_reader_requirements_cover_what_the_package_imports():
    import tomllib

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    names = {re.split(r"[<>=!~ ]", spec)[0].lower() for spec in declared}
    assert names <= set(_pins(READER_REQUIREMENTS)), "every dependency of the wheel is pinned for readers"
    imported = set()
    for path in (ROOT / "analysis").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    third_party = imported - set(sys.stdlib_module_names) - {"analysis"}
    distribution = {"IPython": "ipython", "PIL": "pillow"}
    missing = sorted(name for name in third_party if distribution.get(name, name).lower() not in names)
    assert not missing, f"analysis imports packages the wheel does not declare: {missing}"


def test_wheel_holds_no_answer_of_the_question_bank(wheel, tmp_path):
    from .answer_leaks import key_markers, leaks

    names = zipfile.ZipFile(wheel).namelist()
    assert any(name.startswith("analysis/_data/questions/") for name in names), "the questions travel in the wheel"
    assert not any("instructor" in name or "answers" in name.split("/")[-2:-1] for name in names)
    found = leaks([wheel], wheel.parent, key_markers())
    assert not found, f"answers in the wheel: {found}"
