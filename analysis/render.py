"""Tables for the book's pages, as Markdown or as self-contained HTML.

One renderer for every table a chapter shows, so that each is deterministic
(the same data give the same bytes: nbval and the published record compare
them) and escapes its text:

* :func:`markdown_table` — a MyST pipe table (for ``{glue:md}``);
* :func:`html_table` — a plain HTML table of a DataFrame (no random ids,
  unlike a pandas Styler); :func:`grouped_html_table` adds a bold header row
  before each group of rows;
* :func:`filterable_html_table` — a table with a search box, select filters
  and sortable headers, driven by a few lines of vanilla JavaScript (no
  external files or CDNs).
"""
from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

import pandas as pd

__all__ = ["markdown_cell", "markdown_table", "TABLE_STYLE", "html_table", "grouped_html_table", "cell", "filterable_html_table"]


def markdown_cell(text) -> str:
    """``text`` made safe for one cell of a pipe table (no ``|`` or line break ends the cell)."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A pipe table: the header, a ``---`` rule, one line per row (cells as given; see :func:`markdown_cell`)."""
    header = list(header)
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        row = list(row)
        if len(row) != len(header):
            raise ValueError(f"rows: a row has {len(row)} cells but the header has {len(header)}")
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines) + "\n"


#: The style of :func:`html_table` and :func:`grouped_html_table` (class ``audit-table``).
TABLE_STYLE = (
    "<style>.audit-table { font-size: 0.85em; width: 100%; } .audit-table th { text-align: left; } "
    ".audit-table td { vertical-align: top; overflow-wrap: break-word; } "
    ".audit-group td { font-weight: bold; padding-top: 0.8em; }</style>"
)


def html_table(frame: pd.DataFrame, **to_html) -> str:
    """A plain, deterministic HTML table of ``frame`` (``to_html`` arguments pass through, e.g. ``index=False``).

    Identifiers (text with underscores and no space) may break after an
    underscore, so narrow screens wrap them cleanly.
    """
    frame = frame.copy()
    for column in frame.columns:
        if frame[column].dtype == object:
            frame[column] = frame[column].map(lambda v: v.replace("_", "_\u200b") if isinstance(v, str) and " " not in v else v)
    return TABLE_STYLE + frame.to_html(border=0, classes="audit-table", na_rep="", **to_html)


def grouped_html_table(frame: pd.DataFrame, groups: list[str], columns: list[str], widths: list[str]) -> str:
    """One HTML table with a bold header row ("group — subgroup (count)") before each group of rows.

    ``groups`` are the columns to group by (in the frame's order), ``columns``
    the columns shown and ``widths`` their CSS widths.
    """
    head = "".join(f'<th style="width:{w}">{html.escape(c)}</th>' for c, w in zip(columns, widths))
    body = []
    for key, rows in frame.groupby(groups, sort=False):
        label = " — ".join(str(k).replace("_", " ") for k in (key if isinstance(key, tuple) else (key,)))
        body.append(f'<tr class="audit-group"><td colspan="{len(columns)}">{html.escape(label)} ({len(rows)})</td></tr>')
        for _, row in rows.iterrows():
            body.append("<tr>" + "".join(f"<td>{html.escape(str(row[c]))}</td>" for c in columns) + "</tr>")
    return TABLE_STYLE + f'<table class="audit-table"><thead><tr>{head}</tr></thead><tbody>' + "".join(body) + "</tbody></table>"


_FILTER_SCRIPT = r"""
(function () {
  var root = document.getElementById("%(id)s");
  if (!root) { return; }
  var table = root.querySelector("table");
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var search = root.querySelector("input[type=search]");
  var selects = Array.prototype.slice.call(root.querySelectorAll("select[data-filter]"));
  var counter = root.querySelector(".ledger-count");
  function apply() {
    var needle = search.value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (row) {
      var ok = !needle || row.textContent.toLowerCase().indexOf(needle) !== -1;
      selects.forEach(function (select) {
        if (ok && select.value && row.getAttribute("data-" + select.getAttribute("data-filter")) !== select.value) { ok = false; }
      });
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    counter.textContent = shown + " of " + rows.length + " rows shown";
  }
  search.addEventListener("input", apply);
  selects.forEach(function (select) { select.addEventListener("change", apply); });
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  headers.forEach(function (th, column) {
    var button = th.querySelector("button");
    button.addEventListener("click", function () {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var numeric = th.getAttribute("data-type") === "num";
      rows.sort(function (a, b) {
        var x = a.cells[column].getAttribute("data-sort"), y = b.cells[column].getAttribute("data-sort");
        var result;
        if (numeric) {
          var fx = x === "" ? Infinity : parseFloat(x), fy = y === "" ? Infinity : parseFloat(y);
          result = fx === fy ? 0 : (fx < fy ? -1 : 1);
        } else {
          result = x.localeCompare(y);
        }
        return ascending ? result : -result;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
  apply();
})();
"""

