"""W001–W009 on real-style narrative: what must be found, and the tricky sentences that must not."""

import pytest
from reports import check_data, codes, consistent, with_cell


def report_with(text: str | None = None, section: str = "overview", edition_id: str = "2021", **changes) -> dict:
    data = consistent(edition_id, results={"disclosed": [80, 10, 0, 0, 3, 2]}, carried=[3, 0, 0, 0, 0, 0],
                      carry_forward=[5, 0, 0, 0, 0, 0], review=(2, 1, 0, 0), direct=(1, 0, 0, 0),
                      after=(0, 0, 0, 1))
    # 一 total 97 (+ 二 3), 办结 95, 结转 5, 予以公开 95, 复议 3, 诉讼 1 + 1
    year = data["year"]
    data["preface"] = f"本报告中所列数据统计期限为{year}年1月1日至12月31日。"
    if text is not None:
        data["sections"][section] = text
    for path, value in changes.items():
        data = with_cell(data, tuple(path.split(".")), value)
    return data


def w(data, code: str) -> list:
    return [d for d in check_data(data) if d.code == code]


def test_a_consistent_report_has_no_wording_finding():
    assert codes(check_data(report_with()), "W") == []


# -- W003: true positives ---------------------------------------------------------------------
@pytest.mark.parametrize("sentence, stated, table", [
    ("2023年，本机关共收到政府信息公开申请17件，均已按时答复。", 17, 97),
    ("全年新收政府信息公开申请九十五件。", 95, 97),
    ("上年结转政府信息公开申请4件。", 4, 3),
    ("全年已办结政府信息公开申请100件。", 100, 95),
    ("结转下年度继续办理6件。", 6, 5),
    ("本年度被申请行政复议5件。", 5, 3),
    ("被提起行政诉讼3件。", 3, 2),
    ("本年度未发生因政府信息公开工作被申请行政复议的情况。", 0, 3),
])
def test_w003_statement_contradicting_the_table(sentence, stated, table):
    found = w(report_with(sentence), "W003")
    assert len(found) == 1
    assert (found[0].actual, found[0].expected) == (stated, table)
    assert found[0].severity.label == "error"
    assert found[0].cells and found[0].location.line


@pytest.mark.parametrize("sentence", [
    "2023年，本机关共收到政府信息公开申请97件，上年结转3件，办结95件，结转下年度继续办理5件。",
    "收到政府信息公开申请100件（含上年结转3件）。",  # 一 + 二
    "本年度共受理政府信息公开申请九十七件。",
    "被申请行政复议3件，被提起行政诉讼2件。",
    # not this agency's own totals, not this year, or comparisons: never matched
    "全市共收到政府信息公开申请1234件。",
    "各部门共受理政府信息公开申请560件。",
    "收到政府信息公开申请97件，同比增长15%。",
    "2022年，本机关共收到政府信息公开申请80件。",
    "较上年收到政府信息公开申请17件有较大增长。",
    "其中自然人申请占85%。",
    "全年收到人大代表建议28件、政协提案35件。",
])
def test_w003_no_false_positive(sentence):
    assert w(report_with(sentence), "W003") == []


def test_w003_reads_a_sentence_broken_across_lines_whole():
    """Text kept with a PDF's line breaks: the fragment 未发生因依申请公开被行政复议 is no
    statement that there were no reviews; the whole sentence says none was lost."""
    broken = ("全年共受理政府信息公开申请97件，均在法定期限内答复。全年未发生因依申请公开被行政复议\n"
              "纠错或行政诉讼败诉情形。")
    assert w(report_with(broken), "W003") == []
    # a sentence broken the same way that does state a wrong count is still found, at its first line
    wrong = "全年共受理政府信息公开申请97件，均在法定期限内答复。本年度被申请行政复议\n5件，已全部办结。"
    found = w(report_with(wrong), "W003")
    assert [(d.actual, d.expected) for d in found] == [(5, 3)]
    # a short heading is not joined to the sentence after it
    headed = "（一）2022年工作回顾\n本年度被申请行政复议3件。"
    assert w(report_with(headed), "W003") == []


def test_w003_location_points_at_the_sentence_in_the_yaml(tmp_path):
    import yaml
    from reports import check_bytes

    data = report_with("第一段。\n全年新收政府信息公开申请17件。")
    raw = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_style=None, width=1000)
    found = [d for d in check_bytes(raw.encode("utf-8"), "r.yaml") if d.code == "W003"]
    assert len(found) == 1
    line = raw.split("\n")[found[0].location.line - 1]
    assert "overview" in line or "17件" in line


