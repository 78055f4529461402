"""Find the template tables in a report's lines and read them into typed tables.

The entry point is :func:`scan_tables`. It is format-neutral: plain text, pipe tables
and HTML (which the HTML reader flattens to lines) all arrive as lines. How it reads:

1. split every line into cells (pipes, tabs, runs of spaces; ``_lines``);
2. find the region of each table by anchors only a table has (``_regions``);
3. read each region: rows by label, by a label broken over the lines before the
   numbers, or by template order; values only where they fit (``_proactive``,
   ``_requests``, ``_reviews`` on top of ``_cells`` and ``_fit``);
4. settle one edition for the report, split run-together digits by arithmetic
   (``digits``), place loose numbers the arithmetic demands, and report every
   repair as a :class:`Diagnostic` (``_assemble``).
"""

from __future__ import annotations

from collections.abc import Sequence

from attrs import field, frozen

from gov_disclosure.diagnostics import Diagnostic, SourceSpan
from gov_disclosure.model import Table, Unplaced
from gov_disclosure.tables._assemble import assemble
from gov_disclosure.tables._labels import table_words
from gov_disclosure.tables._lines import is_value_text, norm
from gov_disclosure.template import Edition

__all__ = ["TableScan", "could_start_table_line", "scan_tables"]


@frozen
class TableScan:
    """What :func:`scan_tables` found.

    ``unplaced`` keeps text inside table regions that fits no cell (never dropped).
    ``claimed`` holds the 0-based indexes of every line that belongs to a table
    (captions, headers, rows, debris between rows); the structure reader treats the
    other lines as narrative. ``edition`` is ``None`` when no template table was found.
    """

    tables: tuple[Table, ...] = ()
    claimed: frozenset[int] = frozenset()
    diagnostics: tuple[Diagnostic, ...] = ()
    source_map: dict[str, SourceSpan] = field(factory=dict)
    edition: Edition | None = None
    unplaced: tuple[Unplaced, ...] = ()  # table-region text that fits no cell, kept


def scan_tables(lines: Sequence[str], *, year: int | None = None) -> TableScan:
    """Locate and read the template tables among ``lines``.

    >>> scan = scan_tables(["| 类别 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |",
    ...                     "| --- | --- | --- | --- | --- | --- |",
    ...                     "| 行政复议 | 1 | 0 | 0 | 0 | 1 |"], year=2023)
    >>> str(scan.tables[0]["reconsideration", "total"].value)
    '1'
    """
    result = assemble(lines, year=year)
    return TableScan(
        tables=result.tables,
        claimed=result.claimed,
        diagnostics=result.diagnostics,
        source_map=result.source_map,
        edition=result.edition,
        unplaced=result.unplaced,
    )


def could_start_table_line(text: str) -> bool:
    """Whether a narrative paragraph with this text could be taken for a table line.

    True when it starts with ``|``, a template label, caption or header word, or a
    value (a number or a not-applicable mark). The canonical writer escapes such
    paragraphs; a false positive only costs an escape.

    >>> could_start_table_line("行政许可 12")
    True
    >>> could_start_table_line("我们将继续做好政务公开工作。")
    False
    """
    stripped = text.strip().lstrip("\f\t \u3000")
    if not stripped:
        return False
    if stripped.startswith(("|", "｜", "-", "—", "－", "–", "/", "／", "#", "*")):
        return True
    first = stripped.split()[0]
    if is_value_text(first) or first[:1].isdigit() or is_value_text(first[:1]):
        return True
    normal = norm(stripped)
    if not normal:
        return False
    if normal[:1].isdigit():
        return True
    return normal.startswith(table_words())
