"""Evaluate the identities the schemas declare (template.md §5) against a report, and diagnose them.

One piece of code for every identity: each is data (`Identity` in xxgk_lint.editions, or a plugin's
`Balance`), so adding an identity to a schema or a rule pack is all it takes for it to be checked.
Every identity of a report is evaluated over its list of cell numbers (`broken_codes`), by positions
worked out once per edition (`_Layout`); when some are broken, the diagnosis (xxgk_lint.diagnosis)
looks at the systems of identities that hold a broken one (identities linked through shared cells)
for the fewest cells whose change restores them. Line objects, with their Cells, are made only for
the lines a finding names.
"""

from __future__ import annotations

import operator
import weakref
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterator, Optional

from xxgk_lint.continuity import CODE as CONTINUITY
from xxgk_lint.continuity import continuity_lines
from xxgk_lint.diagnosis import Equation, Statement, diagnose
from xxgk_lint.editions import Identity, Table
from xxgk_lint.model import Diagnostic, Severity, json_number
from xxgk_lint.report import Report
from xxgk_lint.rule import Balance, Finding

@dataclass
class Line:
    """One identity in one column or row of a report (or one plugin balance), with its cells."""

    code: str
    name: str  # the identity's name, e.g. I1
    where: str  # 自然人列, （一）予以公开 行
    left: list  # Cells
    right: list
    left_names: list
    right_names: list
    formula: str
    relation: str = "="
    derived: Optional[str] = None
    fixed: tuple = ()  # paths of cells that are another report's values: constants in the diagnosis

    @property
    def key(self) -> tuple:
        return (self.code, self.where)

    # worked out once, as the line is made: the diagnosis and every A rule ask again, and a line's
    # cells never change
    cells: list = field(init=False, repr=False)
    readable: bool = field(init=False, repr=False)
    holds: bool = field(init=False, repr=False)  # only meaningful where readable

    def __post_init__(self):
        self.cells = self.left + self.right
        numbers = [None if c is None else c.number for c in self.cells]
        self.readable = None not in numbers
        self.holds = False
        if self.readable:
            left, right = sum(numbers[:len(self.left)]), sum(numbers[len(self.left):])
            self.holds = left <= right if self.relation == "<=" else left == right

    @property
    def integer(self) -> bool:
        """Part of the diagnosis: an equality or inequality over integer cells (money has a tolerance instead)."""
        return all(c.kind != "money" for c in self.cells)


def check_identity(report: Report, code: str) -> Iterator[Finding]:
    if code not in broken_codes(report):
        return  # every line of it holds (most reports): no line needs to be made
    diagnosis = report_diagnosis(report)
    every = _every_line(report)
    others = range(len(every.specs), every.count)
    for index in [*every.by_code.get(code, ()), *(at for at in others if every.code(at) == code)]:
        if every.readable(index) and not every.holds(index):
            yield _finding(report, every.line(index), diagnosis)


def broken_codes(report: Report) -> frozenset:
    """The codes of the identities with a line that can be read and does not hold, worked out over
    the report's cell numbers without making a Line; Lines are made only where one is broken."""
    cached = _cached(report)
    if "broken" not in cached:
        broken = set()
        if report.edition is not None:
            numbers = report.cell_numbers
            for code, at_most, sides in _layout(report).checks:
                if code in broken:
                    continue
                for left, right in sides:
                    try:  # a line with a cell missing, or one holding no number, cannot be read: its sum fails
                        total, other = sum(left(numbers)), sum(right(numbers))
                    except TypeError:
                        continue
                    if not (total <= other if at_most else total == other):
                        broken.add(code)
                        break
        broken.update(line.code for line in _other_lines(report) if line.readable and not line.holds)
        cached["broken"] = frozenset(broken)
    return cached["broken"]


def _cached(report: Report) -> dict:
    return report.worked_out


