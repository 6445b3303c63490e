"""Readers for published forms (web page, copied text, Markdown): every cell read equals the
value the page was made from, compared table by table, for both editions and their quirks."""

import copy
import pathlib

import pytest
from forms import render_html, render_markdown, render_pdf_text, render_text, render_tsv
from reports import check_bytes, codes, consistent

from xxgk_lint.read import read_bytes

TABLES = ("proactive", "applications", "review_litigation")


def varied(edition_id: str) -> dict:
    """A consistent report with different numbers in many cells, so a shifted cell shows."""
    results = {"disclosed": [41, 7, 1, 2, 3, 1], "partial": [5, 1, 0, 0, 0, 0],
               "withheld_third_party": [2, 0, 0, 0, 0, 0], "unable_not_held": [17, 2, 0, 0, 1, 0],
               "np_repeat": [3, 0, 0, 0, 0, 0]}
    if edition_id == "2021":
        results["other_no_fee"] = [1, 0, 0, 0, 0, 0]
        results["other_misc"] = [2, 1, 0, 0, 0, 0]
    else:
        results["other_handling"] = [4, 0, 0, 0, 0, 1]
    data = consistent(edition_id, results=results, carried=[6, 1, 0, 0, 0, 0], carry_forward=[9, 2, 0, 0, 1, 0],
                      review=(3, 1, 0, 2), direct=(1, 0, 1, 0), after=(2, 0, 0, 0))
    for index, (key, block) in enumerate(data["proactive"].items()):
        for row in block.values():
            for column in row:
                if column == "amount":
                    row[column] = 4858.33
                elif column == "change":
                    row[column] = -8
                else:
                    row[column] = 10 * (index + 1) + len(column)
    if edition_id == "2019":
        data["proactive"]["item1"]["normative"].update(new_made=3, new_published=3, total_published=40)
    data["sections"]["overview"] = "第一段：本年度工作概况。\n第二段：主动公开情况。"
    return data


def read(raw: bytes, name: str) -> dict:
    reading = read_bytes(name, raw)
    assert reading.recognised, reading.problems
    return reading.data


def assert_same_tables(read_back: dict, expected: dict):
    for table in TABLES:
        assert read_back.get(table) == expected[table], table


RENDERERS = {
    "page.html": lambda d, **o: render_html(d, **o),
    "copied.txt": lambda d, **o: render_text(d, **o).encode("utf-8"),
    "report.md": lambda d, **o: render_markdown(d, **o).encode("utf-8"),
}


@pytest.mark.parametrize("edition_id", ["2019", "2021"])
def test_tables_copied_out_of_word_or_excel(edition_id):
    data = varied(edition_id)
    raw = render_tsv(data).encode("utf-8")
    assert b"\t" in raw
    back = read(raw, "copied.txt")
    assert_same_tables(back, data)
    assert back["sections"] == data["sections"]
    assert check_bytes(raw, "copied.txt") == []


@pytest.mark.parametrize("edition_id", ["2019", "2021"])
@pytest.mark.parametrize("name", list(RENDERERS))
def test_every_cell_and_the_metadata_read_back(edition_id, name):
    data = varied(edition_id)
    back = read(RENDERERS[name](data), name)
    assert_same_tables(back, data)
    assert (back["edition"], back["year"], back["agency"], back["title"]) == \
        (edition_id, data["year"], data["agency"], data["title"])
    assert back["sections"] == data["sections"]
    assert check_bytes(RENDERERS[name](data), name) == []


@pytest.mark.parametrize("encoding, declared", [("gbk", "gbk"), ("gb18030", "gb2312"), ("gbk", "utf-8"),
                                                ("utf-8", "gbk"), ("utf-8-sig", "utf-8")])
def test_html_encodings_decided_from_the_bytes(encoding, declared):
    data = varied("2021")
    back = read(render_html(data, encoding=encoding, declared=declared), "page.html")
    assert_same_tables(back, data)
    assert back["agency"] == "江北市示例局"


