"""Tests for the reconstructed-IPD loader (analysis.ledger.kmdata) and the shipped data/kmdata/."""
import hashlib
import shutil

import pytest

import analysis
from analysis.ledger.kmdata import CATALOGUE_COLUMNS, KmDataError, dataset_names, load_catalogue, load_ipd
from analysis.tables import DataFileError

KMDATA = analysis.DATA_DIR / "kmdata"
# SHA-256 of the source conversion's files: the shipped copies must stay byte-for-byte identical.
SOURCE_SHA256 = {
    "RTOG0617_2A": "5cd4259325732b1d05609dc1221a442e70768a48ec7433c8b687094f44401b47",
    "RTOG0617_2B": "8e35b678577c97ea1aa695162d48685847c2c49fce7eb11c4f93897d2547de48",
    "KEYNOTE024_1A": "4c17fb17f03856cf4d95af4b04e2dfdcfb183170b253020c7cfd22fec426edd6",
    "KEYNOTE024_2": "d433700d24c19a6d1da055eb640a779ccfc66d3592ced5d1cdb07f302f17b742",
    "Checkmate017_1": "e4f5d67afaf0494ae5a64a38b2d28c6e8ff38034172bc4aa225dafa59696f8c3",
    "Checkmate017_2B": "4ab2d612e375521a2311a43bb99e5df92744524d28d67dece81992ca7e884d85",
}
SIX = ["RTOG0617_2A", "RTOG0617_2B", "KEYNOTE024_1A", "KEYNOTE024_2", "Checkmate017_1", "Checkmate017_2B"]

CATALOGUE_HEADER = ",".join(CATALOGUE_COLUMNS)
CONTROL = "TOY_1,placebo,placebo,control,TOY,1,OS,3,2,Doe J et al. J Toy 2020;1:1–2,123"
EXPERIMENTAL = "TOY_1,drug,the drug,experimental,TOY,1,OS,2,1,Doe J et al. J Toy 2020;1:1–2,123"
GOOD_IPD = ["1.5,1,placebo", "2,1,placebo", "7.25,0,placebo", "0.5,1,drug", "9,0,drug"]


def write_toy(folder, ipd_lines=GOOD_IPD, catalogue_lines=(CONTROL, EXPERIMENTAL), ipd_header="time,event,arm"):
    (folder / "catalogue.csv").write_text("\n".join([CATALOGUE_HEADER, *catalogue_lines]) + "\n", encoding="utf-8")
    (folder / "TOY_1.csv").write_text("\n".join([ipd_header, *ipd_lines]) + "\n", encoding="utf-8")
    return folder


def test_catalogue_lists_the_six_data_sets_with_one_control_each():
    catalogue = load_catalogue()
    assert dataset_names() == SIX
    assert len(catalogue) == 12
    assert (catalogue.groupby("file")["role"].apply(lambda roles: sorted(roles) == ["control", "experimental"])).all()
    rtog = catalogue[catalogue["file"] == "RTOG0617_2A"].set_index("arm")
    assert rtog.loc["60gy", "role"] == "control" and rtog.loc["74gy", "n"] == 207
    assert set(catalogue["pmid"]) == {"25601342", "27718847", "26028407"}


@pytest.mark.parametrize("name", SIX)
def test_each_arm_matches_the_catalogue_counts(name):
    ipd = load_ipd(name)
    expected = load_catalogue().query("file == @name").set_index("arm")
    counts = ipd.groupby("arm").agg(n=("event", "size"), events=("event", "sum"))
    assert counts.sort_index().to_dict() == expected[["n", "events"]].sort_index().to_dict()
    assert list(ipd.columns) == ["time", "event", "arm"]
    assert (ipd["time"] >= 0).all() and set(ipd["event"]) <= {0, 1}


@pytest.mark.parametrize("name", SIX)
def test_shipped_files_are_unchanged_copies_of_the_source(name):
    assert hashlib.sha256((KMDATA / f"{name}.csv").read_bytes()).hexdigest() == SOURCE_SHA256[name]


def test_readme_carries_attribution_licence_and_reconstructed_label():
    text = (KMDATA / "README.md").read_text(encoding="utf-8")
    for required in ("Robert Redd", "raredd/kmdata", "8972d41", "MIT License", "Copyright (c) 2021 Robert Redd",
                     "Guyot", "reconstructed", "not the trials' original patient data"):
        assert required in text


def test_a_good_toy_folder_loads(tmp_path):
    ipd = load_ipd("TOY_1", write_toy(tmp_path))
    assert ipd["time"].tolist() == [1.5, 2.0, 7.25, 0.5, 9.0]
    assert ipd["event"].dtype.kind == "i" and ipd["event"].sum() == 3


@pytest.mark.parametrize(
    "bad_line, column, rule",
    [
        ("-1,1,placebo", "time", "must be a number >= 0"),
        ("abc,1,placebo", "time", "must be a number >= 0"),
        ("nan,1,placebo", "time", "must be a number >= 0"),
        ("inf,1,placebo", "time", "must be a number >= 0"),
        ("1e999,1,placebo", "time", "must be a number >= 0"),
        ("1.5,2,placebo", "event", "is not one of 0, 1"),
        ("1.5,yes,placebo", "event", "is not one of 0, 1"),
        ("1.5,1,Placebo", "arm", "not an arm of this file"),
    ],
)
def test_bad_ipd_cells_name_file_line_column_and_rule(tmp_path, bad_line, column, rule):
    lines = [GOOD_IPD[0], bad_line, *GOOD_IPD[2:]]
    with pytest.raises(KmDataError) as err:
        load_ipd("TOY_1", write_toy(tmp_path, ipd_lines=lines))
    message = str(err.value)
    assert "TOY_1.csv, line 3" in message and f"column '{column}'" in message and rule in message
    assert isinstance(err.value, DataFileError)