@dataclass(frozen=True)
class _Spec:
    """One line of an identity over an edition's template cells: the same for every report that
    gives the same rows, so worked out once per process."""

    identity: Identity
    where: str
    left: tuple  # cell paths
    right: tuple
    left_at: tuple  # their positions in a report's cell numbers (Edition.cell_index)
    right_at: tuple
    terms: tuple  # ((path, ±1), ...) as the diagnosis's Equation holds them
    counts: tuple  # the paths of its cells that are counts (a correction keeps them ≥ 0)
    integer: bool  # no money cell: it takes part in the diagnosis

    @property
    def code(self) -> str:
        return self.identity.code

    @property
    def at_most(self) -> bool:
        return self.identity.relation == "<="


@dataclass(frozen=True)
class _Layout:
    specs: tuple  # every line of every identity of the edition, in the schema's order
    member: dict  # cell position → the indices of the specs it is in
    checks: tuple  # per identity: (code, whether "<=", ((left side, right side), ...)), a side giving its
    # numbers out of a report's cell numbers
    by_code: dict  # code → the indices of its specs


def _layout(report: Report) -> _Layout:
    """The edition's lines as this report gives its rows (nearly every report: all of them)."""
    edition = report.edition
    given = tuple(_as_given(report, identity) for identity in edition.identities)
    if all(map(operator.is_, given, edition.identities)):
        return _edition_layout(edition)  # every row there: no tuple of identities to hash
    return _layout_of(edition, given)


@lru_cache(maxsize=None)
def _edition_layout(edition) -> "_Layout":
    return _layout_of(edition, edition.identities)


@lru_cache(maxsize=64)
def _layout_of(edition, identities: tuple) -> _Layout:
    index = edition.cell_index
    specs, member, checks, by_code = [], {}, [], {}
    for identity in identities:
        first = len(specs)
        for where, left, right in _plan(edition, identity)[0]:
            kinds = [edition.cells[p][2].kind for p in left + right]
            spec = _Spec(identity, where, left, right, tuple(index[p] for p in left), tuple(index[p] for p in right),
                         tuple((p, 1) for p in left) + tuple((p, -1) for p in right),
                         tuple(p for p, kind in zip(left + right, kinds) if kind == "count"),
                         "money" not in kinds)
            for position in spec.left_at + spec.right_at:
                member.setdefault(position, []).append(len(specs))
            specs.append(spec)
        checks.append((identity.code, identity.relation == "<=",
                       tuple((_numbers_at(spec.left_at), _numbers_at(spec.right_at)) for spec in specs[first:])))
        by_code.setdefault(identity.code, []).extend(range(first, len(specs)))
    return _Layout(tuple(specs), {position: tuple(found) for position, found in member.items()}, tuple(checks),
                   {code: tuple(found) for code, found in by_code.items()})


def _numbers_at(positions: tuple):
    """A function giving the numbers at these positions of a list, as a tuple: one C call for
    several (itemgetter gives a bare value for a single position)."""
    if len(positions) == 1:
        position = positions[0]
        return lambda numbers: (numbers[position],)
    return operator.itemgetter(*positions)


