"""The report a rule sees: the structured data of one report, its edition, and its cells.

Built from a reader's `Reading` by `xxgk_lint.validate`; knows nothing of file formats.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cached_property
from typing import Optional

from xxgk_lint.editions import Edition
from xxgk_lint.model import Cell, Location, Path


_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_HAS_FULL_WIDTH_DIGIT = re.compile("[０-９]").search  # translate() walks every character: only where needed

@dataclass(frozen=True)
class SectionText:
    key: str
    text: str
    heading: Optional[str]  # the heading as the report wrote it, when known
    location: Optional[Location]


class Report:
    def __init__(self, source: str, data: dict, edition: Optional[Edition], *, form: str = "",
                 locations: Optional[dict] = None, written: Optional[dict] = None,
                 problems: Optional[list] = None, recognised: bool = True,
                 suppressions: Optional[list] = None, settings: Optional[dict] = None):
        self.source = source
        self.form = form
        self.data = data
        self.edition = edition
        self.locations = locations or {}
        self.written = written or {}
        self.problems = list(problems or [])
        self.recognised = recognised
        self.suppressions = list(suppressions or [])  # xxgk_lint.suppress.Suppression
        self.suppressed: list = []  # (diagnostic, suppression) once checked
        self.settings = dict(settings or {})  # configuration a rule may consult (money-tolerance)
        self._made_cells: dict = {}  # path → Cell (or None), made when first asked for
        self._made_sections: dict = {}  # key → SectionText (or None), made when first asked for
        self.worked_out: dict = {}  # what helpers of the rules work out once a report (xxgk_lint.identities)

    # -- metadata ----------------------------------------------------------------------------
    @property
    def year(self) -> Optional[int]:
        year = self.data.get("year")
        return year if isinstance(year, int) and not isinstance(year, bool) else None

    @property
    def agency(self) -> Optional[str]:
        agency = self.data.get("agency")
        return agency if isinstance(agency, str) and agency.strip() else None

    @property
    def title(self) -> Optional[str]:
        title = self.data.get("title")
        return title if isinstance(title, str) and title.strip() else None

    # -- where things are --------------------------------------------------------------------
    def location(self, path: Path) -> Optional[Location]:
        """The location of a path, or of its nearest ancestor that has one."""
        path = tuple(path)
        while True:
            if path in self.locations:
                return self.locations[path]
            if not path:
                return None
            path = path[:-1]

    def label(self, path: Path) -> str:
        return self.edition.label(path) if self.edition else ".".join(map(str, path))

    # -- content -----------------------------------------------------------------------------
    def get(self, path: Path, default=None):
        node = self.data
        for part in path:
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        return node

    def has(self, path: Path) -> bool:
        marker = object()
        return self.get(path, marker) is not marker

    def section(self, key: str) -> Optional[SectionText]:
        """A section's text, heading and location (asked for a score of times a report: made once)."""
        made = self._made_sections.get(key, _UNMADE)
        if made is _UNMADE:
            made = self._made_sections[key] = self._make_section(key)
        return made

    def _make_section(self, key: str) -> Optional[SectionText]:
        sections = self.data.get("sections")
        if not isinstance(sections, dict) or key not in sections:
            return None
        value = sections[key]
        heading = None
        if isinstance(value, dict):
            heading = value.get("heading") if isinstance(value.get("heading"), str) else None
            value = value.get("text")
        text = value if isinstance(value, str) else ""
        location = self.location(("sections", key, "text")) if heading else self.location(("sections", key))
        return SectionText(key, text, heading, location)

    def text_lines(self):
        """Every line of running text: (where, line number within it, text, location).

        where is ("preface",) or ("sections", key); tables are not text.
        """
        return iter(self._text_lines)

    def text_passages(self):
        """Running text a whole sentence at a time: a line that stops mid-sentence (a line break
        kept from a PDF: 未发生因依申请公开被行政复议纠错或 / 行政诉讼败诉情形。) is read together with
        the lines that finish it. Yields (where, text, locate); locate(offset) gives the location of
        that offset in the original."""
        return iter(self._text_passages)

    # worked out once a report: several wording rules and the diagnosis read the text
    @cached_property
    def _text_lines(self) -> list:
        return list(self._each_text_line())

    @cached_property
    def _text_passages(self) -> list:
        return list(self._each_text_passage())

    def _each_text_line(self):
        parts = [("preface",)] + ([("sections", s.key) for s in self.edition.sections] if self.edition else [])
        for where in parts:
            if where == ("preface",):
                text = self.data.get("preface") if isinstance(self.data.get("preface"), str) else ""
            else:
                section = self.section(where[1])
                text = section.text if section else ""
            if _HAS_FULL_WIDTH_DIGIT(text):  # full-width digits (２０２３年) read as digits, one for one: offsets keep
                text = text.translate(_FULL_WIDTH_DIGITS)
            for index, line in enumerate(text.split("\n")):
                if line.strip():
                    yield where, index, line, self.line_location(where, index)

    def _each_text_passage(self):
        pending: list = []  # (where, index, line) of a sentence not yet finished

        def passage():
            where = pending[0][0]
            starts, text = [], ""
            for _, index, line in pending:
                starts.append((len(text), index))
                text += line

            def locate(offset: int, where=where, starts=starts, locations=self.locations):
                # the report's locations, not the report: a closure the report keeps must not keep it
                # (a cycle only the garbage collector would free)
                begin, index = max((s for s in starts if s[0] <= offset), default=starts[0])
                return line_location(locations, where, index, offset - begin)

            return where, text, locate

        for where, index, line, _ in self.text_lines():
            if pending and pending[-1][0] != where:
                yield passage()
                pending = []
            pending.append((where, index, line))
            if not _goes_on(line):
                yield passage()
                pending = []
        if pending:
            yield passage()

    def line_location(self, where: Path, index: int, offset: int = 0) -> Optional[Location]:
        """Where line `index` of a text (preface or section) sits in the original, at `offset`."""
        return line_location(self.locations, where, index, offset)

    # -- cells ---------------------------------------------------------------------------------
    # The identities and most rules need only each cell's number, and a finding cites a few cells:
    # one walk reads every number into a list (positions as in Edition.cell_index), and a Cell is
    # made only for a cell that is asked for.
    @cached_property
    def _cell_values(self) -> tuple:
        """(numbers, blank positions, absent positions) over the edition's template cells."""
        numbers: list = []
        blanks: list = []
        absent: list = []
        if self.edition is None:
            return numbers, blanks, absent
        marks = self.edition.blank_markers
        texts = self.written
        for table_path, first, size, rows in self.edition.value_plan:
            table = self.get(table_path)
            if not isinstance(table, dict):
                numbers += [None] * size
                absent += range(first, first + size)
                continue
            for row_key, at, keys, kinds, counts, paths, values_of in rows:
                row = table.get(row_key)
                if not isinstance(row, dict):
                    numbers += [None] * len(keys)
                    absent += range(at, at + len(keys))
                    continue
                try:
                    values = values_of(row)
                except KeyError:  # a column missing: read cell by cell below
                    pass
                else:
                    # most rows: every column there, each a whole number (and none below 0 that counts)
                    for value in values:
                        if type(value) is not int or (counts and value < 0):
                            break
                    else:
                        numbers += values
                        continue
                for position, key, kind, path in zip(range(at, at + len(keys)), keys, kinds, paths):
                    if key not in row:
                        numbers.append(None)
                        absent.append(position)
                        continue
                    written = row[key]
                    if type(written) is int and (written >= 0 or kind != "count"):
                        numbers.append(written)
                    else:
                        value, blank = _read_value(written, kind, texts.get(path), marks)
                        numbers.append(0 if blank else value)
                        if blank:
                            blanks.append(position)
        return numbers, blanks, absent

    @property
    def cell_numbers(self) -> list:
        """The number arithmetic reads in each template cell, in the form's order (the positions of
        Edition.cell_index): a blank counts as 0; None where the cell holds no number or is not there."""
        return self._cell_values[0]

    @property
    def blank_positions(self) -> list:
        """The positions (as in cell_numbers) of the template cells left blank, in the form's order."""
        return self._cell_values[1]

    def blank_cells(self) -> list:
        """The template cells left blank or written as a blank marker, in the form's order."""
        paths = self.edition.cell_order if self.edition else ()
        return [self.cell(paths[position]) for position in self._cell_values[1]]

    def cells_present(self, first: int, end: int) -> int:
        """How many of the template cells at positions first … end − 1 the report has."""
        return end - first - sum(1 for position in self._cell_values[2] if first <= position < end)

    @cached_property
    def cells(self) -> dict:
        """Every template cell present in the report: path → Cell (made for every cell: prefer
        `cell`, or `cell_numbers` for the numbers alone)."""
        if self.edition is None:
            return {}
        return {path: cell for path in self.edition.cells if (cell := self.cell(path)) is not None}

    def cell(self, path: Path) -> Optional[Cell]:
        path = tuple(path)
        made = self._made_cells.get(path, _UNMADE)
        if made is _UNMADE:
            made = self._made_cells[path] = self._make_cell(path)
        return made

    def _make_cell(self, path: tuple) -> Optional[Cell]:
        label = self.edition.cell_labels.get(path) if self.edition else None
        if label is None:
            return None  # not a cell of the form
        row = self.get(path[:-1])
        if not isinstance(row, dict) or path[-1] not in row:
            return None
        written = row[path[-1]]
        kind = self.edition.cells[path][2].kind
        if type(written) is int and (written >= 0 or kind != "count"):
            value, blank = written, False  # most cells: a whole number, as it is
        else:
            value, blank = _read_value(written, kind, self.written.get(path), self.edition.blank_markers)
        # a reader locates nearly every cell itself; the walk up the path is the exception
        location = self.locations.get(path) or self.location(path)
        return Cell(path, label, kind, written, value, blank, location)


