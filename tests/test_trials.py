"""The randomised trials (data/trials.csv, analysis.models.trials, analysis.plots.timing).

* the committed file: valid, at least 15 randomised comparisons, every number in its quoted sentence;
* bad input stops with file, line and column (hazard ratio outside its interval, level missing,
  value not in its quote, timing class not in the vocabulary, and more);
* the interval-to-standard-error conversion, the random-effects summary and the between-class test;
* the forest plot draws one panel per class.
"""
import csv
import io
import math

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from analysis import DATA_DIR  # noqa: E402
from analysis.models.trials import (  # noqa: E402
    TIMING_CLASSES, TRIAL_COLUMNS, TrialsError, between_class_test, hazard_ratio_rows, load_trials,
    log_se_from_interval, pool_by_class, rows_without_hazard_ratio, trials, value_in_quote, z_for_level,
)

SOURCE = DATA_DIR / "trials.csv"


# --------------------------------------------------------------------------- the committed file

def test_committed_file_is_valid_and_large_enough():
    frame = trials()
    comparisons = frame.loc[frame["use"].str.contains("primary"), "comparison"]
    assert comparisons.nunique() >= 15
    assert set(frame["timing_class"]) <= set(TIMING_CLASSES)
    assert frame["source_url"].str.match(r"^https?://").all() and frame["quote"].str.len().gt(0).all()


@pytest.mark.parametrize("column", ["hr", "ci_lower", "ci_upper", "p_value"])
def test_every_value_appears_in_its_quote(column):
    with SOURCE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    checked = 0
    for row in rows:
        if row[column]:
            assert value_in_quote(row[column].lstrip("<>= "), row["quote"]), f"{row['row_id']}: {column} {row[column]} not in its quote"
            checked += 1
    assert checked


def test_every_level_and_arm_size_appears_in_its_quote():
    with SOURCE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row["ci_level"]:
            assert f"{row['ci_level']}%" in row["quote"].replace(" %", "%"), row["row_id"]
        for column in ("n_experimental", "n_control"):
            if row[column]:
                assert row[column] in row["n_quote"], f"{row['row_id']}: {column}"


def test_each_comparison_has_one_primary_row_and_at_most_one_os_row():
    frame = trials()
    for role in ("primary", "os"):
        counts = frame[frame["use"].str.split(";").map(lambda roles: role in roles)]["comparison"].value_counts()
        assert counts.max() == 1, role


# --------------------------------------------------------------------------- bad input

