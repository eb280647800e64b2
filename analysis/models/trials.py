"""The randomised trials of radiotherapy with a checkpoint inhibitor (``data/trials.csv``), read by timing.

One row per reported result of a randomised comparison (a trial, or one
cohort of a trial randomised on its own): the primary endpoint, overall
survival where reported, and later analyses beside the first. Every number
comes with the address of the page it was read on and the sentence that
states it; :func:`load_trials` checks that the sentence contains the number,
that a hazard ratio lies within its interval, that the interval's level is
given, and that the timing class belongs to :data:`TIMING_CLASSES`, and names
file, line and column of anything that breaks a rule (the data dictionary,
``data/datapackage.json``, describes every column).

The rest of the module turns the rows into what the trials chapter shows:

* :func:`z_for_level` and :func:`log_se_from_interval` — the standard error of
  a log hazard ratio from a published interval *at its own level* (95%,
  96.4%, 99.73% …);
* :func:`hazard_ratio_rows` — one row per comparison for a forest plot (the
  primary endpoint, or overall survival), with ``log_hr`` and ``se``;
* :func:`pool_by_class` — a random-effects summary per timing class
  (statsmodels' ``combine_effects``): summary hazard ratio and interval, τ²,
  I², Cochran's Q, a prediction interval;
* :func:`between_class_test` — the test of a difference between the classes'
  summaries (Q between subgroups);
* hazard ratios and summaries as the chapters print them are in
  :mod:`analysis.models.trials_text`, the sortable table in :mod:`analysis.models.trials_table`.

Hazard ratios are dimensionless (experimental arm against control; below 1
favours the experimental arm); interval levels are percentages; standard
errors are on the natural-log scale.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..schema import check_resource, field_names
from ..tables import DataFileError

__all__ = [
    "TRIAL_COLUMNS", "TIMING_CLASSES", "TIMING_LABELS", "RANDOMISED_WHEN", "SOURCE_KINDS", "WEAK_SOURCE_KINDS",
    "TARGETS", "USES", "TrialsError", "value_in_quote", "load_trials", "trials", "z_for_level",
    "log_se_from_interval", "hazard_ratio_rows", "rows_without_hazard_ratio", "pool_by_class",
    "between_class_test", "SHORT_NAMES", "short_name",
]

#: Columns of ``data/trials.csv``, in this order.
TRIAL_COLUMNS: tuple[str, ...] = field_names("trials")

#: The timing classes: when the checkpoint inhibitor is given relative to radiotherapy, in the order figures list them.
TIMING_CLASSES: dict[str, str] = {
    "consolidation_after_crt": "the drug starts after (chemo)radiotherapy is finished; only patients without "
                               "progression after it are randomised",
    "concurrent_with_crt": "the drug (or placebo) starts together with (chemo)radiotherapy, usually continued "
                           "afterwards; patients are randomised before treatment",
    "concurrent_vs_consolidation": "both arms receive a checkpoint inhibitor as consolidation after chemoradiotherapy; "
                                   "the experimental arm also (or instead) receives one during it; randomised before "
                                   "treatment: a comparison of timings",
    "concurrent_with_rt_replacing_chemo": "the drug is given with radiotherapy in place of the concurrent agent of "
                                          "the control arm (chemotherapy or cetuximab)",
    "adjuvant_after_crt_and_surgery": "the drug is given after neoadjuvant chemoradiotherapy and resection; "
                                      "patients are randomised after surgery",
    "postoperative_with_crt": "the drug is added to postoperative (chemo)radiotherapy",
    "with_sbrt": "the drug is given with stereotactic or hypofractionated radiotherapy, compared with the drug "
                 "alone or with radiotherapy alone",
}
#: Short names of the timing classes for figures and tables.
TIMING_LABELS: dict[str, str] = {
    "consolidation_after_crt": "Consolidation after CRT",
    "concurrent_with_crt": "Started with CRT",
    "concurrent_vs_consolidation": "Started with CRT, against consolidation ICI",
    "concurrent_with_rt_replacing_chemo": "With RT, replacing the concurrent agent",
    "adjuvant_after_crt_and_surgery": "Adjuvant after CRT and surgery",
    "postoperative_with_crt": "With postoperative CRT",
    "with_sbrt": "With stereotactic RT",
}
#: When patients were randomised.
RANDOMISED_WHEN: dict[str, str] = {
    "at_start": "at the start, before any of the compared treatment",
    "after_crt_without_progression": "after chemoradiotherapy, only patients without progression",
    "after_surgery": "after surgery",
}
#: What kind of page a value was read on.
SOURCE_KINDS: tuple[str, ...] = ("journal abstract", "conference abstract", "news or summary page", "commentary",
                                 "press release", "review article")
#: Kinds of page that report a journal's or a meeting's result second-hand: the chapter marks their rows.
WEAK_SOURCE_KINDS: frozenset[str] = frozenset({"news or summary page", "commentary", "press release", "review article"})
#: Checkpoints a drug may target (a combination is written ``PD-1+CTLA-4``).
TARGETS: tuple[str, ...] = ("PD-1", "PD-L1", "CTLA-4", "TIGIT")
#: Roles of a row in the chapter's figures (``use``): the comparison's primary-endpoint row, its OS row, or both.
USES: tuple[str, ...] = ("", "primary", "os", "primary;os")

#: Short names of comparisons whose trial name is long or shared, for figures (else the name before any " (").
SHORT_NAMES: dict[str, str] = {
    "javelinhn100": "JAVELIN H&N 100", "park_escc": "Park et al. (ESCC)", "reach_cisplatin_fit": "REACH, cisplatin-fit",
    "reach_cisplatin_unfit": "REACH, cisplatin-unfit", "keynotea18": "KEYNOTE-A18", "nivopostop": "NIVOPOSTOP",
    "mdacc": "Welsh et al. (MDACC)", "checkmate73l_arm_b": "CheckMate 73L, arm B", "schoenfeld": "Schoenfeld et al.", "pooled_pembrort_mdacc": "PEMBRO-RT + MDACC pooled",
}

_NUMBER = re.compile(r"^(\d+(\.\d+)?|\.\d+)$")
_PER_COMPARISON = ("trial", "timing_class", "randomised_when")


class TrialsError(DataFileError):
    """``data/trials.csv`` broke a rule; ``problems`` names file, line, column and rule."""

    subject = "the randomised trials (data/trials.csv)"


def _normalise(quote: str) -> str:
    quote = quote.replace("·", ".").replace("\u2009", " ")
    quote = re.sub(r"(?<=\d),(?=\d)", ".", quote)   # decimal commas ("HR 0,38")
    return re.sub(r"(?<=\d) (?=\d)", "", quote)       # digit grouping ("0.005 6")


def _forms(value: str) -> set[str]:
    """The ways a source may print ``value``: as stored, with 1–3 decimals, without the leading zero."""
    number = float(value)
    forms = {value}
    for text in (repr(number), f"{number:.1f}", f"{number:.2f}", f"{number:.3f}", f"{number:.4f}"):
        if float(text) == number:
            forms.add(text)
    forms |= {form[1:] for form in forms if form.startswith("0.")}
    return forms


def value_in_quote(value: str, quote: str) -> bool:
    """True if the number ``value`` (text, e.g. ``"0.80"`` or ``".0026"``) stands in ``quote`` as a number of its own.

    A number counts when neither a digit nor a decimal point touches it, so
    ``0.8`` is not found in ``10.85`` or ``0.85``. The source's printing is
    allowed to differ in harmless ways: a middle dot or a comma as decimal
    mark, a leading zero dropped (``.85``), trailing zeros (``0.80`` for
    ``0.8`` and the reverse).
    """
    text = _normalise(quote)
    for form in _forms(value.strip()):
        for match in re.finditer(re.escape(form), text):
            before = text[match.start() - 1] if match.start() else " "
            rest = text[match.end():]
            if before.isdigit() or (before == "." and form[0].isdigit()):
                continue
            tail = re.match(r"0*", rest).group() if "." in form else ""
            after = rest[len(tail):len(tail) + 2]
            if after[:1].isdigit() or (after[:1] == "." and after[1:2].isdigit()):
                continue
            return True
    return False


def _level_in_quote(level: str, quote: str) -> bool:
    return any(re.search(r"(?<![\d.])" + re.escape(form) + r"\s?%", _normalise(quote)) for form in _forms(level))


def _check_vocabulary(where: str, row: dict[str, str], problems: list[str]) -> None:
    """Rules joining a row's cells (each cell's vocabulary and form are the schema's)."""
    if row["primary_endpoint"] == "no" and row["met"] not in ("", "na"):
        problems.append(f"{where} 'met': a secondary endpoint has no 'met'; write 'na' (got {row['met']!r})")
    if row["primary_endpoint"] == "yes" and row["met"] == "na":
        problems.append(f"{where} 'met': a primary endpoint is met ('yes'), not met ('no') or unknown (empty), not 'na'")
    if "primary" in row["use"].split(";") and row["primary_endpoint"] != "yes":
        problems.append(f"{where} 'use': 'primary' marks a primary-endpoint row, but 'primary_endpoint' is {row['primary_endpoint']!r}")
    if "os" in row["use"].split(";") and row["endpoint"] != "OS":
        problems.append(f"{where} 'use': 'os' marks an overall-survival row, but 'endpoint' is {row['endpoint']!r}")


