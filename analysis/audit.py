"""Checks of the review itself: arithmetic, orderings, references, coverage.

The evidence ledger (``data/claims.csv``) records what the review says, slips
included. This module turns the ledger, the reference list and the review's
text into tables that show where the review does not add up:

* :func:`percent_count_checks` — which whole-number denominators reproduce a
  reported percentage from its reported count, and whether all statements
  about one cohort agree on a denominator;
* :func:`percent_n_checks` — which counts reproduce a percentage from a group
  size stated elsewhere in the ledger;
* :func:`ordering_checks` — declared orderings and sums (a more severe grade
  should not carry a smaller risk; arms add up to the trial);
* :func:`duplicate_references` — one DOI listed under two numbers;
* :func:`primary_vs_review` — the review's figure beside the cited work's.

It also loads and validates the curated findings (``data/audit_findings.csv``,
:func:`load_findings`) and renders the ledger as a filterable HTML table
(:func:`evidence_table_html`). Whether every number of the review has a
ledger row is :mod:`analysis.coverage`.
"""
from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import DATA_DIR
from . import evidence
from .stats import consistent_counts, printed_decimals as _decimals, rounding_denominators as _rounding_denominators, truncation_denominators as _truncation_denominators
from .tables import read_csv_rows

__all__ = [
    "FINDINGS_FILE",
    "FINDINGS_COLUMNS",
    "CATEGORIES",
    "SEVERITIES",
    "ORDERING_RULES",
    "REVIEW_PRIMARY_PAIRS",
    "PERCENT_DENOMINATORS",
    "AuditDataError",
    "OrderingRule",
    "percent_count_checks",
    "percent_n_checks",
    "ordering_checks",
    "duplicate_references",
    "primary_vs_review",
    "load_findings",
    "evidence_table_html",
]

#: Curated findings about the review (see ``data/README.md``).
FINDINGS_FILE = DATA_DIR / "audit_findings.csv"

FINDINGS_COLUMNS = ["finding_id", "section", "ref", "category", "what", "why", "severity"]
CATEGORIES = ["citation_mismatch", "arithmetic", "internal_contradiction", "text_slip", "reference_list", "unverified"]
SEVERITIES = ["low", "medium", "high"]
#: Values of ``section`` in the findings besides review section numbers.
EXTRA_SECTIONS = {"references"}


class AuditDataError(evidence.LedgerError):
    """A curated audit file broke a rule; ``problems`` names file, line, column and rule."""


# ---------------------------------------------------------------------------
# Percentages against counts and group sizes
# ---------------------------------------------------------------------------

_PAIR_RE = re.compile(r"^(?P<stem>.+)_(?P<kind>count|pct)(?P<suffix>_primary)?$")


def _fmt_ns(ns) -> str:
    return ", ".join(str(n) for n in ns) if ns else "none"


