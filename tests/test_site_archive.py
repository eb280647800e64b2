"""booktools.site_archive: one tarball of the built site, the same bytes for the same site."""
from __future__ import annotations

import os
import tarfile

import pytest

from booktools import site_archive


@pytest.fixture
def book(tmp_path):
    """A book root (its pyproject.toml names the edition) and a small built site."""
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "rt-io-book"\nversion = "9.8.7"\n', encoding="utf-8")
    site = tmp_path / "_build" / "site"
    (site / "chapters").mkdir(parents=True)
    (site / "index.html").write_text("<html>home</html>", encoding="utf-8")
    (site / "chapters" / "a.html").write_text("<html>a</html>", encoding="utf-8")
    (site / ".buildinfo").write_text("sphinx state", encoding="utf-8")
    return tmp_path, site


def test_the_archive_holds_every_site_file_under_one_top_folder(book):
    root, site = book
    assert site_archive.archive_name(root) == "rt-io-book-9.8.7-site.tar.gz"
    path = site_archive.write(site, root=root)
    assert path == root / "_build" / "rt-io-book-9.8.7-site.tar.gz"
    with tarfile.open(path) as tar:
        members = tar.getmembers()
        assert [m.name for m in members] == ["rt-io-book-9.8.7-site/chapters/a.html", "rt-io-book-9.8.7-site/index.html"]
        assert all(m.mtime == 0 and m.uid == 0 and m.uname == "" and m.mode == 0o644 for m in members)
        assert tar.extractfile(members[1]).read() == b"<html>home</html>"


def test_the_same_site_gives_the_same_bytes(book, tmp_path):
    root, site = book
    first = site_archive.write(site, tmp_path / "one.tar.gz", root=root).read_bytes()
    os.utime(site / "index.html", (1_000_000, 1_000_000))  # a rebuild touches the files
    second = site_archive.write(site, tmp_path / "two.tar.gz", root=root).read_bytes()
    assert first == second
    (site / "index.html").write_text("<html>changed</html>", encoding="utf-8")
    assert site_archive.write(site, tmp_path / "three.tar.gz", root=root).read_bytes() != first


def test_an_unbuilt_site_is_refused(book):
    root, site = book
    (site / "index.html").unlink()
    with pytest.raises(FileNotFoundError, match="build the book first"):
        site_archive.write(site, root=root)


def test_main_says_what_is_missing(monkeypatch, capsys):
    def unbuilt():
        raise FileNotFoundError("_build/html/index.html is missing: build the book first (make book)")

    monkeypatch.setattr(site_archive, "write", unbuilt)
    assert site_archive.main() == 1
    assert capsys.readouterr().err.startswith("site archive: _build/html/index.html is missing")
