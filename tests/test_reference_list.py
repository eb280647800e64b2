"""analysis.audit.reference_list: one DOI under two reference numbers."""
import pandas as pd
import pytest

from analysis.audit import reference_list


def test_duplicate_references_finds_one_doi_under_two_numbers():
    refs = pd.DataFrame({
        "ref": pd.array([1, 2, 3, 5, None], dtype="Int64"),
        "key": ["a2020", "b2021", "c2022", "b2021b", "extra"],
        "doi": ["10.1/a", "10.1/B", "10.1/c", "10.1/b", "10.1/a"],
        "title": ["A", "B", "C", "B again", "A again"],
    })
    table = reference_list.duplicate_references(refs)
    assert table["refs"].tolist() == [(2, 5)]
    assert table.loc[0, "keys"] == ("b2021", "b2021b") and table.loc[0, "doi"] == "10.1/b"
    with pytest.raises(ValueError, match="'doi'"):
        reference_list.duplicate_references(refs.drop(columns=["doi"]))


def test_real_duplicate_references_are_15_and_67():
    table = reference_list.duplicate_references()
    assert len(table) == 1 and set(table.loc[0, "refs"]) == {15, 67}


def test_repeated_dois_is_the_one_rule():
    pairs = [(4, "10.1/B "), (2, "10.1/b"), (1, "10.1/a"), (None, "10.1/a"), (3, "10.1/c"), (7, "10.1/A")]
    assert reference_list.repeated_dois(pairs) == {"10.1/a": (1, 7), "10.1/b": (2, 4)}
    assert reference_list.repeated_dois([(1, "10.1/a"), (None, "10.1/a")]) == {}
