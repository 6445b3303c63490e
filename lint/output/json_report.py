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
# indentation but takes any separators. Items holding no non-empty container, written by the C
# encoder with ",\n" plus their depth's indentation between them, are byte for byte what indent=2
# writes, at a tenth of the cost: so a container's runs of such items are each written in one call,
# and only the containers among its items are walked here. Most entries of a batch (no finding) are
# one such run.
_LEVELS: list = []  # depth → the C encoder for the items of a container at that depth


def _flat_encoder(depth: int):
    while len(_LEVELS) <= depth:
        inner = "\n" + "  " * (len(_LEVELS) + 1)
        _LEVELS.append((json.JSONEncoder(ensure_ascii=False, default=str, separators=("," + inner, ": ")).encode,
                        inner, "\n" + "  " * len(_LEVELS)))
    return _LEVELS[depth]


def _indented(value, depth: int = 0) -> str:
    """`value` as `json.dumps(value, ensure_ascii=False, indent=2, default=str)` writes it, at `depth`."""
    if not isinstance(value, (list, dict)) or not value:
        return _flat_encoder(0)[0](value)
    encode, inner, outer = _flat_encoder(depth)
    pieces = []  # the items' texts, a run of items without containers as one piece
    if isinstance(value, list):
        run: list = []
        for item in value:
            if item and isinstance(item, (list, dict)):
                if run:
                    pieces.append(encode(run)[1:-1])
                    run = []
                pieces.append(_indented(item, depth + 1))
            else:
                run.append(item)
        if run:
            pieces.append(encode(run)[1:-1])
        return "[" + inner + ("," + inner).join(pieces) + outer + "]"
    items: dict = {}
    for key, item in value.items():
        if item and isinstance(item, (list, dict)):
            if not isinstance(key, str):  # a key json turns into text its own way
                return json.dumps(value, ensure_ascii=False, indent=2, default=str).replace("\n", outer)
            if items:
                pieces.append(encode(items)[1:-1])
                items = {}
            pieces.append(encode(key) + ": " + _indented(item, depth + 1))
        else:
            items[key] = item
    if items:
        pieces.append(encode(items)[1:-1])
    return "{" + inner + ("," + inner).join(pieces) + outer + "}"


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
