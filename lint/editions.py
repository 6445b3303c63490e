"""The template editions, read from the JSON Schemas in schemas/.

The schemas are the single source of the form's labels, its table layout and its identities;
everything else (recognition, messages, the YAML template, exports) asks this module.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from operator import itemgetter
from pathlib import Path as FsPath
from typing import Optional

from xxgk_lint.model import Path


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    kind: str  # count | delta | money
    group: Optional[str] = None
    unit: Optional[str] = None


@dataclass(frozen=True)
class Row:
    key: str
    title: str
    groups: tuple = ()
    brief: str = ""  # a shorter name for formulas, where the form's label carries a long note
    collapses: tuple = ()  # the rows this one stands for when a report does not split them

    @property
    def name(self) -> str:
        """The label to use inside formulas and sums."""
        prefix = f"{self.groups[-1]} › " if self.groups and "、" not in self.groups[-1] else ""
        return prefix + (self.brief or self.title)

    @property
    def short(self) -> str:
        """The row's label, led by its innermost group unless that is a numbered heading (三、…).

        So 1.属于国家秘密 reads （三）不予公开 › 1.属于国家秘密, and 复议后起诉 reads 行政诉讼 › 复议后起诉.
        """
        if self.groups and "、" not in self.groups[-1]:
            return f"{self.groups[-1]} › {self.title}"
        return self.title


@dataclass(frozen=True)
class Table:
    path: Path  # where the table sits in the report, e.g. ("applications",)
    title: str
    section: str  # the section key it belongs to
    rows: tuple
    columns: tuple
    row_header: Optional[str] = None
    note: Optional[str] = None
    layout: str = "rows"  # "one-row": the form prints every row side by side in one line (table 四)

    @property
    def form_rows(self) -> tuple:
        """The rows the form prints (without the rows that stand in for unsplit groups)."""
        return tuple(r for r in self.rows if not r.collapses)

    def cell_paths(self):
        for row in self.rows:
            for column in self.columns:
                yield self.path + (row.key, column.key), row, column

    def row(self, key: str) -> Row:
        return next(r for r in self.rows if r.key == key)

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


@dataclass(frozen=True)
class SectionSpec:
    key: str
    number: str  # 一 … 六
    title: str
    variants: tuple = ()
    keywords: tuple = ()  # alternatives, each a tuple of words a free-worded heading must contain


@dataclass(frozen=True)
class Identity:
    """A relation between cells that a correct report satisfies (template.md §5)."""

    code: str
    name: str
    table: Path
    across: str  # "columns": checked once per column over rows; "rows": once per row over columns
    left: tuple
    right: tuple
    relation: str = "="  # "=" or "<="
    derived: Optional[str] = None  # "left" when the left side is a single total others add up to


class Edition:
    def __init__(self, schema: dict):
        self.schema = schema
        self.id: str = schema["x-edition"]
        self.title: str = schema["title"]
        self.notice: str = schema["x-notice"]
        years = schema["x-years"]
        self.first_year: int = years["first"]
        self.last_year: Optional[int] = years.get("last")
        # a frozenset: its hash is kept, and every cell's text is looked up in caches keyed with it
        self.blank_markers: frozenset = frozenset(schema["x-blank-markers"])
        self.identities = tuple(
            Identity(
                code=i["code"], name=i["name"], table=tuple(i["table"]), across=i["across"],
                left=tuple(i["left"]), right=tuple(i["right"]),
                relation=i.get("relation", "="), derived=i.get("derived"),
            )
            for i in schema["x-identities"]
        )

    def __repr__(self) -> str:
        return f"Edition({self.id})"

    # -- structure ---------------------------------------------------------------------------
    def _resolve(self, node: dict) -> dict:
        ref = node.get("$ref")
        if not ref:
            return node
        target = self.schema
        for part in ref.lstrip("#/").split("/"):
            target = target[part]
        merged = dict(self._resolve(target))
        merged.update({k: v for k, v in node.items() if k != "$ref"})
        return merged

    def node(self, path: Path) -> Optional[dict]:
        """The resolved schema node at a report path, or None where the template has none."""
        node = self.schema
        for part in path:
            props = self._resolve(node).get("properties", {})
            if part not in props:
                return None
            node = props[part]
        return self._resolve(node)

    @cached_property
    def sections(self) -> tuple:
        node = self.node(("sections",))
        return tuple(
            SectionSpec(key, spec["x-number"], spec["title"], tuple(spec.get("x-variants", ())),
                        tuple(tuple(words) for words in spec.get("x-keywords", ())))
            for key, spec in node["properties"].items()
        )

    def section(self, key: str) -> SectionSpec:
        return self._sections_by_key[key]

    @cached_property
    def _sections_by_key(self) -> dict:
        return {s.key: s for s in reversed(self.sections)}  # reversed: the first of a key wins, as next() found it

    @cached_property
    def tables(self) -> tuple:
        tables = []
        proactive = self.node(("proactive",))
        for key in proactive["properties"]:
            tables.append(self._table(("proactive", key), f"{proactive['title']} › ", "proactive"))
        tables.append(self._table(("applications",), "", "applications"))
        tables.append(self._table(("review_litigation",), "", "review_litigation"))
        return tuple(tables)

    def _table(self, path: Path, prefix: str, section: str) -> Table:
        node = self.node(path)
        rows, columns = [], None
        for key, spec in node["properties"].items():
            spec = self._resolve(spec)
            groups = spec.get("x-group") or ()
            rows.append(Row(key, spec["title"], tuple(groups), spec.get("x-short", ""),
                            tuple(spec.get("x-collapses", ()))))
            if columns is None:
                columns = tuple(
                    Column(ck, self._resolve(cs)["title"], self._resolve(cs)["x-kind"], cs.get("x-group"), cs.get("x-unit"))
                    for ck, cs in spec["properties"].items()
                )
        return Table(path, prefix + node["title"], section, tuple(rows), columns,
                      node.get("x-row-header"), node.get("x-note"), node.get("x-layout", "rows"))

    def table(self, path: Path) -> Table:
        return self._tables_by_path[tuple(path)]

    @cached_property
    def _tables_by_path(self) -> dict:
        return {t.path: t for t in reversed(self.tables)}  # reversed: the first of a path wins, as next() found it

    @cached_property
    def cells(self) -> dict:
        """Every template cell: path → (table, row, column), in the form's order."""
        return {path: (t, r, c) for t in self.tables for path, r, c in t.cell_paths()}

    @cached_property
    def cell_labels(self) -> dict:
        """Every template cell's label, worked out once per process rather than once per report."""
        return {path: f"{table.title} › {row.short} › {column.title}"
                for path, (table, row, column) in self.cells.items()}

    @cached_property
    def cell_order(self) -> tuple:
        """Every template cell's path, in the form's order."""
        return tuple(self.cells)

    @cached_property
    def cell_index(self) -> dict:
        """Every template cell's position in the form's order: the index into a report's
        cell_numbers (xxgk_lint.report), so identities are worked out over positions, made once."""
        return {path: position for position, path in enumerate(self.cells)}

    @cached_property
    def value_plan(self) -> tuple:
        """The template cells a table and a row at a time, with their positions, for one walk that
        reads every cell's number without building a Cell: ((table path, first position, cells,
        ((row key, first position, column keys, their kinds, whether any is a count, cell paths,
        a function giving a row's values as a tuple in the columns' order), …)), …)."""
        index = self.cell_index
        plan = []
        for table in self.tables:
            keys = tuple(c.key for c in table.columns)
            kinds = tuple(c.kind for c in table.columns)
            # one C call for a row's values (KeyError where a column is missing); itemgetter gives a
            # bare value for a single key
            values_of = itemgetter(*keys) if len(keys) > 1 else lambda row, key=keys[0]: (row[key],)
            rows = tuple((row.key, index[table.path + (row.key, keys[0])], keys, kinds, "count" in kinds,
                          tuple(table.path + (row.key, key) for key in keys), values_of)
                         for row in table.rows)
            plan.append((table.path, rows[0][1], len(rows) * len(keys), rows))
        return tuple(plan)

    @cached_property
    def section_spans(self) -> dict:
        """Section key → (first position, end position) of its template cells (a section's tables
        are next to each other in the form's order)."""
        spans: dict = {}
        for position, path in enumerate(self.cells):
            first, _ = spans.get(path[0], (position, position))
            spans[path[0]] = (first, position + 1)
        return spans

    # -- labels ------------------------------------------------------------------------------
    def label(self, path: Path) -> str:
        """The form's own words for a path, e.g. 三、收到和处理政府信息公开申请情况 › （七）总计 › 自然人."""
        path = tuple(path)
        known = self.cell_labels.get(path)
        if known is not None:
            return known
        for table in self.tables:
            if path[: len(table.path)] == table.path:
                rest = path[len(table.path):]
                if len(rest) == 1 and any(r.key == rest[0] for r in table.rows):
                    return f"{table.title} › {table.row(rest[0]).short}"
                if not rest:
                    return table.title
        titles, node = [], self.schema
        for part in path:
            props = self._resolve(node).get("properties", {})
            if part not in props:
                titles.append(str(part))
                break
            node = props[part]
            titles.append(self._resolve(node).get("title", str(part)))
        return " › ".join(titles)

    def fits_year(self, year: int) -> bool:
        return year >= self.first_year and (self.last_year is None or year <= self.last_year)


