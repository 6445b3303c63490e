"""Which cells are wrong: the smallest change to a report's integer cells that makes every identity hold.

Pure computation, no I/O and no knowledge of reports. The identities are linear equations with
±1 coefficients over cells (`Equation`: Σ coefficient·value + constant = 0), or inequalities of the
same form (Σ coefficient·value + constant ≤ 0: 本年新公开数量 ≤ 对外公开总数量); the published values
break some of them. A constant stands for a value the report cannot change (the previous year's
published 结转下年度, X001). A *correction* changes a set of cells so that every equation holds, counts stay
integers ≥ 0, and every cell in the set really changes. The diagnosis is the correction with the
fewest cells, then the smallest total absolute change, then the fewest statements of the report's
own text it contradicts (the text is a second witness: it says 0 cases where the table's 总计 is 0).
Equations sharing no cell with one another, directly or through others, are independent systems
(table 四's groups, table 三): each is diagnosed on its own, and `diagnose` returns one `Diagnosis` for
each system with a broken equation (none when everything balances). Each is

- ``unique``: exactly one correction is smallest;
- ``ambiguous``: several are equally small (or the identities do not fix the changes of some smallest
  set of cells), so nobody can say which cells are wrong; a few are listed;
- ``beyond``: no correction of at most `max_cells` cells exists.

The search only looks at sets that touch every broken equation, grown one cell at a time from a
broken equation or from an equation the set already touches (a smallest correction is always such
a chain: a cell sharing no equation with the rest, in intact equations only, would have to change by 0).

An inequality leaves a set's changes open (45 → anything up to 41); the smallest of them lies where
some of the inequalities the set touches (or a count's floor of 0) hold with equality, so each set
tries those in turn and keeps the least total change. Two different smallest changes of one set are
undetermined, and two sets of equal total change are ambiguous: a lone broken inequality of two
cells is always ambiguous (45 → 41 or 41 → 45), which is the honest answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Hashable, Iterable, Mapping

MAX_CELLS = 3  # a correction of more cells than this is no longer a diagnosis but a guess
MAX_LISTED = 4  # how many equally small corrections an ambiguous diagnosis lists


@dataclass(frozen=True)
class Equation:
    """Σ coefficient·value(cell) + constant = 0 (relation "=") or ≤ 0 (relation "<=") when the identity
    holds; coefficients are ±1."""

    terms: tuple  # ((cell, coefficient), ...)
    constant: int = 0
    key: Hashable = None  # what the caller calls this equation (an identity and its row or column)
    relation: str = "="

    def residual(self, values: Mapping) -> int:
        return sum(coefficient * values[cell] for cell, coefficient in self.terms) + self.constant

    def holds_at(self, residual: int) -> bool:
        return residual <= 0 if self.relation == "<=" else residual == 0


@dataclass(frozen=True)
class Correction:
    changes: tuple  # ((cell, published value, value it must have), ...) in the cells' order of appearance

    @property
    def cells(self) -> tuple:
        return tuple(cell for cell, _, _ in self.changes)

    @property
    def size(self) -> int:
        return len(self.changes)

    @property
    def total_change(self) -> int:
        return sum(abs(new - old) for _, old, new in self.changes)

    def value(self, cell):
        return next(new for c, _, new in self.changes if c == cell)


@dataclass(frozen=True)
class Diagnosis:
    status: str  # unique | ambiguous | beyond
    corrections: tuple = ()  # the one correction (unique), or a few equally small ones (ambiguous)
    broken: tuple = ()  # the keys of the broken equations
    restores: tuple = ()  # unique: ((cell, (keys of the broken equations the cell is in)), ...)

    @property
    def correction(self):
        return self.corrections[0] if self.status == "unique" else None


@dataclass(frozen=True)
class Statement:
    """What the report's text says about its tables: one of `alternatives` (sums of cells) is `number`."""

    alternatives: tuple  # ((cell, ...), ...)
    number: int

    def agrees(self, values: Mapping) -> bool:
        return any(all(c in values for c in cells) and sum(values[c] for c in cells) == self.number
                   for cells in self.alternatives)


