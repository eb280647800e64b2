"""Tests for what the methods chapter on survival curves adds to analysis.

* sketch_error.one_milestone_gap_summary — the number other chapters' sketch captions quote;
* sketch_error.sketch_gap_texts, milestone_gap_texts and km_compare's exercise answers — what the chapter glues;
* kmdata's exercise files — committed bytes equal what the seeded generator writes, strict reading;
* plots.survival_curves — each figure draws what it claims (found through the artists' gids), and bad input.
"""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import analysis  # noqa: E402
from analysis.ledger.kmdata import (  # noqa: E402
    EXERCISE_FILES,
    EXERCISE_SOURCE,
    KmDataError,
    load_catalogue,
    load_exercise,
    load_ipd,
)
from analysis.models.km_compare import (  # noqa: E402
    HazardRatio,
    careless_rebuild,
    cox_hazard_ratio,
    digitise_noisy,
    event_count,
    exercise_digitisation,
    exercise_round_trip,
    rebuild_exercise,
    reconstruction_exercise_texts,
    round_trip,
    write_exercise_files,
    km_curve,
    max_vertical_distance,
    numbers_at_risk,
)
from analysis.models.reconstruct import reconstruct_ipd  # noqa: E402
from analysis.models.sketch_error import (  # noqa: E402
    milestone_gap_texts,
    one_milestone_gap_summary,
    sketch_curves,
    sketch_gap_texts,
    sketch_distance,
    sketch_distance_table,
    sketch_table_display,
)
from analysis.models.survival import Calibration, model_survival, simulate_cohort  # noqa: E402
from analysis.plots.survival_curves import (  # noqa: E402
    plot_digitisation,
    plot_round_trip,
    plot_sketch_grid,
    plot_sketch_recipe,
)

KMDATA = analysis.DATA_DIR / "kmdata"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def table():
    return sketch_distance_table()


def all_axes(fig):
    """The figure's axes and their insets."""
    return [inner for ax in fig.axes for inner in (ax, *ax.child_axes)]


def by_gid(fig, prefix):
    return [line for ax in all_axes(fig) for line in ax.lines if (line.get_gid() or "").startswith(prefix)]


# --- the summary other chapters glue ---------------------------------------------------------------


def test_gap_summary_is_the_worst_and_median_of_the_table(table):
    summary = one_milestone_gap_summary()
    assert summary.n_curves == len(table) == 12
    assert summary.worst == table["one_max_gap"].max()
    assert summary.median == pytest.approx(table["one_max_gap"].median())
    worst = table.loc[table["one_max_gap"].idxmax()]
    assert (summary.worst_data_set, summary.worst_arm, summary.worst_endpoint) == (worst["data_set"], worst["arm"], worst["endpoint"])
    assert summary.milestone_months == 12
    assert 0 < summary.median <= summary.worst < 1


def test_gap_summary_texts_are_whole_percentage_points():
    summary = one_milestone_gap_summary(names=["RTOG0617_2A"])
    assert summary.n_curves == 2
    expected = max(sketch_distance(load_ipd("RTOG0617_2A").query("arm == @arm"), (12,)).max_gap for arm in ("60gy", "74gy"))
    assert summary.worst == expected
    assert summary.worst_text == f"{round(100 * expected)} percentage points"
    assert summary.median_text.endswith(" percentage points") and summary.median_text.split()[0].isdigit()
    with pytest.raises(ValueError, match="unknown"):
        one_milestone_gap_summary(names=["NOPE"])


def test_sketch_gap_texts_are_the_summary_and_the_table_in_words(table):
    texts = sketch_gap_texts(table)
    summary = one_milestone_gap_summary()
    assert (texts["gap_worst"], texts["gap_median"], texts["gap_n_curves"]) == (summary.worst_text, summary.median_text, 12)
    assert texts["gap_two_better"] + texts["gap_two_worse"] + texts["gap_two_same"] == len(table)
    worst = table.loc[table["one_max_gap"].idxmax()]
    assert texts["gap_worst_month"] == f"{worst['one_max_gap_month']:.1f} months"
    rtog = table[table["data_set"].str.startswith("RTOG")]["one_max_gap"].max()
    assert texts["gap_rtog_max"] == f"{100 * rtog:.0f} percentage points"
    assert texts["rmst_worst"] == f"{table['one_rmst_difference'].abs().max():.1f} months"
    short = int((table["horizon_months"] < 18).sum())
    assert texts["rmst_short"] == f"{short} curve" + ("" if short == 1 else "s")