class _Lines:
    """Every identity line of one broken report, by index: the edition's lines first (as specs over
    the report's numbers), then the other lines (plugin balances, local identities, last year's
    numbers). A Line, with its Cells, is made only for a line a finding or the diagnosis names."""

    def __init__(self, report: Report):
        # the report keeps this object (worked_out["lines"]): a weak reference back, so that the
        # two are freed together when the report goes, not left for the garbage collector
        self._report = weakref.ref(report)
        layout = _layout(report) if report.edition is not None else _Layout((), {}, (), {})
        self.by_code = layout.by_code
        self.specs, self.edition_member = layout.specs, layout.member
        self.other = _other_lines(report)
        self.count = len(self.specs) + len(self.other)
        self.numbers = report.cell_numbers
        self._statuses: dict = {}  # index → (readable, holds), worked out for the lines looked at
        self._usable: dict = {}
        self.other_member: dict = {}  # cell position → indices of the other lines holding it (not fixed)
        index = report.edition.cell_index if report.edition is not None else {}
        for at, line in enumerate(self.other, len(self.specs)):
            if line.readable:
                for cell in line.cells:
                    if cell.path not in line.fixed and cell.path in index:
                        self.other_member.setdefault(index[cell.path], []).append(at)
        self._made: dict = {}

    @property
    def report(self) -> Report:
        return self._report()

    def readable(self, at: int) -> bool:
        return self._status(at)[0]

    def holds(self, at: int) -> bool:
        return self._status(at)[1]

    def _status(self, at: int) -> tuple:
        status = self._statuses.get(at)
        if status is None:
            if at < len(self.specs):
                spec, numbers = self.specs[at], self.numbers
                left, right = [numbers[p] for p in spec.left_at], [numbers[p] for p in spec.right_at]
                readable = None not in left and None not in right
                holds = readable and (sum(left) <= sum(right) if spec.at_most else sum(left) == sum(right))
            else:
                line = self.other[at - len(self.specs)]
                readable, holds = line.readable, line.holds
            status = self._statuses[at] = (readable, bool(holds))
        return status

    def broken(self) -> list:
        """The lines that can be read and do not hold, in order: only identities with a broken
        line (broken_codes) are looked at."""
        codes = broken_codes(self.report)
        candidates = [at for code in codes for at in self.by_code.get(code, ())]
        candidates += [at for at in range(len(self.specs), self.count) if self.code(at) in codes]
        return sorted(at for at in candidates if self.readable(at) and not self.holds(at))

    def usable(self, at: int) -> bool:
        """Whether a line takes part in the diagnosis: readable, over whole numbers, and not a broken
        identity the report suppresses with a reason."""
        usable = self._usable.get(at)
        if usable is None:
            usable = self._usable[at] = self.readable(at) and self.integer(at) and (
                self.holds(at) or not _suppressed(self.report, self.line(at)))
        return usable

    def code(self, at: int) -> str:
        return self.specs[at].code if at < len(self.specs) else self.other[at - len(self.specs)].code

    def key(self, at: int) -> tuple:
        if at < len(self.specs):
            return (self.specs[at].code, self.specs[at].where)
        return self.other[at - len(self.specs)].key

    def integer(self, at: int) -> bool:
        return self.specs[at].integer if at < len(self.specs) else self.other[at - len(self.specs)].integer

    def line(self, at: int) -> Line:
        if at >= len(self.specs):
            return self.other[at - len(self.specs)]
        made = self._made.get(at)
        if made is None:
            spec, cell = self.specs[at], self.report.cell
            _, left_names, right_names, formula = _plan(self.report.edition, spec.identity)
            identity = spec.identity
            made = self._made[at] = Line(identity.code, identity.name, spec.where, [cell(p) for p in spec.left],
                                         [cell(p) for p in spec.right], list(left_names), list(right_names),
                                         formula, identity.relation, identity.derived)
        return made

    def neighbours(self, at: int) -> Iterator[int]:
        """The lines sharing a cell with line `at` (a cell from last year's report is no link)."""
        if at < len(self.specs):
            spec = self.specs[at]
            positions = spec.left_at + spec.right_at
        else:
            line, index = self.other[at - len(self.specs)], self.report.edition.cell_index
            positions = [index[c.path] for c in line.cells if c.path not in line.fixed and c.path in index]
        for position in positions:
            yield from self.edition_member.get(position, ())
            yield from self.other_member.get(position, ())

    def by_key(self, key: tuple) -> Line:
        """The line a diagnosis names by its key (the last one, should two share it)."""
        return self.line(next(at for at in reversed(range(self.count)) if self.key(at) == key))

    def together(self, path: tuple, other: tuple) -> bool:
        """Whether some line has both cells in it (cells the report gives)."""
        report = self.report
        if report.cell(path) is None or report.cell(other) is None:
            return False
        position = report.edition.cell_index.get(path) if report.edition is not None else None
        if any(other in self.specs[at].left or other in self.specs[at].right
               for at in self.edition_member.get(position, ())):
            return True
        return any({path, other} <= {c.path for c in line.cells if c is not None} for line in self.other)


def _every_line(report: Report) -> _Lines:
    cached = _cached(report)
    if "lines" not in cached:
        cached["lines"] = _Lines(report)
    return cached["lines"]


