"""Argument checks shared by the analysis modules.

Each raises ``ValueError`` whose message starts with the argument's name and
states the allowed range and unit, e.g. ``"dose_gy must be > 0 Gy, got -2"``.
"""
from __future__ import annotations

import math
import numbers

import numpy as np

__all__ = ["real_number", "positive", "non_negative", "in_range"]


def real_number(value, name: str, allowed: str = "") -> float:
    """``value`` as a finite float; rejects bools, strings, NaN and infinities."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a single real number {allowed}".rstrip() + f", got {value!r}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be a finite number {allowed}".rstrip() + f", got {value!r}")
    return number


def positive(value, name: str, unit: str = "") -> float:
    """``value`` as a float > 0 (in ``unit``, named in the message)."""
    number = real_number(value, name, f"> 0 {unit}".strip())
    if number <= 0:
        raise ValueError(f"{name} must be > 0 {unit}".rstrip() + f", got {value!r}")
    return number


def non_negative(value, name: str, unit: str = "") -> float:
    """``value`` as a float >= 0 (in ``unit``, named in the message)."""
    number = real_number(value, name, f">= 0 {unit}".strip())
    if number < 0:
        raise ValueError(f"{name} must be >= 0 {unit}".rstrip() + f", got {value!r}")
    return number


def in_range(value, name: str, low: float, high: float, unit: str = "") -> float:
    """``value`` as a float within ``[low, high]`` (in ``unit``)."""
    allowed = f"in [{low:g}, {high:g}] {unit}".rstrip()
    number = real_number(value, name, allowed)
    if not low <= number <= high:
        raise ValueError(f"{name} must be {allowed}, got {value!r}")
    return number
