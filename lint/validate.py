"""Check a reading against its edition's JSON Schema and build the Report the rules see.

Schema failures are recorded as Problems (kind invalid, missing or extra) on the report; the
structure rules decide how to report them.
"""

from __future__ import annotations

from functools import lru_cache
import numbers
from typing import Optional

from xxgk_lint.editions import Edition, edition_for_year, editions, guess_edition
from xxgk_lint.model import Problem
from xxgk_lint.read import Reading
from xxgk_lint.report import Report

KIND_WORDS = {
    "count": "不小于 0 的整数",
    "delta": "整数（可为负数）",
    "money": "不小于 0 的金额（万元）",
}


@lru_cache(maxsize=None)
def _inlined(edition_id: str) -> dict:
    schema = editions()[edition_id].schema
    # the same schema with its local $refs written out: validation is twice as fast without lookups
    return _inline({k: v for k, v in schema.items() if k != "$defs"}, schema)


@lru_cache(maxsize=None)
def _validator(edition_id: str):
    import jsonschema  # imported here: only a report that fails the fast check needs it

    return jsonschema.Draft202012Validator(_inlined(edition_id))


@lru_cache(maxsize=None)
def _fast_check(edition_id: str):
    """A yes/no check compiled once per process from the schema, or None if it uses a keyword
    the compiler does not know (then jsonschema decides every report)."""
    schema = editions()[edition_id].schema
    try:
        return _Compiler(schema).compile({k: v for k, v in schema.items() if k != "$defs"})
    except _Unsupported:
        return None


def _inline(node, root: dict):
    if isinstance(node, dict):
        if "$ref" in node and node["$ref"].startswith("#/"):
            target = root
            for part in node["$ref"][2:].split("/"):
                target = target[part]
            return {**_inline(target, root), **{k: _inline(v, root) for k, v in node.items() if k != "$ref"}}
        return {k: _inline(v, root) for k, v in node.items()}
    if isinstance(node, list):
        return [_inline(v, root) for v in node]
    return node


def prepare() -> None:
    """Build what validating any report needs (a batch does this before its workers fork)."""
    for edition in editions().values():
        _fast_check(edition.id)
        edition.cell_labels
        edition.value_plan


def build_report(source: str, reading: Reading, settings: dict | None = None) -> Report:
    data = reading.data
    edition = guess_edition(data)
    problems = list(reading.problems)
    if edition is None:
        edition = edition_for_year(data["year"]) if isinstance(data.get("year"), int) else list(editions().values())[-1]
    report = Report(source, data, edition, form=reading.form, locations=reading.locations,
                    written=reading.written, problems=problems,
                    recognised=reading.recognised, suppressions=reading.suppressions, settings=settings)
    declared = data.get("edition") if isinstance(data, dict) else None
    if reading.recognised and declared is not None and str(declared) not in editions():
        # a typo ("2022", "2O21") must not pass unseen: said, and the tables' shape decides
        report.problems.append(Problem(
            "invalid", f"格式版本（edition）应为 {' 或 '.join(editions())}，实际写的是 {_show(declared)}；"
                       f"按表格的样子当作 {edition.id} 年版检查", ("edition",), report.location(("edition",))))
    if reading.recognised:
        report.problems.extend(schema_problems(report, edition))
    return report


def schema_problems(report: Report, edition: Edition) -> list:
    """Validate fast, explain slowly: nearly every report passes the compiled check, and only one
    that fails is walked by jsonschema's iter_errors for the detailed problems."""
    fast = _fast_check(edition.id)
    if fast is not None and fast(report.data):
        return []
    return _explained_problems(report, edition)


