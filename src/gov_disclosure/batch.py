"""Work on a whole corpus: find the files, run one picklable task per file, keep order.

The pieces compose: :func:`discover` turns command-line paths into a file list,
:func:`iter_batch` runs a task on each file in worker processes and yields one
:class:`BatchItem` per file *in input order* (so output never depends on ``jobs``), and
:func:`run_batch` collects them into a :class:`BatchResult` with the counts a summary
line needs. One unreadable file is recorded as a failure and never stops the batch.

Tasks run in other processes, so a task must be a top-level function (picklable by
name) whose result pickles; :func:`parse_task`, :func:`validate_task` and
:func:`cells_task` are ready-made ones.

>>> result = run_batch(["missing.txt"], parse_task, jobs=1, progress=False)
>>> result.summary_line()
'0 files read, 1 unreadable, 0 with errors, 0 with warnings'
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar, cast

from attrs import frozen

from gov_disclosure.diagnostics import Diagnostic, ParseResult, Severity
from gov_disclosure.errors import GovDisclosureError

if TYPE_CHECKING:
    from gov_disclosure.cells import CellRecord
    from gov_disclosure.validate import Finding

__all__ = [
    "DEFAULT_EXTENSIONS",
    "STDIN",
    "BatchItem",
    "BatchResult",
    "CellsOutcome",
    "ValidateOutcome",
    "cells_task",
    "discover",
    "iter_batch",
    "parse_task",
    "run_batch",
    "validate_task",
]

T = TypeVar("T")

#: File name endings :func:`discover` picks up inside directories.
DEFAULT_EXTENSIONS = (".txt", ".md", ".html", ".htm")

#: The path that means standard input; it is always read in the calling process.
STDIN = "-"

#: Exceptions that mean "this file is bad", recorded per file instead of stopping the batch.
_FILE_ERRORS: tuple[type[BaseException], ...] = (GovDisclosureError, OSError)

#: Futures kept in flight per worker: enough to keep workers busy, bounded for memory.
_WINDOW_PER_JOB = 4


# --------------------------------------------------------------------------------------
# Discovery
# --------------------------------------------------------------------------------------


def discover(paths: Sequence[str], *, extensions: Sequence[str] = DEFAULT_EXTENSIONS) -> list[str]:
    """The files to read: files as given, directories searched recursively, ``-`` kept for stdin.

    Files named explicitly are kept whatever their extension (the user asked for them);
    inside a directory only names ending in ``extensions`` (case-insensitive) are taken,
    sorted by path so the order never depends on the file system. A path that does not
    exist is kept, so the batch records it as unreadable rather than dropping it silently.

    Args:
        paths: command-line paths, in the order given.
        extensions: name endings to pick up inside directories.

    >>> discover(["-"])
    ['-']
    """
    wanted = tuple(ext.lower() for ext in extensions)
    found: list[str] = []
    for path in paths:
        if path != STDIN and Path(path).is_dir():
            found.extend(_walk(Path(path), wanted))
        else:
            found.append(path)
    return found


def _walk(root: Path, extensions: tuple[str, ...]) -> list[str]:
    """Files under ``root`` with a wanted ending, sorted by their path parts; hidden names skipped."""
    files = [
        path
        for path in root.rglob("*")
        if path.name.lower().endswith(extensions)
        and not any(part.startswith(".") for part in path.relative_to(root).parts)
        and path.is_file()
    ]
    return [str(path) for path in sorted(files, key=lambda p: p.relative_to(root).parts)]


# --------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------


@frozen
class BatchItem(Generic[T]):
    """What happened to one file: its task's ``result``, or the ``error`` that made it unreadable.

    ``errors``/``warnings`` count the error- and warning-severity diagnostics (and
    findings) the result carries, so the summary needs no knowledge of the task.
    """

    path: str
    result: T | None = None
    error: str | None = None
    error_type: str | None = None
    errors: int = 0
    warnings: int = 0

    @property
    def ok(self) -> bool:
        """Whether the file was read (its task returned a result)."""
        return self.error is None


@frozen
class BatchResult(Generic[T]):
    """Every file's :class:`BatchItem`, in input order, and the counts of a summary line."""

    items: tuple[BatchItem[T], ...] = ()

    def __iter__(self) -> Iterator[BatchItem[T]]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @property
    def results(self) -> list[tuple[str, T]]:
        """``(path, result)`` for every file that was read, in input order."""
        return [(item.path, cast("T", item.result)) for item in self.items if item.ok]

    @property
    def failures(self) -> list[BatchItem[T]]:
        """The items of files that could not be read."""
        return [item for item in self.items if not item.ok]

    @property
    def files_read(self) -> int:
        """Files whose task returned a result."""
        return sum(1 for item in self.items if item.ok)

    @property
    def files_failed(self) -> int:
        """Files that could not be read (missing, binary, undecodable, not a report)."""
        return sum(1 for item in self.items if not item.ok)

    @property
    def files_with_errors(self) -> int:
        """Files read with at least one error-severity diagnostic or finding."""
        return sum(1 for item in self.items if item.errors)

    @property
    def files_with_warnings(self) -> int:
        """Files read with at least one warning-severity diagnostic or finding."""
        return sum(1 for item in self.items if item.warnings)

    def summary_line(self) -> str:
        """One line for stderr, e.g. ``12 files read, 1 unreadable, 2 with errors, 3 with warnings``."""
        read = self.files_read
        noun = "file" if read == 1 else "files"
        return (
            f"{read} {noun} read, {self.files_failed} unreadable, "
            f"{self.files_with_errors} with errors, {self.files_with_warnings} with warnings"
        )


