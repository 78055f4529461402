"""Canonical text: layout, escaping and the guards that keep narrative from reading as structure."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from gov_disclosure import parse, to_text
from gov_disclosure.canonical import escape_inline, escape_paragraph, unescape
from gov_disclosure.model import (
    AnnualReport,
    Count,
    Heading,
    Metadata,
    Money,
    NotApplicable,
    Paragraph,
    Section,
    Table,
    Text,
    Unplaced,
)
from gov_disclosure.template import SECTIONS, Edition, MoneyUnit, SectionKind, TableKey
from strategies import HOSTILE_FRAGMENTS, documents, narrative_texts

_SMALL = AnnualReport(
    metadata=Metadata(
        edition=Edition.GB2021,
        agency="某县人民政府",
        year=2023,
        title="某县人民政府2023年政府信息公开工作年度报告",
        published=dt.date(2024, 1, 20),
        preamble=(Paragraph("本报告依据《条例》编制。"),),
    ),
    sections=(
        Section("总体情况", SectionKind.OVERVIEW, (Heading("（一）主动公开"), Paragraph("一、不是标题。"))),
        Section(
            "政府信息公开行政复议、行政诉讼情况",
            SectionKind.REVIEWS,
            table=Table.blank(TableKey.REVIEWS, Edition.GB2021).replace(("reconsideration", "total"), Count(1)),
        ),
    ),
    unplaced=(Unplaced("| 残行 |", 12),),
)

_SMALL_TEXT = """\
# 某县人民政府2023年政府信息公开工作年度报告

- 发布机关：某县人民政府
- 报告年度：2023
- 格式：gb2021
- 发布日期：2024-01-20

本报告依据《条例》编制。

## 一、总体情况

### （一）主动公开

&#19968;、不是标题。

## 四、政府信息公开行政复议、行政诉讼情况

| 类别 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
| --- | --- | --- | --- | --- | --- |
| 行政复议 | | | | | 1 |
| 行政诉讼（未经复议直接起诉） | | | | | |
| 行政诉讼（复议后起诉） | | | | | |

## 附：未能归类的内容

- （第12行）\\| 残行 \\|
"""


class TestLayout:
    """The canonical layout is exactly the documented one."""

    def test_small_report(self) -> None:
        """A small report prints exactly as docs/canonical-text.md shows."""
        assert to_text(_SMALL) == _SMALL_TEXT

    def test_small_report_reads_back(self) -> None:
        """The documented example reads back to the report it was written from."""
        assert parse(_SMALL_TEXT).report == _SMALL

    @given(documents())
    def test_text_is_normalised(self, report: AnnualReport) -> None:
        """LF line ends, exactly one final newline, no blank line runs, the 格式 line always present."""
        text = to_text(report)
        assert "\r" not in text
        assert text.endswith("\n")
        assert not text.endswith("\n\n")
        assert "\n\n\n" not in text
        assert f"- 格式：{report.edition.value}\n" in text

    def test_official_headings_for_gb_sections(self) -> None:
        """Every gb section of a kind prints its official numbered heading."""
        sections = tuple(Section(spec.title, spec.kind) for spec in SECTIONS)
        text = to_text(AnnualReport(Metadata(Edition.GB2019), sections))
        assert [line for line in text.splitlines() if line.startswith("## ")] == [
            f"## {spec.heading}" for spec in SECTIONS
        ]

    def test_cells_are_spelled_canonically(self) -> None:
        """Money keeps its unit and places, marks stay as written, pipes in text are escaped."""
        table = (
            Table.blank(TableKey.PROACTIVE, Edition.GB2019)
            .replace(("procurement", "amount"), Money(Decimal("3020.780"), MoneyUnit.WAN_YUAN))
            .replace(("licensing", "change"), Count(-4))
            .replace(("penalties", "decisions"), NotApplicable("—"))
            .replace(("coercion", "decisions"), Text("见|附表"))
        )
        text = to_text(
            AnnualReport(
                Metadata(Edition.GB2019), (Section("主动公开政府信息情况", SectionKind.PROACTIVE, table=table),)
            )
        )
        assert "| 政府集中采购 | | 3020.780万元 |" in text
        assert "| 行政许可 | | -4 | |" in text
        assert "| 行政处罚 | | | — |" in text
        assert "| 行政强制 | | | 见\\|附表 |" in text


class TestEscaping:
    """Escaping is exactly undone and keeps narrative from looking like structure."""

    @given(st.text())
    def test_unescape_inverts_escape_inline(self, text: str) -> None:
        """unescape(escape_inline(t)) == t for any text."""
        assert unescape(escape_inline(text)) == text

    @given(narrative_texts())
    def test_unescape_inverts_escape_paragraph(self, text: str) -> None:
        """unescape(escape_paragraph(t)) == t for any narrative line."""
        assert unescape(escape_paragraph(text)) == text

    @given(narrative_texts())
    def test_escaped_paragraph_is_one_safe_line(self, text: str) -> None:
        """An escaped paragraph is one line with no tab, no double space and no leading markup."""
        escaped = escape_paragraph(text)
        assert "\n" not in escaped
        assert "\t" not in escaped
        assert "  " not in escaped
        assert not escaped.startswith(("#", "-", "|", ">", "*", "+", "一、", "（一）", "第二十条"))

    def test_guards_each_hostile_fragment(self) -> None:
        """Each structure-like fragment as a paragraph start is guarded or escaped."""
        for fragment in HOSTILE_FRAGMENTS:
            text = fragment.strip()
            if text:
                escaped = escape_paragraph(text)
                assert unescape(escaped) == text
                assert escaped[0] not in "#-|>*+_`[" or escaped.startswith("&#")