def _explained_problems(report: Report, edition: Edition) -> list:
    problems = []
    for error in _validator(edition.id).iter_errors(report.data):
        path = tuple(error.absolute_path)
        if error.validator == "required":
            for name in error.validator_value:
                if isinstance(error.instance, dict) and name not in error.instance:
                    problems.append(_missing(report, edition, path + (name,)))
        elif error.validator == "additionalProperties":
            allowed = set((error.schema.get("properties") or {}))
            for name in error.instance:
                if name not in allowed:
                    where = path + (name,)
                    problems.append(Problem("extra", f"模板中没有“{name}”这一项：保留但不检查", where,
                                            report.location(where)))
        elif path and path[0] == "edition" and error.validator == "const":
            pass  # the edition is chosen from the declaration or the tables; S005 judges the fit
        elif error.validator == "anyOf" and all(set(b) == {"required"} for b in error.validator_value):
            # rows that may come as a group or split: the form asks for the split rows
            for name in error.validator_value[0]["required"]:
                if isinstance(error.instance, dict) and name not in error.instance:
                    problems.append(_missing(report, edition, path + (name,)))
        else:
            problems.append(_invalid(report, edition, path, error))
    # cells the reader saw but could not read (a run of digits with several readings) are said so
    # once, not again as missing
    unread = [p.path for p in report.problems if p.kind == "ambiguous" and p.path]
    unique, seen = [], {("missing", p.path) for p in report.problems if p.kind == "pictured"}
    for problem in problems:  # jsonschema reports a missing key once per missing key, with all names
        if problem is not None and problem.kind == "missing" and any(problem.path[:len(u)] == u for u in unread):
            continue
        if problem is not None and (problem.kind, problem.path) not in seen:
            seen.add((problem.kind, problem.path))
            unique.append(problem)
    return unique


def _missing(report: Report, edition: Edition, path: tuple):
    if path[0] == "sections":
        return None  # a missing section is S003's business, found from the section list
    label = edition.label(path)
    if len(path) == 1 and path[0] in ("edition", "year", "agency"):
        return Problem("invalid", f"缺少“{label}”（{path[0]}）", path, report.location(()))
    # a whole table missing: said at its section's heading, where the table should be
    section = next((t.section for t in edition.tables if t.path[0] == path[0]), None)
    where = report.location(path[:-1]) or (report.location(("sections", section)) if section else None)
    return Problem("missing", f"缺少“{label}”", path, where)


def _invalid(report: Report, edition: Edition, path: tuple, error) -> Problem:
    node = edition.node(path) if path else None
    kind = node.get("x-kind") if node else None
    value = error.instance
    name = node.get("title", path[-1]) if node and path else "报告"
    if kind:
        message = f"{name}应为{KIND_WORDS[kind]}，或留空；实际写的是 {_show(value)}"
    else:
        message = f"{name}的取值不符合格式：{_show(value)}（{_wanted(error)}）"
    return Problem("invalid", message, path, report.location(path))


TYPE_WORDS = {"integer": "整数", "number": "数字", "string": "文字", "object": "一组“名称: 值”（映射）",
              "array": "列表", "boolean": "true 或 false", "null": "留空（~）"}
PATTERN_WORDS = {r"^\d{4}-\d{2}-\d{2}$": "日期，写作 2024-01-25"}


def _wanted(error) -> str:
    """What the schema wanted, in Chinese (jsonschema says it in English)."""
    wanted = error.validator_value
    if error.validator == "enum":  # with the schema's own words for each value, where it has them
        labels = error.schema.get("x-labels", {}) if isinstance(error.schema, dict) else {}
        return "应为以下之一：" + "、".join(f"{v}（{labels[v]}）" if v in labels else str(v) for v in wanted)
    if error.validator == "type":
        kinds = wanted if isinstance(wanted, list) else [wanted]
        return "应为" + "或".join(TYPE_WORDS.get(k, k) for k in kinds)
    if error.validator == "pattern":
        return "应为" + PATTERN_WORDS.get(wanted, f"符合格式 {wanted} 的文字")
    if error.validator in ("minimum", "exclusiveMinimum"):
        return f"应不小于 {wanted}" if error.validator == "minimum" else f"应大于 {wanted}"
    if error.validator in ("maximum", "exclusiveMaximum"):
        return f"应不大于 {wanted}" if error.validator == "maximum" else f"应小于 {wanted}"
    if error.validator in ("minLength", "maxLength"):
        return f"长度应{'不少于' if error.validator == 'minLength' else '不超过'} {wanted} 个字"
    return "不符合模板的规定"


def _show(value) -> str:
    if isinstance(value, str):
        return f"“{value}”"
    if isinstance(value, (dict, list)):
        return "一个" + ("映射" if isinstance(value, dict) else "列表")
    return repr(value)


# -- the compiled check ----------------------------------------------------------------------------
# Each schema node becomes one closure answering "valid?". It must never say yes where jsonschema
# says no: wherever the two might differ (a float written for an integer, a Decimal, a subclass) it
# says no, and jsonschema gives the verdict and the explanation. Annotations are skipped; any other
# keyword it does not know makes the whole edition fall back to jsonschema.
class _Unsupported(Exception):
    pass


