"""The `xxgk-lint` command: check, convert, template, config, serve, rules, rule."""

from __future__ import annotations

import os
import sys
from enum import Enum
from typing import List, Optional

import typer

from xxgk_lint import __version__, oserrors
from xxgk_lint.clihelp import ChineseCommand, ChineseGroup

app = typer.Typer(
    name="xxgk-lint",
    help="政府信息公开工作年度报告检查工具：核对表格勾稽关系、必备部分和格式版本。",
    add_completion=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
    cls=ChineseGroup,
)

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class Format(str, Enum):
    console = "console"
    json = "json"
    jsonl = "jsonl"
    sarif = "sarif"
    github = "github"
    csv = "csv"
    xlsx = "xlsx"
    html = "html"


class Level(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"


def _fail(message: str) -> None:
    _tell(f"xxgk-lint: {message}")
    raise typer.Exit(EXIT_USAGE)


def _tell(text: str) -> None:
    """One line on stderr about a file: its name may carry terminal controls, which are dropped."""
    from xxgk_lint.output import printable

    typer.echo(printable(text), err=True)


def _codes(values: Optional[List[str]]) -> tuple:
    codes = []
    for value in values or []:
        codes.extend(part.strip().upper() for part in value.split(",") if part.strip())
    return tuple(codes)  # "ALL" stays as written: config.selection_for reads it


def _rules(wording=None, modules=(), identities=()):
    from xxgk_lint.engine import PluginError, load_rules
    from xxgk_lint.local_identities import IdentityDataError, use_files
    from xxgk_lint.wording import WordingDataError, use_directories

    try:
        if wording:
            use_directories(wording)
        if identities:
            use_files(identities)
        return load_rules(tuple(modules))
    except (PluginError, WordingDataError, IdentityDataError) as error:
        _fail(str(error))


WORDING_HELP = "另外加载此目录中的措辞数据文件（YAML），可重复"
IDENTITIES_HELP = "另外加载此文件中的本地勾稽关系（写法与模板自己的勾稽关系相同），可重复"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"xxgk-lint {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="显示版本号"),
) -> None:
    pass


def _configs(files: list, overrides: dict, explicit: Optional[str]):
    """Every file's configuration, looked up before any work so that a broken file fails at once."""
    from xxgk_lint.config import ConfigError, Configs

    configs = Configs(overrides, explicit)
    try:
        for path in files:
            configs[path]
    except ConfigError as error:
        _fail(str(error))
    return configs


def _plugins(named: Optional[List[str]], configs: dict) -> tuple:
    """Rule modules from the command line, the user's own configuration and an explicit --config;
    those a configuration file beside the reports asks for are refused with one warning each."""
    from xxgk_lint.config import ConfigError, plugin_name, user_plugins

    try:
        modules = [plugin_name(m, "--plugin") for m in named or []] + list(user_plugins())
    except ConfigError as error:
        _fail(str(error))
    modules += [m for c in configs.values() for m in c.get("plugins", []) or []]
    refused = {c.untrusted_plugins.source: c.untrusted_plugins.value for c in configs.values() if c.untrusted_plugins}
    for source, names in sorted(refused.items()):
        _tell(f"xxgk-lint: 警告：没有加载 {source} 中的插件 {'、'.join(names)}——报告旁的配置文件不能运行代码"
              "（需要时用 --plugin、--config 或用户配置文件 ~/.config/xxgk-lint/config.toml）")
    return tuple(sorted(set(modules)))


def _warn_disabled(configs: dict, rules: dict) -> None:
    """Say, after the results, when configuration turned rules off: "未发现问题" under ignore = ALL
    means nothing was checked, and a clerk must be able to see that."""
    from xxgk_lint.config import selection_for

    said = set()
    for path, config in configs.items():
        sources = {config.settings[k].source for k in ("select", "ignore", "per-file-ignores", "extend-select")
                   if k in config.settings}
        selection = selection_for(config, path)
        off = [code for code in rules if not selection.chooses(code)]
        if not off or (frozenset(sources), len(off)) in said or (sources == {"命令行"} and len(off) < len(rules)):
            continue
        said.add((frozenset(sources), len(off)))
        where = "、".join(sorted(sources)) or "命令行"
        if len(off) == len(rules):
            _tell(f"xxgk-lint: 注意：按 {where} 的设置，没有运行任何规则（ignore = [\"ALL\"]）——“未发现问题”不代表报告没有问题")
        else:
            _tell(f"xxgk-lint: 注意：按 {where} 的设置，{len(rules)} 条规则中有 {len(off)} 条没有运行"
                  "（xxgk-lint config 可查看）")


