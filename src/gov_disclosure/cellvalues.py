"""Cell text ⇄ cell value: the one place where a table cell's string becomes typed.

:func:`format_cell` writes the canonical spelling of a value; :func:`read_cell` reads
any spelling we accept (full-width digits, thousands separators, units, notes, signed
changes, not-applicable marks) and always reads :func:`format_cell`'s output back to
the same value.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import regex

from gov_disclosure.model import (
    BLANK,
    NOT_APPLICABLE_MARKS,
    CellValue,
    Count,
    Money,
    NotApplicable,
    Text,
)
from gov_disclosure.template import MoneyUnit, ValueKind

__all__ = ["format_cell", "read_cell"]

_NUMBER = regex.compile(
    r"""
    ^(?P<sign>[+-]|减|增)?\s*           # sign: ASCII or 增/减 (本年增/减)
    (?P<digits>\d{1,3}(?:,\d{3})+|\d+)  # integer part, optionally with thousands separators
    (?P<fraction>\.\d+)?                # decimal part
    \s*(?P<rest>.*)$                    # unit and/or note
    """,
    regex.VERBOSE | regex.DOTALL,
)
_UNIT = regex.compile(
    r"""
    ^[(（]?\s*(?P<unit>万元|元)\s*[)）]?   # 3967万元, 25987（元）
    (?P<rest>.*)$
    """,
    regex.VERBOSE | regex.DOTALL,
)
_NOTE_FORBIDDEN_START = tuple("0123456789+-.,")


def _normalise(text: str) -> str:
    """NFKC (full-width digits, brackets, signs) and trimmed; CJK brackets restored."""
    return unicodedata.normalize("NFKC", text).strip()


def format_cell(value: CellValue) -> str:
    """The canonical spelling of a cell value (``""`` for blank).

    >>> from decimal import Decimal
    >>> format_cell(Money(Decimal("3020.782"), MoneyUnit.WAN_YUAN))
    '3020.782万元'
    """
    if isinstance(value, Count):
        return f"{value.value}{value.note}"
    if isinstance(value, Money):
        return f"{value.amount:f}{value.unit.value}{value.note}"
    if isinstance(value, NotApplicable):
        return value.mark
    if isinstance(value, Text):
        return _TEXT_ESCAPE + value.raw if _reads_as_other(value.raw) else value.raw
    return ""


#: Prefix of a text cell whose text alone would read as a number or mark (``Text("无")``).
_TEXT_ESCAPE = "\\"


def _reads_as_other(raw: str) -> bool:
    """Whether ``raw`` would not read back as text under some column kind."""
    return raw.startswith(_TEXT_ESCAPE) or any(
        not isinstance(read_cell(raw, kind), Text) for kind in (ValueKind.COUNT, ValueKind.CHANGE, ValueKind.MONEY)
    )


@lru_cache(maxsize=8192)
def read_cell(text: str, kind: ValueKind, *, unit: MoneyUnit | None = None) -> CellValue:
    """Read a cell's text as a value of the column's ``kind``.

    ``unit`` is the unit stated in the column header or fixed by the template; a unit in
    the cell itself takes precedence. Text that is not a number is kept as :class:`Text`.

    >>> read_cell("22（其中修订16件）", ValueKind.COUNT)
    Count(value=22, note='（其中修订16件）')
    >>> read_cell("减4", ValueKind.CHANGE)
    Count(value=-4, note='')
    >>> read_cell("/", ValueKind.COUNT)
    NotApplicable(mark='/')
    >>> read_cell(format_cell(Text("无")), ValueKind.COUNT)
    Text(raw='无')
    """
    raw = text.strip()
    if not raw:
        return BLANK
    if raw.startswith(_TEXT_ESCAPE) and len(raw) > 1:
        return Text(raw[1:])
    if raw in NOT_APPLICABLE_MARKS:
        return NotApplicable(raw)
    normal = _normalise(raw)
    match = _NUMBER.match(normal)
    if match is None:
        return Text(raw)
    sign = -1 if match["sign"] in ("-", "减") else 1
    digits = match["digits"].replace(",", "")
    rest = match["rest"].strip()
    if kind is ValueKind.MONEY:
        cell_unit = unit or MoneyUnit.UNKNOWN
        unit_match = _UNIT.match(rest)
        if unit_match is not None:
            cell_unit = MoneyUnit(unit_match["unit"])
            rest = unit_match["rest"].strip()
        if rest.startswith(_NOTE_FORBIDDEN_START):
            return Text(raw)
        try:
            amount = Decimal(digits + (match["fraction"] or "")) * sign
        except InvalidOperation:  # pragma: no cover - the pattern admits only digits
            return Text(raw)
        return Money(amount, cell_unit, _original_note(raw, rest))
    if match["fraction"] or rest.startswith(_NOTE_FORBIDDEN_START) or rest.startswith(("元", "万元")):
        return Text(raw)
    if sign < 0 and kind is not ValueKind.CHANGE:
        return Text(raw)
    return Count(sign * int(digits), _original_note(raw, rest))


def _original_note(raw: str, normal_rest: str) -> str:
    """The note as written in the source (before NFKC), so notes round-trip unchanged."""
    if not normal_rest:
        return ""
    # NFKC never changes the number of grapheme-free characters we care about for
    # notes in practice, but it can; take the same-length tail of the raw text when
    # it normalises to the same note, else the normalised note.
    tail = raw[len(raw) - len(normal_rest) :]
    return tail if _normalise(tail) == normal_rest else normal_rest
