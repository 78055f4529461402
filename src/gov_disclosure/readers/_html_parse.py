"""HTML bytes or text to an lxml tree, safely: no network, no entities, bounded size and depth.

Government pages arrive in UTF-8, GBK/GB2312 (declared in a ``<meta>`` tag or not) and
now and then as something that is not HTML at all. This module decides the encoding,
refuses hostile or binary input with our documented errors, and hands back a parsed
tree whose ``sourceline`` numbers match the decoded text.
"""

from __future__ import annotations

import codecs

import regex
from lxml import etree

from gov_disclosure.decode import check_text, decode
from gov_disclosure.errors import InputTooLargeError, UnreadableInputError
from gov_disclosure.readers._html_grid import source_line

__all__ = ["MAX_HTML_BYTES", "MAX_HTML_DEPTH", "decode_html", "parse_html_tree"]

#: The largest page we read (32 MiB): report pages are well under 5 MiB, and a page of
#: tens of megabytes is an attack or a mistake, not a report.
MAX_HTML_BYTES = 32 * 1024 * 1024

#: The deepest element nesting we accept. libxml2 itself stops at 256 levels (and
#: would silently truncate the page), so deeper input is refused, never half-read.
MAX_HTML_DEPTH = 255

#: How far into the page we look for a declared charset (as browsers do).
_SNIFF_BYTES = 4096

_BYTE_PATTERNS: dict[str, regex.Pattern[bytes]] = {
    # <meta charset="gbk"> and <meta http-equiv="Content-Type" content="text/html; charset=gb2312">
    "meta_charset": regex.compile(
        rb"""
        <meta\b[^>]{0,512}?          # a meta tag, bounded so a broken tag cannot run on
        charset\s*=\s*["']?\s*       # the charset attribute or the charset= inside content
        (?P<name>[A-Za-z0-9_.:-]{1,40})
        """,
        regex.VERBOSE | regex.IGNORECASE,
    ),
    # <?xml version="1.0" encoding="gb2312"?>
    "xml_encoding": regex.compile(
        rb"""
        ^\s*<\?xml\b[^>]{0,200}?
        encoding\s*=\s*["'](?P<name>[A-Za-z0-9_.:-]{1,40})["']
        """,
        regex.VERBOSE | regex.IGNORECASE,
    ),
}
_TEXT_PATTERNS: dict[str, regex.Pattern[str]] = {
    # an entity declaration in a DOCTYPE internal subset: never legitimate in a report page
    "entity_declaration": regex.compile(
        r"""
        <!ENTITY\b
        """,
        regex.VERBOSE | regex.IGNORECASE,
    ),
}

# Declared names we map to a wider codec: GB18030 is a superset of GB2312 and GBK.
_CODEC_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "gb_2312-80": "gb18030", "x-gbk": "gb18030"}

_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def _declared_codec(data: bytes) -> str | None:
    """The codec a page declares in its first bytes (meta tag or XML declaration), if any."""
    head = data[:_SNIFF_BYTES]
    match = _BYTE_PATTERNS["xml_encoding"].search(head) or _BYTE_PATTERNS["meta_charset"].search(head)
    if match is None:
        return None
    name = match["name"].decode("ascii").lower()
    name = _CODEC_ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_html(data: bytes, *, source: str | None = None) -> str:
    """Decode a page: byte-order mark first, then a declared charset, then detection.

    Binary input (PDF, images, archives, NUL bytes) and text in no encoding we know raise
    :class:`UnreadableInputError`; pages over :data:`MAX_HTML_BYTES` raise
    :class:`InputTooLargeError`.

    >>> decode_html('<meta charset="gbk"><p>报告</p>'.encode("gbk"))[-9:]
    '<p>报告</p>'
    """
    if len(data) > MAX_HTML_BYTES:
        raise InputTooLargeError(f"the page is {len(data)} bytes; the limit is {MAX_HTML_BYTES} bytes", source=source)
    detected = decode(data, source=source)  # refuses binary input and unknown encodings
    if data.startswith(_BOMS):
        return detected
    declared = _declared_codec(data)
    if declared is None or declared == "utf-8":
        return detected
    try:
        return data.decode(declared)
    except UnicodeDecodeError:
        return detected  # the declaration is wrong; the content-based guess decoded cleanly


def _check_text(text: str, source: str | None) -> str:
    if len(text) > MAX_HTML_BYTES:
        raise InputTooLargeError(f"the page is {len(text)} characters; the limit is {MAX_HTML_BYTES}", source=source)
    text = check_text(text, source=source)
    match = _TEXT_PATTERNS["entity_declaration"].search(text)
    if match is not None:
        line = text.count("\n", 0, match.start()) + 1
        raise UnreadableInputError(
            "the page declares entities (<!ENTITY ...>); report pages never do, and we do not expand them",
            source=source,
            line=line,
        )
    return text


def _make_parser() -> etree.HTMLParser:
    """A parser that never reads the network or external files and drops comments and PIs."""
    return etree.HTMLParser(
        encoding="utf-8",
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def _check_depth(root: etree._Element, source: str | None) -> None:
    """Refuse trees deeper than :data:`MAX_HTML_DEPTH`, walking iteratively (no recursion)."""
    stack: list[tuple[etree._Element, int]] = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        if depth > MAX_HTML_DEPTH:
            raise InputTooLargeError(
                f"elements are nested more than {MAX_HTML_DEPTH} levels deep",
                source=source,
                line=source_line(element),
            )
        stack.extend((child, depth + 1) for child in element)


def parse_html_tree(source: bytes | str, *, source_name: str | None = None) -> tuple[str, etree._Element]:
    """Decode and parse a page; return the decoded text and the root ``<html>`` element.

    Raises :class:`UnreadableInputError` for binary or undecodable input and entity
    declarations, and :class:`InputTooLargeError` for pages over the size or depth limit.
    """
    text = decode_html(source, source=source_name) if isinstance(source, bytes) else source
    text = _check_text(text, source_name)
    if not text.strip():
        raise UnreadableInputError("the page is empty", source=source_name)
    parser = _make_parser()
    try:
        root = etree.fromstring(text.encode("utf-8"), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as error:
        raise UnreadableInputError(f"the page could not be parsed as HTML: {error}", source=source_name) from error
    if root is None:
        raise UnreadableInputError("the page holds no HTML elements", source=source_name)
    for entry in parser.error_log:
        if entry.type_name == "ERR_RESOURCE_LIMIT" or "Excessive depth" in entry.message:
            raise InputTooLargeError(
                f"the page exceeds the HTML parser's limits ({entry.message.strip()})",
                source=source_name,
                line=entry.line,
            )
    _check_depth(root, source_name)
    return text, root
