"""Reports as tidy data: one record per template cell, a pandas frame, Parquet, findings.

A record is the ``cells`` export of ``spec/cells.md`` plus the report's metadata and two
typed columns, so a notebook never has to re-read cell text:

- ``number``: the cell's number (``int`` for counts, :class:`~decimal.Decimal` for money,
  exact), ``None`` when the cell holds no number;
- ``state``: ``number``, ``blank``, ``not_applicable`` or ``text``, because an empty
  ``value`` means either "not reported" or "not applicable" and blank is never zero.

pandas and pyarrow are optional (``pip install 'gov-disclosure[pandas]'``) and imported
only by :func:`to_frame` and :func:`to_parquet`.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from os import PathLike
from typing import TYPE_CHECKING, Any, Protocol, Union, cast

from gov_disclosure.batch import BatchItem, BatchResult, ValidateOutcome
from gov_disclosure.cells import CellRecord, iter_cells
from gov_disclosure.cellvalues import format_cell
from gov_disclosure.diagnostics import ParseResult, Severity, SourceMap, SourceSpan
from gov_disclosure.model import AnnualReport, Blank, CellValue, Count, Money, NotApplicable
from gov_disclosure.validate import CellRef

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "FINDING_COLUMNS",
    "RECORD_COLUMNS",
    "Exportable",
    "Findings",
    "findings_to_csv",
    "findings_to_json",
    "to_frame",
    "to_parquet",
    "to_records",
]

#: Keys of every record, in order (also the columns of :func:`to_frame`).
RECORD_COLUMNS = (
    "source",
    "agency",
    "year",
    "edition",
    "section",
    "row",
    "column",
    "value",
    "unit",
    "line",
    "col",
    "number",
    "state",
)

#: Columns of :func:`findings_to_csv`, in order.
FINDING_COLUMNS = ("source", "severity", "code", "message", "cells", "line", "col", "path")

_Report = Union[AnnualReport, ParseResult, ValidateOutcome]
#: What the export functions accept: a report, a parse result, a ``(source, report)`` pair,
#: a batch item or a whole batch, or any iterable of those.
Exportable = Union[
    _Report,
    tuple[str, _Report],
    BatchItem[Any],
    BatchResult[Any],
    Iterable[Union[_Report, tuple[str, _Report], BatchItem[Any]]],
]

#: Values of the ``state`` column.
_STATES = ("number", "blank", "not_applicable", "text")

_PANDAS_HINT = "pip install 'gov-disclosure[pandas]'"


# --------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------


def _unpack(report: object) -> tuple[AnnualReport, SourceMap | None]:
    if isinstance(report, ValidateOutcome):
        report = report.parsed
    if isinstance(report, ParseResult):
        return report.report, report.source_map
    if isinstance(report, AnnualReport):
        return report, None
    raise TypeError(
        f"expected an AnnualReport, a ParseResult or a ValidateOutcome, got {type(report).__name__}"
        " (run the batch with parse_task or validate_task)"
    )


def _sources(items: Exportable) -> Iterator[tuple[str | None, AnnualReport, SourceMap | None]]:
    """Each report with its source path (when known) and source map, in order."""
    if isinstance(items, (AnnualReport, ParseResult, ValidateOutcome, BatchItem)) or (
        isinstance(items, tuple) and len(items) == 2 and isinstance(items[0], str)
    ):
        items = [items]  # a single entry of any accepted kind
    for entry in items:
        if isinstance(entry, BatchItem):
            if not entry.ok:
                continue  # an unreadable file has no cells; BatchResult.failures lists it
            yield (entry.path, *_unpack(entry.result))
        elif isinstance(entry, tuple):
            source, report = entry
            yield (source, *_unpack(report))
        else:
            yield (None, *_unpack(entry))


def _state(value: CellValue) -> str:
    if isinstance(value, (Count, Money)):
        return "number"
    if isinstance(value, Blank):
        return "blank"
    if isinstance(value, NotApplicable):
        return "not_applicable"
    return "text"


def _number(value: CellValue) -> int | Decimal | None:
    if isinstance(value, Count):
        return value.value
    if isinstance(value, Money):
        return value.amount
    return None


def _typed_value(report: AnnualReport, record: CellRecord) -> CellValue:
    """The model value behind a record (blank when the report lacks the whole table)."""
    try:
        return report.cell(record.key)
    except KeyError:
        return Blank()


def to_records(items: Exportable) -> list[dict[str, Any]]:
    """One dict per template cell of every report, keys :data:`RECORD_COLUMNS`.

    ``value`` and ``unit`` are the ``cells`` export's text; ``number`` is exact (``int``
    or ``Decimal``) or ``None``; ``line``/``col`` are known only for parse results.

    >>> from gov_disclosure.model import Metadata
    >>> from gov_disclosure.template import Edition
    >>> to_records(AnnualReport(Metadata(Edition.LEGACY)))
    []
    """
    records: list[dict[str, Any]] = []
    for source, report, source_map in _sources(items):
        meta = report.metadata
        for record in iter_cells(report, source_map):
            value = _typed_value(report, record)
            records.append(
                {
                    "source": source,
                    "agency": meta.agency,
                    "year": meta.year,
                    "edition": meta.edition.value,
                    "section": record.section,
                    "row": record.row,
                    "column": record.column,
                    "value": record.value,
                    "unit": record.unit,
                    "line": record.line,
                    "col": record.col,
                    "number": _number(value),
                    "state": _state(value),
                }
            )
    return records


# --------------------------------------------------------------------------------------
# pandas and Parquet
# --------------------------------------------------------------------------------------


def _pandas() -> Any:
    try:
        import pandas  # noqa: PLC0415 - optional dependency
    except ImportError:
        raise ImportError(f"to_frame needs pandas: {_PANDAS_HINT}") from None
    return pandas


def to_frame(items: Exportable) -> pd.DataFrame:
    """A tidy pandas DataFrame: one row per cell, columns :data:`RECORD_COLUMNS`.

    ``year``, ``line`` and ``col`` are nullable integers; ``number`` is a nullable float
    (``<NA>`` unless ``state == "number"``; the exact text stays in ``value``); ``state``
    is categorical. Blank cells are ``<NA>``, never ``0``.

    Raises:
        ImportError: pandas is not installed.
    """
    pandas = _pandas()
    records = to_records(items)
    for record in records:
        number = record["number"]
        record["number"] = None if number is None else float(number)
    frame = pandas.DataFrame.from_records(records, columns=list(RECORD_COLUMNS))
    dtypes = dict.fromkeys(("source", "agency", "edition", "section", "row", "column", "value", "unit"), "string")
    dtypes.update({"year": "Int64", "line": "Int64", "col": "Int64", "number": "Float64"})
    frame = frame.astype(dtypes)
    frame["state"] = pandas.Categorical(frame["state"], categories=list(_STATES))
    return cast("pd.DataFrame", frame)


def to_parquet(data: pd.DataFrame | Exportable, path: str | PathLike[str]) -> None:
    """Write a frame (or the :func:`to_frame` of reports) to a Parquet file with pyarrow.

    Raises:
        ImportError: pandas or pyarrow is not installed.
    """
    pandas = _pandas()
    if importlib.util.find_spec("pyarrow") is None:
        raise ImportError(f"to_parquet needs pyarrow: {_PANDAS_HINT}")
    frame = cast("pd.DataFrame", data) if isinstance(data, pandas.DataFrame) else to_frame(cast("Exportable", data))
    frame.to_parquet(path, engine="pyarrow", index=False)


# --------------------------------------------------------------------------------------
# Findings
# --------------------------------------------------------------------------------------


class _FindingLike(Protocol):
    """A validation Finding or a reader Diagnostic: both have these fields."""

    @property
    def code(self) -> str: ...

    @property
    def severity(self) -> Severity: ...

    @property
    def message(self) -> str: ...

    @property
    def span(self) -> SourceSpan | None: ...

    @property
    def cells(self) -> Sequence[object]: ...


#: Findings (or diagnostics) of one report, or ``(source, findings)`` pairs for many.
Findings = Union[Sequence[_FindingLike], Iterable[tuple[str, Sequence[_FindingLike]]]]


def _with_sources(findings: Findings) -> Iterator[tuple[str | None, _FindingLike]]:
    for entry in findings:
        if isinstance(entry, tuple):
            source, group = entry
            for finding in group:
                yield source, finding
        else:
            yield None, entry


def _cell_json(cell: object) -> dict[str, Any]:
    """A finding's cell (a validate ``CellRef`` or a diagnostic's key string) as plain JSON."""
    if isinstance(cell, CellRef):
        return {"key": cell.key, "value": format_cell(cell.value), **_span_json(cell.span)}
    return {"key": str(cell)}


def _span_json(span: SourceSpan | None) -> dict[str, Any]:
    if span is None:
        return {"line": None, "col": None, "path": None}
    return {"line": span.line, "col": span.column, "path": span.path}


def _cell_key(cell: object) -> str:
    return cell.key if isinstance(cell, CellRef) else str(cell)


def findings_to_json(findings: Findings) -> str:
    """Findings as a JSON array of plain objects (with ``source`` when sources are given).

    Each object has ``code``, ``severity``, ``message``, ``line``/``col``/``path`` and
    ``cells`` (each cell's ``key``, canonical ``value`` text and location).

    >>> findings_to_json([])
    '[]'
    """
    documents = []
    for source, finding in _with_sources(findings):
        document: dict[str, Any] = {} if source is None else {"source": source}
        document.update(code=finding.code, severity=finding.severity.value, message=finding.message)
        document.update(_span_json(finding.span))
        document["cells"] = [_cell_json(cell) for cell in finding.cells]
        documents.append(document)
    return json.dumps(documents, ensure_ascii=False, indent=2)


def findings_to_csv(findings: Findings) -> str:
    r"""Findings as CSV text with columns :data:`FINDING_COLUMNS` (cell keys joined by spaces).

    >>> findings_to_csv([])
    'source,severity,code,message,cells,line,col,path\n'
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FINDING_COLUMNS)
    for source, finding in _with_sources(findings):
        span = finding.span
        writer.writerow(
            [
                source or "",
                finding.severity.value,
                finding.code,
                finding.message,
                " ".join(_cell_key(cell) for cell in finding.cells),
                "" if span is None else span.line,
                "" if span is None else span.column,
                "" if span is None or span.path is None else span.path,
            ]
        )
    return out.getvalue()
