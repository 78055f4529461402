"""Find the report inside a web page and mark the page chrome around and inside it.

A published report sits in a CMS container (``div#zoom``, ``.TRS_Editor``,
``#UCAP-CONTENT`` …) surrounded by navigation, headers, footers, share widgets and
attachment links. We find the container by content, not by name: the smallest element
holding the report's numbered section headings and data tables, or, when a page has
too few of those, the element holding most of the page's non-link text. Chrome is
marked, never silently lost: the flattener reports each dropped piece.
"""

from __future__ import annotations

from collections.abc import Iterable

import regex
from attrs import frozen
from lxml import etree

from gov_disclosure.readers._html_grid import TableKinds, normalise_space, source_line, text_of
from gov_disclosure.template import SECTIONS

__all__ = ["FORMAT_ATTRIBUTE", "PageParts", "find_parts", "section_heading_match"]

#: The attribute the HTML writer puts on its report container.
FORMAT_ATTRIBUTE = "data-gd-format"

#: Elements that never hold report text.
_NEVER_TEXT = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "object",
        "embed",
        "svg",
        "canvas",
        "button",
        "select",
        "input",
        "textarea",
        "map",
        "audio",
        "video",
        "link",
        "meta",
        "head",
        "title",
        "base",
    }
)
#: Elements that are page furniture unless they hold the report itself.
_FURNITURE = frozenset({"nav", "header", "footer", "aside", "form", "menu"})
#: A child must hold this share of its parent's text for the density search to descend.
_DENSITY_SHARE = 0.7
#: Ascending from the headings' container stops when the parent adds more than this share.
_ASCEND_SHARE = 0.25
#: Chrome lines inside the body are short; longer text is report content.
_MAX_CHROME_CHARS = 60
#: The characters chrome text (``_PATTERNS["chrome_text"]``) can start with.
_CHROME_STARTS = frozenset("【[附相打关返分收扫字大")
#: A title stands near the top of the page: only this many elements outside the body are tried.
_MAX_TITLE_CANDIDATES = 2000
#: A report title is a short line.
_MAX_TITLE_CHARS = 100
#: Where a title outside the body may stand, most likely first.
_TITLE_TAGS = ("h1", "h2", "h3", "h4", "strong", "b", "p", "div", "td", "span")

_SECTION_KEYWORDS = tuple(keyword for spec in SECTIONS for keyword in spec.keywords)

_PATTERNS = {
    # A numbered section heading: 一、总体情况 / 三．收到和处理政府信息公开申请情况
    "section_heading": regex.compile(
        r"""
        ^[一二三四五六七]\s*[、.．]\s*     # Chinese ordinal and separator
        [^\n]{0,12}?                      # a few words before the keyword at most
        (?:"""
        + "|".join(regex.escape(keyword) for keyword in _SECTION_KEYWORDS)
        + r""")
        """,
        regex.VERBOSE,
    ),
    # class or id names that CMS templates give to furniture
    "chrome_name": regex.compile(
        r"""
        (?:^|[\s_-])
        (?:share|bdshare|jiathis|bsharebar|nav|navbar|menu|breadcrumbs?|crumbs?|position|location
          |footer|foot|header|head|top|toolbar|tools|print|sidebar|side|related|relevant|pager
          |pagination|copyright|login|search|fontsize|font-size|qrcode|ewm)
        (?:$|[\s_-]|\d)
        """,
        regex.VERBOSE | regex.IGNORECASE,
    ),
    # short text that is web chrome: attachments, print/close/share/font-size controls
    "chrome_text": regex.compile(
        r"""
        ^[【\[]?\s*(?:
            (?:相关)?附件(?:下载)?\s*[:：]?            # 附件下载： 附件：
          | 打印本页 | 打印\s*[】\]] | 关闭窗口 | 关闭本页 | 返回顶部 | 返回首页
          | 分享到 | 收藏本页 | 扫一扫 | 字号\s*[:：] | 字体\s*[:：]?\s*大\s*中\s*小
          | 大\s*中\s*小\s*[】\]]
        )
        """,
        regex.VERBOSE,
    ),
    # a link to a downloadable file (the report's attachments)
    "file_link": regex.compile(
        r"""
        \.(?:pdf|docx?|xlsx?|wps|et|ofd|zip|rar|7z)(?:$|[?#])
        """,
        regex.VERBOSE | regex.IGNORECASE,
    ),
    # the report title: it names a year and ends in 年度报告 / 工作报告
    "title": regex.compile(
        r"""
        (?:19|20)\d{2}\s*年       # the report year
        [^<>\n]{0,60}?             # the rest of the name (no breadcrumb arrows)
        (?:年度|工作)报告
        """,
        regex.VERBOSE,
    ),
    # a publication date in the page's header chrome
    "published": regex.compile(
        r"""
        (?:发布|成文|印发)(?:日期|时间)\s*[:：]\s*
        \d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?
        """,
        regex.VERBOSE,
    ),
}


