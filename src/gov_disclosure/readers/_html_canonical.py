"""The canonical text of one table, taken from :func:`gov_disclosure.canonical.to_text`.

Our own HTML carries its tables in the official merged-cell layout; to read them back
exactly, the flattener writes them as the canonical text does. Rather than copy the
canonical table grammar, we ask the canonical writer for a report holding just the table.
"""

from __future__ import annotations

from gov_disclosure.canonical import to_text
from gov_disclosure.model import AnnualReport, Metadata, Section, Table
from gov_disclosure.template import SECTIONS

__all__ = ["canonical_table_lines"]


def canonical_table_lines(table: Table) -> list[str]:
    """The lines canonical text writes for a table (captions, pipe rows, blank lines between)."""
    spec = next(spec for spec in SECTIONS if spec.table is table.key)
    report = AnnualReport(Metadata(table.edition), (Section(spec.title, spec.kind, table=table),))
    text = to_text(report)
    heading = f"## {spec.heading}\n\n"
    return text[text.index(heading) + len(heading) :].rstrip("\n").split("\n")