def _number(text: str) -> float | None:
    """A numeric cell as a float, ``None`` when empty or not a plain decimal (the schema reports that)."""
    return float(text) if _NUMBER.match(text) else None


def _check_numbers(where: str, row: dict[str, str], problems: list[str]) -> None:
    """The hazard ratio, its interval and level, the p-value and the arm sizes: well formed, consistent, quoted."""
    hr, lower, upper = (_number(row[column]) for column in ("hr", "ci_lower", "ci_upper"))
    for column, value in (("hr", hr), ("ci_lower", lower), ("ci_upper", upper)):
        if value == 0:
            problems.append(f"{where} '{column}': a hazard ratio or the end of its interval is > 0 (got {row[column]!r})")
    if (row["ci_lower"] or row["ci_upper"]) and not (row["ci_lower"] and row["ci_upper"] and row["hr"]):
        problems.append(f"{where} 'ci_lower': an interval needs both ends and the hazard ratio it belongs to")
    if (row["ci_lower"] or row["ci_upper"]) and not row["ci_level"]:
        problems.append(f"{where} 'ci_level': the interval's level is missing (write it as published: 95, 96.4, 98.321 ...)")
    if row["ci_level"] and not row["ci_lower"]:
        problems.append(f"{where} 'ci_level': a level without an interval")
    if None not in (hr, lower, upper) and not lower <= hr <= upper:
        problems.append(f"{where} 'hr': the hazard ratio {row['hr']} lies outside its interval {row['ci_lower']}–{row['ci_upper']}")
    if not row["hr"] and not row["result_text"]:
        problems.append(f"{where} 'result_text': a row without a hazard ratio must state its result in words")
    quote = row["quote"]
    for column in ("hr", "ci_lower", "ci_upper"):
        if row[column] and _NUMBER.match(row[column]) and quote and not value_in_quote(row[column], quote):
            problems.append(f"{where} '{column}': {row[column]} does not appear in the quoted sentence ('quote')")
    if row["ci_level"] and _NUMBER.match(row["ci_level"]) and quote and not _level_in_quote(row["ci_level"], quote):
        problems.append(f"{where} 'ci_level': {row['ci_level']}% does not appear in the quoted sentence ('quote')")
    p_number = row["p_value"].lstrip("<>= ")
    if row["p_value"] and _NUMBER.match(p_number) and quote and not value_in_quote(p_number, quote):
        problems.append(f"{where} 'p_value': {p_number} does not appear in the quoted sentence ('quote')")
    for column in ("n_experimental", "n_control"):
        if not row[column]:
            continue
        if not row["n_quote"] or not row["n_source_url"]:
            problems.append(f"{where} 'n_quote': {column} needs the sentence that states it and its address ('n_source_url')")
        elif not re.search(rf"(?<![\d,.]){row[column]}(?![\d])", row["n_quote"]):
            problems.append(f"{where} '{column}': {row[column]} does not appear in the quoted sentence ('n_quote')")


