from __future__ import annotations

import csv
import io
import json
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from gov_disclosure.batch import BatchItem, BatchResult
from gov_disclosure.cells import iter_cells
from gov_disclosure.diagnostics import Diagnostic, ParseResult, Severity, SourceMap, SourceSpan
from gov_disclosure.exports import (
    FINDING_COLUMNS,
    RECORD_COLUMNS,
    findings_to_csv,
    findings_to_json,
    to_frame,
    to_parquet,
    to_records,
)
from gov_disclosure.model import AnnualReport, Count, Metadata, Money, NotApplicable, Section, Table, Text
from gov_disclosure.template import SECTIONS, Edition, MoneyUnit, TableKey, table_spec
from gov_disclosure.validate import validate
from strategies import reports

_SLOW = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _report(edition: Edition = Edition.GB2021, agency: str = "某县人民政府", year: int = 2022) -> AnnualReport:
    """A report with all tables blank except a few cells of every value state."""
    sections = []
    for spec in SECTIONS:
        table = Table.blank(spec.table, edition) if spec.table is not None else None
        if spec.table is TableKey.REQUESTS and table is not None:
            table = (
                table.replace("requests.new_received.natural_person", Count(3))
                .replace("requests.new_received.commercial", NotApplicable("/"))
                .replace("requests.new_received.research", Text("见附件"))
            )
        if spec.table is TableKey.PROACTIVE and table is not None and edition is Edition.GB2021:
            table = table.replace("proactive.fees.amount", Money(Decimal("3020.782"), MoneyUnit.WAN_YUAN))
        sections.append(Section(spec.title, spec.kind, (), table))
    return AnnualReport(Metadata(edition, agency=agency, year=year), tuple(sections))


def _by_key(records: list[dict[str, object]]) -> dict[str, dict[str, object]]:
    return {f"{r['section']}.{r['row']}.{r['column']}": r for r in records}


class TestToRecords:
    """to_records() gives one plain dict per template cell with typed columns."""

    def test_one_record_per_template_cell_with_the_columns_in_order(self) -> None:
        """A gb2021 report has as many records as its edition has template cells."""
        records = to_records(_report())
        cells = sum(len(table_spec(Edition.GB2021, key).cell_keys) for key in TableKey)
        assert len(records) == cells
        assert all(tuple(record) == RECORD_COLUMNS for record in records)

    def test_states_distinguish_blank_not_applicable_text_and_numbers(self) -> None:
        """Blank is never zero: each kind of cell keeps its own state and no number."""
        records = _by_key(to_records(_report()))
        assert (
            records["requests.new_received.natural_person"]["number"],
            records["requests.new_received.natural_person"]["state"],
        ) == (3, "number")
        assert (
            records["requests.new_received.commercial"]["number"],
            records["requests.new_received.commercial"]["state"],
        ) == (None, "not_applicable")
        assert (
            records["requests.new_received.research"]["number"],
            records["requests.new_received.research"]["state"],
        ) == (None, "text")
        assert (records["requests.new_received.total"]["number"], records["requests.new_received.total"]["state"]) == (
            None,
            "blank",
        )

    def test_money_is_exact_with_its_unit(self) -> None:
        """Money amounts are Decimals, with the unit of the cells export."""
        record = _by_key(to_records(_report()))["proactive.fees.amount"]
        assert (record["value"], record["unit"], record["number"]) == ("3020.782", "万元", Decimal("3020.782"))

    @_SLOW
    @given(report=reports())
    def test_value_and_unit_are_the_cells_export(self, report: AnnualReport) -> None:
        """``value``/``unit`` equal iter_cells' text for every cell of any report."""
        records = to_records(report)
        expected = [(c.section, c.row, c.column, c.value, c.unit) for c in iter_cells(report)]
        assert [(r["section"], r["row"], r["column"], r["value"], r["unit"]) for r in records] == expected

    def test_metadata_and_source_are_on_every_record(self) -> None:
        """A ``(source, report)`` pair puts the source, agency, year and edition on each record."""
        records = to_records([("a.txt", _report(agency="甲", year=2023)), ("b.txt", _report(Edition.GB2019))])
        assert {(r["source"], r["agency"], r["year"], r["edition"]) for r in records} == {
            ("a.txt", "甲", 2023, "gb2021"),
            ("b.txt", "某县人民政府", 2022, "gb2019"),
        }

    def test_parse_results_carry_locations(self) -> None:
        """A ParseResult's source map gives line and col; blank cells have none."""
        key = "requests.new_received.natural_person"
        source_map = SourceMap({key: SourceSpan(12, 5), "requests.new_received.total": SourceSpan(12, 9)})
        records = _by_key(to_records(ParseResult(_report(), source_map=source_map)))
        assert (records[key]["line"], records[key]["col"]) == (12, 5)
        assert records["requests.new_received.total"]["line"] is None

    def test_batch_results_skip_unreadable_files(self) -> None:
        """A BatchResult contributes its read files, with their paths as source."""
        batch = BatchResult(
            (
                BatchItem(path="bad.txt", error="binary", error_type="UnreadableInputError"),
                BatchItem(path="good.txt", result=ParseResult(_report())),
            )
        )
        assert {r["source"] for r in to_records(batch)} == {"good.txt"}

    def test_other_results_are_refused_with_a_hint(self) -> None:
        """A batch of some other task's results is a TypeError that says which tasks fit."""
        batch = BatchResult((BatchItem(path="a.txt", result=42),))
        with pytest.raises(TypeError, match="parse_task or validate_task"):
            to_records(batch)

    def test_legacy_reports_have_no_records(self) -> None:
        """A legacy report has no template cells."""
        assert to_records(AnnualReport(Metadata(Edition.LEGACY, year=2012))) == []


