"""The national report template as data: editions, sections, tables, labels, arithmetic.

This module is the single source of truth for everything the template fixes. Readers
match labels against it, serializers print its official labels, validation evaluates
its rules, docs and tests enumerate it. Nothing else in the package hard-codes a label:
a new label variant seen in the wild is one more string in a ``variants`` tuple here.

Cell keys follow ``shared/spec/cells.md``: ``section.row.column`` in English snake_case.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator

from attrs import field, frozen

__all__ = [
    "EDITIONS",
    "Block",
    "CellKey",
    "ColumnSpec",
    "Edition",
    "EditionSpec",
    "MoneyUnit",
    "RowSpec",
    "SectionKind",
    "SectionSpec",
    "SumRule",
    "TableKey",
    "TableSpec",
    "ValueKind",
    "cell_key",
    "edition_spec",
    "table_spec",
]


class Edition(enum.Enum):
    """Which template a report (or one of its tables) follows."""

    GB2019 = "gb2019"
    GB2021 = "gb2021"
    LEGACY = "legacy"


class TableKey(enum.Enum):
    """The three template tables, named as in the ``section`` column of the cells export."""

    PROACTIVE = "proactive"
    REQUESTS = "requests"
    REVIEWS = "reviews"


class SectionKind(enum.Enum):
    """The six sections of a gb2019/gb2021 report."""

    OVERVIEW = "overview"
    PROACTIVE = "proactive"
    REQUESTS = "requests"
    REVIEWS = "reviews"
    PROBLEMS = "problems"
    OTHER = "other"


class ValueKind(enum.Enum):
    """What a template cell holds."""

    COUNT = "count"  # non-negative integer
    CHANGE = "change"  # signed integer (gb2019 本年增/减)
    MONEY = "money"  # Decimal with a unit


class MoneyUnit(enum.Enum):
    """The unit a money cell is stated in."""

    YUAN = "元"
    WAN_YUAN = "万元"
    UNKNOWN = ""


@frozen(order=True, cache_hash=True)
class CellKey:
    """The stable address of one template cell: ``section.row.column``."""

    section: TableKey
    row: str
    column: str
    _text: str = field(init=False, eq=False, order=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_text", f"{self.section.value}.{self.row}.{self.column}")

    def __str__(self) -> str:
        return self._text

    @classmethod
    def parse(cls, text: str) -> CellKey:
        """Read ``"requests.granted.total"`` back into a key.

        >>> str(CellKey.parse("requests.granted.total"))
        'requests.granted.total'
        """
        section, row, column = text.split(".")
        return cls(section=TableKey(section), row=row, column=column)


_INTERNED: dict[tuple[TableKey, str, str], CellKey] = {}


def cell_key(section: TableKey, row: str, column: str) -> CellKey:
    """The one shared :class:`CellKey` instance for a cell (dict lookups then hit by identity)."""
    return _INTERNED.setdefault((section, row, column), CellKey(section, row, column))


@frozen(cache_hash=True)
class ColumnSpec:
    """One column of a table row: its key, official header label and accepted variants."""

    key: str
    label: str
    kind: ValueKind = ValueKind.COUNT
    variants: tuple[str, ...] = ()
    unit: MoneyUnit | None = None  # a unit the template itself fixes (gb2021 fees: 万元)

    @property
    def labels(self) -> tuple[str, ...]:
        """The official label followed by its variants."""
        return (self.label, *self.variants)


@frozen(cache_hash=True)
class RowSpec:
    """One data row: its key, official label, variants and (for 三) its group label."""

    key: str
    label: str
    variants: tuple[str, ...] = ()
    group: str | None = None  # merged label spanning this row (（三）不予公开 …)
    columns: tuple[ColumnSpec, ...] = ()  # only for proactive rows; tables 三/四 share columns

    @property
    def labels(self) -> tuple[str, ...]:
        """The official label followed by its variants."""
        return (self.label, *self.variants)


@frozen(cache_hash=True)
class Block:
    """A block of the section 二 table: its caption row (第二十条第（N）项) and its rows."""

    caption: str
    rows: tuple[RowSpec, ...]

    @property
    def columns(self) -> tuple[ColumnSpec, ...]:
        """The header columns of the block (all rows of a block share them)."""
        return self.rows[0].columns


@frozen(cache_hash=True)
class TableSpec:
    """One template table of one edition."""

    key: TableKey
    edition: Edition
    caption: str
    rows: tuple[RowSpec, ...]
    columns: tuple[ColumnSpec, ...] = ()  # shared columns (三, 四); empty for 二
    blocks: tuple[Block, ...] = ()  # only for 二
    # Derived once: cell lookups are on every hot path (readers, validation, exports).
    _cells: tuple[tuple[CellKey, ColumnSpec], ...] = field(init=False, eq=False, repr=False)
    _keys: tuple[CellKey, ...] = field(init=False, eq=False, repr=False)
    _positions: dict[CellKey | str, int] = field(init=False, eq=False, repr=False)
    _rows_by_key: dict[str, RowSpec] = field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        cells = tuple(
            (cell_key(self.key, row.key, column.key), column) for row in self.rows for column in self.columns_of(row)
        )
        keys = tuple(key for key, _ in cells)
        positions: dict[CellKey | str, int] = {}
        for i, key in enumerate(keys):
            positions[key] = i
            positions[str(key)] = i
        object.__setattr__(self, "_rows_by_key", {row.key: row for row in self.rows})
        object.__setattr__(self, "_cells", cells)
        object.__setattr__(self, "_keys", keys)
        object.__setattr__(self, "_positions", positions)

    def columns_of(self, row: RowSpec) -> tuple[ColumnSpec, ...]:
        """The columns a row has: its own (二) or the table's shared ones (三, 四)."""
        return row.columns or self.columns

    def row(self, key: str) -> RowSpec:
        """The row with this key; ``KeyError`` when the edition has no such row."""
        try:
            return self._rows_by_key[key]
        except KeyError:
            raise KeyError(f"{self.key.value} ({self.edition.value}) has no row {key!r}") from None

    def column(self, row_key: str, column_key: str) -> ColumnSpec:
        """The column spec of one cell; ``KeyError`` when it is not in the template."""
        for column in self.columns_of(self.row(row_key)):
            if column.key == column_key:
                return column
        raise KeyError(f"{self.key.value}.{row_key} ({self.edition.value}) has no column {column_key!r}")

    @property
    def cell_keys(self) -> tuple[CellKey, ...]:
        """Every cell of the table in template order (row by row, column by column)."""
        return self._keys

    def index(self, key: CellKey | str) -> int:
        """The position of a cell in :attr:`cell_keys`; ``KeyError`` if absent."""
        return self._positions[key]

    def cells(self) -> Iterator[tuple[CellKey, ColumnSpec]]:
        """Each cell key with its column spec, in template order."""
        return iter(self._cells)


