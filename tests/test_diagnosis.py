"""The diagnosis (xxgk_lint.diagnosis) against an independent brute force on a small table.

The table: a 3×3 grid with row totals, column totals and a grand total (16 cells, 8 identities).
Every cell is in exactly one row identity and one column identity, so any three cells form a forest
in the row–column graph: a set's changes, if any, are found by peeling — an identity touched by only
one cell of the set fixes that cell's change. That is the independent solver the test uses; it tries
every set of 1–3 cells and takes the smallest, then the one of least total change.
"""

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from xxgk_lint.diagnosis import Equation, Statement, diagnose

N = 3
INNER = [("x", i, j) for i in range(N) for j in range(N)]
ROWS = [("r", i) for i in range(N)]
COLS = [("c", j) for j in range(N)]
GRAND = ("g",)
CELLS = INNER + ROWS + COLS + [GRAND]


def equations() -> list:
    found = []
    for i in range(N):  # Σ row − row total = 0
        found.append(Equation(tuple((("x", i, j), 1) for j in range(N)) + ((("r", i), -1),), 0, ("row", i)))
    found.append(Equation(tuple((c, 1) for c in COLS) + ((GRAND, -1),), 0, ("row", "total")))
    for j in range(N):
        found.append(Equation(tuple((("x", i, j), 1) for i in range(N)) + ((("c", j), -1),), 0, ("col", j)))
    found.append(Equation(tuple((r, 1) for r in ROWS) + ((GRAND, -1),), 0, ("col", "total")))
    return found


def consistent(inner: list) -> dict:
    values = {("x", i, j): inner[i * N + j] for i in range(N) for j in range(N)}
    for i in range(N):
        values[("r", i)] = sum(values[("x", i, j)] for j in range(N))
    for j in range(N):
        values[("c", j)] = sum(values[("x", i, j)] for i in range(N))
    values[GRAND] = sum(values[r] for r in ROWS)
    return values


def peel(chosen: tuple, values: dict, system: list):
    """The changes of `chosen` that make every equation hold, or None. Each cell lies in exactly two
    equations and no three cells close a cycle, so repeatedly settling an equation with one unknown
    left either solves the set or shows it cannot work."""
    residual = {e.key: e.residual(values) for e in system}
    if any(r for e in system if not any(c in chosen for c, _ in e.terms) for r in [residual[e.key]]):
        return None
    change: dict = {}
    progress = True
    while progress and len(change) < len(chosen):
        progress = False
        for e in system:
            unknown = [(c, a) for c, a in e.terms if c in chosen and c not in change]
            if len(unknown) == 1:
                known = sum(a * change[c] for c, a in e.terms if c in change)
                cell, a = unknown[0]
                change[cell] = -(residual[e.key] + known) * a  # a is ±1
                progress = True
    if len(change) < len(chosen):
        return None
    for e in system:
        if residual[e.key] + sum(a * change.get(c, 0) for c, a in e.terms) != 0:
            return None
    if any(change[c] == 0 or values[c] + change[c] < 0 for c in chosen):
        return None
    return change


def brute_force(values: dict, system: list):
    """("balanced"|"unique"|"ambiguous"|"beyond", the unique correction as {cell: new value})."""
    if all(e.residual(values) == 0 for e in system):
        return "balanced", None
    for size in (1, 2, 3):
        found = []
        for chosen in itertools.combinations(CELLS, size):
            change = peel(chosen, values, system)
            if change is not None:
                found.append(change)
        if found:
            least = min(sum(abs(v) for v in c.values()) for c in found)
            best = [c for c in found if sum(abs(v) for v in c.values()) == least]
            if len(best) == 1:
                return "unique", {cell: values[cell] + v for cell, v in best[0].items()}
            return "ambiguous", None
    return "beyond", None


cell_values = st.lists(st.integers(0, 4), min_size=N * N, max_size=N * N)
changes = st.lists(st.tuples(st.sampled_from(CELLS), st.integers(-3, 3).filter(bool)), min_size=1, max_size=3,
                   unique_by=lambda change: change[0])


@settings(max_examples=300, deadline=None)
@given(inner=cell_values, altered=changes)
def test_diagnosis_agrees_with_brute_force(inner, altered):
    true_values = consistent(inner)
    published = dict(true_values)
    for cell, delta in altered:
        published[cell] = max(0, published[cell] + delta)
    system = equations()
    expected_status, expected = brute_force(published, system)
    found = diagnose(system, published, nonnegative=frozenset(CELLS))
    if expected_status == "balanced":
        assert found == []
        return
    assert len(found) == 1  # one connected table
    diagnosis = found[0]
    assert diagnosis.status == expected_status
    if expected_status == "unique":
        assert {cell: new for cell, _, new in diagnosis.correction.changes} == expected
    if expected_status == "ambiguous":
        assert len(diagnosis.corrections) >= 2 and diagnosis.correction is None


