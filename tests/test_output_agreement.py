"""Every output tells the same story as the console and its summary: a finding the wrong cell's
finding (A006) explains is listed right under that A006 and marked as explained, never counted as
a problem of its own (CSV, Excel, the HTML view, --statistics, GitHub annotations)."""

import csv
import io
import json
import pathlib
import re

import pytest
import yaml
from lxml import etree
from reports import consistent, run_cli, with_cell

XHTML = "{http://www.w3.org/1999/xhtml}"
SHARED = pathlib.Path(__file__).resolve().parents[2] / "shared"


def explained_report(tmp_path) -> str:
    """One wrong cell: 予以公开 › 总计 written 99 where its row sums to 4. A006 names it; the A002
    and A003 it breaks are explained by it. A blank cell (S007) is a problem of its own."""
    data = with_cell(consistent("2021"), ("applications", "disclosed", "total"), 99)
    data = with_cell(data, ("applications", "np_repeat", "legal"), "/")
    path = tmp_path / "r.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return str(path)


def console_order(path: str) -> list:
    """(code, explained?) as the console lists the findings, and the summary's error count."""
    out = run_cli("check", path).stdout.decode()
    found = [(m.group(2), bool(m.group(1))) for m in re.finditer(r"^\s+(└ )?(?:错误|警告|提示) ([A-Z]\d{3})", out, re.M)]
    errors = int(re.search(r"(\d+) 个错误", out).group(1))
    return found, errors


def test_csv_follows_the_console_and_says_which_are_explained(tmp_path):
    path = explained_report(tmp_path)
    order, errors = console_order(path)
    assert ("A006", False) in order and ("A002", True) in order and ("A003", True) in order
    assert order.index(("A006", False)) < order.index(("A002", True))  # listed under its A006
    rows = list(csv.DictReader(io.StringIO(run_cli("check", "-f", "csv", path).stdout.decode("utf-8-sig"))))
    assert [(r["代码"], bool(r["归因"])) for r in rows] == order
    for row in rows:
        if row["代码"] in ("A002", "A003"):
            assert row["归因"] == "由 A006 引起：三、收到和处理政府信息公开申请情况 › （一）予以公开 › 总计"
    assert sum(1 for r in rows if r["级别"] == "错误" and not r["归因"]) == errors == 1


def test_json_jsonl_and_sarif_list_the_findings_in_the_consoles_order(tmp_path):
    """The README promises every output keeps the console's order: an A006 first, then what it explains."""
    path = explained_report(tmp_path)
    order, _ = console_order(path)
    codes = [code for code, _ in order]
    document = json.loads(run_cli("check", "-f", "json", path).stdout)
    assert [d["code"] for d in document["files"][0]["diagnostics"]] == codes
    lines = run_cli("check", "-f", "jsonl", path).stdout.decode("utf-8").splitlines()
    assert [json.loads(line)["code"] for line in lines] == codes
    sarif = json.loads(run_cli("check", "-f", "sarif", path).stdout)
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == codes


