"""Tests for splitting run-together digits (tables.digits.resolve_runs)."""

from __future__ import annotations

import time

from hypothesis import given
from hypothesis import strategies as st

from gov_disclosure.diagnostics import Severity, SourceSpan
from gov_disclosure.model import Blank, CellValue, Count, Table
from gov_disclosure.tables.digits import MAX_RUN_DIGITS, DigitRun, RunResolution, resolve_runs
from gov_disclosure.template import Edition, TableKey, table_spec
from strategies import GB_EDITIONS, consistent_requests_table, consistent_reviews_table

REQUESTS = TableKey.REQUESTS
PROACTIVE = TableKey.PROACTIVE
REVIEWS = TableKey.REVIEWS
APPLICANTS = ("natural_person", "commercial", "research", "social_welfare", "legal_services", "other")
REQUEST_COLUMNS = (*APPLICANTS, "total")
DOCUMENT_COLUMNS = ("issued", "repealed", "in_force")
UNRESOLVED_CODES = {"digits-ambiguous", "digits-unsatisfiable", "digits-too-long"}


def _run(table: TableKey, row: str, columns: tuple[str, ...], text: str, *, line: int = 5, column: int = 3) -> DigitRun:
    return DigitRun(table=table, row=row, columns=columns, text=text, line=line, column=column)


def _codes(result: RunResolution) -> list[str]:
    return [d.code for d in result.diagnostics]


def _numbers(result: RunResolution, prefix: str, columns: tuple[str, ...]) -> list[int]:
    out = []
    for column in columns:
        value = result.values[f"{prefix}.{column}"]
        assert isinstance(value, Count)
        out.append(value.value)
    return out


class TestRowTotal:
    """A requests row is split when its total is the only reading that sums."""

    def test_unique_split(self) -> None:
        """713000074 over the seven columns reads 71 3 0 0 0 0 74."""
        run = _run(REQUESTS, "new_received", REQUEST_COLUMNS, "713000074")
        result = resolve_runs(Edition.GB2021, REQUESTS, {}, [run])
        assert _numbers(result, "requests.new_received", REQUEST_COLUMNS) == [71, 3, 0, 0, 0, 0, 74]
        (diagnostic,) = result.diagnostics
        assert diagnostic.code == "digits-split"
        assert diagnostic.severity is Severity.INFO
        assert "requests-row-total" in diagnostic.message
        assert diagnostic.cells == tuple(f"requests.new_received.{c}" for c in REQUEST_COLUMNS)
        assert diagnostic.span == SourceSpan(5, 3, 5, 12)

    def test_spans_locate_each_number(self) -> None:
        """Each number's span covers exactly its digits within the run."""
        run = _run(REQUESTS, "new_received", REQUEST_COLUMNS, "713000074", line=7, column=20)
        result = resolve_runs(Edition.GB2021, REQUESTS, {}, [run])
        assert result.spans["requests.new_received.natural_person"] == SourceSpan(7, 20, 7, 22)
        assert result.spans["requests.new_received.commercial"] == SourceSpan(7, 22, 7, 23)
        assert result.spans["requests.new_received.total"] == SourceSpan(7, 27, 7, 29)

    def test_full_width_digits(self) -> None:
        """Full-width digits read like ASCII ones, and spans count characters as written."""
        run = _run(REQUESTS, "new_received", REQUEST_COLUMNS, "７１３０００074")
        result = resolve_runs(Edition.GB2021, REQUESTS, {}, [run])
        assert _numbers(result, "requests.new_received", REQUEST_COLUMNS) == [71, 3, 0, 0, 0, 0, 74]
        assert result.spans["requests.new_received.total"] == SourceSpan(5, 10, 5, 12)

    def test_known_total_constrains_applicants(self) -> None:
        """A total read normally decides a run of the six applicant columns."""
        run = _run(REQUESTS, "granted", APPLICANTS, "7130000")  # 71 3 …, 7 13 …, 7 1 30 …
        assert _codes(resolve_runs(Edition.GB2021, REQUESTS, {}, [run])) == ["digits-ambiguous"]
        known: dict[str, CellValue] = {"requests.granted.total": Count(74)}
        result = resolve_runs(Edition.GB2021, REQUESTS, known, [run])
        assert _numbers(result, "requests.granted", APPLICANTS) == [71, 3, 0, 0, 0, 0]
        wrong_total: dict[str, CellValue] = {"requests.granted.total": Count(75)}
        assert _codes(resolve_runs(Edition.GB2021, REQUESTS, wrong_total, [run])) == ["digits-unsatisfiable"]

    def test_blank_known_cell_is_not_zero(self) -> None:
        """A blank total does not constrain: the run stays ambiguous rather than summing to 0."""
        known: dict[str, CellValue] = {"requests.granted.total": Blank()}
        result = resolve_runs(Edition.GB2021, REQUESTS, known, [_run(REQUESTS, "granted", APPLICANTS, "1100000")])
        assert result.values == {}
        assert _codes(result) == ["digits-ambiguous"]

    def test_no_reading_sums(self) -> None:
        """1234567 has one reading without leading zeros, and 1+…+6 ≠ 7: unsatisfiable, not guessed."""
        result = resolve_runs(Edition.GB2021, REQUESTS, {}, [_run(REQUESTS, "granted", REQUEST_COLUMNS, "1234567")])
        assert result.values == {}
        (diagnostic,) = result.diagnostics
        assert diagnostic.code == "digits-unsatisfiable"
        assert diagnostic.severity is Severity.WARNING