def test_milestone_gap_texts_measure_each_milestone_alone():
    nivolumab = load_ipd("Checkmate017_2B").query("arm == 'nivolumab'")
    texts = milestone_gap_texts(nivolumab, (6, 12))
    assert set(texts) == {"ms_6_gap", "ms_6_month", "ms_12_gap", "ms_12_month"}
    six = sketch_distance(nivolumab, (6,))
    assert texts["ms_6_gap"] == f"{100 * six.max_gap:.0f} percentage points"
    assert texts["ms_6_month"] == f"{six.max_gap_month:.1f} months"


# --- the exercise answers ------------------------------------------------------------------------------


def test_hazard_ratio_text_rounds_the_ratio_and_its_interval():
    assert HazardRatio("b", "a", 0.6349, 0.4712, 0.8551, 0.01).text == "0.63 (95% CI 0.47–0.86)"


def test_rebuild_exercise_is_the_solution_the_exercise_describes():
    rebuilt = rebuild_exercise()
    digitised, at_risk = load_exercise()
    source = load_ipd(EXERCISE_SOURCE)
    arms = load_catalogue().query("file == @EXERCISE_SOURCE").set_index("arm")
    by_hand = pd.concat([reconstruct_ipd(digitised.query("arm == @arm"), at_risk.query("arm == @arm"), int(row["events"])).assign(arm=arm)
                         for arm, row in arms.iterrows()], ignore_index=True)
    pd.testing.assert_frame_equal(rebuilt.reconstructed, by_hand)
    assert rebuilt.hazard_ratio == cox_hazard_ratio(by_hand, reference_arm="chemo")
    assert rebuilt.hazard_ratio_original == cox_hazard_ratio(source, reference_arm="chemo")
    assert rebuilt.max_gap == max(max_vertical_distance(km_curve(source.query("arm == @arm")), km_curve(by_hand.query("arm == @arm")))
                                  for arm in arms.index)


def test_careless_rebuild_uses_the_chapters_seeds_and_loses_accuracy():
    rtog = load_ipd("RTOG0617_2A")
    careless = careless_rebuild(rtog, ["60gy", "74gy"], reference_arm="60gy", seed=617)
    group = rtog[rtog["arm"] == "74gy"]
    points = digitise_noisy(km_curve(group), seed=618, keep_fraction=0.3, survival_error=0.01)   # the second arm: seed + 1
    expected = reconstruct_ipd(points, numbers_at_risk(group, 3), event_count(group))
    pd.testing.assert_frame_equal(careless.reconstructed.query("arm == '74gy'").drop(columns="arm").reset_index(drop=True), expected)
    careful = round_trip(rtog, "60gy", noisy=True, seed=617)
    assert careless.max_gap > careful.per_arm["max_distance"].max()
    assert careless.hazard_ratio.reference == "60gy"


def test_reconstruction_exercise_texts_come_from_the_round_trips():
    rebuilt = rebuild_exercise()
    careless = careless_rebuild(load_ipd("RTOG0617_2A"), ["60gy", "74gy"], reference_arm="60gy", seed=617)
    texts = reconstruction_exercise_texts(rebuilt, careless)
    sparse, no_total = exercise_round_trip(12), exercise_round_trip(12, use_total_events=False)
    assert texts["sp_12_hr"] == f"{sparse.hazard_ratio_reconstructed.value:.2f}"
    assert texts["sp_12_none_events"] == f"{100 * no_total.per_arm['events_relative_error'].abs().max():.1f}%"
    assert texts["ex_hr"] == rebuilt.hazard_ratio.text and texts["wi_hr"] == careless.hazard_ratio.text
    assert texts["wi_gap"] == f"{100 * careless.max_gap:.1f} percentage points"
    assert {f"sp_{m}_{what}" for m in (3, 6, 12) for what in ("gap", "hr", "events")} <= set(texts)


