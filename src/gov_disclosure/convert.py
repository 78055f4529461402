"""JSON in and out through a private cattrs converter.

The JSON holds plain types only: Decimal amounts as strings (never floats), dates in
ISO form, enums by value, and each cell value tagged with a ``"type"`` field so blank,
not-applicable, text and numbers stay distinct. ``schema_version`` says which layout a
document follows. Errors name the JSON path of the offending value.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal, InvalidOperation
from typing import Any

import cattrs
from cattrs.preconf.json import make_converter as _make_json_converter

from gov_disclosure.decode import MAX_INPUT_BYTES
from gov_disclosure.errors import InputTooLargeError, ParseError
from gov_disclosure.model import (
    AnnualReport,
    Blank,
    Block,
    CellValue,
    Count,
    Heading,
    Money,
    NotApplicable,
    Paragraph,
    Table,
    Text,
)
from gov_disclosure.template import Edition, MoneyUnit, TableKey, table_spec

__all__ = ["SCHEMA_VERSION", "configure_converter", "from_json", "make_converter", "to_json"]

#: Version of the JSON layout; bumped when a field changes meaning or shape.
SCHEMA_VERSION = 1

_CELL_TYPES: dict[type[Any], str] = {
    Count: "count",
    Money: "money",
    Blank: "blank",
    NotApplicable: "not_applicable",
    Text: "text",
}


def _unstructure_cell(value: CellValue) -> dict[str, Any]:
    if isinstance(value, Count):
        return {"type": "count", "value": value.value, "note": value.note}
    if isinstance(value, Money):
        return {"type": "money", "amount": str(value.amount), "unit": value.unit.value, "note": value.note}
    if isinstance(value, NotApplicable):
        return {"type": "not_applicable", "mark": value.mark}
    if isinstance(value, Text):
        return {"type": "text", "raw": value.raw}
    return {"type": "blank"}


def _structure_cell(data: Any, _type: object) -> CellValue:
    if not isinstance(data, dict):
        raise TypeError(f"a cell must be an object with a 'type', got {type(data).__name__}")
    kind = data.get("type")
    if kind == "count":
        number = data["value"]
        if not isinstance(number, int) or isinstance(number, bool):
            raise TypeError(f"a count's value must be an integer, got {number!r}")
        return Count(number, str(data.get("note", "")))
    if kind == "money":
        try:
            amount = Decimal(str(data["amount"]))
        except InvalidOperation as error:
            raise ValueError(f"not a decimal amount: {data['amount']!r}") from error
        return Money(amount, MoneyUnit(data.get("unit", "")), str(data.get("note", "")))
    if kind == "not_applicable":
        return NotApplicable(str(data["mark"]))
    if kind == "text":
        return Text(str(data["raw"]))
    if kind == "blank":
        return Blank()
    raise ValueError(f"unknown cell type {kind!r}; expected one of {sorted(_CELL_TYPES.values())}")


def _unstructure_block(block: Block) -> dict[str, str]:
    return {"type": "heading" if isinstance(block, Heading) else "paragraph", "text": block.text}


def _structure_block(data: Any, _type: object) -> Block:
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise TypeError("a block must be an object with a 'type' and a 'text' string")
    if data.get("type") == "heading":
        return Heading(data["text"])
    if data.get("type") == "paragraph":
        return Paragraph(data["text"])
    raise ValueError(f"unknown block type {data.get('type')!r}; expected 'heading' or 'paragraph'")


def _unstructure_table(table: Table) -> dict[str, Any]:
    cells = []
    for key, value in table.cells():
        cell = _unstructure_cell(value)
        cells.append({"cell": f"{key.row}.{key.column}", **cell})
    return {"key": table.key.value, "edition": table.edition.value, "cells": cells}


def _structure_table(data: Any, _type: object) -> Table:
    if not isinstance(data, dict):
        raise TypeError(f"a table must be an object, got {type(data).__name__}")
    key, edition = TableKey(data["key"]), Edition(data["edition"])
    spec = table_spec(edition, key)
    given = data["cells"]
    if not isinstance(given, list):
        raise TypeError("a table's 'cells' must be a list")
    wanted = [f"{k.row}.{k.column}" for k in spec.cell_keys]
    names = [cell.get("cell") if isinstance(cell, dict) else None for cell in given]
    if names != wanted:
        missing = [name for name in wanted if name not in names]
        extra = [name for name in names if name not in wanted]
        raise ValueError(
            f"{key.value} ({edition.value}) cells must be the template's {len(wanted)} cells in order;"
            f" missing {missing[:3]}, unexpected {extra[:3]}"
        )
    values = []
    for index, cell in enumerate(given):
        try:
            values.append(_structure_cell(cell, CellValue))
        except (KeyError, TypeError, ValueError) as error:  # noqa: PERF203 - name the failing cell
            raise ValueError(f"cells[{index}] ({cell.get('cell')}): {error}") from error
    return Table(key=key, edition=edition, values=tuple(values))


def _format_exception(error: BaseException, type_: type[Any] | None) -> str:
    """The cattrs message, plus ours when one of our hooks explains what was wrong."""
    from cattrs.v import format_exception  # noqa: PLC0415 - only needed on errors

    base = format_exception(error, type_)
    if isinstance(error, (TypeError, ValueError)) and not isinstance(error, cattrs.BaseValidationError):
        return f"{base} ({error})"
    return base


def configure_converter(converter: cattrs.Converter) -> None:
    """Register the hooks that keep the JSON plain and the cell values tagged."""
    converter.register_unstructure_hook(Decimal, str)
    converter.register_structure_hook(Decimal, lambda data, _: Decimal(str(data)))
    converter.register_unstructure_hook(dt.date, dt.date.isoformat)
    converter.register_structure_hook(dt.date, lambda data, _: dt.date.fromisoformat(data))
    converter.register_unstructure_hook(Table, _unstructure_table)
    converter.register_structure_hook(Table, _structure_table)
    converter.register_unstructure_hook(CellValue, _unstructure_cell)
    converter.register_structure_hook(CellValue, _structure_cell)
    converter.register_unstructure_hook(Block, _unstructure_block)
    converter.register_structure_hook(Block, _structure_block)


def make_converter() -> cattrs.Converter:
    """A new converter for the report JSON (never the global one)."""
    converter = _make_json_converter(forbid_extra_keys=True)
    configure_converter(converter)
    return converter


_CONVERTER = make_converter()


def to_dict(report: AnnualReport) -> dict[str, Any]:
    """The report as plain JSON types, with ``schema_version`` first."""
    data: dict[str, Any] = _CONVERTER.unstructure(report, AnnualReport)
    return {"schema_version": SCHEMA_VERSION, **data}


def to_json(report: AnnualReport) -> str:
    """The report as JSON text (sorted keys, UTF-8 characters kept, two-space indent).

    >>> from gov_disclosure.model import AnnualReport, Metadata
    >>> print(to_json(AnnualReport(Metadata(Edition.LEGACY, agency="某镇人民政府", year=2018))))
    {
      "metadata": {
        "agency": "某镇人民政府",
        "edition": "legacy",
        "preamble": [],
        "published": null,
        "title": null,
        "year": 2018
      },
      "schema_version": 1,
      "sections": [],
      "unplaced": []
    }
    """
    return json.dumps(to_dict(report), ensure_ascii=False, sort_keys=True, indent=2)


def from_json(text: str | bytes, *, source: str | None = None) -> AnnualReport:
    """Read a report back from :func:`to_json`'s output; ``ParseError`` names the bad path."""
    if len(text) > MAX_INPUT_BYTES:
        raise InputTooLargeError(f"the JSON is larger than {MAX_INPUT_BYTES} bytes", source=source)
    try:
        data = json.loads(text)
    except RecursionError as error:
        raise InputTooLargeError("the JSON is nested too deeply to be a report", source=source) from error
    except ValueError as error:  # JSONDecodeError, UnicodeDecodeError, integers past the digit limit
        line = getattr(error, "lineno", None)
        column = getattr(error, "colno", None)
        raise ParseError(f"not JSON: {error}", source=source, line=line, column=column) from error
    if not isinstance(data, dict):
        raise ParseError("the JSON document must be an object", source=source)
    version = data.pop("schema_version", None)
    if version != SCHEMA_VERSION:
        raise ParseError(f"unsupported schema_version {version!r}; expected {SCHEMA_VERSION}", source=source)
    try:
        return _CONVERTER.structure(data, AnnualReport)
    except RecursionError as error:
        raise InputTooLargeError("the JSON is nested too deeply to be a report", source=source) from error
    except cattrs.BaseValidationError as error:
        messages = cattrs.transform_error(error, format_exception=_format_exception)
        raise ParseError("invalid report JSON: " + "; ".join(messages), source=source) from error
    except (KeyError, TypeError, ValueError) as error:
        raise ParseError(f"invalid report JSON: {error}", source=source) from error
