"""Linear scaling: the readers' cost grows in proportion to the input, whatever its shape.

Each case builds an input of size *n* designed to provoke backtracking or quadratic
work (long runs of digits, tabs, spaces or pipes, repeated labels, many table rows, one
huge line, deep nesting) and times the reader at 1×, 4×, 16× and 64× of it. A linear
reader's time grows ~k-fold; the test fails only when it grows more than 4k-fold, which
a quadratic reader exceeds by far (64× input → ~4,096× time) and a noisy 2-core machine
does not. Timings are CPU time of this process (``time.process_time``), so other
processes competing for the cores do not count; they keep the best of several runs,
with the garbage collector paused. The base size is calibrated so the 1× run takes a
few milliseconds, and the test stops at the first step that is already too slow, so a
quadratic reader fails fast instead of hanging the suite.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import time
from collections.abc import Callable
from typing import Any

import pytest

from gov_disclosure.errors import GovDisclosureError

#: Growth factors, and how much slower than proportional each step may be.
_STEPS = (4, 16, 64)
_SLACK = 4.0
#: Runs per step (the best is kept); bigger inputs are less noisy and cost more.
_RUNS = {4: 2, 16: 1, 64: 1}
#: The 1× input is grown until one read takes at least this long (seconds) …
_MIN_BASE_SECONDS = 0.003
#: … or reaches this many characters.
_MAX_BASE_SIZE = 65_536

_HEAD = (
    "某县人民政府2021年政府信息公开工作年度报告\n\n一、总体情况\n\n我县公开了信息。\n\n"
    "三、收到和处理政府信息公开申请情况\n\n"
)
_ROW = "一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1\n"
_LABEL = "（三）不予公开"


def _reader(dotted: str) -> Callable[[Any], object]:
    module_name, _, name = dotted.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        pytest.skip(f"{dotted} is not built yet ({error})")
    found: Callable[[Any], object] = getattr(module, name)
    return found


def _once(reader: Callable[[Any], object], data: str) -> float:
    gc.disable()  # a collection of the whole test session's heap is not the reader's cost
    try:
        start = time.process_time()
        with contextlib.suppress(GovDisclosureError):  # refusing is fine; refusing slowly is not
            reader(data)
        return time.process_time() - start
    finally:
        gc.enable()


def _best(reader: Callable[[Any], object], data: str, runs: int) -> float:
    return min(_once(reader, data) for _ in range(runs))


def growth(reader: Callable[[Any], object], build: Callable[[int], str]) -> dict[int, float]:
    """Time ratios t(k·n)/t(n) for each step k; fails at the first step beyond k·slack."""
    size = 64
    base = _best(reader, build(size), 3)
    while base < _MIN_BASE_SECONDS and size < _MAX_BASE_SIZE:
        size *= 2
        base = _best(reader, build(size), 3)
    base = _best(reader, build(size), 3)
    ratios: dict[int, float] = {}
    for step in _STEPS:
        ratio = _best(reader, build(size * step), _RUNS[step]) / base
        ratios[step] = ratio
        assert ratio < step * _SLACK, (
            f"{step}× input took {ratio:.0f}× the time (base {size} units, {base * 1000:.1f} ms): not linear; "
            f"ratios so far {ratios}"
        )
    return ratios


#: Text inputs of size n, each built to stress one kind of pattern or loop.
TEXT_CASES: dict[str, Callable[[int], str]] = {
    "digit-run-in-row": lambda n: _HEAD + "一、本年新收政府信息公开申请数量\t" + "7" * n + "\n",
    "run-together-digits": lambda n: _HEAD + "一、本年新收政府信息公开申请数量 " + "1203" * (n // 4) + "\n",
    "tab-run": lambda n: _HEAD + "一、本年新收政府信息公开申请数量" + "\t" * n + "1\n",
    "space-run": lambda n: _HEAD + "一、本年新收政府信息公开申请数量" + " " * n + "1\n",
    "pipe-run": lambda n: _HEAD + "| 一、本年新收政府信息公开申请数量 " + "|" * n + "\n",
    "label-repeated-on-one-line": lambda n: _HEAD + _LABEL * (n // len(_LABEL)) + "\t1\n",
    "label-repeated-on-many-lines": lambda n: _HEAD + (_LABEL + "\n") * (n // (len(_LABEL) + 1)),
    "many-table-rows": lambda n: _HEAD + _ROW * (n // len(_ROW)),
    "one-long-paragraph": lambda n: _HEAD + "我县依法公开政府信息，" * (n // 11) + "\n",
    "many-short-lines": lambda n: _HEAD + "公开\n" * (n // 3),
    "many-section-headings": lambda n: _HEAD + "一、总体情况\n二、主动公开政府信息情况\n" * (n // 22),
    "blank-lines": lambda n: _HEAD + "\n" * n + _ROW,
}

_CELL = "<tr><td>一、本年新收政府信息公开申请数量</td><td>1</td><td>0</td><td>0</td><td>1</td></tr>"

#: HTML inputs of size n.
HTML_CASES: dict[str, Callable[[int], str]] = {
    "many-table-rows": lambda n: "<html><body><p>一、总体情况</p><table>" + _CELL * (n // len(_CELL)) + "</table>",
    "long-cell": lambda n: "<html><body><table><tr><td>" + "7" * n + "</td><td>1</td></tr></table>",
    "many-paragraphs": lambda n: "<html><body>" + "<p>我县依法公开政府信息。</p>" * (n // 19),
    "many-tables": lambda n: "<html><body>" + "<table><tr><td>行政复议</td><td>1</td></tr></table>" * (n // 53),
    "spanned-rows": lambda n: (
        "<html><body><table>" + '<tr><td rowspan="3">（三）不予公开</td><td>1</td></tr>' * (n // 46) + "</table>"
    ),
    "nested-divs": lambda n: "<html><body>" + "<div>" * (n // 11) + "一、总体情况" + "</div>" * (n // 11),
}


class TestTextReaderScaling:
    """parse_text takes time proportional to its input on inputs built to defeat it."""

    @pytest.mark.parametrize("case", sorted(TEXT_CASES))
    def test_linear(self, case: str) -> None:
        """Reading 64× the input takes less than 4×64× the time."""
        growth(_reader("gov_disclosure.api:parse_text"), TEXT_CASES[case])


class TestHtmlReaderScaling:
    """read_html takes time proportional to its input on inputs built to defeat it."""

    @pytest.mark.parametrize("case", sorted(HTML_CASES))
    def test_linear(self, case: str) -> None:
        """Reading 64× the input takes less than 4×64× the time."""
        growth(_reader("gov_disclosure.readers.html:read_html"), HTML_CASES[case])


class TestGrowthCheck:
    """The growth check itself tells linear from quadratic work (so it can fail)."""

    def test_accepts_linear_work(self) -> None:
        """A linear scan passes."""
        ratios = growth(lambda text: sum(1 for char in text if char == "7"), lambda n: "7" * n)
        assert ratios[64] < 64 * _SLACK

    def test_rejects_superlinear_work(self) -> None:
        """Work growing like n^2.5 fails the check at its first step."""

        def superlinear(text: str) -> int:
            return sum(range(int(len(text) ** 2.5) // 4096))

        with pytest.raises(AssertionError, match="not linear"):
            growth(superlinear, lambda n: "7" * n)
