"""The course plans of the course guide (``data/course_plan.csv``): what to read, do and practise each week.

One file holds every plan (a four-week and a six-week course), one row per
item of a week, in the order the course guide shows them:

* ``title`` — the week's theme;
* ``reading`` — pre-reading: a page (``page``), whole or some of its sections
  (``part``: the anchors of its ``##`` sections), with minutes;
* ``class`` — an activity of the 90-minute class, with minutes;
* ``exercise`` — an exercise (``part``: its ``:label:``) done in class or as
  homework (``mode``), with minutes;
* ``objective`` — the learning objectives of a page (``part``: their
  numbers) that the week meets.

:func:`load_course_plan` reads and validates the file — each row, then each
plan as a whole: the pre-reading of a page adds up to the page's own
``reading_minutes`` in ``data/chapters.csv``, every studied page is read
once (a split page's parts cover its sections once), every exercise is
assigned once, no objective is met twice, no page is read before its
prerequisites, class time is :data:`CLASS_MINUTES` a week and no week asks
for more than :data:`MAX_WEEK_MINUTES`. :func:`weekly_workload` and
:func:`plan_markdown` give what the course guide shows.
"""
from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import ROOT
from ..schema import check_resource, field, field_names
from ..tables import DataFileError
from .chapters import load_chapters

__all__ = [
    "PLAN_COLUMNS", "KINDS", "MODES", "CLASS_MINUTES", "MAX_WEEK_MINUTES", "CoursePlanError", "PageOutline",
    "page_outline", "learning_objectives", "load_course_plan", "plans", "workload", "weekly_workload", "plan_markdown", "workload_markdown",
    "page_tag", "map_boxes",
]

#: Columns of ``data/course_plan.csv``, in this order.
PLAN_COLUMNS: tuple[str, ...] = field_names("course_plan")
#: What a row describes (``title``, ``reading``, ``class``, ``exercise``, ``objective``: the ``kind`` field's ``enum``).
KINDS: tuple[str, ...] = tuple(field("course_plan", "kind")["constraints"]["enum"])
#: Where an exercise is done (``class``, ``homework``: the ``mode`` field's ``enum``).
MODES: tuple[str, ...] = tuple(field("course_plan", "mode")["constraints"]["enum"])
#: Minutes of the one class a week (class activities plus in-class exercises).
CLASS_MINUTES = 90
#: The most a week may ask of a student, all included (reading + class + homework): 5 hours.
MAX_WEEK_MINUTES = 300

_ANCHOR_HEADING = re.compile(r"^\((?P<label>[a-z][a-z0-9-]*)\)=\n## ", re.M)
_EXERCISE = re.compile(r"^(`{3,}|:{3,})\{exercise\}")
_OBJECTIVES = re.compile(r"```\{admonition\} Learning objectives\n(?P<body>.*?)\n```", re.S)


class CoursePlanError(DataFileError):
    """``data/course_plan.csv`` broke a rule; ``problems`` names file, line, column and rule."""

    subject = "the course plan"


@dataclass(frozen=True)
class PageOutline:
    """What a page offers a plan: its ``##`` section anchors, its exercise labels and how many objectives it states."""

    sections: tuple[str, ...]
    exercises: tuple[str, ...]
    objectives: int


def page_outline(path: str | Path) -> PageOutline:
    """The outline of a MyST page: anchors of its ``##`` sections, ``:label:`` of each ``{exercise}``, number of objectives."""
    text = Path(path).read_text(encoding="utf-8")
    sections = tuple(match["label"] for match in _ANCHOR_HEADING.finditer(text))
    exercises, lines = [], text.splitlines()
    for i, line in enumerate(lines):
        if _EXERCISE.match(line):
            for option in lines[i + 1:]:
                if not option.startswith(":"):
                    break
                if option.startswith(":label:"):
                    exercises.append(option.split(":label:", 1)[1].strip())
    return PageOutline(sections, tuple(exercises), len(learning_objectives(text)))


