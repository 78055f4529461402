"""Checks across years: the same body's carry-over and its stock of documents.

Reports are matched by a normalised agency name (``淮安市洪泽区人民政府`` and
``洪泽区政府`` are one body) and consecutive years; a year with two candidate reports is
ambiguous and is not paired. Both checks are warnings: real reports break them for
legitimate reasons (a re-count, a change of scope), and a cell that is not a number is
simply not compared.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence

import regex
from attrs import frozen

from gov_disclosure.diagnostics import Severity, SourceMap, SourceSpan
from gov_disclosure.model import AnnualReport, Count
from gov_disclosure.template import CellKey, Edition, TableKey

from ._findings import FINDING_CODES, CellRef, cell_ref, column_label, row_label

__all__ = ["SeriesFinding", "body_key", "same_body", "validate_series"]


@frozen
class SeriesFinding:
    """A problem between two reports of one body: ``report`` and ``previous`` index the input sequence.

    ``cells`` are cells of the later report, ``previous_cells`` those of the earlier one;
    ``span`` is the first located cell of the later report.
    """

    code: str
    severity: Severity
    message: str
    report: int
    previous: int
    cells: tuple[CellRef, ...] = ()
    previous_cells: tuple[CellRef, ...] = ()
    span: SourceSpan | None = None

    def __str__(self) -> str:
        where = f"{self.span}: " if self.span else ""
        return f"{where}{self.severity.value} {self.code} {self.message}"


_NAME_NOISE = regex.compile(r"[\s\p{P}\p{S}]+")
#: Characters that end an administrative unit: a shorter name that follows one of them
#: inside a longer name is the same body named without its parent (淮安市|洪泽区政府).
_UNIT_ENDS = frozenset("省市州县区盟旗")
_MIN_SHORT_NAME = 4


def body_key(agency: str) -> str:
    """A normalised agency name: NFKC, no spaces or punctuation, 人民政府 → 政府."""
    name = _NAME_NOISE.sub("", unicodedata.normalize("NFKC", agency))
    return name.replace("人民政府", "政府")


def same_body(first: str, second: str) -> bool:
    """Whether two agency names denote one body (equal, or one is the other without its parent).

    >>> same_body("淮安市洪泽区人民政府", "洪泽区政府")
    True
    >>> same_body("洪泽区人民政府", "淮阴区人民政府")
    False
    """
    a, b = sorted((body_key(first), body_key(second)), key=len)
    if a == b:
        return True
    return len(a) >= _MIN_SHORT_NAME and b.endswith(a) and b[-len(a) - 1] in _UNIT_ENDS


def validate_series(
    reports: Sequence[AnnualReport],
    *,
    source_maps: Sequence[SourceMap | None] | None = None,
) -> tuple[SeriesFinding, ...]:
    """Cross-year findings for every pair of consecutive reports of one body.

    ``source_maps`` (parallel to ``reports``) locates the cells of each report.
    """
    maps: Sequence[SourceMap | None] = source_maps if source_maps is not None else [None] * len(reports)
    findings: list[SeriesFinding] = []
    for index, report in enumerate(reports):
        previous = _previous(reports, index)
        if previous is None:
            continue
        pair = _Pair(reports[previous], report, previous, index, maps[previous], maps[index])
        findings.extend(_carry_over(pair))
        findings.extend(_stock(pair))
    return tuple(findings)


def _previous(reports: Sequence[AnnualReport], index: int) -> int | None:
    """The one report of the same body for the year before, if there is exactly one."""
    report = reports[index]
    if report.agency is None or report.year is None:
        return None
    candidates = [
        i
        for i, other in enumerate(reports)
        if other.agency is not None and other.year == report.year - 1 and same_body(other.agency, report.agency)
    ]
    return candidates[0] if len(candidates) == 1 else None


@frozen
class _Pair:
    earlier: AnnualReport
    later: AnnualReport
    earlier_index: int
    later_index: int
    earlier_map: SourceMap | None
    later_map: SourceMap | None

    def finding(self, code: str, message: str, later: list[CellKey], earlier: list[CellKey]) -> SeriesFinding:
        cells = tuple(cell_ref(self.later, key, self.later_map) for key in later)
        return SeriesFinding(
            code=code,
            severity=FINDING_CODES[code],
            message=message,
            report=self.later_index,
            previous=self.earlier_index,
            cells=cells,
            previous_cells=tuple(cell_ref(self.earlier, key, self.earlier_map) for key in earlier),
            span=next((cell.span for cell in cells if cell.span is not None), None),
        )


def _count(report: AnnualReport, key: CellKey) -> int | None:
    """The cell's count, or ``None`` when the report has no such table or number."""
    if report.table(key.section) is None:
        return None
    try:
        value = report.cell(key)
    except KeyError:
        return None
    return value.value if isinstance(value, Count) else None


