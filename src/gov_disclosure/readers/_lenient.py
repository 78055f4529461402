"""Read the narrative of a report as published: strip chrome, find headings, rejoin lines.

The input is whatever the table scanner did not claim. Each line is cleaned (web
chrome, page numbers and Markdown remnants dropped, each with a diagnostic), then
classified as a section heading, a sub-heading or text; text lines broken by hard wraps
or page breaks are rejoined. The front of the document gives the title, body, year and
date; the rest is sorted into sections. Nothing is dropped silently.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Sequence

import regex
from attrs import define, field

from gov_disclosure.canonical import unescape
from gov_disclosure.diagnostics import Severity
from gov_disclosure.model import Heading, Paragraph, Unplaced
from gov_disclosure.readers._draft import Draft, SectionDraft
from gov_disclosure.readers._front import agency_from_text, find_title, parse_date, split_title
from gov_disclosure.readers._patterns import CLOSING_MARKS, PATTERNS, TERMINAL_PUNCTUATION
from gov_disclosure.template import SECTIONS, SectionKind, SectionSpec

__all__ = ["read_lenient", "section_kind"]

#: Longest text still read as a heading.
_MAX_HEADING = 40
_MAX_SUB_HEADING = 30
#: Widest a line may fall short of the wrap width and still count as wrapped (in columns).
_WRAP_SLACK = 8
#: A line this wide without final punctuation continues across a blank line or page break.
_LONG_LINE = 40


_WIDE = regex.compile(r"[\p{East_Asian_Width=Wide}\p{East_Asian_Width=Fullwidth}]")


@define
class _Item:
    """One cleaned line: ``kind`` is text, section, sub, blank or break (page break)."""

    index: int
    kind: str
    text: str = ""
    spec: SectionSpec | None = None
    marked: bool = False  # the source marked it as a heading (Markdown #, bold)
    tail: str = ""  # the last source line joined into this item (decides the next join)
    tail_width: int = -1  # display width of the last source line (-1: not measured yet)
    parts: list[str] = field(factory=list)  # joined continuations, concatenated once at the end


@functools.lru_cache(maxsize=4096)
def section_kind(title: str) -> SectionSpec | None:
    """The template section a heading's words name (longest keyword wins), or ``None``."""
    best: tuple[int, SectionSpec] | None = None
    compact = regex.sub(r"\s+", "", title)
    for spec in SECTIONS:
        for keyword in spec.keywords:
            if keyword in compact and (best is None or len(keyword) > best[0]):
                best = (len(keyword), spec)
    return best[1] if best else None


def _width(text: str) -> int:
    """Display width: wide (CJK) characters count two columns."""
    return len(text) + len(_WIDE.findall(text))


#: First characters of lines that may be Markdown markup (checked before any pattern runs).
_MARKUP_START = frozenset("#|-*_=>:")
#: Chrome and page numbers are short lines; longer ones are never tested against them.
_MAX_CHROME = 120
_MAX_PAGE_NUMBER = 24


def _clean(index: int, raw: str, draft: Draft) -> _Item:
    """Strip one line of Markdown remnants, chrome and page numbers."""
    text = raw.strip()
    if not text:
        return _Item(index, "blank")
    marked = False
    if text[0] in _MARKUP_START:
        markup = _markup(index, text, draft)
        if isinstance(markup, _Item):
            return markup
        text, marked = markup
    if "**" in text:
        text = PATTERNS["md_bold_inline"].sub("", text)
        draft.note("markdown-stripped", "bold markers (**) were removed from the text", index)
    if "\\" in text or "&" in text:
        plain = unescape(text)
        if plain and plain == plain.strip() and "\n" not in plain and "\r" not in plain:
            text = plain
    if len(text) <= _MAX_PAGE_NUMBER and PATTERNS["page_number"].match(text):
        draft.note("page-number-dropped", f"page number {text!r} dropped", index)
        return _Item(index, "break")
    if draft.published is None and ("日期" in text or "时间" in text):
        label = PATTERNS["published_label"].search(text)
        if label is not None:
            draft.published = parse_date(label)
    if len(text) <= _MAX_CHROME and _is_chrome(text):
        draft.note("chrome-dropped", f"web page text {text[:30]!r} dropped", index)
        return _Item(index, "blank")
    return _Item(index, "text", text, marked=marked)


def _is_chrome(text: str) -> bool:
    """A chrome line, or chrome items laid out side by side (打印本页, 关闭窗口 on one line)."""
    if PATTERNS["chrome"].match(text):
        return True
    if "\t" not in text and "  " not in text:
        return False
    return all(PATTERNS["chrome"].match(piece) for piece in PATTERNS["column_gap"].split(text))


