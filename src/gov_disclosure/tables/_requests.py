"""Read table 三 (依申请): labels first, label fragments next, template order where labels are lost.

A line with values is a row: its own label names the row when readable; else a label
fragment on the lines just before it (``label-joined``); else the next row in template
order (``row-realigned``).
"""

from __future__ import annotations

from collections.abc import Sequence

from gov_disclosure.cellvalues import read_cell
from gov_disclosure.diagnostics import Severity
from gov_disclosure.model import BLANK, Count, Unplaced
from gov_disclosure.tables._cells import (
    Cells,
    clean_row,
    has_digit,
    is_header,
    is_run,
    keep_unknown_row,
    keys_of,
    labels_of,
    misfit,
    note_positional_blanks,
    skip_furniture,
    store,
    without_subtotal,
)
from gov_disclosure.tables._fit import fit_cells, pipe_row
from gov_disclosure.tables._labels import (
    Hit,
    is_fragment,
    match_rows,
)
from gov_disclosure.tables._lines import Cell, Line, merge_lines
from gov_disclosure.tables._regions import Region, is_sentence
from gov_disclosure.template import (
    Edition,
    TableKey,
    TableSpec,
    ValueKind,
    cell_key,
    edition_spec,
    table_spec,
)

__all__ = ["read_requests", "requests_layout"]


# --------------------------------------------------------------------------------------
# 三: requests
# --------------------------------------------------------------------------------------


def requests_layout(lines: Sequence[Line], region: Region) -> Edition | None:
    """Which （六） layout the region prints: three sub-rows (gb2021) or one row (gb2019)."""
    spec21 = table_spec(Edition.GB2021, TableKey.REQUESTS)
    group = spec21.row("other_remaining").group
    sub_rows = {r.key for r in spec21.rows if r.group == group}
    single = False
    for line in lines[region.start : region.end]:
        if line.escaped or is_sentence(line):
            continue
        for hit in match_rows(line.label, TableKey.REQUESTS):
            if hit.row in sub_rows:
                return Edition.GB2021
            if hit.row == "other_handling":
                single = True
    return Edition.GB2019 if single else None