def _check_codes(configs: dict, rules: dict) -> None:
    from xxgk_lint.engine import unknown_codes

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


@app.command(cls=ChineseCommand)
def check(
    paths: List[str] = typer.Argument(..., metavar="路径", help="要检查的文件或文件夹；@清单.txt 逐行列出文件；- 表示标准输入"),
    output_format: Format = typer.Option(Format.console, "--format", "-f", help="输出格式"),
    output: Optional[str] = typer.Option(None, "--output", "-o", metavar="文件", help="把结果写入文件"),
    fail_on: Optional[Level] = typer.Option(None, "--fail-on", help="达到此级别的问题使退出码为 1（默认 error）"),
    select: Optional[List[str]] = typer.Option(None, "--select", metavar="代码", help="只运行这些规则（代码或前缀，逗号分隔）"),
    extend_select: Optional[List[str]] = typer.Option(None, "--extend-select", metavar="代码", help="再多运行这些规则"),
    ignore: Optional[List[str]] = typer.Option(None, "--ignore", metavar="代码", help="不运行这些规则（代码或前缀，逗号分隔）"),
    include: Optional[List[str]] = typer.Option(None, "--include", metavar="模式", help="文件夹中只检查匹配的文件（通配符，如 2023/*），可重复"),
    exclude: Optional[List[str]] = typer.Option(None, "--exclude", metavar="模式", help="文件夹中跳过匹配的文件（通配符，如 草稿/*），可重复"),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", metavar="进程数", min=1, help="并行进程数（默认：全部 CPU 核）"),
    timeout: float = typer.Option(60.0, "--timeout", metavar="秒", min=0, help="单个文件最多检查多少秒，超时跳过（0 不限）"),
    max_size: float = typer.Option(50.0, "--max-size", metavar="兆字节", min=0.001, help="单个文件的大小上限"),
    max_memory: float = typer.Option(2048.0, "--max-memory", metavar="兆字节", min=0,
                                     help="批量检查时每个检查进程的内存上限（0 不限），超出的文件跳过"),
    groups: Optional[str] = typer.Option(None, "--groups", metavar="文件", help="分组文件：本级政府及其所属部门（X004）"),
    baseline: Optional[str] = typer.Option(None, "--baseline", metavar="文件", help="只报告基线文件中没有的新问题"),
    write_baseline: Optional[str] = typer.Option(None, "--write-baseline", metavar="文件", help="把当前的全部问题写入基线文件"),
    statistics: bool = typer.Option(False, "--statistics", help="按规则统计问题数量"),
    wording: Optional[List[str]] = typer.Option(None, "--wording", metavar="目录", help=WORDING_HELP),
    config_file: Optional[str] = typer.Option(None, "--config", metavar="文件", help="使用此配置文件，不再向上查找"),
    fix: bool = typer.Option(False, "--fix", help="把算错的合计改正后写回 YAML/JSON 报告"),
    show_diff: bool = typer.Option(False, "--diff", help="只显示 --fix 会做的修改，不写文件"),
    skip_non_reports: bool = typer.Option(False, "--skip-non-reports", help="不是年度报告的文件直接跳过（用于 pre-commit）"),
    plugin: Optional[List[str]] = typer.Option(None, "--plugin", metavar="模块", help="另外加载此规则模块（Python 导入路径），可重复"),
    identities: Optional[List[str]] = typer.Option(None, "--identities", metavar="文件",
                                                   help=IDENTITIES_HELP),
    previous: Optional[str] = typer.Option(None, "--previous", metavar="文件",
                                           help="同一机关上一年度的报告：它的“结转下年度”作为本年“上年结转”的定值参加诊断，"
                                                "并核对跨年度规则 X001–X003（单独检查一份草稿时用）"),
) -> None:
    """检查年度报告，列出问题：位置、原因、应为多少。可以一次检查整个文件夹。"""
    import math
    import os

    for flag, number in (("--timeout", timeout), ("--max-size", max_size), ("--max-memory", max_memory)):
        if not math.isfinite(number):
            _fail(f"{flag} 应为一个有限的数字，而不是 {number}")

    from xxgk_lint import batch
    from xxgk_lint.collect import Collected
    from xxgk_lint.config import ConfigError
    from xxgk_lint.model import Severity

    from xxgk_lint.pipeline import FileList, ListError, expand

    try:
        files = FileList(expand(paths, tuple(include or ()), tuple(exclude or ())))
    except ListError as error:
        _fail(str(error))
    if not files:
        _fail("没有找到可检查的文件")
    _check_output(output_format, output)
    overrides = {"select": list(_codes(select)), "ignore": list(_codes(ignore)),
                 "extend-select": list(_codes(extend_select)), "fail-on": fail_on.value if fail_on else None}
    configs = _configs(files, overrides, config_file)
    wording_dirs = list(wording or []) + sorted({d for c in configs.values() for d in c.get("wording", []) or []})
    modules = _plugins(plugin, configs)
    identity_files = list(identities or []) + sorted({f for c in configs.values() for f in c.get("identities", []) or []})
    rules = _rules(wording_dirs, modules, identity_files)
    _check_codes(configs, rules)
    try:
        options = batch.BatchOptions(jobs=jobs or os.cpu_count() or 1, timeout=timeout or None,
                                     max_bytes=int(max_size * 1024 * 1024), modules=modules,
                                     max_memory=int(max_memory * 1024 * 1024) or None,
                                     wording=tuple(wording_dirs), keep_data=output_format is Format.html,
                                     identities=tuple(identity_files),
                                     groups=batch.load_groups(groups) if groups else {})
        accepted = batch.read_baseline(baseline) if baseline else None
    except ConfigError as error:
        _fail(str(error))
    last_year = _previous_year(previous, rules, overrides, config_file, options) if previous else None
    if last_year is not None:
        from xxgk_lint.continuity import PreviousYear

        options.previous = PreviousYear.from_digest(last_year)

    if fix or show_diff:

        full = [_timed_check(path, rules, configs[path], options) for path in files]
        full = _with_previous_years(full, rules, configs, options)
        stream = iter([r.compact(output_format is Format.html)
                       for r in _fix(full, rules, configs, write=fix and not show_diff,
                                     timeout=options.timeout, max_bytes=options.max_bytes)])
    else:
        stream = batch.check_many(files, configs, options, rules)

    console = _console(output_format, output)
    live = console is not None and not statistics
    entries: dict = {}
    results = Collected()  # the results until the outputs are written: on disk for a large batch
    unreadable, failing = 0, False
    named = set(paths)
    data_files, data_names = 0, []  # YAML/JSON found in a folder holding nothing of a report (a groups file, notes)
    with _progress(len(files), console) as advance:
        for result in stream:
            if not result.error and not result.recognised and (skip_non_reports or (
                    result.form in ("yaml", "json") and result.path not in named)):
                if not skip_non_reports:
                    data_files += 1
                    data_names += [result.path][:3 - len(data_names)]
                advance()
                continue
            batch.stamp(result, result.diagnostics)
            if accepted is not None:
                if write_baseline:
                    entries.update(batch.baseline_entries(result))
                batch.apply_baseline(result, accepted)
            if result.error:
                _tell(f"{result.path}: {result.error}")
            elif live:
                from xxgk_lint.output.console import print_result

                print_result(console, result)
            unreadable += bool(result.error)
            failing = failing or bool(result.error) or any(
                d.severity >= Severity.parse(result.fail_on) for d in result.diagnostics)
            results.add(result)
            advance()

    def settle(result) -> None:  # a result that cross-report rules added to, before it is stored again
        if accepted is not None:
            if write_baseline:
                entries.update(batch.baseline_entries(result))
            batch.apply_baseline(result, accepted)

    def recheck(path, before):  # a report checked again with last year's numbers as fixed values (X001)
        from dataclasses import replace

        return batch.check_many([path], configs, replace(options, previous=before), rules).__next__()

    cross = batch.cross_check(results, rules, configs, options.groups, settle, recheck, last_year)
    if last_year is not None:
        _warn_unpaired(results, options.previous)
    if accepted is not None:
        cross = [(r, d) for r, d in cross if d in r.diagnostics]
    failing = failing or any(d.severity >= Severity.parse(r.fail_on) for r, d in cross)
    if write_baseline:
        if accepted is None:
            for result in results:
                entries.update(batch.baseline_entries(result))
        try:
            count = batch.write_baseline(write_baseline, entries)
        except OSError as error:
            _fail(f"无法写入基线 {write_baseline}：{oserrors.describe(error, '写入')}")
        typer.echo(f"已把 {count} 个问题写入基线 {write_baseline}", err=True)
    if results:
        _emit(results, [d for _, d in cross], rules, output_format, output, console, statistics)
        _written(output)
    _warn_disabled(configs, rules)
    if data_files:
        _tell(f"xxgk-lint: 跳过了文件夹中 {data_files} 个不含年度报告内容的 YAML/JSON 文件（{'、'.join(data_names)}"
              f"{' 等' if data_files > 3 else ''}）；要检查它们，请直接写出文件名")
    if results and unreadable == len(results):
        raise typer.Exit(EXIT_USAGE)
    raise typer.Exit(EXIT_FINDINGS if failing else EXIT_CLEAN)


