"""Output on a Windows console (cp936/GBK, also what a redirect on Windows gets): nothing crashes.
Text for people is written in the console's encoding, close characters standing in for the few it
lacks ("›"); machine formats on stdout stay UTF-8, so a redirected file parses the same anywhere."""

import csv
import io
import json

import pytest
from reports import run_cli

DEFECTS = "examples/report-2021-defects.yaml"
ENCODINGS = ["cp936", "gbk"]


def machine_output(fmt: str, raw: bytes) -> None:
    text = raw.decode("utf-8")  # strict: a GBK-encoded byte would fail here
    if fmt == "json":
        assert json.loads(text)["files"][0]["diagnostics"]
    elif fmt == "sarif":
        assert json.loads(text)["runs"][0]["results"]
    elif fmt == "jsonl":
        assert all(json.loads(line)["code"] for line in text.splitlines())
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
        assert len(rows) > 2 and "›" in text
    else:
        assert text.startswith("::") and "“" in text


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("fmt", ["json", "jsonl", "sarif", "csv", "github"])
def test_machine_formats_on_stdout_stay_utf8(encoding, fmt, examples_dir):
    result = run_cli("check", "-f", fmt, str(examples_dir / "report-2021-defects.yaml"),
                     env={"PYTHONIOENCODING": encoding})
    assert result.returncode == 1, result.stderr.decode(encoding, "replace")
    assert b"Traceback" not in result.stderr
    machine_output(fmt, result.stdout)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_console_view_is_readable_in_the_console_encoding(encoding, examples_dir):
    result = run_cli("check", str(examples_dir / "report-2021-defects.yaml"), env={"PYTHONIOENCODING": encoding})
    assert result.returncode == 1 and b"Traceback" not in result.stderr
    text = result.stdout.decode(encoding)  # strict: every byte is the console's own
    assert "四、政府信息公开行政复议、行政诉讼情况 > 行政复议 > 总计" in text  # "›" has a stand-in
    assert "应为 3，实际为 0" in text and "个错误" in text.splitlines()[-1]


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("command", [["rules"], ["rule", "A004"], ["rule", "W003"], ["config"],
                                     ["check", "--statistics", "examples"], ["check", "examples"],
                                     ["--help"], ["check", "--help"]])
def test_people_commands_never_crash(encoding, command, examples_dir):
    args = [str(examples_dir) if part == "examples" else part for part in command]
    result = run_cli(*args, env={"PYTHONIOENCODING": encoding})
    assert result.returncode in (0, 1), result.stderr.decode(encoding, "replace")
    assert b"Traceback" not in result.stderr and result.stdout.strip()
    result.stdout.decode(encoding)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_template_and_convert_write_utf8(encoding, examples_dir):
    template = run_cli("template", "--agency", "江北市示例局", env={"PYTHONIOENCODING": encoding})
    assert template.returncode == 0 and "江北市示例局" in template.stdout.decode("utf-8")
    converted = run_cli("convert", str(examples_dir / "report-2021-defects.yaml"), env={"PYTHONIOENCODING": encoding})
    assert converted.returncode == 0 and "江北市自然资源和规划局" in converted.stdout.decode("utf-8")