def _counts(report: AnnualReport, keys: list[CellKey]) -> list[int] | None:
    """The counts of these cells, or ``None`` when one is not a number."""
    found = [_count(report, key) for key in keys]
    return [value for value in found if value is not None] if None not in found else None


def _carry_over(pair: _Pair) -> Iterator[SeriesFinding]:
    """This year's 二、上年结转 equals last year's 四、结转下年度继续办理, column by column."""
    later_keys: list[CellKey] = []
    earlier_keys: list[CellKey] = []
    parts: list[str] = []
    for column in ("natural_person", "commercial", "research", "social_welfare", "legal_services", "other", "total"):
        over = CellKey(TableKey.REQUESTS, "carried_over", column)
        forward = CellKey(TableKey.REQUESTS, "carried_forward", column)
        now, before = _count(pair.later, over), _count(pair.earlier, forward)
        if now is None or before is None or now == before:
            continue
        later_keys.append(over)
        earlier_keys.append(forward)
        parts.append(f"{column_label(over, pair.later.edition)} {now} ≠ {before}")
    if parts:
        yield pair.finding(
            "carry-over-mismatch",
            f"{pair.later.year} 二、上年结转 does not equal {pair.earlier.year} 四、结转下年度继续办理 "
            f"({'; '.join(parts)}); requests carried into this year should be those carried out of last "
            "year — check both reports for a mis-keyed number or a change in how requests were counted",
            later_keys,
            earlier_keys,
        )


def _stock(pair: _Pair) -> Iterator[SeriesFinding]:
    """gb2021 现行有效件数 moves by 制发 − 废止; gb2019 上一年项目数量 by last year's 增/减."""
    later, earlier = pair.later, pair.earlier
    if later.edition is Edition.GB2021 and earlier.edition is Edition.GB2021:
        for row in ("regulations", "normative_documents"):
            keys = [CellKey(TableKey.PROACTIVE, row, c) for c in ("in_force", "issued", "repealed")]
            found = _counts(later, keys)
            before = _count(earlier, keys[0])
            if found is None or before is None:
                continue
            now, issued, repealed = found
            if now == before + issued - repealed:
                continue
            yield pair.finding(
                "stock-movement",
                f"{row_label(keys[0], later.edition)}: 现行有效件数 {now} ≠ last year's {before} + 本年制发件数 "
                f"{issued} − 本年废止件数 {repealed} = {before + issued - repealed}; the stock in force should move "
                "by what was issued and repealed — check the three numbers in both reports",
                keys,
                [keys[0]],
            )
    if later.edition is Edition.GB2019 and earlier.edition is Edition.GB2019:
        for row in ("licensing", "other_services", "penalties", "coercion", "fees"):
            items = CellKey(TableKey.PROACTIVE, row, "previous_items")
            change = CellKey(TableKey.PROACTIVE, row, "change")
            stated, before_items, delta = _count(later, items), _count(earlier, items), _count(earlier, change)
            if stated is None or before_items is None or delta is None or stated == before_items + delta:
                continue
            yield pair.finding(
                "stock-movement",
                f"{row_label(items, later.edition)}: 上一年项目数量 {stated} ≠ last year's "
                f"上一年项目数量 {before_items} + 本年增/减 {delta} = {before_items + delta}; "
                "check the numbers in both reports",
                [items],
                [items, change],
            )