def report_diagnosis(report: Report) -> list:
    """The diagnosis (one per independent system with a broken identity; [] when all balance),
    computed once per report and only when some integer identity is broken."""
    if not broken_codes(report):
        return []
    cached = _cached(report)
    if "diagnosis" not in cached:
        cached["diagnosis"] = _diagnose(report, _every_line(report))
    return cached["diagnosis"]


def corrected(report: Report) -> dict:
    """Cell path → the value the unique diagnosis gives it (only cells diagnosed wrong)."""
    return {cell: new for d in report_diagnosis(report) if d.correction for cell, _, new in d.correction.changes}


def _diagnose(report: Report, every: _Lines) -> list:
    broken = [at for at in every.broken() if every.usable(at)]
    if not broken:
        return []
    found = _solve(report, every, broken, every.usable)
    if any(d.status == "beyond" and any(key[0] == CONTINUITY for key in d.broken) for d in found):
        # last year's numbers cannot be met by a few cells of this table: X001 stays a finding of its
        # own (rules/cross.py) and must not hide a wrong cell elsewhere in the table
        found = _solve(report, every, [at for at in broken if every.code(at) != CONTINUITY],
                       lambda at: every.code(at) != CONTINUITY and every.usable(at))
    return found


def _solve(report: Report, every: _Lines, broken: list, usable) -> list:
    """The diagnosis of the systems (lines linked through shared cells) that hold a broken line:
    only the lines of these systems are looked at and made equations, however large the rest."""
    reached = set(broken)
    waiting = list(broken)
    while waiting:
        for other in every.neighbours(waiting.pop()):
            if other not in reached and usable(other):
                reached.add(other)
                waiting.append(other)
    numbers, index = report.cell_numbers, report.edition.cell_index if report.edition is not None else {}
    equations, values, counts = [], {}, set()
    for at in sorted(reached):
        if at < len(every.specs):
            spec = every.specs[at]
            equations.append(Equation(spec.terms, 0, (spec.code, spec.where), spec.identity.relation))
            for path in spec.left + spec.right:
                values[path] = int(numbers[index[path]])
            counts.update(spec.counts)
            continue
        line = every.line(at)
        terms = tuple((c.path, sign) for cells, sign in ((line.left, 1), (line.right, -1))
                      for c in cells if c.path not in line.fixed)
        constant = sum(c.number for c in line.left if c.path in line.fixed) - sum(
            c.number for c in line.right if c.path in line.fixed)
        equations.append(Equation(terms, int(constant), line.key, line.relation))
        for cell in line.cells:
            if cell.path not in line.fixed:
                values[cell.path] = int(cell.number)
                if cell.kind == "count":
                    counts.add(cell.path)
    return diagnose(equations, values, counts, _statements(report, values))


def _suppressed(report: Report, line: Line) -> bool:
    """An identity the report says, with a reason, does not hold for it takes no part in the diagnosis."""
    if not report.suppressions or line.holds:
        return False
    anchor = line.left[0] if line.derived == "left" else line.right[0]
    probe = Diagnostic(line.code, Severity.ERROR, "", report.source, anchor.path, report.label(anchor.path),
                       anchor.location)
    return any(s.matches(probe) for s in report.suppressions)


def _statements(report: Report, values: dict) -> list:
    """The text's own figures for the table (W003's statements), as tie-breakers for the diagnosis."""
    from xxgk_lint.wording import stated_in

    found = []
    for _, _, stated in stated_in(report):  # as W003 reads them
        alternatives = tuple(tuple(tuple(p) for p in cells) for cells in stated.statement.equals_any)
        for cells in alternatives:
            for path in cells:
                cell = report.cell(path)
                if path not in values and cell is not None and cell.number is not None and cell.kind != "money":
                    values[path] = int(cell.number)
        found.append(Statement(alternatives, stated.number))
    return found


