"""Split runs of digits whose cell boundaries vanished, by the template's arithmetic.

Web-page text sometimes loses the cell separators of a table row, so ``713000074`` stands
where seven numbers stood. Numbers have no leading zeros (a lone ``0`` is fine), so a run
of *n* digits over *k* cells has at most C(n-1, k-1) readings; the template's sum rules
(row totals, the results total, the 勾稽 balance), the cells read normally and, last,
figures the narrative states pick the one reading when exactly one survives. Anything
else stays unresolved with a warning: a wrong number nobody is warned about is the worst
outcome, a blank cell with a diagnostic is an honest one.

The solver works in three bounded stages, so its time is linear in the number of runs:

1. per run, a depth-first enumeration of the readings that prunes with interval bounds
   on every rule whose unknown cells all lie in that run (``enumerate_readings``);
2. per group of runs linked by rules, propagation of those bounds and a capped
   backtracking search that records which readings occur in some joint solution
   (``solve_group``);
3. for groups still ambiguous, the same search with readings that contradict the
   narrative removed (``_evidence``).

Stages 1 and 2 (the search itself, with its step budgets) live in ``_digit_search``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence

from attrs import field, frozen

from gov_disclosure.cellvalues import read_cell
from gov_disclosure.diagnostics import Diagnostic, Severity, SourceSpan
from gov_disclosure.model import CellValue, Count
from gov_disclosure.tables._digit_search import (
    MAX_CANDIDATES,
    MAX_RUN_DIGITS,
    MAX_SEARCH_STEPS,
    MAX_TABLE_STEPS,
    Budget,
    Constraint,
    LimitError,
    Outcome,
    Run,
    count_readings,
    decided,
    enumerate_readings,
    groups,
    solve_group,
)
from gov_disclosure.tables._evidence import Evidence, check_reading, gather_evidence
from gov_disclosure.template import CellKey, Edition, TableKey, edition_spec, table_spec

__all__ = [
    "MAX_CANDIDATES",
    "MAX_RUN_DIGITS",
    "MAX_SEARCH_STEPS",
    "MAX_TABLE_STEPS",
    "DigitRun",
    "RunResolution",
    "resolve_runs",
]

#: Readings quoted in an ambiguity warning.
_QUOTED_READINGS = 3


@frozen
class DigitRun:
    """One row whose cell boundaries vanished.

    ``columns`` are column keys of ``row``; an entry ``"other_row.column"`` names a cell
    of another row of the same table, for runs that continue across rows (table 四 is
    printed as one row of 15 numbers).
    """

    table: TableKey
    row: str  # row key, e.g. "new_received"
    columns: tuple[str, ...]  # the column keys the run covers, in order
    text: str  # the run as in the source: digits only, full-width digits allowed
    line: int  # 1-based line
    column: int  # 1-based column where the run starts


@frozen
class RunResolution:
    """What :func:`resolve_runs` decided: values and spans of resolved cells, and why."""

    values: dict[str, CellValue] = field(factory=dict)
    spans: dict[str, SourceSpan] = field(factory=dict)
    diagnostics: tuple[Diagnostic, ...] = ()


def resolve_runs(
    edition: Edition,
    table: TableKey,
    known: Mapping[str, CellValue],
    runs: Sequence[DigitRun],
    *,
    narrative: str = "",
) -> RunResolution:
    """Split each run into its cells when the constraints leave exactly one reading.

    ``known`` holds the cells of the same table read normally (cell key → value); only
    :class:`Count` values constrain. ``narrative`` is the whole document, searched for
    figures that name a row and column. Every run yields exactly one diagnostic.

    >>> run = DigitRun(TableKey.REVIEWS, "reconsideration", ("upheld", "corrected", "other", "pending", "total"),
    ...                "31004", line=9, column=5)
    >>> resolve_runs(Edition.GB2021, TableKey.REVIEWS, {}, [run]).values["reviews.reconsideration.total"]
    Count(value=4, note='')
    """
    diagnostics: list[Diagnostic] = []
    valid = _validate(edition, table, runs, diagnostics)
    run_cells = {cell for run in valid for cell in run.cells}
    constraints = _constraints(edition, table, known, run_cells)
    budget = Budget()
    cheap_first = sorted(range(len(valid)), key=lambda i: (len(valid[i].digits), i))
    usable = {i for i in cheap_first if _enumerate_run(valid[i], constraints, budget, diagnostics)}
    live = [run for i, run in enumerate(valid) if i in usable]
    resolved: dict[int, tuple[tuple[int, ...], Diagnostic]] = {}
    evidence: tuple[Evidence, ...] | None = None
    for group, rules in groups(live, constraints):
        outcomes = solve_group(group, rules, budget)
        pending = [i for i, run in enumerate(group) if not decided(run, outcomes[i])]
        by_narrative: dict[int, Outcome] = {}
        quotes: tuple[str, ...] = ()
        if pending and narrative:
            if evidence is None:
                evidence = gather_evidence(edition, table, narrative, skip_lines={run.line for run in runs})
            by_narrative, quotes = _narrative_pass(group, rules, outcomes, known, evidence, budget=budget)
        for i, run in enumerate(group):
            outcome = outcomes[i]
            if decided(run, outcome):
                reading = run.candidates[next(iter(outcome.seen))] if outcome.seen else run.candidates[0]
                broken = outcome.complete and not outcome.seen
                resolved[id(run)] = (reading, _split_diagnostic(run, reading, rules, broken=broken))
            elif i in by_narrative and decided(run, by_narrative[i]):
                reading = run.candidates[next(iter(by_narrative[i].seen))]
                resolved[id(run)] = (reading, _narrative_diagnostic(run, reading, quotes))
            else:
                consulted = bool(narrative)
                diagnostics.append(_ambiguous_diagnostic(run, outcome, rules, consulted=consulted))
    return _collect(edition, table, live, resolved, diagnostics)


# --------------------------------------------------------------------------------------
# Input checks and constraints
# --------------------------------------------------------------------------------------


def _digits(text: str) -> str | None:
    """The run as ASCII digits (full-width digits count, via NFKC), or ``None``."""
    out = []
    for char in text:
        normal = unicodedata.normalize("NFKC", char)
        if unicodedata.category(char) != "Nd" or len(normal) != 1 or normal not in "0123456789":
            return None
        out.append(normal)
    return "".join(out)


def _validate(edition: Edition, table: TableKey, runs: Sequence[DigitRun], out: list[Diagnostic]) -> list[Run]:
    """Runs whose text is digits and whose cells are template cells, each cell in one run only."""
    taken: set[str] = set()
    valid: list[Run] = []
    for run in runs:
        digits = _digits(run.text)
        cells = tuple(_cell_key(run, column) for column in run.columns)
        problem = None
        if run.table is not table:
            problem = f"belongs to the {run.table.value} table, not {table.value}"
        elif digits is None or not digits:
            problem = f"{run.text!r} is not a run of digits"
        elif not cells:
            problem = "names no cells"
        elif unknown := [c for c in cells if not _is_template_cell(edition, c)]:
            problem = f"names cells the {edition.value} template lacks: {', '.join(unknown)}"
        elif len(set(cells)) != len(cells) or taken & set(cells):
            problem = "names a cell twice or a cell another run covers"
        if problem is not None:
            out.append(_diagnostic("digits-invalid", Severity.WARNING, f"digit run {problem}", run, cells))
            continue
        assert digits is not None  # noqa: S101 - narrowed by the checks above
        taken.update(cells)
        valid.append(Run(source=run, cells=cells, digits=digits))
    return valid


def _cell_key(run: DigitRun, column: str) -> str:
    row, _, col = column.rpartition(".")
    return f"{run.table.value}.{row or run.row}.{col}"


def _is_template_cell(edition: Edition, cell: str) -> bool:
    try:
        key = CellKey.parse(cell)
        table_spec(edition, key.section).column(key.row, key.column)
    except (KeyError, ValueError):
        return False
    return True


def _constraints(
    edition: Edition, table: TableKey, known: Mapping[str, CellValue], run_cells: set[str]
) -> tuple[Constraint, ...]:
    """The edition's sum rules over this table whose cells are all either known counts or in runs."""
    out: list[Constraint] = []
    for rule in edition_spec(edition).rules:
        sides = [(key, 1) for key in rule.left] + [(key, -1) for key in rule.right]
        if any(key.section is not table for key, _ in sides):
            continue
        constant = 0
        terms: dict[str, int] = {}
        usable = True
        for key, coefficient in sides:
            name = str(key)
            value = known.get(name)
            if name in run_cells:
                terms[name] = terms.get(name, 0) + coefficient
            elif isinstance(value, Count):
                constant += coefficient * value.value
            else:
                usable = False  # a blank or unread cell: the rule cannot be assessed
                break
        live_terms = tuple((name, c) for name, c in terms.items() if c)
        if usable and live_terms:
            out.append(Constraint(rule, constant, live_terms))
    return tuple(out)