class TestAmbiguity:
    """Runs the constraints do not pin down stay unresolved with a warning."""

    def test_two_readings(self) -> None:
        """123 over two cells reads 1|23 or 12|3: nothing is chosen and both cells are named."""
        run = _run(REQUESTS, "granted", ("natural_person", "commercial"), "123")
        result = resolve_runs(Edition.GB2019, REQUESTS, {}, [run])
        assert result.values == {}
        assert result.spans == {}
        (diagnostic,) = result.diagnostics
        assert diagnostic.code == "digits-ambiguous"
        assert diagnostic.severity is Severity.WARNING
        assert diagnostic.cells == ("requests.granted.natural_person", "requests.granted.commercial")
        assert "2 candidate readings" in diagnostic.message
        assert diagnostic.span == SourceSpan(5, 3, 5, 6)
        assert diagnostic.table == "requests"

    def test_row_total_leaves_several(self) -> None:
        """10100000101 sums two ways (1 0 100 0 0 0 101 and 101 0 0 0 0 0 101): left unresolved."""
        run = _run(REQUESTS, "granted", REQUEST_COLUMNS, "10100000101")
        result = resolve_runs(Edition.GB2021, REQUESTS, {}, [run])
        assert _brute_force("10100000101", 7) == [(1, 0, 100, 0, 0, 0, 101), (101, 0, 0, 0, 0, 0, 101)]
        assert result.values == {}
        (diagnostic,) = result.diagnostics
        assert diagnostic.code == "digits-ambiguous"
        assert "2 candidate readings" in diagnostic.message
        assert len(diagnostic.cells) == 7


def _brute_force(digits: str, k: int) -> list[tuple[int, ...]]:
    """Readings of a requests row by exhaustive enumeration (the row total rule only)."""
    out: list[tuple[int, ...]] = []

    def walk(rest: str, parts: tuple[int, ...]) -> None:
        if len(parts) == k - 1:
            if rest and (rest == "0" or rest[0] != "0"):
                full = (*parts, int(rest))
                if sum(full[:-1]) == full[-1]:
                    out.append(full)
            return
        for cut in range(1, len(rest)):
            head = rest[:cut]
            if len(head) > 1 and head[0] == "0":
                break
            walk(rest[cut:], (*parts, int(head)))

    walk(digits, ())
    return out


