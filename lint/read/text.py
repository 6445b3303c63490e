"""Plain text and Markdown: reports copied out of a web page, or kept as Markdown.

Copied web pages (the seed shows the form) put one table cell on a line, indented with a tab;
an empty cell is a bare tab; a long label wraps onto a line of its own without the tab. Tables
copied out of Word or Excel come as one row a line, cells separated by tabs. Markdown tables are
rows of cells between pipes.
"""

from __future__ import annotations

import re

from lint.document import Document, Line, TableBlock, Token
from lint.model import Location
from lint.read import Reading, decode_text

_SENTENCE_END = re.compile(r"[。；;！!？?]$")
_MD_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_MD_DECORATION = re.compile(r"^\s{0,3}(#{1,6}\s+|>\s*)|\*\*|__")


def read_text(name: str, raw: bytes) -> Reading:
    from lint.recognise import recognise

    text = decode_text(raw)
    markdown = name.lower().endswith((".md", ".markdown"))
    document = parse_text(name, text, markdown)
    return recognise(document)


def parse_text(name: str, text: str, markdown: bool = False) -> Document:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    document = Document(name, "markdown" if markdown else "text")
    tokens: list = []  # the tab-indented table being collected
    md_rows: list = []  # rows of a Markdown table, or of tab-separated cells

    def close_table():
        nonlocal tokens, md_rows
        if tokens:
            document.blocks.append(TableBlock([tokens], rows_known=False))
        if md_rows:
            document.blocks.append(TableBlock(md_rows, rows_known=True))
        tokens, md_rows = [], []

    for index, line in enumerate(lines):
        number = index + 1
        if line.lstrip(" ").startswith("|") and line.rstrip().endswith("|") and line.count("|") >= 2:
            if tokens:
                close_table()
            if not _MD_RULE.match(line.strip()):
                md_rows.append(_markdown_row(line, number))
            continue
        if "\t" in line.lstrip("\t") and line.strip():
            # cells separated by tabs, one row a line (copied out of Word or Excel)
            if tokens:
                close_table()
            md_rows.append(_tab_row(line, number))
            continue
        if md_rows:
            close_table()
        if line.startswith("\t"):
            cell = line[1:].lstrip("\t")
            tokens.append(Token(_clean(cell), Location(line=number, column=len(line) - len(cell) + 1)))
            continue
        stripped = line.strip()
        if not stripped:
            continue
        if tokens and _wrapped_label(stripped, lines, index):
            # alone: the recogniser may still find it is a section heading between two tables
            tokens.append(Token(_clean(stripped), Location(line=number, column=line.find(stripped[0]) + 1),
                                alone=True))
            continue
        close_table()
        if markdown:
            stripped = _MD_DECORATION.sub("", stripped).strip()
        document.blocks.append(Line(stripped, Location(line=number, column=line.find(line.strip()[0]) + 1)))
    close_table()
    return document


def _wrapped_label(stripped: str, lines: list, index: int) -> bool:
    """A short line without the tab, between table lines: the rest of a wrapped label (（市政府令）)."""
    if len(stripped) > 40 or _SENTENCE_END.search(stripped):
        return False
    for following in lines[index + 1:]:
        if following.strip():
            return following.startswith("\t")
    return False


def _markdown_row(line: str, number: int) -> list:
    body = line.strip()[1:-1]
    row, column = [], line.find("|") + 2
    for cell in body.split("|"):
        row.append(Token(_clean(cell.replace("<br>", "\n").replace("<br/>", "\n")), Location(line=number, column=column)))
        column += len(cell) + 1
    filled = [t for t in row if t.text]
    if len(filled) == 1:
        filled[0].alone = True
    return row


def _tab_row(line: str, number: int) -> list:
    row, column = [], 1
    for cell in line.rstrip("\r").split("\t"):
        row.append(Token(_clean(cell), Location(line=number, column=column)))
        column += len(cell) + 1
    filled = [t for t in row if t.text]
    if len(filled) == 1:
        filled[0].alone = True
    return row


def _clean(text: str) -> str:
    return text.replace("\u00a0", " ").strip(" \t\u3000")
