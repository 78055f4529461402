"""Table 四 printed as one digit run: one run over all 15 cells, or one row's run."""

from __future__ import annotations

from gov_disclosure.model import Blank, Count
from gov_disclosure.tables import scan_tables

HEADER = [
    "四、政府信息公开行政复议、行政诉讼情况",
    "行政复议 行政诉讼",
    "结果维持 结果纠正 其他结果 尚未审结 总计",
]


def _numbers(lines: list[str], row: str) -> list[int | None]:
    scan = scan_tables(lines, year=2024)
    table = next(t for t in scan.tables if t.key.value == "reviews")
    cells = {str(k): v for k, v in table.cells()}
    columns = ("upheld", "corrected", "other", "pending", "total")
    return [v.value if isinstance(v := cells[f"reviews.{row}.{c}"], Count) else None for c in columns]


class TestWholeTableRun:
    """A lone digit run in table 四 spans its three rows."""

    def test_run_fills_all_three_rows(self) -> None:
        """Row totals of all three rows split 7201103001411002 into 15 cells."""
        lines = [*HEADER, "7201103001411002", "五、存在的主要问题及改进情况"]
        assert _numbers(lines, "reconsideration") == [7, 2, 0, 1, 10]
        assert _numbers(lines, "litigation_direct") == [3, 0, 0, 1, 4]
        assert _numbers(lines, "litigation_after_reconsideration") == [1, 1, 0, 0, 2]

    def test_ambiguous_run_stays_blank(self) -> None:
        """A run the row totals cannot split leaves every cell blank with a warning."""
        lines = [*HEADER, "111111111111111111", "五、存在的主要问题及改进情况"]
        scan = scan_tables(lines, year=2024)
        table = next(t for t in scan.tables if t.key.value == "reviews")
        assert all(isinstance(v, Blank) for _, v in table.cells())
        assert {"digits-ambiguous", "digits-unsatisfiable"} & {d.code for d in scan.diagnostics}
        assert "row-missing" not in {d.code for d in scan.diagnostics}

    def test_run_followed_by_rows_is_one_row(self) -> None:
        """A run with more value lines after it is the first row's run of five cells."""
        lines = [*HEADER, "1000020003004512345", "1 0 0 0 1", "2 0 0 0 2", "五、存在的主要问题及改进情况"]
        assert _numbers(lines, "reconsideration") == [10000, 2000, 300, 45, 12345]
        assert _numbers(lines, "litigation_direct") == [1, 0, 0, 0, 1]
        assert _numbers(lines, "litigation_after_reconsideration") == [2, 0, 0, 0, 2]
