"""Text that ran together: a whole report on one line, as a site crawler saves a page.

The crawler keeps the words and drops every break: section headings run into their text
(一、总体情况2020年，我区…) and a table becomes its labels and digits in a row
(规章007规范性文件7777166第二十条第（五）项…). The form's own labels, from the edition schemas,
are the only reliable landmarks: this module finds the six section headings and the tables'
labels in such a line and gives the recogniser ordinary lines and tables back. Between two labels
of a table lies one row's cells, run together (`Token.run`); `runs.py` reads them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from xxgk_lint.document import Line, TableBlock, Token
from xxgk_lint.editions import editions
from xxgk_lint.model import Location
from xxgk_lint.read.runs import is_run

# what never tells two labels apart: spaces, quotes and the punctuation reports vary
_IGNORED = set(" \t\r\n\u00a0\u3000\u200b\ufeff“”\"'‘’「」『』、，,;；:：。．.·")
_NUMERAL_MARK = re.compile(r"([一二三四五六])\s*[、.．]")
_HEADING_END = ("情况", "事项")
_TABLE_SECTIONS = ("proactive", "applications", "review_litigation")
_SEARCH = 40  # how far after 四、 a heading's words may reach
_TRAILING_ROW = re.compile(r"^(\s*[0-9][0-9\s.,\-元万件项]*?)\s*(?=[^0-9\s.,\-元万件项])")
# between two labels: the digits of a row, words the form does not print, the digits of their row
_UNKNOWN_ROW = re.compile(r"^(?P<lead>[0-9\s.,\-元万件项]*?)"
                          r"(?P<words>(?:[0-9]{1,2}[.．、])?[^0-9\s][^0-9]*?)"
                          r"(?P<cells>[0-9][0-9\s.,\-元万件项]*)?$")


def keyed(text: str) -> tuple:
    """The text as labels are compared (NFKC, no spaces or punctuation), and for each character
    of that key the index of the character it came from."""
    known = _NORMAL
    for char in set(text).difference(known):  # characters met for the first time
        normal = unicodedata.normalize("NFKC", char)
        known[char] = "" if char in _IGNORED or normal in _IGNORED or normal.isspace() else normal
    parts = [known[char] for char in text]
    # each character of the key points back at the one it came from (none, one, or several: ㈠ → (一))
    return "".join(parts), [index for index, part in enumerate(parts) for _ in part]


_NORMAL: dict = {}  # a character → what it is in a key ("" when it does not count)


@lru_cache(maxsize=None)
def _labels() -> dict:
    """Every label any edition's tables print, by the first two characters of its key, longest first."""
    words = set()
    for edition in editions().values():
        for table in edition.tables:
            words.add(table.title.split(" › ")[-1])
            for extra in ("x-row-header", "x-column-header", "x-note"):
                words.add((edition.node(table.path) or {}).get(extra) or "")
            for row in table.rows:
                words.update((row.title, row.brief, *row.groups))
                # a note in brackets is often left out: 规章（市政府令） or （二）部分公开
                words.add(re.sub(r"[（(][^（）()]*[）)]$", "", row.title))
            for column in table.columns:
                words.update((column.title, column.group or ""))
    index: dict = {}
    for word in words:
        key = keyed(word)[0]
        if len(key) >= 2:
            index.setdefault(key[:2], []).append(key)
    return {first: sorted(set(keys), key=len, reverse=True) for first, keys in index.items()}


def headings(text: str, edition) -> list:
    """The section headings inside a run of text: (start, end, section key, numeral), in order.

    A heading is a numeral 一…六 and 、 followed by the section's title (or a known variant); where
    the words differ (四、政府信息公开行政法复议…情况), by its keywords before the heading's end
    (情况, 事项), sought only between the headings already found, so that a table row such as
    四、结转下年度继续办理 or a list in the preface is not taken for one.
    """
    marks = []
    for match in _NUMERAL_MARK.finditer(text):
        rest = text[match.end():match.end() + 60]
        marks.append((match.start(), match.end(), match.group(1), keyed(rest)))
    found: dict = {}
    for spec in edition.sections:  # exact titles first
        titles = [keyed(t.split("、", 1)[-1])[0] for t in (spec.title, *spec.variants)]
        for start, after, numeral, (key, where) in marks:
            if numeral != spec.number:
                continue
            title = next((t for t in titles if key.startswith(t)), None)
            if title:
                found[spec.key] = (start, after + where[len(title) - 1] + 1, spec.key, numeral)
                break
    for spec in edition.sections:  # then keywords, between the neighbours already found
        if spec.key in found:
            continue
        order = [s.key for s in edition.sections]
        before = [found[k][1] for k in order[:order.index(spec.key)] if k in found]
        after_ = [found[k][0] for k in order[order.index(spec.key) + 1:] if k in found]
        low, high = max(before, default=0), min(after_, default=len(text))
        for start, after, numeral, (key, where) in marks:
            if numeral != spec.number or not low <= start < high:
                continue
            window = re.split(r"[0-9]", key[:_SEARCH])[0]
            ends = [window.find(word) + len(word) for word in _HEADING_END if word in window]
            if not ends:
                continue
            words = window[:min(ends)]
            if any(all(w in words for w in group) for group in spec.keywords):
                found[spec.key] = (start, after + where[min(ends) - 1] + 1, spec.key, numeral)
                break
    return sorted(found.values())