# the extensions each format's file may have; a known extension of another format is a mistake
EXTENSIONS = {Format.json: (".json",), Format.jsonl: (".jsonl", ".ndjson", ".json"), Format.sarif: (".sarif", ".json"),
              Format.csv: (".csv",), Format.xlsx: (".xlsx",), Format.html: (".html", ".htm")}


def _check_output(output_format: Format, output: Optional[str]) -> None:
    """Refuse, before any work, an output the user cannot have meant."""
    if output_format is Format.xlsx and not output:
        _fail("--format xlsx 需要用 -o 指定输出文件，如 -o 检查结果.xlsx")
    if output_format is Format.html and not output and sys.stdout.isatty():
        _fail("--format html 生成的是网页文件，请用 -o 指定文件，如 -o 检查结果.html，然后用浏览器打开")
    if not output:
        return
    extension = os.path.splitext(output)[1].lower()
    known = {e for extensions in EXTENSIONS.values() for e in extensions}
    allowed = EXTENSIONS.get(output_format, ())
    if (extension in known or output_format is Format.xlsx) and extension not in allowed:
        fitting = [f.value for f, extensions in EXTENSIONS.items() if extension in extensions]
        hint = f"，或用 -f {fitting[0]}" if fitting else ""
        _fail(f"输出文件 {output} 的扩展名与输出格式 {output_format.value} 不符："
              f"请改用 -o {os.path.splitext(output)[0]}{allowed[0] if allowed else '.txt'}{hint}")


