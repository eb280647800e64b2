"""analysis.ledger.claim: one ledger row and every form the book writes it in."""
import pandas as pd
import pytest

from analysis.ledger import evidence
from analysis.ledger.claim import FORMS, Claim


def make(**fields):
    base = dict(claim_id="x", quantity="6-month overall survival", value=None, lower=None, upper=None, qualifier="",
                unit="", n=None, ref=None, key=None, doi=None, section="4.2", source="review", setting="review",
                group="", value_text="", note="")
    base.update(fields)
    return Claim(**base)


HR = make(value=0.52, lower=0.42, upper=0.65, value_text="0.52", ref=12, key="antonia2017", n=713)
RANGE = make(lower=0.1, upper=1.0, qualifier="range", unit="Gy")
BOUND = make(upper=500.0, qualifier="<", unit="cells/uL")
PCT = make(value=40.0, value_text="40.0", unit="%")
COUNT = make(value=2027.0, value_text="2027", unit="patients")


@pytest.mark.parametrize(("claim", "form", "text"), [
    (HR, "text", "0.52"), (HR, "with_interval", "0.52 (95% CI 0.42–0.65)"), (HR, "with_bare_interval", "0.52 (0.42–0.65)"),
    (HR, "interval", "0.42–0.65"), (HR, "bounds", "0.42–0.65"), (HR, "ref", "12"), (HR, "n", "713"),
    (RANGE, "text", "0.1–1 Gy"), (RANGE, "bounds", "0.1–1"), (RANGE, "lower", "0.1"), (RANGE, "upper", "1"),
    (BOUND, "text", "< 500 cells/uL"), (BOUND, "number", "500"), (BOUND, "upper", "500"),
    (PCT, "text", "40.0%"), (PCT, "value_text", "40.0"), (PCT, "number", "40"),
    (COUNT, "text", "2027 patients"), (COUNT, "number", "2027"), (COUNT, "grouped", "2,027"),
])
def test_forms(claim, form, text):
    assert FORMS[form](claim) == text


def test_forms_a_claim_cannot_take_say_why():
    with pytest.raises(ValueError, match="no lower bound"):
        BOUND.lower_text
    with pytest.raises(ValueError, match="two-sided interval"):
        PCT.with_interval()
    with pytest.raises(ValueError, match="whole-number"):
        HR.grouped


def test_summary_for_tables():
    assert HR.summary() == "6-month overall survival: 0.52 (0.42–0.65) {cite:p}`antonia2017`"
    grouped = make(value=94.7, value_text="94.7", unit="%", group="ICI after RT")
    assert grouped.summary() == "6-month overall survival (ICI after RT): 94.7%"


def test_from_row_reads_a_ledger_row_and_a_plain_mapping():
    ledger = evidence.claims().set_index("claim_id", drop=False)
    assert Claim.from_row(ledger.loc["sequencing_after_rt_os6"]) == evidence.claim("sequencing_after_rt_os6")
    row = {"claim_id": "y", "value": 1.5, "lower": pd.NA, "upper": float("nan"), "ref": 3.0, "n": None}
    claim = Claim.from_row(row)
    assert (claim.value, claim.lower, claim.upper, claim.ref, claim.value_text, claim.unit) == (1.5, None, None, 3, "1.5", "")
