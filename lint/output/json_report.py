"""`--format json`: one document with a summary and a list of files, each with its diagnostics."""

from __future__ import annotations

import json

from xxgk_lint import __version__
from xxgk_lint.output import arranged, counts


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
        "diagnostics": [d.as_dict() for d, _ in arranged(result.diagnostics)],  # the console's order
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


# `json.dumps(…, indent=2)` runs CPython's pure-Python encoder, item by item; the C encoder knows no
# indentation but takes any separators. A container holding no non-empty container, written by the C
# encoder with ",\n" plus its depth's indentation between items, is byte for byte what indent=2
# writes, at a tenth of the cost: so only the containers above those are walked here. Most entries of
# a batch (no finding) are one such container.
_LEVELS: list = []  # depth → the C encoder for a flat container at that depth


def _flat_encoder(depth: int):
    while len(_LEVELS) <= depth:
        inner = "\n" + "  " * (len(_LEVELS) + 1)
        _LEVELS.append((json.JSONEncoder(ensure_ascii=False, default=str, separators=("," + inner, ": ")).encode,
                        inner, "\n" + "  " * len(_LEVELS)))
    return _LEVELS[depth]


def _flat(container) -> bool:
    values = container.values() if isinstance(container, dict) else container
    return all(not value or not isinstance(value, (list, dict)) for value in values)


def _indented(value, depth: int = 0) -> str:
    """`value` as `json.dumps(value, ensure_ascii=False, indent=2, default=str)` writes it, at `depth`."""
    if not isinstance(value, (list, dict)) or not value:
        return _flat_encoder(0)[0](value)
    encode, inner, outer = _flat_encoder(depth)
    if _flat(value):
        text = encode(value)
        return text[0] + inner + text[1:-1] + outer + text[-1]
    if isinstance(value, list):
        return "[" + inner + ("," + inner).join(_indented(item, depth + 1) for item in value) + outer + "]"
    if not all(isinstance(key, str) for key in value):  # keys json turns into text its own way
        return json.dumps(value, ensure_ascii=False, indent=2, default=str).replace("\n", outer)
    return "{" + inner + ("," + inner).join(encode(key) + ": " + _indented(item, depth + 1)
                                            for key, item in value.items()) + outer + "}"


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
        for diagnostic, _ in arranged(result.diagnostics):
            yield json.dumps({**facts, **diagnostic.as_dict()}, ensure_ascii=False, default=str) + "\n"
