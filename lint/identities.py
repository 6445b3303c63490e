"""Evaluate the identities the schemas declare (template.md §5) against a report.

One piece of code for every identity: each is data (`Identity` in xxgk_lint.editions), so adding an
identity to a schema is all it takes for it to be checked.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterator

from xxgk_lint.editions import Identity, Table
from xxgk_lint.model import json_number
from xxgk_lint.report import Report
from xxgk_lint.rule import Finding


def check_identity(report: Report, code: str) -> Iterator[Finding]:
    if report.edition is None:
        return
    for identity in report.edition.identities:
        if identity.code == code:
            yield from _evaluate(report, identity)


def _rows_present(report: Report, table: Table, keys: tuple) -> tuple:
    """Row keys, with a group the report gives only as one row (（六）其他处理) read through that row."""
    out = []
    for key in keys:
        if report.has(table.path + (key,)):
            out.append(key)
            continue
        standing = next((r for r in table.rows if key in r.collapses and report.has(table.path + (r.key,))), None)
        if standing is None:
            out.append(key)
        elif standing.key not in out:
            out.append(standing.key)
    return tuple(out)


def _evaluate(report: Report, identity: Identity) -> Iterator[Finding]:
    table = report.edition.table(identity.table)
    if identity.across == "columns":
        identity = Identity(identity.code, identity.name, identity.table, identity.across,
                            _rows_present(report, table, identity.left), _rows_present(report, table, identity.right),
                            identity.relation, identity.derived)
    lines, left_names, right_names, formula = _plan(report.edition, identity)
    for where, left_paths, right_paths in lines:
        left_cells = [report.cell(p) for p in left_paths]
        right_cells = [report.cell(p) for p in right_paths]
        involved = left_cells + right_cells
        if any(c is None or c.number is None for c in involved):
            continue  # a missing or unreadable cell is reported by the structure rules
        left = sum(c.number for c in left_cells)
        right = sum(c.number for c in right_cells)
        holds = left <= right if identity.relation == "<=" else left == right
        if holds:
            continue
        yield _finding(report, identity, where, left_cells, right_cells, left, right,
                       left_names, right_names, formula, involved)


@lru_cache(maxsize=256)
def _plan(edition, identity: Identity) -> tuple:
    """The lines an identity checks, with their names and formula: the same for every report of an
    edition that gives the same rows, so worked out once per process."""
    table = edition.table(identity.table)
    if identity.across == "columns":
        lines = [(c.title + "列", [table.path + (r, c.key) for r in identity.left],
                  [table.path + (r, c.key) for r in identity.right]) for c in table.columns]
        names = lambda keys: [table.row(k).name for k in keys]  # noqa: E731
    else:
        lines = [(r.short + ("" if r.groups and "、" not in r.groups[-1] else " 行"),
                  [table.path + (r.key, c) for c in identity.left],
                  [table.path + (r.key, c) for c in identity.right]) for r in table.rows]
        names = lambda keys: [table.column(k).title for k in keys]  # noqa: E731
    left_names, right_names = tuple(names(identity.left)), tuple(names(identity.right))
    formula = _formula(identity, table, left_names, right_names)
    return tuple((where, tuple(left), tuple(right)) for where, left, right in lines), left_names, right_names, formula


def _finding(report, identity, where, left_cells, right_cells, left, right, left_names, right_names,
             formula, involved) -> Finding:
    cells = [c.as_dict() for c in involved]
    if identity.relation == "<=":
        message = (f"{where}：{left_names[0]} 为 {left}，大于{right_names[0]} {right}"
                   f"（{left_names[0]}不应超过{right_names[0]}）")
        return Finding(message, left_cells[0].path, left_cells[0].location, expected=f"≤ {right}",
                       actual=left, formula=formula, cells=cells)
    difference = left - right
    if identity.derived == "left":
        total = left_cells[0]
        terms = _terms(right_cells, right_names)
        message = (f"{where}：{left_names[0]} 为 {left}，但各分项之和为 {right}（{terms}），相差 {_signed(difference)}")
        return Finding(message, total.path, total.location, expected=right, actual=left, formula=formula,
                       cells=cells, fix={"field": ".".join(total.path), "value": json_number(right)})
    message = (f"{where}：{' + '.join(left_names)} = {_sum_text(left_cells)} = {left}，"
               f"而 {' + '.join(right_names)} = {_sum_text(right_cells)} = {right}，"
               f"两边应相等（相差 {_signed(difference)}）")
    anchor = right_cells[0]
    return Finding(message, anchor.path, anchor.location, expected=left, actual=right, formula=formula,
                   cells=cells)


def _formula(identity: Identity, table: Table, left_names, right_names) -> str:
    relation = "≤" if identity.relation == "<=" else "="
    right = _compress(identity, table, right_names)
    return f"{' + '.join(left_names)} {relation} {right}"


def _compress(identity: Identity, table: Table, names) -> str:
    """Name a long run of rows by their group: Σ（三）不予公开 1–8 rather than eight labels."""
    if identity.across != "columns" or len(names) <= 4:
        return " + ".join(names)
    parts, seen = [], set()
    for key in identity.right:
        row = table.row(key)
        group = row.groups[-1] if row.groups and "、" not in row.groups[-1] else None
        if group is None:
            parts.append(row.name)
        elif group not in seen:
            seen.add(group)
            members = [r for r in table.rows if r.groups and r.groups[-1] == group]
            parts.append(f"Σ{group} {members[0].title[:1]}–{members[-1].title[:1]}")
    return " + ".join(parts)


def _terms(cells, names) -> str:
    nonzero = [f"{n} {c.number}" for c, n in zip(cells, names) if c.number]
    if not nonzero:
        return "各分项均为 0"
    shown = "，".join(nonzero[:6]) + ("，……" if len(nonzero) > 6 else "")
    return shown + ("，其余为 0" if len(nonzero) < len(cells) else "")


def _sum_text(cells) -> str:
    return " + ".join(str(c.number) for c in cells)


def _signed(value) -> str:
    return f"+{value}" if value > 0 else str(value)

