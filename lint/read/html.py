"""Web pages: the report body inside a full government page.

Parses with the standard library (no network, no entity fetching), builds a small element tree,
drops what is never report content (scripts, styles, navigation and footers), lays every data
table out on its grid (rowspan/colspan), and hands the recogniser lines and tables in reading
order. Layout tables (a table holding other tables) are read as containers, not as data.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from lint.document import Document, Line, TableBlock, Token
from lint.model import Location
from lint.read import InputError, Reading, decode_text

SKIP = {"script", "style", "noscript", "template", "head", "nav", "footer", "header", "select",
        "button", "iframe", "object", "svg", "form", "textarea", "aside"}
VOID = {"br", "img", "meta", "link", "input", "hr", "col", "area", "base", "embed", "param",
        "source", "track", "wbr"}
BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article",
         "main", "blockquote", "pre", "dl", "dt", "dd", "center", "caption", "table", "tr", "body",
         "address", "figure", "figcaption", "hr"}
CHROME = re.compile(r"(^|[-_\s])(nav|navbar|menu|footer|foot|header|top-?bar|breadcrumb|crumb|sidebar|"
                    r"share|copyright|bottom|banner|search|login|toolbar)([-_\s\d]|$)", re.I)
MAX_ELEMENTS = 400_000
MAX_SPAN = 50  # a rowspan/colspan beyond this is a broken page, not a form


class Element:
    __slots__ = ("tag", "attrs", "children", "line", "parent")

    def __init__(self, tag, attrs, line, parent):
        self.tag, self.attrs, self.line, self.parent = tag, attrs, line, parent
        self.children = []


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {}, 1, None)
        self.current = self.root
        self.count = 0
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        self.count += 1
        if self.count > MAX_ELEMENTS:
            raise InputError(f"网页元素超过 {MAX_ELEMENTS} 个，不像一份年度报告")
        if tag == "title":
            self._in_title = True
        # implied end tags, as browsers do for unclosed p, td, tr, li
        if tag in ("td", "th"):
            self._close_to(("td", "th"), stop=("tr", "table"))
        elif tag == "tr":
            self._close_to(("tr",), stop=("table",))
        elif tag in ("p", "div", "table", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol") and self.current.tag == "p":
            self.current = self.current.parent
        elif tag == "li":
            self._close_to(("li",), stop=("ul", "ol"))
        element = Element(tag, dict((k, v or "") for k, v in attrs), self.getpos()[0], self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.current.tag == tag:
            self.current = self.current.parent

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        node = self.current
        while node is not None and node.tag != tag:
            if tag in ("td", "th", "tr") and node.tag == "table":
                return  # do not close past the table
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        self.current.children.append((data, self.getpos()[0]))

    def _close_to(self, tags, stop):
        node = self.current
        while node is not None and node.tag not in stop:
            if node.tag in tags:
                self.current = node.parent
                return
            node = node.parent


def read_html(name: str, raw: bytes) -> Reading:
    from lint.recognise import recognise

    return recognise(parse_html(name, decode_text(raw)))


def parse_html(name: str, text: str) -> Document:
    builder = _TreeBuilder()
    try:
        builder.feed(text)
        builder.close()
    except InputError:
        raise
    except Exception as error:  # HTMLParser is lenient; anything left is a broken page
        raise InputError(f"网页无法解析：{error}") from None
    document = Document(name, "html", title_hint=" ".join(builder.title.split()) or None)
    walker = _Walker(document)
    walker.walk(builder.root)
    walker.flush()
    return document


def _skipped(element: Element) -> bool:
    if element.tag in SKIP:
        return True
    marker = f"{element.attrs.get('class', '')} {element.attrs.get('id', '')}"
    if marker.strip() and CHROME.search(marker):
        return True
    style = element.attrs.get("style", "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


def _is_layout_table(table: Element) -> bool:
    stack = list(table.children)
    while stack:
        node = stack.pop()
        if isinstance(node, Element):
            if node.tag == "table":
                return True
            stack.extend(node.children)
    return False


class _Walker:
    def __init__(self, document: Document):
        self.document = document
        self.buffer: list = []
        self.buffer_line = None
        self.tables = 0

    def flush(self):
        text = "".join(self.buffer)
        text = re.sub(r"[ \t\r\n\u00a0]+", " ", text).strip()
        if text:
            self.document.blocks.append(Line(text, Location(line=self.buffer_line)))
        self.buffer, self.buffer_line = [], None

    def walk(self, element: Element):
        for child in element.children:
            if isinstance(child, tuple):
                data, line = child
                if data.strip() and self.buffer_line is None:
                    self.buffer_line = line
                self.buffer.append(data)
                continue
            if _skipped(child):
                continue
            if child.tag == "br":
                self.flush()
                continue
            if child.tag == "table" and not _is_layout_table(child):
                self.flush()
                self.table(child)
                continue
            block = child.tag in BLOCK or child.tag in ("td", "th")
            if block:
                self.flush()
            self.walk(child)
            if block:
                self.flush()

    def table(self, table: Element):
        rows = []
        for node in _descendants(table, stop={"table"}):
            if node.tag == "tr":
                rows.append([c for c in node.children if isinstance(c, Element) and c.tag in ("td", "th")])
        if not rows:
            return
        self.tables += 1
        number = self.tables
        grid: dict = {}
        token_rows = []
        for r, cells in enumerate(rows):
            column = 0
            tokens = []
            for cell in cells:
                while (r, column) in grid:
                    column += 1
                rowspan = _span(cell.attrs.get("rowspan"))
                colspan = _span(cell.attrs.get("colspan"))
                for dr in range(rowspan):
                    for dc in range(colspan):
                        grid[(r + dr, column + dc)] = True
                text = _cell_text(cell)
                tokens.append(Token(text, Location(line=cell.line, table=number, row=r + 1, col=column + 1)))
                column += colspan
            filled = [t for t in tokens if t.text]
            if len(filled) == 1:
                filled[0].alone = True
            token_rows.append(tokens)
        caption = next((c for c in table.children if isinstance(c, Element) and c.tag == "caption"), None)
        if caption is not None:
            self.document.blocks.append(Line(_cell_text(caption), Location(line=caption.line, table=number)))
        self.document.blocks.append(TableBlock(token_rows, rows_known=True, number=number))


def _descendants(element: Element, stop: set):
    for child in element.children:
        if isinstance(child, Element):
            yield child
            if child.tag not in stop:
                yield from _descendants(child, stop)


def _span(value) -> int:
    try:
        return max(1, min(MAX_SPAN, int(str(value).strip() or 1)))
    except ValueError:
        return 1


def _cell_text(cell: Element) -> str:
    parts: list = []

    def collect(node):
        for child in node.children:
            if isinstance(child, tuple):
                parts.append(child[0])
            elif not _skipped(child):
                if child.tag in ("br", "p", "div") and parts:
                    parts.append("\n")
                collect(child)

    collect(cell)
    text = "".join(parts).replace("\u00a0", " ")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)
