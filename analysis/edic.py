"""The effective dose to immune cells (EDIC) of thoracic radiotherapy.

``EDIC = a*MLD + b*MHD + [c + d*e*sqrt(n/N)]*MBD`` weights the mean lung,
heart and body doses (Gy) by how much of the circulating blood pool each
exposes. The coefficients are data: they are read from the ledger rows
``edic_model_*_primary`` (Ladbury et al. 2019, as used by Jin et al. 2021,
review ref. 75), so a correction is made in ``data/claims.csv`` alone;
:data:`EDIC_CLAIMS` names the row behind each constant.
"""
from __future__ import annotations

import math

from . import checks
from .evidence import claim

__all__ = [
    "EDIC_CLAIMS",
    "EDIC_LUNG_WEIGHT",
    "EDIC_HEART_WEIGHT",
    "EDIC_BODY_BASE_WEIGHT",
    "EDIC_BODY_CIRCULATING_WEIGHT",
    "EDIC_BODY_BLOOD_FRACTION",
    "EDIC_REFERENCE_FRACTIONS",
    "edic_body_weight",
    "edic_components",
    "edic",
]

#: The ledger row behind each coefficient of the model.
EDIC_CLAIMS: dict[str, str] = {
    "EDIC_LUNG_WEIGHT": "edic_model_lung_coef_primary",
    "EDIC_HEART_WEIGHT": "edic_model_heart_coef_primary",
    "EDIC_BODY_BASE_WEIGHT": "edic_model_body_const_primary",
    "EDIC_BODY_CIRCULATING_WEIGHT": "edic_model_body_fraction_coef_primary",
    "EDIC_BODY_BLOOD_FRACTION": "edic_model_body_factor_primary",
    "EDIC_REFERENCE_FRACTIONS": "edic_model_ref_fractions_primary",
}

#: Weight of the mean lung dose: the share of circulating blood (and its
#: immune cells) in the lungs, weighted for circulation time (0.12).
EDIC_LUNG_WEIGHT: float = claim(EDIC_CLAIMS["EDIC_LUNG_WEIGHT"]).value
#: Weight of the mean heart dose: the share of blood in the heart, weighted likewise (0.08).
EDIC_HEART_WEIGHT: float = claim(EDIC_CLAIMS["EDIC_HEART_WEIGHT"]).value
#: Fixed part of the weight of the mean body dose: the body's blood pool (0.45).
EDIC_BODY_BASE_WEIGHT: float = claim(EDIC_CLAIMS["EDIC_BODY_BASE_WEIGHT"]).value
#: Part of the body-pool weight that grows with the number of fractions (0.35).
EDIC_BODY_CIRCULATING_WEIGHT: float = claim(EDIC_CLAIMS["EDIC_BODY_CIRCULATING_WEIGHT"]).value
#: Factor on the growing part: the fraction of that blood irradiated (0.85).
EDIC_BODY_BLOOD_FRACTION: float = claim(EDIC_CLAIMS["EDIC_BODY_BLOOD_FRACTION"]).value
#: Fraction count at which the growing part reaches its full weight (45 fractions).
EDIC_REFERENCE_FRACTIONS: int = int(claim(EDIC_CLAIMS["EDIC_REFERENCE_FRACTIONS"]).value)


def edic_body_weight(n_fractions: int) -> float:
    """Weight of the mean body dose in EDIC: ``0.45 + 0.35*0.85*sqrt(n/45)`` (dimensionless).

    ``n_fractions`` must be a positive whole number. The weight grows with the
    number of fractions because more fractions expose more of the circulating
    blood; the formula as recorded has no cap above 45 fractions.

    >>> round(edic_body_weight(45), 6)
    0.7475
    """
    fractions = checks.fraction_count(n_fractions)
    return EDIC_BODY_BASE_WEIGHT + (
        EDIC_BODY_CIRCULATING_WEIGHT
        * EDIC_BODY_BLOOD_FRACTION
        * math.sqrt(fractions / EDIC_REFERENCE_FRACTIONS)
    )


