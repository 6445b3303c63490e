"""Plain text and Markdown: reports copied out of a web page, or kept as Markdown.

Copied web pages (the seed shows the form) put one table cell on a line, indented with a tab;
an empty cell is a bare tab; a long label wraps onto a line of its own without the tab. Tables
copied out of Word or Excel come as one row a line, cells separated by tabs. Text copied out of
a PDF puts a row's label and numbers on one line separated by spaces, with long labels wrapped
onto lines of their own. Markdown tables are rows of cells between pipes. A Word document saved
as plain text by LibreOffice puts one cell a line with no tab at all: a run of short lines, many of
them a number alone, is read as the copied page's cells are.
"""

from __future__ import annotations

import re
from itertools import islice
from typing import Optional

from xxgk_lint.document import Document, Line, TableBlock, Token
from xxgk_lint.model import Location
from xxgk_lint.read.chrome import is_chrome
from xxgk_lint.read.innertext import is_inner_text, read_inner_text, separator_line
from xxgk_lint.read.pdfrows import Item, reassemble
from xxgk_lint.read.reading import decode_text

_SENTENCE_END = re.compile(r"[。；;！!？?]$")
_PART_HEADING = re.compile(r"^[一二三四五六七八九十]{1,2}[、．.]")
_TAB_HEADING = re.compile(r"\n\t+[一二三四五六七八九十]{1,2}[、．.]")  # from the newline before it
# a cell's number; ? beside it is a no-break space a GBK copy could not keep (0?)
_NUMERIC = re.compile(r"^\??(?:[-+]?[0-9０-９][0-9０-９,，]*(?:[.．][0-9０-９]+)?(?:万元|元|件)?\??|[/／—–]+|-)$")
# how a row copied out of a PDF can end: as a _NUMERIC word does, but not with ?, which ends a
# question (_SENTENCE_END) first
_ROW_ENDS = frozenset("0123456789０１２３４５６７８９元件/／—–-")
_WORD = re.compile(r"\S+")
_CJK = re.compile(r"[\u3400-\u9fff]")
# runs of the characters `_width` counts twice: a run at a time, the regex deletes a line's CJK
# text in a few steps, not one a character
_WIDE = re.compile("[\u2e80-\uffef]+")
_MD_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_MD_DECORATION = re.compile(r"^\s{0,3}(#{1,6}\s+|>\s*)|\*\*|__")
# a Markdown heading mark: converters write it into .txt files too (# 某某县人民政府2025年…报告)
_HEADING_MARK = re.compile(r"^\s{0,3}#{1,6}\s+")
# a page number a PDF left in the text (— 1 —, - 12 -, 第 3 页)
_PAGE_FURNITURE = re.compile(r"^\s*(?:[—\-–－]+\s*\d{1,3}\s*[—\-–－]+|第\s*\d{1,3}\s*页(?:\s*共\s*\d{1,3}\s*页)?)\s*$")
# the start of a heading or a numbered point: a wrapped line never continues into one
_STARTS_POINT = re.compile(r"^(?:[一二三四五六七八九十]{1,2}\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]{1,2}\s*[）)]"
                           r"|\d{1,2}\s*[、.．](?!\d)|[一二三四五六七八九十]是|第[一二三四五六七八九十]+[章节部分]|附件|注[:：])")
# where a line may end in the middle of a sentence: after a comma or enumeration mark, an opening
# bracket or quote, or (in a long line) any word or number
_OPEN_END = re.compile(r"[，,、（(《“‘\[【]$")
_WORD_END = re.compile(r"[\u3400-\u9fff0-9A-Za-z０-９]$")
WRAP_WIDTH = 40  # display columns: shorter lines without a full stop are headings, captions, titles


def read_text(name: str, raw: bytes) -> Document:
    text = decode_text(raw)
    markdown = name.lower().endswith((".md", ".markdown"))
    return parse_text(name, text, markdown)


