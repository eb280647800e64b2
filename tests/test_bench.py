"""booktools.bench: its arguments and the pure parts of its report (the benchmark itself is never run here)."""
from __future__ import annotations

import sys

import pytest

from booktools import bench


def test_the_fresh_clone_is_measured_unless_skipped():
    assert bench.parse_args([]).no_fresh_clone is False
    assert bench.parse_args(["--no-fresh-clone"]).no_fresh_clone is True
    with pytest.raises(SystemExit):
        bench.parse_args(["--fresh"])


def test_the_executed_chapters_are_read_from_the_build_log():
    log = ("/book/chapters/05_dose.md: Executing notebook using local CWD [mystnb]\n"
           "/book/chapters/04_cold_to_hot.md: Executing notebook using local CWD [mystnb]\n"
           "/book/chapters/05_dose.md: Executing notebook using local CWD [mystnb]\n"
           "/book/chapters/06_timing.md: Using cached notebook: ID=3\n")
    assert bench.executed_chapters(log) == ["04_cold_to_hot.md", "05_dose.md"]
    assert bench.executed_chapters("") == []


def test_the_code_edit_is_a_comment_in_the_first_code_cell():
    text = "# Title\n\n```{code-cell} ipython3\nx = 1\n```\n\nProse.\n\n```{code-cell} ipython3\ny = 2\n```\n"
    assert bench.code_edit(text) == text.replace("x = 1\n", "x = 1\n# bench edit\n")
    with pytest.raises(ValueError):
        bench.code_edit("# No code here\n")


def test_the_targets_are_judged_from_the_measurements():
    measured = {"cold_build_s": 40.0, "bare_execution_s": 60.0, "no_change_rebuild_s": 1.0,
                "one_chapter_edit_executed": ["04_cold_to_hot.md"]}
    assert bench.judge(measured) == {"cold_build_over_serial_bare_execution": 0.67, "cold_build_within_target": True,
                                     "no_change_rebuild_fraction": 0.025, "one_chapter_edit_only_that_chapter": True}
    slow = {**measured, "cold_build_s": 50.0, "one_chapter_edit_executed": ["04_cold_to_hot.md", "05_dose.md"]}
    judged = bench.judge(slow)
    assert not judged["cold_build_within_target"] and not judged["one_chapter_edit_only_that_chapter"]


def test_build_times_the_build_and_reads_its_log(tmp_path, monkeypatch):
    log = tmp_path / "build.log"
    log.write_text("stale log of an earlier build\n/b/chapters/04_cold_to_hot.md: Executing notebook\n")
    commands = []

    def fake_timed(command, **kwargs):
        commands.append(command)
        assert not log.exists(), "the old log is removed before the build"
        log.write_text("/b/chapters/05_dose.md: Executing notebook\n")
        return 12.5, ""

    monkeypatch.setattr(bench, "BUILD_LOG", log)
    monkeypatch.setattr(bench, "timed", fake_timed)
    assert bench.build() == (12.5, ["05_dose.md"])
    assert commands == [[bench.PY, "-m", "booktools.build"]]


def test_timed_stops_on_a_failing_command():
    elapsed, output = bench.timed([sys.executable, "-c", "print('hello')"])
    assert elapsed > 0 and output == "hello\n"
    with pytest.raises(SystemExit, match="failed: .*boom"):
        bench.timed([sys.executable, "-c", "import sys; print('boom'); sys.exit(3)"])
