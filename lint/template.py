"""Write a report in the project's YAML format, laid out like the form and commented with its labels.

`render_template` gives a blank report for a clerk to fill in; `render_report` writes a filled one
(what `convert` produces). Both follow the edition's schema: rows in the form's order, one line a
row, each commented with the form's own label.
"""

from __future__ import annotations

import json
import math
from decimal import Decimal

from xxgk_lint.editions import Edition

HEADER = """\
# {title}
# 填写后运行：xxgk-lint check 本文件.yaml
#
# 填写说明：
#   - 表格的每个单元格填数字，没有发生的填 0。~ 表示尚未填写（检查时按 0 计并提示 S007）。
#   - 件数是不小于 0 的整数；金额以万元为单位，可有小数（如 12.35）。
#   - 多行正文写成：
#       overview: |
#         第一段……
#         第二段……
"""
META = ("edition", "year", "agency", "title", "published", "level")


def render_template(edition: Edition, year: int | None = None, agency: str | None = None) -> str:
    year = year if year is not None else (edition.last_year or edition.first_year)
    data = {
        "edition": edition.id, "year": year, "agency": agency or "",
        "title": f"{agency}{year}年政府信息公开工作年度报告" if agency else "",
        "preface": f"本报告中所列数据统计期限为{year}年1月1日至12月31日。",
        "sections": {spec.key: "" for spec in edition.sections},
    }
    return render_report(edition, data)


def render_report(edition: Edition, data: dict, comment: str = "") -> str:
    lines = [HEADER.format(title=edition.title).rstrip("\n")]
    if comment:
        lines.extend(f"# {line}" for line in comment.split("\n"))
    lines.append("")
    labels = {key: edition.node((key,))["title"] for key in META}
    labels["edition"] += f"（{edition.notice}）"
    for key in META:
        if key in data or key in ("edition", "year", "agency", "title"):
            text = f"{key}: {_scalar(data.get(key, ''))}"
            lines.append(f"{text}{_pad(text)}# {labels[key]}")
    if isinstance(data.get("preface"), str):
        lines.append(f"# {edition.node(('preface',))['title']}")
        lines.extend(_text("preface", data["preface"], ""))
    lines.append("")
    lines.append("sections:")
    sections = data.get("sections") if isinstance(data.get("sections"), dict) else {}
    for spec in edition.sections:
        if spec.key in sections:
            lines.append(f"  # {spec.title}")
            lines.extend(_section(spec.key, sections[spec.key]))
    for key, value in sections.items():
        if key not in {s.key for s in edition.sections}:
            lines.extend(_section(key, value))
    for table in edition.tables:
        lines.append("")
        lines.extend(_table(edition, table, data))
    for key, value in data.items():
        if key not in META and key not in ("preface", "sections", "proactive", "applications", "review_litigation"):
            lines.append(f"{key}: {_scalar(value)}")
    return "\n".join(lines) + "\n"


def _section(key: str, value) -> list:
    if isinstance(value, dict):
        out = [f"  {key}:"]
        if value.get("heading"):
            out.append(f"    heading: {_scalar(value['heading'])}")
        out.extend(_text("text", value.get("text", ""), "    "))
        return out
    return _text(key, value, "  ")


def _text(key: str, text, indent: str) -> list:
    if not isinstance(text, str) or "\n" not in text.strip() or not text.strip().isprintable() and _needs_quotes(text):
        return [f"{indent}{key}: {_scalar(text)}"]
    body = [f"{indent}  {line}".rstrip() if line.strip() else "" for line in text.strip("\n").split("\n")]
    block = [f"{indent}{key}: |2-"] + body
    import yaml

    try:  # a literal block drops trailing spaces and outer blank lines: use it only where it is exact
        exact = yaml.safe_load("\n".join(line[len(indent):] for line in block)) == {key: text}
    except yaml.YAMLError:
        exact = False
    return block if exact else [f"{indent}{key}: {_scalar(text)}"]


def _needs_quotes(text: str) -> bool:
    return any(not (ch.isprintable() or ch in "\n\t") for ch in text)


def _table(edition: Edition, table, data: dict) -> list:
    out = []
    top = table.path[0]
    values = data.get(top) if isinstance(data.get(top), dict) else {}
    if len(table.path) == 1:
        out.append(f"# {table.title}")
        if table.note:
            out.append(f"# {table.note}")
        out.append(f"{top}:")
        indent = "  "
    else:
        first = next(t for t in edition.tables if t.path[0] == top)
        if first is table:
            out.append(f"# {edition.node((top,))['title']}")
            out.append(f"{top}:")
        out.append(f"  # {table.title.split(' › ')[-1]}")
        out.append(f"  {table.path[1]}:")
        values = values.get(table.path[1]) if isinstance(values.get(table.path[1]), dict) else {}
        indent = "    "
    out.append(f"{indent}# 列：" + "，".join(f"{c.key} {c.title}" for c in table.columns))
    # a row that stands for others (（六）其他处理 for its 1–3) only where the report has it; its
    # parts not where the report has it instead of them, or they would come back as blank cells
    instead = {part for r in table.rows if r.collapses and r.key in values for part in r.collapses}
    keys = [r.key for r in table.rows
            if r.key in values or not (r.collapses or r.key in instead)]
    keys += [k for k in values if k not in {r.key for r in table.rows}]
    width = max(len(k) for k in keys) + 1
    for key in keys:
        row = values.get(key, {}) if key in values else {}
        known = next((r for r in table.rows if r.key == key), None)
        columns = [c.key for c in table.columns]
        if isinstance(row, dict):
            columns += [k for k in row if k not in columns]
            cells = ", ".join(f"{_key(c)}: {_scalar(row.get(c))}" for c in columns)
            body = f"{{{cells}}}"
        else:
            body = _scalar(row)
        label = known.short if known else "模板中没有的行"
        out.append(f"{indent}{(_key(key) + ':').ljust(width)} {body}  # {label}")
    return out


def _key(key: str) -> str:
    return key if key.isascii() and key.replace("_", "").isalnum() else json.dumps(key, ensure_ascii=False)


def _scalar(value) -> str:
    if value is None:
        return "~"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return json.dumps(repr(value))  # not a number YAML 1.2 or JSON can carry: kept as text
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, str):
        # always quoted: plain text is reinterpreted by YAML readers (0x2 → 2, yes → true, = breaks
        # loading), and a double-quoted JSON string means the same in YAML 1.1, 1.2 and JSON
        return json.dumps(value, ensure_ascii=False)
    return json.dumps(value, ensure_ascii=False, default=str)


def _pad(text: str, column: int = 34) -> str:
    width = sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)
    return " " * max(2, column - width)
