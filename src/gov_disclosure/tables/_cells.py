"""What a region reader collects, and the cell-level steps every table reader shares.

Values fit a row only when their count (or their separated positions) matches the
row's columns; otherwise the cells stay blank and a warning names them. Nothing here
guesses a number.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from attrs import define, field

from gov_disclosure.cellvalues import read_cell
from gov_disclosure.diagnostics import Diagnostic, Severity, SourceSpan
from gov_disclosure.model import BLANK, CellValue, Unplaced
from gov_disclosure.tables._labels import (
    column_words,
)
from gov_disclosure.tables._lines import Cell, Line, Separator, norm
from gov_disclosure.template import (
    ColumnSpec,
    Edition,
    MoneyUnit,
    TableKey,
    TableSpec,
    cell_key,
    edition_spec,
)

__all__ = [
    "Cells",
    "RawRun",
    "ShortRow",
    "clean_row",
    "has_digit",
    "is_header",
    "is_run",
    "keys_of",
    "labels_of",
    "misfit",
    "note_positional_blanks",
    "span_of",
    "store",
    "table_values",
    "without_subtotal",
]


@define
class RawRun:
    """A row whose digits ran together: the solver's input, before it is built."""

    row: str
    columns: tuple[str, ...]
    cell: Cell
    line: int


@define
class ShortRow:
    """A row with fewer values than columns and no positions: placed from loose values, or blank."""

    row: str
    columns: tuple[str, ...]
    line: Line


@define
class Cells:
    """What a region reader found: values and spans by cell key, diagnostics, claims."""

    key: TableKey
    edition: Edition | None = None
    values: dict[str, CellValue] = field(factory=dict)
    spans: dict[str, SourceSpan] = field(factory=dict)
    diagnostics: list[Diagnostic] = field(factory=list)
    consumed: set[int] = field(factory=set)
    unplaced: list[Unplaced] = field(factory=list)
    runs: list[RawRun] = field(factory=list)
    loose: list[Line] = field(factory=list)  # value lines that fit no row (settled after arithmetic)
    loose_notes: dict[int, tuple[str, tuple[int, ...]]] = field(factory=dict)  # loose line → note, its lines
    short: list[ShortRow] = field(factory=list)  # rows missing cells (placed or warned after arithmetic)
    layout: Edition | None = None  # requests: which （六） layout the source printed
    rows_seen: int = 0
    saw_header: bool = False

    def note(
        self, code: str, severity: Severity, message: str, line: Line | None, *, cells: Sequence[str] = ()
    ) -> None:
        """Record a diagnostic at a line."""
        span = SourceSpan(line.index + 1, 1) if line is not None else None
        self.diagnostics.append(Diagnostic(code, severity, message, span, tuple(cells), self.key.value))


def skip_furniture(out: Cells, line: Line, table: str) -> bool:
    """Whether a line inside a table region carries no row: escaped, blank, a rule or a page number.

    Rules and page numbers are consumed (a page number with an info diagnostic), so they
    never reach the narrative; ``table`` is the Chinese name used in the message (``三``).
    """
    if line.escaped or line.is_blank:
        return True
    if line.is_rule:
        out.consumed.add(line.index)
        return True
    if line.is_page_number:
        out.consumed.add(line.index)
        out.note(
            "page-number-dropped", Severity.INFO, f"dropped page number {line.raw.strip()!r} inside table {table}", line
        )
        return True
    return False


def keep_unknown_row(out: Cells, line: Line) -> None:
    """A labelled row the template does not have: warn, and keep its text as unplaced (never dropped)."""
    out.note(
        "row-unknown",
        Severity.WARNING,
        f"a row labelled {line.label!r} is not in the template; its numbers are kept as unplaced text",
        line,
    )
    out.unplaced.append(Unplaced(line.raw.strip(), line.index + 1))
    out.consumed.add(line.index)


def span_of(line: Line, cell: Cell) -> SourceSpan:
    number = (cell.line if cell.line is not None else line.index) + 1
    return SourceSpan(number, cell.column + 1, number, cell.column + 1 + len(cell.text))


def store(
    out: Cells,
    spec: TableSpec,
    row: str,
    columns: Sequence[ColumnSpec],
    *,
    cells: Sequence[Cell | None],
    line: Line,
    unit: MoneyUnit | None = None,
) -> None:
    """Read each cell with the column's kind and record its value and span."""
    for column, cell in zip(columns, cells):
        key = str(cell_key(spec.key, row, column.key))
        if cell is None:
            out.values[key] = BLANK
            continue
        value = read_cell(cell.text, column.kind, unit=column.unit or unit)
        out.values[key] = value
        out.spans[key] = span_of(line, cell)
        if cell.line is not None:
            out.consumed.add(cell.line)
    out.consumed.add(line.index)
    out.rows_seen += 1


