"""The review's plain text: where its body lies, and which of its numbers count as claims.

These rules are what the coverage check of the audit rests on. They run only
when a maintainer re-derives the committed inventory from a copy of the text
(``make audit-source REVIEW=path/to/review.txt``); the book itself reads the
committed result (:mod:`analysis.audit.coverage`) and never needs the text.

* :func:`read_review` reads a copy of the text from an explicit path;
* :func:`body_lines` keeps the body, from the heading ``1 Introduction`` up to
  the line ``References``;
* :func:`line_sections` names the review section each body line sits in;
* :func:`extract_numbers` picks the numbers of one line that could be claims.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .evidence import N_REFERENCES, SECTION_NUMBER

__all__ = [
    "BODY_START", "BODY_END", "BACK_MATTER", "NUMBER_WORDS", "NumberHit",
    "read_review", "body_lines", "line_sections", "extract_numbers",
]

#: The body runs from this line (inclusive) ...
BODY_START = "1 Introduction"
#: ... up to this line (exclusive).
BODY_END = "References"
#: Unnumbered headings after section 9 whose lines belong to the back matter.
BACK_MATTER = ("Author contributions", "Funding", "Conflict of interest", "Generative AI statement",
               "Publisher's note", "Acknowledgments", "Acknowledgements", "Data availability statement",
               "Supplementary material")


def read_review(path: Path | str) -> str:
    """Return a copy of the review's plain text (UTF-8) read from ``path``.

    The repository holds no copy of the review; the maintainer passes one.
    Raises ``FileNotFoundError`` naming the path if there is no file there.
    """
    if path is None or str(path).strip() == "":
        raise ValueError("path: give the path of a copy of the review's plain text (review.txt)")
    source = Path(path)
    if not source.is_file():
        raise FileNotFoundError(f"review text not found at {source}: pass the path of a copy of review.txt")
    return source.read_text(encoding="utf-8")


def body_lines(text: str) -> list[tuple[int, str]]:
    """The review's body as ``(line_number, line)`` pairs (line numbers count from 1).

    The body starts at the line that reads exactly :data:`BODY_START`
    (``"1 Introduction"``) and stops before the line that reads exactly
    :data:`BODY_END` (``"References"``). Raises ``ValueError`` if either
    marker is missing.
    """
    if not isinstance(text, str):
        raise ValueError(f"text must be the review's text as a string, got {type(text).__name__}")
    lines = text.split("\n")
    stripped = [line.strip() for line in lines]
    if BODY_START not in stripped:
        raise ValueError(f"text: no line reading {BODY_START!r}")
    start = stripped.index(BODY_START)
    try:
        end = stripped.index(BODY_END, start)
    except ValueError:
        raise ValueError(f"text: no line reading {BODY_END!r} after {BODY_START!r}") from None
    return [(number + 1, lines[number]) for number in range(start, end)]


def line_sections(body: list[tuple[int, str]]) -> dict[int, str]:
    """The review section of each body line: ``"3.2"``, or ``"back matter"`` after section 9.

    A heading line (``3.2 Combination of ...``) opens its section; one of the
    :data:`BACK_MATTER` headings ends the numbered sections.
    """
    sections: dict[int, str] = {}
    current = ""
    for number, text in body:
        stripped = text.strip()
        if _is_heading(stripped):
            current = _HEADING_RE.match(stripped).group(1)
        elif stripped in BACK_MATTER:
            current = "back matter"
        sections[number] = current
    return sections


#: Cardinal number words the coverage check counts (with or without ``-fold``).
NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "hundred": 100, "thousand": 1000,
}
_WORD_RE = re.compile(r"\b(" + "|".join(NUMBER_WORDS) + r")(-?fold)?\b", re.IGNORECASE)
_DIGIT_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
# "(12)", "(22, 23)", "(65–67)", "(48, 49)": reference citations, numbers 1-95 only.
_CITATION_RE = re.compile(r"\((\d{1,2})((?:\s*[,–-]\s*\d{1,2})*)\)")
_FIGURE_RE = re.compile(r"\bfigure\s+(\d+)", re.IGNORECASE)
_HEADING_RE = re.compile(rf"^\s*({SECTION_NUMBER})\s+\S")
_GRADE_RE = re.compile(r"\bgrades?\s+$", re.IGNORECASE)
_DASHES = "-–‑"


@dataclass(frozen=True)
class NumberHit:
    """One number found in a line: ``text`` as printed, its ``value``, and where it sits."""

    line: int
    start: int
    end: int
    text: str
    value: float


def _is_heading(text: str) -> bool:
    stripped = text.strip()
    return bool(_HEADING_RE.match(stripped)) and len(stripped) < 160 and not stripped.endswith(".")


def _masked_spans(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` holding numbers that are not claims: citations, figure numbers, heading numbers."""
    spans = []
    for match in _CITATION_RE.finditer(text):
        numbers = [int(x) for x in re.findall(r"\d+", match.group(0))]
        if all(1 <= x <= N_REFERENCES for x in numbers):
            spans.append(match.span())
    for match in _FIGURE_RE.finditer(text):
        spans.append(match.span(1))
    if _is_heading(text):
        spans.append(_heading_span(text))
    return spans


