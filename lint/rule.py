"""What a rule is, for built-in and third-party rule modules alike.

A rule module defines functions decorated with `@rule(...)`; the decorator turns the function
into a `Rule` whose docstring is the rule's user documentation (`xxgk-lint rule CODE`). A rule
looks only at a `Report` and yields `Finding`s: it knows nothing of file formats or terminals.

    from xxgk_lint.rule import Finding, rule

    @rule("GD101", name="some-check", severity="warning", summary="一句话说明")
    def some_check(report):
        \"\"\"检查什么、为什么、错误示例、正确示例。\"\"\"
        if ...:
            yield Finding("……", path=("applications", "total", "total"))
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Optional

from xxgk_lint.model import Location, Path, Severity

CODE_PATTERN = re.compile(r"^[A-Z]{1,4}\d{3}$")


@dataclass
class Finding:
    """One thing a rule found. The engine adds the code, severity, file and labels."""

    message: str
    path: Path = ()
    location: Optional[Location] = None
    expected: Any = None
    actual: Any = None
    formula: str = ""
    cells: list = field(default_factory=list)
    fix: Optional[dict] = None
    excerpt: str = ""  # the words of the text the finding is about, for showing it in place
    explained_by: list = field(default_factory=list)  # fields of the wrong cells (A006) that explain it


@dataclass(frozen=True)
class Balance:
    """An equality over template cells a rule pack declares: Σ left = Σ right (integer cells).

    It is checked like the schemas' identities and joins the same diagnosis (A006/A007), so a wrong
    cell is found once across built-in and plugin identities. where names the row or column."""

    left: tuple
    right: tuple
    where: str = ""
    name: str = ""


@dataclass
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    doc: str
    check: Callable[..., Iterable[Finding]]
    needs_recognised_report: bool = True  # False only for rules about files nothing was recognised in
    after_suppressions: bool = False  # runs once suppressions are applied (rules about suppressions)
    scope: str = "report"  # report: check(report); previous-year: check(digest, previous); group: check(government, members)
    origin: str = ""  # the entry point that provided it
    balances: Optional[Callable] = None  # identity rules: report → the Balances it declares

    @property
    def family(self) -> str:
        return re.match(r"[A-Z]+", self.code).group(0)


SCOPES = ("report", "previous-year", "group")


def rule(code: str, *, name: str, severity: str = "error", summary: str, needs_recognised_report: bool = True,
         after_suppressions: bool = False, scope: str = "report") -> Callable[[Callable], Rule]:
    """Make a function a rule. scope says what it looks at: one report (the default); a report's
    digest and the same agency's previous year (previous-year); or a government's digest and those
    of the agencies under it (group). Cross-report rules see xxgk_lint.digest.Digest, not reports."""
    if scope not in SCOPES:
        raise ValueError(f"rule {code}: scope must be one of {SCOPES}")
    if not CODE_PATTERN.match(code):
        raise ValueError(f"rule code {code!r} must be a family of capital letters and three digits")

    def make(check: Callable) -> Rule:
        if not check.__doc__:
            raise ValueError(f"rule {code} has no docstring: the docstring is its documentation")
        return Rule(code, name, Severity.parse(severity), summary, inspect.cleandoc(check.__doc__), check,
                    needs_recognised_report, after_suppressions, scope)

    return make


def identity_rule(code: str, *, name: str, severity: str = "error", summary: str) -> Callable[[Callable], Rule]:
    """Make a function that yields `Balance`s an identity rule: each balance that does not hold is a
    finding of this rule, and every balance joins the diagnosis over all identities.

        @identity_rule("GD201", name="fee-rows", summary="本省附表：合计 = 各项之和")
        def fee_rows(report):
            \"\"\"检查什么、为什么、错误示例、正确示例。\"\"\"
            yield Balance(left=[("applications", "total", "total")], right=[...], where="本省附表")
    """
    def make(balances: Callable) -> Rule:
        def check(report):
            from xxgk_lint.identities import check_identity

            yield from check_identity(report, code)

        check.__doc__ = balances.__doc__
        made = rule(code, name=name, severity=severity, summary=summary)(check)
        made.balances = balances
        return made

    return make
