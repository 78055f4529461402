"""HTML tables flattened to pipe rows: header rows start table 三, text cells never hide a row."""

from __future__ import annotations

from pathlib import Path

from gov_disclosure.model import Blank, CellValue
from gov_disclosure.readers.html import flatten_html
from gov_disclosure.tables import scan_tables
from gov_disclosure.tables._lines import split_line

HTML = Path(__file__).parent.parent / "fixtures" / "html"
CORNER = "| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 申请人情况 |"
BLANK_CORNER = "| | 自然人 | 法人或其他组织 | 总计 |"
SUBHEADER = "| | | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | |"
ROW = "| 一、本年新收政府信息公开申请数量 | 3 | 1 | 0 | 0 | 0 | 0 | 4 |"


def _requests(lines: list[str]) -> tuple[set[int], dict[str, CellValue]]:
    scan = scan_tables(lines, year=2023)
    cells = {str(k): v for t in scan.tables for k, v in t.cells()}
    return set(scan.claimed), cells


class TestHeaderRowsStartTable:
    """Pipe rows whose first filled cell is a corner note, 申请人情况 or column labels belong to 三."""

    def test_corner_note_row_is_claimed(self) -> None:
        """The corner-note row and the header rows under it are table lines, not narrative."""
        lines = ["三、收到和处理政府信息公开申请情况", CORNER, BLANK_CORNER, SUBHEADER, ROW]
        claimed, cells = _requests(lines)
        assert {1, 2, 3, 4} <= claimed
        assert str(cells["requests.new_received.total"]) == "Count(value=4, note='')"

    def test_blank_corner_header_is_claimed(self) -> None:
        """Without the corner-note row, the header row with a blank first cell starts the table."""
        lines = ["三、收到和处理政府信息公开申请情况", BLANK_CORNER, SUBHEADER, ROW]
        claimed, _ = _requests(lines)
        assert {1, 2, 3} <= claimed

    def test_prose_row_with_a_column_word_is_no_header(self) -> None:
        """A pipe row that names one column among other text is not a header of 三."""
        lines = ["三、收到和处理政府信息公开申请情况", "| 自然人 | 申请较多 |", "本年度无申请。"]
        claimed, _ = _requests(lines)
        assert 1 not in claimed

    def test_flattened_page_claims_its_header_rows(self) -> None:
        """A real flattened page: every pipe row of its tables is claimed."""
        lines = flatten_html((HTML / "one-table-three-sections.html").read_bytes()).split("\n")
        claimed, _ = _requests(lines)
        pipes = {i for i, line in enumerate(lines) if line.startswith("|")}
        assert pipes <= claimed


class TestTrailingTextCell:
    """A text cell after a pipe row's numbers keeps the label and the numbers apart."""

    def test_label_is_the_first_cell(self) -> None:
        """| 规章 | 3 | 1 | 30 | 含修订 | has label 规章 and four value cells."""
        line = split_line(1, "| 规章 | 3 | 1 | 30 | 含修订 |")
        assert line.label == "规章"
        assert [c.text for c in line.values] == ["3", "1", "30", "含修订"]

    def test_row_is_reported_not_dropped(self) -> None:
        """The row with an extra text cell is blank with a warning and kept as unplaced text."""
        lines = [
            "二、主动公开政府信息情况",
            "| 第二十条第（一）项 |",
            "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |",
            "| 规章 | 3 | 1 | 30 | 含修订 |",
            "| 行政规范性文件 | 2 | 0 | 12 |",
        ]
        scan = scan_tables(lines, year=2023)
        cells = {str(k): v for t in scan.tables for k, v in t.cells()}
        assert isinstance(cells["proactive.regulations.issued"], Blank)
        assert "cells-unplaceable" in {d.code for d in scan.diagnostics}
        assert any(u.line == 4 for u in scan.unplaced)

    def test_text_cell_before_numbers_stays_label(self) -> None:
        """Group and row label cells before the numbers stay label cells."""
        line = split_line(1, "| 三、本年度办理结果 | （一）予以公开 | 17 | 15 |")
        assert [c.text for c in line.values] == ["17", "15"]