# -- W001 ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("title, problem", [
    ("江北市示例局2023年度政府信息公开工作报告", "政府信息公开工作年度报告"),
    ("江北市示例局政府信息公开工作年度报告", "没有写明年份"),
    ("2023年政府信息公开工作年度报告", "没有写明机关名称"),
    ("江北市示例局2022年政府信息公开工作年度报告", "与报告年度 2023 不一致"),
])
def test_w001_title(title, problem):
    found = w(report_with(title=title), "W001")
    assert len(found) == 1 and problem in found[0].message


@pytest.mark.parametrize("title", ["江北市示例局2023年政府信息公开工作年度报告",
                                   "2023年江北市示例局政府信息公开工作年度报告"])
def test_w001_accepts_both_standard_orders(title):
    assert w(report_with(title=title), "W001") == []


# -- W002, W004, W005, W006, W007 -----------------------------------------------------------------
def test_w002_known_variant_is_info():
    data = report_with()
    data["sections"]["problems"] = {"heading": "五、存在问题及改进情况", "text": data["sections"]["problems"]}
    found = w(data, "W002")
    assert len(found) == 1 and found[0].severity.label == "info" and "常见的变体" in found[0].message


@pytest.mark.parametrize("text, word", [("", "没有内容"), ("无", "只写了“无”"), ("暂无。", "只写了"),
                                        ("我们将继续努力，做好各项工作。", "具体问题")])
def test_w004_empty_bare_or_generic(text, word):
    found = w(report_with(text, section="problems"), "W004")
    assert len(found) == 1 and word in found[0].message


def test_w004_concrete_problems_and_measures_pass():
    text = "一是个别栏目更新不及时，信息发布滞后。下一步将建立栏目更新台账，明确责任处室和更新时限。"
    assert w(report_with(text, section="problems"), "W004") == []


def test_w005_fee_statement_only_for_2021_edition():
    assert len(w(report_with("本年度无其他需要报告的事项。", section="other"), "W005")) == 1
    assert w(report_with("本年度未收取信息处理费。", section="other"), "W005") == []
    assert w(report_with("本年度无其他需要报告的事项。", section="other", edition_id="2019"), "W005") == []


def test_w006_missing_or_wrong_period():
    data = report_with()
    del data["preface"]
    assert "没有说明" in w(data, "W006")[0].message
    data["preface"] = "本报告中所列数据统计期限为2022年1月1日至12月31日。"
    found = w(data, "W006")
    assert (found[0].expected, found[0].actual) == (2023, 2022)


@pytest.mark.parametrize("sentence, fires", [
    ("本机关2022年共收到政府信息公开申请97件。", True),
    ("2022年，我局共主动公开政府信息1200条。", True),
    ("2024年，我局将进一步加强政府信息公开工作。", False),
    ("2023年，我局共收到政府信息公开申请97件，较2022年增长20%。", False),
    ("我局2022年度报告中指出的问题已全部整改。", False),
])
def test_w007_another_year_as_the_report_year(sentence, fires):
    assert bool(w(report_with(sentence), "W007")) == fires


@pytest.mark.parametrize("agency, published, fires", [
    ("江北市交通运输局", "2024-01-31", False), ("江北市交通运输局", "2024-02-01", True),
    ("江北市人民政府", "2024-03-31", False), ("江北市人民政府", "2024-04-01", True),
    ("江北市人民政府办公室", "2024-02-15", True)])
def test_w008_publication_deadline(agency, published, fires):
    data = report_with(agency=agency, published=published)
    data["title"] = f"{agency}2023年政府信息公开工作年度报告"
    found = w(data, "W008")
    assert bool(found) == fires
    if fires:
        assert found[0].actual == published


def test_w008_level_can_be_stated():
    data = report_with(agency="江北市数据中心", published="2024-03-01")
    data["title"] = "江北市数据中心2023年政府信息公开工作年度报告"
    assert w(data, "W008")
    data["level"] = "government"
    assert not w(data, "W008")


def test_w009_government_reports_cover_assessment_review_and_accountability():
    data = report_with(agency="江北市人民政府")
    data["title"] = "江北市人民政府2023年政府信息公开工作年度报告"
    found = w(data, "W009")
    assert len(found) == 1 and "工作考核、社会评议、责任追究" in found[0].message
    data["sections"]["overview"] += "\n将政务公开纳入绩效考核，开展社会评议，全年未发生责任追究情况。"
    assert w(data, "W009") == []
    department = report_with()  # a department's report is not asked for these
    assert w(department, "W009") == []