@frozen(cache_hash=True)
class SumRule:
    """An arithmetic identity: ``sum(left) == sum(right)``, evaluated cell by cell.

    ``code`` is the stable finding code validation reports when the rule fails.
    """

    code: str
    description: str
    left: tuple[CellKey, ...]
    right: tuple[CellKey, ...]


@frozen(cache_hash=True)
class SectionSpec:
    """One of the six sections: number, official heading and keywords that identify it."""

    number: int
    kind: SectionKind
    title: str  # official heading without its number, e.g. 总体情况
    keywords: tuple[str, ...]  # any of these in a numbered heading identifies the section
    table: TableKey | None = None

    @property
    def heading(self) -> str:
        """The official heading with its Chinese ordinal: ``一、总体情况``."""
        return f"{CHINESE_NUMERALS[self.number]}、{self.title}"


@frozen(cache_hash=True)
class EditionSpec:
    """Everything an edition fixes: its legal basis, sections, tables and rules."""

    edition: Edition
    notice: str
    sections: tuple[SectionSpec, ...]
    tables: tuple[TableSpec, ...]
    rules: tuple[SumRule, ...]

    def table(self, key: TableKey) -> TableSpec:
        """The table of this edition for a section key."""
        for spec in self.tables:
            if spec.key is key:
                return spec
        raise KeyError(f"{self.edition.value} has no table {key.value!r}")


