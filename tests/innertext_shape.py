"""The text Chromium copies out of a page (select all, copy: `document.body.innerText`), written
here by the rules of the HTML standard's innerText, for the tests of the reader of such copies:

- a paragraph (<p>) asks for two line breaks before and after it, another block (div, table,
  headings, lists) for one; asked-for breaks next to each other count once, at their largest, and
  none are kept at the very start or end;
- a table cell is followed by a tab unless it ends its row, a row by one newline unless it ends
  its table; <br> is a newline; runs of spaces and newlines in the source are one space, and none
  at the start or end of a line;
- script, style and the head are not text.

`word_cells` wraps every cell's text in a paragraph, as Word's "save as web page" does.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

PARAGRAPH = {"p"}
BLOCKS = {"div", "table", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "section", "article",
          "header", "footer", "center", "blockquote", "form", "dl", "dt", "dd", "pre", "address", "nav", "main"}
HIDDEN = {"script", "style", "head", "title", "noscript", "template"}


class _InnerText(HTMLParser):
    def __init__(self, word_cells: bool):
        super().__init__(convert_charrefs=True)
        self.items: list = []  # str, or int: line breaks asked for
        self.hidden = 0
        self.word_cells = word_cells
        self.tables: list = []  # per open table: [rows started, cells started in the current row]

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN:
            self.hidden += 1
            return
        if self.hidden:
            return
        if tag == "table":
            self.tables.append([0, 0])
        elif tag == "tr" and self.tables:
            if self.tables[-1][0]:
                self.items.append("\n")
            self.tables[-1][0] += 1
            self.tables[-1][1] = 0
        elif tag in ("td", "th") and self.tables:
            if self.tables[-1][1]:
                self.items.append("\t")
            self.tables[-1][1] += 1
            if self.word_cells:
                self.items.append(2)
        elif tag == "br":
            self.items.append("\n")
        if tag in PARAGRAPH:
            self.items.append(2)
        elif tag in BLOCKS:
            self.items.append(1)

    def handle_endtag(self, tag):
        if tag in HIDDEN:
            self.hidden = max(0, self.hidden - 1)
            return
        if self.hidden:
            return
        if tag in PARAGRAPH:
            self.items.append(2)
        elif tag in BLOCKS:
            self.items.append(1)
        if tag == "table" and self.tables:
            self.tables.pop()
        elif tag in ("td", "th") and self.word_cells:
            self.items.append(2)

    def handle_data(self, data):
        # text of spaces alone, between tags, is collapsed away (the source's indentation)
        if not self.hidden and data.strip(" \t\n\r\f"):
            self.items.append(re.sub(r"[ \t\n\r\f]+", " ", data))


def inner_text(page: bytes, word_cells: bool = False, encoding: str = "utf-8") -> str:
    parser = _InnerText(word_cells)
    parser.feed(page.decode(encoding, "replace"))
    parser.close()
    out: list = []
    asked = 0
    for item in parser.items:
        if isinstance(item, int):
            asked = max(asked, item)
            continue
        if item == "":
            continue
        if asked and out:
            out.append("\n" * asked)
        asked = 0
        out.append(item)
    text = "".join(out)
    # collapsible spaces at a line's start and end go (a no-break space is not one)
    return re.sub(r" *\n *", "\n", re.sub(r" *\t *", "\t", text)).strip(" ")


def without_row_breaks(text: str) -> str:
    """The copy some browsers make of the same page: every break between two paragraphs one blank
    line, so a row's end looks like a cell's second paragraph (the rows cannot be told)."""
    return re.sub(r"\n{3,}", "\n\n", text)
