"""The template's arithmetic: every ``SumRule`` of the edition, evaluated on the report.

A rule with a blank, not-applicable or text input cannot be assessed: it is reported
as ``not-assessable`` (info), never as a failure and never as a silent pass. Those
findings are grouped per rule code, so a table that leaves every row total blank yields
one finding naming all the blank cells rather than twenty.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from gov_disclosure.diagnostics import SourceMap
from gov_disclosure.model import AnnualReport, CellValue, Count
from gov_disclosure.template import CellKey, Edition, SumRule, edition_spec

from ._findings import Finding, cell_ref, column_label, list_cells, row_label

__all__ = ["check_arithmetic"]

#: What a failed rule means, in plain English, by rule code.
_EXPLANATIONS = {
    "requests-row-total": "the row total does not equal the sum of its applicant columns",
    "requests-results-total": "（七）总计 does not equal the sum of the result rows （一） to （六） in this column",
    "requests-balance": (
        "new plus carried-over requests do not equal handled plus carried-forward requests "
        "(the 勾稽关系 printed in the table's corner)"
    ),
    "reviews-row-total": "总计 does not equal 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
}

#: A sum with more terms than this is written first + second + … + last.
_SHOWN_TERMS = 4


def check_arithmetic(report: AnnualReport, source_map: SourceMap | None) -> Iterator[Finding]:
    """Errors for rules that fail, then one not-assessable finding per rule code with blanks."""
    blocked: dict[str, list[tuple[SumRule, list[CellKey]]]] = {}
    # One pass over the tables: rules read ~750 cells, and per-cell lookups dominated.
    values = {key: value for table in report.tables for key, value in table.cells()}
    for rule in edition_spec(report.edition).rules:
        if rule.left[0] not in values:
            continue  # table-missing says so
        unusable = [key for key in (*rule.left, *rule.right) if not isinstance(values[key], Count)]
        if unusable:
            blocked.setdefault(rule.code, []).append((rule, unusable))
            continue
        left, right = _total(values, rule.left), _total(values, rule.right)
        if left != right:
            yield Finding.about(
                rule.code,
                _failure_message(rule, report.edition, left, right),
                report,
                (*rule.left, *rule.right),
                source_map,
            )
    for code, instances in blocked.items():
        yield _not_assessable(code, instances, report, source_map)


def _total(values: Mapping[CellKey, CellValue], keys: tuple[CellKey, ...]) -> int:
    """The sum of cells the caller found to be counts."""
    return sum(value.value for key in keys if isinstance(value := values[key], Count))


def _place(rule: SumRule, edition: Edition) -> str:
    """Where a rule applies: ``requests.granted`` (a row) or ``requests column 自然人``."""
    keys = (*rule.left, *rule.right)
    section = keys[0].section.value
    if len({key.row for key in keys}) == 1:
        return f"{section}.{keys[0].row}"
    if len({key.column for key in keys}) == 1:
        return f"{section} column {keys[0].column} ({column_label(keys[0], edition)})"
    return section  # pragma: no cover - every template rule runs along a row or a column


def _terms(keys: tuple[CellKey, ...], edition: Edition, *, along_row: bool) -> str:
    """The labels of a sum's terms, abbreviated when there are many."""
    labels = [column_label(key, edition) if along_row else row_label(key, edition) for key in keys]
    if len(labels) > _SHOWN_TERMS:
        labels = [labels[0], labels[1], "…", labels[-1]]
    return "+".join(labels)


def _failure_message(rule: SumRule, edition: Edition, left: int, right: int) -> str:
    along_row = len({key.row for key in (*rule.left, *rule.right)}) == 1
    left_terms = _terms(rule.left, edition, along_row=along_row)
    right_terms = _terms(rule.right, edition, along_row=along_row)
    explanation = _EXPLANATIONS.get(rule.code, rule.description)
    return (
        f"{_place(rule, edition)}: {left_terms} ({left}) ≠ {right_terms} ({right}); {explanation} "
        f"(off by {abs(left - right)}) — check the source for a mis-keyed number"
    )


def _not_assessable(
    code: str,
    instances: list[tuple[SumRule, list[CellKey]]],
    report: AnnualReport,
    source_map: SourceMap | None,
) -> Finding:
    seen: dict[str, CellKey] = {}
    for _rule, keys in instances:
        for key in keys:
            seen.setdefault(str(key), key)
    cells = [cell_ref(report, key, source_map) for key in seen.values()]
    places = [_place(rule, report.edition) for rule, _keys in instances]
    where = ", ".join(places[:3]) + (f" and {len(places) - 3} more" if len(places) > 3 else "")
    checks = "check" if len(instances) == 1 else "checks"
    message = (
        f"{code}: {len(instances)} {checks} ({where}) could not be assessed because "
        f"{len(cells)} input cell(s) are not numbers: {list_cells(cells)}; a blank cell means "
        "'not reported', not 0, so these checks were skipped, not passed — fill the cells in "
        "the source if the numbers are known"
    )
    return Finding.about("not-assessable", message, report, seen.values(), source_map)
