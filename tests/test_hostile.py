"""Hostile input: every public entry point raises only our documented errors, and fast.

Each call's time is bounded by a constant plus a term proportional to the input size
(:func:`budget`); growth *rates* are checked separately in ``test_scaling.py``. The
strategies here are reused by ``fuzz/fuzz_readers.py`` for long fuzzing runs.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import multiprocessing
import signal
import struct
import tempfile
import time
import traceback
import zlib
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pytest
from attrs import frozen
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gov_disclosure.errors import GovDisclosureError, InputTooLargeError, UnreadableInputError
from gov_disclosure.template import EDITIONS, SECTIONS

# --------------------------------------------------------------------------------------
# Entry points (resolved lazily so a module that is missing skips, naming itself)
# --------------------------------------------------------------------------------------

#: Public entry points as ``module:function``.
ENTRY_POINTS = {
    "parse": "gov_disclosure.api:parse",
    "parse_text": "gov_disclosure.api:parse_text",
    "read_html": "gov_disclosure.readers.html:read_html",
    "from_json": "gov_disclosure.convert:from_json",
    "cli": "gov_disclosure.cli:main",
}
#: Entry points that read a report from text or bytes.
READERS = ("parse", "parse_text", "read_html")


def entry(name: str) -> Callable[..., Any]:
    """The entry point called ``name``; skips the test when its module does not exist yet."""
    module_name, _, function = ENTRY_POINTS[name].partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        pytest.skip(f"{ENTRY_POINTS[name]} is not built yet ({error})")
    found: Callable[..., Any] = getattr(module, function)
    return found


def budget(size: int) -> float:
    """Seconds a call on ``size`` characters or bytes may take: 2 s plus 2 µs per unit.

    That is a floor of 0.5 MB/s, about a quarter of the slowest reader's measured speed
    (canonical text, ~2 MB/s), so a loaded 2-core CI machine passes; it catches hangs and
    super-linear blow-ups on large inputs, not mere slowness (speed is the benchmark's job).
    """
    return 2.0 + size * 2e-6


#: Inputs larger than this are read in a forked child that is killed at its budget.
_IN_PROCESS_LIMIT = 100_000


def call(name: str, data: object, size: int | None = None) -> object:
    """Call an entry point; return its result or our error. Anything else propagates.

    Time is CPU time, so a busy machine does not fail the test. Large inputs run in a
    forked child, so a reader that hangs or exhausts memory fails its test instead of
    the suite; the child reports back only the outcome's class, message or traceback.
    """
    function = entry(name)
    measured = size if size is not None else len(data) if isinstance(data, str | bytes) else 0
    if measured > _IN_PROCESS_LIMIT:
        return _call_in_child(name, function, data, budget(measured))
    seconds = budget(measured)
    start = time.process_time()
    try:
        with _alarm(seconds):
            outcome: object = function(data)
    except GovDisclosureError as error:
        outcome = error
    except _OvertimeError:
        pytest.fail(f"{name} used more than its budget of {seconds:.1f} s of CPU on {measured} units")
    elapsed = time.process_time() - start
    assert elapsed < seconds, f"{name} used {elapsed:.2f} s of CPU on {measured} units"
    return outcome


class _OvertimeError(BaseException):
    """Raised by the alarm when a call overruns its budget (a BaseException, so readers cannot swallow it)."""


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    """Interrupt the block with :class:`_OvertimeError` after ``seconds`` of CPU time.

    CPU time (``ITIMER_PROF``), not wall time, so other processes competing for the
    cores cannot fail the test; main thread, POSIX only.
    """

    def ring(_signal: int, _frame: object) -> None:
        raise _OvertimeError

    previous = signal.signal(signal.SIGPROF, ring)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def _child(function: Callable[..., Any], data: object, seconds: float, sender: Connection) -> None:
    start = time.process_time()
    try:
        with _alarm(seconds):
            outcome = function(data)
    except _OvertimeError:
        sender.send(("overtime", "", f"more than {seconds:.1f} s of CPU"))
    except GovDisclosureError as error:
        sender.send(("error", type(error).__name__, str(error)[:2000]))
    except BaseException:  # noqa: BLE001 - reported to the parent, which fails the test
        sender.send(("crash", "", traceback.format_exc()[-4000:]))
    else:
        sender.send(("ok", type(outcome).__name__, repr(outcome)[:2000]))
    sender.send(time.process_time() - start)
    sender.close()


def _call_in_child(name: str, function: Callable[..., Any], data: object, seconds: float) -> object:
    """Run the call in a forked child limited to ``seconds`` of CPU (and, as a safety net, 10× that of wall time)."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(function, data, seconds, sender), daemon=True)
    process.start()
    sender.close()
    if not receiver.poll(10 * seconds + 5):
        process.kill()
        process.join()
        pytest.fail(f"{name} did not finish within {10 * seconds + 5:.0f} s of wall time")
    kind, class_name, detail = receiver.recv()
    used: float = receiver.recv() if kind != "overtime" else seconds
    process.join()
    assert kind != "overtime", f"{name} used more than its budget of {seconds:.1f} s of CPU"
    assert kind != "crash", f"{name} raised an undocumented exception:\n{detail}"
    assert used < seconds, f"{name} used {used:.2f} s of CPU; budget {seconds:.1f} s"
    return ChildOutcome(class_name, detail)


@frozen
class ChildOutcome:
    """What a call in a child process returned or raised (its class name and text)."""

    class_name: str
    text: str


def run_cli(data: bytes, command: str = "cells") -> tuple[int, str, str]:
    """Run ``main([command, FILE])`` on ``data`` written to a file; exit code, stdout, stderr."""
    main = entry("cli")
    out, err = io.StringIO(), io.StringIO()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.txt"
        path.write_bytes(data)
        start = time.process_time()
        code = main([command, str(path)], stdout=out, stderr=err)
        elapsed = time.process_time() - start
    assert elapsed < budget(len(data)), f"cli {command} used {elapsed:.2f} s of CPU on {len(data)} bytes"
    return code, out.getvalue(), err.getvalue()


# --------------------------------------------------------------------------------------
# Strategies of hostile input
# --------------------------------------------------------------------------------------


def _template_words() -> list[str]:
    words: set[str] = set()
    for spec in EDITIONS.values():
        for table in spec.tables:
            words.add(table.caption)
            for row in table.rows:
                words.update(row.labels)
                words.update(label for column in table.columns_of(row) for label in column.labels)
            words.update(block.caption for block in table.blocks)
    words.update(section.heading for section in SECTIONS)
    return sorted(words)


_WORDS = _template_words()
_PIECES = st.one_of(
    st.sampled_from(_WORDS),
    st.integers(-(10**12), 10**12).map(str),
    st.sampled_from(["\t", " ", "  ", "|", " | ", "\n", "\r\n", "\r", "/", "—", "无", "万元", "元", "（", "）", "、"]),
    st.sampled_from(["２０２１年", "１２３", "1,234", "3020.782", "减4", "增5", "第1页", "- 3 -", "\u3000", "\ufeff"]),
    st.text(max_size=8),
)

#: Text shaped like a damaged report: template labels, numbers and separators in any order.
report_like_texts = st.lists(_PIECES, max_size=80).map("".join)
#: Any text at all, or report-shaped text.
hostile_texts = st.one_of(st.text(), report_like_texts)
#: Any bytes, report-shaped text in a few encodings, or either with a binary prefix.
hostile_bytes = st.one_of(
    st.binary(),
    st.tuples(report_like_texts, st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-32"])).map(
        lambda pair: pair[0].encode(pair[1], errors="replace")
    ),
    st.tuples(st.sampled_from([b"%PDF-1.7", b"\x89PNG", b"\xff\xfe", b"\xef\xbb\xbf", b"\x00"]), st.binary()).map(
        b"".join
    ),
)

_TAGS = ["table", "tr", "td", "th", "tbody", "thead", "p", "div", "span", "br", "b", "h1", "h2", "li", "pre", "font"]
_ATTRIBUTES = st.sampled_from(
    [
        "",
        ' colspan="2"',
        ' rowspan="3"',
        ' colspan="0"',
        ' rowspan="-1"',
        ' colspan="abc"',
        ' colspan="99999999"',
        ' rowspan="2147483648"',
        ' style="display:none"',
        " hidden",
        ' class="x"',
    ]
)


@st.composite
def _elements(draw: st.DrawFn, depth: int = 0) -> str:
    if depth > 4 or draw(st.booleans()):
        return draw(report_like_texts)
    tag = draw(st.sampled_from(_TAGS))
    children = draw(st.lists(_elements(depth + 1), max_size=4))
    close = draw(st.sampled_from([f"</{tag}>", "", "</td>", "</table>"]))  # unclosed and mismatched tags
    return f"<{tag}{draw(_ATTRIBUTES)}>{''.join(children)}{close}"


_HTML_HEADS = st.sampled_from(
    ["", "<!DOCTYPE html>", "<html><body>", '<?xml version="1.0" encoding="gbk"?>', "<!--", "<meta charset='gb2312'>"]
)
#: Pages of nested, unbalanced, oddly spanned tags around report-shaped text.
hostile_html = st.tuples(_HTML_HEADS, st.lists(_elements(), max_size=6)).map(lambda pair: pair[0] + "".join(pair[1]))

_JSON_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=10))
_JSON_VALUES = st.recursive(
    _JSON_SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)),
    max_leaves=20,
)
_REPORT_KEYS = st.sampled_from(["schema_version", "metadata", "sections", "unplaced", "edition", "table", "values"])
#: JSON documents shaped (loosely) like a serialised report, deep or huge ones, and text that is not JSON.
hostile_json = st.one_of(
    st.text(),
    st.tuples(st.sampled_from(["[", '{"a":', "-", "1", '"\\u']), st.integers(0, 200_000)).map(lambda p: p[0] * p[1]),
    _JSON_VALUES.map(json.dumps),
    st.dictionaries(_REPORT_KEYS, _JSON_VALUES, max_size=5).map(lambda d: json.dumps({"schema_version": 1, **d})),
)