class _HasSeverity(Protocol):
    @property
    def severity(self) -> Severity: ...


def _severities(result: object) -> Iterator[Severity]:
    """Severities a result carries: its ``diagnostics`` and ``findings``, if it has them."""
    for name in ("diagnostics", "findings"):
        entries: Iterable[_HasSeverity] = getattr(result, name, ())
        for entry in entries:
            yield entry.severity


def _item(path: str, result: T) -> BatchItem[T]:
    severities = list(_severities(result))
    return BatchItem(
        path=path,
        result=result,
        errors=severities.count(Severity.ERROR),
        warnings=severities.count(Severity.WARNING),
    )


def _call(task: Callable[[str], T], path: str, catch: tuple[type[BaseException], ...]) -> BatchItem[T]:
    """Run the task on one path, turning a bad file into a failed item (runs in the worker)."""
    try:
        result = task(path)
    except catch as exc:
        return BatchItem(path=path, error=str(exc) or type(exc).__name__, error_type=type(exc).__name__)
    return _item(path, result)


# --------------------------------------------------------------------------------------
# Running
# --------------------------------------------------------------------------------------


def iter_batch(
    paths: Sequence[str],
    task: Callable[[str], T],
    *,
    jobs: int | None = None,
    progress: bool | None = None,
    catch: tuple[type[BaseException], ...] = _FILE_ERRORS,
) -> Iterator[BatchItem[T]]:
    """Run ``task`` on each path and yield one item per path, in input order, as results arrive.

    Use this to stream output for a large corpus; :func:`run_batch` collects it.

    Args:
        paths: files to read (see :func:`discover`); ``-`` is run in this process.
        task: a top-level function of one path; it and its result must pickle.
        jobs: worker processes (default ``os.cpu_count()``); ``1`` runs in this process.
        progress: ``None`` shows a bar when stderr is a terminal, ``True`` always,
            ``False`` never (the bar needs ``tqdm``).
        catch: exceptions recorded as a failed file instead of stopping the batch.

    Raises:
        ValueError: ``jobs`` is less than 1.
    """
    workers = (os.cpu_count() or 1) if jobs is None else jobs
    if workers < 1:
        raise ValueError(f"jobs must be at least 1, got {workers}")
    bar = _progress_bar(len(paths), progress)
    try:
        pooled = [path for path in paths if path != STDIN]
        if workers == 1 or len(pooled) <= 1:
            for path in paths:
                yield _call(task, path, catch)
                bar.update()
            return
        yield from _pooled(paths, task, min(workers, len(pooled)), catch, bar)
    finally:
        bar.close()


