from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from gov_disclosure.convert import from_json, to_json
from gov_disclosure.model import AnnualReport, Count, Metadata, Money, Paragraph, Section, Table
from gov_disclosure.schema import json_schema
from gov_disclosure.template import SECTIONS, Edition, MoneyUnit, ValueKind, table_spec
from strategies import consistent_reports, reports

jsonschema = pytest.importorskip("jsonschema", reason="schema tests need jsonschema (gov-disclosure[test])")

_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
_SLOW = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _validator() -> Any:
    schema = json_schema()
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


_VALIDATOR = _validator()


def _errors(document: Any) -> list[str]:
    return [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in _VALIDATOR.iter_errors(document)]


def _document(report: AnnualReport) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(to_json(report))
    return data


def _gb_report(edition: Edition = Edition.GB2021) -> AnnualReport:
    """A gb report with every table: counts in the first cells, money where the template has it."""
    sections = []
    for spec in SECTIONS:
        table = None
        if spec.table is not None:
            table = Table.blank(spec.table, edition)
            for index, (key, column) in enumerate(table_spec(edition, spec.table).cells()):
                if column.kind is ValueKind.MONEY:
                    table = table.replace(key, Money(Decimal("12.5"), MoneyUnit.WAN_YUAN))
                elif index < 3:
                    table = table.replace(key, Count(index))
        sections.append(Section(spec.title, spec.kind, (Paragraph("正文。"),), table))
    return AnnualReport(Metadata(edition, agency="某市人民政府", year=2022), tuple(sections))


def _gb_document(edition: Edition = Edition.GB2021) -> dict[str, Any]:
    return _document(_gb_report(edition))


class TestSchemaItself:
    """json_schema() is a valid draft 2020-12 schema describing the json layout."""

    def test_is_a_valid_draft_2020_12_schema(self) -> None:
        """The metaschema accepts it."""
        jsonschema.Draft202012Validator.check_schema(json_schema())

    def test_each_call_returns_a_fresh_dict(self) -> None:
        """Changing one result never changes the next."""
        first = json_schema()
        first["$defs"].clear()
        assert json_schema()["$defs"]

    def test_every_table_variant_is_generated_from_the_template(self) -> None:
        """There is one table shape per gb edition and table (legacy has none)."""
        variants = json_schema()["$defs"]["table"]["oneOf"]
        shapes = {(v["properties"]["edition"]["const"], v["properties"]["key"]["const"]) for v in variants}
        assert shapes == {(e, k) for e in ("gb2019", "gb2021") for k in ("proactive", "requests", "reviews")}


class TestGeneratedReports:
    """Every report the model can hold serialises to JSON the schema accepts."""

    @_SLOW
    @given(report=reports() | consistent_reports())
    def test_to_json_output_validates(self, report: AnnualReport) -> None:
        """to_json of any generated report has no schema error."""
        assert _errors(_document(report)) == []

    def test_legacy_report_validates(self) -> None:
        """A legacy report with only metadata validates."""
        report = AnnualReport(Metadata(Edition.LEGACY, agency="某镇人民政府", year=2015))
        assert _errors(_document(report)) == []


class TestSchemaRejects:
    """Documents that from_json would refuse are refused by the schema too."""

    def test_missing_schema_version(self) -> None:
        """schema_version is required."""
        document = _gb_document()
        del document["schema_version"]
        assert _errors(document)

    def test_unknown_key(self) -> None:
        """Extra keys are errors, as in the converter (forbid_extra_keys)."""
        document = _gb_document()
        document["metadata"]["mood"] = "happy"
        assert _errors(document)

    def test_cells_out_of_template_order(self) -> None:
        """A table must list its edition's cells in template order."""
        document = _gb_document()
        cells = next(s["table"]["cells"] for s in document["sections"] if s["table"])
        cells[0], cells[1] = cells[1], cells[0]
        assert _errors(document)

    def test_money_in_a_count_column(self) -> None:
        """A count column cannot hold a money value."""
        document = _gb_document()
        table = next(s["table"] for s in document["sections"] if s["table"] and s["table"]["key"] == "requests")
        table["cells"][0] = {"cell": table["cells"][0]["cell"], "type": "money", "amount": "1", "unit": "", "note": ""}
        assert _errors(document)

    def test_negative_count_outside_change_columns(self) -> None:
        """Only gb2019's 本年增/减 may be negative."""
        document = _gb_document()
        table = next(s["table"] for s in document["sections"] if s["table"] and s["table"]["key"] == "reviews")
        table["cells"][0]["value"] = -1
        assert _errors(document)

    def test_multi_line_paragraph(self) -> None:
        """Paragraph text is a single line, as the model requires."""
        document = _gb_document()
        document["metadata"]["preamble"] = [{"text": "two\nlines"}]
        assert _errors(document)

    def test_amount_must_be_a_decimal_string(self) -> None:
        """Money amounts are strings of digits, never floats."""
        document = _gb_document(Edition.GB2019)
        table = next(s["table"] for s in document["sections"] if s["table"] and s["table"]["key"] == "proactive")
        money = next(cell for cell in table["cells"] if cell["type"] == "money")
        money["amount"] = 12.5
        assert _errors(document)

    def test_schema_and_converter_agree_on_a_valid_document(self) -> None:
        """A document the schema accepts is one from_json reads back."""
        document = _gb_document()
        assert _errors(document) == []
        assert to_json(from_json(json.dumps(copy.deepcopy(document)))) == json.dumps(
            document, ensure_ascii=False, sort_keys=True, indent=2
        )


def _corpus_files() -> list[Path]:
    if not _CORPUS.is_dir():
        return []
    return sorted(p for p in _CORPUS.iterdir() if p.suffix in (".txt", ".md") and p.name != "README.md")


class TestCorpus:
    """The json output of real reports validates (when the shared corpus is present)."""

    @pytest.mark.skipif(not _corpus_files(), reason="the shared corpus (../shared/corpus) is not present")
    @pytest.mark.parametrize("path", _corpus_files(), ids=lambda p: p.name)
    def test_corpus_report_json_validates(self, path: Path) -> None:
        """Parsing a real report and writing JSON gives a schema-valid document."""
        from gov_disclosure.api import read_path

        result = read_path(str(path))
        assert _errors(_document(result.report)) == []
