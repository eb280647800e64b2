"""The chapters' figure functions of analysis.plots: each draws what its chapter relies on, from arguments only."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

from analysis.ledger import evidence  # noqa: E402
from analysis.models.dose_bands import DoseBand, band_gaps  # noqa: E402
from analysis.models.radiobiology import schedule  # noqa: E402
from analysis.models.stats import proportion_ci  # noqa: E402
from analysis.plots import (  # noqa: E402
    blood_count_sketch,
    candidate_intervals,
    claim_rows,
    depth_dose_curves,
    dose_schedule_map,
    edic_by_fractions,
    findings_by_severity,
    flash_dose_rates,
    forest_plot,
    lq_survival_curves,
    proportion_intervals,
    rounding_windows,
    sbrt_timeline,
    shade_dose_bands,
    trial_size_curves,
)
from analysis.style import ARM_STYLE, DOSE_BAND_COLOURS, PALETTE  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


BANDS = [DoseBand("low-dose", 0.1, 1.0, upper_inclusive=True), DoseBand("standard", 1.8, 2.2, upper_inclusive=True),
         DoseBand("high-dose", 8.0, None)]


def test_proportion_intervals_draw_exact_cis_at_each_group_size():
    _, ax = plt.subplots()
    rows = proportion_intervals(ax, [(18, 19), (36, 38)], ARM_STYLE["experimental"], label="after")
    assert rows == [19, 38]
    ci = proportion_ci(18, 19)
    line = ax.lines[0]
    assert list(line.get_xdata()) == pytest.approx([100 * ci.lower, 100 * ci.upper]) and list(line.get_ydata()) == [19, 19]
    assert to_hex(line.get_color()) == ARM_STYLE["experimental"].colour.lower()
    assert ax.get_legend_handles_labels()[1] == ["after"]
    with pytest.raises(ValueError, match="y must"):
        proportion_intervals(ax, [(1, 2)], "black", y=[1, 2])


def test_candidate_intervals_stack_blocks_with_labels():
    _, ax = plt.subplots()
    candidate_intervals(ax, [[("SBRT, 2 months", [(4, 29)], ARM_STYLE["experimental"])],
                             [("CRT, 1 month", [(20, 28), (21, 29)], ARM_STYLE["comparison"])]])
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["SBRT, 2 months: 4/29", "CRT, 1 month: 21/29", "CRT, 1 month: 20/28"]
    assert list(ax.get_yticks()) == pytest.approx([0.0, 1.8, 2.8])


def test_claim_rows_take_the_claims_numbers_and_texts():
    low = evidence.claim("dose_band_low_gy")
    rows = claim_rows([("low", low, "red")], marker="s")
    assert rows.loc[0, ["lower", "upper", "qualifier", "text", "color", "marker"]].tolist() == [0.1, 1.0, "range", low.text, "red", "s"]
    hr = evidence.claim("damen2021_pooled_hr_primary")
    assert claim_rows([("hr", hr, "b")], text=lambda c: c.with_interval(label="")).loc[0, "text"] == hr.with_interval(label="")


def test_forest_plot_can_write_above_the_estimates_without_caps():
    rows = pd.DataFrame({"label": ["a", "b"], "value": [1.3, 0.8], "lower": [1.1, 0.6], "upper": [1.6, 0.9],
                         "marker": "D", "filled": True})
    ax = forest_plot(rows, text_position="above", caps=False, marker_size=7)
    assert not [line for line in ax.lines if (line.get_gid() or "").startswith("cap")]
    texts = {t.get_gid(): t for t in ax.texts}
    assert texts["text:0"].get_position() == (1.3, 1.2) and texts["text:0"].get_ha() == "center"
    estimate = next(line for line in ax.lines if line.get_gid() == "estimate:0")
    assert estimate.get_markerfacecolor() == estimate.get_markeredgecolor()
    with pytest.raises(ValueError, match="text_position"):
        forest_plot(rows, text_position="left")


def test_dose_band_shading_is_one_function_for_both_dose_figures():
    _, ax = plt.subplots()
    shade_dose_bands(ax, BANDS, upper_limit=60.0, alpha=0.25, labels=True)
    spans = ax.patches
    assert [to_hex(p.get_facecolor()[:3]) for p in spans] == [DOSE_BAND_COLOURS[b.name].lower() for b in BANDS]
    assert [t.get_text() for t in ax.texts] == ["low-dose", "standard", "high-dose"]
    fig, ax = dose_schedule_map(BANDS, band_gaps(BANDS), [(schedule(60, 30), "lung")], (0.5, 2.0, "NK"),
                                [("mouse, 10 Gy", 10.0, True), ("mouse, 8 Gy", 8.0, False)])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["60 Gy in 30 fractions of 2 Gy — lung", "NK",
                                                           "mouse, 8 Gy — fractions not stated", "mouse, 10 Gy"]
    assert sum(t.get_text() == "gap" for t in ax.texts) == 2
    fig, (left, right) = lq_survival_curves(BANDS, [("tumour", 0.3, 10.0), ("late", 0.15, 3.0)], 8.0)
    assert len(left.patches) == 3 and left.get_yscale() == "log" and right.get_legend() is not None


def test_edic_and_physics_and_trial_figures_draw_their_panels():
    fig, (left, right) = edic_by_fractions((15.0, 10.0, 5.0), 45, 30, (8.0, 9.5, "band"), shown=[1, 30, 45])
    assert len(left.lines[0].get_xdata()) == 45 and [t.get_text() for t in right.get_xticklabels()] == ["1", "30", "45"]
    depth = np.linspace(0, 25, 101)
    fig, (left, right) = depth_dose_curves(depth, np.ones(101), np.ones(101), np.ones(101), np.ones(101), (10.0, 14.0),
                                           pristine_energy_mev=150, n_energies=12)
    assert right.get_legend().get_texts()[1].get_text() == "protons, SOBP (12 energies)"
    fig, (top, bottom) = flash_dose_rates((0.03, 0.1), 40.0, 8.0, {"slow": 80.0, "fast": 0.2})
    assert [t.get_text() for t in bottom.get_yticklabels()] == ["slow", "fast"] and top.get_xscale() == "log"
    fig, ax = trial_size_curves([("control", 0.4, PALETTE["blue"])], [("study", 0.4, 0.6, PALETTE["blue"], (50, 100))],
                                alpha=0.05, power=0.8)
    assert any("study: 97 per arm" == t.get_text() for t in ax.texts) and ax.get_yscale() == "log"


def test_timeline_blood_counts_and_audit_figures():
    fig, ax = sbrt_timeline((5, 8), (10, 16), (8, 18, 24), (5, 16), "A", title="described, not measured")
    assert ax.get_title() == "described, not measured" and len(ax.get_yticklabels()) == 5
    summary = pd.DataFrame({"week": [0, 1, 2], "median": [1.0, 0.8, 0.6], "lower": [0.9, 0.7, 0.5], "upper": [1.1, 0.9, 0.7]})
    fig, (counts, ratio) = blood_count_sketch(summary, summary, summary, weeks=range(3), rt_weeks=2, calibration=(1.0, 0.6),
                                              title="SIMULATED")
    assert fig._suptitle.get_text() == "SIMULATED" and len(fig.legends) == 1
    pairs = pd.DataFrame({"decimals": [1, 1], "percent": [59.0, 10.6], "count": [39, 7]})
    fig, axes = rounding_windows(pairs, 66)
    assert [ax.get_title() for ax in axes] == ["39 patients = 59.0%", "7 patients = 10.6%"]
    findings = pd.DataFrame({"finding_id": ["a", "b"], "category": ["arithmetic", "text_slip"], "severity": ["low", "high"]})
    fig, ax = findings_by_severity(findings, ["arithmetic", "text_slip"], ["low", "medium", "high"])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["text slip", "arithmetic"]


def test_fisher_p_by_group_size_keeps_series_label_and_legend_off_each_other():
    from analysis.models.stats import plausible_group_sizes
    from analysis.plots import fisher_p_by_group_size

    pairs = plausible_group_sizes("94.7", "40.0", max_total=51)
    fig, ax = plt.subplots(figsize=(7, 4))
    fisher_p_by_group_size(ax, pairs, reported_p=0.001, reported_label="reported: p < 0.001")
    series = [line for line in ax.get_lines() if line.get_label() in {"18/19", "36/38"}]
    assert len(series) == 2
    # Overlapping series stay apart without colour: marker, line style and face differ.
    assert len({line.get_marker() for line in series}) == 2
    assert len({str(line.get_linestyle()) for line in series}) == 2
    assert len({str(line.get_markerfacecolor()) for line in series}) == 2
    assert ax.get_yscale() == "log"
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    (label,) = [t for t in ax.texts if t.get_text().startswith("reported")]
    box = label.get_window_extent(renderer).expanded(1.05, 1.2)
    points = ax.transData.transform(pairs[["n_b", "p_fisher"]].to_numpy(dtype=float))
    assert not any(box.contains(x, y) for x, y in points), "the label sits on data"
    # The legend is outside the plotting area, so neither the dashed line nor the data run through it.
    assert ax.get_legend().get_window_extent(renderer).x0 >= ax.get_window_extent(renderer).x1
    with pytest.raises(ValueError, match="pairs"):
        fisher_p_by_group_size(ax, pairs.iloc[0:0], reported_p=0.001, reported_label="x")
    with pytest.raises(ValueError, match="reported_p"):
        fisher_p_by_group_size(ax, pairs, reported_p=0, reported_label="x")
