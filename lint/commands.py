"""The typer application: `check` (built from xxgk_lint.checking's option table), template,
convert, config, serve, rules, rule; help pages and usage errors in Chinese (xxgk_lint.clihelp).

A plain `check` call never comes here (xxgk_lint.cli runs it without typer)."""

from __future__ import annotations

import inspect
from typing import List, Optional

import typer

from xxgk_lint import __version__, oserrors
from xxgk_lint.checking import (CHECK_OPTIONS, EXIT_USAGE, IDENTITIES_HELP, PATHS_HELP, WORDING_HELP, fail, rules_with,
                                run_check, say_written, tell, write_output)
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


def _version(value: bool) -> None:
    if value:
        typer.echo(f"xxgk-lint {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="显示版本号"),
) -> None:
    pass


def check(**values) -> None:
    """检查年度报告，列出问题：位置、原因、应为多少。可以一次检查整个文件夹。"""
    run_check(**values)


# typer reads a command's options from its signature: this one's comes from the option table
check.__signature__ = inspect.Signature(
    [inspect.Parameter("paths", inspect.Parameter.KEYWORD_ONLY, annotation=List[str],
                       default=typer.Argument(..., metavar="路径", help=PATHS_HELP))]
    + [inspect.Parameter(option.name, inspect.Parameter.KEYWORD_ONLY, annotation=option.annotation,
                         default=typer.Option(option.default, *option.flags, metavar=option.metavar, help=option.help,
                                              min=option.least, case_sensitive=False))  # -f JSON, --fail-on WARNING
       for option in CHECK_OPTIONS])
check.__annotations__ = {p.name: p.annotation for p in check.__signature__.parameters.values()}
app.command(cls=ChineseCommand)(check)


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
        fail(str(error.args[0]))
    write_output(render_template(chosen, year, agency), output)
    say_written(output)


@app.command(cls=ChineseCommand)
def convert(
    path: str = typer.Argument(..., metavar="报告", help="要转换的报告（网页、文本、YAML……）；- 表示标准输入"),
    output: Optional[str] = typer.Option(None, "--output", "-o", metavar="文件", help="写入 .yaml/.yml 或 .json 文件；默认打印 YAML"),
) -> None:
    """把读到的报告写成结构化格式（YAML 或 JSON），检查结果与原文件相同（原文中无法对应到单元格的数字写作 ~，并在文件开头列出）。"""
    import json

    from xxgk_lint.read import InputError, read_file
    from xxgk_lint.template import render_report
    from xxgk_lint.validate import build_report

    try:
        reading = read_file(path)
    except InputError as error:
        tell(f"{path}: {error}")
        raise typer.Exit(EXIT_USAGE)
    if not reading.recognised:
        reasons = "；".join(p.message for p in reading.problems if p.kind == "unrecognised")
        tell(f"{path}: 没有识别出政府信息公开工作年度报告（{reasons}）")
        raise typer.Exit(EXIT_USAGE)
    report = build_report(path, reading)
    # cells the reader could not place (S011: digits run together, cells lost by a converter) have
    # no value to write: they are written as ~ and named here, so that the clerk fills them in
    # rather than the check reading them as cells left blank
    unread = [p for p in reading.problems if p.kind == "ambiguous"]
    comment = f"由 xxgk-lint convert 从 {path} 转换而来"
    if unread:
        comment += ("\n注意：原文中以下数字无法唯一对应到单元格（S011），这里写作 ~，请对照原文填入："
                    + "".join(f"\n- {p.message}" for p in unread))
    # a table published as a picture has no numbers to write: said, rather than left as blank cells
    pictured = [p for p in reading.problems if p.kind == "pictured"]
    if pictured:
        comment += ("\n注意：原文中以下表格是图片，数字无法读取，这里没有写出，请对照原文填入："
                    + "".join(f"\n- {p.message.split('：', 1)[0]}（{p.location.describe() if p.location else ''}）"
                              for p in pictured))
    as_json = bool(output) and output.lower().endswith(".json")
    text = render_report(report.edition, reading.data, comment)
    if as_json:
        # the same report as the YAML, every cell of the form in it (an unplaced one null, as ~ there):
        # the raw reading leaves such rows out, and checking the JSON then said they were missing
        import yaml

        text = json.dumps(yaml.safe_load(text), ensure_ascii=False, indent=2) + "\n"
    write_output(text, output)
    say_written(output)
    if unread:
        tell(f"{path}: 有 {len(unread)} 处数字无法唯一对应到单元格，已写作 {'null' if as_json else '~'}，请对照原文填入"
             + ("：" + "；".join(p.message for p in unread) if as_json else "（见文件开头的说明）"))
    for problem in pictured:
        tell(f"{path}: {problem.message}")