# --------------------------------------------------------------------------------------
# Stage 1: readings of one run
# --------------------------------------------------------------------------------------


def _enumerate_run(run: Run, constraints: Sequence[Constraint], budget: Budget, out: list[Diagnostic]) -> bool:
    """Fill ``run.candidates``; report and return ``False`` when the run cannot take part."""
    source, n, k = run.source, len(run.digits), len(run.cells)
    if n > MAX_RUN_DIGITS:
        message = f"digit run of {n} digits is longer than {MAX_RUN_DIGITS}; not split"
        out.append(_diagnostic("digits-too-long", Severity.WARNING, message, source, run.cells))
        return False
    mine = set(run.cells)
    run.local = tuple(c for c in constraints if all(name in mine for name, _ in c.terms))
    try:
        if not run.local and count_readings(run.digits, k) > MAX_CANDIDATES:
            raise LimitError  # nothing would prune them: refuse without enumerating
        run.candidates = enumerate_readings(run.digits, run.cells, run.local, budget)
    except LimitError:
        message = (
            f"digit run {source.text!r} has more than {MAX_CANDIDATES} readings over {k} cells "
            f"(or needs more search steps than allowed: {MAX_SEARCH_STEPS} per run, {MAX_TABLE_STEPS} "
            "per table); not split"
        )
        out.append(_diagnostic("digits-too-long", Severity.WARNING, message, source, run.cells))
        return False
    if not run.candidates:
        why = f"{n} digits cannot fill {k} cells" if n < k else "no reading without leading zeros"
        if n >= k and run.local:
            why += " satisfies " + _rule_names(run.local)
        message = f"digit run {source.text!r}: {why}; not split"
        out.append(_diagnostic("digits-unsatisfiable", Severity.WARNING, message, source, run.cells))
        return False
    return True


