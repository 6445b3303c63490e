"""Property tests: consistent tables pass; any single changed cell is caught by the right codes."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reports import OUTCOMES, check_data, codes, consistent, result_rows, with_cell

from xxgk_lint.editions import edition

counts = st.integers(min_value=0, max_value=5000)
six = st.lists(counts, min_size=6, max_size=6)
four = st.tuples(counts, counts, counts, counts)
editions = st.sampled_from(["2019", "2021"])
SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def reports(draw):
    edition_id = draw(editions)
    rows = result_rows(edition_id)
    results = {key: draw(six) for key in draw(st.lists(st.sampled_from(rows), max_size=6, unique=True))}
    totals = [sum(r[i] for r in results.values()) for i in range(6)]
    carry_forward = draw(six)
    carried = [draw(st.integers(0, t + f)) for t, f in zip(totals, carry_forward)]
    return consistent(edition_id, results=results, carried=carried, carry_forward=carry_forward,
                      review=draw(four), direct=draw(four), after=draw(four))


def expected_codes(edition_id: str, path: tuple) -> list:
    """Which identities one cell takes part in (template.md §5, I1–I4)."""
    table, row = path[0], path[1]
    if table == "review_litigation":
        return ["A004"]
    expected = ["A002"]
    if row in result_rows(edition_id) or row == "total":
        expected.append("A003")
    if row in ("new", "carried_over", "total", "carry_forward"):
        expected.append("A001")
    return sorted(expected)


@SETTINGS
@given(data=reports())
def test_consistent_reports_pass(data):
    assert [d for d in check_data(data) if d.code.startswith(("A", "S"))] == []


@SETTINGS
@given(data=reports(), pick=st.integers(min_value=0), change=st.integers(1, 50), up=st.booleans())
def test_one_changed_cell_is_caught_by_exactly_its_identities(data, pick, change, up):
    cells = [p for p in edition(data["edition"]).cells
             if p[0] in ("applications", "review_litigation") and p[1] in data[p[0]]]
    cell = cells[pick % len(cells)]
    node = data
    for part in cell:
        node = node[part]
    new_value = node - change if not up and node >= change else node + change
    found = check_data(with_cell(data, cell, new_value))
    identity_codes = [c for c in codes(found, "A") if c not in ("A006", "A007")]
    assert identity_codes == expected_codes(data["edition"], cell)  # each identity once, nothing else
    assert codes(found, "S") == []
    for diagnostic in found:  # the data's narrative states no number, so only A findings remain
        if diagnostic.code == "A007":  # lists a few (at most 4) of the equally small corrections
            assert len(diagnostic.cells) >= 2
            continue
        assert ".".join(cell) in {c["field"] for c in diagnostic.cells}
        if diagnostic.expected is not None:  # an identity folded under the wrong cell names no other value
            assert diagnostic.expected != diagnostic.actual
    wrong = [(d.path, d.expected, d.actual) for d in found if d.code == "A006"]
    if cell[0] == "applications":
        # no other cell of table 三 lies in the same two or three identities: the cell is the one answer
        assert wrong == [(cell, node, new_value)]
    else:
        # a group of table 四 is one identity: undoing the change, moving the total or moving a part
        # are all one-cell corrections, unless the total fell below what any part could give up
        group = data[cell[0]][cell[1]]
        fell = node - new_value
        unique = cell[2] == "total" and fell > 0 and all(group[p] < fell for p in OUTCOMES)
        if unique:
            assert wrong == [(cell, node, new_value)]
        else:
            assert wrong == [] and codes(found, "A").count("A007") == 1


@st.composite
def changed_reports(draw):
    data = draw(reports())
    cells = [p for p in edition(data["edition"]).cells
             if p[0] in ("applications", "review_litigation") and p[1] in data[p[0]]]
    picked = draw(st.lists(st.sampled_from(cells), min_size=1, max_size=3, unique=True))
    changed = data
    originals = {}
    for cell in picked:
        node = data
        for part in cell:
            node = node[part]
        delta = draw(st.integers(-4, 4).filter(bool))
        if node + delta < 0:
            delta = -delta
        originals[cell] = node
        changed = with_cell(changed, cell, node + delta)
    return data, changed, originals


@SETTINGS
@given(case=changed_reports())
def test_never_a_wrong_unique_answer(case):
    """1–3 cells changed in a real template: a unique diagnosis is never worse than undoing the change
    (which is itself a correction), and applying it leaves no broken identity."""
    data, changed, originals = case
    found = check_data(changed)
    wrong = {d.path: (d.expected, d.actual) for d in found if d.code == "A006"}
    ambiguous = any(d.code == "A007" for d in found)
    broken = any(d.code in ("A001", "A002", "A003", "A004") for d in found)
    if not wrong:
        return
    change_size = len(originals)
    change_total = sum(abs(_get(changed, c) - v) for c, v in originals.items())
    size = len(wrong)
    total = sum(abs(expected - actual) for expected, actual in wrong.values())
    if not ambiguous:
        assert size < change_size or (size == change_size and total <= change_total)
        if size == change_size and total == change_total:
            assert wrong == {c: (v, _get(changed, c)) for c, v in originals.items()}
    fixed = changed
    for path, (expected, _) in wrong.items():
        fixed = with_cell(fixed, path, expected)
    assert broken
    after = check_data(fixed)
    if not ambiguous:
        assert codes(after, "A") == []


def _get(data, path):
    for part in path:
        data = data[part]
    return data
