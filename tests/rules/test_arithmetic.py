"""A001–A005: each identity, a passing and a failing report, and the numbers the finding shows."""

import json

import pytest
import yaml
from reports import check_data, codes, consistent, with_cell


@pytest.mark.parametrize("edition_id", ["2019", "2021"])
def test_consistent_report_has_no_arithmetic_finding(edition_id):
    assert codes(check_data(consistent(edition_id)), "A") == []


def test_a001_printed_identity_broken_in_one_column():
    data = consistent("2021")
    data = with_cell(data, ("applications", "carry_forward", "natural"), 2)
    data = with_cell(data, ("applications", "carry_forward", "total"), 2)
    found = [d for d in check_data(data) if d.code == "A001"]
    assert [d.path for d in found] == [("applications", "total", "natural"), ("applications", "total", "total")]
    natural = found[0]
    # 一 3 + 二 1 ≠ （七）总计 4 + 四 2. Which cell is wrong cannot be told (A007: 一, 二 or 四), and
    # （七）总计 is in none of the ways out (it agrees with its rows, A003): no 应为 2 for it
    assert natural.expected is None and natural.actual is None
    assert "一、本年新收政府信息公开申请数量 + 二、上年结转政府信息公开申请数量" in natural.formula
    assert "= 3 + 1 = 4" in natural.message and "= 4 + 2 = 6" in natural.message
    assert "应为" not in natural.message and "见 A007" in natural.message
    assert "A007" in [d.code for d in check_data(data)]
    assert {c["field"] for c in natural.cells} == {
        "applications.new.natural", "applications.carried_over.natural",
        "applications.total.natural", "applications.carry_forward.natural"}


def test_a002_row_total_is_not_the_sum_of_applicants():
    data = with_cell(consistent("2021"), ("applications", "disclosed", "total"), 5)
    found = [d for d in check_data(data) if d.code == "A002"]
    assert len(found) == 1
    assert found[0].path == ("applications", "disclosed", "total")
    assert (found[0].expected, found[0].actual) == (4, 5)
    assert found[0].fix is None  # the fix belongs to the wrong cell's finding (A006), which explains this one
    assert found[0].explained_by == ["applications.disclosed.total"]
    wrong = [d for d in check_data(data) if d.code == "A006"]
    assert [(d.path, d.expected, d.actual) for d in wrong] == [(("applications", "disclosed", "total"), 4, 5)]
    assert wrong[0].fix == {"field": "applications.disclosed.total", "value": 4}
    assert "自然人 3，商业企业 1" in found[0].message


def test_a003_result_total_like_the_seed():
    """The seed's defect: （四）1. = 1 but （七）总计 = 0."""
    data = consistent("2019", results={"unable_not_held": [1, 0, 0, 0, 0, 0]}, carried=[0] * 6)
    data = with_cell(data, ("applications", "total", "natural"), 0)
    data = with_cell(data, ("applications", "total", "total"), 0)
    found = check_data(data)
    a003 = [d for d in found if d.code == "A003"]
    assert [(d.path[-1], d.expected, d.actual) for d in a003] == [("natural", 1, 0), ("total", 1, 0)]
    assert "（四）无法提供 › 1.本机关不掌握相关政府信息 1" in a003[0].message
    assert sorted({d.path[-1] for d in found if d.code == "A001"}) == ["natural", "total"]


def test_a003_counts_all_three_other_rows_in_2021():
    data = consistent("2021", results={"other_no_fee": [0, 2, 0, 0, 0, 0]}, carried=[0] * 6)
    assert codes(check_data(data), "A") == []
    broken = with_cell(data, ("applications", "other_no_fee", "commercial"), 3)
    broken = with_cell(broken, ("applications", "other_no_fee", "total"), 3)
    assert codes(check_data(broken), "A") == ["A003", "A003", "A006", "A006"]


@pytest.mark.parametrize("group", ["review", "direct_suit", "suit_after_review"])
def test_a004_each_group_total(group):
    argument = {"review": "review", "direct_suit": "direct", "suit_after_review": "after"}[group]
    data = consistent("2021", **{argument: (10, 1, 0, 0)})
    assert codes(check_data(data), "A") == []
    found = [d for d in check_data(with_cell(data, ("review_litigation", group, "total"), 0)) if d.code == "A004"]
    assert len(found) == 1
    assert found[0].path == ("review_litigation", group, "total")
    assert (found[0].expected, found[0].actual) == (11, 0)


def test_a005_new_published_above_total_in_2019_only():
    data = with_cell(consistent("2019"), ("proactive", "item1", "normative", "new_published"), 31)
    found = [d for d in check_data(data) if d.code == "A005"]
    assert len(found) == 1 and found[0].severity.label == "warning"
    assert found[0].actual == 31 and found[0].expected == "≤ 30"
    equal = with_cell(consistent("2019"), ("proactive", "item1", "normative", "new_published"), 30)
    assert codes(check_data(equal), "A") == []


