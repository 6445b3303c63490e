"""Screening a region: a folder of reports in mixed forms, every output format, cross-report
rules, the baseline round trip and the exit code."""

import copy
import csv
import io
import json
import os
import pathlib
import re

import pytest
import yaml
from forms import render_html, render_text
from reports import consistent, run_cli, with_cell

SARIF_SCHEMA = pathlib.Path(__file__).resolve().parents[2] / "shared" / "spec" / "sarif-schema-2.1.0.json"
AGENCIES = ["江北市教育局", "江北市民政局", "江北市财政局", "江北市交通运输局", "江北市卫生健康委员会",
            "江北市市场监督管理局", "江北市应急管理局", "江北市医疗保障局", "江北市退役军人事务局",
            "江北市体育局", "江北市统计局", "江北市人民政府"]


def agency_report(agency: str, year: int, carried: list, carry_forward: list) -> dict:
    data = consistent("2021", results={"disclosed": [4, 1, 0, 0, 0, 0], "unable_not_held": [2, 0, 0, 0, 0, 0]},
                      carried=carried, carry_forward=carry_forward, review=(1, 0, 0, 0), year=year)
    data["agency"] = agency
    data["title"] = f"{agency}{year}年政府信息公开工作年度报告"
    # a narrative of its own each year, so that only the copied one looks copied
    data["sections"]["overview"] = (f"{year}年，{agency}推进政务公开标准化建设。" f"本年度组织培训{year - 2000}次，"
                                    f"更新栏目{year - 1990}个。{agency}完成{year}年度重点任务。"
                                    f"{agency}在{year}年加强政策解读。{agency}{year}年新增公开目录。"
                                    f"{agency}将政务公开纳入{year}年度绩效考核，开展社会评议，未发生责任追究情况。")
    return data


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    """Two years of reports from a dozen agencies, as a supervising office receives them."""
    folder = tmp_path_factory.mktemp("region")
    forms = ["yaml", "html", "txt"]
    expected = {}
    for index, agency in enumerate(AGENCIES):
        previous = agency_report(agency, 2022, carried=[1, 0, 0, 0, 0, 0], carry_forward=[2, 0, 0, 0, 0, 0])
        this = agency_report(agency, 2023, carried=[2, 0, 0, 0, 0, 0], carry_forward=[0, 0, 0, 0, 0, 0])
        codes = set()
        if agency == "江北市民政局":  # carried over 3, but last year carried forward 2 → X001
            this = agency_report(agency, 2023, carried=[3, 0, 0, 0, 0, 0], carry_forward=[1, 0, 0, 0, 0, 0])
            codes |= {"X001"}
        if agency == "江北市财政局":  # an arithmetic slip
            this = with_cell(this, ("review_litigation", "review", "total"), 0)
            codes |= {"A004", "A007"}  # the total 0, or a part: table 四 alone cannot tell
        if agency == "江北市统计局":  # last year's narrative, copied → X003
            this["sections"]["overview"] = previous["sections"]["overview"]
            this["sections"]["problems"] = previous["sections"]["problems"]
            codes |= {"X003"}
        for year, data in ((2022, previous), (2023, this)):
            form = forms[(index + year) % 3]
            name = folder / f"{year}" / f"{index:02d}.{ 'yaml' if form == 'yaml' else form}"
            name.parent.mkdir(exist_ok=True)
            if form == "yaml":
                name.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
            elif form == "html":
                name.write_bytes(render_html(data, encoding="gbk", chrome=True))
            else:
                name.write_text(render_text(data), encoding="utf-8")
            expected[str(name)] = codes if year == 2023 else set()
    (folder / "2023" / "broken.html").write_bytes(b"<html>\xff\xff\xff</html>")  # neither UTF-8 nor GB18030
    (folder / "2023" / "notice.txt").write_text("关于召开会议的通知\n\n各单位：定于下周一开会。\n", encoding="utf-8")
    (folder / "2023" / "readme.docx.bak").write_text("ignored: not a supported kind", encoding="utf-8")
    groups = tmp_path_factory.mktemp("office") / "groups.yaml"
    groups.write_text(yaml.safe_dump({"江北市人民政府": ["江北市教育局", "江北市体育局"]}, allow_unicode=True),
                      encoding="utf-8")
    return folder, expected, groups


