"""A folder an agency submits cannot take over the office's checker: a configuration file found
beside the reports may choose rules but cannot run code, cannot hide that rules were turned off,
and cannot make a check hang with a regular expression."""

import json
import os
import subprocess
import sys

import pytest
import yaml
from reports import consistent, run_cli, with_cell


def folder_with_report(tmp_path, config: str):
    folder = tmp_path / "submitted"
    folder.mkdir()
    (folder / ".xxgk-lint.toml").write_text(config, encoding="utf-8")
    report = folder / "report.yaml"
    data = with_cell(consistent("2021"), ("review_litigation", "review", "total"), 9)
    report.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return folder, report


def test_plugins_beside_the_reports_are_not_loaded(tmp_path):
    folder, report = folder_with_report(tmp_path, 'plugins = ["planted"]\n')
    marker = tmp_path / "ran.txt"
    (folder / "planted.py").write_text(f"open({str(marker)!r}, 'w').write('ran')\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "xxgk_lint", "check", str(report)], capture_output=True,
                            env={**os.environ, "PYTHONPATH": str(folder), "XDG_CONFIG_HOME": str(tmp_path / "cfg")},
                            timeout=120)
    assert not marker.exists()
    warnings = [line for line in result.stderr.decode().splitlines() if "没有加载" in line]
    assert len(warnings) == 1 and "planted" in warnings[0] and ".xxgk-lint.toml" in warnings[0]
    assert result.returncode == 1  # the report is still checked: A004


def test_plugins_from_the_users_own_configuration_are_loaded(tmp_path):
    folder, report = folder_with_report(tmp_path, "")
    own = tmp_path / "cfg" / "xxgk-lint"
    own.mkdir(parents=True)
    (own / "config.toml").write_text('plugins = ["mine"]\n', encoding="utf-8")
    modules = tmp_path / "modules"
    modules.mkdir()
    marker = tmp_path / "ran.txt"
    (modules / "mine.py").write_text(f"open({str(marker)!r}, 'w').write('ran')\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "xxgk_lint", "check", str(report)], capture_output=True, timeout=120,
                   env={**os.environ, "PYTHONPATH": str(modules), "XDG_CONFIG_HOME": str(tmp_path / "cfg")})
    assert marker.exists()


@pytest.mark.parametrize("config", ['plugins = ["os:system"]\n', 'plugins = ["os; import x"]\n'])
def test_a_plugin_that_is_not_a_module_path_is_a_clear_error(tmp_path, config):
    folder, report = folder_with_report(tmp_path, config)
    result = run_cli("check", "--config", str(folder / ".xxgk-lint.toml"), str(report))
    assert result.returncode == 2 and "导入路径" in result.stderr.decode()
    assert "Traceback" not in result.stderr.decode()
    result = run_cli("check", "--plugin", "os:system", str(report))
    assert result.returncode == 2 and "导入路径" in result.stderr.decode()


def test_ignore_all_is_said_after_the_results(tmp_path):
    folder, report = folder_with_report(tmp_path, 'ignore = ["ALL"]\n')
    result = run_cli("check", str(report))
    assert result.returncode == 0
    assert "没有运行任何规则" in result.stderr.decode() and ".xxgk-lint.toml" in result.stderr.decode()
    partly = folder_with_report(tmp_path / "b", 'ignore = ["A"]\n')[1] if (tmp_path / "b").mkdir() is None else None
    result = run_cli("check", "-f", "json", str(partly))
    assert "条没有运行" in result.stderr.decode()


@pytest.mark.parametrize("value", ['{"*.yaml" = 5}', '{"*.yaml" = [1, 2]}', '"A004"'])
def test_a_wrong_type_in_per_file_ignores_is_a_clear_error(tmp_path, value):
    folder, report = folder_with_report(tmp_path, f"per-file-ignores = {value}\n")
    result = run_cli("check", str(report))
    assert result.returncode == 2 and "per-file-ignores" in result.stderr.decode()
    assert "Traceback" not in result.stderr.decode()


def test_a_catastrophic_wording_regex_is_refused(tmp_path):
    folder, report = folder_with_report(tmp_path, 'wording = ["phrases"]\n')
    (folder / "phrases").mkdir()
    (folder / "phrases" / "local.yaml").write_text(yaml.safe_dump({"checks": [{
        "code": "LC001", "section": "overview", "summary": "本地检查", "must_not_mention": r"^(\S+\S+)+$",
        "examples": {"match": ["aaaa"], "no_match": ["a b"]}}]}, allow_unicode=True), encoding="utf-8")
    result = run_cli("check", str(report))
    stderr = result.stderr.decode()
    assert result.returncode == 2 and "嵌套的重复" in stderr and "Traceback" not in stderr


def test_the_readme_configuration_example_works_in_its_own_file(tmp_path):
    """Issue 14 point 7: the README's [tool.xxgk-lint] block, pasted into .xxgk-lint.toml."""
    import pathlib
    import re

    readme = (pathlib.Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```toml\n(\[tool\.xxgk-lint\]\n.*?)```", readme, re.S).group(1)
    folder, report = folder_with_report(tmp_path, block)
    for directory in re.findall(r'wording = \["([^"]+)"\]', block):
        (folder / directory).mkdir()
    local = readme.split("### 本地勾稽关系（不写代码）", 1)[1].split("```json\n", 1)[1].split("```", 1)[0]
    for name in re.findall(r'identities = \["([^"]+)"\]', block):  # the section's own example file
        (folder / name).write_text(local, encoding="utf-8")
    result = run_cli("config", str(report))
    assert result.returncode == 0, result.stderr.decode()
    shown = result.stdout.decode()
    assert "S007" in shown and "warning" in shown
    assert run_cli("check", str(report)).returncode == 1
