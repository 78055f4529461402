"""One HTML ``<table>`` to a rectangular-enough grid of cell texts, honouring row and column spans.

Report tables are exported from Word and CMS editors: merged cells (``rowspan``,
``colspan``, sometimes reaching past the table's edge), rows with fewer cells than their
neighbours, header labels split over ``<p>``, ``<span>``, ``<font>`` and ``<br>``, and
``&nbsp;`` or ``<o:p>`` fillers in cells that are really empty. The grid keeps a spanned
cell's text only in its first row and lists it once per row, so a merged group label
does not leak into the labels of the rows below it.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex
from attrs import frozen
from lxml import etree

from gov_disclosure.errors import InputTooLargeError

__all__ = [
    "BLOCK_TAGS",
    "MAX_TABLE_COLUMNS",
    "GridCell",
    "GridRow",
    "TableKinds",
    "cell_text",
    "is_layout_table",
    "narrative_space",
    "normalise_space",
    "source_line",
    "table_grid",
    "text_of",
]

#: Elements that start a new block of text (a new line when a page is flattened).
BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    }
)

#: Span values are clamped: rowspan as the HTML standard does (<= 65534, and never past the
#: table's last row); colspan to 64, far wider than any report table (at most 16 columns),
#: so a hostile colspan="1000" costs no more than a sane one.
_MAX_COLSPAN = 64
_MAX_ROWSPAN = 65534
#: The widest table row we expand: template tables have at most 16 columns.
MAX_TABLE_COLUMNS = 1024
#: A cell with more text than this, in several paragraphs, is prose: its table is page
#: layout, not data (a long one-paragraph note under a data table does not count).
_MAX_DATA_CELL_CHARS = 300
_PARAGRAPH_TAGS = frozenset({"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li"})

_PATTERNS = {
    # any run of whitespace, including no-break and ideographic spaces from &nbsp; and Word
    "space": regex.compile(r"[\s\u00a0\u3000\u200b\ufeff]+", regex.VERBOSE),
    # a run of whitespace inside a line of narrative: tabs in it are kept (pasted
    # tab-separated text, where each tab separates a table cell and doubled tabs mark
    # blank cells); a run holding a line break is markup indentation
    "narrative_space": regex.compile(r"[\s\u00a0\u3000\u200b\ufeff]+", regex.VERBOSE),
    # a single space with a non-ASCII character on both sides: an artefact of split
    # labels (本年新<br>制作数量), removed so the label reads as one word
    "cjk_gap": regex.compile(
        r"""
        (?<=[^\x00-\x7f])   # a non-ASCII character before
        \x20
        (?=[^\x00-\x7f])    # and after
        """,
        regex.VERBOSE,
    ),
}


@frozen
class GridCell:
    """One grid position: its text and the element it came from.

    ``origin`` is ``False`` for positions covered by another cell's span (their text is
    empty); ``element`` is then the spanning cell.
    """

    text: str
    element: etree._Element
    origin: bool = True


@frozen
class GridRow:
    """One table row: its ``<tr>`` and its cells, left to right."""

    element: etree._Element
    cells: tuple[GridCell, ...]


def _tag(element: etree._Element) -> str:
    """The element's tag ("" for comments and the like); lxml's HTML parser lowercases tags."""
    tag = element.tag
    return tag if isinstance(tag, str) else ""


def _span(element: etree._Element, name: str, limit: int) -> int:
    """A span attribute as an integer in ``1..limit`` (0 and junk read as 1)."""
    raw = (element.get(name) or "").strip()
    digits = ""
    for char in raw:
        if not char.isdigit():
            break
        digits += char
    value = int(digits[:6]) if digits else 1
    return min(max(value, 1), limit)


def source_line(element: etree._Element) -> int | None:
    """The element's line in the page (``None`` when lxml does not know it)."""
    line: object = element.sourceline  # typed loosely by lxml-stubs
    return line if isinstance(line, int) else None