def codes_by_file(document) -> dict:
    return {f["path"]: {d["code"] for d in f["diagnostics"]} for f in document["files"]}


def test_json_over_the_region(region):
    folder, expected, groups = region
    result = run_cli("check", "-f", "json", "--jobs", "2", "--groups", str(groups), str(folder))
    document = json.loads(result.stdout)
    assert result.returncode == 1
    summary = document["summary"]
    assert (summary["files"], summary["unreadable"]) == (26, 1)
    found = codes_by_file(document)
    for path, codes in expected.items():
        assert found[path] - {"X004"} == codes, path
    assert found[str(folder / "2023" / "notice.txt")] == {"S001"}
    government = next(f for f in document["files"] if f["agency"] == "江北市人民政府" and f["year"] == 2023)
    x004 = [d for d in government["diagnostics"] if d["code"] == "X004"]
    assert x004 and all(d["severity"] == "info" for d in x004)
    assert x004[0]["expected"] != x004[0]["actual"]
    broken = next(f for f in document["files"] if f["path"].endswith("broken.html"))
    assert broken["error"]
    assert "broken.html" in result.stderr.decode()
    # results come in a stable order, whatever the number of workers
    single = json.loads(run_cli("check", "-f", "json", "--jobs", "1", "--groups", str(groups), str(folder)).stdout)
    assert [f["path"] for f in single["files"]] == [f["path"] for f in document["files"]]
    assert codes_by_file(single) == found


def test_x001_names_both_years(region):
    folder, _, _ = region
    document = json.loads(run_cli("check", "-f", "json", str(folder)).stdout)
    entry = next(f for f in document["files"] if f["agency"] == "江北市民政局" and f["year"] == 2023)
    x001 = [d for d in entry["diagnostics"] if d["code"] == "X001"]
    assert [(d["location"]["field"], d["expected"], d["actual"]) for d in x001] == [
        ("applications.carried_over.natural", 2, 3), ("applications.carried_over.total", 2, 3)]
    assert "2022 年度报告" in x001[0]["message"]
    copied = next(f for f in document["files"] if f["agency"] == "江北市统计局" and f["year"] == 2023)
    (x003,) = [d for d in copied["diagnostics"] if d["code"] == "X003"]
    assert "100%" in x003["message"]


def test_jsonl_csv_github(region):
    folder, _, _ = region
    lines = run_cli("check", "-f", "jsonl", str(folder)).stdout.decode().strip().split("\n")
    records = [json.loads(line) for line in lines]
    assert {r["code"] for r in records} >= {"A004", "X001", "X003", "S001"}
    assert all(r["file"] and "severity" in r for r in records)
    assert sum(1 for r in records if r.get("unreadable")) == 1

    text = run_cli("check", "-f", "csv", str(folder)).stdout.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:6] == ["文件", "机关", "年度", "格式版本", "代码", "级别"]
    assert any(r[4] == "A004" and r[1] == "江北市财政局" and r[10] == "1" and r[11] == "0" for r in rows[1:])

    github = run_cli("check", "-f", "github", str(folder)).stdout.decode().splitlines()
    assert any(line.startswith("::error file=") and "A004" in line and ",line=" in line for line in github)
    assert any(line.startswith("::warning file=") and "X003" in line for line in github)