def test_report_inside_site_chrome_with_split_tables_and_wrapped_labels():
    data = varied("2021")
    raw = render_html(data, chrome=True, split_tables=True, wrapped=True, encoding="gbk")
    assert b"<script>" in raw and "网站标识码".encode("gbk") in raw
    back = read(raw, "page.shtml")
    assert_same_tables(back, data)
    assert back["published"] == "2024-01-25"
    assert "首页" not in back.get("preface", "") and "网站标识码" not in back["sections"]["other"]


QUIRKY_LABELS = {
    ("applications", "total"): "（七）总 计",
    ("applications", "disclosed"): "(一)予以公开",
    ("applications", "withheld_secret"): "1、属于国家秘密",
    ("applications", "withheld_safety"): '3.危及"三安全一稳定"',
    ("applications", "partial"): "（二）部分公开",
    ("applications", "other_no_correction"): "1.申请人无正当理由逾期不补正，行政机关不再处理其政府信息公开申请",
    ("proactive", "item1", "rules"): "规章\n（市政府令）",
    ("proactive", "item1", "normative"): "行政规范性文件（有规范性文件登记号）",
}


@pytest.mark.parametrize("name", list(RENDERERS))
def test_labels_match_loosely(name):
    data = varied("2021")
    back = read(RENDERERS[name](data, labels=QUIRKY_LABELS), name)
    assert_same_tables(back, data)


@pytest.mark.parametrize("name", list(RENDERERS))
def test_numbers_as_reports_write_them(name):
    data = varied("2021")
    expected = copy.deepcopy(data)
    texts = {("applications", "disclosed", "natural"): "４１",
             ("applications", "disclosed", "total"): "55件",
             ("review_litigation", "review", "upheld"): " 3 ",
             ("proactive", "item8", "fees", "amount"): "48583300元"}
    back = read(RENDERERS[name](data, texts=texts), name)
    assert_same_tables(back, expected)


@pytest.mark.parametrize("name", list(RENDERERS))
def test_blank_cells_stay_blank_and_are_reported(name):
    data = varied("2021")
    data["applications"]["withheld_secret"]["commercial"] = None
    data["applications"]["withheld_law"]["research"] = "/"
    data["applications"]["np_publication"]["legal"] = "—"
    data["review_litigation"]["suit_after_review"]["pending"] = "-"
    raw = RENDERERS[name](data)
    back = read(raw, name)
    assert back["applications"]["withheld_secret"]["commercial"] is None
    assert back["applications"]["withheld_law"]["research"] == "/"
    assert back["applications"]["np_publication"]["legal"] == "—"
    assert back["review_litigation"]["suit_after_review"]["pending"] == "-"
    assert_same_tables(back, data)
    assert codes(check_bytes(raw, name)) == ["S007"] * 4


@pytest.mark.parametrize("name", list(RENDERERS))
def test_local_extra_row_is_kept_apart_and_reported(name):
    data = varied("2021")
    extra = {"其中：网上申请": {"after": "new", "values": [30, 1, 0, 0, 0, 0, 31]}}
    raw = RENDERERS[name](data, extra_rows=extra)
    back = read(raw, name)
    extra_row = back["applications"].pop("其中：网上申请")
    assert list(extra_row.values()) == [30, 1, 0, 0, 0, 0, 31]
    assert_same_tables(back, data)
    found = check_bytes(raw, name)
    assert codes(found) == ["S008"]
    assert "其中：网上申请" in found[0].message


@pytest.mark.parametrize("name", list(RENDERERS))
def test_old_form_for_a_new_year_is_caught(name):
    data = varied("2019")
    data["year"] = 2023
    data["title"] = "江北市示例局2023年政府信息公开工作年度报告"
    data["preface"] = "本报告中所列数据统计期限为2023年1月1日至12月31日。"
    found = check_bytes(RENDERERS[name](data), name)
    assert codes(found) == ["S005"]
    assert found[0].actual == "2019" and found[0].expected == "2021"


