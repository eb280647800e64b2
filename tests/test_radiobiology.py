"""Tests for analysis.models.radiobiology and analysis.models.dose_bands.

Worked values come from textbook BED/EQD2 arithmetic and are written out by
hand so that a wrong formula cannot agree with itself.
"""
from __future__ import annotations

import doctest
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.models import radiobiology
from analysis.models.dose_bands import BandResult, DoseBand, band_gaps, classify_dose_per_fraction, regimen_row
from analysis.models.edic import edic, edic_body_weight, edic_components
from analysis.models.radiobiology import (
    Regimen,
    bed,
    eqd2,
    schedule,
    surviving_fraction,
    total_dose,
)

doses_per_fraction = st.floats(min_value=0.0, max_value=30.0, allow_nan=False)
positive_doses = st.floats(min_value=0.01, max_value=30.0, allow_nan=False)
fraction_counts = st.integers(min_value=1, max_value=45)
alpha_beta_ratios = st.floats(min_value=0.5, max_value=20.0, allow_nan=False)


def test_docstring_examples_hold():
    from analysis.models import dose_bands

    failures, attempted = doctest.testmod(dose_bands, verbose=False)
    assert attempted > 0 and failures == 0
    failures, attempted = doctest.testmod(radiobiology, verbose=False)
    assert attempted > 0
    assert failures == 0


# ---------------------------------------------------------------- BED / EQD2


@pytest.mark.parametrize(
    ("dose_per_fraction", "n_fractions", "alpha_beta", "expected_bed", "expected_eqd2"),
    [
        # 50 Gy / 5: BED = 50 * (1 + 10/10) = 100; EQD2 = 100 / 1.2 = 83.33...
        (10.0, 5, 10.0, 100.0, 100.0 / 1.2),
        # 60 Gy / 30 at 10 Gy: BED = 60 * 1.2 = 72; EQD2 = 72 / 1.2 = 60
        (2.0, 30, 10.0, 72.0, 60.0),
        # 60 Gy / 30 at 3 Gy: BED = 60 * (1 + 2/3) = 100; EQD2 = 100 / (5/3) = 60
        (2.0, 30, 3.0, 100.0, 60.0),
        # 8 Gy x 1 at 3 Gy: BED = 8 * (1 + 8/3) = 29.33...; EQD2 = 29.33 / (5/3) = 17.6
        (8.0, 1, 3.0, 88.0 / 3.0, 17.6),
    ],
)
def test_worked_bed_and_eqd2_values(dose_per_fraction, n_fractions, alpha_beta, expected_bed, expected_eqd2):
    assert bed(dose_per_fraction, n_fractions, alpha_beta) == pytest.approx(expected_bed, rel=1e-12)
    assert eqd2(dose_per_fraction, n_fractions, alpha_beta) == pytest.approx(expected_eqd2, rel=1e-12)


def test_worked_eqd2_rounds_as_quoted():
    assert round(eqd2(10, 5, 10), 2) == 83.33
    assert round(bed(8, 1, 3), 2) == 29.33


@given(n_fractions=fraction_counts, alpha_beta=alpha_beta_ratios)
def test_eqd2_of_2_gy_fractions_is_the_physical_dose(n_fractions, alpha_beta):
    assert eqd2(2.0, n_fractions, alpha_beta) == pytest.approx(2.0 * n_fractions, rel=1e-12)


@given(dose=doses_per_fraction, n_fractions=fraction_counts, alpha_beta=alpha_beta_ratios)
def test_bed_is_never_below_the_physical_dose(dose, n_fractions, alpha_beta):
    assert bed(dose, n_fractions, alpha_beta) >= total_dose(dose, n_fractions)


@given(dose=positive_doses, n_fractions=fraction_counts, alpha_beta=alpha_beta_ratios)
def test_eqd2_is_above_physical_dose_exactly_when_fractions_exceed_2_gy(dose, n_fractions, alpha_beta):
    physical = total_dose(dose, n_fractions)
    equivalent = eqd2(dose, n_fractions, alpha_beta)
    if dose > 2.0 + 1e-9:
        assert equivalent > physical
    elif dose < 2.0 - 1e-9:
        assert equivalent < physical


