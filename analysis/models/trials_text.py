"""The randomised trials as the chapters print them: hazard ratios, class summaries, counts to glue.

Built on :mod:`analysis.models.trials` (loading, selection, pooling). Every function
returns text or a small table computed from ``data/trials.csv``.
"""
from __future__ import annotations

import pandas as pd

from .trials import TIMING_CLASSES, hazard_ratio_rows, pool_by_class, select_trials

__all__ = ["hr_text", "row_hr_text", "summary_text", "prediction_text", "met_by_class", "pooled_display", "overview_texts"]


def hr_text(hr: float, lower: float, upper: float, level: float | None = 95.0) -> str:
    """A hazard ratio as the book prints it: ``"0.52 (95% CI 0.42–0.65)"``; ``level=None`` omits the level.

    Numbers of a published row keep their published digits (``%g``), so pass
    the row's own values; computed summaries are rounded to two decimals
    first by the caller.
    """
    interval = f"{lower:g}–{upper:g}"
    return f"{hr:g} ({level:g}% CI {interval})" if level is not None else f"{hr:g} ({interval})"


def row_hr_text(row) -> str:
    """A trials row's hazard ratio as published: ``"0.80 (95% CI 0.60–1.06)"`` (a Series or a namedtuple of the table).

    Uses the ``printed_*`` columns of :func:`load_trials`, so trailing zeros stay as the source printed them.
    """
    get = row.__getitem__ if isinstance(row, (dict, pd.Series)) else lambda name: getattr(row, name)
    hr, lower, upper, level = (get(f"printed_{column}") for column in ("hr", "ci_lower", "ci_upper", "ci_level"))
    return f"{hr} ({level}% CI {lower}–{upper})"


def _ratio(x: float) -> str:
    """A computed ratio: two decimals; two significant digits below 0.1; whole above 10; '–' if undefined."""
    return "–" if pd.isna(x) else (f"{x:.2g}" if x < 0.1 else (f"{x:.0f}" if x >= 10 else f"{x:.2f}"))


def summary_text(summary) -> str:
    """A class's summary (a row of :func:`pool_by_class`) as ``"0.66 (95% CI 0.49–0.88)"``."""
    return f"{_ratio(summary['hr'])} (95% CI {_ratio(summary['lower'])}–{_ratio(summary['upper'])})"


def prediction_text(summary) -> str:
    """A class's 95% prediction interval as ``"0.33–1.32"``, or ``"none (fewer than 3 trials)"``."""
    if pd.isna(summary["pred_lower"]):
        return "none (fewer than 3 trials)"
    return f"{_ratio(summary['pred_lower'])}–{_ratio(summary['pred_upper'])}"


def met_by_class(frame: pd.DataFrame) -> pd.DataFrame:
    """Per timing class, how many comparisons met their primary endpoint (``use`` = primary rows; all, with or without HR).

    Columns ``timing_class``, ``comparisons``, ``met``, ``not_met``,
    ``not_stated`` (the page read does not say), in :data:`TIMING_CLASSES` order.
    """
    chosen = select_trials(frame, "primary", None, ())
    out = [{"timing_class": name, "comparisons": len(group), "met": int((group["met"] == "yes").sum()),
            "not_met": int((group["met"] == "no").sum()), "not_stated": int((group["met"] == "").sum())}
           for name, group in ((n, chosen[chosen["timing_class"] == n]) for n in TIMING_CLASSES) if len(group)]
    return pd.DataFrame(out)


def pooled_display(pooled: pd.DataFrame) -> pd.DataFrame:
    """The summaries of :func:`pool_by_class` as a reader's table (text columns, two decimals, '–' where undefined)."""
    ratio = _ratio
    return pd.DataFrame({
        "timing class": pooled["label"], "trials": pooled["k"], "endpoints": pooled["endpoints"],
        "summary HR (95% CI)": [f"{ratio(h)} ({ratio(lo)}–{ratio(up)})" for h, lo, up in pooled[["hr", "lower", "upper"]].itertuples(index=False)],
        "τ²": ["–" if pd.isna(t) else f"{t:.3f}" for t in pooled["tau2"]],
        "I² (%)": ["–" if pd.isna(i) else f"{i:.0f}" for i in pooled["i2"]],
        "95% prediction interval": ["–" if pd.isna(lo) else f"{ratio(lo)}–{ratio(up)}" for lo, up in pooled[["pred_lower", "pred_upper"]].itertuples(index=False)],
    })


def overview_texts(frame: pd.DataFrame) -> dict[str, str]:
    """The few facts other chapters quote about the trials, as texts to glue (keys start with ``trials_``).

    ``trials_n_comparisons`` (randomised comparisons with a primary-endpoint
    row), ``trials_met_consolidation`` and ``trials_met_concurrent``
    (``"4 of 4"``: comparisons that met their primary endpoint),
    ``trials_sum_consolidation`` and ``trials_sum_concurrent`` (random-effects
    summaries of the primary hazard ratios, :func:`summary_text`) and
    ``trials_n_replacing`` (comparisons in which the drug replaced the
    concurrent agent), ``trials_head_to_head`` (the trials that compared
    timings directly, each with its primary hazard ratio).

    Raises ``ValueError`` if one of those head-to-head intervals excludes 1:
    the chapters that glue these texts say that neither found a difference.
    """
    met = met_by_class(frame).set_index("timing_class")
    rows = hazard_ratio_rows(frame)
    pooled = pool_by_class(rows).set_index("timing_class")
    direct = rows[rows["timing_class"] == "concurrent_vs_consolidation"]
    if ((direct["ci_lower"] > 1) | (direct["ci_upper"] < 1)).any():
        raise ValueError("a trial comparing timings head to head now excludes 1: the chapters say neither found a difference; revise them")
    texts = {"trials_n_comparisons": str(frame.loc[frame["use"].str.contains("primary"), "comparison"].nunique()),
             "trials_head_to_head": "; ".join(f"{row.trial_short}: {row.endpoint}, hazard ratio {row_hr_text(row)}"
                                              for row in direct.itertuples(index=False)),
             "trials_n_replacing": str(int(met.loc["concurrent_with_rt_replacing_chemo", "comparisons"]))}
    for key, name in (("consolidation", "consolidation_after_crt"), ("concurrent", "concurrent_with_crt")):
        texts[f"trials_met_{key}"] = f"{met.loc[name, 'met']} of {met.loc[name, 'comparisons']}"
        texts[f"trials_sum_{key}"] = summary_text(pooled.loc[name])
    return texts
