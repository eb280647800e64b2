"""The book's road map: open problems, and what kind of evidence each chapter rests on.

Two small jobs for the last two chapters:

* ``data/open_problems.csv`` lists the questions the review leaves open
  (its section 8, plus the challenges of section 9). :func:`load_open_problems`
  reads and validates it: every row names the book chapter that discusses the
  problem, the ledger claims that bear on it and the kind of study that would
  answer it. :func:`open_problems_markdown` turns it into a MyST table with
  links to the chapters and citations.
* :func:`evidence_by_chapter` maps every ledger row to a chapter (review
  section 2.3 → chapter 2, and so on: :func:`chapter_for_section`) and counts
  how much of each chapter's evidence is preclinical, observational,
  trial-based, pooled, secondary (review articles) or modelled.

Public names: :data:`CHAPTER_LABELS`, :data:`CHAPTER_SHORT_NAMES`,
:data:`ALLOWED_LABELS`, :data:`OPEN_PROBLEM_COLUMNS`,
:data:`EVIDENCE_GROUPS`, :class:`OpenProblemsError`,
:func:`chapter_for_section`, :func:`chapter_label_for_section`,
:func:`load_open_problems`, :func:`open_problems_markdown`,
:func:`evidence_by_chapter`, :func:`preclinical_share`,
:func:`plot_evidence_by_chapter`.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from analysis import DATA_DIR
from analysis.chapters import allowed_labels, chapter_for_section, chapter_label_for_section, chapter_labels, short_names
from analysis.evidence import CLAIM_ID_PATTERN, N_REFERENCES, SECTION_PATTERN
from analysis.tables import DataFileError, read_csv_rows

__all__ = [
    "CHAPTER_LABELS",
    "CHAPTER_SHORT_NAMES",
    "ALLOWED_LABELS",
    "OPEN_PROBLEM_COLUMNS",
    "EVIDENCE_GROUPS",
    "OpenProblemsError",
    "chapter_for_section",
    "chapter_label_for_section",
    "load_open_problems",
    "open_problems_markdown",
    "evidence_by_chapter",
    "preclinical_share",
    "plot_evidence_by_chapter",
]

#: Chapter number → the chapter's cross-reference label (from data/chapters.csv).
CHAPTER_LABELS: dict[int, str] = chapter_labels()
#: Chapter number → a short name for figure axes and tables.
CHAPTER_SHORT_NAMES: dict[int, str] = short_names()
#: Every label an open problem may point to.
ALLOWED_LABELS: frozenset[str] = allowed_labels()

#: Columns of ``data/open_problems.csv``, in this order.
OPEN_PROBLEM_COLUMNS: tuple[str, ...] = (
    "problem", "chapter_label", "evidence_claim_ids", "review_section", "ref", "kind_of_study_needed",
)

#: Evidence groups in plotting order; values of ``analysis.evidence.EVIDENCE_LEVEL``.
EVIDENCE_GROUPS: tuple[str, ...] = (
    "preclinical",
    "model",
    "review",
    "clinical: observational",
    "clinical: trial",
    "clinical: meta-analysis",
)
_CLINICAL = ("clinical: observational", "clinical: trial", "clinical: meta-analysis")

_SECTION_RE = re.compile(SECTION_PATTERN)
_CLAIM_ID_RE = re.compile(CLAIM_ID_PATTERN)
_N_REFERENCES = N_REFERENCES


class OpenProblemsError(DataFileError):
    """``data/open_problems.csv`` broke a rule; ``problems`` lists every finding (file, line, column)."""

    subject = "the open-problems table"


# --------------------------------------------------------------------------
# Open problems
# --------------------------------------------------------------------------
def _ledger_ids() -> set[str]:
    from analysis import evidence

    return set(evidence.claims()["claim_id"])


def load_open_problems(path: str | Path | None = None, *, claim_ids=None) -> pd.DataFrame:
    """Read and validate the open-problems table (default ``data/open_problems.csv``).

    Parameters
    ----------
    path:
        The CSV file; UTF-8 without byte-order mark, header row with exactly
        the columns of :data:`OPEN_PROBLEM_COLUMNS`.
    claim_ids:
        The claim ids that exist; by default those of the validated ledger
        ``data/claims.csv`` (tests pass a small set).

    Returns
    -------
    pandas.DataFrame
        One row per problem, indexed by file line (header = line 1), with
        ``evidence_claim_ids`` as a tuple of ids (empty tuple if none), ``ref``
        as a nullable integer (the review's reference number) and the other
        columns as stripped strings.

    Raises
    ------
    OpenProblemsError (a ``ValueError``)
        Listing every problem as ``"<file>, line <n>, column '<name>': <rule> (got ...)"``:
        missing or unknown columns, a row with the wrong number of fields, an
        empty ``problem`` or ``kind_of_study_needed``, a repeated ``problem``,
        a ``chapter_label`` not in :data:`ALLOWED_LABELS`, a claim id that is
        malformed, repeated in its cell or not in the ledger, a
        ``review_section`` that is not ``N`` or ``N.M``, or a ``ref`` that is
        not a whole number 1–95.
    """
    path = Path(DATA_DIR / "open_problems.csv" if path is None else path)
    name, records = read_csv_rows(path, OPEN_PROBLEM_COLUMNS, error=OpenProblemsError)
    header = list(OPEN_PROBLEM_COLUMNS)
    problems: list[str] = []

    known = set(claim_ids) if claim_ids is not None else _ledger_ids()
    rows, lines, seen = [], [], {}
    for line, row in records:
        def bad(column: str, rule: str, got) -> None:
            problems.append(f"{name}, line {line}, column '{column}': {rule} (got {got!r})")

        cells = {col: row[col].strip() for col in header}
        for column in ("problem", "kind_of_study_needed"):
            if not cells[column]:
                bad(column, "must not be empty", cells[column])
        if cells["problem"]:
            key = cells["problem"].casefold()
            if key in seen:
                bad("problem", f"repeats the problem on line {seen[key]}", cells["problem"])
            seen.setdefault(key, line)
        if cells["chapter_label"] not in ALLOWED_LABELS:
            bad("chapter_label", f"is not a label listed in CONTRIBUTING.md ({', '.join(sorted(ALLOWED_LABELS))})", cells["chapter_label"])
        ids: list[str] = []
        if cells["evidence_claim_ids"]:
            for claim_id in (part.strip() for part in cells["evidence_claim_ids"].split(";")):
                if not _CLAIM_ID_RE.match(claim_id):
                    bad("evidence_claim_ids", "each claim id must be snake_case, separated by ';'", claim_id)
                elif claim_id in ids:
                    bad("evidence_claim_ids", "claim id listed twice", claim_id)
                elif claim_id not in known:
                    bad("evidence_claim_ids", "claim id is not in data/claims.csv", claim_id)
                else:
                    ids.append(claim_id)
        if not _SECTION_RE.match(cells["review_section"]):
            bad("review_section", "must be a review section such as '8' or '4.2'", cells["review_section"])
        ref = pd.NA
        if cells["ref"]:
            if re.fullmatch(r"\d+", cells["ref"]) and 1 <= int(cells["ref"]) <= _N_REFERENCES:
                ref = int(cells["ref"])
            else:
                bad("ref", f"must be empty or a review reference number 1-{_N_REFERENCES}", cells["ref"])
        cells["evidence_claim_ids"] = tuple(ids)
        cells["ref"] = ref
        rows.append(cells)
        lines.append(line)
    if problems:
        raise OpenProblemsError(problems)
    table = pd.DataFrame(rows, columns=list(OPEN_PROBLEM_COLUMNS), index=pd.Index(lines, name="line"))
    table["ref"] = table["ref"].astype("Int64")
    return table


def open_problems_markdown(table: pd.DataFrame, *, lookup=None) -> str:
    """A MyST pipe table of the open problems, with chapter links, evidence and citations.

    Parameters
    ----------
    table:
        The frame from :func:`load_open_problems`.
    lookup:
        ``claim_id -> Claim``; defaults to :func:`analysis.evidence.claim`.

    Returns
    -------
    str
        Markdown with ``{ref}`` links to the chapters, each evidence claim as
        "quantity (group): value (lower–upper) {cite:p}`key`", the review section that
        raises the problem and the related review reference as
        ``{cite:t}``; a dash where a problem has no number in the ledger.
        Meant for ``glue`` with ``{glue:md}`` and ``:format: myst``.
    """
    missing = [col for col in OPEN_PROBLEM_COLUMNS if col not in getattr(table, "columns", [])]
    if missing:
        raise ValueError(f"table must come from load_open_problems; missing column(s) {missing}")
    if lookup is None:
        from analysis.evidence import claim as lookup
    from analysis.evidence import cite_key

    def clean(text: str) -> str:
        return str(text).replace("|", "\\|").replace("\n", " ")

    lines = [
        "| Open problem | Chapter | Evidence in the ledger | Raised in the review | Study that would answer it |",
        "|---|---|---|---|---|",
    ]
    for _, row in table.iterrows():
        evidence = "<br>".join(clean(lookup(cid).summary()) for cid in row["evidence_claim_ids"]) or "— (no number in the ledger)"
        review = f"§{row['review_section']}"
        if not pd.isna(row["ref"]):
            review += f"; see {{cite:t}}`{cite_key(int(row['ref']))}`"
        lines.append(
            f"| {clean(row['problem'])} | {{ref}}`{row['chapter_label']}` | {evidence} | {review} | {clean(row['kind_of_study_needed'])} |"
        )
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------
# Evidence by chapter
# --------------------------------------------------------------------------
def evidence_by_chapter(claims: pd.DataFrame | None = None, *, by: str = "claims", source: str | None = None) -> pd.DataFrame:
    """Count the ledger's evidence per book chapter and evidence group.

    Parameters
    ----------
    claims:
        The ledger (default: :func:`analysis.evidence.claims`); needs the
        columns ``section``, ``setting`` and ``source`` and, for
        ``by="references"``, ``key`` or ``doi``.
    by:
        ``"claims"`` counts ledger rows (numbers); ``"references"`` counts
        distinct cited works per chapter and group (a work whose rows sit in
        two groups counts in both; rows without any reference count together
        as one "uncited" source).
    source:
        ``None`` (all rows), ``"review"`` (numbers the review states) or
        ``"primary"`` (numbers read in the cited works).

    Returns
    -------
    pandas.DataFrame
        Index: chapter number 1–9 (every chapter, zeros where the ledger has
        nothing); columns: :data:`EVIDENCE_GROUPS`; values: counts (integers).

    Raises ``ValueError`` naming ``by``, ``source`` or ``claims`` if they are
    not allowed, or if a row's setting or section is unknown.
    """
    if by not in ("claims", "references"):
        raise ValueError(f"by must be 'claims' or 'references', got {by!r}")
    if source not in (None, "review", "primary"):
        raise ValueError(f"source must be None, 'review' or 'primary', got {source!r}")
    from analysis.evidence import EVIDENCE_LEVEL

    if claims is None:
        from analysis import evidence

        claims = evidence.claims()
    if not isinstance(claims, pd.DataFrame):
        raise ValueError(f"claims must be a pandas DataFrame (the ledger), got {type(claims).__name__}")
    needed = {"section", "setting", "source"}
    if not needed <= set(claims.columns):
        raise ValueError(f"claims must have the columns {sorted(needed)}; missing {sorted(needed - set(claims.columns))}")
    frame = claims if source is None else claims[claims["source"] == source]
    unknown = sorted(set(frame["setting"]) - set(EVIDENCE_LEVEL))
    if unknown:
        raise ValueError(f"claims has setting(s) not in analysis.evidence.EVIDENCE_LEVEL: {unknown}")
    work = pd.DataFrame({
        "chapter": [chapter_for_section(s) for s in frame["section"]],
        "group": frame["setting"].map(EVIDENCE_LEVEL).to_numpy(),
    })
    if by == "references":
        key = frame["key"] if "key" in frame.columns else pd.Series(pd.NA, index=frame.index)
        doi = frame["doi"].str.lower() if "doi" in frame.columns else pd.Series(pd.NA, index=frame.index)
        work["work"] = key.fillna(doi).fillna("(uncited)").to_numpy()
        work = work.drop_duplicates()
    counts = work.groupby(["chapter", "group"]).size().unstack(fill_value=0)
    counts = counts.reindex(index=range(1, 10), columns=list(EVIDENCE_GROUPS), fill_value=0).fillna(0).astype(int)
    counts.index.name = "chapter"
    counts.columns.name = None
    return counts


def preclinical_share(counts: pd.DataFrame) -> pd.Series:
    """Share (0–1) of preclinical among preclinical + clinical counts, per chapter.

    Review-article and model rows are left out of both numerator and
    denominator; chapters with neither preclinical nor clinical counts get NaN.
    ``counts`` is a table from :func:`evidence_by_chapter`; raises
    ``ValueError`` naming ``counts`` if it lacks the evidence-group columns.
    """
    if not isinstance(counts, pd.DataFrame) or not {"preclinical", *_CLINICAL} <= set(counts.columns):
        raise ValueError("counts must be a table from evidence_by_chapter (columns preclinical and clinical: ...)")
    clinical = counts[list(_CLINICAL)].sum(axis=1)
    total = counts["preclinical"] + clinical
    return (counts["preclinical"] / total.where(total > 0)).rename("preclinical share")


def plot_evidence_by_chapter(counts: pd.DataFrame, *, ax=None, chapter_names: dict | None = None, unit: str = "claims"):
    """Horizontal stacked bars: one bar per chapter, one colour per evidence group.

    ``counts`` comes from :func:`evidence_by_chapter`; ``chapter_names``
    maps chapter number → short name for the y axis (default
    :data:`CHAPTER_SHORT_NAMES`); ``unit`` names what was
    counted ("claims" or "references") in the x-axis label. Chapters with no
    rows get a "no numbers" note. Returns the matplotlib Axes. Raises
    ``ValueError`` naming ``counts`` if it has none of the evidence groups.
    """
    import matplotlib.pyplot as plt

    from analysis.style import PALETTE, label_axes

    if not isinstance(counts, pd.DataFrame) or not set(EVIDENCE_GROUPS) & set(counts.columns):
        raise ValueError("counts must be a table from evidence_by_chapter")
    if unit not in ("claims", "references"):
        raise ValueError(f"unit must be 'claims' or 'references', got {unit!r}")
    colours = {
        "preclinical": PALETTE["vermillion"],
        "model": PALETTE["yellow"],
        "review": PALETTE["grey"],
        "clinical: observational": PALETTE["sky_blue"],
        "clinical: trial": PALETTE["blue"],
        "clinical: meta-analysis": PALETTE["bluish_green"],
    }
    hatches = {"model": "//", "review": ".."}
    if ax is None:
        _, ax = plt.subplots(figsize=(7.2, 4.6))
    names = CHAPTER_SHORT_NAMES if chapter_names is None else chapter_names
    chapters = list(counts.index)
    y = list(range(len(chapters)))[::-1]
    left = [0] * len(chapters)
    for group in EVIDENCE_GROUPS:
        if group not in counts.columns:
            continue
        values = counts[group].tolist()
        ax.barh(y, values, left=left, color=colours[group], hatch=hatches.get(group), edgecolor="white",
                linewidth=0.6, label=group, height=0.7)
        left = [a + b for a, b in zip(left, values)]
    for yy, total in zip(y, left):
        ax.text(total + max(left + [1]) * 0.01, yy, f"{total}" if total else "no numbers in the ledger",
                va="center", ha="left", fontsize=8, color=PALETTE["black"] if total else PALETTE["grey"])
    ax.set_yticks(y)
    ax.set_yticklabels([f"{c}. {names[c]}" if c in names else f"Chapter {c}" for c in chapters])
    ax.set_xlim(0, max(left + [1]) * 1.15)
    ax.grid(axis="y", visible=False)
    label_axes(ax, f"Ledger {unit} (count)", "Book chapter")
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), title="Evidence behind\nthe number",
              fontsize=8, title_fontsize=8, alignment="left")
    return ax
