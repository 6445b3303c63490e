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
        ("A006", "applications.total.natural"), ("A006", "applications.total.total"),
        ("S003", "sections.other"),
        ("W001", "title"),
    ]
    # one finding per wrong cell, with the value it must have; the identities it breaks folded under it
    wrong = [d for d in diagnostics if d["code"] == "A006"]
    assert [(d["location"]["field"], d["expected"], d["actual"]) for d in wrong] == [
        ("applications.total.natural", 1, 0), ("applications.total.total", 1, 0)]
    for d in diagnostics:
        if d["code"] in ("A001", "A003"):
            assert d["explained_by"] == [{"code": "A006", "field": d["location"]["field"]}]
            assert (d["expected"], d["actual"]) == (1, 0)
    a003 = next(d for d in diagnostics if d["code"] == "A003")
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


def test_seed_console_shows_two_wrong_cells_with_their_identities_beneath(seed_path):
    out = run_cli("check", str(seed_path)).stdout.decode()
    assert out.count("错误 A006") == 2
    assert "（七）总计 › 自然人 填的是 0，按勾稽关系应为 1（相差 -1）" in out
    assert out.count("└ 错误 A001") == 2 and out.count("└ 错误 A003") == 2
    assert "3 个错误" in out and "另有 4 个由错填的单元格引起" in out  # two wrong cells and S003; nothing twice


def test_seed_converted_and_fixed_has_no_arithmetic_finding(seed_path, tmp_path):
    converted = tmp_path / "seed.yaml"
    assert run_cli("convert", str(seed_path), "-o", str(converted)).returncode == 0
    fixing = run_cli("check", "--fix", str(converted))
    assert "已修正 2 个单元格" in fixing.stderr.decode()
    after = json.loads(run_cli("check", "-f", "json", str(converted)).stdout)["files"][0]["diagnostics"]
    assert [d["code"] for d in after if d["code"].startswith("A")] == []


def test_seed_sarif_keeps_the_folded_identities_with_their_reference(seed_path):
    results = json.loads(run_cli("check", "-f", "sarif", str(seed_path)).stdout)["runs"][0]["results"]
    folded = [r for r in results if r["ruleId"] in ("A001", "A003")]
    assert len(folded) == 4
    assert {r["properties"]["explained_by"][0]["field"] for r in folded} == {
        "applications.total.natural", "applications.total.total"}
    assert sum(1 for r in results if r["ruleId"] == "A006") == 2
