"""Cells that hold no usable number: a negative count, other text, or a table with no number at all.

The model forbids a negative :class:`Count` in a count column, so a reader keeps such a
cell as ``Text("-3")``; this module recognises it by reading the text as a signed
change with :func:`gov_disclosure.cellvalues.read_cell`.
"""

from __future__ import annotations

from collections.abc import Iterator

from gov_disclosure.cellvalues import read_cell
from gov_disclosure.diagnostics import SourceMap
from gov_disclosure.model import AnnualReport, Blank, Count, NotApplicable, Text
from gov_disclosure.template import ValueKind

from ._findings import Finding, cell_label

__all__ = ["check_cells"]


def check_cells(report: AnnualReport, source_map: SourceMap | None) -> Iterator[Finding]:
    """A finding per table with no number, then one per text cell, in template order."""
    for table in report.tables:
        if all(isinstance(value, (Blank, NotApplicable)) for value in table.values):
            message = (
                f"every cell of the {table.key.value} table ({table.spec.caption}) is blank or not applicable; "
                "a report normally writes 0 for nothing to report — check the source: if it has numbers, the "
                "reader could not place them (see its diagnostics)"
            )
            yield Finding.about("table-empty", message, report, (), source_map)
    for table in report.tables:
        for (key, column), value in zip(table.spec.cells(), table.values):
            if not isinstance(value, Text):
                continue
            label = cell_label(key, report.edition)
            signed = read_cell(value.raw, ValueKind.CHANGE)
            if column.kind is ValueKind.COUNT and isinstance(signed, Count) and signed.value < 0:
                message = (
                    f"{key}: {label} is “{value.raw}”, a negative count; counts of requests, "
                    "cases and documents cannot be below zero — check the source for a stray "
                    "minus sign or a mis-keyed number"
                )
                yield Finding.about("count-negative", message, report, (key,), source_map)
            else:
                message = (
                    f"{key}: {label} holds “{value.raw}”, which is not a number; no check can use "
                    "this cell — check the source, the number may be damaged or run together with text"
                )
                yield Finding.about("cell-not-number", message, report, (key,), source_map)
