"""What each data file holds, declared once: the Data Package ``data/datapackage.json``.

The package follows the Frictionless Data Package standard (one resource per
public CSV file, each with a Table Schema: its fields' ``name``, ``type``,
``description`` and ``constraints``, a ``primaryKey`` and ``foreignKeys``), so
anyone can check the downloaded data with their own tools
(``frictionless validate datapackage.json``). The book does not need that
library at run time: :func:`check_resource` checks a file against its
resource's schema here, after :func:`analysis.tables.read_csv_rows` has
checked its bytes, header and field counts, and reports every problem as
``"data/x.csv, line <n>, column '<c>': <rule> (got '<text>')"``.

What the schema checks (per cell, then per column): ``required`` (not empty),
``type`` (``integer``: a whole number; ``number``: a finite decimal number;
``string``), ``enum`` (the message names the allowed values), ``pattern``
(the whole cell, as Table Schema reads patterns), ``minimum``/``maximum``
(inclusive, in the field's unit), ``minLength``/``maxLength`` (characters),
``unique`` and the ``primaryKey`` (no two rows alike). Rules across rows of
other kinds and across files (foreign keys included) stay in each loader.

:func:`dictionary_markdown` renders the package as the data dictionary page.
"""
from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path

from . import DATA_DIR
from .tables import DataFileError, read_csv_rows

__all__ = ["PACKAGE_FILE", "data_package", "resource", "resource_for_path", "field", "field_names", "check_resource",
           "read_resource", "dictionary_markdown", "dictionary_page", "DICTIONARY_PREAMBLE"]

#: The Data Package that declares every public data file.
PACKAGE_FILE: Path = DATA_DIR / "datapackage.json"
_INTEGER = re.compile(r"[-+]?\d+")
# A plain decimal: float() would also take "1_0", "nan" and "inf", which no data file means.
_NUMBER = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?")
_TYPE_WORDS = {"integer": "a whole number", "number": "a number"}


@lru_cache(maxsize=4)
def _load_package(path: str) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def data_package(path: Path | str | None = None) -> dict:
    """The Data Package (the parsed ``datapackage.json``; default :data:`PACKAGE_FILE`)."""
    return _load_package(str(PACKAGE_FILE if path is None else path))


def resource(name: str, package: dict | None = None) -> dict:
    """The resource called ``name`` (e.g. ``"chapters"``); ``KeyError`` naming the known ones if there is none."""
    resources = (data_package() if package is None else package)["resources"]
    for candidate in resources:
        if candidate["name"] == name:
            return candidate
    raise KeyError(f"no resource {name!r} in data/datapackage.json (known: {', '.join(r['name'] for r in resources)})")


def resource_for_path(path: str, package: dict | None = None) -> dict:
    """The resource whose ``path`` is ``path`` (relative to ``data/``, e.g. ``"kmdata/catalogue.csv"``)."""
    resources = (data_package() if package is None else package)["resources"]
    for candidate in resources:
        if candidate["path"] == path:
            return candidate
    raise KeyError(f"no resource of data/datapackage.json has the path {path!r}")


def field(name: str, column: str) -> dict:
    """The field ``column`` of resource ``name`` (its ``name``, ``type``, ``description``, ``constraints``)."""
    for candidate in resource(name)["schema"]["fields"]:
        if candidate["name"] == column:
            return candidate
    raise KeyError(f"resource {name!r} of data/datapackage.json has no field {column!r}")


def field_names(name: str) -> tuple[str, ...]:
    """The columns of resource ``name``, in the order of its schema (and of its file)."""
    return tuple(field["name"] for field in resource(name)["schema"]["fields"])


def _describe(field: dict) -> str:
    """What a valid cell of ``field`` is, in words: ``"a whole number >= 1"``, ``"a number from 0 to 1"``."""
    constraints = field.get("constraints", {})
    low, high = constraints.get("minimum"), constraints.get("maximum")
    words = _TYPE_WORDS.get(field.get("type", "string"), "a value")
    if low is not None and high is not None:
        return f"{words} from {low} to {high}"
    if low is not None:
        return f"{words} >= {low}"
    if high is not None:
        return f"{words} <= {high}"
    return words


def _typed(field: dict, text: str) -> int | float | str | None:
    """``text`` read as the field's type, or ``None`` if it is not of that type."""
    kind = field.get("type", "string")
    if kind == "integer":
        return int(text) if _INTEGER.fullmatch(text) else None
    if kind == "number":
        value = float(text) if _NUMBER.fullmatch(text) else math.nan
        return value if math.isfinite(value) else None
    return text