def _written(output: Optional[str]) -> None:
    if output:
        typer.echo(f"已写入 {output}", err=True)


def _console(output_format: Format, output: Optional[str]):
    if output_format is not Format.console:
        return None
    from xxgk_lint.output.console import make_console

    try:
        stream = open(output, "w", encoding="utf-8") if output else sys.stdout
    except OSError as error:
        _fail(f"无法写入 {output}：{oserrors.describe(error, '写入')}")
    return make_console(stream)


class _progress:
    """A progress bar on an interactive terminal for long runs; nothing in pipes and CI."""

    def __init__(self, total: int, console):
        import os

        self.total = total
        self.bar = None
        if total >= 20 and sys.stderr.isatty() and not os.environ.get("CI"):
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

            target = console if console is not None and console.is_terminal else Console(stderr=True)
            self.bar = Progress("检查中", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                                console=target, transient=True)

    def __enter__(self):
        if self.bar is None:
            return lambda: None
        self.bar.start()
        task = self.bar.add_task("check", total=self.total)
        return lambda: self.bar.advance(task)

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.stop()


def _previous_year(path: str, rules: dict, overrides: dict, config_file: Optional[str], options):
    """The digest of the report --previous names, checked like any other; its own findings are not shown."""
    from xxgk_lint.digest import make_digest
    from xxgk_lint.pipeline import check_file

    config = _configs([path], overrides, config_file)[path]
    result = check_file(path, rules, config, options.max_bytes)
    if result.error:
        _fail(f"{path}：上一年度的报告无法读取（{result.error}）")
    if not result.recognised:
        _fail(f"{path}：没有识别出上一年度的年度报告（--previous）")
    return make_digest(result.report)