def text_of(element: etree._Element) -> str:
    """All text inside an element, concatenated."""
    return "".join(str(piece) for piece in element.itertext())


def narrative_space(text: str) -> str:
    """Collapse whitespace in narrative like :func:`normalise_space`, but keep tab runs.

    A run without a line break that holds tabs becomes just its tabs (so two tabs
    between 规章 and 3 keep their blank cell); any other run becomes one space; spaces at the ends go.
    """

    def one(match: regex.Match[str]) -> str:
        run = match.group()
        if "\t" in run and "\n" not in run and "\r" not in run:
            return "\t" * run.count("\t")
        return " "

    return _PATTERNS["narrative_space"].sub(one, text).strip(" ")


def normalise_space(text: str) -> str:
    """Collapse whitespace runs (including no-break spaces) to one space and trim."""
    return _PATTERNS["space"].sub(" ", text).strip()


def cell_text(element: etree._Element, *, skip: etree._Element | None = None) -> str:
    """The text of a cell with its parts joined: spaces collapsed, gaps between CJK removed.

    Inline wrappers (``<span>``, ``<font>``, ``<o:p>``) join without a gap, so digits
    split over spans stay one number; block parts (``<p>``, ``<br>``, ``<div>``) join
    with a space that is dropped again between two CJK characters. ``skip`` is a nested
    element (an inner table read in place) whose text is left out.
    """
    parts: list[str] = []
    walker = etree.iterwalk(element, events=("start", "end"))
    for event, node in walker:
        if event == "start":
            if node is skip:
                walker.skip_subtree()
                continue
            if _tag(node) in BLOCK_TAGS:
                parts.append(" ")
            if node.text:
                parts.append(node.text)
        elif node is not element:
            if _tag(node) in BLOCK_TAGS:
                parts.append(" ")
            if node.tail:
                parts.append(node.tail)
    return _PATTERNS["cjk_gap"].sub("", normalise_space("".join(parts)))


def _row_elements(table: etree._Element) -> Iterator[etree._Element]:
    """The ``<tr>`` elements of this table (not of tables nested in it), in order."""
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            yield child
        elif tag in {"thead", "tbody", "tfoot"}:
            yield from (row for row in child if _tag(row) == "tr")


def _cell_elements(row: etree._Element) -> Iterator[etree._Element]:
    return (cell for cell in row if _tag(cell) in {"td", "th"})


def _inner_tables(cell: etree._Element) -> list[etree._Element]:
    return [node for node in cell.iterdescendants() if _tag(node) == "table"]


@frozen
class _Source:
    """A cell as written: its text, element and spans (an inner one-row table adds several)."""

    text: str
    element: etree._Element
    rowspan: int
    colspan: int


def _sources(row: etree._Element) -> Iterator[_Source]:
    """The cells of a row; a cell holding a one-row table contributes that row's cells in place."""
    for cell in _cell_elements(row):
        rowspan = _span(cell, "rowspan", _MAX_ROWSPAN)
        colspan = _span(cell, "colspan", _MAX_COLSPAN)
        inner = _inner_tables(cell)
        inner_rows = list(_row_elements(inner[0])) if len(inner) == 1 else []
        if len(inner_rows) == 1:
            outside = cell_text(cell, skip=inner[0])
            if outside:
                yield _Source(outside, cell, rowspan, 1)
            for inner_cell in _cell_elements(inner_rows[0]):
                yield _Source(cell_text(inner_cell), inner_cell, rowspan, _span(inner_cell, "colspan", _MAX_COLSPAN))
            continue
        yield _Source(cell_text(cell), cell, rowspan, colspan)