_PROPERTY_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --------------------------------------------------------------------------------------
# Fixtures: one of each hostile file type
# --------------------------------------------------------------------------------------


def _png() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b"")
    )


def _pdf() -> bytes:
    stream = zlib.compress("BT /F1 12 Tf (政府信息公开工作年度报告) Tj ET".encode())
    return (
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n2 0 obj\n<< /Length "
        + str(len(stream)).encode()
        + b" /Filter /FlateDecode >>\nstream\n"
        + stream
        + b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )


_REPORT = (
    "某县人民政府2021年政府信息公开工作年度报告\n\n一、总体情况\n\n我县公开了信息。\n\n"
    "三、收到和处理政府信息公开申请情况\n\n一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1\n"
)
_XXE = (
    '<?xml version="1.0"?>\n<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    "<html><body><p>一、总体情况</p><p>&xxe;</p><table><tr><td>&xxe;</td></tr></table></body></html>"
)
_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10))
    + "]>\n<html><body><p>&lol9;</p><table><tr><td>&lol9;</td></tr></table></body></html>"
)


def _rendered(outcome: object) -> str:
    """Everything a result says, as text (for leaks such as an expanded entity)."""
    if isinstance(outcome, GovDisclosureError):
        return str(outcome)
    if isinstance(outcome, ChildOutcome):
        return outcome.text
    return repr(outcome)


