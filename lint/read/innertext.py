"""Text copied out of a browser (select all, copy, paste into Notepad) from a page exported by Word.

Chromium writes a page's text as `innerText` does: a paragraph (<p>) asks for a blank line before
and after it, a table's cell is followed by a tab unless it ends its row, a row by one newline
unless it ends its table. Word puts every cell's text in a paragraph, so every cell stands on
lines of its own and the tab between two cells is a line holding only a tab, a blank line either
side (本年制发件数 / (blank) / \\t / (blank) / 本年废止件数). Between rows the newline of the row
and the blank lines asked for on either side make two or more blank lines; inside a cell, its
paragraphs are one blank line apart (商业 / (blank) / 企业) and its line breaks none. A table's
own end leaves no mark: a paragraph after it is one blank line from its last cell, as a cell's
second paragraph would be, and is told from one by what it says (a number ends its cell; a
heading or a sentence is no piece of a wrapped label).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from xxgk_lint.document import Line, TableBlock, Token
from xxgk_lint.model import Location

MIN_SEPARATORS = 6  # lines holding only tabs: fewer are a few indented blank lines, not tables
ROW_BREAK = 3  # newlines: a row's own newline between the blank lines its cells' paragraphs ask for
PIECE_WIDTH = 8  # characters: a wrapped label's pieces are narrow (科研 / 机构, 三、本 / 年度办)
CAPTION_WIDTH = 40  # characters: a row of one cell (第二十条第（五）项) is short

_NUMBER = re.compile(r"^[-+]?[0-9０-９][0-9０-９,，]*(?:[.．][0-9０-９]+)?(?:万元|元|件)?$")
_SENTENCE = re.compile(r"[。；;！!？?：:]")
_POINT = re.compile(r"(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、]|第[一二三四五六七八九十\d]+条)")
_PART = re.compile(r"[一二三四五六七八九十]+、")  # a part's heading (五、存在的主要问题…)
_BLANK_CELL = " \u00a0\u3000"  # an empty cell of Word's holds a no-break space


def separator_line(line: str) -> bool:
    """A line of tabs alone (or tabs around empty cells' no-break spaces): cells' boundaries."""
    return "\t" in line and not line.strip(" \t\u00a0\u3000")


def is_inner_text(lines: list) -> bool:
    """Whether a text is a browser's copy of Word's tables: many lines holding only tabs, and no
    cell written after a tab on its line (the shape of the copies text.py reads one cell a line)."""
    separators = indented = 0
    for line in lines:
        if line[:1] == "\t" or "\t" in line:
            if separator_line(line):
                separators += 1
            elif line[:1] == "\t" and line.strip():
                indented += 1
    return separators >= MIN_SEPARATORS and indented * 4 < separators


@dataclass
class _Piece:
    """A cell's text on the lines of one paragraph (or a paragraph of running text)."""

    text: str
    location: Location
    index: int  # the line it starts on, 0-based in the text given
    whole_lines: bool  # it is all of its lines (no tab on them): it may go back to running text


def _pieces(lines: list, first_line: int) -> list:
    """The text as a stream: _Piece, "tab" (a cell's end) and int (newlines between two pieces)."""
    stream: list = []
    newlines = 0
    for index, line in enumerate(lines):
        if stream:
            newlines += 1
        if not line.strip(" \r"):  # a blank line; one of no-break spaces is an empty cell's
            continue
        if newlines and stream:
            stream.append(newlines)
        newlines = 0
        column = 0
        parts = line.split("\t")
        for place, part in enumerate(parts):
            if place:
                stream.append("tab")
            text = part.strip(_BLANK_CELL)
            if text or part:  # (an empty cell's no-break space is a piece too: it holds its place)
                start = column + (len(part) - len(part.lstrip(_BLANK_CELL)) if text else 0)
                stream.append(_Piece(text, Location(line=index + first_line, column=start + 1), index, len(parts) == 1))
            column += len(part) + 1
    return stream


def _joins(before: _Piece, after: _Piece, newlines: int) -> bool:
    """Whether two paragraphs one blank line (or a line break) apart are one cell's: pieces of a
    label wrapped in a narrow column. A number ends its cell; headings and sentences are text."""
    if not before.text or not after.text:
        return False  # an empty cell is a cell of its own
    if newlines == 1:
        return not _NUMBER.match(before.text) and not _NUMBER.match(after.text)
    if _POINT.match(after.text):
        return False  # a heading or numbered point starts a paragraph of its own
    return all(len(piece.text) <= PIECE_WIDTH and not _NUMBER.match(piece.text) and not _SENTENCE.search(piece.text)
               for piece in (before, after))


def _groups(pieces: list) -> list:
    """A cell's paragraphs (with the newlines between them) gathered into what belongs together."""
    groups: list = []
    gap = 0
    for item in pieces:
        if isinstance(item, int):
            gap = item
            continue
        if groups and _joins(groups[-1][-1], item, gap):
            groups[-1].append(item)
        else:
            groups.append([item])
        gap = 0
    return groups


def _cell(group: Optional[list], at: Location) -> Token:
    if not group or not group[0].text:
        return Token("", at)
    return Token("".join(piece.text for piece in group), group[0].location)


def _between_tabs(stream: list, place: int) -> bool:
    return 0 < place < len(stream) - 1 and stream[place - 1] == "tab" and stream[place + 1] == "tab"


def _text_blocks(pieces: list, parse_lines) -> list:
    """Running text: read by the text reader where it is whole lines, else a Line a paragraph."""
    if not pieces:
        return []
    if all(piece.whole_lines for piece in pieces):
        return parse_lines(pieces[0].index, pieces[-1].index + 1)
    return [Line(piece.text, piece.location) for piece in pieces]


CELL_WIDTH = 60  # characters: a longer paragraph, or one ending a sentence, is running text


def _unrowed(stream: list, parse_lines) -> list:
    """A copy whose rows cannot be told (every break one blank line, as some browsers copy): its
    cells in reading order, one token each, for the recogniser to lay out by the form as it does
    a copied page's cells one a line. A paragraph with no tab beside it may be a part's heading
    or a piece of a wrapped label (alone). A table is a stretch of short paragraphs and tabs,
    numbers among them, between paragraphs of running text (sentences); a page's menu has tabs
    but next to no numbers, and is running text."""
    blocks: list = []
    span: list = []

    def close():
        pieces = [item for item in span if isinstance(item, _Piece)]
        numbers = sum(1 for piece in pieces if _NUMBER.match(piece.text))
        if span.count("tab") >= MIN_SEPARATORS and numbers >= MIN_SEPARATORS:
            # after the last tab: the last cell, then the running text after the table (where the
            # text starts with a part's heading, the last cell was empty and its space is lost)
            last_tab = len(span) - 1 - span[::-1].index("tab")
            trailing = [item for item in span[last_tab + 1:] if isinstance(item, _Piece)]
            keep = 0 if len(trailing) > 1 and _PART.match(trailing[0].text) else 1
            del span[last_tab + 1:]
            span.extend(trailing[:keep])
            tokens: list = []
            for place, item in enumerate(span):
                if isinstance(item, _Piece):
                    beside = [_neighbour(span, place, step) for step in (-1, 1)]
                    tokens.append(Token(item.text, item.location, alone="tab" not in beside))
                elif item == "tab" and _neighbour(span, place, 1) in ("tab", None) and tokens:
                    tokens.append(Token("", tokens[-1].location))  # an empty cell
            blocks.append(TableBlock([tokens], rows_known=False))
            blocks.extend(_text_blocks(trailing[keep:], parse_lines))
        else:
            blocks.extend(_text_blocks(pieces, parse_lines))
        span.clear()

    for item in stream:
        if isinstance(item, _Piece) and (len(item.text) > CELL_WIDTH or _PROSE_END.search(item.text)):
            close()
            blocks.extend(_text_blocks([item], parse_lines))
            continue
        span.append(item)
    close()
    return blocks


_PROSE_END = re.compile(r"[。；！？]$")


def _neighbour(stream: list, place: int, step: int):
    """The next item from `place` that is not blank lines: a _Piece, "tab", or None at an end."""
    place += step
    while 0 <= place < len(stream) and isinstance(stream[place], int):
        place += step
    return stream[place] if 0 <= place < len(stream) else None


def read_inner_text(lines: list, first_line: int, parse_lines) -> list:
    """The blocks of a browser's copy: tables rebuilt row by row; running text between them read
    by `parse_lines(start, end)` (the text reader, for lines start..end-1)."""
    stream = _pieces(lines, first_line)
    tabs = [place for place, item in enumerate(stream) if item == "tab"]
    if not any(isinstance(item, int) and item >= ROW_BREAK and not _between_tabs(stream, tabs[0] + place)
               for place, item in enumerate(stream[tabs[0]:tabs[-1]])):
        return _unrowed(stream, parse_lines)
    # rows: split the stream where two or more blank lines stand between pieces
    chunks: list = [[]]
    for place, item in enumerate(stream):
        # blank lines between two tabs are an empty cell's empty paragraph, never a row's end
        if isinstance(item, int) and item >= ROW_BREAK and not _between_tabs(stream, place):
            chunks.append([])
        else:
            chunks[-1].append(item)
    blocks: list = []
    rows: list = []
    text_from: list = []  # pieces of running text waiting to be read

    def flush_text():
        if not text_from:
            return
        start, end = text_from[0].index, text_from[-1].index + 1
        if all(piece.whole_lines for piece in text_from):
            blocks.extend(parse_lines(start, end))
        else:
            blocks.extend(Line(piece.text, piece.location) for piece in text_from)
        text_from.clear()

    def text(group: list):
        if rows:
            blocks.append(TableBlock(list(rows), rows_known=True))
            rows.clear()
        text_from.extend(group)

    def row(cells: list):
        flush_text()
        filled = [cell for cell in cells if cell.text]
        if len(filled) == 1:
            filled[0].alone = True
        rows.append(cells)

    for place, chunk in enumerate(chunks):
        if not any(item == "tab" for item in chunk):
            groups = _groups(chunk)
            following = chunks[place + 1] if place + 1 < len(chunks) else []
            table_follows = any(item == "tab" for item in following)
            for number, group in enumerate(groups):
                words = "".join(piece.text for piece in group)
                if (number == len(groups) - 1 and table_follows and len(words) <= CAPTION_WIDTH
                        and not _SENTENCE.search(words)):
                    row([_cell(group, group[0].location)])  # a row of one cell: a table's caption
                else:
                    text(group)
            continue
        segments: list = [[]]  # the cells' paragraphs, tab to tab
        for item in chunk:
            if item == "tab":
                segments.append([])
            else:
                segments[-1].append(item)
        cells: list = []
        for place_in_row, segment in enumerate(segments):
            groups = _groups(segment)
            at = groups[0][0].location if groups else (cells[-1].location if cells else Location(line=first_line))
            if place_in_row == 0 and len(groups) > 1:
                # the first cell of a row after running text (a heading, the paragraph before a table)
                for group in groups[:-1]:
                    text(group)
                groups = groups[-1:]
            ending = place_in_row == len(segments) - 1
            if ending and len(groups) > 1 and _PART.match(groups[0][0].text):
                # a part's heading after a row whose last cell is empty (its no-break space lost
                # with the line's trailing spaces): no row of the form ends with one
                groups = [[]] + groups
                at = cells[-1].location
            if len(groups) > 1:
                # the row ended with the first group; what follows it is running text after the
                # table, and (before a tab) a new table's first cell
                cells.append(_cell(groups[0], at))
                row(cells)
                cells = []
                for group in groups[1:] if ending else groups[1:-1]:
                    text(group)
                if ending:
                    continue
                groups = groups[-1:]
                at = groups[0][0].location
            cells.append(_cell(groups[0] if groups else None, at))
        if cells:
            row(cells)
    if rows:
        blocks.append(TableBlock(list(rows), rows_known=True))
    flush_text()
    return blocks
