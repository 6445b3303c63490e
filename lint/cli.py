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


def _rules(wording=None, modules=()):
    from lint.engine import PluginError, load_rules
    from lint.wording import WordingDataError, use_directories

    try:
        if wording:
            use_directories(wording)
        return load_rules(tuple(modules))
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


def _configs(files: list, overrides: dict, explicit: Optional[str]) -> dict:
    from lint.config import ConfigError, for_path

    try:
        return {path: for_path(path, overrides, explicit) for path in files}
    except ConfigError as error:
        _fail(str(error))


def _check_codes(configs: dict, rules: dict) -> None:
    from lint.engine import unknown_codes

    for config in {id(c): c for c in configs.values()}.values():
        for key in ("select", "extend-select", "ignore", "severity", "per-file-ignores"):
            setting = config.settings.get(key)
            if setting is None:
                continue
            value = setting.value
            codes = list(value) if key != "per-file-ignores" else [c for v in value.values() for c in v]
            unknown = unknown_codes(codes, rules)
            if unknown:
                _fail(f"{setting.source}：{key} 中有未知的规则代码 {'、'.join(unknown)}（xxgk-lint rules 列出全部规则）")


@app.command()
def check(
    paths: List[str] = typer.Argument(..., help="要检查的文件或文件夹；- 表示从标准输入读取"),
    output_format: Format = typer.Option(Format.console, "--format", "-f", help="输出格式"),
    output: Optional[str] = typer.Option(None, "--output", "-o", help="把结果写入文件"),
    fail_on: Optional[Level] = typer.Option(None, "--fail-on", help="达到此级别的问题使退出码为 1（默认 error）"),
    select: Optional[List[str]] = typer.Option(None, "--select", help="只运行这些规则（代码或前缀，逗号分隔）"),
    extend_select: Optional[List[str]] = typer.Option(None, "--extend-select", help="再多运行这些规则"),
    ignore: Optional[List[str]] = typer.Option(None, "--ignore", help="不运行这些规则（代码或前缀，逗号分隔）"),
    wording: Optional[List[str]] = typer.Option(None, "--wording", help=WORDING_HELP),
    config_file: Optional[str] = typer.Option(None, "--config", help="使用此配置文件，不再向上查找"),
    fix: bool = typer.Option(False, "--fix", help="把算错的合计改正后写回 YAML/JSON 报告"),
    show_diff: bool = typer.Option(False, "--diff", help="只显示 --fix 会做的修改，不写文件"),
    skip_non_reports: bool = typer.Option(False, "--skip-non-reports", help="不是年度报告的文件直接跳过（用于 pre-commit）"),
) -> None:
    """检查年度报告，列出问题：位置、原因、应为多少。"""
    from lint.model import Severity
    from lint.pipeline import check_file, expand

    files = list(expand(paths))
    if not files:
        _fail("没有找到可检查的文件")
    overrides = {"select": list(_codes(select)), "ignore": list(_codes(ignore)),
                 "extend-select": list(_codes(extend_select)), "fail-on": fail_on.value if fail_on else None}
    configs = _configs(files, overrides, config_file)
    wording_dirs = list(wording or []) + sorted({d for c in configs.values() for d in c.get("wording", []) or []})
    modules = sorted({m for c in configs.values() for m in c.get("plugins", []) or []})
    rules = _rules(wording_dirs, modules)
    _check_codes(configs, rules)
    results = [check_file(path, rules, configs[path]) for path in files]
    if fix or show_diff:
        results = _fix(results, rules, configs, write=fix and not show_diff)
    if skip_non_reports:
        results = [r for r in results if r.error or r.report.recognised]
    for result in results:
        if result.error:
            typer.echo(f"{result.path}: {result.error}", err=True)
    if results:
        _emit(results, output_format, output)
    if results and all(r.error for r in results):
        raise typer.Exit(EXIT_USAGE)
    failing = any(r.error for r in results) or any(
        d.severity >= Severity.parse(r.fail_on) for r in results for d in r.diagnostics)
    raise typer.Exit(EXIT_FINDINGS if failing else EXIT_CLEAN)


def _fix(results: list, rules: dict, configs: dict, write: bool) -> list:
    from lint.fix import WRITABLE, diff, rewrite, safe_fixes
    from lint.pipeline import check_file

    fixed = []
    for result in results:
        fixable = result.report is not None and any(d.fix for d in result.diagnostics)
        if not fixable:
            fixed.append(result)
            continue
        if result.report.form not in WRITABLE or result.path == "-":
            typer.echo(f"{result.path}: 只会改写 YAML/JSON 报告；网页、Word、PDF 和文本不会被修改"
                       "（可先用 xxgk-lint convert 转成 YAML）", err=True)
            fixed.append(result)
            continue
        changes = safe_fixes(result.report, result.diagnostics, rules)
        if not changes:
            fixed.append(result)
            continue
        before = result.reading.text
        after = rewrite(before, result.reading.spans, changes)
        if not write:
            sys.stdout.write(diff(result.path, before, after))
            fixed.append(result)
            continue
        with open(result.path, "rb") as handle:
            bom = handle.read(3) == b"\xef\xbb\xbf"
        with open(result.path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
            handle.write(after)
        typer.echo(f"{result.path}: 已修正 {len(changes)} 个合计单元格", err=True)
        fixed.append(check_file(result.path, rules, configs[result.path]))
    return fixed


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


@app.command("config")
def show_config(
    path: str = typer.Argument(".", help="文件或文件夹：显示检查它时生效的配置"),
    config_file: Optional[str] = typer.Option(None, "--config", help="使用此配置文件，不再向上查找"),
) -> None:
    """显示生效的配置，以及每一项来自哪里。"""
    from pathlib import Path as FsPath

    from lint.config import ConfigError, describe, find, for_path

    target = str(FsPath(path) / "_") if FsPath(path).is_dir() else path
    try:
        config = for_path(target, {}, config_file)
        found = config_file or find(str(FsPath(target).resolve().parent))
    except ConfigError as error:
        _fail(str(error))
    typer.echo(f"配置文件：{found or '（没有找到，使用默认值）'}")
    for key, value, source in describe(config):
        shown = value if not isinstance(value, (list, dict)) else __import__("json").dumps(value, ensure_ascii=False)
        typer.echo(f"  {key:<17} = {shown!s:<40}  # {source}")


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
