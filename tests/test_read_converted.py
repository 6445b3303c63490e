"""Text that a PDF converter made, and text copied out of a PDF: the shapes offices hold on disk.

Each fixture is written here in the shape (not copied from a report): `#` heading marks in a .txt,
each table under a `###` caption, applicant columns named 数据1…数据6, table 四 as three small
tables; hard-wrapped lines with a title on two lines and page numbers between them; a section
heading the converter lost; rows that lost a cell.
"""

from __future__ import annotations

from reports import check_bytes

from xxgk_lint.read import read_bytes
from xxgk_lint.read.text import continues, parse_text

GROUPS = ("natural", "commercial", "research", "nonprofit", "legal", "other", "total")


def _row(label: str, natural: int, commercial: int = 0) -> str:
    return f"| {label} | {natural} | {commercial} | 0 | 0 | 0 | 0 | {natural + commercial} |"


def _applications_table(caption: str, rows: list) -> str:
    header = "| 类别 | 数据1 | 数据2 | 数据3 | 数据4 | 数据5 | 数据6 | 总计 |\n|---|---|---|---|---|---|---|---|"
    return f"### {caption}\n{header}\n" + "\n".join(_row(*r) for r in rows) + "\n"


def _review(caption: str, upheld: int, pending: int) -> str:
    return (f"### {caption}\n| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n|---|---|---|---|---|\n"
            f"| {upheld} | 0 | 0 | {pending} | {upheld + pending} |\n")


CONVERTED = "\n".join([
    "# 江北县人民政府 2025 年 政府信息公开工作年度报告",
    "",
    "本报告所列数据统计期限从2025年1月1日至2025年12月31日止。",
    "",
    "## 一、总体情况",
    "",
    "### (一) 主动公开",
    "全年主动公开政府信息120条。",
    "",
    "## 二、主动公开政府信息情况",
    "",
    "### 第二十条第（一）项",
    "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |",
    "|---|---|---|---|",
    "| 规章 | 0 | 0 | 0 |",
    "| 行政规范性文件 | 6 | 1 | 32 |",
    "",
    "### 第二十条第（五）项",
    "| 信息内容 | 本年处理决定数量 |",
    "|---|---|",
    "| 行政许可 | 517 |",
    "",
    "### 第二十条第（六）项",
    "| 信息内容 | 本年处理决定数量 |",
    "|---|---|",
    "| 行政处罚 | 69 |",
    "| 行政强制 | 2 |",
    "",
    "### 第二十条第（八）项",
    "| 信息内容 | 本年收费金额（单位：万元） |",
    "|---|---|",
    "| 行政事业性收费 | 40.5 |",
    "",
    "## 三、收到和处理政府信息公开申请情况",
    "",
    _applications_table("一、本年新收政府信息公开申请数量", [("本年新收政府信息公开申请数量", 20, 1)]),
    _applications_table("二、上年结转政府信息公开申请数量", [("上年结转政府信息公开申请数量", 2)]),
    "### 三、本年度办理结果",
    "",
    _applications_table("(一) 予以公开", [("予以公开", 10, 1)]),
    _applications_table("(二) 部分公开 (区分处理的, 只计这一情形, 不计其他情形)",
                        [("部分公开 (区分处理的, 只计这一情形, 不计其他情形)", 0)]),
    _applications_table("(三) 不予公开", [("1. 属于国家秘密", 0), ("2. 其他法律行政法规禁止公开", 0),
                                      ("3. 危及“三安全一稳定”", 0), ("4. 保护第三方合法权益", 0),
                                      ("5. 属于三类内部事务信息", 0), ("6. 属于四类过程性信息", 0),
                                      ("7. 属于行政执法案卷", 0), ("8. 属于行政查询事项", 0)]),
    _applications_table("(四) 无法提供", [("1. 本机关不掌握相关政府信息", 8), ("2. 没有现成信息需要另行制作", 0),
                                      ("3. 补正后申请内容仍不明确", 0)]),
    _applications_table("(五) 不予处理", [("1. 信访举报投诉类申请", 0), ("2. 重复申请", 0), ("3. 要求提供公开出版物", 0),
                                      ("4. 无正当理由大量反复申请", 0), ("5. 要求行政机关确认或重新出具已获取信息", 0)]),
    _applications_table("(六) 其他", [("1. 申请人无正当理由逾期不补正, 行政机关不再处理其政府信息公开申请", 1)]),
    # a stray header row in the middle of the table, as converters leave one
    "| 项目 | 本年新收件数 | 上年结转件数 | 予以公开 | 部分公开 | 不予公开 | 结转下年度 | 总计 |",
    "|---|---|---|---|---|---|---|---|",
    _row("2. 申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", 0),
    _row("3. 其他", 0),
    _row("（七）总计", 19, 1),
    _row("四、结转下年度继续办理", 3),
    "",
    "## 四、政府信息公开行政复议、行政诉讼情况",
    "",
    _review("行政复议", 2, 1),
    _review("行政诉讼（未经复议直接起诉）", 1, 0),
    _review("行政诉讼（复议后起诉）", 0, 1),
    "## 五、存在的主要问题及改进情况",
    "",
    "解读形式还不够丰富，下一步将增加图片解读。",
    "",
    "六、其他需要报告的事项",
    "",
    "本年度未收取信息处理费。",
])