def table_block(text: str, location: Location) -> tuple:
    """(prose before, TableBlock, prose after) for a table section's run of text; the block is None
    when no label of the form is found in it. Each row is its labels then the run of its cells."""
    key, where = keyed(text)
    labels = _labels()
    matches = []
    position = 0
    while position < len(key) - 1:
        for candidate in labels.get(key[position:position + 2], ()):
            if key.startswith(candidate, position):
                matches.append((where[position], where[position + len(candidate) - 1] + 1))
                position += len(candidate)
                break
        else:
            position += 1
    if not matches:
        return text, None, ""

    def token(start: int, end: int, run: bool = False) -> Token:
        return Token(text[start:end].strip(), _at(location, start + len(text[start:end]) - len(text[start:end].lstrip())),
                     run=run)

    rows, row = [], []
    consumed = matches[0][0]
    bounds = matches + [(len(text), len(text))]
    for (start, end), (following, _) in zip(bounds, bounds[1:]):
        while end < following and text[end] in _IGNORED and not text[end].isspace():
            end += 1  # the closing quote or bracket of a label the key left out (危及“三安全一稳定”)
        row.append(token(start, end))
        consumed = end
        between = text[end:following]
        if not between.strip():
            continue
        if is_run(between):
            row.append(token(end, following, run=True))
            rows.append(row)
            row, consumed = [], following
            continue
        if following == len(text) and not _UNKNOWN_ROW.match(between):
            # the table's last row, then prose (a heading the crawler lost, the next section's text)
            last = _TRAILING_ROW.match(between)
            if last and is_run(last.group(1)):
                row.append(token(end, end + last.end(1), run=True))
                rows.append(row)
                row, consumed = [], end + last.end(1)
            break
        # words the form does not print (a label written differently, 1.属于国家密), with the digits
        # of the row before or after them: the number that leads a numbered label is the label's
        split = _UNKNOWN_ROW.match(between)
        if split:
            lead, words, cells = split.span("lead"), split.span("words"), split.span("cells")
            if lead[1] > lead[0] and is_run(between[lead[0]:lead[1]]):
                row.append(token(end + lead[0], end + lead[1], run=True))
                rows.append(row)
                row = []
            row.append(token(end + words[0], end + words[1]))
            if cells[1] > cells[0]:
                row.append(token(end + cells[0], end + cells[1], run=True))
                rows.append(row)
                row = []
        else:
            row.append(token(end, following))
        consumed = following
    if row:
        rows.append(row)
    return text[:matches[0][0]], TableBlock(rows, rows_known=True), text[consumed:]


def split_line(line: Line, edition, title: str | None = None) -> list:
    """The blocks a run-together line holds: lines of text, and the tables of sections 二–四."""
    text = line.text
    found = headings(text, edition)
    if not found:
        return [line]
    blocks: list = []
    preface = text[:found[0][0]]
    if preface.strip():
        blocks.extend(_preface(preface, line.location, title))
    bounds = found + [(len(text), len(text), None, None)]
    for (start, end, key, _), (following, *_rest) in zip(bounds, bounds[1:]):
        blocks.append(Line(text[start:end].strip(), _at(line.location, start)))
        body = text[end:following]
        if key in _TABLE_SECTIONS:
            before, table, after = table_block(body, _at(line.location, end))
            if table is not None:
                blocks.extend(_prose(before, line.location, end))
                blocks.append(table)
                blocks.extend(_prose(after, line.location, following - len(after)))
                continue
        blocks.extend(_prose(body, line.location, end))
    return blocks


_TITLE = re.compile(r"[^\s：:，。；,;>》]{2,40}?(?:19|20)\d{2}\s*年度?\s*政府信息公开工作(?:年度)?报告")


def _preface(text: str, location: Location, title: str | None) -> list:
    """What precedes 一、: the report's title on a line of its own, then the preface. Words before
    the title (当前位置：首页 › 政务公开 …) are the page around the report, not the report."""
    start = end = None
    if title:
        key, where = keyed(text)
        at = key.find(keyed(title)[0])
        if at >= 0 and keyed(title)[0]:
            start, end = where[at], where[at + len(keyed(title)[0]) - 1] + 1
    if start is None:
        found = _TITLE.search(text[:600])
        if found:
            start, end = found.span()
    if start is None:
        return _prose(text, location, 0)
    return [Line(text[start:end].strip(), _at(location, start))] + _prose(text[end:], location, end)


def _prose(text: str, location: Location, offset: int) -> list:
    if not text.strip():
        return []
    lead = len(text) - len(text.lstrip())
    return [Line(text.strip(), _at(location, offset + lead))]


def _at(location: Location, offset: int) -> Location:
    """The location `offset` characters into a line that starts at `location`."""
    if location is None or location.column is None:
        return location
    return location.moved(offset)