class TestLeadingZeros:
    """Readings with leading zeros are impossible, which alone can decide a run."""

    def test_zeros(self) -> None:
        """规章000 is 0 0 0."""
        run = _run(PROACTIVE, "regulations", DOCUMENT_COLUMNS, "000")
        result = resolve_runs(Edition.GB2021, PROACTIVE, {}, [run])
        assert _numbers(result, "proactive.regulations", DOCUMENT_COLUMNS) == [0, 0, 0]
        (diagnostic,) = result.diagnostics
        assert diagnostic.code == "digits-split"
        assert "leading zeros" in diagnostic.message

    def test_zero_forces_boundary(self) -> None:
        """2005 over three cells can only be 20 0 5; 1050 is 1 0 50 or 10 5 0, so it stays open."""
        result = resolve_runs(Edition.GB2021, PROACTIVE, {}, [_run(PROACTIVE, "regulations", DOCUMENT_COLUMNS, "2005")])
        assert _numbers(result, "proactive.regulations", DOCUMENT_COLUMNS) == [20, 0, 5]
        result = resolve_runs(Edition.GB2021, PROACTIVE, {}, [_run(PROACTIVE, "regulations", DOCUMENT_COLUMNS, "1050")])
        assert result.values == {}
        assert _codes(result) == ["digits-ambiguous"]

    def test_too_few_digits(self) -> None:
        """Two digits cannot fill three cells."""
        result = resolve_runs(Edition.GB2021, PROACTIVE, {}, [_run(PROACTIVE, "regulations", DOCUMENT_COLUMNS, "12")])
        assert _codes(result) == ["digits-unsatisfiable"]
        assert result.values == {}


class TestJoint:
    """Runs linked by the 勾稽 balance are decided together when neither decides alone."""

    KNOWN: dict[str, CellValue] = {  # noqa: RUF012 - read-only fixture
        "requests.carried_over.natural_person": Count(0),
        "requests.carried_over.commercial": Count(0),
        "requests.total_handled.natural_person": Count(10),
        "requests.total_handled.commercial": Count(11),
    }

    def _runs(self) -> list[DigitRun]:
        return [
            _run(REQUESTS, "new_received", ("natural_person", "commercial"), "1122", line=4),
            _run(REQUESTS, "carried_forward", ("natural_person", "commercial"), "111", line=9),
        ]

    def test_each_run_alone_is_ambiguous(self) -> None:
        """1122 (three readings) and 111 (two readings) cannot be split on their own."""
        for run in self._runs():
            result = resolve_runs(Edition.GB2021, REQUESTS, self.KNOWN, [run])
            assert result.values == {}
            assert _codes(result) == ["digits-ambiguous"]

    def test_balance_decides_both(self) -> None:
        """new_received − carried_forward = total_handled per column leaves 11 22 and 1 11."""
        result = resolve_runs(Edition.GB2021, REQUESTS, self.KNOWN, self._runs())
        assert _numbers(result, "requests.new_received", ("natural_person", "commercial")) == [11, 22]
        assert _numbers(result, "requests.carried_forward", ("natural_person", "commercial")) == [1, 11]
        assert _codes(result) == ["digits-split", "digits-split"]
        assert all("requests-balance" in d.message for d in result.diagnostics)

    def test_order_of_runs_does_not_matter(self) -> None:
        """Reversing the runs gives the same values and the same diagnostics."""
        forward = resolve_runs(Edition.GB2021, REQUESTS, self.KNOWN, self._runs())
        backward = resolve_runs(Edition.GB2021, REQUESTS, self.KNOWN, self._runs()[::-1])
        assert forward == backward

    def test_reviews_row_across_three_rows(self) -> None:
        """Table 四's single row of 15 numbers is one run naming cells of three rows (row.column)."""
        columns = ("upheld", "corrected", "other", "pending", "total")
        cells = (
            *columns,
            *(f"litigation_direct.{c}" for c in columns),
            *(f"litigation_after_reconsideration.{c}" for c in columns),
        )
        run = _run(REVIEWS, "reconsideration", cells, "1020012" + "10001" + "31105")
        result = resolve_runs(Edition.GB2021, REVIEWS, {}, [run])
        assert _numbers(result, "reviews.reconsideration", columns) == [10, 2, 0, 0, 12]
        assert _numbers(result, "reviews.litigation_direct", columns) == [1, 0, 0, 0, 1]
        assert _numbers(result, "reviews.litigation_after_reconsideration", columns) == [3, 1, 1, 0, 5]

    def test_reviews_row_with_two_sums(self) -> None:
        """12 1 0 0 13 and 1 2 10 0 13 both add up: the whole run stays unresolved."""
        columns = ("upheld", "corrected", "other", "pending", "total")
        cells = (*columns, *(f"litigation_direct.{c}" for c in columns))
        result = resolve_runs(Edition.GB2021, REVIEWS, {}, [_run(REVIEWS, "reconsideration", cells, "121001300000")])
        assert result.values == {}
        (diagnostic,) = result.diagnostics
        assert diagnostic.code == "digits-ambiguous"
        assert "reviews.litigation_direct.total" in diagnostic.cells


