"""A private variant of the question bank for a graded quiz: ``make quiz SEED=… [OUT=…]``.

Every question of the bank goes in (a question asked word for word by an
earlier one only once). A computed numeric question (one with a
template in :mod:`booktools.templates`) gets new parameters, drawn
reproducibly from the seed within the template's plausible ranges, and its
answer is computed again by the book's own code; a multiple-choice question
gets its options shuffled by the seed; a numeric question whose answer is a
fact of the literature (a ledger value) stays as it is. The quiz and its key
go into ``_build/quiz-<seed>/`` (or ``OUT``), a folder the build never
publishes:

* ``key.md`` — the key for the teacher (parameters, answers, tolerances);
* ``variants.json`` — the same, for programs;
* ``quiz.gift`` — Moodle's GIFT format (numeric answers as ``{#answer:tolerance}``);
* ``quiz-text2qti.txt`` and ``quiz-qti.zip`` — text2qti's plain-text quiz and
  the QTI package it makes (import into Canvas: Settings → Import course content → QTI .zip).

The same seed gives the same files, byte for byte.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import zipfile
import zlib
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.ledger.questions import load_answer_key

from . import ROOT
from .downloads import project_version, zip_files
from .paths import BUILD, SITE, in_book
from .templates import TEMPLATES

__all__ = ["quiz_items", "repeated_questions", "gift", "text2qti_source", "qti_zip", "key_markdown", "write_quiz", "NOTE"]

#: What a student reads at the top of a quiz with varied numbers.
NOTE = ("Some numbers in the computed questions differ from the book's on purpose: answer with the numbers "
        "given in each question.")


def _rng(seed: int, question_id: str) -> np.random.Generator:
    """One generator per question, so that adding a question never changes the others' variants."""
    return np.random.default_rng([seed, zlib.crc32(question_id.encode("utf-8"))])


def _options(choices: str) -> list[str]:
    return [part.strip().split(")", 1)[1].strip() for part in choices.split("|") if part.strip()]


def quiz_items(seed: int, key: pd.DataFrame | None = None) -> list[dict]:
    """The quiz of ``seed``: one dict per question of the bank (``key``: the bank with answers,
    by default :func:`analysis.ledger.questions.load_answer_key`), in the bank's order.

    Each item: ``question_id``, ``chapter``, ``kind``, ``text``, ``unit``, ``varied``
    (new numbers), ``parameters`` (varied only), ``answer`` (a number, or the
    correct option's text), ``tolerance``, ``decimals``, ``options`` (shuffled,
    choice only), ``explanation`` (the book's, for questions not varied).
    """
    key = load_answer_key() if key is None else key
    templates = {item.question_id: item for item in TEMPLATES}
    items = []
    for row in key[~key["question_id"].isin(repeated_questions(key))].itertuples():
        item = {"question_id": row.question_id, "chapter": row.chapter, "kind": row.kind, "unit": row.unit,
                "varied": False, "explanation": row.explanation}
        rng = _rng(seed, row.question_id)
        if row.kind == "choice":
            options = _options(row.choices)
            correct = options["abcdefgh".index(row.answer)]
            order = rng.permutation(len(options))
            item.update(text=row.question, options=[options[i] for i in order], answer=correct)
        elif row.question_id in templates:
            template = templates[row.question_id]
            parameters = template.variant(rng)
            item.update(text=template.question(parameters), parameters=parameters, varied=True, explanation="",
                        answer=round(float(template.answer(**parameters)), template.decimals),
                        tolerance=template.tolerance, decimals=template.decimals)
        else:
            decimals = len(row.answer.split(".")[1]) if "." in row.answer else 0
            item.update(text=row.question, answer=float(row.answer), tolerance=float(row.tolerance), decimals=decimals)
        items.append(item)
    return items


def repeated_questions(key: pd.DataFrame) -> dict[str, str]:
    """Questions asked word for word by an earlier question of the bank (left out of a quiz): id → earlier id."""
    first = key.drop_duplicates("question")
    earlier = dict(zip(first["question"], first["question_id"]))
    return {row.question_id: earlier[row.question] for row in key.itertuples() if earlier[row.question] != row.question_id}


def _number(value: float, decimals: int) -> str:
    return f"{value:.{decimals}f}"


def _unit_missing(item: dict) -> bool:
    """Whether a numeric question's text does not say its unit (then the quiz adds "(in unit)")."""
    return bool(item["unit"]) and item["unit"] not in item["text"]


def _gift_escape(text: str) -> str:
    for char in "\\~=#{}:":
        text = text.replace(char, "\\" + char)
    return " ".join(text.split())


def gift(items: list[dict], title: str) -> str:
    """The quiz in Moodle's GIFT format: one question per block, its id as the question's name."""
    lines = [f"// {title}", f"// {NOTE}", "", "$CATEGORY: " + _gift_escape(title).replace("\\:", ":"), ""]
    for item in items:
        name, text = _gift_escape(item["question_id"]), _gift_escape(item["text"])
        if item["kind"] == "number":
            unit = f" (in {_gift_escape(item['unit'])})" if _unit_missing(item) else ""
            lines.append(f"::{name}::{text}{unit} {{#{_number(item['answer'], item['decimals'])}:{item['tolerance']}}}")
        else:
            lines.append(f"::{name}::{text} {{")
            lines += [f"  {'=' if option == item['answer'] else '~'}{_gift_escape(option)}" for option in item["options"]]
            if item["explanation"]:
                lines.append(f"  ####{_gift_escape(item['explanation'])}")
            lines.append("}")
        lines.append("")
    return "\n".join(lines)


