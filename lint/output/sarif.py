"""SARIF 2.1.0, for code-scanning dashboards and editors."""

from __future__ import annotations

import json
from pathlib import Path as FsPath

from xxgk_lint import __version__
from xxgk_lint.model import json_number

LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def render(results, rules: dict, fingerprints) -> str:
    used = sorted({d.code for r in results for d in r.diagnostics})
    index = {code: i for i, code in enumerate(used)}
    driver = {
        "name": "xxgk-lint",
        "version": __version__,
        "informationUri": "https://example.invalid/xxgk-lint",
        "rules": [_rule(code, rules.get(code)) for code in used],
    }
    sarif_results = []
    notifications = []
    for result in results:
        uri = _uri(result.path)
        if result.error:
            notifications.append({"level": "error", "message": {"text": f"{result.path}: {result.error}"},
                                  "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}}}]})
            continue
        for diagnostic, fingerprint in zip(result.diagnostics, fingerprints(result)):
            sarif_results.append(_result(diagnostic, uri, index, fingerprint, result))
    run = {"tool": {"driver": driver}, "results": sarif_results,
           "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notifications}]}
    document = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [run]}
    return json.dumps(document, ensure_ascii=False, indent=2, default=str)


def _rule(code: str, rule) -> dict:
    entry = {"id": code}
    if rule is not None:
        entry.update({
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": rule.doc},
            "help": {"text": rule.doc},
            "defaultConfiguration": {"level": LEVEL[rule.severity.label]},
        })
    return entry


def _uri(path: str) -> str:
    return "stdin" if path == "-" else FsPath(path).as_posix()


def _result(diagnostic, uri: str, index: dict, fingerprint: str, result) -> dict:
    location = diagnostic.location
    physical = {"artifactLocation": {"uri": uri}}
    region = {}
    if location is not None and location.line:
        region["startLine"] = location.line
        if location.column:
            region["startColumn"] = location.column
    if region:
        physical["region"] = region
    entry = {
        "ruleId": diagnostic.code,
        "ruleIndex": index[diagnostic.code],
        "level": LEVEL[diagnostic.severity.label],
        "message": {"text": diagnostic.message},
        "locations": [{"physicalLocation": physical}],
        "partialFingerprints": {"xxgkLint/v1": fingerprint},
        "properties": {"agency": result.agency, "year": result.year},
    }
    logical = " › ".join(x for x in (diagnostic.label, location.describe() if location else "") if x)
    if logical:
        entry["locations"][0]["logicalLocations"] = [{"fullyQualifiedName": logical}]
    if diagnostic.expected is not None or diagnostic.actual is not None:
        entry["properties"].update({"expected": json_number(diagnostic.expected),
                                    "actual": json_number(diagnostic.actual)})
    return entry