def test_converter_markdown_in_a_txt_reads_every_table():
    reading = read_bytes("converted.txt", CONVERTED.encode("utf-8"))
    data = reading.data
    assert data["agency"] == "江北县人民政府" and data["year"] == 2025 and data["edition"] == "2021"
    assert data["proactive"]["item1"]["normative"] == {"issued": 6, "repealed": 1, "in_force": 32}
    assert data["proactive"]["item5"]["licensing"] == {"decisions": 517}
    assert data["proactive"]["item6"]["coercion"] == {"decisions": 2}
    assert data["proactive"]["item8"]["fees"] == {"amount": 40.5}
    applications = data["applications"]
    assert [applications["new"][c] for c in GROUPS] == [20, 1, 0, 0, 0, 0, 21]
    assert [applications["disclosed"][c] for c in GROUPS] == [10, 1, 0, 0, 0, 0, 11]
    assert applications["unable_not_held"]["total"] == 8
    assert applications["other_no_correction"]["total"] == 1
    assert applications["carry_forward"]["total"] == 3
    review = data["review_litigation"]
    assert review["review"] == {"upheld": 2, "corrected": 0, "other": 0, "pending": 1, "total": 3}
    assert review["direct_suit"]["total"] == 1
    assert review["suit_after_review"] == {"upheld": 0, "corrected": 0, "other": 0, "pending": 1, "total": 1}
    found = check_bytes(CONVERTED.encode("utf-8"), "converted.txt")
    assert [d.code for d in found if d.code.startswith(("S", "A"))] == []


HARD_WRAPPED = "\n".join([
    "正文",
    "2025 年江北市人民政府办公室政府信息公开",
    "工作年度报告",
    "本年度报告根据《中华人民共和国政府信息公开条例》（以下简",
    "称《条例》）的要求编制，全文包括总体情况、主动公开政府信",
    "息情况、收到和处理政府信息公开申请情况等六个部分。本年度",
    "报告中所列数据统计期限为 2025 年 1 月 1 日至 12 月 31 日。",
    "",
    "一、总体情况",
    "2025 年，江北市人民政府办公室认真贯彻落实《条例》，持续推",
    "动政务公开工作提质增效，全年共受理政府信息公开申请 21 件，",
    "— 1 —",
    "办结 20 件，均在法定期限内答复。全年被申请行政复议 3 件，未",
    "发生因依申请公开被行政复议纠错或行政诉讼败诉情形。各项工",
    "作有序推进，公开质量稳步提升，群众满意度进一步提高。",
    "",
    "二、主动公开政府信息情况",
    "本年度主动公开政府信息 120 条。",
    "三、收到和处理政府信息公开申请情况",
    "全年收到申请 21 件。",
    "四、政府信息公开行政复议、行政诉讼情况",
    "被申请行政复议 3 件。",
    "",
    "（一）2024 年工作中存在问题的改进情况",
    "进一步规范了依申请公开办理流程。",
    "（二）2025 年工作中存在的主要问题",
    "政策解读形式还不够丰富。",
    "",
    "六、其他需要报告的事项",
    "本年度未收取信息处理费。",
])