def percent_count_checks(claims_frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """Which whole denominators reproduce each reported percentage from its reported count.

    Pairs ledger rows by a shared ``claim_id`` stem: ``X_count`` with
    ``X_pct`` and ``X_count_primary`` with ``X_pct_primary``. A *cohort* is
    the rows of one ``source`` and ``ref``. For each pair the table gives:

    ``cohort``, ``count_id``, ``pct_id``, ``count`` (patients), ``percent``
    (%) as reported, ``decimals``, ``implied_n`` (100·count/percent, a real
    number), ``rounding_ns`` (tuple of every whole n for which count/n
    rounds to the percentage), ``truncation_ns`` (the same when the
    percentage is cut instead of rounded), ``stated_n`` (the row's ``n`` if
    the source states it), ``exact_at_stated_n`` (100·count/stated_n, %),
    ``cohort_rounding_ns`` (denominators every pair of the cohort shares
    under rounding), ``cohort_truncation_ns`` and ``verdict`` (one sentence).
    """
    frame = evidence.claims() if claims_frame is None else claims_frame
    for column in ("claim_id", "source", "ref", "value", "n"):
        if column not in frame.columns:
            raise ValueError(f"claims_frame must have a {column!r} column")
    value_text = frame["value_text"] if "value_text" in frame.columns else frame["value"].astype(str)
    by_key: dict[tuple[str, str], dict[str, int]] = {}
    for index, claim_id in frame["claim_id"].items():
        match = _PAIR_RE.match(str(claim_id))
        if match:
            by_key.setdefault((match["stem"], match["suffix"] or ""), {})[match["kind"]] = index
    rows = []
    for (stem, suffix), members in sorted(by_key.items()):
        if set(members) != {"count", "pct"}:
            continue
        count_row, pct_row = frame.loc[members["count"]], frame.loc[members["pct"]]
        if pd.isna(count_row["value"]) or pd.isna(pct_row["value"]):
            continue
        count, percent = float(count_row["value"]), float(pct_row["value"])
        if not count.is_integer() or count < 0:
            raise ValueError(f"claims_frame: {count_row['claim_id']} must hold a whole count, got {count}")
        count = int(count)
        decimals = _decimals(value_text.loc[members["pct"]])
        ref = count_row["ref"]
        cohort = f"{count_row['source']} ref {int(ref)}" if pd.notna(ref) else f"{count_row['source']} (no ref)"
        stated = count_row["n"] if pd.notna(count_row["n"]) else pct_row["n"]
        stated = int(stated) if pd.notna(stated) else None
        rows.append({
            "cohort": cohort, "count_id": count_row["claim_id"], "pct_id": pct_row["claim_id"],
            "count": count, "percent": percent, "decimals": decimals,
            "implied_n": 100 * count / percent if percent > 0 else math.nan,
            "rounding_ns": tuple(_rounding_denominators(count, percent, decimals)),
            "truncation_ns": tuple(_truncation_denominators(count, percent, decimals)),
            "stated_n": stated,
            "exact_at_stated_n": 100 * count / stated if stated else math.nan,
        })
    columns = ["cohort", "count_id", "pct_id", "count", "percent", "decimals", "implied_n", "rounding_ns",
               "truncation_ns", "stated_n", "exact_at_stated_n", "cohort_rounding_ns", "cohort_truncation_ns", "verdict"]
    if not rows:
        return pd.DataFrame(columns=columns)
    table = pd.DataFrame(rows)
    table["stated_n"] = table["stated_n"].astype("Int64")
    common_round, common_trunc = {}, {}
    for cohort, group in table.groupby("cohort"):
        common_round[cohort] = tuple(sorted(set.intersection(*(set(ns) for ns in group["rounding_ns"]))))
        common_trunc[cohort] = tuple(sorted(set.intersection(*(set(ns) for ns in group["truncation_ns"]))))
    table["cohort_rounding_ns"] = table["cohort"].map(common_round)
    table["cohort_truncation_ns"] = table["cohort"].map(common_trunc)
    table["verdict"] = [_percent_verdict(row) for row in table.itertuples()]
    return table[columns]


def _percent_verdict(row) -> str:
    pct = f"{row.percent:.{row.decimals}f}%"
    if row.rounding_ns:
        shown = _fmt_ns(row.rounding_ns[:5]) + (", …" if len(row.rounding_ns) > 5 else "")
        text = f"{row.count} is {pct} of n = {shown} (rounded)"
    else:
        text = f"no whole n makes {row.count} round to {pct} (100 × {row.count} / {row.percent:.{row.decimals}f} = {row.implied_n:.2f})"
        if row.truncation_ns:
            text += f"; cut rather than rounded, n = {_fmt_ns(row.truncation_ns[:5])} fits"
    if pd.notna(row.stated_n):
        text += f"; the stated n = {int(row.stated_n)} gives {row.exact_at_stated_n:.2f}%"
    if not row.cohort_rounding_ns:
        text += "; the cohort's statements share no rounding denominator"
    return text


#: Percentages checked against a group size stated in another ledger row:
#: (percent claim_id, group-size claim_id, why this group size is the denominator).
PERCENT_DENOMINATORS: list[tuple[str, str, str]] = [
    ("tachihara2023_orr_primary", "tachihara2023_n_primary", "full analysis set of the single-arm trial"),
    ("tachihara2023_pneumonitis_primary", "tachihara2023_n_primary", "full analysis set of the single-arm trial"),
    ("wild2016_severe_lymphopenia_1m_crt_primary", "wild2016_crt_n_primary", "patients given chemoradiotherapy"),
    ("wild2016_severe_lymphopenia_2m_crt_primary", "wild2016_crt_n_primary", "patients given chemoradiotherapy"),
    ("wild2016_severe_lymphopenia_1m_sbrt_primary", "wild2016_sbrt_n_primary", "patients given SBRT"),
    ("wild2016_severe_lymphopenia_2m_sbrt_primary", "wild2016_sbrt_n_primary", "patients given SBRT"),
]

#: Words in ``quantity`` that mark a time-to-event estimate (Kaplan–Meier): with
#: censoring such a percentage need not be a simple fraction of the group.
_TIME_TO_EVENT = re.compile(r"surviv|\bOS\b|\bPFS\b|free", re.IGNORECASE)


def percent_n_checks(
    claims_frame: pd.DataFrame | None = None,
    pairs: list[tuple[str, str, str]] | None = None,
) -> pd.DataFrame:
    """Which counts reproduce a reported percentage from a group size the ledger states.

    Uses every proportion row (unit ``%``) whose own ``n`` is filled, plus
    the declared ``pairs`` (default :data:`PERCENT_DENOMINATORS`). Columns:
    ``pct_id``, ``percent`` (%), ``n`` (patients), ``n_from`` (``"n column"``
    or the group-size claim_id), ``counts`` (tuple of whole counts k with
    100·k/n rounding to the percentage), ``time_to_event`` (True when the
    quantity is a survival-type estimate, which need not be a simple
    fraction) and ``reason``.
    """
    frame = evidence.claims() if claims_frame is None else claims_frame
    pairs = PERCENT_DENOMINATORS if pairs is None else pairs
    value_text = frame["value_text"] if "value_text" in frame.columns else frame["value"].astype(str)
    by_id = {cid: index for index, cid in frame["claim_id"].items()}
    jobs = []
    for index, row in frame.iterrows():
        is_proportion = _text_or_blank(row.get("statistic", "proportion")) in ("proportion", "")
        if _text_or_blank(row.get("unit")) == "%" and pd.notna(row["n"]) and pd.notna(row["value"]) and is_proportion:
            jobs.append((index, int(row["n"]), "n column", "the row states its denominator"))
    for pct_id, n_id, reason in pairs:
        for cid in (pct_id, n_id):
            if cid not in by_id:
                raise ValueError(f"pairs: claim_id {cid!r} is not in the ledger")
        n_value = frame.loc[by_id[n_id], "value"]
        if pd.isna(n_value):
            raise ValueError(f"pairs: {n_id!r} has no value to use as a group size")
        jobs.append((by_id[pct_id], int(n_value), n_id, reason))
    rows = []
    for index, n, n_from, reason in jobs:
        row = frame.loc[index]
        decimals = _decimals(value_text.loc[index])
        percent = float(row["value"])
        rows.append({
            "pct_id": row["claim_id"], "percent": percent, "decimals": decimals, "n": n, "n_from": n_from,
            "counts": tuple(consistent_counts(percent, n, decimals=decimals)),
            "time_to_event": bool(_TIME_TO_EVENT.search(str(row.get("quantity", "")))),
            "reason": reason,
        })
    columns = ["pct_id", "percent", "decimals", "n", "n_from", "counts", "time_to_event", "reason"]
    table = pd.DataFrame(rows, columns=columns)
    return table.drop_duplicates(subset=["pct_id", "n"]).reset_index(drop=True)


# ---------------------------------------------------------------------------
# Orderings and sums
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class OrderingRule:
    """``left relation right`` must hold. Each side is ``claim_id[.field]`` terms joined by ``+``, or a number.

    ``field`` is ``value`` (default), ``lower`` or ``upper``.
    """

    check_id: str
    left: str
    relation: str
    right: str
    reason: str


_RELATIONS = {
    "<": lambda a, b: a < b, "<=": lambda a, b: a <= b + 1e-9, "==": lambda a, b: abs(a - b) <= 1e-9,
    ">=": lambda a, b: a >= b - 1e-9, ">": lambda a, b: a > b,
}

#: Orderings and sums that the ledger's numbers must satisfy, each with its reason.
ORDERING_RULES: list[OrderingRule] = [
    OrderingRule("ril_risk_grows_with_grade", "ril_severe_death_risk_increase", "<=", "ril_grade4_death_risk_increase",
                 "grade 4 is the most severe part of 'severe' (grade >= 3) lymphopenia against a comparable reference; "
                 "a risk that rises with severity cannot be smaller for grade 4"),
    OrderingRule("dose_bands_low_below_standard", "dose_band_low_gy.upper", "<", "dose_band_standard_gy.lower",
                 "the review's dose bands should not overlap"),
    OrderingRule("dose_bands_standard_below_high", "dose_band_standard_gy.upper", "<", "dose_band_high_gy.lower",
                 "the review's dose bands should not overlap"),
    OrderingRule("sbrt_treg_after_cd8", "sbrt_cd8_increase_days.upper", "<", "sbrt_treg_dominance_days.lower",
                 "the review describes the Treg phase as following the CD8+ T-cell phase"),
    OrderingRule("palliative_counts_fall", "palliative_lymphocyte_count_week2", "<=", "palliative_lymphocyte_count_week1",
                 "the review says counts dropped from week 1 to week 2"),
    OrderingRule("cho_grade3_within_lymphopenic", "cho2022_grade3_count_primary", "<=", "cho2022_lymphopenia_count_primary",
                 "grade >= 3 lymphopenia is a subset of lymphopenia"),
    OrderingRule("cho_lymphopenic_within_cohort", "cho2022_lymphopenia_count_primary", "<=", "cho2022_n_primary",
                 "patients with lymphopenia are part of the cohort"),
    OrderingRule("cho_outcomes_within_lymphopenic", "cho2022_recovered_count_primary + cho2022_persistent_count_primary", "<=",
                 "cho2022_lymphopenia_count_primary",
                 "recovery and persistence at follow-up describe patients who developed lymphopenia"),
    OrderingRule("cho_outcomes_cover_cohort", "lymphopenia_recovered_count + lymphopenia_persistent_count", "==", "cho2022_n_primary",
                 "the review's recovered and persistent patients, added, against the study's cohort size"),
    OrderingRule("cho_outcome_pcts_at_most_100", "lymphopenia_recovered_pct + lymphopenia_persistent_pct", "<=", "100",
                 "two shares of one cohort cannot exceed 100% (rounding aside)"),
    OrderingRule("liver_combo_best", "liver_mouse_survival_rt", "<", "liver_mouse_survival_combo",
                 "the review reports the combination as the best arm"),
    OrderingRule("tanaka_pooled_between_parts_low", "sequencing_before_rt_os6", "<=", "tanaka2023_os6_ici_primary",
                 "if all ICI patients got ICI either before or after RT, the pooled ICI rate lies between the two"),
    OrderingRule("tanaka_pooled_between_parts_high", "tanaka2023_os6_ici_primary", "<=", "sequencing_after_rt_os6",
                 "if all ICI patients got ICI either before or after RT, the pooled ICI rate lies between the two"),
    OrderingRule("relativity_arms_add_up", "tawbi2022_combo_n_primary + tawbi2022_nivo_n_primary", "==", "tawbi2022_n_primary",
                 "the two randomised arms make up the trial"),
    OrderingRule("pacific_arms_add_up", "pacific_durvalumab_n_primary + pacific_placebo_n_primary", "==", "pacific_n_primary",
                 "the two randomised arms make up the trial"),
    OrderingRule("wild_groups_add_up", "wild2016_crt_n_primary + wild2016_sbrt_n_primary", "==", "wild2016_total_n_primary",
                 "the chemoradiotherapy and SBRT groups make up the study"),
    OrderingRule("wang_groups_add_up", "wang2020_sbrt_n_primary + wang2020_3dcrt_n_primary", "==", "wang2020_n_primary",
                 "the SBRT and 3DCRT groups make up the study"),
    OrderingRule("damen_pooled_within_cohorts", "damen2021_pooled_cohorts_primary", "<=", "damen2021_cohorts_primary",
                 "the pooled analysis uses some of the included cohorts"),
    OrderingRule("yu_nadir_below_baseline", "yu2021_lymphocyte_nadir_primary", "<", "yu2021_lymphocyte_baseline_primary",
                 "a nadir lies below the count before treatment"),
]

_TERM_RE = re.compile(r"^(?P<id>[a-z][a-z0-9_]*)(?:\.(?P<field>value|lower|upper))?$")


def _side_value(expression: str, table: pd.DataFrame) -> float:
    total = 0.0
    for term in expression.split("+"):
        term = term.strip()
        try:
            total += float(term)
            continue
        except ValueError:
            pass
        match = _TERM_RE.match(term)
        if not match:
            raise ValueError(f"rules: cannot read term {term!r} (use claim_id, claim_id.lower, claim_id.upper or a number)")
        if match["id"] not in table.index:
            raise ValueError(f"rules: claim_id {match['id']!r} is not in the ledger")
        row = table.loc[match["id"]]
        field = match["field"]
        if field is None:
            present = [f for f in ("value", "lower", "upper") if pd.notna(row[f])]
            if pd.notna(row["value"]):
                field = "value"
            elif len(present) == 1:
                field = present[0]
            else:
                raise ValueError(f"rules: {match['id']!r} is a range; name the end (.lower or .upper)")
        if pd.isna(row[field]):
            raise ValueError(f"rules: {match['id']!r} has no {field}")
        total += float(row[field])
    return total


def ordering_checks(claims_frame: pd.DataFrame | None = None, rules: list[OrderingRule] | None = None) -> pd.DataFrame:
    """Evaluate declared orderings and sums (default :data:`ORDERING_RULES`).

    Returns ``check_id``, ``left``, ``left_value``, ``relation``, ``right``,
    ``right_value``, ``holds`` (bool) and ``reason``; values are in the
    rows' own units. Rules naming a claim_id the ledger lacks raise
    ``ValueError`` (argument ``rules``).
    """
    frame = evidence.claims() if claims_frame is None else claims_frame
    rules = ORDERING_RULES if rules is None else rules
    table = frame.set_index("claim_id")
    rows = []
    for rule in rules:
        if rule.relation not in _RELATIONS:
            raise ValueError(f"rules: relation must be one of {sorted(_RELATIONS)}, got {rule.relation!r} in {rule.check_id}")
        left, right = _side_value(rule.left, table), _side_value(rule.right, table)
        rows.append({
            "check_id": rule.check_id, "left": rule.left, "left_value": left, "relation": rule.relation,
            "right": rule.right, "right_value": right, "holds": bool(_RELATIONS[rule.relation](left, right)),
            "reason": rule.reason,
        })
    return pd.DataFrame(rows, columns=["check_id", "left", "left_value", "relation", "right", "right_value", "holds", "reason"])


# ---------------------------------------------------------------------------
# References
# ---------------------------------------------------------------------------

def duplicate_references(references_frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """DOIs that the review's numbered reference list holds under more than one number.

    Returns ``doi``, ``refs`` (tuple of reference numbers), ``keys`` (tuple of
    BibTeX keys) and ``title`` (of the first), one row per repeated DOI.
    Works without a ref number (the book's own additions) are ignored.
    """
    frame = evidence.references() if references_frame is None else references_frame
    for column in ("ref", "doi", "key", "title"):
        if column not in frame.columns:
            raise ValueError(f"references_frame must have a {column!r} column")
    numbered = frame.dropna(subset=["ref"]).copy()
    numbered["doi_norm"] = numbered["doi"].str.strip().str.lower()
    rows = []
    for doi, group in numbered.groupby("doi_norm", sort=True):
        if len(group) > 1:
            group = group.sort_values("ref")
            rows.append({
                "doi": doi, "refs": tuple(int(r) for r in group["ref"]), "keys": tuple(group["key"]),
                "title": group["title"].iloc[0],
            })
    return pd.DataFrame(rows, columns=["doi", "refs", "keys", "title"])


# ---------------------------------------------------------------------------
# The review against the cited works
# ---------------------------------------------------------------------------

#: (review claim_id, primary claim_id, conversion, same comparison?, note).
#: Conversion ``"pct_increase_to_ratio"`` turns "x% increased risk" into a ratio 1 + x/100.
REVIEW_PRIMARY_PAIRS: list[tuple[str, str, str, bool, str]] = [
    ("lymphopenia_grade3_count", "cho2022_grade3_count_primary", "", True, "grade >= 3 lymphopenia"),
    ("lymphopenia_grade3_pct", "cho2022_grade3_pct_primary", "", True, "grade >= 3 lymphopenia"),
    ("lymphopenia_recovered_count", "cho2022_recovered_count_primary", "", True, "recovered at follow-up"),
    ("lymphopenia_recovered_pct", "cho2022_recovered_pct_primary", "", True, "recovered at follow-up"),
    ("lymphopenia_persistent_count", "cho2022_persistent_count_primary", "", True, "persistent at follow-up"),
    ("lymphopenia_persistent_pct", "cho2022_persistent_pct_primary", "", True, "persistent at follow-up"),
    ("lymphopenia_recovery_timepoint", "cho2022_recovery_timepoint_primary", "", True, "time point of recovery"),
    ("ril_severe_death_risk_increase", "damen2021_pooled_hr_primary", "pct_increase_to_ratio", True,
     "an x% increase in risk read as a hazard ratio of 1 + x/100 (grade >= 3 vs grade 0-2)"),
    ("ril_grade4_death_risk_increase", "damen2021_pooled_hr_primary", "pct_increase_to_ratio", False,
     "no grade-4 figure in the abstract; shown against the grade >= 3 pooled ratio"),
    ("pancreas_wild_cohort_size", "wild2016_crt_n_primary", "", True, "chemoradiotherapy group"),
    ("pancreas_wild_lymphocyte_threshold", "wild2016_severe_lymphopenia_threshold_primary", "", True,
     "same threshold; the review prints the unit as mm³"),
    ("pancreas_spleen_cohort_size", "chadha2017_n_primary", "", True, "the review names the study 'Krishna et al.'"),
    ("pancreas_spleen_mean_dose_limit", "chadha2017_spleen_dose_severe_primary", "", False,
     "the abstract gives the mean spleen dose of each group, not a dose limit"),
    ("sequencing_after_rt_os6", "tanaka2023_os6_ici_primary", "", False,
     "the review's group (ICI after RT) is part of the abstract's group (any ICI)"),
    ("sequencing_os6_p", "tanaka2023_os_ici_p_primary", "", False,
     "the abstract's p-value is for ICI vs no ICI, not after vs before RT"),
]


def _value_of(row) -> float:
    if pd.notna(row["value"]):
        return float(row["value"])
    present = [row[f] for f in ("lower", "upper") if pd.notna(row[f])]
    return float(present[0]) if len(present) == 1 else math.nan


def primary_vs_review(claims_frame: pd.DataFrame | None = None, pairs=None) -> pd.DataFrame:
    """The review's number beside the cited work's for the same (or a related) quantity.

    ``pairs`` defaults to :data:`REVIEW_PRIMARY_PAIRS`. Columns: ``review_id``,
    ``review_value`` (review's number in its unit), ``review_unit``,
    ``primary_id``, ``primary_value``, ``primary_unit``, ``review_converted``
    (the review's number on the primary's scale), ``same_comparison``,
    ``agrees`` (True/False when the comparison is the same and the converted
    number equals the primary's at the primary's reported decimals; ``None``
    otherwise) and ``note``.
    """
    frame = evidence.claims() if claims_frame is None else claims_frame
    pairs = REVIEW_PRIMARY_PAIRS if pairs is None else pairs
    table = frame.set_index("claim_id")
    rows = []
    for review_id, primary_id, conversion, same, note in pairs:
        for cid in (review_id, primary_id):
            if cid not in table.index:
                raise ValueError(f"pairs: claim_id {cid!r} is not in the ledger")
        review, primary = table.loc[review_id], table.loc[primary_id]
        r_value, p_value = _value_of(review), _value_of(primary)
        if conversion == "pct_increase_to_ratio":
            converted = 1 + r_value / 100
        elif conversion == "":
            converted = r_value
        else:
            raise ValueError(f"pairs: unknown conversion {conversion!r} for {review_id}")
        p_text = primary["value_text"] if "value_text" in primary.index and isinstance(primary["value_text"], str) and primary["value_text"] else str(p_value)
        places = _decimals(p_text)
        agrees = bool(round(converted, places) == round(p_value, places)) if same else None
        rows.append({
            "review_id": review_id, "review_value": r_value, "review_unit": _text_or_blank(review.get("unit")),
            "primary_id": primary_id, "primary_value": p_value, "primary_unit": _text_or_blank(primary.get("unit")),
            "review_converted": converted, "same_comparison": same, "agrees": agrees, "note": note,
        })
    columns = ["review_id", "review_value", "review_unit", "primary_id", "primary_value", "primary_unit",
               "review_converted", "same_comparison", "agrees", "note"]
    return pd.DataFrame(rows, columns=columns)


def _text_or_blank(value) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


# ---------------------------------------------------------------------------
# Curated files
# ---------------------------------------------------------------------------

def _read_rows(path: Path, expected: list[str]) -> tuple[str, list[tuple[int, dict]]]:
    """Read a small CSV into ``(line, row)`` pairs (bytes, header order and field counts checked)."""
    return read_csv_rows(path, expected, error=AuditDataError, ordered=True)


_FINDING_ID = re.compile(evidence.CLAIM_ID_PATTERN)
_SECTION = re.compile(evidence.SECTION_PATTERN)


def load_findings(path: Path | str | None = None) -> pd.DataFrame:
    """Load and validate the curated findings ``data/audit_findings.csv``.

    Columns (in this order): ``finding_id`` (unique snake_case), ``section``
    (review section(s) such as ``3.3`` or ``2.3; 5``, or ``references``),
    ``ref`` (empty, or reference numbers 1–95 separated by ``;``),
    ``category`` (one of :data:`CATEGORIES`), ``what``, ``why`` (non-empty
    text) and ``severity`` (``low``/``medium``/``high``). Returns a DataFrame
    indexed by file line (header = line 1) with ``refs`` (tuple of ints)
    added. Raises :class:`AuditDataError` naming file, line, column and rule.
    """
    path = Path(path) if path is not None else FINDINGS_FILE
    name, rows = _read_rows(path, FINDINGS_COLUMNS)
    problems = []
    seen: dict[str, int] = {}
    parsed_refs = []
    for line, row in rows:
        where = f"{name}, line {line}"
        fid = row["finding_id"].strip()
        if not _FINDING_ID.match(fid):
            problems.append(f"{where}, column 'finding_id': does not match the required pattern {evidence.CLAIM_ID_PATTERN} (got {fid!r})")
        elif fid in seen:
            problems.append(f"{where}, column 'finding_id': must be unique; {fid!r} is also on line {seen[fid]}")
        seen.setdefault(fid, line)
        sections = [part.strip() for part in row["section"].split(";")]
        if not row["section"].strip() or any(not (_SECTION.match(p) or p in EXTRA_SECTIONS) for p in sections):
            problems.append(f"{where}, column 'section': must be review section numbers like 3.3 (several joined by ';') or 'references' (got {row['section']!r})")
        refs = []
        if row["ref"].strip():
            for part in row["ref"].split(";"):
                part = part.strip()
                if not part.isdigit() or not 1 <= int(part) <= evidence.N_REFERENCES:
                    problems.append(f"{where}, column 'ref': must be reference numbers 1-{evidence.N_REFERENCES} joined by ';' (got {row['ref']!r})")
                    break
                refs.append(int(part))
        parsed_refs.append(tuple(refs))
        if row["category"].strip() not in CATEGORIES:
            problems.append(f"{where}, column 'category': is not one of {', '.join(CATEGORIES)} (got {row['category']!r})")
        if row["severity"].strip() not in SEVERITIES:
            problems.append(f"{where}, column 'severity': is not one of {', '.join(SEVERITIES)} (got {row['severity']!r})")
        for column in ("what", "why"):
            if not row[column].strip():
                problems.append(f"{where}, column '{column}': must not be empty")
    if problems:
        raise AuditDataError(problems)
    frame = pd.DataFrame([row for _, row in rows], columns=FINDINGS_COLUMNS, index=[line for line, _ in rows])
    frame = frame.apply(lambda column: column.str.strip())
    frame["refs"] = parsed_refs
    return frame


# ---------------------------------------------------------------------------
# The ledger as a searchable HTML table
# ---------------------------------------------------------------------------

_TABLE_COLUMNS = [
    ("claim_id", "claim_id", "text"), ("section", "section", "num"), ("quantity", "quantity", "text"),
    ("group", "group", "text"), ("value", "value", "num"), ("n", "n", "num"), ("setting", "setting (evidence level)", "text"),
    ("source", "source", "text"), ("reference", "reference", "num"),
]

_TABLE_SCRIPT = r"""
(function () {
  var root = document.getElementById("%(id)s");
  if (!root) { return; }
  var table = root.querySelector("table");
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var search = root.querySelector("input[type=search]");
  var selects = Array.prototype.slice.call(root.querySelectorAll("select[data-filter]"));
  var counter = root.querySelector(".ledger-count");
  function apply() {
    var needle = search.value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (row) {
      var ok = !needle || row.textContent.toLowerCase().indexOf(needle) !== -1;
      selects.forEach(function (select) {
        if (ok && select.value && row.getAttribute("data-" + select.getAttribute("data-filter")) !== select.value) { ok = false; }
      });
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    counter.textContent = shown + " of " + rows.length + " rows shown";
  }
  search.addEventListener("input", apply);
  selects.forEach(function (select) { select.addEventListener("change", apply); });
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  headers.forEach(function (th, column) {
    var button = th.querySelector("button");
    button.addEventListener("click", function () {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var numeric = th.getAttribute("data-type") === "num";
      rows.sort(function (a, b) {
        var x = a.cells[column].getAttribute("data-sort"), y = b.cells[column].getAttribute("data-sort");
        var result;
        if (numeric) {
          var fx = x === "" ? Infinity : parseFloat(x), fy = y === "" ? Infinity : parseFloat(y);
          result = fx === fy ? 0 : (fx < fy ? -1 : 1);
        } else {
          result = x.localeCompare(y);
        }
        return ascending ? result : -result;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
  apply();
})();
"""

_TABLE_STYLE = """
#%(id)s .ledger-controls { display: flex; flex-wrap: wrap; gap: 0.5em 1em; margin-bottom: 0.5em; align-items: end; }
#%(id)s .ledger-controls label { display: flex; flex-direction: column; font-size: 0.85em; }
#%(id)s .ledger-scroll { max-height: 36em; overflow: auto; border: 1px solid #ccc; }
#%(id)s table { border-collapse: collapse; font-size: 0.8em; width: 100%%; }
#%(id)s th { position: sticky; top: 0; background: #f3f3f3; color: #111; }
#%(id)s th button { background: none; border: 0; padding: 0; font: inherit; font-weight: bold; color: inherit; cursor: pointer; text-align: left; }
#%(id)s th[aria-sort=ascending] button::after { content: " \\25B2"; }
#%(id)s th[aria-sort=descending] button::after { content: " \\25BC"; }
#%(id)s td:first-child { min-width: 12em; }
#%(id)s td code { font-size: 0.95em; }
#%(id)s td:nth-child(5) { white-space: nowrap; }
#%(id)s td, #%(id)s th { padding: 0.2em 0.4em; border-bottom: 1px solid #ddd; vertical-align: top; text-align: left; }
"""


def _cell(text, sort_key="") -> str:
    return f'<td data-sort="{html.escape(str(sort_key), quote=True)}">{text}</td>'


def evidence_table_html(claims_frame: pd.DataFrame | None = None, table_id: str = "evidence-ledger") -> str:
    """The ledger as one self-contained HTML block: a table plus a small vanilla-JavaScript script.

    The block has a text search box, select filters for section, evidence
    level, setting, source and reference, and headers that sort on click (numbers
    numerically). No external files or CDNs. Each row shows claim_id,
    section, quantity, group, the value as the source wrote it (with unit),
    n, setting with its evidence level, source (review/primary) and the reference
    (BibTeX key linked to https://doi.org/...). Deterministic: the same
    ledger gives the same bytes. ``table_id`` must be an HTML id.
    """
    if not isinstance(table_id, str) or not re.match(r"^[A-Za-z][A-Za-z0-9_-]*$", table_id):
        raise ValueError(f"table_id must be an HTML id (letters, digits, - or _), got {table_id!r}")
    frame = evidence.claims() if claims_frame is None else claims_frame
    frame = frame.sort_values(["section", "source", "claim_id"], key=lambda s: s.map(_section_key) if s.name == "section" else s)
    esc = html.escape
    body_rows = []
    options = {"section": set(), "level": set(), "setting": set(), "source": set(), "ref": set()}
    for _, row in frame.iterrows():
        claim = _row_text(row)
        level = row.get("evidence_level") if isinstance(row.get("evidence_level"), str) else evidence.EVIDENCE_LEVEL.get(row["setting"], "")
        ref_label, ref_sort, ref_attr = "", "", ""
        if pd.notna(row.get("ref")):
            ref_attr = f"ref {int(row['ref'])}"
            ref_sort = int(row["ref"])
        elif isinstance(row.get("doi"), str):
            ref_attr, ref_sort = "not cited by the review", 999
        key = row.get("key") if isinstance(row.get("key"), str) else ""
        if isinstance(row.get("doi"), str):
            label = f"{esc(key) or esc(row['doi'])}" + (f" ({esc(ref_attr)})" if ref_attr.startswith("ref") else "")
            ref_label = f'<a href="https://doi.org/{esc(row["doi"], quote=True)}">{label}</a>'
        options["section"].add(row["section"])
        options["level"].add(level)
        options["setting"].add(row["setting"])
        options["source"].add(row["source"])
        if ref_attr:
            options["ref"].add((ref_sort, ref_attr))
        n_text = "" if pd.isna(row.get("n")) else str(int(row["n"]))
        value_sort = next((row[f] for f in ("value", "lower", "upper") if pd.notna(row[f])), "")
        cells = [
            _cell("<code>" + esc(row["claim_id"]).replace("_", "_<wbr>") + "</code>", row["claim_id"]),
            _cell(esc(row["section"]), _section_key(row["section"])),
            _cell(esc(row["quantity"]), row["quantity"]),
            _cell(esc(_text_or_blank(row.get("group"))), _text_or_blank(row.get("group"))),
            _cell(esc(claim), value_sort),
            _cell(n_text, n_text),
            _cell(f'{esc(row["setting"])}<br><small>{esc(level)}</small>', row["setting"]),
            _cell(esc(row["source"]), row["source"]),
            _cell(ref_label, ref_sort),
        ]
        attributes = (f' data-section="{esc(row["section"], quote=True)}" data-level="{esc(level, quote=True)}"'
                      f' data-setting="{esc(row["setting"], quote=True)}" data-source="{esc(row["source"], quote=True)}"'
                      f' data-ref="{esc(ref_attr, quote=True)}"')
        body_rows.append(f"<tr{attributes}>" + "".join(cells) + "</tr>")
    header = "".join(
        f'<th scope="col" data-type="{kind}"><button type="button">{esc(title)}</button></th>' for _, title, kind in _TABLE_COLUMNS
    )

    def select(name, label, values):
        items = "".join(f'<option value="{esc(v, quote=True)}">{esc(t)}</option>' for v, t in values)
        return f'<label>{esc(label)}<select data-filter="{name}"><option value="">all</option>{items}</select></label>'

    controls = "".join([
        '<label>Search<input type="search" placeholder="any text, e.g. lymphopenia" aria-label="search the ledger"></label>',
        select("section", "Section", [(s, s) for s in sorted(options["section"], key=_section_key)]),
        select("level", "Evidence level", [(v, v) for v in sorted(options["level"])]),
        select("setting", "Setting", [(v, v) for v in sorted(options["setting"])]),
        select("source", "Source", [(v, v) for v in sorted(options["source"])]),
        select("ref", "Reference", [(t, t) for _, t in sorted(options["ref"])]),
        '<span class="ledger-count" aria-live="polite"></span>',
    ])
    return (
        f'<div id="{table_id}" class="evidence-ledger">'
        f"<style>{_TABLE_STYLE % {'id': table_id}}</style>"
        f'<div class="ledger-controls">{controls}</div>'
        f'<div class="ledger-scroll"><table><thead><tr>{header}</tr></thead><tbody>'
        + "\n".join(body_rows)
        + f"</tbody></table></div><script>{_TABLE_SCRIPT % {'id': table_id}}</script></div>"
    )


def _section_key(section) -> float:
    major, _, minor = str(section).partition(".")
    return int(major) + (int(minor) / 10 if minor else 0.0)


def _row_text(row) -> str:
    """The value as the source wrote it, with unit (the same rules as :attr:`evidence.Claim.text`)."""
    value_text = row.get("value_text") if isinstance(row.get("value_text"), str) else ("" if pd.isna(row["value"]) else f"{row['value']:g}")
    if pd.isna(row["value"]):
        lower, upper = row["lower"], row["upper"]
        body = f"{lower:g}–{upper:g}" if pd.notna(lower) and pd.notna(upper) else f"{(lower if pd.notna(lower) else upper):g}"
    else:
        body = value_text
    qualifier = _text_or_blank(row.get("qualifier"))
    prefix = {"<": "< ", "<=": "≤ ", ">": "> ", ">=": "≥ ", "~": "~"}.get(qualifier, "")
    unit = _text_or_blank(row.get("unit"))
    if unit == "%":
        return f"{prefix}{body}%"
    return f"{prefix}{body} {unit}".strip()
