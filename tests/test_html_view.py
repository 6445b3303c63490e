"""--format html: a well-formed, self-contained page; the form laid out; every finding's cell marked."""

import json

import pytest
import yaml
from lxml import etree
from reports import consistent, run_cli, with_cell

XHTML = "{http://www.w3.org/1999/xhtml}"


def defective(edition_id: str) -> dict:
    data = consistent(edition_id, results={"disclosed": [7, 2, 0, 0, 1, 0], "np_repeat": [1, 0, 0, 0, 0, 0]},
                      carried=[1, 0, 0, 0, 0, 0], review=(3, 1, 0, 0))
    data = with_cell(data, ("applications", "total", "natural"), 9)  # A001, A002, A003
    data = with_cell(data, ("review_litigation", "review", "total"), 0)  # A004
    data = with_cell(data, ("applications", "np_repeat", "legal"), "/")  # S007
    data["sections"]["overview"] = f"第一段。\n{data['year']}年，本机关共收到政府信息公开申请17件。"  # W003
    return data


def page(tmp_path, *datas, name="report"):
    paths = []
    for index, data in enumerate(datas):
        path = tmp_path / f"{name}{index}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        paths.append(str(path))
    out = tmp_path / "view.html"
    result = run_cli("check", "-f", "html", "-o", str(out), *paths)
    findings = json.loads(run_cli("check", "-f", "json", *paths).stdout)
    return result, etree.parse(str(out)), findings, out.read_text(encoding="utf-8")


@pytest.mark.parametrize("edition_id", ["2019", "2021"])
def test_every_finding_marked_and_every_number_shown(tmp_path, edition_id):
    data = defective(edition_id)
    result, tree, findings, text = page(tmp_path, data)
    assert result.returncode == 1
    root = tree.getroot()
    by_id = {e.get("id"): e for e in root.iter() if e.get("id")}
    diagnostics = findings["files"][0]["diagnostics"]
    assert {d["code"] for d in diagnostics} >= {"A001", "A002", "A003", "A004", "S007", "W003"}
    items = root.findall(f".//{XHTML}li")
    assert len([i for i in items if "finding" in i.get("class", "")]) == len(diagnostics)
    for d in diagnostics:
        field = d["location"].get("field")
        if d.get("excerpt"):
            marks = [m for m in root.iter(f"{XHTML}mark") if d["excerpt"] in "".join(m.itertext())]
            assert marks and "bad" in marks[0].get("class"), d
        elif field and not field.startswith("sections"):
            cell = by_id["r1-" + field.replace(".", "-").replace("_", "-")]
            assert "bad" in cell.get("class").split(), (d["code"], field)
            assert d["code"] in cell.get("title")
    # the numbers shown are the report's, cell for cell, in table 三 and 四
    for table in ("applications", "review_litigation"):
        for row, values in data[table].items():
            for column, value in values.items():
                cell = by_id[f"r1-{table}-{row}-{column}".replace("_", "-")]
                assert "".join(cell.itertext()) == ("" if value is None else str(value)), (row, column)
    # the form's layout: three label columns and the note over them, the 四 header groups
    assert "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）" in text
    assert 'colspan="3" rowspan="3"' in text and ">未经复议直接起诉<" in text and ">复议后起诉<" in text


def test_self_contained_and_printable(tmp_path):
    _, tree, _, text = page(tmp_path, defective("2021"))
    for element in tree.getroot().iter():
        for attribute in ("src", "href"):
            value = element.get(attribute) or ""
            assert not value.startswith(("http:", "https:", "//")), value
    assert "@media print" in text and "<script>" in text


def test_batch_index_sorted_worst_first_with_charts(tmp_path):
    clean = consistent("2021")
    clean["agency"] = "江北市体育局"
    clean["title"] = "江北市体育局2023年政府信息公开工作年度报告"
    _, tree, _, text = page(tmp_path, clean, defective("2021"))
    root = tree.getroot()
    rows = root.find(f".//{XHTML}section[@id='index']").findall(f".//{XHTML}tbody/{XHTML}tr")
    names = ["".join(r.find(f"{XHTML}td").itertext()) for r in rows]
    assert names == ["江北市示例局", "江北市体育局"]
    assert rows[0].find(f".//{XHTML}a").get("href") == "#r2"
    files = ["".join(r.find(f"{XHTML}td[@class='file']").itertext()) for r in rows]
    assert files[0].endswith("report1.yaml") and files[1].endswith("report0.yaml")
    assert text.count("<svg") == 2 and "各规则的问题数" in text
    assert "各报告的错误数（与上表同序）" in text and "江北市示例局 2023 · report1.yaml" in text


def test_a_result_page_is_never_read_as_a_report(tmp_path):
    """The view draws the reports' own tables: read as a report it would pass for one. Left in a
    screened folder it is skipped with a note; named directly it gets one line saying what it is."""
    folder = tmp_path / "screened"
    folder.mkdir()
    report = folder / "report.yaml"
    report.write_text(yaml.safe_dump(defective("2021"), allow_unicode=True, sort_keys=False), encoding="utf-8")
    view = folder / "结果.html"
    run_cli("check", "-f", "html", "-o", str(view), str(report))
    assert '<meta name="generator" content="xxgk-lint ' in view.read_text(encoding="utf-8")
    # a page written before the generator <meta>: its header line still names xxgk-lint
    older = folder / "old.html"
    older.write_text(view.read_text(encoding="utf-8").replace('<meta name="generator"', '<meta name="x-old"'),
                     encoding="utf-8")

    scanned = run_cli("check", "-f", "json", str(folder))
    document = json.loads(scanned.stdout)
    assert [f["path"] for f in document["files"]] == [str(report)]
    assert "跳过了文件夹中 2 个 xxgk-lint 生成的检查结果" in scanned.stderr.decode()

    named = run_cli("check", str(view))
    assert named.returncode == 2
    assert named.stderr.decode().splitlines()[0] == f"{view}: 这是 xxgk-lint 生成的检查结果网页（--format html），不是年度报告"
    assert "洪泽" not in named.stdout.decode() and "江北市" not in named.stdout.decode()
