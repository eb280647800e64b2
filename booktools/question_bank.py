"""The question bank on the website (questions only) and the instructor edition's answer key.

* :func:`learning_objectives` reads a chapter's "Learning objectives"
  admonition (the numbered list the questions are keyed to);
* :func:`questions_html` renders the bank for the website's question-bank page;
* :func:`answer_key_markdown` writes the answer key that only the instructor
  edition carries, from ``analysis.ledger.questions.load_answer_key()`` (the answers
  live in ``instructor/answers/``, never in ``data/``);
* :func:`instructor_files` lists what else of ``instructor/`` the instructor
  edition carries.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd

from analysis.ledger.course_plan import learning_objectives as page_objectives

from . import ROOT

__all__ = ["learning_objectives", "chapter_title", "questions_html", "answer_key_markdown", "instructor_files"]

def learning_objectives(chapter: Path) -> list[str]:
    """The numbered learning objectives of a chapter (``chapters/NN_name.md``), in order."""
    return page_objectives(chapter.read_text(encoding="utf-8"))


def chapter_title(chapter: Path) -> str:
    """The chapter's title: its first level-1 heading."""
    match = re.search(r"^# (.+)$", chapter.read_text(encoding="utf-8"), re.M)
    return match.group(1).strip() if match else chapter.stem


def _chapters(frame: pd.DataFrame, root: Path):
    for stem, group in frame.groupby("chapter", sort=True):
        yield stem, root / "chapters" / f"{stem}.md", group


def questions_html(frame: pd.DataFrame, root: Path = ROOT) -> str:
    """The bank as HTML for the website: per chapter, its questions (no answers), each naming its objective."""
    parts = []
    for stem, path, group in _chapters(frame, root):
        objectives = learning_objectives(path)
        parts.append(f'<h2>{html.escape(chapter_title(path))}</h2>\n<ol class="book-questions">')
        for row in group.itertuples():
            objective = objectives[row.objective - 1] if row.objective <= len(objectives) else ""
            choices = "".join(f"<li>{html.escape(choice.strip())}</li>" for choice in row.choices.split("|") if choice.strip())
            answer_line = f" (a number{', in ' + html.escape(row.unit) if row.unit else ''})" if row.kind == "number" else ""
            parts.append(f'<li><p>{html.escape(row.question)}{answer_line}</p>'
                         + (f'<ul class="book-choices">{choices}</ul>' if choices else "")
                         + f'<p class="book-objective">Learning objective {row.objective}: {html.escape(objective)}</p></li>')
        parts.append("</ol>")
    return "\n".join(parts)


def answer_key_markdown(frame: pd.DataFrame, root: Path = ROOT, version: str = "") -> str:
    """The answer key (instructor edition only): every question with its answer and why.

    ``frame`` is the bank with its answers (``analysis.ledger.questions.load_answer_key()``).
    """
    lines = [f"# Answer key to the question bank{' — edition ' + version if version else ''}", "",
             "For teachers. Each answer names the learning objective it checks.", ""]
    for stem, path, group in _chapters(frame, root):
        lines += [f"## {chapter_title(path)}", ""]
        for number, row in enumerate(group.itertuples(), 1):
            if row.kind == "choice":
                answer = row.answer
            else:
                answer = f"{row.answer}{(' ' + row.unit) if row.unit and row.unit != '%' else row.unit} (accepted within ±{row.tolerance})"
            lines += [f"{number}. {row.question}", f"   - **Answer:** {answer}", f"   - **Why:** {row.explanation}",
                      f"   - *Objective {row.objective}*", ""]
    return "\n".join(lines)


def instructor_files(root: Path = ROOT) -> list[tuple[Path, str]]:
    """The answer files (``instructor/answers/*.csv``) as ``(path, name in the edition)`` pairs."""
    return [(path, f"answers/{path.name}") for path in sorted((root / "instructor" / "answers").glob("*.csv"))]
