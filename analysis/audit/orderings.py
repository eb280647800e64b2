"""Orderings and sums the ledger's numbers should satisfy (``data/ordering_rules.csv``).

Some numbers constrain others: a subgroup is no larger than its group, the
arms of a trial add up to the trial, a pooled rate lies between the rates of
its parts. Each rule of ``data/ordering_rules.csv`` states ``left relation
right``, where a side is ``claim_id[.field]`` terms joined by ``+`` (``field``
is ``value``, ``lower`` or ``upper``) or a number, with its reason and its
``kind``:

* ``must_hold`` — arithmetic or definition: a failure is a slip;
* ``expectation`` — plausibility: a failure deserves a look but can be
  legitimate (e.g. two figures from different cohorts).

:func:`load_ordering_rules` reads and validates the table (naming file, line,
column and rule); :func:`ordering_checks` evaluates the rules on the ledger.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..ledger import evidence
from ..schema import check_resource, field_names
from ..tables import DataFileError

__all__ = ["ORDERING_COLUMNS", "KINDS", "RELATIONS", "OrderingRule", "OrderingRulesError", "load_ordering_rules", "ordering_checks"]

#: Columns of ``data/ordering_rules.csv``, in this order.
ORDERING_COLUMNS: tuple[str, ...] = field_names("ordering_rules")
#: A rule that must hold, or a plausibility expectation that may legitimately fail.
KINDS: tuple[str, ...] = ("must_hold", "expectation")

RELATIONS = {
    "<": lambda a, b: a < b, "<=": lambda a, b: a <= b + 1e-9, "==": lambda a, b: abs(a - b) <= 1e-9,
    ">=": lambda a, b: a >= b - 1e-9, ">": lambda a, b: a > b,
}
_TERM_RE = re.compile(r"^(?P<id>[a-z][a-z0-9_]*)(?:\.(?P<field>value|lower|upper))?$")


@dataclass(frozen=True)
class OrderingRule:
    """``left relation right`` should hold. Each side is ``claim_id[.field]`` terms joined by ``+``, or a number.

    ``field`` is ``value`` (default), ``lower`` or ``upper``; ``kind`` is
    ``"must_hold"`` (default) or ``"expectation"``.
    """

    check_id: str
    left: str
    relation: str
    right: str
    reason: str
    kind: str = "must_hold"


class OrderingRulesError(DataFileError):
    """``data/ordering_rules.csv`` broke a rule; ``problems`` names file, line, column and rule."""

    subject = "the ordering rules"


def _is_number(term: str) -> bool:
    try:
        float(term)
    except ValueError:
        return False
    return True


def _side_problems(where: str, column: str, expression: str, known: set[str]) -> list[str]:
    problems = []
    for term in (part.strip() for part in expression.split("+")):
        if _is_number(term):
            continue
        match = _TERM_RE.match(term)
        if not match:
            problems.append(f"{where}, column '{column}': cannot read term {term!r} "
                            "(use claim_id, claim_id.lower, claim_id.upper or a number, joined by '+')")
        elif (rule := evidence.claim_id_problem(match["id"], known)) is not None:
            problems.append(f"{where}, column '{column}': {match['id']!r} {rule}")
    return problems


def load_ordering_rules(path: str | Path | None = None, *, claim_ids: set[str] | None = None) -> list[OrderingRule]:
    """Read and validate the ordering rules (default ``data/ordering_rules.csv``).

    The ``ordering_rules`` resource of ``data/datapackage.json`` declares the
    columns (``check_id`` snake_case and unique; ``kind`` one of
    :data:`KINDS`; ``relation`` one of ``<``, ``<=``, ``==``, ``>=``, ``>``;
    ``reason`` not empty). Here: ``left`` and ``right`` are readable terms
    whose claim ids exist (in ``claim_ids``, by default the ledger's).
    Returns the rules in file order; raises :class:`OrderingRulesError`
    naming file, line, column and rule.
    """
    name, rows, problems = check_resource("ordering_rules", path, error=OrderingRulesError)
    known = evidence.claim_ids() if claim_ids is None else set(claim_ids)
    rules = []
    for line, cells in rows:
        for column in ("left", "right"):
            problems += _side_problems(f"{name}, line {line}", column, cells[column], known)
        rules.append(OrderingRule(cells["check_id"], cells["left"], cells["relation"], cells["right"], cells["reason"], cells["kind"]))
    if problems:
        raise OrderingRulesError(problems)
    return rules


def _side_value(expression: str, table: pd.DataFrame) -> float:
    total = 0.0
    for term in expression.split("+"):
        term = term.strip()
        if _is_number(term):
            total += float(term)
            continue
        match = _TERM_RE.match(term)
        if not match:
            raise ValueError(f"rules: cannot read term {term!r} (use claim_id, claim_id.lower, claim_id.upper or a number)")
        if match["id"] not in table.index:
            raise ValueError(f"rules: claim_id {match['id']!r} is not in the ledger")
        row = table.loc[match["id"]]
        field = match["field"]
        if field is None:
            present = [f for f in ("value", "lower", "upper") if pd.notna(row[f])]
            if pd.notna(row["value"]):
                field = "value"
            elif len(present) == 1:
                field = present[0]
            else:
                raise ValueError(f"rules: {match['id']!r} is a range; name the end (.lower or .upper)")
        if pd.isna(row[field]):
            raise ValueError(f"rules: {match['id']!r} has no {field}")
        total += float(row[field])
    return total


def ordering_checks(claims_frame: pd.DataFrame | None = None, rules: list[OrderingRule] | None = None) -> pd.DataFrame:
    """Evaluate orderings and sums (default: :func:`load_ordering_rules`) on the ledger.

    Returns ``check_id``, ``kind``, ``left``, ``left_value``, ``relation``,
    ``right``, ``right_value``, ``holds`` (bool) and ``reason``; values are
    in the rows' own units. Rules naming a claim_id the ledger lacks raise
    ``ValueError`` (argument ``rules``).
    """
    frame = evidence.claims() if claims_frame is None else claims_frame
    rules = load_ordering_rules() if rules is None else rules
    table = frame.set_index("claim_id")
    rows = []
    for rule in rules:
        if rule.relation not in RELATIONS:
            raise ValueError(f"rules: relation must be one of {sorted(RELATIONS)}, got {rule.relation!r} in {rule.check_id}")
        left, right = _side_value(rule.left, table), _side_value(rule.right, table)
        rows.append({
            "check_id": rule.check_id, "kind": rule.kind, "left": rule.left, "left_value": left, "relation": rule.relation,
            "right": rule.right, "right_value": right, "holds": bool(RELATIONS[rule.relation](left, right)),
            "reason": rule.reason,
        })
    columns = ["check_id", "kind", "left", "left_value", "relation", "right", "right_value", "holds", "reason"]
    return pd.DataFrame(rows, columns=columns)
