"""Each fixture file shows one pattern real reports or extraction tools produce."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from gov_disclosure.model import CellValue, Count, Money
from gov_disclosure.tables import TableScan, scan_tables

FIXTURES = Path(__file__).parent.parent / "fixtures"
CASES = sorted(p for kind in ("text", "pipe") for p in (FIXTURES / kind).glob("*") if p.suffix in {".txt", ".md"})


def value_text(value: CellValue) -> str:
    """The ``value`` column of the cells export for one cell."""
    if isinstance(value, Count):
        return str(value.value)
    if isinstance(value, Money):
        return f"{value.amount:f}"
    return ""


def load(path: Path) -> tuple[list[str], dict[str, Any], TableScan]:
    """The fixture's lines, its expectations and its scan."""
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    lines = path.read_text(encoding="utf-8").split("\n")
    return lines, expected, scan_tables(lines, year=expected["year"])


def cells_of(scan: TableScan) -> dict[str, CellValue]:
    """Every cell of the scan by key."""
    return {str(key): value for table in scan.tables for key, value in table.cells()}


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
class TestFixture:
    """Scanning a fixture file yields its expected cells, edition and diagnostics."""

    def test_cells(self, path: Path) -> None:
        """Every expected cell has its expected value text (blank as empty)."""
        _, expected, scan = load(path)
        got = cells_of(scan)
        wrong = {}
        for key, want in expected["cells"].items():
            wants = want if isinstance(want, list) else [want]
            if key not in got or value_text(got[key]) not in wants:
                wrong[key] = (want, value_text(got[key]) if key in got else None)
        assert not wrong

    def test_edition(self, path: Path) -> None:
        """The scan settles the expected edition (``None`` when there is no table)."""
        _, expected, scan = load(path)
        assert (scan.edition.value if scan.edition else None) == expected["edition"]

    def test_codes(self, path: Path) -> None:
        """The repairs the fixture needs are reported with their stable codes."""
        _, expected, scan = load(path)
        codes = {d.code for d in scan.diagnostics}
        assert set(expected["codes"]) <= codes

    def test_spans_point_at_values(self, path: Path) -> None:
        """Each source-map span starts where the value's digits stand in the line."""
        lines, _, scan = load(path)
        got = cells_of(scan)
        for key, span in scan.source_map.items():
            value = got[key]
            if not isinstance(value, (Count, Money)):
                continue
            text = unicodedata.normalize("NFKC", lines[span.line - 1][span.column - 1 :]).lstrip("+-")
            assert text[:1].isdigit(), (key, span, lines[span.line - 1])

    def test_headings_never_claimed(self, path: Path) -> None:
        """Section headings and narrative sentences stay with the structure reader."""
        lines, expected, scan = load(path)
        for index in scan.claimed:
            assert "。" not in lines[index], lines[index]
        for index in expected.get("unclaimed", []):
            assert index - 1 not in scan.claimed

    def test_unplaced(self, path: Path) -> None:
        """Text the scanner could not place is kept, with its line."""
        _, expected, scan = load(path)
        want = expected.get("unplaced")
        if want is not None:
            assert [u.line for u in scan.unplaced] == want
