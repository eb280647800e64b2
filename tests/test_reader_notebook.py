"""booktools.reader_notebook: MyST to plain Markdown, one construct at a time."""
import nbformat
import pytest
import yaml

from booktools import ROOT
from booktools.reader_notebook import (
    MYST_EXTENSIONS,
    WHAT_IF_NOTE,
    Context,
    ReaderNotebookError,
    convert_markdown,
    install_cells,
    myst_leftovers,
    reader_notebook,
    solution_texts,
)


def context(**changes):
    base = dict(
        docname="chapters/99_test",
        glue={"os6": {"text/plain": "'94.7%'"}, "n": {"text/plain": "'80'"}, "ratio": {"text/plain": "0.51234"},
              "table": {"text/markdown": "| a | b |\n|---|---|\n| {term}`ICI` | 2 |"}},
        citations={"tanaka2023": ("Tanaka et al.", "2023", "10.3390/x"), "mouw2017": ("Mouw and Konstantinopoulos", "2017", "10.1158/y")},
        labels={"intro": "Introduction", "audit-chapter": "Checking the review"},
        numbers={"fig-a": "4.2", "ex-a": "4.1"},
        format_text=lambda text, spec: format(eval(text), spec),
    )
    base.update(changes)
    return Context(**base)


def test_roles_become_text():
    text = ("OS was {glue:text}`os6` of {glue:text}`n` ({glue:text}`ratio:.2f`) {cite}`tanaka2023,mouw2017`; "
            "{cite:t}`tanaka2023` saw it ({numref}`fig-a`, {numref}`Figure %s <fig-a>`), see {ref}`audit-chapter` "
            "and {ref}`the start <intro>`, {term}`lymphopenia` and {term}`ICIs <ICI>`.")
    out = convert_markdown(text, context())
    assert out == ("OS was 94.7% of 80 (0.51) ([Tanaka et al., 2023](https://doi.org/10.3390/x); "
                   "[Mouw and Konstantinopoulos, 2017](https://doi.org/10.1158/y)); [Tanaka et al. (2023)](https://doi.org/10.3390/x) "
                   "saw it (Fig. 4.2, Figure 4.2), see Checking the review and the start, lymphopenia and ICIs.")


def test_a_role_wrapped_over_two_lines_is_resolved():
    assert convert_markdown("see {ref}`the\nstart <intro>` now", context()) == "see the\nstart now"


def test_labels_dropped_and_admonitions_quoted():
    text = "(sec-a)=\n## Title\n\n```{caution}\nCareful with {glue:text}`n`.\n```\n\n```{admonition} Learning objectives\n:class: tip\n1. one\n```"
    out = convert_markdown(text, context())
    assert "(sec-a)=" not in out
    assert "> **Caution**\n>\n> Careful with 80." in out
    assert "> **Learning objectives**\n>\n> 1. one" in out


def test_exercise_kept_solution_left_out_unless_asked():
    text = ("```{exercise}\n:label: ex-a\n\nChange `seed` and re-run.\n```\n\n"
            "````{solution} ex-a\n:class: dropdown\n\nThe bands widen.\n\n```python\nx = 1\n```\n````\n\nAfter.")
    student = convert_markdown(text, context())
    assert student.startswith("**Exercise 4.1**\n\nChange `seed` and re-run.")
    assert "bands widen" not in student and "x = 1" not in student and student.endswith("After.")
    teacher = convert_markdown(text, context(), solutions=True)
    assert "> **Solution to Exercise 4.1**" in teacher and "> The bands widen." in teacher and "> x = 1" in teacher
    assert solution_texts(text) == ["The bands widen.\n\n```python\nx = 1\n```"]


def test_glued_figure_and_markdown():
    text = "```{glue:figure} fig_a\n:name: fig-a\n:alt: Two curves.\n\nCurves of {glue:text}`os6`. Source:\n{cite:t}`tanaka2023`.\n```\n\n```{glue:md} table\n:format: myst\n```"
    out = convert_markdown(text, context())
    assert out.startswith("**Fig. 4.2** Curves of 94.7%. Source: [Tanaka et al. (2023)](https://doi.org/10.3390/x).")
    assert "| ICI | 2 |" in out


def test_plain_code_blocks_are_left_alone():
    text = "```python\nprint('{cite}`x`')\n```"
    assert convert_markdown(text, context()) == text


def test_a_role_inside_inline_code_or_a_code_block_stays_as_written():
    text = ("Cite with `` {cite}`key` `` as here {cite}`tanaka2023`.\n\n"
            "    {ref}`intro` in an indented code block\n\n"
            "~~~markdown\n```{note}\n{term}`ICI`\n```\n~~~")
    out = convert_markdown(text, context())
    assert out == ("Cite with `` {cite}`key` `` as here ([Tanaka et al., 2023](https://doi.org/10.3390/x)).\n\n"
                   "    {ref}`intro` in an indented code block\n\n"
                   "~~~markdown\n```{note}\n{term}`ICI`\n```\n~~~")
    assert myst_leftovers(out) == []  # shown as code, not left over


def test_nested_directives_in_a_four_backtick_fence():
    text = ("````{admonition} Try it\n:class: tip\n\n```{note}\nInner {glue:text}`n`.\n```\n\n"
            "```python\nprint('{cite}`x`')\n```\n````")
    out = convert_markdown(text, context())
    assert out == ("> **Try it**\n>\n> > **Note**\n> >\n> > Inner 80.\n>\n"
                   "> ```python\n> print('{cite}`x`')\n> ```")
    assert myst_leftovers(out) == []