# --- the exercise files ------------------------------------------------------------------------------


def test_committed_exercise_files_equal_what_the_generator_writes(tmp_path):
    written = write_exercise_files(tmp_path)
    assert [path.name for path in written] == [name for name, _ in EXERCISE_FILES.values()]
    for path in written:
        assert (KMDATA / path.name).read_bytes() == path.read_bytes(), f"{path.name} differs from the generator's output"


def test_load_exercise_returns_the_generated_frames():
    digitised, at_risk = load_exercise()
    expected_digitised, expected_at_risk = exercise_digitisation()
    pd.testing.assert_frame_equal(digitised, expected_digitised, check_dtype=False)
    pd.testing.assert_frame_equal(at_risk, expected_at_risk, check_dtype=False)
    assert at_risk["n_risk"].dtype.kind == "i"
    arms = load_catalogue().query("file == @EXERCISE_SOURCE")
    # The at-risk table starts with each arm's size, as a journal prints it.
    assert at_risk.query("time == 0").set_index("arm")["n_risk"].to_dict() == arms.set_index("arm")["n"].to_dict()


def test_the_exercise_can_be_solved_within_the_noisy_thresholds():
    digitised, at_risk = load_exercise()
    source = load_ipd(EXERCISE_SOURCE)
    for arm, facts in load_catalogue().query("file == @EXERCISE_SOURCE").set_index("arm").iterrows():
        rebuilt = reconstruct_ipd(digitised.query("arm == @arm"), at_risk.query("arm == @arm"), int(facts["events"]))
        assert len(rebuilt) == facts["n"]
        assert max_vertical_distance(km_curve(source.query("arm == @arm")), km_curve(rebuilt)) <= 0.08


@pytest.mark.parametrize(
    "kind, line, column, rule",
    [
        ("digitised", "chemo,1.5,1.2", "survival", "must be a number from 0 to 1"),
        ("digitised", "chemo,abc,0.9", "time", "must be a number >= 0"),
        ("digitised", "placebo,1.5,0.9", "arm", "is not an arm of KEYNOTE024_2"),
        ("at_risk", "chemo,3,12.5", "n_risk", "whole number"),
    ],
)
def test_bad_exercise_cells_name_file_line_and_column(tmp_path, kind, line, column, rule):
    write_exercise_files(tmp_path)
    path = tmp_path / EXERCISE_FILES[kind][0]
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = line
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(KmDataError) as err:
        load_exercise(tmp_path)
    assert f"{path.name}, line 3, column '{column}'" in str(err.value) and rule in str(err.value)


# --- the figures -------------------------------------------------------------------------------------


def test_recipe_figure_draws_model_patients_and_sketch():
    calibration = Calibration(((12.0, 0.8),))
    cohort = simulate_cohort(100, calibration, follow_up=24, seed=3)
    fig = plot_sketch_recipe(calibration, cohort, follow_up=24, n_shown=20)
    assert len(fig.axes) == 3
    assert len(by_gid(fig, "patient:")) == 20
    shown = cohort.iloc[:20]
    assert len(by_gid(fig, "events")[0].get_xdata()) == shown["event"].sum()
    assert len(by_gid(fig, "censored")[0].get_xdata()) == (shown["event"] == 0).sum()
    model = by_gid(fig, "model")[0]
    assert model.get_ydata()[0] == 1 and np.interp(12, model.get_xdata(), model.get_ydata()) == pytest.approx(0.8, abs=1e-3)
    with pytest.raises(ValueError, match="n_shown"):
        plot_sketch_recipe(calibration, cohort, follow_up=24, n_shown=101)


def test_sketch_curves_pass_through_the_km_milestones():
    group = load_ipd("RTOG0617_2A").query("arm == '74gy'")
    milestones, values = sketch_curves(group, (12.0, 24.0), [0.0, 12.0, 24.0])
    assert [month for month, _ in milestones] == [12.0, 24.0]
    assert values == pytest.approx([1.0, milestones[0][1], milestones[1][1]])


