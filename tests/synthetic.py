"""Synthetic inputs shared by the tests: a small ledger built from a few dicts."""
import pandas as pd

COLUMNS = ["claim_id", "source", "section", "ref", "doi", "quantity", "group", "value", "lower", "upper",
           "qualifier", "unit", "n", "statistic", "setting", "source_text", "note", "value_text", "key", "evidence_level"]


def make_claims(*rows):
    """A small ledger: each row a dict; missing columns are empty."""
    records = []
    for row in rows:
        record = {column: None for column in COLUMNS}
        record.update({"source": "review", "section": "3", "quantity": "q", "statistic": "other", "setting": "review"})
        record.update(row)
        if record["value"] is not None and record["value_text"] is None:
            record["value_text"] = str(record["value"])
        records.append(record)
    frame = pd.DataFrame(records, columns=COLUMNS)
    for column in ("value", "lower", "upper"):
        frame[column] = pd.to_numeric(frame[column]).astype("Float64")
    for column in ("ref", "n"):
        frame[column] = pd.to_numeric(frame[column]).astype("Int64")
    return frame


def write(path, text):
    """Write ``text`` (UTF-8) to ``path`` and return the path."""
    path.write_text(text, encoding="utf-8")
    return path