def test_sarif_is_valid_against_the_official_schema(region):
    import jsonschema

    folder, _, _ = region
    document = json.loads(run_cli("check", "-f", "sarif", str(folder)).stdout)
    if not SARIF_SCHEMA.exists():
        pytest.skip("the shared SARIF schema is not present")
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validators.validator_for(schema)(schema).validate(document)
    run = document["runs"][0]
    assert run["tool"]["driver"]["name"] == "xxgk-lint"
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    results = run["results"]
    assert {r["ruleId"] for r in results} >= {"A004", "X001", "X003", "S001"}
    assert all(rule_ids[r["ruleIndex"]] == r["ruleId"] for r in results)
    assert all(r["partialFingerprints"]["xxgkLint/v1"] for r in results)
    a004 = next(r for r in results if r["ruleId"] == "A004")
    assert a004["level"] == "error" and a004["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1


def test_sarif_names_files_by_uri(tmp_path):
    """artifactLocation.uri is a URI, not a file path: below the folder the check ran in, relative to
    %SRCROOT% (percent-encoded, as a URI must be); elsewhere, an absolute file:// URI."""
    import jsonschema

    inside = tmp_path / "报告" / "江北 2023.yaml"
    inside.parent.mkdir()
    broken = with_cell(consistent("2021"), ("applications", "disclosed", "total"), 99)
    inside.write_text(yaml.safe_dump(broken, allow_unicode=True), encoding="utf-8")
    elsewhere = tmp_path.parent / f"{tmp_path.name}-elsewhere.yaml"
    elsewhere.write_text(yaml.safe_dump(broken, allow_unicode=True), encoding="utf-8")
    try:
        document = json.loads(run_cli("check", "-f", "sarif", "报告", str(elsewhere), cwd=tmp_path).stdout)
    finally:
        elsewhere.unlink()
    run = document["runs"][0]
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": tmp_path.as_uri() + "/"}}
    places = {json.dumps(r["locations"][0]["physicalLocation"]["artifactLocation"], ensure_ascii=False)
              for r in run["results"]}
    assert places == {json.dumps({"uri": "%E6%8A%A5%E5%91%8A/%E6%B1%9F%E5%8C%97%202023.yaml", "uriBaseId": "%SRCROOT%"}),
                      json.dumps({"uri": elsewhere.as_uri()})}
    if SARIF_SCHEMA.exists():
        schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
        jsonschema.validators.validator_for(schema)(schema).validate(document)


def test_xlsx_workbook(region, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    folder, _, _ = region
    path = tmp_path / "结果.xlsx"
    assert run_cli("check", "-f", "xlsx", "-o", str(path), str(folder)).returncode == 1
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["汇总", "全部问题"]
    summary = list(book["汇总"].values)
    assert summary[0][:6] == ("机关", "年度", "格式版本", "错误", "警告", "提示")
    assert summary[1][6] == "是"  # the unreadable file comes first: worst first
    finance = next(r for r in summary if r[0] == "江北市财政局" and r[1] == 2023)
    assert finance[3] == 1 and finance[7].startswith("A004")
    findings = list(book["全部问题"].values)
    assert len(findings) - 1 == sum(1 for _ in findings[1:])
    assert any(r[4] == "X001" and r[1] == "江北市民政局" for r in findings[1:])
    assert run_cli("check", "-f", "xlsx", str(folder)).returncode == 2  # needs -o


def test_console_summary_and_statistics(region):
    folder, _, _ = region
    out = run_cli("check", str(folder)).stdout.decode()
    assert "各机关检查结果" in out
    # each file's block is shown with the findings across reports in it (X001 with its pair), not
    # first without them and then overruled by a section below
    assert "跨报告检查" not in out and "X001" in out[:out.index("各机关检查结果")]
    assert out.index("江北市财政局") < out.index("江北市体育局")  # worst first
    summary = out[out.index("各机关检查结果"):]
    assert "文件" in summary  # each row names its file: two years of one agency are told apart
    assert re.search(r"2022/\d\d\.(yaml|html|txt)", summary) and re.search(r"2023/\d\d\.(yaml|html|txt)", summary)
    stats = run_cli("check", "--statistics", str(folder)).stdout.decode()
    assert "按规则统计" in stats and "X001" in stats and "上年结转" in stats
    assert "carried-over-continuity" not in stats  # slugs are for machines; a clerk reads what it checks
    document = json.loads(run_cli("check", "-f", "json", "--statistics", str(folder)).stdout)
    counts = {s["code"]: s["count"] for s in document["statistics"]}
    assert counts["X001"] == 2 and counts["A004"] == 1


def test_baseline_round_trip(region, tmp_path):
    folder, _, _ = region
    baseline = tmp_path / "baseline.json"
    first = run_cli("check", "--write-baseline", str(baseline), "-f", "json", str(folder))
    total = sum(len(f["diagnostics"]) for f in json.loads(first.stdout)["files"])
    assert len(json.loads(baseline.read_text(encoding="utf-8"))["fingerprints"]) == total
    again = json.loads(run_cli("check", "--baseline", str(baseline), "-f", "json", str(folder)).stdout)
    assert sum(len(f["diagnostics"]) for f in again["files"]) == 0
    assert again["summary"]["accepted"] == total
    # a new problem in a report is reported; lines moving does not make old ones new
    target = next(p for p in sorted((folder / "2023").glob("*.yaml")))
    original = target.read_text(encoding="utf-8")
    data = yaml.safe_load(original)
    data = with_cell(data, ("applications", "np_repeat", "legal"), 9)
    target.write_text("# 新增一行注释，所有行号都变了\n" + yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    try:
        later = run_cli("check", "--baseline", str(baseline), "-f", "json", str(folder))
        new = [(f["path"], d["code"]) for f in json.loads(later.stdout)["files"] for d in f["diagnostics"]]
        assert sorted(new) == [(str(target), "A002"), (str(target), "A003"), (str(target), "A006")]
        assert later.returncode == 1
    finally:
        target.write_text(original, encoding="utf-8")


def test_a_baseline_keeps_apart_two_reports_of_one_agency_and_year(tmp_path):
    """A draft beside the final (same agency, same year): a finding accepted in one must not hide the
    same finding newly made in the other, and the baseline holds every finding once."""
    import shutil

    defects = pathlib.Path(__file__).resolve().parent.parent / "examples" / "report-2021-defects.yaml"
    folder = tmp_path / "2023"
    folder.mkdir()
    shutil.copy(defects, folder / "定稿.yaml")
    clean = yaml.safe_load((pathlib.Path(__file__).resolve().parent.parent / "examples" / "report-2021-clean.yaml")
                           .read_text(encoding="utf-8"))
    draft = folder / "草稿.yaml"
    draft.write_text(yaml.safe_dump(clean, allow_unicode=True), encoding="utf-8")
    final = yaml.safe_load(defects.read_text(encoding="utf-8"))
    assert (final["agency"], final["year"]) == (clean["agency"], clean["year"])
    baseline = tmp_path / "基线.json"
    first = run_cli("check", "--write-baseline", str(baseline), "-f", "json", str(folder))
    total = sum(len(f["diagnostics"]) for f in json.loads(first.stdout)["files"])
    assert total and len(json.loads(baseline.read_text(encoding="utf-8"))["fingerprints"]) == total
    # the draft gets one of the final's accepted findings: a wrong 予以公开 total
    wrong = {d["location"]["field"] for f in json.loads(first.stdout)["files"] for d in f["diagnostics"]
             if d["code"] == "A006"}
    field = sorted(wrong)[0].split(".")
    changed = with_cell(clean, tuple(field), yaml.safe_load(defects.read_text(encoding="utf-8"))[field[0]][field[1]][field[2]])
    draft.write_text(yaml.safe_dump(changed, allow_unicode=True), encoding="utf-8")
    later = run_cli("check", "--baseline", str(baseline), "-f", "json", str(folder))
    new = [(pathlib.Path(f["path"]).name, d["code"]) for f in json.loads(later.stdout)["files"] for d in f["diagnostics"]]
    assert ("草稿.yaml", "A006") in new and later.returncode == 1


def test_include_exclude_and_list_file(region, tmp_path):
    folder, _, _ = region
    only_yaml = json.loads(run_cli("check", "-f", "json", "--include", "*.yaml", str(folder)).stdout)
    assert only_yaml["files"] and all(f["path"].endswith(".yaml") for f in only_yaml["files"])
    no_2022 = json.loads(run_cli("check", "-f", "json", "--exclude", "2022/*", str(folder)).stdout)
    assert all("/2023/" in f["path"] for f in no_2022["files"])
    listing = tmp_path / "list.txt"
    picked = sorted(str(p) for p in (folder / "2023").glob("0*.*"))[:3]
    listing.write_text("# 本次抽查\n" + "\n".join(picked) + "\n", encoding="utf-8")
    listed = json.loads(run_cli("check", "-f", "json", f"@{listing}").stdout)
    assert [f["path"] for f in listed["files"]] == picked


def test_a_slow_file_times_out_and_the_batch_goes_on(tmp_path, monkeypatch):
    """A file that never finishes (a test rule hangs on its agency) is cut off at --timeout; the
    limit is generous for the others, so the test does not depend on the machine's speed."""
    from worker_hazards import HANG

    slow = consistent("2021")
    slow["agency"] = HANG
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "a-slow.yaml").write_text(yaml.safe_dump(slow, allow_unicode=True), encoding="utf-8")
    (tmp_path / "reports" / "b-ok.yaml").write_text(yaml.safe_dump(consistent("2021"), allow_unicode=True),
                                                    encoding="utf-8")
    (tmp_path / "hazards.toml").write_text('plugins = ["worker_hazards"]\n', encoding="utf-8")
    monkeypatch.setenv("XXGK_TEST_PIDFILE", str(tmp_path / "pid"))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(pathlib.Path(__file__).parent), os.environ.get("PYTHONPATH", "")]))
    result = run_cli("check", "-f", "json", "--timeout", "3", "--jobs", "1", "--config", str(tmp_path / "hazards.toml"),
                     str(tmp_path / "reports"))
    files = json.loads(result.stdout)["files"]
    assert "超时" in files[0]["error"] and files[1]["diagnostics"] == []
    assert result.returncode == 1


