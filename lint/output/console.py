"""The terminal view: findings grouped by file, each with where, what, and expected vs actual."""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

from xxgk_lint.model import Severity
from xxgk_lint.output import arranged, counts, printable
from xxgk_lint.terminal import ReadableNames

if TYPE_CHECKING:
    from rich.console import Console


def escape(text) -> str:
    """Text from a report or a file name, shown literally: no rich markup, no terminal controls."""
    from rich.markup import escape as markup_escape

    return markup_escape(printable(text))


class PlainConsole:
    """The console view written to a pipe or a file: lines go straight out, and rich (a good part
    of a single check's start-up) is loaded only for what it must lay out — a table, or a line
    with characters rich itself would change."""

    is_terminal = False

    def __init__(self, file):
        self.file = file
        self._rich = None

    def print(self, *objects, **options) -> None:
        if self._rich is None:
            # no terminal's width to fit: rich's 80 columns would fold every file name and message
            # of the summary over several lines, which nobody reading a saved file or grep wants
            width = None if os.environ.get("COLUMNS") else PLAIN_WIDTH
            self._rich = _rich_console(self.file, width)
        self._rich.print(*objects, **options)

    @property
    def width(self) -> int:
        """The columns a layout may fill: COLUMNS where set (as rich reads it), else PLAIN_WIDTH."""
        try:
            return int(os.environ.get("COLUMNS", "")) or PLAIN_WIDTH
        except ValueError:
            return PLAIN_WIDTH


PLAIN_WIDTH = 200  # columns of a table written to a pipe or a file: the summary's rows fit whole


def _rich_console(stream, width=None):
    from rich.console import Console

    # soft_wrap: long Chinese messages are left to the terminal to wrap, never broken mid-number
    return Console(file=stream, highlight=False, soft_wrap=True, width=width)


def make_console(stream):
    """A rich console where the stream is a terminal (or the environment says to treat it as
    one, as rich itself reads it), a plain one elsewhere; both print the same text."""
    environ = os.environ
    colour = environ.get("TTY_COMPATIBLE") == "1" or (
        environ.get("TTY_COMPATIBLE") != "0" and bool(environ.get("FORCE_COLOR")))
    try:
        terminal = stream.isatty()
    except (AttributeError, ValueError, OSError):
        terminal = False
    stream = ReadableNames(stream)  # a file name that was not UTF-8 on disk, shown whole
    if environ.get("TTY_COMPATIBLE") != "0" and (colour or terminal):
        return _rich_console(stream)
    return PlainConsole(stream)


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
        _line(console, (result.path, "bold"), ": ", ("无法检查", "bold red"), "：", result.error)
        return
    facts = [x for x in (result.agency, f"{result.year} 年度" if result.year else None,
                         f"{result.edition} 年版格式" if result.edition else None) if x]
    header = [(result.path, "bold")] + (["  ", (" · ".join(facts), "dim")] if facts else [])
    quiet = ["  ", (f"（另有 {len(result.suppressed)} 个问题已按忽略注释略过）", "dim")] if result.suppressed else []
    if not result.diagnostics:
        _line(console, *header, "  ", ("未发现问题", "green"), *quiet)
        return
    _line(console, *header, *quiet)
    for d, parent in arranged(result.diagnostics):  # a finding an A006 explains is shown beneath it
        _print_one(console, d, result, "      └ " if parent is not None else "  ")
    _line(console)


_FUSSY = re.compile(r"[\x00-\x1f\x7f]|:\S*?:")  # what rich itself changes: control characters, :emoji: codes


def _line(console: Console, *parts) -> None:
    """One line of the view, from plain text and (text, style) pairs. Where nothing is styled
    (a pipe, a file, CI) and rich would print the text unchanged, it is written straight out: a
    large batch then costs no markup pass per line."""
    texts = [printable(p if isinstance(p, str) else p[0]) for p in parts]
    if not console.is_terminal and not any(_FUSSY.search(t) for t in texts):
        console.file.write("".join(texts) + "\n")
        return
    console.print("".join(escape(p) if isinstance(p, str) else f"[{p[1]}]{escape(p[0])}[/]" for p in parts))


def _print_one(console: Console, d, result, lead: str) -> None:
    indent = " " * (len(lead) + 4)
    where = _where(d)
    _line(console, lead, (f"{d.severity.chinese} {d.code}", STYLE[d.severity]), *(("  ", where) if where else ()))
    _line(console, indent, d.message)
    if d.formula:
        _line(console, indent, (f"公式：{d.formula}", "dim"))
    if d.expected is not None and d.actual is not None and (d.code.startswith("A") or d.formula):  # arithmetic, any pack's too
        hint = "（可用 --fix 改正）" if d.fix and result.form in ("yaml", "json") else ""
        _line(console, indent + "应为 ", (_number(d.expected), "green"), "，实际为 ", (_number(d.actual), "red"), hint)


