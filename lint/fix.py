"""Write corrected derived totals back into a YAML or JSON report, changing nothing else.

A fix is offered where an identity's derived total (（七）总计, a row's 总计, a table 四 group's
总计) disagrees with its parts. It is applied only if, once applied, the identities it touches
hold: if the parts are what is wrong, changing the total would only move the error. The edit
replaces the value's own characters, so comments, order and layout stay as they were.
Documents (.html, .docx, .pdf, text) are never written.
"""

from __future__ import annotations

import difflib

from xxgk_lint.engine import check_report
from xxgk_lint.report import Report

WRITABLE = ("yaml", "json")


def proposed(diagnostics: list) -> dict:
    """Field path → value, where every diagnostic that proposes a value for a cell agrees."""
    values: dict = {}
    conflicts = set()
    for diagnostic in diagnostics:
        if diagnostic.fix:
            path = tuple(diagnostic.fix["field"].split("."))
            if path in values and values[path] != diagnostic.fix["value"]:
                conflicts.add(path)
            values[path] = diagnostic.fix["value"]
    return {p: v for p, v in values.items() if p not in conflicts}


def safe_fixes(report: Report, diagnostics: list, rules: dict) -> dict:
    """Fixes taken one at a time, each kept only if afterwards fewer arithmetic findings remain and
    none of them involves the fixed cell; new proposals are gathered after each accepted fix."""
    arithmetic = {code: rule for code, rule in rules.items() if code.startswith("A")}
    accepted: dict = {}
    findings = [d for d in diagnostics if d.code.startswith("A")]
    for _ in range(200):  # each round accepts one fix; a report has a few hundred cells at most
        progress = False
        for path, value in proposed(findings).items():
            if path in accepted:
                continue
            trial_fixes = {**accepted, path: value}
            remaining = _arithmetic(report, trial_fixes, arithmetic)
            touched = {tuple(c["field"].split(".")) for d in remaining for c in d.cells}
            if len(remaining) < len(findings) and path not in touched:
                accepted, findings, progress = trial_fixes, remaining, True
                break
        if not progress:
            break
    return accepted


def _arithmetic(report: Report, fixes: dict, rules: dict) -> list:
    trial = Report(report.source, _patched(report.data, fixes), report.edition, form=report.form,
                   locations=report.locations)
    return check_report(trial, rules)


def _patched(data: dict, fixes: dict) -> dict:
    import copy

    data = copy.deepcopy(data)
    for path, value in fixes.items():
        node = data
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value
    return data


def rewrite(text: str, spans: dict, fixes: dict) -> str:
    """The text with each fixed scalar's characters replaced, last first so offsets hold."""
    edits = sorted(((spans[path], value) for path, value in fixes.items() if path in spans), reverse=True)
    for (start, end), value in edits:
        text = text[:start] + str(value) + text[end:]
    return text


def diff(path: str, before: str, after: str) -> str:
    return "".join(difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                        fromfile=path, tofile=f"{path}（修正后）"))
