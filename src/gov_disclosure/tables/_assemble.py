"""Put the region readings together: one edition, digit runs solved, claims and diagnostics.

The model requires one edition per report. Table 二 decides it when present (its
headers differ between editions); table 三's （六） layout decides otherwise. A gb2021
report whose table 三 prints the single gb2019 （六）其他处理 row keeps that row's
values as ``other_remaining`` and says so (``edition-mixed``).
"""

from __future__ import annotations

from collections.abc import Sequence

from attrs import define, field

from gov_disclosure.cellvalues import read_cell
from gov_disclosure.diagnostics import Diagnostic, Severity, SourceSpan
from gov_disclosure.model import BLANK, Blank, CellValue, Count, Table, Unplaced
from gov_disclosure.tables._cells import Cells, table_values
from gov_disclosure.tables._labels import is_fragment
from gov_disclosure.tables._lines import Line, Separator, split_line
from gov_disclosure.tables._loose_cells import place_short_rows
from gov_disclosure.tables._proactive import read_proactive
from gov_disclosure.tables._regions import Region, find_regions, headings_of, is_sentence
from gov_disclosure.tables._requests import read_requests, requests_layout
from gov_disclosure.tables._reviews import read_reviews
from gov_disclosure.template import (
    CellKey,
    Edition,
    SectionKind,
    SumRule,
    TableKey,
    ValueKind,
    cell_key,
    edition_spec,
    table_spec,
)

__all__ = ["Assembled", "assemble"]

_OUTDATED_FROM = 2022  # a gb2019 table in a report for this year or later is outdated


@define
class Assembled:
    """The scan's result before it is frozen into a ``TableScan``."""

    tables: tuple[Table, ...] = ()
    claimed: frozenset[int] = frozenset()
    diagnostics: tuple[Diagnostic, ...] = ()
    source_map: dict[str, SourceSpan] = field(factory=dict)
    edition: Edition | None = None
    unplaced: tuple[Unplaced, ...] = ()


def assemble(raw_lines: Sequence[str], *, year: int | None) -> Assembled:
    """Scan ``raw_lines`` for the three tables and build them in one edition."""
    lines = [split_line(i, text) for i, text in enumerate(raw_lines)]
    heading_lines = headings_of(lines)
    regions = {region.key: region for region in find_regions(lines, heading_lines)}
    if not regions:
        return Assembled()
    diagnostics: list[Diagnostic] = []
    layout = requests_layout(lines, regions[TableKey.REQUESTS]) if TableKey.REQUESTS in regions else None
    proactive = (
        read_proactive(lines, regions[TableKey.PROACTIVE], year, layout) if TableKey.PROACTIVE in regions else None
    )
    edition = _edition(proactive, layout, year)
    readings: list[Cells] = []
    if proactive is not None:
        readings.append(proactive)
    if TableKey.REQUESTS in regions:
        requests = read_requests(lines, regions[TableKey.REQUESTS], layout or edition)
        readings.append(_map_layout(requests, edition, diagnostics, lines, regions[TableKey.REQUESTS]))
    if TableKey.REVIEWS in regions:
        readings.append(read_reviews(lines, regions[TableKey.REVIEWS], edition))
    readings = [r for r in readings if r.rows_seen or r.runs]
    if not readings:
        return Assembled()
    if edition is Edition.GB2019 and year is not None and year >= _OUTDATED_FROM:
        diagnostics.append(
            Diagnostic(
                "edition-outdated",
                Severity.INFO,
                f"the tables follow the gb2019 template in a {year} report; read as gb2019",
            )
        )
    tables: list[Table] = []
    source_map: dict[str, SourceSpan] = {}
    claimed: set[int] = set()
    unplaced: list[Unplaced] = []
    for reading in readings:
        _release_narrative(reading, lines)
        _solve_runs(reading, edition, raw_lines, diagnostics)
        place_short_rows(reading, edition, raw_lines, diagnostics)
        _settle_loose(reading, edition, diagnostics)
        spec = table_spec(edition, reading.key)
        values = table_values(spec, reading.values)
        _note_missing(reading, spec.cell_keys, diagnostics, values)
        if not reading.saw_header:
            diagnostics.append(
                Diagnostic(
                    "header-missing",
                    Severity.INFO,
                    f"table {reading.key.value} has no header row; its columns were taken in template order",
                    SourceSpan(regions[reading.key].start + 1, 1),
                    table=reading.key.value,
                )
            )
        tables.append(Table(reading.key, edition, values))
        source_map.update(reading.spans)
        diagnostics.extend(reading.diagnostics)
        unplaced.extend(reading.unplaced)
        claimed |= _claims(
            lines, regions[reading.key], reading.consumed, heading_lines, pipes=_pipe_only(reading, lines)
        )
    return Assembled(
        tables=tuple(tables),
        claimed=frozenset(claimed),
        diagnostics=tuple(diagnostics),
        source_map=source_map,
        edition=edition,
        unplaced=tuple(unplaced),
    )