def _other_lines(report: Report) -> list:
    """The lines beyond the edition's own identities: plugin balances, local identities, and last
    year's numbers where they are at hand. Few reports have any; made once a report."""
    cached = _cached(report)
    if "other" not in cached:
        found = []
        for rule in getattr(report, "identity_rules", ()):  # set by the engine: plugin balances, local x-identities
            for balance in rule.balances(report):
                found += (_identity_lines(report, balance) if isinstance(balance, Identity)
                          else [_balance_line(report, rule.code, balance)])
        cached["other"] = found + continuity_lines(report, Line)
    return cached["other"]


def _rows_present(report: Report, table: Table, keys: tuple) -> tuple:
    """Row keys, with a group the report gives only as one row (（六）其他处理) read through that row."""
    out = []
    for key in keys:
        if report.has(table.path + (key,)):
            out.append(key)
            continue
        standing = next((r for r in table.rows if key in r.collapses and report.has(table.path + (r.key,))), None)
        if standing is None:
            out.append(key)
        elif standing.key not in out:
            out.append(standing.key)
    return tuple(out)


def _as_given(report: Report, identity: Identity) -> Identity:
    """An identity over columns read through the rows the report gives (a group given as one row)."""
    if identity.across != "columns":
        return identity
    rows = report.get(identity.table)
    if isinstance(rows, dict) and all(key in rows for key in identity.left) and all(key in rows for key in identity.right):
        return identity  # every row there (most reports)
    table = report.edition.table(identity.table)
    return Identity(identity.code, identity.name, identity.table, identity.across,
                    _rows_present(report, table, identity.left), _rows_present(report, table, identity.right),
                    identity.relation, identity.derived)


def _identity_lines(report: Report, identity: Identity) -> list:
    identity = _as_given(report, identity)
    paths, left_names, right_names, formula = _plan(report.edition, identity)
    cell = report.cell
    return [Line(identity.code, identity.name, where, [cell(p) for p in left],
                 [cell(p) for p in right], list(left_names), list(right_names), formula, identity.relation,
                 identity.derived)
            for where, left, right in paths]


def formula(edition, identity: Identity) -> str:
    """How an identity reads in the form's words (for the documentation of a local identity)."""
    return _plan(edition, identity)[3]


@lru_cache(maxsize=256)
def _plan(edition, identity: Identity) -> tuple:
    """The lines an identity checks, with their names and formula: the same for every report of an
    edition that gives the same rows, so worked out once per process."""
    table = edition.table(identity.table)
    if identity.across == "columns":
        lines = [(c.title + "列", [table.path + (r, c.key) for r in identity.left],
                  [table.path + (r, c.key) for r in identity.right]) for c in table.columns]
        names = lambda keys: [table.row(k).name for k in keys]  # noqa: E731
    else:
        lines = [(r.short + ("" if r.groups and "、" not in r.groups[-1] else " 行"),
                  [table.path + (r.key, c) for c in identity.left],
                  [table.path + (r.key, c) for c in identity.right]) for r in table.rows]
        names = lambda keys: [table.column(k).title for k in keys]  # noqa: E731
    left_names, right_names = tuple(names(identity.left)), tuple(names(identity.right))
    formula = _formula(identity, table, left_names, right_names)
    return tuple((where, tuple(left), tuple(right)) for where, left, right in lines), left_names, right_names, formula


def _balance_line(report: Report, code: str, balance: Balance) -> Line:
    left = [report.cell(p) for p in balance.left]
    right = [report.cell(p) for p in balance.right]
    left_names = [c.label.split(" › ", 1)[-1] if c else ".".join(p) for c, p in zip(left, balance.left)]
    right_names = [c.label.split(" › ", 1)[-1] if c else ".".join(p) for c, p in zip(right, balance.right)]
    formula = f"{' + '.join(left_names)} = {' + '.join(right_names)}"
    derived = "left" if len(left) == 1 else None
    return Line(code, balance.name or code, balance.where, left, right, left_names, right_names, formula,
                "=", derived)