def table_grid(table: etree._Element) -> tuple[GridRow, ...]:
    """Expand a table into rows of cells, honouring ``rowspan`` and ``colspan``.

    Spans are laid out on a grid first, so every cell lands in its true column; then each
    row lists one entry per cell occupying it, left to right. A cell spanning several
    columns is one entry (so ``（一）予以公开`` spanning two label columns does not leave an
    empty cell that could pass for a blank value); a cell reaching down from a row above
    is one empty entry (so a merged group label stands only in its first row). Rows are
    not padded, and a span past the last row is cut at the table's end. The work is
    linear in rows times width; a table wider than :data:`MAX_TABLE_COLUMNS` is refused.
    """
    rows = list(_row_elements(table))
    active: list[tuple[int, int, int, GridCell]] = []  # (column, width, rows still to cover, cover)
    result: list[GridRow] = []
    for r, row in enumerate(rows):
        taken = sorted((column, width, cover) for column, width, _left, cover in active)
        active = [(c, w, left - 1, cover) for c, w, left, cover in active if left > 1]
        placed: list[tuple[int, int, GridCell]] = []
        column = 0
        pointer = 0  # the first interval in ``taken`` that may still lie at or after ``column``
        for source in _sources(row):
            while pointer < len(taken) and taken[pointer][0] + taken[pointer][1] <= column:
                pointer += 1
            while pointer < len(taken) and taken[pointer][0] <= column:
                column = taken[pointer][0] + taken[pointer][1]
                pointer += 1
            if column + source.colspan > MAX_TABLE_COLUMNS:
                raise InputTooLargeError(
                    f"a table row is wider than {MAX_TABLE_COLUMNS} columns", line=source_line(row)
                )
            # overlapping spans: a span from above keeps its columns, this cell stops short of them
            limit = taken[pointer][0] if pointer < len(taken) else column + source.colspan
            width = min(source.colspan, limit - column)
            placed.append((column, width, GridCell(source.text, source.element)))
            rowspan = min(source.rowspan, len(rows) - r)
            if rowspan > 1:
                active.append((column, width, rowspan - 1, GridCell("", source.element, origin=False)))
            column += source.colspan
        result.append(GridRow(row, _entries(row, sorted([*taken, *placed], key=lambda item: item[0]))))
    return tuple(result)


def _entries(row: etree._Element, intervals: list[tuple[int, int, GridCell]]) -> tuple[GridCell, ...]:
    """One entry per cell in column order; each column no cell covers is an empty entry."""
    entries: list[GridCell] = []
    column = 0
    for start, width, cell in intervals:
        entries.extend(GridCell("", row, origin=False) for _ in range(start - column))
        if not entries or entries[-1].element is not cell.element:
            entries.append(cell)
        column = max(column, start + width)
    return tuple(entries)


class TableKinds:
    """Remembers which tables are layout, so each table is classified once per page."""

    def __init__(self) -> None:
        self._layout: dict[etree._Element, bool] = {}

    def is_data(self, element: etree._Element) -> bool:
        """Whether ``element`` is a table that holds data (not page layout)."""
        if _tag(element) != "table":
            return False
        known = self._layout.get(element)
        if known is None:
            known = self._layout[element] = is_layout_table(element)
        return not known


def _is_prose(cell: etree._Element) -> bool:
    """Whether a cell holds several paragraphs (not one long note)."""
    blocks = 0
    for node in cell.iterdescendants():
        if _tag(node) in _PARAGRAPH_TAGS:
            blocks += 1
            if blocks >= 2:
                return True
    return False


def is_layout_table(table: etree._Element) -> bool:
    """Whether a table lays out the page rather than holding data.

    Layout tables hold other multi-row tables, have a single column, or hold prose.
    Their cells are read as blocks of text, and tables inside them are read on their own.
    """
    rows = list(_row_elements(table))
    if not rows:
        return True
    width = 0
    for row in rows:
        cells = list(_cell_elements(row))
        width = max(width, sum(_span(cell, "colspan", _MAX_COLSPAN) for cell in cells))
        for cell in cells:
            inner = _inner_tables(cell)
            if len(inner) > 1 or (inner and len(list(_row_elements(inner[0]))) != 1):
                return True
            if len(normalise_space(text_of(cell))) > _MAX_DATA_CELL_CHARS and _is_prose(cell):
                return True
    return width <= 1