def _edition(proactive: Cells | None, layout: Edition | None, year: int | None) -> Edition:
    if proactive is not None and proactive.rows_seen and proactive.edition is not None:
        return proactive.edition
    if layout is not None:
        return layout
    return Edition.GB2019 if year is not None and year < 2021 else Edition.GB2021


def _map_layout(
    requests: Cells, edition: Edition, diagnostics: list[Diagnostic], lines: Sequence[Line], region: Region
) -> Cells:
    """Map a table 三 printed in the other edition's （六） layout onto the report's edition."""
    if requests.layout in (None, edition):
        return requests
    prefix = f"{TableKey.REQUESTS.value}."
    span = SourceSpan(lines[region.start].index + 1, 1)
    if edition is Edition.GB2021:
        moved: dict[str, CellValue] = {}
        spans: dict[str, SourceSpan] = {}
        for key, value in requests.values.items():
            cell = CellKey.parse(key)
            if cell.row == "other_handling":
                new = str(cell_key(cell.section, "other_remaining", cell.column))
                moved[new] = value
                if key in requests.spans:
                    spans[new] = requests.spans[key]
            else:
                moved[key] = value
                if key in requests.spans:
                    spans[key] = requests.spans[key]
        requests.values = moved
        requests.spans = spans
        diagnostics.append(
            Diagnostic(
                "edition-mixed",
                Severity.WARNING,
                "table 三 prints the single gb2019 row （六）其他处理 in a gb2021 report: its values are read "
                "as 3.其他 (other_remaining); the two other （六） sub-rows were not printed and stay blank",
                span,
                cells=tuple(k for k in requests.values if k.startswith(prefix + "other_remaining")),
                table=TableKey.REQUESTS.value,
            )
        )
        return requests
    kept = {k: v for k, v in requests.values.items() if not CellKey.parse(k).row.startswith("other_")}
    dropped = sorted(k for k in requests.values if k not in kept)
    requests.values = kept
    requests.spans = {k: v for k, v in requests.spans.items() if k in kept}
    diagnostics.append(
        Diagnostic(
            "edition-mixed",
            Severity.WARNING,
            "table 三 prints the three gb2021 （六） sub-rows in a gb2019 report: they cannot be mapped onto "
            "the single row （六）其他处理 without adding them up, so that row stays blank",
            span,
            cells=tuple(dropped),
            table=TableKey.REQUESTS.value,
        )
    )
    return requests


def _release_narrative(reading: Cells, lines: Sequence[Line]) -> None:
    """In a table read from pipe rows only, a plain text line with a real label is narrative.

    Canonical and Markdown documents keep their tables in pipe rows; a paragraph between
    two of them that happens to end in numbers is prose, not an unknown table row.
    """
    if not _pipe_only(reading, lines):
        return
    prose = {
        i
        for i in reading.consumed
        if lines[i].separator is not Separator.PIPE
        and lines[i].label
        and lines[i].values
        and not is_fragment(lines[i].label, reading.key)
    }
    if not prose:
        return
    reading.consumed -= prose
    reading.loose = [line for line in reading.loose if line.index not in prose]
    reading.short = [short for short in reading.short if short.line.index not in prose]
    reading.unplaced = [u for u in reading.unplaced if u.line is None or u.line - 1 not in prose]
    reading.diagnostics = [d for d in reading.diagnostics if d.span is None or d.span.line - 1 not in prose]


def _solve_runs(reading: Cells, edition: Edition, raw_lines: Sequence[str], diagnostics: list[Diagnostic]) -> None:
    if not reading.runs:
        return
    try:
        from gov_disclosure.tables.digits import DigitRun, resolve_runs  # noqa: PLC0415 - optional solver
    except ImportError:  # pragma: no cover - the solver ships with the package
        for run in reading.runs:
            keys = [str(cell_key(reading.key, run.row, c)) for c in run.columns]
            diagnostics.append(
                Diagnostic(
                    "digits-unresolved",
                    Severity.WARNING,
                    f"run-together digits {run.cell.text!r} could not be split (no solver); cells left blank",
                    SourceSpan(run.line + 1, run.cell.column + 1),
                    cells=tuple(keys),
                    table=reading.key.value,
                )
            )
        return
    runs = [
        DigitRun(reading.key, run.row, run.columns, run.cell.text, run.line + 1, run.cell.column + 1)
        for run in reading.runs
    ]
    known = {k: v for k, v in reading.values.items() if v != BLANK}
    resolution = resolve_runs(edition, reading.key, known, runs, narrative="\n".join(raw_lines))
    reading.values.update(resolution.values)
    reading.spans.update(resolution.spans)
    diagnostics.extend(resolution.diagnostics)


