"""The project's own format: a report as YAML or JSON following the edition's schema.

Keeps the line and column of every node so diagnostics point into the file the clerk edits,
and the text of every scalar as written (money keeps its written precision).
"""

from __future__ import annotations

import datetime
import math
import re

import yaml

from xxgk_lint.model import Location, Problem
from xxgk_lint.read import InputError, Reading, decode_text

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_ALIASES = 200  # a report needs none; bound them against alias bombs
MAX_DEPTH = 64
MAX_NODES = 100_000
PREPASS_CHARS = 256 * 1024  # below this even the densest YAML builds a small graph: no need to count first
MAX_DIGITS = 1000  # a longer "number" is not a count; Python also refuses int() over 4,300 digits
_INT, _FLOAT = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"


class _Loader(_Base):
    """SafeLoader with YAML 1.2 numbers: a count is decimal digits and nothing else.

    YAML 1.1 reads 010 as 8, 0x10 as 16, 1_000 as 1000 and 1:30 as 90: a clerk's cell would be
    checked (and --fix would rewrite it) as a number they never wrote. Such text stays a string
    here, so S002 reports it as written. Non-finite floats (.nan, .inf, 1e999) stay text too.
    """


_Loader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag not in (_INT, _FLOAT)]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()}
_Loader.add_implicit_resolver(_INT, re.compile(r"^-?(?:0|[1-9][0-9]*)$"), list("-0123456789"))
_Loader.add_implicit_resolver(
    _FLOAT, re.compile(r"^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+(?:[eE][-+]?[0-9]+)?|[eE][-+]?[0-9]+)$"),
    list("-0123456789"))


def _construct_int(loader, node):
    text = node.value
    return int(text) if len(text) <= MAX_DIGITS else text


def _construct_float(loader, node):
    text = node.value
    if len(text) > MAX_DIGITS:
        return text
    value = float(text)
    return value if math.isfinite(value) else text


_Loader.add_constructor(_INT, _construct_int)
_Loader.add_constructor(_FLOAT, _construct_float)


def _bounded(text: str) -> None:
    """Count nodes, aliases and depth on the event stream, before any node is built: a 33 MB
    file is refused after its first 100,000 nodes, not after the whole graph is in memory."""
    loader = _Loader(text)
    nodes = aliases = depth = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise InputError(f"嵌套超过 {MAX_DEPTH} 层，不像一份年度报告")
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            elif isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > MAX_ALIASES:
                    raise InputError(f"别名（*）超过 {MAX_ALIASES} 个，不像一份年度报告")
            if isinstance(event, yaml.NodeEvent):
                nodes += 1
                if nodes > MAX_NODES:
                    raise InputError(f"节点过多（超过 {MAX_NODES} 个），不像一份年度报告")
    finally:
        loader.dispose()


def read_structured(name: str, raw: bytes) -> Reading:
    text = decode_text(raw)
    form = "json" if name.lower().endswith(".json") else "yaml"
    loader = None
    try:
        if len(text) > PREPASS_CHARS:
            _bounded(text)
        loader = _Loader(text)
        node = loader.get_single_node()
        if node is None:
            raise InputError("文件是空的")
        locations, written, problems, spans = {}, {}, [], {}
        _walk(node, (), locations, written, problems, 0, spans, _shared(node), text)
        data = loader.construct_document(node)
    except yaml.YAMLError as error:
        raise InputError(_yaml_error(error, form)) from None
    finally:
        if loader is not None:
            loader.dispose()
    from xxgk_lint.read.dump import read_record, record_of

    record = record_of(data)  # a crawler's record of a page, not the project's format
    if record is not None:
        return read_record(name, record)
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
    from xxgk_lint.yamlerrors import describe

    return f"{form.upper()} 语法错误：{describe(error)}"


def _shared(root) -> set:
    """ids of nodes reachable along more than one path (an anchor and its aliases), with
    everything below them: editing one of them would change every place that refers to it."""
    seen, shared, stack = set(), set(), [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            shared.add(id(node))
            continue
        seen.add(id(node))
        stack.extend(_children(node))
    if not shared:
        return shared
    return {id(node) for node in _nodes(*(n for n in _nodes(root) if id(n) in shared))}


def _children(node) -> list:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return node.value
    return []


def _nodes(*roots):
    """Every node reachable from the roots, once."""
    seen, stack = set(), list(roots)
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield node
        stack.extend(_children(node))


def _walk(node, path, locations, written, problems, depth, spans, shared=frozenset(), text=""):
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
            _walk(value_node, path + (key,), locations, written, problems, depth + 1, spans, shared, text)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, path + (index,), locations, written, problems, depth + 1, spans, shared, text)
    else:
        written[path] = node.value
        start, end = node.start_mark.index, node.end_mark.index
        # --fix may rewrite only a plain scalar that is its own text (no anchor, tag or quotes)
        # and is not shared through an alias or a merge key (<<)
        if id(node) not in shared and not node.style and text[start:end] == node.value:
            spans[path] = (start, end)
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
