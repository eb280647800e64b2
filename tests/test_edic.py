"""analysis.models.edic: the effective dose to immune cells, its hand-worked values, and its coefficients against the ledger."""
from __future__ import annotations

import doctest

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.ledger import evidence
from analysis.models import edic as edic_module
from analysis.models.edic import EDIC_CLAIMS, edic, edic_body_weight, edic_components

fraction_counts = st.integers(min_value=1, max_value=45)
organ_doses = st.floats(min_value=0.0, max_value=70.0, allow_nan=False)


def test_docstring_examples_hold():
    failures, attempted = doctest.testmod(edic_module, verbose=False)
    assert attempted > 0 and failures == 0


def test_every_coefficient_is_the_ledger_value():
    assert set(EDIC_CLAIMS) == {name for name in edic_module.__all__ if name.startswith("EDIC_") and name != "EDIC_CLAIMS"}
    for name, claim_id in EDIC_CLAIMS.items():
        row = evidence.claim(claim_id)
        assert getattr(edic_module, name) == row.value, f"{name} differs from the ledger row {claim_id}"
        assert row.setting == "dosimetric model" and row.ref == 75
    assert isinstance(edic_module.EDIC_REFERENCE_FRACTIONS, int)


def test_edic_hand_computed_example():
    # MLD 15, MHD 10, MBD 5 Gy, 30 fractions:
    #   lung  0.12 * 15 = 1.8
    #   heart 0.08 * 10 = 0.8
    #   sqrt(30/45) = sqrt(2/3) = 0.816496580927726...
    #   body weight 0.45 + 0.35 * 0.85 * 0.816496580927726 = 0.45 + 0.2975 * 0.816496580927726
    #             = 0.45 + 0.242907732825998... = 0.692907732825998...
    #   body  0.692907732825998 * 5 = 3.464538664129992...
    #   EDIC  1.8 + 0.8 + 3.464538664129992 = 6.064538664129992 Gy
    assert edic(15, 10, 5, 30) == pytest.approx(6.064538664129992, abs=1e-9)
    parts = edic_components(15, 10, 5, 30)
    assert list(parts) == ["lung", "heart", "body"]
    assert parts["lung"] == pytest.approx(1.8, abs=1e-12)
    assert parts["heart"] == pytest.approx(0.8, abs=1e-12)
    assert parts["body"] == pytest.approx(3.464538664129992, abs=1e-9)


def test_edic_constants_are_the_recorded_coefficients():
    assert (
        edic_module.EDIC_LUNG_WEIGHT,
        edic_module.EDIC_HEART_WEIGHT,
        edic_module.EDIC_BODY_BASE_WEIGHT,
        edic_module.EDIC_BODY_CIRCULATING_WEIGHT,
        edic_module.EDIC_BODY_BLOOD_FRACTION,
        edic_module.EDIC_REFERENCE_FRACTIONS,
    ) == (0.12, 0.08, 0.45, 0.35, 0.85, 45)
    assert edic_body_weight(45) == pytest.approx(0.45 + 0.35 * 0.85)


@given(lung=organ_doses, heart=organ_doses, body=organ_doses, n_fractions=fraction_counts)
def test_edic_components_add_up_to_edic(lung, heart, body, n_fractions):
    assert sum(edic_components(lung, heart, body, n_fractions).values()) == edic(lung, heart, body, n_fractions)


@given(
    lung=organ_doses,
    heart=organ_doses,
    body=st.floats(min_value=0.1, max_value=70.0),
    fewer=st.integers(min_value=1, max_value=60),
    extra=st.integers(min_value=1, max_value=30),
)
def test_edic_grows_with_fraction_count_at_fixed_doses(lung, heart, body, fewer, extra):
    assert edic(lung, heart, body, fewer + extra) > edic(lung, heart, body, fewer)


def test_edic_ignores_fraction_count_without_body_dose():
    assert edic(20, 10, 0, 1) == edic(20, 10, 0, 35)


@given(lung=organ_doses, heart=organ_doses, body=organ_doses, n_fractions=fraction_counts,
       scale=st.floats(min_value=0.0, max_value=5.0))
def test_edic_scales_linearly_with_dose(lung, heart, body, n_fractions, scale):
    scaled = edic(lung * scale, heart * scale, body * scale, n_fractions)
    assert scaled == pytest.approx(scale * edic(lung, heart, body, n_fractions), rel=1e-9, abs=1e-12)