# --------------------------------------------------------------------------------------
# Stage 3: narrative evidence
# --------------------------------------------------------------------------------------


def _narrative_pass(
    group: Sequence[Run],
    rules: Sequence[Constraint],
    outcomes: Sequence[Outcome],
    known: Mapping[str, CellValue],
    evidence: Sequence[Evidence],
    *,
    budget: Budget,
) -> tuple[dict[int, Outcome], tuple[str, ...]]:
    """Re-solve an ambiguous group keeping only readings that agree with every figure the narrative states."""
    if not evidence:
        return {}, ()
    known_counts = {name: v.value for name, v in known.items() if isinstance(v, Count)}
    domains: list[list[int]] = []
    quotes: list[str] = []
    for run, outcome in zip(group, outcomes):
        if decided(run, outcome):
            domains.append(sorted(outcome.seen) or [0])  # arithmetic decided it; the narrative is not asked
            continue
        pool = list(range(len(run.candidates)))  # the joint rules are enforced again below
        kept = []
        for x in pool:
            verdict = check_reading(dict(zip(run.cells, run.candidates[x])), known_counts, evidence)
            if verdict is None:
                kept = pool  # contradictory or no evidence for this run: do not filter it
                break
            agrees, quoted = verdict
            if agrees:
                kept.append(x)
                quotes.extend(quoted)
        domains.append(kept or pool)  # evidence that contradicts every reading is not used
    if all(len(d) == len(run.candidates) or decided(run, o) for d, run, o in zip(domains, group, outcomes)):
        return {}, ()  # no figure narrowed any open run
    narrowed = solve_group(group, rules, budget, domains)
    if not any(o.seen for o in narrowed):
        return {}, ()
    return dict(enumerate(narrowed)), tuple(dict.fromkeys(quotes))


# --------------------------------------------------------------------------------------
# Results and diagnostics
# --------------------------------------------------------------------------------------


