"""The previous year's 四、结转下年度继续办理 as fixed values in this year's diagnosis (X001).

Last year's report is published; this year's draft is what can change. So each column's carried-forward
number from last year is a constant, and "本年 二、上年结转 = 上年 四、结转下年度继续办理" joins this year's
identities as one more equation: a wrong 上年结转 cell is then named once (A006) with X001 folded under
it. Where last year's own diagnosis corrects its carried-forward cell, the corrected value is the one
that counts, so a cell that is wrong last year is not blamed again this year.

Where the continuity cannot be restored by a few cells of this year's table (the draft is consistent
in itself and last year's number differs), X001 is left out of the diagnosis and stays a finding of
its own (rules/cross.py), so it never hides a wrong cell elsewhere in the table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from xxgk_lint.model import Cell

CODE = "X001"
COLUMNS = ("natural", "commercial", "research", "nonprofit", "legal", "other", "total")
FORWARD = "applications.carry_forward."
CARRIED = ("applications", "carried_over")
FIXED = "previous_year"  # the first part of the path of a value from last year's report


@dataclass(frozen=True)
class PreviousYear:
    """What this year's diagnosis needs of last year's report."""

    year: Optional[int]
    source: str
    agency: Optional[str] = None
    values: dict = field(default_factory=dict)  # column → the number that counts (corrected where its diagnosis says)
    published: dict = field(default_factory=dict)  # column → the number last year's report holds

    @classmethod
    def from_digest(cls, digest) -> "PreviousYear":
        published = {c: digest.numbers[FORWARD + c] for c in COLUMNS
                     if isinstance(digest.numbers.get(FORWARD + c), int)}
        values = {c: forward_value(digest, c) for c in published}
        return cls(digest.year, digest.source, digest.agency, values, published)

    def follows(self, year: Optional[int]) -> bool:
        """Whether this is the year before `year` (either unknown: taken as given)."""
        return self.year is None or year is None or self.year == year - 1

    def precedes(self, year: Optional[int], agency: Optional[str]) -> bool:
        """Whether this is the previous year's report of the report of `year` by `agency`: the year
        before, and an agency that may be the same (see may_be_same_agency)."""
        return self.follows(year) and may_be_same_agency(self.agency, agency)


def may_be_same_agency(one: Optional[str], other: Optional[str]) -> bool:
    """Whether two agencies as two reports name them may be one: the same name however written, one
    inside the other (洪泽区人民政府, 淮安市洪泽区人民政府), or the same first two characters, where a
    short form starts (上海市科委, 上海市科学技术委员会). Unknown on either side: taken as given. Only
    names that share nothing (平潭综合实验区…, 淮安市洪泽区…) tell two agencies apart: --previous
    names last year's report by hand, and a short form a clerk uses must not stop it."""
    from xxgk_lint.digest import agency_key

    one, other = agency_key(one), agency_key(other)
    if not one or not other:
        return True
    return one in other or other in one or one[:2] == other[:2]


def forward_value(digest, column: str):
    """Last year's 结转下年度 of a column: corrected where its own diagnosis corrects it."""
    name = FORWARD + column
    return digest.corrected.get(name, digest.numbers.get(name))


def continuity_lines(report, line_type) -> list:
    """One equation per column: 本年 二、上年结转 = the previous year's value (a constant)."""
    previous = getattr(report, "previous_year", None)
    if previous is None or report.edition is None or not previous.precedes(report.year, report.agency):
        return []
    table = report.edition.table(("applications",))
    lines = []
    for column in COLUMNS:
        carried = report.cell(CARRIED + (column,))
        if carried is None or column not in previous.values:
            continue
        title = table.column(column).title
        value = previous.values[column]
        label = f"{previous.year or '上一'} 年度报告 › 四、结转下年度继续办理 › {title}"
        fixed = Cell((FIXED, "applications", "carry_forward", column), label, "count", value, value, False, None)
        lines.append(line_type(CODE, "X001", f"{title}列", [carried], [fixed], ["二、上年结转"],
                               ["上年 四、结转下年度继续办理"], "本年 二、上年结转 = 上年 四、结转下年度继续办理",
                               fixed=(fixed.path,)))
    return lines


def explain(cross: list, own: list) -> None:
    """Fold each X001 finding under the A006 of its 上年结转 cell, where this year's diagnosis names it."""
    wrong = {d.field_name: d for d in own if d.code == "A006"}
    for diagnostic in cross:
        if diagnostic.code != CODE:
            continue
        cell = wrong.get(diagnostic.field_name)
        if cell is not None and cell.fix and cell.fix.get("value") == diagnostic.expected:
            diagnostic.explained_by = [diagnostic.field_name]
