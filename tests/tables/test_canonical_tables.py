"""Canonical pipe tables (the writer's own output) read back exactly, claiming only table lines."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gov_disclosure.canonical import to_text
from gov_disclosure.model import AnnualReport
from gov_disclosure.tables import could_start_table_line, scan_tables
from strategies import consistent_reports, reports


class TestCanonicalTables:
    """scan_tables on canonical text is the inverse of the canonical table writer."""

    @given(st.one_of(reports(), consistent_reports()))
    def test_tables_read_back(self, report: AnnualReport) -> None:
        """Every table of the report comes back cell for cell (reviews up to the edition)."""
        scan = scan_tables(to_text(report).split("\n"), year=report.year)
        want = {t.key: t for t in report.tables}
        got = {t.key: t for t in scan.tables}
        assert set(got) == set(want)
        for key, table in want.items():
            assert got[key].values == table.values

    @given(st.one_of(reports(), consistent_reports()))
    def test_edition_detected(self, report: AnnualReport) -> None:
        """Tables 二 and 三 name their edition; a lone table 四 cannot and is not asked to."""
        scan = scan_tables(to_text(report).split("\n"), year=report.year)
        if any(t.key.value != "reviews" for t in report.tables):
            assert scan.edition is report.edition

    @given(consistent_reports())
    def test_claims_only_table_lines(self, report: AnnualReport) -> None:
        """Only pipe rows and block captions are claimed; narrative stays narrative."""
        lines = to_text(report).split("\n")
        scan = scan_tables(lines, year=report.year)
        assert scan.claimed
        for index in scan.claimed:
            assert lines[index].startswith(("|", "第二十条")), lines[index]

    @given(consistent_reports())
    def test_every_number_has_a_span(self, report: AnnualReport) -> None:
        """Each cell read from the text has a source span on its pipe row."""
        lines = to_text(report).split("\n")
        scan = scan_tables(lines, year=report.year)
        for table in scan.tables:
            for key, value in table.cells():
                if value.__class__.__name__ in {"Count", "Money"}:
                    span = scan.source_map[str(key)]
                    assert lines[span.line - 1].startswith("|")

    @given(st.text(max_size=60))
    def test_guarded_paragraphs_are_never_table_lines(self, text: str) -> None:
        """A paragraph the writer guards (``&#``) is never claimed, whatever it says."""
        lines = [f"&#{ord(text[0])};{text[1:]}" if text else "&#8203;", "| 行政复议 | 1 | 0 | 0 | 0 | 1 |"]
        scan = scan_tables(lines, year=2023)
        assert 0 not in scan.claimed


class TestCouldStartTableLine:
    """could_start_table_line is True for every line the scanner could take for a table line."""

    def test_pipe_and_numbers(self) -> None:
        """A pipe, a number or a not-applicable mark at the start may start a row."""
        assert could_start_table_line("| 规章 | 1 |")
        assert could_start_table_line("12 3 4")
        assert could_start_table_line("／")

    def test_labels_and_captions(self) -> None:
        """Row labels (with or without numbering), captions and header words may start a row."""
        for text in (
            "行政许可 12",
            "1.属于国家秘密",
            "属于国家秘密",
            "第二十条第（五）项",
            "自然人",
            "（七）总计 3",
            "申请人情况",
        ):
            assert could_start_table_line(text), text

    def test_prose(self) -> None:
        """Ordinary prose is not mistaken for a table line."""
        assert not could_start_table_line("我局认真贯彻落实《条例》，全年工作有序推进。")
        assert not could_start_table_line("")

    @given(
        st.sampled_from(["行政复议", "规章", "（三）不予公开", "本年新收政府信息公开申请数量"]), st.text(max_size=20)
    )
    def test_label_prefixed_text(self, label: str, rest: str) -> None:
        """Any text that starts with a template label is flagged, whatever follows."""
        assert could_start_table_line(label + rest)
