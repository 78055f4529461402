"""Tests for narrative evidence (tables._evidence): figures the prose ties to table cells."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gov_disclosure.tables._evidence import (
    Evidence,
    _column_keywords,
    _row_keywords,
    check_reading,
    columns_named,
    gather_evidence,
)
from gov_disclosure.template import Edition, TableKey, table_spec

PROACTIVE = TableKey.PROACTIVE
DOCS = "proactive.normative_documents"


def _cells(edition: Edition, table: TableKey, text: str) -> list[tuple[str | None, int]]:
    return [(e.cell, e.value) for e in gather_evidence(edition, table, text)]


class TestKeywords:
    """Row and column keywords come from the template's labels."""

    def test_every_proactive_row_has_a_keyword(self) -> None:
        """Each 二 row of both editions can be named in prose."""
        for edition in (Edition.GB2019, Edition.GB2021):
            rows = {row for table, row in _row_keywords(edition).values() if table is PROACTIVE}
            assert rows == {row.key for row in table_spec(edition, PROACTIVE).rows}

    def test_column_words_are_stripped_labels(self) -> None:
        """本年制发件数 → 制发, 现行有效件数 → 现行有效, 本年新制作数量 → 新制作."""
        assert _column_keywords(Edition.GB2021, PROACTIVE)["制发"] == "issued"
        assert _column_keywords(Edition.GB2021, PROACTIVE)["现行有效"] == "in_force"
        assert _column_keywords(Edition.GB2019, PROACTIVE)["新制作"] == "made"
        assert _column_keywords(Edition.GB2019, PROACTIVE)["对外公开总"] == "total_published"

    def test_keywords_name_template_keys(self) -> None:
        """Every keyword maps to a row or column key the edition has; generic words are left out."""
        for edition in (Edition.GB2019, Edition.GB2021):
            for table in TableKey:
                spec = table_spec(edition, table)
                rows = {row.key for row in spec.rows}
                columns = {column.key for row in spec.rows for column in spec.columns_of(row)}
                assert {row for t, row in _row_keywords(edition).values() if t is table} <= rows
                assert set(_column_keywords(edition, table).values()) <= columns
            assert not {"总计", "合计", "其他"} & set(_row_keywords(edition))


