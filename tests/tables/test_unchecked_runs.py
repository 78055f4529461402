"""A digit run with one digit per cell in a row no rule reads is not split."""

from __future__ import annotations

from gov_disclosure.model import Blank, Count
from gov_disclosure.tables import scan_tables

BLOCK = [
    "二、主动公开政府信息情况",
    "第二十条第（一）项",
    "信息内容 本年制发件数 本年废止件数 现行有效件数",
    "规章 1 0 3",
]


def _regulations(row: str) -> dict[str, object]:
    scan = scan_tables([*BLOCK[:3], row, "行政规范性文件 2 0 5"], year=2023)
    table = next(t for t in scan.tables if t.key.value == "proactive")
    return {k.column: v for k, v in table.cells() if k.row == "regulations"}


class TestUncheckedRun:
    """One digit per cell could be one number with blanks; nothing checks it."""

    def test_valid_number_stays_blank(self) -> None:
        """规章 123 (three columns, no rule) leaves the row blank."""
        assert all(isinstance(v, Blank) for v in _regulations("规章 123").values())

    def test_leading_zero_still_splits(self) -> None:
        """规章 000 cannot be one number, so it is read as 0 | 0 | 0."""
        assert all(isinstance(v, Count) and v.value == 0 for v in _regulations("规章 000").values())