def learning_objectives(text: str) -> list[str]:
    """The numbered items of a page's "Learning objectives" admonition (MyST text), in order, one string each."""
    match = _OBJECTIVES.search(text)
    if not match:
        return []
    items, current = [], None
    for line in match.group("body").splitlines():
        numbered = re.match(r"^\s*(\d+)\.\s+(.*)$", line)
        if numbered:
            current = [numbered.group(2).strip()]
            items.append(current)
        elif current is not None and line.strip() and not line.startswith(":"):
            current.append(line.strip())
    return [" ".join(parts) for parts in items]


def _numbers(part: str) -> list[int] | None:
    items = [item.strip() for item in part.split(";") if item.strip()]
    return [int(item) for item in items] if items and all(item.isdigit() for item in items) else None


def _row_problems(where: str, cells: dict[str, str], pages: pd.DataFrame, outlines: dict[str, PageOutline]) -> list[str]:
    """Rules joining a row's cells, or reaching the chapter map and the pages (the schema checks each cell)."""
    problems = []
    kind, page, part, minutes, mode = (cells[c] for c in ("kind", "page", "part", "minutes", "mode"))
    if kind not in KINDS:
        return problems
    if kind in ("title", "class"):
        if not cells["text"]:
            problems.append(f"{where}, column 'text': a row of kind {kind!r} says what it is")
        if part or mode:
            problems.append(f"{where}, column '{'part' if part else 'mode'}': must be empty in a row of kind {kind!r}")
    else:
        if page not in pages.index:
            problems.append(f"{where}, column 'page': {page!r} is not a label of data/chapters.csv with a study time")
        elif page in outlines:
            outline = outlines[page]
            if kind == "reading" and part:
                unknown = [a for a in part.split(";") if a.strip() not in outline.sections]
                if unknown:
                    problems.append(f"{where}, column 'part': {unknown} are not '##' section anchors of {page!r} "
                                    f"(it has {', '.join(outline.sections)})")
            if kind == "exercise" and part not in outline.exercises:
                problems.append(f"{where}, column 'part': {part!r} is not the :label: of an exercise of {page!r}")
            if kind == "objective":
                numbers = _numbers(part)
                if numbers is None or not all(1 <= n <= outline.objectives for n in numbers):
                    problems.append(f"{where}, column 'part': objectives of {page!r} are numbered 1-{outline.objectives}, "
                                    f"';'-joined (got {part!r})")
        if kind == "exercise" and not mode:
            problems.append(f"{where}, column 'mode': an exercise is done in 'class' or as 'homework' (got {mode!r})")
        if kind != "exercise" and mode:
            problems.append(f"{where}, column 'mode': only an exercise row has a mode")
    needs_minutes = kind in ("reading", "class", "exercise")
    if needs_minutes and not minutes:
        problems.append(f"{where}, column 'minutes': a row of kind {kind!r} takes whole minutes > 0 (got {minutes!r})")
    if not needs_minutes and minutes:
        problems.append(f"{where}, column 'minutes': must be empty in a row of kind {kind!r}")
    return problems


def _lines(rows: pd.DataFrame) -> str:
    return ", ".join(str(line) for line in rows.index)


def _reading_problems(name: str, plan: str, rows: pd.DataFrame, pages: pd.DataFrame, outlines: dict) -> list[str]:
    problems = []
    reading = rows[rows["kind"] == "reading"]
    for page, minutes in pages["reading_minutes"].items():
        read = reading[reading["page"] == page]
        where = f"{name}, plan {plan!r}, page {page!r}"
        if read.empty:
            problems.append(f"{where}: never read (every page with a study time is read once)")
            continue
        if int(read["minutes"].sum()) != int(minutes):
            problems.append(f"{where}, lines {_lines(read)}, column 'minutes': pre-reading adds up to "
                            f"{int(read['minutes'].sum())} minutes, but data/chapters.csv gives {int(minutes)}")
        parts = [a.strip() for p in read["part"] for a in p.split(";") if a.strip()]
        if len(read) > 1 and (read["part"] == "").any():
            problems.append(f"{where}, lines {_lines(read)}, column 'part': a page read in parts names the sections of every part")
        elif parts and page in outlines:
            doubled = sorted({a for a in parts if parts.count(a) > 1})
            missing = [a for a in outlines[page].sections if a not in parts]
            if doubled or missing:
                problems.append(f"{where}, lines {_lines(read)}, column 'part': the parts must cover each section once "
                                f"(read twice: {doubled or 'none'}; never read: {missing or 'none'})")
    return problems


