"""The HTML writer: a standalone accessible page whose tables follow the official merged-cell layout."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gov_disclosure.cellvalues import format_cell
from gov_disclosure.html_writer import to_html
from gov_disclosure.model import AnnualReport, Metadata, Section, Table, Text, Unplaced
from gov_disclosure.readers._html_grid import cell_text, table_grid
from gov_disclosure.readers._html_parse import parse_html_tree
from gov_disclosure.template import (
    PROACTIVE_CAPTION,
    REQUESTS_APPLICANT_HEADER,
    REQUESTS_CORNER_NOTE,
    REQUESTS_LEGAL_ENTITY_HEADER,
    RESULTS_GROUP,
    SECTIONS,
    Edition,
    TableKey,
    table_spec,
)
from strategies import GB_EDITIONS, consistent_reports, tables


def _report(*tables_: Table, edition: Edition = Edition.GB2021) -> AnnualReport:
    by_key = {table.key: table for table in tables_}
    sections = tuple(
        Section(spec.title, spec.kind, table=by_key.get(spec.table) if spec.table else None) for spec in SECTIONS
    )
    return AnnualReport(Metadata(edition, agency="某市人民政府", year=2023, title="某市2023年报告"), sections)


def _root(html: str) -> Any:
    _text, root = parse_html_tree(html)
    return root


def _grid(html: str, key: TableKey) -> list[list[str]]:
    table = next(t for t in _root(html).iter("table") if t.get("data-table") == key.value)
    return [[cell.text for cell in row.cells] for row in table_grid(table)]


def _spans(html: str, text: str) -> tuple[int, int]:
    """(rowspan, colspan) of the first th whose text is ``text``."""
    for th in _root(html).iter("th"):
        if cell_text(th) == text:
            return int(th.get("rowspan", "1")), int(th.get("colspan", "1"))
    raise AssertionError(f"no th {text!r}")


class TestPage:
    """The standalone page is self-contained and accessible; the fragment is embeddable."""

    def test_standalone_page(self) -> None:
        """A full page: doctype, lang zh-CN, charset, title and inline CSS."""
        html = to_html(_report(Table.blank(TableKey.REVIEWS, Edition.GB2021)))
        assert html.startswith("<!DOCTYPE html>")
        assert '<html lang="zh-CN">' in html
        assert '<meta charset="utf-8">' in html
        assert "<title>某市2023年报告</title>" in html
        assert "<style>" in html

    def test_no_external_resources(self) -> None:
        """Nothing is loaded from elsewhere: no scripts, links, images or URLs."""
        html = to_html(_report(Table.blank(TableKey.REVIEWS, Edition.GB2021)))
        for marker in ("<script", "<link", "<img", "src=", "href=", "http:", "https:", "url("):
            assert marker not in html

    def test_fragment(self) -> None:
        """standalone=False gives one div with its own styles and no document wrapper."""
        html = to_html(_report(), standalone=False)
        assert html.startswith('<div class="gov-disclosure-report" lang="zh-CN"')
        assert html.endswith("</div>")
        assert "<html" not in html
        assert "<body" not in html

    def test_repr_html(self) -> None:
        """Notebooks show the fragment."""
        report = _report(Table.blank(TableKey.PROACTIVE, Edition.GB2019), edition=Edition.GB2019)
        assert report._repr_html_() == to_html(report, standalone=False)

    def test_metadata_list(self) -> None:
        """Metadata is a definition list of labelled values."""
        html = to_html(_report())
        assert "<dl><dt>发布机关</dt><dd>某市人民政府</dd><dt>报告年度</dt><dd>2023</dd>" in html

    def test_narrative(self) -> None:
        """Sections are <section> with an <h2> official heading; the title is the <h1>."""
        html = to_html(_report())
        assert "<h1>某市2023年报告</h1>" in html
        for spec in SECTIONS:
            assert f"<h2>{spec.heading}</h2>" in html

    def test_escaping(self) -> None:
        """Markup in text and cells is escaped, never interpreted."""
        table = Table.blank(TableKey.REVIEWS, Edition.GB2021).replace(("reconsideration", "upheld"), Text("<b>&x"))
        report = _report(table)
        report = AnnualReport(report.metadata, report.sections, unplaced=(Unplaced("<script>alert(1)</script>", 3),))
        html = to_html(report)
        assert "&lt;b&gt;&amp;x" in html
        assert "<script>alert" not in html
        assert "<b>&x" not in html


class TestProactiveLayout:
    """Section 二: each block has a caption row across the table and its own header row."""

    @pytest.mark.parametrize("edition", GB_EDITIONS, ids=lambda edition: edition.value)
    def test_blocks(self, edition: Edition) -> None:
        """Caption rows span four columns; headers start with the corner label; rows carry template labels."""
        html = to_html(_report(Table.blank(TableKey.PROACTIVE, edition), edition=edition))
        spec = table_spec(edition, TableKey.PROACTIVE)
        assert f"<caption>{PROACTIVE_CAPTION}</caption>" in html
        for block in spec.blocks:
            assert _spans(html, block.caption) == (1, 4)
            for row in block.rows:
                assert f'<th scope="row">{row.label}</th>' in html

    def test_single_column_block_spans(self) -> None:
        """A gb2021 block with one value column spans it over the three value columns."""
        html = to_html(_report(Table.blank(TableKey.PROACTIVE, Edition.GB2021)))
        column = table_spec(Edition.GB2021, TableKey.PROACTIVE).blocks[1].columns[0]
        assert _spans(html, column.label) == (1, 3)


class TestRequestsLayout:
    """Section 三: corner note, two-level applicant header and merged group labels."""

    @pytest.mark.parametrize("edition", GB_EDITIONS, ids=lambda edition: edition.value)
    def test_header(self, edition: Edition) -> None:
        """申请人情况 spans the seven columns over 自然人 | 法人或其他组织 (5) | 总计."""
        html = to_html(_report(Table.blank(TableKey.REQUESTS, edition), edition=edition))
        assert _spans(html, REQUESTS_CORNER_NOTE) == (3, 3)
        assert _spans(html, REQUESTS_APPLICANT_HEADER) == (1, 7)
        assert _spans(html, REQUESTS_LEGAL_ENTITY_HEADER) == (1, 5)
        columns = table_spec(edition, TableKey.REQUESTS).columns
        assert _spans(html, columns[0].label) == (2, 1)
        assert _spans(html, columns[-1].label) == (2, 1)

    @pytest.mark.parametrize("edition", GB_EDITIONS, ids=lambda edition: edition.value)
    def test_group_labels_span_their_rows(self, edition: Edition) -> None:
        """Each group label spans exactly the rows of its group; the results group spans all of them."""
        html = to_html(_report(Table.blank(TableKey.REQUESTS, edition), edition=edition))
        rows = table_spec(edition, TableKey.REQUESTS).rows
        assert _spans(html, RESULTS_GROUP)[0] == sum(1 for row in rows if row.group is not None)
        for group in {row.group for row in rows if row.group not in (None, RESULTS_GROUP)}:
            assert group is not None
            assert _spans(html, group)[0] == sum(1 for row in rows if row.group == group)

    def test_other_handling_group_gb2021(self) -> None:
        """gb2021 splits （六）其他处理 into three rows under a merged label; gb2019 has one row."""
        html_2021 = to_html(_report(Table.blank(TableKey.REQUESTS, Edition.GB2021)))
        other = table_spec(Edition.GB2021, TableKey.REQUESTS).row("other_remaining").group
        assert other is not None
        assert _spans(html_2021, other) == (3, 1)
        html_2019 = to_html(_report(Table.blank(TableKey.REQUESTS, Edition.GB2019), edition=Edition.GB2019))
        assert _spans(html_2019, table_spec(Edition.GB2019, TableKey.REQUESTS).row("other_handling").label) == (1, 2)

    @pytest.mark.parametrize("edition", GB_EDITIONS, ids=lambda edition: edition.value)
    def test_rows_end_in_values(self, edition: Edition) -> None:
        """Every data row ends in its own label followed by the seven value cells."""
        html = to_html(_report(Table.blank(TableKey.REQUESTS, edition), edition=edition))
        rows = _grid(html, TableKey.REQUESTS)[3:]
        spec = table_spec(edition, TableKey.REQUESTS)
        assert len(rows) == len(spec.rows)
        for grid_row, row in zip(rows, spec.rows):
            assert grid_row[-8:] == [row.label, *[""] * 7]


class TestReviewsLayout:
    """Section 四: 行政复议 (5) | 行政诉讼 (5 + 5) over one row of fifteen values."""

    def test_header_and_values(self) -> None:
        """The two-level header spans as in the template and the value row has 15 cells."""
        html = to_html(_report(Table.blank(TableKey.REVIEWS, Edition.GB2021)))
        spec = table_spec(Edition.GB2021, TableKey.REVIEWS)
        litigation = spec.rows[1].group
        assert litigation is not None
        assert _spans(html, spec.rows[0].label) == (1, 5)
        assert _spans(html, litigation) == (1, 10)
        assert _spans(html, spec.rows[1].label) == (1, 5)
        assert _spans(html, spec.rows[2].label) == (1, 5)
        grid = _grid(html, TableKey.REVIEWS)
        assert len(grid) == 4
        assert len(grid[-1]) == 15
        assert grid[0] == [spec.rows[0].label, litigation]


class TestValues:
    """Every value cell holds format_cell of the model value, in template order."""

    @given(st.sampled_from(GB_EDITIONS).flatmap(lambda e: st.tuples(*(tables(key, e) for key in TableKey))))
    def test_cells_in_order(self, drawn: tuple[Table, ...]) -> None:
        """The td texts of each table, in document order, are the formatted values in template order."""
        report = _report(*drawn, edition=drawn[0].edition)
        root = _root(to_html(report))
        for table in drawn:
            element = next(t for t in root.iter("table") if t.get("data-table") == table.key.value)
            texts = [cell_text(td) for td in element.iter("td")]
            assert texts == [format_cell(value).strip() for value in table.values]

    @given(consistent_reports())
    def test_every_label_from_template(self, report: AnnualReport) -> None:
        """Every row label of every table of the edition appears as a header cell."""
        root = _root(to_html(report))
        headers = {cell_text(th) for th in root.iter("th")}
        for table in report.tables:
            for row in table.spec.rows:
                assert row.label in headers

    def test_sections_without_kind(self) -> None:
        """A legacy section keeps its own title as its heading."""
        report = AnnualReport(Metadata(Edition.LEGACY), (Section("概述", None),))
        assert "<h2>概述</h2>" in to_html(report)
        assert "data-kind" not in to_html(report)
