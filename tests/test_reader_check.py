"""booktools.reader_check: the reader's environment and the nbval stage's entry point (the stage itself runs in make test)."""
import pytest

from booktools import ROOT, reader_check


def test_prepare_only_makes_the_environment(monkeypatch):
    calls = []
    monkeypatch.setattr(reader_check, "ensure_environment", lambda: calls.append("environment"))
    monkeypatch.setattr(reader_check, "run", lambda **kwargs: calls.append("nbval") or 0)
    assert reader_check.main(["--prepare"]) == 0
    assert calls == ["environment"]
    assert reader_check.main(["-x"]) == 0
    assert calls == ["environment", "nbval"]


def test_the_environment_must_lie_outside_the_repository():
    with pytest.raises(ValueError, match="outside the repository"):
        reader_check.ensure_environment(base=ROOT / "_build")


def test_the_environment_key_follows_the_reader_requirements(tmp_path):
    for name in ("requirements.txt", "requirements-reader.txt"):
        (tmp_path / name).write_text((ROOT / name).read_text(encoding="utf-8"), encoding="utf-8")
    key = reader_check.environment_key(tmp_path)
    assert key == reader_check.environment_key(ROOT)
    (tmp_path / "requirements-reader.txt").write_text("pandas\n", encoding="utf-8")
    assert reader_check.environment_key(tmp_path) != key
