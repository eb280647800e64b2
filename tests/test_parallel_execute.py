"""booktools.parallel_execute: chapters executed into jupyter-cache before Sphinx reads them."""
from pathlib import Path

import pytest

from booktools import parallel_execute

pytestmark = pytest.mark.slow

FRONT = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---

# {title}

```{{code-cell}} ipython3
{code}
```
"""


def make_book(root: Path, chapters: dict[str, str], execute: str = "cache") -> Path:
    (root / "chapters").mkdir(parents=True)
    (root / "_config.yml").write_text(
        f"execute:\n  execute_notebooks: {execute}\n  cache: _build/.jupyter_cache\n  timeout: 60\n"
        "parse:\n  myst_enable_extensions: [colon_fence, dollarmath]\n")
    toc = "format: jb-book\nroot: intro\nchapters:\n" + "".join(f"  - file: chapters/{name}\n" for name in chapters)
    (root / "_toc.yml").write_text(toc)
    (root / "intro.md").write_text("# Intro\n")
    for name, code in chapters.items():
        (root / "chapters" / f"{name}.md").write_text(FRONT.format(title=name, code=code))
    return root


def test_executes_what_the_cache_lacks_and_stores_it(tmp_path):
    root = make_book(tmp_path, {"one": "print(6 * 7)", "two": "x = 1\nx + 1"})
    lines: list[str] = []
    executed = parallel_execute.run(root, workers=2, log=lines.append)
    assert sorted(path.name for path in executed) == ["one.md", "two.md"]
    config = parallel_execute.settings(root)
    assert parallel_execute.missing_from_cache(parallel_execute.toc_notebooks(root), config) == []

    from jupyter_cache import get_cache
    cache = get_cache(str(config.cache))
    _, merged = cache.merge_match_into_notebook(parallel_execute.read_notebook(root / "chapters" / "one.md", config.myst_extensions))
    code = [cell for cell in merged.cells if cell.cell_type == "code"]
    assert code[0].outputs[0]["text"] == "42\n"

    # Nothing changed: nothing runs. A code edit: only that chapter runs.
    assert parallel_execute.run(root, log=lines.append) == []
    (root / "chapters" / "two.md").write_text(FRONT.format(title="two", code="x = 2\nx + 1"))
    assert [path.name for path in parallel_execute.run(root, log=lines.append)] == ["two.md"]


def test_a_failing_chapter_is_reported_and_left_for_sphinx(tmp_path):
    root = make_book(tmp_path, {"good": "1 + 1", "bad": "raise ValueError('broken chapter')"})
    lines: list[str] = []
    executed = parallel_execute.run(root, workers=2, log=lines.append)
    assert [path.name for path in executed] == ["good.md"]
    assert any("bad.md: execution failed" in line for line in lines)
    config = parallel_execute.settings(root)
    assert [path.name for path in parallel_execute.missing_from_cache(parallel_execute.toc_notebooks(root), config)] == ["bad.md"]


def test_refuses_a_book_that_does_not_execute_into_the_cache(tmp_path):
    root = make_book(tmp_path, {"one": "1"}, execute="force")
    with pytest.raises(ValueError, match="_config.yml: execute.execute_notebooks must be 'cache'"):
        parallel_execute.settings(root)
