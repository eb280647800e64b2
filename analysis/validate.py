"""Validate every data file before anything is built: ``python -m analysis.validate``.

Exit status 1 with a message naming file, line, column and rule when a file
breaks the schema, so a bad row stops the build before a half-built site exists.
"""
from __future__ import annotations

import sys

from .evidence import LedgerError, validate_all


def main() -> int:
    """Validate ``data/``; print a one-line summary (or the problems) and return the exit status."""
    try:
        counts = validate_all()
    except LedgerError as err:
        print(f"data validation FAILED: {err}", file=sys.stderr)
        return 1
    print("data valid: " + ", ".join(f"{name} {rows} rows" for name, rows in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
