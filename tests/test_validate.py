from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gov_disclosure.cellvalues import read_cell
from gov_disclosure.diagnostics import Severity, SourceMap, SourceSpan
from gov_disclosure.model import (
    BLANK,
    AnnualReport,
    Blank,
    CellValue,
    Count,
    Metadata,
    Money,
    Paragraph,
    Section,
    Table,
    Text,
)
from gov_disclosure.template import (
    EDITIONS,
    SECTIONS,
    CellKey,
    Edition,
    MoneyUnit,
    TableKey,
    ValueKind,
    table_spec,
)
from gov_disclosure.validate import (
    FINDING_CODES,
    CellRef,
    Finding,
    SeriesFinding,
    body_key,
    same_body,
    validate,
    validate_series,
)
from strategies import consistent_reports, reports, rule_cells

FIXTURES = Path(__file__).parent / "fixtures" / "validate"

# --------------------------------------------------------------------------------------
# Building reports from fixture data
# --------------------------------------------------------------------------------------

_DEFAULT_YEAR = {Edition.GB2019: 2020, Edition.GB2021: 2023, Edition.LEGACY: 2016}


def _zero(kind: ValueKind, unit: MoneyUnit | None) -> CellValue:
    return Money(Decimal(0), unit or MoneyUnit.UNKNOWN) if kind is ValueKind.MONEY else Count(0)


def _table(key: TableKey, edition: Edition, cells: Mapping[str, str]) -> Table:
    """A table of zeros with some cells read from text, as a reader would read them."""
    values = []
    for cell_key, column in table_spec(edition, key).cells():
        text = cells.get(str(cell_key))
        values.append(
            _zero(column.kind, column.unit) if text is None else read_cell(text, column.kind, unit=column.unit)
        )
    return Table(key=key, edition=edition, values=tuple(values))


def build_report(data: Mapping[str, Any]) -> AnnualReport:
    """A complete, consistent report of zeros, changed as the fixture data says.

    Keys: ``edition``, ``year``, ``agency``, ``cells`` (key → text), ``rows`` (``section.row``
    → list of cell texts in template column order), ``preamble`` and ``paragraphs``
    (narrative of section 一), ``drop_sections`` and ``drop_tables`` (kind values).
    """
    edition = Edition(data.get("edition", "gb2021"))
    cells: dict[str, str] = dict(data.get("cells", {}))
    for row, texts in data.get("rows", {}).items():
        section, row_key = row.split(".")
        table_of_row = table_spec(edition, TableKey(section))
        for column, text in zip(table_of_row.columns_of(table_of_row.row(row_key)), texts, strict=True):
            cells[f"{row}.{column.key}"] = text
    dropped = set(data.get("drop_sections", ()))
    dropped_tables = set(data.get("drop_tables", ()))
    sections = []
    for spec in SECTIONS:
        if spec.kind.value in dropped:
            continue
        table = None
        if spec.table is not None and edition is not Edition.LEGACY and spec.table.value not in dropped_tables:
            table = _table(spec.table, edition, cells)
        blocks = tuple(Paragraph(text) for text in data.get("paragraphs", ())) if spec.number == 1 else ()
        sections.append(Section(title=spec.title, kind=spec.kind, blocks=blocks, table=table))
    metadata = Metadata(
        edition=edition,
        agency=data.get("agency", "某市人民政府"),
        year=data.get("year", _DEFAULT_YEAR[edition]),
        preamble=tuple(Paragraph(text) for text in data.get("preamble", ())),
    )
    return AnnualReport(metadata=metadata, sections=tuple(sections))