@pytest.mark.parametrize("name", list(RENDERERS))
def test_heading_variants_and_missing_section(name):
    data = varied("2021")
    del data["sections"]["other"]
    raw = RENDERERS[name](data, headings={"problems": "五、存在问题及改进情况"})
    back = read(raw, name)
    assert back["sections"]["problems"]["heading"] == "五、存在问题及改进情况"
    found = check_bytes(raw, name)
    assert codes(found) == ["S003", "W002"] and "六、其他需要报告的事项" in found[0].message


def test_sections_out_of_order_and_misnumbered():
    data = varied("2021")
    raw = render_text(data, headings={"other": "五、其他需要报告的事项"}).encode("utf-8")
    found = check_bytes(raw, "r.txt")
    s004 = [d for d in found if d.code == "S004"]
    assert len(s004) == 1 and "编号" in s004[0].message


def test_locations_point_into_the_original():
    data = varied("2021")
    data["review_litigation"]["review"]["total"] = 0
    html = check_bytes(render_html(data), "page.html")
    (finding,) = [d for d in html if d.code == "A004"]
    assert (finding.location.table, finding.location.row, finding.location.col) == (6, 4, 5)
    assert finding.location.line and finding.location.line > 10
    text_raw = render_text(data)
    text = check_bytes(text_raw.encode("utf-8"), "r.txt")
    (finding,) = [d for d in text if d.code == "A004"]
    assert text_raw.split("\n")[finding.location.line - 1].strip() == "0"


NOT_REPORTS = {
    "notice.html": "<html><head><title>关于召开会议的通知</title></head><body><p>各单位：定于下周一召开会议。</p>"
                   "<table><tr><td>姓名</td><td>单位</td></tr><tr><td>张三</td><td>办公室</td></tr></table></body></html>",
    "notes.txt": "会议纪要\n\n一、会议时间\n2023年3月1日\n",
}


@pytest.mark.parametrize("name", list(NOT_REPORTS))
def test_files_without_a_report_are_s001(name):
    found = check_bytes(NOT_REPORTS[name].encode("utf-8"), name)
    assert codes(found) == ["S001"]


def test_converted_file_gives_the_same_findings(tmp_path):
    from reports import run_cli

    data = varied("2021")
    data["applications"]["total"]["natural"] += 1
    data["applications"]["np_repeat"]["legal"] = "/"
    page = tmp_path / "page.html"
    page.write_bytes(render_html(data, encoding="gbk", chrome=True))
    converted = tmp_path / "page.yaml"
    assert run_cli("convert", str(page), "-o", str(converted)).returncode == 0
    import json

    def findings(path):
        result = run_cli("check", "-f", "json", str(path))
        return sorted((d["code"], d["location"].get("field", ""), d["message"])
                      for d in json.loads(result.stdout)["files"][0]["diagnostics"])

    original, again = findings(page), findings(converted)
    assert original == again
    assert {code for code, _, _ in original} == {"A001", "A002", "A003", "A006", "S007"}


FIXTURES = pathlib.Path(__file__).resolve().parent / "fixtures"


@pytest.mark.parametrize("name, expected_name", [("zhujian-2023.gbk.html", "zhujian-2023.expected.yaml"),
                                                 ("changhe-2020.copied.txt", "changhe-2020.expected.yaml")])
def test_committed_fixture_reads_cell_for_cell(name, expected_name):
    import yaml

    expected = yaml.safe_load((FIXTURES / expected_name).read_text(encoding="utf-8"))
    back = read((FIXTURES / name).read_bytes(), name)
    for key in ("edition", "year", "agency", "title"):
        assert back[key] == expected[key], key
    assert_same_tables(back, expected)


def page_with(layout_name: str, replacement, data: dict) -> bytes:
    """A web page whose table is laid out by `replacement` instead of forms.<layout_name>."""
    import forms

    original = getattr(forms, layout_name)
    setattr(forms, layout_name, lambda *args, **kwargs: replacement(original, *args, **kwargs))
    try:
        return render_html(data)
    finally:
        setattr(forms, layout_name, original)


