"""booktools.preview: a scratch book of a few chapters, built alone with warnings as errors (Sphinx not run here)."""
from __future__ import annotations

import subprocess

import yaml

from booktools import preview


def book(root):
    root.mkdir()
    for name in ("_config.yml", "intro.md", "bibliography.md", "glossary.md"):
        (root / name).write_text(f"# {name}\n", encoding="utf-8")
    for folder in ("data", "analysis"):
        (root / folder).mkdir()
    (root / "chapters").mkdir()
    for name in ("03_synergy", "04_cold_to_hot", "05_dose"):
        (root / "chapters" / f"{name}.md").write_text(f"# {name}\n", encoding="utf-8")
    return root


def test_the_scratch_book_holds_the_chosen_chapters_between_intro_and_bibliography(tmp_path):
    root, scratch = book(tmp_path / "book"), tmp_path / "scratch"
    scratch.mkdir()
    toc = yaml.safe_load(preview.scratch_book(["chapters/05_dose.md", "chapters/03_synergy.md"], scratch, root).read_text())
    assert toc["root"] == "intro"
    assert [entry["file"] for entry in toc["parts"][0]["chapters"]] == [
        "chapters/05_dose", "chapters/03_synergy", "glossary", "bibliography"]
    assert sorted(path.name for path in (scratch / "chapters").iterdir()) == ["03_synergy.md", "05_dose.md"]
    assert (scratch / "data").is_symlink() and (scratch / "data").resolve() == root / "data"
    assert not (scratch / "_vendor").exists() and not (scratch / "course_guide.md").exists()  # the book has none
    (root / "_config.yml").write_text("changed\n", encoding="utf-8")
    assert (scratch / "_config.yml").read_text() == "# _config.yml\n"  # a copy, not a link


def test_without_a_glossary_the_toc_does_not_name_one(tmp_path):
    root, scratch = book(tmp_path / "book"), tmp_path / "scratch"
    (root / "glossary.md").unlink()
    scratch.mkdir()
    toc = yaml.safe_load(preview.scratch_book(["chapters/04_cold_to_hot.md"], scratch, root).read_text())
    assert [entry["file"] for entry in toc["parts"][0]["chapters"]] == ["chapters/04_cold_to_hot", "bibliography"]


def test_main_without_chapters_prints_its_usage(capsys):
    assert preview.main([]) == 2
    assert "Usage: ``python -m booktools.preview" in capsys.readouterr().out


def test_main_builds_strictly_and_prints_only_the_warnings(monkeypatch, capsys, tmp_path):
    calls = []

    def fake_run(command, **kwargs):
        calls.append((command, kwargs))
        return subprocess.CompletedProcess(command, 1, stdout="reading sources\nx.md:3: WARNING: undefined label\n",
                                           stderr="ERROR: bad\n")

    monkeypatch.setattr(preview, "scratch_book", lambda chapters, scratch: calls.append(chapters))
    monkeypatch.setattr(preview.subprocess, "run", fake_run)
    monkeypatch.setattr(preview.tempfile, "mkdtemp", lambda prefix, dir: str(tmp_path))
    assert preview.main(["chapters/04_cold_to_hot.md"]) == 1
    assert calls[0] == ["chapters/04_cold_to_hot.md"]
    command, kwargs = calls[1]
    assert command[1:] == ["build", str(tmp_path), "-W", "-n", "--keep-going"] and kwargs["cwd"] == tmp_path
    out = capsys.readouterr().out
    assert out.splitlines()[:2] == ["x.md:3: WARNING: undefined label", "ERROR: bad"] and "reading sources" not in out