def keys_of(spec: TableSpec, row: str, columns: Sequence[ColumnSpec]) -> list[str]:
    return [str(cell_key(spec.key, row, c.key)) for c in columns]


@cache
def labels_of(spec: TableSpec, row: str) -> tuple[str, ...]:
    labels = [norm(label) for label in spec.row(row).labels]
    group = spec.row(row).group
    if spec.key is TableKey.REVIEWS and group:
        labels += [norm(f"{group}（{label}）") for label in spec.row(row).labels]
    return tuple(labels)


def without_subtotal(line: Line, width: int) -> list[Cell | None] | None:
    """Eight values where a provincial form adds a subtotal after 自然人: drop it if the sums say so.

    The subtotal must equal the five 法人或其他组织 columns and 总计 must equal 自然人 plus
    the subtotal; otherwise the row is not read this way.
    """
    values = line.values
    if len(values) != width + 1 or not all(c.text.isdigit() for c in values):
        return None
    numbers = [int(c.text) for c in values]
    if numbers[1] != sum(numbers[2:-1]) or numbers[-1] != numbers[0] + numbers[1]:
        return None
    return [values[0], *values[2:]]


def has_digit(line: Line) -> bool:
    """Whether any value cell of the line holds a digit (not only marks like - or /)."""
    return any(ch.isdigit() for cell in line.values for ch in cell.text)


def is_header(line: Line, key: TableKey) -> bool:
    """A header line: it names at least one column of the table."""
    return any(word in line.text for word in column_words(key))


def is_run(line: Line, width: int) -> bool:
    """A single digit run long enough to hold ``width`` cells (at least one digit each)."""
    values = line.values
    return len(values) == 1 and values[0].text.isdigit() and len(values[0].text) >= width > 1


def clean_row(spec: TableSpec, line: Line, width: int) -> tuple[str, list[Cell | None]] | None:
    """A canonical pipe row: its first cell is exactly a row label and it has every column."""
    if line.separator is not Separator.PIPE or len(line.cells) != width + 1:
        return None
    first = norm(line.cells[0].text)
    for row in spec.rows:
        if first in labels_of(spec, row.key):
            return row.key, [c if c.text else None for c in line.cells[1:]]
    return None


def misfit(out: Cells, spec: TableSpec, row: str, columns: Sequence[ColumnSpec], line: Line) -> None:
    """Values that do not fit the row: a digit run for the solver, or blank cells and a warning."""
    values = line.values
    if len(columns) > 1 and is_run(line, len(columns)) and not _unchecked_digit_per_cell(spec, row, values[0].text):
        out.runs.append(RawRun(row, tuple(c.key for c in columns), values[0], line.index))
        out.consumed.add(line.index)
        return
    keys = keys_of(spec, row, columns)
    out.note(
        "cells-unplaceable",
        Severity.WARNING,
        f"row {row}: {len(values)} values for {len(columns)} columns and no cell positions to place them; "
        f"the cells are left blank, check the source row",
        line,
        cells=keys,
    )
    out.unplaced.append(Unplaced(line.raw.strip(), line.index + 1))
    out.consumed.add(line.index)


def _unchecked_digit_per_cell(spec: TableSpec, row: str, text: str) -> bool:
    """One digit per cell, no rule reading the row, and the text a valid number: ``１０`` for two cells.

    It splits only one way (1 | 0), but it may as well be one number with a blank cell,
    and nothing would check the split; such a row is left blank with a warning.
    """
    if len(text) != len(spec.columns_of(spec.row(row))) or text.startswith("0"):
        return False
    return not any(
        cell.section is spec.key and cell.row == row
        for rule in edition_spec(spec.edition).rules
        for cell in (*rule.left, *rule.right)
    )


def note_positional_blanks(
    out: Cells, spec: TableSpec, row: str, columns: Sequence[ColumnSpec], *, cells: Sequence[Cell | None], line: Line
) -> None:
    blanks = [k for k, c in zip(keys_of(spec, row, columns), cells) if c is None]
    if blanks and line.values:
        out.note(
            "cell-assumed-blank",
            Severity.INFO,
            f"row {row}: empty cell positions read as blank (not zero): {', '.join(blanks)}",
            line,
            cells=blanks,
        )


def table_values(spec: TableSpec, values: dict[str, CellValue]) -> tuple[CellValue, ...]:
    """The table's values in template order (blank where nothing was read)."""
    return tuple(values.get(str(key), BLANK) for key in spec.cell_keys)