def _heading_span(text: str) -> tuple[int, int]:
    offset = len(text) - len(text.lstrip())
    start, end = _HEADING_RE.match(text.strip()).span(1)
    return (start + offset, end + offset)


def _is_name(text: str, start: int, end: int) -> bool:
    """True if the digits at ``text[start:end]`` belong to a name (CD8, PD-1, IL-6, 3DCRT, V5)."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    if before.isalpha() or after.isalpha():
        return True
    if before and before in _DASHES and start > 1 and text[start - 2].isalpha():
        return True
    return False


def extract_numbers(text: str, line: int = 0) -> list[NumberHit]:
    """The numbers of one line of the review that count as possible claims.

    Rules (each number is reported once, as printed):

    * digits (``94.7``, ``0.001``, ``2,027``) and the cardinal words
      two–twenty, thirty, forty, fifty, hundred, thousand, alone or with
      ``-fold`` (``fourfold``, ``ten-fold``). "One" and "single" are not
      counted: the review uses them as articles ("one study", "a single
      dose"); ordinals (first, second) are not counted either;
    * skipped: reference citations in parentheses whose numbers all lie in
      1–95 (``(12)``, ``(22, 23)``, ``(65–67)``); figure numbers
      (``Figure 3``, ``FIGURE 1``); the number of a section heading
      (``3.2 Combination of ...``);
    * skipped as parts of names: digits touching a letter (``CD8``,
      ``CXCL10``, ``3DCRT``, ``V5``, ``HMGB1``) or joined to a word by a
      hyphen or dash (``PD-1``, ``IL-6``, ``CTLA-4``, ``MHC-1``); roman
      numerals are never numbers here (``type I``, ``stage III``,
      ``phase II``, ``MHC-I``);
    * skipped as grade labels: a number right after ``grade``/``Grade``
      (the ledger keeps "grade >= 3" in ``group``).
    """
    if not isinstance(text, str):
        raise ValueError(f"text must be a string, got {type(text).__name__}")
    masked = _masked_spans(text)

    def inside_mask(start, end):
        return any(lo <= start and end <= hi for lo, hi in masked)

    hits = []
    for match in _DIGIT_RE.finditer(text):
        start, end = match.span()
        if inside_mask(start, end) or _is_name(text, start, end) or _GRADE_RE.search(text[:start]):
            continue
        hits.append(NumberHit(line, start, end, match.group(0), float(match.group(0).replace(",", ""))))
    for match in _WORD_RE.finditer(text):
        hits.append(NumberHit(line, match.start(), match.end(), match.group(0), float(NUMBER_WORDS[match.group(1).lower()])))
    return sorted(hits, key=lambda hit: hit.start)
