"""Argument checks shared by the analysis modules.

Each raises ``ValueError`` whose message starts with the argument's name and
states the allowed range and unit, e.g. ``"dose_gy must be > 0 Gy, got -2"``.
Booleans are never numbers here (``True`` would silently become 1 Gy or one
patient), and NaN or infinities are rejected with the word "finite".
"""
from __future__ import annotations

import math
import numbers

import numpy as np

__all__ = ["shown", "real_number", "positive", "non_negative", "in_range", "open_interval", "whole_number", "fraction_count",
           "printed_decimals"]


def shown(value: object) -> str:
    """How a rejected value appears in a message: ``2``, ``2.5``, ``nan``, ``'2'`` (no ``np.float64(...)`` noise)."""
    if isinstance(value, (bool, np.bool_)):
        return repr(bool(value))
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        return repr(float(value))
    return repr(value)


def _allowed(*parts: str) -> str:
    return " ".join(part for part in parts if part)


def real_number(value, name: str, allowed: str = "") -> float:
    """``value`` as a finite float; rejects bools, strings, arrays, NaN and infinities.

    ``allowed`` is the accepted range in words (``">= 0 Gy"``), so that every
    message tells the reader what would have been accepted.
    """
    if isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{_allowed(name, 'must be a number', allowed)}, got the bool {shown(value)}")
    if not isinstance(value, numbers.Real):
        raise ValueError(f"{_allowed(name, 'must be a single real number', allowed)}, "
                         f"got {shown(value)} of type {type(value).__name__}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{_allowed(name, 'must be a finite number', allowed)}, got {shown(value)}")
    return number


def positive(value, name: str, unit: str = "") -> float:
    """``value`` as a float > 0 (in ``unit``, named in the message)."""
    allowed = _allowed("> 0", unit)
    number = real_number(value, name, allowed)
    if number <= 0:
        raise ValueError(f"{name} must be {allowed}, got {shown(value)}")
    return number


def non_negative(value, name: str, unit: str = "") -> float:
    """``value`` as a float >= 0 (in ``unit``, named in the message)."""
    allowed = _allowed(">= 0", unit)
    number = real_number(value, name, allowed)
    if number < 0:
        raise ValueError(f"{name} must be {allowed}, got {shown(value)}")
    return number


def in_range(value, name: str, low: float, high: float, unit: str = "") -> float:
    """``value`` as a float within ``[low, high]`` (in ``unit``)."""
    allowed = _allowed(f"in [{low:g}, {high:g}]", unit)
    number = real_number(value, name, allowed)
    if not low <= number <= high:
        raise ValueError(f"{name} must be {allowed}, got {shown(value)}")
    return number


def open_interval(value, name: str, low: float, high: float, hint: str = "") -> float:
    """``value`` as a float strictly between ``low`` and ``high``; ``hint`` adds words, e.g. ``"not a percentage"``."""
    allowed = f"a number in ({low:g}, {high:g})" + (f", {hint}" if hint else "")
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real) \
            or not math.isfinite(float(value)) or not low < float(value) < high:
        raise ValueError(f"{name} must be {allowed}; got {shown(value)}")
    return float(value)


def whole_number(value, name: str, minimum: int = 0, *, description: str | None = None, allow_float: bool = True) -> int:
    """``value`` as an ``int`` >= ``minimum``; ``3.0`` is accepted unless ``allow_float`` is False.

    ``description`` replaces the default wording ``"an integer >= minimum"``,
    e.g. ``"a positive whole number of fractions (1, 2, 3, ...)"``.
    """
    allowed = description or f"an integer >= {minimum}"
    if isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name} must be {allowed}, got the bool {shown(value)}")
    acceptable = isinstance(value, numbers.Integral) or (allow_float and isinstance(value, numbers.Real))
    if not acceptable:
        raise ValueError(f"{name} must be {allowed}, got {shown(value)}")
    number = float(value)
    if not math.isfinite(number) or not number.is_integer() or number < minimum:
        raise ValueError(f"{name} must be {allowed}, got {shown(value)}")
    return int(number)


def fraction_count(value, name: str = "n_fractions") -> int:
    """A number of radiotherapy fractions as an ``int`` >= 1; ``3.0`` is fine (it comes out of CSVs so)."""
    return whole_number(value, name, 1, description="a positive whole number of fractions (1, 2, 3, ...)")


def printed_decimals(text) -> int:
    """Decimal places of a number as printed: ``"59.0"`` → 1, ``"94.7"`` → 1, ``"66"`` → 0."""
    text = str(text).strip()
    return len(text.split(".")[1]) if "." in text else 0
