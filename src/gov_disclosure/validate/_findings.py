"""Findings as data, the table of finding codes, and the labels messages quote."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

import regex
from attrs import frozen

from gov_disclosure.cellvalues import format_cell
from gov_disclosure.diagnostics import Severity, SourceMap, SourceSpan
from gov_disclosure.model import AnnualReport, Blank, CellValue, NotApplicable, Text
from gov_disclosure.template import CellKey, Edition, TableKey, table_spec

__all__ = [
    "FINDING_CODES",
    "CellRef",
    "Finding",
    "cell_label",
    "cell_ref",
    "column_label",
    "describe_value",
    "list_cells",
    "row_label",
    "short_label",
]

#: Every finding code validation can report, with its severity. Docs and tests read this.
FINDING_CODES: Mapping[str, Severity] = MappingProxyType(
    {
        "requests-row-total": Severity.ERROR,
        "requests-results-total": Severity.ERROR,
        "requests-balance": Severity.ERROR,
        "reviews-row-total": Severity.ERROR,
        "not-assessable": Severity.INFO,
        "count-negative": Severity.ERROR,
        "cell-not-number": Severity.WARNING,
        "section-missing": Severity.WARNING,
        "table-missing": Severity.WARNING,
        "table-empty": Severity.WARNING,
        "edition-year-mismatch": Severity.WARNING,
        "notice-mismatch": Severity.WARNING,
        "narrative-mismatch": Severity.WARNING,
        "regulations-implausible": Severity.WARNING,
        "carry-over-mismatch": Severity.WARNING,
        "stock-movement": Severity.WARNING,
    }
)

#: How many cells a message names before it says "and N more" (``cells`` has them all).
_MESSAGE_CELLS = 6

_TRAILING_NOTE = regex.compile(
    r"""
    ^(?P<label>.*?[^（）()])   # the label proper, e.g. （二）部分公开
    [（(][^（）()]*[）)]$      # a trailing bracketed note, e.g. （区分处理的，只计这一情形…）
    """,
    regex.VERBOSE,
)


@frozen
class CellRef:
    """One cell a finding concerns: its key, its value and where its text stood."""

    key: str
    value: CellValue
    span: SourceSpan | None = None


@frozen
class Finding:
    """One problem validation found: a stable ``code``, a severity and an actionable message.

    ``span`` is the span of the first of ``cells`` whose position in the source is known.
    """

    code: str
    severity: Severity
    message: str
    cells: tuple[CellRef, ...] = ()
    span: SourceSpan | None = None

    @classmethod
    def about(
        cls,
        code: str,
        message: str,
        report: AnnualReport,
        keys: Iterable[CellKey | str] = (),
        source_map: SourceMap | None = None,
    ) -> Finding:
        """A finding with the severity of its code, naming these cells of the report."""
        cells = tuple(cell_ref(report, key, source_map) for key in keys)
        span = next((cell.span for cell in cells if cell.span is not None), None)
        return cls(code=code, severity=FINDING_CODES[code], message=message, cells=cells, span=span)

    def __str__(self) -> str:
        where = f"{self.span}: " if self.span else ""
        return f"{where}{self.severity.value} {self.code} {self.message}"


def cell_ref(report: AnnualReport, key: CellKey | str, source_map: SourceMap | None) -> CellRef:
    """The reference to one cell of a report (blank when the report lacks its table)."""
    try:
        value: CellValue = report.cell(key)
    except KeyError:
        value = Blank()
    span = source_map.get(key) if source_map is not None else None
    return CellRef(key=str(key), value=value, span=span)


def short_label(label: str) -> str:
    """A template label without its trailing bracketed note: （二）部分公开."""
    match = _TRAILING_NOTE.match(label)
    return match["label"] if match else label


def row_label(key: CellKey, edition: Edition) -> str:
    """The official label of a cell's row (with its group for 四: 行政诉讼·复议后起诉)."""
    row = table_spec(edition, key.section).row(key.row)
    label = short_label(row.label)
    return f"{row.group}·{label}" if row.group and key.section is TableKey.REVIEWS else label


def column_label(key: CellKey, edition: Edition) -> str:
    """The official label of a cell's column."""
    return short_label(table_spec(edition, key.section).column(key.row, key.column).label)


def cell_label(key: CellKey, edition: Edition) -> str:
    """Row and column labels of a cell: ``（一）予以公开 · 总计``."""
    return f"{row_label(key, edition)} · {column_label(key, edition)}"


def describe_value(value: CellValue) -> str:
    """How a message names a value that is not a number: blank, a mark or text."""
    if isinstance(value, Blank):
        return "blank"
    if isinstance(value, NotApplicable):
        return f"not applicable “{value.mark}”"
    if isinstance(value, Text):
        return f"text “{value.raw}”"
    return format_cell(value)


def list_cells(cells: Iterable[CellRef]) -> str:
    """A short list of cells for a message: ``requests.granted.total (blank), …``."""
    items = [f"{cell.key} ({describe_value(cell.value)})" for cell in cells]
    shown = ", ".join(items[:_MESSAGE_CELLS])
    hidden = len(items) - _MESSAGE_CELLS
    return f"{shown} and {hidden} more" if hidden > 0 else shown
