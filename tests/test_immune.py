"""Tests for blood-count markers and the simulated NLR cohort (analysis.models.immune)."""
import math

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from analysis.models.immune import (  # noqa: E402
    PLAUSIBLE_MAX_1E9_PER_L,
    SIMULATED_LABEL,
    nlr,
    simulate_blood_counts,
    weekly_summary,
)

CALIBRATION = {"lymphocytes_baseline": 1.65, "lymphocytes_nadir": 0.48, "neutrophils_baseline": 4.0}


# --------------------------------------------------------------------------
# nlr
# --------------------------------------------------------------------------
def test_nlr_of_two_numbers_is_a_float():
    value = nlr(4.2, 1.4)
    assert isinstance(value, float)
    assert value == pytest.approx(3.0)


def test_nlr_accepts_integers_and_numpy_scalars():
    assert nlr(6, 2) == pytest.approx(3.0)
    assert nlr(np.float64(5.0), np.int64(2)) == pytest.approx(2.5)


def test_nlr_works_elementwise_on_arrays_and_broadcasts():
    neutrophils = np.array([2.0, 4.0, 9.0])
    lymphocytes = np.array([1.0, 0.5, 3.0])
    assert nlr(neutrophils, lymphocytes) == pytest.approx([2.0, 8.0, 3.0])
    assert nlr(neutrophils, 2.0) == pytest.approx([1.0, 2.0, 4.5])
    assert nlr([[4.0, 4.0]], [[1.0], [2.0]]).shape == (2, 2)


def test_nlr_keeps_the_index_of_a_series():
    neutrophils = pd.Series([3.0, 6.0], index=["a", "b"])
    result = nlr(neutrophils, pd.Series([1.5, 1.5], index=["a", "b"]))
    assert isinstance(result, pd.Series)
    assert list(result.index) == ["a", "b"]
    assert result.tolist() == pytest.approx([2.0, 4.0])


def test_nlr_rises_when_lymphocytes_fall():
    assert nlr(4.0, 0.5) > nlr(4.0, 1.6)


@pytest.mark.parametrize("bad", [0, -1.0, 0.0])
def test_nlr_rejects_non_positive_lymphocytes_naming_the_argument(bad):
    with pytest.raises(ValueError, match="lymphocytes_1e9_per_l"):
        nlr(4.0, bad)


@pytest.mark.parametrize("bad", [0, -2.0])
def test_nlr_rejects_non_positive_neutrophils_naming_the_argument(bad):
    with pytest.raises(ValueError, match="neutrophils_1e9_per_l"):
        nlr(bad, 1.0)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_nlr_rejects_non_finite_counts(bad):
    with pytest.raises(ValueError, match="neutrophils_1e9_per_l.*finite"):
        nlr(bad, 1.0)
    with pytest.raises(ValueError, match="lymphocytes_1e9_per_l.*finite"):
        nlr(4.0, np.array([1.0, bad]))


@pytest.mark.parametrize("bad", [True, "4.2", None, [], np.array(["1.0"]), 1 + 2j])
def test_nlr_rejects_non_numbers(bad):
    with pytest.raises(ValueError, match="neutrophils_1e9_per_l"):
        nlr(bad, 1.0)


def test_nlr_rejects_counts_that_look_like_cells_per_microlitre():
    with pytest.raises(ValueError, match="neutrophils_1e9_per_l.*cells/uL"):
        nlr(4200, 1.3)
    with pytest.raises(ValueError, match="lymphocytes_1e9_per_l.*cells/uL"):
        nlr(4.2, np.array([1.3, 1300.0]))
    assert nlr(PLAUSIBLE_MAX_1E9_PER_L, 1.0) == pytest.approx(PLAUSIBLE_MAX_1E9_PER_L)


def test_nlr_rejects_shapes_that_do_not_broadcast():
    with pytest.raises(ValueError, match="neutrophils_1e9_per_l.*lymphocytes_1e9_per_l"):
        nlr(np.ones(3), np.ones(2))


# --------------------------------------------------------------------------
# simulate_blood_counts
# --------------------------------------------------------------------------
def test_simulation_returns_a_labelled_long_table():
    table = simulate_blood_counts(**CALIBRATION, n_patients=5, weeks=range(0, 9))
    assert list(table.columns) == ["patient", "week", "neutrophils", "lymphocytes", "nlr"]
    assert len(table) == 5 * 9
    assert sorted(table["patient"].unique()) == [1, 2, 3, 4, 5]
    assert sorted(table["week"].unique()) == list(range(9))
    assert table.attrs["label"] == SIMULATED_LABEL
    assert table.attrs["parameters"]["seed"] == 20250811
    assert (table[["neutrophils", "lymphocytes", "nlr"]] > 0).all().all()
    assert table["nlr"].to_numpy() == pytest.approx(table["neutrophils"] / table["lymphocytes"])


def test_simulation_is_reproducible_with_a_fixed_seed():
    first = simulate_blood_counts(**CALIBRATION, n_patients=20, seed=7)
    again = simulate_blood_counts(**CALIBRATION, n_patients=20, seed=7)
    other = simulate_blood_counts(**CALIBRATION, n_patients=20, seed=8)
    pd.testing.assert_frame_equal(first, again)
    assert not np.allclose(first["nlr"], other["nlr"])


def test_large_cohort_recovers_its_calibration():
    table = simulate_blood_counts(**CALIBRATION, n_patients=20000, weeks=[0, 6], rt_weeks=6, seed=1)
    means = table.groupby("week")[["lymphocytes", "neutrophils"]].mean()
    assert means.loc[0, "lymphocytes"] == pytest.approx(1.65, rel=0.03)
    assert means.loc[6, "lymphocytes"] == pytest.approx(0.48, rel=0.04)
    assert means.loc[0, "neutrophils"] == pytest.approx(4.0, rel=0.03)


