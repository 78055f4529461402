"""Find the template tables in a report's lines and read them into typed tables.

The entry point is :func:`scan_tables`. It is format-neutral: plain text, pipe tables
and HTML (which the HTML reader flattens to lines) all arrive as lines.
"""

from __future__ import annotations

from collections.abc import Sequence

from attrs import field, frozen

from gov_disclosure.diagnostics import Diagnostic, SourceSpan
from gov_disclosure.model import Table, Unplaced
from gov_disclosure.template import Edition

__all__ = ["TableScan", "scan_tables"]


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
    """Locate and read the template tables among ``lines`` (not yet implemented)."""
    raise NotImplementedError
