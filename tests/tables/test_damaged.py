"""Damaged renderings of generated tables read back to the same cells."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import given
from hypothesis import strategies as st

from gov_disclosure.cellvalues import format_cell
from gov_disclosure.model import AnnualReport, Count, Money, Table
from gov_disclosure.tables import scan_tables
from gov_disclosure.template import TableKey
from strategies import consistent_reports

Render = Callable[[list[str], list[str]], list[str]]


def _spaces(label: list[str], values: list[str]) -> list[str]:
    return [" ".join([*label, *values])]


def _tabs(label: list[str], values: list[str]) -> list[str]:
    return ["\t".join([*label, *values])]


def _next_line(label: list[str], values: list[str]) -> list[str]:
    return ["".join(label), " ".join(values)]


def _cell_per_line(label: list[str], values: list[str]) -> list[str]:
    return ["".join(label), *values]


def _pipes(label: list[str], values: list[str]) -> list[str]:
    return ["| " + " | ".join(["".join(label), *values]) + " |"]


RENDERS: dict[str, Render] = {
    "spaces": _spaces,
    "tabs": _tabs,
    "next-line": _next_line,
    "cell-per-line": _cell_per_line,
    "pipes": _pipes,
}


def render(report: AnnualReport, style: Render) -> list[str]:
    """The report's tables 三 and 四 as plain text in one damaged style (numbers only)."""
    lines = ["三、收到和处理政府信息公开申请情况", "申请人情况"]
    requests = report.table(TableKey.REQUESTS)
    reviews = report.table(TableKey.REVIEWS)
    assert requests is not None
    assert reviews is not None
    spec = requests.spec
    for row in spec.rows:
        values = [format_cell(requests[row.key, c.key]) for c in spec.columns]
        lines += style([row.label], values)
    lines += ["四、政府信息公开行政复议、行政诉讼情况", "行政复议 行政诉讼", "结果维持 结果纠正 其他结果 尚未审结 总计"]
    lines.append(" ".join(format_cell(value) for _, value in reviews.cells()))
    lines.append("五、存在的主要问题及改进情况")
    return lines


def numbers(table: Table) -> dict[str, object]:
    """The numeric cells of a table by key."""
    return {str(k): v for k, v in table.cells() if isinstance(v, (Count, Money))}


class TestDamagedRenderings:
    """Each damage style of real reports reads back the generated numbers exactly."""

    @given(consistent_reports(), st.sampled_from(sorted(RENDERS)))
    def test_requests_and_reviews(self, report: AnnualReport, style: str) -> None:
        """Spaces, tabs, numbers on the next line, one cell per line and pipes all read back."""
        scan = scan_tables(render(report, RENDERS[style]), year=report.year)
        got = {t.key: t for t in scan.tables}
        for key in (TableKey.REQUESTS, TableKey.REVIEWS):
            want = report.table(key)
            assert want is not None
            assert numbers(got[key]) == numbers(want)

    @given(consistent_reports(), st.sampled_from(sorted(RENDERS)))
    def test_every_value_has_a_span(self, report: AnnualReport, style: str) -> None:
        """Every number read points at the line and column of its digits."""
        lines = render(report, RENDERS[style])
        scan = scan_tables(lines, year=report.year)
        for table in scan.tables:
            for key, value in numbers(table).items():
                span = scan.source_map[key]
                assert lines[span.line - 1][span.column - 1 :].lstrip("-")[:1].isdigit(), (key, value)
