"""`xxgk-lint check`: its options and what it does, without typer.

The usual call (paths and a few options) is read here from the option table and run at once:
importing typer alone costs a check more than reading most reports. The typer command in
xxgk_lint.commands is built from the same table, and parses every other call (help, errors)."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from enum import Enum
from typing import List, Optional

from xxgk_lint import oserrors
from xxgk_lint.terminal import ERRORS, readable_names

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


class Exit(Exception):
    """The command ends with this exit code (what it had to say is already written)."""

    def __init__(self, code: int = EXIT_CLEAN):
        super().__init__(code)
        self.code = code


# what to do with a report sent as a zip, a scan, a spreadsheet or an OFD file
PASSED_OVER_ADVICE = "报告若在其中，请解压，或另存为 Word、PDF 或网页后再检查"

def echo(text: str, err: bool = False) -> None:
    stream = sys.stderr if err else sys.stdout
    stream.write(f"{text}\n")
    stream.flush()


def fail(message: str) -> None:
    """A usage or input error the whole command stops at: one line, exit code 2."""
    tell(f"xxgk-lint: {message}")
    raise Exit(EXIT_USAGE)


def tell(text: str) -> None:
    """One line on stderr about a file: its name may carry terminal controls, which are dropped."""
    from xxgk_lint.output import printable

    echo(printable(text), err=True)


def _codes(values: Optional[List[str]]) -> tuple:
    codes = []
    for value in values or []:
        codes.extend(part.strip().upper() for part in value.split(",") if part.strip())
    return tuple(codes)  # "ALL" stays as written: config.selection_for reads it


def rules_with(wording=None, modules=(), identities=()):
    """The rules, with the user's wording data, rule modules and local identities loaded (a bad one: fail)."""
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
        fail(str(error))



WORDING_HELP = "另外加载此目录中的措辞数据文件（YAML），可重复"
IDENTITIES_HELP = "另外加载此文件中的本地勾稽关系（写法与模板自己的勾稽关系相同），可重复"


@dataclass(frozen=True)
class Option:
    """One option of `check`: its parameter name, flags, type, default, and what --help says."""

    name: str
    flags: tuple
    kind: type  # the type of one value
    default: object = None
    help: str = ""
    metavar: Optional[str] = None
    many: bool = False  # may be given more than once
    least: Optional[float] = None  # the smallest value allowed

    @property
    def annotation(self):
        if self.many:
            return Optional[List[self.kind]]
        if self.kind is bool or self.default is not None:
            return self.kind
        return Optional[self.kind]


PATHS_HELP = "要检查的文件或文件夹；@清单.txt 逐行列出文件；- 表示标准输入"
CHECK_OPTIONS = (
    Option("output_format", ("--format", "-f"), Format, Format.console, "输出格式"),
    Option("output", ("--output", "-o"), str, None, "把结果写入文件", "文件"),
    Option("fail_on", ("--fail-on",), Level, None, "达到此级别的问题使退出码为 1（默认 error）"),
    Option("select", ("--select",), str, None, "只运行这些规则（代码或前缀，逗号分隔）", "代码", many=True),
    Option("extend_select", ("--extend-select",), str, None, "再多运行这些规则", "代码", many=True),
    Option("ignore", ("--ignore",), str, None, "不运行这些规则（代码或前缀，逗号分隔）", "代码", many=True),
    Option("include", ("--include",), str, None, "文件夹中只检查匹配的文件（通配符，如 2023/*），可重复", "模式", many=True),
    Option("exclude", ("--exclude",), str, None, "文件夹中跳过匹配的文件（通配符，如 草稿/*），可重复", "模式", many=True),
    Option("jobs", ("--jobs", "-j"), int, None, "并行进程数（默认：全部 CPU 核）", "进程数", least=1),
    Option("timeout", ("--timeout",), float, 60.0, "单个文件最多检查多少秒，超时跳过（0 不限）", "秒", least=0),
    Option("max_size", ("--max-size",), float, 50.0, "单个文件的大小上限", "兆字节", least=0.001),
    Option("max_memory", ("--max-memory",), float, 2048.0, "批量检查时每个检查进程的内存上限（0 不限），超出的文件跳过",
           "兆字节", least=0),
    Option("groups", ("--groups",), str, None, "分组文件：本级政府及其所属部门（X004）", "文件"),
    Option("baseline", ("--baseline",), str, None, "只报告基线文件中没有的新问题", "文件"),
    Option("write_baseline", ("--write-baseline",), str, None, "把当前的全部问题写入基线文件", "文件"),
    Option("statistics", ("--statistics",), bool, False, "按规则统计问题数量"),
    Option("wording", ("--wording",), str, None, WORDING_HELP, "目录", many=True),
    Option("config_file", ("--config",), str, None, "使用此配置文件，不再向上查找", "文件"),
    Option("fix", ("--fix",), bool, False, "把算错的合计改正后写回 YAML/JSON 报告"),
    Option("show_diff", ("--diff",), bool, False, "只显示 --fix 会做的修改，不写文件"),
    Option("skip_non_reports", ("--skip-non-reports",), bool, False, "不是年度报告的文件直接跳过（用于 pre-commit）"),
    Option("plugin", ("--plugin",), str, None, "另外加载此规则模块（Python 导入路径），可重复", "模块", many=True),
    Option("identities", ("--identities",), str, None, IDENTITIES_HELP, "文件", many=True),
    Option("previous", ("--previous",), str, None,
           "同一机关上一年度的报告：它的“结转下年度”作为本年“上年结转”的定值参加诊断，"
           "并核对跨年度规则 X001–X003（单独检查一份草稿时用）", "文件"),
)