class TestNarrative:
    """Figures the report states in prose decide runs arithmetic cannot."""

    RUN = _run(PROACTIVE, "normative_documents", DOCUMENT_COLUMNS, "3026698", line=12, column=8)

    def test_without_narrative(self) -> None:
        """Eleven readings of 3026698 have no leading zeros: ambiguous."""
        result = resolve_runs(Edition.GB2021, PROACTIVE, {}, [self.RUN])
        assert result.values == {}
        (diagnostic,) = result.diagnostics
        assert diagnostic.code == "digits-ambiguous"
        assert "11 candidate readings" in diagnostic.message

    def test_narrative_decides(self) -> None:
        """制发30件、废止26件、现行有效698件 pick 30 26 698, and the evidence is quoted."""
        narrative = "本年制发行政规范性文件30件，废止26件，现行有效行政规范性文件698件。\n"
        result = resolve_runs(Edition.GB2021, PROACTIVE, {}, [self.RUN], narrative=narrative)
        assert _numbers(result, "proactive.normative_documents", DOCUMENT_COLUMNS) == [30, 26, 698]
        (diagnostic,) = result.diagnostics
        assert diagnostic.code == "digits-split-by-narrative"
        assert diagnostic.severity is Severity.INFO
        assert "废止26件" in diagnostic.message

    def test_one_figure_may_not_suffice(self) -> None:
        """现行有效698件 leaves 30 26 698 and 302 6 698: still ambiguous; adding 废止26件 decides."""
        only_stock = "截至年底，现行有效行政规范性文件698件。"
        assert resolve_runs(Edition.GB2021, PROACTIVE, {}, [self.RUN], narrative=only_stock).values == {}
        both = only_stock + "全年废止规范性文件26件。"
        result = resolve_runs(Edition.GB2021, PROACTIVE, {}, [self.RUN], narrative=both)
        assert _numbers(result, "proactive.normative_documents", DOCUMENT_COLUMNS) == [30, 26, 698]

    def test_conflicting_evidence(self) -> None:
        """Two different 废止 figures for one row contradict each other: nothing is chosen."""
        narrative = "废止规范性文件26件。另，废止规范性文件2件。"
        result = resolve_runs(Edition.GB2021, PROACTIVE, {}, [self.RUN], narrative=narrative)
        assert result.values == {}
        (diagnostic,) = result.diagnostics
        assert diagnostic.code == "digits-ambiguous"
        assert "narrative" in diagnostic.message

    def test_evidence_contradicting_every_reading_is_ignored(self) -> None:
        """制发3件 fits no reading of 3026698 (3|026 has a leading zero): not used, still ambiguous."""
        narrative = "本年制发行政规范性文件3件，废止26件，现行有效698件。"
        result = resolve_runs(Edition.GB2021, PROACTIVE, {}, [self.RUN], narrative=narrative)
        assert result.values == {}
        assert _codes(result) == ["digits-ambiguous"]

    def test_run_line_is_not_evidence(self) -> None:
        """The run's own line in the narrative is skipped, so a unit after it proves nothing."""
        lines = ["x"] * 11 + ["行政规范性文件3026698件"]
        result = resolve_runs(Edition.GB2021, PROACTIVE, {}, [self.RUN], narrative="\n".join(lines))
        assert result.values == {}

    def test_licensing_gb2019(self) -> None:
        """行政许可12345 (上一年项目数量, 本年增/减, 处理决定数量) is decided by 处理决定345件 and 上一年项目1项."""
        run = _run(PROACTIVE, "licensing", ("previous_items", "change", "decisions"), "12345")
        narrative = "行政许可上一年项目1项，本年作出行政许可处理决定345件。"
        result = resolve_runs(Edition.GB2019, PROACTIVE, {}, [run], narrative=narrative)
        assert _numbers(result, "proactive.licensing", ("previous_items", "change", "decisions")) == [1, 2, 345]


