"""The book's figure functions: every figure a chapter draws is drawn here (drawing lives nowhere else in the package).

* :func:`range_plot`, :func:`forest_plot` — statements as ranges, and
  estimates with confidence intervals; :func:`claim_rows` makes their rows
  from ledger claims (:mod:`analysis.plots.statements`);
* :func:`evidence_map` — the evidence map of chapters 1 and 9 and of the
  evidence-table appendix (:mod:`analysis.plots.evidence`);
* :func:`proportion_intervals`, :func:`candidate_intervals` — the exact CIs of
  candidate group sizes for a percentage without a denominator (chapters 4
  and 6), and :func:`fisher_p_by_group_size`, the p-value each pair of sizes
  gives (chapter 4; :mod:`analysis.plots.intervals`);
* :func:`sbrt_timeline` — the immune timeline after SBRT (chapter 6);
* :func:`mechanism_map`, :func:`draw_mechanism_map` — the review's five
  mechanism figures, redrawn from ``data/mechanisms.csv`` (chapters 2, 3, 5
  and 6; :mod:`analysis.plots.mechanisms`);
* :func:`plot_km_sketch` — Kaplan–Meier sketches of simulated groups with
  their at-risk table (chapters 3 and 4); :func:`plot_sketch_recipe`,
  :func:`plot_sketch_grid`, :func:`plot_digitisation`, :func:`plot_round_trip`
  — the survival-curves chapter's figures (:mod:`analysis.plots.survival_curves`);
* :func:`shade_dose_bands`, :func:`dose_schedule_map`, :func:`lq_survival_curves`,
  :func:`edic_by_fractions` — the dose chapter's figures (:mod:`analysis.plots.dose`);
* :func:`depth_dose_curves`, :func:`flash_dose_rates` — the protons and FLASH
  chapter's figures (:mod:`analysis.plots.physics`);
* :func:`trial_size_curves` — patients a randomised trial needs (chapter 8);
* :func:`timing_forest` — the randomised trials' hazard ratios by timing class (the trials chapter);
* :func:`blood_count_sketch` — simulated weekly blood counts and NLR (chapter 2);
* :func:`rounding_windows`, :func:`findings_by_severity` — the audit appendix's figures;
* :func:`prerequisite_map` — the pages and their prerequisites (the course guide).

Every function takes its data as arguments, draws with :mod:`analysis.style`
(one colour and hatch per evidence level and per arm type), and returns the
Axes or Figure so the chapter can add its source line and glue it.
"""
from importlib import import_module

#: Each figure function and the module of this package that draws it. They are
#: imported when first used: a chapter pays only for the figures it draws (the
#: dose figures alone would import SciPy's spatial module into every kernel).
_WHERE = {
    "findings_by_severity": "audit", "rounding_windows": "audit",
    "blood_count_sketch": "blood_counts",
    "prerequisite_map": "course",
    "dose_schedule_map": "dose", "edic_by_fractions": "dose", "lq_survival_curves": "dose", "shade_dose_bands": "dose",
    "category_styles": "evidence", "evidence_map": "evidence",
    "candidate_intervals": "intervals", "fisher_p_by_group_size": "intervals", "proportion_intervals": "intervals",
    "draw_mechanism_map": "mechanisms", "mechanism_map": "mechanisms",
    "depth_dose_curves": "physics", "flash_dose_rates": "physics",
    "QUALIFIER_SYMBOLS": "statements", "QUALIFIERS": "statements", "claim_rows": "statements",
    "forest_plot": "statements", "range_plot": "statements",
    "sbrt_timeline": "timeline",
    "plot_digitisation": "survival_curves", "plot_km_sketch": "survival_curves", "plot_round_trip": "survival_curves",
    "plot_sketch_grid": "survival_curves", "plot_sketch_recipe": "survival_curves",
    "trial_size_curves": "trials",
    "timing_forest": "timing",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str):
    """Import the module that draws ``name`` on first use (PEP 562)."""
    if name not in _WHERE:
        raise AttributeError(f"module 'analysis.plots' has no attribute {name!r}")
    value = getattr(import_module(f".{_WHERE[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(list(globals()) + __all__)