def quick_arguments(argv: list) -> Optional[dict]:
    """`check`'s arguments read straight from the option table, for the calls typer's parsing
    would only slow down. Anything unusual — help, `--`, an unknown or clustered option, a value
    of the wrong kind or out of range — gives None, and typer parses it and explains the problem
    in Chinese."""
    if len(argv) < 2 or argv[0] != "check":
        return None
    flags = {flag: option for option in CHECK_OPTIONS for flag in option.flags}
    values = {option.name: option.default for option in CHECK_OPTIONS}
    values["paths"] = []
    given = iter(argv[1:])
    for arg in given:
        if arg == "-" or not arg.startswith("-"):
            values["paths"].append(arg)
            continue
        flag, equals, inline = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        option = flags.get(flag)
        if option is None:
            return None
        if option.kind is bool:
            if equals:
                return None
            values[option.name] = True
            continue
        value = inline if equals else next(given, None)
        if value is None or (not equals and value.startswith("-") and value != "-" and option.kind is str):
            return None  # an option's value missing (or another option in its place)
        try:
            converted = option.kind(value)
        except (ValueError, TypeError):
            return None
        if option.least is not None and converted < option.least:
            return None
        values[option.name] = (values[option.name] or []) + [converted] if option.many else converted
    return values if values["paths"] else None



def _configs(files: list, overrides: dict, explicit: Optional[str]):
    """Every file's configuration, looked up before any work so that a broken file fails at once."""
    from xxgk_lint.config import ConfigError, Configs

    configs = Configs(overrides, explicit)
    try:
        for path in files:
            configs[path]
    except ConfigError as error:
        fail(str(error))
    return configs


