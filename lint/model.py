"""Plain data shared by every stage: locations, problems found while reading, diagnostics.

Nothing here does I/O or knows a file format or a rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import IntEnum
from typing import Any, Optional

Path = tuple  # a path into the structured report, e.g. ("applications", "total", "natural")


class Severity(IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, text: str) -> "Severity":
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"未知的严重级别：{text}（可选 error、warning、info）") from None

    @property
    def label(self) -> str:
        return self.name.lower()

    @property
    def chinese(self) -> str:
        return {1: "提示", 2: "警告", 3: "错误"}[self.value]


@dataclass(slots=True, unsafe_hash=True)
class Location:
    """Where something sits in the original document, in the terms that document has.

    Treat it as read-only (make a moved copy with `moved`): it is hashed by its fields. It is not
    declared frozen because a frozen dataclass is built attribute by attribute through
    object.__setattr__, three times the cost, and readers build one for every token and cell."""

    line: Optional[int] = None
    column: Optional[int] = None
    page: Optional[int] = None
    table: Optional[int] = None  # 1-based table number in the document
    row: Optional[int] = None  # 1-based row in that table
    col: Optional[int] = None  # 1-based column in that table
    paragraph: Optional[int] = None
    note: Optional[str] = None  # how the value was read, where that was not plain (cells run together)

    def __reduce__(self):
        # a batch pickles tens of locations a report (worker → parent → temporary file → outputs);
        # the generic state methods dataclasses give frozen slotted classes cost several times more
        return Location, self.fields()

    def fields(self) -> tuple:
        """The fields in order: `Location(*location.fields())` is the same location."""
        return self.line, self.column, self.page, self.table, self.row, self.col, self.paragraph, self.note

    def describe(self) -> str:
        parts = []
        if self.page is not None:
            parts.append(f"第{self.page}页")
        if self.table is not None:
            cell = f"表{self.table}"
            if self.row is not None:
                cell += f" 第{self.row}行"
            if self.col is not None:
                cell += f" 第{self.col}列"
            parts.append(cell)
        if self.paragraph is not None:
            parts.append(f"第{self.paragraph}段")
        if self.line is not None and self.table is not None:
            parts.append(f"（源代码第{self.line}行）")  # a web page's table cell: the line of its HTML
        elif self.line is not None:
            parts.append(f"第{self.line}行" + (f"第{self.column}列" if self.column else ""))
        described = " ".join(parts)
        return f"{described}，{self.note}" if self.note else described

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__slots__ if getattr(self, k) is not None}

    def moved(self, columns: int = 0, note: Optional[str] = None) -> "Location":
        """The place `columns` characters further along the same line (a cell inside a run of
        digits, a heading inside a run-together line), noting how it was read if `note` is given.
        dataclasses.replace does the same at three times the cost, and recognition moves every
        cell of a run-together report."""
        if note is not None and ("\n" in note or "\r" in note):
            note = " ".join(note.split())  # a run read across lines (a cell's paragraphs): a location is one line
        return Location(self.line, self.column + columns if columns else self.column, self.page, self.table,
                        self.row, self.col, self.paragraph, self.note if note is None else note)


_new = object.__new__


def cell_location(line: Optional[int], table: int, row: int, col: int) -> Location:
    """`Location(line, table=table, row=row, col=col)`, a table cell's place, made by filling the
    slots: a reader makes one for every cell of a page, and calling the class runs its __init__
    as a Python frame entered from C, which costs more than all the filling."""
    location = _new(Location)
    location.line = line
    location.table = table
    location.row = row
    location.col = col
    location.column = location.page = location.paragraph = location.note = None
    return location


@dataclass
class Problem:
    """A fact a reader, recogniser or validator noticed. Rules decide what it is worth.

    kind is one of: unrecognised, invalid, missing, extra, order, duplicate, pictured (a table
    missing where the section holds a picture: missing, with the likely reason).
    """

    kind: str
    message: str
    path: Path = ()
    location: Optional[Location] = None


@dataclass(slots=True, unsafe_hash=True)  # not frozen: a report builds hundreds, a frozen __init__ costs 4×
class Cell:
    """One cell of a template table as the report filled it in (treat as read-only)."""

    path: Path
    label: str
    kind: str  # count | delta | money
    written: Any  # what the report holds: a number, None, or a blank marker such as "/"
    value: Optional[Decimal | int]  # the number it reads as; None when it is no number at all
    blank: bool  # left blank or written as a marker; read as 0
    location: Optional[Location]
    # the value arithmetic uses: a blank counts as 0 (a field, not a property: the identities read it
    # a thousand times a report)
    number: Optional[Decimal | int] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        self.number = 0 if self.blank else self.value

    def as_dict(self) -> dict:
        """The cell as a finding cites it (Diagnostic.cells)."""
        return {"field": ".".join(self.path), "label": self.label, "value": json_number(self.written),
                "location": self.location.as_dict() if self.location else {}}


@dataclass(slots=True)
class Diagnostic:
    code: str
    severity: Severity
    message: str
    file: str
    path: Path = ()
    label: str = ""
    location: Optional[Location] = None
    expected: Any = None
    actual: Any = None
    formula: str = ""
    cells: list = field(default_factory=list)  # [{"field", "label", "value", "location"}]
    fix: Optional[dict] = None  # {"field": ..., "value": ...} where one derived cell is wrong
    fingerprint: str = ""  # stable across runs (rule, agency, year, cell); set in batch runs
    excerpt: str = ""  # the words of the text a wording finding is about
    explained_by: list = field(default_factory=list)  # fields of the wrong cells (A006) behind this finding

    @property
    def field_name(self) -> str:
        return ".".join(str(p) for p in self.path)

    def as_dict(self) -> dict:
        out = {
            "code": self.code,
            "severity": self.severity.label,
            "message": self.message,
            "location": {"file": self.file, **(self.location.as_dict() if self.location else {})},
        }
        if self.path:
            out["location"]["field"] = self.field_name
        if self.label:
            out["location"]["label"] = self.label
        if self.formula:
            out["formula"] = self.formula
        if self.expected is not None or self.actual is not None:
            out["expected"] = json_number(self.expected)
            out["actual"] = json_number(self.actual)
        if self.cells:
            out["cells"] = self.cells
        if self.fix:
            out["fix"] = self.fix
        if self.fingerprint:
            out["fingerprint"] = self.fingerprint
        if self.excerpt:
            out["excerpt"] = self.excerpt
        if self.explained_by:
            out["explained_by"] = [{"code": "A006", "field": name} for name in self.explained_by]
        return out


def folded(diagnostics: list) -> set:
    """ids of the findings shown under a wrong cell's finding (A006) that explains them: only where
    that finding is there (not ignored, not suppressed)."""
    wrong = {d.field_name for d in diagnostics if d.code == "A006"}
    return {id(d) for d in diagnostics if d.explained_by and d.explained_by[0] in wrong}


def json_number(value):
    """A Decimal as JSON has numbers (int when whole, else float); anything else as it is."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value
