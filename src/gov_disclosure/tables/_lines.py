"""One input line as table material: its cells, their columns, and which cells hold values.

Tables arrive separated by pipes, tabs, runs of spaces or nothing at all. This module
splits a line once, remembering where each cell's text starts, so every value read
later can point back at its line and column.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from enum import Enum
from functools import lru_cache
from typing import NamedTuple

import regex
from attrs import frozen

from gov_disclosure.model import NOT_APPLICABLE_MARKS

__all__ = ["MAX_CELLS", "MAX_ROW_CHARS", "Cell", "Line", "Separator", "merge_lines", "norm", "split_line"]

_PATTERNS = {
    # A cell that holds a value: a number with an optional unit or bracketed note.
    "value": regex.compile(
        r"""
        ^(?:[+\-]|增|减)?\s*                     # a sign (本年增/减)
        (?:\d{1,3}(?:,\d{3})+|\d+)              # digits, optionally with thousands separators
        (?:\.\d+)?                              # decimals
        \s*
        (?:
            [(（]\s*(?:万元|元)\s*[)）]          # 25987（元）
          | (?:万元|元|次|件|个|项|条|人次|宗)   # 3967万元, 335次
        )?
        (?:[(（][^()（）]*[)）])?                 # a bracketed note: 22（其中修订16件）
        $""",
        regex.VERBOSE,
    ),
    # A page number or footer a PDF extractor left inside a table: -4 -, — 5 —, 第3页.
    "page_number": regex.compile(
        r"""
        ^[\f\s]*(?:
            [-—–－]\s*\d{1,3}\s*[-—–－]             # - 4 -, — 5 —
          | 第\s*\d{1,3}\s*页(?:\s*共\s*\d{1,3}\s*页)?  # 第3页 共9页
          | \d{1,3}\s*/\s*\d{1,3}                      # 3/9
        )[\s]*$""",
        regex.VERBOSE,
    ),
    # A Markdown table separator cell: --- or :---:
    "rule_cell": regex.compile(r"^:?-{3,}:?$"),
    # Text glued to a trailing run of digits: 规章000, 申请数量713000074.
    "glued_digits": regex.compile(
        r"""
        (?<=[^\d\s.,，、．(（+\-])             # the label's last character is not a digit
                                                # (a closing bracket may end it: 行政诉讼（复议后起诉）00000)
        (?P<digits>\d+)$                        # the run of digits up to the end
        """,
        regex.VERBOSE,
    ),
    "space_runs": regex.compile(r"[^\s]+"),
    # What label matching ignores: whitespace, quotes and Markdown markup.
    "drop": regex.compile(r"[\s\"'“”‘’「」『』#*`>]+"),
    "numbering": regex.compile(r"(?<=^|[^\d])(\d)[、．.]"),
}


#: A line longer than this, or with more cells, is never a table row (a row of table 四
#: has 16 cells); such lines are read as narrative without being split.
MAX_ROW_CHARS = 4000
MAX_CELLS = 64


#: Full-width ASCII and the ideographic space to ASCII: what NFKC does to most report text,
#: done first so the (slow) full NFKC runs only on text that still needs it.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}

#: Characters a value cell can start with (digits in both widths, signs, 增/减).
_VALUE_START = frozenset("0123456789０１２３４５６７８９+-＋－增减")


class Separator(Enum):
    """How a line's cells are separated."""

    PIPE = "pipe"
    TAB = "tab"
    SPACE = "space"


class Cell(NamedTuple):
    """One cell's text (stripped) and the 0-based column where that text starts.

    ``line`` is set (0-based) only on cells of a :func:`merge_lines` row, whose cells
    come from several lines. A named tuple: lines are split by the hundred thousand.
    """

    text: str
    column: int
    line: int | None = None

    @property
    def is_value(self) -> bool:
        """Whether the cell holds a number or a not-applicable mark."""
        return is_value_text(self.text)


@frozen
class Line:
    """A line split into cells, with the kind of separator it used.

    The derived views (label cells, value cells, normalised text) are computed once
    by :func:`split_line`, so every reader pays for them once per line.
    """

    index: int
    raw: str
    cells: tuple[Cell, ...]
    separator: Separator
    escaped: bool = False  # starts with \| or &#: narrative, never a table line
    text: str = ""  # the whole line normalised (see :func:`norm`)
    label: str = ""  # the label cells' text normalised
    label_cells: tuple[Cell, ...] = ()  # cells up to and including the last text cell
    value_cells: tuple[Cell, ...] = ()  # the cells after them (values and, when separated, empty cells)
    values: tuple[Cell, ...] = ()  # the non-empty value cells

    @property
    def is_blank(self) -> bool:
        """No text at all."""
        return not self.raw.strip()

    @property
    def is_rule(self) -> bool:
        """A Markdown separator row (``| --- | --- |``)."""
        texts = [c.text for c in self.cells if c.text]
        return bool(texts) and all(_PATTERNS["rule_cell"].match(t) for t in texts)

    @property
    def is_page_number(self) -> bool:
        """A page number or footer left by a PDF extractor."""
        return bool(_PATTERNS["page_number"].match(self.raw))

    @property
    def is_separated(self) -> bool:
        """Cells separated by pipes or tabs (empty cells are meaningful)."""
        return self.separator is not Separator.SPACE


def _line(index: int, raw: str, cells: list[Cell], separator: Separator, *, escaped: bool = False) -> Line:
    last = len(cells) - 1
    while last >= 0 and (not cells[last].text or cells[last].is_value):
        last -= 1
    if separator is Separator.PIPE and last == len(cells) - 1:
        last = _label_end(cells, last)
    label_cells = tuple(cells[: last + 1])
    value_cells = tuple(cells[last + 1 :])
    text = norm(raw)
    return Line(
        index,
        raw,
        tuple(cells),
        separator,
        escaped=escaped,
        text=text,
        label=text if len(label_cells) == len(cells) else norm("".join(c.text for c in label_cells)),
        label_cells=label_cells,
        value_cells=value_cells,
        values=tuple(c for c in value_cells if c.text),
    )


def _label_end(cells: Sequence[Cell], last: int) -> int:
    """The last label cell of a pipe row ending in a text cell: ``| 规章 | 3 | 1 | 30 | 含修订 |``.

    Pipes mark every cell, so numbers after the label stay values and the trailing text
    cell stays a (text) value too: the row then has more values than columns and is
    reported, instead of the whole row reading as one label and vanishing.
    """
    first = next((i for i, cell in enumerate(cells) if cell.text and cell.is_value), None)
    if first is None or first == 0:
        return last
    return first - 1


def merge_lines(parts: Sequence[Line]) -> Line:
    """One row made of the value cells of consecutive lines (one cell per line in web text)."""
    cells = tuple(Cell(c.text, c.column, line=part.index) for part in parts for c in part.values)
    raw = " ".join(part.raw.strip() for part in parts)
    return Line(
        parts[0].index,
        raw,
        cells,
        Separator.SPACE,
        text=norm(raw),
        value_cells=cells,
        values=cells,
    )


@lru_cache(maxsize=4096)
def is_value_text(text: str) -> bool:
    """Whether a cell's text is a number (with unit or note) or a not-applicable mark."""
    if text in NOT_APPLICABLE_MARKS:
        return True
    if not text or text[0] not in _VALUE_START:
        return False
    return bool(_PATTERNS["value"].match(unicodedata.normalize("NFKC", text)))


@lru_cache(maxsize=16384)
def norm(text: str) -> str:
    """Label text for matching: NFKC, no whitespace, markup or quotes, ``1、`` as ``1.``.

    >>> norm("（三）不予公开 1、属于“国家秘密”")
    '(三)不予公开1.属于国家秘密'
    """
    text = text.translate(_FULL_WIDTH)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    text = _PATTERNS["drop"].sub("", text)
    if "、" in text or "." in text:
        text = _PATTERNS["numbering"].sub(_numbered, text)
    return text


def _numbered(match: regex.Match[str]) -> str:
    return f"{match[1]}."


def _pipe_cells(raw: str) -> list[Cell]:
    r"""Split on unescaped pipes; ``\|`` inside a cell is a literal pipe."""
    cells: list[Cell] = []
    start = 0
    i = 0
    length = len(raw)
    while i <= length:
        if i == length or (raw[i] == "|" and (i == 0 or raw[i - 1] != "\\")):
            cells.append(_make_cell(raw, start, i, unescape=True))
            start = i + 1
        i += 1
    stripped = raw.strip()
    if stripped.startswith("|") and cells and not cells[0].text:
        cells.pop(0)
    if stripped.endswith("|") and not stripped.endswith("\\|") and cells and not cells[-1].text:
        cells.pop()
    return cells


def _make_cell(raw: str, start: int, end: int, *, unescape: bool = False) -> Cell:
    piece = raw[start:end]
    lead = len(piece) - len(piece.lstrip())
    text = piece.strip()
    if unescape:
        text = text.replace("\\|", "|")
    return Cell(text, start + lead)


def _space_cells(raw: str) -> list[Cell]:
    """Split on whitespace runs; a bracket opened in one token closes in a later one."""
    tokens = [Cell(m.group(), m.start()) for m in _PATTERNS["space_runs"].finditer(raw)]
    if len(tokens) > MAX_CELLS:
        return [Cell(raw.strip(), len(raw) - len(raw.lstrip()))]
    if "(" not in raw and "（" not in raw:
        return tokens
    merged: list[Cell] = []
    depth = 0
    for token in tokens:
        if depth > 0 and merged:
            last = merged[-1]
            gap = token.column - (last.column + len(last.text))
            merged[-1] = Cell(last.text + " " * gap + token.text, last.column)
        else:
            merged.append(token)
        depth = max(
            0, depth + token.text.count("（") + token.text.count("(") - token.text.count("）") - token.text.count(")")
        )
    return merged


def _unglue(cells: list[Cell]) -> list[Cell]:
    """Split text glued to a trailing digit run (``规章000``) into a label and a value cell."""
    out: list[Cell] = []
    for cell in cells:
        glued = cell.text[-1:].isdigit() and not cell.is_value
        match = _PATTERNS["glued_digits"].search(cell.text) if glued else None
        if match is None:
            out.append(cell)
            continue
        out.append(Cell(cell.text[: match.start()], cell.column))
        out.append(Cell(match["digits"], cell.column + match.start()))
    return out


def split_line(index: int, raw: str) -> Line:
    """Split one line into cells (pipes first, then tabs, then runs of spaces)."""
    shape = _shape(raw.rstrip("\r\n"))
    if index == 0:
        return shape
    return Line(
        index,
        shape.raw,
        shape.cells,
        shape.separator,
        escaped=shape.escaped,
        text=shape.text,
        label=shape.label,
        label_cells=shape.label_cells,
        value_cells=shape.value_cells,
        values=shape.values,
    )


@lru_cache(maxsize=4096)
def _shape(raw: str) -> Line:
    """The split of a line's text (cached: reports repeat lines, hostile input repeats them a lot)."""
    if len(raw) > MAX_ROW_CHARS or raw.count("\t") > MAX_CELLS or raw.count("|") > MAX_CELLS:
        # No table row is this long: read it as narrative without splitting (bounded cost).
        return Line(0, raw, (), Separator.SPACE, escaped=True)
    body = raw.lstrip("\f \t\u3000")
    escaped = body.startswith(("\\|", "&#"))
    if escaped:
        return _line(0, raw, [Cell(raw.strip(), len(raw) - len(raw.lstrip()))], Separator.SPACE, escaped=True)
    if "|" in raw.replace("\\|", "") and (body.startswith("|") or raw.replace("\\|", "").count("|") >= 2):
        return _line(0, raw, _unglue(_pipe_cells(raw)), Separator.PIPE)
    if "\t" in raw:
        cells = []
        start = 0
        for i, char in enumerate(raw + "\t"):
            if char == "\t":
                cells.append(_make_cell(raw, start, i))
                start = i + 1
        if _stray_tabs(cells):
            # Tabs as indentation or debris around a space-separated row
            # (``\t规章  0  0.00\t``): the spaces separate the cells.
            return _line(0, raw, _unglue(_space_cells(raw)), Separator.SPACE)
        # A cell with inner space runs holds several values (``0  0``): split them.
        return _line(0, raw, _unglue(_retokenise_tab_cells(cells)), Separator.TAB)
    return _line(0, raw, _unglue(_space_cells(raw)), Separator.SPACE)


def _stray_tabs(cells: Sequence[Cell]) -> bool:
    """One tab cell holds a row (text and values) separated by spaces; no other tab cell holds a value.

    A cell of values (``<tab>5  3``) keeps its tab position; so does any row whose
    values stand in their own tab cells.
    """
    spaced = [cell for cell in cells if len(cell.text.split()) > 1]
    if len(spaced) != 1 or all(is_value_text(part) for part in spaced[0].text.split()):
        return False
    return not any(cell.is_value for cell in cells if cell.text and cell is not spaced[0])


def _retokenise_tab_cells(cells: list[Cell]) -> list[Cell]:
    out: list[Cell] = []
    for cell in cells:
        parts = cell.text.split()
        if len(parts) > 1 and all(is_value_text(p) for p in parts):
            out.extend(Cell(m.group(), cell.column + m.start()) for m in _PATTERNS["space_runs"].finditer(cell.text))
        else:
            out.append(cell)
    return out
