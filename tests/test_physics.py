"""Tests for analysis.models.physics (schematic photon and proton depth–dose curves).

Reference values are worked by hand from the formulas in the module
docstring (Bragg–Kleeman range rule, the photon build-up model) or are
textbook facts about the curves' shapes (a 150 MeV proton range of about
15.6-15.8 cm, a 6 MV-like photon peak near 1.5 cm, no proton dose past the range).
"""
from __future__ import annotations

import doctest
import math
import warnings

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

from analysis.models import physics
from analysis.models.physics import (
    bragg_peak_depth_cm,
    photon_depth_dose,
    photon_dmax_cm,
    proton_depth_dose,
    proton_energy_mev,
    proton_range_cm,
    proton_sigma_cm,
    spread_out_bragg_peak,
)


def test_docstring_examples_hold():
    failures, attempted = doctest.testmod(physics, verbose=False)
    assert attempted > 0
    assert failures == 0


# --------------------------------------------------------------------------
# photons
# --------------------------------------------------------------------------
def test_photon_dmax_formula_by_hand():
    # b ln(1 + 1/(mu b)) with mu = 0.05 /cm, b = 0.37 cm: 0.37 * ln(55.054...) = 1.4831 cm
    assert photon_dmax_cm(0.05, 0.37) == pytest.approx(0.37 * math.log(1 + 1 / (0.05 * 0.37)))
    assert photon_dmax_cm() == pytest.approx(1.4831, abs=1e-3)


def test_photon_curve_shape():
    depths = np.linspace(0, 30, 3001)
    dose = photon_depth_dose(depths)
    assert dose[0] == 0.0                                   # no surface dose in this model
    assert dose.max() == pytest.approx(1.0, abs=1e-6)
    assert depths[np.argmax(dose)] == pytest.approx(photon_dmax_cm(), abs=0.01)
    beyond = depths > photon_dmax_cm() + 0.01
    assert np.all(np.diff(dose[beyond]) < 0)                # falls off monotonically after the peak
    # far beyond the peak the build-up factor is 1: the ratio of two depths is exp(-mu * dz)
    assert photon_depth_dose(20.0) / photon_depth_dose(10.0) == pytest.approx(math.exp(-0.05 * 10), rel=1e-9)


def test_photon_scalar_in_scalar_out_and_array_shape():
    assert isinstance(photon_depth_dose(5), float)
    out = photon_depth_dose([[1.0, 2.0], [3.0, 4.0]])
    assert isinstance(out, np.ndarray) and out.shape == (2, 2)


def test_photon_larger_mu_falls_faster():
    assert photon_depth_dose(15.0, mu_per_cm=0.08) < photon_depth_dose(15.0, mu_per_cm=0.04)


# --------------------------------------------------------------------------
# protons
# --------------------------------------------------------------------------
def test_bragg_kleeman_range_by_hand():
    # 0.0022 * 150**1.77 = 15.64 cm (tabulated CSDA range in water: about 15.8 cm)
    assert proton_range_cm(150) == pytest.approx(0.0022 * 150**1.77)
    assert 15.0 < proton_range_cm(150) < 16.5
    assert proton_range_cm(70) < proton_range_cm(100) < proton_range_cm(200)


def test_energy_and_range_are_inverse():
    for r0 in (1.0, 7.5, 15.0, 30.0):
        assert proton_range_cm(proton_energy_mev(r0)) == pytest.approx(r0, rel=1e-12)


def test_sigma_by_hand_and_energy_spread():
    energy = 150.0
    r0 = proton_range_cm(energy)
    straggling = 0.012 * r0**0.935
    assert proton_sigma_cm(energy, energy_spread_mev=0.0) == pytest.approx(straggling)
    assert proton_sigma_cm(energy) > straggling             # the default 1% spread widens the peak


@pytest.mark.parametrize("energy", [70.0, 150.0, 230.0])
def test_proton_curve_shape(energy):
    r0 = proton_range_cm(energy)
    depths = np.linspace(0, r0 + 3, 4001)
    with warnings.catch_warnings():
        warnings.simplefilter("error")                      # no overflow / invalid-value warnings
        dose = proton_depth_dose(depths, energy)
    assert np.all(np.isfinite(dose)) and np.all(dose >= 0)
    assert dose.max() == pytest.approx(1.0, abs=1e-3)
    peak = bragg_peak_depth_cm(energy)
    assert r0 - 1.5 < peak < r0                             # peak just short of the range
    assert 0.15 < dose[0] < 0.6                             # low entrance plateau
    assert np.all(dose[depths > r0 + 6 * proton_sigma_cm(energy)] == 0)   # nothing past the range
    assert proton_depth_dose(peak, energy) == pytest.approx(1.0, abs=1e-9)


