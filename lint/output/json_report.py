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
        entry = _indented(file_entry(result))
        yield ("," if index else "") + "\n    " + entry.replace("\n", "\n    ")
    yield "\n  ]\n}"


# A flat entry (no finding: every value a string, number, None or empty list) written by the C
# encoder with these separators is byte for byte what indent=2 writes, at a tenth of the cost;
# most reports of a batch have no finding.
_FLAT = json.JSONEncoder(ensure_ascii=False, default=str, separators=(",\n  ", ": "))


def _indented(entry: dict) -> str:
    """A file entry as `json.dumps(entry, ensure_ascii=False, indent=2, default=str)` writes it."""
    if entry and all(not isinstance(value, (list, dict)) or not value for value in entry.values()):
        return "{\n  " + _FLAT.encode(entry)[1:-1] + "\n}"
    return json.dumps(entry, ensure_ascii=False, indent=2, default=str)


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