@frozen
class PageParts:
    """The report body, the elements to leave out of it, and useful text found outside it.

    ``outside`` are the top-level elements outside the body (dropped as chrome);
    ``title`` and ``published`` are the page title and date line found outside the body
    when the body lacks them, each with the element it came from.
    """

    body: etree._Element
    skip: frozenset[etree._Element]
    outside: tuple[etree._Element, ...]
    kinds: TableKinds
    title: tuple[str, etree._Element] | None = None
    published: tuple[str, etree._Element] | None = None


def _tag(element: etree._Element) -> str:
    """The element's tag ("" for comments and the like); lxml's HTML parser lowercases tags."""
    tag = element.tag
    return tag if isinstance(tag, str) else ""


def _own_text(element: etree._Element) -> Iterable[str]:
    """The text directly inside an element (its text and its children's tails)."""
    if element.text:
        yield element.text
    for child in element:
        if child.tail:
            yield child.tail


def _text_sizes(root: etree._Element, skip: frozenset[etree._Element]) -> dict[etree._Element, int]:
    """Non-link, non-chrome characters under each element, in one iterative pass."""
    sizes: dict[etree._Element, int] = {}
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        if event == "start":
            if element in skip or _tag(element) in _NEVER_TEXT:
                walker.skip_subtree()
            continue
        size = 0 if _tag(element) == "a" else sum(len("".join(t.split())) for t in _own_text(element))
        size += sum(sizes.get(child, 0) for child in element)
        sizes[element] = size
    return sizes


def _is_chrome(element: etree._Element, holders: set[etree._Element]) -> bool:
    """Whether an element is page furniture: by tag, by CMS name, or by short chrome text."""
    tag = _tag(element)
    if tag in _NEVER_TEXT:
        return True
    if tag in _FURNITURE or element.get("role") in {"navigation", "banner", "contentinfo"}:
        return element not in holders
    names = f"{element.get('class') or ''} {element.get('id') or ''}"
    if _PATTERNS["chrome_name"].search(names):
        return element not in holders
    if tag == "a" and _PATTERNS["file_link"].search(element.get("href") or ""):
        return True
    if tag in {"p", "div", "span", "a", "li", "td"}:
        first = next((piece for piece in map(str.strip, map(str, element.itertext())) if piece), "")
        if first[:1] not in _CHROME_STARTS:  # cheap test first: most blocks are report text
            return False
        text = _short_text(element)
        return text is not None and bool(_PATTERNS["chrome_text"].match(text))
    return False


def _short_text(element: etree._Element, limit: int = _MAX_CHROME_CHARS) -> str | None:
    """The element's text when it is at most ``limit`` characters, else ``None`` (read lazily)."""
    parts: list[str] = []
    length = 0
    for piece in element.itertext():
        parts.append(str(piece))
        length += len(piece.strip())
        if length > limit:
            return None
    return normalise_space("".join(parts))


def _holders(markers: list[etree._Element]) -> set[etree._Element]:
    """Every element that holds a marker (the markers and their ancestors), in linear time."""
    holders: set[etree._Element] = set()
    for marker in markers:
        element: etree._Element | None = marker
        while element is not None and element not in holders:
            holders.add(element)
            element = element.getparent()
    return holders


def _chrome(root: etree._Element, kinds: TableKinds) -> frozenset[etree._Element]:
    holders = _holders(_markers(root, frozenset(), kinds))
    skip: set[etree._Element] = set()
    walker = etree.iterwalk(root, events=("start",))
    for _event, element in walker:
        if not isinstance(element.tag, str):
            walker.skip_subtree()
            continue
        if element is not root and _is_chrome(element, holders):
            skip.add(element)
            walker.skip_subtree()
        elif kinds.is_data(element):
            walker.skip_subtree()  # a data table is report content, cell by cell
    return frozenset(skip)


def _markers(root: etree._Element, skip: frozenset[etree._Element], kinds: TableKinds) -> list[etree._Element]:
    """Elements that hold a numbered section heading or a data table."""
    found: list[etree._Element] = []
    walker = etree.iterwalk(root, events=("start",))
    for _event, element in walker:
        tag = _tag(element)
        if element in skip or tag in _NEVER_TEXT or tag == "a":
            walker.skip_subtree()
            continue
        if kinds.is_data(element):
            found.append(element)
            walker.skip_subtree()
            continue
        if any(_PATTERNS["section_heading"].match(normalise_space(text)) for text in _own_text(element)):
            found.append(element)
    return found


def _common_ancestor(elements: list[etree._Element]) -> etree._Element:
    chains = [list(reversed([element, *element.iterancestors()])) for element in elements]
    common = chains[0][0]
    for depth in range(min(len(chain) for chain in chains)):
        if all(chain[depth] is chains[0][depth] for chain in chains):
            common = chains[0][depth]
        else:
            break
    return common


