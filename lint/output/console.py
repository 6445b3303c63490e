"""The terminal view: findings grouped by file, each with where, what, and expected vs actual."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from lint.model import Severity
from lint.output import counts

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
    report = result.report
    facts = [x for x in (report.agency, f"{report.year} 年度" if report.year else None,
                         f"{report.edition.id} 年版格式" if report.edition and report.recognised else None) if x]
    header = f"[bold]{escape(result.path)}[/]" + (f"  [dim]{escape(' · '.join(facts))}[/]" if facts else "")
    quiet = f"  [dim]（另有 {len(result.suppressed)} 个问题已按忽略注释略过）[/]" if result.suppressed else ""
    if not result.diagnostics:
        console.print(f"{header}  [green]未发现问题[/]{quiet}")
        return
    console.print(header + quiet)
    for d in result.diagnostics:
        style = STYLE[d.severity]
        console.print(f"  [{style}]{d.severity.chinese} {d.code}[/]  {escape(_where(d))}")
        console.print(f"      {escape(d.message)}")
        if d.formula:
            console.print(f"      [dim]公式：{escape(d.formula)}[/]")
        if d.expected is not None and d.actual is not None and d.code.startswith(("A", "W003")):
            hint = "（可用 --fix 改正）" if d.fix and report.form in ("yaml", "json") else ""
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
    style = "bold red" if tally["error"] or tally["unreadable"] else ("yellow" if tally["warning"] else "green")
    console.print(f"[{style}]{'，'.join(parts)}：{found}[/]")
