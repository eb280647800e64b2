"""analysis.ledger.chapters: the chapter map is data, checked against the pages and CONTRIBUTING.md."""
from __future__ import annotations

import re

import pytest

from analysis import ROOT
from analysis.ledger import chapters

HEADER = ",".join(chapters.CHAPTER_COLUMNS)
NINE = [f"{n},chapter-{n},ch{n}.md,Chapter {n},{n},30,20," for n in range(1, 10)]


def write(tmp_path, *lines, pages=True):
    if pages:
        for n in range(1, 10):
            (tmp_path / f"ch{n}.md").write_text("x", encoding="utf-8")
        (tmp_path / "a1.md").write_text("x", encoding="utf-8")
    path = tmp_path / "chapters.csv"
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def problems_of(path, root) -> str:
    with pytest.raises(chapters.ChaptersError) as caught:
        chapters.load_chapters(path, root=root)
    return str(caught.value)


def test_the_real_map_names_every_page_and_its_first_label():
    table = chapters.load_chapters()
    assert list(table["number"].dropna()) == list(range(1, 10))
    for row in table.itertuples():
        text = (ROOT / row.file).read_text(encoding="utf-8")
        assert f"({row.label})=" in text, f"{row.file} does not define the label {row.label}"


def test_the_questions_the_chapters_ask():
    assert chapters.chapter_labels()[4] == "chapter-cold-to-hot"
    assert chapters.short_names()[5] == "Dose"
    assert {"evidence-table", "audit-chapter", "glossary", "course-guide"} <= chapters.allowed_labels()
    assert chapters.review_sections() == ("1", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3", "4", "4.1", "4.2", "5", "6", "7", "8", "9")


@pytest.mark.parametrize(("section", "chapter"), [("1", 1), ("2.1", 2), ("2.3", 2), ("3.3", 3), ("4.2", 4), (5, 5), ("7", 7), ("9", 9)])
def test_chapter_for_section(section, chapter):
    assert chapters.chapter_for_section(section) == chapter


@pytest.mark.parametrize("bad", ["0", "10", "2.", "2.10", "", "abc", None, 2.3, True])
def test_chapter_for_section_rejects(bad):
    with pytest.raises(ValueError, match="section"):
        chapters.chapter_for_section(bad)


def test_a_good_small_map_loads(tmp_path):
    table = chapters.load_chapters(write(tmp_path, *NINE, ",appendix,a1.md,Appendix,,,,"), root=tmp_path)
    assert list(table.index) == list(range(2, 12))
    assert table.loc[2, "review_sections"] == ("1",) and table.loc[11, "review_sections"] == ()
    assert str(table["number"].dtype) == "Int64"


def test_bad_rows_name_file_line_and_column(tmp_path):
    message = problems_of(write(tmp_path, *NINE[:8], "9,Bad Label,missing.md,,2.1,,,", ",chapter-1,a1.md,A,2.1,,,"), tmp_path)
    assert "chapters.csv, line 10, column 'label'" in message
    assert "line 10, column 'file': no such page 'missing.md'" in message
    assert "line 10, column 'short_name': must not be empty" in message
    assert "line 10, column 'review_sections': '2.1' comes after '8' in an earlier chapter" in message
    assert "line 11, column 'label': must be unique; 'chapter-1' is also on line 2" in message
    assert "line 11, column 'review_sections': only a numbered chapter" in message


def test_missing_chapter_and_repeated_section(tmp_path):
    message = problems_of(write(tmp_path, *NINE[:7], "8,chapter-8,ch8.md,Eight,7,,,", "10,chapter-10,ch9.md,Ten,,,,"),
                          tmp_path)
    assert "column 'number': chapter number(s) [9] have no row" in message
    assert "line 9, column 'review_sections'" in message
    assert "no numbered chapter" in problems_of(write(tmp_path, ",appendix,a1.md,A,,,,"), tmp_path)


def test_a_tenth_chapter_needs_only_its_row(tmp_path):
    """Any number of numbered chapters: a new one is a row (here without a review section of its own)."""
    (tmp_path / "ch10.md").write_text("x", encoding="utf-8")
    table = chapters.load_chapters(write(tmp_path, *NINE, "10,chapter-10,ch10.md,Trials,,30,20,chapter-4"), root=tmp_path)
    assert list(table["number"].dropna()) == list(range(1, 11))
    assert table.set_index("label").loc["chapter-10", "review_sections"] == ()


def test_a_section_goes_to_the_chapter_that_lists_it(monkeypatch, tmp_path):
    rows = [*NINE[:2], "3,chapter-3,ch3.md,Three,3.1;3.2,,,", "4,chapter-4,ch4.md,Four,3.3;4,,,", *NINE[4:]]
    table = chapters.load_chapters(write(tmp_path, *rows), root=tmp_path)
    monkeypatch.setattr(chapters, "_chapters", lambda: table)
    assert [chapters.chapter_for_section(s) for s in ("3.1", "3.3", "3", "4.2", 9)] == [3, 4, 3, 4, 9]


def test_study_times_and_prerequisites(tmp_path):
    rows = [*NINE[:8], "9,chapter-9,ch9.md,Nine,9,30,,chapter-1", ",appendix,a1.md,A,,ten,5,appendix;nowhere"]
    message = problems_of(write(tmp_path, *rows), tmp_path)
    assert "line 10, column 'exercise_minutes': give both study times or neither" in message
    assert "line 11, column 'reading_minutes': must be a whole number >= 1 (got 'ten')" in message
    assert "line 11, column 'prerequisites': a page cannot require itself" in message
    assert "line 11, column 'prerequisites': 'nowhere' is not a label of this file" in message
    circle = [*NINE[:7], "8,chapter-8,ch8.md,Eight,8,30,20,chapter-9", "9,chapter-9,ch9.md,Nine,9,30,20,chapter-8"]
    assert "a circle of prerequisites: chapter-8 -> chapter-9 -> chapter-8" in problems_of(write(tmp_path, *circle), tmp_path)


def test_the_real_study_times_and_prerequisites():
    assert chapters.study_time("chapter-cold-to-hot") == (40, 20)
    with pytest.raises(ValueError, match="'glossary' has no study time"):
        chapters.study_time("glossary")
    with pytest.raises(ValueError, match="'nowhere' is not a page"):
        chapters.study_time("nowhere")
    assert "chapter-synergy" in chapters.prerequisites()["chapter-cold-to-hot"]


def test_the_table_of_contents_and_the_chapter_map_name_the_same_pages_in_the_same_order():
    """One page map: every page of ``_toc.yml`` (but the home page) is a row of ``data/chapters.csv`` and
    back, and the numbered chapters stand in the contents in the order of their numbers."""
    from booktools.toc import toc_docnames

    toc = [name + ".md" for name in toc_docnames()[1:]]
    table = chapters.load_chapters()
    mapped = list(table["file"])
    assert sorted(toc) == sorted(mapped), (f"only in _toc.yml: {sorted(set(toc) - set(mapped))}; "
                                           f"only in data/chapters.csv: {sorted(set(mapped) - set(toc))}")
    numbered = table.dropna(subset=["number"]).sort_values("number")["file"].tolist()
    assert [page for page in toc if page in numbered] == numbered
