from __future__ import annotations

import io
import os
import pickle
import sys
from pathlib import Path

import pytest
from attrs import frozen
from hypothesis import HealthCheck, given, settings

from gov_disclosure.batch import (
    BatchItem,
    BatchResult,
    discover,
    iter_batch,
    parse_task,
    run_batch,
)
from gov_disclosure.canonical import to_text
from gov_disclosure.diagnostics import Diagnostic, ParseResult, Severity
from gov_disclosure.errors import GovDisclosureError, ParseError
from gov_disclosure.model import AnnualReport
from strategies import consistent_reports, reports

# --------------------------------------------------------------------------------------
# Tasks used by the tests: top level, so worker processes can import them by name.
# --------------------------------------------------------------------------------------


@frozen
class _Seen:
    """What a test task saw: the file's text, the process that read it and its diagnostics."""

    text: str
    pid: int
    diagnostics: tuple[Diagnostic, ...] = ()


def _severity_task(path: str) -> _Seen:
    """Read a file; lines ``error``/``warning`` become diagnostics, ``bad`` a ParseError."""
    text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    if text.startswith("bad"):
        raise ParseError("not a report", source=path)
    diagnostics = tuple(
        Diagnostic(code="test", severity=Severity(line), message=line)
        for line in text.splitlines()
        if line in ("error", "warning", "info")
    )
    return _Seen(text, os.getpid(), diagnostics)


def _crash_task(path: str) -> int:
    """A task with a bug: raises an exception that is not about the file."""
    raise ZeroDivisionError(path)


def _write(root: Path, name: str, text: str) -> str:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return str(path)


class TestDiscover:
    """discover() turns command-line paths into an ordered file list."""

    def test_directory_is_searched_recursively_in_sorted_order(self, tmp_path: Path) -> None:
        """Files under a directory come sorted by path, subdirectories included."""
        for name in ("b.txt", "a.md", "sub/c.html", "sub/a.htm", "A.TXT"):
            _write(tmp_path, name, "x")
        found = [Path(p).relative_to(tmp_path).as_posix() for p in discover([str(tmp_path)])]
        assert found == ["A.TXT", "a.md", "b.txt", "sub/a.htm", "sub/c.html"]

    def test_other_extensions_and_hidden_files_are_skipped_in_directories(self, tmp_path: Path) -> None:
        """Inside a directory only report extensions count, and hidden paths are ignored."""
        _write(tmp_path, "report.txt", "x")
        _write(tmp_path, "report.pdf", "x")
        _write(tmp_path, ".hidden.txt", "x")
        _write(tmp_path, ".git/notes.txt", "x")
        assert discover([str(tmp_path)]) == [str(tmp_path / "report.txt")]

    def test_files_given_by_name_are_kept_whatever_their_extension(self, tmp_path: Path) -> None:
        """A file the user names is read even with an unusual extension, in the order given."""
        second = _write(tmp_path, "z.pdf", "x")
        first = _write(tmp_path, "a.txt", "x")
        assert discover([second, first]) == [second, first]

    def test_stdin_and_missing_paths_are_kept(self, tmp_path: Path) -> None:
        """``-`` and a path that does not exist pass through, so the batch can report them."""
        missing = str(tmp_path / "missing.txt")
        assert discover(["-", missing]) == ["-", missing]

    def test_extensions_can_be_chosen(self, tmp_path: Path) -> None:
        """The ``extensions`` argument replaces the default endings."""
        _write(tmp_path, "a.txt", "x")
        wanted = _write(tmp_path, "b.json", "x")
        assert discover([str(tmp_path)], extensions=(".json",)) == [wanted]