def _warn_unpaired(results, previous) -> None:
    """Say so where --previous is not the year before a checked report: it was not used for it."""
    for result in results:
        if not result.error and result.recognised and not previous.follows(result.year):
            _tell(f"xxgk-lint: 注意：--previous 指定的是 {previous.year} 年度的报告，而 {result.path} 是 "
                  f"{result.year} 年度的，没有按它核对跨年度关系")


def _with_previous_years(results: list, rules: dict, configs: dict, options) -> list:
    """For --fix in a batch: a report whose 上年结转 does not continue the same agency's previous year
    among the files (X001) is checked again with last year's numbers as fixed values, so that its
    unique correction is what --fix writes."""
    from dataclasses import replace

    from xxgk_lint.continuity import CODE, PreviousYear
    from xxgk_lint.digest import make_digest

    if options.previous is not None or CODE not in rules:
        return results
    digests = [make_digest(r.report) if r.report is not None and r.recognised else None for r in results]
    first: dict = {}
    for digest in digests:
        if digest is not None and digest.key and digest.year:
            first.setdefault((digest.key, digest.year), digest)
    out = []
    for result, digest in zip(results, digests):
        before = first.get((digest.key, digest.year - 1)) if digest is not None and digest.year else None
        if before is not None and any(True for _ in rules[CODE].check(digest, before)):
            again = _timed_check(result.path, rules, configs[result.path],
                                 replace(options, previous=PreviousYear.from_digest(before)))
            if not again.error:
                result = again
        out.append(result)
    return out


def _timed_check(path: str, rules: dict, config, options):
    """One file checked for --fix, in this process, within --timeout."""
    from xxgk_lint.fix import Deadline, deadline
    from xxgk_lint.pipeline import FileResult, check_file

    try:
        with deadline(options.timeout):
            return check_file(path, rules, config, options.max_bytes, options.previous)
    except Deadline:
        return FileResult(path, error=f"检查超时（超过 {options.timeout:g} 秒），已跳过，文件没有改动",
                          fail_on=config.get("fail-on", "error"))


def _fix(results: list, rules: dict, configs: dict, write: bool, timeout=None, max_bytes=None) -> list:
    from xxgk_lint.fix import (WRITABLE, Deadline, FixError, deadline, diff, not_fixed, rewrite, safe_fixes,
                               split_editable, write_fixed)
    from xxgk_lint.pipeline import FileResult, check_file
    from xxgk_lint.read import DEFAULT_MAX_BYTES

    fixed = []
    for result in results:
        fixable = result.report is not None and any(d.fix for d in result.diagnostics)
        if result.report is not None and not_fixed(result.diagnostics):
            _tell(f"{result.path}: {not_fixed(result.diagnostics)}")
        if not fixable:
            fixed.append(result)
            continue
        if result.report.form not in WRITABLE or result.path == "-":
            _tell(f"{result.path}: 只会改写 YAML/JSON 报告；网页、Word、PDF 和文本不会被修改"
                  "（可先用 xxgk-lint convert 转成 YAML）")
            fixed.append(result)
            continue
        try:
            with deadline(timeout):
                changes, skipped = split_editable(result.reading.spans,
                                                  safe_fixes(result.report, result.diagnostics, rules))
                if skipped:
                    cells = "、".join(".".join(map(str, p)) for p in skipped)
                    _tell(f"{result.path}: 没有修正 {cells}：这些单元格用了 YAML 锚点、别名或合并键"
                          "（&、*、<<），改一处会牵动别处，请手工修改")
                if not changes:
                    fixed.append(result)
                    continue
                before = result.reading.text
                after = rewrite(before, result.reading.spans, changes)
                if not write:
                    from xxgk_lint.terminal import utf8_stdout

                    with utf8_stdout() as stream:  # a patch: UTF-8 like the file it patches
                        stream.write(diff(result.path, before, after))
                    fixed.append(result)
                    continue
                changed = write_fixed(result.path, before, after, changes, max_bytes or DEFAULT_MAX_BYTES)
        except FixError as error:
            _tell(f"{result.path}: 没有修正：{error}")
            fixed.append(result)
            continue
        except Deadline:
            fixed.append(FileResult(result.path, error=f"修正超时（超过 {timeout:g} 秒），文件没有改动",
                                    fail_on=result.fail_on))
            continue
        _tell(f"{result.path}: 已修正 {changed} 个单元格")
        fixed.append(check_file(result.path, rules, configs[result.path], max_bytes,
                                getattr(result.report, "previous_year", None)))
    return fixed


