"""The project's own format: a report as YAML or JSON following the edition's schema.

Keeps the line and column of every node so diagnostics point into the file the clerk edits,
and the text of every scalar as written (money keeps its written precision).
"""

from __future__ import annotations

import datetime

import yaml

from xxgk_lint.model import Location, Problem
from xxgk_lint.read import InputError, Reading, decode_text

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_ALIASES = 200  # a report needs none; bound them against alias bombs
MAX_DEPTH = 64


def read_structured(name: str, raw: bytes) -> Reading:
    text = decode_text(raw)
    form = "json" if name.lower().endswith(".json") else "yaml"
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise InputError("文件是空的")
        locations, written, problems, spans = {}, {}, [], {}
        _walk(node, (), locations, written, problems, 0, spans)
        data = loader.construct_document(node)
    except yaml.YAMLError as error:
        raise InputError(_yaml_error(error, form)) from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise InputError(f"顶层应是一个映射（{form.upper()} 对象），而这里是 {type(data).__name__}")
    data = _normalise(data)
    if isinstance(data.get("edition"), int):  # edition: 2021 written without quotes
        data["edition"] = str(data["edition"])
    from xxgk_lint import suppress
    from xxgk_lint.editions import editions

    known = set().union(*(e.schema["properties"] for e in editions().values()))
    if not known & set(data):
        return Reading(data={}, problems=[Problem("unrecognised", f"{form.upper()} 文件中没有年度报告的内容"
                                                  "（edition、year、sections、applications 等）")],
                       recognised=False, form=form)
    return Reading(data=data, locations=locations, problems=problems, form=form,
                   suppressions=suppress.inline(text) if form == "yaml" else [],
                   written=written, spans=spans, text=text)


def _yaml_error(error: yaml.YAMLError, form: str) -> str:
    mark = getattr(error, "problem_mark", None)
    where = f"第{mark.line + 1}行第{mark.column + 1}列" if mark else ""
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    return f"{form.upper()} 语法错误：{where} {problem}".replace("  ", " ").strip()


def _walk(node, path, locations, written, problems, depth, spans):
    if depth > MAX_DEPTH:
        raise InputError(f"嵌套超过 {MAX_DEPTH} 层，不像一份年度报告")
    locations[path] = Location(line=node.start_mark.line + 1, column=node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        keys = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in keys:
                problems.append(Problem(
                    "duplicate", f"键 {key} 重复出现，只有最后一个生效", path + (key,),
                    Location(line=key_node.start_mark.line + 1, column=key_node.start_mark.column + 1)))
            keys.add(key)
            _walk(value_node, path + (key,), locations, written, problems, depth + 1, spans)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, path + (index,), locations, written, problems, depth + 1, spans)
    else:
        written[path] = node.value
        spans[path] = (node.start_mark.index, node.end_mark.index)
        if node.style == "|" and "\n" in node.value:
            # a literal block: line i of the text is line i after the indicator
            for index in range(node.value.count("\n") + 1):
                locations[path + ("line", index)] = Location(line=node.start_mark.line + 2 + index)
    if len(locations) > 100_000:
        raise InputError("节点过多（超过 100000 个），不像一份年度报告")


def _normalise(value):
    """Plain JSON-like values: string keys, dates as ISO text."""
    if isinstance(value, dict):
        return {str(k): _normalise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value
