"""The effective dose to immune cells (EDIC) of thoracic radiotherapy: a model estimate, in Gy.

``EDIC = a*MLD + b*MHD + [c + d*e*sqrt(n/N)]*MBD`` combines the mean lung
and heart doses and the whole-body mean dose (MBD, integral dose / body
volume), all in Gy over the course, and the number of fractions ``n``. The
model is that of Jin et al., developed in their analyses of the RTOG 0617
trial (review ref. 75 is their 2021 full report) and applied by Ladbury et
al. (IJROBP 2019). Its weights are the model's assumptions about how much of
the circulating blood each compartment exposes, not measured shares of the
blood pool. The coefficients are data: they are read from the ledger rows
``edic_model_*_primary``, so a correction is made in ``data/claims.csv``
alone; :data:`EDIC_CLAIMS` names the row behind each constant.
"""
from __future__ import annotations

import math

from .. import checks
from ..ledger.evidence import claim

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

#: Model weight for the mean lung dose (0.12): the model's assumed share of the
#: circulating blood (and its immune cells) exposed in the lungs.
EDIC_LUNG_WEIGHT: float = claim(EDIC_CLAIMS["EDIC_LUNG_WEIGHT"]).value
#: Model weight for the mean heart dose (0.08): the model's assumed share for the heart.
EDIC_HEART_WEIGHT: float = claim(EDIC_CLAIMS["EDIC_HEART_WEIGHT"]).value
#: Fixed part of the model weight for the whole-body mean dose (0.45): the rest of the blood pool, as assumed.
EDIC_BODY_BASE_WEIGHT: float = claim(EDIC_CLAIMS["EDIC_BODY_BASE_WEIGHT"]).value
#: Part of the body-pool weight that grows with the number of fractions (0.35).
EDIC_BODY_CIRCULATING_WEIGHT: float = claim(EDIC_CLAIMS["EDIC_BODY_CIRCULATING_WEIGHT"]).value
#: Factor on the growing part (0.85): the model's assumed fraction of that blood irradiated.
EDIC_BODY_BLOOD_FRACTION: float = claim(EDIC_CLAIMS["EDIC_BODY_BLOOD_FRACTION"]).value
#: Fraction count at which the growing part reaches its full weight (45 fractions).
EDIC_REFERENCE_FRACTIONS: int = int(claim(EDIC_CLAIMS["EDIC_REFERENCE_FRACTIONS"]).value)


def edic_body_weight(n_fractions: int) -> float:
    """Model weight of the whole-body mean dose in EDIC: ``0.45 + 0.35*0.85*sqrt(n/45)`` (dimensionless).

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
    mean dose of each compartment by how much of that pool it is assumed to
    expose. Meaning of the coefficients, as we understand the model (the
    script they were taken from gives no derivation; check against the
    paper):

    * 0.12 and 0.08 are the model's weights for the lungs and the heart
      (assumed shares of the circulating blood they expose);
    * ``0.45 + 0.35*0.85*sqrt(n/45)`` is the weight of the whole-body mean
      dose; 0.85 and ``sqrt(n/45)`` let it grow with the number of fractions
      ``n``, relative to a 45-fraction course.

    The four weights 0.12, 0.08, 0.45 and 0.35 add up to 1, consistent with
    reading them as assumed shares of one pool; they are modelling
    assumptions, not measured blood volumes. The model was built for thoracic
    (lung) radiotherapy; the "lung" structure used for MLD may exclude the
    tumour in planning practice.

    Source: the EDIC model of Jin et al. (RTOG 0617 analyses; review ref. 75
    is their 2021 full report), as applied by Ladbury CJ et al., Int J Radiat
    Oncol Biol Phys 2019; coefficients as recorded in the ledger rows
    ``edic_model_*_primary``, from which the module constants (``EDIC_*``)
    are read. They were taken from a treatment-planning script citing the
    model and should be confirmed against the paper; a correction is made in
    the ledger, in one place.

    Parameters
    ----------
    mean_lung_dose_gy
        Mean lung dose (MLD) over the whole course, in Gy, >= 0.
    mean_heart_dose_gy
        Mean heart dose (MHD) over the whole course, in Gy, >= 0.
    mean_body_dose_gy
        Whole-body mean dose (MBD, integral dose / body volume) over the
        whole course, in Gy, >= 0.
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
