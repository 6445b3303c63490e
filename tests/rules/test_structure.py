"""S002, S003, S005, S006, S007, S008 on small structured reports."""

import pytest
from reports import check_bytes, check_data, codes, consistent, with_cell


def test_clean_reports_have_no_structure_finding():
    for edition_id in ("2019", "2021"):
        assert check_data(consistent(edition_id)) == []


@pytest.mark.parametrize("value, shown", [(-1, "-1"), (2.5, "2.5"), ("12件", "“12件”"), (True, "True")])
def test_s002_counts_must_be_whole_non_negative_numbers(value, shown):
    found = check_data(with_cell(consistent("2021"), ("applications", "disclosed", "legal"), value))
    s002 = [d for d in found if d.code == "S002"]
    assert len(s002) == 1
    assert s002[0].path == ("applications", "disclosed", "legal")
    assert shown in s002[0].message and "不小于 0 的整数" in s002[0].message


def test_s002_allows_negative_change_in_2019_but_not_a_fraction():
    data = with_cell(consistent("2019"), ("proactive", "item5", "licensing", "change"), -8)
    assert check_data(data) == []
    data = with_cell(consistent("2019"), ("proactive", "item5", "licensing", "change"), 1.5)
    assert codes(check_data(data)) == ["S002"]


def test_s002_money_may_have_decimals_but_not_words():
    data = with_cell(consistent("2021"), ("proactive", "item8", "fees", "amount"), 1265.48)
    assert check_data(data) == []
    data = with_cell(consistent("2021"), ("proactive", "item8", "fees", "amount"), "约一千万")
    assert codes(check_data(data)) == ["S002"]


def test_s002_duplicate_key_in_yaml_is_reported_with_its_line():
    raw = b"edition: '2021'\nyear: 2023\nyear: 2024\n"
    found = [d for d in check_bytes(raw, "dup.yaml") if d.code == "S002"]
    assert any("重复" in d.message and d.location.line == 3 for d in found)


def test_s003_missing_section_named_in_form_words():
    data = consistent("2021")
    del data["sections"]["other"]
    found = [d for d in check_data(data) if d.code == "S003"]
    assert [d.message for d in found] == ["缺少“六、其他需要报告的事项”部分（应在“五、存在的主要问题及改进情况”之后）"]


def test_s003_a_present_but_empty_section_is_not_missing():
    data = with_cell(consistent("2021"), ("sections", "other"), "")
    assert "S003" not in codes(check_data(data))


def test_s003_an_empty_overview_is_not_filled_in():
    data = with_cell(consistent("2021"), ("sections", "overview"), "  ")
    found = [d for d in check_data(data) if d.code == "S003"]
    assert [d.message for d in found] == ["“一、总体情况”只有标题，没有内容"]


def test_s003_a_table_with_every_cell_blank_is_not_filled_in():
    data = consistent("2021")
    for group in data["review_litigation"].values():
        for key in group:
            group[key] = None
    found = [d for d in check_data(data) if d.code == "S003"]
    assert len(found) == 1 and found[0].path == ("review_litigation",)
    assert found[0].message.startswith("“四、政府信息公开行政复议、行政诉讼情况”没有填写：表格中的 15 个单元格全部空白")
    data["review_litigation"]["review"]["total"] = 0  # one number written: filled in, the blanks are S007's
    assert "S003" not in codes(check_data(data))


@pytest.mark.parametrize("edition_id, year, fits", [
    ("2019", 2019, True), ("2019", 2020, True), ("2019", 2021, False), ("2019", 2023, False),
    ("2021", 2021, True), ("2021", 2025, True), ("2021", 2020, False)])
def test_s005_edition_against_year(edition_id, year, fits):
    found = [d for d in check_data(consistent(edition_id, year=year)) if d.code == "S005"]
    assert (found == []) == fits
    if not fits:
        assert found[0].actual == edition_id and found[0].expected == ("2021" if year >= 2021 else "2019")


def test_s005_edition_is_decided_by_the_tables_when_not_declared():
    data = consistent("2019", year=2023)
    del data["edition"]
    found = [d for d in check_data(data) if d.code == "S005"]
    assert len(found) == 1 and "2019 年版" in found[0].message


def test_s006_missing_row_and_missing_table():
    data = consistent("2021")
    del data["applications"]["total"]
    found = [d for d in check_data(data) if d.code == "S006"]
    assert [d.path for d in found] == [("applications", "total")]
    assert "（七）总计" in found[0].message
    data = consistent("2021")
    del data["review_litigation"]
    found = [d for d in check_data(data) if d.code == "S006"]
    assert [d.path for d in found] == [("review_litigation",)]


