"""The structure reader's patterns, compiled once, each with what it recognises.

Every pattern is anchored and uses bounded repetition or simple classes, so matching a
line is linear in its length (no nested quantifiers that could backtrack).
"""

from __future__ import annotations

import regex

__all__ = ["CHINESE_DIGITS", "CLOSING_MARKS", "PATTERNS", "TERMINAL_PUNCTUATION"]

CHINESE_DIGITS = "一二三四五六七八九十"
#: Characters that end a sentence (a line ending in one is not a broken line).
TERMINAL_PUNCTUATION = frozenset("。！？；!?;…:：")
#: Closing marks that end a sentence only right after terminal punctuation (。” / 。）).
CLOSING_MARKS = frozenset('”」』】)）’"')

_V = regex.VERBOSE

PATTERNS: dict[str, regex.Pattern[str]] = {
    # Markdown heading marker: "## 一、总体情况" (captures the level and the text).
    "md_heading": regex.compile(r"^(?P<marks>\#{1,6})[ \t]*(?P<text>.*?)[ \t]*\#*[ \t]*$", _V),
    # Bold wrapped around a whole line: "**一、总体情况**".
    "md_bold_line": regex.compile(r"^(?:\*\*|__)(?P<text>[^*_].*?)(?:\*\*|__)$", _V),
    # Bold markers inside a line (dropped, text kept).
    "md_bold_inline": regex.compile(r"\*\*(?=\S)|(?<=\S)\*\*"),
    # A Markdown table delimiter row: |---|:--:|.
    "md_table_rule": regex.compile(r"^\|?(?:\s*:?-{2,}:?\s*\|)+\s*:?-*:?\s*\|?$"),
    # A Markdown table row that the table scanner left: | 规章 | 22 |.
    "md_table_row": regex.compile(r"^\|.*\|$"),
    # Horizontal rules and other pure-markup lines.
    "md_rule": regex.compile(r"^(?:[-*_=]\s*){3,}$", _V),
    # A page number on its own line: "- 3 -", "— 1 —", "-3 -", "第 2 页", "2/10".
    "page_number": regex.compile(
        r"""
        ^(?:
            [-–—－―]{1,2}\s*\d{1,3}\s*[-–—－―]{1,2}     # - 3 -  /  — 1 —
          | 第\s*\d{1,3}\s*页(?:\s*[，,/]?\s*共\s*\d{1,3}\s*页)?   # 第 2 页（共 9 页）
          | \d{1,3}\s*/\s*\d{1,3}                       # 2/10
          | [（(]\s*\d{1,3}\s*[)）]                      # (3)
        )$
        """,
        _V,
    ),
    # Web-page chrome: navigation, counters, share buttons, font-size switches.
    "chrome": regex.compile(
        r"""
        ^(?:
            登录\s*注册 | 注册\s*登录 | 无障碍(?:浏览|阅读)? | 长者模式 | 繁体(?:版)? | 简体(?:版)? | English
          | 正文 | 首页 | 返回(?:顶部|首页)? | 打印(?:本页)? | 关闭(?:窗口|本页)? | 收藏 | 分享到[:：]?.{0,40}
          | 【?\s*字[号体][:：]?\s*[【\[]?大[】\]]?\s*[【\[]?中[】\]]?\s*[【\[]?小[】\]]?\s*】?
          | 附件(?:下载)?[:：]? | 相关(?:链接|附件)[:：]? | 扫一扫.{0,20} | 当前位置[:：].{0,80}
          | (?:(?:发布|更新|成文)(?:日期|时间)|点击(?:数|量|率)|浏览(?:次数|量)|来源|信息来源|作者|访问量)
            [:：].{0,80}
        )$
        """,
        _V,
    ),
    # A gap between items laid out side by side (tabs or runs of spaces): 打印本页\t关闭窗口.
    "column_gap": regex.compile(r"\t+\s*|\s{2,}"),
    # A numbered top-level heading: 一、总体情况 / 一. 总体情况 / 第一部分 总体情况.
    "section_heading": regex.compile(
        r"""
        ^(?:
            第\s*(?P<part>[一二三四五六七八九十]{1,3})\s*部分\s*[、.．:：]?   # 第一部分 总体情况
          | (?P<number>[一二三四五六七八九十]{1,3})\s*[、.．]                # 一、总体情况
        )\s*(?P<title>\S.{0,60})$
        """,
        _V,
    ),
    # A numbered sub-heading: （一）… / (一) … / 1. … / 1、…
    "sub_heading": regex.compile(
        r"""
        ^(?:
            [（(]\s*[一二三四五六七八九十]{1,3}\s*[)）]
          | [0-9]{1,2}\s*[、.．]
          | [①-⑳]
        )\s*\S
        """,
        _V,
    ),
    # Anything that starts like a heading or list item (never joined onto a previous line).
    "starts_like_item": regex.compile(
        r"""
        ^(?:
            [一二三四五六七八九十]{1,3}\s*[、.．]
          | [（(]\s*[一二三四五六七八九十0-9]{1,3}\s*[)）]
          | [0-9]{1,2}\s*[、.．)）]
          | [①-⑳]
          | [一二三四五六七八九十]是
          | \#
        )
        """,
        _V,
    ),
    # Characters that cannot start a sentence: a line starting with one continues the last.
    "continuation_start": regex.compile(r"^[，。、；：）」』”》,.;:)]"),
    # A year in Chinese numerals: 二〇二一年 / 二零二一年.
    "chinese_year": regex.compile(r"(?P<digits>[一二][〇零○Ｏ][一二三四五六七八九〇零○Ｏ]{2})\s*年"),
    # Full-width digits, read as ASCII for years.
    "wide_digits": regex.compile(r"[０-９]+"),
    # A four-digit year followed by 年.
    "year": regex.compile(r"(?P<year>(?:19|20)\d{2})\s*年"),
    # A date: 2026年1月23日 / 2018-12-28 / 2018/12/28 / 2018.12.28.
    "date": regex.compile(
        r"""
        (?P<year>(?:19|20)\d{2})\s*(?:年|-|/|\.)\s*(?P<month>\d{1,2})\s*(?:月|-|/|\.)\s*(?P<day>\d{1,2})\s*日?
        """,
        _V,
    ),
    # A line that is only a date, maybe in brackets: （2026年1月23日）.
    "date_line": regex.compile(
        r"""
        ^[（(]?\s*(?:(?P<label>发布(?:日期|时间)|日期)\s*[:：]\s*)?
        (?P<year>(?:19|20)\d{2})\s*(?:年|-|/|\.)\s*(?P<month>\d{1,2})\s*(?:月|-|/|\.)\s*(?P<day>\d{1,2})\s*日?
        \s*[)）]?$
        """,
        _V,
    ),
    # The published-date label anywhere in a chrome line: 发布日期:2018-12-28.
    "published_label": regex.compile(
        r"""
        (?:发布|公开|成文)(?:日期|时间)\s*[:：]\s*
        (?P<year>(?:19|20)\d{2})\s*(?:年|-|/|\.)\s*(?P<month>\d{1,2})\s*(?:月|-|/|\.)\s*(?P<day>\d{1,2})
        """,
        _V,
    ),
    # The words that make a line a report title.
    "title_words": regex.compile(r"(?:信息公开|政务公开)?(?:工作)?(?:年度)?(?:报告|年报)\s*$"),
    "title_core": regex.compile(r"(?:政府信息公开|信息公开|政务公开)[^。，,]{0,12}(?:报告|年报)"),
    # Split a title into agency and year: [2018年]AGENCY[2020 年][政府]信息公开工作年度报告.
    "title_parts": regex.compile(
        r"""
        ^(?:(?P<year1>(?:19|20)\d{2})\s*年度?\s*)?
        (?P<agency>\S.*?)\s*
        (?:(?P<year2>(?:19|20)\d{2})\s*年度?\s*)?
        (?:关于)?(?P<gov>政府)?(?:信息公开|政务公开|政府信息与政务公开)
        """,
        _V,
    ),
    # Bodies named before 政府信息公开 that keep 政府 in their name: 金林区政府, 淮安市政府.
    "keeps_government": regex.compile(r"(?:人民|[省市区县镇乡旗州盟])$"),
    # Fallback agency phrases: 由X编制 / 发布机关：X.
    "made_by": regex.compile(r"由\s*(?P<agency>[^\s，,。（(《]{2,30}?)\s*(?:根据[^。]{0,80}?)?(?:编制|制作|发布|编写)"),
    "agency_label": regex.compile(r"^(?:发布机关|发布单位|公开单位|编制单位)\s*[:：]\s*(?P<agency>\S.{0,40})$"),
    # The statistics period: 统计期限自 2023年1月1日 / 数据统计时限为2019年1月1日至.
    "period": regex.compile(r"(?:统计|时限|期限|周期)[^。]{0,20}?(?P<year>(?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日"),
    # A body name line: ends like the name of a government body.
    "body_name": regex.compile(
        r"(?:人民政府|政府|办公厅|办公室|委员会|委|局|厅|署|院|中心|街道办事处|办事处|管委会|镇|乡|街道)$"
    ),
}
