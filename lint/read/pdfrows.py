"""Rows of a table copied out of a PDF, put back together.

A PDF viewer copies a table line by line as it sees the page: a label that wraps in its cell is
split over lines, and the row's numbers, centred in their cells, land on a line of their own in
the middle of it (（二）部分公开（区分处理的，只计这一情 / 4 0 0 0 0 0 4 / 计其他情形）), or just before or
after a one-line label whose baseline sits a little lower. A label column written downwards
(三、本年度办理结果, （三）不予公开) leaves its characters at the start of other rows' lines (三 2.其他…,
开 32 0 0 …). Read in that order, numbers stand under the wrong label or none.

The form's own labels, from the edition schemas, are the landmarks: they are found in the text of
the lines, across line breaks and over the stray characters of a downward column; each line of
numbers then takes the label that wraps around it, else the free label just before it, else the
one just after it. Pure: the reader gives the lines' words and numbers and gets the tokens back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from xxgk_lint.document import Token
from xxgk_lint.editions import editions
from xxgk_lint.read.runtogether import keyed

STRAY = 3  # characters (in a key) of a word that may be a piece of a label column written downwards
MAX_SKIPS = 3  # such pieces inside one label
MAX_LINES = 8  # lines one label may spread over


@dataclass
class Item:
    """One line of the table: its words ((text, Location)) and, for a row, its numbers (Tokens)."""

    words: list
    values: list = field(default_factory=list)


@dataclass
class _Found:
    """A label of the form found in the lines: which words (by index) it is made of, its text."""

    kind: str  # "row" or "group"
    words: list  # indices into the table's words
    text: str
    first: int = 0  # the lines it spans
    last: int = 0
    paired: bool = False


@lru_cache(maxsize=None)
def _labels() -> dict:
    """Every row label and group label of any edition's tables, keyed, by its first two characters
    (longest first): {first two: [(key, kind)]}."""
    found: dict = {}
    for edition in editions().values():
        for table in edition.tables:
            for row in table.rows:
                for text in (row.title, row.brief, re.sub(r"[（(][^（）()]*[）)]$", "", row.title)):
                    if text:
                        found[keyed(text)[0]] = "row"
                for group in row.groups:
                    found.setdefault(keyed(group)[0], "group")
    index: dict = {}
    for key, kind in found.items():
        if len(key) >= 2:
            index.setdefault(key[:2], []).append((key, kind))
    return {first: sorted(keys, key=lambda k: len(k[0]), reverse=True) for first, keys in index.items()}


def reassemble(items: list) -> Optional[list]:
    """The tokens of the table, each row's label just before its numbers; None when every row
    already has its own label on its line (nothing to put back together)."""
    words = [(text, location, line) for line, item in enumerate(items) for text, location in item.words]
    found = _find(words)
    owner = {w: f for f in found for w in f.words}
    rows = [line for line, item in enumerate(items) if item.values]
    by_line: dict = {}  # each line's words (by index): looked up once a line, not searched for
    for w, (_, _, line) in enumerate(words):
        by_line.setdefault(line, []).append(w)
    label_of: dict = {}
    bare = []
    for line in rows:
        own = by_line.get(line, [])
        labelled = [owner[w] for w in own if w in owner and owner[w].kind == "row"]
        loose = [w for w in own if w not in owner]
        if labelled and not labelled[-1].paired:
            label_of[line] = labelled[-1]
            labelled[-1].paired = True
        elif any(not _short(words[w][0]) for w in loose):
            while _short(words[loose[0]][0]):  # 三 2.其他…: a piece of a downward column before it
                loose = loose[1:]
            label_of[line] = _Found("row", loose, "".join(words[w][0] for w in loose), line, line, True)
        else:
            bare.append(line)
    if not bare:
        return None
    free = [f for f in found if f.kind == "row" and not f.paired]
    row_lines = set(rows)
    for line in bare:  # a label wrapped around its numbers (over no other row's numbers)
        around = next((f for f in free if not f.paired and f.first < line < f.last
                       and not any(other in row_lines for other in range(f.first + 1, f.last) if other != line)), None)
        if around:
            around.paired = True
            label_of[line] = around
    for position, line in enumerate(rows):
        if line in label_of:
            continue
        low = rows[position - 1] if position else -1
        high = rows[position + 1] if position + 1 < len(rows) else len(items)
        before = [f for f in free if not f.paired and low < f.first and f.last < line]
        after = [f for f in free if not f.paired and line < f.first and f.last < high]
        chosen = before[-1] if before else (after[0] if after else None)
        if chosen:
            chosen.paired = True
            label_of[line] = chosen
    return _tokens(items, words, by_line, found, label_of)


def _tokens(items: list, words: list, by_line: dict, found: list, label_of: dict) -> list:
    """The tokens in reading order: a group's label where it starts, each row's label before its
    numbers. A word no label takes is dropped once the rows begin (a piece of a downward column);
    before them it is kept (the column headers, which tell the edition), and so is a longer one (a
    table's caption, 第二十条第（八）项, or a header)."""
    owner = {w: f for f in found for w in f.words}
    labels = {id(f) for f in label_of.values()}
    tokens: list = []
    started = False
    for line, item in enumerate(items):
        for w in by_line.get(line, ()):
            text, location, _ = words[w]
            f = owner.get(w)
            if f is None:
                if not started or not _short(text):
                    tokens.append(Token(text, location, alone=True))
            elif id(f) not in labels and f.words[0] == w:
                tokens.append(Token(f.text, location, alone=True))
        if item.values:
            started = True
            label = label_of.get(line)
            if label is not None:
                tokens.append(Token(label.text, words[label.words[0]][1], alone=True))
            tokens.extend(item.values)
    return tokens


def _short(text: str) -> bool:
    """A word short enough to be a piece of a label column written downwards (三, 不予公, 开)."""
    return len(keyed(text)[0]) <= STRAY


def _find(words: list) -> list:
    """The form's labels in the words, in order: each may run over several words and lines and skip
    short words between them (pieces of a downward column), never more than a few."""
    keys = [keyed(text) for text, _, _ in words]
    stream = [(w, i) for w, (key, _) in enumerate(keys) for i in range(len(key))]
    chars = "".join(key for key, _ in keys)
    index = _labels()
    found: list = []
    position = 0
    while position < len(chars) - 1:
        match = None
        for candidate, kind in index.get(chars[position:position + 2], ()):
            used = _match(candidate, position, chars, stream, keys, words)
            if used is not None:
                match = (kind, used)
                break
        if match is None:
            position += 1
            continue
        kind, used = match
        ids = sorted({stream[p][0] for p in used})
        pieces = {}
        for p in used:
            w, i = stream[p]
            pieces.setdefault(w, []).append(keys[w][1][i])
        text = "".join(words[w][0][min(at):max(at) + 1] for w, at in pieces.items())
        found.append(_Found(kind, ids, text, words[ids[0]][2], words[ids[-1]][2]))
        position = used[-1] + 1
    return found


def _match(candidate: str, position: int, chars: str, stream: list, keys: list, words: list) -> Optional[list]:
    """The positions in `chars` that spell `candidate` from `position` on, skipping at most a few
    short words whole where the next character does not follow; None when it is not there."""
    used: list = []
    at, skips = position, 0
    first_line = words[stream[position][0]][2]
    for char in candidate:
        while at < len(chars) and chars[at] != char:
            w, i = stream[at]
            if i != 0 or len(keys[w][0]) > STRAY or skips == MAX_SKIPS or not used:
                return None
            at += len(keys[w][0])  # a short word between the pieces of the label: skipped whole
            skips += 1
        if at == len(chars) or words[stream[at][0]][2] - first_line >= MAX_LINES:
            return None
        used.append(at)
        at += 1
    return used


LABELS_APART = 4  # row labels of one table in a row, no cell between them: the copy parted labels and numbers


def labels_apart(stream: list, row_of, order: dict) -> Optional[Token]:
    """Where a copy (plain pdftotext, some PDF viewers) put a table's labels in one block and its
    numbers in another, in an order that cannot be matched back, so that which number is in which
    row is unknown: the first of several row labels in a row with no cell between them, or a row
    label with no cell after it that comes after a later row of the form. None for a table whose
    labels stand with their cells. `row_of(text)` is the table's row a text labels (or None),
    `order` the rows' places in the form."""
    first, count, latest = None, 0, -1
    tokens = [t for t in stream if t is not None]  # None: a row boundary of the recogniser's stream
    for at, token in enumerate(tokens):
        text = token.text.strip()
        row = row_of(text) if text and not token.run else None
        if row is None:
            if token.run or not text or text[:1].isdigit():
                first, count = None, 0  # a cell (a number, a blank, a run of digits) between labels
            continue
        first, count = first or token, count + 1
        if count == LABELS_APART:
            return first
        place = order.get(row, -1)
        # the next token with words (a copy keeping blank lines between cells has blank ones)
        following = next((t for t in tokens[at + 1:at + 4] if t.text.strip()), None)
        if place < latest and following is not None and not following.run and not following.text.strip()[:1].isdigit():
            return token  # an earlier row's label, stranded after later rows
        latest = max(latest, place)
    return None
