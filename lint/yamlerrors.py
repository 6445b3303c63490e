"""A YAML (or JSON) syntax error told in Chinese: where it is and what is wrong there.

PyYAML and the json module say it in English ("mapping values are not allowed here"); a clerk who
filled in a YAML report needs the place and a hint in words they read. The commonest problems are
named; any other is told by its place alone.
"""

from __future__ import annotations

import re

# (what PyYAML's problem says, what to tell the clerk), first match wins
PROBLEMS = (
    (re.compile(r"mapping values are not allowed"), "这里不能出现“名称: 值”：多半是缩进不对，或值里有冒号而没有加引号"),
    # libyaml says "did not find expected", PyYAML's pure-Python parser "expected …, but got"
    (re.compile(r"expected ',' or '\]'"), "方括号 [ ] 没有闭合，或两项之间少了逗号"),
    (re.compile(r"expected ',' or '\}'"), "花括号 { } 没有闭合，或两项之间少了逗号"),
    (re.compile(r"did not find expected key"), "缩进不对：这一行与上面同级的内容没有对齐"),
    (re.compile(r"expected <block end>"), "缩进不对：这一行与上面同级的内容没有对齐"),
    (re.compile(r"could not find expected ':'"), "少了“:”（名称和值之间要有冒号和空格）"),
    (re.compile(r"found character '\\t'"), "有制表符（Tab）：YAML 只能用空格缩进"),
    (re.compile(r"found character '(.)' that cannot start any token"), "“{0}”不能放在值的开头：请给这个值加上引号"),
    # libyaml does not name the character
    (re.compile(r"found character that cannot start any token"),
     "这里的字符不能放在开头：缩进只能用空格（不能用 Tab），以 @ ` % 等开头的值要加引号"),
    (re.compile(r"did not find expected '-' indicator"), "缩进不对，或列表的这一项前少了“- ”"),
    (re.compile(r"found unexpected end of stream"), "文件提前结束：引号或括号没有闭合"),
    (re.compile(r"did not find expected node content"), "这里缺少内容：多了逗号，或括号不配对"),
    (re.compile(r"found unknown escape character"), "双引号里有无效的反斜杠转义：改用单引号，或写成 \\\\"),
    (re.compile(r"found undefined alias"), "引用了没有定义的锚点（*名称）"),
    (re.compile(r"but found another document"), "文件里有不止一份文档（多了一行 ---）"),
    (re.compile(r"could not determine a constructor|found unhashable key"), "有不允许的写法（标签 !! 或复杂的键）"),
    (re.compile(r"found duplicate anchor"), "同一个锚点（&名称）定义了两次"),
)


def problem_in_chinese(problem: str) -> str:
    for pattern, told in PROBLEMS:
        found = pattern.search(problem or "")
        if found:
            return told.format(*found.groups()) if found.groups() else told  # told may hold { }
    return "格式不对"


def unreadable(error: Exception) -> str:
    """Why a small YAML file of ours (a side file, a group file) could not be read, to follow its
    name: 无法读取（…）, 不是 UTF-8 文本, or 不是合法的 YAML（where, what）."""
    if isinstance(error, UnicodeDecodeError):
        return "不是 UTF-8 文本"
    if isinstance(error, OSError):
        from xxgk_lint import oserrors

        return f"无法读取（{oserrors.describe(error)}）"
    return f"不是合法的 YAML（{describe(error)}）"


def describe(error: Exception) -> str:
    """'第3行第9列：…' for a yaml.YAMLError or a json.JSONDecodeError (lines and columns from 1)."""
    line = getattr(error, "lineno", None)
    if line is not None:  # json.JSONDecodeError
        return f"第{line}行第{error.colno}列附近：格式不对（JSON 要求双引号、逗号分隔、括号配对）"
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or (str(error).splitlines() or [""])[0]
    opened = getattr(error, "context_mark", None)
    if "quoted scalar" in (getattr(error, "context", None) or "") and opened is not None:
        # a quote left open is found only where the file ends: say where it was opened
        return f"第{opened.line + 1}行第{opened.column + 1}列：这里开始的引号没有闭合"
    where = f"第{mark.line + 1}行第{mark.column + 1}列" if mark is not None else "位置不明"
    return f"{where}：{problem_in_chinese(problem)}"