def test_x004_money_within_written_precision_and_configured_tolerance(tmp_path):
    def report(agency: str, fee: float) -> dict:
        data = consistent("2021")
        data["agency"], data["title"] = agency, f"{agency}2023年政府信息公开工作年度报告"
        data["proactive"]["item8"]["fees"]["amount"] = fee
        return data

    members = {"江北市教育局": 10.01, "江北市体育局": 20.02}
    for agency, fee in members.items():
        (tmp_path / f"{agency}.yaml").write_text(yaml.safe_dump(report(agency, fee), allow_unicode=True),
                                                encoding="utf-8")
    groups = tmp_path / "groups.yaml"
    groups.write_text(yaml.safe_dump({"江北市人民政府": list(members)}, allow_unicode=True), encoding="utf-8")
    government = tmp_path / "政府.yaml"

    def x004_fee(fee, *args):
        government.write_text(yaml.safe_dump(report("江北市人民政府", fee), allow_unicode=True), encoding="utf-8")
        document = json.loads(run_cli("check", "-f", "json", "--groups", str(groups), *args, str(tmp_path)).stdout)
        entry = next(f for f in document["files"] if f["agency"] == "江北市人民政府")
        return [d for d in entry["diagnostics"] if d["code"] == "X004" and "收费" in d["location"]["label"]]

    assert x004_fee(30.03) == []
    assert x004_fee(30.04) == []  # within three amounts' rounding (±0.015 万元)
    (found,) = x004_fee(30.10)
    assert found["actual"] == 30.1 and found["expected"] == 30.03
    (tmp_path / ".xxgk-lint.toml").write_text("money-tolerance = 0.1\n", encoding="utf-8")
    assert x004_fee(30.10) == []


