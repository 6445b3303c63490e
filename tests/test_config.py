"""Configuration files, suppressions with reasons, --fix/--diff: end to end through the command."""

import json
import textwrap

import yaml
from reports import consistent, run_cli, with_cell


def write_report(folder, name="report.yaml", data=None):
    path = folder / name
    path.write_text(yaml.safe_dump(data or consistent("2021"), allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def codes_of(result) -> list:
    return sorted(d["code"] for f in json.loads(result.stdout)["files"] for d in f["diagnostics"])


def test_pyproject_table_found_walking_up(tmp_path):
    (tmp_path / "pyproject.toml").write_text(textwrap.dedent("""\
        [project]
        name = "reports"
        [tool.xxgk-lint]
        ignore = ["S007"]
        severity = {A004 = "warning"}
        """), encoding="utf-8")
    folder = tmp_path / "2023" / "部门"
    folder.mkdir(parents=True)
    data = with_cell(consistent("2021"), ("applications", "np_repeat", "legal"), "/")
    data = with_cell(data, ("review_litigation", "review", "total"), 9)
    path = write_report(folder, data=data)
    result = run_cli("check", "-f", "json", str(path))
    diagnostics = json.loads(result.stdout)["files"][0]["diagnostics"]
    # A007: table 四 alone cannot tell whether the total or a part is wrong
    assert [(d["code"], d["severity"]) for d in diagnostics] == [("A004", "warning"), ("A007", "info")]
    assert result.returncode == 0  # a warning does not fail by default
    assert run_cli("check", "--select", "S007", str(path)).returncode == 0  # the command line overrides
    assert "S007" in codes_of(run_cli("check", "-f", "json", "--select", "S007", str(path)))


def test_dot_toml_fail_on_and_per_file_ignores(tmp_path):
    (tmp_path / ".xxgk-lint.toml").write_text(textwrap.dedent("""\
        fail-on = "warning"
        [per-file-ignores]
        "drafts/*" = ["S", "W"]
        """), encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    data = with_cell(consistent("2021"), ("applications", "np_repeat", "legal"), "/")
    draft = write_report(tmp_path / "drafts", data=data)
    final = write_report(tmp_path, data=data)
    assert run_cli("check", str(draft)).returncode == 0
    assert run_cli("check", str(final)).returncode == 1  # S007 is a warning, and fail-on is warning


def test_yaml_config_forces_year_for_files_without_one(tmp_path):
    (tmp_path / ".xxgk-lint.yaml").write_text("year: 2023\nedition: '2021'\n", encoding="utf-8")
    data = consistent("2021")
    del data["year"]
    path = write_report(tmp_path, data=data)
    result = run_cli("check", "-f", "json", str(path))
    assert json.loads(result.stdout)["files"][0]["year"] == 2023
    assert "S002" not in codes_of(result)


def test_unknown_keys_and_codes_are_errors(tmp_path):
    (tmp_path / ".xxgk-lint.toml").write_text('selekt = ["A"]\n', encoding="utf-8")
    path = write_report(tmp_path)
    result = run_cli("check", str(path))
    assert result.returncode == 2 and "selekt" in result.stderr.decode()
    assert "是不是要用“select”" in result.stderr.decode()  # a typo is answered as on the command line
    (tmp_path / ".xxgk-lint.toml").write_text('ignore = ["Q999"]\n', encoding="utf-8")
    result = run_cli("check", str(path))
    assert result.returncode == 2 and "Q999" in result.stderr.decode()
    (tmp_path / ".xxgk-lint.toml").write_text('fail-on = "sometimes"\n', encoding="utf-8")
    assert run_cli("check", str(path)).returncode == 2


def test_config_command_shows_sources(tmp_path):
    (tmp_path / ".xxgk-lint.toml").write_text('ignore = ["S007"]\n', encoding="utf-8")
    result = run_cli("config", str(tmp_path))
    text = result.stdout.decode()
    assert result.returncode == 0
    assert ".xxgk-lint.toml" in text
    ignore_line = next(line for line in text.splitlines() if line.strip().startswith("ignore"))
    assert '["S007"]' in ignore_line and ".xxgk-lint.toml" in ignore_line
    fail_line = next(line for line in text.splitlines() if line.strip().startswith("fail-on"))
    assert "默认" in fail_line


def test_config_command_on_a_folder_that_is_not_there_says_so(tmp_path):
    result = run_cli("config", str(tmp_path / "2023年报"))
    assert result.returncode == 2 and result.stdout == b""
    assert "2023年报：没有这个文件或文件夹" in result.stderr.decode("utf-8")


def test_inline_suppression_with_reason_counts_but_hides(tmp_path):
    data = with_cell(consistent("2021"), ("review_litigation", "review", "total"), 9)
    path = write_report(tmp_path, data=data)
    text = path.read_text(encoding="utf-8").replace(
        "    total: 9\n", "    total: 9  # xxgk-lint: ignore[A004] 含 9 件撤回的复议申请，经复核按 9 件统计\n")
    path.write_text(text, encoding="utf-8")
    result = run_cli("check", "-f", "json", str(path))
    entry = json.loads(result.stdout)["files"][0]
    assert entry["diagnostics"] == []
    assert [(d["code"], d["reason"]) for d in entry["suppressed"]] == [("A004", "含 9 件撤回的复议申请，经复核按 9 件统计")]
    assert json.loads(result.stdout)["summary"]["suppressed"] == 1
    assert result.returncode == 0
    console = run_cli("check", str(path)).stdout.decode()
    assert "1 个问题已按忽略注释略过" in console


def test_stale_or_reasonless_suppression_is_reported(tmp_path):
    path = write_report(tmp_path)
    text = path.read_text(encoding="utf-8")
    text = text.replace("    total: 0\n", "    total: 0  # xxgk-lint: ignore[A004] 旧的忽略\n", 1)
    text = text.replace("year: 2023\n", "year: 2023  # xxgk-lint: ignore[W001]\n")
    path.write_text(text, encoding="utf-8")
    result = run_cli("check", "-f", "json", str(path))
    s010 = [d for d in json.loads(result.stdout)["files"][0]["diagnostics"] if d["code"] == "S010"]
    assert len(s010) == 2
    assert any("没有写明原因" in d["message"] for d in s010) and any("没有匹配任何问题" in d["message"] for d in s010)


def test_sidecar_suppression_for_documents(tmp_path):
    from forms import render_html

    data = with_cell(consistent("2021"), ("review_litigation", "review", "total"), 9)
    page = tmp_path / "report.html"
    page.write_bytes(render_html(data))
    assert "A004" in codes_of(run_cli("check", "-f", "json", str(page)))
    (tmp_path / "report.html.xxgk-lint.yaml").write_text(textwrap.dedent("""\
        suppressions:
          - code: A004
            cell: review_litigation.review.total
            reason: 含撤回的复议申请，经复核按 9 件统计
          - code: A001
            reason: 过时的条目
        """), encoding="utf-8")
    result = run_cli("check", "-f", "json", str(page))
    entry = json.loads(result.stdout)["files"][0]
    assert [d["code"] for d in entry["suppressed"]] == ["A004"]
    assert [d["code"] for d in entry["diagnostics"]] == ["S010"]
    assert "report.html.xxgk-lint.yaml 第5行" in entry["diagnostics"][0]["message"]
    assert page.read_bytes() == render_html(data)  # documents are never written


def test_fix_and_diff_rewrite_only_derived_totals(tmp_path):
    data = consistent("2021", results={"disclosed": [3, 1, 0, 0, 0, 0]}, carried=[0] * 6, review=(2, 1, 0, 0))
    data = with_cell(data, ("applications", "disclosed", "total"), 5)  # the parts say 4
    data = with_cell(data, ("review_litigation", "review", "total"), 0)  # the parts say 3
    path = write_report(tmp_path, data=data)
    text = path.read_text(encoding="utf-8")
    text = "# 本局 2023 年报（草稿）\n" + text.replace("agency:", "# 机关\nagency:")
    path.write_text(text, encoding="utf-8")
    shown = run_cli("check", "--diff", str(path))
    assert "-    total: 5" in shown.stdout.decode() and "+    total: 4" in shown.stdout.decode()
    assert path.read_text(encoding="utf-8") == text  # --diff writes nothing
    result = run_cli("check", "--fix", "-f", "json", str(path))
    assert json.loads(result.stdout)["files"][0]["diagnostics"] == []
    assert result.returncode == 0
    after = path.read_text(encoding="utf-8")
    assert after.startswith("# 本局 2023 年报（草稿）\n") and "# 机关\nagency:" in after
    changed = [(a, b) for a, b in zip(text.splitlines(), after.splitlines()) if a != b]
    assert len(changed) == 2 and len(text.splitlines()) == len(after.splitlines())


def test_fix_changes_the_wrong_part_and_leaves_the_totals_alone(tmp_path):
    data = consistent("2021")
    data = with_cell(data, ("applications", "disclosed", "natural"), 9)  # a part (3), not a total
    path = write_report(tmp_path, data=data)
    before = path.read_text(encoding="utf-8")
    run_cli("check", "--fix", str(path))
    after = path.read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert len(changed) == 1 and changed[0][0].replace("9", "3") == changed[0][1]


def test_fix_never_writes_documents(tmp_path):
    from forms import render_html

    data = with_cell(consistent("2021"), ("applications", "disclosed", "total"), 9)  # one answer: 4
    page = tmp_path / "report.html"
    page.write_bytes(render_html(data))
    result = run_cli("check", "--fix", str(page))
    assert "不会被修改" in result.stderr.decode()
    assert page.read_bytes() == render_html(data)


def test_all_selects_and_ignores_every_rule(tmp_path):
    data = with_cell(consistent("2021"), ("review_litigation", "review", "total"), 9)
    path = write_report(tmp_path, data=data)
    assert codes_of(run_cli("check", "-f", "json", "--ignore", "ALL", str(path))) == []
    assert codes_of(run_cli("check", "-f", "json", "--select", "ALL", "--ignore", "A", str(path))) == []
    assert codes_of(run_cli("check", "-f", "json", "--select", "ALL", str(path))) == ["A004", "A007"]
    (tmp_path / ".xxgk-lint.toml").write_text('ignore = ["ALL"]\n', encoding="utf-8")  # in a config file too
    assert codes_of(run_cli("check", "-f", "json", str(path))) == []


def test_a_broken_configuration_file_is_named_with_its_place_in_chinese(tmp_path):
    report = tmp_path / "报告.yaml"
    report.write_text(yaml.safe_dump(consistent(), allow_unicode=True), encoding="utf-8")
    for name, text, place in ((".xxgk-lint.toml", 'ignore = = ["W001"]\n', "第1行第10列附近：值要加引号"),
                              (".xxgk-lint.toml", 'ignore = ["W001"\n', "文件末尾：方括号 [ ] 没有闭合"),
                              (".xxgk-lint.toml", 'ignore = ["W001]\n', "第1行第17列附近：引号没有闭合"),
                              (".xxgk-lint.toml", 'ignore = ["A"]\nignore = ["B"]\n', "同一个名称写了两次"),
                              (".xxgk-lint.yaml", "ignore: [W001\nfail-on: error\n", "方括号 [ ] 没有闭合")):
        for old in tmp_path.glob(".xxgk-lint.*"):
            old.unlink()
        (tmp_path / name).write_text(text, encoding="utf-8")
        completed = run_cli("check", str(report))
        error = completed.stderr.decode("utf-8")
        assert completed.returncode == 2 and name in error and "语法错误" in error and place in error, error
        said = error.split("语法错误", 1)[1]
        for example in ("W001", "true/false"):  # the hint's own examples of what to write
            said = said.replace(example, "")
        assert not any("a" <= c.lower() <= "z" for c in said), error  # not tomllib's or PyYAML's English


def test_wording_data_and_a_side_file_with_a_syntax_error_say_where_in_chinese(tmp_path):
    wording = tmp_path / "措辞"
    wording.mkdir()
    (wording / "本省.yaml").write_text("phrases:\n\t- 考核\n", encoding="utf-8")
    report = write_report(tmp_path)
    completed = run_cli("check", str(report), "--wording", str(wording))
    error = completed.stderr.decode("utf-8")
    assert completed.returncode == 2 and "本省.yaml：不是合法的 YAML（第2行第1列：" in error and "scanning" not in error

    side = tmp_path / (report.name + ".xxgk-lint.yaml")
    side.write_text("suppressions:\n  - code: 'W001\n", encoding="utf-8")
    completed = run_cli("check", str(report))
    error = completed.stderr.decode("utf-8")
    assert "不是合法的 YAML（第2行第11列：这里开始的引号没有闭合）" in error and "scanning" not in error, error


def test_levels_may_be_written_as_the_output_says_them(tmp_path):
    """severity = { W004 = "错误" }, fail-on = "警告": the words a clerk reads in the output."""
    (tmp_path / ".xxgk-lint.toml").write_text('severity = { W001 = "错误" }\nfail-on = "错误"\n', encoding="utf-8")
    path = write_report(tmp_path, data=with_cell(consistent("2021"), ("title",), "年报"))
    result = run_cli("check", str(path), "-f", "json")
    (title,) = [d for d in json.loads(result.stdout)["files"][0]["diagnostics"] if d["code"] == "W001"]
    assert title["severity"] == "error" and result.returncode == 1
    (tmp_path / ".xxgk-lint.toml").write_text('severity = { W001 = "严重" }\n', encoding="utf-8")
    result = run_cli("check", str(path))
    error = result.stderr.decode("utf-8")
    assert result.returncode == 2 and "{W001 = “严重”}" in error and "{'W001'" not in error