def edic_components(
    mean_lung_dose_gy: float,
    mean_heart_dose_gy: float,
    mean_body_dose_gy: float,
    n_fractions: int,
) -> dict[str, float]:
    """The lung, heart and body contributions to EDIC, each in Gy.

    Same arguments and checks as :func:`edic`. The values add up to
    ``edic(...)``, so a chapter can draw them as a stacked bar.

    Returns
    -------
    dict
        ``{"lung": 0.12*MLD, "heart": 0.08*MHD,
        "body": (0.45 + 0.35*0.85*sqrt(n/45))*MBD}``, in Gy, in that order.

    >>> edic_components(10, 0, 0, 30)
    {'lung': 1.2, 'heart': 0.0, 'body': 0.0}
    """
    lung = checks.non_negative(mean_lung_dose_gy, "mean_lung_dose_gy", "Gy")
    heart = checks.non_negative(mean_heart_dose_gy, "mean_heart_dose_gy", "Gy")
    body = checks.non_negative(mean_body_dose_gy, "mean_body_dose_gy", "Gy")
    body_weight = edic_body_weight(n_fractions)
    return {
        "lung": EDIC_LUNG_WEIGHT * lung,
        "heart": EDIC_HEART_WEIGHT * heart,
        "body": body_weight * body,
    }


def edic(
    mean_lung_dose_gy: float,
    mean_heart_dose_gy: float,
    mean_body_dose_gy: float,
    n_fractions: int,
) -> float:
    """Effective dose to immune cells (EDIC) for thoracic radiotherapy, in Gy.

    ``EDIC = 0.12*MLD + 0.08*MHD + [0.45 + 0.35*0.85*sqrt(n/45)]*MBD``

    The model treats the circulating immune cells as one pool and weights the
    mean dose of each organ by how much of that pool it exposes. Meaning of
    the coefficients, as we understand the model (the script they were taken
    from gives no derivation; check against the paper):

    * 0.12 and 0.08 are the shares of blood in the lungs and the heart,
      weighted for circulation time;
    * ``0.45 + 0.35*0.85*sqrt(n/45)`` is the body blood-pool term; 0.85 and
      ``sqrt(n/45)`` account for the fraction of blood irradiated across
      ``n`` fractions, relative to a 45-fraction course.

    The four weights 0.12, 0.08, 0.45 and 0.35 add up to 1, consistent with
    reading them as shares of one pool. The model was built for thoracic
    (lung) radiotherapy; the "lung" structure used for MLD may exclude the
    tumour in planning practice.

    Source: Ladbury CJ et al., Int J Radiat Oncol Biol Phys 2019, as used by
    Jin et al. 2021 (review ref. 75); coefficients as recorded in
    the ledger rows ``edic_model_*_primary``, from which the module
    constants (``EDIC_*``) are read. They were taken from a
    treatment-planning script citing the model and should be confirmed
    against the paper; a correction is made in the ledger, in one place.

    Parameters
    ----------
    mean_lung_dose_gy
        Mean lung dose (MLD) over the whole course, in Gy, >= 0.
    mean_heart_dose_gy
        Mean heart dose (MHD) over the whole course, in Gy, >= 0.
    mean_body_dose_gy
        Mean body dose (MBD, integral dose / body volume) over the whole
        course, in Gy, >= 0.
    n_fractions
        Number of fractions ``n``, a positive whole number.

    Returns
    -------
    float
        EDIC in Gy.

    Raises
    ------
    ValueError
        If a dose is negative or ``n_fractions`` is not a positive whole
        number, or an argument is a bool, NaN or infinite.

    Examples
    --------
    >>> round(edic(15, 10, 5, 30), 4)
    6.0645
    """
    return sum(edic_components(mean_lung_dose_gy, mean_heart_dose_gy, mean_body_dose_gy, n_fractions).values())
