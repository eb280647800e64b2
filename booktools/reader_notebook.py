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
* ``(label)=`` targets and ``%`` comments are dropped; notes, cautions and other admonitions
  become block quotes; a ``{glue:figure}`` becomes its numbered caption (the
  figure itself is shown by the code cell above it);
* exercises are kept, numbered as on the website; their solutions are left
  out (``solutions=True`` keeps them: the instructor edition).

MyST is found as the website's parser finds it: myst-parser's markdown-it-py
with the book's extensions (:data:`MYST_EXTENSIONS`). Directives, targets and
comments are block tokens with line maps; roles are inline tokens whose place
in the line is noted while parsing. Each is rewritten where it stands and
every other character is kept as written, so a role inside inline code or a
code block (code, not a role) stays as it is. (sphinx-tojupyter, which writes
notebooks from Sphinx's resolved documents, was tried on this book for issue
23: it writes code cells as Markdown code blocks without outputs and keeps the
solutions, so the book writes its own.)

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
from functools import lru_cache

import nbformat
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token

from .downloads import KERNEL, PYTHON_FLOOR

__all__ = [
    "ReaderNotebookError", "Context", "MYST_LEFTOVERS", "MYST_EXTENSIONS", "convert_markdown", "convert_inline",
    "myst_leftovers", "solution_texts", "reader_notebook", "install_cells",
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

#: The MyST syntax extensions the book enables (``_config.yml``, ``parse: myst_enable_extensions``; a test holds them equal).
MYST_EXTENSIONS = ("amsmath", "colon_fence", "deflist", "dollarmath", "substitution", "html_image")

_ADMONITION_TITLES = {"note": "Note", "caution": "Caution", "warning": "Warning", "tip": "Tip",
                      "important": "Important", "hint": "Hint", "attention": "Attention", "seealso": "See also"}


def myst_leftovers(text: str) -> list[str]:
    """The fragments of :data:`MYST_LEFTOVERS` in ``text`` outside code (empty when it is plain Markdown).

    Inline code and code blocks may show MyST as it is written (a chapter
    teaching the syntax): only what a reader would see rendered counts.
    """
    if not any(fragment in text for fragment in MYST_LEFTOVERS):
        return []  # most converted cells: no need to parse them again
    shown = []
    for token in _parser().parse(text):
        if _is_directive(token):
            shown.append(token.markup + token.info)
        elif token.type == "inline":
            shown.append("".join(f"{{{child.meta['name']}}}`" if child.type == "myst_role" else child.content
                                 for child in token.children or () if child.type != "code_inline"))
        elif token.type == "html_block":
            shown.append(token.content)
    return [fragment for fragment in MYST_LEFTOVERS if any(fragment in part for part in shown)]


# ---------------------------------------------------------------------------
# The parser: myst-parser's markdown-it-py, told where each role starts and ends
# ---------------------------------------------------------------------------

def _with_span(rule: Callable) -> Callable:
    """``rule`` (myst_role's inline rule), also noting on its token where in the inline source the role stood.

    markdown-it-py gives inline tokens no columns, and the role token's content
    has its line breaks turned into spaces; the span lets the converter rewrite
    the role where it stands and leave every other character as written.
    """
    def rule_with_span(state, silent: bool) -> bool:
        start = state.pos
        if not rule(state, silent):
            return False
        if not silent:
            state.tokens[-1].meta["span"] = (start, state.pos)
        return True
    return rule_with_span


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    md = create_md_parser(MdParserConfig(enable_extensions=set(MYST_EXTENSIONS)), RendererHTML)
    rules = md.inline.ruler.__rules__
    md.inline.ruler.at("myst_role", _with_span(rules[md.inline.ruler.__find__("myst_role")].fn))
    return md


# ---------------------------------------------------------------------------
# Inline roles
# ---------------------------------------------------------------------------

def _text_and_target(content: str) -> tuple[str | None, str]:
    from sphinx.util.nodes import split_explicit_title  # what Sphinx's own {ref} and {term} use

    explicit, text, target = split_explicit_title(content.strip())
    return (text, target) if explicit else (None, content.strip())


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


def _role(role: str, content: str, context: Context) -> str:
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


def _written_at(inline: str, text: str, start: int, end: int) -> list[int] | None:
    """Where in ``text[start:end]`` each character of ``inline`` (an inline token's source) is written.

    markdown-it-py hands the inline parser a block's lines without their
    container prefixes (a list item's indentation, a quote's ``>``): each
    character is found in order, skipping what the block parser left out.
    ``None`` if one is not there.
    """
    offsets, at = [], start
    for char in inline:
        while at < end and text[at] != char:
            at += 1
        if at == end:
            return None
        offsets.append(at)
        at += 1
    return offsets


def _role_edits(inline: Token, text: str, start: int, end: int, context: Context) -> list[tuple[int, int, str]]:
    """``(start, end, resolved)`` for every role among ``inline``'s children, as offsets into ``text``."""
    roles = [child for child in inline.children or () if child.type == "myst_role"]
    if not roles:
        return []
    written = _written_at(inline.content, text, start, end)
    edits = []
    for role in roles:
        first, last = role.meta["span"]
        name = role.meta["name"]
        at, until = (written[first], written[last - 1] + 1) if written else (0, 0)
        if written is None or not text.startswith(f"{{{name}}}`", at) or text[until - 1] != "`":
            line = text.count("\n", 0, start) + 1
            context.fail(f"cannot find the {{{name}}} role of the cell's line {line} where markdown-it-py read it: "
                         f"{inline.content[:80]!r}")
        quoted = text[at + len(name) + 2:until]  # the role's content between its backticks, line breaks kept
        ticks = len(quoted) - len(quoted.lstrip("`"))
        edits.append((at, until, _role(name, quoted[ticks:len(quoted) - ticks], context)))
    return edits


def _rewrite(text: str, edits: list[tuple[int, int, str]]) -> str:
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def convert_inline(text: str, context: Context) -> str:
    """``text`` (one line of MyST, e.g. a directive's title) with every inline role resolved (see the module docstring)."""
    edits = []
    for token in _parser().parseInline(text):
        edits += _role_edits(token, text, 0, len(text), context)
    return _rewrite(text, edits)


# ---------------------------------------------------------------------------
# Block directives
# ---------------------------------------------------------------------------

@dataclass
class _Directive:
    name: str
    argument: str
    options: dict[str, str]
    body: list[str]


def _is_directive(token: Token) -> bool:
    return token.type in ("fence", "colon_fence") and token.info.startswith("{") and "}" in token.info


def _directive(token: Token, lines: list[str], context: Context) -> _Directive:
    """The directive a ``fence`` or ``colon_fence`` token opens, read from its lines."""
    name, _, argument = token.info[1:].partition("}")
    first, last = token.map
    if token.level:
        context.fail(f"the {{{name}}} directive in the cell's line {first + 1} is inside a list or a quote: "
                     "write it at the start of a line")
    closer = lines[last - 1].strip() if last - first >= 2 else ""
    if not closer or set(closer) != {token.markup[0]} or len(closer) < len(token.markup):
        context.fail(f"the {{{name}}} directive opened by {lines[first]!r} (the cell's line {first + 1}) is never closed")
    inner = lines[first + 1:last - 1]
    if any(line.startswith(token.markup) for line in inner):
        context.fail(f"a fence inside {{{name}}} is as long as its own ({token.markup}); lengthen the outer one")
    argument, options, body = _options_and_body(argument.strip(), inner)
    return _Directive(name, argument, options, body)


class _AnyOptions(dict):
    """Every option name is known: the converter reads the few it needs and leaves the rest to the website's check."""

    def __missing__(self, key: str) -> Callable[[str | None], str]:
        from docutils.parsers.rst.directives import unchanged

        return unchanged


def _options_and_body(argument: str, inner: list[str]) -> tuple[str, dict[str, str], list[str]]:
    """A directive's argument, options and body (leading blank lines left out), read by myst-parser's own function."""
    from docutils.parsers.rst import Directive
    from myst_parser.parsers.directives import parse_directive_text

    class AnyDirective(Directive):
        optional_arguments, final_argument_whitespace, has_content = 1, True, True
        option_spec = _AnyOptions(class_=None)  # not empty: myst-parser reads options only for a directive that has some

    parsed = parse_directive_text(AnyDirective, argument, "\n".join(inner))
    body = inner[parsed.body_offset:]  # as written: parsed.body has lost its trailing blank lines
    while body and not body[0].strip():
        body = body[1:]
    return " ".join(parsed.arguments), dict(parsed.options), body


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
    """``lines`` of MyST with each directive, target and comment rewritten where markdown-it-py found it.

    Code blocks, math and raw HTML have no inline tokens, so a role written in
    them stays as written; so does a role inside inline code.
    """
    text = "\n".join(lines)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    blocks: list[tuple[int, int, list[str]]] = []  # (first line, line after, lines written instead)
    edits: list[tuple[int, int, str]] = []
    cursor = 0
    for token in _parser().parse(text):
        if _is_directive(token):
            blocks.append((*token.map, _render_directive(_directive(token, lines, context), context, solutions)))
        elif token.type in ("myst_target", "myst_line_comment"):  # neither is shown on the website
            blocks.append((*token.map, []))
        elif token.type == "inline" and token.map:
            # table cells share a line: each one's source is after the one before
            cursor = max(cursor, starts[token.map[0]])
            end = starts[max(token.map[1], token.map[0] + 1)] - 1  # a definition list's term has an empty map
            found = _role_edits(token, text, cursor, end, context)
            edits += found
            cursor = max([cursor] + [until for _, until, _ in found])
    out: list[str] = []
    line = 0
    for first, after, written in blocks + [(len(lines), len(lines), [])]:
        if first > line:  # the prose before this block, its roles resolved
            base, until = starts[line], starts[first] - 1
            prose = [(start - base, end - base, new) for start, end, new in edits if base <= start < until]
            out += _rewrite(text[base:until], prose).split("\n")
        out += written
        line = after
    return out


def convert_markdown(text: str, context: Context, solutions: bool = False) -> str:
    """``text`` (a MyST Markdown cell) as plain Markdown; raises :class:`ReaderNotebookError` on unknown MyST."""
    converted = "\n".join(_convert_lines(text.split("\n"), context, solutions))
    converted = re.sub(r"\n{3,}", "\n\n", converted).strip("\n")  # a dropped directive leaves its blank lines
    return converted


def solution_texts(markdown: str) -> list[str]:
    """The bodies of every ``{solution}`` directive in a MyST text (to check that none leaks)."""
    context = Context(docname="solutions")
    lines = markdown.split("\n")
    found = []
    for token in _parser().parse(markdown):
        if _is_directive(token) and token.level == 0:
            directive = _directive(token, lines, context)
            if directive.name == "solution":
                found.append("\n".join(directive.body).strip())
            elif directive.name != "code-cell":  # a code cell's body is Python, not MyST
                found += solution_texts("\n".join(directive.body))
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