@given(dose=st.floats(min_value=0.0, max_value=10.0), n_fractions=st.integers(min_value=1, max_value=10))
def test_bed_matches_log_cell_kill_of_the_lq_model(dose, n_fractions):
    # -ln S = alpha * BED when BED uses the same alpha/beta as S. Ranges stay
    # where S is a normal float: subnormal results lose the digits compared here.
    alpha, beta = 0.35, 0.05
    survival = surviving_fraction(dose, n_fractions, alpha=alpha, beta=beta)
    assert -math.log(survival) == pytest.approx(alpha * bed(dose, n_fractions, alpha / beta), rel=1e-9, abs=1e-12)


def test_zero_dose_has_zero_bed_and_eqd2():
    assert bed(0, 10, 3) == 0.0
    assert eqd2(0, 10, 3) == 0.0


def test_integral_float_and_numpy_fraction_counts_are_accepted():
    expected = bed(2.0, 30, 10.0)
    assert bed(2.0, 30.0, 10.0) == expected
    assert bed(np.float64(2.0), np.int64(30), np.float32(10.0)) == expected
    assert isinstance(bed(np.float64(2.0), np.int64(30), 10.0), float)


# ---------------------------------------------------------------- survival


@given(
    dose=st.floats(min_value=0.0, max_value=20.0, allow_nan=False),
    n_fractions=st.integers(min_value=1, max_value=10),
    alpha=st.floats(min_value=0.01, max_value=1.0),
    beta=st.floats(min_value=0.0, max_value=0.1),
)
def test_surviving_fraction_lies_in_zero_one(dose, n_fractions, alpha, beta):
    survival = surviving_fraction(dose, n_fractions, alpha=alpha, beta=beta)
    assert 0.0 < survival <= 1.0


@given(
    lower_dose=st.floats(min_value=0.0, max_value=15.0, allow_nan=False),
    step=st.floats(min_value=0.01, max_value=5.0),
    n_fractions=st.integers(min_value=1, max_value=5),
)
def test_surviving_fraction_decreases_with_dose(lower_dose, step, n_fractions):
    assert surviving_fraction(lower_dose + step, n_fractions) < surviving_fraction(lower_dose, n_fractions)


def test_surviving_fraction_worked_value_and_fraction_multiplication():
    # 2 Gy, alpha 0.3, beta 0.03: exp(-(0.6 + 0.12)) = exp(-0.72)
    assert surviving_fraction(2.0) == pytest.approx(math.exp(-0.72), rel=1e-12)
    assert surviving_fraction(2.0, 30) == pytest.approx(math.exp(-0.72) ** 30, rel=1e-9)
    assert surviving_fraction(0.0, 30) == 1.0


def test_pure_linear_survival_when_beta_is_zero():
    assert surviving_fraction(4.0, 1, alpha=0.5, beta=0.0) == pytest.approx(math.exp(-2.0), rel=1e-12)


# ---------------------------------------------------------------- regimens


def test_schedule_splits_total_dose_and_labels_it():
    regimen = schedule(60, 30)
    assert regimen == Regimen(60.0, 30, 2.0, "60 Gy in 30 fractions of 2 Gy")
    assert regimen.bed(10) == pytest.approx(72.0)
    assert regimen.eqd2(3) == pytest.approx(60.0)


def test_schedule_labels_single_fraction_and_uneven_split():
    assert schedule(8, 1).label == "8 Gy in 1 fraction"
    assert schedule(50, 3).label == "50 Gy in 3 fractions of 16.67 Gy"
    assert schedule(8, 1, label="SBRT boost").label == "SBRT boost"


def test_regimen_is_frozen():
    regimen = schedule(50, 5)
    with pytest.raises(AttributeError):
        regimen.n_fractions = 4  # type: ignore[misc]


def test_regimen_rejects_inconsistent_numbers():
    with pytest.raises(ValueError, match="total_dose_gy must equal"):
        Regimen(total_dose_gy=60.0, n_fractions=30, dose_per_fraction_gy=3.0, label="wrong")


def test_total_dose():
    assert total_dose(2, 30) == 60.0
    assert total_dose(0.5, 4.0) == 2.0


