"""Loose matching of the form's labels as reports actually write them.

Reports vary punctuation (、 or ，), quotes, full-width and half-width characters, spaces inside
labels (总 计), wrapped lines, and notes in brackets after a label (规章（市政府令））. `core`
reduces a label to what must agree; `LabelIndex` finds a row or caption by it.
"""

from __future__ import annotations

import re

from xxgk_lint.nfkc import nfkc

_SPACE = re.compile(r"[\s\u00a0\u3000\u200b\u200c\u200d\u2060\u00ad\ufeff]+")  # and the invisible: zero-width, soft hyphen
_QUOTES = re.compile(r"[“”\"'‘’「」『』《》〈〉]")
_NUMBERING = re.compile(r"^(\d+)[.、,，．·]")
_PUNCT = re.compile(r"[、，,;；:：。．]")
_TRAILING_NOTE = re.compile(r"(\([^()]*\))+$")


class _Cores(dict):
    """label → its core, worked out the first time the label is seen: the form's labels come back
    in report after report, and recognition asks for the core of nearly every cell. Looked up as a
    dict (`core` is its __getitem__), which costs about half a call through functools.lru_cache.
    Bounded, as a batch also meets endless one-off words."""

    __slots__ = ()
    LIMIT = 8192

    def __missing__(self, label: str) -> str:
        found = _core(label)
        if len(self) < self.LIMIT:
            self[label] = found
        return found


core = _Cores().__getitem__  # core(label) → what must agree between two ways of writing a label


def _core(label: str) -> str:
    text = _SPACE.sub("", nfkc(label or ""))
    text = _QUOTES.sub("", text)
    text = _NUMBERING.sub(r"\1.", text)
    text = text[:2] + _PUNCT.sub("", text[2:]) if text[:1].isdigit() else _PUNCT.sub("", text)
    stripped = _TRAILING_NOTE.sub("", text)
    return stripped or text


class LabelIndex:
    """Find which of a set of labelled things a written label names."""

    def __init__(self, entries):
        # entries: (key, label) pairs; a key may have several labels (title, short form)
        self._exact: dict = {}
        self._all: list = []
        self._loose: dict = {}  # written core → what the loose search found (an index serves many reports)
        for key, label in entries:
            if label:
                self._exact.setdefault(core(label), key)
                self._all.append((core(label), key))

    def exact(self, label: str):
        return self._exact.get(core(label))

    def exact_core(self, written: str):
        """`exact` for a label whose core the caller has already."""
        return self._exact.get(written)

    def find(self, label: str):
        """Exact match on the core; else a unique one whose core ends with, or is the end of, this
        (a label written without its number or note); else a unique one this begins (a label cut
        off where a table breaks across pages)."""
        return self.find_core(core(label))

    def find_core(self, written: str):
        """`find` for a label whose core the caller has already."""
        key = self._exact.get(written)
        if key is not None:
            return key
        if len(written) < 4:
            return None
        if written in self._loose:
            return self._loose[written]
        found = self._search(written)
        if len(self._loose) < 4096:  # bounded: a batch meets endless stray words
            self._loose[written] = found
        return found

    def _search(self, written: str):
        found = {k for c, k in self._all if c.endswith(written) or written.endswith(c) and len(c) >= 4}
        if not found and len(written) >= 8:
            found = {k for c, k in self._all if c.startswith(written)}
        if not found:  # a label whose note was cut off: （二）部分公开（区分处理的，只计这一情
            found = {k for c, k in self._all
                     if len(c) >= 4 and written.startswith(c + "(") and ")" not in written[len(c) + 1:]}
        return found.pop() if len(found) == 1 else None
