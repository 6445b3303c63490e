"""The command end to end, in a subprocess, as a user runs it."""

import json
import pathlib
import shutil
import subprocess
import sys

import pytest
import yaml
from reports import consistent, run_cli, with_cell

ROOT = pathlib.Path(__file__).resolve().parent.parent


def write(tmp_path, name, data) -> str:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return str(path)


def test_clean_report_exits_0(tmp_path):
    result = run_cli("check", write(tmp_path, "ok.yaml", consistent("2021")))
    assert result.returncode == 0, result.stderr
    assert "未发现问题" in result.stdout.decode()


def test_defect_exits_1_and_shows_where_and_expected(tmp_path):
    data = with_cell(consistent("2021"), ("review_litigation", "review", "total"), 0)
    data = with_cell(data, ("review_litigation", "review", "upheld"), 10)
    data = with_cell(data, ("review_litigation", "review", "corrected"), 1)
    result = run_cli("check", write(tmp_path, "bad.yaml", data))
    out = result.stdout.decode()
    assert result.returncode == 1
    assert "A004" in out and "四、政府信息公开行政复议、行政诉讼情况 › 行政复议 › 总计" in out
    assert "应为 11，实际为 0" in out
    assert "1 个错误" in out


def test_examples_directory(examples_dir):
    result = run_cli("check", "--format", "json", str(examples_dir))
    document = json.loads(result.stdout)
    by_name = {pathlib.Path(f["path"]).name: f for f in document["files"]}
    assert by_name["report-2021-clean.yaml"]["diagnostics"] == []
    assert by_name["report-2019-clean.yaml"]["diagnostics"] == []
    defects = sorted({d["code"] for d in by_name["report-2021-defects.yaml"]["diagnostics"]})
    assert defects == ["A001", "A002", "A003", "A004", "A006", "S002", "S003", "S007", "W001", "W003"]
    old = sorted({d["code"] for d in by_name["report-2019-defects.yaml"]["diagnostics"]})
    # A007: its A005 (45 new of 41 in all) is restored as well by either cell, so nobody can say which is wrong
    assert old == ["A001", "A004", "A005", "A006", "A007", "S005", "S007", "W001", "W006", "X003"]  # copied from 2020
    assert result.returncode == 1


def test_json_document_shape(tmp_path):
    data = with_cell(consistent("2021"), ("applications", "disclosed", "total"), 99)
    result = run_cli("check", "-f", "json", write(tmp_path, "r.yaml", data))
    document = json.loads(result.stdout)
    # one wrong cell (A006); the A002 and A003 it breaks are folded under it
    assert document["summary"] == {"files": 1, "checked": 1, "unreadable": 0, "error": 1, "warning": 0, "info": 0,
                                   "suppressed": 0, "explained": 2}
    entry = document["files"][0]
    assert (entry["agency"], entry["year"], entry["edition"], entry["form"]) == ("江北市示例局", 2023, "2021", "yaml")
    a002 = next(d for d in entry["diagnostics"] if d["code"] == "A002")
    assert a002["severity"] == "error"
    assert a002["expected"] == 4 and a002["actual"] == 99
    assert a002["location"]["field"] == "applications.disclosed.total"
    assert a002["location"]["label"] == "三、收到和处理政府信息公开申请情况 › （一）予以公开 › 总计"
    assert a002["location"]["line"] > 1 and a002["location"]["file"].endswith("r.yaml")
    assert a002["message"] and a002["formula"]
    assert a002["explained_by"] == [{"code": "A006", "field": "applications.disclosed.total"}]
    assert "fix" not in a002


def test_choices_are_taken_in_any_case():
    """-f JSON, --fail-on WARNING: a clerk copies a value from a document, where it may be capitalised."""
    example = str(ROOT / "examples" / "report-2021-clean.yaml")
    completed = run_cli("check", example, "-f", "JSON", "--fail-on", "WARNING")
    assert completed.returncode == 0 and json.loads(completed.stdout)["summary"]["files"] == 1


def test_fail_on_warning(tmp_path):
    path = write(tmp_path, "w.yaml", with_cell(consistent("2021"), ("applications", "np_repeat", "legal"), "/"))
    assert run_cli("check", path).returncode == 0
    assert run_cli("check", "--fail-on", "warning", path).returncode == 1


def test_select_and_ignore_by_prefix(tmp_path):
    path = write(tmp_path, "s.yaml", with_cell(consistent("2021"), ("applications", "disclosed", "total"), 99))
    assert run_cli("check", "--ignore", "A", path).returncode == 0
    result = run_cli("check", "-f", "json", "--select", "A003", path)
    codes = {d["code"] for d in json.loads(result.stdout)["files"][0]["diagnostics"]}
    assert codes == {"A003"}
    bad = run_cli("check", "--select", "Z999", path)
    assert bad.returncode == 2 and "Z999" in bad.stderr.decode()


