"""Check cells for the exercises: a student runs one and learns whether the answer is right.

A chapter's computational exercise is followed by a cell like::

    answer = None   # your result here, e.g. 0.02
    check_number(answer, expected=fisher_exact(9, 10, 3, 10), tolerance=0.001,
                 what="the two-sided Fisher exact p-value", hints={0.5: "that is a one-sided ..."})

* with ``answer = None`` it only says what to do (so the chapter runs top to
  bottom untouched);
* a right answer prints "Correct" and what it means;
* a wrong one raises :class:`WrongAnswer` (an ``AssertionError``) whose message
  helps: how far off it is, and the hint for a known mistake.

No grading server: the expected value is computed in the cell from the ledger
and the book's own functions, so the check is as honest as the chapter.
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from ..checks import real_number

__all__ = ["WrongAnswer", "check_number", "check_choice"]


class WrongAnswer(AssertionError):
    """The student's answer is not the expected one; the message says why, as far as it can."""


def _waiting(what: str) -> None:
    print(f"Set `answer` to your result for {what}, then run this cell again.")


def check_number(answer, expected: float, *, tolerance: float, what: str, unit: str = "",
                 hints: Mapping[float, str] | None = None) -> None:
    """Check a numeric ``answer`` against ``expected`` within an absolute ``tolerance`` (in ``unit``).

    Prints "Correct" and the value when ``|answer - expected| <= tolerance``,
    and what to do when ``answer`` is ``None`` (not answered yet); returns
    nothing, so a check cell shows only that line (nbval compares it). Raises
    :class:`WrongAnswer` for a wrong number — naming the known mistake when
    ``answer`` is within ``tolerance`` of a key of ``hints`` — and
    ``ValueError`` naming the argument for a ``tolerance`` ≤ 0 or a non-number.
    """
    expected = real_number(expected, "expected")
    tolerance = real_number(tolerance, "tolerance")
    if tolerance <= 0:
        raise ValueError(f"tolerance must be > 0 {unit}".rstrip() + f", got {tolerance!r}")
    if answer is None:
        _waiting(what)
        return
    try:
        value = real_number(answer, "answer")
    except ValueError:
        raise WrongAnswer(f"`answer` should be a number ({what}), got {answer!r}") from None
    suffix = f" {unit}" if unit else ""
    if abs(value - expected) <= tolerance:
        print(f"Correct: {what} is {expected:g}{suffix} (your answer {value:g}{suffix}).")
        return
    for mistake, hint in (hints or {}).items():
        if abs(value - float(mistake)) <= tolerance:
            raise WrongAnswer(f"Not quite: {value:g}{suffix} for {what}. {hint}")
    direction = "high" if value > expected else "low"
    scale = abs(value / expected) if expected else math.inf
    ratio = f" (about {scale:.3g} times the expected value)" if expected and (scale > 2 or scale < 0.5) else ""
    raise WrongAnswer(f"Not quite: {value:g}{suffix} for {what} is too {direction}{ratio}. "
                      f"Check the formula and the units, then try again.")


def check_choice(answer, correct: str, *, options: Sequence[str], what: str,
                 explanations: Mapping[str, str] | None = None) -> None:
    """Check a multiple-choice ``answer`` (one of ``options``, e.g. ``"b"``) against ``correct``.

    Prints "Correct" with the explanation of ``correct``, or what to do when
    unanswered; raises :class:`WrongAnswer` with the explanation of the chosen
    option, and ``ValueError`` if ``correct`` is not among ``options``.
    """
    options = [str(option).strip().lower() for option in options]
    correct = str(correct).strip().lower()
    if correct not in options:
        raise ValueError(f"correct must be one of {options}, got {correct!r}")
    explanations = {str(key).strip().lower(): text for key, text in (explanations or {}).items()}
    if answer is None:
        _waiting(what)
        return
    chosen = str(answer).strip().lower()
    if chosen not in options:
        raise WrongAnswer(f"`answer` should be one of {', '.join(options)} ({what}), got {answer!r}")
    if chosen == correct:
        print(f"Correct: {correct}. {explanations.get(correct, '')}".rstrip())
        return
    raise WrongAnswer(f"Not {chosen}. {explanations.get(chosen, 'Read the question again.')}")
