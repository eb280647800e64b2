"""booktools.workspace: the student's copies of the reader's notebooks, never overwritten by accident."""
from __future__ import annotations

import pytest

from booktools import workspace


@pytest.fixture
def site_chapters(tmp_path):
    folder = tmp_path / "site" / "chapters"
    folder.mkdir(parents=True)
    for name in ("01_a", "02_b"):
        (folder / f"{name}.ipynb").write_text(f'{{"book": "{name}"}}', encoding="utf-8")
    (folder / "01_a.html").write_text("<html></html>", encoding="utf-8")
    return folder


def test_the_first_call_copies_every_notebook_and_nothing_else(tmp_path, site_chapters):
    target = tmp_path / "workspace"
    copied = workspace.prepare(target, site_chapters)
    assert [path.name for path in copied] == ["01_a.ipynb", "02_b.ipynb"]
    assert sorted(path.name for path in target.iterdir()) == ["01_a.ipynb", "02_b.ipynb"]


def test_the_students_work_is_kept_and_reset_moves_it_aside(tmp_path, site_chapters):
    target = tmp_path / "workspace"
    workspace.prepare(target, site_chapters)
    (target / "01_a.ipynb").write_text('{"student": "my answer"}', encoding="utf-8")
    (target / "02_b.ipynb").unlink()
    assert [path.name for path in workspace.prepare(target, site_chapters)] == ["02_b.ipynb"]
    assert (target / "01_a.ipynb").read_text(encoding="utf-8") == '{"student": "my answer"}'

    assert len(workspace.prepare(target, site_chapters, reset=True)) == 2
    assert (target / "01_a.ipynb").read_text(encoding="utf-8") == '{"book": "01_a"}'
    assert (target / "01_a.ipynb.bak").read_text(encoding="utf-8") == '{"student": "my answer"}'


def test_an_unbuilt_site_is_refused(tmp_path):
    with pytest.raises(FileNotFoundError, match="build the book first"):
        workspace.prepare(tmp_path / "workspace", tmp_path / "no-site")
    assert not (tmp_path / "workspace").exists()


def test_main_passes_reset_and_counts_what_it_kept(tmp_path, site_chapters, monkeypatch, capsys):
    target = tmp_path / "workspace"
    monkeypatch.setattr(workspace, "WORKSPACE", target)
    monkeypatch.setattr(workspace, "prepare", lambda reset: workspace_prepare(target, site_chapters, reset=reset))
    workspace_prepare(target, site_chapters)
    assert workspace.main([]) == 0
    assert "0 notebook(s) copied, 2 kept" in capsys.readouterr().out
    assert workspace.main(["--reset"]) == 0
    assert "2 notebook(s) copied, 0 kept" in capsys.readouterr().out


workspace_prepare = workspace.prepare
