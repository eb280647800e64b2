"""Teaching notes for the discussion blocks: every session of both course plans, validated, for the instructor edition only."""
import pytest

from analysis.ledger.course_plan import load_course_plan
from analysis.ledger.teaching_notes import (NOTE_COLUMNS, TeachingNotesError, bare_numbers, load_teaching_notes,
                                            teaching_notes_markdown)

HEADER = ",".join(NOTE_COLUMNS) + "\n"


def test_every_session_of_both_plans_has_two_to_four_prompts_of_two_to_four_points():
    plan, notes = load_course_plan(), load_teaching_notes()
    sessions = set(map(tuple, plan[["plan", "week"]].drop_duplicates().itertuples(index=False)))
    assert {"4-weeks", "6-weeks"} <= {name for name, _ in sessions}
    for session in sessions:
        mine = notes[(notes["plan"] == session[0]) & (notes["week"] == session[1])]
        assert 2 <= len(mine) <= 4, session
        assert list(mine["number"]) == list(range(1, len(mine) + 1))
        assert all(2 <= len(points) <= 4 for points in mine["points"]), session


def test_the_notes_add_no_number_of_their_own():
    for row in load_teaching_notes().itertuples():
        assert not bare_numbers(row.prompt + " " + " ".join(row.points)), row.prompt


@pytest.mark.parametrize("text, numbers", [
    ("a 65% increased risk", ["65"]), ("in 3 fractions of 1.5 Gy", ["3", "1.5"]), ("chapter 3 works it through", []),
    ("CD8⁺ T cells, PD-1, CTLA-4 and KEYNOTE-001", []), ("the RTOG 0617 trial", []), ("α/β of 10", ["10"]),
    ("chapters 2 and 4", ["4"]),
])
def test_bare_numbers(text, numbers):
    assert bare_numbers(text) == numbers


def _plan():
    return load_course_plan()[lambda frame: (frame["plan"] == "4-weeks") & (frame["week"] == 1)]


GOOD = '4-weeks,1,1,Why?,one point|another point\n4-weeks,1,2,And then?,a|b|c\n'


@pytest.mark.parametrize("rows, expected", [
    (GOOD + "4-weeks,9,1,Why?,a|b\n", "line 4, columns 'plan', 'week': no session 4-weeks week 9"),
    ('4-weeks,1,1,Why?,only one point\n4-weeks,1,2,And then?,a|b\n', "line 2, column 'points': needs 2-4 non-empty points"),
    ('4-weeks,1,1,Why?,a|b|c|d|e\n4-weeks,1,2,And then?,a|b\n', "line 2, column 'points': needs 2-4"),
    ('4-weeks,1,2,Why?,a|b\n4-weeks,1,1,And then?,a|b\n', "line 2, column 'number': prompts of 4-weeks week 1 are numbered"),
    ('4-weeks,1,1,Why 65%?,a|b\n4-weeks,1,2,And then?,a|b\n', "line 2, column 'prompt': a number of its own \\(65\\)"),
    ('4-weeks,1,1,,a|b\n4-weeks,1,2,And then?,a|b\n', "line 2, column 'prompt': must not be empty"),
    ('4-weeks,one,1,Why?,a|b\n', "line 2, column 'week': must be a whole number"),
    ('4-weeks,1,1,Why?,a|b\n', "4-weeks week 1 has 1 prompts; every session"),
])
def test_loader_names_file_line_and_column(tmp_path, rows, expected):
    path = tmp_path / "notes.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    with pytest.raises(TeachingNotesError, match=f"notes.csv[,:] .*{expected}"):
        load_teaching_notes(path, plan=_plan())


def test_a_session_without_notes_is_an_error(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text(HEADER + GOOD, encoding="utf-8")
    assert len(load_teaching_notes(path, plan=_plan())) == 2
    with pytest.raises(TeachingNotesError, match="6-weeks week 6 has 0 prompts"):
        load_teaching_notes(path)


def test_markdown_has_every_week_prompt_and_point():
    plan, notes = load_course_plan(), load_teaching_notes()
    text = teaching_notes_markdown(notes, plan, "9.9")
    assert text.startswith("# Teaching notes") and "9.9" in text
    for title in plan.loc[plan["kind"] == "title", "text"]:
        assert title in text
    for row in notes.itertuples():
        assert f"**{row.prompt}**" in text
        assert all(f"   - {point}" in text for point in row.points)
