"""Outputs see file results, reports and diagnostics; they never read files or run rules."""

from __future__ import annotations


def counts(results) -> dict:
    tally = {"files": 0, "checked": 0, "unreadable": 0, "error": 0, "warning": 0, "info": 0, "suppressed": 0}
    for result in results:
        tally["files"] += 1
        if result.error:
            tally["unreadable"] += 1
            continue
        tally["checked"] += 1
        tally["suppressed"] += len(result.suppressed)
        if result.accepted:
            tally["accepted"] = tally.get("accepted", 0) + result.accepted
        for diagnostic in result.diagnostics:
            tally[diagnostic.severity.label] += 1
    return tally