def _check_comparisons(name: str, records: list[tuple[int, dict[str, str]]], problems: list[str]) -> None:
    """Facts of one comparison agree between its rows; it has at most one 'primary' and one 'os' row."""
    first: dict[str, tuple[int, dict[str, str]]] = {}
    uses: dict[tuple[str, str], int] = {}
    for line, row in records:
        key = row["comparison"]
        if key in first:
            for column in _PER_COMPARISON:
                if row[column] != first[key][1][column]:
                    problems.append(f"{name}, line {line}, column '{column}': {row[column]!r} differs from line "
                                    f"{first[key][0]} of the same comparison {key!r} ({first[key][1][column]!r})")
        else:
            first[key] = (line, row)
        for role in filter(None, row["use"].split(";")):
            if (key, role) in uses:
                problems.append(f"{name}, line {line}, column 'use': comparison {key!r} already has its {role!r} row "
                                f"(line {uses[key, role]})")
            uses.setdefault((key, role), line)


def load_trials(path: str | Path | None = None) -> pd.DataFrame:
    """Read and validate ``data/trials.csv`` (or ``path``).

    Returns
    -------
    pandas.DataFrame
        One row per reported result in file order, with the columns of
        :data:`TRIAL_COLUMNS` plus ``line`` (the row's line in the file) and
        ``printed_hr``, ``printed_ci_lower``, ``printed_ci_upper``,
        ``printed_ci_level`` (the numbers as published, e.g. ``"0.80"``).
        ``hr``, ``ci_lower``, ``ci_upper`` (dimensionless) and ``ci_level``
        (percent) are floats (NaN when empty); ``n_experimental`` and
        ``n_control`` (patients) are nullable integers; the rest is text.

    Raises
    ------
    TrialsError
        Naming file, line (header = line 1), column and rule of every problem:
        what the ``trials`` resource of ``data/datapackage.json`` declares (an
        empty required cell; a duplicate ``row_id``; a timing class,
        randomisation time, source kind, target, ``use`` or ``met`` outside
        its vocabulary; a malformed number, DOI or address) and, here, the
        rules joining cells and rows: a hazard ratio outside its interval; an interval
        without its level; a number (hazard ratio, interval ends, level,
        p-value, arm size) that its quoted sentence does not contain; facts of
        one comparison that differ between its rows.
    """
    name, rows, problems = check_resource("trials", path, error=TrialsError)
    records = []
    for line, row in rows:
        where = f"{name}, line {line}, column"
        _check_vocabulary(where, row, problems)
        _check_numbers(where, row, problems)
        records.append((line, row))
    _check_comparisons(name, records, problems)
    if problems:
        raise TrialsError(problems)
    frame = pd.DataFrame([dict(row, line=line) for line, row in records])
    for column in ("hr", "ci_lower", "ci_upper", "ci_level"):
        frame[f"printed_{column}"] = frame[column]   # the number as published ("0.80", "1.40"), for the prose
    for column in ("hr", "ci_lower", "ci_upper", "ci_level"):
        frame[column] = pd.to_numeric(frame[column].replace("", None), errors="raise").astype(float)
    for column in ("n_experimental", "n_control"):
        frame[column] = pd.to_numeric(frame[column].replace("", None)).astype("Int64")
    return frame


