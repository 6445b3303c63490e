"""What the arithmetic findings say, where the report's cells are blank or the diagnosis (A006)
puts the error in another cell than the identity's own finding points at."""

from __future__ import annotations

import pathlib

from xxgk_lint.engine import load_rules
from xxgk_lint.pipeline import check_file

EXAMPLES = pathlib.Path(__file__).resolve().parent.parent / "examples"


def findings(path) -> list:
    return check_file(str(path), load_rules()).diagnostics


def altered(tmp_path, old: str, new: str) -> pathlib.Path:
    text = (EXAMPLES / "report-2021-clean.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "report.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_a_blank_wrong_cell_is_called_blank_not_filled_with_0(tmp_path):
    report = altered(tmp_path, "legal: 0, other: 0, total: 3}  # 四、结转下年度继续办理",
                     "legal: 0, other: 0, total: null}  # 四、结转下年度继续办理")
    wrong = [d for d in findings(report) if d.code == "A006"]
    assert [d.field_name for d in wrong] == ["applications.carry_forward.total"]
    assert "四、结转下年度继续办理 › 总计 空白（按 0 计），按勾稽关系应为 3" in wrong[0].message
    assert "填的是" not in wrong[0].message
    assert (wrong[0].expected, wrong[0].actual) == (3, 0)


def test_parts_left_blank_are_called_blank(tmp_path):
    report = altered(tmp_path, "review:            {upheld: 2, corrected: 1, other: 0, pending: 0, total: 3}",
                     "review:            {upheld: null, corrected: null, other: null, pending: null, total: 3}")
    row = [d for d in findings(report) if d.code == "A004" and d.field_name == "review_litigation.review.total"]
    assert len(row) == 1
    assert "各分项之和为 0（各分项均空白，按 0 计）" in row[0].message
    # the parts are missing, not 0: the one number filled in is not to be wiped
    assert "应补填各分项，使其之和为 3，而不是把总计改为 0" in row[0].message
    assert (row[0].expected, row[0].actual) == (None, None)


def test_a_blank_total_over_filled_parts_asks_for_the_total(tmp_path):
    """The mirror case: the parts are filled and the total left blank, so 应为 speaks of the total."""
    report = altered(tmp_path, "review:            {upheld: 2, corrected: 1, other: 0, pending: 0, total: 3}",
                     "review:            {upheld: 2, corrected: 1, other: 0, pending: 0, total: null}")
    row = [d for d in findings(report) if d.code == "A004" and d.field_name == "review_litigation.review.total"]
    assert (row[0].expected, row[0].actual) == (3, 0)  # a blank total over filled parts: fill in the total
    assert "总计 空白（按 0 计），但各分项之和为 3" in row[0].message  # blank, as the form has it, not "为 0"
    assert "而不是" not in row[0].message


def test_some_parts_blank_the_rest_are_named_as_blank(tmp_path):
    report = altered(tmp_path, "review:            {upheld: 2, corrected: 1, other: 0, pending: 0, total: 3}",
                     "review:            {upheld: 2, corrected: null, other: null, pending: null, total: 3}")
    row = [d for d in findings(report) if d.code == "A004" and d.field_name == "review_litigation.review.total"]
    assert "（结果维持 2，其余空白）" in row[0].message


def test_an_identity_explained_by_other_cells_names_no_value_of_its_own():
    """2019 example: the diagnosis says 四、结转下年度继续办理 is wrong; the A001 shown under it must not
    also say （七）总计 should change, which would be a second, contradicting fix."""
    diagnostics = findings(EXAMPLES / "report-2019-defects.yaml")
    wrong = {d.field_name for d in diagnostics if d.code == "A006"}
    assert "applications.carry_forward.natural" in wrong and "applications.total.natural" not in wrong
    explained = [d for d in diagnostics if d.code == "A001" and d.explained_by]
    assert explained
    for finding in explained:
        assert "按此" not in finding.message and "应为" not in finding.message
        assert finding.expected is None and finding.actual is None


def test_an_identity_whose_own_cell_is_the_wrong_one_keeps_its_value():
    """2021 example: the diagnosis names （七）总计 itself, and the A001 says the same value."""
    diagnostics = findings(EXAMPLES / "report-2021-defects.yaml")
    a006 = {d.field_name: d.expected for d in diagnostics if d.code == "A006"}
    a001 = [d for d in diagnostics if d.code == "A001" and d.field_name in a006]
    assert a001
    for finding in a001:
        assert f"按此 （七）总计 应为 {a006[finding.field_name]}" in finding.message


def test_no_value_for_a_total_the_diagnosis_finds_right_when_the_fault_cannot_be_placed(tmp_path):
    """pingtan-2020: a result row counted that （七）总计 did not; two rows hold the same number, so
    either may be the wrong one (A007). （七）总计 agrees with 一 + 二 (A001 holds): 应为 on it would
    have the clerk break A001 to silence A003."""
    report = altered(tmp_path, "np_publication:        {natural: 0, commercial: 0, research: 0, nonprofit: 0, legal: 0, other: 0, total: 0}",
                     "np_publication:        {natural: 4, commercial: 0, research: 0, nonprofit: 0, legal: 0, other: 0, total: 4}")
    found = findings(report)
    assert "A007" in [d.code for d in found] and "A001" not in [d.code for d in found]
    column = [d for d in found if d.code == "A003" and d.field_name == "applications.total.natural"]
    assert len(column) == 1
    assert (column[0].expected, column[0].actual) == (None, None)
    assert "哪一格填错无法唯一确定，见 A007" in column[0].message
