"""booktools.line_coverage: each package's total from coverage.py's JSON report."""
from __future__ import annotations

import json

from booktools import line_coverage

REPORT = {"files": {
    "analysis/models/stats.py": {"summary": {"covered_lines": 90, "num_statements": 100}},
    "analysis/plots/dose.py": {"summary": {"covered_lines": 10, "num_statements": 100}},
    "booktools/build.py": {"summary": {"covered_lines": 30, "num_statements": 40}},
    "tests/test_x.py": {"summary": {"covered_lines": 5, "num_statements": 5}},
}}


def test_the_totals_sum_each_packages_files_only():
    assert line_coverage.package_totals(REPORT) == {"analysis": (100, 200), "booktools": (30, 40)}


def test_one_line_per_package(tmp_path, capsys):
    assert line_coverage.summary_lines({"analysis": (100, 200), "booktools": (0, 0)}) == [
        "line coverage  analysis    50.0 % of 200 lines", "line coverage  booktools  not measured"]
    path = tmp_path / "coverage.json"
    path.write_text(json.dumps(REPORT), encoding="utf-8")
    assert line_coverage.main([str(path)]) == 0
    assert capsys.readouterr().out.splitlines()[1] == "line coverage  booktools   75.0 % of 40 lines"
    assert line_coverage.main([str(tmp_path / "none.json")]) == 1
