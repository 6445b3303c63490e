"""Identities from data: `x-identities` in a local schema file, in the same form as the built-in
schemas (schemas/report-*.schema.json), one file per edition. A supervising office adds its own
relations between template cells without writing code; each is checked like the schemas' own
(xxgk_lint.identities: Chinese message, location, expected and actual) and joins the one diagnosis.

    {"x-edition": "2021",
     "x-identities": [{"code": "GD301", "name": "本省 J1", "table": ["proactive", "item1"],
                       "across": "rows", "left": ["issued"], "right": ["in_force"], "relation": "<=",
                       "severity": "warning", "summary": "本年制发件数不超过现行有效件数"}]}

Every entry is checked when the file is loaded; a wrong one stops the run with one Chinese line naming
the file, the entry and what is wrong. An entry without a code is reported as LI001.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path as FsPath

from xxgk_lint.editions import Identity, editions
from xxgk_lint.model import Severity
from xxgk_lint.rule import CODE_PATTERN, Rule
from xxgk_lint.yamlerrors import describe

DEFAULT_CODE = "LI001"  # 本地勾稽关系, for an entry that names no code of its own
RESERVED = {"S", "A", "W", "X"}  # the built-in families
MAX_BYTES = 1024 * 1024

_files: tuple = ()


class IdentityDataError(Exception):
    """A local identity file cannot be used; the message names it and says why."""


@dataclass(frozen=True)
class LocalIdentity:
    identity: Identity
    edition: str
    source: str
    summary: str
    severity: str


def use_files(files) -> None:
    """Use these local identity files (from the command line and configuration) from now on."""
    global _files
    from xxgk_lint.engine import load_rules

    _files = tuple(str(f) for f in files)
    load.cache_clear()
    load_rules.cache_clear()  # their identities are rules


def current() -> tuple:
    return load(_files)


@lru_cache(maxsize=8)
def load(files: tuple = ()) -> tuple:
    found = []
    for name in files:
        found += _read(FsPath(name))
    return tuple(found)


def _read(path: FsPath) -> list:
    from xxgk_lint.read import InputError, read_small_text

    try:
        text = read_small_text(str(path), MAX_BYTES, "文件")
    except InputError as error:
        raise IdentityDataError(f"{path}：勾稽关系文件无法读取（{error}）") from None
    try:
        if path.suffix.lower() == ".json":
            content = json.loads(text)
        else:
            import yaml

            content = yaml.safe_load(text)
    except RecursionError:
        raise IdentityDataError(f"{path}：勾稽关系文件嵌套过深") from None
    except ValueError as error:
        raise IdentityDataError(f"{path}：勾稽关系文件不是合法的 JSON（{describe(error)}）") from None
    except Exception as error:  # yaml.YAMLError and its kin: one line, never a traceback
        raise IdentityDataError(f"{path}：勾稽关系文件不是合法的 YAML（{describe(error)}）") from None
    if not isinstance(content, dict) or "x-identities" not in content:
        raise IdentityDataError(f"{path}：应有 \"x-edition\" 和 \"x-identities\" 两项，与 schemas/report-*.schema.json 中的写法相同")
    edition_id = str(content.get("x-edition", ""))
    if edition_id not in editions():
        raise IdentityDataError(f"{path}：x-edition 应为 {'或'.join(editions())}，实际为 {content.get('x-edition')!r}")
    entries = content["x-identities"]
    if not isinstance(entries, list) or not entries:
        raise IdentityDataError(f"{path}：x-identities 应是一个非空列表")
    return [_entry(path, edition_id, number, entry) for number, entry in enumerate(entries, 1)]


def _entry(path: FsPath, edition_id: str, number: int, entry) -> LocalIdentity:
    def fail(what: str):
        raise IdentityDataError(f"{path}：第 {number} 条勾稽关系{what}")

    if not isinstance(entry, dict):
        fail("应是一个映射（code、table、across、left、right ……）")
    known = {"code", "name", "table", "across", "left", "right", "relation", "derived", "summary", "severity"}
    unknown = sorted(set(entry) - known)
    if unknown:
        fail(f"有未知的项 {'、'.join(unknown)}（可用：{'、'.join(sorted(known))}）")
    code = str(entry.get("code", DEFAULT_CODE)).strip().upper()
    family = "".join(ch for ch in code if ch.isalpha())
    if not CODE_PATTERN.match(code) or family in RESERVED:
        fail(f"的代码 {code} 不可用：本地规则用两个或以上大写字母加三位数字（如 GD301），S、A、W、X 留给内置规则")
    edition = editions()[edition_id]
    table_path = entry.get("table")
    if not isinstance(table_path, list) or not all(isinstance(p, str) for p in table_path):
        fail("的 table 应是表格的路径，如 [\"applications\"]")
    table = next((t for t in edition.tables if t.path == tuple(table_path)), None)
    if table is None:
        fail(f"的 table {table_path} 不是 {edition_id} 年版的表格（可用：{'、'.join(str(list(t.path)) for t in edition.tables)}）")
    across = entry.get("across")
    if across not in ("columns", "rows"):
        fail("的 across 应为 columns（每一列各查一次，left/right 写行）或 rows（每一行各查一次，left/right 写列）")
    keys = [r.key for r in table.rows] if across == "columns" else [c.key for c in table.columns]
    sides = []
    for side in ("left", "right"):
        listed = entry.get(side)
        if not isinstance(listed, list) or not listed or not all(isinstance(k, str) for k in listed):
            fail(f"的 {side} 应是非空的{'行' if across == 'columns' else '列'}名列表")
        wrong = [k for k in listed if k not in keys]
        if wrong:
            fail(f"的 {side} 中 {'、'.join(wrong)} 不是这张表的{'行' if across == 'columns' else '列'}（可用：{'、'.join(keys)}）")
        sides.append(tuple(listed))
    relation = entry.get("relation", "=")
    if relation not in ("=", "<="):
        fail("的 relation 应为 \"=\" 或 \"<=\"")
    derived = entry.get("derived")
    if derived not in (None, "left") or (derived == "left" and (len(sides[0]) != 1 or relation != "=")):
        fail("的 derived 只能是 \"left\"，且左边只有一项、relation 为 \"=\"（左边是右边各项的合计）")
    severity = str(entry.get("severity", "error")).lower()
    if severity not in ("error", "warning", "info"):
        fail("的 severity 应为 error、warning 或 info")
    name = str(entry.get("name") or code)
    summary = str(entry.get("summary") or f"本地勾稽关系 {name} 不成立")
    identity = Identity(code, name, tuple(table_path), across, sides[0], sides[1], relation, derived)
    return LocalIdentity(identity, edition_id, str(path), summary, severity)


def provide_rules() -> list:
    """One rule per code of the local identities loaded; each joins the diagnosis like a schema's identity."""
    from xxgk_lint.identities import check_identity, formula

    by_code: dict = {}
    for local in current():
        by_code.setdefault(local.identity.code, []).append(local)
    rules = []
    for code, group in by_code.items():
        first = group[0]
        stated = "；".join(f"{formula(editions()[g.edition], g.identity)}（{g.edition} 年版，{g.source}）" for g in group)
        doc = (f"检查什么：本地勾稽关系（数据文件中的 x-identities）：{stated}。\n\n"
               f"为什么：{first.summary}。这是使用单位自己加的要求，不是模板本身的勾稽关系；"
               "它与模板的勾稽关系一起参加“找出填错的单元格”（A006/A007）。\n\n"
               "错误示例：上面的关系在某一行或某一列不成立。\n\n正确示例：每一行或每一列都成立。")

        def check(report, code=code):
            yield from check_identity(report, code)

        def balances(report, group=tuple(group)):
            edition = report.edition.id if report.edition is not None else None
            return [g.identity for g in group if g.edition == edition]

        rules.append(Rule(code, f"local-identity-{code.lower()}", Severity.parse(first.severity), first.summary, doc,
                          check, balances=balances))
    return rules