def _settle_loose(reading: Cells, edition: Edition, diagnostics: list[Diagnostic]) -> None:
    """Place a loose number where the template arithmetic demands exactly it; keep the rest unplaced.

    A PDF converter sometimes moves one cell out of its row (a stray ``1`` before the
    table fragment). When a rule has exactly one blank cell, its other cells give the
    missing value; a loose number equal to it (and positive, so a stray ``0`` never
    decides) is taken, provided every complete rule through that cell still holds.
    """
    pool: list[tuple[Count, Line]] = []
    for line in reading.loose:
        if len(line.values) == 1:
            value = read_cell(line.values[0].text, ValueKind.COUNT)
            if isinstance(value, Count) and value.value > 0:
                pool.append((value, line))
    used: set[int] = set()
    rules = [r for r in edition_spec(edition).rules if all(c.section is reading.key for c in (*r.left, *r.right))]
    for rule in rules if pool else []:
        implied = _implied(rule, reading.values)
        if implied is None:
            continue
        key, number = implied
        for value, line in pool:
            if line.index in used or value.value != number:
                continue
            reading.values[key] = value
            if not _consistent(rules, reading.values, key):
                reading.values[key] = BLANK
                continue
            used.add(line.index)
            cell = line.values[0]
            reading.spans[key] = SourceSpan(
                line.index + 1, cell.column + 1, line.index + 1, cell.column + 1 + len(cell.text)
            )
            diagnostics.append(
                Diagnostic(
                    "value-from-loose-line",
                    Severity.WARNING,
                    f"{key} was empty in its row; the loose number {cell.text} on this line is exactly what "
                    f"the rule {rule.code} requires, so it was taken as that cell",
                    SourceSpan(line.index + 1, cell.column + 1),
                    cells=(key,),
                    table=reading.key.value,
                )
            )
            break
    for line in reading.loose:
        if line.index in used:
            continue
        diagnostics.append(
            Diagnostic(
                "value-unplaced",
                Severity.WARNING,
                f"numbers inside table {reading.key.value} fit no row: {line.raw.strip()!r}; kept as unplaced text",
                SourceSpan(line.index + 1, 1),
                table=reading.key.value,
            )
        )
        reading.unplaced.append(Unplaced(line.raw.strip(), line.index + 1))


def _implied(rule: SumRule, values: dict[str, CellValue]) -> tuple[str, int] | None:
    """The one blank cell of a rule and the value the rule gives it, or ``None``."""
    cells = [*rule.left, *rule.right]
    blank = [c for c in cells if not isinstance(values.get(str(c), BLANK), Count)]
    if len(blank) != 1 or not isinstance(values.get(str(blank[0]), BLANK), Blank):
        return None
    target = blank[0]

    def total(side: tuple[CellKey, ...]) -> int:
        return sum(v.value for c in side if c != target and isinstance(v := values.get(str(c)), Count))

    number = total(rule.right) - total(rule.left) if target in rule.left else total(rule.left) - total(rule.right)
    return (str(target), number) if number > 0 else None


def _consistent(rules: Sequence[SumRule], values: dict[str, CellValue], key: str) -> bool:
    """Every rule through ``key`` whose cells are all numbers holds."""
    for rule in rules:
        cells = [*rule.left, *rule.right]
        if key not in {str(c) for c in cells}:
            continue
        numbers = [values.get(str(c)) for c in cells]
        if not all(isinstance(n, Count) for n in numbers):
            continue
        left = sum(v.value for c in rule.left if isinstance(v := values.get(str(c)), Count))
        right = sum(v.value for c in rule.right if isinstance(v := values.get(str(c)), Count))
        if left != right:
            return False
    return True


def _note_missing(
    reading: Cells, keys: Sequence[CellKey], diagnostics: list[Diagnostic], values: Sequence[CellValue]
) -> None:
    read = set(reading.values)
    run_rows = {run.row for run in reading.runs}  # the solver's diagnostic names those cells
    run_rows |= {column.rpartition(".")[0] for run in reading.runs for column in run.columns if "." in column}
    missing_rows: list[str] = []
    for key in keys:
        if str(key) not in read and key.row not in missing_rows and key.row not in run_rows:
            missing_rows.append(key.row)
    if missing_rows and any(v != BLANK for v in values):
        diagnostics.append(
            Diagnostic(
                "row-missing",
                Severity.WARNING,
                f"table {reading.key.value}: no row found for {', '.join(missing_rows)}; those cells are blank",
                cells=tuple(str(k) for k in keys if k.row in missing_rows),
                table=reading.key.value,
            )
        )


def _claims(
    lines: Sequence[Line], region: Region, consumed: set[int], headings: dict[int, SectionKind], *, pipes: bool
) -> set[int]:
    """Consumed lines and the table debris between them (never headings or sentences).

    A table read from pipe rows only (canonical text, Markdown) claims its pipe rows and
    block captions and nothing else: prose between them stays prose.
    """
    if not consumed:
        return set()
    last = max(consumed)
    claims = set(consumed)
    for line in lines[region.start : last + 1]:
        if line.index in headings or line.escaped or line.is_blank or is_sentence(line):
            continue
        if pipes and line.separator is not Separator.PIPE and line.index not in consumed:
            continue
        claims.add(line.index)
    return claims


def _pipe_only(reading: Cells, lines: Sequence[Line]) -> bool:
    """Whether every row of the reading was a pipe row."""
    rows = {span.line - 1 for span in reading.spans.values()}
    return bool(rows) and all(lines[i].separator is Separator.PIPE for i in rows)
