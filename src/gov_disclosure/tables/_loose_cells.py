"""Complete rows that lost a cell from the loose values a converter moved out of them.

A PDF converter sometimes moves one cell of a row out of the table: the row prints two
values for three columns and the missing one stands alone nearby, often with its note
(``55`` / ``（含自然失效29件）``). Which column it was is decided only by the report's
own words: the note naming a column (``失效`` → 本年废止件数) and the narrative's
figures (``_evidence``). A value is placed only when exactly one reading is consistent
and something supports it; otherwise the row stays blank with ``cells-unplaceable``.
"""

from __future__ import annotations

from collections.abc import Sequence

from attrs import frozen

from gov_disclosure.cellvalues import read_cell
from gov_disclosure.diagnostics import Diagnostic, Severity, SourceSpan
from gov_disclosure.model import Count
from gov_disclosure.tables._cells import Cells, ShortRow, misfit, store
from gov_disclosure.tables._evidence import Evidence, check_reading, columns_named, gather_evidence
from gov_disclosure.tables._lines import Cell, Line
from gov_disclosure.template import ColumnSpec, Edition, ValueKind, cell_key, table_spec

__all__ = ["place_short_rows"]


@frozen
class _Loose:
    """A loose value with its note (the note's lines are claimed with it)."""

    line: Line
    cell: Cell  # the value and its note as one cell text
    number: int
    named: frozenset[str]  # the columns its note names
    note: str = ""


@frozen
class _Option:
    cells: tuple[Cell | None, ...]
    numbers: tuple[int | None, ...]
    column: str  # where the loose value goes
    item: _Loose
    quotes: tuple[str, ...]  # narrative clauses that agree


def place_short_rows(reading: Cells, edition: Edition, raw_lines: Sequence[str], diagnostics: list[Diagnostic]) -> None:
    """Place each short row's missing cell from the loose values, or leave the row blank with a warning."""
    if not reading.short:
        return
    spec = table_spec(edition, reading.key)
    pool = _pool(reading, edition)
    pairs = _pairs(reading.short, pool)
    evidence: tuple[Evidence, ...] | None = None
    used: set[int] = set()
    for short in reading.short:
        columns = [c for c in spec.columns_of(spec.row(short.row)) if c.key in short.columns]
        candidates = [item for item in pairs.get(id(short), []) if item.line.index not in used]
        if candidates and evidence is None:
            skip = {i + 1 for i in reading.consumed} | {item.line.index + 1 for item in pool}
            evidence = gather_evidence(edition, reading.key, "\n".join(raw_lines), skip_lines=skip)
        option = _decide(reading, short, columns, candidates, evidence or ())
        if option is None:
            misfit(reading, spec, short.row, columns, short.line)
            continue
        used.add(option.item.line.index)
        store(reading, spec, short.row, columns, cells=list(option.cells), line=short.line)
        key = str(cell_key(reading.key, short.row, option.column))
        item = option.item
        why = []
        if option.column in item.named:
            why.append(f"its note {item.note!r} names the column")
        if option.quotes:
            why.append("the narrative agrees: " + "; ".join(repr(q) for q in option.quotes))
        diagnostics.append(
            Diagnostic(
                "value-from-loose-line",
                Severity.WARNING,
                f"row {short.row} has {len(short.line.values)} values for {len(columns)} columns; the loose value "
                f"{item.cell.text!r} on line {item.line.index + 1} was taken as {key} ({'; '.join(why)}), "
                "the only placement consistent with the report",
                SourceSpan(short.line.index + 1, 1),
                cells=(key,),
                table=reading.key.value,
            )
        )
    reading.loose = [line for line in reading.loose if line.index not in used]


def _pool(reading: Cells, edition: Edition) -> list[_Loose]:
    """The loose single values (positive counts) with their notes, in document order."""
    out: list[_Loose] = []
    for line in reading.loose:
        if len(line.values) != 1:
            continue
        cell = line.values[0]
        note = reading.loose_notes.get(line.index, ("", ()))[0]
        text = cell.text + note
        value = read_cell(text, ValueKind.COUNT)
        if not isinstance(value, Count) or value.value < 0:
            continue
        named = columns_named(edition, reading.key, value.note)
        out.append(_Loose(line, Cell(text, cell.column, line.index), value.value, named, value.note))
    return out


def _pairs(shorts: Sequence[ShortRow], pool: Sequence[_Loose]) -> dict[int, list[_Loose]]:
    """Which loose values may complete which row.

    As many loose values as rows missing one cell each: the converter moved them out in
    order, so the i-th value belongs to the i-th row. One short row: any loose value.
    Otherwise nothing is paired.
    """
    if not pool:
        return {}
    if all(len(s.columns) - len(s.line.values) == 1 for s in shorts) and len(pool) == len(shorts):
        return {id(s): [item] for s, item in zip(shorts, pool)}
    if len(shorts) == 1:
        return {id(shorts[0]): list(pool)}
    return {}


def _decide(
    reading: Cells,
    short: ShortRow,
    columns: Sequence[ColumnSpec],
    candidates: Sequence[_Loose],
    evidence: Sequence[Evidence],
) -> _Option | None:
    """The one consistent, supported placement of a loose value in the row, or ``None``."""
    values = list(short.line.values)
    if len(values) + 1 != len(columns) or len(columns) != len(short.columns):
        return None
    known = {k: v.value for k, v in reading.values.items() if isinstance(v, Count)}
    options: list[_Option] = []
    for item in candidates:
        for position, column in enumerate(columns):
            if item.named and column.key not in item.named:
                continue  # the note names another column
            cells: list[Cell | None] = [*values[:position], item.cell, *values[position:]]
            numbers = tuple(_number(c, col) for c, col in zip(cells, columns))
            row_reading = {
                str(cell_key(reading.key, short.row, col.key)): n for col, n in zip(columns, numbers) if n is not None
            }
            verdict = check_reading(row_reading, known, evidence)
            if verdict is not None and not verdict[0]:
                continue
            quotes = verdict[1] if verdict is not None else ()
            if not quotes and column.key not in item.named:
                continue  # nothing in the report supports this placement
            options.append(_Option(tuple(cells), numbers, column.key, item, quotes))
    if len({o.numbers for o in options}) != 1 or len({o.item.line.index for o in options}) != 1:
        return None
    return next((o for o in options if o.column in o.item.named), options[0])


def _number(cell: Cell | None, column: ColumnSpec) -> int | None:
    if cell is None:
        return None
    value = read_cell(cell.text, column.kind)
    return value.value if isinstance(value, Count) else None
