"""The canonical text of a report: the one definition (grammar in ``docs/canonical-text.md``).

Canonical text is deterministic GitHub-flavoured Markdown: UTF-8, LF line ends, one
final newline. :func:`to_text` writes it; the text reader reads it back to an equal
model, and writing that model again gives the same text (a fixed point). Narrative is
escaped so that no paragraph can be mistaken for a heading, list item, metadata line or
table line: :func:`escape_inline` and :func:`unescape` are exact inverses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import regex

from gov_disclosure.cellvalues import format_cell
from gov_disclosure.model import AnnualReport, Heading, Metadata, Paragraph, Section, Table, Unplaced
from gov_disclosure.template import (
    REQUESTS_APPLICANT_HEADER,
    SECTIONS,
    SectionKind,
    SectionSpec,
    TableKey,
    TableSpec,
)

__all__ = [
    "FORMAT_LABEL",
    "METADATA_LABELS",
    "PROACTIVE_CORNER",
    "REVIEWS_CORNER",
    "UNPLACED_HEADING",
    "escape_inline",
    "escape_paragraph",
    "format_unplaced",
    "heading_text",
    "review_row_label",
    "to_text",
    "unescape",
]

#: Labels of the metadata list, in the order they are written.
AGENCY_LABEL = "发布机关"
YEAR_LABEL = "报告年度"
FORMAT_LABEL = "格式"
PUBLISHED_LABEL = "发布日期"
METADATA_LABELS = (AGENCY_LABEL, YEAR_LABEL, FORMAT_LABEL, PUBLISHED_LABEL)
#: Header of the first column of each table.
PROACTIVE_CORNER = "信息内容"
REVIEWS_CORNER = "类别"
#: Heading of the appendix that keeps content the reader could not place.
UNPLACED_HEADING = "附：未能归类的内容"

_SECTION_BY_KIND: dict[SectionKind, SectionSpec] = {spec.kind: spec for spec in SECTIONS}

# ASCII characters that Markdown may read as inline syntax anywhere in a line; each is
# written with a backslash. `&` and `<` become entities instead (HTML blocks, entities).
_INLINE_SPECIALS = frozenset("\\*_`|[]~#")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}

_PATTERNS = {
    # A line that a reader would take for structure rather than prose.
    "structure_start": regex.compile(
        r"""
        ^(?:
            [\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]      # ASCII punctuation: lists, quotes, rules, tables
          | [0-9０-９]+\s*[.)、．）:：]                    # 1. / 1) / 1、 list items and headings
          | [0-9０-９]+\s+[0-9０-９]                      # 0 0 0: a run of numbers (a table row)
          | [一二三四五六七八九十]+\s*[、.．]              # 一、 section headings
          | [（(]\s*[一二三四五六七八九十0-9０-９]+\s*[)）]  # （一） (1) sub-headings
          | 第[一二三四五六七八九十百0-9]+[章节条部分项]     # 第二十条第（一）项 captions, 第一部分
          | [①-⑳⑴-⒇⒈-⒛]                                  # circled / parenthesised numerals
          | 附[：:件表]                                    # appendix markers
        )
        """,
        regex.VERBOSE,
    ),
    # Whitespace other than a single inner space (tabs and runs of spaces split table
    # columns; spaces at either end would be trimmed) and control characters (which make
    # text look binary): numeric references.
    "odd_space": regex.compile(r"[^\S ]|\ (?=\ )|^\ |\ $|\p{Cc}"),
    # A paragraph opening with a year: 2021年 / 2021 年度.
    "year_phrase": regex.compile(r"^(?:19|20)[0-9]{2}\s*年"),
    # Every token unescape() turns back into one character.
    "escaped": regex.compile(
        r"""
        \\(?P<punct>[\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e])  # backslash escape
      | &(?P<named>amp|lt|gt|quot);                           # named entity
      | &\#(?P<dec>[0-9]{1,7});                               # decimal reference
      | &\#[xX](?P<hex>[0-9a-fA-F]{1,6});                     # hexadecimal reference
        """,
        regex.VERBOSE,
    ),
}
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"'}


def _fallback_table_check(text: str) -> bool:
    """Conservative stand-in for ``tables.could_start_table_line``: any template label start."""
    return text.startswith(_TABLE_WORDS)


def _table_words() -> tuple[str, ...]:
    from gov_disclosure.template import EDITIONS  # noqa: PLC0415 - only for the fallback word list

    words: set[str] = {PROACTIVE_CORNER, REVIEWS_CORNER, REQUESTS_APPLICANT_HEADER, "行政诉讼", "法人或其他组织"}
    for spec in EDITIONS.values():
        for table in spec.tables:
            words.add(table.caption)
            for row in table.rows:
                words.update(row.labels)
                if row.group:
                    words.add(row.group)
                for column in table.columns_of(row):
                    words.update(column.labels)
    return tuple(sorted(w for w in words if w))


_TABLE_WORDS = _table_words()


def _table_check() -> Callable[[str], bool]:
    try:
        from gov_disclosure.tables import could_start_table_line  # type: ignore[attr-defined,unused-ignore]  # noqa: PLC0415
    except ImportError:
        return _fallback_table_check
    check: Callable[[str], bool] = could_start_table_line
    return lambda text: check(text) or _fallback_table_check(text)


_could_start_table_line = _table_check()


def escape_inline(text: str) -> str:
    r"""Escape Markdown and HTML syntax inside a line; :func:`unescape` inverts it exactly.

    >>> escape_inline("a|b & <c>")
    'a\\|b &amp; &lt;c&gt;'
    """
    out: list[str] = []
    for char in text:
        if char in _ENTITIES:
            out.append(_ENTITIES[char])
        elif char in _INLINE_SPECIALS:
            out.append("\\" + char)
        else:
            out.append(char)
    return _PATTERNS["odd_space"].sub(lambda m: f"&#{ord(m.group())};", "".join(out))


def _needs_guard(text: str) -> bool:
    if _PATTERNS["structure_start"].match(text):
        return True
    # "2021年，……" opens many paragraphs; a year phrase is prose, never a table row.
    return not _PATTERNS["year_phrase"].match(text) and _could_start_table_line(text)


def escape_paragraph(text: str) -> str:
    """Escape a narrative line, guarding its first character when it could be read as structure.

    The guard is a numeric character reference (``&#19968;``), which Markdown renders as is.

    >>> escape_paragraph("一、不是标题")
    '&#19968;、不是标题'
    """
    if not text:
        return text
    if _needs_guard(text):
        return f"&#{ord(text[0])};" + escape_inline(text[1:])
    return escape_inline(text)


def unescape(text: str) -> str:
    r"""Undo :func:`escape_inline` / :func:`escape_paragraph` (one left-to-right pass).

    >>> unescape("&#19968;、a\\|b &amp; c")
    '一、a|b & c'
    """

    def one(match: regex.Match[str]) -> str:
        if match["punct"] is not None:
            return str(match["punct"])
        if match["named"] is not None:
            return _NAMED[match["named"]]
        number = int(match["dec"]) if match["dec"] is not None else int(match["hex"], 16)
        return chr(number) if number <= 0x10FFFF else match.group()

    return _PATTERNS["escaped"].sub(one, text)


def heading_text(section: Section) -> str:
    """The escaped text after ``## `` for a section (official heading when it has a kind)."""
    if section.kind is not None:
        return _SECTION_BY_KIND[section.kind].heading
    title = escape_inline(section.title)
    if any(title == spec.heading for spec in SECTIONS) or title == escape_inline(UNPLACED_HEADING):
        return f"&#{ord(section.title[0])};" + escape_inline(section.title[1:])
    return title


def review_row_label(label: str, group: str | None) -> str:
    """The label of a reviews row as printed: ``行政诉讼（复议后起诉）``."""
    return f"{group}（{label}）" if group else label


def format_unplaced(item: Unplaced) -> str:
    """One appendix list item: ``- （第12行）text`` (``- text`` when the line is unknown)."""
    text = escape_inline(item.text)
    if text[:1] in ("（", "(") and item.line is None:
        text = f"&#{ord(text[0])};" + text[1:]
    where = f"（第{item.line}行）" if item.line is not None else ""
    return f"- {where}{text}" if text or where else "- &#8203;"


def to_text(report: AnnualReport) -> str:
    """The canonical text of a report.

    >>> from gov_disclosure.model import AnnualReport, Metadata
    >>> from gov_disclosure.template import Edition
    >>> print(to_text(AnnualReport(Metadata(Edition.GB2021, agency="某市人民政府", year=2023))), end="")
    - 发布机关：某市人民政府
    - 报告年度：2023
    - 格式：gb2021
    """
    blocks: list[str] = list(_front_matter(report.metadata))
    for section in report.sections:
        blocks.extend(_section(section))
    if report.unplaced:
        blocks.append(f"## {UNPLACED_HEADING}")
        blocks.append("\n".join(format_unplaced(item) for item in report.unplaced))
    return "\n\n".join(blocks) + "\n"


def _front_matter(metadata: Metadata) -> Iterator[str]:
    if metadata.title is not None:
        yield f"# {escape_inline(metadata.title)}"
    lines = []
    if metadata.agency is not None:
        lines.append(f"- {AGENCY_LABEL}：{escape_inline(metadata.agency)}")
    if metadata.year is not None:
        lines.append(f"- {YEAR_LABEL}：{metadata.year}")
    lines.append(f"- {FORMAT_LABEL}：{metadata.edition.value}")
    if metadata.published is not None:
        lines.append(f"- {PUBLISHED_LABEL}：{_date(metadata.published)}")
    yield "\n".join(lines)
    for paragraph in metadata.preamble:
        yield escape_paragraph(paragraph.text)


def _date(value: dt.date) -> str:
    return value.isoformat()


def _section(section: Section) -> Iterator[str]:
    yield f"## {heading_text(section)}"
    for block in section.blocks:
        if isinstance(block, Heading):
            yield f"### {escape_inline(block.text)}"
        elif isinstance(block, Paragraph):
            yield escape_paragraph(block.text)
    if section.table is not None:
        yield from _table(section.table)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _pipe_row(cells: list[str]) -> str:
    return "|" + "|".join(f" {cell} " if cell else " " for cell in cells) + "|"


def _pipe_table(header: list[str], rows: list[list[str]]) -> str:
    lines = [_pipe_row(header), _pipe_row(["---"] * len(header))]
    lines.extend(_pipe_row(row) for row in rows)
    return "\n".join(lines)


def _table(table: Table) -> Iterator[str]:
    spec = table.spec
    if table.key is TableKey.PROACTIVE:
        for block in spec.blocks:
            yield block.caption
            header = [PROACTIVE_CORNER, *(column.label for column in block.columns)]
            rows = [[row.label, *(_value(table, spec, row.key, c.key) for c in block.columns)] for row in block.rows]
            yield _pipe_table(header, rows)
        return
    corner = REQUESTS_APPLICANT_HEADER if table.key is TableKey.REQUESTS else REVIEWS_CORNER
    header = [corner, *(column.label for column in spec.columns)]
    rows = []
    for row in spec.rows:
        label = review_row_label(row.label, row.group) if table.key is TableKey.REVIEWS else row.label
        rows.append([label, *(_value(table, spec, row.key, c.key) for c in spec.columns)])
    yield _pipe_table(header, rows)


def _value(table: Table, _spec: TableSpec, row: str, column: str) -> str:
    return _cell(format_cell(table[row, column]))
