"""Property tests: consistent tables pass; any single changed cell is caught by the right codes."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reports import check_data, codes, consistent, result_rows, with_cell

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
    a_codes = codes(found, "A")
    assert a_codes == expected_codes(data["edition"], cell)  # each identity once, nothing else
    assert codes(found, "S") == []
    for diagnostic in found:  # the data's narrative states no number, so only A findings remain
        assert ".".join(cell) in {c["field"] for c in diagnostic.cells}
        assert diagnostic.expected != diagnostic.actual