def raised(outcome: object, error: type[GovDisclosureError]) -> bool:
    """Whether ``outcome`` (from :func:`call`) is an ``error``, in this process or a child."""
    if isinstance(outcome, ChildOutcome):
        names = {error.__name__}
        pending = [error]
        while pending:
            for subclass in pending.pop().__subclasses__():
                names.add(subclass.__name__)
                pending.append(subclass)
        return outcome.class_name in names
    return isinstance(outcome, error)


# --------------------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------------------


class TestArbitraryInput:
    """Properties: arbitrary text, bytes, HTML and JSON meet only documented errors."""

    @_PROPERTY_SETTINGS
    @given(text=hostile_texts)
    def test_text_readers_on_any_text(self, text: str) -> None:
        """Both text readers return a result or raise a GovDisclosureError for any string."""
        for name in ("parse", "parse_text"):
            call(name, text)

    @_PROPERTY_SETTINGS
    @given(data=hostile_bytes)
    def test_text_readers_on_any_bytes(self, data: bytes) -> None:
        """Both text readers return a result or raise a GovDisclosureError for any bytes."""
        for name in ("parse", "parse_text"):
            call(name, data)

    @_PROPERTY_SETTINGS
    @given(page=hostile_html)
    def test_html_readers_on_any_page(self, page: str) -> None:
        """read_html and parse cope with unbalanced tags, bogus spans and report debris."""
        for name in ("read_html", "parse"):
            call(name, page)
            call(name, page.encode("utf-8"))

    @_PROPERTY_SETTINGS
    @given(data=hostile_bytes)
    def test_read_html_on_any_bytes(self, data: bytes) -> None:
        """read_html returns a result or raises a GovDisclosureError for any bytes."""
        call("read_html", data)

    @_PROPERTY_SETTINGS
    @given(document=hostile_json)
    def test_from_json_on_any_document(self, document: str) -> None:
        """from_json raises ParseError, not TypeError or KeyError, for JSON that is not a report."""
        call("from_json", document)
        call("from_json", document.encode("utf-8", errors="replace"))

    @settings(max_examples=25, deadline=None)
    @given(data=hostile_bytes)
    def test_cli_on_any_file(self, data: bytes) -> None:
        """The CLI exits 0 or 1 on any file and never lets an exception out."""
        code, _, _ = run_cli(data)
        assert code in (0, 1)


