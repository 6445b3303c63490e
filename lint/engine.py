"""Load rule plugins and run them over reports.

Every rule, built-in or not, arrives through the entry-point group `xxgk_lint.rules`: an entry
point names a module (or a single Rule), and every Rule found in it is registered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Optional

from xxgk_lint.model import Diagnostic, Severity
from xxgk_lint.report import Report
from xxgk_lint.rule import Finding, Rule

ENTRY_POINT_GROUP = "xxgk_lint.rules"
BUILTIN_FAMILIES = {"S", "A", "W", "X"}


class PluginError(Exception):
    pass


@lru_cache(maxsize=None)
def load_rules(modules: tuple = ()) -> dict:
    """All registered rules by code, in code order; `modules` adds rule modules by import path."""
    from xxgk_lint.entrypoints import EntryPoint, entry_points

    rules: dict = {}
    extra = [EntryPoint(m, m, ENTRY_POINT_GROUP) for m in modules]
    for entry in list(entry_points(group=ENTRY_POINT_GROUP)) + extra:
        try:
            loaded = entry.load()
        except ModuleNotFoundError as error:  # the commonest: a name mistyped, or a pack not installed
            raise PluginError(f"规则插件 {entry.name}（{entry.value}）无法加载：找不到模块 {error.name}"
                              "（没有安装，或名称写错；插件须能在当前 Python 环境中 import）") from error
        except Exception as error:  # a broken plugin must not hide the others
            raise PluginError(f"规则插件 {entry.name}（{entry.value}）无法加载：{error}") from error
        candidates = [loaded] if isinstance(loaded, Rule) else [
            value for value in vars(loaded).values() if isinstance(value, Rule)]
        # a plugin may also build rules from data when it loads (local checks in wording files)
        provide = getattr(loaded, "provide_rules", None)
        if callable(provide):
            candidates += list(provide())
        builtin = entry.dist_name == "xxgk-lint"
        for found in candidates:
            if found.family in BUILTIN_FAMILIES and not builtin:
                raise PluginError(f"规则插件 {entry.name} 的规则 {found.code} 占用了内置规则族 "
                                  f"{found.family}：第三方规则请用两个或以上字母的前缀")
            if found.code in rules and rules[found.code].check is not found.check:
                raise PluginError(f"规则代码 {found.code} 被 {rules[found.code].origin} 和 {entry.value} 重复注册")
            found.origin = entry.value
            rules[found.code] = found
    return dict(sorted(rules.items()))


@dataclass
class Selection:
    """Which rules run and how severe their findings are (ruff-style prefixes)."""

    select: tuple = ()
    ignore: tuple = ()
    severities: dict = field(default_factory=dict)  # code prefix → Severity

    def chooses(self, code: str) -> bool:
        return _chooses(tuple(self.select), tuple(self.ignore), code)

    def severity(self, rule: Rule) -> Severity:
        if not self.severities:
            return rule.severity
        matches = [p for p in self.severities if rule.code.startswith(p)]
        return self.severities[max(matches, key=len)] if matches else rule.severity


@lru_cache(maxsize=4096)
def _chooses(select: tuple, ignore: tuple, code: str) -> bool:
    """Whether a code is selected (the same answer for every file of a configuration: asked for
    every rule of every report)."""
    if select and not any(code.startswith(p) for p in select):
        return False
    longest_select = max((len(p) for p in select if code.startswith(p)), default=0)
    longest_ignore = max((len(p) for p in ignore if code.startswith(p)), default=-1)
    return longest_ignore < 0 or longest_select > longest_ignore


@lru_cache(maxsize=64)
def _chosen_codes(select: tuple, ignore: tuple, codes: tuple) -> frozenset:
    """The codes a selection chooses among these (the same for every file of a configuration:
    asked for every report)."""
    return frozenset(code for code in codes if _chooses(select, ignore, code))


def unknown_codes(prefixes: Iterable[str], rules: dict) -> list:
    return [p for p in prefixes if p != "ALL" and not any(code.startswith(p) for code in rules)]


def check_report(report: Report, rules: dict, selection: Optional[Selection] = None) -> list:
    """The report's diagnostics, suppressions applied; the suppressed ones go to report.suppressed."""
    from xxgk_lint import suppress

    selection = selection or Selection()
    codes = _chosen_codes(tuple(selection.select), tuple(selection.ignore), tuple(rules))
    chosen = [rule for code, rule in rules.items() if code in codes and rule.scope == "report"
              and (report.recognised or not rule.needs_recognised_report)]
    report.identity_rules = [r for r in chosen if r.balances]  # their balances join the diagnosis
    diagnostics = _run(report, [r for r in chosen if not r.after_suppressions], selection)
    diagnostics, report.suppressed = suppress.apply(diagnostics, report.suppressions)
    diagnostics += _run(report, [r for r in chosen if r.after_suppressions], selection)
    diagnostics.sort(key=_order)
    return diagnostics


def _run(report: Report, rules: list, selection: Selection) -> list:
    diagnostics = []
    for rule in rules:
        severity = selection.severity(rule) if selection.severities else rule.severity  # mostly the rule's own
        for finding in rule.check(report):
            diagnostics.append(_diagnostic(report, rule, severity, finding))
    return diagnostics


def _diagnostic(report: Report, rule: Rule, severity: Severity, finding: Finding) -> Diagnostic:
    path = tuple(finding.path)
    location = finding.location or (report.location(path) if path else None)
    return Diagnostic(
        code=rule.code, severity=severity, message=finding.message, file=report.source, path=path,
        label=report.label(path) if path else "", location=location, expected=finding.expected,
        actual=finding.actual, formula=finding.formula, cells=finding.cells, fix=finding.fix,
        excerpt=finding.excerpt, explained_by=list(finding.explained_by),
    )


def _order(diagnostic: Diagnostic):
    loc = diagnostic.location
    return (
        loc.page or 0 if loc else 0,
        loc.line or 0 if loc else 0,
        loc.table or 0 if loc else 0,
        loc.row or 0 if loc else 0,
        loc.col or 0 if loc else 0,
        diagnostic.code,
    )


def cross_diagnostic(digest, rule: Rule, severity: Severity, finding: Finding) -> Diagnostic:
    """A cross-report finding, filed under the report it is about (the later year, the government)."""
    from xxgk_lint.editions import editions

    field_name = ".".join(finding.path)
    chosen = editions().get(digest.edition)
    label = chosen.label(tuple(finding.path)) if chosen and finding.path else ""
    return Diagnostic(
        code=rule.code, severity=severity, message=finding.message, file=digest.source, path=tuple(finding.path),
        label=label, location=finding.location or digest.location(field_name),
        expected=finding.expected, actual=finding.actual, formula=finding.formula, cells=finding.cells,
    )
