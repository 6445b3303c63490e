"""SARIF 2.1.0, for code-scanning dashboards and editors."""

from __future__ import annotations

import json
import os
from pathlib import Path as FsPath
from urllib.parse import quote

from xxgk_lint import __version__
from xxgk_lint.model import json_number
from xxgk_lint.output import arranged, file_line

LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def render(results, rules: dict, fingerprints) -> str:
    return "".join(render_parts(results, rules, fingerprints))


_RESULTS = "\x00results\x00"  # where the results go in the document's skeleton


def render_parts(results, rules: dict, fingerprints):
    """The SARIF document in pieces, one result at a time, so a large batch is never one string.

    `results` is read twice (the rules used come first): a list, or a xxgk_lint.collect.Collected."""
    used = sorted({d.code for r in results for d in r.diagnostics})
    index = {code: i for i, code in enumerate(used)}
    driver = {
        "name": "xxgk-lint",
        "version": __version__,
        "informationUri": "https://example.invalid/xxgk-lint",
        "rules": [_rule(code, rules.get(code)) for code in used],
    }
    notifications = []  # unreadable files: few, and they close the document
    root = FsPath.cwd()
    run = {"tool": {"driver": driver},
           # files below the folder the check ran in are named relative to it, as code scanning expects
           "originalUriBaseIds": {SRCROOT: {"uri": root.as_uri().rstrip("/") + "/"}},
           "results": _RESULTS,
           "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notifications}]}
    document = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [run]}
    skeleton = json.dumps(document, ensure_ascii=False, indent=2, default=str)
    marker = json.dumps(_RESULTS)
    head = skeleton.split(marker)[0]
    depth = head[head.rfind("\n") + 1:].index('"')  # the indentation of the "results" key
    inner = "\n" + " " * (depth + 2)
    count = 0
    for result in results:
        uri = artifact(result.path, root)
        if result.error:
            notifications.append({"level": "error", "message": {"text": f"{result.path}: {result.error}"},
                                  "locations": [{"physicalLocation": {"artifactLocation": uri}}]})
            continue
        printed = dict(zip(map(id, result.diagnostics), fingerprints(result)))
        for diagnostic, _ in arranged(result.diagnostics):  # the console's order
            entry = json.dumps(_result(diagnostic, uri, index, printed[id(diagnostic)], result), ensure_ascii=False, indent=2,
                               default=str)
            yield (head + "[" if not count else ",") + inner + entry.replace("\n", inner)
            count += 1
    yield head + "[]" if not count else "\n" + " " * depth + "]"
    # the notifications were gathered on the way: the tail is written with them in
    document["runs"][0]["results"] = _RESULTS
    yield json.dumps(document, ensure_ascii=False, indent=2, default=str).split(marker)[1]


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


SRCROOT = "%SRCROOT%"


def artifact(path: str, root: FsPath) -> dict:
    """A file's artifactLocation as SARIF 2.1.0 has it: a URI (percent-encoded, never a bare file
    path), relative to %SRCROOT% (the folder the check ran in) for a file below it, else file://."""
    if path == "-":
        return {"uri": "stdin"}
    absolute = FsPath(os.path.abspath(path))
    try:
        relative = absolute.relative_to(root)
    except ValueError:
        try:
            return {"uri": absolute.as_uri()}
        except UnicodeEncodeError:  # a name that was not UTF-8 on disk (POSIX): its own bytes
            return {"uri": "file://" + quote(absolute.as_posix(), errors="surrogateescape")}
    # a name that was not UTF-8 on disk: its own bytes, percent-encoded, as a URI names them
    return {"uri": quote(relative.as_posix(), errors="surrogateescape"), "uriBaseId": SRCROOT}


def _result(diagnostic, uri: dict, index: dict, fingerprint: str, result) -> dict:
    location = diagnostic.location
    physical = {"artifactLocation": uri}
    region = {}
    if file_line(result, location):  # not a line of a PDF's page or of a page inside an archive
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
    if diagnostic.explained_by:  # folded under the wrong cell's finding (A006) on that field
        entry["properties"]["explained_by"] = [{"code": "A006", "field": name} for name in diagnostic.explained_by]
    if diagnostic.expected is not None or diagnostic.actual is not None:
        entry["properties"].update({"expected": json_number(diagnostic.expected),
                                    "actual": json_number(diagnostic.actual)})
    return entry