def print_summary(console: Console, results) -> None:
    tally = counts(results)
    parts = [f"检查了 {tally['checked']} 个文件"]
    if tally["unreadable"]:
        parts.append(f"{tally['unreadable']} 个无法读取")
    found = f"{tally['error']} 个错误，{tally['warning']} 个警告，{tally['info']} 个提示"
    if tally.get("explained"):
        found += f"（另有 {tally['explained']} 个由错填的单元格引起，已归在 A006 之下）"
    if tally["suppressed"]:
        found += f"（另有 {tally['suppressed']} 个已忽略）"
    if tally.get("accepted"):
        found += f"（基线已接受 {tally['accepted']} 个）"
    style = "bold red" if tally["error"] or tally["unreadable"] else ("yellow" if tally["warning"] else "green")
    _line(console, (f"{'，'.join(parts)}：{found}", style))


def print_cross(console: Console, found: list) -> None:
    """Cross-report findings, after every file's own findings have been shown."""
    if not found:
        return
    _line(console, ("跨报告检查", "bold"), "（同一机关相邻年度、本级政府与所属部门）")
    wrong = {(d.file, d.field_name) for d in found if d.code == "A006"}
    under = [d for d in found if d.explained_by and (d.file, d.explained_by[0]) in wrong]
    for d in found:
        if any(d is u for u in under):
            continue
        note = "（由该报告的 A006 错填单元格引起，见上）" if d.explained_by else ""
        if d.code in ("A006", "A007"):  # the file was checked again with last year's carry-over fixed
            note = "（结合同一机关上一年度的报告复核：以此为准，取代上方该文件的 A006/A007 结论）"
        _line(console, "  ", (f"{d.severity.chinese} {d.code}", STYLE[d.severity]), "  ", d.file, "  ", _where(d))
        _line(console, "      ", d.message, note)
        for child in (u for u in under if d.code == "A006" and u.file == d.file and u.explained_by[0] == d.field_name):
            _line(console, "      └ ", (f"{child.severity.chinese} {child.code}", STYLE[child.severity]), "  ",
                  _where(child))
            _line(console, "            ", child.message)
    _line(console)


def print_agencies(console: Console, rows: list, limit: int = 50, total: int = 0) -> None:
    """The office's view: one row per report, worst first."""
    from rich.table import Table

    if console.width < NARROW:
        _agencies_as_lines(console, rows[:limit])
    else:
        table = Table(title="各机关检查结果（问题最多的在前）", title_justify="left", header_style="bold")
        for heading in ("机关", "年度", "格式", "文件", "错误", "警告", "最严重的问题"):
            table.add_column(heading, overflow="fold")
        for row in rows[:limit]:
            style = "red" if row["errors"] or row["unreadable"] else ("yellow" if row["warnings"] else "green")
            table.add_row(escape(row["agency"]), str(row["year"] or ""), escape(row["edition"] or ""),
                          escape(_tail(row["path"])), f"[{style}]{row['errors']}[/]", str(row["warnings"]),
                          escape(_short(row["worst"])))
        console.print(table)
    total = max(total, len(rows))  # rows may be only the worst `limit` of `total`
    if total > limit:
        console.print(f"[dim]（另有 {total - limit} 份报告，完整列表见 --format xlsx/csv/json）[/]")


# below this many columns the seven-column table folds every cell into a tall narrow strip (a
# report's row ten lines high, file names broken mid-word): each report is written as lines instead
NARROW = 100


def _agencies_as_lines(console: Console, rows: list) -> None:
    _line(console, ("各机关检查结果（问题最多的在前）", "bold"))
    for row in rows:
        style = "red" if row["errors"] or row["unreadable"] else ("yellow" if row["warnings"] else "green")
        facts = [f"{row['year']} 年度" if row["year"] else "", f"{row['edition']} 年版格式" if row["edition"] else ""]
        _line(console, (row["agency"] or "（机关未识别）", "bold"), *(f" · {fact}" for fact in facts if fact),
              "  ", (f"错误 {row['errors']}", style), f"  警告 {row['warnings']}")
        _line(console, "  ", row["path"])
        if row["worst"]:
            _line(console, "  最严重：", _short(row["worst"], 80))


def _tail(path: str, width: int = 40) -> str:
    """A long path by its end, where the folder and the file name that tell reports apart are."""
    return path if len(path) <= width else "…" + path[-(width - 1):]


def _short(text: str, width: int = 36) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def print_statistics(console: Console, stats: list) -> None:
    from rich.table import Table

    table = Table(title="按规则统计", title_justify="left", header_style="bold")
    # counted as the summary counts: findings a wrong cell (A006) explains are told apart
    explained = any(row.get("explained") for row in stats)
    headings = ("数量",) + (("另归在 A006 下",) if explained else ()) + ("代码", "检查什么")
    for heading in headings:  # the rule's slug is for machines (JSON, SARIF), not for a clerk
        table.add_column(heading, overflow="fold")  # on a narrow terminal wrapped whole, never cut
    for row in stats:
        extra = (str(row["explained"] or ""),) if explained else ()
        table.add_row(str(row["count"]), *extra, escape(row["code"]), escape(row["summary"]))
    console.print(table)
