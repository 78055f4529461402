"""The text reader on damaged renderings of generated reports (issue 3).

Cosmetic damage must never change a cell; any damage may lose a cell only with a
warning or error that names the cell or its table; and reading never raises anything
but the package's documented exceptions.
"""

from __future__ import annotations

import contextlib

import attrs
from hypothesis import assume, given

from damage import Damaged, apply, damaged_reports, uncovered_cells
from gov_disclosure.diagnostics import Diagnostic, ParseResult, Severity
from gov_disclosure.errors import GovDisclosureError
from gov_disclosure.model import AnnualReport, Count, Section
from gov_disclosure.readers.text import read_text
from gov_disclosure.template import TableKey
from strategies import consistent_reports


def _read(damaged: Damaged) -> ParseResult:
    return read_text(damaged.text)


class TestCosmeticDamage:
    """Whitespace, separators, spacing, full-width forms, chrome and page numbers change nothing."""

    @given(damaged_reports(cosmetic_only=True))
    def test_cells_exact(self, damaged: Damaged) -> None:
        """Every cell reads back exactly as generated."""
        problems = uncovered_cells(damaged.expected, _read(damaged), exact=True)
        assert problems == [], (damaged.kinds, problems[:3])

    @given(damaged_reports(cosmetic_only=True))
    def test_metadata_exact(self, damaged: Damaged) -> None:
        """The agency, the year and the edition read back as generated."""
        got = _read(damaged).report.metadata
        want = damaged.expected.metadata
        assert (got.agency, got.year, got.edition) == (want.agency, want.year, want.edition), damaged.kinds


class TestAnyDamage:
    """Every combination of damage leaves each cell right or doubted by name."""

    @given(damaged_reports())
    def test_no_silent_wrong_cell(self, damaged: Damaged) -> None:
        """A cell that differs from the original is named by a warning or error (cell or table)."""
        try:
            result = _read(damaged)
        except GovDisclosureError:
            return
        problems = uncovered_cells(damaged.expected, result)
        assert problems == [], (damaged.kinds, problems[:3])

    @given(damaged_reports())
    def test_only_documented_exceptions(self, damaged: Damaged) -> None:
        """Reading raises nothing but a GovDisclosureError subclass."""
        with contextlib.suppress(GovDisclosureError):
            _read(damaged)


class TestChecker:
    """The checker itself catches a wrong reader result, so the properties can fail."""

    @given(consistent_reports())
    def test_swapped_cell_is_caught(self, report: AnnualReport) -> None:
        """Two different cells swapped in an otherwise perfect result are reported."""
        damaged = apply(report, (), 0)
        result = _read(damaged)
        assert uncovered_cells(damaged.expected, result, exact=True) == []
        first, second = "requests.new_received.total", "requests.carried_forward.total"
        assume(report.table(TableKey.REQUESTS)[first] != report.table(TableKey.REQUESTS)[second])  # type: ignore[index]
        corrupted = _swap(result, first, second)
        assert len(uncovered_cells(damaged.expected, corrupted)) == 2

    @given(consistent_reports())
    def test_info_does_not_cover(self, report: AnnualReport) -> None:
        """A changed cell named only by an info diagnostic is still reported; a warning covers it."""
        damaged = apply(report, (), 0)
        result = _read(damaged)
        corrupted = _bump(result, "reviews.reconsideration.total")
        info = Diagnostic("x", Severity.INFO, "x", cells=("reviews.reconsideration.total",))
        warning = attrs.evolve(info, severity=Severity.WARNING)
        assert uncovered_cells(damaged.expected, attrs.evolve(corrupted, diagnostics=(info,))) != []
        assert uncovered_cells(damaged.expected, attrs.evolve(corrupted, diagnostics=(warning,))) == []
        assert uncovered_cells(damaged.expected, attrs.evolve(corrupted, diagnostics=(warning,)), exact=True) != []


def _edit(result: ParseResult, table_key: TableKey, edit: dict[str, str]) -> ParseResult:
    """The result with cells of one table replaced: ``edit`` maps a key to the key whose value it takes."""
    report = result.report
    table = report.table(table_key)
    assert table is not None
    values = {str(key): value for key, value in table.cells()}
    new = [values[edit.get(name, name)] for name in values]
    sections = tuple(
        Section(title=s.title, kind=s.kind, blocks=s.blocks, table=attrs.evolve(table, values=tuple(new)))
        if s.table is table
        else s
        for s in report.sections
    )
    return attrs.evolve(result, report=attrs.evolve(report, sections=sections))


def _swap(result: ParseResult, first: str, second: str) -> ParseResult:
    """The result with two cells of table 三 swapped."""
    return _edit(result, TableKey.REQUESTS, {first: second, second: first})


def _bump(result: ParseResult, key: str) -> ParseResult:
    """The result with one cell of table 四 one more than it was."""
    table = result.report.table(TableKey.REVIEWS)
    assert table is not None
    value = table[key]
    assert isinstance(value, Count)
    values = tuple(Count(value.value + 1) if str(k) == key else v for k, v in table.cells())
    sections = tuple(
        Section(title=s.title, kind=s.kind, blocks=s.blocks, table=attrs.evolve(table, values=values))
        if s.table is table
        else s
        for s in result.report.sections
    )
    return attrs.evolve(result, report=attrs.evolve(result.report, sections=sections))