def _cell_problems(field: dict, text: str) -> list[str]:
    """Why one non-empty cell breaks its field's type or constraints (empty list if it does not)."""
    constraints = field.get("constraints", {})
    value = _typed(field, text)
    if value is None and "enum" in constraints:
        return [f"is not one of {', '.join(str(v) for v in constraints['enum'])} (got {text!r})"]
    if value is None:
        return [f"must be {_describe(field)} (got {text!r})"]
    problems = []
    if "enum" in constraints and value not in constraints["enum"]:
        problems.append(f"is not one of {', '.join(str(v) for v in constraints['enum'])} (got {text!r})")
    if "pattern" in constraints and not re.fullmatch(constraints["pattern"], text):
        problems.append(f"does not match the required pattern {constraints['pattern']} (got {text!r})")
    low, high = constraints.get("minimum"), constraints.get("maximum")
    if (low is not None and value < low) or (high is not None and value > high):
        problems.append(f"must be {_describe(field)} (got {text!r})")
    if "minLength" in constraints and len(text) < constraints["minLength"]:
        problems.append(f"must be at least {constraints['minLength']} characters long (got {text!r})")
    if "maxLength" in constraints and len(text) > constraints["maxLength"]:
        problems.append(f"must be at most {constraints['maxLength']} characters long (got {len(text)}: {text!r})")
    return problems


def check_resource(
    name: str,
    path: Path | str | None = None,
    *,
    error: type[DataFileError] = DataFileError,
    package: dict | None = None,
) -> tuple[str, list[tuple[int, dict[str, str]]], list[str]]:
    """Read a data file and check it against its resource's Table Schema.

    Parameters
    ----------
    name : str
        The resource in ``datapackage.json`` (``"chapters"``, ``"trials"``, …).
    path : str or Path, optional
        The file to check; default the resource's own file in ``data/``.
    error : DataFileError subclass
        Raised at once for a file that cannot be read as the schema's table
        (missing, empty, not UTF-8, a column missing or unexpected or out of
        the schema's order, a line with the wrong number of fields).
    package : dict, optional
        The Data Package (default :func:`data_package`); tests pass their own.

    Returns
    -------
    (shown_name, rows, problems)
        ``rows`` pairs each data line's number (header = line 1) with its
        cells as stripped text; ``problems`` lists, in line order, every
        cell that breaks its field (``"<file>, line <n>, column '<c>':
        <rule> (got '<text>')"``), so a loader can add its own rules and
        raise once.
    """
    spec = resource(name, package)
    fields = spec["schema"]["fields"]
    source = Path(DATA_DIR / spec["path"] if path is None else path)
    shown, raw_rows = read_csv_rows(source, [field["name"] for field in fields], error=error, ordered=True)
    rows = [(line, {column: cell.strip() for column, cell in row.items()}) for line, row in raw_rows]
    problems: list[str] = []
    first_seen: dict[tuple[str, object], int] = {}
    key = spec["schema"].get("primaryKey", [])
    key = [key] if isinstance(key, str) else list(key)
    keys_seen: dict[tuple, int] = {}
    for line, row in rows:
        where = f"{shown}, line {line}"
        for field in fields:
            column, text = field["name"], row[field["name"]]
            constraints = field.get("constraints", {})
            if not text:
                if constraints.get("required") or column in key:
                    problems.append(f"{where}, column '{column}': must not be empty")
                continue
            found = _cell_problems(field, text)
            problems += [f"{where}, column '{column}': {rule}" for rule in found]
            # A one-column primary key is unique even where the field does not say so.
            if (constraints.get("unique") or key == [column]) and not found:
                seen_key = (column, _typed(field, text))
                if seen_key in first_seen:
                    problems.append(f"{where}, column '{column}': must be unique; {text!r} is also on line {first_seen[seen_key]}")
                first_seen.setdefault(seen_key, line)
        if len(key) > 1 and all(row[column] for column in key):
            values = tuple(row[column] for column in key)
            if values in keys_seen:
                problems.append(f"{where}, column '{key[0]}': the key ({', '.join(key)}) must be unique; "
                                f"({', '.join(values)}) is also on line {keys_seen[values]}")
            keys_seen.setdefault(values, line)
    return shown, rows, problems


def read_resource(
    name: str,
    path: Path | str | None = None,
    *,
    error: type[DataFileError] = DataFileError,
    package: dict | None = None,
) -> tuple[str, list[tuple[int, dict[str, str]]]]:
    """:func:`check_resource`, raising ``error`` listing every problem; returns ``(shown_name, rows)``."""
    shown, rows, problems = check_resource(name, path, error=error, package=package)
    if problems:
        raise error(problems)
    return shown, rows


