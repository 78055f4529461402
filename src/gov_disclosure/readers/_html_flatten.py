"""A page's report body to lines of text, each line remembering the elements it came from.

Narrative blocks (paragraphs, headings, list items, ``<br>``-separated lines) become one
line each; data tables become pipe rows (``| a | | c |``, empty cells kept empty) after
span expansion. Every line carries segments that map its columns back to an element
path and source line, so the text pipeline's spans can be pointed at the HTML.

Pages written by :mod:`gov_disclosure.html_writer` (marked ``data-gd-format``) are
flattened to canonical text exactly, so our own HTML reads back to the same report.
"""

from __future__ import annotations

import itertools

from attrs import field, frozen
from lxml import etree

from gov_disclosure.canonical import (
    escape_inline,
    escape_paragraph,
    format_unplaced,
    heading_text,
    review_row_label,
    unescape,
)
from gov_disclosure.cellvalues import read_cell
from gov_disclosure.model import Section, Table, Unplaced
from gov_disclosure.readers._html_body import FORMAT_ATTRIBUTE, PageParts, section_heading_match
from gov_disclosure.readers._html_canonical import canonical_table_lines
from gov_disclosure.readers._html_grid import (
    BLOCK_TAGS,
    GridRow,
    narrative_space,
    normalise_space,
    source_line,
    table_grid,
    text_of,
)
from gov_disclosure.template import Edition, RowSpec, TableKey, table_spec

__all__ = ["FORMAT_ATTRIBUTE", "MAX_QUOTED_DROPS", "Dropped", "FlatLine", "FlatPage", "Segment", "flatten"]

#: A one-cell table row longer than this is prose laid out in a table, not a table row.
_MAX_SINGLE_CELL_ROW = 60
#: How many dropped pieces are quoted (with their path) in diagnostics; the rest are summed.
MAX_QUOTED_DROPS = 30
#: How much of a dropped element's text a diagnostic quotes.
_QUOTE_CHARS = 80
#: Tags whose content is never text a person reads.
_INVISIBLE = frozenset({"script", "style", "noscript", "template", "head", "title", "meta", "link"})


def _one_line(text: str) -> str:
    """Text of our own page as one line: the model never holds line breaks, an edited page may."""
    return text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")


def _pipe_cells(text: str) -> list[tuple[int, int]]:
    """The 1-based column ranges of the cells of a pipe row (an escaped pipe does not split)."""
    if not text.startswith("|"):
        return []
    bounds = [i for i, char in enumerate(text) if char == "|" and (i == 0 or text[i - 1] != "\\")]
    cells = []
    for left, right in itertools.pairwise(bounds):
        start, end = left + 1, right
        while start < end and text[start] == " ":
            start += 1
        while end > start and text[end - 1] == " ":
            end -= 1
        cells.append((start + 1, max(end, start) + 1))
    return cells


class _Paths:
    """Element paths as lxml writes them (``/html/body/div[2]/p``), in linear total time.

    ``getpath`` counts an element's preceding siblings on every call, which is quadratic
    on a table of many rows; here each parent's children are numbered once.
    """

    def __init__(self) -> None:
        self._paths: dict[etree._Element, str] = {}
        self._steps: dict[etree._Element, str] = {}

    def _number(self, parent: etree._Element) -> None:
        counts: dict[str, int] = {}
        children = [child for child in parent if isinstance(child.tag, str)]
        for child in children:
            counts[child.tag] = counts.get(child.tag, 0) + 1
        seen: dict[str, int] = {}
        for child in children:
            tag = child.tag
            seen[tag] = seen.get(tag, 0) + 1
            self._steps[child] = tag if counts[tag] == 1 else f"{tag}[{seen[tag]}]"

    def path(self, element: etree._Element) -> str:
        chain: list[etree._Element] = []
        current: etree._Element | None = element
        while current is not None and current not in self._paths:
            chain.append(current)
            current = current.getparent()
        prefix = self._paths[current] if current is not None else ""
        for node in reversed(chain):
            parent = node.getparent()
            if parent is None:
                step = str(node.tag)
            else:
                if node not in self._steps:
                    self._number(parent)
                step = self._steps[node]
            prefix = f"{prefix}/{step}"
            self._paths[node] = prefix
        return prefix


