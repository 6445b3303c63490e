"""What a cross-report rule needs to know of one report, small enough to keep for thousands.

Workers check a report and send back its diagnostics and this digest, never the report itself,
so memory stays flat however many reports a batch holds.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Optional

from lint.labels import core
from lint.numbers import squash
from lint.report import Report

_SENTENCE = re.compile(r"[^。；;！!？?\n]{8,}")
NARRATIVE = ("overview", "problems", "other")  # the sections a copied report repeats


@dataclass
class Digest:
    source: str
    agency: Optional[str]
    year: Optional[int]
    edition: Optional[str]
    numbers: dict = field(default_factory=dict)  # "applications.new.total" → number (blank → 0)
    locations: dict = field(default_factory=dict)  # row or cell field → Location, for the cells cross rules cite
    labels: dict = field(default_factory=dict)  # field → the form's label (only for those cited)
    sentences: frozenset = frozenset()  # fingerprints of the narrative's sentences
    sentence_count: int = 0
    suppressions: list = field(default_factory=list)

    @property
    def key(self) -> Optional[str]:
        return agency_key(self.agency)


def agency_key(agency: Optional[str]) -> Optional[str]:
    """The same agency however the title writes it (spaces, punctuation, full/half width)."""
    return core(agency) if agency else None


CITED = ("applications.carried_over", "applications.carry_forward", "proactive.item1")


def make_digest(report: Report) -> Digest:
    digest = Digest(report.source, report.agency, report.year, report.edition.id if report.edition else None,
                    suppressions=list(report.suppressions))
    if not report.recognised:
        return digest
    for path, cell in report.cells.items():
        if cell.number is None:
            continue
        name = ".".join(path)
        digest.numbers[name] = cell.number if not hasattr(cell.number, "as_tuple") else float(cell.number)
        if name.startswith(CITED):
            digest.locations[name] = cell.location
            digest.labels[name] = cell.label
    for table in (report.edition.tables if report.edition else ()):
        for row in table.rows:
            name = ".".join(table.path + (row.key,))
            location = report.locations.get(table.path + (row.key,))
            if location is not None:
                digest.locations[name] = location
                digest.labels[name] = report.label(table.path + (row.key,))
    fingerprints = []
    for key in NARRATIVE:
        section = report.section(key)
        if section is None:
            continue
        for sentence in _SENTENCE.findall(section.text):
            text = squash(sentence)
            if len(text) >= 8:
                fingerprints.append(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest())
    digest.sentences = frozenset(fingerprints)
    digest.sentence_count = len(fingerprints)
    return digest
