"""Line splitting, label normalisation and label matching: the scanner's building blocks."""

from __future__ import annotations

import time

from hypothesis import given
from hypothesis import strategies as st

from gov_disclosure.tables import scan_tables
from gov_disclosure.tables._labels import caption_block, match_rows, section_heading
from gov_disclosure.tables._lines import Separator, is_value_text, norm, split_line
from gov_disclosure.template import SectionKind, TableKey


class TestSplitLine:
    """split_line keeps each cell's text and the column where it starts."""

    def test_pipe_cells_and_columns(self) -> None:
        """Pipe rows lose their outer bars; columns point at the cell text."""
        line = split_line(0, "| 规章 | 22 | 235 |")
        assert line.separator is Separator.PIPE
        assert [c.text for c in line.cells] == ["规章", "22", "235"]
        assert line.raw[line.cells[1].column :].startswith("22")

    def test_escaped_pipe_stays_in_cell(self) -> None:
        r"""``\|`` is a literal pipe inside a cell, not a separator."""
        line = split_line(0, r"| 规章 | a\|b | 1 |")
        assert [c.text for c in line.cells] == ["规章", "a|b", "1"]

    def test_escaped_paragraph_is_not_a_row(self) -> None:
        r"""A line starting with ``\|`` or ``&#`` is narrative."""
        assert split_line(0, r"\| 规章 | 1 |").escaped
        assert split_line(0, "&#34892;政许可 1").escaped

    def test_leading_tabs_are_empty_cells(self) -> None:
        """Leading tabs give empty positions, which mean blank cells."""
        line = split_line(0, "\t\t\t1\t2")
        assert [c.text for c in line.value_cells] == ["", "", "", "1", "2"]

    def test_bracketed_note_with_spaces_is_one_cell(self) -> None:
        """A note split by spaces (``22（其中修订 16 件）``) stays in its value's cell."""
        line = split_line(0, "规章 22（其中修订 16 件） 235")
        assert [c.text for c in line.values] == ["22（其中修订 16 件）", "235"]

    def test_glued_digits_split_from_label(self) -> None:
        """Digits glued to a label (``规章000``) become a value cell."""
        line = split_line(0, "规章000")
        assert line.label == "规章"
        assert [c.text for c in line.values] == ["000"]

    def test_page_numbers(self) -> None:
        """Footers left by PDF extractors are recognised."""
        for text in ("-4 -", "— 5 —", "\f- 3 -", "第3页"):
            assert split_line(0, text).is_page_number, text
        assert not split_line(0, "-4").is_page_number


class TestValueText:
    """is_value_text accepts numbers with units, notes and marks, nothing else."""

    def test_values(self) -> None:
        """Units, separators, notes, signs, full width and marks are values."""
        for text in (
            "335次",
            "3967万元",
            "25987（元）",
            "3,020.782",
            "-3",
            "１２",
            "22（其中修订16件）",
            "/",
            "—",
            "无",
        ):
            assert is_value_text(text), text

    def test_not_values(self) -> None:
        """Numbering and prose are not values."""
        for text in ("1.", "1、", "2024年四个季度", "100%。", "第二十条"):
            assert not is_value_text(text), text


class TestLabels:
    """Row labels are matched on normalised text: exact, broken, with typos."""

    def test_norm(self) -> None:
        """Width, spacing, quotes and numbering punctuation are normalised."""
        assert norm("3、危及“三安全一稳定”") == norm('3. 危及"三安全一稳定"')
        assert norm("三、本 年 度 办 理 结 果") == "三、本年度办理结果"

    def test_group_prefix_names_the_sub_row(self) -> None:
        """A group label before a sub-row label names the sub-row."""
        hits = match_rows(norm("（六）其他处理 1.申请人无正当理由逾期不补正"), TableKey.REQUESTS)
        assert hits[0].row == "other_no_correction"

    def test_broken_label_prefix(self) -> None:
        """The first part of a label broken over lines names its row."""
        hits = match_rows(norm("5.要求行政机关确认或重新出"), TableKey.REQUESTS)
        assert hits[0].row == "not_processed_confirmation"
        assert not hits[0].exact

    def test_typo(self) -> None:
        """A label with a typo still names its row."""
        hits = match_rows(norm("2.其他法律行政法规禁止公幵"), TableKey.REQUESTS)
        assert hits[0].row == "withheld_prohibited_by_law"

    def test_sentence_is_not_a_label(self) -> None:
        """A label word inside a sentence does not make the sentence a row."""
        assert not match_rows(norm("申请中同意公开答复9件，部分公开答复0件"), TableKey.REQUESTS)

    def test_caption(self) -> None:
        """Captions are read in any bracket width and spacing."""
        assert caption_block(norm("第二十条 第(五)项")) == "第二十条第（五）项"

    def test_section_heading(self) -> None:
        """Headings are found by ordinal and keyword; row labels are not headings."""
        assert section_heading("## 四、因政府信息公开工作被申请行政复议、提起行政诉讼情况") is SectionKind.REVIEWS
        assert section_heading("一、本年新收政府信息公开申请数量") is None


