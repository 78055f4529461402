"""The text reader: plain text, Markdown and PDF-extracted text to a :class:`ParseResult`.

Tables are the table scanner's job (:func:`gov_disclosure.tables.scan_tables`); this
module reads everything else (title, body, year, date, preamble, sections, paragraphs),
decides the edition, and places each table into its section. Canonical text is read
exactly, without repairs; anything else is read leniently, and every repair is a
diagnostic. Content that fits nowhere is kept in ``report.unplaced``.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from gov_disclosure import tables as _tables
from gov_disclosure.decode import check_text, decode, normalise_newlines
from gov_disclosure.diagnostics import Diagnostic, ParseResult, Severity, SourceMap, SourceSpan
from gov_disclosure.model import AnnualReport, Metadata, Section, Table
from gov_disclosure.readers._canonical import canonical_edition, read_canonical, table_view
from gov_disclosure.readers._draft import Draft, SectionDraft
from gov_disclosure.readers._front import guess_year
from gov_disclosure.readers._lenient import read_lenient
from gov_disclosure.template import SECTIONS, Edition, SectionKind

__all__ = ["read_lines", "read_text"]

_SPEC_BY_KIND = {spec.kind: spec for spec in SECTIONS}
_KIND_BY_TABLE = {spec.table: spec.kind for spec in SECTIONS if spec.table is not None}
#: First report year of each national template.
_GB2019_FROM, _GB2021_FROM = 2019, 2021


def read_text(source: str | bytes, *, source_name: str | None = None) -> ParseResult:
    r"""Read a report from text (bytes are decoded: UTF-8, UTF-16 with BOM, GB18030).

    >>> result = read_text("2019年金林区政府信息公开工作年度报告\n一、总体情况\n全区公开信息。\n")
    >>> result.report.agency, result.report.year, result.report.edition.value
    ('金林区政府', 2019, 'gb2019')
    """
    text = decode(source, source=source_name) if isinstance(source, bytes) else check_text(source, source=source_name)
    return read_lines(normalise_newlines(text).split("\n"))


def _scan(lines: Sequence[str], year: int | None) -> _tables.TableScan:
    try:
        return _tables.scan_tables(lines, year=year)
    except NotImplementedError:  # the table scanner is not available in this build
        return _tables.TableScan(
            diagnostics=(
                Diagnostic(
                    "tables-unavailable", Severity.WARNING, "the table scanner is not available; no tables read"
                ),
            )
        )


def read_lines(lines: Sequence[str]) -> ParseResult:
    """Read a report from its lines (no line ends); the HTML reader calls this too."""
    draft = Draft()
    stated = canonical_edition(lines)
    year_guess = guess_year(lines)
    if stated is not None:
        # Canonical text states its edition; the year hint makes ambiguous tables follow it.
        hint = {Edition.GB2019: _GB2019_FROM, Edition.GB2021: _GB2021_FROM}.get(stated, _canonical_year(lines))
        scan = _scan(table_view(lines), hint)
        read_canonical(lines, scan.claimed, draft)
    else:
        scan = _scan(lines, year_guess)
        legacy = scan.edition is Edition.LEGACY or (scan.edition is None and not scan.tables and _is_legacy(year_guess))
        read_lenient(lines, scan.claimed, draft, legacy=legacy)
        if draft.year is None:
            draft.year = year_guess
    edition = _edition(draft, scan, stated)
    sections = _place_tables(draft, scan, edition)
    if stated is None and edition is not Edition.LEGACY:
        if scan.tables:  # a report with no tables at all already has edition-from-year
            _note_missing_tables(draft, sections)
        _name_tables_of_unplaced_rows(draft)
    report = AnnualReport(
        metadata=Metadata(
            edition=edition,
            agency=draft.agency,
            year=draft.year,
            title=draft.title,
            published=draft.published,
            preamble=tuple(draft.preamble),
        ),
        sections=tuple(_section(section, table, edition) for section, table in sections),
        unplaced=(*scan.unplaced, *draft.unplaced),
    )
    return ParseResult(
        report=report,
        diagnostics=(*scan.diagnostics, *draft.diagnostics),
        source_map=SourceMap(scan.source_map),
    )


def _canonical_year(lines: Sequence[str]) -> int | None:
    for line in lines[:8]:
        if line.startswith("- 报告年度：") and line[7:].isdigit():
            return int(line[7:])
    return None


def _is_legacy(year: int | None) -> bool:
    return year is not None and year < _GB2019_FROM


def _edition(draft: Draft, scan: _tables.TableScan, stated: Edition | None) -> Edition:
    """The report's edition: its tables decide; else what canonical text states; else the year."""
    if scan.edition is not None:
        if stated is not None and stated is not scan.edition and scan.tables:
            draft.note(
                "edition-conflict",
                f"the text states {stated.value} but its tables are {scan.edition.value}",
                None,
                Severity.WARNING,
            )
        return scan.edition if scan.tables or stated is None else stated
    if stated is not None:
        return stated
    year = draft.year
    if year is None:
        draft.note("edition-unknown", "no template tables and no year: read as a legacy report", None, Severity.WARNING)
        return Edition.LEGACY
    edition = Edition.LEGACY if year < _GB2019_FROM else Edition.GB2019 if year < _GB2021_FROM else Edition.GB2021
    if edition is not Edition.LEGACY:
        draft.note(
            "edition-from-year",
            f"no template tables found; the {year} report is taken to follow {edition.value}",
            None,
            Severity.WARNING,
        )
    return edition