def _fixture_cases() -> list[Any]:
    cases: list[Any] = []
    for path in sorted(FIXTURES.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        cases.extend(pytest.param(data["code"], case, id=f"{path.stem}: {case['name']}") for case in data["cases"])
    return cases


def _replace_table(report: AnnualReport, table: Table) -> AnnualReport:
    sections = tuple(
        attrs.evolve(section, table=table) if section.table is not None and section.table.key is table.key else section
        for section in report.sections
    )
    return attrs.evolve(report, sections=sections)


def _errors(findings: tuple[Finding, ...]) -> list[Finding]:
    return [finding for finding in findings if finding.severity is Severity.ERROR]


def _names(finding: Finding | SeriesFinding) -> set[str]:
    return {cell.key for cell in finding.cells}


# --------------------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------------------


class TestFixtures:
    """Each finding code against hand-written reports named after what they show."""

    @pytest.mark.parametrize(("code", "case"), _fixture_cases())
    def test_case(self, code: str, case: dict[str, Any]) -> None:
        """The fixture yields exactly the expected findings, each naming the expected cells."""
        assert code in FINDING_CODES
        report = build_report(case["report"])
        if "previous" in case:
            found: tuple[Finding | SeriesFinding, ...] = validate_series([build_report(case["previous"]), report])
        else:
            found = validate(report)
        assert sorted(f.code for f in found) == sorted(e["code"] for e in case["expect"]), [str(f) for f in found]
        for expected in case["expect"]:
            assert any(f.code == expected["code"] and set(expected["cells"]) <= _names(f) for f in found), expected

    def test_every_code_has_a_fixture(self) -> None:
        """Every finding code has a fixture file in which it is found."""
        assert {path.stem for path in FIXTURES.glob("*.json")} == set(FINDING_CODES)


class TestArithmeticProperties:
    """Properties of the template arithmetic on generated reports."""

    @given(consistent_reports())
    def test_consistent_report_is_clean(self, report: AnnualReport) -> None:
        """A complete report whose arithmetic and narrative hold yields no finding at all."""
        assert validate(report) == ()

    @given(consistent_reports(), st.data())
    def test_changed_cell_is_an_error(self, report: AnnualReport, data: st.DataObject) -> None:
        """Changing any cell a rule reads by any non-zero amount yields an error naming that cell."""
        key = data.draw(st.sampled_from(rule_cells(report.edition)))
        value = report.cell(key)
        assert isinstance(value, Count)
        delta = data.draw(st.integers(min_value=-1000, max_value=1000).filter(bool))
        new = value.value + delta
        table = report.table(key.section)
        assert table is not None
        changed = table.replace(key, Count(new) if new >= 0 else Text(str(new)))
        errors = _errors(validate(_replace_table(report, changed)))
        assert any(str(key) in _names(finding) for finding in errors)

    @given(consistent_reports(), st.data())
    def test_blank_cell_is_never_an_error(self, report: AnnualReport, data: st.DataObject) -> None:
        """Making any cell blank yields no error and a not-assessable info naming it."""
        key = data.draw(st.sampled_from(rule_cells(report.edition)))
        table = report.table(key.section)
        assert table is not None
        findings = validate(_replace_table(report, table.replace(key, BLANK)))
        assert _errors(findings) == []
        infos = [f for f in findings if f.code == "not-assessable"]
        assert infos
        assert any(str(key) in _names(f) for f in infos)
        assert all(f.severity is Severity.INFO for f in infos)

    @given(reports())
    def test_any_report_validates(self, report: AnnualReport) -> None:
        """Any valid model validates without raising, deterministically, with known codes only."""
        first = validate(report)
        assert first == validate(report)
        assert {f.code for f in first} <= set(FINDING_CODES)
        assert all(f.severity is FINDING_CODES[f.code] for f in first)


class TestArithmeticMessages:
    """What a failed rule says and where it points."""

    def test_row_total_message(self) -> None:
        """A row-total error quotes the labels and both sums and tells the user what to do."""
        report = build_report(
            {
                "rows": {
                    "requests.new_received": ["5", "0", "0", "0", "0", "0", "5"],
                    "requests.granted": ["5", "0", "0", "0", "0", "0", "4"],
                    "requests.total_handled": ["5", "0", "0", "0", "0", "0", "5"],
                }
            }
        )
        (finding,) = [f for f in validate(report) if f.code == "requests-row-total"]
        assert finding.message.startswith("requests.granted: 总计 (4) ≠ 自然人+商业企业+…+其他 (5);")
        assert "mis-keyed" in finding.message
        assert finding.cells[0] == CellRef("requests.granted.total", Count(4), None)

    def test_span_is_the_first_located_cell(self) -> None:
        """The finding's span is that of the first of its cells the source map locates."""
        report = build_report({"rows": {"reviews.reconsideration": ["1", "0", "0", "0", "0"]}})
        span = SourceSpan(40, 3)
        source_map = SourceMap({"reviews.reconsideration.upheld": span})
        (finding,) = validate(report, source_map=source_map)
        assert finding.span == span
        assert finding.cells[1].span == span
        assert str(finding).startswith("40:3: error reviews-row-total reviews.reconsideration:")

    def test_not_assessable_is_grouped_per_rule_code(self) -> None:
        """A table with every row total blank yields one not-assessable finding per rule code."""
        report = build_report(
            {"cells": {f"requests.{row.key}.total": "" for row in table_spec(Edition.GB2021, TableKey.REQUESTS).rows}}
        )
        findings = validate(report)
        assert sorted(f.code for f in findings) == ["not-assessable"] * 3
        row_totals = next(f for f in findings if f.message.startswith("requests-row-total"))
        assert len(row_totals.cells) == 25
        assert "and 19 more" in row_totals.message

    def test_blank_is_not_zero(self) -> None:
        """A blank cell in a failing row does not let the rule run with 0 in its place."""
        report = build_report({"rows": {"reviews.reconsideration": ["1", "", "0", "0", "1"]}})
        assert [f.code for f in validate(report)] == ["not-assessable"]


class TestNarrative:
    """Narrative numbers against the tables."""

    def test_other_year_is_skipped(self) -> None:
        """A clause about another year is not compared with this year's table."""
        report = build_report({"year": 2023, "paragraphs": ["2022年，共受理政府信息公开申请 40 件。"]})
        assert validate(report) == ()

    def test_report_year_is_compared(self) -> None:
        """A clause that names the report's own year is compared."""
        report = build_report({"year": 2023, "paragraphs": ["2023年共受理政府信息公开申请 40 件。"]})
        assert [f.code for f in validate(report)] == ["narrative-mismatch"]

    def test_blank_cell_is_not_compared(self) -> None:
        """A narrative number is not compared with a blank cell (nor is blank read as 0)."""
        report = build_report(
            {
                "rows": {"reviews.reconsideration": ["", "", "", "", ""]},
                "paragraphs": ["因政府信息公开被申请行政复议3件。"],
            }
        )
        assert [f.code for f in validate(report)] == ["not-assessable"]

    def test_full_width_digits(self) -> None:
        """Full-width digits in the narrative are read."""
        report = build_report({"paragraphs": ["全年收到政府信息公开申请１２件。"]})
        (finding,) = validate(report)
        assert "“收到政府信息公开申请12件”" in finding.message


class TestSeries:
    """Matching bodies across years."""

    def test_body_key(self) -> None:
        """Spaces, punctuation and 人民政府/政府 do not distinguish bodies."""
        assert body_key(" 沭阳县 人民政府 ") == body_key("沭阳县政府")

    @pytest.mark.parametrize(
        ("first", "second", "same"),
        [
            ("淮安市洪泽区人民政府", "洪泽区人民政府", True),
            ("上海市科学技术委员会", "上海市科学技术委员会", True),
            ("洪泽区人民政府", "淮阴区人民政府", False),
            ("某市城关镇人民政府", "镇人民政府", False),
        ],
    )
    def test_same_body(self, first: str, second: str, same: bool) -> None:
        """Names match when equal or when one is the other without its parent unit."""
        assert same_body(first, second) is same

    def test_ambiguous_years_are_not_paired(self) -> None:
        """Two candidate reports for the previous year pair with neither."""
        previous = build_report(
            {"year": 2022, "rows": {"requests.carried_forward": ["1", "0", "0", "0", "0", "0", "1"]}}
        )
        current = build_report({"year": 2023})
        assert validate_series([previous, previous, current]) == ()

    def test_indices_and_spans(self) -> None:
        """A series finding names the later and earlier report by index, located in the later one."""
        previous = build_report({"year": 2022, "cells": {"proactive.regulations.in_force": "5"}})
        current = build_report({"year": 2023, "cells": {"proactive.regulations.in_force": "6"}})
        span = SourceSpan(12, 9)
        (finding,) = validate_series(
            [current, previous], source_maps=[SourceMap({"proactive.regulations.in_force": span}), None]
        )
        assert (finding.report, finding.previous, finding.span) == (0, 1, span)
        assert finding.previous_cells[0].value == Count(5)
        assert str(finding).startswith("12:9: warning stock-movement")


class TestEditionsAndCodes:
    """Edition coverage and the code table."""

    @pytest.mark.parametrize("edition", [Edition.GB2019, Edition.GB2021])
    def test_every_rule_code_is_known(self, edition: Edition) -> None:
        """Every rule code of the template is a finding code with error severity."""
        for rule in EDITIONS[edition].rules:
            assert FINDING_CODES[rule.code] is Severity.ERROR

    def test_every_code_is_documented(self) -> None:
        """docs/validation.md has a section for every code, stating its severity."""
        docs = (Path(__file__).parents[1] / "docs" / "validation.md").read_text(encoding="utf-8")
        for code, severity in FINDING_CODES.items():
            assert f"### `{code}` ({severity.value}" in docs, code

    def test_blank_tables_are_never_errors(self) -> None:
        """Entirely blank tables yield table-empty warnings and not-assessable infos, never errors."""
        report = build_report({})
        blank = tuple(
            attrs.evolve(s, table=Table.blank(s.table.key, s.table.edition)) if s.table is not None else s
            for s in report.sections
        )
        findings = validate(attrs.evolve(report, sections=blank))
        assert [f.code for f in findings if f.severity is not Severity.INFO] == ["table-empty"] * 3
        assert {f.code for f in findings if f.severity is Severity.INFO} == {"not-assessable"}
        assert all(isinstance(cell.value, Blank) for f in findings for cell in f.cells)

    def test_sections_without_kind_are_missing(self) -> None:
        """A gb report whose sections were not identified reports all six as missing."""
        report = build_report({})
        untyped = tuple(attrs.evolve(section, kind=None) for section in report.sections)
        codes = [f.code for f in validate(attrs.evolve(report, sections=untyped))]
        assert codes == ["section-missing"] * 6


# --------------------------------------------------------------------------------------
# The shared corpus of real reports (skipped when it is not there)
# --------------------------------------------------------------------------------------

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def _corpus_files() -> list[Path | None]:
    if not CORPUS.is_dir():
        return []
    return [*sorted(path for path in CORPUS.iterdir() if path.with_name(path.stem + ".expected.json").is_file())]


def _readings(value: object) -> list[str]:
    return [str(item) for item in value] if isinstance(value, list) else [str(value)]


def _expected_count(value: object) -> int | None:
    """The expected value of a count cell when every acceptable reading is the same integer."""
    readings = {reading.strip() for reading in _readings(value)}
    if len(readings) != 1:
        return None
    (reading,) = readings
    return int(reading) if reading.lstrip("-").isdigit() else None


def _expected_blank(value: object) -> bool:
    return all(reading.strip() == "" for reading in _readings(value))


@pytest.fixture(scope="module", params=_corpus_files() or [None], ids=lambda path: path.name if path else "absent")
def corpus_case(request: pytest.FixtureRequest) -> tuple[AnnualReport, tuple[Finding, ...], dict[str, Any]]:
    """A corpus report as read, its findings, and its expected cells."""
    path: Path | None = request.param
    if path is None:
        pytest.skip("the shared corpus (../shared/corpus) is not available")
    from gov_disclosure.api import read_file

    expected = json.loads(path.with_name(path.stem + ".expected.json").read_text(encoding="utf-8"))
    result = read_file(path)
    return result.report, validate(result.report, source_map=result.source_map), expected


def _parsed_matches(report: AnnualReport, expected: dict[str, Any], keys: tuple[CellKey, ...]) -> bool:
    """Whether the reader read these cells as expected (otherwise a finding says nothing about validation)."""
    for key in keys:
        value = report.cell(key)
        want = expected["cells"].get(str(key))
        if _expected_blank(want):
            if not isinstance(value, Blank):
                return False
        elif not isinstance(value, Count) or value.value != _expected_count(want):
            return False
    return True


class TestCorpus:
    """Validation of real reports: true errors are found, nothing else is an error."""

    def test_no_false_error(self, corpus_case: tuple[AnnualReport, tuple[Finding, ...], dict[str, Any]]) -> None:
        """Every error is one the expected values also fail (the source does not add up)."""
        report, findings, expected = corpus_case
        for finding in _errors(findings):
            values = [expected["cells"].get(cell.key) for cell in finding.cells]
            if finding.code == "count-negative":
                assert all((_expected_count(v) or 0) < 0 for v in values), str(finding)
                continue
            rule = next(
                rule
                for rule in EDITIONS[report.edition].rules
                if rule.code == finding.code
                and [str(k) for k in (*rule.left, *rule.right)] == [c.key for c in finding.cells]
            )
            counts = {str(key): _expected_count(expected["cells"].get(str(key))) for key in (*rule.left, *rule.right)}
            assert None not in counts.values(), f"{finding} — the expected values include a blank"
            left = sum(counts[str(key)] or 0 for key in rule.left)
            right = sum(counts[str(key)] or 0 for key in rule.right)
            assert left != right, f"false error: {finding}"

    def test_true_errors_are_found(self, corpus_case: tuple[AnnualReport, tuple[Finding, ...], dict[str, Any]]) -> None:
        """A rule that the expected values fail is reported as an error when the reader read its cells."""
        report, findings, expected = corpus_case
        if expected.get("edition") != report.edition.value or report.edition is Edition.LEGACY:
            pytest.skip("the reader chose another edition")
        for rule in EDITIONS[report.edition].rules:
            keys = (*rule.left, *rule.right)
            counts = [_expected_count(expected["cells"].get(str(key))) for key in keys]
            if None in counts or not _parsed_matches(report, expected, keys):
                continue
            left = sum(_expected_count(expected["cells"][str(key)]) or 0 for key in rule.left)
            right = sum(_expected_count(expected["cells"][str(key)]) or 0 for key in rule.right)
            if left != right:
                assert any(f.code == rule.code and {str(k) for k in keys} == _names(f) for f in _errors(findings))

    def test_blank_inputs_are_not_assessable(
        self, corpus_case: tuple[AnnualReport, tuple[Finding, ...], dict[str, Any]]
    ) -> None:
        """A cell the source left blank makes its rules not assessable (info), never an error."""
        report, findings, expected = corpus_case
        if expected.get("edition") != report.edition.value or report.edition is Edition.LEGACY:
            pytest.skip("the reader chose another edition")
        infos = set().union(*(_names(f) for f in findings if f.code == "not-assessable"))
        errors = set().union(*(_names(f) for f in _errors(findings)))
        for rule in EDITIONS[report.edition].rules:
            keys = (*rule.left, *rule.right)
            blanks = {str(key) for key in keys if _expected_blank(expected["cells"].get(str(key)))}
            if blanks and _parsed_matches(report, expected, keys):
                assert blanks <= infos
                assert not blanks & errors

    def test_series_findings_are_true(self) -> None:
        """Across the corpus, every cross-year warning also holds for the expected values."""
        files = [path for path in _corpus_files() if path is not None]
        if not files:
            pytest.skip("the shared corpus (../shared/corpus) is not available")
        from gov_disclosure.api import read_file

        reports = [read_file(path).report for path in files]
        expected = [json.loads(p.with_name(p.stem + ".expected.json").read_text(encoding="utf-8")) for p in files]
        for finding in validate_series(reports):
            later, earlier = expected[finding.report]["cells"], expected[finding.previous]["cells"]
            if finding.code == "carry-over-mismatch":
                for now, before in zip(finding.cells, finding.previous_cells, strict=True):
                    assert _expected_count(later[now.key]) != _expected_count(earlier[before.key]), str(finding)
            else:
                stated = [_expected_count(later[cell.key]) for cell in finding.cells]
                assert stated == [cell.value.value for cell in finding.cells if isinstance(cell.value, Count)]
