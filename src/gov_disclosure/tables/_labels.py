"""Template labels as match patterns: which row, caption, header or heading a text names.

Every pattern here is derived from :mod:`gov_disclosure.template`; a new spelling seen
in the wild is a new ``variants`` entry there, never a string here. Matching works on
:func:`~gov_disclosure.tables._lines.norm` text (NFKC, no whitespace or quotes).
"""

from __future__ import annotations

from functools import cache, lru_cache

import regex
from attrs import frozen

from gov_disclosure import template
from gov_disclosure.tables._lines import norm
from gov_disclosure.template import EDITIONS, Edition, TableKey

__all__ = [
    "PROACTIVE_CORNER",
    "Hit",
    "caption_block",
    "caption_prefix",
    "column_words",
    "edition_votes",
    "group_labels",
    "is_fragment",
    "match_rows",
    "money_headers",
    "proactive_row_at_start",
    "review_words",
    "section_heading",
    "table_words",
]

_PATTERNS = {
    # A section heading: an ordinal or Markdown heading marker, then a short title.
    "ordinal": regex.compile(r"^[一二三四五六七八九十]+[、.]"),
    # Leading numbering of a sub-row (1. / (三)) that a partial label may start with.
    "numbering_start": regex.compile(r"\d\.|\([一二三四五六七八九十]\)"),
}

_MIN_PARTIAL = 5  # characters a broken label fragment needs before it names a row
_PARTIAL_SHARE = 0.4  # and the share of the label it must cover


@frozen
class Hit:
    """A row label found in a text: the row, where it started, how long it was, how sure."""

    row: str
    start: int
    length: int
    exact: bool


@cache
def _row_labels(key: TableKey) -> tuple[tuple[str, str], ...]:
    """(normalised label, row key) for every row of a table in every gb edition, longest first."""
    pairs: set[tuple[str, str]] = set()
    for edition in (Edition.GB2019, Edition.GB2021):
        for row in EDITIONS[edition].table(key).rows:
            for label in row.labels:
                pairs.add((norm(label), row.key))
    return tuple(sorted(pairs, key=lambda p: (-len(p[0]), p)))


@cache
def _fuzzy(label: str) -> regex.Pattern[str]:
    errors = 1 if len(label) < 16 else 2
    return regex.compile(f"(?:{regex.escape(label)}){{e<={errors}}}", regex.BESTMATCH)


def match_rows(text: str, key: TableKey, *, fuzzy: bool = True) -> tuple[Hit, ...]:
    """Rows of table ``key`` whose label occurs in ``text`` (normalised), best first.

    Exact occurrences first, then a fragment that starts a label (a label broken across
    lines), then (labels of 8+ characters) a match with one or two typos. Among hits the
    one that starts last wins: ``(三)不予公开1.属于国家秘密`` names the sub-row. Only the
    first :data:`_WINDOW` characters are looked at: a row label starts near the line's
    start (after group labels at most), so the cost per line is bounded.

    >>> [h.row for h in match_rows(norm("（三）不予公开 1.属于国家秘密"), TableKey.REQUESTS)]
    ['withheld_state_secret']
    """
    return _match_rows(text[:_WINDOW], key, fuzzy)


_WINDOW = 160  # characters of a line that may hold a row label (group labels, then the label)


@lru_cache(maxsize=8192)
def _match_rows(text: str, key: TableKey, fuzzy: bool) -> tuple[Hit, ...]:
    hits: dict[str, Hit] = {}
    for label, row in _row_labels(key):
        pos = text.find(label)
        if pos >= 0 and _label_prefix_ok(text[:pos]) and _better(Hit(row, pos, len(label), exact=True), hits.get(row)):
            hits[row] = Hit(row, pos, len(label), exact=True)
    if not hits:
        starts = [0, *(m.start() for m in _PATTERNS["numbering_start"].finditer(text) if m.start() > 0)]
        for start in starts:
            fragment = text[start:]
            if len(fragment) < _MIN_PARTIAL:
                continue
            for label, row in _row_labels(key):
                if label.startswith(fragment) and len(fragment) >= _PARTIAL_SHARE * len(label):
                    hit = Hit(row, start, len(fragment), exact=False)
                    if _better(hit, hits.get(row)):
                        hits[row] = hit
    if not hits and fuzzy and len(text) <= _FUZZY_MAX:
        for label, row in _row_labels(key):
            if len(label) < _FUZZY_MIN or not any(chunk in text for chunk in _chunks(label)):
                continue
            match = _fuzzy(label).search(text)
            if match is not None:
                hit = Hit(row, match.start(), len(match.group()), exact=False)
                if _better(hit, hits.get(row)):
                    hits[row] = hit
    return tuple(sorted(hits.values(), key=lambda h: (-h.start, -h.length)))