def test_proton_two_formulas_meet_smoothly():
    # Bortfeld's eq. (28) upstream and eq. (29) near the peak agree at R0 - 10 sigma.
    energy = 150.0
    r0, sigma = proton_range_cm(energy), proton_sigma_cm(energy)
    switch = r0 - 10 * sigma
    left, right = proton_depth_dose([switch - 1e-6, switch + 1e-6], energy)
    assert right == pytest.approx(left, rel=0.01)


def test_proton_tail_fraction_raises_plateau():
    assert proton_depth_dose(2.0, 150.0, epsilon=0.2) > proton_depth_dose(2.0, 150.0, epsilon=0.0)


def test_proton_beats_photon_beyond_target():
    # The point of the figure: past the Bragg peak the proton dose is ~0, the photon dose is not.
    r0 = proton_range_cm(150.0)
    assert proton_depth_dose(r0 + 3, 150.0) < 1e-6
    assert photon_depth_dose(r0 + 3) > 0.3


def test_sobp_is_flat_over_target_and_zero_beyond():
    depths = np.linspace(0, 20, 801)
    dose, weights, energies = spread_out_bragg_peak(depths, 10.0, 14.0, n_peaks=12)
    inside = (depths >= 10.3) & (depths <= 13.7)
    assert np.all(np.abs(dose[inside] - 1) < 0.05)
    assert np.all(dose[depths > 15.5] < 1e-3)
    assert dose[0] < 0.9                                    # entrance lower than the target dose
    assert len(weights) == len(energies) == 12 and np.all(weights >= 0)
    assert np.all(np.diff(energies) > 0)
    assert weights[-1] == weights.max()                     # the deepest peak carries most weight


# --------------------------------------------------------------------------
# bad arguments
# --------------------------------------------------------------------------
@pytest.mark.parametrize("bad", [-1.0, float("nan"), float("inf"), True, "5", [], [1.0, -0.1]])
def test_bad_depths_name_the_argument(bad):
    with pytest.raises(ValueError, match="depth_cm"):
        photon_depth_dose(bad)
    with pytest.raises(ValueError, match="depth_cm"):
        proton_depth_dose(bad)


@pytest.mark.parametrize("name, kwargs", [
    ("mu_per_cm", {"mu_per_cm": 0}),
    ("mu_per_cm", {"mu_per_cm": -0.1}),
    ("buildup_cm", {"buildup_cm": float("nan")}),
    ("buildup_cm", {"buildup_cm": False}),
])
def test_bad_photon_parameters(name, kwargs):
    with pytest.raises(ValueError, match=name):
        photon_depth_dose(1.0, **kwargs)


@pytest.mark.parametrize("name, kwargs", [
    ("energy_mev", {"energy_mev": 0}),
    ("energy_mev", {"energy_mev": -150}),
    ("energy_mev", {"energy_mev": "150"}),
    ("epsilon", {"epsilon": -0.1}),
    ("epsilon", {"epsilon": 1.5}),
    ("energy_spread_mev", {"energy_spread_mev": -1.0}),
])
def test_bad_proton_parameters(name, kwargs):
    with pytest.raises(ValueError, match=name):
        proton_depth_dose(1.0, **kwargs)


def test_bad_range_and_energy():
    with pytest.raises(ValueError, match="range_cm"):
        proton_energy_mev(0)
    with pytest.raises(ValueError, match="energy_mev"):
        proton_range_cm(float("inf"))


@pytest.mark.parametrize("name, args, kwargs", [
    ("distal_cm", (10.0, 8.0), {}),
    ("distal_cm", (10.0, 40.0), {}),
    ("proximal_cm", (0.0, 8.0), {}),
    ("n_peaks", (10.0, 14.0), {"n_peaks": 1}),
    ("n_peaks", (10.0, 14.0), {"n_peaks": 3.0}),
])
def test_bad_sobp_arguments(name, args, kwargs):
    with pytest.raises(ValueError, match=name):
        spread_out_bragg_peak(np.linspace(0, 20, 11), *args, **kwargs)


def test_photon_to_proton_outside_scales_both_beams_to_the_target():
    depth = np.linspace(0, 25, 1001)
    result = physics.photon_to_proton_outside(depth, 10.0, 14.0)
    photon = physics.photon_depth_dose(depth)
    sobp = physics.spread_out_bragg_peak(depth, 10.0, 14.0)[0]
    inside, behind = (depth >= 10.0) & (depth <= 14.0), depth > 14.0
    photon, sobp = photon / photon[inside].mean(), sobp / sobp[inside].mean()
    assert result.outside == pytest.approx(photon[~inside].sum() / sobp[~inside].sum())
    assert result.photon_behind == pytest.approx(photon[behind].mean())
    # Protons stop in the target, photons do not: far more photon dose outside it, and most of it in front.
    assert result.outside > result.in_front > 1
    deeper = physics.photon_to_proton_outside(depth, 16.0, 20.0)
    assert deeper.in_front > result.in_front   # more tissue in front of a deeper target for the photons to dose