_DAMAGES: tuple[Callable[[str], str], ...] = (
    lambda line: line.replace(" | ", "\t").replace("|", "\t"),  # tabs for pipes
    lambda line: line + "\t",  # a trailing tab
    lambda line: " ".join(line) if len(line) < 40 else line,  # a label spaced out
    lambda line: line.replace("\t\t", "\t"),  # blank cells run together
    lambda line: line + "\n\n- 3 -\n",  # a page number after the line
    lambda line: "\u3000" + line + " ",  # surrounding ideographic and plain spaces
)


@st.composite
def damaged_canonical_texts(draw: st.DrawFn) -> str:
    """The canonical text of a generated report with a few lines damaged as extraction does."""
    from gov_disclosure.canonical import to_text
    from strategies import reports

    lines = to_text(draw(reports())).split("\n")
    for _ in range(draw(st.integers(1, 6))):
        index = draw(st.integers(0, len(lines) - 1))
        lines[index] = draw(st.sampled_from(_DAMAGES))(lines[index])
    return "\n".join(lines)


@st.composite
def mutated_report_pages(draw: st.DrawFn) -> str:
    """Our own HTML for a generated report, with slices cut, repeated or replaced by stray markup."""
    from gov_disclosure.html_writer import to_html
    from strategies import reports

    page = to_html(draw(reports()))
    for _ in range(draw(st.integers(1, 5))):
        start = draw(st.integers(0, len(page)))
        end = draw(st.integers(start, min(len(page), start + 400)))
        action = draw(st.sampled_from(["cut", "repeat", "insert"]))
        if action == "cut":
            page = page[:start] + page[end:]
        elif action == "repeat":
            page = page[:end] + page[start:end] + page[end:]
        else:
            page = page[:start] + draw(_elements()) + page[start:]
    return page


class TestMutatedHtml:
    """Our own HTML pages, cut and spliced, are read or refused, never a crash."""

    @_PROPERTY_SETTINGS
    @given(page=mutated_report_pages())
    def test_mutated_page(self, page: str) -> None:
        """Slices cut, repeated or replaced by stray tags meet only documented errors."""
        call("read_html", page)


_OWN_PAGE = '<div class="gov-disclosure-report" lang="zh-CN" data-gd-format="1">\n'


class TestCutOwnPages:
    """Pages of our own HTML format cut mid-element are read or refused (minimised fuzz finds)."""

    @pytest.mark.parametrize(
        "page",
        [
            _OWN_PAGE + "<dl><dt>格式</dt><dd>gb2013em}\n.x{}\n<dl><dt>格式</dt><dd>gb2019</dd></dl>",
            _OWN_PAGE + "<dl><dt>格式</dt><dd列数据</th><th colspan='7'>申请人情况</th></tr>\n<tr><th>自然人</th></tr>",
            _OWN_PAGE
            + '<dl><dt>格式</dt><dd>gb2019</dd></dl>\n<table data-table="proactive" data-edition="gb2019">\n'
            + '<tr><th scope="col<thead colspan="2"><h1 style="display:none"></table>结转</th></tr>',
        ],
        ids=["edition-runs-into-css", "edition-runs-into-table", "empty-hidden-heading"],
    )
    def test_cut_page(self, page: str) -> None:
        """A cut header or heading meets only documented errors, not a model ValueError."""
        call("read_html", page)
        call("parse", page)