def _markup(index: int, text: str, draft: Draft) -> _Item | tuple[str, bool]:
    """Markdown remnants at a line start: a dropped/unplaced item, or the text without them."""
    marked = False
    heading = PATTERNS["md_heading"].match(text)
    if heading is not None:
        text, marked = heading["text"].strip(), True
        if not text:
            draft.note("markdown-dropped", "an empty Markdown heading marker was dropped", index)
            return _Item(index, "blank")
    if PATTERNS["md_table_rule"].match(text):
        draft.note(
            "markdown-dropped", "a Markdown table delimiter row the table reader did not claim was dropped", index
        )
        return _Item(index, "blank")
    if PATTERNS["md_table_row"].match(text):
        draft.note(
            "table-row-unplaced",
            "a table row the table reader did not claim was kept as unplaced content",
            index,
            Severity.WARNING,
        )
        draft.unplaced.append(Unplaced(text, index + 1))
        return _Item(index, "blank")
    if PATTERNS["md_rule"].match(text):
        draft.note("markdown-dropped", f"a Markdown rule {text!r} was dropped", index)
        return _Item(index, "blank")
    bold = PATTERNS["md_bold_line"].match(text)
    if bold is not None:
        text, marked = bold["text"].strip(), True
    text = text.removeprefix("> ").strip()
    return text, marked


def _classify(item: _Item) -> None:
    """Mark section headings and sub-headings among text items."""
    text = item.text
    match = PATTERNS["section_heading"].match(text)
    if match is not None and len(text) <= _MAX_HEADING and "。" not in text[:-1]:
        item.kind, item.spec = "section", section_kind(match["title"])
        return
    if item.marked and len(text) <= _MAX_HEADING and not PATTERNS["sub_heading"].match(text):
        spec = section_kind(text)
        item.kind, item.spec = ("section", spec) if spec is not None else ("sub", None)
        return
    if item.marked:
        item.kind = "sub"
        return
    if PATTERNS["sub_heading"].match(text) and len(text) <= _MAX_SUB_HEADING and "。" not in text[:-1]:
        numbered_list = text[0].isdigit()
        if not numbered_list or "。" not in text:
            item.kind = "sub"


def _measure(item: _Item) -> int:
    """The display width of an item's last source line, measured once."""
    if item.tail_width < 0:
        item.tail_width = _width(item.tail or item.text)
    return item.tail_width


