"""Read canonical text (``docs/canonical-text.md``) exactly: no repairs, no guesses.

A document is canonical when its metadata list carries the ``- 格式：`` line. Then
``## `` starts a section, ``### `` a sub-heading, every other line not claimed by the
table scanner is one paragraph, and escapes are undone with :func:`canonical.unescape`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import regex

from gov_disclosure.canonical import (
    AGENCY_LABEL,
    FORMAT_LABEL,
    PUBLISHED_LABEL,
    UNPLACED_HEADING,
    YEAR_LABEL,
    unescape,
)
from gov_disclosure.diagnostics import Severity
from gov_disclosure.model import Heading, Paragraph, Unplaced
from gov_disclosure.readers._draft import Draft, SectionDraft
from gov_disclosure.template import EDITIONS, SECTIONS, Edition

__all__ = ["canonical_edition", "read_canonical", "table_view"]

_PATTERNS = {
    # The metadata list item that makes a document canonical.
    "format": regex.compile(rf"^-\ {FORMAT_LABEL}：(?P<edition>gb2019|gb2021|legacy)\s*$", regex.VERBOSE),
    # Any metadata item: "- 发布机关：…".
    "meta": regex.compile(r"^-\ (?P<label>[^：]{1,8})：(?P<value>.*)$", regex.VERBOSE),
    # A report year: a few ASCII digits (int() of thousands of digits is refused).
    "year": regex.compile(r"[0-9]{1,6}"),
    # An appendix item: "- （第12行）text" or "- text".
    "unplaced": regex.compile(r"^-\ (?:（第(?P<line>[0-9]{1,9})行）)?(?P<text>.*)$", regex.VERBOSE),
}
_HEADINGS = {spec.heading: spec for spec in SECTIONS}
_EDITIONS = {edition.value: edition for edition in Edition}
_TABLE_LINES = frozenset(
    [f"## {heading}" for heading in _HEADINGS]
    + [block.caption for spec in EDITIONS.values() for table in spec.tables for block in table.blocks]
)
#: How many leading lines may precede the ``- 格式：`` line (title, blank, other metadata).
_FRONT_LINES = 8


def canonical_edition(lines: Sequence[str]) -> Edition | None:
    """The edition stated by a canonical metadata list, or ``None`` if the text is not canonical."""
    for raw in lines[:_FRONT_LINES]:
        line = raw.strip()
        match = _PATTERNS["format"].match(line)
        if match is not None:
            return Edition(match["edition"])
        if line and not line.startswith(("# ", "- ")):
            return None
    return None


def table_view(lines: Sequence[str]) -> list[str]:
    """The lines the table scanner may see in canonical text; every other line is blanked.

    In canonical text only pipe rows, block captions and the official section headings
    belong to tables; narrative can never be a table line, whatever words it holds, so
    the scanner is not shown it (line numbers are unchanged).
    """
    return [line if line.startswith("|") or line in _TABLE_LINES else "" for line in lines]


def read_canonical(lines: Sequence[str], claimed: frozenset[int], draft: Draft) -> None:
    """Fill ``draft`` from canonical lines (table lines already claimed by the scanner)."""
    current: SectionDraft | None = None
    in_front = True
    in_unplaced = False
    for index, raw in enumerate(lines):
        line = raw.strip()  # canonical lines have no outer whitespace; damaged copies may
        if index in claimed or not line:
            continue
        if in_front and index == 0 and (line.startswith("# ") or line == "#"):
            draft.title = unescape(line[2:])
            continue
        if in_front and current is None and not draft.preamble and _read_meta(line, draft):
            continue
        if line.startswith("## "):
            in_front = False
            text = line[3:].strip()
            if text == UNPLACED_HEADING:
                in_unplaced, current = True, None
                continue
            in_unplaced = False
            spec = _HEADINGS.get(text)
            title = spec.title if spec is not None else _valid_line(text, index, draft)
            current = SectionDraft(title=title, kind=spec.kind if spec else None, line=index)
            draft.sections.append(current)
            continue
        in_front = False
        if in_unplaced:
            _read_unplaced(line, index, draft)
        elif current is not None and line.startswith("### "):
            current.blocks.append(Heading(_valid_line(line[4:].strip(), index, draft)))
        elif current is not None:
            current.blocks.append(Paragraph(_valid_line(line, index, draft)))
        else:
            draft.preamble.append(Paragraph(_valid_line(line, index, draft)))


def _valid_line(escaped: str, index: int, draft: Draft) -> str:
    """The unescaped text, or the escaped text when unescaping would not give one clean line.

    Only damaged canonical text gets here (``&#10;`` inside a paragraph, ``&#32;`` at an
    end); the text is kept as written, with a warning.
    """
    text = unescape(escaped)
    if text and text == text.strip() and "\n" not in text and "\r" not in text:
        return text
    draft.note(
        "canonical-text-invalid",
        f"{escaped!r} does not unescape to one line of text; kept as written",
        index,
        Severity.WARNING,
    )
    return escaped or "\ufffd"


def _read_meta(line: str, draft: Draft) -> bool:
    match = _PATTERNS["meta"].match(line)
    if match is None:
        return False
    label, value = match["label"], match["value"].strip()
    if label == AGENCY_LABEL:
        draft.agency = unescape(value)
    elif label == YEAR_LABEL and _PATTERNS["year"].fullmatch(value):
        draft.year = int(value)
    elif label == FORMAT_LABEL and value in _EDITIONS:
        draft.edition = _EDITIONS[value]
    elif label == PUBLISHED_LABEL:
        try:
            draft.published = dt.date.fromisoformat(value)
        except ValueError:
            return False
    else:
        return False
    return True


def _read_unplaced(line: str, index: int, draft: Draft) -> None:
    match = _PATTERNS["unplaced"].match(line)
    if match is None:
        draft.unplaced.append(Unplaced(unescape(line), index + 1))
        return
    number = match["line"]
    text = unescape(match["text"])
    draft.unplaced.append(
        Unplaced("" if text == "\u200b" and match["text"] == "&#8203;" else text, int(number) if number else None)
    )
