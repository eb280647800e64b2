"""Turn an executed MyST chapter into a *reader's notebook*: plain Jupyter, nothing MyST left.

The website renders MyST (glued numbers, citations, cross-references,
admonitions, exercises); plain JupyterLab and the classic Notebook render
none of it. The notebook a reader downloads is therefore written from the
same executed chapter with every MyST construct resolved:

* ``{glue:text}`` / ``{glue:md}`` values are written into the text, as the
  website shows them;
* ``{cite}`` / ``{cite:t}`` become "Author et al. (year)" linked to the DOI;
* ``{ref}``, ``{numref}`` and ``{term}`` become plain text ("Fig. 4.2", the
  section's title, the term);
* ``(label)=`` targets are dropped; notes, cautions and other admonitions
  become block quotes; a ``{glue:figure}`` becomes its numbered caption (the
  figure itself is shown by the code cell above it);
* exercises are kept, numbered as on the website; their solutions are left
  out (``solutions=True`` keeps them: the instructor edition).

Code cells are kept in order with their outputs; cells the website hides
(``remove-cell``, ``hide-input``) are collapsed, not removed, because later
cells use what they compute. Any MyST construct this module does not know
raises :class:`ReaderNotebookError`, so a reader never meets raw MyST.
"""
from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import nbformat

from .downloads import KERNEL, PYTHON_FLOOR

__all__ = [
    "ReaderNotebookError", "Context", "MYST_LEFTOVERS", "convert_markdown", "myst_leftovers",
    "solution_texts", "reader_notebook", "install_cells",
]


class ReaderNotebookError(ValueError):
    """A chapter uses MyST this converter cannot write as plain Markdown."""


@dataclass
class Context:
    """What the converter needs to know about the built book to resolve one chapter.

    ``glue`` maps glue keys to their MIME bundles (``{"text/plain": ...}``);
    ``citations`` maps BibTeX keys to ``(author_text, year, doi)``;
    ``labels`` maps reference labels to their titles; ``numbers`` maps figure
    and exercise labels to their printed numbers (``"4.2"``);
    ``format_text`` formats a glued ``text/plain`` value with a format spec
    (myst-nb's own function in the build).
    """

    docname: str
    glue: dict[str, dict] = field(default_factory=dict)
    citations: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    numbers: dict[str, str] = field(default_factory=dict)
    figure_format: str = "Fig. %s"
    format_text: Callable[[str, str], str] = lambda text, spec: text

    def fail(self, message: str) -> None:
        raise ReaderNotebookError(f"{self.docname}: {message}")


#: Fragments that must never reach a reader's notebook (the tests look for them too).
MYST_LEFTOVERS = ("{glue", "{cite", "{term}", "{ref}", "{numref}", "```{", "````{", ":::{")

_ROLE = re.compile(r"\{(?P<role>[a-z]+(?::[a-z]+)?)\}`(?P<content>[^`]+)`")
_LABEL_LINE = re.compile(r"^\s*\(([A-Za-z0-9_.:-]+)\)=\s*$")
_FENCE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[a-z][a-z:-]*)\}\s*(?P<argument>.*?)\s*$")
_OPTION = re.compile(r"^:(?P<key>[a-z_-]+):\s*(?P<value>.*)$")
_ADMONITION_TITLES = {"note": "Note", "caution": "Caution", "warning": "Warning", "tip": "Tip",
                      "important": "Important", "hint": "Hint", "attention": "Attention", "seealso": "See also"}


def myst_leftovers(text: str) -> list[str]:
    """The fragments of :data:`MYST_LEFTOVERS` found in ``text`` (empty when it is plain Markdown)."""
    return [fragment for fragment in MYST_LEFTOVERS if fragment in text]


# ---------------------------------------------------------------------------
# Inline roles
# ---------------------------------------------------------------------------

