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
    report = result.report
    entry.update({
        "agency": report.agency,
        "year": report.year,
        "edition": report.edition.id if report.edition else None,
        "form": report.form,
        "diagnostics": [d.as_dict() for d in result.diagnostics],
        "suppressed": [{**d.as_dict(), "reason": s.reason, "suppressed_by": s.where} for d, s in result.suppressed],
    })
    return entry


def render(results) -> str:
    results = list(results)
    document = {
        "tool": {"name": "xxgk-lint", "version": __version__},
        "summary": counts(results),
        "files": [file_entry(r) for r in results],
    }
    return json.dumps(document, ensure_ascii=False, indent=2, default=str)