def test_sketch_grid_has_a_panel_per_curve_and_gap_bars_of_the_measured_length(table):
    fig = plot_sketch_grid(table)
    assert len([ax for ax in fig.axes if ax.get_visible()]) == len(table)
    for prefix in ("km:", "sketch1:", "sketch2:", "gap:"):
        assert len(by_gid(fig, prefix)) == len(table), prefix
    for row in table.itertuples():
        (bar,) = by_gid(fig, f"gap:{row.data_set}:{row.arm}")
        low, high = sorted(bar.get_ydata())
        assert high - low == pytest.approx(row.one_max_gap, abs=1e-9)
        assert bar.get_xdata()[0] == row.one_max_gap_month
    with pytest.raises(ValueError, match="sketch_distance_table"):
        plot_sketch_grid(table.drop(columns="two_max_gap"))


def test_sketch_table_display_writes_every_curve(table):
    shown = sketch_table_display(table)
    assert len(shown) == len(table)
    first = shown.iloc[0]
    assert first["Curve (reconstructed data)"] == "RTOG 0617 OS, 60 Gy (standard dose)"
    assert first["One milestone: largest gap (month)"] == f"{100 * table.loc[0, 'one_max_gap']:.1f} pp ({table.loc[0, 'one_max_gap_month']:.1f})"
    assert first["Two milestones (months)"] == "12+24"


def test_digitisation_figure_prints_the_numbers_at_risk():
    ipd = load_ipd("RTOG0617_2A")
    arms = ["60gy", "74gy"]
    curves = {arm: km_curve(ipd.query("arm == @arm")) for arm in arms}
    at_risk = {arm: numbers_at_risk(ipd.query("arm == @arm"), 6) for arm in arms}
    colors, labels = {"60gy": "blue", "74gy": "red"}, {"60gy": "60 Gy", "74gy": "74 Gy"}
    fig = plot_digitisation(curves, curves, at_risk, colors=colors, labels=labels, zoom=(8, 11))
    texts = {text.get_gid(): text.get_text() for ax in fig.axes for text in ax.texts if text.get_gid()}
    for arm in arms:
        for time, count in zip(at_risk[arm]["time"], at_risk[arm]["n_risk"]):
            assert texts[f"risk:{arm}:{time:g}"] == str(count)
    assert len(by_gid(fig, "points:60gy")) == 2  # main axes and the zoom
    with pytest.raises(ValueError, match="same arms"):
        plot_digitisation(curves, curves, {"60gy": at_risk["60gy"]}, colors=colors, labels=labels)


def test_round_trip_figure_difference_reaches_the_max_distance():
    ipd = load_ipd("KEYNOTE024_2")
    original = {arm: group for arm, group in ipd.groupby("arm")}
    rebuilt = {arm: group.assign(time=np.where(group["time"] > 5, group["time"] * 1.05, group["time"])) for arm, group in original.items()}
    colors = {"chemo": "blue", "pembrolizumab": "red"}
    fig = plot_round_trip(original, rebuilt, colors=colors, labels={"chemo": "chemo", "pembrolizumab": "pembro"})
    for arm in original:
        (difference,) = by_gid(fig, f"difference:{arm}")
        assert np.abs(difference.get_ydata()).max() == pytest.approx(max_vertical_distance(km_curve(original[arm]), km_curve(rebuilt[arm])))
    with pytest.raises(ValueError, match="same arms"):
        plot_round_trip(original, {"chemo": rebuilt["chemo"]}, colors=colors, labels=colors)


def test_model_survival_agrees_with_the_sketch_distance_calibration():
    # The figure's sketch and the table's distance use the same calibration.
    group = load_ipd("Checkmate017_2B").query("arm == 'nivolumab'")
    result = sketch_distance(group, (12.0,))
    _, values = sketch_curves(group, (12.0,), [result.max_gap_month])
    assert values[0] == pytest.approx(model_survival(Calibration(result.milestones), [result.max_gap_month])[0])
