"""Tests for the Kaplan–Meier sketch generator (analysis.models.survival) and its figure (analysis.plots.survival_curves)."""
from fractions import Fraction
import math

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from analysis.models.km_compare import km_curve, survival_at  # noqa: E402
from analysis.models.survival import (  # noqa: E402
    Calibration,
    km_table,
    model_survival,
    piecewise_hazards,
    simulate_cohort,
    simulate_hazard_ratio_pair,
)
from analysis.plots.survival_curves import plot_km_sketch  # noqa: E402

SIX_MONTHS_947 = Calibration(((6, 0.947),))


def test_single_milestone_gives_the_exponential_rate():
    ((start, end, hazard),) = piecewise_hazards(SIX_MONTHS_947)
    assert (start, end) == (0.0, math.inf)
    assert hazard == pytest.approx(-math.log(0.947) / 6)


def test_model_passes_through_every_milestone():
    calibration = Calibration(((6, 0.8), (12, 0.5), (24, 0.3)))
    assert model_survival(calibration, [0, 6, 12, 24]) == pytest.approx([1.0, 0.8, 0.5, 0.3])


@pytest.mark.parametrize("calibration", [SIX_MONTHS_947, Calibration(((6, 0.4),)), Calibration(((3, 0.9), (12, 0.5)))])
def test_large_simulated_cohort_recovers_its_calibration(calibration):
    # With 20 000 patients the KM estimate's standard error is < 0.004; allow 0.01.
    cohort = simulate_cohort(20_000, calibration, follow_up=24, seed=11)
    times = list(calibration.times)
    estimated = km_table(cohort, times)["survival"].to_numpy()
    expected = [surv for _, surv in calibration.milestones]
    assert estimated == pytest.approx(expected, abs=0.01)


def test_km_table_interval_is_the_step_lifelines_reports_between_event_times():
    from lifelines import KaplanMeierFitter

    cohort = pd.DataFrame({"time": [1.0, 2.0, 2.5, 4.0, 5.0, 7.0, 8.0, 10.0], "event": [1, 1, 0, 1, 1, 0, 1, 1]})
    ci = KaplanMeierFitter().fit(cohort["time"], cohort["event"]).confidence_interval_survival_function_
    times = [0.0, 0.5, 1.5, 3.0, 4.5, 6.0, 7.5, 9.0, 10.0, 12.0]   # mostly between event times
    table = km_table(cohort, times)
    for row in table.itertuples():
        step = ci[ci.index <= row.time].iloc[-1]          # the value at the last time at or before t
        assert (row.lower, row.upper) == pytest.approx((step.iloc[0], step.iloc[1]))
        assert row.lower <= row.survival <= row.upper
    # Halfway between the events at 4 and 5 months the interval has not moved yet (linear interpolation would)
    between = table.set_index("time").loc[4.5]
    assert between["lower"] == pytest.approx(ci.loc[4.0].iloc[0])
    assert between["lower"] != pytest.approx(ci.loc[5.0].iloc[0])


#: Deaths tied with deaths (two at 2 months) and with censorings (4 months), a death at time 0, censorings last.
TIED = pd.DataFrame({"time": [0.0, 1, 2, 2, 3, 4, 4, 5, 6, 6, 8, 9], "event": [1, 1, 1, 1, 0, 1, 0, 1, 0, 1, 1, 0]})


def kaplan_meier_by_hand(cohort: pd.DataFrame) -> dict[float, Fraction]:
    """The product-limit estimate just after each event time, in exact fractions."""
    survival, estimate = Fraction(1), {}
    for time in sorted(set(cohort.loc[cohort["event"] == 1, "time"])):
        at_risk = int((cohort["time"] >= time).sum())
        deaths = int(((cohort["time"] == time) & (cohort["event"] == 1)).sum())
        survival *= Fraction(at_risk - deaths, at_risk)
        estimate[time] = survival
    return estimate


def test_the_curve_and_the_table_are_one_kaplan_meier_estimator():
    # km_curve (the reconstruction chapter's curves) and km_table (the sketches' milestones) both read
    # km_compare.km_fitter: the same survival at every time, to the last bit, and the product-limit values.
    curve = km_curve(TIED)
    times = [0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 4.5, 5.0, 6.0, 7.0, 8.0, 9.0]
    table = km_table(TIED, times)
    assert np.array_equal(survival_at(curve, times), table["survival"].to_numpy())
    by_hand = kaplan_meier_by_hand(TIED)
    assert list(curve["time"]) == [0.0, 1.0, 2.0, 4.0, 5.0, 6.0, 8.0, 9.0]   # event times, then the end of follow-up
    assert curve["survival"].iloc[:-1].to_numpy() == pytest.approx([float(by_hand[t]) for t in curve["time"].iloc[:-1]], abs=1e-12)
    assert curve["survival"].iloc[0] == pytest.approx(11 / 12)   # the death at time 0 is counted at time 0


