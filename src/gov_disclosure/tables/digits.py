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
   on every rule whose unknown cells all lie in that run (``_enumerate``);
2. per group of runs linked by rules, propagation of those bounds and a capped
   backtracking search that records which readings occur in some joint solution
   (``_solve_group``);
3. for groups still ambiguous, the same search with readings that contradict the
   narrative removed (``_evidence``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence

from attrs import define, field, frozen

from gov_disclosure.cellvalues import read_cell
from gov_disclosure.diagnostics import Diagnostic, Severity, SourceSpan
from gov_disclosure.model import CellValue, Count
from gov_disclosure.tables._evidence import Evidence, check_reading, gather_evidence
from gov_disclosure.template import CellKey, Edition, SumRule, TableKey, edition_spec, table_spec

__all__ = [
    "MAX_CANDIDATES",
    "MAX_RUN_DIGITS",
    "MAX_SEARCH_STEPS",
    "MAX_TABLE_STEPS",
    "DigitRun",
    "RunResolution",
    "resolve_runs",
]

#: Longer runs are refused outright (``digits-too-long``): no real row is this long.
MAX_RUN_DIGITS = 40
#: A run whose rules leave more readings than this is refused (``digits-too-long``).
MAX_CANDIDATES = 20_000
#: Search steps allowed per run and per group of linked runs; beyond, nothing is decided.
MAX_SEARCH_STEPS = 50_000
#: Search steps allowed for one call (one table), so hostile input stays under a second.
MAX_TABLE_STEPS = 100_000
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


class _LimitError(Exception):
    """A search exceeded its step or candidate budget."""


class _DoneError(Exception):
    """The search has learnt all it needs: every undecided run shows two readings."""


@frozen
class _Constraint:
    """A usable sum rule as ``constant + Σ coefficient·cell == 0`` over unknown run cells."""

    rule: SumRule
    constant: int
    terms: tuple[tuple[str, int], ...]


@define
class _Run:
    """Working state of one valid run."""

    source: DigitRun
    cells: tuple[str, ...]
    digits: str
    candidates: list[tuple[int, ...]] = field(factory=list)
    local: tuple[_Constraint, ...] = ()


@define
class _Budget:
    """Search steps left: for the whole call, and for the search under way."""

    table_left: int = field(factory=lambda: MAX_TABLE_STEPS)
    search_left: int = 0

    def start(self) -> None:
        """A new search (one run, or one group of linked runs) begins with its own allowance."""
        self.search_left = MAX_SEARCH_STEPS

    def spend(self, steps: int = 1) -> None:
        """Count steps; raise :class:`_LimitError` when either allowance is used up."""
        self.search_left -= steps
        self.table_left -= steps
        if self.search_left < 0 or self.table_left < 0:
            raise _LimitError


@define
class _Outcome:
    """What the joint search found for one run: the readings that occur in some solution."""

    seen: set[int]
    complete: bool  # within budget: ``seen`` is every possible reading, or at least two of them
    exhaustive: bool = True  # ``seen`` is every possible reading


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
    budget = _Budget()
    cheap_first = sorted(range(len(valid)), key=lambda i: (len(valid[i].digits), i))
    usable = {i for i in cheap_first if _enumerate_run(valid[i], constraints, budget, diagnostics)}
    live = [run for i, run in enumerate(valid) if i in usable]
    resolved: dict[int, tuple[tuple[int, ...], Diagnostic]] = {}
    evidence: tuple[Evidence, ...] | None = None
    for group, rules in _groups(live, constraints):
        outcomes = _solve_group(group, rules, budget)
        pending = [i for i, run in enumerate(group) if not _decided(run, outcomes[i])]
        by_narrative: dict[int, _Outcome] = {}
        quotes: tuple[str, ...] = ()
        if pending and narrative:
            if evidence is None:
                evidence = gather_evidence(edition, table, narrative, skip_lines={run.line for run in runs})
            by_narrative, quotes = _narrative_pass(group, rules, outcomes, known, evidence, budget=budget)
        for i, run in enumerate(group):
            outcome = outcomes[i]
            if _decided(run, outcome):
                reading = run.candidates[next(iter(outcome.seen))] if outcome.seen else run.candidates[0]
                broken = outcome.complete and not outcome.seen
                resolved[id(run)] = (reading, _split_diagnostic(run, reading, rules, broken=broken))
            elif i in by_narrative and _decided(run, by_narrative[i]):
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


def _validate(edition: Edition, table: TableKey, runs: Sequence[DigitRun], out: list[Diagnostic]) -> list[_Run]:
    """Runs whose text is digits and whose cells are template cells, each cell in one run only."""
    taken: set[str] = set()
    valid: list[_Run] = []
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
        valid.append(_Run(source=run, cells=cells, digits=digits))
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
) -> tuple[_Constraint, ...]:
    """The edition's sum rules over this table whose cells are all either known counts or in runs."""
    out: list[_Constraint] = []
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
            out.append(_Constraint(rule, constant, live_terms))
    return tuple(out)


