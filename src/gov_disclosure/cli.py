"""The command line: a thin front end that composes library calls.

Exit codes: 0 every input was read; 1 at least one input could not be read (one line on
stderr per input, the others still processed) or ``check`` found problems; 2 usage
errors. Output is UTF-8 with LF line ends.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from gov_disclosure import __version__
from gov_disclosure.api import read_path
from gov_disclosure.canonical import to_text
from gov_disclosure.cells import iter_cells, write_cells_csv
from gov_disclosure.convert import to_json
from gov_disclosure.diagnostics import ParseResult
from gov_disclosure.errors import GovDisclosureError

__all__ = ["main", "run"]

_PROG = "gov-disclosure"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=_PROG,
        description="Read China's government information-disclosure annual reports (政府信息公开工作年度报告).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    files_help = "report files (text, Markdown, PDF text or HTML); '-' reads standard input"
    text = commands.add_parser("text", help="print each report as canonical text")
    text.add_argument("paths", nargs="+", metavar="FILE", help=files_help)
    json_ = commands.add_parser("json", help="print each report as JSON")
    json_.add_argument("paths", nargs="+", metavar="FILE", help=files_help)
    cells = commands.add_parser("cells", help="print every template cell as CSV (spec/cells.md)")
    cells.add_argument("paths", nargs="+", metavar="FILE", help=files_help)
    cells.add_argument("--locations", action="store_true", help="add the line and col where each value starts")
    check = commands.add_parser("check", help="validate each report's arithmetic and report diagnostics")
    check.add_argument("paths", nargs="+", metavar="FILE", help=files_help)
    check.add_argument("--format", dest="output_format", choices=("text", "json"), default="text")
    return parser


def _each(paths: Sequence[str], stderr: TextIO, emit: Callable[[str, ParseResult], None]) -> int:
    """Read each path and hand it to ``emit``; report unreadable ones on stderr, go on."""
    status = 0
    for path in paths:
        try:
            result = read_path(path)
        except GovDisclosureError as error:
            message = str(error).splitlines()[0] if str(error) else type(error).__name__
            prefix = f"{path}: "
            message = message.removeprefix(prefix).removeprefix("<stdin>: ").removeprefix("<input>: ")
            stderr.write(f"{_PROG}: {path}: {message}\n")
            status = 1
            continue
        except Exception as error:  # noqa: BLE001 - a bug must not cost the other files or print a traceback
            stderr.write(f"{_PROG}: {path}: internal error (please report it): {type(error).__name__}: {error}\n")
            status = 1
            continue
        emit(path, result)
    return status


def _write(stream: TextIO, text: str) -> None:
    stream.write(text)


def main(argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); return the exit code."""
    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else 2
    paths: list[str] = args.paths
    if args.command == "text":
        return _each(paths, err, lambda _path, result: _write(out, to_text(result.report)))
    if args.command == "json":
        return _each(paths, err, lambda _path, result: _write(out, to_json(result.report) + "\n"))
    if args.command == "cells":
        header = io.StringIO()
        write_cells_csv((), header, "", locations=args.locations)
        out.write(header.getvalue())
        return _each(
            paths,
            err,
            lambda path, result: write_cells_csv(
                iter_cells(result.report, result.source_map), out, path, locations=args.locations, header=False
            ),
        )
    return _check(paths, args.output_format, out, err)


def _check(paths: list[str], output_format: str, out: TextIO, err: TextIO) -> int:
    try:
        from gov_disclosure.checking import check_command  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        err.write(f"{_PROG}: check is not available in this installation\n")
        return 2
    status: int = check_command(paths, output_format=output_format, stdout=out, stderr=err)
    return status


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