def _exercise_problems(name: str, plan: str, rows: pd.DataFrame, pages: pd.DataFrame, outlines: dict) -> list[str]:
    problems = []
    exercises = rows[rows["kind"] == "exercise"]
    for label, group in exercises.groupby("part"):
        if len(group) > 1:
            problems.append(f"{name}, plan {plan!r}, lines {_lines(group)}, column 'part': exercise {label!r} is assigned {len(group)} times")
    for page, minutes in pages["exercise_minutes"].items():
        mine = exercises[exercises["page"] == page]
        where = f"{name}, plan {plan!r}, page {page!r}"
        missing = [label for label in outlines.get(page, PageOutline((), (), 0)).exercises if label not in set(mine["part"])]
        if missing:
            problems.append(f"{where}, column 'part': exercises never assigned: {', '.join(missing)}")
        if int(mine["minutes"].sum()) != int(minutes):
            problems.append(f"{where}, lines {_lines(mine) or 'none'}, column 'minutes': exercises add up to "
                            f"{int(mine['minutes'].sum())} minutes, but data/chapters.csv gives {int(minutes)}")
    objectives = rows[rows["kind"] == "objective"]
    for page, group in objectives.groupby("page"):
        named = [n for part in group["part"] for n in (_numbers(part) or [])]
        doubled = sorted({n for n in named if named.count(n) > 1})
        if doubled:
            problems.append(f"{name}, plan {plan!r}, page {page!r}, lines {_lines(group)}, column 'part': "
                            f"objectives {doubled} are met more than once")
    return problems


def _week_problems(name: str, plan: str, rows: pd.DataFrame, prerequisites: dict) -> list[str]:
    problems = []
    weeks = sorted(set(rows["week"]))
    if weeks != list(range(1, len(weeks) + 1)):
        problems.append(f"{name}, plan {plan!r}, column 'week': weeks must run 1, 2, ... without a gap (got {weeks})")
    if list(rows["week"]) != sorted(rows["week"]):
        problems.append(f"{name}, plan {plan!r}, column 'week': rows must be in week order")
    for week, group in rows.groupby("week"):
        where = f"{name}, plan {plan!r}, week {week}"
        if (group["kind"] == "title").sum() != 1:
            problems.append(f"{where}, column 'kind': needs exactly one title row")
        in_class = group[(group["kind"] == "class") | ((group["kind"] == "exercise") & (group["mode"] == "class"))]
        if int(in_class["minutes"].sum()) != CLASS_MINUTES:
            problems.append(f"{where}, lines {_lines(in_class)}, column 'minutes': class activities and in-class "
                            f"exercises add up to {int(in_class['minutes'].sum())} minutes, not {CLASS_MINUTES}")
    for week, total in workload(rows)["total"].items():
        if total > MAX_WEEK_MINUTES:
            problems.append(f"{name}, plan {plan!r}, week {week}, column 'minutes': {total} minutes of work "
                            f"(more than {MAX_WEEK_MINUTES}, five hours)")
    reading = rows[rows["kind"] == "reading"].reset_index()
    first = reading.groupby("page").head(1).set_index("page")["index"]
    last = reading.groupby("page").tail(1).set_index("page")["index"]
    for page, line in first.items():
        for required in prerequisites.get(page, ()):
            if required in last and last[required] > line:
                problems.append(f"{name}, plan {plan!r}, line {line}, column 'page': {page!r} is read before its "
                                f"prerequisite {required!r} is finished (line {last[required]})")
    return problems


def _outlines(pages: pd.DataFrame, root: Path | None) -> dict[str, PageOutline]:
    if root is None:
        return {}
    return {label: page_outline(root / file) for label, file in pages["file"].items() if (root / file).is_file()}


