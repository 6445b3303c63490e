"""`convert` writes what was read, and checking what it wrote gives what checking the original gives;
where the reader could not place some numbers, the written file says so instead of passing them off
as cells left blank."""

from __future__ import annotations

import json

import pathlib

from forms import render_crawler
from reports import consistent, run_cli

EXAMPLES = pathlib.Path(__file__).resolve().parent.parent / "examples"
PARTS = ("other_no_correction", "other_no_fee", "other_misc")


def findings(path) -> list:
    result = run_cli("check", "-f", "json", str(path))
    return sorted((d["code"], d["location"].get("field", ""), d["message"])
                  for d in json.loads(result.stdout)["files"][0]["diagnostics"])


def test_a_row_standing_for_its_parts_is_written_without_the_parts(tmp_path):
    """A report that writes （六）其他处理 as one row (as many do) must not come back from convert with
    its three parts as blank rows, which the check would then report as unfilled."""
    lines = (EXAMPLES / "report-2021-clean.yaml").read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not line.strip().startswith(tuple(f"{key}:" for key in PARTS))]
    assert len(kept) == len(lines) - 3
    at = next(i for i, line in enumerate(kept) if line.strip().startswith("carry_forward:"))
    kept.insert(at, "  other_handling: {natural: 4, commercial: 0, research: 0, nonprofit: 0, legal: 0, other: 0, total: 4}")
    report = tmp_path / "report.yaml"
    report.write_text("\n".join(kept) + "\n", encoding="utf-8")
    converted = tmp_path / "converted.yaml"
    assert run_cli("convert", str(report), "-o", str(converted)).returncode == 0
    written = converted.read_text(encoding="utf-8")
    assert "other_handling:" in written and not any(f"{key}:" in written for key in PARTS)
    assert findings(converted) == findings(report)
    assert not [f for f in findings(converted) if f[0] == "S007"]


def test_numbers_that_could_not_be_placed_are_named_in_the_written_file(tmp_path):
    data = consistent("2021")
    data["proactive"]["item1"]["normative"] = {"issued": 77, "repealed": 77, "in_force": 166}
    dump = tmp_path / "nb.crawler.txt"
    dump.write_text(render_crawler(data), encoding="utf-8")
    assert "S011" in {code for code, _, _ in findings(dump)}
    converted = tmp_path / "nb.yaml"
    result = run_cli("convert", str(dump), "-o", str(converted))
    assert result.returncode == 0
    assert "1 处数字无法唯一对应到单元格，已写作 ~，请对照原文填入" in result.stderr.decode("utf-8")
    head = converted.read_text(encoding="utf-8").split("\nedition:")[0]
    assert "无法唯一对应到单元格（S011），这里写作 ~，请对照原文填入" in head
    assert "规范性文件" in head and "7777166" in head


def test_json_holds_the_unplaced_cells_as_null_and_checks_as_the_yaml_does(tmp_path):
    """convert -o x.json left a row whose numbers could not be placed out altogether: checking the
    JSON then reported the row missing (S006) where the YAML, with the row written as ~, did not."""
    data = consistent("2021")
    data["proactive"]["item1"]["normative"] = {"issued": 77, "repealed": 77, "in_force": 166}
    dump = tmp_path / "nb.crawler.txt"
    dump.write_text(render_crawler(data), encoding="utf-8")
    as_yaml, as_json = tmp_path / "nb.yaml", tmp_path / "nb.json"
    assert run_cli("convert", str(dump), "-o", str(as_yaml)).returncode == 0
    result = run_cli("convert", str(dump), "-o", str(as_json))
    assert result.returncode == 0
    told = result.stderr.decode("utf-8")
    assert "已写作 null" in told and "规范性文件" in told  # no file comment in JSON: the clerk is told which
    written = json.loads(as_json.read_text(encoding="utf-8"))
    assert written["proactive"]["item1"]["normative"] == {"issued": None, "repealed": None, "in_force": None}
    assert "S006" not in {code for code, _, _ in findings(as_json)}
    assert findings(as_json) == findings(as_yaml)


def test_a_table_published_as_a_picture_is_named_in_the_written_file(tmp_path):
    """The converted file cannot hold a picture's numbers: it says which table was a picture, and where,
    rather than leave the clerk a table of blanks with no word why."""
    from forms import render_html

    page = render_html(consistent("2021")).decode("utf-8")
    start = page.index("<table", page.index("三、收到和处理政府信息公开申请情况"))
    end = page.index("</table>", start) + len("</table>")
    source = tmp_path / "年报.html"
    source.write_text(page[:start] + '<p><img src="table3.png"/></p>' + page[end:], encoding="utf-8")
    written = tmp_path / "年报.yaml"
    completed = run_cli("convert", str(source), "-o", str(written))
    assert completed.returncode == 0
    head = written.read_text(encoding="utf-8").split("edition:", 1)[0]
    assert "以下表格是图片" in head and "三、收到和处理政府信息公开申请情况" in head
    assert "没有表格而有图片" in completed.stderr.decode("utf-8")
