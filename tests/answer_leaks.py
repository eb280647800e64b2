"""Finding the question bank's answers in a published file: the explanations and the answer rows."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

from analysis.ledger.questions import load_answer_key


def key_markers() -> list[str]:
    """Strings that only the answer key holds: every explanation, every answer row's start
    (``question_id,answer,`` as in ``instructor/answers``) and each choice question followed by its
    ``**Answer:**`` line, as ``answer_key.md`` writes them."""
    key = load_answer_key()
    markers = [row.explanation for row in key.itertuples()]
    markers += [f"{row.question_id},{row.answer}," for row in key.itertuples()]
    markers += [f"{row.question}\n   - **Answer:** {row.answer}" for row in key.itertuples() if row.kind == "choice"]
    assert len(set(markers)) == len(markers) and all(len(marker) > 6 for marker in markers)
    return markers


def texts_of(name: str, blob: bytes):
    """``(name, text)`` of a file, and of every member when it is a zip (or a wheel), recursively."""
    if name.endswith((".zip", ".whl")):
        with zipfile.ZipFile(io.BytesIO(blob)) as archive:
            for member in archive.namelist():
                yield from texts_of(f"{name}!{member}", archive.read(member))
        return
    yield name, blob.decode("utf-8", errors="replace")


def leaks(paths: list[Path], root: Path, markers: list[str]) -> dict[str, list[str]]:
    """For each file (or zip member) under ``paths`` that holds some of ``markers``: which, abridged."""
    found: dict[str, list[str]] = {}
    for path in paths:
        for name, text in texts_of(path.relative_to(root).as_posix(), path.read_bytes()):
            hits = [marker[:40] for marker in markers if marker in text]
            if hits:
                found[name] = hits
    return found
