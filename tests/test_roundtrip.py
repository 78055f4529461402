"""Round-trip properties: canonical text and JSON give back the report they came from."""

from __future__ import annotations

from hypothesis import given

from gov_disclosure import from_json, parse, to_json, to_text
from gov_disclosure.model import AnnualReport
from strategies import documents


class TestCanonicalRoundTrip:
    """Canonical text is read back exactly and is a fixed point."""

    @given(documents())
    def test_parse_inverts_to_text(self, report: AnnualReport) -> None:
        """Reading a report's canonical text gives the same report."""
        text = to_text(report)
        assert parse(text).report == report, text

    @given(documents())
    def test_canonical_text_is_a_fixed_point(self, report: AnnualReport) -> None:
        """Writing a parsed canonical text again gives the same text, byte for byte."""
        text = to_text(report)
        assert to_text(parse(text).report) == text

    @given(documents())
    def test_canonical_text_parses_without_repairs(self, report: AnnualReport) -> None:
        """Canonical text needs no repair: the reader reports no warnings about it."""
        result = parse(to_text(report))
        assert [d for d in result.diagnostics if d.severity.value != "info"] == []


class TestJsonRoundTrip:
    """JSON is plain and reads back to the same report."""

    @given(documents())
    def test_from_json_inverts_to_json(self, report: AnnualReport) -> None:
        """from_json(to_json(r)) == r."""
        assert from_json(to_json(report)) == report

    @given(documents())
    def test_json_round_trip_after_parse(self, report: AnnualReport) -> None:
        """A parsed report survives JSON unchanged (tables, notes and units included)."""
        parsed = parse(to_text(report)).report
        assert from_json(to_json(parsed)) == parsed