def _finding(report: Report, line: Line, diagnosis: list) -> Finding:
    """An identity that does not hold. 应为/实际为 always speak of one cell, the one the finding points
    at; 相差 is always 实际 − 应为 of that cell."""
    cells = [c.as_dict() for c in line.cells]
    left, right = sum(c.number for c in line.left), sum(c.number for c in line.right)
    fixed = corrected(report) if diagnosis else {}
    explained = [".".join(c.path) for c in line.cells if c.path in fixed]
    if line.relation == "<=":
        message = (f"{line.where}：{line.left_names[0]} 为 {left}，大于{line.right_names[0]} {right}"
                   f"（{line.left_names[0]}不应超过{line.right_names[0]}）")
        return Finding(message, line.left[0].path, line.left[0].location, expected=f"≤ {right}",
                       actual=left, formula=line.formula, cells=cells, explained_by=explained)
    if line.derived == "left":
        anchor = line.left[0]
        expected, actual = right, left
        terms = _terms(line.right, line.right_names)
        written = "空白（按 0 计）" if anchor.blank else f"为 {left}"
        message = (f"{line.where}：{line.left_names[0]} {written}，但各分项之和为 {right}（{terms}），"
                   f"相差 {_signed(left - right)}")
        if left and all(c.blank for c in line.right) and anchor.path not in fixed:
            # a total over parts all left blank: the parts are missing, not 0, and the total is
            # likely right; 应为 0 would tell the clerk to wipe the one number that was filled in
            message += f"；应补填各分项，使其之和为 {left}，而不是把{line.left_names[0]}改为 0"
            expected = actual = None
    else:  # both sides are sums (I1): the finding points at the first cell on the right, （七）总计
        anchor = line.right[0]
        expected, actual = left - sum(c.number for c in line.right[1:]), anchor.number
        message = (f"{line.where}：{' + '.join(line.left_names)} = {_sum_text(line.left)} = {left}，"
                   f"而 {' + '.join(line.right_names)} = {_sum_text(line.right)} = {right}，两边应相等")
        if explained and anchor.path in fixed:  # the cell the diagnosis (A006) names, at its value
            expected = fixed[anchor.path]
        if (not explained or anchor.path in fixed) and (explained or _some_option_sets(
                diagnosis, line.key, anchor.path, expected)):
            message += f"；按此 {line.right_names[0]} 应为 {expected}，相差 {_signed(actual - expected)}"
        # else the diagnosis puts the error in other cells: a value for this one would contradict
        # the A006 this finding is shown under
    if explained:  # the diagnosis knows better: 应为 speaks of the anchor only if it is a wrong cell
        expected, actual = (fixed[anchor.path], actual) if anchor.path in fixed else (None, None)
    elif expected is not None and not _some_option_sets(diagnosis, line.key, anchor.path, expected):
        # several equally small corrections (A007), none of them this cell to this value: 应为 here
        # would send the clerk to a cell the diagnosis finds right (and following it would break
        # another identity)
        message += "；哪一格填错无法唯一确定，见 A007 列出的几种改法"
        expected = actual = None
    return Finding(message, anchor.path, anchor.location, expected=expected, actual=actual,
                   formula=line.formula, cells=cells, explained_by=explained)


def _some_option_sets(diagnosis: list, key: tuple, path: tuple, value) -> bool:
    """Whether, where a line's system has several equally small corrections, one of them sets the
    cell at `path` to `value` (true, too, where the line is in no such system)."""
    for system in diagnosis:
        if system.status == "ambiguous" and key in system.broken:
            return any(cell == path and new == value
                       for correction in system.corrections for cell, _, new in correction.changes)
    return True