def test_the_sketch_figure_draws_the_same_estimate():
    fig, ax = plt.subplots()
    plot_km_sketch(TIED.assign(group="tied"), ax=ax)
    (line,) = [line for line in ax.get_lines() if line.get_label() == "tied"]
    assert set(km_curve(TIED)["survival"]) <= set(line.get_ydata())
    plt.close(fig)


def test_km_table_rejects_a_negative_time():
    with pytest.raises(ValueError):
        km_table(pd.DataFrame({"time": [1.0, 2.0], "event": [1, 1]}), [-1.0])


def test_same_seed_same_cohort_and_different_seed_differs():
    first = simulate_cohort(50, SIX_MONTHS_947, follow_up=12, seed=3)
    again = simulate_cohort(50, SIX_MONTHS_947, follow_up=12, seed=3)
    other = simulate_cohort(50, SIX_MONTHS_947, follow_up=12, seed=4)
    pd.testing.assert_frame_equal(first, again)
    assert not first.equals(other)


def test_censoring_at_follow_up_and_by_dropout():
    cohort = simulate_cohort(2_000, Calibration(((6, 0.4),)), follow_up=12, seed=1, dropout_rate=0.05)
    assert cohort["time"].max() <= 12
    censored_early = cohort[(cohort.event == 0) & (cohort.time < 12)]
    assert len(censored_early) > 0  # dropout produced censoring before the end
    assert set(cohort["event"].unique()) <= {0, 1}


@settings(max_examples=6, deadline=None)
@given(ratio=st.floats(1.2, 4.0))
def test_hazard_ratio_pair_recovers_its_ratio(ratio):
    from lifelines import CoxPHFitter

    pair = simulate_hazard_ratio_pair(3_000, Calibration(((12, 0.6),)), ratio, follow_up=36, seed=7, labels=("ref", "exposed"))
    frame = pair.assign(exposed=(pair.group == "exposed").astype(int)).drop(columns="group")
    fitted = CoxPHFitter().fit(frame, "time", "event").hazard_ratios_["exposed"]
    assert fitted == pytest.approx(ratio, rel=0.12)


def test_plot_draws_one_curve_per_group_and_an_at_risk_table():
    pair = simulate_hazard_ratio_pair(30, SIX_MONTHS_947, 2.0, follow_up=12, seed=2, labels=("a", "b"))
    fig, ax = plt.subplots()
    plot_km_sketch(pair, ax=ax, at_risk_times=[0, 6, 12], milestones={"a": (6, 0.947)})
    labels = [line.get_label() for line in ax.get_lines() if not line.get_label().startswith("_")]
    assert labels[:2] == ["a", "b"]
    assert "simulated" in ax.get_ylabel()
    assert len(fig.axes) >= 2  # lifelines adds the at-risk table as extra axes
    plt.close(fig)


@pytest.mark.parametrize(
    "make, argument",
    [
        (lambda: Calibration(()), "milestones"),
        (lambda: Calibration(((6, 1.2),)), "survival"),
        (lambda: Calibration(((6, 0.0),)), "survival"),
        (lambda: Calibration(((-1, 0.5),)), "milestone time"),
        (lambda: Calibration(((6, 0.5), (3, 0.4))), "times must increase"),
        (lambda: Calibration(((3, 0.4), (6, 0.5))), "cannot increase"),
        (lambda: simulate_cohort(0, SIX_MONTHS_947, follow_up=12, seed=1), "n"),
        (lambda: simulate_cohort(10, SIX_MONTHS_947, follow_up=-1, seed=1), "follow_up"),
        (lambda: simulate_cohort(10, SIX_MONTHS_947, follow_up=12, seed=-1), "seed"),
        (lambda: simulate_cohort(10, SIX_MONTHS_947, follow_up=12, seed=1, hazard_ratio=0), "hazard_ratio"),
        (lambda: simulate_cohort(10, SIX_MONTHS_947, follow_up=12, seed=1, dropout_rate=-0.1), "dropout_rate"),
        (lambda: model_survival(SIX_MONTHS_947, [-1]), "times"),
        (lambda: plot_km_sketch(simulate_cohort(10, SIX_MONTHS_947, follow_up=12, seed=1)), "group"),
        (lambda: km_table(pd.DataFrame({"time": [1.0], "event": [2]}), [1.0]), "event"),
    ],
)
def test_bad_arguments_raise_value_error_naming_them(make, argument):
    with pytest.raises(ValueError, match=argument):
        make()