def test_missing_path_is_one_line_exit_2(tmp_path):
    result = run_cli("check", str(tmp_path / "nope.yaml"))
    assert result.returncode == 2
    lines = result.stderr.decode().strip().splitlines()
    assert lines == [f"{tmp_path / 'nope.yaml'}: 文件不存在"]
    assert "Traceback" not in result.stderr.decode()


def test_yaml_syntax_error_is_one_clear_line(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("edition: '2021'\napplications: {new: [1, 2\n", encoding="utf-8")
    result = run_cli("check", str(path))
    assert result.returncode == 2
    err = result.stderr.decode()
    assert len(err.strip().splitlines()) == 1 and "YAML 语法错误" in err and str(path) in err


@pytest.mark.parametrize("text, told", [
    ("edition: '2021'\nyear: 2023\nagency: [市政府\nsections: {}\n", "第4行第9列：方括号 [ ] 没有闭合"),
    ("edition: '2021'\nyear: 2023\n  agency: 市政府\n", "第3行第9列：这里不能出现“名称: 值”"),
    ("edition: '2021'\nsections:\n  overview: 好\n preface: 前言\n", "第4行第2列：缩进不对"),
    ("edition: '2021'\nsections:\n\toverview: 好\n", "第3行第1列：这里的字符不能放在开头：缩进只能用空格"),
    ("edition: '2021'\nagency: \"市政府\n", "第2行第9列：这里开始的引号没有闭合"),  # where it opened, not the end
    ("{edition: '2021', year: 2023\n", "花括号 { } 没有闭合"),
])
def test_a_yaml_report_with_a_syntax_error_is_told_where_and_what_in_chinese(tmp_path, text, told):
    """A clerk filling in the YAML template reads where the mistake is and what it is, not PyYAML's English."""
    path = tmp_path / "我的报告.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_cli("check", str(path))
    err = result.stderr.decode("utf-8")
    assert result.returncode == 2 and told in err, err
    assert not any("a" <= c.lower() <= "z" for c in err.split("语法错误", 1)[1].replace("Tab", "")), err
    assert "Traceback" not in err


def test_bad_file_does_not_stop_the_batch(tmp_path):
    good = write(tmp_path, "good.yaml", consistent("2021"))
    (tmp_path / "junk.yaml").write_bytes(b"\xff\xfe\x00garbage: [")
    result = run_cli("check", "-f", "json", good, str(tmp_path / "junk.yaml"))
    document = json.loads(result.stdout)
    assert document["summary"]["checked"] == 1 and document["summary"]["unreadable"] == 1
    assert result.returncode == 1
    assert "junk.yaml" in result.stderr.decode()


def test_stdin(tmp_path):
    data = yaml.safe_dump(consistent("2021"), allow_unicode=True).encode("utf-8")
    result = run_cli("check", "-", stdin=data)
    assert result.returncode == 0, result.stderr


def test_template_filled_with_zeros_passes_and_blank_one_fails(tmp_path):
    blank = run_cli("template", "--edition", "2021", "--year", "2024", "--agency", "江北市示例局")
    assert blank.returncode == 0
    text = blank.stdout.decode()
    assert "# （七）总计" in text and "（本列数据的勾稽关系为" in text
    (tmp_path / "blank.yaml").write_text(text, encoding="utf-8")
    blank_check = run_cli("check", "-f", "json", str(tmp_path / "blank.yaml"))
    found = json.loads(blank_check.stdout)["files"][0]["diagnostics"]
    assert {d["code"] for d in found} == {"S003", "S007", "W004", "W005"}  # blank cells, empty 一, 五 and 六
    unfilled = {d["location"]["label"].split("、")[0][-1] for d in found if d["code"] == "S003"}
    assert unfilled == {"一", "二", "三", "四"}  # 一–四 not filled in; 五 and 六 are W004/W005
    assert blank_check.returncode == 1  # a blank template does not pass (e.g. a pre-commit hook)
    filled = text.replace(": ~", ": 0").replace('problems: ""', 'problems: 一是个别栏目更新不够及时，信息发布滞后。下一步将建立栏目更新台账，明确责任处室和更新时限。')
    filled = filled.replace('overview: ""', "overview: 本年度，本机关认真贯彻《中华人民共和国政府信息公开条例》，推进政务公开。")
    filled = filled.replace('other: ""', "other: 本年度未收取信息处理费。")
    (tmp_path / "filled.yaml").write_text(filled, encoding="utf-8")
    result = run_cli("check", "-f", "json", str(tmp_path / "filled.yaml"))
    assert json.loads(result.stdout)["files"][0]["diagnostics"] == []
    assert result.returncode == 0


def test_template_2019_and_unknown_edition():
    assert "item9:" in run_cli("template", "-e", "2019").stdout.decode()
    bad = run_cli("template", "-e", "2030")
    assert bad.returncode == 2 and "2030" in bad.stderr.decode()


def test_rules_and_rule_documentation():
    listing = run_cli("rules").stdout.decode()
    for code in ("S001", "S002", "S003", "S004", "S005", "S006", "S007", "S008", "A001", "A002", "A003", "A004",
                 "A005", "W001", "W002", "W003", "W004", "W005", "W006", "W007"):
        assert code in listing
    doc = run_cli("rule", "a001")
    text = doc.stdout.decode()
    assert doc.returncode == 0
    assert text.startswith("A001（默认级别：错误）") and "错误示例" in text and "正确示例" in text
    assert run_cli("rule", "Q123").returncode == 2


def test_console_script_is_installed():
    script = shutil.which("xxgk-lint", path=str(pathlib.Path(sys.executable).parent))
    assert script, "the xxgk-lint console script is not installed next to this Python"


@pytest.mark.parametrize("form", ["console", "json", "csv"])
def test_a_reader_that_stops_early_gets_no_traceback(examples_dir, form):
    """xxgk-lint check … | head: the pipe closes after a few lines, and the command ends quietly."""
    import subprocess
    import sys

    process = subprocess.Popen([sys.executable, "-m", "xxgk_lint", "check", "-f", form, str(examples_dir)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.read(20)
    process.stdout.close()
    error = process.stderr.read().decode("utf-8", "replace")
    process.wait(timeout=120)
    assert "Traceback" not in error and "EPIPE" not in error, error


QUICK_CALLS = [
    ["-f", "json", "examples"],
    ["--format=jsonl", "--fail-on", "warning", "--select", "A,S", "examples/report-2021-defects.yaml"],
    ["-j", "1", "--timeout", "30", "--ignore", "W", "examples", "-f", "csv"],
    ["--statistics", "examples"],
    ["--include", "*2021*", "--include", "*2019-clean*", "-f", "json", "examples"],
    ["examples/report-2019-defects.yaml", "examples/report-2021-clean.yaml"],
]


@pytest.mark.parametrize("options", QUICK_CALLS)
def test_check_read_without_typer_does_what_typer_does(options):
    """`check` reads its usual arguments itself (typer's parsing is slow to start); after `--`
    every call goes through typer. Both must give the same output, messages and exit code."""
    from xxgk_lint.cli import _quick_arguments

    assert _quick_arguments(["check", *options]) is not None
    paths = [o for o in options if o.startswith("examples")]
    rest = [o for o in options if o not in paths]
    quick = run_cli("check", *options, cwd=ROOT)
    typer_parsed = run_cli("check", *rest, "--", *paths, cwd=ROOT)
    assert (quick.returncode, quick.stdout, quick.stderr) == \
        (typer_parsed.returncode, typer_parsed.stdout, typer_parsed.stderr)
    assert quick.stdout


@pytest.mark.parametrize("argv", [["check"], ["rules"], ["check", "-h", "x"], ["check", "--help"],
                                  ["check", "-fjson", "x"], ["check", "--jobs", "0", "x"],
                                  ["check", "--format", "xml", "x"], ["check", "--fix=1", "x"],
                                  ["check", "-o"], ["check", "--unknown", "x"], ["check", "--", "x"],
                                  ["check", "--timeout", "-1", "x"], ["check", "-j", "two", "x"]])
def test_unusual_calls_are_left_to_typer(argv):
    from xxgk_lint.cli import _quick_arguments

    assert _quick_arguments(argv) is None


def test_a_bad_option_value_is_explained_in_chinese():
    done = run_cli("check", "--jobs", "0", "examples")
    assert done.returncode == 2 and "--jobs" in done.stderr.decode("utf-8")


@pytest.mark.parametrize("option", ["--max-size", "--timeout", "--max-memory"])
def test_an_endless_number_is_a_usage_error_not_a_traceback(option):
    for value in ("inf", "nan"):
        done = run_cli("check", option, value, "examples/report-2021-clean.yaml", cwd=ROOT)
        assert done.returncode == 2 and "有限的数字" in done.stderr.decode("utf-8")
        assert b"Traceback" not in done.stderr


def test_a_plain_check_does_not_import_typer():
    """typer (with its own click and pydantic-style coercion) costs a single check more than the
    report itself; the usual call is read from the option table and never imports it."""
    program = ("import atexit, sys\n"
               "atexit.register(lambda: sys.stderr.write('typer loaded: %s\\n' % ('typer' in sys.modules)))\n"
               "sys.argv = ['xxgk-lint', 'check', '-f', 'json', 'examples/report-2021-defects.yaml']\n"
               "from xxgk_lint.cli import main\n"
               "main()\n")
    done = subprocess.run([sys.executable, "-c", program], cwd=ROOT, capture_output=True)
    assert done.returncode == 1 and b'"code": "A' in done.stdout
    assert b"typer loaded: False" in done.stderr
    help_page = run_cli("check", "--help")  # anything else still goes to typer
    assert help_page.returncode == 0 and "--max-memory" in help_page.stdout.decode("utf-8")


def test_template_of_a_year_not_an_edition_says_which_edition_that_year_uses():
    done = run_cli("template", "--edition", "2020")
    assert done.returncode == 2
    assert "2020 年度的报告用 2019 年版格式" in done.stderr.decode("utf-8")
