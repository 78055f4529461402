"""The ``check`` command: read reports, validate them, print findings like a linter.

One line per finding or doubtful reader diagnostic, ``path:line:col: severity code
message`` (``path: severity code message`` when the position is unknown), or one JSON
document with ``--format json``. Exit status: 0 when nothing is an error, 1 when a
report has an error, 2 when an input could not be read (highest wins).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TextIO

from attrs import frozen

from gov_disclosure.diagnostics import Diagnostic, ParseResult, Severity, SourceSpan
from gov_disclosure.errors import GovDisclosureError, ParseError
from gov_disclosure.model import CellValue, Count, Money, NotApplicable, Text
from gov_disclosure.validate import CellRef, Finding, SeriesFinding, validate, validate_series

__all__ = ["EXIT_ERRORS", "EXIT_OK", "EXIT_UNREADABLE", "OUTPUT_FORMATS", "check_command"]

EXIT_OK = 0
EXIT_ERRORS = 1
EXIT_UNREADABLE = 2
OUTPUT_FORMATS = ("text", "json")

#: Reader diagnostics at these severities cast doubt on a value and are shown.
_DOUBTFUL = (Severity.ERROR, Severity.WARNING)

_Item = Finding | SeriesFinding | Diagnostic


@frozen
class _Checked:
    """One input: its parse result (``None`` when unreadable) and everything to print about it."""

    path: str
    result: ParseResult | None = None
    error: str | None = None
    diagnostics: tuple[Diagnostic, ...] = ()
    findings: tuple[Finding | SeriesFinding, ...] = ()

    @property
    def items(self) -> tuple[_Item, ...]:
        return (*self.diagnostics, *self.findings)


def check_command(
    paths: Sequence[str],
    *,
    output_format: str = "text",
    stdout: TextIO,
    stderr: TextIO,
) -> int:
    """Check each path (``-`` reads standard input) and print what is wrong; return the exit status."""
    if output_format not in OUTPUT_FORMATS:
        stderr.write(f"error: unknown output format {output_format!r} (choose from {', '.join(OUTPUT_FORMATS)})\n")
        return EXIT_UNREADABLE
    checked = [_check_one(path, stderr) for path in paths]
    checked = _with_series(checked)
    if output_format == "json":
        json.dump(_json_document(checked), stdout, ensure_ascii=False, indent=2)
        stdout.write("\n")
    else:
        for entry in checked:
            stdout.writelines(_line(entry.path, item, checked) + "\n" for item in entry.items)
    errors, warnings = _count(checked)
    stderr.write(f"{len(checked)} files, {errors} errors, {warnings} warnings\n")
    if any(entry.result is None for entry in checked):
        return EXIT_UNREADABLE
    return EXIT_ERRORS if errors else EXIT_OK


def _check_one(path: str, stderr: TextIO) -> _Checked:
    from gov_disclosure.api import read_path  # noqa: PLC0415 - the readers load only when a file is checked

    try:
        result = read_path(path)
    except GovDisclosureError as error:
        message = _one_line(error)
        stderr.write(f"{path}: error unreadable-input {message}\n")
        return _Checked(path=path, error=message)
    diagnostics = tuple(d for d in result.diagnostics if d.severity in _DOUBTFUL)
    findings = validate(result.report, source_map=result.source_map)
    return _Checked(path=path, result=result, diagnostics=diagnostics, findings=findings)


def _one_line(error: GovDisclosureError) -> str:
    """The error's message without the source name and caret lines ``str()`` adds."""
    if isinstance(error, ParseError):
        where = "" if error.line is None else f"line {error.line}: "
        return where + error.message.replace("\n", " ")
    return str(error).replace("\n", " ")


def _with_series(checked: list[_Checked]) -> list[_Checked]:
    """Attach cross-year findings to the later report of each pair."""
    readable = [(i, entry.result) for i, entry in enumerate(checked) if entry.result is not None]
    if len(readable) < 2:
        return checked
    series = validate_series(
        [result.report for _, result in readable],
        source_maps=[result.source_map for _, result in readable],
    )
    extra: dict[int, list[SeriesFinding]] = {}
    for finding in series:
        extra.setdefault(readable[finding.report][0], []).append(finding)
    return [
        _Checked(entry.path, entry.result, entry.error, entry.diagnostics, (*entry.findings, *extra.get(i, ())))
        for i, entry in enumerate(checked)
    ]


