"""The command line over a corpus: directories, --jobs, ordered output, summary and exit codes."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gov_disclosure import cli
from gov_disclosure.api import read_file
from gov_disclosure.cells import iter_cells
from gov_disclosure.cli import main
from gov_disclosure.diagnostics import Severity
from gov_disclosure.schema import json_schema

_ROOT = Path(__file__).resolve().parent.parent
_FIXTURES = _ROOT / "tests" / "fixtures"

#: Fixture files copied into a corpus directory: clean text, HTML with repairs, a damaged table.
_GOOD = _FIXTURES / "text" / "spaces-separated.txt"
_HTML = _FIXTURES / "html" / "ragged-rows.html"
_DAMAGED = _FIXTURES / "text" / "loose-cell-no-evidence.txt"
_MARKDOWN = _FIXTURES / "pipe" / "blank-marks.md"

_CSV_HEADER = ["source", "section", "row", "column", "value", "unit"]


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def _process(*argv: str) -> subprocess.CompletedProcess[bytes]:
    """Run ``python -m gov_disclosure`` as a real program (spawned workers, real stdout)."""
    env = {**os.environ, "PYTHONPATH": str(_ROOT / "src")}
    return subprocess.run(
        [sys.executable, "-m", "gov_disclosure", *argv], capture_output=True, check=False, env=env, timeout=300
    )


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A directory of good, damaged and unreadable reports, nested, with a file of another type."""
    root = tmp_path / "corpus"
    (root / "2021" / "towns").mkdir(parents=True)
    shutil.copy(_GOOD, root / "2021" / "a-good.txt")
    shutil.copy(_HTML, root / "2021" / "b-page.html")
    shutil.copy(_DAMAGED, root / "2021" / "towns" / "c-damaged.txt")
    shutil.copy(_MARKDOWN, root / "d-markdown.md")
    (root / "2021" / "broken.txt").write_bytes(b"\x00\x01\x02\xff\xfe binary \x00" * 64)
    (root / "notes.pdf").write_bytes(b"%PDF-1.7\n\x00\x01")  # not a report extension: skipped
    return root


def _readable(root: Path) -> list[Path]:
    """The readable reports of :func:`corpus`, in discovery order."""
    return [
        root / "2021" / "a-good.txt",
        root / "2021" / "b-page.html",
        root / "2021" / "towns" / "c-damaged.txt",
        root / "d-markdown.md",
    ]


class TestDoneWhen:
    """`gov-disclosure cells DIR --jobs 2 > out.csv` over a mixed directory (the issue's check)."""

    def test_cells_over_a_directory(self, corpus: Path) -> None:
        """The CSV, one stderr line for the bad file, the summary, exit 1, and --jobs 1 output identical."""
        two = _process("cells", str(corpus), "--jobs", "2")
        one = _process("cells", str(corpus), "--jobs", "1")
        assert two.returncode == one.returncode == 1
        assert two.stdout == one.stdout
        assert two.stderr == one.stderr
        rows = list(csv.reader(io.StringIO(two.stdout.decode("utf-8"))))
        assert rows[0] == _CSV_HEADER
        assert rows.count(_CSV_HEADER) == 1
        expected = [
            [str(path), r.section, r.row, r.column, r.value, r.unit]
            for path in _readable(corpus)
            for r in iter_cells(read_file(path).report)
        ]
        assert rows[1:] == expected
        broken = corpus / "2021" / "broken.txt"
        errors = two.stderr.decode("utf-8").splitlines()
        assert len(errors) == 2
        assert errors[0].startswith(f"gov-disclosure: {broken}: ")
        assert "Traceback" not in errors[0]
        assert errors[1] == "4 files read, 1 unreadable, 0 with errors, 2 with warnings"

    def test_a_directory_of_good_files_exits_zero(self, corpus: Path) -> None:
        """Without the unreadable file the same batch exits 0 and still prints the summary."""
        (corpus / "2021" / "broken.txt").unlink()
        code, out, err = _run("cells", str(corpus), "--jobs", "2")
        assert code == 0
        assert err == "4 files read, 0 unreadable, 0 with errors, 2 with warnings\n"
        assert out.count("\n") == 1 + 4 * 200


class TestDeterministicOrder:
    """Output is byte-identical whatever --jobs is."""

    @pytest.mark.parametrize("command", ["text", "json", "cells"])
    def test_jobs_one_and_two_agree(self, corpus: Path, command: str) -> None:
        """--jobs 1 and --jobs 2 give the same stdout, stderr and exit status."""
        assert _run(command, str(corpus), "--jobs", "1") == _run(command, str(corpus), "--jobs", "2")

    def test_text_follows_input_order(self, corpus: Path) -> None:
        """Paths given in a different order print in that order."""
        first, second = _readable(corpus)[2], _readable(corpus)[0]
        code, out, _ = _run("text", str(first), str(second), "--jobs", "2")
        from gov_disclosure.canonical import to_text

        assert code == 0
        assert out == to_text(read_file(first).report) + to_text(read_file(second).report)


