"""The review's dose bands: named ranges of dose per fraction, and where a schedule falls among them.

The review (section 5, ref. 71) names low-dose radiotherapy (0.1–1 Gy),
standard clinical doses (1.8–2.2 Gy) and high-dose radiotherapy (8 Gy and
above). The bands are data: a chapter builds them from the ledger with
:meth:`DoseBand.from_claim`. :func:`classify_dose_per_fraction` says which
band a dose falls in — or, since the bands leave gaps, which gap — and never
forces a dose into the nearest band; :func:`band_gaps` lists the gaps;
:func:`regimen_row` puts a schedule, its band and its BED/EQD2 in one table row.
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from .. import checks
from .radiobiology import Regimen, gy_text

__all__ = ["DoseBand", "BandResult", "band_gaps", "classify_dose_per_fraction", "regimen_row"]


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

    @classmethod
    def from_claim(cls, name: str, claim) -> "DoseBand":
        """The band a ledger row states (an :class:`analysis.ledger.claim.Claim` in Gy/fraction).

        A ``range`` row is a closed range ``[lower, upper]``; a ``>=`` or ``>``
        row is "lower and above". Raises ``ValueError`` naming the claim for
        any other qualifier.
        """
        if claim.qualifier == "range":
            return cls(name, claim.lower, claim.upper, lower_inclusive=True, upper_inclusive=True)
        if claim.qualifier in (">=", ">"):
            return cls(name, claim.lower, None, lower_inclusive=claim.qualifier == ">=")
        raise ValueError(f"claim {claim.claim_id!r}: cannot read a band from qualifier {claim.qualifier!r}")

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
            return f"d {upper_sign} {gy_text(float(self.upper_gy))} Gy"
        if self.upper_gy is None:
            reversed_sign = "≥" if self.lower_inclusive else ">"
            return f"d {reversed_sign} {gy_text(float(self.lower_gy))} Gy"
        return (
            f"{gy_text(float(self.lower_gy))} {lower_sign} d {upper_sign} "
            f"{gy_text(float(self.upper_gy))} Gy"
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


def band_gaps(bands: Iterable[DoseBand]) -> list[tuple[DoseBand, DoseBand]]:
    """The gaps between bounded bands: ``(below, above)`` for each pair of neighbours that do not touch.

    Bands are ordered by their lower bound; a band without an upper bound
    leaves no gap above it.
    """
    ordered = sorted(_checked_bands(bands), key=lambda band: band.lower_gy)
    return [
        (below, above)
        for below, above in zip(ordered, ordered[1:])
        if below.upper_gy is not None and below.upper_gy < above.lower_gy
    ]


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
    dose_text = f"{gy_text(dose)} Gy/fraction"

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


def regimen_row(label: str, source: str, regimen: Regimen, bands: Iterable[DoseBand],
                alpha_beta_gy: tuple[float, float], note: str = "") -> dict:
    """One row of a schedule table: the regimen, its review band (or ``"gap"``), and BED/EQD2 for two α/β values.

    ``alpha_beta_gy`` is ``(tumour, late tissue)`` in Gy; the columns are
    named after them (``"BED α/β=10 (Gy)"``).
    """
    band = classify_dose_per_fraction(regimen.dose_per_fraction_gy, bands)
    tumour, late = alpha_beta_gy
    return {
        "Schedule": label,
        "Source": source,
        "d (Gy)": regimen.dose_per_fraction_gy,
        "n": regimen.n_fractions,
        "Total (Gy)": regimen.total_dose_gy,
        "Review band": band.name or "gap",
        f"BED α/β={tumour:g} (Gy)": regimen.bed(tumour),
        f"EQD2 α/β={tumour:g} (Gy)": regimen.eqd2(tumour),
        f"BED α/β={late:g} (Gy)": regimen.bed(late),
        f"EQD2 α/β={late:g} (Gy)": regimen.eqd2(late),
        "Note": note,
    }
