"""Crawler records: a page exported by a crawler as a JSON or YAML record (title, url, date and the
page's HTML or text in one field) is read from that field, not taken for the project's format."""

import json
import subprocess
import sys

import pytest
import yaml
from forms import render_html, render_text
from reports import consistent
from test_read_forms import assert_same_tables, varied

from xxgk_lint.read import InputError, read_bytes


def record(content: str, **fields) -> dict:
    return {"title": "江北市示例局2023年政府信息公开工作年度报告", "url": "http://www.example.gov.cn/art/1.html",
            "publish_time": "2024-01-20 09:30:00", **fields, "content": content}


def test_a_json_record_of_a_page_reads_the_page_in_its_content_field():
    data = varied("2021")
    page = render_html(data).decode("utf-8")
    raw = json.dumps(record(page), ensure_ascii=False).encode("utf-8")
    reading = read_bytes("记录.json", raw)
    assert reading.recognised and reading.form == "record"
    assert_same_tables(reading.data, data)
    page_reading = read_bytes("报告.html", page.encode("utf-8"))
    def places(locations):
        return {path: (where.line, where.table, where.row, where.col) for path, where in locations.items()}

    assert places(reading.locations) == places(page_reading.locations)  # lines of the page in the content field
    assert all(where.note.startswith("content 字段内") for where in reading.locations.values())
    assert reading.data["published"] == page_reading.data["published"]  # the page's own date comes first


def test_a_list_holding_one_record_of_copied_text_in_chinese_fields():
    data = varied("2019")
    text = render_text(data)
    raw = json.dumps([{"标题": data["title"], "发布时间": "2020年1月31日", "正文": text}], ensure_ascii=False)
    reading = read_bytes("记录.json", raw.encode("utf-8"))
    assert reading.recognised
    assert_same_tables(reading.data, data)
    assert reading.data["published"] == "2020-01-31"


def test_a_yaml_record_is_read_the_same_way():
    data = varied("2021")
    raw = yaml.safe_dump(record(render_text(data)), allow_unicode=True).encode("utf-8")
    reading = read_bytes("记录.yaml", raw)
    assert reading.form == "record"
    assert_same_tables(reading.data, data)


def test_several_records_in_one_file_are_one_clear_input_error():
    text = render_text(consistent("2021"))
    raw = json.dumps([record(text), record(text)], ensure_ascii=False).encode("utf-8")
    with pytest.raises(InputError, match="2 条记录"):
        read_bytes("记录.json", raw)


def test_the_projects_own_format_is_not_taken_for_a_record():
    data = consistent("2021")
    data["sections"]["overview"] = "本年度政府信息公开工作总体情况良好。" * 30  # long prose in a field of its own
    reading = read_bytes("报告.json", json.dumps(data, ensure_ascii=False).encode("utf-8"))
    assert reading.form == "json"


def test_a_record_with_a_wrong_total_is_found_where_the_content_says(tmp_path):
    data = consistent("2021")
    data["review_litigation"]["review"]["total"] += 1
    path = tmp_path / "记录.json"
    path.write_text(json.dumps(record(render_html(data).decode("utf-8")), ensure_ascii=False), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "xxgk_lint", "check", "-f", "jsonl", str(path)],
                          capture_output=True, text=True, encoding="utf-8")
    assert done.returncode == 1, done.stderr
    finding = next(json.loads(line) for line in done.stdout.splitlines() if '"A004"' in line)
    assert finding["location"]["table"] is not None


@pytest.mark.parametrize("content", ["", None, "详见附件"])
def test_a_record_holding_no_report_says_so_and_names_the_attachments_it_lists(content):
    raw = json.dumps({"title": "江北市示例局2023年政府信息公开工作年度报告", "url": "http://www.example.gov.cn/1.html",
                      "content": content, "attachments": [{"name": "年报", "url": "/upload/江北市示例局2023年年报.pdf"}]},
                     ensure_ascii=False).encode("utf-8")
    reading = read_bytes("记录.json", raw)
    assert not reading.recognised and reading.form == "record"
    assert reading.data["agency"] == "江北市示例局" and reading.data["year"] == 2023  # from the record's title
    message = reading.problems[0].message
    assert "content 字段" in message and "江北市示例局2023年年报.pdf" in message
    assert "edition" not in message  # not taken for the project's format


def test_a_record_in_an_api_envelope_with_escaped_html_and_a_timestamp():
    data = varied("2021")
    page = render_html(data).decode("utf-8")
    escaped = page.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    page_without_date = escaped.replace("发布日期", "来源")
    raw = json.dumps({"code": 0, "msg": "ok", "data": {"title": data["title"], "pubTime": 1706146200000,
                                                        "contentHtml": page_without_date}}, ensure_ascii=False)
    reading = read_bytes("接口.json", raw.encode("utf-8"))
    assert reading.form == "record"
    assert_same_tables(reading.data, data)


def test_a_records_locations_say_they_are_lines_of_the_field(tmp_path):
    data = consistent("2021")
    data["review_litigation"]["review"]["total"] += 1
    path = tmp_path / "记录.json"
    path.write_text(json.dumps(record(render_text(data)), ensure_ascii=False), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "xxgk_lint", "check", str(path)], capture_output=True, text=True,
                          encoding="utf-8")
    assert "content 字段内" in done.stdout
    sarif = subprocess.run([sys.executable, "-m", "xxgk_lint", "check", "-f", "sarif", str(path)], capture_output=True,
                           text=True, encoding="utf-8")
    results = json.loads(sarif.stdout)["runs"][0]["results"]
    assert results and all("region" not in r["locations"][0]["physicalLocation"] for r in results)  # no file line
    assert any("content 字段内" in r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] for r in results)