_ANNOTATIONS = {"title", "description", "$id", "$schema", "$comment", "default", "examples", "deprecated",
                "readOnly", "writeOnly"}


class _Compiler:
    """Compiles a schema node by node; a $ref'd definition is compiled once and shared."""

    def __init__(self, root: dict):
        self.root = root
        self.refs: dict = {}

    def compile(self, node):
        if node is True or node == {}:
            return _always
        if node is False:
            return _never
        if not isinstance(node, dict):
            raise _Unsupported(repr(node))
        bounded = _bounded_number(node)
        if bounded is not None:
            return bounded
        keywords = {k for k in node if k not in _ANNOTATIONS and not k.startswith("x-")}
        if node.get("type") == "object" and keywords <= {"type", "properties", "required", "additionalProperties"} \
                and isinstance(node.get("required", []), list):
            # the report, each table and each row: type, properties and required names in one closure
            # (some forty a report), not one closure a keyword and one more to join them
            return _properties(node.get("properties", {}), node, self, frozenset(node.get("required", ())))
        checks = []
        for key, value in node.items():
            if key in _ANNOTATIONS or key.startswith("x-") or key == "additionalProperties":
                continue  # additionalProperties is compiled together with properties
            if key == "$ref":
                checks.append(self.ref(value))
                continue
            compiler = _KEYWORDS.get(key)
            if compiler is None:
                raise _Unsupported(key)
            checks.append(compiler(value, node, self))
        if "additionalProperties" in node and "properties" not in node:
            checks.append(_properties({}, node, self))
        if not checks:
            return _always
        if len(checks) == 1:
            return checks[0]
        if len(checks) == 2:  # the commonest shapes, without a loop: a type and one keyword
            first, second = checks
            return lambda instance: first(instance) and second(instance)
        if len(checks) == 3:  # an object: its type, properties and required
            first, second, third = checks
            return lambda instance: first(instance) and second(instance) and third(instance)
        checks = tuple(checks)

        def every(instance) -> bool:
            for check in checks:
                if not check(instance):
                    return False
            return True
        return every

    def takes_whole(self, node, depth: int = 0) -> bool:
        """Whether a node surely accepts every whole number ≥ 0 (an int, never a bool). Only the
        plain shapes are recognised; anything else answers no, and the cell's own check decides."""
        if node is True or node == {}:
            return True
        if not isinstance(node, dict) or depth > 8:
            return False
        keys = {k for k in node if k not in _ANNOTATIONS and not k.startswith("x-")}
        if keys == {"$ref"} and isinstance(node["$ref"], str) and node["$ref"].startswith("#/"):
            target = self.root
            for part in node["$ref"][2:].split("/"):
                if not isinstance(target, dict) or part not in target:
                    return False
                target = target[part]
            return self.takes_whole(target, depth + 1)
        if keys == {"anyOf"} and isinstance(node["anyOf"], list):
            return any(self.takes_whole(branch, depth + 1) for branch in node["anyOf"])
        low = node.get("minimum", 0)
        return (keys in ({"type"}, {"type", "minimum"}) and node["type"] in ("integer", "number")
                and type(low) in (int, float) and low <= 0)

    def ref(self, ref: str):
        if not isinstance(ref, str) or not ref.startswith("#/"):
            raise _Unsupported(f"$ref {ref}")
        if ref not in self.refs:
            target = self.root
            for part in ref[2:].split("/"):
                target = target[part]
            self.refs[ref] = _never  # a recursive definition is left to jsonschema
            self.refs[ref] = self.compile(target)
        if self.refs[ref] is _never:
            raise _Unsupported(f"recursive $ref {ref}")
        return self.refs[ref]


def _compile(node):
    return _Compiler(node).compile(node)




def _always(instance) -> bool:
    return True


def _never(instance) -> bool:
    return False


def _is_number(instance) -> bool:
    return type(instance) in (int, float)


_TYPES = {
    "object": lambda i: type(i) is dict,
    "array": lambda i: type(i) is list,
    "string": lambda i: type(i) is str,
    "integer": lambda i: type(i) is int,  # a float such as 3.0 goes to jsonschema, which decides
    "number": _is_number,
    "null": lambda i: i is None,
    "boolean": lambda i: type(i) is bool,
}


