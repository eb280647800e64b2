"""Tests for the checkpoint table loader (analysis.ledger.checkpoints) and the shipped data/checkpoints.csv."""
import pytest

from analysis.ledger.checkpoints import CHECKPOINT_COLUMNS, drug_list, load_checkpoints

HEADER = ",".join(CHECKPOINT_COLUMNS)
GOOD = 'LAG-3,MHC class II,T cells,relatlimab,22,3.1,"Drugs: relatlimab is named by the review."'


def write(tmp_path, *lines, header=HEADER):
    path = tmp_path / "checkpoints.csv"
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return path


def test_shipped_table_has_the_five_checkpoints_of_the_review():
    table = load_checkpoints()
    assert list(table["checkpoint"]) == ["PD-1", "CTLA-4", "LAG-3", "TIM-3", "TIGIT"]
    assert table.loc[table["checkpoint"] == "LAG-3", "ligand"].item() == "MHC class II"
    assert table.loc[table["checkpoint"] == "TIGIT", "ref"].item() == 24
    assert table["key"].notna().all()
    # Drugs only where the review or an approved drug applies: none for TIM-3 and TIGIT.
    assert table.set_index("checkpoint").loc[["TIM-3", "TIGIT"], "drugs"].map(len).tolist() == [0, 0]


def test_good_file_loads_with_keys_and_drug_lists(tmp_path):
    table = load_checkpoints(write(tmp_path, GOOD))
    assert table.loc[0, "key"] == "maruhashi2022"
    assert table.loc[0, "drugs"] == ["relatlimab"]


@pytest.mark.parametrize(
    "line, message",
    [
        ('LAG-3,MHC class II,T cells,relatlimab,200,3.1,"Drugs: relatlimab."', "column 'ref'"),
        ('LAG-3,MHC class II,T cells,relatlimab,x,3.1,"Drugs: relatlimab."', "column 'ref'"),
        ('LAG-3,MHC class II,T cells,relatlimab,22,three,"Drugs: relatlimab."', "column 'section'"),
        ('LAG-3,,T cells,relatlimab,22,3.1,"Drugs: relatlimab."', "column 'ligand': must not be empty"),
        ('LAG-3,MHC class II,T cells,relatlimab; nivolumab,22,3.1,"Drugs: relatlimab."', "'nivolumab'"),
        ("LAG-3,MHC class II,T cells,,22,3.1,no statement", "'Drugs:'"),
        ("LAG-3,MHC class II,T cells,22,3.1", "has 5 fields"),
    ],
)
def test_bad_rows_are_reported_with_line_and_column(tmp_path, line, message):
    with pytest.raises(ValueError, match=message) as err:
        load_checkpoints(write(tmp_path, line))
    assert "line 2" in str(err.value)


def test_duplicate_checkpoint_is_reported(tmp_path):
    with pytest.raises(ValueError, match=r"line 3, column 'checkpoint'.*is also on line 2"):
        load_checkpoints(write(tmp_path, GOOD, GOOD))


def test_wrong_header_missing_file_and_empty_table(tmp_path):
    with pytest.raises(ValueError, match="line 1: (missing|unexpected) column"):
        load_checkpoints(write(tmp_path, GOOD, header="checkpoint,ligand"))
    with pytest.raises(ValueError, match="file not found"):
        load_checkpoints(tmp_path / "missing.csv")
    with pytest.raises(ValueError, match="no data rows"):
        load_checkpoints(write(tmp_path))


def test_drug_list_splits_and_rejects_non_text():
    assert drug_list("nivolumab; durvalumab ;") == ["nivolumab", "durvalumab"]
    assert drug_list("") == [] and drug_list(None) == []
    with pytest.raises(ValueError, match="text must be a string"):
        drug_list(3)


def test_checkpoint_markdown_is_a_narrow_table_with_the_notes_below():
    from analysis.ledger.checkpoints import checkpoint_markdown, load_checkpoints

    frame = load_checkpoints()
    text = checkpoint_markdown(frame)
    table, notes = text.split("**Notes to the table.**")
    rows = [line for line in table.strip().splitlines() if line.startswith("|")]
    assert rows[0] == "| Checkpoint | Ligand(s) | Where (as the review says) | Example drugs |"
    assert len(rows) == 2 + len(frame) and all(row.count(" | ") == 3 for row in rows if not row.startswith("|---"))
    assert "Drugs:" not in table                      # the long notes are below, not in the cells
    bullets = [line for line in notes.splitlines() if line.startswith("- **")]
    assert len(bullets) == len(frame)
    for bullet, row in zip(bullets, frame.itertuples()):
        assert bullet.startswith(f"- **{row.checkpoint}** (review ref. {row.ref}).") and "*Drugs:*" in bullet
    assert checkpoint_markdown(frame) == text         # deterministic