# ---------------------------------------------------------------- dose bands


@pytest.fixture
def review_bands():
    # Section 5 of the review: low-dose 0.1-1 Gy, standard 1.8-2.2 Gy, high-dose 8 Gy and above.
    return [
        DoseBand("low-dose", 0.1, 1.0, upper_inclusive=True),
        DoseBand("standard", 1.8, 2.2, upper_inclusive=True),
        DoseBand("high-dose", 8.0, None),
    ]


@pytest.mark.parametrize(
    ("dose", "expected_name"),
    [(0.1, "low-dose"), (0.5, "low-dose"), (1.0, "low-dose"), (1.8, "standard"),
     (2.2, "standard"), (8.0, "high-dose"), (24.0, "high-dose")],
)
def test_dose_in_a_band_gets_its_name(review_bands, dose, expected_name):
    result = classify_dose_per_fraction(dose, review_bands)
    assert result.name == expected_name
    assert not result.in_gap
    assert expected_name in result.description
    assert (result.band_below, result.band_above) == (None, None)


@pytest.mark.parametrize(
    ("dose", "below", "above"),
    [(1.5, "low-dose", "standard"), (1.0001, "low-dose", "standard"), (5.0, "standard", "high-dose"),
     (7.99, "standard", "high-dose"), (0.0, None, "low-dose"), (0.05, None, "low-dose")],
)
def test_dose_between_bands_is_reported_as_a_gap(review_bands, dose, below, above):
    result = classify_dose_per_fraction(dose, review_bands)
    assert result == BandResult(None, True, result.description, below, above)
    for neighbour in (below, above):
        if neighbour is not None:
            assert neighbour in result.description
    assert "no band" in result.description


def test_gap_above_the_highest_band():
    result = classify_dose_per_fraction(3.0, [DoseBand("conventional", 1.8, 2.2, upper_inclusive=True)])
    assert result.in_gap and result.band_below == "conventional" and result.band_above is None
    assert "above the highest band" in result.description


def test_shared_boundary_goes_to_the_band_that_includes_it():
    bands = [DoseBand("low", 0.0, 2.0), DoseBand("middle", 2.0, 5.0)]
    assert classify_dose_per_fraction(2.0, bands).name == "middle"
    assert classify_dose_per_fraction(1.999, bands).name == "low"


def test_boundary_excluded_by_both_bands_is_a_gap():
    bands = [DoseBand("low", 0.0, 2.0), DoseBand("middle", 2.0, 5.0, lower_inclusive=False)]
    result = classify_dose_per_fraction(2.0, bands)
    assert result.in_gap
    assert (result.band_below, result.band_above) == ("low", "middle")


def test_unbounded_bands_and_their_wording():
    bands = [DoseBand("high-dose", 5.0, None), DoseBand("low-dose", None, 2.0)]
    result = classify_dose_per_fraction(3.0, bands)
    assert result.description == (
        "3 Gy/fraction lies in no band: it falls between low-dose (d < 2 Gy) and high-dose (d ≥ 5 Gy)"
    )
    assert classify_dose_per_fraction(0.0, bands).name == "low-dose"
    assert classify_dose_per_fraction(100.0, bands).name == "high-dose"


@given(dose=st.floats(min_value=0.0, max_value=40.0, allow_nan=False))
def test_a_dose_is_never_forced_into_a_band(dose):
    bands = [
        DoseBand("low-dose", 0.1, 1.0, upper_inclusive=True),
        DoseBand("standard", 1.8, 2.2, upper_inclusive=True),
        DoseBand("high-dose", 8.0, None),
    ]
    result = classify_dose_per_fraction(dose, bands)
    containing = [band.name for band in bands if band.contains(dose)]
    assert result.in_gap == (result.name is None)
    assert containing == ([] if result.in_gap else [result.name])


