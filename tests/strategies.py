"""Hypothesis strategies for reports, built from the model and the template.

``reports()`` draws any valid model; ``consistent_reports()`` draws complete gb reports
whose template arithmetic holds, whose narrative agrees with the tables and whose
structure is whole, so validation must find no error in them.
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
    "cell_values",
    "consistent_reports",
    "consistent_requests_table",
    "consistent_reviews_table",
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