def test_hard_wrapped_copy_reads_title_and_whole_sentences():
    reading = read_bytes("copied.md", HARD_WRAPPED.encode("utf-8"))
    data = reading.data
    assert data["title"] == "2025年江北市人民政府办公室政府信息公开工作年度报告"
    assert data["agency"] == "江北市人民政府办公室" and data["year"] == 2025
    overview = data["sections"]["overview"]
    # one paragraph, the page number gone, the broken sentence whole
    assert "— 1 —" not in overview and "\n" not in overview
    assert "未发生因依申请公开被行政复议纠错或行政诉讼败诉情形。" in overview
    assert "数据统计期限为 2025 年 1 月 1 日至 12 月 31 日。" in data["preface"]


def test_lost_section_heading_is_found_by_its_sub_headings():
    found = check_bytes(HARD_WRAPPED.encode("utf-8"), "copied.md")
    assert "S003" not in [d.code for d in found]
    lost = [d for d in found if d.code == "S004" and "五、存在的主要问题及改进情况" in d.message]
    assert len(lost) == 1 and "（一）2024 年工作中存在问题的改进情况" in lost[0].message
    reading = read_bytes("copied.md", HARD_WRAPPED.encode("utf-8"))
    assert "政策解读形式还不够丰富" in reading.data["sections"]["problems"]["text"]


def test_negated_correction_is_not_a_count_of_zero_reviews():
    """未发生…被行政复议纠错 (broken across lines in the copy) says no review went against the
    agency: with 3 reviews in table 四 there is nothing to contradict."""
    text = HARD_WRAPPED.replace("被申请行政复议 3 件。", "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |"
                                "\n|---|---|---|---|---|\n| 3 | 0 | 0 | 0 | 3 |")
    found = check_bytes(text.encode("utf-8"), "copied.md")
    assert not [d for d in found if d.code == "W003" and "行政复议" in d.message]
    # and a plain "no review" still is one
    flat = text.replace("未\n发生因依申请公开被行政复议纠错或行政诉讼败诉情形", "未发生行政复议")
    assert any(d.code == "W003" for d in check_bytes(flat.encode("utf-8"), "copied.md"))


def test_what_continues_and_what_does_not():
    assert continues("本年度报告根据《中华人民共和国政府信息公开条例》（以下简", "称《条例》）的要求编制", 50)
    assert continues("全年共受理政府信息公开申请 21 件，", "办结 20 件")
    assert continues("努力让政务信息“看", "得懂、用得上、易监督”。")
    assert not continues("全年共受理政府信息公开申请 21 件。", "办结 20 件")
    assert not continues("一、总体情况", "2025 年，本机关认真贯彻落实")
    assert not continues("全年共受理政府信息公开申请 21 件，", "（二）依申请公开方面")
    # a title and the sentence after it, in text whose lines are paragraphs
    assert not continues("江北市示例局2020年政府信息公开工作年度报告", "本报告中所列数据统计期限为2020年1月1日至12月31日。")


def test_a_row_that_lost_a_cell_is_reported_once_not_read_into_wrong_columns():
    text = CONVERTED.replace("| 规章 | 0 | 0 | 0 |", "| 规章 | 22 | 235 |").replace(
        "| 行政规范性文件 | 6 | 1 | 32 |", "| 行政规范性文件 | 34 | 189 |")
    reading = read_bytes("converted.txt", text.encode("utf-8"))
    assert reading.data["proactive"]["item1"] == {"rules": {}, "normative": {}}
    said = [p for p in reading.problems if "第二十条第（一）项" in p.message]
    assert len(said) == 1 and "22、235" in said[0].message and "34、189" in said[0].message
    found = check_bytes(text.encode("utf-8"), "converted.txt")
    assert not [d for d in found if d.severity.name == "ERROR"]


def test_caption_travels_with_its_table_but_a_heading_is_still_a_heading():
    document = parse_text("x.md", "## 四、政府信息公开行政复议、行政诉讼情况\n\n| 结果维持 | 总计 |\n|---|---|\n| 1 | 1 |\n", True)
    first = document.blocks[0].rows[0][0]
    assert first.alone and first.text == "四、政府信息公开行政复议、行政诉讼情况"
    # a report's title first: two headings and no template table make a report only where it is named
    reading = read_bytes("x.md", ("# 某某县民政局2023年政府信息公开工作年度报告\n一、总体情况\n正文。\n"
                                  "## 四、政府信息公开行政复议、行政诉讼情况\n\n"
                                  "| 结果维持 | 总计 |\n|---|---|\n| 1 | 1 |\n").encode("utf-8"))
    assert "review_litigation" in reading.data["sections"]


