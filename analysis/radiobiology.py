"""Radiobiology for the book: the linear-quadratic model, BED/EQD2 and dose bands.

The effective dose to immune cells (EDIC) is :mod:`analysis.edic`.

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
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from . import checks

__all__ = [
    "surviving_fraction",
    "bed",
    "eqd2",
    "total_dose",
    "Regimen",
    "schedule",
    "DoseBand",
    "BandResult",
    "classify_dose_per_fraction",
]

# --------------------------------------------------------------------------
# Labels (the input checks are analysis.checks)
# --------------------------------------------------------------------------


def _gy_text(dose_gy: float) -> str:
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
            label = f"{_gy_text(total)} Gy in 1 fraction"
        else:
            label = f"{_gy_text(total)} Gy in {fractions} fractions of {_gy_text(per_fraction)} Gy"
    return Regimen(
        total_dose_gy=total,
        n_fractions=fractions,
        dose_per_fraction_gy=per_fraction,
        label=label,
    )


# --------------------------------------------------------------------------
# Dose bands
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class DoseBand:
    """A named range of dose per fraction (Gy/fraction).

    Parameters
    ----------
    name
        Non-empty label, e.g. ``"low-dose"``.
    lower_gy, upper_gy
        Bounds in Gy/fraction, each >= 0, or ``None`` for unbounded.
        ``lower_gy`` must not exceed ``upper_gy``.
    lower_inclusive, upper_inclusive
        Whether the bound itself belongs to the band (default: the lower
        bound does, the upper does not, i.e. ``[lower, upper)``). Ignored for
        an unbounded side.

    Raises
    ------
    ValueError
        On an empty name, a bound that is negative, NaN, infinite or a bool,
        ``lower_gy > upper_gy``, or a band that contains no dose at all.
    """

    name: str
    lower_gy: float | None
    upper_gy: float | None
    lower_inclusive: bool = True
    upper_inclusive: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError(f"name must be a non-empty str, got {checks.shown(self.name)}")
        for flag_name in ("lower_inclusive", "upper_inclusive"):
            flag = getattr(self, flag_name)
            if not isinstance(flag, (bool, np.bool_)):
                raise ValueError(f"{flag_name} must be True or False, got {checks.shown(flag)}")
        lower = None if self.lower_gy is None else checks.non_negative(self.lower_gy, "lower_gy", "Gy (or None)")
        upper = None if self.upper_gy is None else checks.non_negative(self.upper_gy, "upper_gy", "Gy (or None)")
        if lower is not None and upper is not None:
            if lower > upper:
                raise ValueError(
                    f"lower_gy must be <= upper_gy ({checks.shown(self.upper_gy)} Gy) "
                    f"in band {self.name!r}, got {checks.shown(self.lower_gy)}"
                )
            if lower == upper and not (self.lower_inclusive and self.upper_inclusive):
                raise ValueError(
                    f"lower_gy == upper_gy == {checks.shown(self.lower_gy)} Gy leaves band {self.name!r} "
                    "empty; make lower_inclusive and upper_inclusive both True for a single dose"
                )

    def contains(self, dose_per_fraction_gy: float) -> bool:
        """Whether a dose per fraction (Gy/fraction, >= 0) lies in this band."""
        dose = checks.non_negative(dose_per_fraction_gy, "dose_per_fraction_gy", "Gy")
        return not self._is_below(dose) and not self._is_above(dose)

    @property
    def condition(self) -> str:
        """The band as an inequality on the dose per fraction d, e.g. ``"0.1 ≤ d ≤ 1 Gy"``."""
        lower_sign = "≤" if self.lower_inclusive else "<"
        upper_sign = "≤" if self.upper_inclusive else "<"
        if self.lower_gy is None and self.upper_gy is None:
            return "any dose"
        if self.lower_gy is None:
            return f"d {upper_sign} {_gy_text(float(self.upper_gy))} Gy"
        if self.upper_gy is None:
            reversed_sign = "≥" if self.lower_inclusive else ">"
            return f"d {reversed_sign} {_gy_text(float(self.lower_gy))} Gy"
        return (
            f"{_gy_text(float(self.lower_gy))} {lower_sign} d {upper_sign} "
            f"{_gy_text(float(self.upper_gy))} Gy"
        )

    def _is_below(self, dose: float) -> bool:
        """True if the whole band lies below ``dose`` (dose beyond the upper bound)."""
        if self.upper_gy is None:
            return False
        upper = float(self.upper_gy)
        return dose > upper or (dose == upper and not self.upper_inclusive)

    def _is_above(self, dose: float) -> bool:
        """True if the whole band lies above ``dose`` (dose short of the lower bound)."""
        if self.lower_gy is None:
            return False
        lower = float(self.lower_gy)
        return dose < lower or (dose == lower and not self.lower_inclusive)

    def __str__(self) -> str:
        return f"{self.name} ({self.condition})"


@dataclass(frozen=True)
class BandResult:
    """Where a dose per fraction falls among a set of :class:`DoseBand` objects.

    Attributes
    ----------
    name
        The containing band's name, or ``None`` if the dose is in no band.
    in_gap
        ``True`` exactly when ``name`` is ``None``.
    description
        A sentence for the text, naming the band or the neighbouring bands.
    band_below, band_above
        For a dose in a gap, the names of the nearest bands below and above
        it (``None`` where there is none); both ``None`` for a dose in a band.
    """

    name: str | None
    in_gap: bool
    description: str
    band_below: str | None = None
    band_above: str | None = None


def _intersection_is_empty(first: DoseBand, second: DoseBand) -> bool:
    """Whether two bands share no dose (touching at an excluded bound counts as empty)."""
    def lower_edge(band: DoseBand) -> tuple[float, bool]:
        return (-math.inf, False) if band.lower_gy is None else (float(band.lower_gy), band.lower_inclusive)

    def upper_edge(band: DoseBand) -> tuple[float, bool]:
        return (math.inf, False) if band.upper_gy is None else (float(band.upper_gy), band.upper_inclusive)

    (low_a, low_a_inc), (low_b, low_b_inc) = lower_edge(first), lower_edge(second)
    (high_a, high_a_inc), (high_b, high_b_inc) = upper_edge(first), upper_edge(second)
    # The intersection runs from the higher lower edge to the lower upper edge;
    # at a tie the edge is closed only if both bands close it.
    if low_a != low_b:
        low, low_inc = (low_a, low_a_inc) if low_a > low_b else (low_b, low_b_inc)
    else:
        low, low_inc = low_a, low_a_inc and low_b_inc
    if high_a != high_b:
        high, high_inc = (high_a, high_a_inc) if high_a < high_b else (high_b, high_b_inc)
    else:
        high, high_inc = high_a, high_a_inc and high_b_inc
    if low < high:
        return False
    return not (low == high and low_inc and high_inc)


def _checked_bands(bands: Iterable[DoseBand]) -> list[DoseBand]:
    if isinstance(bands, (str, bytes, DoseBand)) or not isinstance(bands, Iterable):
        raise ValueError(f"bands must be a sequence of DoseBand objects, got {checks.shown(bands)}")
    band_list = list(bands)
    if not band_list:
        raise ValueError("bands must contain at least one DoseBand, got an empty sequence")
    for band in band_list:
        if not isinstance(band, DoseBand):
            raise ValueError(f"bands must contain only DoseBand objects, got {checks.shown(band)}")
    names = [band.name for band in band_list]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise ValueError(f"bands must have distinct names, got repeated {repeated}")
    for index, first in enumerate(band_list):
        for second in band_list[index + 1:]:
            if not _intersection_is_empty(first, second):
                raise ValueError(
                    f"bands must not overlap, but {first} and {second} share doses"
                )
    return band_list


def classify_dose_per_fraction(
    dose_per_fraction_gy: float, bands: Iterable[DoseBand]
) -> BandResult:
    """Report which band a dose per fraction (Gy/fraction) falls in, or the gap it falls in.

    The bands are data, not part of this module: a chapter builds them from
    the evidence ledger. A dose that lies in no band is reported as being in a
    gap between its neighbouring bands; it is never assigned to the nearest
    band.

    Parameters
    ----------
    dose_per_fraction_gy
        Dose per fraction in Gy/fraction, >= 0.
    bands
        One or more :class:`DoseBand` objects with distinct names that do not
        overlap (in any order).

    Returns
    -------
    BandResult
        ``name`` and ``in_gap``, a ``description`` sentence, and for a gap the
        names of the neighbouring bands.

    Raises
    ------
    ValueError
        If the dose is negative, a bool, NaN or infinite (names
        ``dose_per_fraction_gy``), or if ``bands`` is empty, holds something
        other than DoseBand objects, repeats a name or has overlapping bands
        (names ``bands``).

    Examples
    --------
    The review (section 5, ref. 71) names low-dose RT as 0.1-1 Gy, standard
    clinical doses as 1.8-2.2 Gy and high-dose RT as 8 Gy and above; whether
    these are per fraction is not stated, and the ranges leave gaps:

    >>> review_bands = [
    ...     DoseBand("low-dose", 0.1, 1.0, upper_inclusive=True),
    ...     DoseBand("standard", 1.8, 2.2, upper_inclusive=True),
    ...     DoseBand("high-dose", 8.0, None),
    ... ]
    >>> classify_dose_per_fraction(2.0, review_bands).name
    'standard'
    >>> result = classify_dose_per_fraction(5.0, review_bands)
    >>> result.in_gap, result.band_below, result.band_above
    (True, 'standard', 'high-dose')
    >>> result.description
    '5 Gy/fraction lies in no band: it falls between standard (1.8 ≤ d ≤ 2.2 Gy) and high-dose (d ≥ 8 Gy)'
    """
    dose = checks.non_negative(dose_per_fraction_gy, "dose_per_fraction_gy", "Gy")
    band_list = _checked_bands(bands)
    dose_text = f"{_gy_text(dose)} Gy/fraction"

    for band in band_list:
        if band.contains(dose):
            return BandResult(
                name=band.name,
                in_gap=False,
                description=f"{dose_text} lies in band {band}",
            )

    # No band contains the dose, so each band lies wholly below or above it.
    bands_below = [band for band in band_list if band._is_below(dose)]
    bands_above = [band for band in band_list if band._is_above(dose)]
    nearest_below = max(
        bands_below, key=lambda band: (float(band.upper_gy), band.upper_inclusive), default=None
    )
    nearest_above = min(
        bands_above, key=lambda band: (float(band.lower_gy), not band.lower_inclusive), default=None
    )
    if nearest_below is not None and nearest_above is not None:
        where = f"it falls between {nearest_below} and {nearest_above}"
    elif nearest_above is not None:
        where = f"it is below the lowest band, {nearest_above}"
    else:
        where = f"it is above the highest band, {nearest_below}"
    return BandResult(
        name=None,
        in_gap=True,
        description=f"{dose_text} lies in no band: {where}",
        band_below=None if nearest_below is None else nearest_below.name,
        band_above=None if nearest_above is None else nearest_above.name,
    )
