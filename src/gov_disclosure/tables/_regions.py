"""Where each template table lies among the lines: anchors, and the headings that end a region.

A table region starts at a line that only a table has (a block caption, the corner
note of 三, a header of 四) and ends at the next table's start or at a section heading.
Section headings themselves are never part of a region.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from attrs import frozen

from gov_disclosure import template
from gov_disclosure.tables._labels import (
    PROACTIVE_CORNER,
    caption_block,
    caption_prefix,
    column_words,
    is_fragment,
    match_rows,
    review_words,
    section_heading,
)
from gov_disclosure.tables._lines import Line, Separator, norm
from gov_disclosure.template import SectionKind, TableKey

__all__ = ["Region", "find_regions", "is_sentence"]

_APPLICANT = norm(template.REQUESTS_APPLICANT_HEADER)
_LEGAL_ENTITY = norm(template.REQUESTS_LEGAL_ENTITY_HEADER)  # the group header over five columns
_CORNER_START = norm(template.REQUESTS_CORNER_NOTE)[:5]  # "(本列数据": the corner note of 三
_MIN_ALONE = 8  # a row label standing alone on its line anchors table 三 when this long
_MAX_HEADER = 80
#: The most lines a table can span (PDF text with one label character per line and page
#: breaks stays far below); a region never runs on through the rest of a document.
_MAX_SPAN = {
    TableKey.PROACTIVE: 300,
    TableKey.REQUESTS: 600,
    TableKey.REVIEWS: 200,
}  # a header line is short; a narrative sentence is not


@frozen
class Region:
    """Lines ``start`` (inclusive) to ``end`` (exclusive) that may hold table ``key``."""

    key: TableKey
    start: int
    end: int


def is_sentence(line: Line) -> bool:
    """Narrative rather than table debris: a sentence end or a long run of text."""
    text = line.text
    return "。" in text or len(text) > _MAX_HEADER


def _requests_anchor(line: Line) -> bool:
    text = line.text
    if not text or line.escaped or is_sentence(line):
        return False
    if text.startswith((_CORNER_START, _APPLICANT)):
        return True
    if line.cells and norm(line.cells[0].text) == _APPLICANT:
        return True
    if line.separator is Separator.PIPE and _requests_header_row(line):
        return True
    hits = match_rows(line.label, TableKey.REQUESTS, fuzzy=False)
    if not hits or not hits[0].exact:
        return False
    # A labelled row with values, or a line that is nothing but a long row label.
    return bool(line.values) or (hits[0].start == 0 and hits[0].length == len(text) and len(text) >= _MIN_ALONE)


_MIN_HEADER_CELLS = 2  # column labels a header row of 三 names when its first cell is blank


def _requests_header_row(line: Line) -> bool:
    """A pipe row of 三's header: its first filled cell is the corner note, 申请人情况 or a column label.

    An HTML table flattened to pipe rows puts the corner note in its own cell
    (``| （本列数据的勾稽关系为：…） | 申请人情况 |``) or leaves the corner blank
    (``| | 自然人 | 法人或其他组织 | 总计 |``); either row starts the table.
    """
    first = next((norm(cell.text) for cell in line.cells if cell.text), "")
    if first.startswith(_CORNER_START) or first == _APPLICANT:
        return True
    words = _header_words()
    if first not in words:
        return False
    filled = [norm(cell.text) for cell in line.cells if cell.text]
    return len(filled) >= _MIN_HEADER_CELLS and all(text in words for text in filled)


@cache
def _header_words() -> frozenset[str]:
    """Column labels of 三 and the group header 法人或其他组织, normalised."""
    return frozenset({*column_words(TableKey.REQUESTS), _LEGAL_ENTITY})


def _proactive_anchor(line: Line) -> bool:
    if line.escaped or not line.text:
        return False
    starts = (caption_prefix(), PROACTIVE_CORNER)
    if not line.text.lstrip("|").startswith(starts):
        return False
    first = norm(line.cells[0].text) if line.cells else ""
    if caption_block(line.text) or caption_block(first):
        return True
    return first.startswith(PROACTIVE_CORNER) and any(w in line.text for w in column_words(TableKey.PROACTIVE))


_REVIEW_ROWS = tuple(norm(row.label) for row in template.REVIEWS_ROWS)
_REVIEW_ROW_LABELS = frozenset(
    {*_REVIEW_ROWS}
    | {norm(f"{row.group}（{row.label}）") for row in template.REVIEWS_ROWS if row.group}
    | {norm(f"{row.group}{row.label}") for row in template.REVIEWS_ROWS if row.group}
)


def _reviews_anchor(line: Line) -> bool:
    if line.escaped or is_sentence(line) or not line.text:
        return False
    text = line.text
    if line.values and not line.label:
        return False
    if line.values and line.label in _REVIEW_ROW_LABELS:
        return True  # a labelled row of 四 (行政复议 1 0 0 0 1)
    if line.separator is not Separator.PIPE and any(ch.isdigit() for ch in text):
        return False  # a header has no numbers: 行政复议0件，行政诉讼0件 is prose
    words = {w for w in review_words() if w in text}
    if len(words) >= 2:
        return True
    return bool(text in _REVIEW_ROWS or text.startswith(_REVIEW_ROWS[0]))


def find_regions(lines: Sequence[Line], headings: dict[int, SectionKind]) -> list[Region]:
    """The regions of tables 二, 三 and 四, in that order (absent tables have none)."""
    count = len(lines)
    req = next((i for i, line in enumerate(lines) if i not in headings and _requests_anchor(line)), None)
    if req is not None:
        req = _back_over_fragments(lines, req, headings)
    pro_limit = req if req is not None else count
    pro = next((i for i in range(pro_limit) if i not in headings and _proactive_anchor(lines[i])), None)
    rev_from = req if req is not None else (pro if pro is not None else 0)
    rev = next(
        (
            i
            for i in range(rev_from + 1 if req is not None else rev_from, count)
            if i not in headings and _reviews_anchor(lines[i]) and not _is_requests_row(lines[i])
        ),
        None,
    )
    regions: list[Region] = []
    if pro is not None:
        end = _end(pro, headings, SectionKind.PROACTIVE)
        limits = [x for x in (end, req, rev, count) if x is not None and x > pro]
        regions.append(Region(TableKey.PROACTIVE, pro, min(*limits, pro + _MAX_SPAN[TableKey.PROACTIVE])))
    if req is not None:
        end = _end(req, headings, SectionKind.REQUESTS)
        limits = [x for x in (end, rev, count) if x is not None and x > req]
        regions.append(Region(TableKey.REQUESTS, req, min(*limits, req + _MAX_SPAN[TableKey.REQUESTS])))
    if rev is not None:
        end = _end(rev, headings, SectionKind.REVIEWS)
        regions.append(
            Region(TableKey.REVIEWS, rev, min(end if end is not None else count, rev + _MAX_SPAN[TableKey.REVIEWS]))
        )
    return regions


_MAX_BACK = 15  # lines of label fragments a table 三 may start with before its first anchor


def _back_over_fragments(lines: Sequence[Line], start: int, headings: dict[int, SectionKind]) -> int:
    """Move the start of table 三 back over label fragments and numbers just before its anchor.

    A first row whose label is broken over lines (``一、本年新收政府`` / ``信息公开申请数量`` /
    its numbers) has no anchor of its own; the lines are pieces of row labels, so they
    belong to the table. Prose and headings stop the walk.
    """
    first = start
    for i in range(start - 1, max(start - _MAX_BACK, 0) - 1, -1):
        line = lines[i]
        if line.is_blank:
            continue
        if i in headings or line.escaped or is_sentence(line):
            break
        if not line.label and not line.values:
            break
        if line.label and not (is_fragment(line.label, TableKey.REQUESTS) and len(line.label) >= _MIN_FRAGMENT):
            break
        first = i
    return first


_MIN_FRAGMENT = 4  # a label fragment this long names a piece of a row label, not any text


def _is_requests_row(line: Line) -> bool:
    hits = match_rows(line.label, TableKey.REQUESTS, fuzzy=False)
    return bool(hits and hits[0].exact)


def _end(start: int, headings: dict[int, SectionKind], own: SectionKind) -> int | None:
    """The first section heading after ``start`` that is not the table's own section."""
    return min((i for i, kind in headings.items() if i > start and kind is not own), default=None)


def headings_of(lines: Sequence[Line]) -> dict[int, SectionKind]:
    """Section heading lines by index (they bound regions and are never claimed)."""
    return {line.index: kind for line in lines if not line.escaped and (kind := section_heading(line.raw))}