@pytest.mark.parametrize(
    "bands",
    [
        [DoseBand("a", 0.0, 2.0, upper_inclusive=True), DoseBand("b", 2.0, 5.0)],  # touch at an included 2 Gy
        [DoseBand("a", 0.0, 3.0), DoseBand("b", 2.0, 5.0)],
        [DoseBand("a", 1.0, 2.0), DoseBand("b", 0.0, None)],
        [DoseBand("a", None, 4.0), DoseBand("b", None, 1.0)],
        [DoseBand("a", 2.0, 2.0, upper_inclusive=True), DoseBand("b", 1.0, 3.0)],
    ],
)
def test_overlapping_bands_are_rejected(bands):
    with pytest.raises(ValueError, match="bands must not overlap"):
        classify_dose_per_fraction(1.0, bands)


@pytest.mark.parametrize(
    ("bands", "message"),
    [
        ([], "bands must contain at least one"),
        ([DoseBand("a", 0.0, 1.0), DoseBand("a", 2.0, 3.0)], "bands must have distinct names"),
        ([DoseBand("a", 0.0, 1.0), (1.0, 2.0)], "bands must contain only DoseBand"),
        (DoseBand("a", 0.0, 1.0), "bands must be a sequence"),
        ("low-dose", "bands must be a sequence"),
    ],
)
def test_malformed_band_lists_are_rejected(bands, message):
    with pytest.raises(ValueError, match=message):
        classify_dose_per_fraction(1.0, bands)


@pytest.mark.parametrize(
    ("arguments", "argument_name"),
    [
        (("a", 3.0, 2.0), "lower_gy"),
        (("a", -1.0, 2.0), "lower_gy"),
        (("a", 0.0, float("nan")), "upper_gy"),
        (("a", 0.0, True), "upper_gy"),
        (("", 0.0, 1.0), "name"),
        (("a", 2.0, 2.0), "lower_gy == upper_gy"),
    ],
)
def test_invalid_dose_band_is_rejected(arguments, argument_name):
    with pytest.raises(ValueError, match=argument_name):
        DoseBand(*arguments)


def test_single_dose_band_is_allowed():
    band = DoseBand("exactly 8 Gy", 8.0, 8.0, upper_inclusive=True)
    assert classify_dose_per_fraction(8.0, [band]).name == "exactly 8 Gy"


# ---------------------------------------------------------------- bad inputs


NAN, INF = float("nan"), float("inf")

# (function, positional arguments, name of the offending argument)
BAD_CALLS = [
    (surviving_fraction, (-2.0,), "dose_per_fraction_gy"),
    (surviving_fraction, (2.0, 0), "n_fractions"),
    (surviving_fraction, (2.0, -3), "n_fractions"),
    (surviving_fraction, (2.0, 2.5), "n_fractions"),
    (surviving_fraction, (2.0, True), "n_fractions"),
    (surviving_fraction, (2.0, 1, 0.0), "alpha"),
    (surviving_fraction, (2.0, 1, -0.3), "alpha"),
    (surviving_fraction, (2.0, 1, 0.3, -0.01), "beta"),
    (surviving_fraction, (NAN,), "dose_per_fraction_gy"),
    (surviving_fraction, (True,), "dose_per_fraction_gy"),
    (bed, (-2.0, 30, 10.0), "dose_per_fraction_gy"),
    (bed, (NAN, 30, 10.0), "dose_per_fraction_gy"),
    (bed, (INF, 30, 10.0), "dose_per_fraction_gy"),
    (bed, (False, 30, 10.0), "dose_per_fraction_gy"),
    (bed, ("2", 30, 10.0), "dose_per_fraction_gy"),
    (bed, (None, 30, 10.0), "dose_per_fraction_gy"),
    (bed, (np.array([2.0, 3.0]), 30, 10.0), "dose_per_fraction_gy"),
    (bed, (2.0, 0, 10.0), "n_fractions"),
    (bed, (2.0, -5, 10.0), "n_fractions"),
    (bed, (2.0, 2.5, 10.0), "n_fractions"),
    (bed, (2.0, NAN, 10.0), "n_fractions"),
    (bed, (2.0, np.True_, 10.0), "n_fractions"),
    (bed, (2.0, 30, 0.0), "alpha_beta_gy"),
    (bed, (2.0, 30, -3.0), "alpha_beta_gy"),
    (bed, (2.0, 30, NAN), "alpha_beta_gy"),
    (bed, (2.0, 30, True), "alpha_beta_gy"),
    (eqd2, (-1.0, 30, 10.0), "dose_per_fraction_gy"),
    (eqd2, (2.0, 0, 10.0), "n_fractions"),
    (eqd2, (2.0, 30, 0.0), "alpha_beta_gy"),
    (eqd2, (2.0, 30, -10.0), "alpha_beta_gy"),
    (total_dose, (-2.0, 30), "dose_per_fraction_gy"),
    (total_dose, (2.0, 1.5), "n_fractions"),
    (schedule, (-60.0, 30), "total_dose_gy"),
    (schedule, (60.0, 0), "n_fractions"),
    (schedule, (60.0, 7.5), "n_fractions"),
    (schedule, (INF, 30), "total_dose_gy"),
    (classify_dose_per_fraction, (-0.5, [DoseBand("a", 0.0, 1.0)]), "dose_per_fraction_gy"),
    (classify_dose_per_fraction, (NAN, [DoseBand("a", 0.0, 1.0)]), "dose_per_fraction_gy"),
    (edic, (-1.0, 10.0, 5.0, 30), "mean_lung_dose_gy"),
    (edic, (15.0, -1.0, 5.0, 30), "mean_heart_dose_gy"),
    (edic, (15.0, 10.0, -5.0, 30), "mean_body_dose_gy"),
    (edic, (15.0, 10.0, NAN, 30), "mean_body_dose_gy"),
    (edic, (15.0, True, 5.0, 30), "mean_heart_dose_gy"),
    (edic, (15.0, 10.0, 5.0, 0), "n_fractions"),
    (edic, (15.0, 10.0, 5.0, 2.5), "n_fractions"),
    (edic_components, (15.0, 10.0, 5.0, -30), "n_fractions"),
    (edic_body_weight, (False,), "n_fractions"),
]