def text2qti_source(items: list[dict], title: str) -> str:
    """The quiz in text2qti's plain-text format (for Canvas), answers marked."""
    lines = [f"Quiz title: {title}", f"Quiz description: {NOTE}", ""]
    for number, item in enumerate(items, 1):
        text = " ".join(item["text"].split())
        lines += [f"Title: {item['question_id']}"]
        if item["kind"] == "number":
            unit = f" (in {item['unit']})" if _unit_missing(item) else ""
            lines += [f"{number}.  {text}{unit}", f"=   {_number(item['answer'], item['decimals'])} +- {item['tolerance']}"]
        else:
            lines.append(f"{number}.  {text}")
            if item["explanation"]:
                lines.append(f"... {' '.join(item['explanation'].split())}")
            lines += [f"{'*' if option == item['answer'] else ''}{letter})  {option}"
                      for letter, option in zip("abcdefgh", item["options"])]
        lines.append("")
    return "\n".join(lines)


def qti_zip(source: Path, out_path: Path) -> Path:
    """Run text2qti on ``source`` (offline) and write its QTI package to ``out_path`` with fixed timestamps."""
    with tempfile.TemporaryDirectory(prefix="rtio-qti-") as folder:
        work = Path(folder) / "quiz.txt"
        work.write_bytes(source.read_bytes())
        result = subprocess.run([sys.executable, "-c", "import sys; from text2qti.cmdline import main; sys.exit(main())",
                                 str(work)], cwd=folder, capture_output=True, text=True)
        made = Path(folder) / "quiz.zip"
        if result.returncode != 0 or not made.is_file():
            raise RuntimeError(f"text2qti failed on {source}:\n{result.stdout}\n{result.stderr}")
        unpacked = Path(folder) / "unpacked"
        with zipfile.ZipFile(made) as archive:
            names = [name for name in archive.namelist() if not name.endswith("/")]
            archive.extractall(unpacked)
        return zip_files([(unpacked / name, name) for name in names], out_path)


def key_markdown(items: list[dict], seed: int, title: str, repeated: dict[str, str] | None = None) -> str:
    """The teacher's key: every question as asked, its answer and, for a variant, its parameters."""
    lines = [f"# Key to {title}", "", f"Seed {seed}. Not for students: {NOTE}", ""]
    if repeated:
        lines += ["Left out, because an earlier question asks the same: "
                  + ", ".join(f"`{later}` (as `{first}`)" for later, first in repeated.items()), ""]
    for number, item in enumerate(items, 1):
        lines += [f"{number}. `{item['question_id']}` ({item['chapter']}{', new numbers' if item['varied'] else ''})",
                  f"   {' '.join(item['text'].split())}"]
        if item["kind"] == "number":
            unit = f" {item['unit']}" if item["unit"] else ""
            lines.append(f"   - **Answer:** {_number(item['answer'], item['decimals'])}{unit} (±{item['tolerance']})")
        else:
            lines += [f"   - {letter}) {option}" for letter, option in zip("abcdefgh", item["options"])]
            lines.append(f"   - **Answer:** {'abcdefgh'[item['options'].index(item['answer'])]}) {item['answer']}")
        if item["varied"]:
            lines.append("   - *Parameters:* " + ", ".join(f"{name} = {value}" for name, value in item["parameters"].items()))
        elif item["explanation"]:
            lines.append(f"   - *Why:* {item['explanation']}")
        lines.append("")
    return "\n".join(lines)


def write_quiz(seed: int, out: Path | None = None, root: Path = ROOT) -> dict[str, Path]:
    """Write the quiz of ``seed`` into ``out`` (default ``_build/quiz-<seed>``); returns the files by kind."""
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed must be a whole number >= 0, got {seed!r}")
    out = Path(out) if out is not None else in_book(root, BUILD) / f"quiz-{seed}"
    if in_book(root, SITE) in [out, *out.resolve().parents]:
        raise ValueError(f"{out}: the quiz holds its key; never write it into the published site")
    out.mkdir(parents=True, exist_ok=True)
    title = f"Radiotherapy and immunotherapy {project_version(root)}: quiz {seed}"
    key = load_answer_key()
    items = quiz_items(seed, key)
    files = {"key": out / "key.md", "json": out / "variants.json", "gift": out / "quiz.gift",
             "text2qti": out / "quiz-text2qti.txt", "qti": out / "quiz-qti.zip"}
    files["key"].write_text(key_markdown(items, seed, title, repeated_questions(key)), encoding="utf-8")
    files["json"].write_text(json.dumps({"seed": seed, "title": title, "items": items}, indent=1, ensure_ascii=False) + "\n",
                             encoding="utf-8")
    files["gift"].write_text(gift(items, title), encoding="utf-8")
    files["text2qti"].write_text(text2qti_source(items, title), encoding="utf-8")
    qti_zip(files["text2qti"], files["qti"])
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, required=True, help="a whole number; keep it private")
    parser.add_argument("--out", type=Path, help="folder (default: _build/quiz-<seed>)")
    args = parser.parse_args(argv)
    files = write_quiz(args.seed, args.out)
    print(f"quiz {args.seed}: " + ", ".join(str(path) for path in files.values()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
