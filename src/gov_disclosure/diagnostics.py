"""Diagnostics: what a reader repaired or doubted, as data with a stable code and a location."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping

from attrs import field, frozen

from gov_disclosure.model import AnnualReport

__all__ = ["Diagnostic", "ParseResult", "Severity", "SourceMap", "SourceSpan"]


class Severity(enum.Enum):
    """How much a diagnostic or finding should worry the user."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@frozen(order=True)
class SourceSpan:
    """Where something stood in the input: 1-based line and column (characters, after decoding).

    ``end_line``/``end_column`` are inclusive-exclusive like Python slices on that line.
    ``path`` is the element path for HTML input (``/html/body/table[2]/tr[5]/td[3]``).
    """

    line: int
    column: int
    end_line: int | None = None
    end_column: int | None = None
    path: str | None = None

    def __str__(self) -> str:
        where = f"{self.line}:{self.column}"
        return f"{where} ({self.path})" if self.path else where


@frozen
class Diagnostic:
    """A repair the reader made or a doubt it has, with a stable ``code``.

    ``cells`` names the cell keys (``requests.granted.total``) the diagnostic concerns;
    ``table`` names a whole table (``requests``) when the doubt covers all of it.
    """

    code: str
    severity: Severity
    message: str
    span: SourceSpan | None = None
    cells: tuple[str, ...] = ()
    table: str | None = None

    def __str__(self) -> str:
        where = f"{self.span}: " if self.span else ""
        return f"{where}{self.severity.value} {self.code} {self.message}"


def _freeze(
    mapping: Mapping[str, SourceSpan] | Iterable[tuple[str, SourceSpan]],
) -> tuple[tuple[str, SourceSpan], ...]:
    """Sorted pairs from a mapping or from pairs (the default ``()`` and pickled state are pairs)."""
    pairs = mapping.items() if isinstance(mapping, Mapping) else mapping
    return tuple(sorted(pairs))


@frozen
class SourceMap:
    """Where each cell value's text started in the input, by cell key."""

    entries: tuple[tuple[str, SourceSpan], ...] = field(default=(), converter=_freeze)

    def get(self, key: object) -> SourceSpan | None:
        """The span of a cell key (``CellKey`` or its string), or ``None`` if unknown."""
        wanted = str(key)
        for name, span in self.entries:
            if name == wanted:
                return span
        return None

    def as_dict(self) -> dict[str, SourceSpan]:
        """The map as a plain dict."""
        return dict(self.entries)

    def __iter__(self) -> Iterator[tuple[str, SourceSpan]]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)


@frozen
class ParseResult:
    """What a reader returns: the report, every repair or doubt, and where each cell came from."""

    report: AnnualReport
    diagnostics: tuple[Diagnostic, ...] = ()
    source_map: SourceMap = field(factory=SourceMap)
