from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from gov_disclosure.batch import parse_task, run_batch
from gov_disclosure.canonical import to_text
from gov_disclosure.exports import to_frame
from gov_disclosure.model import AnnualReport, Count, Metadata, Section, Table
from gov_disclosure.template import SECTIONS, Edition, TableKey

pytest.importorskip("dask.bag", reason="the Dask example needs dask[bag] (gov-disclosure[dask])")
pd = pytest.importorskip("pandas", reason="the Dask example needs pandas (gov-disclosure[dask])")
pytest.importorskip("pyarrow", reason="the Dask example needs pyarrow (gov-disclosure[dask])")

_EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "dask_corpus.py"


def _load_example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dask_corpus", _EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["dask_corpus"] = module  # so Dask can pickle its functions by name
    spec.loader.exec_module(module)
    return module


def _report(edition: Edition, year: int, granted: int) -> AnnualReport:
    sections = []
    for spec in SECTIONS:
        table = Table.blank(spec.table, edition) if spec.table is not None else None
        if spec.table is TableKey.REQUESTS and table is not None:
            table = table.replace("requests.granted.natural_person", Count(granted))
        sections.append(Section(spec.title, spec.kind, (), table))
    return AnnualReport(Metadata(edition, agency="某市人民政府", year=year), tuple(sections))


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A small directory of canonical reports, one nested, plus one unreadable file."""
    root = tmp_path / "reports"
    (root / "2021").mkdir(parents=True)
    (root / "a.txt").write_text(to_text(_report(Edition.GB2019, 2020, 4)), encoding="utf-8")
    (root / "2021" / "b.txt").write_text(to_text(_report(Edition.GB2021, 2021, 7)), encoding="utf-8")
    (root / "c.txt").write_text(to_text(_report(Edition.GB2021, 2022, 9)), encoding="utf-8")
    (root / "broken.txt").write_bytes(b"%PDF-1.7 not text")
    return root


class TestDaskCorpus:
    """examples/dask_corpus.py writes the same cells as the library, as a Parquet dataset."""

    @pytest.mark.parametrize("scheduler", ["sync", "threads"])
    def test_dataset_equals_the_library_frame(self, corpus: Path, tmp_path: Path, scheduler: str) -> None:
        """Reading the dataset back gives exactly to_frame of a run_batch over the same files."""
        example = _load_example()
        out = tmp_path / "cells"
        outcomes = example.build([str(corpus)], str(out), partitions=2, scheduler=scheduler)
        assert sum(o.files_read for o in outcomes) == 3
        assert [path for o in outcomes for path, _ in o.failures] == [str(corpus / "broken.txt")]
        back = pd.read_parquet(out).sort_values(["source", "section", "row", "column"], ignore_index=True)
        files = sorted(str(p) for p in corpus.rglob("*.txt"))
        expected = to_frame(run_batch(files, parse_task, jobs=1, progress=False))
        expected = expected.sort_values(["source", "section", "row", "column"], ignore_index=True)
        pd.testing.assert_frame_equal(back, expected)
        assert back.loc[back["row"].eq("granted") & back["column"].eq("natural_person"), "number"].sum() == 20

    def test_main_reports_unreadable_files(
        self, corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The script exits 1 and names the unreadable file when one could not be read."""
        example = _load_example()
        code = example.main([str(corpus), str(tmp_path / "out"), "--scheduler", "sync"])
        err = capsys.readouterr().err
        assert code == 1
        assert "broken.txt" in err
        assert "3 files read, 1 unreadable" in err

    def test_chunks_keep_order_and_cover_every_file(self) -> None:
        """Chunks are contiguous, near-equal, never empty, and cover the list in order."""
        example = _load_example()
        paths = [f"{i}.txt" for i in range(7)]
        chunks = example._chunks(paths, 3)
        assert [index for index, _ in chunks] == [0, 1, 2]
        assert [len(chunk) for _, chunk in chunks] == [3, 2, 2]
        assert [p for _, chunk in chunks for p in chunk] == paths
        assert len(example._chunks(paths[:2], 5)) == 2
