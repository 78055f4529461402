"""gov_disclosure: China's government information-disclosure annual reports as typed data.

Read a report with :func:`parse` (text, Markdown, PDF text or HTML) or :func:`read_file`,
write it back with :func:`to_text` (canonical text) or :func:`to_json`, and export
every template cell with :func:`iter_cells`.
"""

from __future__ import annotations

__version__ = "0.1.0"

from gov_disclosure.api import parse, parse_text, read_file, read_path
from gov_disclosure.canonical import to_text
from gov_disclosure.cells import CellRecord, iter_cells, write_cells_csv
from gov_disclosure.convert import from_json, to_json
from gov_disclosure.diagnostics import Diagnostic, ParseResult, Severity, SourceMap, SourceSpan
from gov_disclosure.errors import GovDisclosureError, InputTooLargeError, ParseError, UnreadableInputError
from gov_disclosure.model import (
    AnnualReport,
    Blank,
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
from gov_disclosure.template import CellKey, Edition, MoneyUnit, SectionKind, TableKey

__all__ = [
    "AnnualReport",
    "Blank",
    "CellKey",
    "CellRecord",
    "CellValue",
    "Count",
    "Diagnostic",
    "Edition",
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
    "Severity",
    "SourceMap",
    "SourceSpan",
    "Table",
    "TableKey",
    "Text",
    "Unplaced",
    "UnreadableInputError",
    "__version__",
    "from_json",
    "iter_cells",
    "parse",
    "parse_text",
    "read_file",
    "read_path",
    "to_json",
    "to_text",
    "write_cells_csv",
]