class TestJson:
    """`json` prints one document for one file and JSON Lines for several."""

    def test_one_file_is_one_indented_document(self, corpus: Path) -> None:
        """A directory holding one report prints an indented document."""
        code, out, err = _run("json", str(corpus / "2021" / "towns"))
        assert (code, err) == (0, "")
        assert out.startswith("{\n  ")
        assert json.loads(out)["metadata"]["edition"] == "gb2021"

    def test_several_files_are_json_lines(self, corpus: Path) -> None:
        """Several files print one compact object per line, in input order."""
        code, out, _ = _run("json", str(corpus), "--jobs", "2")
        lines = out.splitlines()
        assert code == 1
        assert len(lines) == 4
        documents = [json.loads(line) for line in lines]
        assert [d["metadata"]["agency"] for d in documents] == [
            read_file(path).report.agency for path in _readable(corpus)
        ]
        assert all(": " not in line[:40] and "\n" not in line for line in lines)


class TestInputs:
    """Files, directories and stdin mix; an empty selection is an error."""

    def test_stdin_between_files(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """`-` is read in its place among files read by workers."""
        data = _DAMAGED.read_bytes()
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
        code, out, err = _run("cells", str(_GOOD), "-", str(_HTML), "--jobs", "2")
        sources = [row[0] for row in csv.reader(io.StringIO(out))][1:]
        assert code == 0
        assert sources == [str(_GOOD)] * 200 + ["-"] * 200 + [str(_HTML)] * 200
        assert err == "3 files read, 0 unreadable, 0 with errors, 2 with warnings\n"

    def test_no_summary_for_one_file(self) -> None:
        """One file prints no summary line."""
        assert _run("text", str(_DAMAGED))[2] == ""

    def test_empty_directory(self, tmp_path: Path) -> None:
        """A directory without reports is exit 1 with a message naming the extensions looked for."""
        code, out, err = _run("text", str(tmp_path))
        assert (code, out) == (1, "")
        assert err.startswith("gov-disclosure: no report files found")
        assert ".html" in err

    @pytest.mark.parametrize("jobs", ["0", "-3", "many"])
    def test_bad_jobs_is_a_usage_error(self, jobs: str, capsys: pytest.CaptureFixture[str]) -> None:
        """--jobs must be a whole number of at least 1 (exit 2)."""
        assert main(["text", str(_GOOD), "--jobs", jobs]) == 2
        assert "--jobs" in capsys.readouterr().err


class TestRobustness:
    """A bug on one file is one line on stderr; the batch goes on."""

    def test_internal_error_is_one_line(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """An unexpected exception while reading a file names it as an internal error, no traceback."""
        from gov_disclosure.batch import parse_task as real

        def flaky(path: str) -> object:
            if path.endswith(".html"):
                raise RuntimeError("boom")
            return real(path)

        monkeypatch.setattr(cli, "parse_task", flaky)
        code, out, err = _run("text", str(_HTML), str(_GOOD), "--jobs", "1")
        first, summary = err.splitlines()
        assert code == 1
        assert first == f"gov-disclosure: {_HTML}: internal error (please report it): RuntimeError: boom"
        assert summary.startswith("1 file read, 1 unreadable")
        assert out.startswith("# ")


class TestProgress:
    """The progress bar shows only on a terminal unless forced."""

    def test_forced_bar_writes_to_stderr(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--progress draws a tqdm bar on sys.stderr."""
        pytest.importorskip("tqdm", reason="the progress bar needs tqdm")
        assert main(["text", str(_GOOD), str(_DAMAGED), "--jobs", "1", "--progress"]) == 0
        assert "0/2 [" in capsys.readouterr().err

    @pytest.mark.parametrize("flag", ["--no-progress", None])
    def test_no_bar_off_a_terminal(self, flag: str | None, capsys: pytest.CaptureFixture[str]) -> None:
        """--no-progress, or stderr that is not a terminal, draws nothing but the summary."""
        argv = ["text", str(_GOOD), str(_DAMAGED), "--jobs", "1"] + ([flag] if flag else [])
        assert main(argv) == 0
        assert capsys.readouterr().err == "2 files read, 0 unreadable, 0 with errors, 1 with warnings\n"


class TestCheck:
    """`check` over directories; `--format csv` agrees with the text format."""

    def test_csv_matches_text(self, corpus: Path) -> None:
        """The CSV lists the same findings as the text lines, with the same summary and exit status."""
        text_code, text_out, text_err = _run("check", str(corpus))
        csv_code, csv_out, csv_err = _run("check", "--format", "csv", str(corpus), "--jobs", "2")
        assert text_code == csv_code == 2
        assert text_err == csv_err
        rows = list(csv.DictReader(io.StringIO(csv_out)))
        assert rows
        from_csv = [
            f"{r['source']}:{r['line']}:{r['col']}: {r['severity']} {r['code']} {r['message']}"
            if r["line"]
            else f"{r['source']}: {r['severity']} {r['code']} {r['message']}"
            for r in rows
        ]
        assert from_csv == text_out.splitlines()

    def test_csv_exit_zero_without_errors(self) -> None:
        """A clean report exits 0 in every format."""
        for output_format in ("text", "json", "csv"):
            assert _run("check", "--format", output_format, str(_GOOD))[0] == 0

    def test_csv_severities(self, corpus: Path) -> None:
        """Every CSV row has a known severity."""
        _, out, _ = _run("check", "--format", "csv", str(corpus))
        assert {row["severity"] for row in csv.DictReader(io.StringIO(out))} <= {s.value for s in Severity}


class TestSchema:
    """`schema` prints the JSON Schema."""

    def test_schema(self) -> None:
        """The output parses to json_schema()."""
        code, out, err = _run("schema")
        assert (code, err) == (0, "")
        assert json.loads(out) == json_schema()