def _web_row(label: str, cells: list) -> str:
    return f"{label} | " + " | ".join(str(c) for c in cells) + " |"


def _web_text_report() -> str:
    """Text extracted from a web page: page chrome around it, half-width (一), pipe-ended rows with
    filler cells, no title line — the first paragraph names the agency and the period."""
    zero = [0] * 7
    groups = [("三、本年度办理结果 | （一）予以公开", [3, 0, 0, 0, 0, 0, 3]),
              ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", zero),
              ("（三）不予公开 | 1.属于国家秘密", zero)]
    groups += [(label, zero) for label in ("2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益",
                                           "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷",
                                           "8.属于行政查询事项")]
    groups += [("（四）无法提供 | 1.本机关不掌握相关政府信息", [2, 0, 0, 0, 0, 0, 2]),
               ("2.没有现成信息需要另行制作", zero), ("3.补正后申请内容仍不明确", zero),
               ("（五）不予处理 | 1.信访举报投诉类申请", zero)]
    groups += [(label, zero) for label in ("2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请",
                                           "5.要求行政机关确认或重新出具已获取信息")]
    groups += [("（六）其他处理 | 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", zero),
               ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", zero), ("3.其他", zero),
               ("（七）总计", [5, 0, 0, 0, 0, 0, 5]), ("四、结转下年度继续办理", [1, 0, 0, 0, 0, 0, 1])]
    return "\n".join([
        "全真版 | 文字版",
        "扫一扫在手机上查看当前页面",
        "本报告由江北区交通运输局根据《中华人民共和国政府信息公开条例》编制，所列数据统计期限为2023年1月1日至12月31日。",
        "一、总体情况",
        "(一) 主动公开",
        "全年主动公开信息50条。",
        "二、主动公开政府信息情况",
        "| 第二十条第（一）项 |||",
        "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |",
        "规章 | 0 | 0 | 0 |",
        "行政规范性文件 | 1 | 0 | 3 |",
        "| |||",
        "| 第二十条第（五）项 |||",
        "信息内容 | 本年处理决定数量 |",
        "行政许可 | 12 |",
        "| 第二十条第（六）项 |||",
        "信息内容 | 本年处理决定数量 |",
        "行政处罚 | 4 |",
        "行政强制 | 0 |",
        "| 第二十条第（八）项 |||",
        "信息内容 | 本年收费金额（单位：万元） |",
        "行政事业性收费 | 0 |",
        "三、收到和处理政府信息公开申请情况",
        "| | 申请人情况 |||||||",
        "| | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |",
        _web_row("一、本年新收政府信息公开申请数量", [5, 0, 0, 0, 0, 0, 5]),
        _web_row("二、上年结转政府信息公开申请数量", [1, 0, 0, 0, 0, 0, 1]),
        *(_web_row(label, cells) for label, cells in groups),
        "四、政府信息公开行政复议、行政诉讼情况",
        "| 行政复议 ||||| 行政诉讼 ||||||||||",
        "结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | " * 3,
        "0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
        "五、存在的主要问题及改进情况",
        "栏目更新不够及时。",
        "六、其他需要报告的事项",
        "本年度未收取信息处理费。",
        "相关链接",
        "文件下载 | 附件下载",
    ])


def test_web_page_text_with_filler_cells_and_chrome():
    text = _web_text_report()
    reading = read_bytes("page.txt", text.encode("utf-8"))
    data = reading.data
    assert data["edition"] == "2021"
    assert data["year"] == 2023 and data["agency"] == "江北区交通运输局"
    assert data["proactive"]["item1"]["normative"] == {"issued": 1, "repealed": 0, "in_force": 3}
    assert data["applications"]["unable_not_held"]["total"] == 2
    assert data["applications"]["carry_forward"]["natural"] == 1
    everything = "\n".join([data.get("preface", "")] + [v if isinstance(v, str) else v["text"]
                                                         for v in data["sections"].values()])
    for chrome in ("全真版", "文字版", "扫一扫", "相关链接", "文件下载"):
        assert chrome not in everything
    found = check_bytes(text.encode("utf-8"), "page.txt")
    assert [d.code for d in found if d.severity.name == "ERROR"] == []
