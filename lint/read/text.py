"""Plain text and Markdown: reports copied out of a web page, or kept as Markdown.

Copied web pages (the seed shows the form) put one table cell on a line, indented with a tab;
an empty cell is a bare tab; a long label wraps onto a line of its own without the tab. Tables
copied out of Word or Excel come as one row a line, cells separated by tabs. Text copied out of
a PDF puts a row's label and numbers on one line separated by spaces, with long labels wrapped
onto lines of their own. Markdown tables are rows of cells between pipes.
"""

from __future__ import annotations

import re

from xxgk_lint.document import Document, Line, TableBlock, Token
from xxgk_lint.model import Location
from xxgk_lint.read.reading import decode_text

_SENTENCE_END = re.compile(r"[。；;！!？?]$")
_NUMERIC = re.compile(r"^(?:[-+]?[0-9０-９][0-9０-９,，]*(?:[.．][0-9０-９]+)?(?:万元|元|件)?|[/／—–]+|-)$")
_CJK = re.compile(r"[\u3400-\u9fff]")
_MD_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_MD_DECORATION = re.compile(r"^\s{0,3}(#{1,6}\s+|>\s*)|\*\*|__")


def read_text(name: str, raw: bytes) -> Document:
    text = decode_text(raw)
    markdown = name.lower().endswith((".md", ".markdown"))
    return parse_text(name, text, markdown)


def parse_text(name: str, text: str, markdown: bool = False, first_line: int = 1) -> Document:
    """The document a text holds; `first_line` is the number of its first line in the file."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    document = Document(name, "markdown" if markdown else "text")
    tokens: list = []  # the tab-indented table (or space-separated rows) being collected
    md_rows: list = []  # rows of a Markdown table, or of tab-separated cells
    spaced = [_space_row(line) for line in lines]

    def close_table():
        nonlocal tokens, md_rows
        if tokens:
            document.blocks.append(TableBlock([tokens], rows_known=False))
        if md_rows:
            document.blocks.append(TableBlock(md_rows, rows_known=True))
        tokens, md_rows = [], []

    for index, line in enumerate(lines):
        number = index + first_line
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
        if spaced[index] is not None:
            # a row copied out of a PDF: the label, then its numbers, separated by spaces
            label, values, starts = spaced[index]
            if label:
                tokens.append(Token(label, Location(line=number, column=starts[0] + 1), alone=True))
            for value, start in zip(values, starts[1:] if label else starts):
                tokens.append(Token(value, Location(line=number, column=start + 1)))
            continue
        if line.startswith("\t"):
            cell = line[1:].lstrip("\t")
            tokens.append(Token(_clean(cell), Location(line=number, column=len(line) - len(cell) + 1)))
            continue
        stripped = line.strip()
        if not stripped:
            continue
        if _wrapped_label(stripped, lines, index) and (tokens or _space_row_follows(lines, index)):
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
            return following.startswith("\t") or _space_row_follows(lines, index)
    return False


def _space_row_follows(lines: list, index: int) -> bool:
    """A row copied out of a PDF comes within the next few lines (after a caption, a header, or the
    rest of a wrapped label)."""
    return any(_space_row(following) is not None for following in lines[index + 1:index + 4])


def _space_row(line: str):
    """(label, numbers, where each starts) for a row copied out of a PDF, or None for prose."""
    if "\t" in line or len(line) > 120 or _SENTENCE_END.search(line.strip()):
        return None
    parts = [(m.group(0), m.start()) for m in re.finditer(r"\S+", line)]
    values = []
    while parts and _NUMERIC.match(parts[-1][0]):
        values.insert(0, parts.pop())
    numbers = [v for v, _ in values if re.search(r"[0-9０-９]", v)]
    label = "".join(text for text, _ in parts)
    if not numbers or (not label and len(numbers) < 2):
        return None
    # a form's label has CJK words and numbers only to number rows (1.属于国家秘密); prose that
    # happens to end in a number (……37 件；其中结果维持 25) counts things inside it, or stops
    if label and (not _CJK.search(label) or len(label) > 60 or re.search(r"[。；;]", label)
                  or re.search(r"[0-9０-９]\s*[件条个次年月日万%％元]", label)):
        return None
    starts = ([parts[0][1]] if parts else []) + [start for _, start in values]
    return label, [v for v, _ in values], starts


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
