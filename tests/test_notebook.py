from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from gov_disclosure.canonical import to_text
from gov_disclosure.model import AnnualReport, Count, Metadata, NotApplicable, Section, Table
from gov_disclosure.template import SECTIONS, Edition, TableKey

nbformat = pytest.importorskip("nbformat", reason="executing the notebook needs nbformat (gov-disclosure[notebook])")
nbclient = pytest.importorskip("nbclient", reason="executing the notebook needs nbclient (gov-disclosure[notebook])")
pytest.importorskip("ipykernel", reason="executing the notebook needs ipykernel (gov-disclosure[notebook])")
pytest.importorskip("matplotlib", reason="the notebook's chart needs matplotlib (gov-disclosure[notebook])")
pytest.importorskip("pandas", reason="the notebook's data frame needs pandas (gov-disclosure[notebook])")

_ROOT = Path(__file__).resolve().parents[1]
_NOTEBOOK = _ROOT / "examples" / "explore.ipynb"
_REPORT_SUFFIXES = (".txt", ".md", ".html", ".htm")


def _example_reports() -> list[Path]:
    folder = _NOTEBOOK.parent
    return sorted(
        p for p in folder.rglob("*") if p.suffix.lower() in _REPORT_SUFFIXES and not p.name.upper().startswith("README")
    )


def _execute(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Run the notebook headless in ``workdir`` and return the executed notebook."""
    source = str(_ROOT / "src")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [source, os.environ.get("PYTHONPATH")])))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    notebook = nbformat.read(_NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(workdir)}}
    )
    client.execute()
    return notebook


def _outputs(notebook: Any) -> list[dict[str, Any]]:
    return [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.get("outputs", [])]


def _report(edition: Edition, year: int, granted: int) -> AnnualReport:
    sections = []
    for spec in SECTIONS:
        table = Table.blank(spec.table, edition) if spec.table is not None else None
        if spec.table is TableKey.REQUESTS and table is not None:
            table = (
                table.replace("requests.granted.natural_person", Count(granted))
                .replace("requests.granted.total", Count(granted))
                .replace("requests.not_processed_duplicate.total", NotApplicable("/"))
            )
        sections.append(Section(spec.title, spec.kind, (), table))
    return AnnualReport(Metadata(edition, agency="某县人民政府", year=year), tuple(sections))


def _check_outputs(notebook: Any) -> None:
    outputs = _outputs(notebook)
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert any("image/png" in o.get("data", {}) for o in outputs), "the chart was not drawn"
    text = "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
    assert "files read" in text
    if hasattr(AnnualReport, "_repr_html_"):
        assert any("text/html" in o.get("data", {}) for o in outputs), "the report was not shown as HTML"


class TestExploreNotebook:
    """examples/explore.ipynb runs headless from top to bottom."""

    def test_runs_on_generated_reports(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """On a folder of canonical reports the notebook reads, tabulates, charts and lists findings."""
        (tmp_path / "a.txt").write_text(to_text(_report(Edition.GB2021, 2022, 5)), encoding="utf-8")
        (tmp_path / "b.txt").write_text(to_text(_report(Edition.GB2019, 2020, 2)), encoding="utf-8")
        notebook = _execute(tmp_path, monkeypatch)
        _check_outputs(notebook)
        streams = "".join(o.get("text", "") for o in _outputs(notebook) if o.get("output_type") == "stream")
        assert "2 files read, 0 unreadable" in streams

    @pytest.mark.skipif(not _example_reports(), reason="examples/ holds no example reports yet")
    def test_runs_on_the_example_reports(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """On the shipped example reports (copied, so the run leaves examples/ untouched)."""
        for path in _example_reports():
            target = tmp_path / path.relative_to(_NOTEBOOK.parent)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
        _check_outputs(_execute(tmp_path, monkeypatch))