def _write(tmp_path, change):
    """A copy of the committed file with ``change(rows)`` applied; returns its path."""
    with SOURCE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    change(rows)
    out = io.StringIO()
    writer = csv.DictWriter(out, TRIAL_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path = tmp_path / "trials.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def _row(rows, row_id):
    return next(row for row in rows if row["row_id"] == row_id)


def _line_of(row_id):
    """The line of ``row_id`` in the committed file (header = line 1; no cell spans lines)."""
    return next(i for i, line in enumerate(SOURCE.read_text(encoding="utf-8").splitlines(), start=1) if line.startswith(row_id + ","))


@pytest.mark.parametrize("row_id, column, value, words", [
    ("pacific_pfs_primary", "hr", "0.72", "outside its interval"),
    ("adriatic_os_primary", "ci_level", "", "level is missing"),
    ("calla_pfs_primary", "ci_upper", "1.09", "does not appear in the quoted sentence"),
    ("pacific2_pfs_primary", "timing_class", "induction", "is not one of consolidation_after_crt"),
    ("pacific_os_primary", "ci_level", "95", "does not appear in the quoted sentence"),
    ("pacific_os_primary", "ci_level", "73", "does not appear in the quoted sentence"),
    ("pacific5_pfs_primary", "p_value", "0.039", "does not appear in the quoted sentence"),
    ("pacific5_pfs_primary", "n_control", "136", "does not appear in the quoted sentence"),
    ("isabr_efs_itt", "target", "PD-2", "does not match the required pattern"),
    ("keynote867_efs_primary", "quote", "", "must not be empty"),
    ("mdacc_orr_primary", "result_text", "", "without a hazard ratio"),
    ("pacific_os_5y", "randomised_when", "at_start", "differs from line"),
])
def test_bad_row_names_file_line_and_column(tmp_path, row_id, column, value, words):
    path = _write(tmp_path, lambda rows: _row(rows, row_id).update({column: value}))
    with pytest.raises(TrialsError) as caught:
        load_trials(path)
    message = str(caught.value)
    assert f"line {_line_of(row_id)}, column '{column}'" in message and words in message
    assert "trials.csv" in message


def test_a_second_primary_row_of_one_comparison_is_refused(tmp_path):
    path = _write(tmp_path, lambda rows: _row(rows, "pacific_pfs_5y").update(use="primary"))
    with pytest.raises(TrialsError, match=r"column 'use': comparison 'pacific' already has its 'primary' row"):
        load_trials(path)


def test_validate_runs_the_trials_loader():
    from analysis.validate import validate_all

    assert validate_all()["trials.csv"] == len(trials())


# --------------------------------------------------------------------------- numbers in quotes

@pytest.mark.parametrize("value, quote, found", [
    ("0.85", "HR, 0.85 [95% CI, 0.65 to 1.12]", True),
    ("0.8", "HR 0.80 (95% CI", True),
    ("0.80", "adjusted HR, 0.8; 95%", True),
    ("0.92", "one-sided p=0·92", True),
    ("0.38", "HR 0,38; 95% CI", True),
    (".0026", "P = .0026", True),
    ("0.0026", "P = .0026", True),
    ("0.8", "HR 0.85", False),
    ("0.8", "HR 10.8", False),
    ("1.1", "HR 1.13", False),
    ("5", "0.5 and 15", False),
])
def test_value_in_quote(value, quote, found):
    assert value_in_quote(value, quote) is found


# --------------------------------------------------------------------------- statistics

def test_z_for_level_and_the_worked_example():
    assert z_for_level(95) == pytest.approx(1.959964, abs=1e-6)
    assert z_for_level(99.73) == pytest.approx(3.0, abs=1e-3)
    # PACIFIC's OS, HR 0.68 with a 99.73% interval 0.47-0.997: the 95% reading would give a wider se by 3.0/1.96
    se = log_se_from_interval(0.47, 0.997, 99.73)
    assert se == pytest.approx((math.log(0.997) - math.log(0.47)) / (2 * z_for_level(99.73)))
    assert log_se_from_interval(0.47, 0.997, 95) / se == pytest.approx(z_for_level(99.73) / z_for_level(95))
    with pytest.raises(ValueError, match="level"):
        z_for_level(100)
    with pytest.raises(ValueError, match="lower < upper"):
        log_se_from_interval(1.2, 0.8, 95)


def _rows(classes_and_hrs):
    """Synthetic hazard-ratio rows: (timing class, hr, se)."""
    return pd.DataFrame([{"timing_class": c, "log_hr": math.log(hr), "se": se, "endpoint": "PFS"} for c, hr, se in classes_and_hrs])


def test_pool_by_class_identical_trials_have_no_heterogeneity():
    pooled = pool_by_class(_rows([("with_sbrt", 0.7, 0.1)] * 3), hksj=False)
    (row,) = pooled.itertuples(index=False)
    assert row.k == 3 and row.hr == pytest.approx(0.7) and row.tau2 == pytest.approx(0, abs=1e-12) and row.i2 == 0
    assert row.se == pytest.approx(0.1 / math.sqrt(3))
    assert row.lower == pytest.approx(math.exp(math.log(0.7) - 1.959964 * 0.1 / math.sqrt(3)), rel=1e-5)


def test_pool_by_class_dersimonian_laird_by_hand():
    hrs, ses = [0.5, 0.9, 1.1], [0.1, 0.15, 0.2]
    pooled = pool_by_class(_rows([("concurrent_with_crt", h, s) for h, s in zip(hrs, ses)]), method_re="chi2", hksj=False)
    y = [math.log(h) for h in hrs]
    w = [1 / s ** 2 for s in ses]
    fixed = sum(wi * yi for wi, yi in zip(w, y)) / sum(w)
    q = sum(wi * (yi - fixed) ** 2 for wi, yi in zip(w, y))
    tau2 = max(0.0, (q - 2) / (sum(w) - sum(wi ** 2 for wi in w) / sum(w)))
    w_re = [1 / (s ** 2 + tau2) for s in ses]
    mean = sum(wi * yi for wi, yi in zip(w_re, y)) / sum(w_re)
    (row,) = pooled.itertuples(index=False)
    assert row.tau2 == pytest.approx(tau2) and row.q == pytest.approx(q) and row.log_hr == pytest.approx(mean)
    assert row.i2 == pytest.approx(100 * (q - 2) / q)
    from scipy.stats import t

    half = t.ppf(0.975, 1) * math.sqrt(tau2 + row.se ** 2)
    assert (row.pred_lower, row.pred_upper) == pytest.approx((math.exp(mean - half), math.exp(mean + half)))


def test_pool_by_class_one_trial_is_itself_and_two_trials_have_no_prediction_interval():
    pooled = pool_by_class(_rows([("with_sbrt", 0.8, 0.1), ("postoperative_with_crt", 0.7, 0.2), ("with_sbrt", 0.9, 0.1)]))
    assert list(pooled["timing_class"]) == ["postoperative_with_crt", "with_sbrt"]   # the order of TIMING_CLASSES
    single = pooled.iloc[0]
    assert single.k == 1 and single.hr == pytest.approx(0.7) and math.isnan(single.tau2)
    assert math.isnan(pooled.iloc[1].pred_lower)


def test_between_class_test_by_hand():
    pooled = pd.DataFrame({"log_hr": [0.0, math.log(2)], "se": [0.1, 0.1]})
    q, df, p = between_class_test(pooled)
    assert df == 1 and q == pytest.approx(2 * (math.log(2) / 2) ** 2 / 0.01)
    from scipy.stats import chi2

    assert p == pytest.approx(chi2.sf(q, 1))
    with pytest.raises(ValueError, match="two timing classes"):
        between_class_test(pooled.iloc[:1])


def test_hazard_ratio_rows_select_classes_leave_out_and_os():
    frame = trials()
    primary = hazard_ratio_rows(frame)
    assert primary["comparison"].is_unique and primary["se"].gt(0).all()
    assert list(dict.fromkeys(primary["timing_class"])) == [c for c in TIMING_CLASSES if c in set(primary["timing_class"])]
    fewer = hazard_ratio_rows(frame, classes=["consolidation_after_crt"], leave_out=["pacific"])
    assert set(fewer["timing_class"]) == {"consolidation_after_crt"} and "pacific" not in set(fewer["comparison"])
    assert (hazard_ratio_rows(frame, use="os")["endpoint"] == "OS").all()
    assert set(rows_without_hazard_ratio(frame)["comparison"]).isdisjoint(primary["comparison"])
    with pytest.raises(ValueError, match="not comparisons"):
        hazard_ratio_rows(frame, leave_out=["no_such_trial"])
    with pytest.raises(ValueError, match="not timing classes"):
        hazard_ratio_rows(frame, classes=["induction"])


# --------------------------------------------------------------------------- figure and table

def test_timing_forest_one_panel_per_class():
    from analysis.plots import timing_forest

    from analysis.style import fit_width, use_house_style

    rows = hazard_ratio_rows(trials())
    pooled = pool_by_class(rows)
    with matplotlib.rc_context():
        use_house_style()   # as in the chapter
        fig = timing_forest(rows, pooled)
        gids = [ax.get_gid() for ax in fig.axes]
        assert gids == [f"class:{c}" for c in pooled["timing_class"]]
        fit_width(fig)   # what glue_figure does: no panel's labels may stick out, or the panels lose their common edge
        lefts = {round(ax.get_position().x0, 6) for ax in fig.axes}
    assert len(lefts) == 1
    with pytest.raises(ValueError, match="missing the column"):
        timing_forest(rows.drop(columns="trial_short"), pooled)


def test_trials_table_shows_every_row_and_weak_addresses():
    from analysis.models.trials_table import trials_table_html

    frame = trials()
    table = trials_table_html(frame)
    assert table.count("<tr data-") == len(frame)
    weak = frame[frame["source_kind"] == "commentary"].iloc[0]
    assert f"<small>{weak['source_url']}</small>" in table


def test_trials_table_lets_a_long_name_wrap_after_a_slash():
    from analysis.models.trials_table import trials_table_html

    frame = trials()
    slashed = frame[frame["trial"].str.contains("/")].iloc[0]["trial"]
    table = trials_table_html(frame)
    assert slashed.replace("/", "/<wbr>") in table and f">{slashed}<" not in table
