"""Warnings that compare the tables with the rest of the report: narrative numbers and 规章.

A narrative phrase is checked only when it unambiguously names a table cell: the phrase
table below is deliberately narrow, a clause that speaks of a subset (其中, 通过网络…)
or of another year is skipped, and a phrase quoted with two different numbers is
skipped too. Cells that are not numbers are not compared.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex
from attrs import frozen

from gov_disclosure.diagnostics import SourceMap
from gov_disclosure.model import AnnualReport, Count
from gov_disclosure.template import CellKey, Edition, TableKey, table_spec

from ._findings import Finding, cell_label
from ._structure import report_texts

__all__ = ["check_narrative", "check_regulations"]


@frozen
class _Phrase:
    """A narrative phrase that quotes a table number, and the cells whose sum it quotes."""

    name: str
    pattern: regex.Pattern[str]
    cells: tuple[str, ...]
    #: Cells added when the number is followed by 含上年结转 (it includes carried-over requests);
    #: without that note the number may still include them silently, so either sum agrees.
    including: tuple[str, ...] = ()
    #: Whether 其中 before the phrase makes it a subset (not for result groups, which 其中 introduces).
    subset_after_qizhong: bool = True
    #: Text the paragraph must contain for the phrase to be about disclosure requests.
    context: regex.Pattern[str] | None = None
    #: Whether the phrase quotes a group of rows, which a clause naming one reason narrows.
    group: bool = False


_NUMBER = r"(?P<number>\d{1,3}(?:,\d{3})+|\d+)"

_TOTAL_PHRASES = (
    _Phrase(
        "requests received",
        regex.compile(
            r"""
            (?:收到|受理|新收|接收)              # received
            (?:各类|各类型)?
            (?:政府)?信息公开申请
            (?:数量)?\s*+(?:共计|合计|总计|共|为|达)?\s*+
            """
            + _NUMBER
            + r"""
            \s*+件
            (?P<including>\s*+[(（]?\s*+含上(?:一)?年(?:度)?结转)?   # …件（含上年结转…）
            """,
            regex.VERBOSE,
        ),
        cells=("requests.new_received.total",),
        including=("requests.carried_over.total",),
    ),
    _Phrase(
        "reconsideration",
        regex.compile(
            r"""
            政府信息公开(?:工作)?(?:类|方面的?|相关的?)?   # must be about disclosure: bodies
            (?:被申请)?行政复议(?:案件|申请)?             # also decide 行政复议 as an authority
            \s*+(?:数量)?\s*+(?:共计|合计|共|为)?\s*+
            """
            + _NUMBER
            + r"""
            \s*+(?:件|起|宗)
            """,
            regex.VERBOSE,
        ),
        cells=("reviews.reconsideration.total",),
    ),
    _Phrase(
        "litigation",
        regex.compile(
            r"""
            政府信息公开(?:工作)?(?:类|方面的?|相关的?)?
            (?:被(?:提起|起诉)?)?(?:提起)?行政诉讼(?:案件)?
            \s*+(?:数量)?\s*+(?:共计|合计|共|为)?\s*+
            """
            + _NUMBER
            + r"""
            \s*+(?:件|起|宗)
            """,
            regex.VERBOSE,
        ),
        cells=("reviews.litigation_direct.total", "reviews.litigation_after_reconsideration.total"),
    ),
)

#: A paragraph about disclosure requests (result-group phrases are checked only there).
_ABOUT_REQUESTS = regex.compile(r"信息公开申请|依申请")


def _result_phrase(name: str, words: str, rows: tuple[str, ...]) -> _Phrase:
    """A phrase quoting one result group of table 三 (the 总计 of its rows, summed)."""
    pattern = regex.compile(
        r"""
        (?<![及和、与或不])                  # not the second half of a combined figure (予以公开及部分公开)
        (?:"""
        + words
        + r""")
        (?:答复|决定)?(?:的)?(?:申请)?
        \s*+(?:共计|共|为)?\s*+
        """
        + _NUMBER
        + r"""
        \s*+件
        """,
        regex.VERBOSE,
    )
    cells = tuple(f"requests.{row}.total" for row in rows)
    return _Phrase(name, pattern, cells, subset_after_qizhong=False, context=_ABOUT_REQUESTS, group=len(rows) > 1)


_WITHHELD_ROWS = (
    "withheld_state_secret",
    "withheld_prohibited_by_law",
    "withheld_security_stability",
    "withheld_third_party",
    "withheld_internal_affairs",
    "withheld_process_information",
    "withheld_enforcement_file",
    "withheld_query_matter",
)
_UNAVAILABLE_ROWS = ("unavailable_not_held", "unavailable_needs_creation", "unavailable_unclear")
_NOT_PROCESSED_ROWS = (
    "not_processed_petition",
    "not_processed_duplicate",
    "not_processed_publication",
    "not_processed_excessive",
    "not_processed_confirmation",
)
#: gb2019 has one （六） row, gb2021 three; cells an edition lacks are left out of the sum.
_OTHER_ROWS = ("other_handling", "other_no_correction", "other_fee_unpaid", "other_remaining")

_PHRASES: tuple[_Phrase, ...] = (
    *_TOTAL_PHRASES,
    _result_phrase("granted", "予以公开|同意公开", ("granted",)),
    _result_phrase("partially granted", "部分公开", ("partially_granted",)),
    _result_phrase("withheld", "不予公开", _WITHHELD_ROWS),
    _result_phrase("unavailable", "无法提供", _UNAVAILABLE_ROWS),
    _result_phrase("not processed", "不予处理", _NOT_PROCESSED_ROWS),
    _result_phrase("other handling", "其他处理", _OTHER_ROWS),
)

#: Words before a phrase, in the same clause, that make it quote a subset or another period.
_QUALIFIER = regex.compile(
    r"""
    通过 | 网上 | 网络 | 信函 | 当面 | 现场 | 邮件 | 传真 | 电话    # a channel
    | 上年 | 上一年 | 去年 | 同比 | 累计 | 历年                 # another period
    """,
    regex.VERBOSE,
)
_SUBSET = regex.compile(r"其中")
#: Reasons that name one row of a result group (因本机关不掌握相关信息无法提供 3 件): the
#: number is that row's, unless 等 makes it the whole group (因不掌握等原因无法提供).
_ONE_REASON = regex.compile(
    r"""
    国家秘密 | 法律行政法规 | 三安全一稳定 | 第三方 | 内部事务 | 过程性 | 执法案卷 | 查询事项   # （三）
    | 不掌握 | 另行制作 | 不明确                                                       # （四）
    | 信访 | 举报 | 投诉 | 重复 | 出版物 | 大量反复 | 确认 | 重新出具                    # （五）
    | 逾期 | 补正 | 缴纳 | 收费                                                          # （六）
    """,
    regex.VERBOSE,
)
#: Clause boundaries: a qualifier before the last one does not affect the phrase.
_CLAUSE_END = regex.compile(r"[，。；;：:！？!?,]")
#: Sentence boundaries: a year named earlier in the sentence sets the period of the phrase.
_SENTENCE_END = regex.compile(r"[。；;！？!?]")
_YEAR = regex.compile(r"(?P<year>(?:19|20)\d{2})\s*+年")
#: How far back a clause or sentence is looked at (keeps the check linear in the text).
_LOOK_BACK = 200


@frozen
class _Quote:
    phrase: _Phrase
    number: int
    text: str
    including: bool


def _quotes(report: AnnualReport) -> Iterator[_Quote]:
    for text in report_texts(report):
        for phrase in _PHRASES:
            if phrase.context is not None and not phrase.context.search(text):
                continue
            for match in phrase.pattern.finditer(text):
                if _qualified(text, match.start(), report.year, subsets=phrase.subset_after_qizhong):
                    continue
                if phrase.group and _one_reason(text, match.start()):
                    continue
                yield _Quote(
                    phrase,
                    int(match["number"].replace(",", "")),
                    match[0].strip(),
                    bool(match.groupdict().get("including")),
                )


def _qualified(text: str, start: int, year: int | None, *, subsets: bool) -> bool:
    """Whether the text before ``start`` makes the phrase speak of a subset or another period."""
    window = max(start - _LOOK_BACK, 0)
    clause = text[max((m.end() for m in _CLAUSE_END.finditer(text, window, start)), default=window) : start]
    if _QUALIFIER.search(clause) or (subsets and _SUBSET.search(clause)):
        return True
    sentence = text[max((m.end() for m in _SENTENCE_END.finditer(text, window, start)), default=window) : start]
    return any(year is None or int(m["year"]) != year for m in _YEAR.finditer(sentence))


def _one_reason(text: str, start: int) -> bool:
    """Whether the clause before ``start`` names one reason of a group without 等."""
    window = max(start - _LOOK_BACK, 0)
    clause = text[max((m.end() for m in _CLAUSE_END.finditer(text, window, start)), default=window) : start]
    return bool(_ONE_REASON.search(clause)) and "等" not in clause


def check_narrative(report: AnnualReport, source_map: SourceMap | None) -> Iterator[Finding]:
    """``narrative-mismatch`` for each unambiguous narrative number that disagrees with its cells."""
    if report.edition is Edition.LEGACY:
        return
    quotes = list(_quotes(report))
    numbers: dict[tuple[str, bool], set[int]] = {}
    for quote in quotes:
        numbers.setdefault((quote.phrase.name, quote.including), set()).add(quote.number)
    reported: set[tuple[str, bool]] = set()
    for quote in quotes:
        group = (quote.phrase.name, quote.including)
        if len(numbers[group]) > 1 or group in reported:
            continue  # the same phrase with two numbers: ambiguous; or already reported
        keys = _present(report.edition, quote.phrase.cells + (quote.phrase.including if quote.including else ()))
        table_value = _sum(report, keys)
        if table_value is None or table_value == quote.number:
            continue
        if not quote.including and quote.phrase.including:
            silent = _sum(report, keys + _present(report.edition, quote.phrase.including))
            if silent is None or silent == quote.number:
                continue  # 受理 N件 that counts carried-over requests without saying so
        reported.add(group)
        message = (
            f"the narrative says “{quote.text}” but the table has {table_value} in {_describe(keys, report.edition)}; "
            "the text and the table disagree — check which number the publisher meant (a narrative figure "
            "may count only part of the body's requests or cases)"
        )
        yield Finding.about("narrative-mismatch", message, report, keys, source_map)


def _present(edition: Edition, keys: tuple[str, ...]) -> tuple[str, ...]:
    """The keys the edition's template has (（六）其他处理 differs between editions)."""
    return tuple(key for key in keys if _has_cell(edition, key))


def _has_cell(edition: Edition, key: str) -> bool:
    cell_key = CellKey.parse(key)
    return str(cell_key) in {str(k) for k in table_spec(edition, cell_key.section).cell_keys}


def _describe(keys: tuple[str, ...], edition: Edition) -> str:
    """The cells a phrase is compared with: each with its labels, or a result group by name."""
    if len(keys) <= 2:
        return " + ".join(f"{key} ({cell_label(CellKey.parse(key), edition)})" for key in keys)
    first = CellKey.parse(keys[0])
    group = table_spec(edition, first.section).row(first.row).group or ""
    return f"the 总计 of {group} ({keys[0]} + … + {keys[-1]}, {len(keys)} rows)"


def _sum(report: AnnualReport, keys: tuple[str, ...]) -> int | None:
    """The sum of these cells, or ``None`` when a table or a number is missing."""
    total = 0
    for key in keys:
        if report.table(CellKey.parse(key).section) is None:
            return None
        value = report.cell(key)
        if not isinstance(value, Count):
            return None
        total += value.value
    return total


#: Governments below 设区的市 level, which cannot make 规章 (立法法 第九十三条): districts,
#: counties, banners, townships, towns and sub-districts. An autonomous region (自治区)
#: is provincial and excluded; county-level cities (县级市) cannot be told apart by name,
#: so they are not flagged.
_LOCAL_GOVERNMENT = regex.compile(
    r"""
    (?:(?<!自治)区 | 县 | 旗 | 乡 | 镇 | 苏木)   # the level of the body
    (?:人民政府|政府)(?:办公室)?$                # the government itself (or its office)
    | 街道(?:办事处)?$                           # a sub-district office
    """,
    regex.VERBOSE,
)


def check_regulations(report: AnnualReport, source_map: SourceMap | None) -> Iterator[Finding]:
    """``regulations-implausible`` when a district, county or town reports 规章."""
    agency = report.agency
    table = report.table(TableKey.PROACTIVE)
    if agency is None or table is None or not _LOCAL_GOVERNMENT.search(agency.replace(" ", "")):
        return
    spec = table_spec(report.edition, TableKey.PROACTIVE)
    keys = [
        CellKey(TableKey.PROACTIVE, "regulations", column.key) for column in spec.columns_of(spec.row("regulations"))
    ]
    positive = [(key, value.value) for key in keys if isinstance(value := table[key], Count) and value.value > 0]
    if not positive:
        return
    counts = ", ".join(f"{key} = {number}" for key, number in positive)
    message = (
        f"{agency} reports 规章 ({counts}) but a district, county or township government cannot make "
        "规章 (only provinces, 设区的市 and their departments can) — the numbers probably belong to "
        "行政规范性文件 or count a higher body's 规章; check the source"
    )
    yield Finding.about("regulations-implausible", message, report, [key for key, _ in positive], source_map)
