"""booktools.audit_source: comparing the committed data with what a copy of the review's text gives.

No copy of the review is needed: the coverage tables are compared with copies
of themselves, and the reference list is parsed from a small synthetic text.
"""
from __future__ import annotations

import pytest

from analysis.audit.coverage import INVENTORY_FILE, LOCATIONS_FILE, load_number_inventory, load_source_text_locations
from booktools import audit_source, references

REVIEW = ("1 Introduction\nBody text (1).\nReferences\n\n"
          "- Dörner A, Smith JB. Radiation and *PD-1* blockade in NSCLC. *J Immunol*. (2020) 12:1–9. doi: 10.1000/a1\n"
          "2. Tanaka K. Timing of immunotherapy. *Cancers*. (2023) 15:4260. doi: 10.3390/cancers15174260\n")


@pytest.fixture
def review(tmp_path, monkeypatch):
    """A review of two references, and a data folder of its own holding their committed files."""
    monkeypatch.setattr(references, "N_REFERENCES", 2)
    path = tmp_path / "review.txt"
    path.write_text(REVIEW, encoding="utf-8")
    data = tmp_path / "data"
    references.write(references.build(path), data)
    monkeypatch.setattr(audit_source, "DATA_DIR", data)
    return path


def committed_coverage() -> dict:
    return {INVENTORY_FILE.name: load_number_inventory().reset_index(drop=True),
            LOCATIONS_FILE.name: load_source_text_locations().reset_index(drop=True)}


def test_the_committed_coverage_agrees_with_itself_and_a_changed_row_is_named():
    derived = committed_coverage()
    assert audit_source.coverage_differences(derived) == []
    changed = derived[INVENTORY_FILE.name].copy()
    changed.loc[0, "number"] = "999999"
    problems = audit_source.coverage_differences({**derived, INVENTORY_FILE.name: changed})
    assert problems[0].startswith(f"data/{INVENTORY_FILE.name}: 1 committed row(s) not derived, 1 derived row(s) not committed")
    assert any("999999" in line for line in problems)


def test_the_reference_list_agrees_until_a_committed_line_changes(review):
    assert audit_source.reference_differences(review) == []
    csv = audit_source.DATA_DIR / references.CSV_NAME
    lines = csv.read_text(encoding="utf-8").splitlines()
    csv.write_text("\n".join([lines[0], lines[1].replace("Dörner", "Dorner"), *lines[2:]]) + "\n", encoding="utf-8")
    assert audit_source.reference_differences(review) == [
        f"data/{references.CSV_NAME}: differs from a fresh parse of the review's reference list (first differing line 2)"]


def test_a_broken_reference_list_is_reported_not_written(review, monkeypatch):
    monkeypatch.setattr(references, "N_REFERENCES", 3)
    with pytest.raises(SystemExit, match="expected 3"):
        audit_source.reference_differences(review)


def test_main_refuses_a_missing_review(tmp_path, capsys):
    assert audit_source.main(["--review", str(tmp_path / "nowhere.txt")]) == 2
    assert "no file at" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        audit_source.main([])  # --review is required


def test_main_checks_then_writes(review, monkeypatch, capsys):
    derived = committed_coverage()
    monkeypatch.setattr(audit_source, "derive", lambda path: derived)
    assert audit_source.main(["--review", str(review)]) == 0
    assert "agrees with" in capsys.readouterr().out

    monkeypatch.setattr(audit_source, "coverage_differences", lambda frames: ["data/x.csv: 1 committed row(s) not derived"])
    assert audit_source.main(["--review", str(review)]) == 1
    err = capsys.readouterr().err
    assert "data/x.csv" in err and "make audit-source-update" in err

    assert audit_source.main(["--review", str(review), "--write"]) == 0
    written = audit_source.DATA_DIR / INVENTORY_FILE.name
    assert written.read_text(encoding="utf-8") == INVENTORY_FILE.read_text(encoding="utf-8")
    assert (audit_source.DATA_DIR / LOCATIONS_FILE.name).read_bytes() == LOCATIONS_FILE.read_bytes()