def wrong_cells(report: Report) -> Iterator[Finding]:
    """One finding per cell of the unique smallest correction of each system (A006)."""
    diagnoses = report_diagnosis(report)
    if not diagnoses:
        return
    every = _every_line(report)
    for diagnosis in diagnoses:
        correction = diagnosis.correction
        if correction is None:
            continue
        restores = dict(diagnosis.restores)
        for path, old, new in correction.changes:
            cell = report.cell(path)
            restored = [every.by_key(key) for key in restores[path]]
            partners = [report.cell(p) for p in correction.cells if p != path and every.together(path, p)]
            named = "、".join(f"{line.code} {line.where}" for line in restored)
            together = (f"与{'、'.join(_cell_name(c) for c in partners)}一起改正后，" if partners
                        else "只改这一格，")
            written = "空白（按 0 计）" if cell.blank else f"填的是 {old}"
            message = (f"{_cell_name(cell)} {written}，按勾稽关系应为 {new}（相差 {_signed(old - new)}）；"
                       f"{together}{named} 即全部成立")
            yield Finding(message, path, cell.location, expected=new, actual=old, cells=[cell.as_dict()],
                          fix={"field": ".".join(path), "value": json_number(new)})


def ambiguous_cells(report: Report) -> Iterator[Finding]:
    """Several equally small corrections of one system (A007): list a few, fix nothing."""
    diagnoses = report_diagnosis(report)
    if not diagnoses:
        return
    every = _every_line(report)
    for diagnosis in diagnoses:
        if diagnosis.status != "ambiguous":
            continue
        options = []
        for number, correction in enumerate(diagnosis.corrections, 1):
            changes = "，".join(f"{_cell_name(report.cell(p))} {old} 改为 {new}" for p, old, new in correction.changes)
            options.append(f"（{number}）{changes}")
        if not options:
            options.append("（所涉各格应改多少无法由勾稽关系唯一确定）")
        cells = sorted({p for correction in diagnosis.corrections for p in correction.cells})
        first = every.by_key(diagnosis.broken[0])
        anchor = first.left[0] if first.derived == "left" or first.relation == "<=" else first.right[0]
        if anchor.path in first.fixed:  # last year's number (X001): point at this year's cell
            anchor = first.left[0]
        named = "、".join(f"{key[0]} {key[1]}" for key in diagnosis.broken)
        message = (f"{named} 不成立，但有几种同样小的改法都能让它们成立，无法判断哪一格填错了，"
                   f"请核对原始台账：{'；或'.join(options)}")
        yield Finding(message, anchor.path, anchor.location, cells=[report.cell(p).as_dict() for p in cells])


def _cell_name(cell) -> str:
    """A cell's label without its table title: （七）总计 › 自然人."""
    return cell.label.split(" › ", 1)[-1]


def _formula(identity: Identity, table: Table, left_names, right_names) -> str:
    relation = "≤" if identity.relation == "<=" else "="
    right = _compress(identity, table, right_names)
    return f"{' + '.join(left_names)} {relation} {right}"


def _compress(identity: Identity, table: Table, names) -> str:
    """Name a long run of rows by their group: Σ（三）不予公开 1–8 rather than eight labels."""
    if identity.across != "columns" or len(names) <= 4:
        return " + ".join(names)
    parts, seen = [], set()
    for key in identity.right:
        row = table.row(key)
        group = row.groups[-1] if row.groups and "、" not in row.groups[-1] else None
        if group is None:
            parts.append(row.name)
        elif group not in seen:
            seen.add(group)
            members = [r for r in table.rows if r.groups and r.groups[-1] == group]
            parts.append(f"Σ{group} {members[0].title[:1]}–{members[-1].title[:1]}")
    return " + ".join(parts)


def _terms(cells, names) -> str:
    """The parts of a sum as the report has them: the non-zero ones by name, the rest as 0 or, where
    the report left them all blank, as blank (a total over blank parts asks for the parts to be filled
    in, not for the total to be 0)."""
    nonzero = [f"{n} {c.number}" for c, n in zip(cells, names) if c.number]
    rest = [c for c in cells if not c.number]
    blank = bool(rest) and all(c.blank for c in rest)
    if not nonzero:
        return "各分项均空白，按 0 计" if blank else "各分项均为 0"
    shown = "，".join(nonzero[:6]) + ("，……" if len(nonzero) > 6 else "")
    if not rest:
        return shown
    return shown + ("，其余空白" if blank else "，其余为 0")


def _sum_text(cells) -> str:
    return " + ".join(str(c.number) for c in cells)


def _signed(value) -> str:
    return f"+{value}" if value > 0 else str(value)