def test_a_colon_fence_directive():
    text = (":::{important}\nRead {ref}`intro` first; `` {ref}`intro` `` links it.\n\n"
            "```python\nx = '{term}`y`'\n```\n:::\nAfter {term}`ICI`.")
    assert convert_markdown(text, context()) == (
        "> **Important**\n>\n> Read Introduction first; `` {ref}`intro` `` links it.\n>\n"
        "> ```python\n> x = '{term}`y`'\n> ```\nAfter ICI.")


def test_roles_in_lists_quotes_and_tables_are_rewritten_where_they_stand():
    text = ("- a {term}`ICI`\n  and {ref}`the\n  start <intro>`\n\n> quoted {glue:text}`n`\n\n"
            "| x | y |\n|---|---|\n| {glue:text}`n` | {glue:text}`os6` |")
    assert convert_markdown(text, context()) == (
        "- a ICI\n  and the\n  start\n\n> quoted 80\n\n| x | y |\n|---|---|\n| 80 | 94.7% |")


def test_comments_and_targets_are_left_out():
    text = "% a note to the authors, never shown\n(sec-x)=\n## Title {term}`ICI`\n\nText."
    assert convert_markdown(text, context()) == "## Title ICI\n\nText."


def test_the_parser_knows_the_books_myst_extensions():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert sorted(MYST_EXTENSIONS) == sorted(config["parse"]["myst_enable_extensions"])


@pytest.mark.parametrize("text, message", [
    ("{glue:text}`missing`", "no glued value named 'missing'"),
    ("{cite}`nobody1999`", "not in the bibliography"),
    ("{numref}`fig-b`", "unnumbered label 'fig-b'"),
    ("{ref}`nowhere`", "unknown label 'nowhere'"),
    ("{abbr}`A (b)`", "unknown role {abbr}"),
    ("```{mermaid}\nA --> B\n```", "unknown directive {mermaid}"),
    ("```{note}\nnever closed", "never closed"),
    ("```{note}\n```{tip}\nx\n```\n```", "as long as its own"),
    ("1. Step\n\n   ```{note}\n   x\n   ```", "the {note} directive in the cell's line 3 is inside a list"),
    ("> ```{note}\n> x\n> ```", "inside a list or a quote"),
])
def test_unknown_or_broken_myst_is_an_error(text, message):
    with pytest.raises(ReaderNotebookError, match=message):
        convert_markdown(text, context())


def test_myst_leftovers_lists_fragments():
    assert myst_leftovers("plain *text*") == []
    assert myst_leftovers("a {glue:text}`x` and ```{note}") == ["{glue", "```{"]
    assert myst_leftovers("text\n\n:::{note}\nx\n:::") == [":::{"]
    assert myst_leftovers("write `` {cite}`key` ``\n\n```md\n```{note}\n```") == []


def executed():
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["jupytext"] = {"formats": "md:myst"}
    hidden = nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["remove-cell"]})
    figure = nbformat.v4.new_code_cell("glue_figure('f', fig)", metadata={"tags": ["remove-output"], "mystnb": {"x": 1}})
    figure.outputs = [nbformat.v4.new_output("display_data", data={"image/png": "AAAA", "text/plain": "<Figure>"})]
    nb.cells = [nbformat.v4.new_markdown_cell("(lbl)=\n# Title {glue:text}`n`"), hidden, figure,
                nbformat.v4.new_markdown_cell("(only-a-label)=")]
    return nb


def test_reader_notebook_keeps_code_collapses_hidden_cells_and_validates():
    original = executed()
    nb = reader_notebook(original, context(), first_cells=install_cells("pkg.whl", "req.txt", ("analysis",)))
    assert [cell.cell_type for cell in nb.cells] == ["markdown", "code", "markdown", "code", "code"]
    assert nb.cells[2].source == "# Title 80"
    assert nb.cells[3].metadata["jupyter"] == {"source_hidden": True, "outputs_hidden": True}
    assert nb.cells[4].metadata == {"tags": ["remove-output"]}  # the figure stays visible
    assert "jupytext" not in nb.metadata
    assert original.cells[0].source.startswith("(lbl)=")  # the input is not changed
    nbformat.validate(nb)


def test_install_cells_say_how_and_check():
    note, check = install_cells("pkg.whl", "req.txt", ("json", "pandas"))
    assert "pip install pkg.whl -r req.txt" in note.source
    exec(check.source, {})  # both are installed here: passes
    _, missing = install_cells("pkg.whl", "req.txt", ("json", "no_such_module_rtio"))
    with pytest.raises(ModuleNotFoundError, match=r"\['no_such_module_rtio'\]: pip install pkg.whl -r req.txt"):
        exec(missing.source, {})


def test_every_what_if_cell_is_followed_by_the_note_that_the_text_describes_the_defaults():
    nb = executed()
    nb.cells.insert(1, nbformat.v4.new_code_cell("# What if? Assumptions, not data: change them and re-run.\nseed = 1"))
    nb.cells.insert(2, nbformat.v4.new_code_cell("print('not a what-if cell')"))
    converted = reader_notebook(nb, context())
    sources = [cell.source for cell in converted.cells]
    at = next(i for i, source in enumerate(sources) if source.startswith("# What if?"))
    assert converted.cells[at + 1].cell_type == "markdown" and converted.cells[at + 1].source == WHAT_IF_NOTE
    assert "describe the book's default values" in WHAT_IF_NOTE
    assert sources.count(WHAT_IF_NOTE) == 1


def test_install_note_opens_with_the_notice():
    from booktools.notice import notice_lines

    note, _ = install_cells("pkg.whl", "req.txt", ("json",), notice=notice_lines())
    literature, teaching = notice_lines()
    assert note.source.startswith(literature) and teaching in note.source and "pip install pkg.whl" in note.source
    assert "Literature as of 20" in literature and "not for clinical decisions" in teaching
