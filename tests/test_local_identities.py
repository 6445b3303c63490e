"""Identities from data (x-identities in a local schema file, xxgk_lint.local_identities): checked like the
schemas' own and part of the one diagnosis, through the real command, from --identities and from a
configuration file beside the reports."""

import json
import pathlib

import yaml
from reports import consistent, run_cli, with_cell

README = pathlib.Path(__file__).resolve().parents[1] / "README.md"


def readme_example() -> str:
    """The README's example (the first JSON block of its section on local identities), as a clerk copies it."""
    section = README.read_text(encoding="utf-8").split("### 本地勾稽关系（不写代码）", 1)[1]
    return section.split("```json\n", 1)[1].split("```", 1)[0]


# Table 四 of one province: 行政复议 and 直接起诉 are counted alike, column by column (no code: LI001).
SAME_AS_DIRECT_SUIT = {"x-edition": "2021", "x-identities": [
    {"name": "复议与直诉", "table": ["review_litigation"], "across": "columns", "left": ["review"],
     "right": ["direct_suit"]}]}


def write(folder, name: str, data) -> str:
    path = folder / name
    text = data if isinstance(data, str) else (json.dumps(data, ensure_ascii=False) if name.endswith(".json")
                                               else yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    path.write_text(text, encoding="utf-8")
    return str(path)


def findings(completed) -> list:
    return [d for f in json.loads(completed.stdout)["files"] for d in f["diagnostics"]]


def test_the_readme_example_is_checked_like_a_schema_identity(tmp_path):
    rules = write(tmp_path, "本省勾稽关系-2021.json", readme_example())
    report = write(tmp_path, "报告.yaml", with_cell(consistent(), ("proactive", "item1", "normative", "issued"), 9))
    assert "GD301" not in run_cli("check", report).stdout.decode()  # in_force 1 < issued 9, but nobody asked

    completed = run_cli("check", report, "--identities", rules, "-f", "json")
    (local,) = [d for d in findings(completed) if d["code"] == "GD301"]
    assert local["severity"] == "warning"
    assert local["location"]["field"] == "proactive.item1.normative.issued" and local["location"]["line"]
    assert (local["expected"], local["actual"]) == ("≤ 1", 9)
    assert "本年制发件数 为 9，大于现行有效件数 1" in local["message"]
    assert local["formula"] == "本年制发件数 ≤ 现行有效件数"
    (choice,) = [d for d in findings(completed) if d["code"] == "A007"]  # 9 → 1 or 1 → 9: nobody can tell
    assert "9 改为 1" in choice["message"] and "1 改为 9" in choice["message"]

    listed = run_cli("rules", "--identities", rules).stdout.decode()
    assert "GD301" in listed and "本省：本年制发件数不超过现行有效件数" in listed
    documented = run_cli("rule", "GD301", "--identities", rules).stdout.decode()
    assert "检查什么" in documented and "本年制发件数 ≤ 现行有效件数" in documented

    console = run_cli("check", report, "--identities", rules).stdout.decode()
    assert "警告 GD301" in console and "应为 ≤ 1，实际为 9" in console
    assert run_cli("check", report, "--identities", rules, "--ignore", "GD301,A007").returncode == 0
    assert "GD301" not in run_cli("check", report, "--identities", rules, "--ignore", "GD301").stdout.decode()


def test_an_identity_from_a_configuration_beside_the_reports_settles_which_cell_is_wrong(tmp_path):
    """Alone, table 四's 行政复议 (parts 5 + 1, 总计 3) could be wrong in its 总计 or in 结果维持; the
    province's identity (行政复议 = 直接起诉, column by column, 直接起诉 2 + 1 = 3) says 结果维持."""
    data = consistent(review=(2, 1, 0, 0), direct=(2, 1, 0, 0))
    data = with_cell(data, ("review_litigation", "review", "upheld"), 5)
    write(tmp_path, "a.yaml", data)
    write(tmp_path, "b.yaml", consistent())
    alone = findings(run_cli("check", str(tmp_path), "-f", "json"))
    assert "A007" in {d["code"] for d in alone} and "A006" not in {d["code"] for d in alone}

    write(tmp_path, "本省.json", SAME_AS_DIRECT_SUIT)
    (tmp_path / ".xxgk-lint.toml").write_text('identities = ["本省.json"]\n', encoding="utf-8")
    found = findings(run_cli("check", str(tmp_path), "-f", "json"))  # two files: worker processes
    (wrong,) = [d for d in found if d["code"] == "A006"]
    assert wrong["location"]["field"] == "review_litigation.review.upheld"
    assert (wrong["actual"], wrong["expected"]) == (5, 2)
    assert "LI001 结果维持列" in wrong["message"]
    (local,) = [d for d in found if d["code"] == "LI001"]
    assert local["explained_by"] == [{"code": "A006", "field": "review_litigation.review.upheld"}]

    run_cli("check", "--fix", str(tmp_path / "a.yaml"))
    fixed = yaml.safe_load((tmp_path / "a.yaml").read_text(encoding="utf-8"))
    assert fixed["review_litigation"]["review"]["upheld"] == 2


def test_a_wrong_entry_stops_the_run_with_one_chinese_line(tmp_path):
    report = write(tmp_path, "报告.yaml", consistent())
    cases = {
        "row.json": ({"x-edition": "2021", "x-identities": [
            {"code": "GD302", "table": ["applications"], "across": "columns", "left": ["total"], "right": ["totl"]}]},
            "第 1 条勾稽关系的 right 中 totl 不是这张表的行"),
        "family.json": ({"x-edition": "2021", "x-identities": [
            {"code": "A901", "table": ["applications"], "across": "rows", "left": ["total"], "right": ["natural"]}]},
            "S、A、W、X 留给内置规则"),
        "edition.json": ({"x-edition": "2020", "x-identities": []}, "x-edition 应为 2019或2021"),
        "table.json": ({"x-edition": "2019", "x-identities": [
            {"table": ["nowhere"], "across": "rows", "left": ["a"], "right": ["b"]}]}, "不是 2019 年版的表格"),
        "broken.json": ("{not json", "不是合法的 JSON"),
    }
    for name, (content, said) in cases.items():
        completed = run_cli("check", report, "--identities", write(tmp_path, name, content))
        error = completed.stderr.decode()
        assert completed.returncode == 2, name
        assert said in error and name in error and "Traceback" not in error, error
    missing = run_cli("check", report, "--identities", str(tmp_path / "没有.json"))
    assert missing.returncode == 2 and "勾稽关系文件无法读取" in missing.stderr.decode()