_FUZZY_MIN = 8  # labels shorter than this are matched exactly only
_FUZZY_MAX = 80  # texts longer than this are not searched with typos


@cache
def _chunks(label: str) -> tuple[str, ...]:
    """Pieces of a label one of which any match with at most ``e`` typos contains exactly.

    With ``e`` errors, a label cut into ``e + 1`` pieces keeps at least one piece intact
    (pigeonhole), so a text containing none of them cannot match: a cheap filter before
    the fuzzy search.
    """
    errors = 1 if len(label) < 16 else 2
    size = len(label) // (errors + 1)
    return tuple(label[i * size : (i + 1) * size if i < errors else len(label)] for i in range(errors + 1))


_MAX_PREFIX_DEBRIS = 4  # characters of a vertical label (本, 办理, （三）不) allowed before a row label


def _label_prefix_ok(prefix: str) -> bool:
    """Text before a row label must be group labels or a little label debris, not a sentence."""
    if len(prefix) <= _MAX_PREFIX_DEBRIS:
        return True
    for group in group_labels():
        prefix = prefix.replace(group, "")
    return len(prefix) <= _MAX_PREFIX_DEBRIS


@cache
def _all_labels(key: TableKey) -> tuple[str, ...]:
    labels = {label for label, _ in _row_labels(key)}
    if key is TableKey.REQUESTS:
        labels.update(group_labels())
    return tuple(labels)


def is_fragment(text: str, key: TableKey) -> bool:
    """Whether a label text is short debris or a piece of some row or group label of table ``key``."""
    return len(text) <= _MAX_PREFIX_DEBRIS or any(text in label for label in _all_labels(key))


def _better(new: Hit, old: Hit | None) -> bool:
    return old is None or (new.exact, new.length) > (old.exact, old.length)


@cache
def _proactive_labels() -> tuple[tuple[str, str], ...]:
    return _row_labels(TableKey.PROACTIVE)


def proactive_row_at_start(label: str) -> str | None:
    """The proactive row whose label starts ``label`` (normalised), or ``None``."""
    for text, row in _proactive_labels():
        if label.startswith(text):
            return row
    return None


def caption_block(text: str) -> str | None:
    """The block caption (``第二十条第（一）项``) a normalised line starts with, or ``None``."""
    for normal, caption in _captions():
        if text.startswith(normal):
            return caption
    return None


@cache
def _captions() -> tuple[tuple[str, str], ...]:
    """(normalised caption, official caption) of every block of both editions."""
    pairs = {
        (norm(block.caption), block.caption)
        for edition in (Edition.GB2019, Edition.GB2021)
        for block in EDITIONS[edition].table(TableKey.PROACTIVE).blocks
    }
    return tuple(sorted(pairs))


@cache
def caption_prefix() -> str:
    """What every normalised block caption starts with (``第二十条``)."""
    normals = [normal for normal, _ in _captions()]
    prefix = normals[0]
    for normal in normals[1:]:
        while not normal.startswith(prefix):
            prefix = prefix[:-1]
    return prefix.split("第(")[0] or prefix


#: The corner header of table 二 (``信息内容``): not a template label, but printed by every report.
PROACTIVE_CORNER = "信息内容"


@cache
def money_headers() -> tuple[str, ...]:
    """Normalised money column labels without their unit note (采购总金额, 本年收费金额)."""
    words = {
        norm(column.label).split("(")[0]
        for edition in (Edition.GB2019, Edition.GB2021)
        for row in EDITIONS[edition].table(TableKey.PROACTIVE).rows
        for column in row.columns
        if column.kind is template.ValueKind.MONEY
    }
    return tuple(sorted(words))