def _plugins(named: Optional[List[str]], configs: dict) -> tuple:
    """Rule modules from the command line, the user's own configuration and an explicit --config;
    those a configuration file beside the reports asks for are refused with one warning each."""
    from xxgk_lint.config import ConfigError, plugin_name, user_plugins

    try:
        modules = [plugin_name(m, "--plugin") for m in named or []] + list(user_plugins())
    except ConfigError as error:
        fail(str(error))
    modules += [m for c in configs.values() for m in c.get("plugins", []) or []]
    refused = {c.untrusted_plugins.source: c.untrusted_plugins.value for c in configs.values() if c.untrusted_plugins}
    for source, names in sorted(refused.items()):
        tell(f"xxgk-lint: 警告：没有加载 {source} 中的插件 {'、'.join(names)}——报告旁的配置文件不能运行代码"
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
            tell(f"xxgk-lint: 注意：按 {where} 的设置，没有运行任何规则（ignore = [\"ALL\"]）——“未发现问题”不代表报告没有问题")
        else:
            tell(f"xxgk-lint: 注意：按 {where} 的设置，{len(rules)} 条规则中有 {len(off)} 条没有运行"
                  "（xxgk-lint config 可查看）")


def _check_codes(configs: dict, rules: dict) -> None:
    from xxgk_lint.config import unknown_codes_in

    for config in {id(c): c for c in configs.values()}.values():
        problem = unknown_codes_in(config, rules)
        if problem:
            fail(problem)


def run_check(*, paths: List[str], output_format: Format, output: Optional[str], fail_on: Optional[Level],
              select: Optional[List[str]], extend_select: Optional[List[str]], ignore: Optional[List[str]],
              include: Optional[List[str]], exclude: Optional[List[str]], jobs: Optional[int], timeout: float,
              max_size: float, max_memory: float, groups: Optional[str], baseline: Optional[str],
              write_baseline: Optional[str], statistics: bool, wording: Optional[List[str]],
              config_file: Optional[str], fix: bool, show_diff: bool, skip_non_reports: bool,
              plugin: Optional[List[str]], identities: Optional[List[str]], previous: Optional[str]) -> None:
    """Check the files: every option of CHECK_OPTIONS by its name, and `paths`. Ends by raising Exit."""
    """检查年度报告，列出问题：位置、原因、应为多少。可以一次检查整个文件夹。"""
    import math
    import os

    for flag, number in (("--timeout", timeout), ("--max-size", max_size), ("--max-memory", max_memory)):
        if not math.isfinite(number):
            fail(f"{flag} 应为一个有限的数字，而不是 {number}")

    from xxgk_lint import batch
    from xxgk_lint.collect import Collected
    from xxgk_lint.config import ConfigError
    from xxgk_lint.model import Severity

    from xxgk_lint.pipeline import FileList, ListError, PassedOver, expand
    from xxgk_lint.read import OWN_RESULTS, SCAN_REPORT, SCANNED_REPORT

    passed_over = PassedOver()
    try:
        files = FileList(expand(paths, tuple(include or ()), tuple(exclude or ()), passed_over=passed_over))
    except ListError as error:
        fail(str(error))
    if not files:
        fail("没有找到可检查的文件" + (f"（文件夹中只有无法读取的格式：{passed_over.describe()}；{PASSED_OVER_ADVICE}）"
                                       if passed_over else ""))
    _check_output(output_format, output)
    overrides = {"select": list(_codes(select)), "ignore": list(_codes(ignore)),
                 "extend-select": list(_codes(extend_select)), "fail-on": fail_on.value if fail_on else None}
    configs = _configs(files, overrides, config_file)
    wording_dirs = list(wording or []) + sorted({d for c in configs.values() for d in c.get("wording", []) or []})
    modules = _plugins(plugin, configs)
    identity_files = list(identities or []) + sorted({f for c in configs.values() for f in c.get("identities", []) or []})
    rules = rules_with(wording_dirs, modules, identity_files)
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
        fail(str(error))
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
    # a file's block is shown once the findings across reports are known (against last year's report,
    # X001 and what checking it again with last year's numbers finds; the group's X004): shown as each
    # file was done, it said "未发现问题" or gave a first pass's A007 that a section below then overruled
    deferred = console is not None and not statistics and (last_year is not None or len(files) > 1)
    live = console is not None and not statistics and not deferred
    entries: dict = {}
    results = Collected()  # the results until the outputs are written: on disk for a large batch
    unreadable, failing = 0, False
    named = set(paths)
    present = frozenset(os.path.basename(path) for path in files)  # for the baseline (batch.apply_baseline)
    data_files, data_names = 0, []  # YAML/JSON found in a folder holding nothing of a report (a groups file, notes)
    pages = []  # our own result pages (-f html) found in a folder: results, not reports
    with _progress(len(files), console) as advance:
        for result in stream:
            if result.error in OWN_RESULTS and result.path not in named:
                pages.append(result.path)
                advance()
                continue
            if skip_non_reports and result.scan == SCAN_REPORT and not result.error:
                # a report nobody can check, not a file that is none: passed over in silence, a
                # clerk committing it would take it for checked
                result.error, result.diagnostics = SCANNED_REPORT, []
            if not result.error and not result.recognised and (skip_non_reports or (
                    result.form in ("yaml", "json") and result.path not in named)):
                if not skip_non_reports:
                    data_files += 1
                    data_names += [result.path][:3 - len(data_names)]
                advance()
                continue
            if result.digest is not None and results.holds(result.digest.key, result.digest.year):
                # a second report of an agency and year (a draft beside the final): its fingerprints
                # carry its file name, or a baseline accepting the first's finding would hide its own
                result.twin = os.path.basename(result.path)
            batch.stamp(result, result.diagnostics)
            if accepted is not None:
                if write_baseline:
                    entries.update(batch.baseline_entries(result))
                batch.apply_baseline(result, accepted, present)
            if result.error:
                tell(f"{result.path}: {result.error}")
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
            batch.apply_baseline(result, accepted, present)

    def recheck(path, before):  # a report checked again with last year's numbers as fixed values (X001)
        from dataclasses import replace

        return batch.check_many([path], configs, replace(options, previous=before), rules).__next__()

    cross = batch.cross_check(results, rules, configs, options.groups, settle, recheck, last_year,
                              notice=lambda text: tell(f"xxgk-lint: 注意：{text}"))
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
            fail(f"无法写入基线 {write_baseline}：{oserrors.describe(error, '写入')}")
        echo(f"已把 {count} 个问题写入基线 {write_baseline}", err=True)
    if deferred:
        from xxgk_lint.output.console import print_result

        for result in results:
            if not result.error:
                print_result(console, result)  # its pair's findings in it, in their place
        cross = []
    if results:
        _emit(results, [d for _, d in cross], rules, output_format, output, console, statistics)
        say_written(output)
    _warn_disabled(configs, rules)
    if data_files:
        tell(f"xxgk-lint: 跳过了文件夹中 {data_files} 个不含年度报告内容的 YAML/JSON 文件（{'、'.join(data_names)}"
              f"{' 等' if data_files > 3 else ''}）；要检查它们，请直接写出文件名")
    if pages:
        tell(f"xxgk-lint: 跳过了文件夹中 {len(pages)} 个 xxgk-lint 生成的检查结果（{'、'.join(pages[:3])}"
             f"{' 等' if len(pages) > 3 else ''}），它们不是年度报告")
    if passed_over:
        tell(f"xxgk-lint: 文件夹中另有无法读取的格式，没有检查：{passed_over.describe()}；{PASSED_OVER_ADVICE}")
    if results and unreadable == len(results):
        raise Exit(EXIT_USAGE)
    raise Exit(EXIT_FINDINGS if failing else EXIT_CLEAN)



# the extensions each format's file may have; a known extension of another format is a mistake
EXTENSIONS = {Format.json: (".json",), Format.jsonl: (".jsonl", ".ndjson", ".json"), Format.sarif: (".sarif", ".json"),
              Format.csv: (".csv",), Format.xlsx: (".xlsx",), Format.html: (".html", ".htm")}


def _check_output(output_format: Format, output: Optional[str]) -> None:
    """Refuse, before any work, an output the user cannot have meant."""
    if output_format is Format.xlsx and not output:
        fail("--format xlsx 需要用 -o 指定输出文件，如 -o 检查结果.xlsx")
    if output_format is Format.html and not output and sys.stdout.isatty():
        fail("--format html 生成的是网页文件，请用 -o 指定文件，如 -o 检查结果.html，然后用浏览器打开")
    if not output:
        return
    extension = os.path.splitext(output)[1].lower()
    known = {e for extensions in EXTENSIONS.values() for e in extensions}
    allowed = EXTENSIONS.get(output_format, ())
    # a workbook or a web page under another name opens in the wrong program (结果.txt in Notepad)
    if (extension in known or output_format in (Format.xlsx, Format.html)) and extension not in allowed:
        fitting = [f.value for f, extensions in EXTENSIONS.items() if extension in extensions]
        hint = f"，或用 -f {fitting[0]}" if fitting else ""
        fail(f"输出文件 {output} 的扩展名与输出格式 {output_format.value} 不符："
              f"请改用 -o {os.path.splitext(output)[0]}{allowed[0] if allowed else '.txt'}{hint}")


def say_written(output: Optional[str]) -> None:
    """Confirm on stderr the file an output went to (-o)."""
    if output:
        echo(f"已写入 {output}", err=True)


def _console(output_format: Format, output: Optional[str]):
    if output_format is not Format.console:
        return None
    from xxgk_lint.output.console import make_console

    try:
        stream = open(output, "w", encoding="utf-8", errors=ERRORS) if output else sys.stdout
    except OSError as error:
        fail(f"无法写入 {output}：{oserrors.describe(error, '写入')}")
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
        fail(f"{path}：上一年度的报告无法读取（{result.error}）")
    if not result.recognised:
        fail(f"{path}：没有识别出上一年度的年度报告（--previous）")
    return make_digest(result.report)


def _warn_unpaired(results, previous) -> None:
    """Say so where --previous is not the year before a checked report, or is another agency's: it
    was not used for it."""
    for result in results:
        if result.error or not result.recognised:
            continue
        if not previous.follows(result.year):
            tell(f"xxgk-lint: 注意：--previous 指定的是 {previous.year} 年度的报告，而 {result.path} 是 "
                 f"{result.year} 年度的，没有按它核对跨年度关系")
        elif not previous.precedes(result.year, result.agency):
            tell(f"xxgk-lint: 注意：--previous 指定的是“{previous.agency}”的报告，而 {result.path} 是"
                 f"“{result.agency}”的，不是同一机关，没有按它核对跨年度关系")


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
        # a file --fix never rewrites is said to be so first, whatever its findings: a web page,
        # Word, PDF or text is never changed (what could be fixed, or why not, would not apply)
        if result.report is not None and (result.report.form not in WRITABLE or result.path == "-") \
                and result.diagnostics:
            tell(f"{result.path}: 只会改写 YAML/JSON 报告；网页、Word、PDF 和文本不会被修改"
                  "（可先用 xxgk-lint convert 转成 YAML）")
            fixed.append(result)
            continue
        if result.report is not None and not_fixed(result.diagnostics):
            tell(f"{result.path}: {not_fixed(result.diagnostics)}")
        if not fixable:
            fixed.append(result)
            continue
        try:
            with deadline(timeout):
                changes, skipped = split_editable(result.reading.spans,
                                                  safe_fixes(result.report, result.diagnostics, rules))
                if skipped:
                    cells = "、".join(".".join(map(str, p)) for p in skipped)
                    tell(f"{result.path}: 没有修正 {cells}：这些单元格用了 YAML 锚点、别名或合并键"
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
            tell(f"{result.path}: 没有修正：{error}")
            fixed.append(result)
            continue
        except Deadline:
            fixed.append(FileResult(result.path, error=f"修正超时（超过 {timeout:g} 秒），文件没有改动",
                                    fail_on=result.fail_on))
            continue
        tell(f"{result.path}: 已修正 {changed} 个单元格")
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
            fail(f"无法写入 {output}：{oserrors.describe(error, '写入')}")
        return
    write_output(text if text.endswith("\n") or not text else text + "\n", output)


def _write_parts(parts, output: Optional[str], end: str = "\n") -> None:
    """Write an output piece by piece as the results are read back: a batch is never one string."""
    from xxgk_lint.terminal import utf8_stdout

    try:
        with (open(output, "w", encoding="utf-8", errors=ERRORS) if output else utf8_stdout()) as handle:
            for part in parts:
                handle.write(readable_names(part))
            handle.write(end)
    except BrokenPipeError:
        raise  # the reader of standard output went away: main() ends quietly
    except OSError as error:
        fail(f"无法写入 {output}：{oserrors.describe(error, '写入')}")


def write_output(text: str, output: Optional[str]) -> None:
    if output:
        try:
            with open(output, "w", encoding="utf-8", errors=ERRORS) as handle:
                handle.write(readable_names(text))
        except OSError as error:
            fail(f"无法写入 {output}：{oserrors.describe(error, '写入')}")
    else:
        from xxgk_lint.terminal import utf8_stdout

        with utf8_stdout() as stream:  # a file format: UTF-8 even where the console is GBK
            stream.write(readable_names(text))