def test_counts_that_disagree_with_the_catalogue_name_both_files(tmp_path):
    lines = [*GOOD_IPD[:2], "7.25,1,placebo", *GOOD_IPD[3:], "3,0,drug"]
    with pytest.raises(KmDataError) as err:
        load_ipd("TOY_1", write_toy(tmp_path, ipd_lines=lines))
    message = str(err.value)
    assert "TOY_1.csv, column 'event': arm 'placebo' has 3 events" in message
    assert "catalogue.csv, line 2, says events = 2" in message
    assert "TOY_1.csv, column 'arm': arm 'drug' has 3 patients" in message and "line 3, says n = 2" in message


@pytest.mark.parametrize(
    "row, fragment",
    [
        (CONTROL.replace(",3,2,", ",3,4,"), "column 'events': 4 events exceed n = 3"),
        (CONTROL.replace(",3,2,", ",0,0,"), "column 'n': must be a whole number >= 1 (got '0')"),
        (CONTROL.replace(",OS,", ",DFS,"), "column 'endpoint': is not one of OS, PFS (got 'DFS')"),
        (CONTROL.replace(",control,", ",reference,"), "column 'role': is not one of control, experimental (got 'reference')"),
        (CONTROL.replace(",123", ",PMID123"), "column 'pmid'"),
        (CONTROL.replace("TOY_1,placebo", "TOY_1,Placebo"), "column 'arm': does not match the required pattern [a-z0-9_]+ (got 'Placebo')"),
        (CONTROL.replace(",placebo,control", ",,control"), "column 'treatment': must not be empty"),
    ],
)
def test_bad_catalogue_rows_name_line_and_column(tmp_path, row, fragment):
    with pytest.raises(KmDataError, match="catalogue.csv, line 2") as err:
        load_catalogue(write_toy(tmp_path, catalogue_lines=(row, EXPERIMENTAL)))
    assert fragment in str(err.value)


def test_catalogue_consistency_rules(tmp_path):
    two_controls = (CONTROL, EXPERIMENTAL.replace("experimental", "control"))
    with pytest.raises(KmDataError, match="TOY_1 has 2 'control' arms"):
        load_catalogue(write_toy(tmp_path, catalogue_lines=two_controls))
    with pytest.raises(KmDataError, match=r"line 3, column 'file': the key \(file, arm\) must be unique; \(TOY_1, placebo\) is also on line 2"):
        load_catalogue(write_toy(tmp_path, catalogue_lines=(CONTROL, CONTROL, EXPERIMENTAL)))
    with pytest.raises(KmDataError, match="column 'trial': differs between the arms of TOY_1"):
        load_catalogue(write_toy(tmp_path, catalogue_lines=(CONTROL, EXPERIMENTAL.replace(",TOY,", ",TOY2,"))))
    missing = (CONTROL.replace("TOY_1", "GONE_1"), EXPERIMENTAL.replace("TOY_1", "GONE_1"))
    with pytest.raises(KmDataError, match="column 'file': GONE_1.csv not found"):
        load_catalogue(write_toy(tmp_path, catalogue_lines=missing))


def test_malformed_files_are_reported_by_the_strict_reader(tmp_path):
    with pytest.raises(KmDataError, match="TOY_1.csv, line 1: missing column"):
        load_ipd("TOY_1", write_toy(tmp_path, ipd_header="time,status,arm"))
    with pytest.raises(KmDataError, match="TOY_1.csv, line 4: has 2 fields"):
        load_ipd("TOY_1", write_toy(tmp_path, ipd_lines=[*GOOD_IPD[:2], "7.25,0", *GOOD_IPD[3:]]))
    with pytest.raises(KmDataError, match="file not found"):
        load_catalogue(tmp_path / "nowhere")


def test_unknown_or_path_like_names_are_refused(tmp_path):
    folder = write_toy(tmp_path)
    for name in ("TOY_2", "../TOY_1", "catalogue", 7):
        with pytest.raises(ValueError, match="name must be one of the catalogue's data sets"):
            load_ipd(name, folder)


def test_default_folder_follows_data_dir(tmp_path, monkeypatch):
    # The loader must go through analysis.DATA_DIR, so relocating it relocates the data.
    (tmp_path / "kmdata").mkdir()
    write_toy(tmp_path / "kmdata")
    monkeypatch.setattr(analysis, "DATA_DIR", tmp_path)
    assert dataset_names() == ["TOY_1"]
    assert len(load_ipd("TOY_1")) == 5


def test_shipped_data_can_be_copied_and_still_loads(tmp_path):
    for path in KMDATA.iterdir():
        shutil.copy(path, tmp_path / path.name)
    assert len(load_ipd("RTOG0617_2A", tmp_path)) == 424
