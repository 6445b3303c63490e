"""-o: the user is told which file was written; a file whose extension says another format is a
usage error; the HTML view is never poured onto a terminal."""

import os
import pty
import subprocess
import sys

import pytest
from reports import run_cli


@pytest.mark.parametrize("args, name", [
    (["check", "-f", "json", "{clean}"], "结果.json"),
    (["check", "{clean}"], "结果.txt"),
    (["check", "-f", "xlsx", "{clean}"], "结果.xlsx"),
    (["check", "-f", "html", "{clean}"], "检查结果.html"),
    (["template"], "报告.yaml"),
    (["convert", "{clean}"], "转换.yaml"),
])
def test_o_confirms_the_file_written_in_one_line(tmp_path, examples_dir, args, name):
    target = tmp_path / name
    clean = str(examples_dir / "report-2021-clean.yaml")
    result = run_cli(*[a.format(clean=clean) for a in args], "-o", str(target))
    assert result.returncode == 0, result.stderr.decode()
    assert result.stderr.decode().splitlines() == [f"已写入 {target}"]
    assert target.stat().st_size > 0 and result.stdout == b""


@pytest.mark.parametrize("fmt, name, suggestion", [
    ("xlsx", "x.csv", "-o {dir}/x.xlsx，或用 -f csv"),
    ("csv", "x.xlsx", "-o {dir}/x.csv，或用 -f xlsx"),
    ("json", "x.html", "-o {dir}/x.json，或用 -f html"),
    ("html", "x.json", "-o {dir}/x.html，或用 -f json"),
    ("xlsx", "x.txt", "-o {dir}/x.xlsx"),
    ("html", "结果.txt", "-o {dir}/结果.html"),  # a page named .txt opens in Notepad, not a browser
])
def test_an_output_named_for_another_format_is_a_usage_error(tmp_path, examples_dir, fmt, name, suggestion):
    result = run_cli("check", "-f", fmt, "-o", str(tmp_path / name), str(examples_dir / "report-2021-clean.yaml"))
    err = result.stderr.decode()
    assert result.returncode == 2
    assert f"扩展名与输出格式 {fmt} 不符" in err and suggestion.format(dir=tmp_path) in err
    assert not (tmp_path / name).exists()


def test_json_may_go_to_a_sarif_or_jsonl_name(tmp_path, examples_dir):
    for fmt, name in (("sarif", "r.sarif.json"), ("jsonl", "r.jsonl"), ("console", "r.log")):
        result = run_cli("check", "-f", fmt, "-o", str(tmp_path / name), str(examples_dir / "report-2021-clean.yaml"))
        assert result.returncode == 0, result.stderr.decode()


def test_html_is_not_poured_onto_a_terminal(examples_dir):
    controller, terminal = pty.openpty()
    try:
        result = subprocess.run([sys.executable, "-m", "xxgk_lint", "check", "-f", "html",
                                 str(examples_dir / "report-2021-clean.yaml")],
                                stdout=terminal, stderr=subprocess.PIPE, timeout=120)
        os.set_blocking(controller, False)
        try:
            shown = os.read(controller, 100_000)
        except BlockingIOError:
            shown = b""
    finally:
        os.close(controller)
        os.close(terminal)
    assert result.returncode == 2
    assert "-o 检查结果.html" in result.stderr.decode() and b"<html" not in shown


def test_html_still_goes_down_a_pipe(examples_dir):
    result = run_cli("check", "-f", "html", str(examples_dir / "report-2021-clean.yaml"))
    assert result.returncode == 0 and b"<html" in result.stdout


@pytest.mark.parametrize("output", [("结果.txt", ()), ("结果-github.txt", ("-f", "github")),
                                    ("结果-统计.txt", ("--statistics",))])
def test_results_written_as_text_into_the_folder_are_not_checked_next_time(tmp_path, output):
    """A clerk writes the results next to the reports (-o 结果.txt); the next run of the same folder
    passes them over with a note, and does not count their text as a report with a dozen errors."""
    import yaml
    from reports import consistent

    data = consistent("2021")
    data["review_litigation"]["review"]["total"] += 1  # one finding, so that every format writes something
    (tmp_path / "报告.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    name, options = output
    written = run_cli("check", str(tmp_path), *options, "-o", str(tmp_path / name))
    assert (tmp_path / name).stat().st_size > 0, written.stderr.decode()
    again = run_cli("check", str(tmp_path), "-f", "jsonl")
    files = {line.split('"file": "', 1)[1].split('"', 1)[0] for line in again.stdout.decode().splitlines()}
    assert files == {str(tmp_path / "报告.yaml")}, again.stdout.decode()
    assert name in again.stderr.decode()
    named = run_cli("check", str(tmp_path / name))  # named on its own: said what it is
    assert named.returncode == 2 and "xxgk-lint 输出的检查结果" in named.stderr.decode() + named.stdout.decode()
