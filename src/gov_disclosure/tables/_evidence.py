"""Figures the narrative states about table cells, used to pick among readings of a digit run.

Reports often repeat table figures in prose: ``制发规范性文件3件，废止26件，现行有效698件``.
A figure counts as evidence only when a row keyword stands right before it (in its
clause, or earlier in its sentence when the clause names a column), and a unit follows
it. Keywords come from the template's labels (``_row_keywords``, ``_column_keywords``)
plus the few synonyms in :data:`_SYNONYMS`; nothing else in this module names a row.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Mapping, Sequence
from functools import cache

import regex
from attrs import frozen

from gov_disclosure.template import Edition, TableKey, ValueKind, cell_key, table_spec

__all__ = ["Evidence", "check_reading", "columns_named", "gather_evidence"]


@frozen
class Evidence:
    """One figure the narrative states: for a cell, or (``cell`` None) for some cell of a row."""

    row: str  # cell-key prefix of the row, e.g. "proactive.normative_documents"
    cell: str | None  # full cell key when a column keyword names the column
    value: int
    quote: str  # the clause it was read from


#: Keywords the template's labels do not supply, by (table, row or column key).
#: Rows and columns are told apart by the key namespace of their table.
_SYNONYMS: Mapping[tuple[TableKey, str], tuple[str, ...]] = {
    (TableKey.PROACTIVE, "issued"): ("印发", "出台"),
    (TableKey.PROACTIVE, "repealed"): ("宣布失效",),
    (TableKey.PROACTIVE, "made"): ("制作",),
    (TableKey.REQUESTS, "new_received"): ("新收", "受理", "收到"),
    (TableKey.REQUESTS, "carried_over"): ("上年结转",),
}

#: Words in a cell's note that name its column and that neither the labels nor
#: :data:`_SYNONYMS` supply: ``22（其中修订16件）`` is an issued count, ``55（含自然失效29件）``
#: an abolition count. Notes only: in prose these words are too loose to be evidence.
_NOTE_SYNONYMS: Mapping[tuple[TableKey, str], tuple[str, ...]] = {
    (TableKey.PROACTIVE, "issued"): ("修订", "新制定", "制定"),
    (TableKey.PROACTIVE, "repealed"): ("失效", "废除"),
}

#: Label words too generic to identify a row or column on their own.
_GENERIC_WORDS = frozenset({"总计", "合计", "其他"})

#: What right before a figure makes it a total over a list (``规章、规范性文件等243件``).
_AGGREGATE_END = "等"

#: Words that make a figure something other than this year's cell value: a running
#: total over years, or a change against another year.
_NOT_THIS_CELL = ("累计", "同比", "去年", "比上年", "较上年", "增加", "减少", "增长", "下降")

_PATTERNS = {
    # ordinals and parenthetical notes around labels: 一、 （一） 1.  （设区的市…）
    "label_noise": regex.compile(
        r"""
        ^(?:[一二三四五六七八九十]+、        # 一、
          | \([一二三四五六七八九十]+\)      # (一) after NFKC
          | \d+[.、])                        # 1. or 1、
        | \([^()]*\)                         # a note in brackets, anywhere
        """,
        regex.VERBOSE,
    ),
    # the parts of a column label that are not its distinguishing word
    "column_affixes": regex.compile(
        r"""
        ^本年                               # 本年制发件数 → 制发件数
        | (?:件数|数量|总数|数)$             # … → 制发
        """,
        regex.VERBOSE,
    ),
    # a figure with a unit: 3件, 26 项; not part of a decimal, a date or a longer number
    "figure": regex.compile(
        r"""
        (?<![\d.])(?P<value>\d{1,9})(?![\d.])   # the number, whole
        \s*(?:件|项|个|条|宗|起|次|份)          # a counting unit right after it
        """,
        regex.VERBOSE,
    ),
    "sentence_end": regex.compile(r"[。!?\n]"),
    "clause_end": regex.compile(r"[,;:、()]"),
}


def _clean(label: str) -> str:
    return _PATTERNS["label_noise"].sub("", unicodedata.normalize("NFKC", label)).strip()


@cache
def _row_keywords(edition: Edition) -> dict[str, tuple[TableKey, str]]:
    """Keyword → (table, row key) over all tables, from row labels and variants.

    All tables at once, so a figure after ``行政复议`` is never taken for a row of table
    三 named earlier in the sentence. Keywords naming two rows are dropped.
    """
    found: dict[str, set[tuple[TableKey, str]]] = {}
    for table in TableKey:
        for row in table_spec(edition, table).rows:
            words = [_clean(label) for label in row.labels]
            words += [unicodedata.normalize("NFKC", w) for w in _SYNONYMS.get((table, row.key), ())]
            for word in words:
                if 2 <= len(word) <= 12 and word not in _GENERIC_WORDS:
                    found.setdefault(word, set()).add((table, row.key))
    return {word: next(iter(rows)) for word, rows in found.items() if len(rows) == 1}


@cache
def _column_keywords(edition: Edition, table: TableKey) -> dict[str, str]:
    """Keyword → column key, from count-column labels; keywords naming two columns are dropped."""
    spec = table_spec(edition, table)
    found: dict[str, set[str]] = {}
    for row in spec.rows:
        for column in spec.columns_of(row):
            if column.kind is ValueKind.MONEY:
                continue
            words = [_PATTERNS["column_affixes"].sub("", _clean(label)) for label in column.labels]
            words += [unicodedata.normalize("NFKC", w) for w in _SYNONYMS.get((table, column.key), ())]
            for word in words:
                if len(word) >= 2 and word not in _GENERIC_WORDS:
                    found.setdefault(word, set()).add(column.key)
    return {word: next(iter(cols)) for word, cols in found.items() if len(cols) == 1}


@cache
def _alternation(words: tuple[str, ...]) -> regex.Pattern[str]:
    """One pattern matching any of ``words``, longest first (行政规范性文件 before 规范性文件)."""
    ordered = sorted(words, key=lambda w: (-len(w), w))
    return regex.compile("|".join(regex.escape(w) for w in ordered) or r"(?!)")


def _prose(narrative: str, skip_lines: Collection[int]) -> str:
    """The narrative as one NFKC string: lines joined (PDF text breaks words), ``skip_lines`` (1-based) dropped."""
    kept = [line.strip() for n, line in enumerate(narrative.splitlines(), start=1) if n not in skip_lines]
    out: list[str] = []
    for line in kept:
        if out and out[-1][-1:].isdigit() and line[:1].isdigit():
            out.append("\n")  # never glue two numbers together
        out.append(line)
    return unicodedata.normalize("NFKC", "".join(out))


def gather_evidence(
    edition: Edition, table: TableKey, narrative: str, *, skip_lines: Collection[int] = ()
) -> tuple[Evidence, ...]:
    """Every figure the narrative ties to a row (and maybe a column) of ``table``.

    >>> [e.cell for e in gather_evidence(Edition.GB2021, TableKey.PROACTIVE, "制发行政规范性文件3件，废止26件。")]
    ['proactive.normative_documents.issued', 'proactive.normative_documents.repealed']
    """
    if edition is Edition.LEGACY:
        return ()
    rows = _row_keywords(edition)
    columns = _column_keywords(edition, table)
    row_pattern = _alternation(tuple(rows))
    column_pattern = _alternation(tuple(columns))
    spec = table_spec(edition, table)
    out: list[Evidence] = []
    for sentence in _PATTERNS["sentence_end"].split(_prose(narrative, skip_lines)):
        carried: tuple[TableKey, str] | None = None
        for clause in _PATTERNS["clause_end"].split(sentence):
            previous = 0
            for figure in _PATTERNS["figure"].finditer(clause):
                before = clause[previous : figure.start()]
                previous = figure.end()
                row_hits = row_pattern.findall(before)
                column_hits = column_pattern.findall(before)
                named = rows[row_hits[-1]] if row_hits else None
                column = columns[column_hits[-1]] if column_hits else None
                row = named if named is not None or column is None else carried  # 制发规范性文件3件，废止26件
                carried = named or carried
                if row is None or row[0] is not table or any(word in before for word in _NOT_THIS_CELL):
                    continue
                if before.rstrip().endswith(_AGGREGATE_END):
                    continue  # 文件等243件: a total over several kinds, not one row's cell
                cell = None
                if column is not None:
                    if column not in {c.key for c in spec.columns_of(spec.row(row[1]))}:
                        continue  # a column word that does not belong to this row: not evidence
                    cell = str(cell_key(table, row[1], column))
                value = int(figure["value"])
                out.append(Evidence(f"{table.value}.{row[1]}", cell, value, clause.strip()))
            if hits := row_pattern.findall(clause[previous:]):
                carried = rows[hits[-1]]  # a row named after the last figure carries on
    return tuple(out)


def check_reading(
    reading: Mapping[str, int], known: Mapping[str, int], evidence: Sequence[Evidence]
) -> tuple[bool, tuple[str, ...]] | None:
    """Whether a run's reading (cell key → number) agrees with every figure stated about its cells.

    ``None`` when no figure concerns the run, or the figures contradict each other
    (two values for one cell): then the narrative cannot decide. Otherwise the verdict
    and the quoted clauses. A row-only figure must equal some cell of that row.
    """
    rows = {cell.rpartition(".")[0] for cell in reading}
    relevant = [e for e in evidence if (e.cell in reading if e.cell is not None else e.row in rows)]
    if not relevant:
        return None
    stated: dict[str, set[int]] = {}
    for item in relevant:
        if item.cell is not None:
            stated.setdefault(item.cell, set()).add(item.value)
    if any(len(values) > 1 for values in stated.values()):
        return None
    row_values: dict[str, set[int]] = {}
    for cell, number in (*known.items(), *reading.items()):
        row_values.setdefault(cell.rpartition(".")[0], set()).add(number)
    for item in relevant:
        if item.cell is not None and reading[item.cell] != item.value:
            return False, ()
        if item.cell is None and item.value not in row_values.get(item.row, set()):
            return False, ()
    return True, tuple(dict.fromkeys(item.quote for item in relevant))


def columns_named(edition: Edition, table: TableKey, note: str) -> frozenset[str]:
    """The column keys a cell's note names by a column word (``其中修订16件`` → issued).

    >>> sorted(columns_named(Edition.GB2021, TableKey.PROACTIVE, "（含自然失效29件）"))
    ['repealed']
    """
    if edition is Edition.LEGACY or not note:
        return frozenset()
    words = dict(_column_keywords(edition, table))
    columns = {c.key for row in table_spec(edition, table).rows for c in table_spec(edition, table).columns_of(row)}
    for (named_table, column), extra in _NOTE_SYNONYMS.items():
        if named_table is table and column in columns:
            words.update({unicodedata.normalize("NFKC", w): column for w in extra})
    text = unicodedata.normalize("NFKC", note)
    return frozenset(words[hit] for hit in _alternation(tuple(words)).findall(text))