@settings(max_examples=300, deadline=None)
@given(inner=cell_values, altered=changes)
def test_the_change_is_named_whenever_it_is_the_unique_smallest(inner, altered):
    """The acceptance property, stated directly: whenever undoing the change is the one smallest
    correction (by the brute force), the diagnosis names exactly the changed cells and their values."""
    true_values = consistent(inner)
    published = dict(true_values)
    for cell, delta in altered:
        published[cell] = max(0, published[cell] + delta)
    changed = {cell: true_values[cell] for cell in CELLS if published[cell] != true_values[cell]}
    status, expected = brute_force(published, equations())
    found = diagnose(equations(), published, nonnegative=frozenset(CELLS))
    if status == "unique" and expected == changed:
        assert {cell: new for cell, _, new in found[0].correction.changes} == changed
    elif status == "ambiguous":
        assert found[0].status == "ambiguous"


def test_nothing_is_computed_when_everything_balances():
    values = consistent([1, 2, 3, 4, 0, 0, 1, 1, 1])
    assert diagnose(equations(), values) == []


def test_one_wrong_inner_cell_is_named_with_its_identities():
    values = consistent([1, 2, 3, 4, 0, 0, 1, 1, 1])
    values[("x", 1, 1)] = 5
    (diagnosis,) = diagnose(equations(), values, nonnegative=frozenset(CELLS))
    assert diagnosis.status == "unique"
    assert diagnosis.correction.changes == ((("x", 1, 1), 5, 0),)
    assert dict(diagnosis.restores) == {("x", 1, 1): (("row", 1), ("col", 1))}


def test_a_group_total_or_one_of_its_parts_is_ambiguous_unless_a_count_would_go_negative():
    group = [Equation(tuple((("part", k), 1) for k in range(3)) + ((("total",), -1),), 0, "group")]
    counts = frozenset([("part", 0), ("part", 1), ("part", 2), ("total",)])
    too_high = {("part", 0): 2, ("part", 1): 1, ("part", 2): 0, ("total",): 0}  # parts 3, total 0
    (diagnosis,) = diagnose(group, too_high, counts)
    assert diagnosis.status == "unique" and diagnosis.correction.changes == ((("total",), 0, 3),)
    parts_high = {("part", 0): 5, ("part", 1): 1, ("part", 2): 0, ("total",): 3}  # total 6 or 5 → 2
    (diagnosis,) = diagnose(group, parts_high, counts)
    assert diagnosis.status == "ambiguous"
    assert {c.cells for c in diagnosis.corrections} == {(("part", 0),), (("total",),)}


def test_the_text_breaks_a_tie_and_independent_tables_are_diagnosed_apart():
    group = [Equation((("a", 1), ("b", 1), ("t", -1)), 0, "one"), Equation((("p", 1), ("q", -1)), 0, "two")]
    values = {"a": 1, "b": 0, "t": 0, "p": 2, "q": 2}
    counts = frozenset(values)
    (diagnosis,) = diagnose(group, values, counts)  # t → 1 or a → 0
    assert diagnosis.status == "ambiguous"
    said_zero = [Statement((("t",),), 0)]  # the text says the total is 0: a is what is wrong
    (diagnosis,) = diagnose(group, values, counts, said_zero)
    assert diagnosis.correction.changes == (("a", 1, 0),)
    values.update(p=3)
    found = diagnose(group, values, counts, said_zero)
    assert [d.broken for d in found] == [("one",), ("two",)]


def test_more_than_three_cells_is_beyond_the_diagnosis():
    values = consistent([1, 1, 1, 1, 1, 1, 1, 1, 1])
    for i in range(N):
        values[("x", i, i)] += 1  # three diagonal cells and the grand total
    values[GRAND] += 5
    (diagnosis,) = diagnose(equations(), values, nonnegative=frozenset(CELLS))
    assert diagnosis.status == "beyond" and diagnosis.corrections == ()


# -- inequalities as constraints ------------------------------------------------------------------------
# A small system mixing both kinds: a + b = t (a total), p ≤ q and p ≤ t (bounds like 本年新公开 ≤ 对外公开总数).
MIXED_CELLS = ("a", "b", "t", "p", "q")
MIXED = [Equation((("a", 1), ("b", 1), ("t", -1)), 0, "sum"),
         Equation((("p", 1), ("q", -1)), 0, "p≤q", "<="),
         Equation((("p", 1), ("t", -1)), 0, "p≤t", "<=")]


def mixed_brute_force(values: dict, system=MIXED, cells=MIXED_CELLS, top=None):
    """Try every new value (0 … a bound no smallest correction needs to pass) of every set of 1–3 cells."""
    if all(e.holds_at(e.residual(values)) for e in system):
        return "balanced", None
    top = top or 2 * max(values.values()) + 2
    for size in (1, 2, 3):
        found = []
        for chosen in itertools.combinations(cells, size):
            for new in itertools.product(range(top + 1), repeat=size):
                if any(n == values[c] for c, n in zip(chosen, new)):
                    continue
                trial = dict(values)
                trial.update(zip(chosen, new))
                if all(e.holds_at(e.residual(trial)) for e in system):
                    found.append(dict(zip(chosen, new)))
        if found:
            least = min(sum(abs(n - values[c]) for c, n in f.items()) for f in found)
            best = [f for f in found if sum(abs(n - values[c]) for c, n in f.items()) == least]
            return ("unique", best[0]) if len(best) == 1 else ("ambiguous", None)
    return "beyond", None


