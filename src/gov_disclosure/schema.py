"""The JSON Schema (draft 2020-12) of :func:`gov_disclosure.convert.to_json`'s output.

The schema is generated, not written by hand, so it cannot drift from the code: plain
attrs classes are walked field by field with their type hints (the converter
unstructures them field by field), and the types the converter has hooks for (cell
values, blocks, tables, ``Decimal``, dates, enums) get the shapes those hooks write.
Tables are generated from the template: for each edition and table, the exact list of
cells in template order, each allowing only the value types its column can hold.

>>> schema = json_schema()
>>> schema["$schema"]
'https://json-schema.org/draft/2020-12/schema'
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from decimal import Decimal
from typing import Any, Union

import attrs

from gov_disclosure import model
from gov_disclosure.convert import SCHEMA_VERSION
from gov_disclosure.model import AnnualReport, Block, CellValue, Table
from gov_disclosure.template import EDITIONS, ColumnSpec, MoneyUnit, ValueKind

__all__ = ["SCHEMA_ID", "json_schema"]

#: The schema's ``$id``: names the layout version it describes.
SCHEMA_ID = f"https://gov-disclosure.invalid/schema/report-v{SCHEMA_VERSION}.json"

_DRAFT = "https://json-schema.org/draft/2020-12/schema"

#: End of input in both Python and ECMAScript regex (``$`` also matches before a final newline).
_END = r"(?![\s\S])"
_SINGLE_LINE = {"type": "string", "pattern": rf"^[^\r\n]*{_END}"}
_NONEMPTY_LINE = {"type": "string", "minLength": 1, "pattern": rf"^[^\r\n]+{_END}"}

#: Field validators of the model and the string shape each one enforces.
_VALIDATED_STRINGS: dict[object, dict[str, Any]] = {
    model._check_single_line: _SINGLE_LINE,
    model._check_note: _SINGLE_LINE,
    model._check_nonempty_line: _NONEMPTY_LINE,
}

_DECIMAL = {"type": "string", "pattern": rf"^-?[0-9]+(\.[0-9]+)?{_END}", "description": "an exact decimal"}


# --------------------------------------------------------------------------------------
# Shapes written by the converter's hooks (see convert.py)
# --------------------------------------------------------------------------------------


def _cell_defs() -> dict[str, Any]:
    """One definition per tagged cell shape, plus the per-kind unions a column allows."""
    note = dict(_SINGLE_LINE)
    units = [unit.value for unit in MoneyUnit]

    def tagged(tag: str, **properties: Any) -> dict[str, Any]:
        properties = {"cell": {"type": "string"}, "type": {"const": tag}, **properties}
        return {
            "type": "object",
            "properties": properties,
            "required": sorted(name for name in properties if name != "cell"),
            "additionalProperties": False,
        }

    return {
        "count_cell": tagged("count", value={"type": "integer", "minimum": 0}, note=note),
        "change_cell": tagged("count", value={"type": "integer"}, note=note),
        "money_cell": tagged("money", amount=_DECIMAL, unit={"enum": units}, note=note),
        "blank_cell": tagged("blank"),
        "not_applicable_cell": tagged("not_applicable", mark=_NONEMPTY_LINE),
        "text_cell": tagged("text", raw=_NONEMPTY_LINE),
    }


#: Which cell shapes a column of each kind may hold (Blank, NotApplicable, Text fit any).
_KIND_CELLS = {
    ValueKind.COUNT: "count_cell",
    ValueKind.CHANGE: "change_cell",
    ValueKind.MONEY: "money_cell",
}
_ANY_KIND = ("blank_cell", "not_applicable_cell", "text_cell")


def _column_cell(name: str, column: ColumnSpec) -> dict[str, Any]:
    return {
        "properties": {"cell": {"const": name}},
        "required": ["cell"],
        "oneOf": [{"$ref": f"#/$defs/{ref}"} for ref in (_KIND_CELLS[column.kind], *_ANY_KIND)],
    }


def _table_variants() -> list[dict[str, Any]]:
    """One exact table shape per (edition, table): its template's cells, in order."""
    variants = []
    for edition, spec in EDITIONS.items():
        for table in spec.tables:
            cells = [_column_cell(f"{key.row}.{key.column}", column) for key, column in table.cells()]
            variants.append(
                {
                    "type": "object",
                    "properties": {
                        "key": {"const": table.key.value},
                        "edition": {"const": edition.value},
                        "cells": {
                            "type": "array",
                            "prefixItems": cells,
                            "items": False,
                            "minItems": len(cells),
                        },
                    },
                    "required": ["cells", "edition", "key"],
                    "additionalProperties": False,
                }
            )
    return variants