class TestToFrame:
    """to_frame() builds a tidy DataFrame with nullable typed columns."""

    def test_dtypes_and_blank_is_na_not_zero(self) -> None:
        """Number is Float64 with <NA> for blank; year/line/col are Int64; state is categorical."""
        pd = pytest.importorskip("pandas", reason="to_frame needs pandas (gov-disclosure[pandas])")
        frame = to_frame(_report())
        assert list(frame.columns) == list(RECORD_COLUMNS)
        assert str(frame["number"].dtype) == "Float64"
        assert str(frame["year"].dtype) == "Int64"
        assert isinstance(frame["state"].dtype, pd.CategoricalDtype)
        blank = frame[frame["state"] == "blank"]
        assert blank["number"].isna().all()
        assert frame["number"].sum() == pytest.approx(3 + 3020.782)

    def test_missing_pandas_names_the_extra(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without pandas the ImportError says which extra to install."""
        monkeypatch.setitem(sys.modules, "pandas", None)
        with pytest.raises(ImportError, match=r"gov-disclosure\[pandas\]"):
            to_frame(_report())


class TestToParquet:
    """to_parquet() writes a frame that reads back equal."""

    def test_round_trip(self, tmp_path: Path) -> None:
        """Reports written to Parquet read back with the same values and dtypes."""
        pd = pytest.importorskip("pandas", reason="to_parquet needs pandas (gov-disclosure[pandas])")
        pytest.importorskip("pyarrow", reason="to_parquet needs pyarrow (gov-disclosure[pandas])")
        path = tmp_path / "cells.parquet"
        to_parquet([("a.txt", _report())], path)
        back = pd.read_parquet(path)
        pd.testing.assert_frame_equal(back, to_frame([("a.txt", _report())]))

    def test_accepts_a_frame(self, tmp_path: Path) -> None:
        """A frame built elsewhere is written as it is."""
        pd = pytest.importorskip("pandas", reason="to_parquet needs pandas (gov-disclosure[pandas])")
        pytest.importorskip("pyarrow", reason="to_parquet needs pyarrow (gov-disclosure[pandas])")
        frame = to_frame(_report()).head(3)
        to_parquet(frame, tmp_path / "x.parquet")
        assert len(pd.read_parquet(tmp_path / "x.parquet")) == 3


class TestFindings:
    """Findings export to CSV and JSON as plain types."""

    def test_csv_has_one_row_per_finding_with_sources(self) -> None:
        """Each finding becomes one CSV row under its source."""
        findings = validate(_report())
        assert findings, "the sample report must have findings for this test to mean anything"
        text = findings_to_csv([("a.txt", findings), ("b.txt", findings[:1])])
        rows = list(csv.DictReader(io.StringIO(text)))
        assert tuple(rows[0]) == FINDING_COLUMNS
        assert len(rows) == len(findings) + 1
        assert [row["code"] for row in rows[:-1]] == [finding.code for finding in findings]
        assert rows[-1]["source"] == "b.txt"

    def test_json_is_plain_and_names_cells(self) -> None:
        """JSON findings hold only plain types, cells with key, value text and location."""
        report = _report()
        source_map = SourceMap({"requests.new_received.research": SourceSpan(7, 3)})
        findings = validate(report, source_map=source_map)
        documents = json.loads(findings_to_json(findings))
        assert [d["code"] for d in documents] == [f.code for f in findings]
        named = [cell for d in documents for cell in d["cells"] if cell["key"] == "requests.new_received.research"]
        assert named
        assert named[0] == {
            "key": "requests.new_received.research",
            "value": "见附件",
            "line": 7,
            "col": 3,
            "path": None,
        }
        assert "source" not in documents[0]

    def test_reader_diagnostics_export_too(self) -> None:
        """Diagnostics (cells as key strings) share the findings formats."""
        diagnostic = Diagnostic(
            "digits-split", Severity.WARNING, "split", SourceSpan(3, 4), cells=("requests.granted.total",)
        )
        (document,) = json.loads(findings_to_json([diagnostic]))
        assert document["cells"] == [{"key": "requests.granted.total"}]
        row = next(csv.DictReader(io.StringIO(findings_to_csv([("x.txt", [diagnostic])]))))
        assert (row["severity"], row["line"], row["col"], row["cells"]) == (
            "warning",
            "3",
            "4",
            "requests.granted.total",
        )