@pytest.mark.parametrize(
    ("function", "arguments", "argument_name"),
    BAD_CALLS,
    ids=[f"{function.__name__}-{name}-{index}" for index, (function, _, name) in enumerate(BAD_CALLS)],
)
def test_bad_input_raises_value_error_naming_the_argument(function, arguments, argument_name):
    with pytest.raises(ValueError, match=rf"^{argument_name} must be"):
        function(*arguments)


def test_error_message_states_range_and_offending_value():
    with pytest.raises(ValueError, match=r"^dose_per_fraction_gy must be >= 0 Gy, got -2$"):
        bed(-2, 30, 10)
    with pytest.raises(ValueError, match=r"^alpha_beta_gy must be > 0 Gy, got 0.0$"):
        eqd2(2, 30, 0.0)
    with pytest.raises(ValueError, match=r"positive whole number of fractions.*got 2\.5$"):
        bed(2, 2.5, 10)
    with pytest.raises(ValueError, match=r"finite number >= 0 Gy, got nan$"):
        edic(float("nan"), 0, 0, 1)
    with pytest.raises(ValueError, match=r"got the bool True$"):
        surviving_fraction(True)


def test_bands_from_ledger_claims_gaps_and_table_rows():
    from analysis.ledger import evidence

    bands = [DoseBand.from_claim(name, evidence.claim(claim_id)) for name, claim_id in
             (("low-dose", "dose_band_low_gy"), ("standard", "dose_band_standard_gy"), ("high-dose", "dose_band_high_gy"))]
    assert str(bands[0]) == "low-dose (0.1 ≤ d ≤ 1 Gy)" and str(bands[2]) == "high-dose (d ≥ 8 Gy)"
    assert [(below.name, above.name) for below, above in band_gaps(bands)] == [("low-dose", "standard"), ("standard", "high-dose")]
    with pytest.raises(ValueError, match="qualifier"):
        DoseBand.from_claim("x", evidence.claim("sequencing_after_rt_os6"))
    row = regimen_row("lung", "textbook", schedule(60, 30), bands, (10.0, 3.0), "note")
    assert row["Review band"] == "standard" and row["BED α/β=10 (Gy)"] == pytest.approx(72.0)
    assert regimen_row("sbrt", "t", schedule(54, 3), bands, (10.0, 3.0))["Review band"] == "high-dose"
    assert regimen_row("hypo", "t", schedule(40, 15), bands, (10.0, 3.0))["Review band"] == "gap"
