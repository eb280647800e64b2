"""Reconstructed individual patient data (IPD) of six published Kaplan–Meier figures.

The files in ``data/kmdata/`` come from the R package ``kmdata`` (Robert Redd,
MIT licence) and were *reconstructed* from published curves with the method of
Guyot et al. (2012): they are realistic stand-ins for trial data, never the
trials' own patients, and every figure built from them must say so. This
module reads them strictly:

* ``catalogue.csv`` (one row per arm: file, arm, treatment, role, trial, figure,
  endpoint, n, events, publication, pmid) — see ``data/datapackage.json``;
* ``<file>.csv`` (``time`` in months >= 0, ``event`` 0/1, ``arm`` one of the
  catalogue's arms for that file), whose per-arm counts of patients and events
  must equal the catalogue's ``n`` and ``events``.

Every problem is reported as ``"<file>, line <n>, column '<column>': <rule>"``.

Two further files serve the exercises of the methods chapter: a noisy
digitisation of one data set's figure and its numbers at risk
(``exercise_digitised.csv``, ``exercise_at_risk.csv``). They are derived from
the reconstructed data by :func:`exercise_digitisation` under a fixed seed,
written by :func:`write_exercise_files` and read by :func:`load_exercise`.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..schema import check_resource, field_names, resource_for_path
from ..tables import DataFileError, display_path

__all__ = [
    "CATALOGUE_COLUMNS", "IPD_COLUMNS", "KmDataError", "load_catalogue", "load_ipd", "dataset_names",
    "EXERCISE_SOURCE", "EXERCISE_SEED", "EXERCISE_EVERY_MONTHS", "EXERCISE_FILES",
    "load_exercise", "kmdata_folder",
]

#: Columns of ``data/kmdata/catalogue.csv``, in this order.
CATALOGUE_COLUMNS: tuple[str, ...] = field_names("kmdata_catalogue")
#: Columns of each reconstructed IPD file, in this order.
IPD_COLUMNS: tuple[str, ...] = field_names("kmdata_rtog0617_2a")

_FILE_STEM = re.compile(r"[A-Za-z0-9_]+")
# Facts of the publication and figure, shared by every arm of one file.
_PER_FILE = ("trial", "figure", "endpoint", "publication", "pmid")


class KmDataError(DataFileError):
    """A file of ``data/kmdata/`` broke a rule; ``problems`` names file, line, column and rule."""

    subject = "the reconstructed survival data (data/kmdata)"


def kmdata_folder() -> Path:
    """The folder of the reconstructed data and their catalogue (``data/kmdata``)."""
    # Looked up at call time so that a relocated analysis.DATA_DIR is honoured.
    from .. import DATA_DIR

    return DATA_DIR / "kmdata"


def _check_catalogue_row(name: str, line: int, record: dict[str, str]) -> list[str]:
    """The rule joining two cells of a catalogue row (each cell's own rules are the schema's)."""
    if record["n"].isdigit() and record["events"].isdigit() and int(record["events"]) > int(record["n"]):
        return [f"{name}, line {line}, column 'events': {record['events']} events exceed n = {record['n']} patients"]
    return []


def _check_files_agree(name: str, records: list[dict], folder: Path) -> list[str]:
    problems = []
    for stem in dict.fromkeys(record["file"] for record in records):
        rows = [record for record in records if record["file"] == stem]
        for column in _PER_FILE:
            values = {record[column] for record in rows}
            if len(values) > 1:
                problems.append(f"{name}, line {rows[0]['line']}, column '{column}': differs between the arms of {stem} ({sorted(values)})")
        controls = [record for record in rows if record["role"] == "control"]
        if len(controls) != 1:
            problems.append(f"{name}, line {rows[0]['line']}, column 'role': {stem} has {len(controls)} 'control' arms (exactly one required)")
        if _FILE_STEM.fullmatch(stem) and not (folder / f"{stem}.csv").is_file():
            problems.append(f"{name}, line {rows[0]['line']}, column 'file': {stem}.csv not found next to the catalogue")
    return problems


def load_catalogue(folder: str | Path | None = None) -> pd.DataFrame:
    """Read and validate the catalogue of the reconstructed data sets.

    Parameters
    ----------
    folder : str or Path, optional
        Folder holding ``catalogue.csv`` and the data files; default
        ``analysis.DATA_DIR / "kmdata"``.

    Returns
    -------
    pandas.DataFrame
        One row per arm in file order, with the columns of :data:`CATALOGUE_COLUMNS`;
        ``n`` (patients) and ``events`` (count) as int, ``pmid`` as text.

    Raises
    ------
    KmDataError
        Naming file, line (header = line 1), column and rule of every problem:
        empty cell, bad stem/arm/role/endpoint/pmid, n or events not a count,
        events > n, duplicate (file, arm), per-file facts that differ between
        arms, not exactly one control arm, or a data file that does not exist.
    """
    frame, _ = _read_catalogue(Path(folder) if folder is not None else kmdata_folder())
    return frame


def _read_catalogue(folder: Path) -> tuple[pd.DataFrame, list[int]]:
    name, rows, problems = check_resource("kmdata_catalogue", folder / "catalogue.csv", error=KmDataError)
    records: list[dict] = []
    for line, record in rows:
        problems += _check_catalogue_row(name, line, record)
        records.append({**record, "line": line})
    problems += _check_files_agree(name, records, folder)
    if problems:
        raise KmDataError(problems)
    frame = pd.DataFrame(records)
    lines = frame.pop("line").tolist()
    frame["n"] = frame["n"].astype(int)
    frame["events"] = frame["events"].astype(int)
    return frame, lines


def dataset_names(folder: str | Path | None = None) -> list[str]:
    """The data-set names (file stems such as ``"RTOG0617_2A"``) listed in the catalogue, in its order."""
    return list(dict.fromkeys(load_catalogue(folder)["file"]))


def _ipd_resource(name: str) -> str:
    """The resource of ``data/datapackage.json`` whose schema the data set ``name`` follows.

    Every reconstructed data set has the same three columns; a data set the
    package does not list (a test's toy file) is read with the schema of the first.
    """
    try:
        return resource_for_path(f"kmdata/{name}.csv")["name"]
    except KeyError:
        return resource_for_path("kmdata/RTOG0617_2A.csv")["name"]


def load_ipd(name: str, folder: str | Path | None = None) -> pd.DataFrame:
    """Read one reconstructed data set and check it row by row and against the catalogue.

    Parameters
    ----------
    name : str
        Data-set name, the file stem in the catalogue's ``file`` column, e.g. ``"RTOG0617_2A"``.
    folder : str or Path, optional
        Folder holding ``catalogue.csv`` and ``<name>.csv``; default ``analysis.DATA_DIR / "kmdata"``.

    Returns
    -------
    pandas.DataFrame
        One row per *reconstructed* patient in file order: ``time`` (float, months
        from randomisation), ``event`` (int, 1 = event, 0 = censored), ``arm`` (str).

    Raises
    ------
    ValueError
        If ``name`` is not a data set of the catalogue.
    KmDataError
        Naming file, line, column and rule: a ``time`` that is not a finite number
        >= 0, an ``event`` other than 0/1, an ``arm`` the catalogue does not list
        for this file, or per-arm patient / event counts that differ from the
        catalogue's ``n`` / ``events`` (with the catalogue's line).
    """
    folder = Path(folder) if folder is not None else kmdata_folder()
    catalogue, catalogue_lines = _read_catalogue(folder)
    catalogue["line"] = catalogue_lines
    known = list(dict.fromkeys(catalogue["file"]))
    if not isinstance(name, str) or name not in known:
        raise ValueError(f"name must be one of the catalogue's data sets ({', '.join(known)}), got {name!r}")
    arms = catalogue[catalogue["file"] == name]
    file_name, rows, problems = check_resource(_ipd_resource(name), folder / f"{name}.csv", error=KmDataError)
    known_arms = set(arms["arm"])
    for line, row in rows:
        if row["arm"] and row["arm"] not in known_arms:
            problems.append(f"{file_name}, line {line}, column 'arm': {row['arm']!r} is not an arm of this file in "
                            f"the catalogue ({', '.join(sorted(known_arms))})")
    parsed = [(float(row["time"]), int(row["event"]), row["arm"]) for _, row in rows] if not problems else []
    if problems:
        raise KmDataError(problems)
    ipd = pd.DataFrame(parsed, columns=list(IPD_COLUMNS))
    problems += _check_counts(file_name, ipd, arms, display_path(folder / "catalogue.csv"))
    if problems:
        raise KmDataError(problems)
    return ipd


def _check_counts(file_name: str, ipd: pd.DataFrame, arms: pd.DataFrame, catalogue_name: str) -> list[str]:
    problems = []
    for _, expected in arms.iterrows():
        rows = ipd[ipd["arm"] == expected["arm"]]
        if len(rows) != expected["n"]:
            problems.append(
                f"{file_name}, column 'arm': arm {expected['arm']!r} has {len(rows)} patients "
                f"but {catalogue_name}, line {expected['line']}, says n = {expected['n']}"
            )
        events = int(rows["event"].sum())
        if events != expected["events"]:
            problems.append(
                f"{file_name}, column 'event': arm {expected['arm']!r} has {events} events "
                f"but {catalogue_name}, line {expected['line']}, says events = {expected['events']}"
            )
    return problems


# --- the exercise files: a digitisation a student reconstructs ------------------------------------

#: Data set whose figure the exercise files digitise (overall survival of KEYNOTE-024).
EXERCISE_SOURCE = "KEYNOTE024_2"
#: Seed of the noisy digitisation (arm k uses ``EXERCISE_SEED + k``).
EXERCISE_SEED = 2016
#: Spacing of the exercise's at-risk table (months).
EXERCISE_EVERY_MONTHS = 3.0
#: The two files, by content, and their columns in order.
EXERCISE_FILES: dict[str, tuple[str, tuple[str, ...]]] = {
    "digitised": ("exercise_digitised.csv", ("arm", "time", "survival")),
    "at_risk": ("exercise_at_risk.csv", ("arm", "time", "n_risk")),
}


def load_exercise(folder: str | Path | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read the two exercise files: ``(digitised, at_risk)``, as :func:`analysis.models.km_compare.exercise_digitisation` writes them.

    Checks every cell against the files' resources in ``data/datapackage.json``
    (times numbers >= 0 months, survival from 0 to 1, at-risk counts whole
    numbers >= 0), then that the arms are arms of :data:`EXERCISE_SOURCE` in
    the catalogue; raises :class:`KmDataError` naming file, line, column and rule.
    """
    folder = Path(folder) if folder is not None else kmdata_folder()
    arms = set(load_catalogue().query("file == @EXERCISE_SOURCE")["arm"])
    frames, problems = [], []
    for kind, (file_name, columns) in EXERCISE_FILES.items():
        name, rows, found = check_resource(f"kmdata_exercise_{kind}", folder / file_name, error=KmDataError)
        for line, row in rows:
            if row["arm"] and row["arm"] not in arms:
                found.append(f"{name}, line {line}, column 'arm': {row['arm']!r} is not an arm of {EXERCISE_SOURCE} "
                             f"({', '.join(sorted(arms))})")
        problems += found
        frame = pd.DataFrame([row for _, row in rows], columns=list(columns))
        if not problems:
            frame["time"] = frame["time"].astype(float)
            frame[columns[2]] = frame[columns[2]].astype(int if kind == "at_risk" else float)
        frames.append(frame)
    if problems:
        raise KmDataError(problems)
    return frames[0], frames[1]
