"""Everything a user reads is Chinese: every command's help, every usage error, the rule listing,
the configuration view, and what the system says when a file cannot be read or written."""

import re

import pytest
import yaml
from reports import consistent, run_cli

COMMANDS = ["check", "template", "convert", "config", "serve", "rules", "rule"]
# ASCII words a Chinese page may still hold: the command and its commands, option names, the
# values an option takes, rule codes, and names of file kinds and products
ALLOWED = set(COMMANDS) | {"xxgk", "lint", "console", "json", "jsonl", "sarif", "github", "csv", "xlsx", "html",
                          "error", "warning", "info", "YAML", "JSON", "CPU", "Word", "PDF", "commit", "pre", "Python"}
OPTION = re.compile(r"(?<![\w-])--?[a-z][a-z-]*")
CODE = re.compile(r"\b[A-Z]{1,4}\d{3}\b")
EXTENSION = re.compile(r"\.[a-z]{2,5}\b")


def english_words(text: str, typed=()) -> list:
    """ASCII words in text beyond those allowed and what the user typed (echoed back)."""
    for word in typed:
        text = re.sub(rf"(?<![\w-]){re.escape(word)}(?![\w-])", " ", text)
    text = EXTENSION.sub(" ", CODE.sub(" ", OPTION.sub(" ", text)))
    return [w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in ALLOWED]


@pytest.mark.parametrize("command", [[]] + [[c] for c in COMMANDS])
def test_every_help_page_is_chinese(command):
    result = run_cli(*command, "--help")
    text = result.stdout.decode()
    assert result.returncode == 0, result.stderr
    assert text.startswith("用法：xxgk-lint") and "显示本帮助并退出" in text
    assert english_words(text) == [], text


def test_the_bare_command_shows_the_chinese_help():
    result = run_cli()
    assert result.returncode == 2 and "命令：" in result.stdout.decode()
    assert english_words(result.stdout.decode() + result.stderr.decode()) == []


@pytest.mark.parametrize("args, said", [
    (["check", "--nope", "x"], "没有选项“--nope”"),
    (["check", "--formt", "json", "x"], "没有选项“--formt”，是不是要用“--format”？"),
    (["check", "--statistic", "x"], "是不是要用“--statistics”？"),
    (["check"], "缺少参数 路径"),
    (["check", "-f", "yaml", "x"], "“yaml”不是可选的值"),
    (["check", "--jobs", "abc", "x"], "应为整数"),
    (["check", "--jobs", "0", "x"], "不小于 1"),
    (["check", "--timeout", "soon", "x"], "应为数字"),
    (["check", "x", "-o"], "后面要写一个值"),
    (["check", "--fix=yes", "x"], "不接受值"),
    (["serve", "--port", "70000"], "0 到 65535 之间"),
    (["rules", "extra"], "多余的参数：extra"),
    (["rule"], "缺少参数 代码"),
    (["nocmd"], "没有命令“nocmd”，可用的命令：check、"),
    (["chek", "x"], "没有命令“chek”，是不是要用“check”？可用的命令：check、"),
    (["templte"], "是不是要用“template”？"),
    (["check", "-f", "jsn", "x"], "“jsn”不是可选的值，是不是要用“json”？可选：console"),
    (["template", "--year", "二〇二四"], "应为整数"),
])
def test_usage_errors_are_chinese_and_exit_2(args, said):
    result = run_cli(*args)
    err = result.stderr.decode()
    assert result.returncode == 2, err
    assert said in err and "Traceback" not in err
    assert english_words(err, typed=args) == [], err
    assert "'" not in err, err  # no stray quotes from click's English sentence


def test_rules_listing_and_rule_page_are_chinese():
    listing = run_cli("rules").stdout.decode()
    assert "A001   错误" in listing and "W002   提示" in listing
    assert english_words(listing) == [], listing
    assert not re.search(r"\bI\d\b", listing)  # the schema's identity ids are no words for a user
    page = run_cli("rule", "A005").stdout.decode()
    assert page.startswith("A005（默认级别：警告）") and english_words(page.splitlines()[0]) == []


def test_config_view_shows_no_none(tmp_path):
    text = run_cli("config", str(tmp_path)).stdout.decode()
    assert "None" not in text and "（未设置）" in text


def test_a005_message_names_the_cells_not_an_identity_id(tmp_path):
    data = consistent("2019")
    data["proactive"]["item1"]["normative"] = {"new_made": 2, "new_published": 40, "total_published": 30}
    path = tmp_path / "r.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = run_cli("check", str(path)).stdout.decode()
    assert "A005" in out and not re.search(r"\bI\d\b", out)


@pytest.mark.parametrize("args, said", [
    (["check", "-f", "json", "-o", "{missing}/out.json", "{clean}"], "无法写入 {missing}/out.json：文件或文件夹不存在"),
    (["check", "--groups", "{missing}.yaml", "{clean}"], "分组文件无法读取（文件或文件夹不存在）"),
    (["check", "--baseline", "{missing}.json", "{clean}"], "基线文件无法读取（文件或文件夹不存在）"),
    (["check", "--config", "{missing}.toml", "{clean}"], "无法读取配置文件（文件或文件夹不存在）"),
    (["template", "-o", "{missing}/t.yaml"], "文件或文件夹不存在"),
])
def test_system_errors_are_said_in_chinese(tmp_path, examples_dir, args, said):
    values = {"missing": str(tmp_path / "nowhere"), "clean": str(examples_dir / "report-2021-clean.yaml")}
    result = run_cli(*[a.format(**values) for a in args])
    err = result.stderr.decode()
    assert result.returncode == 2 and said.format(**values) in err, err
    assert "Errno" not in err and "No such file" not in err


def test_html_view_names_the_kind_of_file_in_chinese(tmp_path, examples_dir):
    page = tmp_path / "v.html"
    run_cli("check", "-f", "html", "-o", str(page), str(examples_dir / "report-2021-clean.yaml"))
    html = page.read_text(encoding="utf-8")
    assert "文件类型：YAML" in html and "表单：" not in html