@settings(max_examples=200, deadline=None)
@given(values=st.fixed_dictionaries({c: st.integers(0, 5) for c in MIXED_CELLS}))
def test_inequalities_bound_the_diagnosis_as_a_brute_force_says(values):
    """Never a wrong unique answer: where the brute force finds one smallest correction the diagnosis
    names it; where it finds several, the diagnosis does not pick one."""
    status, expected = mixed_brute_force(values)
    found = diagnose(MIXED, values, nonnegative=frozenset(MIXED_CELLS))
    if status == "balanced":
        assert found == []
        return
    (diagnosis,) = found
    if diagnosis.status == "unique":
        assert status == "unique"
        assert {cell: new for cell, _, new in diagnosis.correction.changes} == expected
    if status == "unique":
        assert diagnosis.status == "unique"
    if status == "ambiguous":
        assert diagnosis.status == "ambiguous"


def test_a_lone_broken_inequality_is_ambiguous_both_ways_listed():
    bound = [Equation(((("new",), 1), (("all",), -1)), 0, "I8", "<=")]
    (diagnosis,) = diagnose(bound, {("new",): 45, ("all",): 41}, frozenset([("new",), ("all",)]))
    assert diagnosis.status == "ambiguous"
    assert {c.changes for c in diagnosis.corrections} == {((("new",), 45, 41),), ((("all",), 41, 45),)}


def test_an_inequality_that_holds_is_no_reason_to_diagnose_and_one_that_breaks_picks_between_cells():
    values = {"a": 2, "b": 1, "t": 3, "p": 2, "q": 9}
    assert diagnose(MIXED, values, frozenset(MIXED_CELLS)) == []  # p < q: an inequality with room holds
    values.update(t=1)  # a + b ≠ t, and p > t: only t back to 3 restores both (changing a or b leaves p > t)
    (diagnosis,) = diagnose(MIXED, values, frozenset(MIXED_CELLS))
    assert diagnosis.status == "unique" and diagnosis.correction.changes == (("t", 1, 3),)
    assert dict(diagnosis.restores) == {"t": ("sum", "p≤t")}


def test_a_constant_stands_for_another_reports_fixed_value():
    """X001: this year's 上年结转 must equal last year's published 结转下年度 (a constant, never changed)."""
    carried = [Equation(((("carried",), 1), (("new",), 1), (("total",), -1), (("forward",), -1)), 0, "I1"),
               Equation(((("carried",), 1),), -5, "X001")]
    values = {("carried",): 3, ("new",): 10, ("total",): 15, ("forward",): 0}  # 3 + 10 ≠ 15 + 0; last year 5
    (diagnosis,) = diagnose(carried, values, frozenset(values))
    assert diagnosis.status == "unique" and diagnosis.correction.changes == ((("carried",), 3, 5),)
    assert dict(diagnosis.restores) == {("carried",): ("I1", "X001")}


# X001 as a constant: one column of table 三 (二 + 一 = （七） + 四, （七） = its one result) and last
# year's 结转下年度 K, which this year's 二、上年结转 must equal and which no correction may change.
COLUMN = ("carried", "new", "total", "forward", "result")


def continuity(last_year: int) -> list:
    return [Equation((("carried", 1), ("new", 1), ("total", -1), ("forward", -1)), 0, "I1"),
            Equation((("total", 1), ("result", -1)), 0, "I3"),
            Equation((("carried", 1),), -last_year, "X001")]


@settings(max_examples=150, deadline=None)
@given(true=st.fixed_dictionaries({"carried": st.integers(0, 4), "result": st.integers(0, 6),
                                   "forward": st.integers(0, 3)}),
       altered=st.lists(st.tuples(st.sampled_from(COLUMN), st.integers(-3, 3).filter(bool)), min_size=1,
                        max_size=3, unique_by=lambda change: change[0]))
def test_last_years_number_as_a_constant_never_gives_a_wrong_unique_answer(true, altered):
    """A consistent column that continues last year's number, with 1–3 cells changed: the diagnosis
    agrees with trying every value of every set of cells, and names exactly the changed cells whenever
    undoing the change is the one smallest correction."""
    values = dict(true, total=true["result"])
    values["new"] = values["total"] + values["forward"] - values["carried"]
    if values["new"] < 0:
        values["new"], values["forward"] = 0, values["carried"] - values["total"]
    system = continuity(true["carried"])
    published = dict(values)
    for cell, delta in altered:
        published[cell] = max(0, published[cell] + delta)
    status, expected = mixed_brute_force(published, system, COLUMN, top=16)
    found = diagnose(system, published, nonnegative=frozenset(COLUMN))
    if status == "balanced":
        assert found == []
        return
    (diagnosis,) = found
    assert diagnosis.status == status
    if status == "unique":
        correction = {cell: new for cell, _, new in diagnosis.correction.changes}
        assert correction == expected
        changed = {cell: values[cell] for cell in COLUMN if published[cell] != values[cell]}
        if expected == changed:
            assert correction == changed
