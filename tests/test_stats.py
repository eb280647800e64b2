"""Unit and property tests for analysis.models.stats."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.models.stats import (
    consistent_counts,
    consistent_denominators,
    count_percent_denominators,
    fisher_exact,
    patients_per_arm,
    plausible_group_sizes,
    printed_decimals,
    proportion_ci,
    smallest_denominator,
)


def test_exact_interval_matches_published_clopper_pearson_value():
    # 39/66: Clopper–Pearson 95% CI 0.4630–0.7104 (computed independently from the beta quantiles).
    result = proportion_ci(39, 66)
    assert result.estimate == pytest.approx(39 / 66)
    assert result.lower == pytest.approx(0.46299, abs=1e-4)
    assert result.upper == pytest.approx(0.71040, abs=1e-4)
    assert str(result) == "59.1% (39/66; 95% CI 46.3–71.0%)"


def test_wilson_is_narrower_than_exact_for_a_small_sample():
    exact, wilson = proportion_ci(18, 19), proportion_ci(18, 19, method="wilson")
    assert wilson.upper - wilson.lower < exact.upper - exact.lower
    assert wilson.method == "wilson" and exact.method == "clopper-pearson"


def test_all_events_gives_upper_bound_one():
    assert proportion_ci(19, 19).upper == 1.0
    assert proportion_ci(0, 19).lower == 0.0


@settings(max_examples=200, deadline=None)
@given(n=st.integers(1, 500), data=st.data(), method=st.sampled_from(["exact", "wilson"]))
def test_interval_contains_estimate_and_stays_in_unit_interval(n, data, method):
    count = data.draw(st.integers(0, n))
    result = proportion_ci(count, n, method=method)
    assert 0.0 <= result.lower <= result.estimate <= result.upper <= 1.0


@settings(max_examples=50, deadline=None)
@given(n=st.integers(2, 200), data=st.data())
def test_higher_confidence_gives_wider_interval(n, data):
    count = data.draw(st.integers(0, n))
    narrow, wide = proportion_ci(count, n, confidence=0.8), proportion_ci(count, n, confidence=0.99)
    assert wide.lower <= narrow.lower and wide.upper >= narrow.upper


def test_denominator_helper_finds_18_of_19_for_94_7_percent():
    assert consistent_denominators("94.7", 40) == [(18, 19), (36, 38)]
    assert consistent_denominators(94.7, 19, decimals=1)[0] == (18, 19)


def test_trailing_zero_precision_must_be_given_explicitly():
    # 40.0 reported with one decimal allows only exact multiples of 2/5 up to 40 patients.
    assert consistent_denominators(40.0, 40, decimals=1) == [(2 * k, 5 * k) for k in range(1, 9)]
    # Read as a whole percentage (40), near misses such as 19/47 = 40.4% also round to it.
    assert (19, 47) in consistent_denominators("40", 50)
    assert consistent_denominators("40.0", 40) == consistent_denominators(40.0, 40, decimals=1)


def test_a_float_alone_cannot_say_how_many_decimals_were_printed():
    # Issue 10: 59.0 as a float is 59; read as a whole percentage, 39/66 (59.09%) would "fit".
    with pytest.raises(ValueError, match=r"^decimals: .*59.0"):
        consistent_denominators(59.0, 70)
    assert (39, 66) not in consistent_denominators("59.0", 70)
    assert (39, 66) in consistent_denominators("59", 70)
    with pytest.raises(ValueError, match=r"^decimals=0 disagrees with the 1 decimal"):
        consistent_denominators("59.0", 70, decimals=0)
    with pytest.raises(ValueError, match=r"^decimals_b"):
        plausible_group_sizes("94.7", 40.0, max_total=80)


def test_truncated_percentages_are_not_reproduced():
    # The Cho et al. abstract prints 39/66 = 59.09% as 59.0%; rounding would give 59.1%.
    assert consistent_counts(59.0, 66, decimals=1) == []
    assert consistent_counts("59.1", 66) == [39]


@settings(max_examples=200, deadline=None)
@given(n=st.integers(1, 300), data=st.data())
def test_a_true_fraction_is_always_found_again(n, data):
    count = data.draw(st.integers(0, n))
    reported = round(100 * count / n, 1)
    assert count in consistent_counts(reported, n, decimals=1)


def test_fisher_exact_against_scipy_reference_value():
    # Tea-tasting table [[3, 1], [1, 3]]: two-sided p = 0.4857.
    assert fisher_exact(3, 4, 1, 4) == pytest.approx(0.485714, abs=1e-6)


def test_plausible_group_sizes_respects_the_total():
    pairs = plausible_group_sizes("94.7", 40.0, max_total=80, decimals_b=1)
    assert len(pairs) == 25
    assert (pairs.n_a + pairs.n_b).max() <= 80
    first = pairs.iloc[0]
    assert (first.count_a, first.n_a, first.count_b, first.n_b) == (18, 19, 2, 5)
    assert ((pairs.lower_a <= 100 * pairs.count_a / pairs.n_a) & (pairs.p_fisher <= 1)).all()


@pytest.mark.parametrize(
    "call, argument",
    [
        (lambda: proportion_ci(5, 0), "n"),
        (lambda: proportion_ci(-1, 5), "count"),
        (lambda: proportion_ci(6, 5), "count"),
        (lambda: proportion_ci(2.5, 5), "count"),
        (lambda: proportion_ci(True, 5), "count"),
        (lambda: proportion_ci(2, 5, method="bayes"), "method"),
        (lambda: proportion_ci(2, 5, confidence=95), "confidence"),
        (lambda: fisher_exact(3, 2, 1, 4), "count_a"),
        (lambda: fisher_exact(1, 2, 1, 0), "n_b"),
        (lambda: fisher_exact(1, 2, 1, 4, alternative="bigger"), "alternative"),
        (lambda: consistent_counts(101, 10, decimals=0), "percent"),
        (lambda: consistent_counts(float("nan"), 10, decimals=0), "percent"),
        (lambda: consistent_counts("fifty", 10), "percent"),
        (lambda: consistent_counts(50, 10), "decimals"),
        (lambda: consistent_denominators("50", 0), "max_n"),
        (lambda: consistent_denominators("50", 10, min_n=20), "min_n"),
        (lambda: plausible_group_sizes("50", "50", max_total=1), "max_total"),
    ],
)
def test_bad_arguments_name_the_argument(call, argument):
    with pytest.raises(ValueError, match=rf"^{argument}\b"):
        call()


# ---------------------------------------------------------------- denominators of a count and a percentage
def test_count_percent_denominators_rounding_and_truncation():
    assert count_percent_denominators(39, 59.0, decimals=1) == {"rounding": (), "truncation": (66,)}
    assert count_percent_denominators(7, 11, decimals=0) == {"rounding": (61, 62, 63, 64, 65, 66), "truncation": (59, 60, 61, 62, 63)}
    assert count_percent_denominators(7, "10.6") == {"rounding": (66,), "truncation": (66,)}
    assert count_percent_denominators(0, "0.0") == {"rounding": (), "truncation": ()}


@pytest.mark.parametrize(
    "args, message",
    [((-1, 50.0), "count"), ((2.5, 50.0), "count"), ((3, 101.0), "percent"), ((3, 50.0, -1), "decimals"), ((True, 50.0), "count")],
)
def test_count_percent_denominators_rejects_bad_arguments(args, message):
    with pytest.raises(ValueError, match=message):
        count_percent_denominators(*args)


def test_smallest_denominator():
    assert smallest_denominator(40.0, decimals=1) == 5
    assert smallest_denominator("94.7") == 19
    with pytest.raises(ValueError, match="percent"):
        smallest_denominator(0.1, decimals=1, max_n=5)


def test_printed_decimals():
    assert [printed_decimals(t) for t in ("59.0", "94.7", "66", " 0.001 ")] == [1, 1, 0, 3]


# ---------------------------------------------------------------- trial size
def test_patients_per_arm_textbook_value():
    # 60% vs 40%, two-sided 5%, 80% power: the classic answer is 97 per arm.
    assert patients_per_arm(0.4, 0.6) == 97
    assert patients_per_arm(0.6, 0.4) == 97


def test_patients_per_arm_behaves():
    base = patients_per_arm(0.334, 0.429)
    assert patients_per_arm(0.334, 0.429, power=0.9) > base
    assert patients_per_arm(0.334, 0.429, alpha=0.01) > base
    assert patients_per_arm(0.4, 0.947) < 20 < base


@pytest.mark.parametrize(
    ("kwargs", "word"),
    [
        ({"p_control": 40, "p_treatment": 0.9}, "p_control"),
        ({"p_control": 0.4, "p_treatment": 1.0}, "p_treatment"),
        ({"p_control": 0.4, "p_treatment": 0.4}, "p_treatment"),
        ({"p_control": 0.4, "p_treatment": 0.6, "alpha": 0}, "alpha"),
        ({"p_control": 0.4, "p_treatment": 0.6, "power": True}, "power"),
        ({"p_control": float("nan"), "p_treatment": 0.6}, "p_control"),
    ],
)
def test_patients_per_arm_bad_arguments(kwargs, word):
    with pytest.raises(ValueError, match=word):
        patients_per_arm(**kwargs)


def test_truncated_percent_cuts_instead_of_rounding():
    from analysis.models.stats import truncated_percent

    assert truncated_percent(39, 66) == 59.0 and truncated_percent(39, 66, 2) == 59.09 and truncated_percent(2, 3, 0) == 66


def test_fisher_p_range_spans_every_pairing():
    from analysis.models.stats import fisher_exact, fisher_p_range

    low, high = fisher_p_range([(5, 10), (10, 20)], [(1, 10), (2, 20)])
    every = [fisher_exact(5, 10, 1, 10), fisher_exact(5, 10, 2, 20), fisher_exact(10, 20, 1, 10), fisher_exact(10, 20, 2, 20)]
    assert (low, high) == (min(every), max(every))
    assert low < high
    with pytest.raises(ValueError, match="options_a and options_b"):
        fisher_p_range([], [(1, 10)])


def test_group_size_p_texts_reads_the_pairs_against_the_bound():
    import pandas as pd

    from analysis.models.stats import group_size_p_texts

    pairs = pd.DataFrame({"count_a": [9, 18, 9], "n_a": [10, 20, 10], "count_b": [1, 2, 4], "n_b": [10, 20, 10],
                          "p_fisher": [0.0011, 0.0000021, 0.057]})
    texts = group_size_p_texts(pairs, 0.001)
    assert texts == {"n_pairs": 3, "n_pairs_p_ok": 1, "p_max": "0.057", "p_min": "0.000002", "smallest_ok_pair": "18/20 vs 2/20"}
    assert group_size_p_texts(pairs, 0.01)["smallest_ok_pair"] == "9/10 vs 1/10"   # the smaller total wins
    with pytest.raises(ValueError, match="no pair of group sizes gives p < 1e-07"):
        group_size_p_texts(pairs, 1e-7)
