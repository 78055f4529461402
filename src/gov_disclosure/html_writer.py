"""A report as a clean, self-contained, accessible HTML page whose tables look like the official ones.

The tables reproduce the template's merged-cell layout: block captions and headers in
section 二, the two-level applicant header, corner note and merged group labels in
section 三, the 行政复议 / 行政诉讼 header over one row of fifteen values in section 四.
Every label comes from :mod:`gov_disclosure.template` (and the canonical text's own
labels), every value from :func:`gov_disclosure.cellvalues.format_cell`, HTML-escaped.
The page carries ``data-gd-format`` so the HTML reader reads it back exactly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from html import escape

from gov_disclosure.canonical import (
    AGENCY_LABEL,
    FORMAT_LABEL,
    PROACTIVE_CORNER,
    PUBLISHED_LABEL,
    UNPLACED_HEADING,
    YEAR_LABEL,
)
from gov_disclosure.cellvalues import format_cell
from gov_disclosure.model import AnnualReport, Heading, Metadata, Paragraph, Section, Table
from gov_disclosure.template import (
    REQUESTS_APPLICANT_HEADER,
    REQUESTS_CORNER_NOTE,
    REQUESTS_LEGAL_ENTITY_HEADER,
    RESULTS_GROUP,
    SECTIONS,
    RowSpec,
    TableKey,
)

__all__ = ["FORMAT_VERSION", "to_html"]

#: Value of the ``data-gd-format`` attribute: the version of this page layout.
FORMAT_VERSION = "1"

_SECTION_HEADINGS = {spec.kind: spec.heading for spec in SECTIONS}

_CSS = """
.gov-disclosure-report{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;
line-height:1.6;max-width:60em;margin:0 auto;padding:1em;color:#1a1a1a;background:#fff}
.gov-disclosure-report h1{font-size:1.5em;text-align:center}
.gov-disclosure-report h2{font-size:1.2em;margin-top:1.5em}
.gov-disclosure-report h3{font-size:1.05em}
.gov-disclosure-report p{text-indent:2em;white-space:pre-wrap}
.gov-disclosure-report dl{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}
.gov-disclosure-report dt{font-weight:bold}
.gov-disclosure-report dd{margin:0}
.gov-disclosure-report table{border-collapse:collapse;margin:1em 0;font-size:.9em}
.gov-disclosure-report caption{font-weight:bold;padding:.3em}
.gov-disclosure-report th,.gov-disclosure-report td{border:1px solid #444;padding:.25em .5em;vertical-align:middle}
.gov-disclosure-report th{background:#f2f2f2;font-weight:normal;text-align:center}
.gov-disclosure-report td{text-align:right;min-width:2.5em}
.gov-disclosure-report .gd-note{font-size:.85em}
""".strip()


def _e(text: str) -> str:
    return escape(text, quote=True)


def _attrs(**values: object) -> str:
    """HTML attributes from keyword arguments; ``None`` and span values of 1 are left out."""
    parts = []
    for name, value in values.items():
        if value is None or (name in {"rowspan", "colspan"} and value == 1):
            continue
        parts.append(f' {name.rstrip("_").replace("_", "-")}="{_e(str(value))}"')
    return "".join(parts)


def _th(text: str, *, scope: str | None = None, rowspan: int = 1, colspan: int = 1, class_: str | None = None) -> str:
    return f"<th{_attrs(scope=scope, rowspan=rowspan, colspan=colspan, class_=class_)}>{_e(text)}</th>"


def _td(table: Table, row: str, column: str, *, colspan: int = 1) -> str:
    return f"<td{_attrs(colspan=colspan)}>{_e(format_cell(table[row, column]))}</td>"


def _proactive(table: Table) -> Iterator[str]:
    """Section 二: per block a caption row, a header row and its data rows, four columns wide."""
    spec = table.spec
    width = 1 + max(len(block.columns) for block in spec.blocks)
    yield f"<caption>{_e(spec.caption)}</caption>"
    for block in spec.blocks:
        yield "<tbody>"
        yield f"<tr>{_th(block.caption, scope='colgroup', colspan=width)}</tr>"
        header = [_th(PROACTIVE_CORNER, scope="col")]
        for index, column in enumerate(block.columns):
            last = index == len(block.columns) - 1
            header.append(_th(column.label, scope="col", colspan=width - len(block.columns) if last else 1))
        yield f"<tr>{''.join(header)}</tr>"
        for row in block.rows:
            cells = [_th(row.label, scope="row")]
            for index, column in enumerate(block.columns):
                last = index == len(block.columns) - 1
                cells.append(_td(table, row.key, column.key, colspan=width - len(block.columns) if last else 1))
            yield f"<tr>{''.join(cells)}</tr>"
        yield "</tbody>"


def _runs(rows: tuple[RowSpec, ...], group_of: Callable[[RowSpec], str | None]) -> dict[str, int]:
    """For each row that starts a run of rows sharing a group label, the run's length."""
    runs: dict[str, int] = {}
    start: str | None = None
    current: str | None = None
    for row in rows:
        group = group_of(row)
        if group is not None and group == current and start is not None:
            runs[start] += 1
        else:
            start, current = row.key, group
            if group is not None:
                runs[row.key] = 1
    return runs


def _outer_group(row: RowSpec) -> str | None:
    """Every grouped row of table 三 lies under 三、本年度办理结果, sub-grouped or not."""
    return RESULTS_GROUP if row.group is not None else None


def _inner_group(row: RowSpec) -> str | None:
    return row.group if row.group not in (None, RESULTS_GROUP) else None


def _requests(table: Table) -> Iterator[str]:
    """Section 三: corner note, two-level applicant header and merged group labels."""
    spec = table.spec
    rows = spec.rows
    applicants, total = spec.columns[:-1], spec.columns[-1]
    outer_runs = _runs(rows, _outer_group)
    inner_runs = _runs(rows, _inner_group)
    yield f"<caption>{_e(spec.caption)}</caption>"
    yield "<thead>"
    yield (
        f"<tr>{_th(REQUESTS_CORNER_NOTE, rowspan=3, colspan=3, class_='gd-note')}"
        f"{_th(REQUESTS_APPLICANT_HEADER, scope='colgroup', colspan=len(spec.columns))}</tr>"
    )
    yield (
        f"<tr>{_th(applicants[0].label, scope='col', rowspan=2)}"
        f"{_th(REQUESTS_LEGAL_ENTITY_HEADER, scope='colgroup', colspan=len(applicants) - 1)}"
        f"{_th(total.label, scope='col', rowspan=2)}</tr>"
    )
    yield f"<tr>{''.join(_th(column.label, scope='col') for column in applicants[1:])}</tr>"
    yield "</thead><tbody>"
    for row in rows:
        cells: list[str] = []
        if row.key in outer_runs:
            cells.append(_th(RESULTS_GROUP, scope="rowgroup", rowspan=outer_runs[row.key]))
        if row.key in inner_runs:
            cells.append(_th(row.group or "", scope="rowgroup", rowspan=inner_runs[row.key]))
        span = 3 if _outer_group(row) is None else 2 if _inner_group(row) is None else 1
        cells.append(_th(row.label, scope="row", colspan=span))
        cells.extend(_td(table, row.key, column.key) for column in spec.columns)
        yield f"<tr>{''.join(cells)}</tr>"
    yield "</tbody>"


def _reviews(table: Table) -> Iterator[str]:
    """Section 四: 行政复议 | 行政诉讼 (two sub-groups), each with its result columns, one row of values."""
    spec = table.spec
    columns = spec.columns
    groups: list[tuple[str, list[RowSpec]]] = []
    for row in spec.rows:
        name = row.group or row.label
        if groups and groups[-1][0] == name:
            groups[-1][1].append(row)
        else:
            groups.append((name, [row]))
    yield f"<caption>{_e(spec.caption)}</caption>"
    yield "<thead>"
    top = []
    for name, members in groups:
        top.append(_th(name, scope="colgroup", colspan=len(columns) * len(members)))
    yield f"<tr>{''.join(top)}</tr>"
    middle: list[str] = []
    bottom: list[str] = []
    for _name, members in groups:
        if len(members) == 1 and members[0].group is None:
            middle.extend(_th(column.label, scope="col", rowspan=2) for column in columns)
            continue
        for member in members:
            middle.append(_th(member.label, scope="colgroup", colspan=len(columns)))
            bottom.extend(_th(column.label, scope="col") for column in columns)
    yield f"<tr>{''.join(middle)}</tr>"
    yield f"<tr>{''.join(bottom)}</tr>"
    yield "</thead><tbody><tr>"
    yield "".join(_td(table, row.key, column.key) for row in spec.rows for column in columns)
    yield "</tr></tbody>"


_TABLES = {TableKey.PROACTIVE: _proactive, TableKey.REQUESTS: _requests, TableKey.REVIEWS: _reviews}


def _table(table: Table) -> str:
    opening = f'<table data-table="{table.key.value}" data-edition="{table.edition.value}">'
    return opening + "\n" + "\n".join(_TABLES[table.key](table)) + "\n</table>"


def _metadata(metadata: Metadata) -> Iterator[str]:
    if metadata.title is not None:
        yield f"<h1>{_e(metadata.title)}</h1>"
    items = []
    if metadata.agency is not None:
        items.append((AGENCY_LABEL, metadata.agency))
    if metadata.year is not None:
        items.append((YEAR_LABEL, str(metadata.year)))
    items.append((FORMAT_LABEL, metadata.edition.value))
    if metadata.published is not None:
        items.append((PUBLISHED_LABEL, metadata.published.isoformat()))
    yield "<dl>" + "".join(f"<dt>{_e(name)}</dt><dd>{_e(value)}</dd>" for name, value in items) + "</dl>"
    for paragraph in metadata.preamble:
        yield f"<p>{_e(paragraph.text)}</p>"


def _section(section: Section) -> Iterator[str]:
    heading = _SECTION_HEADINGS[section.kind] if section.kind is not None else section.title
    kind = _attrs(data_kind=section.kind.value if section.kind is not None else None)
    yield f"<section{kind}><h2>{_e(heading)}</h2>"
    for block in section.blocks:
        if isinstance(block, Heading):
            yield f"<h3>{_e(block.text)}</h3>"
        elif isinstance(block, Paragraph):
            yield f"<p>{_e(block.text)}</p>"
    if section.table is not None:
        yield _table(section.table)
    yield "</section>"


def _body(report: AnnualReport) -> Iterator[str]:
    yield from _metadata(report.metadata)
    for section in report.sections:
        yield from _section(section)
    if report.unplaced:
        yield f'<section data-unplaced="true"><h2>{_e(UNPLACED_HEADING)}</h2><ul>'
        for item in report.unplaced:
            yield f"<li{_attrs(data_line=item.line)}>{_e(item.text)}</li>"
        yield "</ul></section>"


def to_html(report: AnnualReport, *, standalone: bool = True) -> str:
    """The report as HTML: a whole page (inline CSS, no external resources) or a fragment.

    ``standalone=False`` gives a ``<div>`` (with its own ``<style>``) for notebooks.

    >>> from gov_disclosure.model import AnnualReport, Metadata
    >>> from gov_disclosure.template import Edition
    >>> "<dt>报告年度</dt><dd>2023</dd>" in to_html(AnnualReport(Metadata(Edition.GB2021, year=2023)))
    True
    """
    content = "\n".join(_body(report))
    fragment = (
        f'<div class="gov-disclosure-report" lang="zh-CN" data-gd-format="{FORMAT_VERSION}">\n'
        f"<style>{_CSS}</style>\n{content}\n</div>"
    )
    if not standalone:
        return fragment
    metadata = report.metadata
    title = metadata.title or " ".join(str(part) for part in (metadata.agency, metadata.year) if part) or "report"
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n</head>\n<body>\n{fragment}\n</body>\n</html>\n"
    )