class TestRunBatch:
    """run_batch() runs a task per file, in order, and records bad files."""

    def test_results_are_in_input_order_whatever_the_jobs(self, tmp_path: Path) -> None:
        """Two worker processes give the same items, in the same order, as one."""
        paths = [_write(tmp_path, f"{i:02d}.txt", f"file {i}\nwarning" if i % 3 else f"file {i}") for i in range(9)]
        paths.insert(4, str(tmp_path / "missing.txt"))
        serial = run_batch(paths, _severity_task, jobs=1, progress=False)
        parallel = run_batch(paths, _severity_task, jobs=2, progress=False)
        assert [item.path for item in parallel] == paths
        assert [(i.path, i.error_type, i.result.text if i.result else None) for i in parallel] == [
            (i.path, i.error_type, i.result.text if i.result else None) for i in serial
        ]

    def test_workers_are_other_processes_and_stdin_is_read_here(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """With jobs=2 files are read in workers, while ``-`` is read in the calling process."""
        monkeypatch.setattr(sys, "stdin", _FakeStdin("from stdin"))
        paths = [_write(tmp_path, "a.txt", "a"), "-", _write(tmp_path, "b.txt", "b")]
        result = run_batch(paths, _severity_task, jobs=2, progress=False)
        seen = [item.result for item in result]
        assert [s.text if s else None for s in seen] == ["a", "from stdin", "b"]
        assert [s.pid == os.getpid() if s else None for s in seen] == [False, True, False]

    def test_a_bad_file_is_recorded_and_the_batch_goes_on(self, tmp_path: Path) -> None:
        """A missing file (OSError) and a rejected one (GovDisclosureError) fail alone."""
        paths = [
            _write(tmp_path, "a.txt", "fine"),
            str(tmp_path / "missing.txt"),
            _write(tmp_path, "b.txt", "bad input"),
            _write(tmp_path, "c.txt", "fine"),
        ]
        result = run_batch(paths, _severity_task, jobs=2, progress=False)
        assert [item.ok for item in result] == [True, False, False, True]
        assert [item.error_type for item in result.failures] == ["FileNotFoundError", "ParseError"]
        assert "not a report" in (result.failures[1].error or "")

    def test_summary_counts_errors_and_warnings_per_file(self, tmp_path: Path) -> None:
        """Files, not diagnostics, are counted: two warnings in one file count once."""
        paths = [
            _write(tmp_path, "a.txt", "error\nwarning"),
            _write(tmp_path, "b.txt", "warning\nwarning"),
            _write(tmp_path, "c.txt", "info"),
            _write(tmp_path, "d.txt", "bad"),
        ]
        result = run_batch(paths, _severity_task, jobs=1, progress=False)
        assert (result.files_read, result.files_failed) == (3, 1)
        assert (result.files_with_errors, result.files_with_warnings) == (1, 2)
        assert result.summary_line() == "3 files read, 1 unreadable, 1 with errors, 2 with warnings"
        assert (result.items[1].errors, result.items[1].warnings) == (0, 2)

    def test_a_task_may_return_none(self) -> None:
        """A result of ``None`` is a result: the file counts as read and appears in ``results``."""
        result: BatchResult[None] = BatchResult(
            (BatchItem(path="a", result=None), BatchItem(path="b", error="gone", error_type="OSError"))
        )
        assert result.results == [("a", None)]
        assert (result.files_read, result.files_failed) == (1, 1)

    def test_summary_says_file_for_one(self) -> None:
        """One file read is ``1 file read``."""
        result = BatchResult((BatchItem(path="a", result=1),))
        assert result.summary_line() == "1 file read, 0 unreadable, 0 with errors, 0 with warnings"

    def test_a_bug_in_the_task_is_not_hidden(self, tmp_path: Path) -> None:
        """Exceptions that are not about the file propagate instead of being counted as unreadable."""
        paths = [_write(tmp_path, "a.txt", "a"), _write(tmp_path, "b.txt", "b")]
        with pytest.raises(ZeroDivisionError):
            run_batch(paths, _crash_task, jobs=2, progress=False)

    def test_catch_can_be_widened(self, tmp_path: Path) -> None:
        """Passing ``catch`` records other exceptions per file too."""
        paths = [_write(tmp_path, "a.txt", "a")]
        result = run_batch(paths, _crash_task, jobs=1, progress=False, catch=(ArithmeticError,))
        assert result.failures[0].error_type == "ZeroDivisionError"

    def test_jobs_must_be_positive(self) -> None:
        """``jobs=0`` is a usage error."""
        with pytest.raises(ValueError, match="jobs"):
            run_batch(["a"], _severity_task, jobs=0)

    def test_iter_batch_streams_items_in_order(self, tmp_path: Path) -> None:
        """iter_batch yields the same items run_batch collects, one at a time."""
        paths = [_write(tmp_path, f"{i}.txt", str(i)) for i in range(5)]
        streamed = iter_batch(paths, _severity_task, jobs=2, progress=False)
        assert [item.result.text for item in streamed if item.result] == ["0", "1", "2", "3", "4"]

    def test_results_lists_read_files_only(self, tmp_path: Path) -> None:
        """``results`` pairs each read path with its result, skipping failures."""
        good = _write(tmp_path, "a.txt", "a")
        result = run_batch([good, str(tmp_path / "nope.txt")], _severity_task, jobs=1, progress=False)
        assert [(path, seen.text) for path, seen in result.results] == [(good, "a")]


class _FakeStdin:
    """A stand-in for sys.stdin that only supports read()."""

    def __init__(self, text: str) -> None:
        self._text = text

    def read(self) -> str:
        return self._text


class _Terminal(io.StringIO):
    """A text stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


class TestProgress:
    """The progress bar appears only when asked for or on a terminal."""

    def test_no_bar_when_stderr_is_not_a_terminal(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """With ``progress=None`` and captured stderr nothing is drawn."""
        run_batch([_write(tmp_path, "a.txt", "a")], _severity_task, jobs=1)
        assert capsys.readouterr().err == ""

    def test_bar_when_forced(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """``progress=True`` draws a tqdm bar on stderr counting files (cleared when done)."""
        pytest.importorskip("tqdm", reason="the progress bar needs tqdm (gov-disclosure[progress])")
        paths = [_write(tmp_path, f"{i}.txt", "a") for i in range(3)]
        run_batch(paths, _severity_task, jobs=1, progress=True)
        err = capsys.readouterr().err
        assert "/3" in err
        assert "file/s" in err

    def test_bar_when_stderr_is_a_terminal(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """With ``progress=None`` a terminal on stderr gets a bar."""
        pytest.importorskip("tqdm", reason="the progress bar needs tqdm (gov-disclosure[progress])")
        terminal = _Terminal()
        monkeypatch.setattr(sys, "stderr", terminal)
        run_batch([_write(tmp_path, "a.txt", "a")], _severity_task, jobs=1)
        assert "file" in terminal.getvalue()

    def test_without_tqdm_a_forced_bar_names_the_extra(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """``progress=True`` without tqdm raises an ImportError naming the extra; auto mode draws nothing."""
        monkeypatch.setitem(sys.modules, "tqdm", None)
        path = _write(tmp_path, "a.txt", "a")
        with pytest.raises(ImportError, match=r"gov-disclosure\[progress\]"):
            run_batch([path], _severity_task, jobs=1, progress=True)
        terminal = _Terminal()
        monkeypatch.setattr(sys, "stderr", terminal)
        assert run_batch([path], _severity_task, jobs=1).files_read == 1
        assert terminal.getvalue() == ""

    def test_progress_false_never_draws(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """``progress=False`` draws nothing even when a bar could be shown."""
        run_batch([_write(tmp_path, "a.txt", "a")], _severity_task, jobs=1, progress=False)
        assert capsys.readouterr().err == ""


class TestPickling:
    """Results cross process boundaries, so the model must pickle."""

    @settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(report=reports() | consistent_reports())
    def test_reports_and_parse_results_pickle(self, report: AnnualReport) -> None:
        """An AnnualReport inside a ParseResult survives pickling unchanged."""
        result = ParseResult(report, (Diagnostic("x", Severity.INFO, "m"),))
        assert pickle.loads(pickle.dumps(result)) == result  # noqa: S301 - our own data

    def test_batch_items_pickle(self) -> None:
        """Batch items, the unit sent back from workers, pickle."""
        item: BatchItem[int] = BatchItem(path="a", error="boom", error_type="OSError")
        assert pickle.loads(pickle.dumps(item)) == item  # noqa: S301 - our own data


class TestParseTask:
    """parse_task reads real files through the library's reader."""

    @settings(
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture]
    )
    @given(report=consistent_reports())
    def test_parse_task_reads_a_canonical_file(self, tmp_path: Path, report: AnnualReport) -> None:
        """A report written as canonical text is read back to the same model."""
        path = _write(tmp_path, "report.txt", to_text(report))
        assert parse_task(path).report == report

    def test_parse_task_in_workers_matches_in_process(self, tmp_path: Path) -> None:
        """Parsing with two workers gives the same results as parsing here."""
        paths = [_write(tmp_path, f"{i}.txt", text) for i, text in enumerate(_sample_texts())]
        paths.append(_write(tmp_path, "binary.txt", "%PDF-1.4 binary"))
        serial = run_batch(paths, parse_task, jobs=1, progress=False)
        parallel = run_batch(paths, parse_task, jobs=2, progress=False)
        assert parallel.items == serial.items
        assert parallel.files_failed == 1
        assert isinstance(parallel.items[-1].error_type, str)

    def test_unreadable_input_is_a_library_error(self, tmp_path: Path) -> None:
        """A binary file fails with a GovDisclosureError, which the batch records."""
        path = _write(tmp_path, "binary.txt", "%PDF-1.4 binary")
        with pytest.raises(GovDisclosureError):
            parse_task(path)


def _sample_texts() -> list[str]:
    """A few short reports of different shapes (a legacy one and gb ones)."""
    return [
        "某县人民政府2018年政府信息公开工作年度报告\n\n一、概述\n\n我县公开了信息。\n",
        "某市交通运输局2021年政府信息公开工作年度报告\n\n一、总体情况\n\n本局依法公开政府信息。\n",
        "某镇人民政府2020年政府信息公开工作年度报告\n\n一、总体情况\n\n全年收到申请3件。\n",
    ]