def test_a_column_the_form_does_not_have_is_placed_by_its_header():
    """A web page whose table 三 adds a 小计 column for 法人或其他组织, before 总计."""
    from forms import Cell

    def with_subtotal(original, data, labels=None, extra_rows=None):
        rows = original(data, labels, extra_rows)
        rows[0][1].colspan += 1
        rows[1][1].colspan += 1
        rows[2].append(Cell("小计"))
        for row in rows[3:]:
            values = [int(c.text) for c in row[-7:-1]]
            row.insert(len(row) - 1, Cell(str(sum(values[1:]))))
        return rows

    data = varied("2021")
    raw = page_with("applications_table", with_subtotal, data)
    back = read(raw, "page.html")
    subtotals = {row: values.pop("小计（模板外）") for row, values in back["applications"].items()}
    assert subtotals["new"] == sum(data["applications"]["new"][c] for c in ("commercial", "research", "nonprofit",
                                                                         "legal", "other"))
    assert_same_tables(back, data)
    found = check_bytes(raw, "page.html")
    assert set(codes(found)) == {"S008"} and all("小计" in d.message for d in found)


def test_table_four_written_one_group_a_row():
    from forms import Cell

    def by_group(original, data):
        table = [[Cell("")] + [Cell(t) for t in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")]]
        for key, label in (("review", "行政复议"), ("direct_suit", "行政诉讼（未经复议直接起诉）"),
                           ("suit_after_review", "行政诉讼（复议后起诉）")):
            values = data["review_litigation"][key]
            table.append([Cell(label)] + [Cell(str(values[c])) for c in ("upheld", "corrected", "other", "pending",
                                                                         "total")])
        return table

    data = varied("2021")
    back = read(page_with("review_table", by_group, data), "page.html")
    assert back["review_litigation"] == data["review_litigation"]


@pytest.mark.parametrize("edition_id", ["2019", "2021"])
def test_text_copied_out_of_a_pdf(edition_id):
    data = varied(edition_id)
    raw = render_pdf_text(data).encode("utf-8")
    assert b"\t" not in raw and "规章 ".encode() in raw
    back = read(raw, "copied.txt")
    assert_same_tables(back, data)
    assert check_bytes(raw, "copied.txt") == []


def test_numbers_under_no_known_label_are_kept_not_dropped():
    data = varied("2021")
    disclosed = [data["applications"]["disclosed"][c] for c in ("natural", "commercial", "research", "nonprofit",
                                                                 "legal", "other", "total")]
    numbers = " ".join(str(n) for n in disclosed)
    # the label lost and a second row of numbers under no label: two loose rows where the form
    # misses one, so position cannot say which is which
    text = render_pdf_text(data).replace(f"三、本年度办理结果 （一）予以公开 {numbers}", f"{numbers}\n{numbers}")
    assert f"\n{numbers}\n{numbers}\n" in text
    back = read(text.encode("utf-8"), "copied.txt")
    assert list(back["applications"]["无标签的行1"].values()) == disclosed
    found = check_bytes(text.encode("utf-8"), "copied.txt")
    assert any(d.code == "S008" and "无标签的行" in d.message for d in found)
    assert any(d.code == "S006" and "（一）予以公开" in d.message for d in found)  # and its row is missing


def test_a_label_split_from_its_numbers_is_placed_by_the_forms_order():
    """A converter moved labels away from their numbers: between two rows read by label, as many
    rows without a label as the form misses there take those rows, in the form's order."""
    data = varied("2021")
    columns = ("natural", "commercial", "research", "nonprofit", "legal", "other", "total")
    disclosed = " ".join(str(data["applications"]["disclosed"][c]) for c in columns)
    partial = " ".join(str(data["applications"]["partial"][c]) for c in columns)
    text = render_pdf_text(data)
    assert f"（一）予以公开 {disclosed}" in text and f"（二）部分公开（区分处理的，只计这一情形，不计其他情形） {partial}" in text
    text = text.replace(f"三、本年度办理结果 （一）予以公开 {disclosed}", disclosed)
    text = text.replace(f"（二）部分公开（区分处理的，只计这一情形，不计其他情形） {partial}", partial)
    back = read(text.encode("utf-8"), "copied.txt")
    assert back["applications"]["disclosed"] == data["applications"]["disclosed"]
    assert back["applications"]["partial"] == data["applications"]["partial"]
    assert not any(key.startswith("无标签的行") for key in back["applications"])
    where = read_bytes("copied.txt", text.encode("utf-8")).locations[("applications", "partial", "natural")]
    assert "按表格的行序读出" in where.describe()  # the location says how the row was placed
    assert [d.code for d in check_bytes(text.encode("utf-8"), "copied.txt") if d.severity.name == "ERROR"] == []


def test_no_tables_found_means_no_verdict_on_the_edition():
    text = "江北市示例局2023年政府信息公开工作年度报告\n一、总体情况\n正文。\n二、主动公开政府信息情况\n正文。\n"
    found = check_bytes(text.encode("utf-8"), "r.txt")
    assert "S005" not in codes(found) and "S006" in codes(found)


def test_a_real_pdf_copied_as_text_reads_what_it_can_and_reports_the_rest():
    """The huaian-shi report as a PDF viewer copies it: values read are the published ones, and
    rows the copy mangled are reported as missing, never given someone else's numbers."""
    pdf = pathlib.Path(__file__).resolve().parents[2] / "shared" / "corpus" / "huaian-shi-2024.pdf"
    pdfplumber = pytest.importorskip("pdfplumber")
    if not pdf.exists():
        pytest.skip("the shared corpus is not present")
    from test_read_documents import COLUMNS, SHI_TABLE_3

    with pdfplumber.open(pdf) as document:
        text = "\n".join(page.extract_text() for page in document.pages)
    back = read(text.encode("utf-8"), "copied.txt")
    assert back["edition"] == "2021"
    assert back["review_litigation"]["review"] == {"upheld": 72, "corrected": 64, "other": 178, "pending": 37,
                                                   "total": 351}
    assert back["proactive"]["item1"]["normative"] == {"issued": 8, "repealed": 26, "in_force": 66}
    read_rows = {k: v for k, v in back["applications"].items() if k in SHI_TABLE_3}
    assert len(read_rows) >= 22
    for row, values in read_rows.items():
        assert [values[c] for c in COLUMNS] == SHI_TABLE_3[row], row
    found = check_bytes(text.encode("utf-8"), "copied.txt")
    assert not [d for d in found if d.code.startswith("A")]


def test_reading_is_linear_in_the_number_of_lines():
    """400 000 lines of every shape the text reader knows (table cells a line, wrapped labels,
    hard-wrapped prose, blank runs) read in one pass: about 8 s of CPU here. The reader that looked
    at the rest of the file for every line took 1.9 s for 40 000 lines and 5.7 s for 80 000, so
    about 150 s for these; the bound stops that, far above what a linear reader needs anywhere."""
    import subprocess
    import sys

    script = (
        "from xxgk_lint.read.text import parse_text\n"
        "unit = ['\\t0', '\\t1', '（市政府令）', '', '本年度，本机关认真贯彻落实政务公开工作要点，全面推进决策、执行、管理、服务、结果公开，',"
        " '持续提升政务公开质量', '', '', '规章 0 0 0']\n"
        "document = parse_text('big.txt', '\\n'.join(unit * 44_445))\n"
        "print(len(document.blocks))\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=90)
    assert result.returncode == 0, result.stderr[-2000:]
    assert int(result.stdout) > 0


@pytest.mark.parametrize("where", ["header", "title-only"])
def test_a_page_whose_title_stands_outside_the_report_body(where):
    """平潭综合实验区2020年度…报告 in the page header (or only in <title>), not in the body."""
    data = consistent("2019", year=2020)
    page = render_html(data, chrome=True).decode("utf-8")
    title = f'<h1 class="title" style="text-align:center">{data["title"]}</h1>'
    assert title in page
    page = page.replace(title, "")
    if where == "header":
        page = page.replace('<div class="TRS_Editor">', f'<div class="header"><h1>{data["title"]}</h1></div>\n'
                                                        '<div class="TRS_Editor">')
    reading = read_bytes("nb.html", page.encode("utf-8"))
    assert (reading.data.get("agency"), reading.data.get("year")) == ("江北市示例局", 2020)
