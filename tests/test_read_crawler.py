"""Crawler dumps: a header of fields, then the whole page on one line with table cells run together.

The reader finds the sections and the tables by the form's own labels and reads each row's run of
digits by the form's arithmetic. The property that matters: a cell is read right or its row is
reported as unreadable (S011) — never read wrong.
"""

from __future__ import annotations

import re

import pytest
from forms import render_crawler
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reports import check_data, codes, consistent, result_rows

from xxgk_lint.engine import check_report, load_rules
from xxgk_lint.read import read_bytes
from xxgk_lint.read.runs import choose, splits
from xxgk_lint.validate import build_report

COUNT7 = ["count"] * 7


def miss(values):
    return abs(values[-1] - sum(values[:-1]))


def shapes(found):
    return [tuple(p.text for p in cells) for cells in found]


def test_a_space_always_separates_cells_and_only_zero_starts_with_zero():
    assert shapes(splits("007", ["count"] * 3)) == [("0", "0", "7")]
    found = shapes(splits("20 0 00 0 121", COUNT7))
    assert ("20", "0", "0", "0", "0", "1", "21") in found
    assert all(not (len(c) > 1 and c.startswith("0")) for cells in found for c in cells)
    assert ("2", "0", "0", "0", "0", "0", "121") in found and len(found) == 3  # 20|2,0 × 121|1,21|12,1
    assert not splits("12", ["count"] * 3)


def test_signs_only_where_a_column_may_be_negative_and_decimals_only_in_money():
    assert shapes(splits("35-15", ["count", "delta"])) == [("35", "-15")]
    assert not splits("35-15", ["count", "count"])
    assert shapes(splits("3802895.90元", ["money"])) == [("3802895.90元",)]
    assert not splits("2.5", ["count"])


def test_the_row_identity_leaves_one_reading_or_says_there_are_several():
    verdict = choose("230 000023", COUNT7, miss, frozenset({6}))
    assert verdict.status == "balanced" and [p.text for p in verdict.cells] == ["23", "0", "0", "0", "0", "0", "23"]
    assert choose("6000017", COUNT7, miss).status == "single"
    ambiguous = choose("7777166", ["count"] * 3)
    assert ambiguous.status == "ambiguous" and len(ambiguous.candidates) > 1
    # no reading balances: the one that misses least — a total one off, not a count cut in pieces
    unbalanced = choose("230000022", COUNT7, miss, frozenset({6}))
    assert unbalanced.status == "unbalanced" and [p.text for p in unbalanced.cells] == ["23", *"00000", "22"]


def read(text: str, name: str = "nb.crawler.txt"):
    return read_bytes(name, text.encode("utf-8"))


def test_the_header_gives_title_date_and_address_and_the_line_gives_every_section():
    data = consistent("2021", year=2023)
    reading = read(render_crawler(data))
    assert reading.recognised and reading.form == "crawler"
    assert reading.data["agency"] == "江北市示例局" and reading.data["year"] == 2023
    assert reading.data["published"] == "2024-03-05"
    assert reading.data["source"].startswith("https://www.example.gov.cn/")
    assert set(reading.data["sections"]) == {"overview", "proactive", "applications", "review_litigation",
                                             "problems", "other"}
    assert reading.data["applications"]["disclosed"] == data["applications"]["disclosed"]
    assert reading.data["review_litigation"] == data["review_litigation"]


def test_a_wrong_total_is_still_found_and_the_location_says_how_the_cell_was_read():
    data = consistent("2019", results={"disclosed": [6, 0, 0, 0, 0, 1], "partial": [6, 0, 0, 0, 0, 0],
                                       "unable_not_held": [4, 0, 0, 0, 0, 0]})
    data["applications"]["total"] = {"natural": 20, "commercial": 0, "research": 0, "nonprofit": 0, "legal": 0,
                                     "other": 1, "total": 21}  # the result rows add to 16 + 1 = 17
    data["applications"]["new"] = dict(data["applications"]["total"])
    data["applications"]["carried_over"] = {k: 0 for k in data["applications"]["total"]}
    report = build_report("nb.crawler.txt", read(render_crawler(data)))
    found = check_report(report, load_rules())
    a003 = [d for d in found if d.code == "A003"]
    assert {d.path[-1] for d in a003} == {"natural", "total"}
    assert all(d.location.note and "连写" in d.location.note for d in a003)
    assert "连写" in a003[0].location.describe()
    assert not [d for d in found if d.code.startswith("S") and d.severity.label == "error"]


def test_a_run_with_several_readings_is_reported_not_guessed_and_not_called_blank():
    data = consistent("2021")
    data["proactive"]["item1"]["normative"] = {"issued": 77, "repealed": 77, "in_force": 166}
    reading = read(render_crawler(data))
    assert "normative" not in reading.data["proactive"]["item1"]
    report = build_report("nb.crawler.txt", reading)
    found = {d.code: d for d in check_report(report, load_rules())}
    assert "S011" in found and "77/77/166" in found["S011"].message
    assert "S006" not in found and "S007" not in found