def load_course_plan(path: str | Path | None = None, *, root: Path | None = ROOT) -> pd.DataFrame:
    """Read and validate the course plans (default ``data/course_plan.csv``).

    Checks each cell against the ``course_plan`` resource of
    ``data/datapackage.json``, each row's rules, then each plan as a whole
    (see the module's docstring). Section anchors, exercise labels and
    objectives are checked against the pages themselves when ``root`` (a
    checkout of the repository) is given.

    Returns one row per item, indexed by file line, with ``week`` and
    ``minutes`` as integers (``minutes`` 0 where empty). Raises
    :class:`CoursePlanError` naming file, line, column and rule.
    """
    name, rows, problems = check_resource("course_plan", path, error=CoursePlanError)
    chapters = load_chapters(root=root)
    pages = chapters[chapters["reading_minutes"].notna()].set_index("label")
    outlines = _outlines(pages, root)
    records = []
    for line, cells in rows:
        problems += _row_problems(f"{name}, line {line}", cells, pages, outlines)
        records.append(cells)
    if problems:
        raise CoursePlanError(problems)
    frame = pd.DataFrame(records, columns=list(PLAN_COLUMNS), index=[line for line, _ in rows])
    frame["week"] = frame["week"].astype(int)
    frame["minutes"] = frame["minutes"].map(lambda m: int(m) if m else 0)
    prerequisites = dict(zip(chapters["label"], chapters["prerequisites"]))
    for plan, group in frame.groupby("plan", sort=False):
        problems += _reading_problems(name, plan, group, pages, outlines)
        problems += _exercise_problems(name, plan, group, pages, outlines)
        problems += _week_problems(name, plan, group, prerequisites)
    if problems:
        raise CoursePlanError(problems)
    return frame


def plans(frame: pd.DataFrame) -> list[str]:
    """The plans of ``frame``, in file order."""
    return list(dict.fromkeys(frame["plan"]))


def workload(rows: pd.DataFrame) -> pd.DataFrame:
    """Minutes per week of one plan's rows: ``reading``, ``class`` (always the class's length), ``homework``, ``total``."""
    weeks = sorted(set(rows["week"]))

    def minutes(mask) -> pd.Series:
        return rows[mask].groupby("week")["minutes"].sum().reindex(weeks, fill_value=0)

    table = pd.DataFrame({
        "reading": minutes(rows["kind"] == "reading"),
        "class": pd.Series(CLASS_MINUTES, index=weeks),
        "homework": minutes((rows["kind"] == "exercise") & (rows["mode"] == "homework")),
    })
    table["total"] = table.sum(axis=1)
    table.index.name = "week"
    return table.astype(int)


def weekly_workload(frame: pd.DataFrame, plan: str) -> pd.DataFrame:
    """Minutes per week of ``plan``: reading, class, homework and their total (one row per week)."""
    if plan not in set(frame["plan"]):
        raise ValueError(f"plan must be one of {plans(frame)}, got {plan!r}")
    return workload(frame[frame["plan"] == plan])


def _hours(minutes: int) -> str:
    return f"{minutes / 60:.1f} h"


def workload_markdown(frame: pd.DataFrame, plan: str) -> str:
    """A Markdown table of the weekly workload of ``plan`` in minutes, with the total in minutes and hours."""
    table = weekly_workload(frame, plan)
    lines = ["| Week | Pre-reading | Class | Homework | Total |", "|---|---:|---:|---:|---:|"]
    lines += [f"| {week} | {r.reading} min | {r['class']} min | {r.homework} min | {r.total} min ({_hours(r.total)}) |"
              for week, r in table.iterrows()]
    sums = table.sum()
    lines.append(f"| **All** | **{sums['reading']} min** | **{sums['class']} min** | **{sums['homework']} min** | "
                 f"**{sums['total']} min ({_hours(sums['total'])})** |")
    return "\n".join(lines)


def _reading_item(row) -> str:
    if not row.part:
        return f"{{ref}}`{row.page}` ({row.minutes} min)"
    anchors = [a.strip() for a in row.part.split(";")]
    sections = " and ".join(f"{{ref}}`{a}`" for a in anchors)
    return f"{{ref}}`{row.page}`, section{'s' if len(anchors) > 1 else ''} {sections} ({row.minutes} min)"


def _exercise_item(row) -> str:
    what = f"{row.text}, " if row.text else ""
    return f"{{numref}}`Exercise {{number}} <{row.part}>` ({what}{row.minutes} min)"