def test_without_noise_lymphocytes_fall_to_the_nadir_then_recover():
    table = simulate_blood_counts(**CALIBRATION, n_patients=3, weeks=range(0, 30), rt_weeks=6,
                                  recovery_halftime_weeks=4, between_patient_cv=0, nadir_cv=0,
                                  measurement_cv=0)
    one = table[table["patient"] == 1].set_index("week")["lymphocytes"]
    assert one[0] == pytest.approx(1.65)
    assert one[6] == pytest.approx(0.48)
    assert (np.diff(one.loc[0:6]) < 0).all()          # falls every week of RT
    assert (np.diff(one.loc[6:]) > 0).all()           # recovers afterwards
    assert one[10] == pytest.approx(0.48 + (1.65 - 0.48) / 2)  # one half-time after RT
    assert one[29] < 1.65
    neutrophils = table[table["patient"] == 1]["neutrophils"]
    assert neutrophils.to_numpy() == pytest.approx(4.0)  # stable by default


def test_median_nlr_rises_during_rt_and_falls_during_recovery():
    summary = weekly_summary(simulate_blood_counts(**CALIBRATION, n_patients=200, seed=3))
    median = summary.set_index("week")["median"]
    assert median[6] > 2 * median[0]
    assert median[8] < median[6]


def test_incomplete_recovery_stays_below_baseline():
    kwargs = dict(CALIBRATION, n_patients=1, weeks=[0, 60], between_patient_cv=0, nadir_cv=0, measurement_cv=0)
    full = simulate_blood_counts(**kwargs).set_index("week")["lymphocytes"]
    partial = simulate_blood_counts(**kwargs, recovery_fraction=0.8).set_index("week")["lymphocytes"]
    assert full[60] == pytest.approx(1.65, rel=1e-3)
    assert partial[60] == pytest.approx(0.8 * 1.65, rel=1e-3)


def test_neutrophil_trend_compounds_weekly():
    table = simulate_blood_counts(**CALIBRATION, n_patients=1, weeks=[0, 2], neutrophil_change_per_week=0.1,
                                  between_patient_cv=0, nadir_cv=0, measurement_cv=0)
    assert table["neutrophils"].tolist() == pytest.approx([4.0, 4.0 * 1.1 ** 2])


@pytest.mark.parametrize("name, bad", [
    ("lymphocytes_baseline", 0),
    ("lymphocytes_baseline", -1.0),
    ("lymphocytes_baseline", math.nan),
    ("lymphocytes_baseline", 1650),
    ("neutrophils_baseline", "4"),
    ("neutrophils_baseline", True),
    ("lymphocytes_nadir", 2.0),          # above baseline
    ("n_patients", 0),
    ("n_patients", 2.5),
    ("weeks", []),
    ("weeks", [0, 1, 1]),
    ("weeks", [0, -1]),
    ("weeks", "0-8"),
    ("rt_weeks", 0),
    ("recovery_halftime_weeks", -4),
    ("recovery_fraction", 0),
    ("recovery_fraction", 1.5),
    ("neutrophil_change_per_week", -1.0),
    ("between_patient_cv", -0.1),
    ("nadir_cv", math.inf),
    ("measurement_cv", None),
    ("seed", -1),
    ("seed", 1.5),
])
def test_simulation_rejects_bad_arguments_by_name(name, bad):
    kwargs = dict(CALIBRATION)
    kwargs[name] = bad
    with pytest.raises(ValueError, match=name):
        simulate_blood_counts(**kwargs)


def test_simulation_requires_its_calibration():
    with pytest.raises(TypeError):
        simulate_blood_counts(lymphocytes_baseline=1.65, lymphocytes_nadir=0.48)


# --------------------------------------------------------------------------
# weekly_summary
# --------------------------------------------------------------------------
def test_weekly_summary_gives_median_and_quartiles():
    counts = pd.DataFrame({"week": [0] * 5 + [1] * 5, "nlr": [1, 2, 3, 4, 5, 10, 20, 30, 40, 50]})
    summary = weekly_summary(counts)
    assert summary["week"].tolist() == [0, 1]
    assert summary["n"].tolist() == [5, 5]
    assert summary["median"].tolist() == pytest.approx([3, 30])
    assert summary["lower"].tolist() == pytest.approx([2, 20])
    assert summary["upper"].tolist() == pytest.approx([4, 40])


def test_weekly_summary_other_column_and_quantiles():
    counts = pd.DataFrame({"week": [2, 2, 2], "lymphocytes": [0.5, 1.0, 1.5]})
    summary = weekly_summary(counts, "lymphocytes", lower_q=0.0, upper_q=1.0)
    assert summary.loc[0, ["median", "lower", "upper"]].tolist() == pytest.approx([1.0, 0.5, 1.5])


@pytest.mark.parametrize("kwargs, match", [
    ({"column": "platelets"}, "platelets"),
    ({"lower_q": 0.8, "upper_q": 0.2}, "lower_q"),
    ({"upper_q": 1.5}, "upper_q"),
])
def test_weekly_summary_rejects_bad_arguments(kwargs, match):
    counts = pd.DataFrame({"week": [0, 0], "nlr": [1.0, 2.0]})
    with pytest.raises(ValueError, match=match):
        weekly_summary(counts, **kwargs)


def test_weekly_summary_rejects_non_frames_and_empty_frames():
    with pytest.raises(ValueError, match="counts"):
        weekly_summary([1, 2, 3])
    with pytest.raises(ValueError, match="counts"):
        weekly_summary(pd.DataFrame({"week": [], "nlr": []}))
