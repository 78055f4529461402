from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from gov_disclosure.canonical import to_text
from gov_disclosure.checking import check_command
from test_validate import build_report


def _write(tmp_path: Path, name: str, data: dict[str, Any]) -> str:
    """Write a built report as canonical text and return its path."""
    path = tmp_path / name
    path.write_text(to_text(build_report(data)), encoding="utf-8")
    return str(path)


def _run(paths: list[str], output_format: str = "text") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = check_command(paths, output_format=output_format, stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


_BAD_REVIEWS = {"rows": {"reviews.reconsideration": ["10", "1", "0", "0", "0"]}}
_BAD_NARRATIVE = {"paragraphs": ["全年共受理政府信息公开申请 9 件。"]}


class TestTextOutput:
    """The linter-style text output and the exit status."""

    def test_clean_report(self, tmp_path: Path) -> None:
        """A consistent report prints nothing, a zero summary, and exits 0."""
        path = _write(tmp_path, "clean.txt", {})
        assert _run([path]) == (0, "", "1 files, 0 errors, 0 warnings\n")

    def test_error_line(self, tmp_path: Path) -> None:
        """An arithmetic error prints path:line:col, severity, code and message, and exits 1."""
        path = _write(tmp_path, "bad.txt", _BAD_REVIEWS)
        status, out, err = _run([path])
        assert status == 1
        (line,) = out.splitlines()
        assert line.startswith(f"{path}:")
        location, rest = line.split(": error ", 1)
        assert location.count(":") == 2
        assert rest.startswith("reviews-row-total reviews.reconsideration: 总计 (0) ≠ ")
        assert err == "1 files, 1 errors, 0 warnings\n"

    def test_warnings_do_not_fail(self, tmp_path: Path) -> None:
        """A narrative warning is printed but the exit status stays 0."""
        path = _write(tmp_path, "narrative.txt", _BAD_NARRATIVE)
        status, out, err = _run([path])
        assert status == 0
        assert " warning narrative-mismatch " in out
        assert err.endswith("1 files, 0 errors, 1 warnings\n")

    def test_unknown_position(self, tmp_path: Path) -> None:
        """A finding without a located cell is printed as ``path: severity code message``."""
        path = _write(tmp_path, "missing.txt", {"drop_sections": ["problems"]})
        status, out, _ = _run([path])
        assert status == 0
        assert out.startswith(f"{path}: warning section-missing section 五、存在的主要问题及改进情况")

    def test_info_is_printed(self, tmp_path: Path) -> None:
        """A check that could not be assessed is shown as info, not silently passed."""
        path = _write(tmp_path, "blank.txt", {"rows": {"reviews.reconsideration": ["", "", "", "", ""]}})
        status, out, err = _run([path])
        assert status == 0
        assert " info not-assessable reviews-row-total" in out
        assert err == "1 files, 0 errors, 0 warnings\n"


class TestUnreadable:
    """Inputs that cannot be read."""

    def test_missing_file_continues(self, tmp_path: Path) -> None:
        """A missing file gives one stderr line and exit 2; the other files are still checked."""
        good = _write(tmp_path, "bad.txt", _BAD_REVIEWS)
        missing = str(tmp_path / "nope.txt")
        status, out, err = _run([missing, good])
        assert status == 2
        assert "reviews-row-total" in out
        lines = err.splitlines()
        assert lines[0].startswith(f"{missing}: error unreadable-input ")
        assert lines[-1] == "2 files, 2 errors, 0 warnings"

    def test_binary_file(self, tmp_path: Path) -> None:
        """A PDF is reported as unreadable, not parsed."""
        path = tmp_path / "report.pdf"
        path.write_bytes(b"%PDF-1.7\n\x00\x01\x02binary")
        status, out, err = _run([str(path)])
        assert (status, out) == (2, "")
        assert len(err.splitlines()) == 2

    def test_unknown_format(self, tmp_path: Path) -> None:
        """An unknown output format is refused with status 2."""
        status, _, err = _run([_write(tmp_path, "a.txt", {})], output_format="xml")
        assert status == 2
        assert "unknown output format" in err

    def test_stdin(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """``-`` reads the report from standard input."""
        text = Path(_write(tmp_path, "bad.txt", _BAD_REVIEWS)).read_bytes()
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text), encoding="utf-8"))
        status, out, _ = _run(["-"])
        assert status == 1
        assert out.startswith("-:")


