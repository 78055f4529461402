# ruff: noqa: S311 - a seeded generator for reproducible inputs, not for secrets
"""A deterministic corpus of generated reports for the benchmark, built through the model.

Reports are drawn with a seeded :class:`random.Random`, so two runs with the same seed
measure exactly the same inputs. Tables follow the template of their edition and
respect its arithmetic (row totals, results total, the 勾稽 balance), so ``validate``
is measured on the common, clean case. Narrative is padded to about 10 KB per report.

The pipe and damaged renderings are written here on purpose, independently of the
library's own writers: the reader must cope with text the library never writes.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator
from decimal import Decimal

from gov_disclosure.cellvalues import format_cell
from gov_disclosure.model import (
    BLANK,
    AnnualReport,
    Block,
    CellValue,
    Count,
    Heading,
    Metadata,
    Money,
    NotApplicable,
    Paragraph,
    Section,
    Table,
)
from gov_disclosure.template import (
    CHINESE_NUMERALS,
    Edition,
    MoneyUnit,
    TableKey,
    TableSpec,
    ValueKind,
    edition_spec,
    table_spec,
)

__all__ = ["damage", "generate_reports", "render_pipe"]

_AGENCIES = (
    "柴河镇人民政府",
    "海林市人民政府办公室",
    "淮安市自然资源和规划局",
    "上海市科学技术委员会",
    "沭阳县人民政府",
    "洪泽区交通运输局",
    "某某县市场监督管理局",
    "某某市生态环境局",
)
_PHRASES = (
    "严格按照《中华人民共和国政府信息公开条例》要求",
    "坚持以公开为常态、不公开为例外",
    "进一步完善政府信息公开工作机制",
    "通过政府门户网站、政务新媒体等渠道",
    "及时回应社会关切",
    "切实保障人民群众的知情权、参与权和监督权",
    "依法依规做好政府信息公开申请办理工作",
    "加强政策解读和舆情回应",
    "规范政府信息公开平台建设",
    "强化监督保障和培训考核",
    "全年累计发布各类信息",
    "认真落实上级部署",
    "推进决策、执行、管理、服务、结果公开",
    "政务公开工作人员业务水平有待提高",
)
_SUBHEADINGS = (
    "（一）主动公开情况",
    "（二）依申请公开情况",
    "（三）政府信息管理",
    "（四）平台建设",
    "（五）监督保障",
)
_MARKS = ("/", "—", "-", "无")

#: Target size of one report's narrative, in characters (about 3 bytes each in UTF-8).
_NARRATIVE_CHARS = 1500


def generate_reports(count: int, *, seed: int = 20240101) -> list[AnnualReport]:
    """``count`` reports drawn deterministically from ``seed``; mostly gb2019/gb2021."""
    rng = random.Random(seed)
    return [_report(rng) for _ in range(count)]


def _report(rng: random.Random) -> AnnualReport:
    roll = rng.random()
    edition = Edition.GB2021 if roll < 0.5 else Edition.GB2019 if roll < 0.92 else Edition.LEGACY
    year = rng.randint(2022, 2025) if edition is Edition.GB2021 else rng.randint(2019, 2021)
    if edition is Edition.LEGACY:
        year = rng.randint(2009, 2018)
    agency = rng.choice(_AGENCIES)
    metadata = Metadata(
        edition=edition,
        agency=agency,
        year=year,
        title=f"{agency}{year}年政府信息公开工作年度报告",
        published=dt.date(year + 1, rng.randint(1, 3), rng.randint(1, 28)),
        preamble=(Paragraph(_sentence(rng, 120)),),
    )
    budget = _NARRATIVE_CHARS
    sections: list[Section] = []
    if edition is Edition.LEGACY:
        for number in range(1, 6):
            blocks = _blocks(rng, budget // 5)
            sections.append(Section(title=f"{CHINESE_NUMERALS[number]}、{_sentence(rng, 10)}", blocks=blocks))
        return AnnualReport(metadata=metadata, sections=tuple(sections))
    spec = edition_spec(edition)
    for section_spec in spec.sections:
        table = _table(rng, edition, section_spec.table) if section_spec.table is not None else None
        share = budget // 3 if section_spec.table is None else budget // 24
        sections.append(
            Section(title=section_spec.title, kind=section_spec.kind, blocks=_blocks(rng, share), table=table)
        )
    return AnnualReport(metadata=metadata, sections=tuple(sections))


def _sentence(rng: random.Random, chars: int) -> str:
    parts: list[str] = []
    length = 0
    while length < chars:
        phrase = rng.choice(_PHRASES)
        if rng.random() < 0.2:
            phrase += f"{rng.randint(1, 9999)}条"
        parts.append(phrase)
        length += len(phrase) + 1
    return "，".join(parts) + "。"


def _blocks(rng: random.Random, chars: int) -> tuple[Block, ...]:
    blocks: list[Block] = []
    used = 0
    while used < chars:
        if rng.random() < 0.25:
            blocks.append(Heading(rng.choice(_SUBHEADINGS)))
        text = _sentence(rng, rng.randint(60, 240))
        blocks.append(Paragraph(text))
        used += len(text)
    return tuple(blocks)


def _count(rng: random.Random, high: int = 50) -> int:
    return rng.randint(0, high) if rng.random() < 0.7 else 0


def _table(rng: random.Random, edition: Edition, key: TableKey) -> Table:
    spec = table_spec(edition, key)
    builders: dict[TableKey, Callable[[random.Random, TableSpec], dict[str, CellValue]]] = {
        TableKey.PROACTIVE: _proactive,
        TableKey.REQUESTS: _requests,
        TableKey.REVIEWS: _reviews,
    }
    values = builders[key](rng, spec)
    return Table(key=key, edition=edition, values=tuple(values.get(str(k), BLANK) for k in spec.cell_keys))


def _proactive(rng: random.Random, spec: TableSpec) -> dict[str, CellValue]:
    values: dict[str, CellValue] = {}
    for cell_key, column in spec.cells():
        roll = rng.random()
        value: CellValue
        if roll < 0.08:
            value = BLANK
        elif roll < 0.14:
            value = NotApplicable(rng.choice(_MARKS))
        elif column.kind is ValueKind.MONEY:
            unit = column.unit or rng.choice((MoneyUnit.YUAN, MoneyUnit.WAN_YUAN))
            value = Money(Decimal(rng.randint(0, 999999)) / 100, unit)
        elif column.kind is ValueKind.CHANGE:
            value = Count(rng.randint(-20, 20))
        else:
            value = Count(_count(rng, 400))
        values[str(cell_key)] = value
    return values


def _requests(rng: random.Random, spec: TableSpec) -> dict[str, CellValue]:
    """Counts that satisfy every rule of table 三 (row totals, results total, balance)."""
    columns = [c.key for c in spec.columns if c.key != "total"]
    fixed = {"new_received", "carried_over", "total_handled", "carried_forward"}
    results = [row.key for row in spec.rows if row.key not in fixed]
    grid: dict[tuple[str, str], int] = {}
    for column in columns:
        for row in results:
            grid[row, column] = _count(rng, 6) if rng.random() < 0.4 else 0
        handled = sum(grid[row, column] for row in results)
        grid["total_handled", column] = handled
        grid["carried_over", column] = _count(rng, 3)
        grid["carried_forward", column] = _count(rng, 3)
        new = handled + grid["carried_forward", column] - grid["carried_over", column]
        if new < 0:
            grid["carried_forward", column] -= new
            new = 0
        grid["new_received", column] = new
    values: dict[str, CellValue] = {}
    for spec_row in spec.rows:
        for column in columns:
            values[f"requests.{spec_row.key}.{column}"] = Count(grid[spec_row.key, column])
        values[f"requests.{spec_row.key}.total"] = Count(sum(grid[spec_row.key, c] for c in columns))
    return values


def _reviews(rng: random.Random, spec: TableSpec) -> dict[str, CellValue]:
    values: dict[str, CellValue] = {}
    for review_row in spec.rows:
        parts = [_count(rng, 4) for _ in spec.columns[:-1]]
        for column, part in zip(spec.columns[:-1], parts):
            values[f"reviews.{review_row.key}.{column.key}"] = Count(part)
        values[f"reviews.{review_row.key}.total"] = Count(sum(parts))
    return values


# --------------------------------------------------------------------------------------
# Renderings the library does not write itself
# --------------------------------------------------------------------------------------


def render_pipe(report: AnnualReport) -> str:
    """The report as Markdown-like text with pipe tables (what OCR/LLM converters emit)."""
    meta = report.metadata
    out: list[str] = [f"# {meta.agency or ''}", "", f"## {meta.title or ''}", ""]
    out.extend(p.text + "\n" for p in meta.preamble)
    for number, section in enumerate(report.sections, start=1):
        out.extend((f"## {CHINESE_NUMERALS[number % 11]}、{section.title}", ""))
        for block in section.blocks:
            out.append(f"**{block.text}**" if isinstance(block, Heading) else block.text)
            out.append("")
        if section.table is not None:
            out.extend(_pipe_table(section.table, format_cell))
            out.append("")
    if meta.published is not None:
        out.append(f"{meta.published.year}年{meta.published.month}月{meta.published.day}日")
    return "\n".join(out) + "\n"


def _pipe_row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _pipe_table(table: Table, fmt: Callable[[CellValue], str]) -> Iterator[str]:
    spec = table.spec
    if table.key is TableKey.PROACTIVE:
        for block in spec.blocks:
            width = len(block.columns) + 1
            yield _pipe_row([block.caption] + [""] * (width - 1))
            yield _pipe_row(["---"] * width)
            yield _pipe_row(["信息内容", *(c.label for c in block.columns)])
            for row in block.rows:
                yield _pipe_row([row.label, *(fmt(table[row.key, c.key]) for c in block.columns)])
        return
    width = len(spec.columns) + 2
    yield _pipe_row(
        ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "", "申请人情况"] + [""] * (width - 3)
        if table.key is TableKey.REQUESTS
        else ["", "", *(c.label for c in spec.columns)]
    )
    yield _pipe_row(["---"] * width)
    if table.key is TableKey.REQUESTS:
        yield _pipe_row(["", "", *(c.label for c in spec.columns)])
    for row in spec.rows:
        yield _pipe_row(
            [
                row.group or row.label,
                row.label if row.group else "",
                *(fmt(table[row.key, c.key]) for c in spec.columns),
            ]
        )


def damage(text: str, rng: random.Random) -> str:
    """What PDF extraction does to a report: tabs for pipes, spaced labels, page numbers, lost blanks."""
    out: list[str] = []
    page = 1
    for number, source_line in enumerate(text.splitlines()):
        line = source_line
        stripped = line.strip()
        if stripped.startswith("|") and stripped.endswith("|"):
            cells = [cell.strip() for cell in stripped[1:-1].split("|")]
            if all(set(cell) <= {"-", ":"} for cell in cells):
                continue  # separator rows vanish in extraction
            if rng.random() < 0.3:  # run-together blanks: empty cells collapse
                cells = [cell for cell in cells if cell]
            line = "\t".join(cells)
        elif "\t" in stripped:
            line = "\t".join(cell for cell in stripped.split("\t") if cell or rng.random() < 0.7)
        if 0 < len(line) < 60 and rng.random() < 0.15:  # a label spaced out character by character
            head, sep, tail = line.partition("\t")
            line = " ".join(head) + sep + tail
        out.append(line)
        if number and number % 40 == 0:
            out.extend(("", f"- {page} -", ""))
            page += 1
    return "\n".join(out) + "\n"
