"""The published record: every number and figure the site shows, committed, so a change is seen in review.

nbval proves that a fresh run reproduces what the built site shows *at one
commit*. It cannot notice that a published number changed *between* commits.
This module keeps ``tests/published/values.json``: for every chapter, every
glued value as the page shows it (``{glue:text}`` text, a glued Markdown table)
and a fingerprint (SHA-256 of the image bytes) of every glued figure and HTML
table.

    python -m booktools.golden --check   # make test: fails naming chapter, key, old and new value
    python -m booktools.golden --write   # make golden: record the built site (commit it with its cause)

The values are read from the built site's reader's notebooks, i.e. from the
build's own execution: no chapter is run again for this.
"""
from __future__ import annotations

import argparse
import base64
import hashlib
import json
import sys
from pathlib import Path

import nbformat

from . import ROOT
from .paths import SITE_CHAPTERS

RECORD = ROOT / "tests" / "published" / "values.json"


def fingerprint(data: bytes) -> str:
    """``sha256:`` and the first 16 hex digits of the SHA-256 of ``data``."""
    return "sha256:" + hashlib.sha256(data).hexdigest()[:16]


def shown_value(bundle: dict) -> str:
    """What the page shows for one glued MIME bundle: its text, or a fingerprint of an image or HTML."""
    from myst_nb.core.variables import format_plain_text

    if "image/png" in bundle:
        return fingerprint(base64.b64decode(bundle["image/png"]))
    if "image/svg+xml" in bundle:
        return fingerprint(str(bundle["image/svg+xml"]).encode("utf-8"))
    if "text/markdown" in bundle:
        return str(bundle["text/markdown"])
    if "text/html" in bundle:
        return fingerprint(str(bundle["text/html"]).encode("utf-8"))
    return format_plain_text(str(bundle.get("text/plain", "")), "s")


def glued_values(notebook: nbformat.NotebookNode) -> dict[str, str]:
    """Every glued value of an executed notebook, key → :func:`shown_value`."""
    values: dict[str, str] = {}
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            scrapbook = output.get("metadata", {}).get("scrapbook")
            if not scrapbook:
                continue
            prefix = scrapbook.get("mime_prefix", "")
            bundle = {mime[len(prefix):]: data for mime, data in output.get("data", {}).items()}
            values[scrapbook["name"]] = shown_value(bundle)
    return values


def collect(site_chapters: Path = SITE_CHAPTERS) -> dict[str, dict[str, str]]:
    """The published values of every chapter of the built site: chapter stem → key → value."""
    notebooks = sorted(site_chapters.glob("*.ipynb"))
    if not notebooks:
        raise FileNotFoundError(f"no notebook in {site_chapters}: build the book first (make book)")
    return {path.stem: dict(sorted(glued_values(nbformat.read(path, as_version=4)).items())) for path in notebooks}


def differences(recorded: dict[str, dict[str, str]], current: dict[str, dict[str, str]]) -> list[str]:
    """Every difference between two records, one line each, naming chapter, key, old and new value."""
    lines = []
    for chapter in sorted(set(recorded) | set(current)):
        old, new = recorded.get(chapter), current.get(chapter)
        if old is None:
            lines.append(f"{chapter}: a new chapter with {len(new)} published values (not in the record)")
            continue
        if new is None:
            lines.append(f"{chapter}: in the record but no longer published")
            continue
        for key in sorted(set(old) | set(new)):
            if key not in new:
                lines.append(f"{chapter}: {key}: no longer published (was {_short(old[key])})")
            elif key not in old:
                lines.append(f"{chapter}: {key}: newly published: {_short(new[key])}")
            elif old[key] != new[key]:
                lines.append(f"{chapter}: {key}: {_short(old[key])} -> {_short(new[key])}")
    return lines


def _short(value: str, limit: int = 80) -> str:
    text = " ".join(value.split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def write(record: Path = RECORD, site_chapters: Path = SITE_CHAPTERS) -> dict[str, dict[str, str]]:
    """Record the built site's published values in ``record`` (sorted, one value per line)."""
    values = collect(site_chapters)
    record.parent.mkdir(parents=True, exist_ok=True)
    record.write_text(json.dumps(values, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    return values


def check(record: Path = RECORD, site_chapters: Path = SITE_CHAPTERS) -> list[str]:
    """Differences between the committed record and the built site (empty when they agree)."""
    if not record.is_file():
        return [f"{record.relative_to(ROOT)} is missing: run `make golden` and commit it"]
    return differences(json.loads(record.read_text(encoding="utf-8")), collect(site_chapters))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true", help="compare the built site with the committed record")
    mode.add_argument("--write", action="store_true", help="record the built site's values")
    args = parser.parse_args(argv)
    if args.write:
        values = write()
        print(f"recorded {sum(map(len, values.values()))} published values of {len(values)} chapters "
              f"in {RECORD.relative_to(ROOT)} ({RECORD.stat().st_size / 1024:.0f} KB); commit it with the change that caused it")
        return 0
    problems = check()
    if problems:
        print(f"The built site publishes other values than {RECORD.relative_to(ROOT)} records:", *problems, sep="\n  ", file=sys.stderr)
        print("If the change is intended, run `make golden` and commit the record with its cause.", file=sys.stderr)
        return 1
    recorded = json.loads(RECORD.read_text(encoding="utf-8"))
    print(f"published record: {sum(map(len, recorded.values()))} values of {len(recorded)} chapters as recorded")
    return 0


if __name__ == "__main__":
    sys.exit(main())