class TestGather:
    """Figures are read only where a row keyword (and maybe a column keyword) stands before them."""

    def test_row_and_column_in_one_clause(self) -> None:
        """现行有效行政规范性文件698件 names the in_force cell."""
        assert _cells(Edition.GB2021, PROACTIVE, "现行有效行政规范性文件698件。") == [(f"{DOCS}.in_force", 698)]

    def test_row_carries_to_clauses_with_a_column_word(self) -> None:
        """制发规范性文件3件，废止26件: the second clause inherits the row."""
        found = _cells(Edition.GB2021, PROACTIVE, "制发规范性文件3件，废止26件。")
        assert found == [(f"{DOCS}.issued", 3), (f"{DOCS}.repealed", 26)]

    def test_row_does_not_carry_across_sentences(self) -> None:
        """A 废止 figure in the next sentence names no row."""
        assert _cells(Edition.GB2021, PROACTIVE, "制发规范性文件3件。全年废止26件。") == [(f"{DOCS}.issued", 3)]

    def test_clause_without_column_word_is_not_carried(self) -> None:
        """其中修订1件 names neither row nor column: not evidence."""
        found = _cells(Edition.GB2021, PROACTIVE, "制发规范性文件3件，其中修订1件。")
        assert found == [(f"{DOCS}.issued", 3)]

    def test_note_in_brackets(self) -> None:
        """规章22件（其中修订16件）: the bracketed figure is its own clause without a row."""
        assert _cells(Edition.GB2021, PROACTIVE, "主动公开规章22件（其中修订16件）。") == [(None, 22)]

    def test_row_only(self) -> None:
        """行政许可12345件 names the row but not the column."""
        (evidence,) = gather_evidence(Edition.GB2021, PROACTIVE, "办理行政许可12345件。")
        assert evidence == Evidence("proactive.licensing", None, 12345, "办理行政许可12345件")

    def test_column_of_another_row(self) -> None:
        """废止 is no column of 行政许可 (gb2021): the figure is not evidence."""
        assert _cells(Edition.GB2021, PROACTIVE, "行政许可废止3件。") == []

    def test_needs_a_unit(self) -> None:
        """Bare numbers, years and decimals are not figures."""
        text = "2024年，规范性文件3026698；规章3.5件；规范性文件12。"
        assert _cells(Edition.GB2021, PROACTIVE, text) == []

    def test_full_width_and_spaces(self) -> None:
        """Full-width digits and a space before the unit are read."""
        assert _cells(Edition.GB2021, PROACTIVE, "废止规范性文件 ２６ 件") == [(f"{DOCS}.repealed", 26)]

    def test_lines_joined(self) -> None:
        """PDF text breaks words across lines: 行政规 / 范性文件 34 件 on two lines is still found."""
        assert _cells(Edition.GB2021, PROACTIVE, "全年制发行政规\n范性文件 34 件。") == [(f"{DOCS}.issued", 34)]

    def test_numbers_on_adjacent_lines_stay_apart(self) -> None:
        """A line ending in a digit and one starting with one are not glued into one number."""
        assert _cells(Edition.GB2021, PROACTIVE, "制发规范性文件3\n4件") == []

    def test_skip_lines(self) -> None:
        """Lines given in skip_lines (1-based) are not read."""
        text = "废止规范性文件26件\n制发规范性文件3件"
        found = gather_evidence(Edition.GB2021, PROACTIVE, text, skip_lines={1})
        assert [(e.cell, e.value) for e in found] == [(f"{DOCS}.issued", 3)]

    def test_gb2019_columns(self) -> None:
        """gb2019 labels: 新制作, 新公开, 对外公开总数."""
        text = "本年新制作规范性文件5件，新公开4件，对外公开总数120件。"
        found = _cells(Edition.GB2019, PROACTIVE, text)
        assert found == [(f"{DOCS}.made", 5), (f"{DOCS}.published", 4), (f"{DOCS}.total_published", 120)]

    def test_requests_and_reviews(self) -> None:
        """收到…申请12件 is a new_received figure; 行政复议3件 a reconsideration one."""
        assert _cells(Edition.GB2021, TableKey.REQUESTS, "全年共收到政府信息公开申请12件。") == [(None, 12)]
        found = gather_evidence(Edition.GB2021, TableKey.REVIEWS, "被申请行政复议3件。")
        assert [(e.row, e.value) for e in found] == [("reviews.reconsideration", 3)]

    def test_row_of_another_table_stops_the_carry(self) -> None:
        """收到…申请后，行政复议2件: the figure belongs to table 四, not to new_received."""
        text = "本年收到政府信息公开申请74件，被申请行政复议2件。"
        assert _cells(Edition.GB2021, TableKey.REQUESTS, text) == [(None, 74)]
        assert [e.value for e in gather_evidence(Edition.GB2021, TableKey.REVIEWS, text)] == [2]

    def test_cumulative_and_changes_are_not_cells(self) -> None:
        """累计… and 同比增加… figures are not this year's cell values."""
        text = "累计制发规范性文件300件；废止规范性文件同比增加5件；制发规范性文件30件。"
        assert _cells(Edition.GB2021, PROACTIVE, text) == [(f"{DOCS}.issued", 30)]

    def test_legacy(self) -> None:
        """A legacy report has no tables, so no evidence."""
        assert gather_evidence(Edition.LEGACY, PROACTIVE, "制发规范性文件3件。") == ()

    @given(st.text(max_size=300))
    def test_any_text(self, text: str) -> None:
        """Arbitrary text never raises, and every figure names a row of the table."""
        rows = {f"proactive.{row.key}" for row in table_spec(Edition.GB2021, PROACTIVE).rows}
        for evidence in gather_evidence(Edition.GB2021, PROACTIVE, text):
            assert evidence.row in rows
            assert evidence.cell is None or evidence.cell.startswith(evidence.row + ".")

    @given(
        column=st.sampled_from([("制发", "issued"), ("废止", "repealed"), ("现行有效", "in_force")]),
        row=st.sampled_from([("规章", "regulations"), ("行政规范性文件", "normative_documents")]),
        value=st.integers(0, 10**6),
    )
    def test_generated_sentences(self, column: tuple[str, str], row: tuple[str, str], value: int) -> None:
        """{column word}{row label}{n}件 always yields exactly that cell and number."""
        text = f"本年{column[0]}{row[0]}{value}件。"
        assert _cells(Edition.GB2021, PROACTIVE, text) == [(f"proactive.{row[1]}.{column[1]}", value)]


