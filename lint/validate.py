"""Check a reading against its edition's JSON Schema and build the Report the rules see.

Schema failures are recorded as Problems (kind invalid, missing or extra) on the report; the
structure rules decide how to report them.
"""

from __future__ import annotations

from functools import lru_cache

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
def _validator(edition_id: str):
    import jsonschema  # imported here: only structured validation needs it

    schema = editions()[edition_id].schema
    # the same schema with its local $refs written out: validation is twice as fast without lookups
    inlined = _inline({k: v for k, v in schema.items() if k != "$defs"}, schema)
    return jsonschema.Draft202012Validator(inlined)


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


def build_report(source: str, reading: Reading, settings: dict | None = None) -> Report:
    data = reading.data
    edition = guess_edition(data)
    problems = list(reading.problems)
    if edition is None:
        edition = edition_for_year(data["year"]) if isinstance(data.get("year"), int) else list(editions().values())[-1]
    report = Report(source, data, edition, form=reading.form, locations=reading.locations,
                    written=reading.written, problems=problems,
                    recognised=reading.recognised, suppressions=reading.suppressions, settings=settings)
    if reading.recognised:
        report.problems.extend(schema_problems(report, edition))
    return report


def schema_problems(report: Report, edition: Edition) -> list:
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
    unique, seen = [], set()
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
    return Problem("missing", f"缺少“{label}”", path, report.location(path[:-1]))


def _invalid(report: Report, edition: Edition, path: tuple, error) -> Problem:
    node = edition.node(path) if path else None
    kind = node.get("x-kind") if node else None
    value = error.instance
    name = node.get("title", path[-1]) if node and path else "报告"
    if kind:
        message = f"{name}应为{KIND_WORDS[kind]}，或留空；实际写的是 {_show(value)}"
    else:
        message = f"{name}的取值不符合格式：{_show(value)}（{error.message}）"
    return Problem("invalid", message, path, report.location(path))


def _show(value) -> str:
    if isinstance(value, str):
        return f"“{value}”"
    if isinstance(value, (dict, list)):
        return "一个" + ("映射" if isinstance(value, dict) else "列表")
    return repr(value)
