"""Cells run together: a row's numbers written as one string of digits.

A crawler that flattens a web page to text drops the borders between cells, so the row
7,0,0,0,0,0,7 arrives as `7000007` and 23,0,0,0,0,0,23 as `230 000023`. A string of n digits
holds k cells in few ways: white space always separates two cells, and no cell but 0 itself starts
with 0. The form's own arithmetic (a row's 总计 is the sum of its parts) usually leaves one way.

Pure functions: the recogniser says what the cells are (their kinds) and which relations must
hold; nothing here knows the template.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Optional

# one cell as a run writes it: a sign only where the column may be negative, a decimal part only
# for money, a unit the report typed into the cell
_CELL = {
    "count": re.compile(r"(?:0|[1-9][0-9]*)(?:件|项)?"),
    "delta": re.compile(r"[-−－]?(?:0|[1-9][0-9]*)(?:件|项)?"),
    "money": re.compile(r"(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:万元|元)?"),
}
RUN = re.compile(r"^[0-9０-９.．\s\u00a0\u3000,，\-−－元万件项]+$")
MAX_CANDIDATES = 2000
MAX_CELL = 16  # characters in one cell: 15 digits and a decimal point are more than any count or sum
_NOT_NUMBER = re.compile(r"[^0-9.\-]")
_HALF_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


@dataclass(frozen=True)
class Piece:
    text: str
    start: int  # offset of the cell's first character in the run's text


def is_run(text: str) -> bool:
    """Digits (with spaces, signs, decimal points or units) and nothing else."""
    return bool(RUN.match(text)) and any(ch.isdigit() for ch in text)


def splits(text: str, kinds) -> Optional[list]:
    """Every way to read `text` as len(kinds) cells, each a tuple of Pieces; None when there are
    more than MAX_CANDIDATES ways (a string that long is no row of the form)."""
    return _splits(text, tuple(kinds))


@lru_cache(maxsize=4096)  # runs repeat: 0000000 is most rows of most reports
def _splits(text: str, kinds: tuple) -> Optional[list]:
    text = text.translate(_HALF_WIDTH)
    groups = [(m.group(0), m.start()) for m in re.finditer(r"[^\s\u00a0\u3000]+", text)]
    groups = [(g.replace("．", ".").replace(",", "").replace("，", ""), start) for g, start in groups]
    found: list = []
    # characters in the groups after each one: every cell still to come needs one at least, and
    # every group one cell at least
    after = [sum(len(g) for g, _ in groups[i + 1:]) for i in range(len(groups))]

    def walk(group: int, offset: int, cells: tuple) -> bool:
        if len(found) > MAX_CANDIDATES:
            return False
        if group == len(groups):
            if len(cells) == len(kinds):
                found.append(cells)
            return True
        word, start = groups[group]
        if offset == len(word):
            return walk(group + 1, 0, cells)
        if len(cells) == len(kinds):
            return True  # digits left over: not this way
        # the cells still to come each need at least one character
        pattern = _CELL.get(kinds[len(cells)], _CELL["count"])
        left = len(kinds) - len(cells) - 1  # cells still to come after this one
        if len(word) - offset + after[group] > (left + 1) * MAX_CELL:
            return True  # more characters than the cells to come can hold
        for end in range(min(len(word), offset + MAX_CELL), offset, -1):
            groups_left = len(groups) - group - 1 + (end < len(word))
            if len(word) - end + after[group] < left or groups_left > left:
                continue
            if pattern.fullmatch(word, offset, end):
                walk(group, end, cells + (Piece(word[offset:end], start + offset),))
        return True

    walk(0, 0, ())
    if len(found) > MAX_CANDIDATES:
        return None
    return tuple(found)


@dataclass(frozen=True)
class Verdict:
    """How a run was read: `cells` when one reading is chosen, `candidates` when several remain."""

    status: str  # "single" (one way at all), "balanced" (the only way the arithmetic holds),
    # "unbalanced" (no way balances: the nearest reading, so the A rules can report it),
    # "ambiguous" (several ways balance), "unreadable" (no way to make len(kinds) cells)
    cells: Optional[tuple] = None
    candidates: tuple = ()


def choose(text: str, kinds: list, miss: Optional[Callable] = None, totals: frozenset = frozenset()) -> Verdict:
    """Read a run as cells. `miss(values)` says by how much the relations among these cells fail
    (0 when they hold; None when there are none to check); `totals` are the indices of cells others
    add up to. Where no reading balances, the candidates are the readings that miss least, the
    nearest first (a wrong total is one cell off, not a count cut into pieces: 230000022 with a
    total of 22 reads 23/0/0/0/0/0/22, not 2/30/…)."""
    found = splits(text, kinds)
    if found is None or not found:
        return Verdict("unreadable", candidates=tuple(found or ()))
    if len(found) == 1:
        return Verdict("single", found[0])
    if miss is None:
        return Verdict("ambiguous", candidates=tuple(found))
    misses = {cells: miss([value(p.text) for p in cells]) for cells in found}
    balanced = [cells for cells in found if misses[cells] == 0]
    if len(balanced) == 1:
        return Verdict("balanced", balanced[0])
    if balanced:
        return Verdict("ambiguous", candidates=tuple(balanced))
    ranked = sorted(found, key=lambda cells: (misses[cells], _cost(cells, totals)))
    return Verdict("unbalanced", ranked[0], tuple(ranked[:UNBALANCED_KEPT]))


UNBALANCED_KEPT = 8  # the nearest readings of a row that balances in no way, for the columns to judge


def _cost(cells: tuple, totals: frozenset) -> tuple:
    """One digit a cell, unless a total needs more: shorter parts are more natural."""
    return sum(len(p.text) - 1 for i, p in enumerate(cells) if i not in totals), tuple(len(p.text) for p in cells)


@lru_cache(maxsize=4096)  # the same few pieces (0, 1, …) in every run
def value(text: str):
    """A piece's number (int, or float for money with decimals)."""
    digits = _NOT_NUMBER.sub("", text.replace("−", "-").replace("－", "-"))
    return float(digits) if "." in digits else int(digits)


def shown(cells: tuple) -> str:
    return "/".join(p.text for p in cells)
