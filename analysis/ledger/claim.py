"""One row of the evidence ledger, and every way the book writes its number.

:class:`Claim` is what :func:`analysis.ledger.evidence.claim` returns. A chapter never
formats a ledger value itself: it asks the claim for one of its forms, so a
number has one formatting path from ``data/claims.csv`` to the page:

====================  ==========================================  ================
form                  what it is                                  example
====================  ==========================================  ================
``text``              the value as the source wrote it, with      ``94.7%``, ``< 0.001``,
                      qualifier and unit                          ``0.1–1 Gy``
``value_text``        the value exactly as printed                ``40.0``
``number``            the value (or the single bound) as a        ``39``, ``1.5``
                      plain number
``grouped``           a whole number with thousands separators    ``2,027``
``lower``, ``upper``  one end of the stated range or interval     ``5``
``bounds``            both ends, as plain numbers                 ``5–8``
``interval``          both ends with the value's decimals         ``0.42–0.65``
``with_interval``     value and its 95% CI                        ``0.52 (95% CI 0.42–0.65)``
``with_bare_interval``  value and its interval, unlabelled        ``0.52 (0.42–0.65)``
``ref``, ``n``        the review's reference number, the stated   ``68``, ``66``
                      denominator
====================  ==========================================  ================

:data:`FORMS` maps these names to the claim's properties (``analysis.book``
glues through it).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from ..checks import printed_decimals

__all__ = ["Claim", "FORMS"]

_PREFIX = {"<": "< ", "<=": "≤ ", ">": "> ", ">=": "≥ ", "~": "~"}


def _plain(number: float) -> str:
    """A number without trailing zeros: ``39``, ``1.5``, ``0.001`` (whole numbers never in exponent form)."""
    return str(int(number)) if float(number).is_integer() else f"{number:g}"


def _missing(value) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


@dataclass(frozen=True)
class Claim:
    """One row of the ledger, ready for glue and captions (numbers in the row's ``unit``)."""

    claim_id: str
    quantity: str
    value: float | None
    lower: float | None
    upper: float | None
    qualifier: str
    unit: str
    n: int | None
    ref: int | None
    key: str | None
    doi: str | None
    section: str
    source: str
    setting: str
    group: str
    value_text: str
    note: str

    @classmethod
    def from_row(cls, row) -> "Claim":
        """The claim of one row of :func:`analysis.ledger.evidence.claims` (a Series or a mapping).

        Empty cells become ``None`` (numbers) or ``""`` (text); a row without
        ``value_text`` gets the value written plainly.
        """
        def get(column):
            value = row.get(column) if hasattr(row, "get") else row[column]
            return None if _missing(value) else value

        def text(column):
            value = get(column)
            return "" if value is None else str(value)

        def number(column, kind=float):
            value = get(column)
            return None if value is None else kind(value)

        value = number("value")
        value_text = text("value_text") or ("" if value is None else f"{value:g}")
        return cls(
            claim_id=text("claim_id"), quantity=text("quantity"), value=value, lower=number("lower"),
            upper=number("upper"), qualifier=text("qualifier"), unit=text("unit"), n=number("n", int),
            ref=number("ref", int), key=get("key"), doi=get("doi"), section=text("section"), source=text("source"),
            setting=text("setting"), group=text("group"), value_text=value_text, note=text("note"),
        )

    @property
    def decimals(self) -> int:
        """How many decimals the source reported the value with (``"40.0"`` → 1)."""
        return printed_decimals(self.value_text)

    @property
    def text(self) -> str:
        """The value as the source wrote it, with its unit: ``"94.7%"``, ``"< 0.001"``, ``"8 Gy"``."""
        if self.value is None:
            body = self.bounds if self.lower is not None and self.upper is not None else f"{self._single:g}"
        else:
            body = self.value_text
        prefix = _PREFIX.get(self.qualifier, "")
        if self.unit == "%":
            return f"{prefix}{body}%"
        return f"{prefix}{body} {self.unit}".strip()

    @property
    def _single(self) -> float:
        return self.value if self.value is not None else (self.lower if self.lower is not None else self.upper)

    @property
    def number(self) -> str:
        """The value, or its single stated bound, as a plain number without unit: ``"39"``, ``"1.5"``."""
        return _plain(self._single)

    @property
    def grouped(self) -> str:
        """A whole-number value with thousands separators: ``"2,027"``."""
        if self.value is None or not float(self.value).is_integer():
            raise ValueError(f"claim {self.claim_id!r} has no whole-number value to write with separators")
        return f"{self.value:,.0f}"

    @property
    def lower_text(self) -> str:
        """The lower end of the stated range or interval, plainly: ``"5"``."""
        return _plain(self._bound("lower"))

    @property
    def upper_text(self) -> str:
        """The upper end of the stated range or interval, plainly: ``"500"`` (of "< 500 cells/uL")."""
        return _plain(self._bound("upper"))

    def _bound(self, end: str) -> float:
        value = getattr(self, end)
        if value is None:
            raise ValueError(f"claim {self.claim_id!r} has no {end} bound")
        return value

    @property
    def bounds(self) -> str:
        """Both ends of the stated range, plainly: ``"5–8"``, ``"0.1–1"``."""
        return f"{self._bound('lower'):g}–{self._bound('upper'):g}"

    @property
    def interval(self) -> str:
        """Both ends of the stated interval with the value's reported decimals: ``"0.42–0.65"``, ``"1.90–2.40"``."""
        places = self.decimals
        return f"{self._bound('lower'):.{places}f}–{self._bound('upper'):.{places}f}"

    def with_interval(self, label: str = "95% CI") -> str:
        """The value as printed with its stated interval, e.g. ``"0.52 (95% CI 0.42–0.65)"``.

        The bounds take the value's reported decimals; ``label`` names the
        interval (pass ``""`` for none). Raises ``ValueError`` if the claim has
        no value or no two-sided interval.
        """
        if self.value is None or self.lower is None or self.upper is None:
            raise ValueError(f"claim {self.claim_id!r} has no value with a two-sided interval")
        prefix = f"{label} " if label else ""
        return f"{self.value_text} ({prefix}{self.interval})"

    @property
    def cite(self) -> str:
        """A MyST citation role for the claim's reference, e.g. ``{cite}`tanaka2023```."""
        if not self.key:
            raise ValueError(f"claim {self.claim_id!r} has no reference to cite")
        return f"{{cite}}`{self.key}`"

    @property
    def ref_label(self) -> str:
        """Short reference label for captions, e.g. ``"review ref. 68"``."""
        return f"review ref. {self.ref}" if self.ref is not None else f"doi:{self.doi}"

    def summary(self) -> str:
        """One line for tables: quantity (group): value (interval) and a ``{cite:p}`` role.

        The group is left out when the quantity already names it; the
        interval is shown when the claim has a value and both bounds.
        """
        group = self.group.strip()
        shown_group = group and group.split("(")[0].strip().lower() not in self.quantity.lower()
        what = self.quantity + (f" ({group})" if shown_group else "")
        value = self.text
        if self.value is not None and self.lower is not None and self.upper is not None:
            value += f" ({self.interval})"
        cite = f" {{cite:p}}`{self.key}`" if self.key else ""
        return f"{what}: {value}{cite}"


#: The forms a chapter may glue, by name: each a property or method of :class:`Claim`.
FORMS: dict[str, Callable[[Claim], str]] = {
    "text": lambda claim: claim.text,
    "value_text": lambda claim: claim.value_text,
    "number": lambda claim: claim.number,
    "grouped": lambda claim: claim.grouped,
    "lower": lambda claim: claim.lower_text,
    "upper": lambda claim: claim.upper_text,
    "bounds": lambda claim: claim.bounds,
    "interval": lambda claim: claim.interval,
    "with_interval": lambda claim: claim.with_interval(),
    "with_bare_interval": lambda claim: claim.with_interval(label=""),
    "ref": lambda claim: str(claim.ref),
    "n": lambda claim: str(claim.n),
}
