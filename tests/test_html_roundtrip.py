"""Round trips through HTML: our pages read back exactly, and agree with canonical and pipe-table text."""

from __future__ import annotations

from hypothesis import given

from gov_disclosure.canonical import to_text
from gov_disclosure.html_writer import to_html
from gov_disclosure.model import AnnualReport
from gov_disclosure.readers.html import flatten_html, read_html
from gov_disclosure.readers.text import read_text
from strategies import consistent_reports, reports

#: The attribute that marks a page as ours; without it the page is read like any web page.
_OWN_MARK = "data-gd-format"


def _as_foreign_page(html: str) -> str:
    """Our page with the marker renamed, so the reader must find and read it like any other."""
    return html.replace(_OWN_MARK, "data-unmarked")


class TestOwnHtml:
    """HTML written by to_html reads back to the same report."""

    @given(reports())
    def test_any_report(self, report: AnnualReport) -> None:
        """read_html(to_html(r)) == r for any valid report, text and blank cells included."""
        assert read_html(to_html(report)).report == report

    @given(consistent_reports())
    def test_consistent_report(self, report: AnnualReport) -> None:
        """read_html(to_html(r)) == r for whole reports with narrative and all three tables."""
        assert read_html(to_html(report)).report == report

    @given(reports())
    def test_fragment(self, report: AnnualReport) -> None:
        """The notebook fragment reads back as well as the whole page."""
        assert read_html(to_html(report, standalone=False)).report == report

    @given(reports())
    def test_fixed_point(self, report: AnnualReport) -> None:
        """Writing what was read gives the same page again."""
        html = to_html(report)
        assert to_html(read_html(html).report) == html

    @given(consistent_reports())
    def test_no_doubts(self, report: AnnualReport) -> None:
        """Reading our own page of a whole report raises no warning or error diagnostics."""
        severities = {d.severity.value for d in read_html(to_html(report)).diagnostics}
        assert severities <= {"info"}


class TestThreeFormats:
    """The same report as canonical text, as pipe-table text and as HTML parses to equal models."""

    @given(reports())
    def test_text_pipe_html_agree(self, report: AnnualReport) -> None:
        """Canonical text, the HTML's flattened pipe-table text and the HTML give one model."""
        html = to_html(report)
        from_text = read_text(to_text(report)).report
        from_pipe = read_text(flatten_html(html)).report
        from_html = read_html(html).report
        assert from_text == from_pipe == from_html


class TestForeignPage:
    """Our page read as an unknown web page: the merged-cell tables are read by the lenient path."""

    @given(consistent_reports())
    def test_tables(self, report: AnnualReport) -> None:
        """Span expansion and flattening give back every table of a whole numeric report."""
        got = read_html(_as_foreign_page(to_html(report))).report
        assert got.tables == report.tables

    @given(consistent_reports())
    def test_metadata_and_sections(self, report: AnnualReport) -> None:
        """Title, year and the six sections are found without the canonical markers."""
        got = read_html(_as_foreign_page(to_html(report))).report
        assert got.metadata.title == report.metadata.title
        assert got.metadata.year == report.metadata.year
        assert [s.kind for s in got.sections] == [s.kind for s in report.sections]

    @given(consistent_reports())
    def test_cells_map_to_td(self, report: AnnualReport) -> None:
        """Every cell read from the foreign page maps to a td element of its table."""
        result = read_html(_as_foreign_page(to_html(report)))
        for _key, span in result.source_map:
            assert span.path is not None
            assert span.path.rsplit("/", 1)[-1].startswith("td")
