"""gov_disclosure: China's government information-disclosure annual reports as typed data.

Read a report with :func:`parse` (text, Markdown, PDF text or HTML), :func:`read_file` or
:func:`parse_html`, write it back with :func:`to_text` (canonical text), :func:`to_json` or
:func:`to_html`, check its arithmetic with :func:`validate`, and export every template
cell with :func:`iter_cells` or :func:`to_records`. A whole corpus: :func:`discover` and
:func:`run_batch`.

Importing the package stays cheap: the HTML reader (and with it lxml) loads on first use
of :func:`parse_html`/:func:`read_html`, and pandas only inside :func:`to_frame`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

from gov_disclosure.api import parse, parse_text, read_file, read_path
from gov_disclosure.batch import discover, run_batch
from gov_disclosure.canonical import to_text
from gov_disclosure.cells import CellRecord, iter_cells, write_cells_csv
from gov_disclosure.convert import from_json, to_json
from gov_disclosure.diagnostics import Diagnostic, ParseResult, Severity, SourceMap, SourceSpan
from gov_disclosure.errors import GovDisclosureError, InputTooLargeError, ParseError, UnreadableInputError
from gov_disclosure.exports import to_frame, to_records
from gov_disclosure.html_writer import to_html
from gov_disclosure.model import (
    AnnualReport,
    Blank,
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
from gov_disclosure.schema import json_schema
from gov_disclosure.template import CellKey, Edition, MoneyUnit, SectionKind, TableKey
from gov_disclosure.validate import Finding, SeriesFinding, validate, validate_series

if TYPE_CHECKING:
    from gov_disclosure.readers.html import read_html
    from gov_disclosure.readers.html import read_html as parse_html

#: Public names whose modules import heavy dependencies (lxml): loaded on first access.
_LAZY = {
    "parse_html": ("gov_disclosure.readers.html", "read_html"),
    "read_html": ("gov_disclosure.readers.html", "read_html"),
}

__all__ = [
    "AnnualReport",
    "Blank",
    "Block",
    "CellKey",
    "CellRecord",
    "CellValue",
    "Count",
    "Diagnostic",
    "Edition",
    "Finding",
    "GovDisclosureError",
    "Heading",
    "InputTooLargeError",
    "Metadata",
    "Money",
    "MoneyUnit",
    "NotApplicable",
    "Paragraph",
    "ParseError",
    "ParseResult",
    "Section",
    "SectionKind",
    "SeriesFinding",
    "Severity",
    "SourceMap",
    "SourceSpan",
    "Table",
    "TableKey",
    "Text",
    "Unplaced",
    "UnreadableInputError",
    "__version__",
    "discover",
    "from_json",
    "iter_cells",
    "json_schema",
    "parse",
    "parse_html",
    "parse_text",
    "read_file",
    "read_html",
    "read_path",
    "run_batch",
    "to_frame",
    "to_html",
    "to_json",
    "to_records",
    "to_text",
    "validate",
    "validate_series",
    "write_cells_csv",
]


def __getattr__(name: str) -> Any:
    """Load the heavy public names (the HTML reader) on first access."""
    try:
        module, attribute = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
