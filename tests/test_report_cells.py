"""A report's cell numbers are read in one walk over the edition's rows (Report.cell_numbers), and a
Cell is made one at a time for a cell a finding names: the two must read every cell alike, whatever
the report holds there — a whole number, a negative count, a blank marker, a word, a decimal, a
true/false, a missing column, row or table."""

import pytest
from reports import consistent, with_cell

from xxgk_lint.editions import edition
from xxgk_lint.read import Reading
from xxgk_lint.validate import build_report

ODD_VALUES = [None, "/", "—", "无", "约10", -1, 0, 7, 2.0, 2.5, True, False, "", "12"]


def _report(data: dict, written: dict | None = None):
    return build_report("report.yaml", Reading(data=data, written=written or {}, form="yaml"))


def _as_cells_read_them(report) -> tuple:
    numbers, blanks, absent = [], [], []
    for position, path in enumerate(report.edition.cell_order):
        cell = report.cell(path)
        numbers.append(None if cell is None else cell.number)
        if cell is None:
            absent.append(position)
        elif cell.blank:
            blanks.append(position)
    return numbers, blanks, absent


def _assert_alike(report) -> None:
    numbers, blanks, absent = _as_cells_read_them(report)
    assert report.cell_numbers == numbers
    assert [c.path for c in report.blank_cells()] == [report.edition.cell_order[p] for p in blanks]
    order = report.edition.cell_order
    assert report.cells_present(0, len(order)) == len(order) - len(absent)


@pytest.mark.parametrize("edition_id", ["2019", "2021"])
def test_a_consistent_report_is_read_alike_both_ways(edition_id):
    _assert_alike(_report(consistent(edition_id)))


def _first_and_last_cells(edition_id: str) -> list:
    """A cell of each kind of table (counts, money, table 四's groups): each table's first and last."""
    order = edition(edition_id).cell_order
    return sorted({min(p for p in order if p[:len(t.path)] == t.path) for t in edition(edition_id).tables}
                  | {max(p for p in order if p[:len(t.path)] == t.path) for t in edition(edition_id).tables})


@pytest.mark.parametrize("value", ODD_VALUES)
@pytest.mark.parametrize("path", _first_and_last_cells("2021"))
def test_an_odd_value_in_a_cell_is_read_alike_both_ways(path, value):
    _assert_alike(_report(with_cell(consistent("2021"), path, value)))


def test_missing_columns_rows_and_tables_are_read_alike_both_ways():
    data = consistent("2021")
    del data["applications"]["new"]["natural"]  # a column missing from one row
    del data["applications"]["carried_over"]  # a whole row
    data["applications"]["disclosed"] = "见附表"  # a row that is no row
    del data["review_litigation"]  # a whole table
    _assert_alike(_report(data))


def test_money_as_written_is_read_alike_both_ways():
    chosen = edition("2021")
    path = next(p for p in chosen.cell_order if chosen.cells[p][2].kind == "money")
    _assert_alike(_report(with_cell(consistent("2021"), path, 12.5), {path: "12.50"}))