class TestNarrativeWithArithmetic:
    """Narrative figures and the template's rules decide together."""

    def test_row_total_then_narrative(self) -> None:
        """10100000101 sums two ways; 新收自然人申请101件 picks one."""
        run = _run(REQUESTS, "new_received", REQUEST_COLUMNS, "10100000101")
        narrative = "本年新收自然人申请101件。"
        result = resolve_runs(Edition.GB2021, REQUESTS, {}, [run], narrative=narrative)
        assert _numbers(result, "requests.new_received", REQUEST_COLUMNS) == [101, 0, 0, 0, 0, 0, 101]
        assert _codes(result) == ["digits-split-by-narrative"]

    def test_figure_for_one_run_decides_a_linked_run(self) -> None:
        """20 30 / 1 840 and 203 0 / 184 0 both balance; 商业企业申请30件 fixes one run, the balance the other."""
        known: dict[str, CellValue] = {
            "requests.carried_over.natural_person": Count(0),
            "requests.total_handled.natural_person": Count(19),
            "requests.carried_over.commercial": Count(0),
            "requests.total_handled.commercial": Blank(),
        }
        runs = [
            _run(REQUESTS, "new_received", ("natural_person", "commercial"), "2030", line=4),
            _run(REQUESTS, "carried_forward", ("natural_person", "commercial"), "1840", line=9),
        ]
        assert resolve_runs(Edition.GB2021, REQUESTS, known, runs).values == {}
        narrative = "本年新收商业企业申请30件。"
        result = resolve_runs(Edition.GB2021, REQUESTS, known, runs, narrative=narrative)
        assert _numbers(result, "requests.new_received", ("natural_person", "commercial")) == [20, 30]
        assert _numbers(result, "requests.carried_forward", ("natural_person", "commercial")) == [1, 840]
        assert _codes(result) == ["digits-split-by-narrative", "digits-split-by-narrative"]

    def test_arithmetic_is_not_overruled(self) -> None:
        """A run the row total decides keeps its reading whatever the narrative says."""
        run = _run(REQUESTS, "new_received", REQUEST_COLUMNS, "713000074")
        result = resolve_runs(Edition.GB2021, REQUESTS, {}, [run], narrative="本年新收自然人申请7件。")
        assert _numbers(result, "requests.new_received", REQUEST_COLUMNS) == [71, 3, 0, 0, 0, 0, 74]
        assert _codes(result) == ["digits-split"]