def _type(value, node, compiler):
    names = [value] if isinstance(value, str) else list(value)
    if any(name not in _TYPES for name in names):
        raise _Unsupported(f"type {value}")
    tests = tuple(_TYPES[name] for name in names)
    if len(tests) == 1:
        return tests[0]
    return lambda instance: any(test(instance) for test in tests)


def _listed(values):
    # exact type and value only: jsonschema's own equality (1 == 1.0, True ≠ 1) is left to it
    pairs = tuple((type(v), v) for v in values if isinstance(v, (str, int, float, type(None))))
    if len(pairs) != len(values):
        raise _Unsupported("enum of containers")
    return lambda instance: any(type(instance) is kind and instance == v for kind, v in pairs)


def _const(value, node, compiler):
    return _listed([value])


def _enum(value, node, compiler):
    return _listed(list(value))


def _applies(kind: type, instance) -> Optional[bool]:
    """True: the keyword applies (instance is exactly of its type); False: it does not (another
    type); None: a subclass or a look-alike (a Decimal for a number) that jsonschema must judge."""
    if type(instance) is kind or (kind is float and type(instance) is int):
        return True
    if kind is float:
        return None if isinstance(instance, numbers.Number) and type(instance) is not bool else False
    return None if isinstance(instance, kind) else False


def _on(kind: type, test):
    def check(instance) -> bool:
        applies = _applies(kind, instance)
        return test(instance) if applies else applies is False
    return check


def _minimum(value, node, compiler):
    return _on(float, lambda instance: instance >= value)


def _maximum(value, node, compiler):
    return _on(float, lambda instance: instance <= value)


def _min_length(value, node, compiler):
    return _on(str, lambda instance: len(instance) >= value)


def _pattern(value, node, compiler):
    import re

    search = re.compile(value).search
    return _on(str, lambda instance: search(instance) is not None)


def _required(value, node, compiler):
    names = frozenset(value)

    def required(instance) -> bool:
        if type(instance) is dict:
            return instance.keys() >= names
        return not isinstance(instance, dict)  # another type: does not apply; a dict subclass: jsonschema
    return required


def _properties(value, node, compiler, required: Optional[frozenset] = None):
    """properties and additionalProperties; with `required` (the names an object must have), also
    "type": "object" and "required", so that the closure answers for the whole object node."""
    children = {key: compiler.compile(child) for key, child in value.items()}
    extra = node.get("additionalProperties", True)
    extra_check = None if extra is True else compiler.compile(extra)
    # a table row: every cell takes any whole number ≥ 0, so a row of such numbers is valid as a
    # whole, tested in one loop, without a closure a cell (nearly every row of every report)
    whole = frozenset(key for key, child in value.items() if compiler.takes_whole(child)) or None

    def properties(instance) -> bool:
        if required is not None:  # the object's own type and required names
            if type(instance) is not dict or not instance.keys() >= required:
                return False
        elif not isinstance(instance, dict):
            return True
        elif type(instance) is not dict:
            return False
        if whole is not None and instance and instance.keys() <= whole:
            for number in instance.values():  # a plain loop: mapping type and min costs twice as much
                if type(number) is not int or number < 0:
                    break
            else:
                return True
        for key, item in instance.items():
            child = children.get(key)
            if child is None:
                if extra_check is not None and not extra_check(item):
                    return False
            elif not child(item):
                return False
        return True
    return properties


def _any_of(value, node, compiler):
    branches = tuple(compiler.compile(branch) for branch in value)

    def any_of(instance) -> bool:
        for branch in branches:
            if branch(instance):
                return True
        return False
    return any_of


def _bounded_number(node: dict):
    """{"type": "integer", "minimum": 0} (the form's count, and money with "number") as one test:
    the schema's commonest node, checked for every cell of every report. None for any other node."""
    keys = {k for k in node if k not in _ANNOTATIONS and not k.startswith("x-")}
    if keys != {"type", "minimum"} or node["type"] not in ("integer", "number") \
            or type(node["minimum"]) not in (int, float):
        return None
    low = node["minimum"]
    if node["type"] == "integer":  # exactly int, as _TYPES["integer"]; bool and 3.0 go to jsonschema
        return lambda instance: type(instance) is int and instance >= low
    return lambda instance: (type(instance) is int or type(instance) is float) and instance >= low


_KEYWORDS = {"type": _type, "const": _const, "enum": _enum, "minimum": _minimum, "maximum": _maximum,
             "minLength": _min_length, "pattern": _pattern, "required": _required, "properties": _properties,
             "anyOf": _any_of}
