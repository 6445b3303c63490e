"""The terminal view: findings grouped by file, each with where, what, and expected vs actual."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape as _markup_escape

from xxgk_lint.model import Severity
from xxgk_lint.output import counts, printable


def escape(text) -> str:
    """Text from a report or a file name, shown literally: no rich markup, no terminal controls."""
    return _markup_escape(printable(text))

STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def _where(diagnostic) -> str:
    parts = []
    if diagnostic.label:
        parts.append(diagnostic.label)
    if diagnostic.location:
        described = diagnostic.location.describe()
        if described:
            parts.append(f"（{described}）")
    return " ".join(parts)


def _number(value) -> str:
    from decimal import Decimal

    if isinstance(value, Decimal):
        return format(value, "f")
    return "空白" if value is None else str(value)


def print_result(console: Console, result) -> None:
    if result.error:
        console.print(f"[bold]{escape(result.path)}[/]: [bold red]无法检查[/]：{escape(result.error)}")
        return
    facts = [x for x in (result.agency, f"{result.year} 年度" if result.year else None,
                         f"{result.edition} 年版格式" if result.edition else None) if x]
    header = f"[bold]{escape(result.path)}[/]" + (f"  [dim]{escape(' · '.join(facts))}[/]" if facts else "")
    quiet = f"  [dim]（另有 {len(result.suppressed)} 个问题已按忽略注释略过）[/]" if result.suppressed else ""
    if not result.diagnostics:
        console.print(f"{header}  [green]未发现问题[/]{quiet}")
        return
    console.print(header + quiet)
    for d in result.diagnostics:
        style = STYLE[d.severity]
        console.print(f"  [{style}]{d.severity.chinese} {escape(d.code)}[/]  {escape(_where(d))}")
        console.print(f"      {escape(d.message)}")
        if d.formula:
            console.print(f"      [dim]公式：{escape(d.formula)}[/]")
        if d.expected is not None and d.actual is not None and d.code.startswith(("A", "W003")):
            hint = "（可用 --fix 改正）" if d.fix and result.form in ("yaml", "json") else ""
            console.print(f"      应为 [green]{escape(_number(d.expected))}[/]，实际为 [red]{escape(_number(d.actual))}[/]{hint}")
    console.print()


def print_summary(console: Console, results) -> None:
    tally = counts(results)
    parts = [f"检查了 {tally['checked']} 个文件"]
    if tally["unreadable"]:
        parts.append(f"{tally['unreadable']} 个无法读取")
    found = f"{tally['error']} 个错误，{tally['warning']} 个警告，{tally['info']} 个提示"
    if tally["suppressed"]:
        found += f"（另有 {tally['suppressed']} 个已忽略）"
    if tally.get("accepted"):
        found += f"（基线已接受 {tally['accepted']} 个）"
    style = "bold red" if tally["error"] or tally["unreadable"] else ("yellow" if tally["warning"] else "green")
    console.print(f"[{style}]{'，'.join(parts)}：{found}[/]")


def print_cross(console: Console, found: list) -> None:
    """Cross-report findings, after every file's own findings have been shown."""
    if not found:
        return
    console.print("[bold]跨报告检查[/]（同一机关相邻年度、本级政府与所属部门）")
    for d in found:
        console.print(f"  [{STYLE[d.severity]}]{d.severity.chinese} {d.code}[/]  {escape(d.file)}  {escape(_where(d))}")
        console.print(f"      {escape(d.message)}")
    console.print()


def print_agencies(console: Console, rows: list, limit: int = 50) -> None:
    """The office's view: one row per report, worst first."""
    from rich.table import Table

    table = Table(title="各机关检查结果（问题最多的在前）", title_justify="left", header_style="bold")
    for heading in ("机关", "年度", "格式", "错误", "警告", "最严重的问题"):
        table.add_column(heading, overflow="fold")
    for row in rows[:limit]:
        style = "red" if row["errors"] or row["unreadable"] else ("yellow" if row["warnings"] else "green")
        table.add_row(escape(row["agency"]), str(row["year"] or ""), escape(row["edition"] or ""),
                      f"[{style}]{row['errors']}[/]", str(row["warnings"]), escape(_short(row["worst"])))
    console.print(table)
    if len(rows) > limit:
        console.print(f"[dim]（另有 {len(rows) - limit} 份报告，完整列表见 --format xlsx/csv/json）[/]")


def _short(text: str, width: int = 36) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def print_statistics(console: Console, stats: list) -> None:
    from rich.table import Table

    table = Table(title="按规则统计", title_justify="left", header_style="bold")
    for heading in ("数量", "代码", "名称", "检查什么"):
        table.add_column(heading)
    for row in stats:
        table.add_row(str(row["count"]), escape(row["code"]), escape(row["name"]), escape(row["summary"]))
    console.print(table)
