"""The HTML reader: decoding, safety limits, body detection, span grids, flattening and spans."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from gov_disclosure.cellvalues import format_cell
from gov_disclosure.errors import GovDisclosureError, InputTooLargeError, UnreadableInputError
from gov_disclosure.readers._html_body import find_parts
from gov_disclosure.readers._html_flatten import flatten
from gov_disclosure.readers._html_grid import cell_text, is_layout_table, table_grid
from gov_disclosure.readers._html_parse import MAX_HTML_BYTES, decode_html, parse_html_tree
from gov_disclosure.readers.html import flatten_html, read_html

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "html"
PAGES = sorted(FIXTURES.glob("*.html"))

#: Generous bound for hostile input to be refused; the point is "fails fast, not hangs".
_FAIL_FAST_SECONDS = 10.0


def _expected(page: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(page.with_suffix(".expected.json").read_text(encoding="utf-8"))
    return data


def _with(key: str) -> list[Path]:
    return [page for page in PAGES if key in _expected(page)]


def _table(markup: str) -> Any:
    _text, root = parse_html_tree(f"<html><body>{markup}</body></html>")
    return next(root.iter("table"))


class TestDecoding:
    """Bytes become text from a BOM, a declared charset, or detection."""

    def test_meta_charset_gbk(self) -> None:
        """A GBK page with <meta charset="gbk"> decodes to the right characters."""
        data = '<html><head><meta charset="gbk"></head><body><p>政府信息公开</p></body></html>'.encode("gbk")
        assert "政府信息公开" in decode_html(data)

    def test_http_equiv_gb2312(self) -> None:
        """An http-equiv content-type declaring gb2312 is honoured (read as GB18030, its superset)."""
        data = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312"><p>年度报告</p>'.encode("gb2312")
        assert "年度报告" in decode_html(data)

    def test_utf8_bom(self) -> None:
        """A UTF-8 byte-order mark wins and is removed."""
        assert decode_html(b"\xef\xbb\xbf<p>\xe6\x8a\xa5</p>") == "<p>报</p>"

    def test_undeclared_gbk_detected(self) -> None:
        """GBK bytes without any declaration are detected (not UTF-8, so GB18030)."""
        assert "行政复议" in decode_html("<p>行政复议</p>".encode("gbk"))

    def test_wrong_declaration_falls_back(self) -> None:
        """A page declaring gbk but written in UTF-8 that is invalid GBK still decodes by detection."""
        data = '<meta charset="gbk"><p>结转下年度继续办理</p>'.encode()
        assert "结转下年度继续办理" in decode_html(data)

    def test_undecodable_bytes(self) -> None:
        """Bytes that are neither UTF-8 nor GB18030 raise UnreadableInputError."""
        with pytest.raises(UnreadableInputError):
            read_html(b"<p>\x81\x20\xff\xfe\x80</p>" * 4)


class TestHostileInput:
    """Hostile pages raise our documented errors quickly instead of hanging or crashing."""

    def _refuses(self, source: bytes | str, error: type[GovDisclosureError]) -> float:
        start = time.perf_counter()
        with pytest.raises(error):
            read_html(source)
        elapsed = time.perf_counter() - start
        assert elapsed < _FAIL_FAST_SECONDS
        return elapsed

    def test_external_entity(self) -> None:
        """A DOCTYPE declaring a SYSTEM entity is refused, and no file is read."""
        page = '<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><html><body><p>&xxe;</p></body></html>'
        self._refuses(page, UnreadableInputError)

    def test_billion_laughs(self) -> None:
        """Nested entity declarations are refused before anything could expand them."""
        lol = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
        page = (
            f'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">{lol}]><html><body><p>&lol9;</p></body></html>'
        )
        self._refuses(page, UnreadableInputError)

    def test_deep_nesting(self) -> None:
        """10^5 nested elements raise InputTooLargeError rather than a truncated read or a crash."""
        depth = 100_000
        self._refuses("<html><body>" + "<div>" * depth + "x" + "</div>" * depth + "</body></html>", InputTooLargeError)

    def test_deep_unclosed_tables(self) -> None:
        """10^5 unclosed nested tables hit the same limit."""
        self._refuses("<html><body>" + "<table><tr><td>" * 100_000 + "</body></html>", InputTooLargeError)

    def test_fifty_megabytes(self) -> None:
        """A 50 MB page is over the size limit and refused before parsing."""
        page = b"<html><body><p>" + b"a" * 50_000_000 + b"</p></body></html>"
        assert len(page) > MAX_HTML_BYTES
        self._refuses(page, InputTooLargeError)

    def test_pdf(self) -> None:
        """PDF bytes passed as HTML are refused as unreadable."""
        self._refuses(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", UnreadableInputError)

    def test_png(self) -> None:
        """PNG bytes passed as HTML are refused as unreadable."""
        self._refuses(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01", UnreadableInputError)

    def test_huge_spans(self) -> None:
        """Spans that would make a table millions of cells wide are refused, not expanded."""
        row = "<tr>" + '<td colspan="1000">1</td>' * 50 + "</tr>"
        self._refuses(f"<table>{row}{'<tr><td rowspan=65534>x</td></tr>' * 100}</table>", InputTooLargeError)

    def test_empty_page(self) -> None:
        """An empty page is unreadable, not an empty report."""
        self._refuses("   ", UnreadableInputError)


class TestGrid:
    """Tables expand to grids honouring spans, with merged labels only in their first row."""

    def test_rowspan_label_only_in_first_row(self) -> None:
        """A rowspanned group label is not repeated into the rows it covers."""
        grid = table_grid(_table("<table><tr><td rowspan=2>组</td><td>a</td></tr><tr><td>b</td></tr></table>"))
        assert [[cell.text for cell in row.cells] for row in grid] == [["组", "a"], ["", "b"]]

    def test_covered_cells_point_at_spanning_cell(self) -> None:
        """A covered position remembers which element spans it."""
        grid = table_grid(_table("<table><tr><td rowspan=2>组</td><td>a</td></tr><tr><td>b</td></tr></table>"))
        covered = grid[1].cells[0]
        assert not covered.origin
        assert covered.element is grid[0].cells[0].element

    def test_overlapping_spans_keep_first(self) -> None:
        """When a colspan runs into a rowspan from above, the earlier cell keeps the position."""
        grid = table_grid(
            _table("<table><tr><td>a</td><td rowspan=2>b</td></tr><tr><td colspan=3>c</td><td>d</td></tr></table>")
        )
        assert [cell.text for cell in grid[1].cells] == ["c", "", "", "d"]

    def test_cell_text_joins_parts(self) -> None:
        """Labels split over <br> and <p> join without a gap; spans join digits."""
        table = _table(
            "<table><tr><td>本年<br>新制作<p>数量</p></td><td><span>1</span><span>0</span></td></tr></table>"
        )
        assert [cell_text(cell) for cell in table.iter("td")] == ["本年新制作数量", "10"]

    def test_blank_fillers(self) -> None:
        """&nbsp;, ideographic spaces and <o:p> fillers read as empty text."""
        table = _table("<table><tr><td>&nbsp;<o:p></o:p></td><td>\u3000</td><td>0</td></tr></table>")
        assert [cell_text(cell) for cell in table.iter("td")] == ["", "", "0"]

    def test_layout_tables(self) -> None:
        """A one-column table and a table holding a multi-row table are layout, not data."""
        assert is_layout_table(_table("<table><tr><td>正文</td></tr><tr><td>更多正文</td></tr></table>"))
        assert is_layout_table(
            _table("<table><tr><td>x</td><td><table><tr><td>1</td></tr><tr><td>2</td></tr></table></td></tr></table>")
        )
        assert not is_layout_table(_table("<table><tr><td>规章</td><td>1</td></tr></table>"))


class TestFlattenFixtures:
    """Each fixture page flattens to the lines its expected file lists."""

    @pytest.mark.parametrize("page", _with("flattened"), ids=lambda page: page.stem)
    def test_flattened_lines(self, page: Path) -> None:
        """The flattened text matches line by line."""
        assert flatten_html(page.read_bytes()).split("\n") == _expected(page)["flattened"]

    def test_pipe_rows_escape_pipes(self) -> None:
        """A pipe inside a cell is written with a backslash so it does not split the cell."""
        assert flatten_html("<table><tr><td>a|b</td><td>1</td></tr></table>") == "| a\\|b | 1 |"

    def test_headings_inside_tables_become_lines(self) -> None:
        """A table row holding only a section heading is a plain line, not a pipe row."""
        text = flatten_html(
            "<table><tr><td colspan=2>四、政府信息公开行政复议、行政诉讼情况</td></tr>"
            "<tr><td>行政复议</td><td>1</td></tr></table>"
        )
        assert text.split("\n")[0] == "四、政府信息公开行政复议、行政诉讼情况"

    def test_br_splits_narrative(self) -> None:
        """Lines separated by <br> inside one paragraph become separate lines."""
        assert flatten_html("<p>第一行<br>第二行</p>") == "第一行\n\n第二行"


class TestBodyDetection:
    """The report body is found by content and chrome is dropped with a diagnostic."""

    def test_cms_body_path(self) -> None:
        """The CMS fixture's body is its content container, found without knowing its name."""
        page = FIXTURES / "cms-page-with-chrome.html"
        _text, root = parse_html_tree(page.read_bytes())
        parts = find_parts(root)
        assert root.getroottree().getpath(parts.body) == _expected(page)["body_path"]

    def test_chrome_not_in_text(self) -> None:
        """Navigation, share widgets, attachments, print links, footers and scripts are not read."""
        page = FIXTURES / "cms-page-with-chrome.html"
        text = flatten_html(page.read_bytes())
        for chrome in _expected(page)["not_in_text"]:
            assert chrome not in text

    def test_chrome_reported(self) -> None:
        """Each dropped piece of chrome is an info diagnostic with an element path."""
        page = FIXTURES / "cms-page-with-chrome.html"
        diagnostics = [d for d in read_html(page.read_bytes()).diagnostics if d.code == "chrome-dropped"]
        messages = " ".join(d.message for d in diagnostics)
        for chrome in _expected(page)["dropped"]:
            assert chrome in messages
        assert all(d.span is not None and d.span.path for d in diagnostics)

    def test_title_outside_body_kept(self) -> None:
        """A page title standing outside the content container still becomes the report title."""
        page = FIXTURES / "cms-page-with-chrome.html"
        assert read_html(page.read_bytes()).report.metadata.title == _expected(page)["title"]

    def test_heading_names_are_not_chrome(self) -> None:
        """A container with a chrome-like class name that holds the report is kept."""
        text = flatten_html(
            '<div class="header"><p>一、总体情况</p><p>正文。</p><p>二、主动公开政府信息情况</p></div>'
            '<div class="footer">版权所有</div>'
        )
        assert "一、总体情况" in text
        assert "版权所有" not in text