def test_xlsx_findings_sheet_agrees_with_its_summary_sheet(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    path = explained_report(tmp_path)
    order, _ = console_order(path)
    book_path = tmp_path / "结果.xlsx"
    run_cli("check", "-f", "xlsx", "-o", str(book_path), path)
    book = openpyxl.load_workbook(book_path)
    header, *findings = list(book["全部问题"].values)
    because = header.index("归因")
    assert [(r[4], bool(r[because])) for r in findings] == order
    summary = list(book["汇总"].values)
    errors = summary[1][summary[0].index("错误")]
    assert errors == sum(1 for r in findings if r[5] == "错误" and not r[because]) == 1


def test_html_view_lists_explained_findings_under_their_a006(tmp_path):
    path = explained_report(tmp_path)
    order, errors = console_order(path)
    out = tmp_path / "view.html"
    run_cli("check", "-f", "html", "-o", str(out), path)
    root = etree.parse(str(out)).getroot()
    header = "".join(root.find(f".//{XHTML}header").itertext())
    assert f"{errors} 个错误" in header
    aside = root.find(f".//{XHTML}aside")
    top = aside.find(f"{XHTML}ol").findall(f"{XHTML}li")
    assert "".join(aside.find(f"{XHTML}h3").itertext()) == f"发现的问题（{len(top)}）"
    listed = []
    for item in top:
        code = item.find(f"{XHTML}a/{XHTML}b").text.split()[1]
        listed.append((code, False))
        for child in item.findall(f"{XHTML}ol/{XHTML}li"):
            assert "explained" in child.get("class") and code == "A006"
            listed.append((child.find(f"{XHTML}a/{XHTML}b").text.split()[1], True))
    assert listed == order
    assert sum(1 for i in top if "error" in i.get("class").split()) == errors


def test_statistics_count_as_the_summary_counts(tmp_path):
    path = explained_report(tmp_path)
    document = json.loads(run_cli("check", "-f", "json", "--statistics", path).stdout)
    stats = {s["code"]: s for s in document["statistics"]}
    assert (stats["A006"]["count"], stats["A006"]["explained"]) == (1, 0)
    assert (stats["A002"]["count"], stats["A002"]["explained"]) == (0, 1)
    assert sum(s["count"] for s in stats.values() if s["code"].startswith("A")) == document["summary"]["error"]
    assert sum(s["explained"] for s in stats.values()) == document["summary"]["explained"]
    table = run_cli("check", "--statistics", path).stdout.decode()
    assert "另归在 A006 下" in table and re.search(r"│ 0\s+│ 1\s+│ A002", table), table


def test_github_annotations_follow_the_console_and_say_which_are_explained(tmp_path):
    path = explained_report(tmp_path)
    order, _ = console_order(path)
    lines = run_cli("check", "-f", "github", path).stdout.decode().splitlines()
    codes = [re.search(r"title=([A-Z]\d{3})", line).group(1) for line in lines]
    assert codes == [code for code, _ in order]
    a002 = next(line for line in lines if "title=A002" in line)
    assert a002.endswith("（由 A006 引起：三、收到和处理政府信息公开申请情况 › （一）予以公开 › 总计）")
    assert ",line=" in a002  # a YAML line is a line of the file


def test_github_puts_a_pdf_page_into_the_message_not_into_line():
    """A PDF's line is a line of its page: as line= GitHub would point at the wrong place."""
    from xxgk_lint.model import Diagnostic, Location, Severity
    from xxgk_lint.output.plain import render_github
    from xxgk_lint.pipeline import FileResult

    on_page = Diagnostic("W009", Severity.WARNING, "没有写责任追究结果情况", "r.pdf", label="一、总体情况",
                         location=Location(line=10, page=1))
    in_table = Diagnostic("A004", Severity.ERROR, "总计为 0", "r.pdf", label="行政复议 › 总计",
                          location=Location(page=4, table=5, row=4, col=5))
    web_cell = Diagnostic("A002", Severity.ERROR, "总计为 9", "r.html", label="（一）予以公开 › 总计",
                          location=Location(line=8, column=300, table=2, row=6, col=10))
    lines = render_github([FileResult("r.pdf", diagnostics=[on_page, in_table]),
                           FileResult("r.html", diagnostics=[web_cell])]).splitlines()
    assert lines[0] == "::warning file=r.pdf,title=W009 一、总体情况::没有写责任追究结果情况（位置：第1页 第10行）"
    assert lines[1] == "::error file=r.pdf,title=A004 行政复议 › 总计::总计为 0（位置：第4页 表5 第4行 第5列）"
    # a web page's cell: its source line is a line of the file; the table cell is said in words
    assert lines[2].startswith("::error file=r.html,line=8,title=A002") and "col=" not in lines[2]
    assert lines[2].endswith("（位置：表2 第6行 第10列 （源代码第8行））")


def test_github_on_a_real_pdf_has_no_file_line():
    pdf = SHARED / "corpus" / "huaian-hongzequ-2023.pdf"
    if not pdf.exists():
        pytest.skip("the shared corpus is not present")
    lines = run_cli("check", "-f", "github", str(pdf)).stdout.decode().splitlines()
    assert lines and not any(",line=" in line for line in lines)
    a004 = next(line for line in lines if "title=A004" in line and "行政复议 › 总计" in line)
    assert "（位置：第4页 表5" in a004 and "（由 A006 引起" in a004
    assert lines.index(a004) == next(i for i, line in enumerate(lines) if "title=A006" in line) + 1


def test_chart_labels_fit_their_room_and_keep_the_full_name_in_the_tooltip():
    from xxgk_lint.output.html_view import _chart, _text_width, fitted

    name = "上海市人民政府办公厅 2019 · shanghai-office-2019.expected.yaml"
    short = fitted(name, 230)
    start, _, end = short.partition("…")
    assert start == "上海市人民政府办公厅 2019 · " and name.endswith(end) and end and _text_width(short) <= 230
    assert fitted("平潭综合实验区 2025 · pingtan-2025.crawler.txt", 230).endswith("…rawler.txt")
    assert fitted("平潭综合实验区 2024", 230) == "平潭综合实验区 2024"
    svg = etree.fromstring(_chart("各报告的错误数", [(name, 3, "")]).encode())
    svg_ns = "{http://www.w3.org/2000/svg}"
    label = svg.find(f".//{svg_ns}text")
    room = float(label.get("x"))  # text-anchor end: the label runs leftwards from x, to 0 at most
    assert label.get("text-anchor") == "end" and _text_width(label.text) <= room
    assert svg.find(f".//{svg_ns}title").text.startswith(name)
