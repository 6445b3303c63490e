"""Web pages: the report body inside a full government page.

Parsed with lxml's HTML parser (libxml2: fast, forgiving of the broken markup government sites
serve, and it fetches nothing: no network, no external entities). What is never report content
is dropped (scripts, styles, navigation, footers, hidden elements); every data table is laid out
on its grid (rowspan/colspan); layout tables (a table holding other tables) are read as
containers. The recogniser gets lines and tables in reading order, each with its location
(table, row, column and the source line).
"""

from __future__ import annotations

import re

from xxgk_lint.read.chrome import is_chrome
from xxgk_lint.document import Document, Line, TableBlock, Token
from xxgk_lint.model import Location
from xxgk_lint.read.reading import InputError, decode_text

SKIP = {"script", "style", "noscript", "template", "head", "nav", "footer", "header", "select",
        "button", "iframe", "object", "svg", "form", "textarea", "aside", "title", "meta", "link"}
BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article",
         "main", "blockquote", "pre", "dl", "dt", "dd", "center", "caption", "table", "tr", "td", "th",
         "body", "address", "figure", "figcaption", "hr", "tbody", "thead", "tfoot"}
CHROME = re.compile(r"(^|[-_\s])(nav|navbar|menu|footer|foot|header|top-?bar|breadcrumb|crumb|sidebar|"
                    r"share|copyright|bottom|banner|search|login|toolbar)([-_\s\d]|$)", re.I)
MAX_ELEMENTS = 400_000
MAX_SPAN = 50  # a rowspan/colspan beyond this is a broken page, not a form
_SPACES = re.compile(r"[ \t\r\n\u00a0]+")


def read_html(name: str, raw: bytes) -> Document:
    return parse_html(name, decode_text(raw))


def parse_html(name: str, text: str) -> Document:
    from lxml import etree

    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)  # an XML declaration in a str confuses the parser
    if not text.strip():
        raise InputError("网页是空的")
    # plain libxml2 elements: lxml.html's element classes cost a Python lookup for every element
    parser = etree.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, huge_tree=False)
    try:
        root = etree.fromstring(text, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as error:
        raise InputError(f"网页无法解析：{error}") from None
    if root is None:
        raise InputError("网页是空的")
    title = root.find(".//title")
    count = sum(1 for _ in root.iter())
    if count > MAX_ELEMENTS:
        raise InputError(f"网页元素超过 {MAX_ELEMENTS} 个，不像一份年度报告")
    hint = " ".join(("".join(title.itertext()) if title is not None else "").split()) or None
    document = Document(name, "html", title_hint=hint)
    walker = _Walker(document)
    walker.walk(root)
    walker.flush()
    return document


def _tag(element) -> str:
    tag = element.tag
    return tag if isinstance(tag, str) else ""  # libxml2's HTML parser gives tags in lower case


def _skipped(element) -> bool:
    tag = _tag(element)
    if not tag or tag in SKIP:
        return True
    attrib = element.attrib
    marker = f"{attrib.get('class', '')} {attrib.get('id', '')}"
    if marker.strip() and CHROME.search(marker):
        return True
    style = attrib.get("style", "")
    if style:
        style = style.replace(" ", "").lower()
        return "display:none" in style or "visibility:hidden" in style
    return False


def _is_layout_table(table) -> bool:
    return any(True for _ in table.iterdescendants("table"))


class _Walker:
    def __init__(self, document: Document):
        self.document = document
        self.buffer: list = []
        self.buffer_line = None
        self.tables = 0

    def text(self, data, line):
        if data:
            if self.buffer_line is None and data.strip():
                self.buffer_line = line
            self.buffer.append(data)

    def flush(self):
        text = _SPACES.sub(" ", "".join(self.buffer)).strip()
        if text and not is_chrome(text):
            self.document.blocks.append(Line(text, Location(line=self.buffer_line)))
        self.buffer, self.buffer_line = [], None

    def walk(self, element):
        self.text(element.text, element.sourceline)
        for child in element:
            if not _skipped(child):
                tag = _tag(child)
                if tag == "br":
                    self.flush()
                elif tag == "table" and not _is_layout_table(child):
                    self.flush()
                    self.table(child)
                else:
                    block = tag in BLOCK
                    if block:
                        self.flush()
                    self.walk(child)
                    if block:
                        self.flush()
            self.text(child.tail, child.sourceline)

    def table(self, table):
        rows = [[c for c in tr if _tag(c) in ("td", "th")] for tr in table.iter("tr")]
        if not rows:
            return
        self.tables += 1
        number = self.tables
        taken: set = set()
        token_rows = []
        for r, cells in enumerate(rows):
            column = 0
            tokens = []
            for cell in cells:
                while (r, column) in taken:
                    column += 1
                rowspan = _span(cell.get("rowspan"))
                colspan = _span(cell.get("colspan"))
                if rowspan > 1 or colspan > 1:
                    for dr in range(rowspan):
                        for dc in range(colspan):
                            taken.add((r + dr, column + dc))
                tokens.append(Token(_cell_text(cell), Location(line=cell.sourceline, table=number, row=r + 1,
                                                               col=column + 1)))
                column += colspan
            filled = [t for t in tokens if t.text]
            if len(filled) == 1:
                filled[0].alone = True
            token_rows.append(tokens)
        caption = next((c for c in table if _tag(c) == "caption"), None)
        if caption is not None:
            self.document.blocks.append(Line(_cell_text(caption), Location(line=caption.sourceline, table=number)))
        self.document.blocks.append(TableBlock(token_rows, rows_known=True, number=number))


def _span(value) -> int:
    if not value:
        return 1
    try:
        return max(1, min(MAX_SPAN, int(str(value).strip() or 1)))
    except ValueError:
        return 1


def _cell_text(cell) -> str:
    if not len(cell):  # most cells: one text, no markup inside
        return " ".join((cell.text or "").replace("\u00a0", " ").split())
    parts: list = []

    def collect(node):
        if node.text:
            parts.append(node.text)
        for child in node:
            if not _skipped(child):
                if _tag(child) in ("br", "p", "div") and parts:
                    parts.append("\n")
                collect(child)
            if child.tail:
                parts.append(child.tail)

    collect(cell)
    text = "".join(parts).replace("\u00a0", " ")
    if "\n" not in text:
        return " ".join(text.split())
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)
