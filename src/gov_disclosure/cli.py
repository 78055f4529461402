"""The command line: a thin front end that composes library calls over a whole corpus.

Every reading command takes files, directories (searched recursively by extension, see
:func:`gov_disclosure.batch.discover`) and ``-`` for standard input, reads them in
``--jobs`` worker processes and prints the results in input order, so the output never
depends on the number of jobs. A bad file costs one line on stderr, never the batch.

Exit codes: ``text``/``json``/``cells`` 0 when every input was read, 1 when one could
not be read (or no input was found); ``check`` 0/1/2 as documented in
:mod:`gov_disclosure.checking`; 2 usage errors. Output is UTF-8 with LF line ends.
"""

from __future__ import annotations

import argparse
import functools
import io
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any, TextIO, TypeVar, cast

from attrs import frozen

from gov_disclosure import __version__
from gov_disclosure.batch import (
    DEFAULT_EXTENSIONS,
    BatchItem,
    BatchResult,
    CellsOutcome,
    ValidateOutcome,
    cells_task,
    discover,
    iter_batch,
    parse_task,
    validate_task,
)
from gov_disclosure.diagnostics import Diagnostic, Severity
from gov_disclosure.errors import GovDisclosureError

__all__ = ["main", "run"]

_PROG = "gov-disclosure"
_T = TypeVar("_T")

#: Reader diagnostics ``check`` shows (the same as :mod:`gov_disclosure.checking`).
_DOUBTFUL = (Severity.ERROR, Severity.WARNING)

#: ``check --format csv`` exit codes, the same as :mod:`gov_disclosure.checking`.
_CHECK_OK, _CHECK_ERRORS, _CHECK_UNREADABLE = 0, 1, 2


# --------------------------------------------------------------------------------------
# Arguments
# --------------------------------------------------------------------------------------


def _jobs(text: str) -> int:
    """``--jobs``: a whole number of at least 1."""
    try:
        jobs = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {jobs}")
    return jobs


def _inputs() -> argparse.ArgumentParser:
    """The arguments every reading command shares: inputs, ``--jobs``, ``--progress``."""
    shared = argparse.ArgumentParser(add_help=False)
    extensions = ", ".join(DEFAULT_EXTENSIONS)
    shared.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help=f"report files (text, Markdown, PDF text or HTML), directories (searched for {extensions}), "
        "or '-' for standard input",
    )
    shared.add_argument(
        "-j", "--jobs", type=_jobs, default=None, metavar="N", help="worker processes (default: all cores)"
    )
    shared.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show a progress bar on stderr (default: only when stderr is a terminal)",
    )
    return shared


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=_PROG,
        description="Read China's government information-disclosure annual reports (政府信息公开工作年度报告).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    shared = _inputs()
    commands.add_parser("text", parents=[shared], help="print each report as canonical text")
    commands.add_parser("json", parents=[shared], help="print a report as JSON (JSON Lines for several)")
    cells = commands.add_parser("cells", parents=[shared], help="print every template cell as CSV (spec/cells.md)")
    cells.add_argument("--locations", action="store_true", help="add the line and col where each value starts")
    check = commands.add_parser("check", parents=[shared], help="validate each report's arithmetic like a linter")
    check.add_argument("--format", dest="output_format", choices=("text", "json", "csv"), default="text")
    commands.add_parser("schema", help="print the JSON Schema of the json command's output")
    return parser


# --------------------------------------------------------------------------------------
# Worker tasks (top level, so worker processes import them by name)
# --------------------------------------------------------------------------------------


class _InternalError(GovDisclosureError):
    """A bug met while reading one file: reported like a bad file so the batch goes on."""


def _guarded(task: Callable[[str], _T], path: str) -> _T:
    """Run ``task``; turn an unexpected exception (a bug of ours) into an :class:`_InternalError`."""
    try:
        return task(path)
    except (GovDisclosureError, OSError):
        raise
    except Exception as error:  # a bug must not cost the other files or print a traceback
        raise _InternalError(f"internal error (please report it): {type(error).__name__}: {error}") from error


