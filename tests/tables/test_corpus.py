"""The shared corpus of real reports: every expected cell read exactly."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from gov_disclosure.model import Blank, CellValue, Count, Money
from gov_disclosure.tables import scan_tables

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
EXPECTED = sorted(CORPUS.glob("*.expected.json")) if CORPUS.is_dir() else []
PARTIAL = CORPUS / "pdftext_huaian_city_2024_section3_partial.txt"
FULL = CORPUS / "pdftext_huaian_city_2024.txt"

pytestmark = pytest.mark.skipif(not EXPECTED, reason=f"shared corpus not found at {CORPUS}")

#: Reports with a documented gap (see docs/reader.md, "Known gaps"): strict xfail, so a fix shows up.
KNOWN_GAPS: dict[str, str] = {}


def _case(path: Path) -> Any:
    stem = path.name.removesuffix(".expected.json")
    marks = [pytest.mark.xfail(reason=KNOWN_GAPS[stem], strict=True)] if stem in KNOWN_GAPS else []
    return pytest.param(path, id=stem, marks=marks)


def value_text(value: CellValue) -> str:
    """The ``value`` column of the cells export for one cell."""
    if isinstance(value, Count):
        return str(value.value)
    if isinstance(value, Money):
        return f"{value.amount:f}"
    return ""


def source_of(expected: Path) -> Path:
    """The report file an expected file describes."""
    stem = expected.name.removesuffix(".expected.json")
    return next(p for p in (CORPUS / f"{stem}.txt", CORPUS / f"{stem}.md") if p.exists())


def read(path: Path, year: int | None) -> dict[str, CellValue]:
    """Scan a corpus file and return its cells by key."""
    lines = path.read_text(encoding="utf-8").split("\n")
    scan = scan_tables(lines, year=year)
    return {str(key): value for table in scan.tables for key, value in table.cells()}


@pytest.mark.parametrize("expected_path", [_case(p) for p in EXPECTED])
class TestCorpusReport:
    """A real report scans to exactly the cells its expected file lists."""

    def test_every_cell(self, expected_path: Path) -> None:
        """Every template cell has its expected value text (a list means any of them)."""
        expected: dict[str, Any] = json.loads(expected_path.read_text(encoding="utf-8"))
        got = read(source_of(expected_path), expected["year"])
        wrong = {}
        for key, want in expected["cells"].items():
            wants = want if isinstance(want, list) else [want]
            text = value_text(got[key]) if key in got else None
            if text not in wants:
                wrong[key] = (want, text)
        assert not wrong
        if not expected["cells"]:
            assert not got


@pytest.mark.parametrize("expected_path", EXPECTED, ids=[p.name.removesuffix(".expected.json") for p in EXPECTED])
class TestCorpusUnits:
    """Money cells of a real report carry their unit."""

    def test_units(self, expected_path: Path) -> None:
        """Money cells carry the unit stated in the cell or its header."""
        expected: dict[str, Any] = json.loads(expected_path.read_text(encoding="utf-8"))
        got = read(source_of(expected_path), expected["year"])
        for key, unit in expected.get("units", {}).items():
            value = got[key]
            assert isinstance(value, Money)
            assert value.unit.value == unit


@pytest.mark.skipif(not PARTIAL.exists(), reason="partial huaian extraction not in the corpus")
class TestPartialExtraction:
    """A second, partial extraction of a report agrees with the full one wherever it yields a cell."""

    def test_agrees_with_full_report(self) -> None:
        """Every non-blank cell of the partial scan equals the full report's cell."""
        full = read(FULL, 2024)
        partial = read(PARTIAL, 2024)
        filled = {k: v for k, v in partial.items() if not isinstance(v, Blank)}
        assert filled
        assert {k: full[k] for k in filled} == filled