def _pooled(
    paths: Sequence[str],
    task: Callable[[str], T],
    workers: int,
    catch: tuple[type[BaseException], ...],
    bar: _Bar,
) -> Iterator[BatchItem[T]]:
    """Keep a bounded window of futures and yield them in submission (= input) order."""
    # spawn, not fork: forking a process that has threads (a progress bar's monitor, a
    # notebook kernel) can deadlock, and spawn behaves the same on every platform.
    context = multiprocessing.get_context("spawn")
    window = workers * _WINDOW_PER_JOB
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
    try:
        pending: deque[tuple[str, Future[BatchItem[T]] | None]] = deque()
        remaining = iter(paths)
        exhausted = False
        while True:
            while not exhausted and len(pending) < window:
                path = next(remaining, None)
                if path is None:
                    exhausted = True
                    break
                # stdin belongs to this process: its item is made when its turn comes.
                pending.append((path, None if path == STDIN else pool.submit(_call, task, path, catch)))
            if not pending:
                return
            path, future = pending.popleft()
            yield _call(task, path, catch) if future is None else future.result()
            bar.update()
    finally:
        # Stopped early (the consumer broke off, Ctrl-C, a task's bug): drop queued files.
        pool.shutdown(wait=True, cancel_futures=True)


def run_batch(
    paths: Sequence[str],
    task: Callable[[str], T],
    *,
    jobs: int | None = None,
    progress: bool | None = None,
    catch: tuple[type[BaseException], ...] = _FILE_ERRORS,
) -> BatchResult[T]:
    """Run ``task`` on every path in parallel; the result lists every file in input order.

    See :func:`iter_batch` for the arguments.

    >>> run_batch([], parse_task).summary_line()
    '0 files read, 0 unreadable, 0 with errors, 0 with warnings'
    """
    return BatchResult(tuple(iter_batch(paths, task, jobs=jobs, progress=progress, catch=catch)))


# --------------------------------------------------------------------------------------
# Progress
# --------------------------------------------------------------------------------------


class _Bar(Protocol):
    def update(self, n: float | None = 1) -> bool | None: ...

    def close(self) -> None: ...


class _NoBar:
    """Stands in for a progress bar when none is shown."""

    def update(self, n: float | None = 1) -> bool | None:
        return None

    def close(self) -> None:
        return None


def _progress_bar(total: int, progress: bool | None) -> _Bar:
    """A tqdm bar on stderr when asked for (``True``) or when stderr is a terminal (``None``)."""
    if progress is False or (progress is None and not _stderr_is_terminal()):
        return _NoBar()
    try:
        from tqdm import tqdm  # noqa: PLC0415 - optional dependency, imported only for a bar
    except ImportError:
        if progress:
            raise ImportError("a progress bar needs tqdm: pip install 'gov-disclosure[progress]'") from None
        return _NoBar()
    bar: _Bar = tqdm(total=total, unit="file", file=sys.stderr, leave=False, dynamic_ncols=True)
    return bar


def _stderr_is_terminal() -> bool:
    stream: Any = sys.stderr
    return bool(stream is not None and hasattr(stream, "isatty") and stream.isatty())


# --------------------------------------------------------------------------------------
# Ready-made tasks (top-level, so they pickle by name)
# --------------------------------------------------------------------------------------


def parse_task(path: str) -> ParseResult:
    """Read one file (``-`` for stdin) into a :class:`ParseResult`."""
    from gov_disclosure.api import read_path  # noqa: PLC0415 - keeps this module import-light

    return read_path(path)


@frozen
class CellsOutcome:
    """One file's cell records, with the reader's diagnostics for the summary."""

    records: tuple[CellRecord, ...]
    diagnostics: tuple[Diagnostic, ...] = ()


def cells_task(path: str) -> CellsOutcome:
    """Read one file and list its cells (the rows of the ``cells`` export), with locations."""
    from gov_disclosure.cells import iter_cells  # noqa: PLC0415 - keeps this module import-light

    parsed = parse_task(path)
    return CellsOutcome(tuple(iter_cells(parsed.report, parsed.source_map)), parsed.diagnostics)


@frozen
class ValidateOutcome:
    """One file's parse result and the findings of validating it."""

    parsed: ParseResult
    findings: tuple[Finding, ...] = ()

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        """The reader's diagnostics (counted in the batch summary with the findings)."""
        return self.parsed.diagnostics


def validate_task(path: str) -> ValidateOutcome:
    """Read one file and validate its arithmetic."""
    from gov_disclosure.validate import validate  # noqa: PLC0415 - keeps this module import-light

    parsed = parse_task(path)
    return ValidateOutcome(parsed, validate(parsed.report, source_map=parsed.source_map))