@app.command("config", cls=ChineseCommand)
def show_config(
    path: str = typer.Argument(".", metavar="路径", help="文件或文件夹：显示检查它时生效的配置"),
    config_file: Optional[str] = typer.Option(None, "--config", metavar="文件", help="使用此配置文件，不再向上查找"),
) -> None:
    """显示生效的配置，以及每一项来自哪里。"""
    from pathlib import Path as FsPath

    from xxgk_lint.clihelp import display_width
    from xxgk_lint.config import ConfigError, describe, find, for_path

    if not FsPath(path).exists():  # a typo would otherwise show the defaults as if they applied there
        fail(f"{path}：没有这个文件或文件夹")
    target = str(FsPath(path) / "_") if FsPath(path).is_dir() else path
    try:
        config = for_path(target, {}, config_file)
        found = config_file or find(str(FsPath(target).resolve().parent))
    except ConfigError as error:
        fail(str(error))
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
    config_file: Optional[str] = typer.Option(None, "--config", metavar="文件",
                                              help="按此配置文件检查（默认：从启动时所在的文件夹向上查找，与 check 相同）"),
    wording: Optional[List[str]] = typer.Option(None, "--wording", metavar="目录", help=WORDING_HELP),
    identities: Optional[List[str]] = typer.Option(None, "--identities", metavar="文件", help=IDENTITIES_HELP),
    plugin: Optional[List[str]] = typer.Option(None, "--plugin", metavar="模块",
                                               help="另外加载此规则模块（Python 导入路径），可重复"),
) -> None:
    """打开一个本机网页：把报告拖进去，立即看到标出问题的表格。文件不保存、不外传。

    上传的报告与在启动时所在文件夹里运行 check 一样检查：同样的配置文件、措辞数据、本地勾稽关系和规则模块。"""
    from xxgk_lint.serve import SettingsError, settings_from
    from xxgk_lint.serve import serve as run

    settings = settings_from(config_file, wording, identities, plugin)
    try:
        run(host, port, int(max_size * 1024 * 1024), announce=lambda line: typer.echo(line, err=True),
            check_seconds=timeout, settings=settings)
    except SettingsError as error:
        fail(str(error))
    except OSError as error:
        fail(f"无法在 {host}:{port} 上启动：{oserrors.describe(error, '使用')}")


@app.command("rules", cls=ChineseCommand)
def list_rules(wording: Optional[List[str]] = typer.Option(None, "--wording", metavar="目录", help=WORDING_HELP),
               identities: Optional[List[str]] = typer.Option(None, "--identities", metavar="文件", help=IDENTITIES_HELP)) -> None:
    """列出全部规则：代码、默认级别、检查什么。"""
    rules = rules_with(wording, identities=identities or ())
    typer.echo("代码   级别  检查什么")
    for code, found in rules.items():
        typer.echo(f"{code:<6} {found.severity.chinese}  {found.summary}")


@app.command("rule", cls=ChineseCommand)
def show_rule(code: str = typer.Argument(..., metavar="代码", help="规则代码，如 A001"),
              wording: Optional[List[str]] = typer.Option(None, "--wording", metavar="目录", help=WORDING_HELP),
              identities: Optional[List[str]] = typer.Option(None, "--identities", metavar="文件", help=IDENTITIES_HELP)) -> None:
    """显示一条规则的说明：检查什么、为什么、错误和正确的示例。"""
    rules = rules_with(wording, identities=identities or ())
    found = rules.get(code.strip().upper())
    if found is None:
        fail(f"没有规则 {code}（xxgk-lint rules 列出全部规则）")
    typer.echo(f"{found.code}（默认级别：{found.severity.chinese}）")
    typer.echo(found.summary)
    typer.echo("")
    typer.echo(found.doc)