@frozen
class Segment:
    """Columns ``start`` to ``end`` (1-based, end exclusive) of a line came from one element.

    The element's path is worked out only for the spans a reader reports
    (:meth:`FlatPage.path`), not for every cell of every table.
    """

    start: int
    end: int
    element: etree._Element
    line: int | None


@frozen
class FlatLine:
    """One flattened line and where its parts came from (no segments for blank lines)."""

    text: str
    segments: tuple[Segment, ...] = ()


@frozen
class Dropped:
    """Chrome left out of the report: a quote of its text, its element path and line."""

    text: str
    path: str
    line: int | None
    chars: int


@frozen
class FlatPage:
    """The flattened body and what was dropped around and inside it."""

    lines: tuple[FlatLine, ...]
    dropped: tuple[Dropped, ...]
    canonical: bool = False  # written by our HTML writer: line numbers in the text are its own
    paths: _Paths = field(factory=_Paths, eq=False, repr=False)

    @property
    def text(self) -> str:
        """The lines joined with newlines, as the text reader reads them."""
        return "\n".join(line.text for line in self.lines)

    def path(self, element: etree._Element) -> str:
        """The element path of an element of the page (``/html/body/div[2]/p``)."""
        return self.paths.path(element)


def _tag(element: etree._Element) -> str:
    """The element's tag ("" for comments and the like); lxml's HTML parser lowercases tags."""
    tag = element.tag
    return tag if isinstance(tag, str) else ""


def _visible_text(element: etree._Element) -> str:
    """An element's readable text (no scripts or styles), whitespace collapsed."""
    parts: list[str] = []
    walker = etree.iterwalk(element, events=("start", "end"))
    for event, node in walker:
        if event == "start":
            if _tag(node) in _INVISIBLE or not isinstance(node.tag, str):
                walker.skip_subtree()
                continue
            if node.text:
                parts.append(node.text)
        elif node is not element and node.tail:
            parts.append(node.tail)
    return normalise_space(" ".join(parts))