class TestDamagedCanonicalText:
    """Canonical text damaged the way PDF extraction damages text is read or refused, never a crash."""

    @_PROPERTY_SETTINGS
    @given(text=damaged_canonical_texts())
    def test_damaged_canonical_text(self, text: str) -> None:
        """Tabs for pipes, trailing tabs, spaced labels and page numbers meet only documented errors."""
        call("parse_text", text)

    @pytest.mark.parametrize(
        "text",
        ["- 格式：gb2021\n行政强制\t", "- 格式：gb2021\n\u3000一、总体情况 \n内容\t\n"],
        ids=["trailing-tab-after-header", "padded-heading"],
    )
    def test_trailing_whitespace_after_canonical_header(self, text: str) -> None:
        """A canonical header followed by lines with trailing whitespace does not crash."""
        call("parse_text", text)


class TestBinaryFiles:
    """Files that are not text are refused with UnreadableInputError, whatever the entry point."""

    @pytest.mark.parametrize("kind", ["pdf", "png"])
    @pytest.mark.parametrize("name", ["parse", "parse_text", "read_html"])
    def test_binary_file_is_refused(self, kind: str, name: str) -> None:
        """A PDF or PNG handed to a reader raises UnreadableInputError."""
        data = _pdf() if kind == "pdf" else _png()
        assert raised(call(name, data), UnreadableInputError)

    @pytest.mark.parametrize("kind", ["pdf", "png"])
    def test_cli_reports_binary_file(self, kind: str) -> None:
        """The CLI exits 1 and says why on stderr for a PDF or PNG."""
        code, _, err = run_cli(_pdf() if kind == "pdf" else _png())
        assert code == 1
        assert kind.upper() in err

    def test_real_pdf_from_shared_corpus(self) -> None:
        """A real published PDF is refused, not read as text."""
        pdfs = sorted((Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pdf").glob("*.pdf"))
        if not pdfs:
            pytest.skip("../shared/corpus/pdf is not present")
        assert raised(call("parse", pdfs[0].read_bytes()), UnreadableInputError)

    @pytest.mark.parametrize("name", ["parse", "parse_text"])
    def test_invalid_utf8_and_gb18030(self, name: str) -> None:
        """Bytes that are neither UTF-8 nor GB18030 raise UnreadableInputError."""
        data = _REPORT.encode() + b"\xff\xff\xfe\x80\x80"
        assert raised(call(name, data), UnreadableInputError)

    @pytest.mark.parametrize("name", ["parse", "parse_text", "read_html"])
    def test_truncated_utf8_is_not_a_crash(self, name: str) -> None:
        """A UTF-8 report cut in the middle of a character is refused or read, never a crash."""
        data = _REPORT.encode()
        call(name, data[: len(data) - 1])

    @pytest.mark.parametrize("name", ["parse", "parse_text", "read_html"])
    @pytest.mark.parametrize("as_bytes", [True, False])
    def test_nul_bytes(self, name: str, as_bytes: bool) -> None:
        """NUL characters in the middle of a report are refused as binary."""
        text = _REPORT.replace("我县", "我\x00县")
        outcome = call(name, text.encode() if as_bytes else text)
        assert raised(outcome, UnreadableInputError)


class TestHugeInput:
    """Very large inputs finish within the size budget or are refused as too large."""

    def test_fifty_megabytes(self) -> None:
        """A 50 MB report-shaped text is read or refused within the budget."""
        block = (_REPORT * 4 + "\n").encode()
        data = block * (50_000_000 // len(block))
        call("parse", data)

    def test_beyond_the_limit_is_too_large(self) -> None:
        """Input past MAX_INPUT_BYTES raises InputTooLargeError at once."""
        from gov_disclosure.decode import MAX_INPUT_BYTES

        data = b"a" * (MAX_INPUT_BYTES + 1)
        start = time.perf_counter()
        assert raised(call("parse_text", data), InputTooLargeError)
        assert time.perf_counter() - start < 1.0

    @pytest.mark.parametrize("filler", ["7", "\t", " ", "一、本年新收政府信息公开申请数量", "|"])
    def test_single_ten_megabyte_line(self, filler: str) -> None:
        """One 10 MB line of digits, tabs, spaces, a repeated label or pipes is read within the budget."""
        line = filler * (10_000_000 // len(filler.encode()))
        call("parse_text", _REPORT + line + "\n")

    def test_ten_megabyte_html_line(self) -> None:
        """A 10 MB HTML table cell is read within the budget."""
        page = "<html><body><table><tr><td>" + "1" * 10_000_000 + "</td></tr></table></body></html>"
        call("read_html", page)


class TestHostileMarkup:
    """Deep nesting, spans and entity tricks in HTML cannot hang, exhaust or leak."""

    @pytest.mark.parametrize("tag", ["div", "span", "table", "td"])
    def test_hundred_thousand_nested_tags(self, tag: str) -> None:
        """10^5 nested tags neither recurse too deep nor take super-linear time."""
        opening = "<table><tr><td>" if tag == "table" else f"<{tag}>"
        closing = "</td></tr></table>" if tag == "table" else f"</{tag}>"
        page = "<html><body>" + opening * 100_000 + "一、总体情况" + closing * 100_000 + "</body></html>"
        call("read_html", page)
        call("parse", page)

    def test_external_entity_is_not_resolved(self) -> None:
        """An external entity pointing at a local file is never read into the report."""
        outcome = call("read_html", _XXE)
        assert "root:" not in _rendered(outcome)
        outcome = call("parse", _XXE.encode())
        assert "root:" not in _rendered(outcome)

    def test_entity_expansion_is_not_performed(self) -> None:
        """A billion-laughs document is read or refused fast, without expanding to gigabytes."""
        for name in ("read_html", "parse"):
            outcome = call(name, _LAUGHS)
            assert "lollollollollol" not in _rendered(outcome)

    @pytest.mark.parametrize("span", ["2147483647", "99999999", "1e9", "-5", "0", "65535"])
    def test_huge_spans_do_not_explode(self, span: str) -> None:
        """Absurd colspan/rowspan values are clamped, not expanded into millions of cells."""
        page = (
            f'<table><tr><td colspan="{span}" rowspan="{span}">行政复议</td><td>1</td></tr>'
            + "<tr><td>2</td><td>3</td></tr>" * 50
            + "</table>"
        )
        call("read_html", page)

    def test_many_tables_with_spans(self) -> None:
        """Ten thousand spanned tables stay within the budget."""
        table = '<table><tr><td rowspan="1000" colspan="1000">行政复议</td></tr><tr><td>1</td></tr></table>'
        page = "<html><body>" + table * 10_000 + "</body></html>"
        call("read_html", page)


class TestHostileJson:
    """from_json refuses pathological JSON with ParseError."""

    @pytest.mark.parametrize(
        "document",
        [
            "[" * 100_000 + "]" * 100_000,
            '{"a":' * 100_000 + "1" + "}" * 100_000,
            "1" * 5_000,
            '{"schema_version": ' + "9" * 5_000 + "}",
            "NaN",
            '{"schema_version": 1, "metadata": []}',
            '{"schema_version": 1, "metadata": {"edition": "gb2099"}}',
            "\ud800",
        ],
        ids=["deep-list", "deep-object", "huge-int", "huge-version", "nan", "wrong-type", "bad-enum", "surrogate"],
    )
    def test_pathological_json(self, document: str) -> None:
        """Deep nesting, huge numbers and wrong shapes raise ParseError, nothing else."""
        assert raised(call("from_json", document), GovDisclosureError)


class TestCommandLine:
    """The CLI turns every failure into an exit code and a line on stderr."""

    @pytest.mark.parametrize("command", ["text", "json", "cells", "check"])
    def test_missing_file(self, command: str) -> None:
        """A path that does not exist exits 1 with a message, not a traceback."""
        main = entry("cli")
        err = io.StringIO()
        code = main([command, "/nonexistent/report.txt"], stdout=io.StringIO(), stderr=err)
        assert code in (1, 2)
        assert err.getvalue()

    def test_directory_instead_of_file(self, tmp_path: Path) -> None:
        """A directory path exits 1 with a message."""
        main = entry("cli")
        err = io.StringIO()
        assert main(["cells", str(tmp_path)], stdout=io.StringIO(), stderr=err) == 1
        assert err.getvalue()

    @pytest.mark.parametrize("command", ["text", "json", "cells", "check"])
    def test_nul_file(self, command: str) -> None:
        """Every subcommand refuses a binary file with exit code 1."""
        code, _, err = run_cli(b"\x00" * 1000, command)
        assert code in (1, 2)
        assert err
