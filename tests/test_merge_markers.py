"""No tracked text file keeps a merge's conflict markers.

A committed ``<<<<<<<`` once broke the build in CI (the published record stopped
being JSON); this catches it before CI does, naming the file and line.
"""
import re
from pathlib import Path

from booktools import ROOT
from booktools.downloads import source_files

MARKER = re.compile(r"^(<{7} |={7}$|>{7} )")
TEXT_SUFFIXES = {".py", ".md", ".csv", ".json", ".yml", ".yaml", ".toml", ".txt", ".bib", ".cfg", ".sh", ".css",
                 ".js", ".html", ".tex", ""}


def conflict_lines(paths, root=ROOT):
    """``file:line`` for every line that starts like a merge conflict marker (paths relative to ``root``)."""
    found = []
    for path in paths:
        if path.suffix not in TEXT_SUFFIXES or not (root / path).is_file():
            continue
        text = (root / path).read_text(encoding="utf-8", errors="replace")
        found += [f"{path}:{number}" for number, line in enumerate(text.splitlines(), 1) if MARKER.match(line)]
    return found


def test_no_tracked_file_holds_a_conflict_marker():
    assert not conflict_lines(source_files()), "merge conflict markers left in:\n" + "\n".join(conflict_lines(source_files()))


def test_the_check_finds_a_marker(tmp_path):
    (tmp_path / "values.json").write_text('{\n<<<<<<< HEAD\n  "a": 1,\n=======\n  "a": 2,\n>>>>>>> other\n}\n',
                                          encoding="utf-8")
    assert conflict_lines([Path("values.json")], root=tmp_path) == ["values.json:2", "values.json:4", "values.json:6"]
