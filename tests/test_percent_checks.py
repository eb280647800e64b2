"""analysis.audit.percent_checks: percentages against counts and group sizes, synthetic and real."""
import pytest

from analysis.audit import percent_checks
from .synthetic import make_claims


def percent_claims():
    return make_claims(
        {"claim_id": "grade3_count", "ref": 55, "value": 39, "unit": "patients"},
        {"claim_id": "grade3_pct", "ref": 55, "value": 59.0, "value_text": "59.0", "unit": "%"},
        {"claim_id": "persist_count", "ref": 55, "value": 7},
        {"claim_id": "persist_pct", "ref": 55, "value": 10.6, "value_text": "10.6", "unit": "%"},
        {"claim_id": "os_count_primary", "source": "primary", "ref": 68, "value": 18, "n": 19},
        {"claim_id": "os_pct_primary", "source": "primary", "ref": 68, "value": 94.7, "value_text": "94.7", "unit": "%"},
        {"claim_id": "lonely_count", "ref": 1, "value": 3},
    )


def test_percent_count_checks_exact_denominators():
    table = percent_checks.percent_count_checks(percent_claims()).set_index("pct_id")
    assert list(table.index) == ["grade3_pct", "os_pct_primary", "persist_pct"]
    assert table.loc["grade3_pct", "rounding_ns"] == ()
    assert table.loc["grade3_pct", "truncation_ns"] == (66,)
    assert table.loc["grade3_pct", "implied_n"] == pytest.approx(66.1017, abs=1e-4)
    assert table.loc["persist_pct", "rounding_ns"] == (66,)
    assert table.loc["os_pct_primary", "rounding_ns"] == (19,)
    assert table.loc["os_pct_primary", "stated_n"] == 19
    assert table.loc["os_pct_primary", "exact_at_stated_n"] == pytest.approx(100 * 18 / 19)
    # The two statements about ref 55 share no rounding denominator, but truncation fits both at 66.
    assert table.loc["grade3_pct", "cohort_rounding_ns"] == ()
    assert table.loc["persist_pct", "cohort_truncation_ns"] == (66,)
    assert table.loc["grade3_pct", "cohort"] == "review ref 55"
    assert "no whole n makes 39 round to 59.0%" in table.loc["grade3_pct", "verdict"]


def test_percent_count_checks_without_pairs_is_empty_and_bad_count_fails():
    assert percent_checks.percent_count_checks(make_claims({"claim_id": "x_count", "value": 3})).empty
    bad = make_claims({"claim_id": "x_count", "value": 3.5}, {"claim_id": "x_pct", "value": 10.0, "unit": "%"})
    with pytest.raises(ValueError, match="whole count"):
        percent_checks.percent_count_checks(bad)


def test_percent_n_checks_uses_n_column_and_declared_pairs():
    frame = make_claims(
        {"claim_id": "sbrt_pct", "value": 13.8, "value_text": "13.8", "unit": "%", "statistic": "proportion", "quantity": "severe lymphopenia"},
        {"claim_id": "sbrt_n", "value": 32, "unit": "patients"},
        {"claim_id": "share_pct", "value": 12.5, "value_text": "12.5", "unit": "%", "n": 32, "statistic": "proportion"},
        {"claim_id": "os_pct", "value": 42.9, "value_text": "42.9", "unit": "%", "n": 476, "statistic": "proportion", "quantity": "5-year overall survival"},
    )
    table = percent_checks.percent_n_checks(frame, pairs=[("sbrt_pct", "sbrt_n", "the SBRT group")]).set_index("pct_id")
    assert table.loc["sbrt_pct", "counts"] == ()
    assert table.loc["share_pct", "counts"] == (4,)
    assert table.loc["os_pct", "counts"] == (204,)
    assert bool(table.loc["os_pct", "time_to_event"]) and not bool(table.loc["sbrt_pct", "time_to_event"])
    with pytest.raises(ValueError, match="pairs: claim_id 'nope'"):
        percent_checks.percent_n_checks(frame, pairs=[("nope", "sbrt_n", "x")])


def test_real_percent_checks_find_the_cho_rounding_slip():
    table = percent_checks.percent_count_checks().set_index("pct_id")
    for pct_id in ("lymphopenia_grade3_pct", "lymphopenia_recovered_pct"):
        assert table.loc[pct_id, "rounding_ns"] == ()
        assert table.loc[pct_id, "truncation_ns"] == (66,)
    assert table.loc["lymphopenia_persistent_pct", "rounding_ns"] == (66,)
    assert table.loc["cho2022_grade3_pct_primary", "stated_n"] == 66


def test_load_percent_denominators(tmp_path):
    path = tmp_path / "denominators.csv"
    path.write_text("pct_id,n_id,reason\nsbrt_pct,sbrt_n,the SBRT group\nsbrt_pct,sbrt_n,again\nx_pct,nope,\n", encoding="utf-8")
    with pytest.raises(percent_checks.PercentDenominatorsError) as caught:
        percent_checks.load_percent_denominators(path, claim_ids={"sbrt_pct", "sbrt_n", "x_pct"})
    message = str(caught.value)
    assert "denominators.csv, line 3, column 'pct_id': the key (pct_id, n_id) must be unique; (sbrt_pct, sbrt_n) is also on line 2" in message
    assert "line 4, column 'n_id': is not a claim_id of data/claims.csv" in message
    assert "line 4, column 'reason': must not be empty" in message
    real = percent_checks.load_percent_denominators()
    assert real[0] == ("tachihara2023_orr_primary", "tachihara2023_n_primary", "full analysis set of the single-arm trial")


def test_count_percent_table_shows_rounded_and_cut_percentages():
    from analysis.ledger import evidence

    groups = {"grade >= 3": (evidence.claim("lymphopenia_grade3_count"), evidence.claim("lymphopenia_grade3_pct"))}
    table = percent_checks.count_percent_table(groups, 66)
    row = table.loc["grade >= 3"]
    assert (row["count"], row["exact %"], row["printed"], row["rounded"], row["truncated"]) == (39, 59.09, "59.0%", "59.1%", "59.0%")
    assert row["n that round to the printed % (≤ 200)"] == "none"
