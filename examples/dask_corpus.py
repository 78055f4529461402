"""A corpus of reports → every template cell → one Parquet dataset, with Dask.

Each partition of a Dask bag is a chunk of file paths; a partition reads its files
(unreadable ones are counted, never fatal), turns them into the tidy cell records of
``gov_disclosure.exports`` and writes ``part-NNNNN.parquet``. The output directory is
a Parquet dataset: ``pandas.read_parquet(OUT)`` reads it whole.

Run on this machine (Dask's local scheduler)::

    python examples/dask_corpus.py REPORTS_DIR OUT_DIR --partitions 8 --scheduler processes

``--scheduler threads`` (the default) and ``sync`` need no worker processes; parsing is
pure Python, so ``processes`` is the one that uses every core. On a cluster, create a
``dask.distributed.Client`` first and the same bag runs there (see docs/recipes.md).

Needs ``pip install 'gov-disclosure[dask]'`` (dask[bag], pandas, pyarrow).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import dask.bag as db
from attrs import frozen

from gov_disclosure.batch import discover, iter_batch, parse_task
from gov_disclosure.exports import to_frame, to_parquet


@frozen
class PartOutcome:
    """What one partition did: its Parquet file, files read and failed, rows written."""

    part: str
    files_read: int
    files_failed: int
    rows: int
    failures: tuple[tuple[str, str], ...] = ()


def write_part(task: tuple[int, tuple[str, ...]], out_dir: str) -> PartOutcome:
    """Read one chunk of paths and write its cells as ``part-NNNNN.parquet`` in ``out_dir``."""
    index, paths = task
    items = list(iter_batch(paths, parse_task, jobs=1, progress=False))
    part = str(Path(out_dir) / f"part-{index:05d}.parquet")
    frame = to_frame(items)
    to_parquet(frame, part)
    failures = tuple((item.path, item.error or "") for item in items if not item.ok)
    return PartOutcome(part, len(items) - len(failures), len(failures), len(frame), failures)


def _chunks(paths: Sequence[str], partitions: int) -> list[tuple[int, tuple[str, ...]]]:
    """Split paths into at most ``partitions`` contiguous chunks of near-equal size (order kept)."""
    count = max(1, min(partitions, len(paths)))
    size, extra = divmod(len(paths), count)
    chunks, start = [], 0
    for index in range(count):
        end = start + size + (1 if index < extra else 0)
        chunks.append((index, tuple(paths[start:end])))
        start = end
    return chunks


def bag_of_parts(files: Sequence[str], out_dir: str, partitions: int) -> db.Bag:
    """The lazy Dask bag: one element per chunk of files, each mapped to :func:`write_part`.

    Compute it with any scheduler, or on a cluster once a ``dask.distributed.Client``
    exists (the client becomes the default scheduler).
    """
    chunks = _chunks(files, partitions)
    bag: db.Bag = db.from_sequence(chunks, npartitions=len(chunks))  # type: ignore[no-untyped-call]
    parts: db.Bag = bag.map(write_part, out_dir=out_dir)  # type: ignore[no-untyped-call]
    return parts


def build(
    paths: Sequence[str], out_dir: str, *, partitions: int = 4, scheduler: str | None = "threads"
) -> list[PartOutcome]:
    """Discover report files under ``paths`` and write their cells to a Parquet dataset in ``out_dir``.

    ``scheduler`` is a local Dask scheduler (``threads``, ``processes``, ``sync``), or
    ``None`` for the default one (a distributed ``Client``'s cluster when one exists).
    """
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    files = [path for path in discover(paths) if path != "-"]
    if not files:
        return []
    bag = bag_of_parts(files, out_dir, partitions)
    outcomes: list[PartOutcome] = bag.compute(scheduler=scheduler)  # type: ignore[no-untyped-call]
    return outcomes


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``dask_corpus.py PATH... OUT_DIR [--partitions N] [--scheduler NAME]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", help="report files or directories")
    parser.add_argument("out_dir", help="directory for the Parquet dataset")
    parser.add_argument("--partitions", type=int, default=4)
    parser.add_argument("--scheduler", default="threads", choices=("threads", "processes", "sync"))
    args = parser.parse_args(argv)
    outcomes = build(args.paths, args.out_dir, partitions=args.partitions, scheduler=args.scheduler)
    for outcome in outcomes:
        for path, error in outcome.failures:
            print(f"{path}: {error.splitlines()[0] if error else 'unreadable'}", file=sys.stderr)
    read = sum(o.files_read for o in outcomes)
    failed = sum(o.files_failed for o in outcomes)
    rows = sum(o.rows for o in outcomes)
    print(f"{read} files read, {failed} unreadable, {rows} cells → {args.out_dir}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
