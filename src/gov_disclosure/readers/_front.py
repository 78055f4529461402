"""Front matter of a report read leniently: title, issuing body, year and date.

Titles come in many shapes: one line (``2019年金林区政府信息公开工作年度报告``), the body
name on its own line above the year and report words, or a title broken after
``政府信息公开`` with ``工作年度报告`` on the next line. The body is read exactly as the
title writes it.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence

import regex

from gov_disclosure.readers._patterns import PATTERNS

__all__ = ["agency_from_text", "find_title", "guess_year", "parse_date", "split_title", "year_in"]

#: How many text lines at the top may hold the title.
_TITLE_WINDOW = 12
#: Longest line still taken for a title fragment or a body name.
_MAX_TITLE_PART = 40


#: Words a title may start with that name no body.
_NOT_A_BODY = frozenset(("政府", "人民政府", "本机关", "我单位", "本单位", "关于"))


def _compact(text: str) -> str:
    return regex.sub(r"\s+", "", text)


def find_title(texts: Sequence[str]) -> tuple[int, int] | None:
    """The ``(first, last)`` positions (inclusive) of the title among the leading text lines."""
    window = list(texts[:_TITLE_WINDOW])
    for i, text in enumerate(window):
        if len(text) > 2 * _MAX_TITLE_PART or text.endswith("。"):
            continue
        first, last = i, i
        if PATTERNS["title_core"].search(text) is None:
            if i + 1 >= len(window) or len(window[i + 1]) > _MAX_TITLE_PART:
                continue
            joined = PATTERNS["title_core"].search(text + window[i + 1])
            if joined is None or joined.end() <= len(text):  # the second line must carry the title's end
                continue
            last = i + 1
        if (
            PATTERNS["year"].match(text.lstrip()) is not None or text.lstrip().startswith(("政府信息公开", "信息公开"))
        ) and i > 0:
            previous = window[i - 1]
            if len(previous) <= _MAX_TITLE_PART and PATTERNS["body_name"].search(previous) and "。" not in previous:
                first = i - 1
        return first, last
    return None


def split_title(title: str) -> tuple[str | None, int | None]:
    """The issuing body and year a title names.

    >>> split_title("2018年梅河口市黑山头镇人民政府信息公开工作年度报告")
    ('梅河口市黑山头镇人民政府', 2018)
    >>> split_title("2019年金林区政府信息公开工作年度报告")
    ('金林区政府', 2019)
    >>> split_title("湛河区曹镇乡人民政府2020 年政府信息公开工作年度报告")
    ('湛河区曹镇乡人民政府', 2020)
    """
    year = year_in(title)
    text = regex.sub(r"^[#*\s]+|[*\s]+$", "", _arabic_years(title))
    match = PATTERNS["title_parts"].match(text)
    if match is None:
        return None, year
    agency = match["agency"].strip(" \u3000\t-—:：")
    if "关于" in agency:  # 某区人民政府办公室关于某区2021年… / 某县人民政府关于2021年度…
        agency = agency.split("关于", 1)[0]
    if match["gov"] and PATTERNS["keeps_government"].search(agency):
        agency += "政府"
    agency = regex.sub(r"\s+", "", agency) if regex.search(r"\p{Han}\s+\p{Han}", agency) else agency
    if len(agency) < 2 or agency in _NOT_A_BODY or PATTERNS["year"].search(agency) or len(agency) > _MAX_TITLE_PART:
        return None, year
    return agency, year


_CHINESE_DIGIT = {"〇": "0", "零": "0", "○": "0", "Ｏ": "0", "O": "0", "一": "1", "二": "2", "三": "3", "四": "4",
                  "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}  # fmt: skip


def _arabic_years(text: str) -> str:
    """Years written in Chinese numerals (二〇二一年) or full-width digits, as ASCII digits."""
    text = PATTERNS["chinese_year"].sub(lambda m: "".join(_CHINESE_DIGIT[c] for c in m["digits"]) + "年", text)
    return PATTERNS["wide_digits"].sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def year_in(text: str) -> int | None:
    """The first report year (19xx/20xx followed by 年) a text names, in any digits.

    >>> year_in("二〇二一年度政府信息公开工作报告"), year_in("２０１９年报告")
    (2021, 2019)
    """
    match = PATTERNS["year"].search(_arabic_years(text))
    return int(match["year"]) if match else None


def agency_from_text(texts: Sequence[str]) -> str | None:
    """The body named by ``由X编制`` or a ``发布机关：X`` line, when the title names none."""
    for text in texts:
        match = PATTERNS["agency_label"].match(text) or PATTERNS["made_by"].search(text)
        if match is not None:
            return str(match["agency"]).strip()
    return None


def guess_year(lines: Sequence[str]) -> int | None:
    """A first guess of the report year from the raw lines (title, else statistics period)."""
    head = [line.strip() for line in lines[:60] if line.strip()]
    for text in head[:_TITLE_WINDOW]:
        if PATTERNS["title_core"].search(text) or "年度报告" in text:
            year = year_in(text)
            if year is not None:
                return year
    for text in head:
        match = PATTERNS["period"].search(text)
        if match is not None:
            return int(match["year"])
    for text in head[:3]:
        year = year_in(text)
        if year is not None:
            return year
    return None


def parse_date(match: regex.Match[str]) -> dt.date | None:
    """The date a ``date``/``date_line``/``published_label`` match names, if it is a real date."""
    try:
        return dt.date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        return None
