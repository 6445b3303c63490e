"""`--format json`: one document with a summary and a list of files, each with its diagnostics."""

from __future__ import annotations

import json

from lint import __version__
from lint.output import counts


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
        "diagnostics": [d.as_dict() for d in result.diagnostics],
        "suppressed": [{**d.as_dict(), "reason": s.reason, "suppressed_by": s.where} for d, s in result.suppressed],
    })
    if result.accepted:
        entry["accepted_by_baseline"] = result.accepted
    return entry


def render(results, statistics=None) -> str:
    results = list(results)
    document = {
        "tool": {"name": "xxgk-lint", "version": __version__},
        "summary": counts(results),
        "files": [file_entry(r) for r in results],
    }
    if statistics is not None:
        document["statistics"] = statistics
    return json.dumps(document, ensure_ascii=False, indent=2, default=str)


def render_lines(results) -> str:
    """jsonl: one line per diagnostic (and one per unreadable file), for pipelines."""
    lines = []
    for result in results:
        facts = {"file": result.path, "agency": result.agency, "year": result.year, "edition": result.edition}
        if result.error:
            lines.append(json.dumps({**facts, "code": None, "severity": "error", "message": result.error,
                                     "unreadable": True}, ensure_ascii=False))
        for diagnostic in result.diagnostics:
            lines.append(json.dumps({**facts, **diagnostic.as_dict()}, ensure_ascii=False, default=str))
    return "\n".join(lines) + ("\n" if lines else "")
