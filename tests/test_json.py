"""JSON output: plain types, tagged cell values, schema version and errors that name the path."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given

from gov_disclosure import ParseError, from_json, to_json
from gov_disclosure.convert import SCHEMA_VERSION, to_dict
from gov_disclosure.model import AnnualReport, Metadata
from gov_disclosure.template import Edition
from strategies import documents


def _is_plain(value: Any) -> bool:
    if isinstance(value, dict):
        return all(isinstance(k, str) and _is_plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_is_plain(v) for v in value)
    return value is None or isinstance(value, (str, int, bool))


class TestJson:
    """The JSON form of a report."""

    @given(documents())
    def test_unstructured_form_is_plain_json(self, report: AnnualReport) -> None:
        """The dict holds only str, int, bool, None, lists and dicts (no floats, Decimals, dates)."""
        data = to_dict(report)
        assert _is_plain(data)
        assert json.loads(to_json(report)) == data

    @given(documents())
    def test_metadata_fields_are_present(self, report: AnnualReport) -> None:
        """agency, year and edition are always present (edition by value)."""
        data = json.loads(to_json(report))
        assert data["schema_version"] == SCHEMA_VERSION
        assert data["metadata"]["edition"] == report.edition.value
        assert data["metadata"]["year"] == report.year
        assert data["metadata"]["agency"] == report.agency

    @given(documents())
    def test_cells_are_tagged(self, report: AnnualReport) -> None:
        """Every cell carries its key and a type tag, so blank and zero never look alike."""
        data = json.loads(to_json(report))
        for section in data["sections"]:
            if section["table"] is not None:
                for cell in section["table"]["cells"]:
                    assert cell["type"] in {"count", "money", "blank", "not_applicable", "text"}
                    assert cell["cell"].count(".") == 1

    def test_bad_path_is_named(self) -> None:
        """A wrong value's JSON path is in the error message."""
        data = json.loads(to_json(AnnualReport(Metadata(Edition.GB2021, year=2021))))
        data["metadata"]["year"] = "二〇二一"
        with pytest.raises(ParseError, match=r"\$\.metadata\.year"):
            from_json(json.dumps(data))

    def test_not_json(self) -> None:
        """Text that is not JSON raises ParseError with the line."""
        with pytest.raises(ParseError, match=":1:"):
            from_json("{not json")

    def test_wrong_schema_version(self) -> None:
        """A document of another schema version is refused."""
        with pytest.raises(ParseError, match="schema_version"):
            from_json('{"schema_version": 99}')

    def test_unknown_cell_type(self) -> None:
        """An unknown cell tag is refused with the table's path."""
        report = AnnualReport(Metadata(Edition.GB2021))
        data = json.loads(to_json(report))
        data["sections"] = [
            {"title": "x", "kind": None, "blocks": [], "table": {"key": "reviews", "edition": "gb2021", "cells": []}}
        ]
        with pytest.raises(ParseError, match=r"\$\.sections\[0\]\.table"):
            from_json(json.dumps(data))