def _densest(start: etree._Element, sizes: dict[etree._Element, int], kinds: TableKinds) -> etree._Element:
    current = start
    while not kinds.is_data(current):
        children = [child for child in current if sizes.get(child, 0)]
        if not children:
            return current
        best = max(children, key=lambda child: sizes[child])
        if sizes[best] < _DENSITY_SHARE * sizes.get(current, 0):
            return current
        current = best
    return current


def _ascend(element: etree._Element, top: etree._Element, sizes: dict[etree._Element, int]) -> etree._Element:
    """Climb while the parent adds only a little text after the container (a signature, a date).

    Text before the container (a page title, a 发布时间 line) stops the climb: it is page
    furniture, and the reader picks the title and date out of it separately.
    """
    current = element
    while current is not top:
        parent = current.getparent()
        if parent is None:
            break
        before = sum(sizes.get(sibling, 0) for sibling in current.itersiblings(preceding=True))
        before += len("".join((parent.text or "").split()))
        if before or sizes.get(parent, 0) > (1 + _ASCEND_SHARE) * sizes.get(current, 0):
            break
        current = parent
    return current


def _outside(body: etree._Element, root: etree._Element) -> tuple[etree._Element, ...]:
    """The siblings of the body and of each of its ancestors: everything not in the body."""
    out: list[etree._Element] = []
    current = body
    while current is not root:
        parent = current.getparent()
        if parent is None:
            break
        out.extend(child for child in parent if child is not current and isinstance(child.tag, str))
        current = parent
    out.sort(key=lambda element: source_line(element) or 0)
    return tuple(out)


def _find_title(
    root: etree._Element, outside: tuple[etree._Element, ...], skip: frozenset[etree._Element]
) -> tuple[str, etree._Element] | None:
    """The report title outside the body: a heading first, then any short block, then <title>."""
    candidates: list[tuple[int, int, etree._Element]] = []
    for region in outside:
        walker = etree.iterwalk(region, events=("start",))
        for _event, element in walker:
            tag = _tag(element)
            if element in skip or tag in _NEVER_TEXT:
                walker.skip_subtree()
                continue
            if tag in _TITLE_TAGS:
                candidates.append((_TITLE_TAGS.index(tag), len(candidates), element))
                if len(candidates) >= _MAX_TITLE_CANDIDATES:
                    break
        if len(candidates) >= _MAX_TITLE_CANDIDATES:
            break
    for _rank, _order, element in sorted(candidates, key=lambda item: item[:2]):
        text = _short_title(element)
        if text is not None:
            return text, element
    for element in root.iter("title"):
        text = normalise_space(text_of(element))
        for separator in ("_", " - ", "|", "——", "-"):
            text = text.split(separator)[0].strip()
        if _PATTERNS["title"].search(text):
            return text, element
    return None


def _short_title(element: etree._Element) -> str | None:
    text = _short_text(element, _MAX_TITLE_CHARS)
    if text is None or len(element) > 3 or not _PATTERNS["title"].search(text):
        return None
    return text


def _find_published(outside: tuple[etree._Element, ...]) -> tuple[str, etree._Element] | None:
    """A 发布时间 line outside the body, among the first elements of the page around it."""
    seen = 0
    for region in outside:
        if _tag(region) == "head":
            continue
        for element in region.iter():
            seen += 1
            if seen > _MAX_TITLE_CANDIDATES:
                return None
            for text in _own_text(element):
                match = _PATTERNS["published"].search(normalise_space(text))
                if match is not None:
                    return match.group().strip(), element
    return None


def section_heading_match(text: str) -> bool:
    """Whether a line is a numbered section heading (一、总体情况 …)."""
    return bool(_PATTERNS["section_heading"].match(text))


def find_parts(root: etree._Element) -> PageParts:
    """Locate the report body in a parsed page and mark its chrome."""
    kinds = TableKinds()
    ours = next((element for element in root.iter() if element.get(FORMAT_ATTRIBUTE) is not None), None)
    if ours is not None:
        return PageParts(ours, frozenset(), _outside(ours, root), kinds)
    body = next(root.iter("body"), root)
    skip = _chrome(body, kinds)
    sizes = _text_sizes(body, skip)
    markers = _markers(body, skip, kinds)
    if len(markers) >= 2:
        found = _ascend(_common_ancestor(markers), body, sizes)
    else:  # too little structure to go by: the densest text, widened to hold any marker
        found = _common_ancestor([_densest(body, sizes, kinds), *markers])
    outside = _outside(found, root)
    body_text = normalise_space(text_of(found))[:300]
    title = _find_title(root, outside, skip)
    if title is not None and title[0] in body_text:
        title = None
    published = _find_published(outside)
    if published is not None and published[0] in normalise_space(text_of(found)):
        published = None
    return PageParts(found, skip, outside, kinds, title, published)
