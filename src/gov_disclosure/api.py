"""The public entry points: read a report from text, HTML, bytes, a file or stdin.

Every function raises only :class:`~gov_disclosure.errors.GovDisclosureError`
subclasses, chained from the underlying cause.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from gov_disclosure.decode import MAX_INPUT_BYTES
from gov_disclosure.diagnostics import ParseResult
from gov_disclosure.errors import InputTooLargeError, ParseError, UnreadableInputError
from gov_disclosure.readers.text import read_text

__all__ = ["looks_like_html", "parse", "parse_text", "read_file", "read_path"]

_HTML_STARTS = ("<!doctype", "<html", "<?xml", "<head", "<body", "<meta", "<!--", "<div", "<table", "<p>", "<p ")


def looks_like_html(source: str | bytes) -> bool:
    r"""Whether the input starts like an HTML document (after a BOM and whitespace).

    >>> looks_like_html("\ufeff  <!DOCTYPE html><html></html>")
    True
    >>> looks_like_html("# 某市2023年政府信息公开工作年度报告")
    False
    """
    head = source[:512]
    if isinstance(head, bytes):
        head = head.decode("utf-8", errors="ignore")
    head = head.lstrip("\ufeff \t\r\n").lower()
    return head.startswith(_HTML_STARTS)


def parse(source: str | bytes, *, source_name: str | None = None) -> ParseResult:
    r"""Read a report from text or HTML (detected from its first characters).

    >>> result = parse("某县人民政府2021年政府信息公开工作年度报告\n\n一、总体情况\n\n我县公开了信息。\n")
    >>> result.report.agency, result.report.year
    ('某县人民政府', 2021)
    """
    if looks_like_html(source):
        try:
            from gov_disclosure.readers.html import read_html  # type: ignore[import-not-found,unused-ignore]
        except ImportError as error:
            raise ParseError("HTML input is not supported by this installation", source=source_name) from error
        result: ParseResult = read_html(source, source_name=source_name)
        return result
    return parse_text(source, source_name=source_name)


def parse_text(source: str | bytes, *, source_name: str | None = None) -> ParseResult:
    """Read a report from plain text, Markdown or text extracted from a PDF."""
    return read_text(source, source_name=source_name)


def read_file(path: str | os.PathLike[str]) -> ParseResult:
    """Read a report file (text or HTML, any supported encoding)."""
    name = os.fspath(path)
    try:
        with Path(path).open("rb") as stream:
            data = stream.read(MAX_INPUT_BYTES + 1)
    except OSError as error:
        raise UnreadableInputError(f"cannot read the file: {error.strerror or error}", source=name) from error
    if len(data) > MAX_INPUT_BYTES:
        raise InputTooLargeError(f"the file is larger than {MAX_INPUT_BYTES} bytes", source=name)
    return parse(data, source_name=name)


def read_path(path_or_dash: str) -> ParseResult:
    """Read a report from a path, or from standard input (as bytes) when given ``-``."""
    if path_or_dash != "-":
        return read_file(path_or_dash)
    data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        raise InputTooLargeError(f"standard input is larger than {MAX_INPUT_BYTES} bytes", source="<stdin>")
    return parse(data, source_name="<stdin>")
