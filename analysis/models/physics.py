"""Schematic depth–dose curves for photons and protons in water, for teaching.

**Schematic, not for treatment planning.** These are one-dimensional,
central-axis, broad-beam curves in water from textbook analytic models. They
ignore the inverse-square law, scatter from the beam's edges, the beam's
lateral profile, tissue inhomogeneity and every machine-specific detail. They
show *shapes* -- where the dose goes along the beam -- not doses a patient
would receive.

Models
------
Photons (megavoltage X-rays), a two-parameter build-up/attenuation model::

    D(z) ∝ (1 - exp(-z / b)) * exp(-mu * z)

``z`` is the depth (cm), ``b`` the build-up length (cm) over which secondary
electrons set up equilibrium, ``mu`` an effective attenuation coefficient
(1/cm). The dose is 0 at the surface, peaks at
``z_max = b * ln(1 + 1/(mu*b))`` and then falls off exponentially. The
defaults (``mu = 0.05 /cm``, ``b = 0.37 cm``) put the peak near 1.5 cm, the
familiar shape of a 6 MV beam; a real beam's surface dose is not zero.

Protons, the analytic Bragg curve of Bortfeld (1997), *Med Phys* 24:2024–33
(doi:10.1118/1.598116), for water:

* range–energy rule (Bragg–Kleeman): ``R0 = alpha * E0**p`` with
  ``alpha = 0.0022 cm/MeV**p`` and ``p = 1.77`` (``R0`` in cm, ``E0`` in MeV);
* range straggling and energy spread widen the peak:
  ``sigma**2 = (0.012 * R0**0.935)**2 + (sigma_E * alpha * p * E0**(p-1))**2``
  (cm), with ``sigma_E`` the beam's energy spread in MeV;
* near the peak (``z > R0 - 10*sigma``) the dose is Bortfeld's eq. (29),
  built from parabolic cylinder functions ``D_v`` (``scipy.special.pbdv``)::

      D ∝ exp(-zeta**2/4) * sigma**0.565 / (1 + 0.012*R0)
          * [11.26/sigma * D_{-0.565}(-zeta) + (0.157 + 11.26*eps/R0) * D_{-1.565}(-zeta)]

  with ``zeta = (R0 - z)/sigma``;
* further upstream, his asymptotic form, eq. (28)::

      D ∝ [17.93 * (R0 - z)**-0.435 + (0.444 + 31.7*eps/R0) * (R0 - z)**0.565] / (1 + 0.012*R0)

``eps`` is the fraction of the primary fluence in a low-energy "tail" (0 to
about 0.2). The two forms meet smoothly at ``R0 - 10*sigma``.

Every curve is *relative*: divided by its own maximum, so the peak is 1.
Inputs are checked; a bad argument raises :class:`ValueError` naming it.
"""
from __future__ import annotations

import math
import numbers
from typing import NamedTuple
from functools import lru_cache

import numpy as np
from scipy.optimize import minimize_scalar, nnls
from scipy.special import pbdv

from ..checks import in_range, positive, real_number

__all__ = [
    "PHOTON_MU_PER_CM",
    "PHOTON_BUILDUP_CM",
    "BRAGG_KLEEMAN_ALPHA",
    "BRAGG_KLEEMAN_P",
    "photon_depth_dose",
    "photon_dmax_cm",
    "proton_range_cm",
    "proton_energy_mev",
    "proton_sigma_cm",
    "proton_depth_dose",
    "bragg_peak_depth_cm",
    "spread_out_bragg_peak",
    "OutsideDose",
    "photon_to_proton_outside",
]

#: Default effective attenuation coefficient of the schematic photon beam (1/cm).
PHOTON_MU_PER_CM = 0.05
#: Default build-up length of the schematic photon beam (cm); peak near 1.5 cm.
PHOTON_BUILDUP_CM = 0.37
#: Bragg–Kleeman factor for protons in water (cm / MeV**p), Bortfeld 1997.
BRAGG_KLEEMAN_ALPHA = 0.0022
#: Bragg–Kleeman exponent for protons in water (dimensionless), Bortfeld 1997.
BRAGG_KLEEMAN_P = 1.77

# Bortfeld's eqs. (28)/(29) for water; the constants already contain p = 1.77.
_SWITCH_SIGMAS = 10.0   # eq. (28) upstream of R0 - 10 sigma, eq. (29) downstream


