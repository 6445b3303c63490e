"""Outputs see file results, reports and diagnostics; they never read files or run rules."""

from __future__ import annotations

import re
from typing import Optional

from xxgk_lint.model import folded

# C0 controls but tab and newline, DEL, C1 controls (0x9b is a one-byte CSI on some terminals),
# and the bidirectional overrides that make a line read differently from what it contains
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def printable(text) -> str:
    """Text safe to print on a terminal or in a CI log: an agency name or a file name may carry
    ESC sequences (window title, screen clear, fake lines); they are dropped, never interpreted."""
    from xxgk_lint.terminal import readable_names

    return readable_names(_CONTROLS.sub("", str(text)))


def spreadsheet_safe(value):
    """A CSV cell Excel or WPS will not run as a formula (=HYPERLINK(…), +cmd|…): text starting
    with = + - @ tab or CR gets a leading apostrophe, as OWASP advises. Numbers stay numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value

# a reader's form id → what a clerk calls that kind of file
FORM_NAMES = {"yaml": "YAML", "json": "JSON", "text": "文本", "markdown": "文本（Markdown 表格）", "html": "网页",
              "docx": "Word", "doc": "Word（旧版 .doc/.wps）", "odt": "OpenDocument 文本（.odt）", "pdf": "PDF", "crawler": "网站爬虫保存的文本",
              "record": "网站爬虫导出的记录（JSON/YAML）", "mhtml": "网页存档（.mht）"}
# forms whose lines are those of a text held inside the file (the page in a web archive, a crawler
# record's content field), not lines of the file a tool would open
INNER_LINES = frozenset({"mhtml", "record"})


def file_line(result, location) -> Optional[int]:
    """The line of the file itself a location is on, for tools that open the file there (SARIF's
    region, GitHub's line=); None for a line of a PDF's page or of a text held inside the file."""
    if location is None or not location.line or location.page is not None or result.form in INNER_LINES:
        return None
    return location.line


def form_name(form: str) -> str:
    return FORM_NAMES.get(form, form)


def arranged(diagnostics) -> list:
    """The findings in the order the console shows them, each with the wrong cell's finding (A006)
    it is folded under, or None: a finding an A006 explains comes right after that A006, whatever
    order the rules found them in. Every output lists findings in this order, so that they agree."""
    nested = folded(diagnostics)
    under: dict = {}  # A006 field → the findings it explains
    for d in diagnostics:
        if id(d) in nested:
            under.setdefault(d.explained_by[0], []).append(d)
    out = []
    for d in diagnostics:
        if id(d) in nested:
            continue
        out.append((d, None))
        if d.code == "A006":
            out.extend((child, d) for child in under.pop(d.field_name, []))
    return out


def explained_note(parent) -> str:
    """What an explained finding's 归因 says: the wrong cell behind it."""
    return f"由 A006 引起：{parent.label or parent.field_name}" if parent is not None else ""


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
        under = folded(result.diagnostics)
        for diagnostic in result.diagnostics:
            if id(diagnostic) in under:  # folded under the wrong cell (A006) that explains it
                tally["explained"] = tally.get("explained", 0) + 1
            else:
                tally[diagnostic.severity.label] += 1
    return tally