def parse_text(name: str, text: str, markdown: bool = False, first_line: int = 1) -> Document:
    """The document a text holds; `first_line` is the number of its first line in the file."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\\" in text:  # the cheap test first, in C
        text = _MD_ESCAPE.sub(r"\1", text)
    if "<t" in text or "<T" in text:  # the cheap test first, in C: most texts hold no markup at all
        tables = [found for found in _HTML_TABLE.finditer(text)]
        if tables:
            return _with_html_tables(name, text, markdown, first_line, tables)
    lines = text.split("\n")
    if "\t\n" in text and is_inner_text(lines):
        return _with_inner_text(name, lines, markdown, first_line)
    if "---" in text:  # the cheap test first, in C
        _outer_pipes(lines)
    document = Document(name, "markdown" if markdown else "text")
    tokens: list = []  # the tab-indented table (or space-separated rows) being collected
    md_rows: list = []  # rows of a Markdown table, or of tab-separated cells
    # the lines of `tokens` when all are lines copied out of a PDF (rows of a label and numbers,
    # the rest of wrapped labels): their rows are put back together at the table's end
    items: Optional[list] = []
    spaced = [None if "\t" in line else _space_row(line) for line in lines]
    _lone_numbers(lines, spaced)
    # a table saved as plain text one cell a line with no tab before it (LibreOffice's "Text" of a
    # Word document): its lines are read as the tab-indented cells of a copied web page are
    # a part's heading indented with a tab (\t一、总体情况) is alone: the recogniser tells it from a
    # label of the form's own (\t四、结转下年度继续办理) by the template's headings. The few such
    # lines are found in C, so the many cells of a copy cost one lookup each
    headings = {text.count("\n", 0, found.start() + 1) for found in _TAB_HEADING.finditer(text)}
    if lines[0][:1] == "\t" and _PART_HEADING.match(lines[0].lstrip("\t")):
        headings.add(0)
    numbers = _BARE_NUMBER.finditer(text)  # the cheap test first, in C: are there such cells at all
    cell_lines = _cell_runs(lines, spaced, headings) if next(islice(numbers, MIN_NUMBERS - 1, None), None) else ()

    def close_table():
        nonlocal tokens, md_rows, items
        if tokens and items:
            tokens = reassemble(items) or tokens
        if tokens:
            document.blocks.append(TableBlock([tokens], rows_known=False))
        if md_rows:
            document.blocks.append(TableBlock(md_rows, rows_known=True))
        tokens, md_rows, items = [], [], []

    for index, line in enumerate(lines):
        number = index + first_line
        if ((line[:1] == "\t" and "\t" not in (cell := line.lstrip("\t")) and not _is_pipe_row(line)
                and not (len(cell) > MAX_CELL or cell[-1:] in _PROSE_MARKS and _indented_prose(cell)))
                or (cell_lines and index in cell_lines and (cell := line.lstrip()) is not None)):
            # one cell of a table copied out of a web page, a tab before it: most lines of such a
            # copy, found first (by line and column: by keyword a Location costs twice as much)
            if md_rows:
                close_table()
            items = None  # cells of a copied web page: not lines of a PDF
            value = _clean(cell)
            if value[:1] and value[:1] in "（(" and len(tokens) > 1 and not tokens[-1].text and _note_after_label(value, tokens[-2].text):
                tokens.pop()  # 规章 / (blank) / （市政府令）: one label and its note, a blank line between
            tokens.append(Token(value, Location(number, len(line) - len(cell) + 1), index in headings))
            continue
        if _PAGE_FURNITURE.match(line):
            # a page's number copied out of a PDF viewer (— 3 —, 第 3 页 共 8 页), wherever the page
            # broke: in the middle of a table it would be read as a cell and shift the rest
            continue
        if _is_pipe_row(line):
            if tokens:
                close_table()
            row = _markdown_row(line, number) if not _MD_RULE.match(line.strip()) else []
            if any(token.text for token in row):  # a filler row of empty cells (| |||) holds nothing
                md_rows.append(row)
            continue
        if "\t" in line and "\t" in line.lstrip("\t") and line.strip():
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
            row = [Token(value, Location(line=number, column=start + 1))
                   for value, start in zip(values, starts[1:] if label else starts)]
            tokens.extend(row)
            if items is not None:
                values_at = starts[1] if label else starts[0]
                items.append(Item(_words(line, number, values_at), row))
            continue
        stripped = line.strip()
        if not stripped:
            continue
        following = _next_filled(lines, index)
        if ((_wrapped_label(stripped, following, spaced, index, lines) and (tokens or _space_row_follows(spaced, index, lines)))
                or (items and not items[-1].words and items[-1].values and _label_piece(stripped)
                    and not _PART_HEADING.match(stripped))):
            # (or the end of a label wrapped around the numbers on the line before: 18651.06 / 费)
            # alone: the recogniser may still find it is a section heading between two tables
            tokens.append(Token(_clean(stripped), Location(line=number, column=line.find(stripped[0]) + 1),
                                alone=True))
            if items is not None:
                items.append(Item(_words(line, number, len(line))))
            continue
        if is_chrome(stripped):
            continue
        stripped = _HEADING_MARK.sub("", stripped).strip() or stripped
        if markdown:
            stripped = _MD_DECORATION.sub("", stripped).strip() or stripped
        if _caption_before_table(following, stripped):
            # a table's own caption (### 第二十条第（一）项, ### 行政复议): it travels with the table,
            # where the recogniser reads captions; a section heading there is still found
            close_table()
            md_rows.append([Token(_clean(stripped), Location(line=number, column=line.find(stripped[0]) + 1),
                                  alone=True)])
            continue
        close_table()
        document.blocks.append(Line(stripped, Location(line=number, column=line.find(line.strip()[0]) + 1)))
    close_table()
    document.blocks = _join_wrapped(document.blocks)
    return document


# a character Markdown escapes (1\. 属于国家秘密 as mammoth and pandoc write a numbered label, lest it
# start a list); not \|, a pipe inside a table's cell. A later cell of the line is located one
# column further left than it is written, for each escape before it
_MD_ESCAPE = re.compile(r"\\([!-/:-@\[\\\]^_`{}~])")
# the rule under a table's header in Markdown (--- | :---:), with or without pipes at its ends
_RULE_LINE = re.compile(r"[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*")


def _outer_pipes(lines: list) -> None:
    """Give pipes at both ends to the rows of Markdown tables written without them (自然人| 217| 0,
    as html2text writes a table), so that they are read as the rows they are. Such a table is the
    line above its rule and the lines after it up to a blank line, where the first of these has a
    pipe; its rows without one are a cell spanning the table (a caption row of the page's table).
    Lines are changed only by what is added at their ends, so every cell keeps its column.
    A rule under a line of text with no row of pipes after it is a heading's underline, left as is."""
    for index, line in enumerate(lines):
        if not index or "---" not in line or line.lstrip()[:1] == "|" or not _RULE_LINE.fullmatch(line):
            continue
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if "|" not in following or following.lstrip()[:1] == "|" or not lines[index - 1].strip():
            continue
        lines[index] = "|---|"
        rows = [index - 1]
        for row in range(index + 1, len(lines)):
            if not lines[row].strip():
                break
            rows.append(row)
        # a writer closes every row of a table with a pipe or none: where one row of cells ends
        # without, a row that does end with one ends with an empty cell after it (自然人| 3|  |)
        closed = all(lines[row].rstrip()[-1:] == "|" for row in rows if "|" in lines[row])
        for row in rows:
            text = lines[row].rstrip()
            if not (closed and text[-1:] == "|"):
                lines[row] = text + (" |" if "|" in text else " | |")


def _with_inner_text(name: str, lines: list, markdown: bool, first_line: int) -> Document:
    """The document of a browser's copy of Word's page (innertext.py): its tables read row by row,
    the running text between them as any text is."""
    document = Document(name, "markdown" if markdown else "text")

    def parse_lines(start: int, end: int) -> list:
        # a page's menu between paragraphs leaves lines of tabs alone: blank here, read already
        text = "\n".join("" if separator_line(line) else line for line in lines[start:end])
        return parse_text(name, text, markdown, first_line + start).blocks

    document.blocks = _join_wrapped(read_inner_text(lines, first_line, parse_lines))
    return document


# a table written in HTML inside Markdown, its tags starting a line: what pandoc writes (gfm, and
# markdown whose table kinds cannot hold a cell spanning rows or columns) for the form's tables
_HTML_TABLE = re.compile(r"^[ \t]*<table\b.*?</table\s*>", re.S | re.M | re.I)


def _with_html_tables(name: str, text: str, markdown: bool, first_line: int, tables: list) -> Document:
    """The document of a text holding tables in HTML: the text around them read as text, each table
    as a web page's table is (its cells spanning rows and columns laid out as a page shows them),
    each cell located by the line of the text it starts on (a table's number would count only the
    tables in HTML, not the text's own)."""
    from xxgk_lint.read.html import parse_html

    document = Document(name, "markdown" if markdown else "text")
    start, line = 0, first_line
    for found in tables:
        before = text[start:found.start()]
        document.blocks.extend(parse_text(name, before, markdown, line).blocks)
        line += before.count("\n")
        page = parse_html(name, found.group(0))
        for block in page.blocks if isinstance(page, Document) else ():
            if not isinstance(block, TableBlock):
                continue
            for row in block.rows:
                for token in row:
                    token.location = Location(line=line + (token.location.line or 1) - 1)
            block.number = None
            document.blocks.append(block)
        line += found.group(0).count("\n")
        start = found.end()
    document.blocks.extend(parse_text(name, text[start:], markdown, line).blocks)
    return document


MAX_CELL = 60  # characters: a longer line after a tab is a paragraph indented with a tab, not a cell
# a line holding only a number, with no tab before it: a cell of a table saved one cell a line
# (from the newline before it: a pattern that starts with a fixed character is searched for it fast)
_BARE_NUMBER = re.compile(r"\n[ \u3000\u00a0]*[0-9０-９][0-9０-９,，.．]*[ \u3000\u00a0]*(?=\n|$)")
_BARE_NUMBER_LINE = re.compile(r"[ \u3000\u00a0]*[0-9０-９][0-9０-９,，.．]*[ \u3000\u00a0]*$")  # one line, as is
MIN_NUMBERS = 6  # the smallest table of the form has more; a few years or page numbers on lines have fewer
NUMBER_SHARE = 4  # at least one line in so many of a table's (filled) lines is a number


def _cell_runs(lines: list, spaced: list, headings: set) -> set:
    """The lines of tables saved one cell a line without tabs: runs of short lines (labels, numbers,
    blank cells) between paragraphs, in which numbers alone on their line are many. A run's leading
    numbered points (（五）监督保障方面, before the table) and its trailing labels (the next part's
    heading) stay lines of the text; a part's heading inside a run is added to `headings`, to be
    found as tab-indented ones are."""
    found: set = set()
    run: list = []
    for index, line in enumerate(lines + [None]):
        kind = None if line is None else _cell_kind(line, spaced[index])
        if kind is not None:
            run.append((index, kind, line))
            continue
        while run and (run[0][1] == "blank" or run[0][1] == "label" and _STARTS_POINT.match(run[0][2].strip())
                       and not _PART_HEADING.match(run[0][2].strip())):
            run.pop(0)
        while run and run[-1][1] == "label":
            run.pop()
        numbers = sum(1 for _, kind, _ in run if kind == "number")
        filled = sum(1 for _, kind, _ in run if kind != "blank")
        if numbers >= MIN_NUMBERS and numbers * NUMBER_SHARE >= filled:
            paired = _paired(run)
            if paired is not None:  # cells each followed by a blank line: their lines, empty cells too
                found.update(paired)
            else:
                # the spacing is told part by part: a copy out of a PDF spaces one table's cells and
                # not another's (table 三's numbers written down its columns, a line each)
                start = 0
                for end in [at for at, (_, kind, line) in enumerate(run) if at and kind == "label"
                            and _PART_HEADING.match(line.strip())] + [len(run)]:
                    spacing = _blank_between_all(run[start:end])
                    found.update(index for index, kind, _ in run[start:end] if not (spacing and kind == "blank"))
                    start = end
            headings.update(index for index, kind, line in run if kind == "label" and _PART_HEADING.match(line.strip()))
        run = []
    return found


def _paired(run: list) -> Optional[list]:
    """The cells' lines of a run that is Word's table written out paragraph by paragraph, as docx2txt
    and mammoth's Markdown write it, or None for a run of another shape. There a blank line follows
    every cell, and an empty cell is an empty line (or one of spaces) of its own before that blank:
    the blank lines between two cells are 1, 3, 5 … (none, one, two … empty cells between), one more
    where a table ends. A cell of several paragraphs (本年新 / 公开数量) is lines with no blank
    between; a number never is. None where no gap is wider than one line: the run then reads the
    same as the blank-spaced copy of a PDF (_blank_between_all)."""
    cells, gap, wide = [], [], False
    for place, (index, kind, _) in enumerate(run):
        if kind == "blank":
            gap.append(index)
            continue
        if kind == "number" and place + 1 < len(run) and run[place + 1][1] != "blank":
            return None  # numbers one after another: a word processor's text, its blank lines are cells
        if gap:
            # of 1 + 2k blank lines, k are empty cells; a table's end adds one more (docx2txt)
            cells.extend(gap[1:len(gap) - 1 + len(gap) % 2:2])
            wide = wide or len(gap) > 1
            gap = []
        cells.append(index)
    return cells if wide and len(cells) >= 2 * MIN_NUMBERS else None


SPACED_SHARE = 0.9  # of a run's lines with words, how many a blank line follows when blanks are spacing


def _blank_between_all(run: list) -> bool:
    """Whether a run's blank lines are the spacing of a copy out of a PDF (pdftotext puts a blank
    line after almost every cell), not empty cells: a word processor's text has a blank line only
    where a cell is empty, and two of them in a row where two are."""
    kinds = [kind for _, kind, _ in run]
    filled = sum(1 for kind in kinds if kind != "blank")
    followed = sum(1 for kind, after in zip(kinds, kinds[1:]) if kind != "blank" and after == "blank")
    doubled = sum(1 for kind, after in zip(kinds, kinds[1:]) if kind == after == "blank")
    if filled <= 1 or doubled:
        return False
    if followed >= SPACED_SHARE * (filled - 1):
        return True
    # a header's cell written over several lines (结果 / 维持) leaves no blank inside it; the
    # numbers, a cell each, still have one after every one of them
    numbers = sum(1 for kind in kinds if kind == "number")
    spaced_numbers = sum(1 for kind, after in zip(kinds, kinds[1:] + ["blank"]) if kind == "number" and after == "blank")
    return spaced_numbers >= SPACED_SHARE * numbers


def _cell_kind(line: str, spaced) -> Optional[str]:
    """"number", "blank" or "label" for a line that may be a cell saved one a line; None for a line
    that is not (a paragraph, a row of several cells, a line of another table's shape)."""
    if "\t" in line or spaced is not None or _is_pipe_row(line):
        return None
    stripped = line.strip()
    if not stripped:
        return "blank"
    if _NUMERIC.match(stripped):
        return "number"
    if len(stripped) > MAX_CELL or _SENTENCE_END.search(stripped) or _PAGE_FURNITURE.match(stripped):
        return None
    return "label"
# a sentence's end after a word (无。); not a mark beside a number (0? is a no-break space saved as GBK)
_PROSE_END = re.compile(r"[\u4e00-\u9fff”’）)][。！？；]$")
_PROSE_MARKS = ("。", "！", "？", "；")  # the cheap test first: a cell never ends so


def _note_after_label(note: str, before: str) -> bool:
    """A note in brackets (（市政府令）, not a numbered point such as （一）) after a label's words: the
    rest of one label, which a copy keeping the page's layout leaves a blank line apart from it."""
    return (note[-1:] in "）)" and not _STARTS_POINT.match(note) and bool(before)
            and not _NUMERIC.match(before) and bool(_CJK.search(before)))


def _indented_prose(text: str) -> bool:
    """A paragraph indented with a tab, as Word and many editors indent one: it ends a sentence, or
    is longer than any cell of the form. The form's cells hold numbers and labels, never a sentence."""
    text = text.rstrip()
    return len(text) > MAX_CELL or bool(_PROSE_END.search(text))


def _is_pipe_row(line: str) -> bool:
    """A Markdown row, or a row of a web page's text where cells end in pipes (规章 | 0 | 0 | 0 |)."""
    if "|" not in line:  # most lines: said without stripping a copy of them
        return False
    stripped = line.strip()
    return stripped.count("|") >= 2 and (stripped.startswith("|") or stripped.endswith("|"))


def _caption_before_table(following: Optional[str], stripped: str) -> bool:
    """A short line with no full stop, followed (after blank lines only) by a Markdown table or a
    row of tab-separated cells."""
    if len(stripped) > 40 or _SENTENCE_END.search(stripped) or not _CJK.search(stripped):
        return False
    if following is None:
        return False
    # before tab-separated rows, a part's own heading (四、……情况) stays a line of the text
    return _is_pipe_row(following) or (_tab_row_line(following) and not _PART_HEADING.match(stripped))


def _tab_row_line(line: str) -> bool:
    """A row of cells separated by tabs (a table copied or saved as text out of Word or Excel)."""
    return "\t" in line.lstrip("\t") and bool(line.strip())


def _next_filled(lines: list, index: int) -> Optional[str]:
    """The next line after `index` that is not blank, None at the end. Asked only for lines that
    are not blank, a search runs over blank lines only, so all of them together read each line
    once at most (a copy of the rest for every line made reading quadratic in the file's length)."""
    for following in range(index + 1, len(lines)):
        if lines[following].strip():
            return lines[following]
    return None


def _width(text: str) -> int:
    """Display columns: a CJK character takes two (counted by a regex in C, not a loop over characters)."""
    return 2 * len(text) - len(_WIDE.sub("", text))


def wrap_width(texts: list) -> Optional[int]:
    """The width at which a copy out of a PDF broke its lines, when it did: many lines of about
    the same, longest width that stop without a full stop. None for text whose lines are paragraphs."""
    widths = [_width(text) for text in texts]
    if len(widths) < 5:
        return None
    widest = sorted(widths)[int(0.9 * (len(widths) - 1))]
    near = [text for text, width in zip(texts, widths)
            if widest - 10 <= width <= widest + 6 and not _SENTENCE_END.search(text)]
    return widest - 10 if widest >= WRAP_WIDTH and len(near) >= 5 else None


def continues(text: str, following: str, wrapped_at: Optional[int] = None) -> bool:
    """Whether a line of running text plainly goes on in the next: it stops after a comma or an
    opening bracket or inside a quotation, or stops on a word at the width where the copy wraps
    its lines (or in the middle of a paragraph-long line); never into a heading or numbered point."""
    return _goes_on(text, _width(text), text.count("“") > text.count("”"), following, wrapped_at)


def _goes_on(text: str, width: int, in_quotation: bool, following: str, wrapped_at: Optional[int]) -> bool:
    """`continues` for a text known by its end, its width and whether a quotation is open in it."""
    if _STARTS_POINT.match(following) or _PAGE_FURNITURE.match(following):
        return False
    if _OPEN_END.search(text):
        return width >= WRAP_WIDTH // 2
    if not _WORD_END.search(text):
        return False
    if in_quotation:
        return True  # inside a quotation: 让政务信息“看 / 得懂、用得上、易监督”
    return width >= 2 * WRAP_WIDTH or (wrapped_at is not None and width >= wrapped_at)


def _join_wrapped(blocks: list) -> list:
    """Join lines of running text broken mid-sentence, so that sentences are read whole (a broken
    未发生……被行政复议纠错或 / 行政诉讼败诉情形 is not a statement about reviews)."""
    wrapped_at = wrap_width([b.text for b in blocks if isinstance(b, Line)])
    joined: list = []
    # the line being joined: its pieces (glued once at its end, not copied again for every line
    # joined to it), its width and how many quotation marks it opens and closes
    pieces: list = []
    width = opened = 0

    def close():
        if len(pieces) > 1:
            joined[-1] = Line("".join(pieces), joined[-1].location)
        pieces.clear()

    for block in blocks:
        if isinstance(block, Line) and pieces and _goes_on(pieces[-1], width, opened > 0, block.text, wrapped_at):
            glue = " " if pieces[-1][-1:].isascii() and block.text[:1].isascii() else ""
            pieces.append(glue + block.text)
            width += _width(pieces[-1])
            opened += block.text.count("“") - block.text.count("”")
            continue
        close()
        joined.append(block)
        if isinstance(block, Line):
            pieces.append(block.text)
            width, opened = _width(block.text), block.text.count("“") - block.text.count("”")
    close()
    return joined


def _wrapped_label(stripped: str, following: Optional[str], spaced: list, index: int, lines: list) -> bool:
    """A short line without the tab, between table lines: the rest of a wrapped label (（市政府令）)."""
    if len(stripped) > 40 or _SENTENCE_END.search(stripped) or following is None:
        return False
    return following.startswith("\t") or _space_row_follows(spaced, index, lines)


ROW_REACH = 3  # lines with words: how far ahead a caption, a header or a wrapped label sees its row


def _space_row_follows(spaced: list, index: int, lines: list) -> bool:
    """A row copied out of a PDF comes within the next few lines that are not blank (after a caption,
    a header, or the rest of a wrapped label); a copy keeping the page's layout leaves blank lines
    between them (pdftotext -layout)."""
    filled = 0
    columned = False  # the line before was a header's line of words in columns
    # a part's heading is not a caption: it sees a row as far as it did before headers' lines merged
    merging = not _PART_HEADING.match(lines[index].strip())
    for following in range(index + 1, len(lines)):
        if spaced[following] is not None:
            return True
        if lines[following].strip():
            # a header whose labels wrap keeps its columns over lines of their own (本年新  本年新 /
            # 信息内容  对外公开总数量 / 制作数量  公开数量): those lines count as the one row they are
            was, columned = columned, bool(_COLUMNS.search(lines[following].strip()))
            if not (merging and was and columned):
                filled += 1
            if filled == ROW_REACH:
                return False
        elif columned and following + 1 < len(lines) and not lines[following + 1].strip():
            columned = False  # two blank lines: the header's lines have ended
    return False


# two labels (of two characters or more: a header written down its column one character a line
# is not a wrapped label) a column's width apart
_COLUMNS = re.compile(r"[\u3400-\u9fff）)]{2}\s{3,}[\u3400-\u9fff（(]{2}")


LONE_REACH = 4  # lines with words: how far back a row of a PDF's table is for a number alone to be one too


def _lone_numbers(lines: list, spaced: list) -> None:
    """A number alone on its line between two pieces of a label, in a table copied out of a PDF
    (行政事业性收 / 18651.06 / 费): the row of a one-column table whose label wraps around its number.
    A number alone after a row (a page's number) or among paragraphs stays what it was."""
    for index, line in enumerate(lines):
        if spaced[index] is not None or not _BARE_NUMBER_LINE.match(line) or not line.strip():
            continue
        earlier = [i for i in islice((i for i in range(index - 1, -1, -1) if lines[i].strip()), LONE_REACH)]
        if not any(spaced[i] is not None for i in earlier):
            continue
        before = earlier[0] if earlier else None
        after = next((i for i in range(index + 1, len(lines)) if lines[i].strip()), None)
        if before is None or after is None or spaced[before] is not None or spaced[after] is not None:
            continue
        if all(_label_piece(lines[i].strip()) for i in (before, after)):
            value = line.strip()
            spaced[index] = ("", [value], [line.find(value)])


def _label_piece(text: str) -> bool:
    """A short line of words that may be a piece of a table's label (no sentence, no tab)."""
    return (len(text) <= 40 and "\t" not in text and not _SENTENCE_END.search(text) and bool(_CJK.search(text))
            and not _PAGE_FURNITURE.match(text))


def _space_row(line: str):
    """(label, numbers, where each starts) for a row copied out of a PDF, or None for prose."""
    if "\t" in line or len(line) > 120:
        return None
    if line.rstrip()[-1:] not in _ROW_ENDS:  # a blank line, a sentence, a heading: prose
        return None
    parts = [(m.group(0), m.start()) for m in _WORD.finditer(line)]
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
                  or re.search(r"[0-9０-９]\s*[件条个次年月日万%％元]", label) or _PROSE_COLON.search(label)):
        return None
    starts = ([parts[0][1]] if parts else []) + [start for _, start in values]
    return label, [v for v, _ in values], starts


# a colon outside brackets: prose giving a thing's particulars (联系（地址：……大道 90); a label of the
# form has one only inside its brackets (本年收费金额（单位：万元）)
_PROSE_COLON = re.compile(r"[：:](?![^（(]*[）)])")


def _words(line: str, number: int, end: int) -> list:
    """(word, Location) for the words of a line before column `end` (where its numbers start)."""
    return [(m.group(0), Location(line=number, column=m.start() + 1)) for m in _WORD.finditer(line, 0, end)]


def _markdown_row(line: str, number: int) -> list:
    body = line.strip()
    leading = body.startswith("|")
    body = body[1:] if leading else body
    body = body[:-1] if body.endswith("|") else body
    row, column = [], (line.find("|") + 2 if leading else len(line) - len(line.lstrip()) + 1)
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