def _collect(
    edition: Edition,
    table: TableKey,
    runs: Sequence[Run],
    resolved: Mapping[int, tuple[tuple[int, ...], Diagnostic]],
    diagnostics: list[Diagnostic],
) -> RunResolution:
    values: dict[str, CellValue] = {}
    spans: dict[str, SourceSpan] = {}
    for run in runs:
        if id(run) not in resolved:
            continue
        spec = table_spec(edition, table)  # runs only survive validation when the edition has the table
        reading, diagnostic = resolved[id(run)]
        diagnostics.append(diagnostic)
        offset = 0
        for cell, number in zip(run.cells, reading):
            width = len(str(number))
            key = CellKey.parse(cell)
            column = spec.column(key.row, key.column)
            values[cell] = read_cell(str(number), column.kind, unit=column.unit)
            start = run.source.column + offset
            spans[cell] = SourceSpan(run.source.line, start, run.source.line, start + width)
            offset += width
    order = {id(d): i for i, d in enumerate(diagnostics)}
    diagnostics.sort(key=lambda d: (d.span or SourceSpan(0, 0), order[id(d)]))
    return RunResolution(values=values, spans=spans, diagnostics=tuple(diagnostics))


def _diagnostic(code: str, severity: Severity, message: str, run: DigitRun, cells: tuple[str, ...]) -> Diagnostic:
    span = SourceSpan(run.line, run.column, run.line, run.column + len(run.text))
    return Diagnostic(code, severity, message, span=span, cells=cells, table=run.table.value)


def _rule_names(rules: Iterable[Constraint]) -> str:
    """Rules by code: one rule with its description, several of a code as a count (requests-balance ×7)."""
    by_code: dict[str, list[str]] = {}
    for rule in rules:
        descriptions = by_code.setdefault(rule.rule.code, [])
        if rule.rule.description not in descriptions:
            descriptions.append(rule.rule.description)
    return "; ".join(
        f"{code} ({texts[0]})" if len(texts) == 1 else f"{code} ×{len(texts)}" for code, texts in by_code.items()
    )


def _reading(reading: tuple[int, ...]) -> str:
    return " ".join(str(number) for number in reading)


def _split_diagnostic(run: Run, reading: tuple[int, ...], joint: Sequence[Constraint], *, broken: bool) -> Diagnostic:
    mine = set(run.cells)
    alone = broken or len(run.candidates) == 1  # its own rules decided it
    linked = [] if alone else [r for r in joint if any(name in mine for name, _ in r.terms)]
    used = [*run.local, *linked]
    why = f"decided by {_rule_names(used)}" if used else "the only reading without leading zeros"
    if broken:
        why += " (the rules linking it to other digit runs cannot all hold)"
    message = f"split digit run {run.source.text!r} into {_reading(reading)}: {why}"
    return _diagnostic("digits-split", Severity.INFO, message, run.source, run.cells)


def _narrative_diagnostic(run: Run, reading: tuple[int, ...], quotes: Sequence[str]) -> Diagnostic:
    evidence = "；".join(f"“{quote}”" for quote in quotes)
    message = (
        f"split digit run {run.source.text!r} into {_reading(reading)}: arithmetic left several "
        f"readings, the narrative decided it: {evidence}"
    )
    return _diagnostic("digits-split-by-narrative", Severity.INFO, message, run.source, run.cells)


def _ambiguous_diagnostic(run: Run, outcome: Outcome, joint: Sequence[Constraint], *, consulted: bool) -> Diagnostic:
    mine = set(run.cells)
    used = [*run.local, *(r for r in joint if any(name in mine for name, _ in r.terms))]
    rules = f" fit {_rule_names(used)}" if used else " have no leading zeros"
    if not outcome.complete:
        message = (
            f"digit run {run.source.text!r}: too many combinations with the other runs to check "
            "within the search budget; left unresolved"
        )
        return _diagnostic("digits-ambiguous", Severity.WARNING, message, run.source, run.cells)
    if not outcome.seen:
        message = (
            f"digit run {run.source.text!r}: {len(run.candidates)} readings fit the row, but none fits"
            f"{rules[4:]} together with the other runs; left unresolved"
        )
        return _diagnostic("digits-unsatisfiable", Severity.WARNING, message, run.source, run.cells)
    examples = " | ".join(_reading(run.candidates[x]) for x in sorted(outcome.seen)[:_QUOTED_READINGS])
    count = f"{len(outcome.seen)}" if outcome.exhaustive else f"at least {len(outcome.seen)}"
    narrative = "; no figure in the narrative decides it" if consulted else ""
    message = (
        f"digit run {run.source.text!r}: {count} candidate readings{rules} (e.g. {examples}){narrative}; "
        "left unresolved"
    )
    return _diagnostic("digits-ambiguous", Severity.WARNING, message, run.source, run.cells)
