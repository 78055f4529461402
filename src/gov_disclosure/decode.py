"""Bytes to text: the one place that guesses an encoding or refuses binary input.

Reports arrive as UTF-8 (with or without a byte-order mark), UTF-16 with a BOM, or a
GB encoding (GB2312/GBK, which GB18030 covers). Anything that looks binary (a PDF, an
image, an archive, NUL bytes) is refused with :class:`UnreadableInputError` rather than
decoded into nonsense whose numbers someone might trust.
"""

from __future__ import annotations

import codecs

import regex

from gov_disclosure.errors import InputTooLargeError, UnreadableInputError

__all__ = ["MAX_INPUT_BYTES", "check_text", "decode", "normalise_newlines"]

#: The largest input we read (64 MiB): real reports are well under 5 MiB.
MAX_INPUT_BYTES = 64 * 1024 * 1024

# Magic numbers of binary formats people mistake for reports, with a name for the message.
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF file (extract its text first)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (DOCX/XLSX/ODT?)"),
    (b"\xd0\xcf\x11\xe0", "an OLE2 document (DOC/XLS?)"),
    (b"{\\rtf", "an RTF document"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Share of control characters above which decoded text is treated as binary.
_MAX_CONTROL_SHARE = 0.01


def decode(data: bytes, *, source: str | None = None) -> str:
    """Decode a report's bytes to text, refusing binary input.

    >>> decode("报告".encode("gb18030"))
    '报告'
    """
    if len(data) > MAX_INPUT_BYTES:
        raise InputTooLargeError(f"input is {len(data)} bytes; the limit is {MAX_INPUT_BYTES} bytes", source=source)
    for magic, name in _BINARY_MAGIC:
        if data.startswith(magic):
            raise UnreadableInputError(f"this is {name}, not a text or HTML report", source=source)
    text = _decode_bytes(data, source)
    _check_controls(text, source)
    return text.removeprefix("\ufeff")


def check_text(text: str, *, source: str | None = None) -> str:
    """Check already-decoded text for size and binary content; return it without a BOM."""
    if len(text) > MAX_INPUT_BYTES:
        raise InputTooLargeError(f"input is {len(text)} characters; the limit is {MAX_INPUT_BYTES}", source=source)
    _check_controls(text, source)
    return text.removeprefix("\ufeff")


def normalise_newlines(text: str) -> str:
    """CRLF and CR to LF, so line numbers match what editors show."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode_bytes(data: bytes, source: str | None) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as error:
                raise UnreadableInputError(
                    f"invalid {encoding} after its byte-order mark: {error}", source=source
                ) from error
    if b"\x00" in data:
        raise UnreadableInputError("the input contains NUL bytes: it is binary, not text", source=source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as error:
        raise UnreadableInputError(
            f"the input is neither UTF-8 nor GB18030 (byte {error.start}): unknown encoding", source=source
        ) from error


#: Control characters other than the whitespace ones text legitimately has (tab, LF, CR, FF, VT).
_CONTROL = regex.compile(r"[\x01-\x08\x0e-\x1f]")


def _check_controls(text: str, source: str | None) -> None:
    if "\x00" in text:
        raise UnreadableInputError("the input contains NUL characters: it is binary, not text", source=source)
    sample = text[:65536]
    controls = len(_CONTROL.findall(sample))
    if sample and controls > max(8, _MAX_CONTROL_SHARE * len(sample)):
        raise UnreadableInputError(
            f"{controls} control characters in the first {len(sample)} characters: this looks binary",
            source=source,
        )