class TestLimits:
    """Huge or malformed runs are refused quickly, never guessed."""

    def test_forty_digit_run_is_refused_quickly(self) -> None:
        """Forty digits over six cells without a total has C(39, 5) readings: refused within a second."""
        run = _run(REQUESTS, "new_received", APPLICANTS, "1" * 40)
        started = time.perf_counter()
        result = resolve_runs(Edition.GB2021, REQUESTS, {}, [run])
        assert time.perf_counter() - started < 1.0
        assert result.values == {}
        assert _codes(result) == ["digits-too-long"]

    def test_forty_digit_row_with_total_is_bounded(self) -> None:
        """A 40-digit seven-cell run is pruned by its total or stopped by the step budget, quickly."""
        for text in ("1234567890" * 4, "9" * 40, "1" * 40, "9081726354" * 4):
            run = _run(REQUESTS, "new_received", REQUEST_COLUMNS, text)
            started = time.perf_counter()
            result = resolve_runs(Edition.GB2021, REQUESTS, {}, [run])
            assert time.perf_counter() - started < 1.0
            assert result.values == {}
            assert _codes(result)[0] in {"digits-too-long", "digits-unsatisfiable"}

    def test_longer_than_limit(self) -> None:
        """A run longer than MAX_RUN_DIGITS is refused without enumeration."""
        run = _run(PROACTIVE, "regulations", DOCUMENT_COLUMNS, "1" * (MAX_RUN_DIGITS + 1))
        result = resolve_runs(Edition.GB2021, PROACTIVE, {}, [run])
        assert _codes(result) == ["digits-too-long"]

    def test_many_long_runs_stay_fast(self) -> None:
        """Twenty refused 40-digit runs in one table finish in bounded time (linear in runs)."""
        rows = [row.key for row in table_spec(Edition.GB2021, REQUESTS).rows][:20]
        runs = [_run(REQUESTS, row, APPLICANTS, "9081726354" * 4, line=i + 1) for i, row in enumerate(rows)]
        started = time.perf_counter()
        result = resolve_runs(Edition.GB2021, REQUESTS, {}, runs)
        assert time.perf_counter() - started < 20.0
        assert len(result.diagnostics) == len(runs)
        assert result.values == {}

    def test_table_budget_bounds_many_hard_runs(self) -> None:
        """Every 三 row as a hard 40-digit seven-cell run: the per-table step budget ends it within 1.5 s."""
        rows = [row.key for row in table_spec(Edition.GB2021, REQUESTS).rows]
        base = "1234567890" * 4
        runs = [_run(REQUESTS, row, REQUEST_COLUMNS, base[i:] + base[:i], line=i + 1) for i, row in enumerate(rows)]
        started = time.perf_counter()
        result = resolve_runs(Edition.GB2021, REQUESTS, {}, runs)
        assert time.perf_counter() - started < 1.5
        assert len(result.diagnostics) == len(runs)
        assert result.values == {}

    def test_not_digits(self) -> None:
        """Text that is not digits is reported, not split."""
        result = resolve_runs(Edition.GB2021, PROACTIVE, {}, [_run(PROACTIVE, "regulations", DOCUMENT_COLUMNS, "1a2")])
        assert _codes(result) == ["digits-invalid"]

    def test_circled_digits_are_not_digits(self) -> None:
        """① normalises to 1 under NFKC but is no decimal digit: reported."""
        result = resolve_runs(Edition.GB2021, PROACTIVE, {}, [_run(PROACTIVE, "regulations", DOCUMENT_COLUMNS, "①00")])
        assert _codes(result) == ["digits-invalid"]

    def test_unknown_column(self) -> None:
        """A column the edition's row lacks (gb2019 made in a gb2021 table) is reported."""
        run = _run(PROACTIVE, "regulations", ("made", "published", "total_published"), "000")
        result = resolve_runs(Edition.GB2021, PROACTIVE, {}, [run])
        assert _codes(result) == ["digits-invalid"]

    def test_cell_in_two_runs(self) -> None:
        """A cell claimed by two runs: the second run is reported, the first still resolved."""
        first = _run(PROACTIVE, "regulations", DOCUMENT_COLUMNS, "000", line=1)
        second = _run(PROACTIVE, "regulations", ("in_force",), "5", line=2)
        result = resolve_runs(Edition.GB2021, PROACTIVE, {}, [first, second])
        assert _codes(result) == ["digits-split", "digits-invalid"]
        assert result.values["proactive.regulations.in_force"] == Count(0)

    def test_legacy_edition(self) -> None:
        """A legacy report has no template cells: every run is reported, nothing raises."""
        result = resolve_runs(Edition.LEGACY, PROACTIVE, {}, [_run(PROACTIVE, "regulations", DOCUMENT_COLUMNS, "000")])
        assert _codes(result) == ["digits-invalid"]
        assert result.values == {}

    def test_single_cell(self) -> None:
        """A one-cell run is its number, unless it has a leading zero."""
        assert resolve_runs(Edition.GB2021, PROACTIVE, {}, [_run(PROACTIVE, "licensing", ("decisions",), "5")]).values
        result = resolve_runs(Edition.GB2021, PROACTIVE, {}, [_run(PROACTIVE, "licensing", ("decisions",), "05")])
        assert _codes(result) == ["digits-unsatisfiable"]

    @given(
        texts=st.lists(st.text(alphabet="0123456789０１x", max_size=45), min_size=1, max_size=4),
        data=st.data(),
    )
    def test_any_input_is_reported_never_raised(self, texts: list[str], data: st.DataObject) -> None:
        """Arbitrary runs (bad text, unknown or repeated cells) yield one diagnostic each and no exception."""
        spec = table_spec(Edition.GB2021, REQUESTS)
        names = [*(c.key for c in spec.columns), "made", "litigation_direct.total", "granted.total"]
        runs = [
            _run(
                REQUESTS,
                data.draw(st.sampled_from([r.key for r in spec.rows])),
                tuple(data.draw(st.lists(st.sampled_from(names), max_size=8))),
                text,
                line=i + 1,
            )
            for i, text in enumerate(texts)
        ]
        result = resolve_runs(Edition.GB2021, REQUESTS, {}, runs, narrative="受理申请12件。")
        assert len(result.diagnostics) == len(runs)
        cells = {f"requests.{run.row}.{c}" if "." not in c else f"requests.{c}" for run in runs for c in run.columns}
        assert set(result.values) <= cells
        assert set(result.spans) == set(result.values)


