"""The text reader on damaged renderings of generated reports (issue 3).

Cosmetic damage must never change a cell; any damage may lose a cell only with a
warning or error that names the cell or its table; and reading never raises anything
but the package's documented exceptions.
"""

from __future__ import annotations

import contextlib

import attrs
from hypothesis import assume, given

from damage import Damaged, apply, damaged_reports, uncovered, uncovered_cells
from gov_disclosure.diagnostics import Diagnostic, ParseResult, Severity
from gov_disclosure.errors import GovDisclosureError
from gov_disclosure.model import AnnualReport, CellValue, Count, Section
from gov_disclosure.readers.text import read_text
from gov_disclosure.template import Edition, TableKey
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


_PROACTIVE_2021 = (
    "二、主动公开政府信息情况",
    "第二十条第（一）项",
    "信息内容  本年制发件数  本年废止件数  现行有效件数",
    "规章  1  2  3",
    "行政规范性文件  4  5  6",
)
_REVIEWS_HEAD = ("四、政府信息公开行政复议、行政诉讼情况", "类别  结果维持  结果纠正  其他结果  尚未审结  总计")
_REVIEWS = {"reconsideration": (1, 2, 3, 4, 10), "litigation_direct": (5, 6, 7, 8, 26)}
_REVIEWS |= {"litigation_after_reconsideration": (9, 9, 9, 9, 36)}
_REVIEW_COLUMNS = ("upheld", "corrected", "other", "pending", "total")


def _report(*lines: str) -> ParseResult:
    """A gb2021 report around the given table lines."""
    return read_text("\n".join(("某局2022年政府信息公开工作年度报告", *lines, "五、存在的主要问题及改进情况", "")))


def _reviews_wanted() -> dict[str, CellValue]:
    return {
        f"reviews.{row}.{column}": Count(value)
        for row, values in _REVIEWS.items()
        for column, value in zip(_REVIEW_COLUMNS, values, strict=True)
    }


class TestDamagePatterns:
    """Shrunk failures of the damage property, one per pattern, as fixed inputs."""

    def test_pipe_numbers_row_before_labelled_row(self) -> None:
        """Pipe rows whose numbers sit one line below their labels lose no cell silently."""
        result = _report(
            *_PROACTIVE_2021,
            "四、政府信息公开行政复议、行政诉讼情况",
            "| 类别 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |",
            "行政复议",
            "| 行政诉讼（未经复议直接起诉） | 1 | 2 | 3 | 4 | 10 |",
            "| 5 | 6 | 7 | 8 | 26 |",
            "| 行政诉讼（复议后起诉） | 9 | 9 | 9 | 9 | 36 |",
        )
        assert uncovered(_reviews_wanted(), result, edition=Edition.GB2021) == []

    def test_rows_one_short_lose_the_table_loudly(self) -> None:
        """Space-separated table 四 rows each missing a blank cell: the table is read right or named."""
        result = _report(
            *_PROACTIVE_2021,
            *_REVIEWS_HEAD,
            "行政复议  1  2  3  6",
            "行政诉讼（未经复议直接起诉）  5  6  7  18",
            "行政诉讼（复议后起诉）  9  9  9  27",
        )
        wanted = {
            f"reviews.reconsideration.{c}": v for c, v in zip(_REVIEW_COLUMNS, map(Count, (1, 2, 3, 0, 6)), strict=True)
        }
        del wanted["reviews.reconsideration.pending"]
        assert uncovered(wanted, result, edition=Edition.GB2021) == []

    def test_broken_label_then_shifted_numbers(self) -> None:
        """A label broken over two lines, then numbers a line below their labels: no silent cell."""
        result = _report(
            *_PROACTIVE_2021,
            *_REVIEWS_HEAD,
            "行政复议",
            "行政诉讼（",
            "未经复议直接起诉）  1  2  3  4  10",
            "5  6  7  8  26",
            "行政诉讼（复议后起诉）  9  9  9  9  36",
        )
        assert uncovered(_reviews_wanted(), result, edition=Edition.GB2021) == []

    def test_headerless_table_with_broken_first_label(self) -> None:
        """Table 四 without its header whose first label is broken mid-word keeps its rows apart."""
        result = _report(
            *_PROACTIVE_2021,
            "四、政府信息公开行政复议、行政诉讼情况",
            "行政",
            "复议\t1\t2\t3\t4\t10",
            "行政诉讼(未经复议直接起诉)\t5\t6\t7\t8\t26",
            "行政诉讼(复议后起诉)\t9\t9\t9\t9\t36",
        )
        assert uncovered(_reviews_wanted(), result, edition=Edition.GB2021) == []

    def test_proactive_label_alone_then_next_rows_numbers(self) -> None:
        """Table 二: a label alone, the next label with its numbers, then loose numbers: doubted."""
        result = _report(
            *_PROACTIVE_2021[:3],
            "规章",
            "行政规范性文件  1  2  3",
            "4  5  6",
            "第二十条第（五）项",
            "信息内容  本年处理决定数量",
            "行政许可  7",
        )
        wanted = {"proactive.regulations.issued": Count(1), "proactive.normative_documents.issued": Count(4)}
        assert uncovered(wanted, result, edition=Edition.GB2021) == []

    def test_tab_padded_space_separated_row(self) -> None:
        """A trailing tab on a row separated by spaces is whitespace, not an empty cell."""
        result = _report(*_PROACTIVE_2021[:3], "规章  1  2  3\t", "\t行政规范性文件  4  5  6")
        wanted = {"proactive.regulations.issued": Count(1), "proactive.normative_documents.in_force": Count(6)}
        assert uncovered(wanted, result, edition=Edition.GB2021, exact=True) == []

    def test_one_number_for_two_columns_is_doubted(self) -> None:
        """A table 二 row one value short (a vanished blank) is not silently split into digits."""
        result = _report(
            *_PROACTIVE_2021,
            "第二十条第（六）项",
            "信息内容  本年处理决定数量",
            "行政处罚  12",
            "第二十条第（八）项",
            "信息内容  本年收费金额（单位：万元）",
            "行政事业性收费  10",
        )
        wanted = {"proactive.penalties.decisions": Count(12)}
        assert uncovered(wanted, result, edition=Edition.GB2021) == []


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
