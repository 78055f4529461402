"""Every template cell of a report as a flat record, and the CSV export of ``spec/cells.md``.

One record per template cell of the report's edition, in template order, blank cells
included, so every report of one edition exports the same number of rows. A legacy
report has no template cells and exports none.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import TextIO

from attrs import frozen

from gov_disclosure.diagnostics import SourceMap
from gov_disclosure.model import AnnualReport, Blank, CellValue, Count, Money, Table
from gov_disclosure.template import ColumnSpec, TableKey, ValueKind, table_spec

__all__ = ["CSV_COLUMNS", "CellRecord", "cell_value_text", "iter_cells", "write_cells_csv"]

#: The CSV header of the export (``line`` and ``col`` only with locations).
CSV_COLUMNS = ("source", "section", "row", "column", "value", "unit")
_LOCATION_COLUMNS = ("line", "col")


@frozen
class CellRecord:
    """One template cell: its key parts, value text, unit and where its text started."""

    section: str
    row: str
    column: str
    value: str
    unit: str
    line: int | None = None
    col: int | None = None

    @property
    def key(self) -> str:
        """The cell key ``section.row.column``."""
        return f"{self.section}.{self.row}.{self.column}"


def cell_value_text(value: CellValue) -> str:
    """The export's ``value`` text: the number only; empty when not a number.

    >>> from decimal import Decimal
    >>> cell_value_text(Money(Decimal("3020.782")))
    '3020.782'
    >>> cell_value_text(Count(-4))
    '-4'
    """
    if isinstance(value, Count):
        return str(value.value)
    if isinstance(value, Money):
        return f"{value.amount:f}"
    return ""


def _unit(value: CellValue, column: ColumnSpec) -> str:
    if column.kind is not ValueKind.MONEY:
        return ""
    if isinstance(value, Money) and value.unit.value:
        return value.unit.value
    return column.unit.value if column.unit is not None else ""


def iter_cells(report: AnnualReport, source_map: SourceMap | None = None) -> Iterator[CellRecord]:
    """Yield one record per template cell of the report's edition, in template order.

    A table the report lacks yields blank records; ``source_map`` adds line and column.
    """
    spans = source_map.as_dict() if source_map is not None else {}
    edition = report.edition
    for key in TableKey:
        try:
            spec = table_spec(edition, key)
        except KeyError:
            return  # legacy: no template cells
        table = report.table(key) or Table.blank(key, edition)
        for (cell_key, column), value in zip(spec.cells(), table.values):
            span = None if isinstance(value, Blank) else spans.get(str(cell_key))
            yield CellRecord(
                section=key.value,
                row=cell_key.row,
                column=cell_key.column,
                value=cell_value_text(value),
                unit=_unit(value, column),
                line=span.line if span is not None else None,
                col=span.column if span is not None else None,
            )


def write_cells_csv(
    records: Iterable[CellRecord], stream: TextIO, source: str, *, locations: bool = False, header: bool = True
) -> None:
    """Write records as the CSV of ``spec/cells.md`` (UTF-8 text stream, LF line ends)."""
    writer = csv.writer(stream, lineterminator="\n")
    if header:
        writer.writerow(CSV_COLUMNS + (_LOCATION_COLUMNS if locations else ()))
    for record in records:
        row: list[object] = [source, record.section, record.row, record.column, record.value, record.unit]
        if locations:
            row += ["" if record.line is None else record.line, "" if record.col is None else record.col]
        writer.writerow(row)
