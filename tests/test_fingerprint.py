"""booktools.fingerprint: one fingerprint for every "did the inputs change?" question of the tooling."""
from booktools.fingerprint import files_under, fingerprint


def tree(tmp_path):
    for name, text in {"data/a.csv": "x", "data/sub/b.csv": "y", "analysis/m.py": "z", "analysis/__pycache__/m.pyc": "c",
                       "analysis/n.pyc": "c", "pkg.egg-info/PKG-INFO": "i", "README.md": "r"}.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_files_under_keeps_order_and_skips_compiled_and_build_files(tmp_path):
    root = tree(tmp_path)
    names = [p.relative_to(root).as_posix() for p in files_under(root, ["data", "analysis", "README.md"], skip={"__pycache__"})]
    assert names == ["data/a.csv", "data/sub/b.csv", "analysis/m.py", "README.md"]
    everything = [p.relative_to(root).as_posix() for p in files_under(root, skip={"__pycache__"})]
    assert everything == ["README.md", "analysis/m.py", "data/a.csv", "data/sub/b.csv"]


def test_fingerprint_changes_with_a_byte_or_a_name_and_only_then(tmp_path):
    root = tree(tmp_path)
    first = fingerprint(root, files_under(root, ["data"]))
    assert first == fingerprint(root, files_under(root, ["data"])) and len(first) == 64
    (root / "README.md").write_text("elsewhere", encoding="utf-8")
    assert fingerprint(root, files_under(root, ["data"])) == first
    (root / "data" / "a.csv").write_text("X", encoding="utf-8")
    assert fingerprint(root, files_under(root, ["data"])) != first
    (root / "data" / "a.csv").write_text("x", encoding="utf-8")
    (root / "data" / "a.csv").rename(root / "data" / "c.csv")
    assert fingerprint(root, files_under(root, ["data"])) != first
