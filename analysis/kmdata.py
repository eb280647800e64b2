"""Reconstructed individual patient data (IPD) of six published Kaplan–Meier figures.

The files in ``data/kmdata/`` come from the R package ``kmdata`` (Robert Redd,
MIT licence) and were *reconstructed* from published curves with the method of
Guyot et al. (2012): they are realistic stand-ins for trial data, never the
trials' own patients, and every figure built from them must say so. This
module reads them strictly:

* ``catalogue.csv`` (one row per arm: file, arm, treatment, role, trial, figure,
  endpoint, n, events, publication, pmid) — see ``data/README.md``;
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

import math
import re
from pathlib import Path

import pandas as pd

from .tables import DataFileError, display_path, read_csv_rows

__all__ = [
    "CATALOGUE_COLUMNS", "IPD_COLUMNS", "KmDataError", "load_catalogue", "load_ipd", "dataset_names",
    "EXERCISE_SOURCE", "EXERCISE_SEED", "EXERCISE_EVERY_MONTHS", "EXERCISE_FILES",
    "load_exercise", "kmdata_folder",
]

#: Columns of ``data/kmdata/catalogue.csv``, in this order.
CATALOGUE_COLUMNS: tuple[str, ...] = (
    "file", "arm", "treatment", "role", "trial", "figure", "endpoint", "n", "events", "publication", "pmid",
)
#: Columns of each reconstructed IPD file, in this order.
IPD_COLUMNS: tuple[str, ...] = ("time", "event", "arm")

_FILE_STEM = re.compile(r"[A-Za-z0-9_]+")
_ARM_LABEL = re.compile(r"[a-z0-9_]+")
_DECIMAL = re.compile(r"\d+(\.\d*)?([eE][-+]?\d+)?|\.\d+([eE][-+]?\d+)?")
_ROLES = ("control", "experimental")
_ENDPOINTS = ("OS", "PFS")
# Facts of the publication and figure, shared by every arm of one file.
_PER_FILE = ("trial", "figure", "endpoint", "publication", "pmid")


class KmDataError(DataFileError):
    """A file of ``data/kmdata/`` broke a rule; ``problems`` names file, line, column and rule."""

    subject = "the reconstructed survival data (data/kmdata)"


def kmdata_folder() -> Path:
    """The folder of the reconstructed data and their catalogue (``data/kmdata``)."""
    # Looked up at call time so that a relocated analysis.DATA_DIR is honoured.
    from . import DATA_DIR

    return DATA_DIR / "kmdata"


def _count_cell(text: str, minimum: int) -> int | None:
    return int(text) if re.fullmatch(r"\d+", text) and int(text) >= minimum else None


def _check_catalogue_row(name: str, line: int, record: dict[str, str]) -> list[str]:
    where = f"{name}, line {line}, column"
    problems = [f"{where} '{column}': must not be empty" for column in CATALOGUE_COLUMNS if not record[column]]
    if record["file"] and not _FILE_STEM.fullmatch(record["file"]):
        problems.append(f"{where} 'file': {record['file']!r} is not a file stem (letters, digits, '_')")
    if record["arm"] and not _ARM_LABEL.fullmatch(record["arm"]):
        problems.append(f"{where} 'arm': {record['arm']!r} must be lower-case letters, digits or '_'")
    if record["role"] and record["role"] not in _ROLES:
        problems.append(f"{where} 'role': {record['role']!r} is not one of {', '.join(_ROLES)}")
    if record["endpoint"] and record["endpoint"] not in _ENDPOINTS:
        problems.append(f"{where} 'endpoint': {record['endpoint']!r} is not one of {', '.join(_ENDPOINTS)}")
    if record["pmid"] and not re.fullmatch(r"\d+", record["pmid"]):
        problems.append(f"{where} 'pmid': {record['pmid']!r} is not a PubMed identifier (digits)")
    n = _count_cell(record["n"], 1) if record["n"] else None
    if record["n"] and n is None:
        problems.append(f"{where} 'n': {record['n']!r} is not an integer >= 1 (patients)")
    if record["events"]:
        events = _count_cell(record["events"], 0)
        if events is None:
            problems.append(f"{where} 'events': {record['events']!r} is not an integer >= 0")
        elif n is not None and events > n:
            problems.append(f"{where} 'events': {events} events exceed n = {n} patients")
    return problems


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
    name, rows = read_csv_rows(folder / "catalogue.csv", CATALOGUE_COLUMNS, error=KmDataError, ordered=True)
    problems: list[str] = []
    records: list[dict] = []
    seen: dict[tuple[str, str], int] = {}
    for line, row in rows:
        record = {column: row[column].strip() for column in CATALOGUE_COLUMNS}
        problems += _check_catalogue_row(name, line, record)
        key = (record["file"], record["arm"])
        if key in seen:
            problems.append(f"{name}, line {line}, column 'arm': {record['file']}/{record['arm']} already on line {seen[key]}")
        seen.setdefault(key, line)
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


def _parse_ipd_row(name: str, line: int, row: dict[str, str], arms: set[str]) -> tuple[tuple | None, list[str]]:
    where = f"{name}, line {line}, column"
    problems = []
    time_text, event_text, arm = row["time"].strip(), row["event"].strip(), row["arm"].strip()
    # A plain decimal only: float() would also take "nan", "inf" and "1_0".
    time = float(time_text) if _DECIMAL.fullmatch(time_text) else math.nan
    if not math.isfinite(time):
        problems.append(f"{where} 'time': must be a finite number >= 0 (months), got {time_text!r}")
    if event_text not in ("0", "1"):
        problems.append(f"{where} 'event': must be 0 (censored) or 1 (event), got {event_text!r}")
    if arm not in arms:
        problems.append(f"{where} 'arm': {arm!r} is not an arm of this file in the catalogue ({', '.join(sorted(arms))})")
    return (None if problems else (time, int(event_text), arm)), problems


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
    file_name, rows = read_csv_rows(folder / f"{name}.csv", IPD_COLUMNS, error=KmDataError, ordered=True)
    problems: list[str] = []
    parsed = []
    for line, row in rows:
        values, row_problems = _parse_ipd_row(file_name, line, row, set(arms["arm"]))
        problems += row_problems
        if values is not None:
            parsed.append(values)
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
    """Read the two exercise files: ``(digitised, at_risk)``, as :func:`analysis.km_compare.exercise_digitisation` writes them.

    Checks every cell (times finite and >= 0 months, survival in [0, 1],
    at-risk counts whole numbers >= 0, arms of :data:`EXERCISE_SOURCE` in the
    catalogue) and raises :class:`KmDataError` naming file, line, column and rule.
    """
    folder = Path(folder) if folder is not None else kmdata_folder()
    arms = set(load_catalogue().query("file == @EXERCISE_SOURCE")["arm"])
    frames, problems = [], []
    for kind, (file_name, columns) in EXERCISE_FILES.items():
        name, rows = read_csv_rows(folder / file_name, columns, error=KmDataError, ordered=True)
        parsed = []
        for line, row in rows:
            where = f"{name}, line {line}, column"
            arm, time_text, value_text = row["arm"].strip(), row["time"].strip(), row[columns[2]].strip()
            time = float(time_text) if _DECIMAL.fullmatch(time_text) else math.nan
            value = float(value_text) if _DECIMAL.fullmatch(value_text) else math.nan
            if arm not in arms:
                problems.append(f"{where} 'arm': {arm!r} is not an arm of {EXERCISE_SOURCE} ({', '.join(sorted(arms))})")
            if not math.isfinite(time):
                problems.append(f"{where} 'time': must be a finite number >= 0 (months), got {time_text!r}")
            if kind == "digitised" and not 0 <= value <= 1:
                problems.append(f"{where} 'survival': must be a proportion in [0, 1], got {value_text!r}")
            if kind == "at_risk" and not (math.isfinite(value) and value.is_integer()):
                problems.append(f"{where} 'n_risk': must be a whole number >= 0 (patients), got {value_text!r}")
            parsed.append((arm, time, value))
        frame = pd.DataFrame(parsed, columns=list(columns))
        if kind == "at_risk" and not problems:
            frame["n_risk"] = frame["n_risk"].astype(int)
        frames.append(frame)
    if problems:
        raise KmDataError(problems)
    return frames[0], frames[1]
