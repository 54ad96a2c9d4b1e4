"""Statistical disclosure control: no figure from fewer than 5 cases, not even by subtraction.

Plain Python (no Django): the rules work on grids of counts. Each count
carries its *basis*, the number of cases it is made of (for a count of cases
the count itself; for introductions the number of distinct cases behind them).
The rules, also written down in the app's README:

1. Primary: a figure whose basis is 1 to 4 is shown as "< 5". Zero is shown
   (it is nobody) and so is 5 or more.
2. Secondary, in a line that has a total (a row of categories with its sum,
   or a column): the total minus the published figures gives the sum of the
   withheld ones. If exactly one figure of the line is withheld, or the
   withheld figures expose fewer than 5 cases together, the smallest further
   non-zero figure of the line is withheld too, until at least two are
   withheld and they expose 5 cases or more. If the line has no non-zero
   figure left, its total is withheld as well. A network figure shown beside
   an institution's exposes only the rest of the network (network minus
   institution), so that is what it counts with.
3. Comparison: an institution's figure beside the network's reveals the
   rest of the network by subtraction; where that difference is 1 to 4 the
   network's figure is withheld.
4. Rules 2 and 3 are applied again until nothing changes (a withheld figure
   can make another line reveal something).
5. Periods: the readers choose the years, and two periods that differ by a
   year would give that year's figures by subtraction. So rules 1 to 4 are
   applied to each year's figures, and a figure over several years is their
   sum, shown only if every one of its yearly figures is shown (it then tells
   nothing the years do not); otherwise it is "< 5" if it rests on fewer than
   5 cases, else "x".

A withheld figure is shown as "< 5" when its basis is small, as "x" when it
was withheld only to protect another figure.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

THRESHOLD = 5

SHOWN = "shown"
SMALL = "small"  # primary: fewer than THRESHOLD cases
WITHHELD = "withheld"  # secondary: would reveal a small figure by subtraction


@dataclass
class Cell:
    """One count with the number of cases it rests on and whether it may be shown."""

    value: int
    basis: int | None = None
    state: str = SHOWN
    # the cases the figure stands for once the institution's figure beside it is known
    exposure: int | None = None

    def __post_init__(self) -> None:
        if self.basis is None:
            self.basis = self.value
        if self.exposure is None:
            self.exposure = self.basis

    @property
    def hidden(self) -> bool:
        return self.state != SHOWN

    @property
    def display(self) -> str:
        if self.state == SMALL:
            return "< 5"
        if self.state == WITHHELD:
            return "x"
        return str(self.value)

    def hide(self) -> bool:
        """Withhold this figure (secondary); return whether that changed anything."""
        if self.hidden:
            return False
        self.state = WITHHELD
        return True


@dataclass
class Line:
    """Cells whose sum is published as `total` (a row or column of a table with totals)."""

    cells: list[Cell]
    total: Cell


@dataclass
class Pair:
    """An institution's figure shown beside the network's figure of the same kind."""

    part: Cell
    whole: Cell


@dataclass
class Grid:
    """All cells of one table with the relations an attacker could subtract along."""

    cells: list[Cell] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    pairs: list[Pair] = field(default_factory=list)


def small(basis: int | None) -> bool:
    """Whether a figure resting on `basis` cases must not be shown."""
    return basis is not None and 0 < basis < THRESHOLD


def apply_primary(cells: Iterable[Cell]) -> None:
    for cell in cells:
        if small(cell.basis):
            cell.state = SMALL


def _protect_line(line: Line) -> bool:
    """Rule 2 on one line; return whether it withheld anything."""
    if line.total.hidden:
        return False
    hidden = [cell for cell in line.cells if cell.hidden]
    exposed = sum(cell.exposure or 0 for cell in hidden)
    if not hidden or (len(hidden) > 1 and exposed >= THRESHOLD):
        return False
    changed = False
    while len(hidden) < 2 or exposed < THRESHOLD:
        candidates = [cell for cell in line.cells if not cell.hidden and (cell.exposure or 0) > 0]
        if not candidates:
            if exposed < THRESHOLD:
                changed |= line.total.hide()
            break
        smallest = min(candidates, key=lambda cell: (cell.exposure or 0, cell.value))
        smallest.hide()
        changed = True
        hidden.append(smallest)
        exposed += smallest.exposure or 0
    return changed


def _protect_pair(pair: Pair) -> bool:
    """Rule 3 on one institution/network pair; return whether it withheld anything."""
    if pair.whole.hidden:
        return False
    rest = (pair.whole.basis or 0) - (pair.part.basis or 0)
    if small(rest):
        return pair.whole.hide()
    return False


def protect(grid: Grid) -> Grid:
    """Apply rules 1 to 4 to `grid` in place and return it."""
    apply_primary(grid.cells)
    for pair in grid.pairs:
        pair.whole.exposure = max((pair.whole.basis or 0) - (pair.part.basis or 0), 0)
    changed = True
    while changed:
        changed = False
        for line in grid.lines:
            changed |= _protect_line(line)
        for pair in grid.pairs:
            changed |= _protect_pair(pair)
    return grid


def protect_line(values: Sequence[int]) -> tuple[list[Cell], Cell]:
    """Protect one row of counts with its total; return the cells and the total cell."""
    cells = [Cell(value) for value in values]
    total = Cell(sum(values))
    protect(Grid(cells=[*cells, total], lines=[Line(cells, total)]))
    return cells, total


def aggregate(cells: Sequence[Cell]) -> Cell:
    """Rule 5: the sum of protected yearly figures, shown only if all of them are shown."""
    total = Cell(sum(cell.value for cell in cells), sum(cell.basis or 0 for cell in cells))
    if small(total.basis):
        total.state = SMALL
    elif any(cell.hidden for cell in cells):
        total.state = WITHHELD
    return total
