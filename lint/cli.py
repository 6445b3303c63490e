"""The `xxgk-lint` command: check, template, rules, rule."""

from __future__ import annotations

import sys
from enum import Enum
from typing import List, Optional

import typer

from lint import __version__

app = typer.Typer(
    name="xxgk-lint",
    help="政府信息公开工作年度报告检查工具：核对表格勾稽关系、必备部分和格式版本。",
    add_completion=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
)

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class Format(str, Enum):
    console = "console"
    json = "json"


class Level(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"


def _fail(message: str) -> None:
    typer.echo(f"xxgk-lint: {message}", err=True)
    raise typer.Exit(EXIT_USAGE)


def _codes(values: Optional[List[str]]) -> tuple:
    codes = []
    for value in values or []:
        codes.extend(part.strip().upper() for part in value.split(",") if part.strip())
    return tuple("" if c == "ALL" else c for c in codes)


def _rules(wording: Optional[List[str]] = None):
    from lint.engine import PluginError, load_rules
    from lint.wording import WordingDataError, use_directories

    try:
        if wording:
            use_directories(wording)
        return load_rules()
    except (PluginError, WordingDataError) as error:
        _fail(str(error))


WORDING_HELP = "另外加载此目录中的措辞数据文件（YAML），可重复"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"xxgk-lint {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="显示版本号"),
) -> None:
    pass


@app.command()
def check(
    paths: List[str] = typer.Argument(..., help="要检查的文件或文件夹；- 表示从标准输入读取"),
    output_format: Format = typer.Option(Format.console, "--format", "-f", help="输出格式"),
    output: Optional[str] = typer.Option(None, "--output", "-o", help="把结果写入文件"),
    fail_on: Level = typer.Option(Level.error, "--fail-on", help="达到此级别的问题使退出码为 1"),
    select: Optional[List[str]] = typer.Option(None, "--select", help="只运行这些规则（代码或前缀，逗号分隔）"),
    ignore: Optional[List[str]] = typer.Option(None, "--ignore", help="不运行这些规则（代码或前缀，逗号分隔）"),
    wording: Optional[List[str]] = typer.Option(None, "--wording", help=WORDING_HELP),
) -> None:
    """检查年度报告，列出问题：位置、原因、应为多少。"""
    from lint.engine import Selection, unknown_codes
    from lint.model import Severity
    from lint.pipeline import check_file, expand

    rules = _rules(wording)
    selection = Selection(select=_codes(select), ignore=_codes(ignore))
    unknown = unknown_codes(selection.select + selection.ignore, rules)
    if unknown:
        _fail(f"未知的规则代码：{'、'.join(unknown)}（xxgk-lint rules 列出全部规则）")
    files = list(expand(paths))
    if not files:
        _fail("没有找到可检查的文件")
    results = [check_file(path, rules, selection) for path in files]
    for result in results:
        if result.error:
            typer.echo(f"{result.path}: {result.error}", err=True)
    _emit(results, output_format, output)
    threshold = Severity.parse(fail_on.value)
    if all(r.error for r in results):
        raise typer.Exit(EXIT_USAGE)
    failing = any(r.error for r in results) or any(
        d.severity >= threshold for r in results for d in r.diagnostics)
    raise typer.Exit(EXIT_FINDINGS if failing else EXIT_CLEAN)


def _emit(results, output_format: Format, output: Optional[str]) -> None:
    if output_format is Format.json:
        from lint.output.json_report import render

        _write(render(results) + "\n", output)
        return
    from rich.console import Console

    from lint.output.console import print_result, print_summary

    stream = open(output, "w", encoding="utf-8") if output else None
    try:
        # soft_wrap: long Chinese messages are left to the terminal to wrap, never broken mid-number
        console = Console(file=stream or sys.stdout, highlight=False, soft_wrap=True)
        for result in results:
            if not result.error:
                print_result(console, result)
        print_summary(console, results)
    finally:
        if stream:
            stream.close()


def _write(text: str, output: Optional[str]) -> None:
    if output:
        try:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as error:
            _fail(f"无法写入 {output}：{error.strerror or error}")
    else:
        sys.stdout.write(text)


@app.command()
def template(
    edition: str = typer.Option("2021", "--edition", "-e", help="格式版本：2019 或 2021"),
    year: Optional[int] = typer.Option(None, "--year", "-y", help="报告年度"),
    agency: Optional[str] = typer.Option(None, "--agency", "-a", help="机关名称"),
    output: Optional[str] = typer.Option(None, "--output", "-o", help="写入文件而不是打印"),
) -> None:
    """打印一份空白的 YAML 年度报告，供填写后检查。"""
    from lint.editions import edition as find_edition
    from lint.template import render_template

    try:
        chosen = find_edition(edition)
    except KeyError as error:
        _fail(str(error.args[0]))
    _write(render_template(chosen, year, agency), output)


@app.command()
def convert(
    path: str = typer.Argument(..., help="要转换的报告（网页、文本、YAML……）；- 表示标准输入"),
    output: Optional[str] = typer.Option(None, "--output", "-o", help="写入 .yaml/.yml 或 .json 文件；默认打印 YAML"),
) -> None:
    """把读到的报告写成结构化格式（YAML 或 JSON），检查结果与原文件相同。"""
    import json

    from lint.read import InputError, read_file
    from lint.template import render_report
    from lint.validate import build_report

    try:
        reading = read_file(path)
    except InputError as error:
        typer.echo(f"{path}: {error}", err=True)
        raise typer.Exit(EXIT_USAGE)
    if not reading.recognised:
        reasons = "；".join(p.message for p in reading.problems if p.kind == "unrecognised")
        typer.echo(f"{path}: 没有识别出政府信息公开工作年度报告（{reasons}）", err=True)
        raise typer.Exit(EXIT_USAGE)
    report = build_report(path, reading)
    if output and output.lower().endswith(".json"):
        text = json.dumps(reading.data, ensure_ascii=False, indent=2) + "\n"
    else:
        text = render_report(report.edition, reading.data, f"由 xxgk-lint convert 从 {path} 转换而来")
    _write(text, output)


@app.command("rules")
def list_rules(wording: Optional[List[str]] = typer.Option(None, "--wording", help=WORDING_HELP)) -> None:
    """列出全部规则：代码、默认级别、检查什么。"""
    rules = _rules(wording)
    width = max(len(r.name) for r in rules.values())
    for code, found in rules.items():
        typer.echo(f"{code:<6} {found.severity.label:<8} {found.name:<{width}}  {found.summary}")


@app.command("rule")
def show_rule(code: str = typer.Argument(..., help="规则代码，如 A001"),
              wording: Optional[List[str]] = typer.Option(None, "--wording", help=WORDING_HELP)) -> None:
    """显示一条规则的说明：检查什么、为什么、错误和正确的示例。"""
    rules = _rules(wording)
    found = rules.get(code.strip().upper())
    if found is None:
        _fail(f"没有规则 {code}（xxgk-lint rules 列出全部规则）")
    typer.echo(f"{found.code} {found.name}（默认级别：{found.severity.label}）")
    typer.echo(found.summary)
    typer.echo("")
    typer.echo(found.doc)


def main() -> None:
    app(prog_name="xxgk-lint")