def read_requests(lines: Sequence[Line], region: Region, layout: Edition) -> Cells:
    """Read table 三 by labels, label fragments and template order (``layout`` fixes the rows)."""
    out = Cells(TableKey.REQUESTS, layout=layout)
    spec = table_spec(layout, TableKey.REQUESTS)
    order = [r.key for r in spec.rows]
    index = {key: i for i, key in enumerate(order)}
    columns = spec.columns
    width = len(columns)
    pointer = 0
    pending: list[tuple[Hit, Line]] = []
    short: list[tuple[str, Line]] = []
    cells_per_line: list[Line] = []  # value-only lines that together may make one row

    def doubt_label_alone(row: str, line: Line) -> None:
        """A label that stood alone just before another row's numbers: the numbers may be its own."""
        alone = [
            h.row
            for h, _ in pending
            if h.row != row
            and index[h.row] < index[row]
            and str(cell_key(spec.key, h.row, columns[0].key)) not in out.values
        ]
        if alone:
            out.note(
                "row-label-alone",
                Severity.WARNING,
                f"row {alone[0]}'s label stood alone before row {row}'s numbers: the numbers may be printed "
                "a line below their labels; check both rows",
                line,
                cells=[*keys_of(spec, alone[0], columns), *keys_of(spec, row, columns)],
            )

    def place(line: Line, hits: list[Hit]) -> None:
        nonlocal pointer, pending
        own = hits[0] if hits else None
        if own is not None:
            doubt_label_alone(own.row, line)
        if own is None and line.label and not is_fragment(line.label, TableKey.REQUESTS):
            keep_unknown_row(out, line)
            pending = []
            return
        row, how, source = _choose_row(own, pending, pointer=pointer, order=order, index=index, line=line)
        pending = []
        if row is None or ((not line.label or own is None) and not _fits_unlabelled(line, width)):
            if any(c.text[:1].isdigit() for c in line.values):
                out.loose.append(line)
            out.consumed.add(line.index)
            return
        if str(cell_key(spec.key, row, columns[0].key)) in out.values:
            out.note("row-duplicate", Severity.WARNING, f"row {row} appears twice; the first reading is kept", line)
            out.unplaced.append(Unplaced(line.raw.strip(), line.index + 1))
            out.consumed.add(line.index)
            return
        cells = pipe_row(line, width, labels_of(spec, row)) or fit_cells(line, width)
        if cells is None and (without := without_subtotal(line, width)) is not None:
            cells = without
            out.note(
                "subtotal-dropped",
                Severity.INFO,
                f"row {row}: an extra 法人或其他组织 subtotal column (the sum of its five columns) was dropped",
                line,
            )
        if cells is None and len(line.values) == width - 1:
            short.append((row, line))
            out.consumed.add(line.index)
        elif cells is None:
            misfit(out, spec, row, columns, line)
        else:
            store(out, spec, row, columns, cells=cells, line=line)
            note_positional_blanks(out, spec, row, columns, cells=cells, line=line)
        if how:
            where = f" (label on line {source.index + 1})" if source is not None and source is not line else ""
            severity = Severity.WARNING if how == "row-realigned" else Severity.INFO
            out.note(how, severity, f"row {row} placed {_HOW[how]}{where}", line, cells=keys_of(spec, row, columns))
        pointer = max(pointer, index[row] + 1)

    split_hits: list[Hit] = []  # the label hits of the first line of a row split over lines

    def flush() -> None:
        """A row split over lines that never filled up: its first line alone, the rest loose."""
        parts = list(cells_per_line)
        cells_per_line.clear()
        if parts and split_hits:
            hits = list(split_hits)
            split_hits.clear()
            place(parts.pop(0), hits)
        for part in parts:
            out.loose.append(part)
            out.consumed.add(part.index)
        split_hits.clear()

    def extend(line: Line) -> bool:
        """Add a value-only line to a row split over lines; place the row when it is full."""
        count = sum(len(part.values) for part in cells_per_line) + len(line.values)
        if count > width:
            return False
        cells_per_line.append(line)
        if count == width:
            merged = merge_lines(cells_per_line)
            hits = list(split_hits)
            cells_per_line.clear()
            split_hits.clear()
            out.note("cells-joined", Severity.INFO, f"one row's {width} cells stood on separate lines", line)
            place(merged, hits)
        return True

    for line in lines[region.start : region.end]:
        if pointer >= len(order) and not cells_per_line:
            # Every row has been passed; numbers still inside the table belong to no row.
            if line.values and not line.label and has_digit(line) and not line.escaped and not line.is_page_number:
                out.loose.append(line)
                out.consumed.add(line.index)
            continue
        if skip_furniture(out, line, "三"):
            continue
        clean = clean_row(spec, line, width)
        if clean is not None and str(cell_key(spec.key, clean[0], columns[0].key)) not in out.values:
            flush()
            doubt_label_alone(clean[0], line)
            store(out, spec, clean[0], columns, cells=clean[1], line=line)
            pointer = max(pointer, index[clean[0]] + 1)
            pending = []
            continue
        hits = [h for h in match_rows(line.label, TableKey.REQUESTS) if h.row in index]
        if not line.values:
            if is_sentence(line):
                continue
            if hits:
                flush()
            pending.extend((h, line) for h in hits)
            out.consumed.add(line.index)
            out.saw_header = out.saw_header or (not hits and is_header(line, TableKey.REQUESTS))
            continue
        loose_cells = not hits and not line.label and not is_run(line, width) and has_digit(line)
        if cells_per_line and loose_cells and extend(line):
            continue
        flush()
        if loose_cells and len(line.values) < width:
            cells_per_line.append(line)
            continue
        if hits and len(line.values) < width and not line.is_separated and not is_run(line, width):
            cells_per_line.append(line)  # a labelled row whose numbers may continue on the next line
            split_hits.extend(hits)
            continue
        place(line, hits)
    flush()
    _settle_short_rows(out, spec, short)
    return out