# --------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------


def _row_runs(table: Table, rows: list[str], data: st.DataObject) -> tuple[list[DigitRun], dict[str, CellValue]]:
    """Runs concatenating a contiguous slice of each chosen row, and the other cells as known."""
    runs: list[DigitRun] = []
    covered: set[str] = set()
    columns = [c.key for c in table.spec.columns]
    for line, row in enumerate(rows, start=1):
        start = data.draw(st.integers(0, len(columns) - 1))
        stop = data.draw(st.integers(start + 1, len(columns)))
        chosen = tuple(columns[start:stop])
        text = ""
        for column in chosen:
            value = table[row, column]
            assert isinstance(value, Count)
            text += str(value.value)
            covered.add(f"{table.key.value}.{row}.{column}")
        runs.append(DigitRun(table.key, row, chosen, text, line=line, column=4))
    known = {str(key): value for key, value in table.cells() if str(key) not in covered}
    hidden = data.draw(st.sets(st.sampled_from(sorted(known)), max_size=len(known)))
    for key in hidden:
        known[key] = Blank()
    return runs, known


def _check_faithful(table: Table, runs: list[DigitRun], result: RunResolution) -> None:
    named = {cell for d in result.diagnostics if d.code in UNRESOLVED_CODES for cell in d.cells}
    for run in runs:
        for column in run.columns:
            key = f"{table.key.value}.{run.row}.{column}"
            if key in result.values:
                assert result.values[key] == table[key], key
            else:
                assert key in named, key
    assert len(result.diagnostics) == len(runs)


@st.composite
def _large_requests_table(draw: st.DrawFn, edition: Edition) -> Table:
    """A consistent section 三 table with numbers up to four digits (local: strategies.py draws 0-9 leaves)."""
    spec = table_spec(edition, REQUESTS)
    fixed = {"new_received", "carried_over", "total_handled", "carried_forward"}
    results = [row.key for row in spec.rows if row.key not in fixed]
    cells: dict[tuple[str, str], int] = {}
    for column in APPLICANTS:
        for row in results:
            cells[row, column] = draw(st.sampled_from([0, 0, 0, 1, 7, 10, 23, 100, 345, 1000, 2024]))
        handled = sum(cells[row, column] for row in results)
        forward = draw(st.integers(0, 3000))
        over = draw(st.integers(0, handled + forward))
        cells["total_handled", column] = handled
        cells["carried_forward", column] = forward
        cells["carried_over", column] = over
        cells["new_received", column] = handled + forward - over
    for row_spec in spec.rows:
        cells[row_spec.key, "total"] = sum(cells[row_spec.key, column] for column in APPLICANTS)
    values = tuple(Count(cells[key.row, key.column]) for key in spec.cell_keys)
    return Table(key=REQUESTS, edition=edition, values=values)