def test_s006_missing_row_does_not_raise_false_arithmetic_findings():
    data = consistent("2021")
    del data["applications"]["carry_forward"]
    assert codes(check_data(data), "A") == []


def test_s007_blank_markers_grouped_by_row():
    data = consistent("2021")
    data = with_cell(data, ("applications", "withheld_secret", "commercial"), "/")
    data = with_cell(data, ("applications", "withheld_secret", "research"), None)
    data = with_cell(data, ("applications", "np_repeat", "total"), "—")
    found = [d for d in check_data(data) if d.code == "S007"]
    assert [d.path for d in found] == [("applications", "withheld_secret", "commercial"),
                                       ("applications", "np_repeat", "total")]
    assert "商业企业、科研机构" in found[0].message and "写作“/”" in found[0].message
    assert all(d.severity.label == "warning" for d in found)


def test_s007_rows_blank_in_the_same_columns_are_one_finding_listing_every_cell():
    data = consistent("2021", results={"disclosed": [3, 0, 0, 0, 0, 0]}, carried=[0] * 6)
    legal_persons = ("commercial", "research", "nonprofit", "legal", "other")
    rows = [key for key in data["applications"] if key not in ("new", "disclosed", "total")]
    for row in rows:
        for column in legal_persons:
            data = with_cell(data, ("applications", row, column), "/")
    data = with_cell(data, ("applications", "disclosed", "research"), None)  # a pattern of its own
    found = [d for d in check_data(data) if d.code == "S007"]
    assert len(found) == 2
    folded = next(d for d in found if len(d.cells) > 1)
    assert folded.message == (f"三、收到和处理政府信息公开申请情况：{len(rows)} 行的“法人或其他组织”5 列未填写数字"
                              "（写作“/”），按 0 计：二、上年结转政府信息公开申请数量、（二）部分公开、"
                              "（三）不予公开 › 1.属于国家秘密、（三）不予公开 › 2.其他法律行政法规禁止公开 等")
    assert len(folded.cells) == 5 * len(rows)  # every cell still listed for the machine outputs
    assert {c["field"] for c in folded.cells} == {f"applications.{r}.{c}" for r in rows for c in legal_persons}
    single = next(d for d in found if len(d.cells) == 1)
    assert single.message == "（一）予以公开：科研机构未填写数字（空白），按 0 计"


def test_s007_a_few_whole_rows_left_blank_are_named_and_blank_said_once():
    data = consistent("2021")
    for row in ("withheld_secret", "unable_unclear"):  # rows apart in the table
        for column in ("natural", "commercial", "research", "nonprofit", "legal", "other", "total"):
            data = with_cell(data, ("applications", row, column), None)
    (found,) = [d for d in check_data(data) if d.code == "S007"]
    assert found.message == ("三、收到和处理政府信息公开申请情况：2 行整行未填写数字（空白），按 0 计："
                             "（三）不予公开 › 1.属于国家秘密、（四）无法提供 › 3.补正后申请内容仍不明确")
    assert "（空白）（空白）" not in found.message and found.message.count("空白") == 1


def test_s007_zero_is_not_blank():
    assert "S007" not in codes(check_data(consistent("2021")))


def test_s008_extra_row_is_kept_and_reported_as_info():
    data = consistent("2021")
    data["applications"]["其中：网上申请"] = {"natural": 3}
    found = [d for d in check_data(data) if d.code == "S008"]
    assert len(found) == 1 and found[0].severity.label == "info"
    assert "其中：网上申请" in found[0].message


def test_s007_on_the_cell_a006_finds_wrong_goes_under_that_a006_with_its_value():
    data = with_cell(consistent("2021", review=(2, 1, 0, 0)), ("review_litigation", "review", "total"), None)
    found = check_data(data)
    (a006,) = [d for d in found if d.code == "A006"]
    (s007,) = [d for d in found if d.code == "S007"]
    assert a006.path == s007.path == ("review_litigation", "review", "total") and a006.expected == 3
    assert s007.explained_by == ["review_litigation.review.total"]  # filed under the A006 of that cell
    assert s007.message.endswith("按 0 计；按勾稽关系应为 3（见 A006）")


def test_s007_on_a_blank_that_is_right_as_0_stands_alone():
    data = with_cell(consistent("2021", review=(2, 1, 0, 0)), ("review_litigation", "review", "pending"), None)
    (s007,) = [d for d in check_data(data) if d.code == "S007"]
    assert s007.explained_by == [] and "A006" not in s007.message