def _settle_short_rows(out: Cells, spec: TableSpec, short: list[tuple[str, Line]]) -> None:
    """Rows one value short: read them as "总计 left blank" only if the column sums confirm it.

    Some bodies fill 总计 only on total rows. In space-separated text such a leaf row
    shows six numbers; they are the six applicant columns exactly when every complete
    column rule (（七）总计 = the results, the 勾稽 balance) holds with them, and such a
    rule reads each row's last applicant value (a blank anywhere else would move that
    value). Otherwise the rows stay blank with a warning.
    """
    if not short:
        return
    columns = spec.columns
    if any(_leading_zeros(line, len(columns) - 2) for _, line in short):
        for row, line in short:
            misfit(out, spec, row, columns, line)  # the blank could be in any column: sums cannot tell
        return
    trial = dict(out.values)
    keys: set[str] = set()
    for row, line in short:
        for column, cell in zip(columns[:-1], line.values):
            key = str(cell_key(spec.key, row, column.key))
            trial[key] = read_cell(cell.text, column.kind)
            keys.add(key)
        trial[str(cell_key(spec.key, row, columns[-1].key))] = BLANK
    confirmed: set[str] = set()
    for rule in edition_spec(spec.edition).rules:
        names = [str(c) for c in (*rule.left, *rule.right)]
        if not all(c.section is spec.key for c in (*rule.left, *rule.right)):
            continue
        numbers = [trial.get(c) for c in names]
        if not all(isinstance(n, Count) for n in numbers):
            continue
        left = sum(v.value for c in rule.left if isinstance(v := trial.get(str(c)), Count))
        right = sum(v.value for c in rule.right if isinstance(v := trial.get(str(c)), Count))
        if left != right:
            break
        confirmed.update(c for c in names if c in keys)
    else:
        # Every other place of the blank moves the last applicant value, so a sum must read it.
        lasts = {str(cell_key(spec.key, row, columns[-2].key)) for row, _ in short}
        if lasts <= confirmed:
            for row, line in short:
                placed: list[Cell | None] = [*line.values, None]
                store(out, spec, row, columns, cells=placed, line=line)
                out.note(
                    "row-total-blank",
                    Severity.INFO,
                    f"row {row}: six numbers for seven columns read as the applicant columns with 总计 left "
                    f"blank, as the column sums confirm",
                    line,
                    cells=(str(cell_key(spec.key, row, columns[-1].key)),),
                )
            return
    for row, line in short:
        misfit(out, spec, row, columns, line)


def _leading_zeros(line: Line, count: int) -> bool:
    """The first ``count`` values are all zero.

    Then the sums hold wherever the blank stood (a blanked applicant cell equal to the
    printed last number), so they confirm nothing about 总计 being the blank one.
    """
    head = [read_cell(cell.text, ValueKind.COUNT) for cell in line.values[:count]]
    return all(isinstance(v, Count) and v.value == 0 for v in head)


_HOW = {
    "row-realigned": "by template order: its label is missing or unreadable",
    "label-joined": "by a label broken over the lines before its numbers",
    "label-fuzzy": "by a label read with a typo or cut short",
}


def _choose_row(
    own: Hit | None,
    pending: list[tuple[Hit, Line]],
    *,
    pointer: int,
    order: list[str],
    index: dict[str, int],
    line: Line,
) -> tuple[str | None, str, Line | None]:
    if own is not None:
        return own.row, ("" if own.exact else "label-fuzzy"), line
    ahead = [(h, src) for h, src in pending if index[h.row] >= pointer]
    if ahead:
        hit, src = min(ahead, key=lambda p: index[p[0].row])
        return hit.row, "label-joined", src
    if pointer < len(order):
        return order[pointer], "row-realigned", None
    return None, "", None


def _fits_unlabelled(line: Line, n: int) -> bool:
    """An unlabelled row must carry a digit and fit the columns exactly."""
    if not any(any(ch.isdigit() for ch in c.text) for c in line.values):
        return False
    if is_run(line, n):
        return True  # a digit run for the solver
    return fit_cells(line, n) is not None
