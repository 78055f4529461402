"""Fit a line's value cells to a row of ``n`` columns, or say that they do not fit.

A row fits when it has exactly ``n`` values, or (cells separated by pipes or tabs)
exactly ``n`` cell positions once debris separators at the ends are dropped, in which
case an empty position is a blank cell. Anything else is left to the caller: we never
guess which column a value belongs to.
"""

from __future__ import annotations

from gov_disclosure.tables._lines import Cell, Line, Separator, norm

__all__ = ["fit_cells", "pipe_row"]


def fit_cells(line: Line, n: int) -> list[Cell | None] | None:
    """The ``n`` cells of the row in column order (``None`` = empty position), or ``None``."""
    values = list(line.values)
    if len(values) == n:
        return list(values)
    if not line.is_separated:
        return None
    cells = list(line.value_cells)
    while len(cells) > n and cells and not cells[-1].text:
        cells.pop()
    while len(cells) > n and cells and not cells[0].text:
        cells.pop(0)
    if len(cells) != n or not any(c.text for c in cells):
        return None
    return [c if c.text else None for c in cells]


def pipe_row(line: Line, n: int, labels: tuple[str, ...]) -> list[Cell | None] | None:
    """A clean pipe row: first cell a label from ``labels`` (normalised), then exactly ``n`` cells.

    Cells keep any text (a cell may hold text that is not a number); empty cells are blank.
    """
    if line.separator is not Separator.PIPE or len(line.cells) != n + 1:
        return None
    if norm(line.cells[0].text) not in labels:
        return None
    return [c if c.text else None for c in line.cells[1:]]