class TestProperties:
    """Resolving runs made from consistent tables never yields a number the table did not hold."""

    @given(edition=st.sampled_from(GB_EDITIONS), data=st.data())
    def test_requests_runs_reproduce_or_stay_unresolved(self, edition: Edition, data: st.DataObject) -> None:
        """Each run cell is either the original number or named by an unresolved diagnostic."""
        table = data.draw(consistent_requests_table(edition))
        row_keys = [row.key for row in table.spec.rows]
        rows = data.draw(st.lists(st.sampled_from(row_keys), min_size=1, max_size=5, unique=True))
        runs, known = _row_runs(table, rows, data)
        _check_faithful(table, runs, resolve_runs(edition, REQUESTS, known, runs))

    @given(edition=st.sampled_from(GB_EDITIONS), data=st.data())
    def test_large_numbers_reproduce_or_stay_unresolved(self, edition: Edition, data: st.DataObject) -> None:
        """With multi-digit numbers (many more readings per run) no wrong number is ever produced."""
        table = data.draw(_large_requests_table(edition))
        row_keys = [row.key for row in table.spec.rows]
        rows = data.draw(st.lists(st.sampled_from(row_keys), min_size=1, max_size=4, unique=True))
        runs, known = _row_runs(table, rows, data)
        _check_faithful(table, runs, resolve_runs(edition, REQUESTS, known, runs))

    @given(edition=st.sampled_from(GB_EDITIONS), data=st.data())
    def test_reviews_runs_reproduce_or_stay_unresolved(self, edition: Edition, data: st.DataObject) -> None:
        """The same holds for table 四."""
        table = data.draw(consistent_reviews_table(edition))
        rows = data.draw(st.lists(st.sampled_from([r.key for r in table.spec.rows]), min_size=1, unique=True))
        runs, known = _row_runs(table, rows, data)
        _check_faithful(table, runs, resolve_runs(edition, REVIEWS, known, runs))

    @given(edition=st.sampled_from(GB_EDITIONS), data=st.data())
    def test_deterministic(self, edition: Edition, data: st.DataObject) -> None:
        """Resolving the same runs twice gives equal results."""
        table = data.draw(consistent_requests_table(edition))
        rows = data.draw(
            st.lists(st.sampled_from([r.key for r in table.spec.rows]), min_size=1, max_size=4, unique=True)
        )
        runs, known = _row_runs(table, rows, data)
        assert resolve_runs(edition, REQUESTS, known, runs) == resolve_runs(edition, REQUESTS, known, runs)

    @given(
        issued=st.integers(0, 200),
        repealed=st.integers(0, 200),
        in_force=st.integers(0, 2000),
        stated=st.sets(st.sampled_from(DOCUMENT_COLUMNS)),
    )
    def test_narrative_never_misleads(self, issued: int, repealed: int, in_force: int, stated: set[str]) -> None:
        """With true figures stated for some columns, a proactive run is read right or left unresolved."""
        truth = {"issued": issued, "repealed": repealed, "in_force": in_force}
        words = {"issued": "制发", "repealed": "废止", "in_force": "现行有效"}
        narrative = "".join(f"{words[c]}行政规范性文件{truth[c]}件。" for c in sorted(stated))
        text = "".join(str(truth[c]) for c in DOCUMENT_COLUMNS)
        run = _run(PROACTIVE, "normative_documents", DOCUMENT_COLUMNS, text)
        result = resolve_runs(Edition.GB2021, PROACTIVE, {}, [run], narrative=narrative)
        if result.values:
            assert _numbers(result, "proactive.normative_documents", DOCUMENT_COLUMNS) == [issued, repealed, in_force]
        else:
            assert _codes(result) == ["digits-ambiguous"]
        if stated == set(DOCUMENT_COLUMNS):
            assert result.values, "all three figures stated: the run must be decided"