# --------------------------------------------------------------------------------------
# Stage 1: readings of one run
# --------------------------------------------------------------------------------------


def _enumerate_run(run: _Run, constraints: Sequence[_Constraint], budget: _Budget, out: list[Diagnostic]) -> bool:
    """Fill ``run.candidates``; report and return ``False`` when the run cannot take part."""
    source, n, k = run.source, len(run.digits), len(run.cells)
    if n > MAX_RUN_DIGITS:
        message = f"digit run of {n} digits is longer than {MAX_RUN_DIGITS}; not split"
        out.append(_diagnostic("digits-too-long", Severity.WARNING, message, source, run.cells))
        return False
    mine = set(run.cells)
    run.local = tuple(c for c in constraints if all(name in mine for name, _ in c.terms))
    try:
        if not run.local and _count_readings(run.digits, k) > MAX_CANDIDATES:
            raise _LimitError  # nothing would prune them: refuse without enumerating
        run.candidates = _enumerate(run.digits, run.cells, run.local, budget)
    except _LimitError:
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


def _count_readings(digits: str, k: int) -> int:
    """How many ways ``digits`` splits into ``k`` numbers without leading zeros (dynamic programming)."""
    n = len(digits)
    ways = [[0] * (k + 1) for _ in range(n + 1)]  # ways[i][j]: digits[:i] as j numbers
    ways[0][0] = 1
    for end in range(1, n + 1):
        for start in range(end):
            if end - start > 1 and digits[start] == "0":
                continue
            for j in range(1, k + 1):
                ways[end][j] += ways[start][j - 1]
    return ways[n][k]


def _enumerate(
    digits: str, cells: tuple[str, ...], local: Sequence[_Constraint], budget: _Budget
) -> list[tuple[int, ...]]:
    """Every reading of ``digits`` as ``len(cells)`` numbers without leading zeros that fits ``local``."""
    if len(digits) < len(cells):
        return []
    budget.start()
    search = _RunSearch(digits, cells, local, budget)
    search.place(0, 0, len(digits))
    return sorted(search.found)


