"""The randomised trials (``data/trials.csv``) as one searchable, sortable, filterable HTML table.

:func:`trials_table_html` writes one row per reported result through
:func:`analysis.render.filterable_html_table`, the machinery of the evidence
table: the trial, disease, timing class, drug against comparator, arm sizes,
endpoint and analysis, the result as published, and its source.
"""
from __future__ import annotations

import html

import pandas as pd

from ..render import cell, filterable_html_table
from .trials import RANDOMISED_WHEN, SOURCE_KINDS, TIMING_CLASSES, TIMING_LABELS, WEAK_SOURCE_KINDS

__all__ = ["trials_table_html"]


def _number_text(value) -> str:
    return "" if pd.isna(value) else f"{value:g}"


def _result_cell(row) -> tuple[str, object]:
    if pd.isna(row["hr"]):
        return html.escape(row["result_text"]), ""
    interval = ""
    if pd.notna(row["ci_lower"]):
        interval = f" ({_number_text(row['ci_level'])}% CI {_number_text(row['ci_lower'])}–{_number_text(row['ci_upper'])})"
    p = f", p {row['p_value']}" if row["p_value"] else ""
    return html.escape(f"HR {_number_text(row['hr'])}{interval}{p}"), row["hr"]


def _source_cell(row) -> str:
    esc = html.escape
    link = f'<a href="{esc(row["source_url"], quote=True)}">{esc(row["source_kind"])}</a>'
    doi = f'<br><a href="https://doi.org/{esc(row["doi"], quote=True)}">doi:{esc(row["doi"])}</a>' if row["doi"] else ""
    address = f"<br><small>{esc(row['source_url'])}</small>" if row["source_kind"] in WEAK_SOURCE_KINDS else ""
    return f"{link}{doi}{address}<br><small>“{esc(row['quote'])}”</small>"


def trials_table_html(frame: pd.DataFrame) -> str:
    """The trials as one searchable, sortable, filterable HTML table (one row per reported result).

    Columns: trial (with its registry id), disease and stage, timing class and
    when patients were randomised, drug (target) against comparator, arm
    sizes, endpoint (primary or not) and analysis, result, met, and the
    source: the kind of page linked to its address, the DOI, the quoted
    sentence — and the address written out when the page is a news or
    summary page, a commentary or a press release.
    """
    esc = html.escape
    columns = [("trial", "text"), ("disease", "text"), ("timing", "text"), ("drug vs comparator", "text"),
               ("patients", "num"), ("endpoint", "text"), ("result", "num"), ("met", "text"), ("source", "text")]
    rows = []
    for _, row in frame.iterrows():
        nct = f"<br><small>{esc(row['nct'])}</small>" if row["nct"] else ""
        n_total = row["n_experimental"] + row["n_control"] if pd.notna(row["n_experimental"]) and pd.notna(row["n_control"]) else pd.NA
        n_text = f"{row['n_experimental']} vs {row['n_control']}" if pd.notna(n_total) else "not stated"
        endpoint = f"{esc(row['endpoint'])} ({'primary' if row['primary_endpoint'] == 'yes' else 'secondary'})<br><small>{esc(row['analysis'])}</small>"
        result, result_key = _result_cell(row)
        rows.append((
            {"timing": row["timing_class"], "endpoint": row["endpoint"], "source": row["source_kind"]},
            # A break after "/" so that a long name ("NRG Oncology/Alliance") wraps between words, never inside one.
            [cell(f"{esc(row['trial']).replace('/', '/<wbr>')}{nct}", row["trial"]),
             cell(f"{esc(row['disease'])}<br><small>{esc(row['stage'])}</small>", row["disease"]),
             cell(f"{esc(TIMING_LABELS[row['timing_class']])}<br><small>randomised {esc(RANDOMISED_WHEN[row['randomised_when']])}</small>", row["timing_class"]),
             cell(f"{esc(row['drug'])} ({esc(row['target'])})<br><small>vs {esc(row['comparator'])}</small>", row["drug"]),
             cell(n_text, "" if pd.isna(n_total) else int(n_total)),
             cell(endpoint, row["endpoint"]), cell(result, result_key), cell(esc(row["met"] or "not stated"), row["met"]),
             cell(_source_cell(row), row["source_kind"])],
        ))
    filters = [("timing", "Timing", [(name, TIMING_LABELS[name]) for name in TIMING_CLASSES]),
               ("endpoint", "Endpoint", [(e, e) for e in dict.fromkeys(frame["endpoint"])]),
               ("source", "Source", [(kind, kind) for kind in SOURCE_KINDS])]
    return filterable_html_table("trials-table", columns, rows, filters, css_class="ledger-table trials-table",
                                 search_placeholder="trial, disease, drug …", search_label="Search the trials")
