"""`--format json`: one document with a summary and a list of files, each with its diagnostics."""

from __future__ import annotations

import json

from xxgk_lint import __version__
from xxgk_lint.output import counts


def file_entry(result) -> dict:
    entry = {"path": result.path}
    if result.error:
        entry["error"] = result.error
        entry["diagnostics"] = []
        return entry
    entry.update({
        "agency": result.agency,
        "year": result.year,
        "edition": result.edition,
        "form": result.form,
        **({"source": result.source} if result.source else {}),
        "diagnostics": [d.as_dict() for d in result.diagnostics],
        "suppressed": [{**d.as_dict(), "reason": s.reason, "suppressed_by": s.where} for d, s in result.suppressed],
    })
    if result.accepted:
        entry["accepted_by_baseline"] = result.accepted
    return entry


def render_parts(results, statistics=None):
    """The JSON document in pieces, one file entry at a time, so a large batch is never one string.

    `results` is read twice (the summary comes first): a list, or a xxgk_lint.collect.Collected."""
    head = {"tool": {"name": "xxgk-lint", "version": __version__}, "summary": counts(results)}
    if statistics is not None:
        head["statistics"] = statistics
    text = json.dumps(head, ensure_ascii=False, indent=2, default=str)
    yield text[:-2] + ',\n  "files": ['
    for index, result in enumerate(results):
        entry = json.dumps(file_entry(result), ensure_ascii=False, indent=2, default=str)
        yield ("," if index else "") + "\n    " + entry.replace("\n", "\n    ")
    yield "\n  ]\n}"


def render_lines(results) -> str:
    """jsonl: one line per diagnostic (and one per unreadable file), for pipelines."""
    return "".join(line_parts(results))


def line_parts(results):
    """The jsonl lines one at a time, each ending in a newline, as the results are read."""
    for result in results:
        facts = {"file": result.path, "agency": result.agency, "year": result.year, "edition": result.edition}
        if result.error:
            yield json.dumps({**facts, "code": None, "severity": "error", "message": result.error,
                              "unreadable": True}, ensure_ascii=False) + "\n"
        for diagnostic in result.diagnostics:
            yield json.dumps({**facts, **diagnostic.as_dict()}, ensure_ascii=False, default=str) + "\n"
