"""analysis.audit.evidence_table: the ledger as one self-contained, deterministic HTML table."""
import re

import pytest

from analysis.audit import evidence_table
from .synthetic import make_claims


def table_claims():
    return make_claims(
        {"claim_id": "b_pct", "section": "3.3", "ref": 55, "doi": "10.1/x", "key": "cho2022", "value": 59.0,
         "value_text": "59.0", "unit": "%", "setting": "retrospective cohort", "evidence_level": "clinical: observational",
         "quantity": "grade <3> share & more"},
        {"claim_id": "a_dose", "section": "5", "lower": 0.1, "upper": 1.0, "qualifier": "range", "unit": "Gy",
         "setting": "review", "evidence_level": "review", "ref": 71, "doi": "10.1/y", "key": "demaria2021"},
        {"claim_id": "c_trial", "section": "4.2", "source": "primary", "value": 713, "unit": "patients", "n": 713,
         "setting": "phase III trial", "doi": "10.1/z", "key": "antonia2017"},
    )


def test_evidence_table_html_is_self_contained_and_deterministic():
    first = evidence_table.evidence_table_html(table_claims(), table_id="t1")
    assert first == evidence_table.evidence_table_html(table_claims(), table_id="t1")
    assert first.count("<tr") == 4  # header + three rows
    assert first.startswith('<div id="t1"') and 'document.getElementById("t1")' in first
    assert '<a href="https://doi.org/10.1/x">cho2022 (ref 55)</a>' in first
    assert "0.1–1 Gy" in first and "59.0%" in first
    assert "grade &lt;3&gt; share &amp; more" in first  # text is escaped
    assert "<script src" not in first and "cdn" not in first.lower()
    assert re.findall(r'<option value="([^"]*)">', first)[:4] == ["", "3.3", "4.2", "5"]
    assert 'data-ref="not cited by the review"' in first
    # sections sort numerically: 3.3 before 4.2 before 5
    assert first.index("b_pct") < first.index("c_trial") < first.index("a_dose")


def test_evidence_table_html_rejects_bad_id():
    with pytest.raises(ValueError, match="table_id"):
        evidence_table.evidence_table_html(table_claims(), table_id="1 bad id")
