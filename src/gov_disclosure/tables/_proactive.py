"""Read table 二 (主动公开): rows found by their labels, headers voting for the edition."""

from __future__ import annotations

from collections.abc import Sequence

from gov_disclosure.diagnostics import Severity
from gov_disclosure.model import Unplaced
from gov_disclosure.tables._cells import (
    Cells,
    ShortRow,
    is_run,
    keep_unknown_row,
    keys_of,
    labels_of,
    misfit,
    note_positional_blanks,
    skip_furniture,
    store,
)
from gov_disclosure.tables._fit import fit_cells, pipe_row
from gov_disclosure.tables._labels import (
    caption_block,
    column_words,
    edition_votes,
    is_fragment,
    money_headers,
    proactive_row_at_start,
)
from gov_disclosure.tables._lines import Line, merge_lines, norm
from gov_disclosure.tables._regions import Region, is_sentence
from gov_disclosure.template import (
    Edition,
    MoneyUnit,
    TableKey,
    cell_key,
    table_spec,
)

__all__ = ["read_proactive"]


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


_MAX_NOTE_LINES = 2  # a cell's note broken over at most this many lines


def _note_part(line: Line, started: bool) -> bool:
    """A line that is (part of) a bracketed note to the loose value before it: （其中修订16件）."""
    if line.values or len(line.text) > _MAX_LABEL_LINE or "。" in line.text or "单位" in line.text:
        return False  # 单位: a header's unit line, not a cell's note
    return started or line.text.startswith("(")


def _attach_note(out: Cells, value_line: Line, parts: Sequence[Line]) -> None:
    out.loose_notes[value_line.index] = (
        "".join(part.raw.strip() for part in parts),
        tuple(part.index for part in parts),
    )


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
    note_of: Line | None = None  # the loose value line whose note may follow
    note_parts: list[Line] = []
    before: list[Line] = []  # a bracketed note just before a loose value: （含自然失效2件） / 6

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
        if skip_furniture(out, line, "二"):
            continue
        if note_of is not None and _note_part(line, bool(note_parts)):
            note_parts.append(line)
            out.consumed.add(line.index)
            if ")" in line.text or len(note_parts) == _MAX_NOTE_LINES:
                _attach_note(out, note_of, note_parts)
                note_of = None
            continue
        if note_of is not None and note_parts:
            _attach_note(out, note_of, note_parts)
        note_of = None
        if _note_part(line, bool(before) and ")" not in before[-1].text) and len(before) < _MAX_NOTE_LINES:
            before.append(line)  # not consumed unless a loose value follows
            continue_note = True
        else:
            continue_note = False
        prior, before = (before, []) if not continue_note else ([], before)
        first = norm(line.cells[0].text) if line.cells else ""
        if caption_block(line.text) or caption_block(first):
            out.consumed.add(line.index)
            continue
        row = proactive_row_at_start(first) or proactive_row_at_start(line.label)
        if row is not None and (line.values or len(line.cells) > 1):
            if pending_row is not None and not following and pending_row[0] != row:
                out.note(
                    "row-label-alone",
                    Severity.WARNING,
                    f"row {pending_row[0]}'s label stood alone before row {row}'s numbers: the numbers may be "
                    "printed a line below their labels; check the table",
                    line,
                )
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
            note_of, note_parts = (line, []) if len(line.values) == 1 else (None, [])
            if note_of is not None and prior and ")" in prior[-1].text:
                _attach_note(out, line, prior)
                out.consumed.update(part.index for part in prior)
                note_of = None  # the note stood before the value
            continue
        close_pending()
        if _unknown_row(line, words):
            keep_unknown_row(out, line)
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
    if note_of is not None and note_parts:
        _attach_note(out, note_of, note_parts)
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
        if str(cell_key(spec.key, row, columns[0].key)) in out.values:
            out.note("row-duplicate", Severity.WARNING, f"row {row} appears twice; the first reading is kept", line)
            out.unplaced.append(Unplaced(line.raw.strip(), line.index + 1))
            out.consumed.add(line.index)
            continue
        cells = pipe_row(line, len(columns), labels_of(spec, row)) or fit_cells(line, len(columns))
        if cells is None and len(columns) == 1 and len({c.text for c in line.values}) == 1:
            cells = [line.values[0]]  # a cell spanning the block's columns, repeated by span expansion
            out.note(
                "cell-span-collapsed",
                Severity.INFO,
                f"row {row}: the same value repeated {len(line.values)} times (a merged cell) read once",
                line,
                cells=keys_of(spec, row, columns),
            )
        if (
            cells is None
            and len(columns) > 1
            and 0 < len(line.values) < len(columns)
            and not is_run(line, len(columns))
        ):
            out.short.append(ShortRow(row, tuple(c.key for c in columns), line))  # loose values may complete it
            out.consumed.add(line.index)
            continue
        if cells is None:
            misfit(out, spec, row, columns, line)
            continue
        store(out, spec, row, columns, cells=cells, line=line, unit=money_unit)
        note_positional_blanks(out, spec, row, columns, cells=cells, line=line)
    return out
