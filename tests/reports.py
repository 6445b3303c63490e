"""Build structured reports for tests: consistent ones, from which a test breaks one thing.

Everything is derived from the installed edition schemas, so the builder follows the template.
"""

from __future__ import annotations

import copy
import os
import subprocess
import sys

import yaml

from xxgk_lint.editions import edition
from xxgk_lint.engine import check_report, load_rules
from xxgk_lint.read import read_bytes
from xxgk_lint.validate import build_report

APPLICANTS = ("natural", "commercial", "research", "nonprofit", "legal", "other")
OUTCOMES = ("upheld", "corrected", "other", "pending")
SECTION_TEXT = {
    "overview": "本年度，本机关认真贯彻《中华人民共和国政府信息公开条例》，推进政务公开。",
    "proactive": "",
    "applications": "",
    "review_litigation": "",
    "problems": "一是栏目更新不够及时。下一步将建立栏目更新台账，明确责任处室。",
    "other": "本年度未收取信息处理费。",
}


def result_rows(edition_id: str) -> list:
    table = edition(edition_id).table(("applications",))
    return [r.key for r in table.form_rows if r.groups and r.key != "total"]


def consistent(edition_id: str = "2021", *, results: dict | None = None, carried=None,
               carry_forward=None, review=(0, 0, 0, 0), direct=(0, 0, 0, 0), after=(0, 0, 0, 0),
               year: int | None = None) -> dict:
    """A report whose every identity holds. results: row key → six applicant counts."""
    chosen = edition(edition_id)
    results = results or {"disclosed": [3, 1, 0, 0, 0, 0], "unable_not_held": [1, 0, 0, 0, 0, 0]}
    carried = list(carried or [1, 0, 0, 0, 0, 0])
    carry_forward = list(carry_forward or [0, 0, 0, 0, 0, 0])
    applications = {}
    for key in result_rows(edition_id):
        applications[key] = _row(results.get(key, [0] * 6))
    total = [sum(applications[k][c] for k in result_rows(edition_id)) for c in APPLICANTS]
    new = [t + f - c for t, f, c in zip(total, carry_forward, carried)]
    if min(new) < 0:
        raise ValueError("carried over more than was handled and carried forward")
    table = {"new": _row(new), "carried_over": _row(carried)}
    table.update(applications)
    table["total"] = _row(total)
    table["carry_forward"] = _row(carry_forward)
    proactive = {}
    for t in chosen.tables:
        if t.path[0] == "proactive":
            proactive[t.path[1]] = {r.key: {c.key: (1 if c.kind != "money" else 12.5) for c in t.columns} for r in t.rows}
    if edition_id == "2019":
        proactive["item1"]["normative"] = {"new_made": 2, "new_published": 2, "total_published": 30}
    default_year = 2020 if edition_id == "2019" else 2023
    year = year or default_year
    return {
        "edition": edition_id,
        "year": year,
        "agency": "江北市示例局",
        "title": f"江北市示例局{year}年政府信息公开工作年度报告",
        "preface": f"本报告中所列数据统计期限为{year}年1月1日至12月31日。",
        "sections": dict(SECTION_TEXT),
        "proactive": proactive,
        "applications": table,
        "review_litigation": {"review": _group(review), "direct_suit": _group(direct),
                              "suit_after_review": _group(after)},
    }


def _row(values) -> dict:
    row = dict(zip(APPLICANTS, values))
    row["total"] = sum(values)
    return row


def _group(values) -> dict:
    group = dict(zip(OUTCOMES, values))
    group["total"] = sum(values)
    return group


def with_cell(data: dict, path: tuple, value) -> dict:
    changed = copy.deepcopy(data)
    node = changed
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return changed


def check_data(data: dict, name: str = "report.yaml") -> list:
    """Diagnostics for a structured report, through the real YAML reader and the installed rules."""
    raw = yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")
    return check_bytes(raw, name)


def check_bytes(raw: bytes, name: str) -> list:
    report = build_report(name, read_bytes(name, raw))
    return check_report(report, load_rules())


def codes(diagnostics, family: str = "") -> list:
    return sorted(d.code for d in diagnostics if d.code.startswith(family))


def run_cli(*args, stdin: bytes | None = None, cwd=None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the installed command as a user would (python -m xxgk_lint, same interpreter).
    env: variables to set on top of the current environment."""
    env = dict(os.environ, COLUMNS="200", NO_COLOR="1", **(env or {}))
    return subprocess.run([sys.executable, "-m", "xxgk_lint", *args], input=stdin, capture_output=True,
                          cwd=cwd, env=env, timeout=120)
