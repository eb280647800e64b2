"""Re-derive what the book knows of the review's text, and compare it with what is committed.

The repository holds no copy of the review (the book is written in its own
words). Four committed files are derived from the text:

* ``data/review_numbers.csv`` and ``data/source_text_locations.csv`` — the
  coverage data (:mod:`analysis.audit.coverage`);
* ``data/references.csv`` and ``data/references.bib`` — the reference list
  (:mod:`booktools.references`).

Usage (from the repository root; what ``make audit-source`` runs)::

    python -m booktools.audit_source --review path/to/review.txt           # check: exit 1 naming every difference
    python -m booktools.audit_source --review path/to/review.txt --write   # re-derive and overwrite the four files

Run the check after editing the ledger's ``source_text`` quotes or the
coverage exclusions; the build itself never needs the text.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import pandas as pd

from analysis import DATA_DIR
from analysis.audit.coverage import (
    INVENTORY_FILE,
    LOCATIONS_FILE,
    derive_number_inventory,
    derive_source_text_locations,
    load_number_inventory,
    load_source_text_locations,
    table_differences,
)
from analysis.ledger.review_text import body_lines, read_review

from . import references


def derive(review: Path) -> dict[str, pd.DataFrame]:
    """The coverage tables derived from the copy of the text at ``review``."""
    body = body_lines(read_review(review))
    return {
        INVENTORY_FILE.name: derive_number_inventory(body),
        LOCATIONS_FILE.name: derive_source_text_locations(body),
    }


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, lineterminator="\n", float_format=None)


def coverage_differences(derived: dict[str, pd.DataFrame]) -> list[str]:
    """Differences between the committed coverage files and ``derived`` (empty when they agree)."""
    committed = {
        INVENTORY_FILE.name: load_number_inventory().reset_index(drop=True),
        LOCATIONS_FILE.name: load_source_text_locations().reset_index(drop=True),
    }
    problems = []
    for name, frame in derived.items():
        problems += table_differences(f"data/{name}", committed[name], frame)
    return problems


def reference_differences(review: Path) -> list[str]:
    """Differences between the committed reference files and a fresh parse of the text."""
    parsed = references.build(review)
    problems = references.audit(parsed)
    if problems:
        return [f"reference list: {problem}" for problem in problems]
    with tempfile.TemporaryDirectory() as folder:
        fresh = Path(folder)
        problems = references.write(parsed, fresh)
        for name in (references.CSV_NAME, references.BIB_NAME):
            if (fresh / name).read_bytes() != (DATA_DIR / name).read_bytes():
                old = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
                new = (fresh / name).read_text(encoding="utf-8").splitlines()
                changed = [i + 1 for i, (a, b) in enumerate(zip(old, new)) if a != b]
                detail = f"first differing line {changed[0]}" if changed else f"{len(old)} vs {len(new)} lines"
                problems.append(f"data/{name}: differs from a fresh parse of the review's reference list ({detail})")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--review", type=Path, required=True, help="path of a copy of the review's plain text (review.txt)")
    parser.add_argument("--write", action="store_true", help="overwrite the committed files with the derived ones")
    args = parser.parse_args(argv)
    if not args.review.is_file():
        print(f"--review: no file at {args.review}", file=sys.stderr)
        return 2
    derived = derive(args.review)
    if args.write:
        for name, frame in derived.items():
            _write_csv(frame, DATA_DIR / name)
        problems = references.write(references.build(args.review), DATA_DIR)
        if problems:
            print(*problems, sep="\n", file=sys.stderr)
            return 1
        print(f"wrote data/{', data/'.join(list(derived) + [references.CSV_NAME, references.BIB_NAME])}")
        return 0
    problems = coverage_differences(derived) + reference_differences(args.review)
    if problems:
        print("The committed data disagrees with the review's text:", *problems, sep="\n  ", file=sys.stderr)
        print("If the change is intended, run `make audit-source-update REVIEW=...` and commit the result.", file=sys.stderr)
        return 1
    rows = ", ".join(f"{name} {len(frame)} rows" for name, frame in derived.items())
    print(f"audit source: the committed data agrees with {args.review} ({rows}; references.csv and references.bib)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
