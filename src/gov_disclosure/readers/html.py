"""Read a report published as a web page: find the report in the page, flatten it, parse the text.

The page is decoded (BOM, declared charset, detection), parsed without network access
or entity expansion, its report body found by content, and flattened to lines: narrative
blocks to lines, tables to pipe rows after span expansion. The text reader then does
all the reading, and every location it reports is mapped back to the HTML element (an
element path and the element's source line). This is the only module family that
imports lxml (with its private helpers ``_html_*``).
"""

from __future__ import annotations

import attrs

from gov_disclosure.diagnostics import Diagnostic, ParseResult, Severity, SourceMap, SourceSpan
from gov_disclosure.readers._html_body import find_parts
from gov_disclosure.readers._html_flatten import MAX_QUOTED_DROPS, Dropped, FlatLine, FlatPage, Segment, flatten
from gov_disclosure.readers._html_parse import MAX_HTML_BYTES, MAX_HTML_DEPTH, parse_html_tree
from gov_disclosure.readers.text import read_text

__all__ = ["MAX_HTML_BYTES", "MAX_HTML_DEPTH", "flatten_html", "read_html"]

#: At most this many ``chrome-dropped`` diagnostics name a piece each; the rest are summed up.
_MAX_CHROME_DIAGNOSTICS = MAX_QUOTED_DROPS


def flatten_html(source: bytes | str, *, source_name: str | None = None) -> str:
    """The text a page is read as: its report body flattened to lines and pipe rows.

    >>> print(flatten_html("<p>一、总体情况</p><table><tr><td>行政许可</td><td>5</td></tr>"
    ...                    "<tr><td>行政处罚</td><td></td></tr></table>"))
    一、总体情况
    <BLANKLINE>
    | 行政许可 | 5 |
    | 行政处罚 | |
    """
    _text, root = parse_html_tree(source, source_name=source_name)
    return flatten(root, find_parts(root)).text


def read_html(source: bytes | str, *, source_name: str | None = None) -> ParseResult:
    """Read a report from an HTML page (bytes in any common encoding, or text).

    Spans in the result point at the HTML: ``line`` is the element's source line,
    ``column`` counts characters in the element's text, ``path`` is the element path.
    Raises :class:`~gov_disclosure.errors.UnreadableInputError` for binary or undecodable
    input and pages that declare entities, and
    :class:`~gov_disclosure.errors.InputTooLargeError` for pages over
    :data:`MAX_HTML_BYTES` or nested deeper than :data:`MAX_HTML_DEPTH`.
    """
    _text, root = parse_html_tree(source, source_name=source_name)
    page = flatten(root, find_parts(root))
    result = read_text(page.text, source_name=source_name)
    return _remap(result, page)


def _segment_at(line: FlatLine, column: int) -> Segment:
    """The segment holding a column (the nearest one before it when it falls between)."""
    chosen = line.segments[0]
    for segment in line.segments:
        if segment.start <= column:
            chosen = segment
        if segment.start <= column < segment.end:
            return segment
    return chosen


def _remap_span(span: SourceSpan, page: FlatPage) -> SourceSpan:
    """Point a span in the flattened text at the HTML element it came from."""
    lines = page.lines
    index = span.line - 1
    if not 0 <= index < len(lines) or not lines[index].segments:
        return span
    segment = _segment_at(lines[index], span.column)
    line = segment.line if segment.line is not None else span.line
    column = max(span.column - segment.start + 1, 1)
    end_column = None
    if span.end_column is not None and span.end_line in (None, span.line):
        end_column = max(span.end_column - segment.start + 1, column)
    return SourceSpan(
        line=line,
        column=column,
        end_line=line if end_column is not None else None,
        end_column=end_column,
        path=page.path(segment.element),
    )


def _remap_line(number: int | None, lines: tuple[FlatLine, ...]) -> int | None:
    if number is None or not 0 < number <= len(lines) or not lines[number - 1].segments:
        return number
    return lines[number - 1].segments[0].line or number


def _chrome_diagnostics(dropped: tuple[Dropped, ...]) -> tuple[Diagnostic, ...]:
    """One info diagnostic per dropped piece of page chrome, the tail summed up in one more."""
    out = [
        Diagnostic(
            "chrome-dropped",
            Severity.INFO,
            f"left out page chrome ({item.chars} characters): {item.text}",
            span=SourceSpan(item.line or 1, 1, path=item.path),
        )
        for item in dropped[:_MAX_CHROME_DIAGNOSTICS]
    ]
    rest = dropped[_MAX_CHROME_DIAGNOSTICS:]
    if rest:
        chars = sum(item.chars for item in rest)
        out.append(
            Diagnostic(
                "chrome-dropped",
                Severity.INFO,
                f"left out {len(rest)} more pieces of page chrome ({chars} characters)",
                span=SourceSpan(rest[0].line or 1, 1),
            )
        )
    return tuple(out)


def _remap(result: ParseResult, page: FlatPage) -> ParseResult:
    lines = page.lines
    diagnostics = tuple(
        attrs.evolve(d, span=_remap_span(d.span, page)) if d.span is not None else d for d in result.diagnostics
    )
    source_map = SourceMap({key: _remap_span(span, page) for key, span in result.source_map})
    report = result.report
    if not page.canonical:  # our own HTML states its unplaced items' line numbers itself
        unplaced = tuple(attrs.evolve(item, line=_remap_line(item.line, lines)) for item in report.unplaced)
        report = attrs.evolve(report, unplaced=unplaced)
    return ParseResult(report, (*diagnostics, *_chrome_diagnostics(page.dropped)), source_map)
