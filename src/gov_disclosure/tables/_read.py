"""Read one table region into cells: labels first, template order where labels are lost.

Each reader walks its region's lines once. A line with values is a row: its own label
names the row when readable; else a label fragment on the lines just before it; else
the next row in template order (``row-realigned``). Values fit a row only when their
count (or their separated positions) matches the row's columns; otherwise the cells
stay blank and a warning names them. Nothing here guesses a number.
"""

from __future__ import annotations

from collections.abc import Sequence

from attrs import define, field

from gov_disclosure.cellvalues import read_cell
from gov_disclosure.diagnostics import Diagnostic, Severity, SourceSpan
from gov_disclosure.model import BLANK, CellValue, Count, Unplaced
from gov_disclosure.tables._fit import fit_cells, pipe_row
from gov_disclosure.tables._labels import (
    Hit,
    caption_block,
    column_words,
    edition_votes,
    is_fragment,
    match_rows,
    money_headers,
    proactive_row_at_start,
)
from gov_disclosure.tables._lines import Cell, Line, Separator, merge_lines, norm
from gov_disclosure.tables._regions import Region, is_sentence
from gov_disclosure.template import (
    CellKey,
    ColumnSpec,
    Edition,
    MoneyUnit,
    TableKey,
    TableSpec,
    ValueKind,
    edition_spec,
    table_spec,
)

__all__ = ["Cells", "RawRun", "read_proactive", "read_requests", "read_reviews"]


@define
class RawRun:
    """A row whose digits ran together: the solver's input, before it is built."""

    row: str
    columns: tuple[str, ...]
    cell: Cell
    line: int


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
    layout: Edition | None = None  # requests: which （六） layout the source printed
    rows_seen: int = 0
    saw_header: bool = False

    def note(
        self, code: str, severity: Severity, message: str, line: Line | None, *, cells: Sequence[str] = ()
    ) -> None:
        """Record a diagnostic at a line."""
        span = SourceSpan(line.index + 1, 1) if line is not None else None
        self.diagnostics.append(Diagnostic(code, severity, message, span, tuple(cells), self.key.value))


def _span(line: Line, cell: Cell) -> SourceSpan:
    number = (cell.line if cell.line is not None else line.index) + 1
    return SourceSpan(number, cell.column + 1, number, cell.column + 1 + len(cell.text))