def _block_schema() -> dict[str, Any]:
    return {
        "oneOf": [
            {
                "type": "object",
                "properties": {"type": {"const": tag}, "text": _NONEMPTY_LINE},
                "required": ["text", "type"],
                "additionalProperties": False,
            }
            for tag in ("heading", "paragraph")
        ]
    }


# --------------------------------------------------------------------------------------
# The walk over attrs classes
# --------------------------------------------------------------------------------------


class _Walker:
    """Builds ``$defs`` for attrs classes reachable from the report, one definition each."""

    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def type_schema(self, hint: Any) -> dict[str, Any]:
        """The schema of a value of type ``hint`` as the converter writes it."""
        if hint == CellValue:
            return {"$ref": "#/$defs/cell"}
        if hint == Block:
            return {"$ref": "#/$defs/block"}
        if hint is Table:
            return {"$ref": "#/$defs/table"}
        origin = typing.get_origin(hint)
        if origin in (Union, types.UnionType):
            return self._optional(typing.get_args(hint))
        if origin is tuple:
            args = typing.get_args(hint)
            if len(args) == 2 and args[1] is Ellipsis:
                return {"type": "array", "items": self.type_schema(args[0])}
            return {"type": "array", "prefixItems": [self.type_schema(a) for a in args], "items": False}
        return self._leaf(hint)

    def _optional(self, args: tuple[Any, ...]) -> dict[str, Any]:
        present = [arg for arg in args if arg is not type(None)]
        choices = [self.type_schema(arg) for arg in present]
        if len(present) < len(args):
            choices.append({"type": "null"})
        return choices[0] if len(choices) == 1 else {"anyOf": choices}

    def _leaf(self, hint: Any) -> dict[str, Any]:
        if hint is bool:
            return {"type": "boolean"}
        if hint is int:
            return {"type": "integer"}
        if hint is str:
            return {"type": "string"}
        if hint is Decimal:
            return dict(_DECIMAL)
        if hint is dt.date:
            return {"type": "string", "format": "date"}
        if isinstance(hint, type) and issubclass(hint, enum.Enum):
            return {"enum": [member.value for member in hint]}
        if isinstance(hint, type) and attrs.has(hint):
            return self.attrs_ref(hint)
        raise TypeError(f"no JSON schema for {hint!r}: teach schema.py the converter's hook for it")

    def attrs_ref(self, cls: type[Any]) -> dict[str, Any]:
        """A ``$ref`` to the class's definition, generating it on first use."""
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # reserve the name first: classes may refer to each other
            hints = typing.get_type_hints(cls, vars(model))
            properties: dict[str, Any] = {}
            for field in attrs.fields(cls):
                schema = self.type_schema(hints[field.name])
                checked = _VALIDATED_STRINGS.get(field.validator)
                if checked is not None and schema == {"type": "string"}:
                    schema = dict(checked)
                elif checked is not None and "anyOf" in schema:
                    schema = {"anyOf": [dict(checked) if s == {"type": "string"} else s for s in schema["anyOf"]]}
                properties[field.name] = schema
            self.defs[name] = {
                "type": "object",
                "description": (cls.__doc__ or "").strip().splitlines()[0],
                "properties": properties,
                "required": sorted(properties),
                "additionalProperties": False,
            }
        return {"$ref": f"#/$defs/{name}"}


def json_schema() -> dict[str, Any]:
    """The JSON Schema of ``to_json``'s output (a new dict on each call).

    Every key the converter writes is required; tables list exactly their edition's
    template cells in order; cell values are tagged by ``type``.
    """
    walker = _Walker()
    walker.attrs_ref(AnnualReport)
    report = walker.defs[AnnualReport.__name__]
    defs: dict[str, Any] = {
        **walker.defs,
        **_cell_defs(),
        "cell": {"oneOf": [{"$ref": f"#/$defs/{name}"} for name in ("change_cell", "money_cell", *_ANY_KIND)]},
        "block": _block_schema(),
        "table": {"oneOf": _table_variants()},
    }
    del defs[AnnualReport.__name__]  # the report is the root, not a definition
    return {
        "$schema": _DRAFT,
        "$id": SCHEMA_ID,
        "title": "gov_disclosure annual report",
        "description": "The `json` output of gov_disclosure: one annual report as plain JSON.",
        "type": "object",
        "properties": {"schema_version": {"const": SCHEMA_VERSION}, **report["properties"]},
        "required": ["schema_version", *report["required"]],
        "additionalProperties": False,
        "$defs": defs,
    }