def _emit(results, cross, rules, output_format: Format, output: Optional[str], console, statistics: bool) -> None:
    from xxgk_lint import batch

    stats = batch.statistics(results, rules) if statistics else None
    if output_format is Format.console:
        from xxgk_lint.output.console import (print_agencies, print_cross, print_result, print_statistics,
                                         print_summary)

        if statistics:
            print_statistics(console, stats)
        else:
            print_cross(console, cross)
            if len(results) > 1:
                print_agencies(console, batch.by_agency(results, limit=50), total=len(results))
        print_summary(console, results)
        if output:
            console.file.close()
        return
    if output_format is Format.json:
        from xxgk_lint.output.json_report import render_parts

        _write_parts(render_parts(results, stats), output)
        return
    if output_format is Format.jsonl:
        from xxgk_lint.output.json_report import line_parts

        _write_parts(line_parts(results), output, end="")
        return
    if output_format is Format.sarif:
        from xxgk_lint.output.sarif import render_parts as sarif_parts

        _write_parts(sarif_parts(results, rules, batch.fingerprints), output)
        return
    if output_format is Format.csv:
        from xxgk_lint.output.plain import csv_parts

        _write_parts(csv_parts(results), output, end="")
        return
    if output_format is Format.github:
        from xxgk_lint.output.plain import render_github

        text = render_github(results)
    elif output_format is Format.html:
        from xxgk_lint.output.html_view import render

        text = render(results, batch.by_agency(results), rules)
    else:
        from xxgk_lint.output.xlsx import render

        try:
            with open(output, "wb") as handle:
                handle.write(render(results, batch.by_agency(results)))
        except OSError as error:
            _fail(f"无法写入 {output}：{oserrors.describe(error, '写入')}")
        return
    _write(text if text.endswith("\n") or not text else text + "\n", output)


def _write_parts(parts, output: Optional[str], end: str = "\n") -> None:
    """Write an output piece by piece as the results are read back: a batch is never one string."""
    from xxgk_lint.terminal import utf8_stdout

    try:
        with (open(output, "w", encoding="utf-8") if output else utf8_stdout()) as handle:
            for part in parts:
                handle.write(part)
            handle.write(end)
    except BrokenPipeError:
        raise  # the reader of standard output went away: main() ends quietly
    except OSError as error:
        _fail(f"无法写入 {output}：{oserrors.describe(error, '写入')}")


def _write(text: str, output: Optional[str]) -> None:
    if output:
        try:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as error:
            _fail(f"无法写入 {output}：{oserrors.describe(error, '写入')}")
    else:
        from xxgk_lint.terminal import utf8_stdout

        with utf8_stdout() as stream:  # a file format: UTF-8 even where the console is GBK
            stream.write(text)


@app.command(cls=ChineseCommand)
def template(
    edition: str = typer.Option("2021", "--edition", "-e", metavar="版本", help="格式版本：2019 或 2021"),
    year: Optional[int] = typer.Option(None, "--year", "-y", metavar="年度", help="报告年度"),
    agency: Optional[str] = typer.Option(None, "--agency", "-a", metavar="名称", help="机关名称"),
    output: Optional[str] = typer.Option(None, "--output", "-o", metavar="文件", help="写入文件而不是打印"),
) -> None:
    """打印一份空白的 YAML 年度报告，供填写后检查。"""
    from xxgk_lint.editions import edition as find_edition
    from xxgk_lint.template import render_template

    try:
        chosen = find_edition(edition)
    except KeyError as error:
        _fail(str(error.args[0]))
    _write(render_template(chosen, year, agency), output)
    _written(output)