class TestLinearTime:
    """Hostile lines (long runs of digits, tabs, spaces, labels) scan in linear time."""

    def test_long_runs(self) -> None:
        """Ten thousand-character runs take well under a second each."""
        for line in ("1" * 20000, "\t" * 20000, " " * 20000 + "1", "（三）不予公开" * 3000, "|" * 20000, "（" * 20000):
            start = time.perf_counter()
            scan_tables(
                ["三、收到和处理政府信息公开申请情况", "一、本年新收政府信息公开申请数量 1 0 0 0 0 0 1", line],
                year=2023,
            )
            assert time.perf_counter() - start < 2.0

    @given(
        st.lists(
            st.sampled_from(["规章 1 0 0", "| 1 | 2 |", "第二十条第（一）项", "行政复议", "1\t2\t3", "-3 -", "x"]),
            max_size=60,
        )
    )
    def test_any_mix_scans(self, lines: list[str]) -> None:
        """Any mix of table-like lines scans without error."""
        scan_tables(lines, year=None)


class TestStrayTab:
    """A tab at one end of a space-separated line does not make it a one-cell tab row."""

    def test_trailing_tab_keeps_space_cells(self) -> None:
        """政府集中采购    0    0.00<tab> has a label and two values."""
        line = split_line(1, " 政府集中采购    0    0.00\t")
        assert line.label == "政府集中采购"
        assert [c.text for c in line.values] == ["0", "0.00"]

    def test_leading_tab_before_a_label(self) -> None:
        """<tab>规范性文件  ０  ０  ０ is a labelled row of three values."""
        line = split_line(1, "\t规范性文件  ０  ０  ０\u3000")
        assert line.label == "规范性文件"
        assert len(line.values) == 3

    def test_leading_tab_before_a_numbered_label(self) -> None:
        """<tab> 5 . 要 求 … 0 0 (a spaced label starting with its number) keeps its values."""
        line = split_line(1, "\t 5 . 要 求 确 认 0 0  ")
        assert [c.text for c in line.values] == ["0", "0"]

    def test_tab_inside_markup(self) -> None:
        """**<tab>（二）部分公开**    0    0 is a labelled row of two values."""
        line = split_line(1, "**\t（二）部分公开**    0    0 ")
        assert [c.text for c in line.values] == ["0", "0"]

    def test_leading_tab_before_values_keeps_position(self) -> None:
        """<tab>5  3 keeps its blank first tab cell."""
        line = split_line(1, "\t5  3")
        assert line.separator is Separator.TAB
        assert [c.text for c in line.value_cells] == ["", "5", "3"]

    def test_real_tab_cells_stay_tab_cells(self) -> None:
        """Cells separated by tabs keep their positions."""
        line = split_line(1, "规章\t\t3\t5")
        assert line.separator is Separator.TAB
        assert [c.text for c in line.value_cells] == ["", "3", "5"]


class TestGluedAfterBracket:
    """Digits glued to a label that ends in a closing bracket are split off."""

    def test_reviews_label_with_bracket(self) -> None:
        """| 行政诉讼（未经复议直接起诉）00000 | is a label and a digit run."""
        line = split_line(1, "| 行政诉讼（未经复议直接起诉）00000 |")
        assert line.label == norm("行政诉讼（未经复议直接起诉）")
        assert [c.text for c in line.values] == ["00000"]

    def test_note_keeps_its_digits(self) -> None:
        """A value with its note (22（其中修订16件）) stays one value cell."""
        line = split_line(1, "22（其中修订16件）")
        assert [c.text for c in line.values] == ["22（其中修订16件）"]