def _schema_dir():
    packaged = resources.files("xxgk_lint") / "schemas"
    if packaged.is_dir():
        return packaged
    return FsPath(__file__).resolve().parent.parent / "schemas"  # a source checkout


@lru_cache(maxsize=None)
def editions() -> dict:
    """All editions by id, oldest first."""
    found = {}
    for entry in sorted(_schema_dir().iterdir(), key=lambda e: e.name):
        if entry.name.startswith("report-") and entry.name.endswith(".schema.json"):
            edition = Edition(json.loads(entry.read_text(encoding="utf-8")))
            found[edition.id] = edition
    return found


def edition(edition_id: str) -> Edition:
    try:
        return editions()[str(edition_id)]
    except KeyError:
        known = "、".join(editions())
        hint = ""
        if str(edition_id).isdigit() and len(str(edition_id)) == 4:  # a report's year given for the edition
            hint = f"；{edition_id} 年度的报告用 {edition_for_year(int(edition_id)).id} 年版格式"
        raise KeyError(f"未知的格式版本：{edition_id}（可选：{known}{hint}）") from None


def edition_for_year(year: int) -> Edition:
    for candidate in editions().values():
        if candidate.fits_year(year):
            return candidate
    return list(editions().values())[-1]


def guess_edition(data: dict) -> Optional[Edition]:
    """The edition a structured report declares, or else the one its tables are shaped like."""
    declared = data.get("edition") if isinstance(data, dict) else None
    if declared is not None and str(declared) in editions():
        return edition(str(declared))
    if not isinstance(data, dict):
        return None
    best, best_score = None, 0
    for candidate in editions().values():
        score = sum(1 for path in candidate.cells if _has(data, path[:-1]))
        if score > best_score:
            best, best_score = candidate, score
    if best is None and isinstance(data.get("year"), int):
        return edition_for_year(data["year"])
    return best


def _has(data, path) -> bool:
    for part in path:
        if not isinstance(data, dict) or part not in data:
            return False
        data = data[part]
    return True
