"""Suppressions with a reason: inline comments in YAML reports, sidecar files next to documents.

    applications:
      total: {natural: 0, …}  # xxgk-lint: ignore[A001,A003] 该申请已撤回，经核实不计入

A document that cannot carry comments (.html, .docx, .pdf, .txt) gets a sidecar file next to it,
named like the document plus `.xxgk-lint.yaml`:

    suppressions:
      - code: A004
        cell: review_litigation.review.total     # a field, or the form's label; omit for the whole file
        reason: 复议申请人撤回申请，按撤回后统计

A suppression that matches nothing, or gives no reason, is reported itself (S010).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Optional

from xxgk_lint.model import Location

INLINE = re.compile(r"#\s*xxgk-lint:\s*ignore\[([A-Za-z0-9_,\s]+)\]\s*(.*)$")
SIDECAR_SUFFIX = ".xxgk-lint.yaml"


@dataclass
class Suppression:
    codes: tuple  # codes or prefixes
    reason: str
    where: str  # where the suppression is written, for messages
    location: Optional[Location] = None  # in the report (inline) — its line is the line it covers
    line: Optional[int] = None  # inline: the report line it covers
    cell: Optional[str] = None  # sidecar: a field or a label
    used: int = field(default=0)

    def matches(self, diagnostic) -> bool:
        if not any(diagnostic.code.startswith(code) for code in self.codes):
            return False
        if self.line is not None:
            return diagnostic.location is not None and diagnostic.location.line == self.line
        if self.cell:
            return self.cell in (diagnostic.field_name, diagnostic.label) or \
                (diagnostic.label and diagnostic.label.endswith(self.cell))
        return True


def inline(text: str) -> list:
    """Suppressions written as comments in a YAML report, one per line that has one."""
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        if "xxgk-lint" not in line:
            continue
        match = INLINE.search(line)
        if match:
            codes = tuple(c.strip().upper() for c in match.group(1).split(",") if c.strip())
            found.append(Suppression(codes, match.group(2).strip(), f"第{number}行", Location(line=number), line=number))
    return found


def sidecar_for(path: str) -> Optional[FsPath]:
    # one stat a file, and a Path made only for the rare file that has a sidecar
    candidate = path + SIDECAR_SUFFIX
    return FsPath(candidate) if path != "-" and os.path.isfile(candidate) else None


def sidecar(path: FsPath) -> list:
    import yaml

    from xxgk_lint.read import InputError

    try:
        from xxgk_lint.read import read_limited

        raw = read_limited(str(path), 4 * 1024 * 1024)
        if len(raw) > 4 * 1024 * 1024:
            raise InputError(f"旁注文件 {path.name} 过大")
        loader = yaml.SafeLoader(raw.decode("utf-8"))
        try:  # one parse: the node gives each entry's line, the data its contents
            node = loader.get_single_node()
            content = (loader.construct_document(node) if node is not None else None) or {}
        finally:
            loader.dispose()
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        from xxgk_lint.yamlerrors import unreadable

        raise InputError(f"旁注文件 {path.name} {unreadable(error)}") from None
    entries = content.get("suppressions") if isinstance(content, dict) else None
    if not isinstance(entries, list):
        raise InputError(f"旁注文件 {path.name} 应包含 suppressions 列表")
    lines = []
    if node is not None:
        for key, value in node.value:
            if key.value == "suppressions":
                lines = [item.start_mark.line + 1 for item in value.value]
    found = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict) or not entry.get("code"):
            raise InputError(f"旁注文件 {path.name} 第{index + 1}条缺少 code")
        codes = tuple(c.strip().upper() for c in str(entry["code"]).split(",") if c.strip())
        line = lines[index] if index < len(lines) else None
        found.append(Suppression(codes, str(entry.get("reason") or "").strip(), f"{path.name} 第{line}行",
                                 cell=str(entry["cell"]) if entry.get("cell") else None))
    return found


def apply(diagnostics: list, suppressions: list) -> tuple:
    """(kept, suppressed): each suppressed diagnostic paired with the suppression that took it."""
    kept, suppressed = [], []
    for diagnostic in diagnostics:
        taker = next((s for s in suppressions if s.matches(diagnostic)), None)
        if taker is None:
            kept.append(diagnostic)
        else:
            taker.used += 1
            suppressed.append((diagnostic, taker))
    return kept, suppressed