CHINESE_NUMERALS = ("〇", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十")

# --------------------------------------------------------------------------------------
# Section 二: proactive disclosure
# --------------------------------------------------------------------------------------

_HEADER_MADE = ColumnSpec("made", "本年新制作数量", variants=("本年新制作", "新制作数量"))
_HEADER_PUBLISHED = ColumnSpec("published", "本年新公开数量", variants=("本年新公开", "新公开数量"))
_HEADER_TOTAL_PUBLISHED = ColumnSpec("total_published", "对外公开总数量", variants=("对外公开总数",))
_PREVIOUS_ITEMS = ColumnSpec("previous_items", "上一年项目数量", variants=("上年项目数量",))
_CHANGE = ColumnSpec("change", "本年增/减", kind=ValueKind.CHANGE, variants=("本年增减", "本年增／减"))
_DECISIONS_2019 = ColumnSpec("decisions", "处理决定数量")
_ITEMS = ColumnSpec("items", "采购项目数量")
_AMOUNT_2019 = ColumnSpec("amount", "采购总金额", kind=ValueKind.MONEY)

_ISSUED = ColumnSpec("issued", "本年制发件数", variants=("本年制发数量",))
_REPEALED = ColumnSpec("repealed", "本年废止件数", variants=("本年废止数量",))
_IN_FORCE = ColumnSpec("in_force", "现行有效件数", variants=("现行有效数量",))
_DECISIONS_2021 = ColumnSpec("decisions", "本年处理决定数量", variants=("处理决定数量",))
_FEES_2021 = ColumnSpec(
    "amount",
    "本年收费金额（单位：万元）",
    kind=ValueKind.MONEY,
    variants=("本年收费金额(单位:万元)", "本年收费金额"),
    unit=MoneyUnit.WAN_YUAN,
)

_REGULATIONS = "规章"
_REGULATIONS_VARIANTS = ("规章（设区的市、自治州人民政府应提供相关数据）",)

_PROACTIVE_2019_BLOCKS = (
    Block(
        "第二十条第（一）项",
        (
            RowSpec(
                "regulations",
                _REGULATIONS,
                _REGULATIONS_VARIANTS,
                columns=(_HEADER_MADE, _HEADER_PUBLISHED, _HEADER_TOTAL_PUBLISHED),
            ),
            RowSpec(
                "normative_documents",
                "规范性文件",
                ("行政规范性文件",),
                columns=(_HEADER_MADE, _HEADER_PUBLISHED, _HEADER_TOTAL_PUBLISHED),
            ),
        ),
    ),
    Block(
        "第二十条第（五）项",
        (
            RowSpec("licensing", "行政许可", columns=(_PREVIOUS_ITEMS, _CHANGE, _DECISIONS_2019)),
            RowSpec(
                "other_services",
                "其他对外管理服务事项",
                ("其他对外管理服务",),
                columns=(_PREVIOUS_ITEMS, _CHANGE, _DECISIONS_2019),
            ),
        ),
    ),
    Block(
        "第二十条第（六）项",
        (
            RowSpec("penalties", "行政处罚", columns=(_PREVIOUS_ITEMS, _CHANGE, _DECISIONS_2019)),
            RowSpec("coercion", "行政强制", columns=(_PREVIOUS_ITEMS, _CHANGE, _DECISIONS_2019)),
        ),
    ),
    Block(
        "第二十条第（八）项",
        (RowSpec("fees", "行政事业性收费", columns=(_PREVIOUS_ITEMS, _CHANGE)),),
    ),
    Block(
        "第二十条第（九）项",
        (RowSpec("procurement", "政府集中采购", columns=(_ITEMS, _AMOUNT_2019)),),
    ),
)

_PROACTIVE_2021_BLOCKS = (
    Block(
        "第二十条第（一）项",
        (
            RowSpec(
                "regulations",
                _REGULATIONS,
                _REGULATIONS_VARIANTS,
                columns=(_ISSUED, _REPEALED, _IN_FORCE),
            ),
            RowSpec(
                "normative_documents",
                "行政规范性文件",
                ("规范性文件",),
                columns=(_ISSUED, _REPEALED, _IN_FORCE),
            ),
        ),
    ),
    Block("第二十条第（五）项", (RowSpec("licensing", "行政许可", columns=(_DECISIONS_2021,)),)),
    Block(
        "第二十条第（六）项",
        (
            RowSpec("penalties", "行政处罚", columns=(_DECISIONS_2021,)),
            RowSpec("coercion", "行政强制", columns=(_DECISIONS_2021,)),
        ),
    ),
    Block("第二十条第（八）项", (RowSpec("fees", "行政事业性收费", columns=(_FEES_2021,)),)),
)

PROACTIVE_CAPTION = "主动公开政府信息情况"

# --------------------------------------------------------------------------------------
# Section 三: requests
# --------------------------------------------------------------------------------------

REQUESTS_CORNER_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
REQUESTS_APPLICANT_HEADER = "申请人情况"
REQUESTS_LEGAL_ENTITY_HEADER = "法人或其他组织"

_APPLICANT_COLUMNS = (
    ColumnSpec("natural_person", "自然人"),
    ColumnSpec("commercial", "商业企业"),
    ColumnSpec("research", "科研机构"),
    ColumnSpec("social_welfare", "社会公益组织", variants=("社会组织", "公益组织")),
    ColumnSpec("legal_services", "法律服务机构"),
    ColumnSpec("other", "其他"),
)
_TOTAL_COLUMN = ColumnSpec("total", "总计", variants=("合计",))
_REQUESTS_COLUMNS = (*_APPLICANT_COLUMNS, _TOTAL_COLUMN)

RESULTS_GROUP = "三、本年度办理结果"
_WITHHELD = "（三）不予公开"
_UNAVAILABLE = "（四）无法提供"
_NOT_PROCESSED = "（五）不予处理"
_OTHER_HANDLING = "（六）其他处理"

_REQUESTS_HEAD_ROWS = (
    RowSpec("new_received", "一、本年新收政府信息公开申请数量", ("本年新收政府信息公开申请数量",)),
    RowSpec("carried_over", "二、上年结转政府信息公开申请数量", ("上年结转政府信息公开申请数量",)),
    RowSpec("granted", "（一）予以公开", ("予以公开",), group=RESULTS_GROUP),
    RowSpec(
        "partially_granted",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        ("（二）部分公开", "部分公开"),
        group=RESULTS_GROUP,
    ),
    RowSpec("withheld_state_secret", "1.属于国家秘密", group=_WITHHELD),
    RowSpec("withheld_prohibited_by_law", "2.其他法律行政法规禁止公开", ("2.其他法律行政止公开",), group=_WITHHELD),
    RowSpec(
        "withheld_security_stability",
        "3.危及“三安全一稳定”",
        ('3.危及"三安全一稳定"', "3.危及三安全一稳定"),
        group=_WITHHELD,
    ),
    RowSpec("withheld_third_party", "4.保护第三方合法权益", group=_WITHHELD),
    RowSpec("withheld_internal_affairs", "5.属于三类内部事务信息", group=_WITHHELD),
    RowSpec("withheld_process_information", "6.属于四类过程性信息", group=_WITHHELD),
    RowSpec("withheld_enforcement_file", "7.属于行政执法案卷", group=_WITHHELD),
    RowSpec("withheld_query_matter", "8.属于行政查询事项", group=_WITHHELD),
    RowSpec("unavailable_not_held", "1.本机关不掌握相关政府信息", ("1.本机关不掌握相关信息",), group=_UNAVAILABLE),
    RowSpec("unavailable_needs_creation", "2.没有现成信息需要另行制作", group=_UNAVAILABLE),
    RowSpec("unavailable_unclear", "3.补正后申请内容仍不明确", group=_UNAVAILABLE),
    RowSpec("not_processed_petition", "1.信访举报投诉类申请", group=_NOT_PROCESSED),
    RowSpec("not_processed_duplicate", "2.重复申请", group=_NOT_PROCESSED),
    RowSpec("not_processed_publication", "3.要求提供公开出版物", group=_NOT_PROCESSED),
    RowSpec("not_processed_excessive", "4.无正当理由大量反复申请", group=_NOT_PROCESSED),
    RowSpec("not_processed_confirmation", "5.要求行政机关确认或重新出具已获取信息", group=_NOT_PROCESSED),
)
_REQUESTS_TAIL_ROWS = (
    RowSpec("total_handled", "（七）总计", ("（七）合计",), group=RESULTS_GROUP),
    RowSpec(
        "carried_forward",
        "四、结转下年度继续办理",
        ("四、结转下一年度继续办理", "结转下年度继续办理", "结转下一年度继续办理"),
    ),
)
_REQUESTS_2019_OTHER = (RowSpec("other_handling", "（六）其他处理", group=RESULTS_GROUP),)
_REQUESTS_2021_OTHER = (
    RowSpec(
        "other_no_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        ("1.申请人无正当理由逾期不补正",),
        group=_OTHER_HANDLING,
    ),
    RowSpec(
        "other_fee_unpaid",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        ("2.申请人逾期未按收费通知要求缴纳费用",),
        group=_OTHER_HANDLING,
    ),
    RowSpec("other_remaining", "3.其他", group=_OTHER_HANDLING),
)

REQUESTS_CAPTION = "收到和处理政府信息公开申请情况"

# --------------------------------------------------------------------------------------
# Section 四: reviews and litigation
# --------------------------------------------------------------------------------------

REVIEWS_COLUMNS = (
    ColumnSpec("upheld", "结果维持"),
    ColumnSpec("corrected", "结果纠正"),
    ColumnSpec("other", "其他结果"),
    ColumnSpec("pending", "尚未审结"),
    ColumnSpec("total", "总计", variants=("合计",)),
)
REVIEWS_ROWS = (
    RowSpec("reconsideration", "行政复议"),
    RowSpec("litigation_direct", "未经复议直接起诉", group="行政诉讼"),
    RowSpec("litigation_after_reconsideration", "复议后起诉", group="行政诉讼"),
)
REVIEWS_CAPTION = "政府信息公开行政复议、行政诉讼情况"

# --------------------------------------------------------------------------------------
# Sections
# --------------------------------------------------------------------------------------

SECTIONS = (
    SectionSpec(1, SectionKind.OVERVIEW, "总体情况", ("总体情况", "总体工作情况", "概述", "基本情况")),
    SectionSpec(
        2,
        SectionKind.PROACTIVE,
        "主动公开政府信息情况",
        ("主动公开政府信息", "主动公开信息", "主动公开"),
        TableKey.PROACTIVE,
    ),
    SectionSpec(
        3,
        SectionKind.REQUESTS,
        "收到和处理政府信息公开申请情况",
        ("收到和处理政府信息公开申请", "处理政府信息公开申请", "依申请公开"),
        TableKey.REQUESTS,
    ),
    SectionSpec(
        4,
        SectionKind.REVIEWS,
        "政府信息公开行政复议、行政诉讼情况",
        ("行政复议", "行政诉讼"),
        TableKey.REVIEWS,
    ),
    SectionSpec(5, SectionKind.PROBLEMS, "存在的主要问题及改进情况", ("存在的主要问题", "主要问题", "改进情况")),
    SectionSpec(6, SectionKind.OTHER, "其他需要报告的事项", ("其他需要报告",)),
)


def _requests_rules(rows: tuple[RowSpec, ...]) -> tuple[SumRule, ...]:
    """Rules of table 三: row totals, the results total and the 勾稽 identity per column."""
    result_rows = [
        row for row in rows if row.key not in {"new_received", "carried_over", "total_handled", "carried_forward"}
    ]
    rules: list[SumRule] = [
        SumRule(
            "requests-row-total",
            f"{row.label}：总计 = 各类申请人之和",
            left=(cell_key(TableKey.REQUESTS, row.key, "total"),),
            right=tuple(cell_key(TableKey.REQUESTS, row.key, c.key) for c in _APPLICANT_COLUMNS),
        )
        for row in rows
    ]
    for column in _REQUESTS_COLUMNS:
        rules.append(
            SumRule(
                "requests-results-total",
                f"{column.label}：（七）总计 = 各办理结果之和",
                left=(cell_key(TableKey.REQUESTS, "total_handled", column.key),),
                right=tuple(cell_key(TableKey.REQUESTS, row.key, column.key) for row in result_rows),
            )
        )
        rules.append(
            SumRule(
                "requests-balance",
                f"{column.label}：第一项加第二项之和，等于第三项加第四项之和",
                left=(
                    cell_key(TableKey.REQUESTS, "new_received", column.key),
                    cell_key(TableKey.REQUESTS, "carried_over", column.key),
                ),
                right=(
                    cell_key(TableKey.REQUESTS, "total_handled", column.key),
                    cell_key(TableKey.REQUESTS, "carried_forward", column.key),
                ),
            )
        )
    return tuple(rules)


def _reviews_rules() -> tuple[SumRule, ...]:
    return tuple(
        SumRule(
            "reviews-row-total",
            f"{row.group or ''}{row.label}：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
            left=(cell_key(TableKey.REVIEWS, row.key, "total"),),
            right=tuple(cell_key(TableKey.REVIEWS, row.key, c.key) for c in REVIEWS_COLUMNS[:-1]),
        )
        for row in REVIEWS_ROWS
    )


def _make_edition(
    edition: Edition, notice: str, blocks: tuple[Block, ...], other_rows: tuple[RowSpec, ...]
) -> EditionSpec:
    request_rows = (*_REQUESTS_HEAD_ROWS, *other_rows, *_REQUESTS_TAIL_ROWS)
    tables = (
        TableSpec(
            TableKey.PROACTIVE,
            edition,
            PROACTIVE_CAPTION,
            rows=tuple(row for block in blocks for row in block.rows),
            blocks=blocks,
        ),
        TableSpec(TableKey.REQUESTS, edition, REQUESTS_CAPTION, rows=request_rows, columns=_REQUESTS_COLUMNS),
        TableSpec(TableKey.REVIEWS, edition, REVIEWS_CAPTION, rows=REVIEWS_ROWS, columns=REVIEWS_COLUMNS),
    )
    return EditionSpec(
        edition=edition,
        notice=notice,
        sections=SECTIONS,
        tables=tables,
        rules=(*_requests_rules(request_rows), *_reviews_rules()),
    )


EDITIONS: dict[Edition, EditionSpec] = {
    Edition.GB2019: _make_edition(
        Edition.GB2019, "国办公开办函〔2019〕60号", _PROACTIVE_2019_BLOCKS, _REQUESTS_2019_OTHER
    ),
    Edition.GB2021: _make_edition(
        Edition.GB2021, "国办公开办函〔2021〕30号", _PROACTIVE_2021_BLOCKS, _REQUESTS_2021_OTHER
    ),
    Edition.LEGACY: EditionSpec(edition=Edition.LEGACY, notice="国务院令第492号", sections=(), tables=(), rules=()),
}


_TABLES: dict[tuple[Edition, TableKey], TableSpec] = {
    (spec.edition, table.key): table for spec in EDITIONS.values() for table in spec.tables
}


def edition_spec(edition: Edition) -> EditionSpec:
    """The full specification of an edition."""
    return EDITIONS[edition]


def table_spec(edition: Edition, key: TableKey) -> TableSpec:
    """The table of an edition; ``KeyError`` for legacy, which has none.

    >>> len(table_spec(Edition.GB2021, TableKey.REQUESTS).rows)
    25
    """
    return _TABLES[edition, key]
