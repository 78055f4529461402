"""The command line: subcommands, several inputs, stdin, and errors without tracebacks."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gov_disclosure.cli import main

_ROOT = Path(__file__).resolve().parent.parent
_EXAMPLE = _ROOT / "examples" / "report-2021.md"


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


class TestSubcommands:
    """Each subcommand composes the library calls."""

    def test_text_is_canonical(self) -> None:
        """`text` of canonical text prints it unchanged."""
        code, out, err = _run("text", str(_EXAMPLE))
        assert (code, err) == (0, "")
        assert out == _EXAMPLE.read_text(encoding="utf-8")

    def test_json_has_metadata(self) -> None:
        """`json` prints the model with agency, year and edition."""
        code, out, _ = _run("json", str(_EXAMPLE))
        assert code == 0
        metadata = json.loads(out)["metadata"]
        assert (metadata["agency"], metadata["year"], metadata["edition"]) == ("青山县人民政府", 2021, "gb2021")

    def test_cells_one_header_for_many_files(self) -> None:
        """`cells` writes one header and the rows of every file."""
        code, out, _ = _run("cells", str(_EXAMPLE), str(_EXAMPLE))
        rows = list(csv.reader(io.StringIO(out)))
        assert code == 0
        assert rows[0] == ["source", "section", "row", "column", "value", "unit"]
        assert len(rows) == 1 + 2 * 200

    def test_cells_locations(self) -> None:
        """`cells --locations` adds line and col."""
        _, out, _ = _run("cells", "--locations", str(_EXAMPLE))
        assert next(csv.reader(io.StringIO(out)))[-2:] == ["line", "col"]


class TestErrors:
    """Unreadable inputs are reported in one line; the others are still processed."""

    def test_missing_file(self, tmp_path: Path) -> None:
        """A missing file gives exit 1, one stderr line naming it and the summary; the next file is printed."""
        missing = tmp_path / "missing.txt"
        code, out, err = _run("json", str(missing), str(_EXAMPLE))
        assert code == 1
        first, summary = err.splitlines()
        assert first.startswith(f"gov-disclosure: {missing}: ")
        assert summary == "1 file read, 1 unreadable, 0 with errors, 0 with warnings"
        assert json.loads(out)["metadata"]["year"] == 2021

    def test_binary_file(self, tmp_path: Path) -> None:
        """A PDF is refused with a message saying so."""
        pdf = tmp_path / "report.pdf"
        pdf.write_bytes(b"%PDF-1.7\n\x00\x01binary")
        code, _, err = _run("text", str(pdf))
        assert code == 1
        assert "PDF" in err
        assert "Traceback" not in err

    def test_usage_error(self) -> None:
        """An unknown subcommand is a usage error (exit 2)."""
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(sys, "stderr", io.StringIO())
            assert main(["frobnicate"]) == 2


class TestProcess:
    """`python -m gov_disclosure` runs as a program."""

    def test_module_reads_stdin(self) -> None:
        """`-` reads the report from standard input as bytes (GB18030 here)."""
        data = "2019年金林区政府信息公开工作年度报告\n一、总体情况\n公开。\n".encode("gb18030")
        env = {**os.environ, "PYTHONPATH": str(_ROOT / "src")}
        result = subprocess.run(
            [sys.executable, "-m", "gov_disclosure", "json", "-"], input=data, capture_output=True, check=False, env=env
        )
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout.decode("utf-8"))["metadata"]["agency"] == "金林区政府"

    def test_start_is_cheap(self) -> None:
        """Importing the package (as the CLI does) loads neither lxml nor pandas; the HTML reader loads on use."""
        code = (
            "import sys, gov_disclosure as g; a = {'lxml', 'pandas'} & set(sys.modules); "
            "g.parse_html; print(sorted(a), 'lxml' in sys.modules, g.parse_html is g.read_html)"
        )
        env = {**os.environ, "PYTHONPATH": str(_ROOT / "src")}
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True, env=env, text=True)
        assert result.stdout.split() == ["[]", "True", "True"]