class _RunSearch:
    """Depth-first search over the cut points of one run, pruned by interval bounds on its rules.

    Trailing cells that are the lone side of a rule (row totals) are cut from the right
    first, so the cells summed into them are bounded by a known value early. Every rule
    keeps ``acc`` (constant plus the parts placed so far) and the coefficient mass of
    the parts not yet placed on each side (``pos``, ``neg``).
    """

    def __init__(self, digits: str, cells: tuple[str, ...], local: Sequence[_Constraint], budget: _Budget) -> None:
        k = len(cells)
        index = {name: i for i, name in enumerate(cells)}
        weights = [[(index[name], c) for name, c in rule.terms] for rule in local]
        lone = {i for terms in weights for i, c in terms if sum(1 for _, d in terms if (d > 0) == (c > 0)) == 1}
        right = k - 1
        self.order: list[tuple[int, bool]] = []  # (part index, cut from the right)
        while right > 0 and right in lone:
            self.order.append((right, True))
            right -= 1
        self.order.extend((i, False) for i in range(right + 1))
        self.touching: list[list[tuple[int, int]]] = [[] for _ in range(k)]  # part → (rule, coefficient)
        for r, terms in enumerate(weights):
            for i, c in terms:
                self.touching[i].append((r, c))
        self.acc = [rule.constant for rule in local]
        self.pos = [sum(c for _, c in terms if c > 0) for terms in weights]
        self.neg = [sum(-c for _, c in terms if c < 0) for terms in weights]
        self.unit = [all(abs(c) == 1 for _, c in terms) for terms in weights]
        self.digit_sums = [0]
        for char in digits:
            self.digit_sums.append(self.digit_sums[-1] + int(char))
        self.digits = digits
        self.parts = [0] * k
        self.found: list[tuple[int, ...]] = []
        self.budget = budget

    def violated(self, low: int, high: int, remaining: int) -> tuple[int, bool] | None:
        """The first rule the parts left in ``digits[low:high]`` cannot balance, and whether its sum is too high.

        Rule ``-1`` means a failure that a longer cut of the current part might cure.

        Bounds for the parts left: each is at most ``top``; together at least their digit
        sum (10a+b ≥ a+b) and at most one long part plus nines.
        """
        if remaining == 0:
            return next(((r, a > 0) for r, a in enumerate(self.acc) if a), None)
        top = 10 ** (high - low - remaining + 1) - 1
        least, most = self.digit_sums[high] - self.digit_sums[low], top + 9 * (remaining - 1)
        for r, a in enumerate(self.acc):
            pos, neg = self.pos[r], self.neg[r]
            if self.unit[r] and pos == remaining and not neg:
                low_sum, high_sum = a + least, a + most
                target = -a  # the parts left must add up to exactly this
            elif self.unit[r] and neg == remaining and not pos:
                low_sum, high_sum = a - most, a - least
                target = a
            else:
                low_sum, high_sum = a - neg * top, a + pos * top
                target = -1
            if low_sum > 0 or high_sum < 0:
                return r, low_sum > 0
            if target > 0 and high - low > remaining * len(str(target)):
                # no part can exceed the sum, so none has more digits than it: too many digits left.
                # A longer cut may cure this, so it names no rule (-1) and never stops the loop.
                return -1, False
        return None

    def shift(self, part: int, value: int, sign: int) -> None:
        """Add (``sign`` 1) or remove (-1) a placed part's value in every rule it appears in."""
        for r, c in self.touching[part]:
            self.acc[r] += sign * c * value
            if c > 0:
                self.pos[r] -= sign * c
            else:
                self.neg[r] += sign * c

    def place(self, step: int, low: int, high: int) -> None:
        """Place part ``order[step]`` in every admissible length, recursing on what is left."""
        if step == len(self.order):
            self.found.append(tuple(self.parts))
            if len(self.found) > MAX_CANDIDATES:
                raise _LimitError
            return
        part, from_right = self.order[step]
        after = len(self.order) - step - 1
        lengths = [high - low] if after == 0 else range(1, high - low - after + 1)
        for length in lengths:
            start = high - length if from_right else low
            if length > 1 and self.digits[start] == "0":
                if from_right:
                    continue
                break
            self.budget.spend()
            value = int(self.digits[start : start + length])
            self.parts[part] = value
            self.shift(part, value, 1)
            rest = (low, start) if from_right else (start + length, high)
            failed = self.violated(*rest, after)
            if failed is None:
                self.place(step + 1, *rest)
            self.shift(part, value, -1)
            if failed is not None and self._worse_when_longer(part, *failed):
                break

    def _worse_when_longer(self, part: int, rule: int, too_high: bool) -> bool:
        """A longer part only moves a violated rule further the wrong way.

        A longer part is a larger number and leaves fewer digits to the others, which
        narrows their bounds; so once the part's own term overshoots, every longer
        length overshoots too.
        """
        return any(r == rule and (c > 0) == too_high for r, c in self.touching[part])


# --------------------------------------------------------------------------------------
# Stage 2: runs linked by rules
# --------------------------------------------------------------------------------------