def test_blank_cells_count_as_zero_in_identities():
    data = consistent("2021", results={"disclosed": [2, 0, 0, 0, 0, 0]}, carried=[0] * 6)
    data = with_cell(data, ("applications", "disclosed", "commercial"), "/")
    found = check_data(data)
    assert codes(found, "A") == []
    assert codes(found, "S") == ["S007"]


def test_unreadable_cell_skips_only_the_identities_it_is_in():
    data = consistent("2021")
    data = with_cell(data, ("applications", "disclosed", "natural"), "三")
    data = with_cell(data, ("review_litigation", "review", "total"), 4)
    found = check_data(data)
    assert "S002" in codes(found)
    # the review group is untouched by the unreadable cell and is still checked
    # total 4 against parts 0: the total, or any one part, may be the wrong cell (A007, nothing to fix)
    assert codes(found, "A") == ["A004", "A007"]


def test_a006_one_finding_per_wrong_cell_in_the_2021_example(examples_dir):
    from reports import check_bytes

    raw = (examples_dir / "report-2021-defects.yaml").read_bytes()
    found = check_bytes(raw, "report-2021-defects.yaml")
    wrong = {d.field_name: (d.expected, d.actual) for d in found if d.code == "A006"}
    assert wrong == {"applications.disclosed.total": (55, 56), "applications.total.natural": (99, 98),
                     "review_litigation.review.total": (3, 0)}
    identities = [d for d in found if d.code in ("A001", "A002", "A003", "A004")]
    assert len(identities) == 6 and all(len(d.explained_by) == 1 for d in identities)
    # 应为 is never a value for a cell the diagnosis says is right: 111 (（七）总计 › 总计) is right
    total_total = [d for d in identities if d.field_name == "applications.total.total"]
    assert total_total and all(d.expected is None and d.actual is None for d in total_total)
    # the text said 3 reviews and was right: W003 blames the table and folds under its A006
    w003 = next(d for d in found if d.code == "W003")
    assert "错的是表格" in w003.message and "正文不用改" in w003.message
    assert w003.explained_by == ["review_litigation.review.total"] and w003.expected is None


@pytest.mark.parametrize("name", ["report-2021-defects.yaml", "report-2019-defects.yaml"])
def test_fix_applies_the_diagnosis_and_leaves_no_identity_finding(examples_dir, tmp_path, name):
    from reports import run_cli

    copy = tmp_path / name
    copy.write_bytes((examples_dir / name).read_bytes())
    fixing = run_cli("check", "--fix", str(copy))
    assert "已修正 3 个单元格" in fixing.stderr.decode()
    after = json.loads(run_cli("check", "-f", "json", str(copy)).stdout)["files"][0]["diagnostics"]
    # A005 (45 new of 41 in all) is restored as well by 45 → 41 as by 41 → 45: the diagnosis says so
    # (A007, both listed) and --fix says why it left it
    assert [d["code"] for d in after if d["code"].startswith("A")] == (["A005", "A007"] if "2019" in name else [])
    assert not any(d["code"] == "W003" for d in after)
    if "2019" in name:
        said = fixing.stderr.decode()
        assert "未做修改" in said and "本年新公开数量 45 改为 41" in said and "对外公开总数量 41 改为 45" in said


def test_fix_changes_nothing_when_the_correction_is_ambiguous(tmp_path):
    from reports import run_cli

    data = with_cell(consistent("2021", review=(2, 1, 0, 0)), ("review_litigation", "review", "upheld"), 5)
    path = tmp_path / "r.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    result = run_cli("check", "--fix", str(path))
    assert "有几种同样小的改法" in result.stderr.decode() and "未做修改" in result.stderr.decode()
    assert path.read_text(encoding="utf-8") == before
    a007 = [d for d in check_data(data) if d.code == "A007"]
    assert len(a007) == 1 and "结果维持 5 改为 2" in a007[0].message and "总计 3 改为 6" in a007[0].message


def test_an_identity_suppressed_with_a_reason_takes_no_part_in_the_diagnosis():
    from reports import check_bytes

    data = consistent("2021", review=(2, 1, 0, 0))
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=None).split("\n")
    index = next(i for i, line in enumerate(text) if line.strip().startswith("review:"))
    text[index] = text[index].replace("total: 3", "total: 9") + "  # xxgk-lint: ignore[A004] 含 6 件撤回的复议申请"
    assert codes(check_bytes("\n".join(text).encode("utf-8"), "r.yaml"), "A") == []