@app.command(cls=ChineseCommand)
def convert(
    path: str = typer.Argument(..., metavar="报告", help="要转换的报告（网页、文本、YAML……）；- 表示标准输入"),
    output: Optional[str] = typer.Option(None, "--output", "-o", metavar="文件", help="写入 .yaml/.yml 或 .json 文件；默认打印 YAML"),
) -> None:
    """把读到的报告写成结构化格式（YAML 或 JSON），检查结果与原文件相同。"""
    import json

    from xxgk_lint.read import InputError, read_file
    from xxgk_lint.template import render_report
    from xxgk_lint.validate import build_report

    try:
        reading = read_file(path)
    except InputError as error:
        _tell(f"{path}: {error}")
        raise typer.Exit(EXIT_USAGE)
    if not reading.recognised:
        reasons = "；".join(p.message for p in reading.problems if p.kind == "unrecognised")
        _tell(f"{path}: 没有识别出政府信息公开工作年度报告（{reasons}）")
        raise typer.Exit(EXIT_USAGE)
    report = build_report(path, reading)
    if output and output.lower().endswith(".json"):
        text = json.dumps(reading.data, ensure_ascii=False, indent=2) + "\n"
    else:
        text = render_report(report.edition, reading.data, f"由 xxgk-lint convert 从 {path} 转换而来")
    _write(text, output)
    _written(output)


@app.command("config", cls=ChineseCommand)
def show_config(
    path: str = typer.Argument(".", metavar="路径", help="文件或文件夹：显示检查它时生效的配置"),
    config_file: Optional[str] = typer.Option(None, "--config", metavar="文件", help="使用此配置文件，不再向上查找"),
) -> None:
    """显示生效的配置，以及每一项来自哪里。"""
    from pathlib import Path as FsPath

    from xxgk_lint.clihelp import display_width
    from xxgk_lint.config import ConfigError, describe, find, for_path

    target = str(FsPath(path) / "_") if FsPath(path).is_dir() else path
    try:
        config = for_path(target, {}, config_file)
        found = config_file or find(str(FsPath(target).resolve().parent))
    except ConfigError as error:
        _fail(str(error))
    typer.echo(f"配置文件：{found or '（没有找到，使用默认值）'}")
    for key, value, source in describe(config):
        if value is None:
            shown = "（未设置）"
        elif isinstance(value, (list, dict)):
            shown = __import__("json").dumps(value, ensure_ascii=False)
        else:
            shown = value
        shown = str(shown)
        typer.echo(f"  {key:<17} = {shown}{' ' * max(0, 40 - display_width(shown))}  # {source}")


@app.command(cls=ChineseCommand)
def serve(
    host: str = typer.Option("127.0.0.1", "--host", metavar="地址", help="监听的地址（默认只有本机可以访问）"),
    port: int = typer.Option(8765, "--port", metavar="端口", min=0, max=65535, help="端口；0 表示任选一个空闲端口"),
    max_size: float = typer.Option(50.0, "--max-size", metavar="兆字节", min=0.001, help="上传文件的大小上限"),
    timeout: float = typer.Option(60.0, "--timeout", metavar="秒", min=1, help="单个上传文件最多检查多少秒，超时停止"),
) -> None:
    """打开一个本机网页：把报告拖进去，立即看到标出问题的表格。文件不保存、不外传。"""
    from xxgk_lint.serve import serve as run

    try:
        run(host, port, int(max_size * 1024 * 1024), announce=lambda line: typer.echo(line, err=True),
            check_seconds=timeout)
    except OSError as error:
        _fail(f"无法在 {host}:{port} 上启动：{oserrors.describe(error, '使用')}")