def test_a_folder_is_listed_as_sorted_rglob_lists_it_and_kept_compactly(tmp_path, monkeypatch):
    """expand walks a folder one directory at a time (a batch of 100,000 never holds 100,000 Path
    objects) and FileList keeps the paths by folder; the order and the paths are those of
    sorted(rglob), with hidden entries, sidecars and unsupported files left out."""
    import os
    import pathlib

    from xxgk_lint.pipeline import FileList, expand
    from xxgk_lint.read import supported

    top = tmp_path / "报告"
    for name in ("b/1.yaml", "b.txt", "B/2.HTML", "a/z/3.docx", "a/y.pdf", ".hidden/4.yaml", "c/.5.yaml",
                 "c/6.xxgk-lint.yaml", "c/7.png", "c/八.txt", "c/d/e/f/9.json", "10.yaml"):
        (top / name).parent.mkdir(parents=True, exist_ok=True)
        (top / name).write_text("x", encoding="utf-8")
    (top / "link").symlink_to(top / "a", target_is_directory=True)  # rglob does not enter it
    fs = pathlib.Path(str(top) + "/")
    reference = [str(p) for p in sorted(fs.rglob("*")) if p.is_file() and supported(p)
                 and not p.name.endswith(".xxgk-lint.yaml")
                 and not any(part.startswith(".") for part in p.relative_to(fs).parts)]
    listed = list(expand([str(top) + "/"]))
    assert listed == reference and len(listed) == 8
    monkeypatch.chdir(top)
    assert list(expand(["."])) == [str(p) for p in sorted(pathlib.Path(".").rglob("*"))
                                   if str(p) in {os.path.relpath(r, top) for r in reference}]

    monkeypatch.setattr(FileList, "CHUNK", 3)  # several chunks in one folder, too
    kept = FileList(listed + ["-", "单独.yaml", "/abs/x.yaml"])
    assert list(kept) == listed + ["-", "单独.yaml", "/abs/x.yaml"]
    assert [kept[i] for i in range(len(kept))] == list(kept) and kept[-1] == "/abs/x.yaml" and len(kept) == 11
    with pytest.raises(IndexError):
        kept[11]


