"""The package's exceptions: one base class, and errors that point at the source."""

from __future__ import annotations

__all__ = ["GovDisclosureError", "InputTooLargeError", "ParseError", "UnreadableInputError"]


class GovDisclosureError(Exception):
    """Base class of every exception the package raises on purpose."""


class ParseError(GovDisclosureError, ValueError):
    """The input could not be read as a report.

    ``line``/``column`` (1-based) locate the problem when known; ``str()`` quotes the
    offending line with a caret under the column.
    """

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        line: int | None = None,
        column: int | None = None,
        line_text: str | None = None,
    ) -> None:
        self.message = message
        self.source = source
        self.line = line
        self.column = column
        self.line_text = line_text
        super().__init__(self._render())

    def _render(self) -> str:
        where = self.source or "<input>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: {self.message}"
        if self.line_text is not None and self.column is not None:
            caret = " " * max(self.column - 1, 0) + "^"
            text += f"\n    {self.line_text}\n    {caret}"
        return text


class UnreadableInputError(ParseError):
    """The bytes are not text we can decode (binary file, PDF, image, unknown encoding)."""


class InputTooLargeError(ParseError):
    """The input exceeds a documented size or nesting limit."""
