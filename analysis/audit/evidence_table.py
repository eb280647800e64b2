"""The evidence ledger as one searchable, filterable HTML table (the evidence-table appendix).

:func:`evidence_table_html` writes one row per ledger claim — its id, section,
quantity, group, value as the source wrote it (:attr:`Claim.text
<analysis.ledger.claim.Claim.text>`), n, setting and evidence level, source and
reference — through :func:`analysis.render.filterable_html_table`.
"""
from __future__ import annotations

import html

import pandas as pd

from ..ledger import evidence
from ..ledger.claim import Claim
from ..render import cell, filterable_html_table

__all__ = ["TABLE_COLUMNS", "evidence_table_html"]

#: (title, sort kind) of the table's columns, in order: in reader order, what was measured and its
#: value first (on a phone they fill the first screen), the ledger's machine key last.
TABLE_COLUMNS: list[tuple[str, str]] = [
    ("quantity", "text"), ("group", "text"), ("value", "num"), ("n", "num"), ("section", "num"),
    ("setting (evidence level)", "text"), ("source", "text"), ("reference", "num"), ("claim_id", "text"),
]


def _section_key(section) -> float:
    major, _, minor = str(section).partition(".")
    return int(major) + (int(minor) / 10 if minor else 0.0)


def _reference(row) -> tuple[str, object, str]:
    """(cell HTML, sort key, filter value) of a row's reference: the BibTeX key linked to its DOI."""
    esc = html.escape
    label, sort, attribute = "", "", ""
    if pd.notna(row.get("ref")):
        attribute, sort = f"ref {int(row['ref'])}", int(row["ref"])
    elif isinstance(row.get("doi"), str):
        attribute, sort = "not cited by the review", 999
    key = row.get("key") if isinstance(row.get("key"), str) else ""
    if isinstance(row.get("doi"), str):
        text = f"{esc(key) or esc(row['doi'])}" + (f" ({esc(attribute)})" if attribute.startswith("ref") else "")
        label = f'<a href="https://doi.org/{esc(row["doi"], quote=True)}">{text}</a>'
    return label, sort, attribute


def _row(row) -> tuple[dict[str, str], list[str], object]:
    """A ledger row's filter attributes, its cells, and the sort key of its reference."""
    esc = html.escape
    claim = Claim.from_row(row)
    level = row.get("evidence_level") if isinstance(row.get("evidence_level"), str) else evidence.EVIDENCE_LEVEL.get(row["setting"], "")
    reference, reference_sort, reference_attribute = _reference(row)
    n_text = "" if claim.n is None else str(claim.n)
    value_sort = next((row[f] for f in ("value", "lower", "upper") if pd.notna(row[f])), "")
    cells = [
        cell(esc(claim.quantity), claim.quantity),
        cell(esc(claim.group), claim.group),
        cell(esc(claim.text), value_sort),
        cell(n_text, n_text),
        cell(esc(claim.section), _section_key(claim.section)),
        cell(f"{esc(claim.setting)}<br><small>{esc(level)}</small>", claim.setting),
        cell(esc(claim.source), claim.source),
        cell(reference, reference_sort),
        cell("<code>" + esc(claim.claim_id).replace("_", "_<wbr>") + "</code>", claim.claim_id),
    ]
    attributes = {"section": claim.section, "level": level, "setting": claim.setting, "source": claim.source,
                  "ref": reference_attribute}
    return attributes, cells, reference_sort


def evidence_table_html(claims_frame: pd.DataFrame | None = None, table_id: str = "evidence-ledger") -> str:
    """The ledger as one self-contained HTML block: a table plus a small vanilla-JavaScript script.

    The block has a text search box, select filters for section, evidence
    level, setting, source and reference, and headers that sort on click (numbers
    numerically). No external files or CDNs. Each row shows, in reader order,
    quantity, group, the value as the source wrote it (with unit), n, section,
    setting with its evidence level, source (review/primary), the reference
    (BibTeX key linked to https://doi.org/...) and last the claim_id. Deterministic: the same
    ledger gives the same bytes. ``table_id`` must be an HTML id.
    """
    frame = evidence.claims() if claims_frame is None else claims_frame
    frame = frame.sort_values(["section", "source", "claim_id"], key=lambda s: s.map(_section_key) if s.name == "section" else s)
    built = [_row(row) for _, row in frame.iterrows()]
    options = {name: {attributes[name] for attributes, _, _ in built} for name in ("section", "level", "setting", "source")}
    references = {(sort, attributes["ref"]) for attributes, _, sort in built if attributes["ref"]}
    filters = [
        ("section", "Section", [(s, s) for s in sorted(options["section"], key=_section_key)]),
        ("level", "Evidence level", [(v, v) for v in sorted(options["level"])]),
        ("setting", "Setting", [(v, v) for v in sorted(options["setting"])]),
        ("source", "Source", [(v, v) for v in sorted(options["source"])]),
        ("ref", "Reference", [(t, t) for _, t in sorted(references)]),
    ]
    rows = [(attributes, cells) for attributes, cells, _ in built]
    return filterable_html_table(table_id, TABLE_COLUMNS, rows, filters, css_class="evidence-ledger",
                                 search_placeholder="any text, e.g. lymphopenia", search_label="search the ledger",
                                 nowrap_column=3)