# Colours are the theme's variables (light fallbacks where no theme defines them, e.g. in Jupyter),
# so the table follows the site between light and dark mode.
_FILTER_STYLE = """
#%(id)s .ledger-controls { display: flex; flex-wrap: wrap; gap: 0.5em 1em; margin-bottom: 0.5em; align-items: end; }
#%(id)s .ledger-controls label { display: flex; flex-direction: column; font-size: 0.85em; }
#%(id)s .ledger-controls input, #%(id)s .ledger-controls select { color: var(--pst-color-text-base, #111); background: var(--pst-color-background, #fff); border: 1px solid var(--pst-color-border, #ccc); border-radius: 0.25em; }
#%(id)s .ledger-scroll { max-height: 36em; overflow: auto; border: 1px solid var(--pst-color-border, #ccc); }
#%(id)s table { border-collapse: collapse; font-size: 0.8em; width: 100%%; }
#%(id)s th { position: sticky; top: 0; background: var(--pst-color-surface, #f3f3f3); color: var(--pst-color-text-base, #111); }
#%(id)s th button { background: none; border: 0; padding: 0; font: inherit; font-weight: bold; color: inherit; cursor: pointer; text-align: left; }
#%(id)s th[aria-sort=ascending] button::after { content: " \\25B2"; }
#%(id)s th[aria-sort=descending] button::after { content: " \\25BC"; }
#%(id)s td:first-child { min-width: 12em; }
#%(id)s td code { font-size: 0.95em; }
#%(id)s td small { font-size: 0.9em; color: var(--pst-color-text-muted, #555); }
#%(id)s td:nth-child(%(nowrap)d) { white-space: nowrap; }
#%(id)s td, #%(id)s th { padding: 0.2em 0.4em; border-bottom: 1px solid var(--pst-color-border, #ddd); vertical-align: top; text-align: left; }
"""


def cell(content: str, sort_key="") -> str:
    """One ``<td>`` of :func:`filterable_html_table`: ``content`` is HTML (escape text first), ``sort_key`` sorts it."""
    return f'<td data-sort="{html.escape(str(sort_key), quote=True)}">{content}</td>'


def filterable_html_table(
    table_id: str,
    columns: Sequence[tuple[str, str]],
    rows: Iterable[tuple[dict[str, str], Sequence[str]]],
    filters: Sequence[tuple[str, str, Sequence[tuple[str, str]]]],
    *,
    css_class: str,
    search_placeholder: str,
    search_label: str,
    nowrap_column: int = 0,
) -> str:
    """One self-contained HTML block: a searchable, filterable table whose headers sort on click.

    Parameters
    ----------
    table_id : str
        The block's HTML id (letters, digits, ``-`` or ``_``, starting with a letter).
    columns : sequence of (title, kind)
        Header titles; ``kind`` ``"num"`` sorts the column numerically, ``"text"`` alphabetically.
    rows : iterable of (attributes, cells)
        Per row, the ``data-<name>`` attribute values the filters compare and
        its cells made by :func:`cell` (one per column).
    filters : sequence of (name, label, options)
        A select per filter: it keeps the rows whose ``data-<name>`` equals
        the chosen value; ``options`` are ``(value, text)`` pairs.
    css_class, search_placeholder, search_label : str
        The block's class and the search box's placeholder and accessible name.
    nowrap_column : int
        A column (counted from 1) whose cells never wrap; 0 for none.

    Returns
    -------
    str
        The HTML: same inputs, same bytes.
    """
    if not isinstance(table_id, str) or not re.match(r"^[A-Za-z][A-Za-z0-9_-]*$", table_id):
        raise ValueError(f"table_id must be an HTML id (letters, digits, - or _), got {table_id!r}")
    esc = html.escape
    body = []
    for attributes, cells in rows:
        if len(cells) != len(columns):
            raise ValueError(f"rows: a row has {len(cells)} cells but there are {len(columns)} columns")
        shown = "".join(f' data-{name}="{esc(value, quote=True)}"' for name, value in attributes.items())
        body.append(f"<tr{shown}>" + "".join(cells) + "</tr>")
    header = "".join(f'<th scope="col" data-type="{kind}"><button type="button">{esc(title)}</button></th>' for title, kind in columns)
    selects = "".join(
        f'<label>{esc(label)}<select data-filter="{name}"><option value="">all</option>'
        + "".join(f'<option value="{esc(v, quote=True)}">{esc(t)}</option>' for v, t in options)
        + "</select></label>"
        for name, label, options in filters
    )
    controls = (f'<label>Search<input type="search" placeholder="{esc(search_placeholder, quote=True)}" '
                f'aria-label="{esc(search_label, quote=True)}"></label>' + selects
                + '<span class="ledger-count" aria-live="polite"></span>')
    style = _FILTER_STYLE % {"id": table_id, "nowrap": nowrap_column}
    if not nowrap_column:
        style = "\n".join(line for line in style.split("\n") if "nth-child(0)" not in line)
    return (
        f'<div id="{table_id}" class="{esc(css_class, quote=True)}">'
        f"<style>{style}</style>"
        f'<div class="ledger-controls">{controls}</div>'
        f'<div class="ledger-scroll"><table><thead><tr>{header}</tr></thead><tbody>'
        + "\n".join(body)
        + f"</tbody></table></div><script>{_FILTER_SCRIPT % {'id': table_id}}</script></div>"
    )
