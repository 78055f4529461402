"""The cells export: one record per template cell of the edition, in template order."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import attrs
from hypothesis import given
from hypothesis import strategies as st

from gov_disclosure import iter_cells, parse, to_text, write_cells_csv
from gov_disclosure.cells import cell_value_text
from gov_disclosure.model import (
    AnnualReport,
    Blank,
    CellValue,
    Count,
    Metadata,
    Money,
    NotApplicable,
    Section,
    Table,
    Text,
)
from gov_disclosure.template import Edition, MoneyUnit, SectionKind, TableKey, ValueKind, table_spec
from strategies import document_tables, documents


def _template_keys(edition: Edition) -> list[str]:
    if edition is Edition.LEGACY:
        return []
    return [str(key) for table in TableKey for key in table_spec(edition, table).cell_keys]


class TestIterCells:
    """iter_cells covers the template exactly once."""

    @given(documents())
    def test_every_template_cell_once_in_order(self, report: AnnualReport) -> None:
        """The records' keys are the edition's cell keys in template order (none for legacy)."""
        assert [record.key for record in iter_cells(report)] == _template_keys(report.edition)

    @given(documents())
    def test_values_are_numbers_or_empty(self, report: AnnualReport) -> None:
        """A value is digits (sign, point allowed) or empty; the unit only on money cells."""
        for record in iter_cells(report):
            assert record.value == "" or record.value.lstrip("-").replace(".", "", 1).isdigit()
            assert record.unit in {"", "元", "万元"}
            if record.unit:
                assert record.column == "amount"

    def test_value_text(self) -> None:
        """Integers plain, decimals as written, not-a-number empty."""
        assert cell_value_text(Count(12, "（其中修订1件）")) == "12"
        assert cell_value_text(Count(-4)) == "-4"
        assert cell_value_text(Money(Decimal("3020.780"), MoneyUnit.WAN_YUAN)) == "3020.780"
        assert cell_value_text(Blank()) == ""
        assert cell_value_text(NotApplicable("/")) == ""
        assert cell_value_text(Text("见附表")) == ""

    def test_fee_unit_comes_from_the_template(self) -> None:
        """gb2021 fees are in 万元 even when the cell is blank."""
        report = AnnualReport(Metadata(Edition.GB2021))
        fees = next(r for r in iter_cells(report) if r.key == "proactive.fees.amount")
        assert (fees.value, fees.unit) == ("", "万元")

    @given(documents().filter(lambda r: bool(r.tables)), st.data())
    def test_a_changed_cell_changes_text_and_export(self, report: AnnualReport, data: st.DataObject) -> None:
        """Changing one cell changes the canonical text and exactly one record of the export."""
        section = data.draw(st.sampled_from([s for s in report.sections if s.table is not None]))
        assert section.table is not None
        table = section.table
        index = data.draw(st.integers(0, len(table.values) - 1))
        old = table.values[index]
        column = [column for _, column in table.spec.cells()][index]
        new: CellValue
        if column.kind is ValueKind.MONEY:
            new = Money(old.amount + 1, old.unit) if isinstance(old, Money) else Money(Decimal(1))
        else:
            new = Count(int(cell_value_text(old) or "0") + 1)
        values = (*table.values[:index], new, *table.values[index + 1 :])
        changed_section = attrs.evolve(section, table=attrs.evolve(table, values=values))
        changed = attrs.evolve(report, sections=tuple(changed_section if s is section else s for s in report.sections))
        before, after = list(iter_cells(report)), list(iter_cells(changed))
        assert sum(1 for a, b in zip(before, after) if a != b) == 1
        assert to_text(changed) != to_text(report)

    @given(st.sampled_from((Edition.GB2019, Edition.GB2021)).flatmap(lambda e: document_tables(TableKey.REQUESTS, e)))
    def test_cells_survive_canonical_text(self, table: Table) -> None:
        """The export of a report equals the export of its canonical text read back."""
        report = AnnualReport(
            Metadata(table.edition), (Section("收到和处理政府信息公开申请情况", SectionKind.REQUESTS, table=table),)
        )
        assert list(iter_cells(parse(to_text(report)).report)) == list(iter_cells(report))


class TestCsv:
    """The CSV of spec/cells.md."""

    def test_header_and_rows(self) -> None:
        """Header columns, one row per cell, LF line ends."""
        report = AnnualReport(Metadata(Edition.GB2019))
        stream = io.StringIO()
        write_cells_csv(iter_cells(report), stream, "a.txt")
        text = stream.getvalue()
        assert "\r" not in text
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0] == ["source", "section", "row", "column", "value", "unit"]
        assert len(rows) == 1 + len(_template_keys(Edition.GB2019))
        assert rows[1][:4] == ["a.txt", "proactive", "regulations", "made"]

    def test_locations(self) -> None:
        """With locations, line and col point at the value's text in the input."""
        text = to_text(
            AnnualReport(
                Metadata(Edition.GB2021),
                (
                    Section(
                        "政府信息公开行政复议、行政诉讼情况",
                        SectionKind.REVIEWS,
                        table=Table.blank(TableKey.REVIEWS, Edition.GB2021).replace(
                            ("reconsideration", "upheld"), Count(7)
                        ),
                    ),
                ),
            )
        )
        result = parse(text)
        stream = io.StringIO()
        write_cells_csv(iter_cells(result.report, result.source_map), stream, "-", locations=True)
        rows = {f"{r['section']}.{r['row']}.{r['column']}": r for r in csv.DictReader(io.StringIO(stream.getvalue()))}
        cell = rows["reviews.reconsideration.upheld"]
        line = text.splitlines()[int(cell["line"]) - 1]
        assert line[int(cell["col"]) - 1] == "7"
        assert rows["reviews.reconsideration.total"]["line"] == ""