def _groups(
    runs: Sequence[_Run], constraints: Sequence[_Constraint]
) -> list[tuple[list[_Run], tuple[_Constraint, ...]]]:
    """Runs linked by rules that span several of them, with those rules; single runs alone."""
    owner = {cell: i for i, run in enumerate(runs) for cell in run.cells}
    parent = list(range(len(runs)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    joint: list[tuple[_Constraint, set[int]]] = []
    for rule in constraints:
        if not all(name in owner for name, _ in rule.terms):
            continue  # touches a refused or unsatisfiable run: cannot be assessed
        members = {owner[name] for name, _ in rule.terms}
        if len(members) > 1:
            joint.append((rule, members))
            first, *rest = sorted(members)
            for other in rest:
                parent[root(other)] = root(first)
    groups: dict[int, list[int]] = {}
    for i in range(len(runs)):
        groups.setdefault(root(i), []).append(i)
    out = []
    for indexes in groups.values():
        chosen = set(indexes)
        rules = tuple(rule for rule, used in joint if used <= chosen)
        out.append(([runs[i] for i in indexes], rules))
    return out


def _solve_group(
    group: Sequence[_Run],
    rules: Sequence[_Constraint],
    budget: _Budget,
    domains: Sequence[Sequence[int]] | None = None,
) -> list[_Outcome]:
    """Which readings of each run occur in some reading of the whole group that fits ``rules``.

    Stops early once every run with two or more readings left has shown two in some
    solution (nothing more can be decided), and gives up (``complete=False``) past the
    step budget, which also bounds the set-up work.
    """
    domain = [list(d) for d in domains] if domains is not None else [list(range(len(r.candidates))) for r in group]
    if not rules:  # a lone run: every reading it has is a solution
        return [_Outcome(seen=set(d), complete=True) for d in domain]
    budget.start()
    try:
        weights = _contributions(group, rules, budget)
        _propagate(rules, weights, domain, budget)
    except _LimitError:
        return [_Outcome(seen=set(), complete=False, exhaustive=False) for _ in group]
    bounds = [{g: _range(values[x] for x in domain[g]) for g, values in weights[r].items()} for r in range(len(rules))]
    touching = [[r for r in range(len(rules)) if g in weights[r]] for g in range(len(group))]
    order = sorted(range(len(group)), key=lambda g: (len(domain[g]), g))
    chosen: dict[int, int] = {}
    seen: list[set[int]] = [set() for _ in group]

    def consistent(r: int) -> bool:
        low = high = rules[r].constant
        for g, values in weights[r].items():
            if g in chosen:
                low += values[chosen[g]]
                high += values[chosen[g]]
            else:
                low += bounds[r][g][0]
                high += bounds[r][g][1]
        return low <= 0 <= high

    def search(depth: int) -> None:
        if depth == len(order):
            for g, x in chosen.items():
                seen[g].add(x)
            if all(len(seen[h]) > 1 or len(domain[h]) == 1 for h in range(len(group))):
                raise _DoneError
            return
        g = order[depth]
        for x in domain[g]:
            budget.spend()
            chosen[g] = x
            if all(consistent(r) for r in touching[g]):
                search(depth + 1)
            del chosen[g]

    try:
        if all(domain):
            search(0)
    except _LimitError:
        return [_Outcome(seen=s, complete=False, exhaustive=False) for s in seen]
    except _DoneError:
        return [_Outcome(seen=s, complete=True, exhaustive=False) for s in seen]
    return [_Outcome(seen=s, complete=True) for s in seen]


def _contributions(group: Sequence[_Run], rules: Sequence[_Constraint], budget: _Budget) -> list[dict[int, list[int]]]:
    """``[rule][run][reading]``: Σ coefficient·value of that run's cells in the rule, for each reading."""
    owner = {cell: (g, position) for g, run in enumerate(group) for position, cell in enumerate(run.cells)}
    work = sum(len(group[owner[name][0]].candidates) for rule in rules for name, _ in rule.terms)
    budget.spend(work)  # computing every reading's weight costs about one step each
    out: list[dict[int, list[int]]] = []
    for rule in rules:
        by_run: dict[int, list[tuple[int, int]]] = {}
        for name, c in rule.terms:
            g, position = owner[name]
            by_run.setdefault(g, []).append((position, c))
        out.append(
            {
                g: [sum(c * reading[p] for p, c in terms) for reading in group[g].candidates]
                for g, terms in by_run.items()
            }
        )
    return out


def _range(values: Iterable[int]) -> tuple[int, int]:
    items = list(values)
    return (min(items), max(items)) if items else (0, 0)


#: Rounds of bounds propagation; each round only removes readings, so stopping is safe.
_PROPAGATION_ROUNDS = 20


def _propagate(
    rules: Sequence[_Constraint], weights: Sequence[dict[int, list[int]]], domain: list[list[int]], budget: _Budget
) -> None:
    """Drop readings that no combination of the other runs' value ranges can balance (bounds consistency)."""
    for _ in range(_PROPAGATION_ROUNDS):
        changed = False
        for r, rule in enumerate(rules):
            budget.spend(sum(len(domain[g]) for g in weights[r]))
            ranges = {g: _range(values[x] for x in domain[g]) for g, values in weights[r].items()}
            for g, values in weights[r].items():
                low = rule.constant + sum(ranges[h][0] for h in ranges if h != g)
                high = rule.constant + sum(ranges[h][1] for h in ranges if h != g)
                kept = [x for x in domain[g] if low + values[x] <= 0 <= high + values[x]]
                if len(kept) != len(domain[g]):
                    domain[g] = kept
                    ranges[g] = _range(values[x] for x in kept)
                    changed = True
        if not changed:
            return


def _decided(run: _Run, outcome: _Outcome) -> bool:
    """One reading, proven the only one: by the run's own rules, or by the whole group's."""
    return len(run.candidates) == 1 or (outcome.complete and len(outcome.seen) == 1)


# --------------------------------------------------------------------------------------
# Stage 3: narrative evidence
# --------------------------------------------------------------------------------------


def _narrative_pass(
    group: Sequence[_Run],
    rules: Sequence[_Constraint],
    outcomes: Sequence[_Outcome],
    known: Mapping[str, CellValue],
    evidence: Sequence[Evidence],
    *,
    budget: _Budget,
) -> tuple[dict[int, _Outcome], tuple[str, ...]]:
    """Re-solve an ambiguous group keeping only readings that agree with every figure the narrative states."""
    if not evidence:
        return {}, ()
    known_counts = {name: v.value for name, v in known.items() if isinstance(v, Count)}
    domains: list[list[int]] = []
    quotes: list[str] = []
    for run, outcome in zip(group, outcomes):
        if _decided(run, outcome):
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
    if all(len(d) == len(run.candidates) or _decided(run, o) for d, run, o in zip(domains, group, outcomes)):
        return {}, ()  # no figure narrowed any open run
    narrowed = _solve_group(group, rules, budget, domains)
    if not any(o.seen for o in narrowed):
        return {}, ()
    return dict(enumerate(narrowed)), tuple(dict.fromkeys(quotes))


# --------------------------------------------------------------------------------------
# Results and diagnostics
# --------------------------------------------------------------------------------------


def _collect(
    edition: Edition,
    table: TableKey,
    runs: Sequence[_Run],
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


def _rule_names(rules: Iterable[_Constraint]) -> str:
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


def _split_diagnostic(run: _Run, reading: tuple[int, ...], joint: Sequence[_Constraint], *, broken: bool) -> Diagnostic:
    mine = set(run.cells)
    alone = broken or len(run.candidates) == 1  # its own rules decided it
    linked = [] if alone else [r for r in joint if any(name in mine for name, _ in r.terms)]
    used = [*run.local, *linked]
    why = f"decided by {_rule_names(used)}" if used else "the only reading without leading zeros"
    if broken:
        why += " (the rules linking it to other digit runs cannot all hold)"
    message = f"split digit run {run.source.text!r} into {_reading(reading)}: {why}"
    return _diagnostic("digits-split", Severity.INFO, message, run.source, run.cells)


def _narrative_diagnostic(run: _Run, reading: tuple[int, ...], quotes: Sequence[str]) -> Diagnostic:
    evidence = "；".join(f"“{quote}”" for quote in quotes)
    message = (
        f"split digit run {run.source.text!r} into {_reading(reading)}: arithmetic left several "
        f"readings, the narrative decided it: {evidence}"
    )
    return _diagnostic("digits-split-by-narrative", Severity.INFO, message, run.source, run.cells)


def _ambiguous_diagnostic(run: _Run, outcome: _Outcome, joint: Sequence[_Constraint], *, consulted: bool) -> Diagnostic:
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