def _table_line(table: Table, scan: _tables.TableScan) -> int | None:
    """The 0-based line where a table's first located cell stands."""
    lines = [span.line for key, span in scan.source_map.items() if key.startswith(table.key.value + ".")]
    return min(lines) - 1 if lines else None


def _place_tables(draft: Draft, scan: _tables.TableScan, edition: Edition) -> list[tuple[SectionDraft, Table | None]]:
    """Attach each table to the section it stands in (or of its kind), creating sections as needed."""
    sections = list(draft.sections)
    placed: dict[int, Table] = {}
    for table in scan.tables:
        if table.edition is not edition:
            draft.note(
                "table-edition-mismatch",
                f"the {table.key.value} table ({table.edition.value}) does not match the report ({edition.value})",
                None,
                Severity.WARNING,
            )
            continue
        kind = _KIND_BY_TABLE[table.key]
        target = _section_at(sections, _table_line(table, scan), kind)
        if target is None:
            spec = _SPEC_BY_KIND[kind]
            target = SectionDraft(title=spec.title, kind=kind, line=-1)
            sections.insert(_insert_position(sections, spec.number), target)
            draft.note(
                "section-created",
                f"the report has no heading for section {spec.heading}; it was created for its table",
                None,
            )
        if id(target) in placed:
            draft.note(
                "table-duplicate",
                f"a second {table.key.value} table was found; the first one is kept",
                None,
                Severity.WARNING,
            )
            continue
        placed[id(target)] = table
    return [(section, placed.get(id(section))) for section in sections]


def _note_missing_tables(draft: Draft, sections: list[tuple[SectionDraft, Table | None]]) -> None:
    """A template section whose heading was read but whose table was not: its cells were all lost."""
    for section, table in sections:
        spec = _SPEC_BY_KIND.get(section.kind) if section.kind is not None else None
        if spec is None or spec.table is None or table is not None or section.line < 0:
            continue
        draft.diagnostics.append(
            Diagnostic(
                "table-not-found",
                Severity.WARNING,
                f"section {spec.heading} was read but no {spec.table.value} table was recognised in it; "
                "its cells are missing, check the source",
                SourceSpan(line=section.line + 1, column=1),
                table=spec.table.value,
            )
        )


def _name_tables_of_unplaced_rows(draft: Draft) -> None:
    """A table row the table reader left inside a table's section casts doubt on that whole table."""
    for i, diagnostic in enumerate(draft.diagnostics):
        if diagnostic.code != "table-row-unplaced" or diagnostic.table is not None or diagnostic.span is None:
            continue
        line = diagnostic.span.line - 1
        standing = [section for section in draft.sections if section.line <= line]
        kind = standing[-1].kind if standing else None
        spec = _SPEC_BY_KIND.get(kind) if kind is not None else None
        if spec is not None and spec.table is not None:
            draft.diagnostics[i] = attrs.evolve(
                diagnostic,
                message=f"{diagnostic.message}; it stands in section {spec.heading}, so its table may be incomplete",
                table=spec.table.value,
            )


def _insert_position(sections: list[SectionDraft], number: int) -> int:
    """After the last section of a lower template number (template order)."""
    position = 0
    for i, section in enumerate(sections):
        if section.kind is not None and _SPEC_BY_KIND[section.kind].number < number:
            position = i + 1
    return position


def _section_at(sections: list[SectionDraft], line: int | None, kind: SectionKind) -> SectionDraft | None:
    """The section of ``kind`` a table at ``line`` belongs to: the one it stands in, else the first."""
    if line is not None:
        standing = [s for s in sections if s.line <= line]
        if standing and standing[-1].kind is kind:
            return standing[-1]
    return next((s for s in sections if s.kind is kind), None)


def _section(draft_section: SectionDraft, table: Table | None, edition: Edition) -> Section:
    """The frozen section: gb sections of a kind take the official title; legacy ones keep theirs."""
    kind = draft_section.kind if edition is not Edition.LEGACY else None
    title = _SPEC_BY_KIND[kind].title if kind is not None else draft_section.title
    return Section(title=title, kind=kind, blocks=tuple(draft_section.blocks), table=table)