class TestReadFixtures:
    """Whole pages read through the text pipeline give the expected cells, titles and years."""

    @pytest.mark.parametrize("page", _with("cells"), ids=lambda page: page.stem)
    def test_cells(self, page: Path) -> None:
        """Every expected cell has the expected value text (blank stays blank, not zero)."""
        wanted = _expected(page)["cells"]
        report = read_html(page.read_bytes(), source_name=page.name).report
        assert {key: format_cell(report.cell(key)) for key in wanted} == wanted

    @pytest.mark.parametrize("page", _with("year"), ids=lambda page: page.stem)
    def test_year(self, page: Path) -> None:
        """The report year is read (from the title, inside or outside the body)."""
        assert read_html(page.read_bytes()).report.metadata.year == _expected(page)["year"]


class TestSpans:
    """Spans in the result point at HTML elements and their source lines."""

    def test_cell_spans_are_element_paths(self) -> None:
        """Every source-map span of a fixture names a td/th element and its line."""
        page = FIXTURES / "section-table-split-in-two.html"
        result = read_html(page.read_bytes())
        assert len(result.source_map) > 0
        lines = page.read_text(encoding="utf-8").split("\n")
        for key, span in result.source_map:
            assert span.path is not None
            assert span.path.rsplit("/", 1)[-1].startswith(("td", "th")), key
            assert 1 <= span.line <= len(lines)

    def test_span_line_holds_value(self) -> None:
        """The line a cell's span names holds that cell's value in the HTML source."""
        page = FIXTURES / "section-table-split-in-two.html"
        result = read_html(page.read_bytes())
        lines = page.read_text(encoding="utf-8").split("\n")
        for key, span in result.source_map:
            value = format_cell(result.report.cell(key))
            assert f">{value}<" in lines[span.line - 1], key

    def test_diagnostics_point_into_the_page(self) -> None:
        """Every diagnostic with a span names an element path and a line inside the page."""
        page = FIXTURES / "cms-page-with-chrome.html"
        result = read_html(page.read_bytes())
        count = len(page.read_text(encoding="utf-8").split("\n"))
        spans = [d.span for d in result.diagnostics if d.span is not None]
        assert spans
        for span in spans:
            assert span.path is not None
            assert span.path.startswith("/html/body")
            assert 1 <= span.line <= count

    def test_narrative_maps_to_block(self) -> None:
        """A line of narrative maps to its paragraph, not to an inline element inside it."""
        html = (
            "<html><body>\n<p>一、总体情况</p>\n<p>本年度<b>工作</b>顺利。</p>\n"
            "<p>二、主动公开政府信息情况</p>\n</body></html>"
        )
        _text, root = parse_html_tree(html)
        page = flatten(root, find_parts(root))
        line = next(line for line in page.lines if line.text == "本年度工作顺利。")
        assert [(page.path(segment.element), segment.line) for segment in line.segments] == [("/html/body/p[2]", 3)]


