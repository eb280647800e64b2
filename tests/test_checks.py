"""analysis.checks: one set of argument checks, messages that name the argument, its range and the value."""
import math

import numpy as np
import pytest

from analysis import checks


@pytest.mark.parametrize(("value", "text"), [(2, "2"), (2.5, "2.5"), (np.float64(-1), "-1.0"), (np.True_, "True"),
                                             (float("nan"), "nan"), ("2", "'2'"), (None, "None")])
def test_shown_writes_values_plainly(value, text):
    assert checks.shown(value) == text


def test_accepted_values_come_back_as_python_numbers():
    assert checks.real_number(np.float32(1.5), "x") == 1.5
    assert checks.positive(3, "dose_gy", "Gy") == 3.0
    assert checks.non_negative(0, "dose_gy", "Gy") == 0.0
    assert checks.in_range(0.5, "p", 0, 1) == 0.5
    assert checks.open_interval(0.95, "confidence", 0, 1) == 0.95
    assert checks.whole_number(3.0, "n", 1) == 3 and isinstance(checks.whole_number(np.int64(3), "n", 1), int)


@pytest.mark.parametrize(("call", "message"), [
    (lambda: checks.positive(-2, "dose_gy", "Gy"), r"^dose_gy must be > 0 Gy, got -2$"),
    (lambda: checks.positive(0, "hazard_ratio"), r"^hazard_ratio must be > 0, got 0$"),
    (lambda: checks.non_negative(-0.5, "dose_gy", "Gy"), r"^dose_gy must be >= 0 Gy, got -0.5$"),
    (lambda: checks.non_negative(math.nan, "dose_gy", "Gy"), r"^dose_gy must be a finite number >= 0 Gy, got nan$"),
    (lambda: checks.positive(True, "alpha", "1/Gy"), r"^alpha must be a number > 0 1/Gy, got the bool True$"),
    (lambda: checks.real_number("2", "x"), r"^x must be a single real number, got '2' of type str$"),
    (lambda: checks.real_number(np.array([1.0, 2.0]), "x"), r"^x must be a single real number"),
    (lambda: checks.in_range(2, "p", 0, 1), r"^p must be in \[0, 1\], got 2$"),
    (lambda: checks.open_interval(40, "p_control", 0, 1, "not a percentage"), r"^p_control must be a number in \(0, 1\), not a percentage; got 40$"),
    (lambda: checks.open_interval(True, "power", 0, 1), r"^power must be"),
    (lambda: checks.whole_number(2.5, "n_fractions", 1), r"^n_fractions must be an integer >= 1, got 2.5$"),
    (lambda: checks.whole_number(3.0, "n", 1, allow_float=False), r"^n must be an integer >= 1, got 3.0$"),
    (lambda: checks.whole_number(np.True_, "n", 0), r"^n must be an integer >= 0, got the bool True$"),
    (lambda: checks.whole_number(0, "n", 1, description="a positive whole number of fractions"),
     r"^n must be a positive whole number of fractions, got 0$"),
])
def test_messages_name_argument_range_and_value(call, message):
    with pytest.raises(ValueError, match=message):
        call()