def _series_path(finding: SeriesFinding, checked: list[_Checked]) -> str:
    readable = [entry for entry in checked if entry.result is not None]
    return readable[finding.previous].path


def _where(path: str, span: SourceSpan | None) -> str:
    return f"{path}:{span.line}:{span.column}" if span is not None else path


def _line(path: str, item: _Item, checked: list[_Checked]) -> str:
    text = f"{_where(path, item.span)}: {item.severity.value} {item.code} {item.message}"
    if isinstance(item, SeriesFinding):
        text += f" (previous report: {_series_path(item, checked)})"
    return text


def _count(checked: list[_Checked]) -> tuple[int, int]:
    """Errors (unreadable inputs included) and warnings over every input."""
    severities = [item.severity for entry in checked for item in entry.items]
    unreadable = sum(entry.result is None for entry in checked)
    return severities.count(Severity.ERROR) + unreadable, severities.count(Severity.WARNING)


# --------------------------------------------------------------------------------------
# JSON
# --------------------------------------------------------------------------------------

_JSON = dict[str, object]


def _json_document(checked: list[_Checked]) -> _JSON:
    errors, warnings = _count(checked)
    infos = sum(item.severity is Severity.INFO for entry in checked for item in entry.items)
    return {
        "files": [_json_file(entry, checked) for entry in checked],
        "summary": {"files": len(checked), "errors": errors, "warnings": warnings, "infos": infos},
    }


def _json_file(entry: _Checked, checked: list[_Checked]) -> _JSON:
    report = entry.result.report if entry.result is not None else None
    return {
        "path": entry.path,
        "readable": entry.result is not None,
        "error": entry.error,
        "agency": report.agency if report is not None else None,
        "year": report.year if report is not None else None,
        "edition": report.edition.value if report is not None else None,
        "diagnostics": [_json_diagnostic(d) for d in entry.diagnostics],
        "findings": [_json_finding(f, checked) for f in entry.findings],
    }


def _json_span(span: SourceSpan | None) -> _JSON:
    """Line and column (1-based), and for HTML input the element path; ``None`` when unknown."""
    if span is None:
        return {"line": None, "column": None, "element": None}
    return {"line": span.line, "column": span.column, "element": span.path}


def _json_diagnostic(diagnostic: Diagnostic) -> _JSON:
    return {
        "code": diagnostic.code,
        "severity": diagnostic.severity.value,
        "message": diagnostic.message,
        **_json_span(diagnostic.span),
        "cells": list(diagnostic.cells),
    }


def _json_finding(finding: Finding | SeriesFinding, checked: list[_Checked]) -> _JSON:
    data: _JSON = {
        "code": finding.code,
        "severity": finding.severity.value,
        "message": finding.message,
        **_json_span(finding.span),
        "cells": [_json_cell(cell) for cell in finding.cells],
    }
    if isinstance(finding, SeriesFinding):
        data["previous"] = {
            "path": _series_path(finding, checked),
            "cells": [_json_cell(cell) for cell in finding.previous_cells],
        }
    return data


def _json_cell(cell: CellRef) -> _JSON:
    return {"key": cell.key, **_json_value(cell.value), **_json_span(cell.span)}


def _json_value(value: CellValue) -> _JSON:
    """A cell value as plain JSON: its kind and its canonical text (numbers as strings keep precision)."""
    if isinstance(value, Count):
        return {"kind": "count", "value": value.value, "note": value.note}
    if isinstance(value, Money):
        return {"kind": "money", "value": f"{value.amount:f}", "unit": value.unit.value, "note": value.note}
    if isinstance(value, NotApplicable):
        return {"kind": "not_applicable", "value": value.mark}
    if isinstance(value, Text):
        return {"kind": "text", "value": value.raw}
    return {"kind": "blank", "value": None}