@lru_cache(maxsize=1)
def _trials_cached() -> pd.DataFrame:
    return load_trials()


def trials() -> pd.DataFrame:
    """The validated ``data/trials.csv`` (a copy; read once per process)."""
    return _trials_cached().copy()


def short_name(comparison: str, trial: str) -> str:
    """The name a figure gives a comparison: :data:`SHORT_NAMES`, else the trial's name up to any parenthesis."""
    return SHORT_NAMES.get(comparison, trial.split(" (")[0])


def z_for_level(level: float) -> float:
    """The normal quantile of a two-sided interval at ``level`` percent: z = Φ⁻¹(1 − (1 − level/100)/2).

    ``z_for_level(95)`` ≈ 1.960, ``z_for_level(99.73)`` ≈ 3.000.
    """
    from scipy.stats import norm

    if not 0 < level < 100:
        raise ValueError(f"level must be a confidence level in percent, 0 < level < 100, got {level!r}")
    return float(norm.ppf(1 - (1 - level / 100) / 2))


def log_se_from_interval(lower: float, upper: float, level: float) -> float:
    """Standard error of a log hazard ratio from its published interval: (ln upper − ln lower) / (2 z).

    The interval must be a Wald interval, symmetric on the log scale, as
    trials' Cox-model intervals are; ``z`` comes from the interval's own
    ``level`` (percent) through :func:`z_for_level`, so an alpha-adjusted
    99.73% interval is not read as a 95% one. Rounded published bounds make
    the result approximate.
    """
    if not 0 < lower < upper:
        raise ValueError(f"need 0 < lower < upper for a ratio's interval, got lower={lower!r}, upper={upper!r}")
    return (math.log(upper) - math.log(lower)) / (2 * z_for_level(level))