@cache
def review_words() -> tuple[str, ...]:
    """Normalised labels of table 四: its rows, row groups and columns."""
    words = {norm(row.label) for row in template.REVIEWS_ROWS}
    words.update(norm(row.group) for row in template.REVIEWS_ROWS if row.group)
    words.update(norm(column.label) for column in template.REVIEWS_COLUMNS if column.key != "total")
    return tuple(sorted(words))


@cache
def group_labels() -> tuple[str, ...]:
    """Normalised merged group labels of table 三 (三、本年度办理结果, （三）不予公开 …)."""
    groups: set[str] = set()
    for edition in (Edition.GB2019, Edition.GB2021):
        for row in EDITIONS[edition].table(TableKey.REQUESTS).rows:
            if row.group:
                groups.add(norm(row.group))
    return tuple(sorted(groups, key=len, reverse=True))


@cache
def column_words(key: TableKey, edition: Edition | None = None) -> tuple[str, ...]:
    """Normalised column labels of a table (one edition, or both gb editions)."""
    editions = (edition,) if edition else (Edition.GB2019, Edition.GB2021)
    words: set[str] = set()
    for ed in editions:
        spec = EDITIONS[ed].table(key)
        for row in spec.rows:
            for column in spec.columns_of(row):
                words.update(norm(label) for label in column.labels)
    return tuple(sorted(words, key=len, reverse=True))


@cache
def edition_votes() -> dict[str, Edition]:
    """Normalised proactive column labels that belong to only one edition."""
    only_2019 = set(column_words(TableKey.PROACTIVE, Edition.GB2019))
    only_2021 = set(column_words(TableKey.PROACTIVE, Edition.GB2021))
    common = only_2019 & only_2021
    votes = dict.fromkeys(only_2019 - common, Edition.GB2019)
    votes.update(dict.fromkeys(only_2021 - common, Edition.GB2021))
    return votes


@cache
def table_words() -> tuple[str, ...]:
    """Every normalised template word a table line may start with (rows, groups, columns, captions)."""
    words: set[str] = {
        norm(template.REQUESTS_APPLICANT_HEADER),
        norm(template.REQUESTS_LEGAL_ENTITY_HEADER),
        norm(template.REQUESTS_CORNER_NOTE),
        norm(template.RESULTS_GROUP),
        caption_prefix(),
        PROACTIVE_CORNER,
    }
    for key in TableKey:
        words.update(label for label, _ in _row_labels(key))
        words.update(column_words(key))
    words.update(group_labels())
    for row in template.REVIEWS_ROWS:
        if row.group:
            words.add(norm(row.group))
    for spec in (EDITIONS[Edition.GB2019], EDITIONS[Edition.GB2021]):
        for block in spec.table(TableKey.PROACTIVE).blocks:
            words.add(norm(block.caption))
    # Labels without their numbering (1.属于国家秘密 → 属于国家秘密) can start a line too.
    stripped = {regex.sub(r"^(?:\d\.|\([一二三四五六七八九十]\)|[一二三四五六七八九十]、)", "", w) for w in words}
    words.update(w for w in stripped if len(w) >= 2)
    return tuple(sorted(words, key=len, reverse=True))


@cache
def _section_keywords() -> tuple[tuple[str, template.SectionKind], ...]:
    return tuple((norm(k), spec.kind) for spec in template.SECTIONS for k in spec.keywords)


@lru_cache(maxsize=4096)
def section_heading(raw: str) -> template.SectionKind | None:
    """The section a line heads (``三、收到和处理…``, ``## 四、…``), or ``None``.

    A heading is short, starts with a Chinese ordinal (after Markdown ``#``), has no
    sentence end, and contains one of the section's keywords.
    """
    stripped = raw.strip().lstrip("#").strip()
    if not stripped or stripped[0] not in _ORDINALS or len(stripped) > _MAX_HEADING:
        return None
    text = norm(stripped)
    if not any(keyword in text for keyword, _ in _section_keywords()):
        return None
    if not text or len(text) > 40 or "。" in text or not _PATTERNS["ordinal"].match(text):
        return None
    if any(h.exact for h in match_rows(text, TableKey.REQUESTS, fuzzy=False)):
        return None
    for keyword, kind in _section_keywords():
        if keyword in text:
            return kind
    return None


_ORDINALS = frozenset("一二三四五六七八九十")
_MAX_HEADING = 80  # characters of a heading line, spaces included
