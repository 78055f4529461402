"""The digit-run solver's search: readings of one run, and joint readings of linked runs.

Private to :mod:`gov_disclosure.tables.digits`, which validates runs, builds the
constraints, consults the narrative and reports; this module only searches, within
step budgets, so hostile input stays bounded.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from attrs import define, field, frozen

from gov_disclosure.template import SumRule

if TYPE_CHECKING:  # digits imports this module; the name is only needed for typing
    from gov_disclosure.tables.digits import DigitRun

__all__ = [
    "MAX_CANDIDATES",
    "MAX_RUN_DIGITS",
    "MAX_SEARCH_STEPS",
    "MAX_TABLE_STEPS",
    "Budget",
    "Constraint",
    "DoneError",
    "LimitError",
    "Outcome",
    "Run",
    "count_readings",
    "decided",
    "enumerate_readings",
    "groups",
    "solve_group",
]

#: Longer runs are refused outright (``digits-too-long``): no real row is this long.
MAX_RUN_DIGITS = 40
#: A run whose rules leave more readings than this is refused (``digits-too-long``).
MAX_CANDIDATES = 20_000
#: Search steps allowed per run and per group of linked runs; beyond, nothing is decided.
MAX_SEARCH_STEPS = 50_000
#: Search steps allowed for one call (one table), so hostile input stays under a second.
MAX_TABLE_STEPS = 100_000


class LimitError(Exception):
    """A search exceeded its step or candidate budget."""


class DoneError(Exception):
    """The search has learnt all it needs: every undecided run shows two readings."""


@frozen
class Constraint:
    """A usable sum rule as ``constant + Σ coefficient·cell == 0`` over unknown run cells."""

    rule: SumRule
    constant: int
    terms: tuple[tuple[str, int], ...]


@define
class Run:
    """Working state of one valid run."""

    source: DigitRun
    cells: tuple[str, ...]
    digits: str
    candidates: list[tuple[int, ...]] = field(factory=list)
    local: tuple[Constraint, ...] = ()


@define
class Budget:
    """Search steps left: for the whole call, and for the search under way."""

    table_left: int = field(factory=lambda: MAX_TABLE_STEPS)
    search_left: int = 0

    def start(self) -> None:
        """A new search (one run, or one group of linked runs) begins with its own allowance."""
        self.search_left = MAX_SEARCH_STEPS

    def spend(self, steps: int = 1) -> None:
        """Count steps; raise :class:`LimitError` when either allowance is used up."""
        self.search_left -= steps
        self.table_left -= steps
        if self.search_left < 0 or self.table_left < 0:
            raise LimitError


@define
class Outcome:
    """What the joint search found for one run: the readings that occur in some solution."""

    seen: set[int]
    complete: bool  # within budget: ``seen`` is every possible reading, or at least two of them
    exhaustive: bool = True  # ``seen`` is every possible reading


# --------------------------------------------------------------------------------------
# Stage 1: readings of one run
# --------------------------------------------------------------------------------------


def count_readings(digits: str, k: int) -> int:
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


def enumerate_readings(
    digits: str, cells: tuple[str, ...], local: Sequence[Constraint], budget: Budget
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

    def __init__(self, digits: str, cells: tuple[str, ...], local: Sequence[Constraint], budget: Budget) -> None:
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
                raise LimitError
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


def groups(runs: Sequence[Run], constraints: Sequence[Constraint]) -> list[tuple[list[Run], tuple[Constraint, ...]]]:
    """Runs linked by rules that span several of them, with those rules; single runs alone."""
    owner = {cell: i for i, run in enumerate(runs) for cell in run.cells}
    parent = list(range(len(runs)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    joint: list[tuple[Constraint, set[int]]] = []
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


def solve_group(
    group: Sequence[Run],
    rules: Sequence[Constraint],
    budget: Budget,
    domains: Sequence[Sequence[int]] | None = None,
) -> list[Outcome]:
    """Which readings of each run occur in some reading of the whole group that fits ``rules``.

    Stops early once every run with two or more readings left has shown two in some
    solution (nothing more can be decided), and gives up (``complete=False``) past the
    step budget, which also bounds the set-up work.
    """
    domain = [list(d) for d in domains] if domains is not None else [list(range(len(r.candidates))) for r in group]
    if not rules:  # a lone run: every reading it has is a solution
        return [Outcome(seen=set(d), complete=True) for d in domain]
    budget.start()
    try:
        weights = _contributions(group, rules, budget)
        _propagate(rules, weights, domain, budget)
    except LimitError:
        return [Outcome(seen=set(), complete=False, exhaustive=False) for _ in group]
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
                raise DoneError
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
    except LimitError:
        return [Outcome(seen=s, complete=False, exhaustive=False) for s in seen]
    except DoneError:
        return [Outcome(seen=s, complete=True, exhaustive=False) for s in seen]
    return [Outcome(seen=s, complete=True) for s in seen]


def _contributions(group: Sequence[Run], rules: Sequence[Constraint], budget: Budget) -> list[dict[int, list[int]]]:
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
    rules: Sequence[Constraint], weights: Sequence[dict[int, list[int]]], domain: list[list[int]], budget: Budget
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


def decided(run: Run, outcome: Outcome) -> bool:
    """One reading, proven the only one: by the run's own rules, or by the whole group's."""
    return len(run.candidates) == 1 or (outcome.complete and len(outcome.seen) == 1)