def select_trials(frame: pd.DataFrame, use: str, classes, leave_out) -> pd.DataFrame:
    """The rows of ``frame`` that serve ``use`` (``"primary"`` or ``"os"``), in ``classes`` (all when None),
    without the comparisons in ``leave_out``; raises ``ValueError`` naming the argument that is off."""
    if use not in ("primary", "os"):
        raise ValueError(f"use must be 'primary' or 'os', got {use!r}")
    unknown = [c for c in (classes or ()) if c not in TIMING_CLASSES]
    if unknown:
        raise ValueError(f"classes: {unknown} are not timing classes ({', '.join(TIMING_CLASSES)})")
    missing = sorted(set(leave_out) - set(frame["comparison"]))
    if missing:
        raise ValueError(f"leave_out: {missing} are not comparisons of the trials file")
    chosen = frame[frame["use"].str.split(";").map(lambda roles: use in roles)]
    chosen = chosen[~chosen["comparison"].isin(list(leave_out))]
    if classes is not None:
        chosen = chosen[chosen["timing_class"].isin(list(classes))]
    order = {name: index for index, name in enumerate(TIMING_CLASSES)}
    chosen = chosen.assign(_order=chosen["timing_class"].map(order)).sort_values(["_order", "line"], kind="stable").drop(columns="_order")
    return chosen.assign(trial_short=[short_name(c, t) for c, t in chosen[["comparison", "trial"]].itertuples(index=False)])


def hazard_ratio_rows(frame: pd.DataFrame, *, use: str = "primary", classes=None, leave_out=()) -> pd.DataFrame:
    """One row per comparison with a hazard ratio and interval, for a forest plot and the meta-analysis.

    Parameters
    ----------
    frame : DataFrame
        :func:`trials` (or :func:`load_trials`).
    use : {"primary", "os"}
        The comparison's primary-endpoint row (column ``use``), or its overall-survival row.
    classes : iterable of str, optional
        Keep these timing classes only (default: all).
    leave_out : iterable of str
        Comparisons (column ``comparison``) to leave out.

    Returns
    -------
    DataFrame
        The chosen rows, ordered by timing class (:data:`TIMING_CLASSES`) then
        file order, with ``log_hr`` (natural log), ``se`` (its standard
        error, from the interval at its own level) and ``trial_short``
        (:func:`short_name`) added. Rows without an
        interval are left out: see :func:`rows_without_hazard_ratio`.
    """
    chosen = select_trials(frame, use, classes, leave_out)
    chosen = chosen[chosen["ci_lower"].notna()].copy()
    chosen["log_hr"] = [math.log(hr) for hr in chosen["hr"]]
    chosen["se"] = [log_se_from_interval(lo, up, level) for lo, up, level in chosen[["ci_lower", "ci_upper", "ci_level"]].itertuples(index=False)]
    return chosen.reset_index(drop=True)


def rows_without_hazard_ratio(frame: pd.DataFrame, *, use: str = "primary", classes=None, leave_out=()) -> pd.DataFrame:
    """The comparisons whose chosen row (see :func:`hazard_ratio_rows`) has no hazard ratio with an interval (with ``trial_short``)."""
    chosen = select_trials(frame, use, classes, leave_out)
    return chosen[chosen["ci_lower"].isna()].reset_index(drop=True)