# --------------------------------------------------------------------------
# Input checks
# --------------------------------------------------------------------------
def _depths(depth_cm, name: str = "depth_cm") -> tuple[np.ndarray, bool]:
    """Depths as a float array (cm, >= 0) and whether the input was a single number."""
    if isinstance(depth_cm, (bool, np.bool_, str, bytes)):
        raise ValueError(f"{name} must be a depth in cm (>= 0) or an array of depths, got {depth_cm!r}")
    scalar = isinstance(depth_cm, numbers.Real)
    try:
        array = np.asarray(depth_cm, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a depth in cm (>= 0) or an array of depths, got {depth_cm!r}") from None
    if array.dtype == bool or array.size == 0:
        raise ValueError(f"{name} must hold at least one depth in cm, got {depth_cm!r}")
    if not np.all(np.isfinite(array)) or np.any(array < 0):
        raise ValueError(f"{name} must be finite depths >= 0 cm, got {depth_cm!r}")
    return array, scalar


def _out(values: np.ndarray, scalar: bool):
    return float(values.reshape(-1)[0]) if scalar else values


# --------------------------------------------------------------------------
# Photons
# --------------------------------------------------------------------------
def photon_dmax_cm(mu_per_cm: float = PHOTON_MU_PER_CM, buildup_cm: float = PHOTON_BUILDUP_CM) -> float:
    """Depth of maximum dose (cm) of the schematic photon curve: ``b * ln(1 + 1/(mu*b))``.

    ``mu_per_cm`` (1/cm) and ``buildup_cm`` (cm) must be > 0.

    >>> round(photon_dmax_cm(), 2)
    1.48
    """
    mu = positive(mu_per_cm, "mu_per_cm", "1/cm")
    b = positive(buildup_cm, "buildup_cm", "cm")
    return b * math.log(1.0 + 1.0 / (mu * b))


def photon_depth_dose(depth_cm, mu_per_cm: float = PHOTON_MU_PER_CM, buildup_cm: float = PHOTON_BUILDUP_CM):
    """Relative dose of a schematic megavoltage photon beam at ``depth_cm`` (peak = 1).

    ``D(z) = (1 - exp(-z/b)) * exp(-mu*z)``, divided by its value at
    :func:`photon_dmax_cm`. Schematic, not for planning (see the module notes).

    Parameters
    ----------
    depth_cm
        Depth in water in cm (>= 0): one number or an array.
    mu_per_cm
        Effective attenuation coefficient in 1/cm (> 0; default 0.05 /cm).
    buildup_cm
        Build-up length in cm (> 0; default 0.37 cm).

    Returns
    -------
    float or numpy.ndarray
        Relative dose in [0, 1] (dimensionless), same shape as ``depth_cm``.

    Raises
    ------
    ValueError
        On a negative, NaN or infinite depth or a non-positive parameter.

    >>> photon_depth_dose(0.0)
    0.0
    >>> round(photon_depth_dose(photon_dmax_cm()), 6)
    1.0
    """
    z, scalar = _depths(depth_cm)
    mu = positive(mu_per_cm, "mu_per_cm", "1/cm")
    b = positive(buildup_cm, "buildup_cm", "cm")
    z_max = photon_dmax_cm(mu, b)
    peak = (1.0 - math.exp(-z_max / b)) * math.exp(-mu * z_max)
    dose = (1.0 - np.exp(-z / b)) * np.exp(-mu * z) / peak
    return _out(dose, scalar)


# --------------------------------------------------------------------------
# Protons
# --------------------------------------------------------------------------
def proton_range_cm(energy_mev: float) -> float:
    """Range ``R0`` (cm) of protons of energy ``energy_mev`` (MeV, > 0) in water: ``0.0022 * E**1.77``.

    >>> round(proton_range_cm(150), 1)
    15.6
    """
    energy = positive(energy_mev, "energy_mev", "MeV")
    return BRAGG_KLEEMAN_ALPHA * energy**BRAGG_KLEEMAN_P


def proton_energy_mev(range_cm: float) -> float:
    """Proton energy (MeV) whose range in water is ``range_cm`` (cm, > 0); inverse of :func:`proton_range_cm`.

    >>> round(proton_range_cm(proton_energy_mev(10.0)), 9)
    10.0
    """
    r0 = positive(range_cm, "range_cm", "cm")
    return (r0 / BRAGG_KLEEMAN_ALPHA) ** (1.0 / BRAGG_KLEEMAN_P)


def proton_sigma_cm(energy_mev: float, energy_spread_mev: float | None = None) -> float:
    """Width ``sigma`` (cm) of the Bragg peak: range straggling plus the beam's energy spread.

    ``sigma**2 = (0.012*R0**0.935)**2 + (sigma_E * alpha * p * E0**(p-1))**2``.
    ``energy_spread_mev`` (MeV, >= 0) defaults to 1% of ``energy_mev``.
    """
    energy = positive(energy_mev, "energy_mev", "MeV")
    spread = 0.01 * energy if energy_spread_mev is None else real_number(energy_spread_mev, "energy_spread_mev", ">= 0 MeV")
    if spread < 0:
        raise ValueError(f"energy_spread_mev must be >= 0 MeV, got {energy_spread_mev!r}")
    r0 = proton_range_cm(energy)
    straggling = 0.012 * r0**0.935
    from_spread = spread * BRAGG_KLEEMAN_ALPHA * BRAGG_KLEEMAN_P * energy ** (BRAGG_KLEEMAN_P - 1.0)
    return math.hypot(straggling, from_spread)


def _bortfeld(z: np.ndarray, r0: float, sigma: float, eps: float) -> np.ndarray:
    """Unnormalised Bortfeld dose (arbitrary units) at depths ``z`` (cm)."""
    dose = np.zeros_like(z, dtype=float)
    far = z < r0 - _SWITCH_SIGMAS * sigma
    near = ~far & (z <= r0 + 6.0 * sigma)          # beyond R0 + 6 sigma the dose is ~0
    if np.any(far):
        residual = r0 - z[far]
        dose[far] = (17.93 * residual**-0.435 + (0.444 + 31.7 * eps / r0) * residual**0.565) / (1.0 + 0.012 * r0)
    if np.any(near):
        zeta = (r0 - z[near]) / sigma
        first = pbdv(-0.565, -zeta)[0]
        second = pbdv(-1.565, -zeta)[0]
        dose[near] = (
            np.exp(-zeta**2 / 4.0) * sigma**0.565 / (1.0 + 0.012 * r0)
            * (11.26 / sigma * first + (0.157 + 11.26 * eps / r0) * second)
        )
    return np.clip(dose, 0.0, None)


def bragg_peak_depth_cm(energy_mev: float, epsilon: float = 0.1, energy_spread_mev: float | None = None) -> float:
    """Depth (cm) of the maximum of the proton curve of :func:`proton_depth_dose`.

    Found numerically near the range (to about 1e-7 cm); slightly shallower than ``R0``.
    Arguments as in :func:`proton_depth_dose`.
    """
    energy = positive(energy_mev, "energy_mev", "MeV")
    eps = in_range(epsilon, "epsilon", 0.0, 1.0)
    sigma = proton_sigma_cm(energy, energy_spread_mev)   # also checks energy_spread_mev
    return _peak_depth(energy, eps, sigma)


@lru_cache(maxsize=256)
def _peak_depth(energy: float, eps: float, sigma: float) -> float:
    """Maximum of the Bortfeld curve: a coarse grid, then a bounded 1-D search (to 1e-7 cm)."""
    r0 = proton_range_cm(energy)
    grid = np.linspace(max(0.0, r0 - 4.0 * sigma), r0 + sigma, 401)
    best = int(np.argmax(_bortfeld(grid, r0, sigma, eps)))
    step = grid[1] - grid[0]
    low, high = grid[max(best - 1, 0)], grid[min(best + 1, grid.size - 1)]
    if high - low < step / 2:  # pragma: no cover - a peak at the grid's edge
        return float(grid[best])
    found = minimize_scalar(
        lambda depth: -float(_bortfeld(np.array([depth]), r0, sigma, eps)[0]),
        bounds=(low, high), method="bounded", options={"xatol": 1e-7},
    )
    return float(found.x)


def proton_depth_dose(depth_cm, energy_mev: float = 150.0, epsilon: float = 0.1, energy_spread_mev: float | None = None):
    """Relative dose of a broad monoenergetic proton beam in water (Bortfeld 1997; peak = 1).

    Schematic, not for planning (see the module notes).

    Parameters
    ----------
    depth_cm
        Depth in water in cm (>= 0): one number or an array.
    energy_mev
        Initial proton energy in MeV (> 0; default 150 MeV, range about 15.6 cm).
    epsilon
        Fraction of the fluence in the low-energy tail, in [0, 1] (default 0.1).
    energy_spread_mev
        Energy spread of the beam in MeV (>= 0); default 1% of ``energy_mev``.

    Returns
    -------
    float or numpy.ndarray
        Relative dose in [0, 1] (dimensionless), 1 at the Bragg peak, about 0
        beyond the range; same shape as ``depth_cm``.

    Raises
    ------
    ValueError
        On a negative, NaN or infinite depth or an argument out of range.

    >>> round(proton_depth_dose(bragg_peak_depth_cm(150.0)), 6)
    1.0
    """
    z, scalar = _depths(depth_cm)
    energy = positive(energy_mev, "energy_mev", "MeV")
    eps = in_range(epsilon, "epsilon", 0.0, 1.0)
    r0 = proton_range_cm(energy)
    sigma = proton_sigma_cm(energy, energy_spread_mev)
    z_peak = bragg_peak_depth_cm(energy, eps, energy_spread_mev)
    peak = float(_bortfeld(np.array([z_peak]), r0, sigma, eps)[0])
    return _out(_bortfeld(z, r0, sigma, eps) / peak, scalar)


def spread_out_bragg_peak(depth_cm, proximal_cm: float, distal_cm: float, n_peaks: int = 12, epsilon: float = 0.1):
    """A spread-out Bragg peak (SOBP): weighted pristine peaks that give a flat dose over a target.

    The ranges of ``n_peaks`` pristine peaks are spaced evenly so that their
    peaks fall between ``proximal_cm`` and ``distal_cm``; non-negative weights
    are fitted (``scipy.optimize.nnls``) for a dose of 1 across that
    interval. Schematic, not for planning.

    Parameters
    ----------
    depth_cm
        Depth in water in cm (>= 0): one number or an array.
    proximal_cm, distal_cm
        Depths of the target's near and far edges in cm,
        ``0 < proximal_cm < distal_cm <= 35`` cm.
    n_peaks
        Number of pristine peaks, a whole number from 2 to 60 (default 12).
    epsilon
        Tail fraction of each pristine peak, in [0, 1].

    Returns
    -------
    tuple
        ``(dose, weights, energies_mev)``: relative dose at ``depth_cm``
        (about 1 inside the target), the fitted weights and the energies (MeV)
        of the pristine peaks.

    Raises
    ------
    ValueError
        On bad depths, edges out of order or out of range, or a bad ``n_peaks``.
    """
    z, scalar = _depths(depth_cm)
    proximal = positive(proximal_cm, "proximal_cm", "cm")
    distal = positive(distal_cm, "distal_cm", "cm")
    if distal <= proximal:
        raise ValueError(f"distal_cm must be > proximal_cm ({proximal:g} cm), got {distal_cm!r}")
    if distal > 35.0:
        raise ValueError(f"distal_cm must be <= 35 cm (about 250 MeV protons), got {distal_cm!r}")
    if isinstance(n_peaks, (bool, np.bool_)) or not isinstance(n_peaks, numbers.Integral) or not 2 <= n_peaks <= 60:
        raise ValueError(f"n_peaks must be a whole number from 2 to 60, got {n_peaks!r}")
    eps = in_range(epsilon, "epsilon", 0.0, 1.0)
    # Peak depths spaced over the target; convert each to the energy whose peak sits there.
    peak_depths = np.linspace(proximal, distal, int(n_peaks))
    energies = []
    for depth in peak_depths:
        energy = proton_energy_mev(depth)
        shift = proton_range_cm(energy) - bragg_peak_depth_cm(energy, eps)
        energies.append(proton_energy_mev(depth + shift))
    fit_depths = np.linspace(proximal, distal, 200)
    matrix = np.column_stack([proton_depth_dose(fit_depths, e, eps) for e in energies])
    weights, _ = nnls(matrix, np.ones_like(fit_depths))
    dose = np.column_stack([proton_depth_dose(z, e, eps) for e in energies]) @ weights
    return _out(dose, scalar), weights, np.array(energies)


class OutsideDose(NamedTuple):
    """One photon beam against a proton SOBP outside their target, both scaled to the same mean target dose.

    ``outside``: photon dose summed over the depths outside the target divided
    by the proton dose summed there (dimensionless); ``in_front``: the same
    ratio in front of the target only; ``photon_behind``: the photon beam's
    mean dose behind the target, as a fraction of the mean target dose.
    """

    outside: float
    in_front: float
    photon_behind: float


def photon_to_proton_outside(depth_cm, proximal_cm: float, distal_cm: float, *, mu_per_cm: float = PHOTON_MU_PER_CM,
                             buildup_cm: float = PHOTON_BUILDUP_CM, epsilon: float = 0.1) -> OutsideDose:
    """How much more dose one photon beam leaves outside a target than a proton SOBP (schematic, one beam).

    ``depth_cm`` is the grid of depths in water (cm, an array reaching past
    ``distal_cm``); the target spans ``proximal_cm`` to ``distal_cm`` (cm).
    The photon beam is :func:`photon_depth_dose` (``mu_per_cm`` in 1/cm,
    ``buildup_cm`` in cm), the protons :func:`spread_out_bragg_peak` with tail
    fraction ``epsilon``; both are scaled to a mean dose of 1 in the target.
    The protons and FLASH chapter's exercises move the target deeper with it.
    """
    depth = np.asarray(depth_cm, dtype=float)
    photon_beam = photon_depth_dose(depth, mu_per_cm, buildup_cm)
    sobp_beam = spread_out_bragg_peak(depth, proximal_cm, distal_cm, epsilon=epsilon)[0]
    inside, front, behind = (depth >= proximal_cm) & (depth <= distal_cm), depth < proximal_cm, depth > distal_cm
    photon_norm, sobp_norm = photon_beam / photon_beam[inside].mean(), sobp_beam / sobp_beam[inside].mean()
    return OutsideDose(float(photon_norm[~inside].sum() / sobp_norm[~inside].sum()),
                       float(photon_norm[front].sum() / sobp_norm[front].sum()), float(photon_norm[behind].mean()))
