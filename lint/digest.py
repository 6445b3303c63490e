"""What a cross-report rule needs to know of one report, small enough to keep for thousands.

Workers check a report and send back its diagnostics and this digest, never the report itself,
so memory stays flat however many reports a batch holds.
"""

from __future__ import annotations

import hashlib
import pickle
import re
import sys
from dataclasses import dataclass, field
from typing import Optional

from xxgk_lint.identities import broken_codes, corrected
from xxgk_lint.labels import core
from xxgk_lint.model import Location
from xxgk_lint.numbers import squash
from xxgk_lint.report import Report

_SENTENCE = re.compile(r"[^。；;！!？?\n]{8,}")
NARRATIVE = ("overview", "problems", "other")  # the sections a copied report repeats


@dataclass(slots=True)
class Digest:
    source: str
    agency: Optional[str]
    year: Optional[int]
    edition: Optional[str]
    numbers: dict = field(default_factory=dict)  # "applications.new.total" → number (blank → 0), kept cells only
    # cell field → its Location's fields as a tuple, for the cells cross rules cite: a digest crosses
    # from worker to parent to temporary file and back, and a tuple of numbers pickles in C
    locations: dict = field(default_factory=dict)
    sentence_prints: bytes = b""  # 8-byte fingerprints of the narrative's sentences, end to end
    sentence_count: int = 0
    suppressions: list = field(default_factory=list)
    money_tolerance: Optional[float] = None  # from configuration; None: the written precision decides
    corrected: dict = field(default_factory=dict)  # cited cell → the value its own diagnosis (A006) gives it

    @property
    def key(self) -> Optional[str]:
        return agency_key(self.agency)

    def __reduce__(self):
        # A digest goes from the worker to the parent, into the batch's temporary file and back. The
        # parent only files it by agency and year, and cross-report rules open few of them: so it
        # travels as one blob, unpickled where a rule reads it, not at every step.
        state = tuple(getattr(self, name) for name in self.__slots__)
        return Packed, (self.key, self.year, pickle.dumps(state, pickle.HIGHEST_PROTOCOL))

    def location(self, name: str) -> Optional[Location]:
        """Where the report has the cell `name` ("applications.carried_over.total"), if it is kept."""
        fields = self.locations.get(name)
        return None if fields is None else Location(*fields)

    @property
    def sentences(self) -> frozenset:
        prints = self.sentence_prints
        return frozenset(prints[i:i + 8] for i in range(0, len(prints), 8))


class Packed:
    """A digest as a batch carries it: its agency key and year, and the rest pickled; reading any
    other attribute opens it (a Digest, once)."""

    __slots__ = ("key", "year", "blob", "_opened")

    def __init__(self, key: Optional[str], year: Optional[int], blob: bytes):
        self.key, self.year, self.blob, self._opened = key, year, blob, None

    def __reduce__(self):
        return Packed, (self.key, self.year, self.blob)

    def open(self) -> Digest:
        if self._opened is None:
            self._opened = Digest(*pickle.loads(self.blob))
        return self._opened

    def __getattr__(self, name: str):
        return getattr(self.open(), name)


def agency_key(agency: Optional[str]) -> Optional[str]:
    """The same agency however the title writes it (spaces, punctuation, full/half width)."""
    return core(agency) if agency else None


# a higher division written before a county-level agency's own place (江苏省淮安市 before 洪泽区…)
_HIGHER = re.compile(r"^(?:.{1,8}?(?:省|自治区)|.{1,6}?市|.{1,8}?自治州|.{1,6}?盟|.{1,6}?地区)(?=.{1,6}?(?:市|区|县|旗))")


def home_key(key: Optional[str]) -> Optional[str]:
    """An agency key without the higher divisions a title may write before its own place: one year's
    淮安市洪泽区人民政府 and another's 洪泽区人民政府 are one agency. Only a place that is itself a
    city, district, county or banner is kept (淮安市人民政府 stays whole). Two agencies of the same
    name under different cities (two 鼓楼区) share it, and a word of an organ's name may look like a
    place (城市管理局): a batch finds candidates by it and pairs only one name ending with the other,
    where the candidate is unique (see xxgk_lint.collect.Collected.renamed_pairs)."""
    if not key:
        return key
    while True:
        higher = _HIGHER.match(key)
        if higher is None:
            return key
        key = key[higher.end():]


# The cells cross-report rules compare: the rows that continue from one year to the next, and
# the totals a government's report may sum. Keeping only these keeps a digest to a few KB.
CITED = ("applications.carried_over.", "applications.carry_forward.", "proactive.item1.")
TOTALS = ("applications.", "review_litigation.")
MONEY = ("proactive.item8.fees.amount",)  # 本年收费金额（万元）: a government's may sum its agencies'.


_KEPT: dict = {}  # edition id → ((position, cell path, interned name, cited), …): the same in every report


def _kept_cells(edition) -> tuple:
    """The cells of an edition a digest keeps, in the form's order: their position in the report's
    list of numbers, under which name, and whether rules cite them. Worked out once per edition."""
    plan = _KEPT.get(edition.id)
    if plan is None:
        plan = []
        for position, path in enumerate(edition.cell_order):
            name = ".".join(path)
            cited = name.startswith(CITED)
            if cited or name in MONEY or (name.startswith(TOTALS) and name.endswith(".total")):
                plan.append((position, path, sys.intern(name), cited))  # a few dozen names, shared by every digest
        plan = _KEPT[edition.id] = tuple(plan)
    return plan


def make_digest(report: Report) -> Digest:
    digest = Digest(report.source, report.agency, report.year, report.edition.id if report.edition else None,
                    suppressions=list(report.suppressions),
                    money_tolerance=report.settings.get("money-tolerance"))
    if not report.recognised or report.edition is None:
        return digest
    numbers = report.cell_numbers  # no Cell made: a digest keeps a few dozen numbers
    # a blank counts as 0 within its report (S007 says so), but another year's or agency's report is
    # not compared with a number nobody wrote (a cell left blank, or unreadable and converted as ~)
    blanks = set(report.blank_positions)
    kept, located, locations = digest.numbers, digest.locations, report.locations
    for position, path, name, cited in _kept_cells(report.edition):
        number = numbers[position]
        if number is None or position in blanks:
            continue
        kept[name] = number if type(number) is int else float(number)  # a Decimal (money) as a float
        if cited:
            location = locations[path] if path in locations else report.location(path)
            if location is not None:
                located[name] = location.fields()
    if broken_codes(report):  # nothing to correct otherwise
        for path, value in corrected(report).items():
            name = ".".join(path)
            if name.startswith(CITED):
                digest.corrected[sys.intern(name)] = value
    fingerprints = []
    for key in NARRATIVE:
        section = report.section(key)
        if section is None:
            continue
        for sentence in _SENTENCE.findall(section.text):
            text = squash(sentence)
            if len(text) >= 8:
                fingerprints.append(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest())
    unique = sorted(set(fingerprints))
    digest.sentence_prints = b"".join(unique)
    digest.sentence_count = len(unique)
    return digest