def _constraint_text(field: dict, key: list[str]) -> str:
    constraints = field.get("constraints", {})
    parts = []
    if field["name"] in key and len(key) == 1:
        parts.append("primary key")
    elif field["name"] in key:
        parts.append(f"part of the key ({', '.join(key)})")
    if constraints.get("unique"):
        parts.append("unique")
    if "enum" in constraints:
        parts.append("one of " + ", ".join(f"`{value}`" for value in constraints["enum"]))
    if "pattern" in constraints:
        parts.append(f"pattern `{constraints['pattern']}`")
    if "minimum" in constraints or "maximum" in constraints:
        parts.append(_describe({"type": "", "constraints": constraints}).replace("a value ", ""))
    if "minLength" in constraints:
        parts.append(f"at least {constraints['minLength']} characters")
    if "maxLength" in constraints:
        parts.append(f"at most {constraints['maxLength']} characters")
    return "; ".join(parts)


def _table_cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def dictionary_markdown(package: dict | None = None) -> str:
    """The data dictionary as MyST Markdown: one section per resource, its description and its fields.

    Resources with the same title, description and schema (the question
    bank's files, the reconstructed patients' files) share one section that
    lists their files. Each field's row gives its name, type, whether it is
    required, its constraints and its description (with units); the
    resource's foreign keys follow the table. Deterministic.
    """
    package = data_package() if package is None else package
    groups: dict[str, list[dict]] = {}
    for spec in package["resources"]:
        signature = json.dumps([spec.get("title"), spec.get("description"), spec["schema"]], sort_keys=True)
        groups.setdefault(signature, []).append(spec)
    sections = []
    for members in groups.values():
        spec = members[0]
        title = spec.get("title", "")
        paths = ", ".join(f"`{member['path']}`" for member in members)
        if len(members) == 1:
            lines = [f"## `{spec['path']}` — {title}" if title else f"## `{spec['path']}`", ""]
        else:
            lines = [f"## {title[:1].upper() + title[1:]}", "",
                     f"{len(members)} files with the same columns: {paths}.", ""]
        if spec.get("description"):
            lines += [spec["description"].strip(), ""]
        key = spec["schema"].get("primaryKey", [])
        key = [key] if isinstance(key, str) else list(key)
        lines += ["| column | type | required | constraints | meaning |", "|---|---|---|---|---|"]
        for field_spec in spec["schema"]["fields"]:
            required = "yes" if field_spec.get("constraints", {}).get("required") or field_spec["name"] in key else "no"
            lines.append(f"| `{field_spec['name']}` | {field_spec.get('type', 'string')} | {required} | "
                         f"{_table_cell(_constraint_text(field_spec, key))} | {_table_cell(field_spec.get('description', ''))} |")
        foreign = spec["schema"].get("foreignKeys", [])
        if foreign:
            lines += ["", "Foreign keys:", ""]
            lines += [f"- `{', '.join(link['fields'])}` is a `{', '.join(link['reference']['fields'])}` of "
                      f"`{resource(link['reference']['resource'], package)['path']}`" for link in foreign]
        sections.append("\n".join(lines).rstrip() + "\n")
    return "\n".join(sections)


#: The top of the data dictionary page, before the generated sections.
DICTIONARY_PREAMBLE = """(data-dictionary)=
# Data dictionary

% Generated from data/datapackage.json by `python -m analysis.schema`: edit the package, not this page.

The book's data are small CSV files. `data/datapackage.json` declares each of
them as a [Frictionless Data Package](https://specs.frictionlessdata.io/data-package/):
every column's type, constraints and meaning (with units), each table's key
and the columns that point into other tables, so the downloaded data can be
checked with any tool that reads the standard (`frictionless validate
datapackage.json`). Every chapter reads the files through the `analysis`
package, which checks each file against the same declaration and names the
file, line and column of any problem. Download them from the
{ref}`evidence table <evidence-table>` page (one by one or as a zip, with
`datapackage.json`). What follows is `data/README.md` of the source (the
conventions and how the files relate), then one section per file.

```{include} data/README.md
:start-line: 2
```

"""


def dictionary_page(package: dict | None = None) -> str:
    """The whole data dictionary page (``data_dictionary.md``): the preamble, then :func:`dictionary_markdown`."""
    return DICTIONARY_PREAMBLE + dictionary_markdown(package)


if __name__ == "__main__":  # pragma: no cover - a maintainer's command
    from . import ROOT

    if ROOT is None:
        raise SystemExit("python -m analysis.schema writes data_dictionary.md of a checkout; this is an installed wheel")
    (ROOT / "data_dictionary.md").write_text(dictionary_page(), encoding="utf-8")
    print(f"wrote {ROOT / 'data_dictionary.md'}")