def _wrap_width(items: Sequence[_Item]) -> int | None:
    """The width text lines were hard-wrapped at, when most long lines share one width."""
    widths = Counter(_measure(item) for item in items if item.kind == "text" and len(item.text) >= 10)
    total = sum(widths.values())
    if total < 5:
        return None
    best, best_count = 0, 0
    for width in widths:
        count = sum(n for w, n in widths.items() if width - 3 <= w <= width)
        if count > best_count or (count == best_count and width > best):
            best, best_count = width, count
    return best if best_count >= max(4, total // 5) else None


def _continues(previous: _Item, nxt: _Item, wrap: int | None, gap: str | None) -> bool:
    """Whether ``nxt`` continues the sentence ``previous`` broke off (gap: blank/break/None)."""
    if previous.kind != "text" or nxt.kind != "text" or PATTERNS["starts_like_item"].match(nxt.text):
        return False
    if PATTERNS["continuation_start"].match(nxt.text):
        return True
    last_line = previous.tail or previous.text
    if _ends_sentence(last_line):
        return False
    width = _measure(previous)
    wrapped = wrap is not None and width >= wrap - _WRAP_SLACK
    if gap is None:
        return wrapped
    return wrapped or width >= 2 * _LONG_LINE or (gap == "break" and width >= _LONG_LINE)


def _ends_sentence(text: str) -> bool:
    """Whether a line ends a sentence: 。 or 。” (a closing mark alone does not)."""
    stripped = text.rstrip("".join(CLOSING_MARKS))
    return bool(stripped) and stripped[-1] in TERMINAL_PUNCTUATION


def _join(items: list[_Item], draft: Draft, wrap: int | None) -> list[_Item]:
    """Rejoin text lines split by hard wraps and page breaks; keep blanks as separators."""
    out: list[_Item] = []
    gap: str | None = None
    for item in items:
        if item.kind in ("blank", "break"):
            gap = "break" if item.kind == "break" or gap == "break" else "blank"
            continue
        last = out[-1] if out else None
        if last is not None and _continues(last, item, wrap, gap):
            separator = " " if (last.tail or last.text)[-1].isascii() and item.text[0].isascii() else ""
            last.parts.append(separator + item.text)
            last.tail, last.tail_width = item.text, _measure(item)
            code = "paragraph-rejoined" if gap is None else "paragraph-rejoined-page-break"
            draft.note(code, "a line broken mid-sentence was joined to the previous one", item.index)
        else:
            if gap is not None and out:
                out.append(_Item(item.index, "blank"))
            out.append(item)
        gap = None
    for item in out:
        if item.parts:
            item.text = item.text + "".join(item.parts)
            item.parts.clear()
    return out


def read_lenient(lines: Sequence[str], claimed: frozenset[int], draft: Draft, *, legacy: bool) -> None:
    """Fill ``draft`` with the narrative of the unclaimed lines (legacy: free-form sections)."""
    items = [_clean(index, line, draft) for index, line in enumerate(lines) if index not in claimed]
    for item in items:
        if item.kind == "text":
            _classify(item)
    first_section = next((i for i, item in enumerate(items) if item.kind == "section"), len(items))
    wrap = _wrap_width(items)
    front = _front_matter(items[:first_section], draft)
    body = _join(items[first_section:], draft, wrap)
    for item in _join(front, draft, wrap):
        if item.kind in ("text", "sub"):
            draft.preamble.append(Paragraph(item.text))
    _published_at_end(body, draft)
    _sections(body, draft, legacy=legacy)


def _front_matter(items: list[_Item], draft: Draft) -> list[_Item]:
    """Take title, body, year and date out of the front; return what is left (preamble)."""
    texts = [item for item in items if item.kind not in {"blank", "break"}]
    found = find_title([item.text for item in texts])
    title_parts: set[int] = set()
    if found is not None:
        first, last = found
        parts = texts[first : last + 1]
        draft.title = "".join(item.text for item in parts)
        title_parts = {item.index for item in parts}
        draft.agency, draft.year = split_title(draft.title)
    compact_title = regex.sub(r"\s+", "", draft.title or "")
    rest: list[_Item] = []
    for item in items:
        if item.index in title_parts:
            continue
        if item.kind in ("text", "sub"):
            compact = regex.sub(r"\s+", "", item.text)
            if compact_title and len(compact) >= 4 and compact in compact_title:
                draft.note("title-repeated", f"a repeated title line {item.text!r} was dropped", item.index)
                continue
            date = PATTERNS["date_line"].match(item.text)
            if date is not None and (parsed := parse_date(date)) is not None:
                if draft.published is None:
                    draft.published = parsed
                draft.note("date-extracted", f"the line {item.text!r} was read as the published date", item.index)
                continue
        rest.append(item)
    if draft.agency is None:
        draft.agency = agency_from_text([item.text for item in items if item.kind != "blank"])
        if draft.agency is not None:
            draft.note("agency-from-text", f"the issuing body {draft.agency!r} was taken from the text", None)
    return rest


def _published_at_end(body: list[_Item], draft: Draft) -> None:
    """A date on the last text line is the published date (signature block)."""
    texts = [item for item in body if item.kind == "text"]
    if not texts:
        return
    last = texts[-1]
    date = PATTERNS["date_line"].match(last.text)
    if date is not None and (parsed := parse_date(date)) is not None:
        if draft.published is None:
            draft.published = parsed
        last.kind = "blank"
        draft.note("date-extracted", f"the closing line {last.text!r} was read as the published date", last.index)


def _sections(body: list[_Item], draft: Draft, *, legacy: bool) -> None:
    """Sort body items into sections by their headings (legacy: every numbered heading)."""
    current: SectionDraft | None = None
    by_kind: dict[SectionKind, SectionDraft] = {}
    first_heading: dict[SectionKind, str] = {}
    for item in body:
        if item.kind == "blank":
            continue
        if item.kind == "section" and legacy:
            current = SectionDraft(title=item.text, kind=None, line=item.index)
            draft.sections.append(current)
            continue
        if item.kind == "section":
            spec = item.spec
            if spec is None:
                if current is None:
                    current = SectionDraft(title=item.text, kind=None, line=item.index)
                    draft.sections.append(current)
                else:
                    current.blocks.append(Heading(item.text))
                    draft.note(
                        "section-heading-unknown",
                        f"the heading {item.text!r} names no template section; kept as a sub-heading",
                        item.index,
                    )
                continue
            existing = by_kind.get(spec.kind)
            if existing is not None:
                if existing is not current:
                    draft.note(
                        "section-merged",
                        f"the heading {item.text!r} repeats section {spec.heading}; its content joins that section",
                        item.index,
                    )
                    current = existing
                    current.blocks.append(Heading(item.text))
                elif item.text != first_heading[spec.kind]:
                    current.blocks.append(Heading(item.text))
                    draft.note(
                        "section-heading-repeated",
                        f"the heading {item.text!r} names the current section again; kept as a sub-heading",
                        item.index,
                    )
                else:
                    draft.note("section-heading-repeated", f"a repeated heading {item.text!r} was dropped", item.index)
                continue
            current = SectionDraft(title=item.text, kind=spec.kind, line=item.index)
            by_kind[spec.kind] = current
            first_heading[spec.kind] = item.text
            draft.sections.append(current)
            continue
        block = Heading(item.text) if item.kind == "sub" else Paragraph(item.text)
        if current is None:
            draft.preamble.append(Paragraph(item.text))
        else:
            current.blocks.append(block)