def _class_items(group: pd.DataFrame) -> list[str]:
    """The class in order: each activity, and each run of in-class exercises as one item."""
    items, run = [], []
    for row in group.itertuples():
        if row.kind == "exercise" and row.mode == "class":
            run.append(row)
            continue
        if row.kind != "class":
            continue
        if run:
            items.append(f"{sum(r.minutes for r in run)} min — exercises in pairs: " + "; ".join(map(_exercise_item, run)))
            run = []
        items.append(f"{row.minutes} min — {row.text}")
    if run:
        items.append(f"{sum(r.minutes for r in run)} min — exercises in pairs: " + "; ".join(map(_exercise_item, run)))
    return items


def plan_markdown(frame: pd.DataFrame, plan: str) -> str:
    """``plan`` week by week as MyST Markdown (for ``{glue:md}`` with ``:format: myst``).

    Each week: its theme, the pre-reading with minutes (a split page names
    its sections), the class in order with minutes, the homework exercises,
    the objectives met and the week's workload. Exercises are cross-referenced
    by their labels, pages and sections by theirs.
    """
    if plan not in set(frame["plan"]):
        raise ValueError(f"plan must be one of {plans(frame)}, got {plan!r}")
    rows, out = frame[frame["plan"] == plan], []
    load = workload(rows)
    for week, group in rows.groupby("week"):
        title = group.loc[group["kind"] == "title", "text"].iloc[0]
        reading = group[group["kind"] == "reading"]
        homework = group[(group["kind"] == "exercise") & (group["mode"] == "homework")]
        objectives = group[group["kind"] == "objective"]
        w = load.loc[week]
        out += [f"**Week {week} — {title}**", "",
                f"- *Before class* ({w.reading} min): " + "; ".join(_reading_item(r) for r in reading.itertuples()) + ".",
                f"- *In class* ({CLASS_MINUTES} min):"]
        out += [f"  - {item}" for item in _class_items(group)]
        out.append(f"- *Homework* ({w.homework} min): " + ("; ".join(_exercise_item(r) for r in homework.itertuples()) or "none") + ".")
        out.append("- *Objectives met*: " + "; ".join(f"{{ref}}`{r.page}` {r.part.replace(';', ', ')}" for r in objectives.itertuples()) + ".")
        out += [f"- *Workload*: {w.reading} + {w['class']} + {w.homework} = {w.total} min ({_hours(w.total)}).", ""]
    return "\n".join(out).rstrip() + "\n"


def page_tag(file: str, number=None) -> str:
    """A short tag for a page: ``"Ch. 3"`` for chapter 3, else the file's prefix (``chapters/a1_…`` → ``"A1"``)."""
    if number is not None and not pd.isna(number):
        return f"Ch. {int(number)}"
    return Path(file).stem.split("_")[0].upper()


def map_boxes(chapters: pd.DataFrame, frame: pd.DataFrame, plan: str) -> tuple[dict[str, str], dict[str, int]]:
    """Box texts and groups for :func:`analysis.plots.prerequisite_map`: every page with a study time.

    A box reads tag, study time (reading + exercises, minutes), short name
    and the week(s) ``plan`` reads it in; the group is the week its reading starts.
    """
    if plan not in set(frame["plan"]):
        raise ValueError(f"plan must be one of {plans(frame)}, got {plan!r}")
    reading = frame[(frame["plan"] == plan) & (frame["kind"] == "reading")]
    boxes, groups = {}, {}
    for row in chapters[chapters["reading_minutes"].notna()].itertuples():
        weeks = sorted(set(reading.loc[reading["page"] == row.label, "week"]))
        when = "" if not weeks else (f"\nweek {weeks[0]}" if len(weeks) == 1 else f"\nweeks {weeks[0]}–{weeks[-1]}")
        name = "\n".join(textwrap.wrap(row.short_name, 14))
        boxes[row.label] = f"{page_tag(row.file, row.number)} · {row.reading_minutes} + {row.exercise_minutes} min\n{name}{when}"
        if weeks:
            groups[row.label] = weeks[0]
    return boxes, groups