def test_data_files_in_a_folder_are_skipped_with_a_note_but_checked_when_named(tmp_path):
    """An office's folder holds its groups file and notes beside the reports: a YAML/JSON file with
    nothing of a report in it is not a defective report. Named on its own, it is still S001."""
    import shutil

    shutil.copy(pathlib.Path(__file__).resolve().parent.parent / "examples" / "report-2021-clean.yaml",
                tmp_path / "报告.yaml")
    (tmp_path / "分组.yaml").write_text("江北市人民政府:\n  - 江北市交通运输局\n", encoding="utf-8")
    (tmp_path / "说明.json").write_text('{"note": "2023 年报"}', encoding="utf-8")
    folder = run_cli("check", "-f", "json", str(tmp_path))
    assert folder.returncode == 0
    out = json.loads(folder.stdout)
    assert [f["path"] for f in out["files"]] == [str(tmp_path / "报告.yaml")]
    assert "跳过了文件夹中 2 个不含年度报告内容的 YAML/JSON 文件" in folder.stderr.decode("utf-8")
    named = run_cli("check", "-f", "json", str(tmp_path / "分组.yaml"))
    assert named.returncode == 1
    assert [d["code"] for d in json.loads(named.stdout)["files"][0]["diagnostics"]] == ["S001"]