def diagnose(equations: Iterable[Equation], values: Mapping, nonnegative=frozenset(), statements=(), *,
             max_cells: int = MAX_CELLS, max_listed: int = MAX_LISTED) -> list:
    """For each independent system with a broken equation, its smallest correction of `values`
    (cell → int). `nonnegative` holds the cells that are counts (a correction may not make them
    negative); `statements` are the text's claims, used only to break ties."""
    equations = list(equations)
    residuals = [e.residual(values) for e in equations]
    broken_at = {i for i, (e, r) in enumerate(zip(equations, residuals)) if not e.holds_at(r)}
    if not broken_at:
        return []
    member: dict = {}  # cell → indices of the equations it is in
    for index, equation in enumerate(equations):
        for cell, _ in equation.terms:
            member.setdefault(cell, []).append(index)
    degree = max(len(m) for m in member.values())  # the most equations one cell is in
    found = []
    for system in _systems(equations, member):
        broken = [i for i in system if i in broken_at]
        if broken:
            found.append(_diagnose_system(equations, residuals, broken, member, values, nonnegative,
                                          statements, degree, max_cells, max_listed))
    return found


def _systems(equations: list, member: dict) -> list:
    """The equations grouped into independent systems (connected through shared cells)."""
    parent = list(range(len(equations)))

    def root(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for indices in member.values():
        for other in indices[1:]:
            parent[root(other)] = root(indices[0])
    groups: dict = {}
    for i in range(len(equations)):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())


