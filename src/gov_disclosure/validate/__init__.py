"""Validation: does a report add up, is it whole, and do its parts agree?

:func:`validate` returns every finding for one report at once, in a fixed order:
structure (sections, tables, edition against year and notice), cells that are not
numbers, the template's arithmetic (errors, then ``not-assessable`` infos), the
narrative against the tables, and implausible 规章. :func:`validate_series` compares
consecutive reports of one body. Every code and its severity is in
:data:`FINDING_CODES`; ``docs/validation.md`` explains each.

>>> from gov_disclosure.model import AnnualReport, Metadata
>>> from gov_disclosure.template import Edition
>>> [f.code for f in validate(AnnualReport(Metadata(Edition.LEGACY, year=2015)))]
[]
"""

from __future__ import annotations

from gov_disclosure.diagnostics import SourceMap
from gov_disclosure.model import AnnualReport

from ._arithmetic import check_arithmetic
from ._cells import check_cells
from ._findings import FINDING_CODES, CellRef, Finding
from ._narrative import check_narrative, check_regulations
from ._series import SeriesFinding, body_key, same_body, validate_series
from ._structure import check_structure

__all__ = [
    "FINDING_CODES",
    "CellRef",
    "Finding",
    "SeriesFinding",
    "body_key",
    "same_body",
    "validate",
    "validate_series",
]


def validate(report: AnnualReport, *, source_map: SourceMap | None = None) -> tuple[Finding, ...]:
    """Every finding for one report; ``source_map`` locates the cells each finding names.

    The order is deterministic: by check (see the module docstring), then template order.
    """
    return (
        *check_structure(report),
        *check_cells(report, source_map),
        *check_arithmetic(report, source_map),
        *check_narrative(report, source_map),
        *check_regulations(report, source_map),
    )
