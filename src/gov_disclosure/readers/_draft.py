"""The mutable draft a structure reader fills before the frozen report is built."""

from __future__ import annotations

import datetime as dt

from attrs import define, field

from gov_disclosure.diagnostics import Diagnostic, Severity, SourceSpan
from gov_disclosure.model import Block, Paragraph, Unplaced
from gov_disclosure.template import Edition, SectionKind

__all__ = ["Draft", "SectionDraft"]


@define
class SectionDraft:
    """A section being read: heading as written, kind when recognised, 0-based start line."""

    title: str
    kind: SectionKind | None
    line: int
    blocks: list[Block] = field(factory=list)


@define
class Draft:
    """Everything the structure reader found, before tables are placed."""

    title: str | None = None
    agency: str | None = None
    year: int | None = None
    published: dt.date | None = None
    edition: Edition | None = None  # stated by canonical text (``- 格式：``)
    preamble: list[Paragraph] = field(factory=list)
    sections: list[SectionDraft] = field(factory=list)
    unplaced: list[Unplaced] = field(factory=list)
    diagnostics: list[Diagnostic] = field(factory=list)

    def note(self, code: str, message: str, index: int | None, severity: Severity = Severity.INFO) -> None:
        """Record a diagnostic at a 0-based line index (``None`` when it has no place)."""
        span = SourceSpan(line=index + 1, column=1) if index is not None else None
        self.diagnostics.append(Diagnostic(code=code, severity=severity, message=message, span=span))