def test_a_report_run_together_is_never_taken_for_not_a_report():
    data = consistent("2021")
    assert "S001" not in codes(check_data(data)) and read(render_crawler(data)).recognised


counts = st.integers(min_value=0, max_value=400)
six = st.lists(counts, min_size=6, max_size=6)
four = st.tuples(counts, counts, counts, counts)


@st.composite
def crawled(draw):
    edition_id = draw(st.sampled_from(["2019", "2021"]))
    rows = result_rows(edition_id)
    results = {key: draw(six) for key in draw(st.lists(st.sampled_from(rows), max_size=5, unique=True))}
    data = consistent(edition_id, results=results, carried=[0] * 6, review=draw(four), direct=draw(four),
                      after=draw(four))
    spaces = set(draw(st.lists(st.integers(0, 400), max_size=30)))
    return data, spaces


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(crawled())
def test_every_cell_is_read_right_or_its_row_is_reported(case):
    data, spaces = case
    reading = read(render_crawler(data, spaces=spaces))
    unread = {p.path for p in reading.problems if p.kind == "ambiguous"}
    for table in ("applications", "review_litigation"):
        for row, cells in data[table].items():
            if (table, row) in unread or (table,) in unread:
                continue
            assert reading.data[table][row] == cells, (table, row)
    found = codes(check_report(build_report("nb.crawler.txt", reading), load_rules()))
    assert not [c for c in found if c.startswith("A")]  # a consistent report stays consistent


@pytest.mark.parametrize("year", [2019, 2021])
def test_the_checker_reads_a_crawler_file_from_disk(tmp_path, year):
    from reports import run_cli

    data = consistent("2019" if year < 2021 else "2021", year=year)
    path = tmp_path / "report.txt"
    path.write_text(render_crawler(data), encoding="utf-8")
    result = run_cli("check", str(path))
    assert result.returncode == 0, result.stdout
    assert "江北市示例局" in result.stdout.decode("utf-8")


def test_a_label_written_differently_keeps_its_row_and_the_rows_around_it():
    data = consistent("2021", results={"withheld_secret": [2, 0, 0, 0, 0, 0], "withheld_law": [1, 0, 0, 0, 0, 0]})
    page = render_crawler(data).replace("1.属于国家秘密", "1.属于国家秘")
    reading = read(page)
    applications = reading.data["applications"]
    assert applications["withheld_law"] == data["applications"]["withheld_law"]
    assert applications["withheld_secret"] == data["applications"]["withheld_secret"]


def test_a_header_without_a_marker_line_ends_at_a_blank_line():
    data = consistent("2021")
    page = render_crawler(data).replace("=" * 20 + " 正文 " + "=" * 20, "")
    reading = read(page)
    assert reading.form == "crawler" and reading.data["published"] == "2024-03-05"
    assert reading.data["applications"]["total"] == data["applications"]["total"]


def test_a_crawler_that_keeps_paragraphs_but_flattens_the_tables():
    data = consistent("2021", results={"disclosed": [12, 1, 0, 0, 0, 0]}, review=(1, 0, 2, 0))
    page = render_crawler(data)
    for spec in ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                 "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"):
        page = page.replace(spec, f"\n{spec}\n")
    reading = read(page)
    assert reading.data["applications"] == data["applications"]
    assert reading.data["review_litigation"] == data["review_litigation"]


def test_a_hostile_run_of_digits_ends_at_once():
    assert choose("1" * 100_000, COUNT7, miss).status == "unreadable"


@pytest.mark.parametrize("row, written, wrong", [
    ("disclosed", "23", {"natural": 23, "total": 22}),  # a part one too many: 230000022, not 2/30/…
    ("total", "82", {"natural": 22, "total": 82}),  # the total one too many
])
def test_a_row_that_balances_in_no_way_is_read_the_nearest_way(row, written, wrong):
    data = consistent("2021", results={"disclosed": [22, 0, 0, 0, 0, 0], "partial": [19, 1, 0, 0, 0, 0]},
                      carried=[0] * 6)
    data["applications"][row].update(wrong)
    reading = read(render_crawler(data))
    assert reading.data["applications"][row] == data["applications"][row]
    assert reading.data["applications"]["partial"] == data["applications"]["partial"]  # 191000020, settled by the columns
    found = check_report(build_report("nb.crawler.txt", reading), load_rules())
    assert {d.code for d in found if d.severity.label == "error"} <= {"A001", "A002", "A003", "A006"}
    # an A002 folded under the wrong cell (A006) names no value for a total the diagnosis finds right
    assert all(d.actual in (22, 23, 82, 0, None) for d in found if d.code == "A002")
    assert all(d.path[:2] == ("applications", row) for d in found if d.code == "A006")  # the wrong cell is in that row


def test_the_last_row_before_prose_is_kept_when_a_heading_is_lost():
    data = consistent("2021", review=(1, 1, 0, 0), direct=(4, 0, 0, 1), after=(1, 0, 1, 0))
    reading = read(render_crawler(data).replace("五、存在的主要问题及改进情况", ""))
    assert reading.data["review_litigation"] == data["review_litigation"]


