"""The book's figure functions: every figure a chapter draws is drawn here or by a domain module.

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
* :func:`shade_dose_bands`, :func:`dose_schedule_map`, :func:`lq_survival_curves`,
  :func:`edic_by_fractions` — the dose chapter's figures (:mod:`analysis.plots.dose`);
* :func:`depth_dose_curves`, :func:`flash_dose_rates` — the protons and FLASH
  chapter's figures (:mod:`analysis.plots.physics`);
* :func:`trial_size_curves` — patients a randomised trial needs (chapter 8);
* :func:`blood_count_sketch` — simulated weekly blood counts and NLR (chapter 2);
* :func:`rounding_windows`, :func:`findings_by_severity` — the audit appendix's figures;
* :func:`prerequisite_map` — the pages and their prerequisites (the course guide).

Every function takes its data as arguments, draws with :mod:`analysis.style`
(one colour and hatch per evidence level and per arm type), and returns the
Axes or Figure so the chapter can add its source line and glue it.
"""
from .audit import findings_by_severity, rounding_windows
from .blood_counts import blood_count_sketch
from .course import prerequisite_map
from .dose import dose_schedule_map, edic_by_fractions, lq_survival_curves, shade_dose_bands
from .evidence import category_styles, evidence_map
from .intervals import candidate_intervals, fisher_p_by_group_size, proportion_intervals
from .physics import depth_dose_curves, flash_dose_rates
from .statements import QUALIFIER_SYMBOLS, QUALIFIERS, claim_rows, forest_plot, range_plot
from .timeline import sbrt_timeline
from .trials import trial_size_curves

__all__ = [
    "QUALIFIERS", "QUALIFIER_SYMBOLS", "claim_rows", "range_plot", "forest_plot", "category_styles", "evidence_map",
    "proportion_intervals", "candidate_intervals", "fisher_p_by_group_size", "sbrt_timeline", "shade_dose_bands", "dose_schedule_map",
    "lq_survival_curves", "edic_by_fractions", "depth_dose_curves", "flash_dose_rates", "trial_size_curves",
    "blood_count_sketch", "rounding_windows", "findings_by_severity", "prerequisite_map",
]
