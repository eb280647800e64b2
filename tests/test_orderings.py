"""analysis.audit.orderings: rules evaluated exactly; the rule table loads, names bad cells, and fails where expected."""
import pytest

from analysis.audit import orderings
from .synthetic import make_claims


def ordering_claims():
    return make_claims(
        {"claim_id": "severe_risk", "value": 65},
        {"claim_id": "grade4_risk", "value": 50},
        {"claim_id": "low_band", "lower": 0.1, "upper": 1.0},
        {"claim_id": "std_band", "lower": 1.8, "upper": 2.2},
        {"claim_id": "arm_a", "value": 355},
        {"claim_id": "arm_b", "value": 359},
        {"claim_id": "total", "value": 714},
        {"claim_id": "p_value", "upper": 0.001},
    )


def test_ordering_checks_evaluate_rules_exactly():
    rules = [
        orderings.OrderingRule("grade", "severe_risk", "<=", "grade4_risk", "risk rises with grade"),
        orderings.OrderingRule("bands", "low_band.upper", "<", "std_band.lower", "no overlap"),
        orderings.OrderingRule("arms", "arm_a + arm_b", "==", "total", "arms add up"),
        orderings.OrderingRule("p", "p_value", "<", "0.05", "single bound used"),
    ]
    table = orderings.ordering_checks(ordering_claims(), rules).set_index("check_id")
    assert table["holds"].to_dict() == {"grade": False, "bands": True, "arms": True, "p": True}
    assert table.loc["arms", "left_value"] == 714
    assert table.loc["bands", "left_value"] == 1.0 and table.loc["bands", "right_value"] == 1.8


@pytest.mark.parametrize(
    "rule, message",
    [
        (orderings.OrderingRule("x", "missing_id", "<", "total", "r"), "not in the ledger"),
        (orderings.OrderingRule("x", "low_band", "<", "total", "r"), "is a range"),
        (orderings.OrderingRule("x", "arm_a", "=>", "total", "r"), "relation must be one of"),
        (orderings.OrderingRule("x", "arm_a.middle", "<", "total", "r"), "cannot read term"),
    ],
)
def test_ordering_checks_reject_bad_rules(rule, message):
    with pytest.raises(ValueError, match=message):
        orderings.ordering_checks(ordering_claims(), [rule])


def test_real_rules_break_where_expected_and_the_expectation_is_reported_apart():
    table = orderings.ordering_checks().set_index("check_id")
    broken = table[~table["holds"]]
    assert set(broken.index[broken["kind"] == "must_hold"]) == set()
    # Two readings of Cho 2022's undefined "recovered" are expectations; only the complementary-groups reading holds
    assert set(broken.index[broken["kind"] == "expectation"]) == {"ril_risk_grows_with_grade", "cho_outcomes_within_lymphopenic"}
    assert table.loc["cho_outcomes_cover_cohort", "holds"]
    assert set(table["kind"]) == set(orderings.KINDS)


HEADER = ",".join(orderings.ORDERING_COLUMNS)
KNOWN = {"arm_a", "arm_b", "total"}


def write_rules(tmp_path, *lines):
    path = tmp_path / "ordering_rules.csv"
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def test_load_ordering_rules_reads_rules_and_kinds(tmp_path):
    rules = orderings.load_ordering_rules(write_rules(
        tmp_path, "arms,must_hold,arm_a + arm_b,==,total,arms add up", "small,expectation,arm_a.upper,<,10,a guess"),
        claim_ids=KNOWN)
    assert rules[0] == orderings.OrderingRule("arms", "arm_a + arm_b", "==", "total", "arms add up", "must_hold")
    assert rules[1].kind == "expectation" and rules[1].left == "arm_a.upper"


def test_load_ordering_rules_names_file_line_column_and_rule(tmp_path):
    with pytest.raises(orderings.OrderingRulesError) as caught:
        orderings.load_ordering_rules(write_rules(
            tmp_path, "arms,must_hold,arm_a + arm_b,==,total,ok", "arms,maybe,arm_a.middle,=>,nope,",
            "Bad-Id,expectation,arm_a,<,total,r"), claim_ids=KNOWN)
    message = str(caught.value)
    assert "ordering_rules.csv, line 3, column 'check_id': must be unique" in message
    assert "line 3, column 'kind': is not one of must_hold, expectation" in message
    assert "line 3, column 'left': cannot read term 'arm_a.middle'" in message
    assert "line 3, column 'relation'" in message
    assert "line 3, column 'right': 'nope' is not a claim_id of data/claims.csv" in message
    assert "line 3, column 'reason': must not be empty" in message
    assert "line 4, column 'check_id': does not match" in message
