"""Tests for analysis.audit.audit_tables: the audit appendix's tables as printed."""
import pandas as pd
import pytest

from analysis.audit.audit_tables import (
    comparison_table,
    count_check_table,
    duplicate_table,
    findings_in_reading_order,
    n_check_table,
    ordering_table,
)
from analysis.audit.orderings import ordering_checks
from analysis.audit.percent_checks import percent_count_checks, percent_n_checks
from analysis.ledger.findings import CATEGORIES


def test_count_check_table_lists_sizes_or_none_and_renames():
    checks = pd.DataFrame({"cohort": ["review"], "pct_id": ["x_pct"], "count": [3], "percent": [9.4], "implied_n": [31.914893],
                           "rounding_ns": [(31, 32)], "truncation_ns": [()], "stated_n": [float("nan")]})
    shown = count_check_table(checks)
    assert list(shown.columns) == ["cohort", "percentage row", "count", "percent", "100·count/%", "n (rounded)", "n (cut)", "stated n"]
    row = shown.iloc[0]
    assert (row["n (rounded)"], row["n (cut)"], row["stated n"], row["100·count/%"]) == ("31, 32", "none", "", 31.91)


def test_the_real_checks_fit_their_tables():
    assert len(count_check_table(percent_count_checks())) == len(percent_count_checks())
    by_n = n_check_table(percent_n_checks())
    assert list(by_n.columns) == ["percentage row", "percent", "n", "counts that fit", "survival estimate", "why this n"]
    orderings = ordering_table(ordering_checks())
    assert set(orderings["kind"]) <= {"must hold", "expectation"} and "left" in orderings.columns


def test_duplicate_and_comparison_tables_write_lists_and_agreement():
    duplicates = pd.DataFrame({"doi": ["10.1/a"], "refs": [(15, 67)], "keys": [("a2019", "a2019b")], "title": ["T"]})
    assert duplicate_table(duplicates).iloc[0][["refs", "keys"]].tolist() == ["15, 67", "a2019, a2019b"]
    side = pd.DataFrame({"review_id": ["r1", "r2", "r3"], "review_converted": [1.0, 2.0, 3.0], "primary_id": ["p1", "p2", "p3"],
                         "primary_value": [1.0, 2.5, 3.0], "agrees": [True, False, None], "note": ["", "", ""]})
    assert comparison_table(side)["agrees"].tolist() == ["yes", "no", ""]
    assert "review (on the source's scale)" in comparison_table(side).columns


def test_findings_are_ordered_by_category_then_severity():
    findings = pd.DataFrame({"category": [CATEGORIES[1], CATEGORIES[0], CATEGORIES[0]], "severity": ["high", "low", "high"],
                             "section": ["1", "2", "3"], "finding_id": ["c", "b", "a"]})
    ordered = findings_in_reading_order(findings)
    assert ordered["finding_id"].tolist() == ["a", "b", "c"]
    assert list(ordered.columns) == list(findings.columns)


@pytest.mark.parametrize("shape", [count_check_table, n_check_table, ordering_table, duplicate_table, comparison_table,
                                   findings_in_reading_order])
def test_a_table_without_its_columns_is_refused_by_name(shape):
    with pytest.raises(ValueError, match="lacks column"):
        shape(pd.DataFrame({"other": [1]}))
