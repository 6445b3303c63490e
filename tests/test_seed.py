"""The seed: a real 2020 report copied out of its web page (template.md §7 says what is wrong)."""

import json

from reports import run_cli

from xxgk_lint.read import read_file

SEED_TABLE_3 = {  # row → the seven columns as published
    "new": [1, 0, 0, 0, 0, 0, 1],
    "unable_not_held": [1, 0, 0, 0, 0, 0, 1],
    "total": [0, 0, 0, 0, 0, 0, 0],
}
COLUMNS = ["natural", "commercial", "research", "nonprofit", "legal", "other", "total"]


def test_seed_cells_read_as_published(seed_path):
    reading = read_file(str(seed_path))
    data = reading.data
    assert (data["edition"], data["year"], data["agency"]) == ("2019", 2020, "青岛市大数据发展管理局")
    assert data["title"] == "青岛市大数据发展管理局2020年度政府信息公开工作报告"
    table = data["applications"]
    assert len(table) == 23
    for row, values in table.items():
        assert [values[c] for c in COLUMNS] == SEED_TABLE_3.get(row, [0] * 7), row
    assert data["review_litigation"] == {g: {c: 0 for c in ("upheld", "corrected", "other", "pending", "total")}
                                         for g in ("review", "direct_suit", "suit_after_review")}
    assert data["proactive"] == {
        "item1": {"rules": {"new_made": 0, "new_published": 0, "total_published": 0},
                  "normative": {"new_made": 1, "new_published": 1, "total_published": 1}},
        "item5": {"licensing": {"last_year_items": 0, "change": 0, "decisions": 0},
                  "other_services": {"last_year_items": 0, "change": 0, "decisions": 0}},
        "item6": {"penalty": {"last_year_items": 0, "change": 0, "decisions": 0},
                  "coercion": {"last_year_items": 0, "change": 0, "decisions": 0}},
        "item8": {"fees": {"last_year_items": 0, "change": 0}},
        "item9": {"procurement": {"items": 43, "amount": 4858.33}},
    }
    assert set(data["sections"]) == {"overview", "proactive", "applications", "review_litigation", "problems"}


def test_seed_findings_are_exactly_those_template_md_lists(seed_path):
    result = run_cli("check", "-f", "json", str(seed_path))
    assert result.returncode == 1
    diagnostics = json.loads(result.stdout)["files"][0]["diagnostics"]
    serious = sorted((d["code"], d["location"].get("field", "")) for d in diagnostics
                     if d["severity"] in ("error", "warning"))
    assert serious == [
        ("A001", "applications.total.natural"), ("A001", "applications.total.total"),
        ("A003", "applications.total.natural"), ("A003", "applications.total.total"),
        ("S003", "sections.other"),
        ("W001", "title"),
    ]
    a003 = next(d for d in diagnostics if d["code"] == "A003")
    assert (a003["expected"], a003["actual"]) == (1, 0)
    assert a003["location"]["line"] == 337  # the （七）总计 row's 自然人 cell in the text file
    seed_lines = seed_path.read_text(encoding="utf-8").split("\n")
    assert seed_lines[336 - 1].strip() == "（七）总计"


def test_seed_saved_as_gbk_with_its_no_break_spaces_lost_reads_the_same(seed_path):
    """GBK has no no-break space: a copy saved as GBK writes each as ?, beside the numbers (0?)."""
    from reports import check_bytes

    from xxgk_lint.read import read_bytes

    text = seed_path.read_text(encoding="utf-8")
    assert "\u00a0" in text
    raw = text.replace("\u00a0", "?").encode("gb18030")
    assert b"0?" in raw
    as_gbk = read_bytes("seed-gbk.txt", raw)
    assert as_gbk.data["applications"] == read_file(str(seed_path)).data["applications"]
    assert as_gbk.data["proactive"] == read_file(str(seed_path)).data["proactive"]
    before = sorted(d.code for d in check_bytes(seed_path.read_bytes(), "seed.txt"))
    assert sorted(d.code for d in check_bytes(raw, "seed-gbk.txt")) == before