class TestJsonOutput:
    """The JSON document."""

    def test_document(self, tmp_path: Path) -> None:
        """One object per file with findings, diagnostics and plain JSON values."""
        bad = _write(tmp_path, "bad.txt", _BAD_REVIEWS)
        missing = str(tmp_path / "nope.txt")
        status, out, _ = _run([bad, missing], output_format="json")
        assert status == 2
        document = json.loads(out)
        first, second = document["files"]
        assert (first["path"], first["readable"], first["edition"], first["year"]) == (bad, True, "gb2021", 2023)
        (finding,) = first["findings"]
        assert finding["code"] == "reviews-row-total"
        assert finding["severity"] == "error"
        assert isinstance(finding["line"], int)
        assert finding["cells"][0] == {
            "key": "reviews.reconsideration.total",
            "kind": "count",
            "value": 0,
            "note": "",
            "line": finding["line"],
            "column": finding["column"],
            "element": None,
        }
        assert second["readable"] is False
        assert second["error"]
        assert document["summary"] == {"files": 2, "errors": 2, "warnings": 0, "infos": 0}
        assert json.loads(json.dumps(document)) == document

    def test_blank_cells(self, tmp_path: Path) -> None:
        """Blank cells appear as kind blank with a null value."""
        path = _write(tmp_path, "blank.txt", {"rows": {"reviews.reconsideration": ["", "", "", "", ""]}})
        _, out, _ = _run([path], output_format="json")
        (finding,) = json.loads(out)["files"][0]["findings"]
        assert finding["severity"] == "info"
        assert {cell["kind"] for cell in finding["cells"]} == {"blank"}
        assert {cell["value"] for cell in finding["cells"]} == {None}


class TestHtml:
    """HTML input is checked the same way."""

    def test_element_path(self, tmp_path: Path) -> None:
        """An HTML report's finding carries the element path of its cell in JSON."""
        from gov_disclosure.html_writer import to_html

        path = tmp_path / "bad.html"
        path.write_text(to_html(build_report(_BAD_REVIEWS)), encoding="utf-8")
        status, out, _ = _run([str(path)], output_format="json")
        assert status == 1
        (finding,) = json.loads(out)["files"][0]["findings"]
        assert finding["code"] == "reviews-row-total"
        assert finding["element"].startswith("/html/")


class TestSeries:
    """Several files are also checked across years."""

    def test_carry_over(self, tmp_path: Path) -> None:
        """A carry-over mismatch is reported on the later report and names the earlier one."""
        earlier = _write(
            tmp_path,
            "2022.txt",
            {
                "year": 2022,
                "rows": {
                    "requests.new_received": ["3", "0", "0", "0", "0", "0", "3"],
                    "requests.carried_forward": ["3", "0", "0", "0", "0", "0", "3"],
                },
            },
        )
        later = _write(tmp_path, "2023.txt", {"year": 2023})
        status, out, err = _run([later, earlier])
        assert status == 0
        (line,) = out.splitlines()
        assert line.startswith(f"{later}:")
        assert " warning carry-over-mismatch " in line
        assert line.endswith(f"(previous report: {earlier})")
        assert err == "2 files, 0 errors, 1 warnings\n"
        _, out, _ = _run([later, earlier], output_format="json")
        finding = json.loads(out)["files"][0]["findings"][0]
        assert finding["previous"]["path"] == earlier
        assert finding["previous"]["cells"][0]["value"] == 3


class TestCli:
    """The CLI's check subcommand calls this command."""

    @pytest.mark.parametrize("output_format", ["text", "json"])
    def test_main(self, tmp_path: Path, output_format: str) -> None:
        """``check`` through the CLI prints what the command prints and returns its status."""
        from gov_disclosure.cli import main

        path = _write(tmp_path, "bad.txt", _BAD_REVIEWS)
        out, err = io.StringIO(), io.StringIO()
        assert main(["check", "--format", output_format, path], stdout=out, stderr=err) == 1
        assert (out.getvalue(), err.getvalue()) == _run([path], output_format)[1:]