def _pool_one(group: pd.DataFrame, method_re: str, hksj: bool) -> dict:
    """Random-effects summary of one class's rows (``log_hr``, ``se``); a class of one trial is that trial."""
    from scipy.stats import chi2, norm, t
    from statsmodels.stats.meta_analysis import combine_effects

    k = len(group)
    if k == 1:
        (log_hr, se), = group[["log_hr", "se"]].itertuples(index=False)
        z = norm.ppf(0.975)
        return {"k": 1, "log_hr": log_hr, "se": se, "lower": math.exp(log_hr - z * se), "upper": math.exp(log_hr + z * se),
                "tau2": math.nan, "i2": math.nan, "q": math.nan, "q_p": math.nan, "pred_lower": math.nan, "pred_upper": math.nan}
    import numpy as np

    with np.errstate(divide="ignore", invalid="ignore"):   # statsmodels divides by Q, which is 0 for identical trials
        result = combine_effects(group["log_hr"].to_numpy(), group["se"].to_numpy() ** 2, method_re=method_re, use_t=hksj)
    _, ci_re, _, ci_hksj = result.conf_int(alpha=0.05)
    low, high = ci_hksj if hksj else ci_re
    mean, se = float(result.mean_effect_re), float(result.sd_eff_w_re)
    pred = (math.nan, math.nan)
    if k >= 3:   # Higgins, Thompson & Spiegelhalter (2009): t with k - 2 degrees of freedom
        half = t.ppf(0.975, k - 2) * math.sqrt(result.tau2 + se ** 2)
        pred = (math.exp(mean - half), math.exp(mean + half))
    return {"k": k, "log_hr": mean, "se": se, "lower": math.exp(low), "upper": math.exp(high), "tau2": float(result.tau2),
            "i2": max(0.0, 100 * float(result.i2)), "q": float(result.q), "q_p": float(chi2.sf(result.q, k - 1)),
            "pred_lower": pred[0], "pred_upper": pred[1]}


def pool_by_class(rows: pd.DataFrame, *, method_re: str = "iterated", hksj: bool = True) -> pd.DataFrame:
    """A random-effects summary of the hazard ratios of each timing class.

    Parameters
    ----------
    rows : DataFrame
        :func:`hazard_ratio_rows` (columns ``timing_class``, ``log_hr``, ``se``, ``endpoint``).
    method_re : {"iterated", "chi2"}
        How statsmodels estimates the between-trial variance τ²: Paule–Mandel
        (``"iterated"``) or DerSimonian–Laird (``"chi2"``).
    hksj : bool
        Interval of the summary by Hartung–Knapp–Sidik–Jonkman (a t
        distribution with k − 1 degrees of freedom and a rescaled variance;
        honest with few trials) rather than the normal approximation.

    Returns
    -------
    DataFrame
        One row per class present, in the order of :data:`TIMING_CLASSES`:
        ``timing_class``, ``label``, ``k`` (trials), ``endpoints`` (the
        endpoints pooled, e.g. ``"PFS, DFS"``), ``hr``, ``lower``, ``upper``
        (summary hazard ratio and its 95% interval), ``log_hr`` and ``se``
        (log scale, normal-theory standard error), ``tau2`` (log scale²),
        ``i2`` (percent), ``q`` and ``q_p`` (Cochran's Q and its p-value),
        ``pred_lower``, ``pred_upper`` (95% prediction interval of a new
        trial's hazard ratio; NaN for fewer than 3 trials). A class of one
        trial is that trial's own estimate (heterogeneity NaN).
    """
    if method_re not in ("iterated", "chi2"):
        raise ValueError(f"method_re must be 'iterated' (Paule–Mandel) or 'chi2' (DerSimonian–Laird), got {method_re!r}")
    if rows.empty:
        raise ValueError("rows is empty: no hazard ratio to pool")
    out = []
    for name in TIMING_CLASSES:
        group = rows[rows["timing_class"] == name]
        if len(group):
            summary = _pool_one(group, method_re, hksj)
            out.append({"timing_class": name, "label": TIMING_LABELS[name],
                        "endpoints": ", ".join(dict.fromkeys(group["endpoint"])), **summary,
                        "hr": math.exp(summary["log_hr"])})
    return pd.DataFrame(out)


def between_class_test(pooled: pd.DataFrame) -> tuple[float, int, float]:
    """Test that the timing classes' summaries are equal: Q between subgroups (random effects, τ² per class).

    Q = Σ (θ_g − θ̄)² / se_g², with θ_g each class's summary log hazard ratio,
    se_g its normal-theory standard error and θ̄ their inverse-variance
    weighted mean; Q follows a χ² distribution with (classes − 1) degrees of
    freedom if the classes' mean effects are equal. Returns ``(q, df, p)``.
    Needs at least two classes.
    """
    from scipy.stats import chi2

    if len(pooled) < 2:
        raise ValueError(f"need at least two timing classes to compare, got {len(pooled)}")
    weights = 1 / pooled["se"] ** 2
    mean = float((weights * pooled["log_hr"]).sum() / weights.sum())
    q = float((weights * (pooled["log_hr"] - mean) ** 2).sum())
    df = len(pooled) - 1
    return q, df, float(chi2.sf(q, df))
