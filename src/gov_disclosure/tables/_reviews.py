"""Read table 四 (复议、诉讼): one row of 15 values, or rows of 5 (labelled or in order)."""

from __future__ import annotations

from collections.abc import Sequence

from gov_disclosure.diagnostics import Severity
from gov_disclosure.tables._cells import (
    Cells,
    RawRun,
    clean_row,
    has_digit,
    is_header,
    is_run,
    keys_of,
    labels_of,
    misfit,
    note_positional_blanks,
    skip_furniture,
    store,
)
from gov_disclosure.tables._fit import fit_cells, pipe_row
from gov_disclosure.tables._labels import (
    match_rows,
)
from gov_disclosure.tables._lines import Line, merge_lines
from gov_disclosure.tables._regions import Region, is_sentence
from gov_disclosure.template import (
    Edition,
    TableKey,
    TableSpec,
    cell_key,
    table_spec,
)

__all__ = ["read_reviews"]


# --------------------------------------------------------------------------------------
# 四: reviews
# --------------------------------------------------------------------------------------


def _whole_table_run(lines: Sequence[Line], region: Region, line: Line, cells: int) -> bool:
    """The table's only value line is one digit run long enough for every cell: 四 printed as one row.

    When more value lines follow, the run is one row of several, read as that row alone.
    """
    if not is_run(line, cells):
        return False
    rest = lines[line.index + 1 : region.end]
    return not any(other.values and has_digit(other) and not is_sentence(other) for other in rest)


def _has_label_text(line: Line) -> bool:
    """The line's label has a letter (not only marks or numbering)."""
    return any(char.isalpha() for char in line.label)


def _note_late_row(out: Cells, spec: TableSpec, line: Line) -> None:
    """A labelled row with numbers after all three rows were read: the table was misread somewhere."""
    if line.escaped or not line.values or not has_digit(line) or is_sentence(line):
        return
    clean = clean_row(spec, line, len(spec.columns))
    hits = {h.row for h in match_rows(line.label, TableKey.REVIEWS, fuzzy=False)}
    row = clean[0] if clean is not None else next(iter(hits)) if len(hits) == 1 else None
    if row is None and not _has_label_text(line):
        return
    out.note(
        "row-duplicate",
        Severity.WARNING,
        f"row {row or line.label} appears after all three rows were read; the first reading is kept, "
        "check the table against the source",
        line,
        cells=keys_of(spec, row, spec.columns) if row is not None else (),
    )


def read_reviews(lines: Sequence[Line], region: Region, edition: Edition) -> Cells:
    """Read table 四: one row of 15 values, or three rows of 5 (labelled or in order)."""
    out = Cells(TableKey.REVIEWS, edition=edition)
    spec = table_spec(edition, TableKey.REVIEWS)
    rows = [r.key for r in spec.rows]
    columns = spec.columns
    width = len(columns)
    pointer = 0
    pending: str | None = None
    cells_per_line: list[Line] = []

    def place(line: Line, own: str | None) -> None:
        nonlocal pointer, pending
        if pointer == 0 and own is None and _whole_table_run(lines, region, line, width * len(rows)):
            keys = tuple(c.key if row == rows[0] else f"{row}.{c.key}" for row in rows for c in columns)
            out.runs.append(RawRun(rows[0], keys, line.values[0], line.index))  # one run over all 15 cells
            out.consumed.add(line.index)
            pointer = len(rows)
            return
        all_cells = fit_cells(line, width * len(rows)) if pointer == 0 and own in (None, rows[0]) else None
        if all_cells is not None:
            for i, row in enumerate(rows):
                part = all_cells[i * width : (i + 1) * width]
                store(out, spec, row, columns, cells=part, line=line)
                note_positional_blanks(out, spec, row, columns, cells=part, line=line)
            pointer = len(rows)
            return
        waiting = pending if pending in rows and rows.index(pending) >= pointer else None
        row = own or waiting or rows[pointer]
        pending = None
        if own is not None and waiting is not None and own != waiting:
            doubt = [*keys_of(spec, waiting, columns), *keys_of(spec, own, columns)]
            out.note(
                "row-label-alone",
                Severity.WARNING,
                f"row {waiting}'s label stood alone before row {own}'s numbers: the numbers may be printed "
                "a line below their labels; check both rows",
                line,
                cells=doubt,
            )
        elif own is None and waiting is None and _has_label_text(line):
            out.note(
                "row-realigned",
                Severity.WARNING,
                f"row {row} placed by template order: its label is missing or unreadable",
                line,
                cells=keys_of(spec, row, columns),
            )
        start = rows.index(row)
        span = next(
            (k for k in range(len(rows) - start, 1, -1) if fit_cells(line, width * k) is not None and own is None),
            0,
        )
        if span:
            many = fit_cells(line, width * span) or []
            for i, key in enumerate(rows[start : start + span]):
                part = many[i * width : (i + 1) * width]
                store(out, spec, key, columns, cells=part, line=line)
                note_positional_blanks(out, spec, key, columns, cells=part, line=line)
            pointer = start + span
            return
        if own is None and fit_cells(line, width) is None and not is_run(line, width):
            out.loose.append(line)
            out.consumed.add(line.index)
            return
        cells = pipe_row(line, width, labels_of(spec, row)) or fit_cells(line, width)
        if cells is None:
            misfit(out, spec, row, columns, line)
        else:
            store(out, spec, row, columns, cells=cells, line=line)
            note_positional_blanks(out, spec, row, columns, cells=cells, line=line)
        pointer = max(pointer, rows.index(row) + 1)

    def flush() -> None:
        for part in cells_per_line:
            out.loose.append(part)
            out.consumed.add(part.index)
        cells_per_line.clear()

    for line in lines[region.start : region.end]:
        if pointer >= len(rows):
            _note_late_row(out, spec, line)
            continue
        if skip_furniture(out, line, "四"):
            continue
        clean = clean_row(spec, line, width)
        if clean is not None and str(cell_key(spec.key, clean[0], columns[0].key)) not in out.values:
            flush()
            store(out, spec, clean[0], columns, cells=clean[1], line=line)
            pointer = max(pointer, rows.index(clean[0]) + 1)
            pending = None
            continue
        hits = {h.row for h in match_rows(line.label, TableKey.REVIEWS, fuzzy=False)}
        own = next(iter(hits)) if len(hits) == 1 else None
        if not line.values:
            if is_sentence(line):
                continue
            flush()
            pending = own
            out.consumed.add(line.index)
            out.saw_header = out.saw_header or is_header(line, TableKey.REVIEWS)
            continue
        if own is None and not line.label and len(line.values) < width and not is_run(line, width):
            if not has_digit(line):
                out.consumed.add(line.index)  # marks without a label: header debris (| - | - |)
                continue
            cells_per_line.append(line)
            count = sum(len(part.values) for part in cells_per_line)
            if count % width == 0 and len(cells_per_line) > 1:
                merged = merge_lines(cells_per_line)
                cells_per_line.clear()
                out.note("cells-joined", Severity.INFO, f"{count} cells on separate lines joined into rows", line)
                place(merged, None)
            elif count > width * (len(rows) - pointer):
                flush()
            continue
        flush()
        place(line, own)
    flush()
    return out
