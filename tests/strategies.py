"""Hypothesis strategies for reports, built from the model and the template.

``reports()`` draws any valid model; ``consistent_reports()`` draws complete gb reports
whose template arithmetic holds, whose narrative agrees with the tables and whose
structure is whole, so validation must find no error in them. ``documents()`` draws whole reports of every
edition (legacy included) whose narrative, notes and units try to break the serializers.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st

from gov_disclosure.model import (
    BLANK,
    NOT_APPLICABLE_MARKS,
    AnnualReport,
    Block,
    CellValue,
    Count,
    Heading,
    Metadata,
    Money,
    NotApplicable,
    Paragraph,
    Section,
    Table,
    Text,
    Unplaced,
)
from gov_disclosure.template import (
    EDITIONS,
    SECTIONS,
    CellKey,
    ColumnSpec,
    Edition,
    MoneyUnit,
    TableKey,
    ValueKind,
    table_spec,
)

__all__ = [
    "GB_EDITIONS",
    "HOSTILE_FRAGMENTS",
    "cell_values",
    "consistent_reports",
    "consistent_requests_table",
    "consistent_reviews_table",
    "document_cell_values",
    "document_tables",
    "documents",
    "narrative_texts",
    "numeric_values",
    "proactive_tables",
    "reports",
    "rule_cells",
    "tables",
]

GB_EDITIONS = (Edition.GB2019, Edition.GB2021)

#: Report years each gb edition is normally used for (no edition-year mismatch).
_YEARS = {Edition.GB2019: (2019, 2021), Edition.GB2021: (2021, 2025)}

#: Bodies that may make 规章 (no regulations-implausible warning).
_AGENCIES = ("淮安市人民政府", "上海市人民政府办公厅", "江苏省人民政府", "杭州市交通运输局")

_SMALL = st.integers(min_value=0, max_value=60)
_TEXT_CHARS = st.characters(codec="utf-8", categories=["Lo"])


def numeric_values(column: ColumnSpec) -> st.SearchStrategy[CellValue]:
    """A number a cell of this column can hold."""
    if column.kind is ValueKind.MONEY:
        unit = column.unit or MoneyUnit.UNKNOWN
        amounts = st.decimals(min_value=0, max_value=100000, places=2, allow_nan=False, allow_infinity=False)
        return amounts.map(lambda amount: Money(Decimal(amount), unit))
    if column.kind is ValueKind.CHANGE:
        return st.integers(min_value=-50, max_value=50).map(Count)
    return _SMALL.map(Count)


def cell_values(column: ColumnSpec) -> st.SearchStrategy[CellValue]:
    """Any value a cell of this column can hold: a number, blank, a mark or text."""
    return st.one_of(
        numeric_values(column),
        st.just(BLANK),
        st.sampled_from(NOT_APPLICABLE_MARKS).map(NotApplicable),
        st.text(_TEXT_CHARS, min_size=1, max_size=4).map(Text),
    )


@st.composite
def tables(draw: st.DrawFn, key: TableKey, edition: Edition) -> Table:
    """A table of the edition with any values (arithmetic need not hold)."""
    spec = table_spec(edition, key)
    values = tuple(draw(cell_values(column)) for _, column in spec.cells())
    return Table(key=key, edition=edition, values=values)


@st.composite
def proactive_tables(draw: st.DrawFn, edition: Edition) -> Table:
    """A section 二 table with a number in every cell (it has no arithmetic)."""
    spec = table_spec(edition, TableKey.PROACTIVE)
    values = tuple(draw(numeric_values(column)) for _, column in spec.cells())
    return Table(key=TableKey.PROACTIVE, edition=edition, values=values)


@st.composite
def consistent_requests_table(draw: st.DrawFn, edition: Edition) -> Table:
    """A section 三 table whose row totals, results total and 勾稽关系 all hold."""
    spec = table_spec(edition, TableKey.REQUESTS)
    applicants = [column.key for column in spec.columns if column.key != "total"]
    fixed = {"new_received", "carried_over", "total_handled", "carried_forward"}
    results = [row.key for row in spec.rows if row.key not in fixed]
    cells: dict[tuple[str, str], int] = {}
    for column in applicants:
        for row in results:
            cells[row, column] = draw(st.integers(min_value=0, max_value=9))
        handled = sum(cells[row, column] for row in results)
        forward = draw(_SMALL)
        over = draw(st.integers(min_value=0, max_value=handled + forward))
        cells["total_handled", column] = handled
        cells["carried_forward", column] = forward
        cells["carried_over", column] = over
        cells["new_received", column] = handled + forward - over
    for row_spec in spec.rows:
        cells[row_spec.key, "total"] = sum(cells[row_spec.key, column] for column in applicants)
    values = tuple(Count(cells[key.row, key.column]) for key in spec.cell_keys)
    return Table(key=TableKey.REQUESTS, edition=edition, values=values)


@st.composite
def consistent_reviews_table(draw: st.DrawFn, edition: Edition) -> Table:
    """A section 四 table whose row totals hold."""
    spec = table_spec(edition, TableKey.REVIEWS)
    values: list[CellValue] = []
    for _row in spec.rows:
        parts = [draw(_SMALL) for _ in spec.columns[:-1]]
        values.extend([*map(Count, parts), Count(sum(parts))])
    return Table(key=TableKey.REVIEWS, edition=edition, values=tuple(values))


def _cell_int(table: Table, key: str) -> int:
    value = table[key]
    assert isinstance(value, Count)
    return value.value


def _narrative(requests: Table, reviews: Table) -> tuple[Paragraph, ...]:
    """Overview sentences that quote the tables correctly."""
    received = _cell_int(requests, "requests.new_received.total")
    reconsideration = _cell_int(reviews, "reviews.reconsideration.total")
    litigation = _cell_int(reviews, "reviews.litigation_direct.total") + _cell_int(
        reviews, "reviews.litigation_after_reconsideration.total"
    )
    return (
        Paragraph(f"全年共收到政府信息公开申请{received}件，均已按时答复。"),
        Paragraph(f"因政府信息公开被申请行政复议{reconsideration}件，被提起行政诉讼{litigation}件。"),
    )


@st.composite
def consistent_reports(draw: st.DrawFn, edition: Edition | None = None) -> AnnualReport:
    """A complete gb report: six sections, three tables, arithmetic and narrative in agreement."""
    chosen = edition or draw(st.sampled_from(GB_EDITIONS))
    low, high = _YEARS[chosen]
    year = draw(st.integers(min_value=low, max_value=high))
    notice = EDITIONS[chosen].notice
    tables_by_key = {
        TableKey.PROACTIVE: draw(proactive_tables(chosen)),
        TableKey.REQUESTS: draw(consistent_requests_table(chosen)),
        TableKey.REVIEWS: draw(consistent_reviews_table(chosen)),
    }
    overview: tuple[Block, ...] = (
        Heading("（一）依申请公开"),
        *_narrative(tables_by_key[TableKey.REQUESTS], tables_by_key[TableKey.REVIEWS]),
    )
    sections = tuple(
        Section(
            title=spec.title,
            kind=spec.kind,
            blocks=overview if spec.number == 1 else (),
            table=tables_by_key[spec.table] if spec.table is not None else None,
        )
        for spec in SECTIONS
    )
    agency = draw(st.sampled_from(_AGENCIES))
    metadata = Metadata(
        edition=chosen,
        agency=agency,
        year=year,
        title=f"{agency}{year}年政府信息公开工作年度报告",
        preamble=(Paragraph(f"本报告依据《条例》和《通知》（{notice}）编制。"),),
    )
    return AnnualReport(metadata=metadata, sections=sections)


@st.composite
def reports(draw: st.DrawFn) -> AnnualReport:
    """Any valid gb report model: tables with any values, sections possibly missing."""
    edition = draw(st.sampled_from(GB_EDITIONS))
    kept = draw(st.lists(st.sampled_from(SECTIONS), unique=True, max_size=len(SECTIONS)))
    sections = tuple(
        Section(
            title=spec.title,
            kind=spec.kind,
            table=draw(st.none() | tables(spec.table, edition)) if spec.table is not None else None,
        )
        for spec in sorted(kept, key=lambda spec: spec.number)
    )
    metadata = Metadata(edition=edition, agency=draw(st.sampled_from(_AGENCIES)), year=draw(st.integers(2019, 2025)))
    return AnnualReport(metadata=metadata, sections=sections)


def rule_cells(edition: Edition) -> tuple[CellKey, ...]:
    """Every cell some sum rule of the edition reads, in template order."""
    keys = {key for rule in EDITIONS[edition].rules for key in (*rule.left, *rule.right)}
    ordered = [*table_spec(edition, TableKey.REQUESTS).cell_keys, *table_spec(edition, TableKey.REVIEWS).cell_keys]
    return tuple(key for key in ordered if key in keys)


# --------------------------------------------------------------------------------------
# Whole documents of every edition, with narrative built to break the serializer
# (canonical text, JSON and cells round-trips).
# --------------------------------------------------------------------------------------

#: Fragments that look like structure, markup or escapes when they start or sit in a line.
HOSTILE_FRAGMENTS = (
    "|",
    "| a | b |",
    "一、",
    "二、主动公开政府信息情况",
    "（一）",
    "(1)",
    "1.",
    "1、",
    "- ",
    "- 格式：gb2021",
    "- 发布机关：某局",
    "# ",
    "## 一、总体情况",
    "### ",
    "**",
    "_",
    "`",
    "~~",
    "[链接](http://example.com)",
    "&",
    "&amp;",
    "&#19968;",
    "&#x4e00;",
    "<br>",
    "<",
    ">",
    "\\",
    "\\|",
    "\u3000",
    "  ",
    "\t",
    "\u00a0",
    "😀",
    "---",
    "第二十条第（一）项",
    "规章 0 0 0",
    "行政许可\t12",
    "一、本年新收政府信息公开申请数量 1 2 3 4 5 6 21",
    "行政复议 0 0 0 0 0",
    "信息内容",
    "申请人情况",
    "3020.782万元",
    "/",
    "—",
    "无",
    "附：未能归类的内容",
    "（第12行）",
    "2026年1月23日",
    "- 3 -",
    "登录 注册",
    "正文",
)

_NARRATIVE_CHARS = st.characters(codec="utf-8", exclude_categories=["Cs", "Cc", "Zl", "Zp"]) | st.sampled_from(
    "，。、；：“”（）《》0123456789abc"
)


def _one_line(text: str) -> str:
    """Collapse line breaks so the text fits a single-line field, and trim it."""
    return " ".join(text.splitlines()).strip()


def narrative_texts(*, min_size: int = 1) -> st.SearchStrategy[str]:
    """A single stripped line of narrative that tries hard to look like structure."""
    pieces = st.lists(
        st.one_of(
            st.sampled_from(HOSTILE_FRAGMENTS),
            st.text(_NARRATIVE_CHARS, min_size=1, max_size=12),
            st.text(_TEXT_CHARS, min_size=1, max_size=40),
        ),
        min_size=1,
        max_size=6,
    )
    long_lines = st.text(_TEXT_CHARS, min_size=200, max_size=600)
    return (
        st.one_of(pieces.map("".join), long_lines)
        .map(_one_line)
        .filter(lambda text: len(text) >= min_size and text == text.strip())
    )


def _note_texts() -> st.SearchStrategy[str]:
    return st.sampled_from(("", "", "（其中修订16件）", "件", "（含上年结转）", "项"))


def document_cell_values(column: ColumnSpec) -> st.SearchStrategy[CellValue]:
    """Any value a cell can hold, with notes, units and decimal places the readers must keep."""
    if column.kind is ValueKind.MONEY:
        units = (column.unit,) if column.unit is not None else tuple(MoneyUnit)
        numbers: st.SearchStrategy[CellValue] = st.builds(
            Money,
            st.decimals(min_value=0, max_value=10**7, places=3, allow_nan=False, allow_infinity=False)
            | st.integers(0, 10**6).map(Decimal)
            | st.sampled_from((Decimal("3020.782"), Decimal("0.50"), Decimal("12.0"))),
            st.sampled_from(units),
            _note_texts(),
        )
    elif column.kind is ValueKind.CHANGE:
        numbers = st.builds(Count, st.integers(min_value=-999, max_value=999), _note_texts())
    else:
        numbers = st.builds(Count, st.integers(min_value=0, max_value=10**6), _note_texts())
    return st.one_of(
        numbers,
        numbers,
        st.just(BLANK),
        st.sampled_from(NOT_APPLICABLE_MARKS).map(NotApplicable),
        st.text(_TEXT_CHARS, min_size=1, max_size=6).map(Text),
    )


@st.composite
def document_tables(draw: st.DrawFn, key: TableKey, edition: Edition) -> Table:
    """A table with any values, notes and units."""
    spec = table_spec(edition, key)
    values = tuple(draw(document_cell_values(column)) for _, column in spec.cells())
    return Table(key=key, edition=edition, values=values)


def _blocks() -> st.SearchStrategy[tuple[Block, ...]]:
    block: st.SearchStrategy[Block] = st.one_of(
        narrative_texts().map(Paragraph), narrative_texts().map(Paragraph), narrative_texts().map(Heading)
    )
    return st.lists(block, max_size=5).map(tuple)


@st.composite
def documents(draw: st.DrawFn, edition: Edition | None = None) -> AnnualReport:
    """A whole report of any edition: front matter, sections, tables and unplaced content."""
    chosen = edition or draw(st.sampled_from(tuple(Edition)))
    optional_text = st.none() | narrative_texts()
    metadata = Metadata(
        edition=chosen,
        agency=draw(optional_text),
        year=draw(st.none() | st.integers(min_value=1990, max_value=2100)),
        title=draw(optional_text),
        published=draw(st.none() | st.dates()),
        preamble=tuple(draw(st.lists(narrative_texts().map(Paragraph), max_size=3))),
    )
    sections: list[Section] = []
    if chosen is Edition.LEGACY:
        count = draw(st.integers(0, 4))
        sections.extend(Section(title=draw(narrative_texts()), blocks=draw(_blocks())) for _ in range(count))
    else:
        kept = draw(st.lists(st.sampled_from(SECTIONS), unique=True, max_size=len(SECTIONS)))
        for spec in sorted(kept, key=lambda spec: spec.number):
            if draw(st.booleans()) and spec.number > 1:
                sections.append(Section(title=draw(narrative_texts()), blocks=draw(_blocks())))
            table = draw(st.none() | document_tables(spec.table, chosen)) if spec.table is not None else None
            sections.append(Section(title=spec.title, kind=spec.kind, blocks=draw(_blocks()), table=table))
    unplaced = draw(
        st.lists(
            st.builds(Unplaced, narrative_texts(min_size=0) | st.text(max_size=20), st.none() | st.integers(1, 10**6)),
            max_size=3,
        )
    )
    return AnnualReport(metadata=metadata, sections=tuple(sections), unplaced=tuple(unplaced))
