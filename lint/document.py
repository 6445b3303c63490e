"""The neutral document every reader produces and the recogniser consumes.

A document is a sequence of blocks in reading order: lines of running text, and tables given as
rows of cell tokens. Each piece keeps its location in the original file. Nothing here knows the
template; `xxgk_lint.read.recognise` maps a document onto it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from xxgk_lint.model import Location


@dataclass(slots=True)  # a page has hundreds, one for every cell: slots make each cheaper to build
class Token:
    """One table cell's text (or one line of a table in copied text)."""

    text: str
    location: Location
    # a caption row spanning the table, or a line of copied text outside the table's indentation:
    # either may really be a section heading
    alone: bool = False
    # the cells of a row run together with no border between them, as a crawler saves a table
    # (7000007): the recogniser reads them by the form's arithmetic
    run: bool = False


_new = object.__new__


def cell_token(text: str, location: Location) -> Token:
    """`Token(text, location)`, made by filling the slots (see `model.cell_location`: a reader makes
    one for every cell, and the class's __init__ frame costs more than the filling)."""
    token = _new(Token)
    token.text = text
    token.location = location
    token.alone = token.run = False
    return token


@dataclass(slots=True)
class Line:
    """One paragraph or heading of running text."""

    text: str
    location: Location


@dataclass(slots=True)
class Picture:
    """A picture in the running text (an <img>): its text cannot be read. Where a table should be
    and is not, it is the likeliest reason why (sites often publish the tables as screenshots)."""

    location: Location


@dataclass
class TableBlock:
    """A table as rows of tokens. Where the reader cannot tell rows apart (text copied from a
    web page puts one cell on a line), `rows_known` is False and all tokens sit in one row."""

    rows: list
    rows_known: bool = True
    number: Optional[int] = None  # 1-based, in document order


@dataclass
class Document:
    name: str
    form: str
    blocks: list = field(default_factory=list)
    title_hint: Optional[str] = None  # e.g. an HTML page's <title>, a crawler's 标题
    published: Optional[str] = None  # YYYY-MM-DD, where the file records it outside the text
    published_at: Optional[Location] = None  # where it records it
    source: Optional[str] = None  # the address the report was published at
    attachments: list = field(default_factory=list)  # names of files the page links to (.pdf, .docx …)