_UNMADE = object()


def line_location(locations: dict, where: Path, index: int, offset: int = 0) -> Optional[Location]:
    """Where line `index` of a text (preface or section) sits in the original, at `offset`, by a
    report's locations (see Report.line_location)."""
    where = tuple(where)
    location = locations.get(where + ("line", index))
    if location is None:
        location = locations.get(where + ("text", "line", index))
        if location is None:
            while where:  # the nearest place that has one, as Report.location
                if where in locations:
                    return locations[where]
                where = where[:-1]
            return locations.get(())
    if offset and location.column is not None:
        return Location(line=location.line, column=location.column + offset, page=location.page,
                        paragraph=location.paragraph)
    return location


def _read_value(written, kind: str, text: Optional[str], blanks: set):
    """(number or None, blank?) for a cell as the structured report holds it."""
    if written is None:
        return None, True
    if isinstance(written, str):
        return None, written.strip() in blanks
    if isinstance(written, bool):
        return None, False
    if isinstance(written, int):
        if kind == "count" and written < 0:
            return None, False
        return written, False
    if isinstance(written, float):
        if kind == "money":
            try:
                return Decimal(text if text is not None else repr(written)), False
            except InvalidOperation:
                return Decimal(repr(written)), False
        if written.is_integer() and (kind == "delta" or written >= 0):
            return int(written), False
    return None, False


_OPEN_ENDS = frozenset("，,、（(《“‘")  # a line ending so stops mid-sentence
_WORD = re.compile(r"[\u3400-\u9fff0-9A-Za-z０-９]")
_NUMBERED = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,2}\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]{1,2}\s*[）)]|\d{1,2}\s*[、.．])")


def _goes_on(line: str) -> bool:
    """A line that stops in the middle of a sentence: after a comma or an opening bracket, or on a
    word at the end of a line as long as a wrapped one (a short numbered line is a heading)."""
    text = line.rstrip()
    last = text[-1:]  # the last character alone (a search for "…$" tries every place of the line)
    if last in _OPEN_ENDS:
        return True
    return bool(last) and _WORD.match(last) is not None and len(text) >= 20 \
        and not (_NUMBERED.match(text) and len(text) < 30)