class TestCheckReading:
    """A reading agrees with the narrative when it matches every figure stated for its cells."""

    EVIDENCE = (
        Evidence(DOCS, f"{DOCS}.repealed", 26, "废止26件"),
        Evidence(DOCS, None, 698, "规范性文件698件"),
    )

    def test_agrees(self) -> None:
        """30 26 698 matches both figures; the clauses are returned for quoting."""
        reading = {f"{DOCS}.issued": 30, f"{DOCS}.repealed": 26, f"{DOCS}.in_force": 698}
        assert check_reading(reading, {}, self.EVIDENCE) == (True, ("废止26件", "规范性文件698件"))

    def test_disagrees(self) -> None:
        """302 6 698 contradicts 废止26件."""
        reading = {f"{DOCS}.issued": 302, f"{DOCS}.repealed": 6, f"{DOCS}.in_force": 698}
        assert check_reading(reading, {}, self.EVIDENCE) == (False, ())

    def test_row_figure_may_stand_in_a_known_cell(self) -> None:
        """A row-only figure is satisfied by a cell of the row read normally."""
        reading = {f"{DOCS}.issued": 30, f"{DOCS}.repealed": 26}
        assert check_reading(reading, {f"{DOCS}.in_force": 698}, self.EVIDENCE) == (
            True,
            ("废止26件", "规范性文件698件"),
        )

    def test_nothing_relevant(self) -> None:
        """Figures about other rows say nothing about this run."""
        assert check_reading({"proactive.regulations.issued": 1}, {}, self.EVIDENCE) is None

    def test_contradictory_figures(self) -> None:
        """Two values stated for one cell: the narrative cannot decide."""
        evidence = (*self.EVIDENCE, Evidence(DOCS, f"{DOCS}.repealed", 2, "废止2件"))
        reading = {f"{DOCS}.issued": 30, f"{DOCS}.repealed": 26, f"{DOCS}.in_force": 698}
        assert check_reading(reading, {}, evidence) is None


class TestColumnsNamed:
    """A cell's note names its column by a label word or a note synonym."""

    def test_note_synonyms(self) -> None:
        """修订 names the issued column, 失效 the repealed one, 现行有效 the in-force one."""
        assert columns_named(Edition.GB2021, PROACTIVE, "（其中修订16件）") == {"issued"}
        assert columns_named(Edition.GB2021, PROACTIVE, "（含自然失效29件）") == {"repealed"}
        assert columns_named(Edition.GB2021, PROACTIVE, "（现行有效）") == {"in_force"}

    def test_plain_note_names_nothing(self) -> None:
        """A note without a column word names no column."""
        assert columns_named(Edition.GB2021, PROACTIVE, "（含市级）") == frozenset()


class TestAggregate:
    """A figure closing a list with 等 is a total over several kinds, not a cell."""

    def test_figure_after_deng_is_no_evidence(self) -> None:
        """规章、行政规范性文件等243件 states nothing about one row."""
        assert _cells(Edition.GB2021, PROACTIVE, "公开市政府部门行政规范性文件等243件。") == []
