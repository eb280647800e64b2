"""Radiobiology for the book: the linear-quadratic model, BED/EQD2 and fractionation schedules.

The review's dose bands are :mod:`analysis.models.dose_bands`; the effective dose to
immune cells (EDIC) is :mod:`analysis.models.edic`.

The linear-quadratic (LQ) model
-------------------------------
The LQ model describes the fraction of clonogenic cells that survive a single
dose ``d`` (Gy) as ``S = exp(-(alpha*d + beta*d**2))``. The linear term
(``alpha``, in 1/Gy) stands for lethal damage from a single track; the
quadratic term (``beta``, in 1/Gy²) for damage made by two tracks together.
If the sublethal damage repairs completely between fractions, ``n`` equal
fractions multiply: ``S = exp(-n*(alpha*d + beta*d**2))``.

The ratio ``alpha/beta`` (Gy) is the dose per fraction at which the two terms
contribute equally. Tissues that respond early and most tumours are usually
given a high ratio (about 10 Gy); late-responding normal tissues a low one
(about 3 Gy). From the LQ model follow:

* the biologically effective dose, ``BED = n*d*(1 + d/(alpha/beta))`` (Gy),
  the total dose that would have the same effect if given in infinitely
  small fractions, so that ``-ln S = alpha * BED``;
* the equivalent dose in 2-Gy fractions,
  ``EQD2 = BED / (1 + 2/(alpha/beta))`` (Gy), the total dose that would have
  the same effect if given as 2 Gy per fraction.

What the model leaves out: repopulation during treatment (no time factor),
incomplete repair between closely spaced fractions, dose-rate effects and
dose heterogeneity. Whether it holds above roughly 8-10 Gy per fraction --
the range of the stereotactic schedules discussed in the review -- is debated,
so BED and EQD2 of ablative schedules are comparisons on the model's own
terms, not predictions.

Units and inputs
----------------
Every dose is in gray (Gy); a dose "per fraction" is Gy/fraction and a total
dose is the physical dose of the whole course. Fraction counts are positive
whole numbers (``3`` and ``3.0`` are accepted, ``2.5`` is not). Functions take
single Python or NumPy numbers and return Python floats; for a curve, call
them in a comprehension. Booleans, NaN, infinities and out-of-range values
raise :class:`ValueError` naming the argument and the allowed range.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from .. import checks

__all__ = [
    "surviving_fraction",
    "bed",
    "eqd2",
    "total_dose",
    "Regimen",
    "schedule",
    "gy_text",
]

# --------------------------------------------------------------------------
# Labels (the input checks are analysis.checks)
# --------------------------------------------------------------------------


def gy_text(dose_gy: float) -> str:
    """A dose for labels: at most two decimals, no trailing zeros (16.67, 60, 0.1)."""
    return f"{round(dose_gy, 2):.10g}"


# --------------------------------------------------------------------------
# Linear-quadratic model
# --------------------------------------------------------------------------


def surviving_fraction(
    dose_per_fraction_gy: float,
    n_fractions: int = 1,
    alpha: float = 0.3,
    beta: float = 0.03,
) -> float:
    """Fraction of clonogenic cells surviving ``n_fractions`` equal fractions (LQ model).

    ``S = exp(-n * (alpha*d + beta*d**2))``, assuming full repair between
    fractions and no repopulation.

    Parameters
    ----------
    dose_per_fraction_gy
        Dose per fraction ``d`` in Gy/fraction, >= 0.
    n_fractions
        Number of fractions ``n``, a positive whole number (default 1).
    alpha
        Linear coefficient in 1/Gy, > 0 (default 0.3 1/Gy).
    beta
        Quadratic coefficient in 1/Gy², >= 0 (default 0.03 1/Gy², so the
        defaults give alpha/beta = 10 Gy, a value often used for tumours).

    Returns
    -------
    float
        Surviving fraction, dimensionless, in (0, 1]; exactly 1 at zero dose.
        Extreme exposures can underflow to 0.0 in floating point.

    Raises
    ------
    ValueError
        If an argument is outside the ranges above, a bool, NaN or infinite.

    Examples
    --------
    >>> round(surviving_fraction(2.0), 4)
    0.4868
    >>> surviving_fraction(0.0, n_fractions=30)
    1.0
    """
    dose = checks.non_negative(dose_per_fraction_gy, "dose_per_fraction_gy", "Gy")
    fractions = checks.fraction_count(n_fractions)
    alpha_per_gy = checks.positive(alpha, "alpha", "1/Gy")
    beta_per_gy2 = checks.non_negative(beta, "beta", "1/Gy^2")
    return math.exp(-fractions * (alpha_per_gy * dose + beta_per_gy2 * dose**2))


def total_dose(dose_per_fraction_gy: float, n_fractions: int) -> float:
    """Physical total dose in Gy: dose per fraction (Gy/fraction) times fractions.

    ``dose_per_fraction_gy`` must be >= 0 Gy and ``n_fractions`` a positive
    whole number; otherwise :class:`ValueError`.

    >>> total_dose(2, 30)
    60.0
    """
    dose = checks.non_negative(dose_per_fraction_gy, "dose_per_fraction_gy", "Gy")
    return dose * checks.fraction_count(n_fractions)


def bed(dose_per_fraction_gy: float, n_fractions: int, alpha_beta_gy: float) -> float:
    """Biologically effective dose in Gy: ``n*d*(1 + d/(alpha/beta))``.

    Parameters
    ----------
    dose_per_fraction_gy
        Dose per fraction ``d`` in Gy/fraction, >= 0.
    n_fractions
        Number of fractions ``n``, a positive whole number.
    alpha_beta_gy
        The tissue's alpha/beta ratio in Gy, > 0 (commonly 10 Gy for tumours
        and early effects, 3 Gy for late effects).

    Returns
    -------
    float
        BED in Gy; never below the physical total dose ``n*d``.

    Raises
    ------
    ValueError
        If an argument is outside the ranges above, a bool, NaN or infinite.

    Examples
    --------
    50 Gy in 5 fractions for a tumour (alpha/beta = 10 Gy):

    >>> round(bed(10, 5, 10), 6)
    100.0
    """
    dose = checks.non_negative(dose_per_fraction_gy, "dose_per_fraction_gy", "Gy")
    fractions = checks.fraction_count(n_fractions)
    ratio = checks.positive(alpha_beta_gy, "alpha_beta_gy", "Gy")
    return fractions * dose * (1.0 + dose / ratio)


def eqd2(dose_per_fraction_gy: float, n_fractions: int, alpha_beta_gy: float) -> float:
    """Equivalent total dose in 2-Gy fractions, in Gy: ``BED / (1 + 2/(alpha/beta))``.

    Parameters and ranges are those of :func:`bed`: dose per fraction in
    Gy/fraction (>= 0), a positive whole number of fractions, alpha/beta in
    Gy (> 0). A schedule of 2 Gy per fraction has EQD2 equal to its physical
    dose whatever alpha/beta is.

    Returns
    -------
    float
        EQD2 in Gy.

    Raises
    ------
    ValueError
        If an argument is outside its range, a bool, NaN or infinite.

    Examples
    --------
    >>> round(eqd2(10, 5, 10), 2)
    83.33
    >>> round(eqd2(2, 30, 3), 6)
    60.0
    """
    biologically_effective = bed(dose_per_fraction_gy, n_fractions, alpha_beta_gy)
    return biologically_effective / (1.0 + 2.0 / float(alpha_beta_gy))


# --------------------------------------------------------------------------
# Regimens, for tables
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Regimen:
    """A fractionation schedule: total dose (Gy) in ``n_fractions`` equal fractions.

    Build one with :func:`schedule`, which fills ``dose_per_fraction_gy`` and
    ``label``. Constructing it directly checks that the three numbers agree
    (``total = n * d``) and raises :class:`ValueError` if they do not.

    Attributes
    ----------
    total_dose_gy
        Physical total dose in Gy.
    n_fractions
        Number of fractions.
    dose_per_fraction_gy
        Dose per fraction in Gy/fraction.
    label
        Human-readable text for tables, e.g. ``"60 Gy in 30 fractions of 2 Gy"``.
    """

    total_dose_gy: float
    n_fractions: int
    dose_per_fraction_gy: float
    label: str

    def __post_init__(self) -> None:
        total = checks.non_negative(self.total_dose_gy, "total_dose_gy", "Gy")
        fractions = checks.fraction_count(self.n_fractions)
        per_fraction = checks.non_negative(self.dose_per_fraction_gy, "dose_per_fraction_gy", "Gy")
        if not math.isclose(total, fractions * per_fraction, rel_tol=1e-9, abs_tol=1e-12):
            raise ValueError(
                "total_dose_gy must equal n_fractions * dose_per_fraction_gy, got "
                f"{checks.shown(self.total_dose_gy)} Gy vs {fractions} x {checks.shown(self.dose_per_fraction_gy)} Gy"
            )
        if not isinstance(self.label, str):
            raise ValueError(f"label must be a str, got {checks.shown(self.label)}")

    def bed(self, alpha_beta_gy: float) -> float:
        """BED of this regimen in Gy for a tissue with ``alpha_beta_gy`` (Gy, > 0)."""
        return bed(self.dose_per_fraction_gy, self.n_fractions, alpha_beta_gy)

    def eqd2(self, alpha_beta_gy: float) -> float:
        """EQD2 of this regimen in Gy for a tissue with ``alpha_beta_gy`` (Gy, > 0)."""
        return eqd2(self.dose_per_fraction_gy, self.n_fractions, alpha_beta_gy)


def schedule(total_dose_gy: float, n_fractions: int, label: str | None = None) -> Regimen:
    """Split a total dose into equal fractions and return a :class:`Regimen`.

    Parameters
    ----------
    total_dose_gy
        Physical total dose in Gy, >= 0.
    n_fractions
        Number of fractions, a positive whole number.
    label
        Text for tables; by default ``"<total> Gy in <n> fractions of <d> Gy"``
        (``"<total> Gy in 1 fraction"`` for a single fraction).

    Raises
    ------
    ValueError
        If an argument is outside the ranges above, a bool, NaN or infinite.

    Examples
    --------
    >>> regimen = schedule(60, 30)
    >>> regimen.label, regimen.dose_per_fraction_gy
    ('60 Gy in 30 fractions of 2 Gy', 2.0)
    >>> round(regimen.eqd2(alpha_beta_gy=10), 6)
    60.0
    """
    total = checks.non_negative(total_dose_gy, "total_dose_gy", "Gy")
    fractions = checks.fraction_count(n_fractions)
    per_fraction = total / fractions
    if label is None:
        if fractions == 1:
            label = f"{gy_text(total)} Gy in 1 fraction"
        else:
            label = f"{gy_text(total)} Gy in {fractions} fractions of {gy_text(per_fraction)} Gy"
    return Regimen(
        total_dose_gy=total,
        n_fractions=fractions,
        dose_per_fraction_gy=per_fraction,
        label=label,
    )