def _diagnose_system(equations, residuals, broken, member, values, nonnegative, statements, degree, max_cells,
                     max_listed) -> Diagnosis:
    broken_keys = tuple(equations[i].key for i in broken)
    smallest = -(-len(broken) // degree)  # k cells touch at most k·degree equations
    search = _Search(equations, residuals, broken, member, values, nonnegative, degree)
    for size in range(smallest, max_cells + 1):
        found, undetermined = search.run(size)
        if not found and not undetermined:
            continue
        rank = {c: (c.total_change, _contradicted(c, values, statements)) for c in found}
        least = min(rank.values(), default=None)
        best = [c for c in found if rank[c] == least]
        if len(best) == 1 and not undetermined:
            correction = best[0]
            restores = tuple((cell, tuple(equations[i].key for i in member[cell] if i in broken))
                             for cell in correction.cells)
            return Diagnosis("unique", (correction,), broken_keys, restores)
        listed = sorted(found, key=lambda c: (rank[c], _order(c, member)))[:max_listed]
        return Diagnosis("ambiguous", tuple(listed), broken_keys)
    return Diagnosis("beyond", (), broken_keys)


def _contradicted(correction: Correction, values: Mapping, statements) -> int:
    """How many of the text's statements the corrected table contradicts."""
    if not statements:
        return 0
    corrected = dict(values)
    corrected.update({cell: new for cell, _, new in correction.changes})
    return sum(1 for s in statements if not s.agrees(corrected))


def _order(correction: Correction, member: dict) -> tuple:
    return tuple(min(member[c]) for c in correction.cells)


class _Search:
    def __init__(self, equations, residuals, broken, member, values, nonnegative, degree):
        self.equations = equations
        self.residuals = residuals
        self.broken = broken
        self.member = member
        self.values = values
        self.nonnegative = nonnegative
        self.degree = degree
        self.coefficient = [dict(e.terms) for e in equations]

    def run(self, size: int):
        """Every correction of exactly `size` cells, and whether some set of that size leaves the
        changes undetermined."""
        self.size, self.seen, self.found, self.undetermined = size, set(), [], False
        self._grow(())
        return self.found, self.undetermined

    def _grow(self, chosen: tuple) -> None:
        key = frozenset(chosen)
        if key in self.seen:
            return
        self.seen.add(key)
        touched = set()
        for cell in chosen:
            touched.update(self.member[cell])
        uncovered = [i for i in self.broken if i not in touched]
        room = self.size - len(chosen)
        if uncovered:
            if len(uncovered) > room * self.degree:
                return
            candidates = [c for c, _ in self.equations[uncovered[0]].terms]
        else:
            if room == 0:
                self._solve(chosen, sorted(touched))
                return
            candidates = [c for i in sorted(touched) for c, _ in self.equations[i].terms]
        for cell in candidates:
            if cell not in key:
                self._grow(chosen + (cell,))

    def _solve(self, chosen: tuple, touched: list) -> None:
        """The changes of `chosen` that make every touched equation and inequality hold, if one
        smallest such change exists. Equalities always bind; of the inequalities and the counts' floors,
        each combination is tried as binding (a smallest change sits at such a corner)."""
        equal = [self._row(i, chosen) for i in touched if self.equations[i].relation == "="]
        inequalities = [self._row(i, chosen) for i in touched if self.equations[i].relation != "="]
        bounds = inequalities + [[-1 if c == cell else 0 for c in chosen] + [self.values[cell]]
                   for cell in chosen if cell in self.nonnegative]  # −change ≤ value: the count stays ≥ 0
        first = _eliminate([list(r) for r in equal], len(chosen))
        if first is None:
            return  # inconsistent
        if first != "free":
            candidates = [first]
        elif not inequalities:
            self.undetermined = True  # the identities leave these cells' changes open
            return
        else:  # only inequalities bound the changes: try the corners of what bounds them
            candidates = [_eliminate([list(r) for r in equal] + [list(bounds[b]) for b in binding], len(chosen))
                          for binding in _subsets(len(bounds)) if binding]
        best, open_ = {}, False
        for solution in candidates:
            if solution is None:
                continue
            if solution == "free" or any(c.denominator != 1 for c in solution):
                open_ = True  # a corner that pins nothing, or lies between integers: cannot tell
                continue
            if any(c == 0 for c in solution):
                continue
            if any(sum(r[k] * solution[k] for k in range(len(chosen))) > r[-1] for r in bounds):
                continue
            best[tuple(int(c) for c in solution)] = sum(abs(int(c)) for c in solution)
        if not best:
            self.undetermined = self.undetermined or open_
            return
        least = min(best.values())
        smallest = [changes for changes, total in best.items() if total == least]
        if len(smallest) > 1:
            self.undetermined = True
            return
        changes = [(cell, self.values[cell], self.values[cell] + change) for cell, change in zip(chosen, smallest[0])]
        changes.sort(key=lambda change: min(self.member[change[0]]))
        self.found.append(Correction(tuple(changes)))

    def _row(self, index: int, chosen: tuple) -> list:
        """Σ coefficient·change (= or ≤) −residual, over the chosen cells."""
        coefficient = self.coefficient[index]
        return [coefficient.get(c, 0) for c in chosen] + [-self.residuals[index]]


def _subsets(count: int):
    """Every subset of range(count), smallest first (the empty one when there are no bounds)."""
    from itertools import combinations

    for size in range(count + 1):
        yield from combinations(range(count), size)


def _eliminate(rows: list, unknowns: int):
    """Gauss–Jordan on [A | b], exact (ints, Fractions where a pivot divides): the one solution,
    None if there is none, "free" if there are many."""
    pivot_row = 0
    pivots = []
    for column in range(unknowns):
        pick = next((r for r in range(pivot_row, len(rows)) if rows[r][column] != 0), None)
        if pick is None:
            continue
        rows[pivot_row], rows[pick] = rows[pick], rows[pivot_row]
        lead = rows[pivot_row][column]
        if lead == 1 or lead == -1:  # the usual pivot (coefficients are ±1): whole numbers stay whole
            rows[pivot_row] = [value * lead for value in rows[pivot_row]]
        else:
            rows[pivot_row] = [Fraction(value) / lead for value in rows[pivot_row]]
        for r in range(len(rows)):
            if r != pivot_row and rows[r][column] != 0:
                factor = rows[r][column]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[pivot_row])]
        pivots.append(column)
        pivot_row += 1
    if any(row[unknowns] != 0 for row in rows[pivot_row:]):
        return None
    if len(pivots) < unknowns:
        return "free"
    return [rows[i][unknowns] for i in range(unknowns)]
