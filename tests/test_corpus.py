"""Every report of the shared corpus reads without exception, with the expected metadata."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from gov_disclosure import read_file

_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
_EXPECTED = sorted(_CORPUS.glob("*.expected.json")) if _CORPUS.is_dir() else []
_INPUTS = (
    sorted(p for p in _CORPUS.iterdir() if p.suffix in {".txt", ".md", ".html"} and p.stem != "README")
    if _CORPUS.is_dir()
    else []
)
_SKIP = pytest.mark.skipif(not _CORPUS.is_dir(), reason=f"the shared corpus is not present at {_CORPUS}")


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@_SKIP
class TestCorpus:
    """Real reports: no crash, metadata as expected."""

    @pytest.mark.parametrize("path", _INPUTS, ids=[p.name for p in _INPUTS])
    def test_reads_without_exception(self, path: Path) -> None:
        """The report reads and its tables (if any) match its edition."""
        report = read_file(path).report
        assert all(table.edition is report.edition for table in report.tables)

    @pytest.mark.parametrize("path", _EXPECTED, ids=[p.name for p in _EXPECTED])
    def test_metadata(self, path: Path) -> None:
        """Agency (any accepted spelling), year and edition equal the expected values."""
        expected = _load(path)
        report = read_file(_CORPUS / expected["file"]).report
        assert report.agency in expected["agency"]
        assert report.year == expected["year"]
        assert report.edition.value == expected["edition"]