@frozen
class _Rendered:
    """One file's output text, with the reader's diagnostics for the summary."""

    text: str
    diagnostics: tuple[Diagnostic, ...] = ()


def _text_task(path: str) -> _Rendered:
    """Read one file and render it as canonical text."""
    from gov_disclosure.canonical import to_text

    parsed = parse_task(path)
    return _Rendered(to_text(parsed.report), parsed.diagnostics)


def _json_task(path: str) -> _Rendered:
    """Read one file and render it as one indented JSON document."""
    from gov_disclosure.convert import to_json

    parsed = parse_task(path)
    return _Rendered(to_json(parsed.report) + "\n", parsed.diagnostics)


def _jsonl_task(path: str) -> _Rendered:
    """Read one file and render it as one JSON Lines record (compact, sorted keys)."""
    from gov_disclosure.convert import to_dict

    parsed = parse_task(path)
    text = json.dumps(to_dict(parsed.report), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return _Rendered(text + "\n", parsed.diagnostics)


# --------------------------------------------------------------------------------------
# Running a batch
# --------------------------------------------------------------------------------------


@frozen
class _Options:
    """How to run a batch: worker count and progress bar."""

    jobs: int | None
    progress: bool


def _message(item: BatchItem[Any]) -> str:
    """A failed file's error on one line, without the source name and caret lines ``str()`` adds."""
    text = item.error or item.error_type or "unreadable"
    first = text.splitlines()[0] if text.strip() else (item.error_type or "unreadable")
    for prefix in (f"{item.path}: ", "<stdin>: ", "<input>: "):
        first = first.removeprefix(prefix)
    return first


def _run_streamed(
    paths: Sequence[str],
    task: Callable[[str], _T],
    options: _Options,
    err: TextIO,
    emit: Callable[[str, _T], object],
) -> BatchResult[None]:
    """Run ``task`` over ``paths``, hand each result to ``emit`` in input order, tally the files.

    A failed file gets one stderr line ``gov-disclosure: PATH: message``. The tally keeps
    only counts (no results), so memory stays flat over any corpus.
    """
    tally: list[BatchItem[None]] = []
    for item in iter_batch(paths, functools.partial(_guarded, task), jobs=options.jobs, progress=options.progress):
        if item.ok:
            emit(item.path, cast("_T", item.result))  # ok: the task returned a result
        else:
            err.write(f"{_PROG}: {item.path}: {_message(item)}\n")
        tally.append(BatchItem(item.path, None, item.error, item.error_type, item.errors, item.warnings))
    return BatchResult(tuple(tally))


def _finish(tally: BatchResult[None], err: TextIO) -> int:
    """Write the summary line when more than one file was processed; 1 if any file failed."""
    if len(tally) > 1:
        err.write(tally.summary_line() + "\n")
    return 1 if tally.files_failed else 0


def _text(paths: Sequence[str], options: _Options, out: TextIO, err: TextIO) -> int:
    tally = _run_streamed(paths, _text_task, options, err, lambda _path, rendered: out.write(rendered.text))
    return _finish(tally, err)


def _json(paths: Sequence[str], options: _Options, out: TextIO, err: TextIO) -> int:
    task = _json_task if len(paths) == 1 else _jsonl_task
    tally = _run_streamed(paths, task, options, err, lambda _path, rendered: out.write(rendered.text))
    return _finish(tally, err)


def _cells(paths: Sequence[str], locations: bool, options: _Options, out: TextIO, err: TextIO) -> int:
    from gov_disclosure.cells import write_cells_csv

    write_cells_csv((), out, "", locations=locations)  # the header, once, whatever the file count

    def emit(path: str, outcome: CellsOutcome) -> None:
        write_cells_csv(outcome.records, out, path, locations=locations, header=False)

    return _finish(_run_streamed(paths, cells_task, options, err, emit), err)


# --------------------------------------------------------------------------------------
# check
# --------------------------------------------------------------------------------------


def _check(paths: Sequence[str], output_format: str, options: _Options, out: TextIO, err: TextIO) -> int:
    """``check``: text and JSON come from :func:`~gov_disclosure.checking.check_command`; CSV from the batch."""
    if output_format == "csv":
        return _check_csv(paths, options, out, err)
    from gov_disclosure.checking import check_command

    # check_command reads the files itself, one after the other: its cross-year findings
    # compare every report with the others, and its output format is its own.
    status: int = check_command(paths, output_format=output_format, stdout=out, stderr=err)
    return status


def _check_csv(paths: Sequence[str], options: _Options, out: TextIO, err: TextIO) -> int:
    """Findings as CSV (:func:`~gov_disclosure.exports.findings_to_csv`), with ``check``'s summary and exit codes."""
    from gov_disclosure.exports import findings_to_csv
    from gov_disclosure.validate import validate_series

    readable: list[tuple[str, ValidateOutcome]] = []
    failed = 0
    for item in iter_batch(
        paths, functools.partial(_guarded, validate_task), jobs=options.jobs, progress=options.progress
    ):
        if item.ok:
            readable.append((item.path, cast("ValidateOutcome", item.result)))  # ok: the task returned
        else:
            failed += 1
            err.write(f"{item.path}: error unreadable-input {_message(item)}\n")
    series = validate_series(
        [outcome.parsed.report for _, outcome in readable],
        source_maps=[outcome.parsed.source_map for _, outcome in readable],
    )
    groups: list[tuple[str, list[object]]] = [
        (path, [*(d for d in outcome.diagnostics if d.severity in _DOUBTFUL), *outcome.findings])
        for path, outcome in readable
    ]
    for finding in series:
        groups[finding.report][1].append(finding)
    out.write(findings_to_csv(groups))  # type: ignore[arg-type]  # findings and diagnostics share the fields
    severities = [getattr(entry, "severity", None) for _, group in groups for entry in group]
    errors = severities.count(Severity.ERROR) + failed
    warnings = severities.count(Severity.WARNING)
    err.write(f"{len(readable) + failed} files, {errors} errors, {warnings} warnings\n")
    if failed:
        return _CHECK_UNREADABLE
    return _CHECK_ERRORS if errors else _CHECK_OK


# --------------------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------------------


def _schema(out: TextIO) -> int:
    from gov_disclosure.schema import json_schema

    out.write(json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n")
    return 0


def _is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty is not None and isatty())


def _dispatch(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.command == "schema":
        return _schema(out)
    paths = discover(args.paths)
    if not paths:
        extensions = ", ".join(DEFAULT_EXTENSIONS)
        err.write(f"{_PROG}: no report files found (directories are searched for {extensions})\n")
        return 1
    progress: bool = _is_terminal(err) if args.progress is None else args.progress
    options = _Options(jobs=args.jobs, progress=progress)
    if args.command == "text":
        return _text(paths, options, out, err)
    if args.command == "json":
        return _json(paths, options, out, err)
    if args.command == "cells":
        return _cells(paths, args.locations, options, out, err)
    return _check(paths, args.output_format, options, out, err)


def main(argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); return the exit code."""
    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else 2
    try:
        return _dispatch(args, out, err)
    except (BrokenPipeError, KeyboardInterrupt):
        raise
    except Exception as error:  # noqa: BLE001 - the last line of defence: a message, never a traceback
        err.write(f"{_PROG}: internal error (please report it): {type(error).__name__}: {error}\n")
        return 1


def run() -> None:
    """Console-script entry point: UTF-8 output, exit with :func:`main`'s code."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(encoding="utf-8", newline="\n")
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. piped into `head`: not an error of ours
        code = 0
    except KeyboardInterrupt:
        code = 130
    sys.exit(code)
