"""Rows of 三 one value short in space-separated text: 总计 left blank only when the sums can tell."""

from __future__ import annotations

from gov_disclosure.model import Blank
from gov_disclosure.tables import scan_tables
from gov_disclosure.template import Edition, TableKey, table_spec

HEADER = "申请人情况 自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计"


def _table(first: str) -> list[str]:
    """Table 三 of zeros whose first row prints ``first`` as its numbers."""
    spec = table_spec(Edition.GB2021, TableKey.REQUESTS)
    lines = ["三、收到和处理政府信息公开申请情况", HEADER]
    for i, row in enumerate(spec.rows):
        numbers = first if i == 0 else " ".join(["0"] * 7)
        lines.append(f"{row.label} {numbers}")
    return [*lines, "五、存在的主要问题及改进情况"]


class TestAllZeroShortRow:
    """Six zeros for seven columns could hide the blank anywhere."""

    def test_zeros_stay_blank_with_a_warning(self) -> None:
        """The row is not read as "总计 blank": every cell blank and cells-unplaceable."""
        scan = scan_tables(_table("0 0 0 0 0 0"), year=2023)
        table = next(t for t in scan.tables if t.key is TableKey.REQUESTS)
        cells = {str(k): v for k, v in table.cells() if k.row == "new_received"}
        assert all(isinstance(v, Blank) for v in cells.values())
        assert "cells-unplaceable" in {d.code for d in scan.diagnostics}
        assert "row-total-blank" not in {d.code for d in scan.diagnostics}