class TestLayoutVersusData:
    """Prose laid out in tables is read as text; a data table with a long note stays a data table."""

    def test_long_note_keeps_data_table(self) -> None:
        """A one-paragraph note over 300 characters under a data table does not make it layout."""
        note = "注：" + "本表数据统计口径为本机关收到的全部政府信息公开申请。" * 15
        table = _table(f"<table><tr><td>规章</td><td>1</td></tr><tr><td colspan=2>{note}</td></tr></table>")
        assert not is_layout_table(table)

    def test_prose_cell_is_layout(self) -> None:
        """A cell holding several long paragraphs makes its table page layout."""
        prose = "".join(f"<p>{'政府信息公开工作稳步推进，' * 10}</p>" for _ in range(3))
        table = _table(f"<table><tr><td>正文</td><td>{prose}</td></tr></table>")
        assert is_layout_table(table)

    def test_preformatted_lines_kept(self) -> None:
        """A <pre> block is read line by line with its column spacing kept."""
        text = flatten_html("<html><body><pre>一、总体情况\n行政复议\t1\t2\n\n规章    3</pre></body></html>")
        assert text.split("\n") == ["一、总体情况", "行政复议\t1\t2", "规章    3"]

    def test_tabs_in_narrative_kept(self) -> None:
        """Tab-separated text pasted into a paragraph keeps its tabs, blank cells included."""
        text = flatten_html("<html><body><p>\t\t1\t2\t\t</p><p>\n\t\t正文\n\t</p></body></html>")
        assert text.split("\n") == ["\t\t1\t2\t\t", "", "正文"]
