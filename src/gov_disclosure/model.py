"""The typed model of an annual report: frozen attrs classes only, no I/O, no parsing.

A report is :class:`AnnualReport`: metadata, sections (narrative blocks, and for
sections 二, 三, 四 a :class:`Table`), and whatever the reader could not place.
Change a model with :func:`attrs.evolve`; every container is a tuple.

Cell values say exactly what the source said: a number (:class:`Count`,
:class:`Money`), nothing (:class:`Blank`), a not-applicable mark
(:class:`NotApplicable`) or text that is not a number (:class:`Text`). Blank is never
zero.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Union

import attrs
from attrs import field, frozen

from gov_disclosure.template import (
    CellKey,
    Edition,
    MoneyUnit,
    SectionKind,
    TableKey,
    TableSpec,
    ValueKind,
    table_spec,
)

__all__ = [
    "NOT_APPLICABLE_MARKS",
    "AnnualReport",
    "Blank",
    "Block",
    "CellValue",
    "Count",
    "Heading",
    "Metadata",
    "Money",
    "NotApplicable",
    "Paragraph",
    "Section",
    "Table",
    "Text",
    "Unplaced",
]

#: Marks that say "not applicable / nothing to report", kept as written.
NOT_APPLICABLE_MARKS = ("/", "／", "-", "－", "—", "——", "–", "无")


def _check_single_line(_instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if "\n" in value or "\r" in value:
        raise ValueError(f"{attribute.name} must be a single line, got {value!r}")
    if value != value.strip():
        raise ValueError(f"{attribute.name} must not have surrounding whitespace, got {value!r}")


def _check_note(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    _check_single_line(instance, attribute, value)
    if value and (value[0] in "0123456789+-.,，．" or value.startswith(("元", "万元"))):
        raise ValueError(f"{attribute.name} must not start with a digit, sign or unit, got {value!r}")


def _check_nonempty_line(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    _check_single_line(instance, attribute, value)
    if not value:
        raise ValueError(f"{attribute.name} must not be empty")


def _check_finite(_instance: object, attribute: attrs.Attribute[Decimal], value: Decimal) -> None:
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ValueError(f"{attribute.name} must be a finite Decimal, got {value!r}")


# --------------------------------------------------------------------------------------
# Cell values
# --------------------------------------------------------------------------------------


@frozen
class Count:
    """An integer count. Negative only in gb2019's 本年增/减 (a signed change).

    ``note`` keeps text written in the cell after the number, e.g. ``（其中修订16件）``.
    """

    value: int
    note: str = field(default="", validator=_check_note)


@frozen
class Money:
    """An amount of money with the unit the report states (or :attr:`MoneyUnit.UNKNOWN`)."""

    amount: Decimal = field(validator=_check_finite)
    unit: MoneyUnit = MoneyUnit.UNKNOWN
    note: str = field(default="", validator=_check_note)


@frozen
class Blank:
    """The report left the cell empty: not reported. Never the same as zero."""


@frozen
class NotApplicable:
    """The cell holds a not-applicable mark (``/``, ``-``, ``—``, ``无``), kept as written."""

    mark: str = field(validator=_check_nonempty_line)


@frozen
class Text:
    """The cell holds text that is not a number; kept raw so nothing is lost."""

    raw: str = field(validator=_check_nonempty_line)


CellValue = Union[Count, Money, Blank, NotApplicable, Text]

BLANK = Blank()


def _is_value_allowed(kind: ValueKind, value: CellValue) -> bool:
    if isinstance(value, Count):
        return kind is ValueKind.CHANGE or (kind is ValueKind.COUNT and value.value >= 0)
    if isinstance(value, Money):
        return kind is ValueKind.MONEY
    return True  # Blank, NotApplicable and Text fit any cell


@frozen
class Table:
    """One template table: a value for every cell of its edition, in template order.

    Address cells by key: ``table["granted", "total"]`` or ``table["requests.granted.total"]``.
    """

    key: TableKey
    edition: Edition
    values: tuple[CellValue, ...]

    def __attrs_post_init__(self) -> None:
        values = self.values
        spec = self.spec
        if len(values) != len(spec.cell_keys):
            raise ValueError(
                f"{self.key.value} ({self.edition.value}) needs {len(spec.cell_keys)} values, got {len(values)}"
            )
        for (key, column), value in zip(spec.cells(), values):
            if not _is_value_allowed(column.kind, value):
                raise ValueError(f"{key} ({column.kind.value}) cannot hold {value!r}")

    @property
    def spec(self) -> TableSpec:
        """The template table this one follows."""
        return table_spec(self.edition, self.key)

    @classmethod
    def blank(cls, key: TableKey, edition: Edition) -> Table:
        """A table of the edition with every cell blank."""
        return cls(key=key, edition=edition, values=(BLANK,) * len(table_spec(edition, key).cell_keys))

    def _index(self, key: CellKey | str | tuple[str, str]) -> int:
        if isinstance(key, tuple):
            key = CellKey(self.key, key[0], key[1])
        return self.spec.index(key)

    def __getitem__(self, key: CellKey | str | tuple[str, str]) -> CellValue:
        return self.values[self._index(key)]

    def replace(self, key: CellKey | str | tuple[str, str], value: CellValue) -> Table:
        """A copy of the table with one cell changed."""
        index = self._index(key)
        return attrs.evolve(self, values=(*self.values[:index], value, *self.values[index + 1 :]))

    def cells(self) -> Iterator[tuple[CellKey, CellValue]]:
        """Each cell key with its value, in template order."""
        return zip(self.spec.cell_keys, self.values)


# --------------------------------------------------------------------------------------
# Narrative
# --------------------------------------------------------------------------------------


@frozen
class Paragraph:
    """One paragraph of narrative text, as a single line."""

    text: str = field(validator=_check_nonempty_line)


@frozen
class Heading:
    """A sub-heading inside a section, such as ``（一）主动公开情况``."""

    text: str = field(validator=_check_nonempty_line)


Block = Union[Heading, Paragraph]


@frozen
class Section:
    """A section: for gb editions one of the six (``kind`` set, official ``title``).

    Legacy reports have free-form sections: ``kind`` is ``None`` and ``title`` is the
    heading as written. ``table`` is set for sections 二, 三, 四 when the report has it.
    """

    title: str = field(validator=_check_nonempty_line)
    kind: SectionKind | None = None
    blocks: tuple[Block, ...] = ()
    table: Table | None = None


@frozen
class Unplaced:
    """Content the reader could not place, kept with the line it started on."""

    text: str
    line: int | None = None


@frozen
class Metadata:
    """Who published the report, for which year, in which edition, and its front matter."""

    edition: Edition
    agency: str | None = None
    year: int | None = None
    title: str | None = None
    published: dt.date | None = None
    preamble: tuple[Paragraph, ...] = ()


@frozen
class AnnualReport:
    """A whole report. Build it with a reader, change it with :func:`attrs.evolve`."""

    metadata: Metadata
    sections: tuple[Section, ...] = ()
    unplaced: tuple[Unplaced, ...] = ()

    def __attrs_post_init__(self) -> None:
        for section in self.sections:
            table = section.table
            if table is not None and table.edition is not self.metadata.edition:
                raise ValueError(
                    f"the {table.key.value} table is {table.edition.value} but the report is "
                    f"{self.metadata.edition.value}: a reader maps mixed tables onto one edition"
                )

    @property
    def edition(self) -> Edition:
        """The report's edition (from its tables; see :mod:`gov_disclosure.template`)."""
        return self.metadata.edition

    @property
    def agency(self) -> str | None:
        """The issuing body."""
        return self.metadata.agency

    @property
    def year(self) -> int | None:
        """The report year."""
        return self.metadata.year

    def section(self, kind: SectionKind) -> Section | None:
        """The first section of a kind, or ``None``."""
        return next((s for s in self.sections if s.kind is kind), None)

    def table(self, key: TableKey) -> Table | None:
        """The table for a section key, or ``None`` when the report has none."""
        return next((s.table for s in self.sections if s.table is not None and s.table.key is key), None)

    @property
    def tables(self) -> tuple[Table, ...]:
        """The report's tables in template order."""
        return tuple(t for key in TableKey if (t := self.table(key)) is not None)

    def cell(self, key: CellKey | str) -> CellValue:
        """The value of one cell; ``KeyError`` when the report has no such table or cell."""
        cell_key = key if isinstance(key, CellKey) else CellKey.parse(key)
        table = self.table(cell_key.section)
        if table is None:
            raise KeyError(f"the report has no {cell_key.section.value} table")
        return table[cell_key]

    def _repr_html_(self) -> str:
        """Notebook display: the report as an HTML fragment with the official table layout."""
        from gov_disclosure.html_writer import to_html  # noqa: PLC0415 - the writer imports the model

        return to_html(self, standalone=False)
