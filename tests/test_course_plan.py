"""The course plans (data/course_plan.csv, analysis.ledger.course_plan) and the prerequisite map of the course guide."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from analysis import DATA_DIR, ROOT  # noqa: E402
from analysis.ledger import course_plan as cp  # noqa: E402
from analysis.ledger.chapters import load_chapters, prerequisites  # noqa: E402
from analysis.plots import prerequisite_map  # noqa: E402

PLAN_FILE = DATA_DIR / "course_plan.csv"
HEADER = ",".join(cp.PLAN_COLUMNS) + "\n"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def plan():
    return cp.load_course_plan()


@pytest.fixture(scope="module")
def pages():
    chapters = load_chapters()
    return chapters[chapters["reading_minutes"].notna()].set_index("label")


@pytest.fixture(scope="module")
def outlines(pages):
    return {label: cp.page_outline(ROOT / file) for label, file in pages["file"].items()}


def test_there_is_a_four_and_a_six_week_plan(plan):
    assert cp.plans(plan) == ["4-weeks", "6-weeks"]
    assert [len(cp.weekly_workload(plan, name)) for name in cp.plans(plan)] == [4, 6]


# --------------------------------------------------------------------------- reading

@pytest.mark.parametrize("name", ["4-weeks", "6-weeks"])
def test_each_page_is_read_once_for_exactly_its_own_reading_minutes(plan, pages, outlines, name):
    reading = plan[(plan["plan"] == name) & (plan["kind"] == "reading")]
    # chapters 1-9, the methods chapter and both appendices: every page with a study time
    assert {1, 2, 3, 4, 5, 6, 7, 8, 9} <= set(pages["number"].dropna().astype(int))
    assert {"chapter-survival-curves", "evidence-table", "audit-chapter"} <= set(pages.index)
    assert set(reading["page"]) == set(pages.index)
    minutes = reading.groupby("page")["minutes"].sum()
    assert minutes.to_dict() == pages["reading_minutes"].astype(int).to_dict()
    for page, rows in reading.groupby("page"):
        if len(rows) == 1:
            assert rows["part"].iloc[0] == "" or rows["part"].iloc[0].split(";") == list(outlines[page].sections)
            continue
        sections = [a for part in rows["part"] for a in part.split(";")]
        assert sorted(sections) == sorted(outlines[page].sections), f"{name}: {page} is split but not read exactly once"


@pytest.mark.parametrize("name", ["4-weeks", "6-weeks"])
def test_no_page_is_read_before_its_prerequisites(plan, name):
    reading = plan[(plan["plan"] == name) & (plan["kind"] == "reading")]
    order = list(reading["page"])
    for page, required in prerequisites().items():
        if page in order:
            for before in required:
                assert len(order) - 1 - order[::-1].index(before) < order.index(page), f"{name}: {page} before {before}"


# --------------------------------------------------------------------------- exercises and objectives

@pytest.mark.parametrize("name", ["4-weeks", "6-weeks"])
def test_every_exercise_exists_and_is_assigned_exactly_once(plan, outlines, name):
    exercises = plan[(plan["plan"] == name) & (plan["kind"] == "exercise")]
    assert not exercises["part"].duplicated().any()
    in_chapters = {label: page for page, outline in outlines.items() for label in outline.exercises}
    assert set(exercises["part"]) == set(in_chapters), "every {exercise} with a :label: is assigned, and nothing else"
    assert all(in_chapters[row.part] == row.page for row in exercises.itertuples())
    assert set(exercises["mode"]) == {"class", "homework"}


@pytest.mark.parametrize("name", ["4-weeks", "6-weeks"])
def test_exercise_minutes_add_up_to_each_pages_own_estimate(plan, pages, name):
    exercises = plan[(plan["plan"] == name) & (plan["kind"] == "exercise")]
    assert exercises.groupby("page")["minutes"].sum().to_dict() == pages["exercise_minutes"].astype(int).to_dict()


@pytest.mark.parametrize("name", ["4-weeks", "6-weeks"])
def test_every_objective_named_exists_and_is_met_once(plan, outlines, name):
    objectives = plan[(plan["plan"] == name) & (plan["kind"] == "objective")]
    named = [(row.page, int(n)) for row in objectives.itertuples() for n in row.part.split(";")]
    assert len(named) == len(set(named))
    assert all(1 <= n <= outlines[page].objectives for page, n in named)
    assert len(named) >= 40  # the plans name (nearly) all of the pages' objectives


# --------------------------------------------------------------------------- workload

@pytest.mark.parametrize("name, totals", [
    # reading + class + homework = total, in minutes, for the whole course
    ("4-weeks", (480, 360, 163, 1003)),
    ("6-weeks", (480, 540, 136, 1156)),
])
def test_weekly_workload_is_realistic_and_its_totals_are_stated(plan, pages, name, totals):
    table = cp.weekly_workload(plan, name)
    assert (table["class"] == cp.CLASS_MINUTES).all()
    assert (table["total"] <= cp.MAX_WEEK_MINUTES).all(), "no week asks for more than five hours"
    assert (table["reading"] <= 2 * table["reading"].min() + 10).all(), "no week has more than about twice the lightest reading"
    assert tuple(int(v) for v in table.sum()[["reading", "class", "homework", "total"]]) == totals
    rows = plan[plan["plan"] == name]
    in_class = rows[(rows["kind"] == "class") | ((rows["kind"] == "exercise") & (rows["mode"] == "class"))]
    assert (in_class.groupby("week")["minutes"].sum() == cp.CLASS_MINUTES).all()
    assert table["reading"].sum() == pages["reading_minutes"].sum()
    in_class_exercises = rows[(rows["kind"] == "exercise") & (rows["mode"] == "class")]["minutes"].sum()
    assert table["homework"].sum() + in_class_exercises == pages["exercise_minutes"].sum()


def test_workload_markdown_states_every_week_and_the_total(plan):
    text = cp.workload_markdown(plan, "6-weeks")
    assert text.count("\n| ") == 6 + 1 and "**1156 min (19.3 h)**" in text


def test_plan_markdown_names_every_week_exercise_and_page(plan):
    text = cp.plan_markdown(plan, "4-weeks")
    rows = plan[plan["plan"] == "4-weeks"]
    assert [f"**Week {w} —" in text for w in range(1, 5)] == [True] * 4
    for row in rows[rows["kind"] == "exercise"].itertuples():
        assert text.count(f"<{row.part}>`") == 1
    assert "sections {ref}`synergy-checkpoints` and {ref}`synergy-by-cancer` (25 min)" in text
    assert text.count("- *In class* (90 min):") == 4
    with pytest.raises(ValueError, match="plan must be one of"):
        cp.plan_markdown(plan, "3-weeks")


# --------------------------------------------------------------------------- the loader names file, line and column

def _write(tmp_path, text):
    path = tmp_path / "course_plan.csv"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("row, expected", [
    ("p,1,lecture,,,10,,x\n", "line 2, column 'kind': is not one of"),
    ("p,0,title,,,,,x\n", "line 2, column 'week': must be a whole number >= 1"),
    ("P Q,1,title,,,,,x\n", "line 2, column 'plan'"),
    ("p,1,class,,,,,talk\n", "line 2, column 'minutes': a row of kind 'class' takes whole minutes > 0"),
    ("p,1,class,,,10,,\n", "line 2, column 'text': a row of kind 'class' says what it is"),
    ("p,1,reading,chapter-nine,,10,,\n", "line 2, column 'page': 'chapter-nine' is not a label"),
    ("p,1,reading,chapter-synergy,synergy-nowhere,10,,\n", "line 2, column 'part': ['synergy-nowhere'] are not '##' section anchors"),
    ("p,1,exercise,chapter-synergy,ex-dose-gap,5,class,\n", "line 2, column 'part': 'ex-dose-gap' is not the :label: of an exercise"),
    ("p,1,exercise,chapter-synergy,ex-synergy-mice,5,lab,\n", "line 2, column 'mode': is not one of class, homework (got 'lab')"),
    ("p,1,objective,chapter-conclusion,1;9,,,\n", "line 2, column 'part': objectives of 'chapter-conclusion' are numbered 1-"),
    ("p,1,objective,chapter-conclusion,2,5,,\n", "line 2, column 'minutes': must be empty in a row of kind 'objective'"),
])
def test_loader_names_file_line_and_column_of_a_bad_row(tmp_path, row, expected):
    with pytest.raises(cp.CoursePlanError) as err:
        cp.load_course_plan(_write(tmp_path, HEADER + row))
    assert f"course_plan.csv, {expected}" in str(err.value)


def _real_with(tmp_path, old: str, new: str):
    text = PLAN_FILE.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    return _write(tmp_path, text.replace(old, new))


def test_loader_finds_a_page_whose_reading_does_not_add_up(tmp_path):
    path = _real_with(tmp_path, "6-weeks,1,reading,chapter-introduction,,25,,", "6-weeks,1,reading,chapter-introduction,,20,,")
    with pytest.raises(cp.CoursePlanError, match=r"plan '6-weeks', page 'chapter-introduction', lines \d+, column 'minutes': "
                                                 r"pre-reading adds up to 20 minutes, but data/chapters.csv gives 25"):
        cp.load_course_plan(path)


def test_loader_finds_an_exercise_assigned_twice_and_a_class_that_is_not_90_minutes(tmp_path):
    path = _real_with(tmp_path, "6-weeks,1,exercise,chapter-introduction,ex-intro-query,5,homework,",
                      "6-weeks,1,exercise,chapter-introduction,ex-intro-collapse,5,class,")
    with pytest.raises(cp.CoursePlanError) as err:
        cp.load_course_plan(path)
    message = str(err.value)
    assert "exercise 'ex-intro-collapse' is assigned 2 times" in message
    assert "exercises never assigned: ex-intro-query" in message
    assert "plan '6-weeks', week 1, lines" in message and "add up to 95 minutes, not 90" in message


def test_loader_finds_a_page_read_before_its_prerequisite(tmp_path):
    text = PLAN_FILE.read_text(encoding="utf-8")
    first = "6-weeks,1,reading,chapter-introduction,,25,,\n"
    second = "6-weeks,1,reading,chapter-immune-effects,,45,,\n"
    path = _write(tmp_path, text.replace(first + second, second + first))
    with pytest.raises(cp.CoursePlanError, match="'chapter-immune-effects' is read before its prerequisite 'chapter-introduction'"):
        cp.load_course_plan(path)


def test_page_outline_reads_sections_exercises_and_objectives(tmp_path):
    page = tmp_path / "p.md"
    page.write_text("(p)=\n# P\n\n```{admonition} Learning objectives\n:class: tip\n1. one;\n2. two\n   more.\n```\n\n"
                    "(p-a)=\n## A\n\n(p-sub)=\n### Sub\n\n(p-b)=\n## B\n\n```{exercise}\n:label: ex-p-one\n\nDo it.\n```\n\n"
                    "````{exercise}\n:label: ex-p-two\n````\n", encoding="utf-8")
    assert cp.page_outline(page) == cp.PageOutline(("p-a", "p-b"), ("ex-p-one", "ex-p-two"), 2)


# --------------------------------------------------------------------------- the prerequisite map

def test_prerequisite_map_draws_one_box_per_page_and_one_arrow_per_link(plan):
    chapters = load_chapters()
    boxes, groups = cp.map_boxes(chapters, plan, "6-weeks")
    fig, ax = prerequisite_map(prerequisites(), boxes, groups=groups)
    pages = sorted(t.get_gid() for t in ax.texts if (t.get_gid() or "").startswith("page:"))
    assert pages == sorted(f"page:{label}" for label in boxes)
    links = {p.get_gid() for p in ax.patches if (p.get_gid() or "").startswith("link:")}
    expected = {f"link:{before}->{page}" for page, befores in prerequisites().items() if page in boxes
                for before in befores if before in boxes}
    assert links == expected and len(links) >= 12
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [f"Week {w}" for w in range(1, 7)]
    assert "weeks 3–4" in boxes["chapter-survival-curves"] and boxes["chapter-synergy"].startswith("Ch. 3 · 50 + 25 min")
    # the same data, the same picture: every box at the same place
    _, again = prerequisite_map(prerequisites(), boxes, groups=groups)
    assert [t.get_position() for t in ax.texts] == [t.get_position() for t in again.texts]
    # boxes of the same column do not overlap
    fig.canvas.draw()
    extents = [t.get_bbox_patch().get_window_extent() for t in ax.texts if (t.get_gid() or "").startswith("page:")]
    for i, a in enumerate(extents):
        for b in extents[i + 1:]:
            assert not a.overlaps(b)


def test_prerequisite_map_refuses_a_page_that_no_link_reaches():
    with pytest.raises(ValueError, match="boxes: pages without a prerequisite link"):
        prerequisite_map({"b": ("a",)}, {"a": "A", "b": "B", "c": "C"})
    with pytest.raises(ValueError, match="prerequisites: no link"):
        prerequisite_map({}, {})