def test_a_crawler_that_breaks_the_line_before_every_numbered_label():
    data = consistent("2021", results={"disclosed": [22, 0, 0, 0, 0, 0], "partial": [19, 1, 0, 0, 0, 0]},
                      carried=[0] * 6)
    header, body = render_crawler(data).split(" 正文 " + "=" * 20 + "\n", 1)
    body = re.sub(r"([一二三四五六]、)", r"\n\1", body)
    reading = read(header + " 正文 " + "=" * 20 + "\n" + body)
    assert reading.data["applications"] == data["applications"]
    assert reading.data["review_litigation"] == data["review_litigation"]


def test_a_late_report_points_at_the_header_line_that_dates_it():
    data = consistent("2021", year=2023)
    reading = read(render_crawler(data, published="2024-05-06 09:00"))
    found = [d for d in check_report(build_report("nb.crawler.txt", reading), load_rules()) if d.code == "W008"]
    assert found and found[0].location.line == 2 and "2024-05-06" in found[0].message


def test_the_json_output_keeps_where_the_report_was_published(tmp_path):
    import json

    from reports import run_cli

    path = tmp_path / "report.txt"
    path.write_text(render_crawler(consistent("2021")), encoding="utf-8")
    entry = json.loads(run_cli("check", "-f", "json", str(path)).stdout)["files"][0]
    assert entry["source"] == "https://www.example.gov.cn/zwgk/nb/t20240305_1.htm" and entry["form"] == "crawler"


@pytest.mark.parametrize("names", [
    {"标题: ": "Title: ", "发布时间: ": "Date: ", "原文链接: ": "URL: ", "栏目: ": "Channel: ", "文号: ": "Doc No: ",
     " 正文 ": " Content "},
    {"标题: ": "【标题】", "发布时间: ": "【发布时间】", "原文链接: ": "【原文链接】", "栏目: ": "【栏目】"},
])
def test_a_header_in_english_or_in_brackets_gives_the_same_title_date_and_address(names):
    data = consistent("2021", year=2023)
    page = render_crawler(data)
    for chinese, other in names.items():
        page = page.replace(chinese, other, 1)
    reading = read(page)
    assert reading.form == "crawler"
    assert reading.data["agency"] == "江北市示例局" and reading.data["title"] == data["title"]
    assert reading.data["published"] == "2024-03-05"
    assert reading.data["source"].startswith("https://www.example.gov.cn/")
    assert reading.data["applications"] == read(render_crawler(data)).data["applications"]


@pytest.mark.parametrize("label", ["标题：", "Title: ", "【标题】"])
def test_a_title_written_after_its_field_name_names_the_agency_without_it(label):
    data = consistent("2021", year=2023)
    text = render_crawler(data).split("=" * 20 + " 正文 " + "=" * 20 + "\n", 1)[1]
    reading = read(f"{label}{data['title']}\n\n{text}", name="报告.txt")
    assert reading.data["agency"] == "江北市示例局" and reading.data["title"] == data["title"]


@pytest.mark.parametrize("marker", ["【正文】\n", "Content:\n", "content: ", "正文：\n"])
def test_a_body_field_ends_the_header_with_no_blank_line_after_it(marker):
    """【正文】 or content: as a field of the header, the text on the next line or on its own: the
    header's date and address are kept (a late report is told, W008)."""
    data = consistent("2021", year=2023)
    page = render_crawler(data, published="2024-05-10 09:00", source="http://www.example.gov.cn/late.htm")
    header, body = page.split("=" * 20 + " 正文 " + "=" * 20 + "\n", 1)
    header = "\n".join(line for line in header.split("\n") if line.startswith(("标题", "发布时间", "原文链接")))
    reading = read(f"{header}\n{marker}{body}")
    assert reading.form == "crawler"
    assert reading.data["published"] == "2024-05-10" and reading.data["source"].endswith("/late.htm")
    assert reading.data["applications"] == read(render_crawler(data)).data["applications"]
    assert "W008" in codes(check_data(reading.data))


def test_an_address_under_another_name_is_taken_where_it_is_an_address():
    data = consistent("2021", year=2023)
    page = render_crawler(data).replace("原文链接: ", "【来源】", 1).replace("标题: ", "【标题】", 1)
    assert read(page).data["source"].startswith("https://www.example.gov.cn/")


def test_a_header_listing_the_attachment_names_it_where_the_page_only_points_to_it():
    page = ("标题: 江北市示例局2023年政府信息公开工作年度报告\n发布时间: 2024-01-20\n原文链接: http://www.example.gov.cn/1.htm\n"
            "附件: /upload/江北市示例局2023年年报.pdf\n" + "=" * 20 + " 正文 " + "=" * 20 + "\n详见附件。\n")
    reading = read(page)
    assert not reading.recognised and "江北市示例局2023年年报.pdf" in reading.problems[0].message