def test_forms_a_folder_cannot_read_are_told_by_kind_not_passed_over_in_silence(tmp_path):
    """An agency sends its report as a zip, a scan or a spreadsheet: the office screening the folder
    must hear of it. Pictures and scripts a saved page brings with it are not such forms; a page a
    crawler saved under its address's own name (.aspx, .jsp) is read as a page."""
    import shutil

    from forms import render_html
    from reports import consistent

    shutil.copy(pathlib.Path(__file__).resolve().parent.parent / "examples" / "report-2021-clean.yaml",
                tmp_path / "报告.yaml")
    (tmp_path / "某局年报.zip").write_bytes(b"PK\x05\x06" + b"\x00" * 18)
    (tmp_path / "扫描件.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    (tmp_path / "附表").mkdir()
    (tmp_path / "附表" / "统计表.xlsx").write_bytes(b"PK\x03\x04")
    (tmp_path / "style.css").write_text("p { color: red }", encoding="utf-8")
    (tmp_path / "nb2023.aspx").write_bytes(render_html(consistent("2021")))
    folder = run_cli("check", "-f", "json", str(tmp_path))
    assert folder.returncode == 0
    assert sorted(pathlib.Path(f["path"]).name for f in json.loads(folder.stdout)["files"]) == ["nb2023.aspx", "报告.yaml"]
    told = folder.stderr.decode("utf-8")
    assert "文件夹中另有无法读取的格式，没有检查" in told
    for part in ("Excel/WPS 表格 1 个", "统计表.xlsx", "压缩包 1 个", "某局年报.zip", "图片 1 个", "扫描件.jpg"):
        assert part in told, part
    assert "style.css" not in told
    (tmp_path / "报告.yaml").unlink()
    (tmp_path / "nb2023.aspx").unlink()
    nothing = run_cli("check", str(tmp_path))
    assert nothing.returncode == 2
    assert "没有找到可检查的文件（文件夹中只有无法读取的格式：" in nothing.stderr.decode("utf-8")


@pytest.mark.parametrize("draft_name", ["a-草稿.yaml", "z-草稿.yaml"])
def test_a_draft_added_after_the_baseline_leaves_the_finals_findings_accepted(tmp_path, draft_name):
    """The baseline was written with the final alone; a draft of the same agency and year added
    later, whether its name sorts before or after the final's: the final's findings stay accepted,
    the draft's (the same findings) are new, and the console, JSON and counts agree."""
    import shutil

    defects = pathlib.Path(__file__).resolve().parent.parent / "examples" / "report-2021-defects.yaml"
    folder = tmp_path / "2023"
    folder.mkdir()
    shutil.copy(defects, folder / "m-定稿.yaml")
    baseline = tmp_path / "基线.json"
    first = run_cli("check", "--write-baseline", str(baseline), "-f", "json", str(folder))
    accepted = sum(len(f["diagnostics"]) for f in json.loads(first.stdout)["files"])
    assert accepted
    shutil.copy(defects, folder / draft_name)
    later = run_cli("check", "--baseline", str(baseline), "-f", "json", str(folder))
    files = {pathlib.Path(f["path"]).name: f for f in json.loads(later.stdout)["files"]}
    assert files["m-定稿.yaml"]["diagnostics"] == []
    assert len(files[draft_name]["diagnostics"]) == accepted and later.returncode == 1
    console = run_cli("check", "--baseline", str(baseline), str(folder)).stdout.decode()
    assert f"基线已接受 {accepted} 个" in console


def test_a_baseline_written_before_files_were_named_in_it_still_accepts(tmp_path):
    """A baseline from an earlier version (entries without a file name) accepts as it did."""
    import shutil

    defects = pathlib.Path(__file__).resolve().parent.parent / "examples" / "report-2021-defects.yaml"
    shutil.copy(defects, tmp_path / "报告.yaml")
    baseline = tmp_path / "基线.json"
    run_cli("check", "--write-baseline", str(baseline), str(tmp_path / "报告.yaml"))
    content = json.loads(baseline.read_text(encoding="utf-8"))
    for entry in content["fingerprints"].values():
        entry.pop("file")
    baseline.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    shutil.move(tmp_path / "报告.yaml", tmp_path / "改名.yaml")  # renamed, same agency and year
    again = run_cli("check", "--baseline", str(baseline), str(tmp_path / "改名.yaml"))
    assert again.returncode == 0, again.stdout.decode()


def test_a_group_member_without_a_report_is_told_not_passed_in_silence(tmp_path):
    for agency, new in (("江北市人民政府", 9), ("江北市教育局", 3)):
        data = consistent(results={"disclosed": [new, 0, 0, 0, 0, 0]}, year=2023)
        data["agency"] = agency
        (tmp_path / f"{agency}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    groups = tmp_path.parent / f"{tmp_path.name}-groups.yaml"
    groups.write_text(yaml.safe_dump({"江北市人民政府": ["江北市教育局", "江北市体育局"]}, allow_unicode=True),
                      encoding="utf-8")
    result = run_cli("check", "-f", "json", "--groups", str(groups), str(tmp_path))
    found = codes_by_file(json.loads(result.stdout))
    assert not any("X004" in codes for codes in found.values())  # a sum over part of the group means nothing
    told = result.stderr.decode()
    assert "江北市人民政府 2023 年度" in told and "江北市体育局" in told and "X004" in told
    assert "江北市教育局（" not in told  # only the one without a report is named

    # every member there: compared, and nothing to tell
    data = consistent(results={"disclosed": [2, 0, 0, 0, 0, 0]}, year=2023)
    data["agency"] = "江北市体育局"
    (tmp_path / "江北市体育局.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = run_cli("check", "-f", "json", "--groups", str(groups), str(tmp_path))
    assert "X004" not in result.stderr.decode()
    assert "X004" in codes_by_file(json.loads(result.stdout))[str(tmp_path / "江北市人民政府.yaml")]  # 9 against 3 + 2