class _Flattener:
    """Walks the body once (iteratively) and collects lines, segments and dropped chrome."""

    def __init__(self, root: etree._Element, parts: PageParts) -> None:
        self._paths = _Paths()
        self._parts = parts
        self._lines: list[FlatLine] = []
        self._dropped: list[Dropped] = []
        self._pieces: list[str] = []
        self._owner: tuple[etree._Element, int | None] | None = None

    # -- output --------------------------------------------------------------------------

    def path(self, element: etree._Element) -> str:
        return self._paths.path(element)

    def line(self, text: str, element: etree._Element, at_line: int | None = None) -> None:
        """Add one narrative line (a blank line separates it from what came before)."""
        if self._lines:
            self._lines.append(FlatLine(""))
        segment = Segment(1, len(text) + 1, element, at_line or source_line(element))
        self._lines.append(FlatLine(text, (segment,)))

    def drop(self, element: etree._Element) -> None:
        if _tag(element) in _INVISIBLE:
            return
        if len(self._dropped) >= MAX_QUOTED_DROPS:  # past the quoted ones only the size counts
            chars = sum(len("".join(str(piece).split())) for piece in element.itertext())
            if chars:
                self._dropped.append(Dropped("", "", source_line(element), chars))
            return
        text = _visible_text(element)
        if text:
            quote = text if len(text) <= _QUOTE_CHARS else text[: _QUOTE_CHARS - 1] + "…"
            self._dropped.append(Dropped(quote, self.path(element), source_line(element), len(text)))

    def page(self, *, canonical: bool) -> FlatPage:
        return FlatPage(tuple(self._lines), tuple(self._dropped), canonical, self._paths)

    # -- narrative ------------------------------------------------------------------------

    def _add(self, text: str, element: etree._Element, source_line: int | None) -> None:
        self._pieces.append(text)
        if self._owner is None and text.strip():
            block = element
            while _tag(block) not in BLOCK_TAGS and _tag(block) != "body":
                parent = block.getparent()
                if parent is None:
                    break
                block = parent
            self._owner = (block, source_line)

    def _flush(self) -> None:
        text = narrative_space("".join(self._pieces))
        if text.strip() and self._owner is not None:
            self.line(text, *self._owner)
        self._pieces = []
        self._owner = None

    def preformatted(self, element: etree._Element) -> None:
        """Add preformatted text line by line, its spacing kept (it may align table columns)."""
        first = source_line(element) or 1
        for offset, raw in enumerate(text_of(element).split("\n")):
            text = raw.replace("\r", "").rstrip().replace("\u00a0", " ")
            if text.strip():
                self._lines.append(FlatLine(text, (Segment(1, len(text) + 1, element, first + offset),)))

    # -- tables ---------------------------------------------------------------------------

    def table(self, table: etree._Element) -> None:
        """Add a data table's rows: pipe rows, or plain lines for headings and prose rows."""
        first = True
        for row in table_grid(table):
            texts = [cell.text for cell in row.cells]
            filled = [text for text in texts if text]
            if not filled:
                continue
            if len(filled) == 1 and (section_heading_match(filled[0]) or len(filled[0]) > _MAX_SINGLE_CELL_ROW):
                cell = next(cell for cell in row.cells if cell.text)
                self.line(filled[0], cell.element)
                first = True
                continue
            if first and self._lines:
                self._lines.append(FlatLine(""))
            first = False
            self._lines.append(self._pipe_row(row))

    def _pipe_row(self, row: GridRow) -> FlatLine:
        text = "|"
        segments: list[Segment] = []
        for cell in row.cells:
            escaped = cell.text.replace("|", "\\|")
            if escaped:
                start = len(text) + 2
                text += f" {escaped} |"
                segments.append(Segment(start, start + len(escaped), cell.element, source_line(cell.element)))
            else:
                segments.append(Segment(len(text) + 1, len(text) + 2, cell.element, source_line(cell.element)))
                text += " |"
        return FlatLine(text, tuple(segments))

    # -- walking --------------------------------------------------------------------------

    def walk(self, body: etree._Element) -> None:
        """Flatten a page body written by anyone: blocks to lines, data tables to pipe rows."""
        skip = self._parts.skip
        walker = etree.iterwalk(body, events=("start", "end"))
        for event, element in walker:
            tag = _tag(element)
            if event == "start":
                if not isinstance(element.tag, str):
                    walker.skip_subtree()
                    continue
                if element in skip or tag == "caption":
                    self.drop(element)
                    walker.skip_subtree()
                    continue
                if tag in {"pre", "textarea", "xmp", "plaintext"}:
                    self._flush()
                    self.preformatted(element)
                    walker.skip_subtree()
                    continue
                if self._parts.kinds.is_data(element):
                    self._flush()
                    self.table(element)
                    walker.skip_subtree()
                    continue
                if tag in BLOCK_TAGS and tag != "dd":  # a term and its definition make one line
                    self._flush()
                if element.text:
                    self._add(element.text, element, source_line(element))
                continue
            if element is body:
                break
            if tag == "dt":
                if self._pieces and not normalise_space("".join(self._pieces)).endswith(("：", ":")):
                    self._pieces.append("：")
            elif tag in BLOCK_TAGS:
                self._flush()
            parent = element.getparent()
            if element.tail and parent is not None:
                self._add(element.tail, parent, source_line(element))
        self._flush()

    def canonical_table(self, table: etree._Element) -> None:
        """Add one of our own tables as canonical pipe-table text, each value mapped to its <td>.

        The tables' merged-cell layout is for people; the values are in template order, so
        they are read back exactly (a text value at a row's end cannot pass for a label).
        """
        try:
            spec = table_spec(Edition(table.get("data-edition", "")), TableKey(table.get("data-table", "")))
            tds = list(table.iter("td"))
            if len(tds) != len(spec.cell_keys):
                raise ValueError("not the cells we wrote")
            values = tuple(
                read_cell(text_of(td), column.kind, unit=column.unit) for td, (_, column) in zip(tds, spec.cells())
            )
            lines = canonical_table_lines(Table(spec.key, spec.edition, values))
        except (ValueError, KeyError):  # edited since we wrote it: read it like any other table
            self.table(table)
            return
        cells_of = {str(key): td for td, key in zip(tds, spec.cell_keys)}
        rows_by_label: dict[str, RowSpec] = {}
        for row in spec.rows:
            for label in (row.label, review_row_label(row.label, row.group)):
                rows_by_label[label] = row
        if self._lines:
            self._lines.append(FlatLine(""))
        for text in lines:
            if not text:
                self._lines.append(FlatLine(""))
                continue
            cells = _pipe_cells(text)
            found = rows_by_label.get(unescape(text[cells[0][0] - 1 : cells[0][1] - 1])) if cells else None
            if found is None or len(cells) != 1 + len(spec.columns_of(found)):
                self._lines.append(FlatLine(text, (Segment(1, len(text) + 1, table, source_line(table)),)))
                continue
            columns = spec.columns_of(found)
            elements = [table, *(cells_of[f"{spec.key.value}.{found.key}.{c.key}"] for c in columns)]
            segments = tuple(
                Segment(start, end, element, source_line(element)) for (start, end), element in zip(cells, elements)
            )
            self._lines.append(FlatLine(text, segments))

    def walk_canonical(self, body: etree._Element) -> None:
        """Flatten our own HTML to canonical text: its structure is known, nothing is guessed.

        A page edited since we wrote it may break that structure; every line is still
        escaped, so whatever it holds reaches the text reader as single lines.
        """
        walker = etree.iterwalk(body, events=("start",))
        for _event, element in walker:
            tag = _tag(element)
            if tag in _INVISIBLE:
                walker.skip_subtree()
                continue
            if tag == "table":
                self.canonical_table(element)
                walker.skip_subtree()
                continue
            line = self._canonical_line(element, tag)
            if line is None:
                if tag in {"dl", "ul"} and self._lines:
                    self._lines.append(FlatLine(""))
                continue
            if tag in {"dt", "li"}:
                self._item(line, element)
            else:
                self.line(line, element)
            walker.skip_subtree()

    def _item(self, text: str, element: etree._Element) -> None:
        """Add a list line (metadata or unplaced item): no blank line before it."""
        self._lines.append(FlatLine(text, (Segment(1, len(text) + 1, element, source_line(element)),)))

    @staticmethod
    def _canonical_line(element: etree._Element, tag: str) -> str | None:
        """The canonical line an element of our own page stands for, if it stands for one."""
        text = _one_line(text_of(element))
        if tag == "h1":
            return f"# {escape_inline(text)}"
        if tag == "dt":
            value = element.getnext()
            value_text = _one_line(text_of(value)) if value is not None else ""
            return f"- {escape_inline(text)}：{escape_inline(value_text)}"
        if tag == "h2":
            parent = element.getparent()
            if parent is not None and (parent.get("data-kind") or parent.get("data-unplaced")):
                return f"## {escape_inline(text)}"
            try:
                return f"## {heading_text(Section(title=text))}"
            except ValueError:  # not a title a section can have (empty, several lines)
                return f"## {escape_inline(text)}"
        if tag == "h3":
            return f"### {escape_inline(text)}"
        if tag == "p":
            return escape_paragraph(text)
        if tag == "li":
            raw = element.get("data-line") or ""
            return format_unplaced(Unplaced(text, int(raw) if raw.isascii() and raw.isdigit() else None))
        return None


def flatten(root: etree._Element, parts: PageParts) -> FlatPage:
    """Flatten the body of a page; chrome outside and inside it is listed as dropped."""
    flattener = _Flattener(root, parts)
    if parts.title is not None:
        flattener.line(parts.title[0], parts.title[1])
    if parts.published is not None:
        flattener.line(parts.published[0], parts.published[1])
    canonical = parts.body.get(FORMAT_ATTRIBUTE) is not None
    if canonical:
        flattener.walk_canonical(parts.body)
    else:
        flattener.walk(parts.body)
    used = parts.title[1] if parts.title is not None else None
    for element in parts.outside:
        if element is not used:
            flattener.drop(element)
    return flattener.page(canonical=canonical)
