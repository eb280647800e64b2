"""Line coverage of ``analysis`` and ``booktools``, one line per package, from coverage.py's JSON report.

Stage 1 of ``make test`` (with ``COVERAGE=1``) runs the tests under pytest-cov, which writes
``_build/coverage.json`` (:data:`booktools.paths.COVERAGE_JSON`);
``python -m booktools.line_coverage`` then prints each package's total. Only code run in the
test process counts: a command a test starts as a subprocess (``python -m booktools.build``)
is not measured.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from .paths import COVERAGE_JSON

PACKAGES = ("analysis", "booktools")


def package_totals(report: dict, packages: tuple[str, ...] = PACKAGES) -> dict[str, tuple[int, int]]:
    """``{package: (lines run, lines of code)}`` summed over the files of a coverage.py JSON report."""
    totals = {package: (0, 0) for package in packages}
    for name, measured in report["files"].items():
        package = Path(name).parts[0]
        if package in totals:
            run, lines = totals[package]
            totals[package] = (run + measured["summary"]["covered_lines"], lines + measured["summary"]["num_statements"])
    return totals


def summary_lines(totals: dict[str, tuple[int, int]]) -> list[str]:
    """One line per package: ``analysis   91.2 % of 5210 lines``."""
    return [f"line coverage  {package:<10} {100 * run / lines:5.1f} % of {lines} lines" if lines
            else f"line coverage  {package:<10} not measured"
            for package, (run, lines) in totals.items()]


def main(argv: list[str] | None = None) -> int:
    path = Path(argv[0]) if argv else COVERAGE_JSON
    if not path.is_file():
        print(f"line coverage: {path} is missing (COVERAGE=1 make test writes it)", file=sys.stderr)
        return 1
    print("\n".join(summary_lines(package_totals(json.loads(path.read_text(encoding="utf-8"))))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