@app.command("rules", cls=ChineseCommand)
def list_rules(wording: Optional[List[str]] = typer.Option(None, "--wording", metavar="目录", help=WORDING_HELP),
               identities: Optional[List[str]] = typer.Option(None, "--identities", metavar="文件", help=IDENTITIES_HELP)) -> None:
    """列出全部规则：代码、默认级别、检查什么。"""
    rules = _rules(wording, identities=identities or ())
    typer.echo("代码   级别  检查什么")
    for code, found in rules.items():
        typer.echo(f"{code:<6} {found.severity.chinese}  {found.summary}")


@app.command("rule", cls=ChineseCommand)
def show_rule(code: str = typer.Argument(..., metavar="代码", help="规则代码，如 A001"),
              wording: Optional[List[str]] = typer.Option(None, "--wording", metavar="目录", help=WORDING_HELP),
              identities: Optional[List[str]] = typer.Option(None, "--identities", metavar="文件", help=IDENTITIES_HELP)) -> None:
    """显示一条规则的说明：检查什么、为什么、错误和正确的示例。"""
    rules = _rules(wording, identities=identities or ())
    found = rules.get(code.strip().upper())
    if found is None:
        _fail(f"没有规则 {code}（xxgk-lint rules 列出全部规则）")
    typer.echo(f"{found.code}（默认级别：{found.severity.chinese}）")
    typer.echo(found.summary)
    typer.echo("")
    typer.echo(found.doc)


def main() -> None:
    from xxgk_lint.terminal import make_streams_safe

    from xxgk_lint.clihelp import run

    make_streams_safe()
    try:
        values = _quick_arguments(sys.argv[1:])
        if values is not None:
            _check_quickly(values)
        sys.exit(run(app, "xxgk-lint"))
    except BrokenPipeError:
        # the reader went away (xxgk-lint check … | head): nothing more to say, and no traceback
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)


def _quick_arguments(argv: list) -> Optional[dict]:
    """`check`'s arguments read straight from its signature, for the calls typer's parsing would
    only slow down (it builds a pydantic adapter for every option: a third of a single check's
    time). Anything unusual — help, `--`, an unknown or clustered option, a value of the wrong
    kind or out of range — gives None, and typer parses it and explains the problem in Chinese."""
    import inspect
    import typing
    from enum import Enum

    if len(argv) < 2 or argv[0] != "check":
        return None
    hints = typing.get_type_hints(check)
    values, flags = {}, {}
    parameters = inspect.signature(check).parameters
    for name, parameter in parameters.items():
        info = parameter.default
        values[name] = None if info.default is ... else info.default
        for flag in getattr(info, "param_decls", None) or ():
            flags[flag] = name
    values["paths"] = []
    given = iter(argv[1:])
    for arg in given:
        if arg == "-" or not arg.startswith("-"):
            values["paths"].append(arg)
            continue
        flag, equals, inline = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        name = flags.get(flag)
        if name is None:
            return None
        base, many = _option_kind(hints[name])
        if base is bool:
            if equals:
                return None
            values[name] = True
            continue
        value = inline if equals else next(given, None)
        if value is None or (not equals and value.startswith("-") and value != "-" and base is str):
            return None  # an option's value missing (or another option in its place)
        try:
            converted = base(value)
        except (ValueError, TypeError):
            return None
        least = getattr(parameters[name].default, "min", None)
        if least is not None and not isinstance(converted, Enum) and converted < least:
            return None
        values[name] = (values[name] or []) + [converted] if many else converted
    return values if values["paths"] else None


def _option_kind(hint) -> tuple:
    """(the type of one value, whether the option repeats) from a parameter's annotation."""
    import typing

    inner = [a for a in typing.get_args(hint) if a is not type(None)]
    if typing.get_origin(hint) is typing.Union and len(inner) == 1:  # Optional[X]
        hint = inner[0]
    if typing.get_origin(hint) is list:
        return typing.get_args(hint)[0], True
    return hint, False


def _check_quickly(values: dict) -> None:
    """Run `check` with arguments read by _quick_arguments."""
    try:
        check(**values)
    except typer.Exit as done:
        sys.exit(done.exit_code)
    except KeyboardInterrupt:
        typer.echo("已中止", err=True)
        sys.exit(1)