def _text_and_target(content: str) -> tuple[str | None, str]:
    match = re.match(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", content.strip(), re.S)
    return (match.group("text"), match.group("target")) if match else (None, content.strip())


def _glued_text(key_spec: str, context: Context) -> str:
    key, _, spec = key_spec.partition(":")
    bundle = context.glue.get(key)
    if bundle is None:
        context.fail(f"no glued value named {key!r}")
    if "text/markdown" in bundle and "text/plain" not in bundle:
        return str(bundle["text/markdown"])
    return context.format_text(str(bundle["text/plain"]), spec or "s")


def _citation(keys: str, context: Context, textual: bool) -> str:
    parts = []
    for key in [k.strip() for k in keys.split(",") if k.strip()]:
        if key not in context.citations:
            context.fail(f"cites {key!r}, which is not in the bibliography")
        authors, year, doi = context.citations[key]
        text = f"{authors} ({year})" if textual else f"{authors}, {year}"
        parts.append(f"[{text}](https://doi.org/{doi})")
    return "; ".join(parts) if textual else f"({'; '.join(parts)})"


def _role(match: re.Match, context: Context) -> str:
    role, content = match.group("role"), match.group("content")
    if role in ("glue", "glue:text", "glue:any", "glue:md"):
        return _glued_text(content, context)
    if role in ("cite", "cite:p", "cite:ps"):
        return _citation(content, context, textual=False)
    if role in ("cite:t", "cite:ts"):
        return _citation(content, context, textual=True)
    text, target = _text_and_target(content)
    if role == "term":
        return text or target
    if role == "ref":
        if text:
            return text
        if target not in context.labels:
            context.fail(f"{{ref}} to an unknown label {target!r}")
        return context.labels[target]
    if role == "numref":
        if target not in context.numbers:
            context.fail(f"{{numref}} to an unnumbered label {target!r}")
        number = context.numbers[target]
        return text.replace("%s", number).replace("{number}", number) if text else context.figure_format % number
    if role in ("math",):
        return f"${content}$"
    context.fail(f"unknown role {{{role}}}")
    return ""


def convert_inline(text: str, context: Context) -> str:
    """Resolve every inline MyST role of ``text`` (see the module docstring)."""
    return _ROLE.sub(lambda match: _role(match, context), text)


# ---------------------------------------------------------------------------
# Block directives
# ---------------------------------------------------------------------------

@dataclass
class _Directive:
    name: str
    argument: str
    options: dict[str, str]
    body: list[str]


def _closing(fence: str, line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and set(stripped) == {fence[0]} and len(stripped) >= len(fence)


def _read_directive(lines: list[str], start: int, context: Context) -> tuple[_Directive, int]:
    match = _FENCE.match(lines[start])
    fence = match.group("fence")
    end = start + 1
    while end < len(lines) and not _closing(fence, lines[end]):
        inner = re.match(r"^(`{3,}|:{3,})", lines[end])
        if inner and inner.group(1)[0] == fence[0] and len(inner.group(1)) >= len(fence):
            context.fail(f"a fence inside {{{match.group('name')}}} is as long as its own ({fence}); lengthen the outer one")
        end += 1
    if end == len(lines):
        context.fail(f"the {{{match.group('name')}}} directive opened by {lines[start]!r} is never closed")
    inner = lines[start + 1:end]
    options: dict[str, str] = {}
    while inner and _OPTION.match(inner[0]):
        option = _OPTION.match(inner[0])
        options[option.group("key")] = option.group("value")
        inner = inner[1:]
    while inner and not inner[0].strip():
        inner = inner[1:]
    return _Directive(match.group("name"), match.group("argument"), options, inner), end + 1


def _quote(lines: list[str]) -> list[str]:
    return [f"> {line}" if line.strip() else ">" for line in lines]


def _render_directive(directive: _Directive, context: Context, solutions: bool) -> list[str]:
    name = directive.name
    body = _convert_lines(directive.body, context, solutions)
    if name in _ADMONITION_TITLES or name == "admonition":
        title = convert_inline(directive.argument, context) if name == "admonition" else _ADMONITION_TITLES[name]
        return _quote([f"**{title or 'Note'}**", ""] + body)
    if name == "exercise":
        label = directive.options.get("label", "")
        number = context.numbers.get(label, "")
        title = convert_inline(directive.argument, context) if directive.argument else ""
        heading = f"**Exercise {number}**" + (f" — {title}" if title else "")
        return [heading, ""] + body
    if name == "solution":
        if not solutions:
            return []
        number = context.numbers.get(directive.argument.strip(), "")
        return _quote([f"**Solution to Exercise {number}**".replace("Exercise  ", "Exercise "), ""] + body)
    if name == "glue:figure":
        label = directive.options.get("name", "")
        number = context.numbers.get(label)
        prefix = f"**{context.figure_format % number}** " if number else ""
        caption = " ".join(line.strip() for line in body if line.strip())
        return [f"{prefix}{caption}"]
    if name in ("glue:md", "glue", "glue:any"):
        bundle = context.glue.get(directive.argument.strip())
        if bundle is None:
            context.fail(f"no glued value named {directive.argument.strip()!r}")
        value = bundle.get("text/markdown", bundle.get("text/plain", ""))
        return convert_markdown(str(value), context, solutions).split("\n")
    if name in ("math",):
        return ["$$"] + directive.body + ["$$"]
    context.fail(f"unknown directive {{{name}}}")
    return []


def _convert_lines(lines: list[str], context: Context, solutions: bool) -> list[str]:
    out: list[str] = []
    prose: list[str] = []  # roles may wrap across lines: resolve them a paragraph at a time

    def flush() -> None:
        if prose:
            out.extend(convert_inline("\n".join(prose), context).split("\n"))
            prose.clear()

    index = 0
    in_code = None
    while index < len(lines):
        line = lines[index]
        if in_code is None:
            if _FENCE.match(line):
                flush()
                directive, index = _read_directive(lines, index, context)
                out += _render_directive(directive, context, solutions)
                continue
            plain_fence = re.match(r"^\s*(`{3,}|~{3,})", line)
            if plain_fence:  # a plain code block: copy it untouched
                flush()
                in_code = plain_fence.group(1)
                out.append(line)
            elif not _LABEL_LINE.match(line):
                prose.append(line)
        else:
            out.append(line)
            if _closing(in_code, line):
                in_code = None
        index += 1
    flush()
    return out


def convert_markdown(text: str, context: Context, solutions: bool = False) -> str:
    """``text`` (a MyST Markdown cell) as plain Markdown; raises :class:`ReaderNotebookError` on unknown MyST."""
    converted = "\n".join(_convert_lines(text.split("\n"), context, solutions))
    converted = re.sub(r"\n{3,}", "\n\n", converted).strip("\n")
    return converted


def solution_texts(markdown: str) -> list[str]:
    """The bodies of every ``{solution}`` directive in a MyST text (to check that none leaks)."""
    context = Context(docname="solutions")
    found = []
    lines = markdown.split("\n")
    index = 0
    while index < len(lines):
        if _FENCE.match(lines[index]):
            directive, index = _read_directive(lines, index, context)
            if directive.name == "solution":
                found.append("\n".join(directive.body).strip())
            else:
                found += solution_texts("\n".join(directive.body))
            continue
        index += 1
    return found


# ---------------------------------------------------------------------------
# The whole notebook
# ---------------------------------------------------------------------------

def install_cells(wheel_name: str, requirements_name: str, modules: tuple[str, ...],
                  online: tuple[str, str] | None = None, notice: tuple[str, ...] = ()) -> list[nbformat.NotebookNode]:
    """The two cells a reader's notebook opens with: how to install what it needs, and a check that it is there.

    ``online`` is ``(wheel URL, requirements URL)`` on the published site, set
    where the book offers "Open in Colab": there the check cell installs both
    when something is missing (Binder installs them before the notebook opens).
    ``notice`` (e.g. :func:`booktools.notice.notice_lines`) goes first in the note, one paragraph a line.
    """
    note = nbformat.v4.new_markdown_cell("".join(f"{line}\n\n" for line in notice) + (
        f"*To run this notebook* (Python {PYTHON_FLOOR} or newer): `pip install {wheel_name} -r {requirements_name}` "
        "(both files are on the book's Downloads page, which also gives the commands for Windows and conda), "
        "then run the cells top to bottom. In a Jupyter you already had, choose that environment's kernel "
        f"(*Kernel → Change Kernel…*; register it with `python -m ipykernel install --user --name {KERNEL[0]}`)."
    ))
    find = f"missing = [name for name in {modules!r} if importlib.util.find_spec(name) is None]\n"
    install = ""
    if online is not None:
        install = (
            "if missing and 'google.colab' in sys.modules:  # on Colab: install from the book's website\n"
            "    import subprocess\n"
            f"    subprocess.run([sys.executable, '-m', 'pip', 'install', '-q', {online[0]!r}, '-r', {online[1]!r}], check=True)\n"
            "    importlib.invalidate_caches()\n"
            f"    {find}"
        )
    check = nbformat.v4.new_code_cell(
        "# Is everything this notebook needs installed? (See the line above if not.)\n"
        f"import importlib.util{', sys' if online else ''}\n\n"
        f"{find}{install}"
        "if missing:\n"
        f"    raise ModuleNotFoundError(f\"missing {{missing}}: pip install {wheel_name} -r {requirements_name}\")\n"
        "print(\"Everything this notebook needs is installed.\")"
    )
    check.metadata["tags"] = ["reader-install-check"]
    return [note, check]


_HIDDEN_TAGS = {"remove-cell", "remove-input", "hide-input", "hide-cell"}


def _shows_figure(cell: nbformat.NotebookNode) -> bool:
    return any("image/png" in output.get("data", {}) for output in cell.get("outputs", []))
_KEEP_METADATA = ("tags",)

#: How a chapter's "What if?" cell begins (CONTRIBUTING.md), and the note the reader's notebook puts under it.
WHAT_IF_MARK = "# What if?"
WHAT_IF_NOTE = ("> **What if?** Change a value in the cell above and run the cells below it again: the figures and the "
                "computed numbers follow your values, but the text and the captions describe the book's default values.")


def reader_notebook(executed: nbformat.NotebookNode, context: Context, *, solutions: bool = False,
                    first_cells: list[nbformat.NotebookNode] | None = None) -> nbformat.NotebookNode:
    """The reader's notebook of one executed chapter (``executed`` is not changed).

    Markdown cells go through :func:`convert_markdown`; code cells keep their
    source and outputs, and those the website hides are collapsed
    (``jupyter.source_hidden``). ``first_cells`` (e.g. :func:`install_cells`)
    open the notebook; every "What if?" cell is followed by :data:`WHAT_IF_NOTE`
    (the text around it describes the defaults). Raises :class:`ReaderNotebookError` if any MyST
    construct is left.
    """
    nb = copy.deepcopy(executed)
    cells = list(first_cells or [])
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            text = convert_markdown(cell.source, context, solutions)
            if not text.strip():
                continue
            leftovers = myst_leftovers(text)
            if leftovers:
                context.fail(f"MyST left in a Markdown cell after conversion: {leftovers}")
            cells.append(nbformat.v4.new_markdown_cell(text))
        elif cell.cell_type == "code":
            tags = list(cell.metadata.get("tags", []))
            metadata = {key: cell.metadata[key] for key in _KEEP_METADATA if key in cell.metadata}
            if _HIDDEN_TAGS.intersection(tags):
                metadata["jupyter"] = {"source_hidden": True}
            if "remove-cell" in tags or "remove-output" in tags and not _shows_figure(cell):
                metadata.setdefault("jupyter", {})["outputs_hidden"] = True
            cell.metadata = nbformat.NotebookNode(metadata)
            cell.pop("id", None)
            cells.append(cell)
            if cell.source.lstrip().startswith(WHAT_IF_MARK):
                cells.append(nbformat.v4.new_markdown_cell(WHAT_IF_NOTE))
        else:
            cells.append(cell)
    nb.cells = cells
    for cell in nb.cells:
        cell.pop("id", None)
    nb.metadata = nbformat.NotebookNode({key: nb.metadata[key] for key in ("kernelspec", "language_info") if key in nb.metadata})
    nb.nbformat, nb.nbformat_minor = 4, 5
    for index, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{index:03d}"
    nbformat.validate(nb)
    return nb
