"""One fingerprint of a set of files, for every "did the inputs change?" question of the tooling.

The build's up-to-date check (:mod:`booktools.build`), the execution-cache
guard (:mod:`booktools.cache_guard`) and the wheel cache
(:mod:`booktools.downloads`) each hash the files they depend on the same
way: SHA-256 over each file's path relative to the root, a NUL byte, its
bytes and a NUL byte, in a fixed order.
"""
from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable
from pathlib import Path

__all__ = ["files_under", "fingerprint"]


def files_under(root: Path, names: Iterable[str] | None = None, *, skip: Collection[str] = ()) -> list[Path]:
    """The files under ``root`` (or under each of ``names`` in turn, a file or a folder), each group sorted.

    A file is left out when a part of its path relative to ``root`` is in
    ``skip`` or ends with ``.egg-info``, or when it is compiled Python (``.pyc``).
    """
    root = Path(root)
    groups = [root] if names is None else [root / name for name in names]
    files = []
    for group in groups:
        found = [group] if group.is_file() else sorted(path for path in group.rglob("*") if path.is_file())
        for path in found:
            parts = path.relative_to(root).parts
            if path.suffix == ".pyc" or set(parts) & set(skip) or any(part.endswith(".egg-info") for part in parts):
                continue
            files.append(path)
    return files


def fingerprint(root: Path, files: Iterable[Path]) -> str:
    """SHA-256 (hex) of ``files`` in the given order: each one's path relative to ``root``, NUL, its bytes, NUL."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(Path(path).relative_to(root)).encode() + b"\0" + Path(path).read_bytes() + b"\0")
    return digest.hexdigest()