def _store(
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
        key = str(CellKey(spec.key, row, column.key))
        if cell is None:
            out.values[key] = BLANK
            continue
        value = read_cell(cell.text, column.kind, unit=column.unit or unit)
        out.values[key] = value
        out.spans[key] = _span(line, cell)
        if cell.line is not None:
            out.consumed.add(cell.line)
    out.consumed.add(line.index)
    out.rows_seen += 1


def _keys(spec: TableSpec, row: str, columns: Sequence[ColumnSpec]) -> list[str]:
    return [str(CellKey(spec.key, row, c.key)) for c in columns]


def _labels_of(spec: TableSpec, row: str) -> tuple[str, ...]:
    labels = [norm(label) for label in spec.row(row).labels]
    group = spec.row(row).group
    if spec.key is TableKey.REVIEWS and group:
        labels += [norm(f"{group}（{label}）") for label in spec.row(row).labels]
    return tuple(labels)


def _without_subtotal(line: Line, width: int) -> list[Cell | None] | None:
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


def _has_digit(line: Line) -> bool:
    """Whether any value cell of the line holds a digit (not only marks like - or /)."""
    return any(ch.isdigit() for cell in line.values for ch in cell.text)


def _is_header(line: Line, key: TableKey) -> bool:
    """A header line: it names at least one column of the table."""
    return any(word in line.text for word in column_words(key))


def _is_run(line: Line, width: int) -> bool:
    """A single digit run long enough to hold ``width`` cells (at least one digit each)."""
    values = line.values
    return len(values) == 1 and values[0].text.isdigit() and len(values[0].text) >= width > 1


def _clean_row(spec: TableSpec, line: Line, width: int) -> tuple[str, list[Cell | None]] | None:
    """A canonical pipe row: its first cell is exactly a row label and it has every column."""
    if line.separator is not Separator.PIPE or len(line.cells) != width + 1:
        return None
    first = norm(line.cells[0].text)
    for row in spec.rows:
        if first in _labels_of(spec, row.key):
            return row.key, [c if c.text else None for c in line.cells[1:]]
    return None


def _misfit(out: Cells, spec: TableSpec, row: str, columns: Sequence[ColumnSpec], line: Line) -> None:
    """Values that do not fit the row: a digit run for the solver, or blank cells and a warning."""
    values = line.values
    if len(columns) > 1 and _is_run(line, len(columns)):
        out.runs.append(RawRun(row, tuple(c.key for c in columns), values[0], line.index))
        out.consumed.add(line.index)
        return
    keys = _keys(spec, row, columns)
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


# --------------------------------------------------------------------------------------
# 二: proactive disclosure
# --------------------------------------------------------------------------------------


_MAX_LABEL_LINE = 40  # a proactive row label alone on its line is short
_UNIT_LOOKAHEAD = 3  # lines after a money header that may hold its unit


def _unknown_row(line: Line, words: Sequence[str]) -> bool:
    """A row of table 二 with values whose readable label is no template row, header or caption."""
    if not line.values or not line.label or is_sentence(line) or is_fragment(line.label, TableKey.PROACTIVE):
        return False
    return not any(w in line.text for w in words) and not caption_block(line.label)


def _header_unit(text: str) -> MoneyUnit | None:
    if "万元" in text:
        return MoneyUnit.WAN_YUAN
    if "元" in text:
        return MoneyUnit.YUAN
    return None


def read_proactive(lines: Sequence[Line], region: Region, year: int | None, fallback: Edition | None) -> Cells:
    """Read the blocks of table 二 (rows found by their labels; headers vote for the edition)."""
    out = Cells(TableKey.PROACTIVE)
    votes = {Edition.GB2019: 0, Edition.GB2021: 0}
    rows: list[tuple[str, Line]] = []
    money_unit: MoneyUnit | None = None
    pending_row: tuple[str, Line] | None = None
    following: list[Line] = []  # value lines after a label alone on its line
    unit_lines = 0  # lines after a money header that may still carry its unit
    words = column_words(TableKey.PROACTIVE)

    def close_pending() -> None:
        nonlocal pending_row
        if pending_row is not None and following:
            row_line = following[0] if len(following) == 1 else merge_lines(following)
            rows.append((pending_row[0], row_line))
            out.note(
                "label-joined",
                Severity.INFO,
                f"row {pending_row[0]} placed by its label on line {pending_row[1].index + 1}",
                row_line,
            )
        pending_row = None
        following.clear()

    for line in lines[region.start : region.end]:
        if line.escaped or line.is_blank:
            continue
        if line.is_rule:
            out.consumed.add(line.index)
            continue
        if line.is_page_number:
            out.consumed.add(line.index)
            out.note(
                "page-number-dropped", Severity.INFO, f"dropped page number {line.raw.strip()!r} inside table 二", line
            )
            continue
        first = norm(line.cells[0].text) if line.cells else ""
        if caption_block(line.text) or caption_block(first):
            out.consumed.add(line.index)
            continue
        row = proactive_row_at_start(first) or proactive_row_at_start(line.label)
        if row is not None and (line.values or len(line.cells) > 1):
            close_pending()
            rows.append((row, line))
            continue
        if row is not None and len(line.text) <= _MAX_LABEL_LINE:
            close_pending()
            pending_row = (row, line)  # a label alone on its line: its numbers may follow
            out.consumed.add(line.index)
            continue
        if line.values and not line.label and not is_sentence(line):
            if pending_row is not None:
                following.append(line)
                continue
            out.loose.append(line)
            out.consumed.add(line.index)
            continue
        close_pending()
        if _unknown_row(line, words):
            out.note(
                "row-unknown",
                Severity.WARNING,
                f"a row labelled {line.label!r} is not in the template; its numbers are kept as unplaced text",
                line,
            )
            out.unplaced.append(Unplaced(line.raw.strip(), line.index + 1))
            out.consumed.add(line.index)
            continue
        found = [w for w in words if w in line.text]
        if found and not line.values:
            for word, edition in edition_votes().items():
                if word in line.text:
                    votes[edition] += 1
            out.saw_header = True
            if any(w in line.text for w in money_headers()):
                money_unit = _header_unit(line.text) or money_unit
                unit_lines = 0 if _header_unit(line.text) else _UNIT_LOOKAHEAD
            out.consumed.add(line.index)
        elif unit_lines and not line.values and (unit := _header_unit(line.text)) is not None:
            money_unit = unit  # 采购总金额（单位： / 万元） broken over lines
            unit_lines = 0
            out.consumed.add(line.index)
        unit_lines = max(0, unit_lines - 1)
    close_pending()
    for row, line in rows:
        if row in {"other_services", "procurement"}:
            votes[Edition.GB2019] += 2
        if row == "licensing":
            texts = {c.text for c in line.values}
            if len(line.values) >= 3 and len(texts) > 1:
                votes[Edition.GB2019] += 1
            elif len(line.values) == 1:
                votes[Edition.GB2021] += 1
    if votes[Edition.GB2019] != votes[Edition.GB2021]:
        edition = max(votes, key=lambda e: votes[e])
    else:
        edition = fallback or (Edition.GB2019 if year is not None and year < 2021 else Edition.GB2021)
    out.edition = edition
    spec = table_spec(edition, TableKey.PROACTIVE)
    row_keys = {r.key for r in spec.rows}
    for row, line in rows:
        if row not in row_keys:
            out.note(
                "row-not-in-edition",
                Severity.WARNING,
                f"row {row} belongs to the other edition's table 二; kept as unplaced text",
                line,
            )
            out.unplaced.append(Unplaced(line.raw.strip(), line.index + 1))
            out.consumed.add(line.index)
            continue
        columns = spec.columns_of(spec.row(row))
        if str(CellKey(spec.key, row, columns[0].key)) in out.values:
            out.note("row-duplicate", Severity.WARNING, f"row {row} appears twice; the first reading is kept", line)
            out.unplaced.append(Unplaced(line.raw.strip(), line.index + 1))
            out.consumed.add(line.index)
            continue
        cells = pipe_row(line, len(columns), _labels_of(spec, row)) or fit_cells(line, len(columns))
        if cells is None and len(columns) == 1 and len({c.text for c in line.values}) == 1:
            cells = [line.values[0]]  # a cell spanning the block's columns, repeated by span expansion
            out.note(
                "cell-span-collapsed",
                Severity.INFO,
                f"row {row}: the same value repeated {len(line.values)} times (a merged cell) read once",
                line,
                cells=_keys(spec, row, columns),
            )
        if cells is None:
            _misfit(out, spec, row, columns, line)
            continue
        _store(out, spec, row, columns, cells=cells, line=line, unit=money_unit)
        _note_positional_blanks(out, spec, row, columns, cells=cells, line=line)
    return out


def _note_positional_blanks(
    out: Cells, spec: TableSpec, row: str, columns: Sequence[ColumnSpec], *, cells: Sequence[Cell | None], line: Line
) -> None:
    blanks = [k for k, c in zip(_keys(spec, row, columns), cells) if c is None]
    if blanks and line.values:
        out.note(
            "cell-assumed-blank",
            Severity.INFO,
            f"row {row}: empty cell positions read as blank (not zero): {', '.join(blanks)}",
            line,
            cells=blanks,
        )


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

    def place(line: Line, hits: list[Hit]) -> None:
        nonlocal pointer, pending
        own = hits[0] if hits else None
        if own is None and line.label and not is_fragment(line.label, TableKey.REQUESTS):
            out.note(
                "row-unknown",
                Severity.WARNING,
                f"a row labelled {line.label!r} is not in the template; its numbers are kept as unplaced text",
                line,
            )
            out.unplaced.append(Unplaced(line.raw.strip(), line.index + 1))
            out.consumed.add(line.index)
            pending = []
            return
        row, how, source = _choose_row(own, pending, pointer=pointer, order=order, index=index, line=line)
        pending = []
        if row is None or ((not line.label or own is None) and not _fits_unlabelled(line, width)):
            if any(c.text[:1].isdigit() for c in line.values):
                out.loose.append(line)
            out.consumed.add(line.index)
            return
        if str(CellKey(spec.key, row, columns[0].key)) in out.values:
            out.note("row-duplicate", Severity.WARNING, f"row {row} appears twice; the first reading is kept", line)
            out.unplaced.append(Unplaced(line.raw.strip(), line.index + 1))
            out.consumed.add(line.index)
            return
        cells = pipe_row(line, width, _labels_of(spec, row)) or fit_cells(line, width)
        if cells is None and (without := _without_subtotal(line, width)) is not None:
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
            _misfit(out, spec, row, columns, line)
        else:
            _store(out, spec, row, columns, cells=cells, line=line)
            _note_positional_blanks(out, spec, row, columns, cells=cells, line=line)
        if how:
            where = f" (label on line {source.index + 1})" if source is not None and source is not line else ""
            severity = Severity.WARNING if how == "row-realigned" else Severity.INFO
            out.note(how, severity, f"row {row} placed {_HOW[how]}{where}", line, cells=_keys(spec, row, columns))
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
            break  # every row has been passed: the table is over
        if line.escaped or line.is_blank:
            continue
        if line.is_rule:
            out.consumed.add(line.index)
            continue
        if line.is_page_number:
            out.consumed.add(line.index)
            out.note(
                "page-number-dropped", Severity.INFO, f"dropped page number {line.raw.strip()!r} inside table 三", line
            )
            continue
        clean = _clean_row(spec, line, width)
        if clean is not None and str(CellKey(spec.key, clean[0], columns[0].key)) not in out.values:
            flush()
            _store(out, spec, clean[0], columns, cells=clean[1], line=line)
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
            out.saw_header = out.saw_header or (not hits and _is_header(line, TableKey.REQUESTS))
            continue
        loose_cells = not hits and not line.label and not _is_run(line, width) and _has_digit(line)
        if cells_per_line and loose_cells and extend(line):
            continue
        flush()
        if loose_cells and len(line.values) < width:
            cells_per_line.append(line)
            continue
        if hits and len(line.values) < width and not line.is_separated and not _is_run(line, width):
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
    column rule (（七）总计 = the results, the 勾稽 balance) holds with them, and at
    least one such rule reads them. Otherwise the rows stay blank with a warning.
    """
    if not short:
        return
    columns = spec.columns
    trial = dict(out.values)
    keys: set[str] = set()
    for row, line in short:
        for column, cell in zip(columns[:-1], line.values):
            key = str(CellKey(spec.key, row, column.key))
            trial[key] = read_cell(cell.text, column.kind)
            keys.add(key)
        trial[str(CellKey(spec.key, row, columns[-1].key))] = BLANK
    checked = False
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
        checked = checked or any(c in keys for c in names)
    else:
        if checked:
            for row, line in short:
                placed: list[Cell | None] = [*line.values, None]
                _store(out, spec, row, columns, cells=placed, line=line)
                out.note(
                    "row-total-blank",
                    Severity.INFO,
                    f"row {row}: six numbers for seven columns read as the applicant columns with 总计 left "
                    f"blank, as the column sums confirm",
                    line,
                    cells=(str(CellKey(spec.key, row, columns[-1].key)),),
                )
            return
    for row, line in short:
        _misfit(out, spec, row, columns, line)


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
    if _is_run(line, n):
        return True  # a digit run for the solver
    return fit_cells(line, n) is not None


# --------------------------------------------------------------------------------------
# 四: reviews
# --------------------------------------------------------------------------------------


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
        all_cells = fit_cells(line, width * len(rows)) if pointer == 0 and own in (None, rows[0]) else None
        if all_cells is not None:
            for i, row in enumerate(rows):
                part = all_cells[i * width : (i + 1) * width]
                _store(out, spec, row, columns, cells=part, line=line)
                _note_positional_blanks(out, spec, row, columns, cells=part, line=line)
            pointer = len(rows)
            return
        row = own or (pending if pending in rows and rows.index(pending) >= pointer else None) or rows[pointer]
        pending = None
        start = rows.index(row)
        span = next(
            (k for k in range(len(rows) - start, 1, -1) if fit_cells(line, width * k) is not None and own is None),
            0,
        )
        if span:
            many = fit_cells(line, width * span) or []
            for i, key in enumerate(rows[start : start + span]):
                part = many[i * width : (i + 1) * width]
                _store(out, spec, key, columns, cells=part, line=line)
                _note_positional_blanks(out, spec, key, columns, cells=part, line=line)
            pointer = start + span
            return
        if own is None and fit_cells(line, width) is None and not _is_run(line, width):
            out.loose.append(line)
            out.consumed.add(line.index)
            return
        cells = pipe_row(line, width, _labels_of(spec, row)) or fit_cells(line, width)
        if cells is None:
            _misfit(out, spec, row, columns, line)
        else:
            _store(out, spec, row, columns, cells=cells, line=line)
            _note_positional_blanks(out, spec, row, columns, cells=cells, line=line)
        pointer = max(pointer, rows.index(row) + 1)

    def flush() -> None:
        for part in cells_per_line:
            out.loose.append(part)
            out.consumed.add(part.index)
        cells_per_line.clear()

    for line in lines[region.start : region.end]:
        if pointer >= len(rows):
            break
        if line.escaped or line.is_blank:
            continue
        if line.is_rule:
            out.consumed.add(line.index)
            continue
        if line.is_page_number:
            out.consumed.add(line.index)
            out.note(
                "page-number-dropped", Severity.INFO, f"dropped page number {line.raw.strip()!r} inside table 四", line
            )
            continue
        clean = _clean_row(spec, line, width)
        if clean is not None and str(CellKey(spec.key, clean[0], columns[0].key)) not in out.values:
            flush()
            _store(out, spec, clean[0], columns, cells=clean[1], line=line)
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
            out.saw_header = out.saw_header or _is_header(line, TableKey.REVIEWS)
            continue
        if own is None and not line.label and len(line.values) < width and not _is_run(line, width):
            if not _has_digit(line):
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


def table_values(spec: TableSpec, values: dict[str, CellValue]) -> tuple[CellValue, ...]:
    """The table's values in template order (blank where nothing was read)."""
    return tuple(values.get(str(key), BLANK) for key in spec.cell_keys)


def money_kind(column: ColumnSpec) -> bool:
    """Whether a column holds money (its unit matters)."""
    return column.kind is ValueKind.MONEY
