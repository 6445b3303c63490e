"""The command's help pages and usage errors, in Chinese.

typer and click write "Usage:", "Show this message and exit." and "No such option" in English, and
what they write changes between versions (newer typer vendors its own click). So the help page is
drawn here from the command's parameters, and a usage error is told from its kind and the parameter
it concerns, not from click's sentence. Exit code 2 for every usage error, as click has it.
"""

from __future__ import annotations

import inspect
import re
import sys
import unicodedata
from enum import Enum

import typer
import typer.core
import typer.main

try:  # typer ≥ 0.2x carries its own copy of click
    from typer._click import exceptions as click_errors
except ImportError:  # pragma: no cover - older typer on click
    from click import exceptions as click_errors

from xxgk_lint.checking import EXIT_USAGE, Exit

HELP_TEXT = "显示本帮助并退出"
WIDTH = 100
KIND_METAVAR = {int: "整数", float: "数字", str: "文本"}


def display_width(text: str) -> int:
    """Columns a text takes in a terminal: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _annotation(param):
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is not None:
        return getattr(descriptor, "annotation", None)
    kind = getattr(param, "type", None)  # click's own parameter types (typer before it carried click)
    name = str(getattr(kind, "name", "")).lower()
    return int if name.startswith("integer") else float if name.startswith("float") else getattr(kind, "func", None)


def choices(param) -> list:
    annotation = _annotation(param)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return [m.value for m in annotation]
    return list(getattr(getattr(param, "type", None), "choices", None) or [])


def _number_kind(param):
    annotation = _annotation(param)
    return annotation if annotation in (int, float) else None


def _bounds(param) -> tuple:
    kind = getattr(param, "type", None)
    low = getattr(param, "min", None)
    high = getattr(param, "max", None)
    return (low if low is not None else getattr(kind, "min", None),
            high if high is not None else getattr(kind, "max", None))


def _range(param) -> str:
    low, high = _bounds(param)
    if low is not None and high is not None:
        return f"{low:g} 到 {high:g} 之间"
    if low is not None:
        return f"不小于 {low:g}"
    if high is not None:
        return f"不大于 {high:g}"
    return ""


def _is_argument(param) -> bool:
    return getattr(param, "param_type_name", "") == "argument"


def _is_flag(param) -> bool:
    return bool(getattr(param, "is_flag", False))


def metavar(param) -> str:
    if param.metavar:
        return param.metavar
    found = choices(param)
    if found:
        return "{" + "|".join(found) + "}"
    kind = _annotation(param)
    return KIND_METAVAR.get(kind, "文本")


def _argument_name(param) -> str:
    return (param.metavar or param.name) + ("..." if param.nargs == -1 else "")


def usage(ctx) -> str:
    command = ctx.command
    pieces = [ctx.command_path, "[选项]"]
    if _is_group(command):
        pieces.append("命令 [参数]...")
    for param in command.params:
        if _is_argument(param):
            name = _argument_name(param)
            pieces.append(name if param.required else f"[{name}]")
    return "用法：" + " ".join(pieces)


def _is_group(command) -> bool:
    return hasattr(command, "list_commands")


def _default(param) -> str:
    if _is_flag(param) or param.required or not getattr(param, "show_default", True):
        return ""
    value = param.default
    if value is None or callable(value) or value == [] or value == ():
        return ""
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, float) and value == int(value):
        value = int(value)
    return f"默认 {value}"


def _row(param) -> tuple:
    if _is_argument(param):
        left = _argument_name(param)
    else:
        names = ", ".join(sorted(param.opts, key=len))
        left = names if _is_flag(param) else f"{names} {metavar(param)}"
    help_text = getattr(param, "help", None) or ""
    if param.name == "help":
        help_text = HELP_TEXT
    notes = [note for note in (_default(param), _range(param) if _number_kind(param) else "",
                               "必填" if param.required and not _is_argument(param) else "") if note]
    if notes:
        help_text += f"（{'；'.join(notes)}）"
    return left, help_text


def _table(rows: list) -> list:
    column = min(max((display_width(left) for left, _ in rows), default=0), 32) + 4
    lines = []
    for left, right in rows:
        if display_width(left) + 4 > column:
            lines.append(f"  {left}")
            lines.append(" " * column + right)
        else:
            lines.append(f"  {left}" + " " * (column - 2 - display_width(left)) + right)
    return lines


def help_page(ctx) -> str:
    command = ctx.command
    lines = [usage(ctx), ""]
    if command.help:
        lines += ["  " + line if line else "" for line in inspect.cleandoc(command.help).partition("\f")[0].splitlines()]
        lines.append("")
    params = [p for p in command.get_params(ctx) if not getattr(p, "hidden", False)]
    arguments = [_row(p) for p in params if _is_argument(p)]
    options = [_row(p) for p in params if not _is_argument(p)]
    if arguments:
        lines += ["参数："] + _table(arguments) + [""]
    if options:
        lines += ["选项："] + _table(options) + [""]
    if _is_group(command):
        listed = []
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None and not getattr(sub, "hidden", False):
                listed.append((name, sub.get_short_help_str(limit=WIDTH)))
        lines += ["命令："] + _table(listed) + [""]
        lines.append(f"每个命令的说明：{ctx.command_path} 命令 -h")
    return "\n".join(lines).rstrip("\n")


class _ChineseHelp:
    """Help pages and usage lines drawn from the parameters, for commands and the group alike."""

    def get_help(self, ctx) -> str:
        return help_page(ctx)

    def format_help(self, ctx, formatter) -> None:
        formatter.write(help_page(ctx) + "\n")

    def get_usage(self, ctx) -> str:
        return usage(ctx)


class ChineseCommand(_ChineseHelp, typer.core.TyperCommand):
    pass


class ChineseGroup(_ChineseHelp, typer.core.TyperGroup):
    pass


# -- usage errors ---------------------------------------------------------------------------------
def _hint(param) -> str:
    if param is None:
        return "参数"
    if _is_argument(param):
        return f"参数 {_argument_name(param)}"
    return "选项 " + "/".join(sorted(param.opts, key=len, reverse=True))


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


def _bad_value(error) -> str:
    param = getattr(error, "param", None)
    hint = _hint(param)
    if param is not None and choices(param):
        written = re.search(r"'([^']*)' is not", error.message or "")
        shown = f"“{written.group(1)}”" if written else "写的值"
        close = _closest(written.group(1), choices(param)) if written else ""
        return (f"{hint} 的值无效：{shown}不是可选的值" + (f"，是不是要用“{close}”？" if close else "，")
                + f"可选：{'、'.join(choices(param))}")
    if param is not None and _number_kind(param):
        wanted = "整数" if _number_kind(param) is int else "数字"
        bounds = _range(param)
        return f"{hint} 应为{wanted}" + (f"，{bounds}" if bounds else "")
    if _has_chinese(error.message or ""):
        return f"{hint} 的值无效：{error.message}"
    return f"{hint} 的值无效"


def _command_names(ctx) -> str:
    group = ctx.find_root().command if ctx is not None else None
    if group is None or not _is_group(group):
        return ""
    return "、".join(group.list_commands(ctx))


def _closest(written: str, known, cutoff: float = 0.6) -> str:
    """The known name a mistyped one most likely meant (chek → check), or "" when none is close."""
    import difflib

    found = difflib.get_close_matches(written, list(known), n=1, cutoff=cutoff)
    return found[0] if found else ""


def describe(error) -> str:
    """One Chinese sentence for a usage error."""
    message = getattr(error, "message", "") or ""
    if isinstance(error, click_errors.NoSuchOption):
        # click's own suggestion comes as English words; its list of near names is used instead
        text = f"没有选项“{error.option_name}”"
        # click compares the names with their dashes, which makes --nope look like --ignore
        near = [p for p in sorted(error.possibilities or ())
                if _closest(error.option_name.lstrip("-"), [p.lstrip("-")], 0.7)]
        if near:
            text += f"，是不是要用{'、'.join(f'“{p}”' for p in near)}？"
        return text
    if isinstance(error, click_errors.MissingParameter):
        param = error.param
        if param is not None and _is_argument(param):
            return f"缺少{_hint(param)}" + (f"：{param.help}" if getattr(param, "help", None) else "")
        return f"缺少{_hint(param)}"
    if isinstance(error, click_errors.BadParameter):
        return _bad_value(error)
    if isinstance(error, click_errors.BadOptionUsage):
        if "does not take" in message:
            return f"选项 {error.option_name} 不接受值"
        if "requires" in message:
            return f"选项 {error.option_name} 后面要写一个值"
        return f"选项 {error.option_name} 用法不对"
    unexpected = re.match(r"Got unexpected extra arguments? ?\(?s?\)? \((.*)\)", message)
    if unexpected:
        return f"多余的参数：{unexpected.group(1)}"
    # click writes "No such command 'chek'." and may add "Did you mean 'check'?": only the name is taken
    command = re.match(r"No such command '(.*?)'\.?( Did you mean|$)", message, re.S)
    if command:
        group = error.ctx.find_root().command if error.ctx is not None else None
        names = list(group.list_commands(error.ctx)) if group is not None and _is_group(group) else []
        close = _closest(command.group(1), names)
        return (f"没有命令“{command.group(1)}”" + (f"，是不是要用“{close}”？" if close else "")
                + (f"{'' if close else '，'}可用的命令：{'、'.join(names)}" if names else ""))
    if message.startswith("Missing command"):
        return f"缺少命令（可用的命令：{_command_names(error.ctx)}）"
    if _has_chinese(message):
        return message
    return "用法不对"


def run(app: typer.Typer, prog_name: str, args=None) -> int:
    """Run the command; a usage error becomes one Chinese line, the usage and exit code 2."""
    command = typer.main.get_command(app)
    try:
        code = command.main(args=args, prog_name=prog_name, standalone_mode=False)
    except Exit as done:  # the end of our own command (the code says how it went), not an error
        return done.code
    except getattr(click_errors, "NoArgsIsHelpError", ()) as error:
        sys.stdout.write(help_page(error.ctx) + "\n")
        return EXIT_USAGE
    except click_errors.UsageError as error:
        ctx = error.ctx
        where = ctx.command_path if ctx is not None else prog_name
        sys.stderr.write(f"{where}：{describe(error)}\n")
        if ctx is not None:
            sys.stderr.write(f"{usage(ctx)}（{ctx.command_path} -h 查看帮助）\n")
        return EXIT_USAGE
    except click_errors.ClickException as error:
        sys.stderr.write(f"{prog_name}：{error.format_message()}\n")
        return error.exit_code
    except (typer.Abort, getattr(click_errors, "Abort", typer.Abort)):
        sys.stderr.write("已中止\n")
        return 1
    return code if isinstance(code, int) else 0
