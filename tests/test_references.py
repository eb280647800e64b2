"""booktools.references: parsing a reference list in the review's two styles, keys, the CSV and the .bib.

Everything runs on a small synthetic list; no copy of the review is needed.
"""
from __future__ import annotations

import csv

import pytest

from booktools import references as refs

ENTRIES = [
    "- Dörner A, Smith JB. Radiation and *PD-1* blockade in NSCLC. *J Immunol*. (2020) 12:1–9. doi: 10.1000/a1",
    "- Dorner B, Li Z-G, et al. A second paper with T cells. *Cancer Res*. (2020) 13:10. doi: 10.1000/b2.",
    "3. Tanaka K. Timing of immunotherapy. *Cancers*. (2023) 15:4260. doi: 10.3390/cancers15174260",
    "4. Tanaka K. Timing of immunotherapy again. *Cancers*. (2023). doi: 10.3390/CANCERS15174260",
]
REVIEW = "1 Introduction\nBody text (1).\nReferences\n\n" + "\n".join(ENTRIES) + "\n"


@pytest.fixture(autouse=True)
def four_references(monkeypatch):
    """The synthetic list has 4 references instead of the review's 95."""
    monkeypatch.setattr(refs, "N_REFERENCES", 4)


@pytest.fixture
def review(tmp_path):
    path = tmp_path / "review.txt"
    path.write_text(REVIEW, encoding="utf-8")
    return path


@pytest.fixture
def extra_works(tmp_path):
    path = tmp_path / "extra_works.csv"
    path.write_text("key,authors,title,journal,year,volume,pages,doi\n"
                    "antonia2017,Antonia SJ; et al,Durvalumab after chemoradiotherapy,N Engl J Med,2017,377,1919–29,10.1056/nejmoa1709937\n",
                    encoding="utf-8")
    return path


def test_both_list_styles_number_on_from_each_other():
    lines = refs.reference_lines(REVIEW)
    assert [(number, line) for number, _, line in lines] == [(1, 5), (2, 6), (3, 7), (4, 8)]
    assert lines[0][1].startswith("Dörner A") and lines[2][1].startswith("Tanaka K")


@pytest.mark.parametrize(("text", "message"), [
    ("no heading here\n", "no line 'References'"),
    ("References\n- A. B. *J*. (2020) 1. doi: 10.1/x\n5. A. B. *J*. (2020) 1. doi: 10.1/y\n", "line 3: reference numbered 5, expected 2"),
    ("References\nnot an entry\n", "line 2: not a reference entry"),
    ("References\n- A. B. *J*. (2020) 1. doi: 10.1/x\n", "found 1 references, expected 4"),
])
def test_bad_lists_stop_naming_the_line(text, message):
    with pytest.raises(SystemExit, match=message):
        refs.reference_lines(text, "review.txt")


def test_an_entry_splits_into_its_fields_as_written():
    first = refs.parse_reference(1, ENTRIES[0][2:])
    assert first.authors == ["Dörner A", "Smith JB"] and first.first_author == "Dörner A"
    assert (first.title, first.journal, first.year, first.volume, first.pages, first.doi) == (
        "Radiation and *PD-1* blockade in NSCLC", "J Immunol", "2020", "12", "1–9", "10.1000/a1")
    assert any("italics" in note for note in first.irregularities)
    second = refs.parse_reference(2, ENTRIES[1][2:])
    assert second.doi == "10.1000/b2" and (second.volume, second.pages) == ("13", "10")
    with pytest.raises(SystemExit, match=r"ref 9.*Journal"):
        refs.parse_reference(9, "Authors. Title without journal. (2020) doi: 10.1/x")


def test_colliding_key_stems_get_a_and_b_in_reference_order():
    parsed = [refs.parse_reference(n, raw) for n, raw, _ in refs.reference_lines(REVIEW)]
    refs.assign_keys(parsed)
    assert [r.key for r in parsed] == ["dorner2020a", "dorner2020b", "tanaka2023a", "tanaka2023b"]
    assert refs.ascii_fold("Dörner Łukasz") == "Dorner Lukasz"


@pytest.mark.parametrize(("name", "bibtex"), [
    ("Pointer KB", "Pointer, K. B."), ("Liu Z-G", "Liu, Z.-G."), ("et al", "others"),
    ("Yanikkaya Demirel G", "{Yanikkaya Demirel}, G."),
])
def test_bibtex_names(name, bibtex):
    assert refs.bibtex_name(name) == bibtex


def test_titles_keep_acronyms_braced_and_drop_markdown():
    assert refs.protect_title("Radiation and *PD-1* blockade in NSCLC & T cells") == \
        "Radiation and {PD-1} blockade in {NSCLC} \\& {T} cells"
    assert refs.plain_title("A *B* c") == "A B c"


def test_build_writes_a_csv_and_a_bib_that_pybtex_reads(review, extra_works, tmp_path):
    built = refs.build(review, extra_works)
    assert [r.key for r in built] == ["dorner2020a", "dorner2020b", "tanaka2023a", "tanaka2023b", "antonia2017"]
    assert built[-1].ref is None and built[-1].authors == ["Antonia SJ", "et al"]
    assert refs.audit(built) == []
    out = tmp_path / "out"
    assert refs.write(built, out) == []  # pybtex parses the .bib and finds the same keys
    rows = list(csv.DictReader((out / refs.CSV_NAME).open(encoding="utf-8")))
    assert [row["ref"] for row in rows] == ["1", "2", "3", "4", ""]
    assert rows[0]["title"] == "Radiation and PD-1 blockade in NSCLC" and rows[0]["first_author"] == "Dörner A"
    bib = (out / refs.BIB_NAME).read_text(encoding="utf-8")
    assert "% review reference 1\n@article{dorner2020a," in bib and "% not in the review's reference list" in bib
    assert "pages = {1--9}" in bib


def test_the_audit_reports_the_list_s_slips(review, extra_works):
    built = refs.build(review, extra_works)
    notes = refs.findings(built)
    assert any("10.3390/cancers15174260 appears under refs 3, 4" in note for note in notes)
    assert any(note.startswith("ref 4: no volume or pages") for note in notes)
    built[1].key = built[0].key
    assert "key 'dorner2020a' used 2 times" in refs.audit(built)


def test_a_bib_that_does_not_parse_is_reported(tmp_path, review, extra_works):
    broken = tmp_path / "broken.bib"
    broken.write_text("@article{x,\n  title = {unclosed\n", encoding="utf-8")
    assert refs.check_bib(broken, refs.build(review, extra_works)) != []


def test_main_checks_without_writing(review, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(refs, "extra_references", lambda path=None: [])
    assert refs.main(["--review", str(review), "--out-dir", str(tmp_path / "none"), "--check"]) == 0
    assert not (tmp_path / "none").exists()
    assert "Audit findings" in capsys.readouterr().out
    assert refs.main(["--review", str(tmp_path / "missing.txt")]) == 2
