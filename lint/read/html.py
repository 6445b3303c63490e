"""Web pages: the report body inside a full government page.

Parsed with lxml's HTML parser (libxml2: fast, forgiving of the broken markup government sites
serve, and it fetches nothing: no network, no external entities). What is never report content
is dropped (scripts, styles, navigation, footers, hidden elements, what the page's own stylesheet
hides: see stylesheet.py); every data table is laid out on its grid (rowspan/colspan); layout
tables (a table holding other tables) are read as containers. The recogniser gets lines and
tables in reading order, each with its location (table, row, column and the source line).

Speed: a page has a few hundred elements, most of them table cells, and every step from Python
into lxml costs (an attribute read, an iterator, a child's proxy object), so each element is
asked only what reading needs: its attributes read once, a leaf or an only child reached
without an iterator. Where the install compiled it, _pagewalk.pyx walks the page instead, step for
step as _Walker does, over libxml2's nodes (see _compiled_walk).
"""

from __future__ import annotations

import os
import re

from lxml import etree

from xxgk_lint.document import Document, Line, Picture, TableBlock, cell_token
from xxgk_lint.model import Location, Problem, cell_location
from xxgk_lint.read.chrome import is_chrome
from xxgk_lint.read.page_hints import LITTLE_TEXT, attachment_name, holds_counts, holds_little, why_empty
from xxgk_lint.read.reading import InputError, Reading, decode_as
from xxgk_lint.read.stylesheet import hidden_by, may_hide, screen_rules

# not <form>: ASP.NET pages (many government sites) wrap the whole body in one; its controls are skipped
SKIP = {"script", "style", "noscript", "template", "head", "nav", "footer", "header", "select",
        "button", "iframe", "object", "svg", "textarea", "aside", "title", "meta", "link"}
BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article",
         "main", "blockquote", "pre", "dl", "dt", "dd", "center", "caption", "table", "tr", "td", "th",
         "body", "address", "figure", "figcaption", "hr", "tbody", "thead", "tfoot"}
CHROME = re.compile(r"(^|[-_\s])(nav|navbar|menu|footer|foot|header|top-?bar|breadcrumb|crumb|sidebar|"
                    r"share|copyright|bottom|banner|search|login|toolbar)([-_\s\d]|$)", re.I)
CELLS = ("td", "th")
# inside a table cell, these start a new line of the cell's text
LINE_BREAKS = ("br", "p", "div")
MAX_ELEMENTS = 400_000
MAX_SPAN = 50  # a rowspan/colspan beyond this is a broken page, not a form
_SPACES = re.compile(r"[ \t\r\n\u00a0]+")
# never report text: a skipped tag, and (the parser drops them, but should one come through) a
# comment, processing instruction or entity, whose tag is a function rather than a name
DROPPED = frozenset(SKIP) | {etree.Comment, etree.ProcessingInstruction, etree.Entity}
_ELEMENTS = etree.XPath("count(//*)")  # counted in C
SHEET = "stylesheet"  # where `verdicts` (see _skipped) holds the page's stylesheet rules: no attributes' key


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
# plain libxml2 elements: lxml.html's element classes cost a Python lookup for every element
_PARSER = dict(no_network=True, remove_comments=True, remove_pis=True, huge_tree=False)


def read_html(name: str, raw: bytes):
    text, encoding = decode_as(raw)
    if encoding == "utf-8" and not _XML_DECLARATION.match(text):
        # UTF-8 goes to the parser as the bytes it is: a str would reach libxml2 as UTF-16 to convert
        return parse_html(name, text, raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw)
    return parse_html(name, text)


def parse_html(name: str, text: str, utf8: bytes | None = None, frames: dict | None = None):
    """A page from its text (a Document, or a Reading saying where the report is when the page holds
    next to no text); `utf8`, where given, is the same text as UTF-8 bytes, for the parser; `frames`,
    the pages a web archive holds for its frames, by address."""
    text = _XML_DECLARATION.sub("", text)  # an XML declaration in a str confuses the parser
    if not text.strip():
        raise InputError("网页是空的")
    parser = etree.HTMLParser(**_PARSER) if utf8 is None else etree.HTMLParser(encoding="utf-8", **_PARSER)
    try:
        # with bytes, the page's own <meta charset> is not believed: they were decoded as UTF-8
        root = etree.fromstring(text if utf8 is None else utf8, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as error:
        raise InputError(f"网页无法解析：{error}") from None
    if root is None:
        raise InputError("网页是空的")
    _inline_frames(root, frames or {})
    title = next(root.iterdescendants("title"), None)  # as find(".//title"), without ElementPath
    if _ELEMENTS(root) > MAX_ELEMENTS:
        raise InputError(f"网页元素超过 {MAX_ELEMENTS} 个，不像一份年度报告")
    hint = " ".join(("".join(title.itertext()) if title is not None else "").split()) or None
    sheet = _screen_rules(root)
    document = _walked(root, Document(name, "html", title_hint=hint), sheet)
    if sheet and not holds_counts(document):
        # no table left on screen: the report may be what the stylesheet hides until a script
        # shows it, as a clerk's browser does. Read with it, where that finds the tables (or where
        # the page holds next to nothing without it)
        shown = _walked(root, Document(name, "html", title_hint=hint), {})
        if holds_counts(shown) or holds_little(document):
            document = shown
    if holds_little(document) and _reveal_hidden_report(root):
        document = _walked(root, Document(name, "html", title_hint=hint), sheet)
    if not holds_counts(document) and _unmask_tables(root):
        # the tables sat inside what looked like site chrome: read with them, where they hold counts
        unmasked = _walked(root, Document(name, "html", title_hint=hint), sheet)
        if holds_counts(unmasked):
            document = unmasked
    if not holds_counts(document) and _too_deep(parser):
        raise InputError(f"网页的元素嵌套超过 {MAX_DEPTH} 层（解析器的上限），读到这一层就停止了，报告没能读出；"
                         "请在浏览器中打开网页，复制正文和表格另存为文本或 Word 文件后再检查")
    if holds_little(document):  # say where the report is, if the page tells
        from xxgk_lint.read.recognise import title_facts  # the same reading of a title as a report's

        facts = title_facts(hint)  # what the page's own title says it is: its agency and year
        reason = why_empty(root, document.attachments, facts.get("year"))
        if reason:
            return Reading(data=facts, problems=[Problem("unrecognised", reason)], recognised=False, form="html")
    return document


MAX_DEPTH = 256  # libxml2's limit on nesting without XML_PARSE_HUGE: deeper elements are not parsed


def _too_deep(parser) -> bool:
    """Whether the parser stopped at its nesting limit (asked only of a page with no table read)."""
    return any(error.type_name == "ERR_RESOURCE_LIMIT" and "depth" in error.message for error in parser.error_log)


def _walked(root, document: Document, sheet: dict) -> Document:
    if _PageWalk is None:
        walker = _Walker(document, sheet)
    else:  # the same walk, compiled (_pagewalk.pyx); its verdicts start as _Walker's do
        walker = _PageWalk(document, {SHEET: sheet} if sheet else {}, root)
    walker.walk(root)
    walker.flush()
    return document


def _screen_rules(root) -> dict:
    """The rules by which the page's own <style> hides elements on screen (a print copy of the
    report beside the one shown), see stylesheet.screen_rules; empty for most pages, whose style
    text is looked at once, by one regex, and found to hide nothing."""
    css = "\n".join(style.text for style in root.iter("style") if style.text)  # found in C
    return screen_rules(css) if css and may_hide(css) else {}


_STYLED = etree.XPath("//*[@style]")  # picked out in C; only a nearly empty page asks


def _reveal_hidden_report(root) -> bool:
    """A page whose visible text is next to nothing, while a part hidden by its style speaks of
    政府信息公开 at length: the page shows that part by script once loaded (a WeChat article's
    #js_content is visibility:hidden in the page as served and saved), and a reader of the page
    sees it. Its hiding style is dropped so that it is read; whether the page holds no report at
    all stays for the recogniser to say. Whether any part was revealed."""
    revealed = False
    for element in _STYLED(root):
        if element.tag in DROPPED or not _hidden({"style": element.get("style")}, element.tag, None)[0]:
            continue
        text = "".join(element.itertext())
        if "政府信息公开" in text and len("".join(text.split())) >= LITTLE_TEXT:
            del element.attrib["style"]
            revealed = True
    return revealed


def _unmask_tables(root) -> bool:
    """A page whose tables all sit inside an element taken for site chrome by its class or id: a
    wrapper named xxgk_nav_con or main_bottom around the report, or a header left unclosed by the
    site's broken markup, which the parser then closes only at the page's end. The report is never
    chrome: every such element around a table has its class and id taken off (on this parse only),
    so that a second reading sees the tables. Whether any was."""
    unmasked = False
    for table in root.iter("table"):
        for element in table.iterancestors():
            marker = f"{element.get('class', '')} {element.get('id', '')}"
            if marker != " " and CHROME.search(marker):
                element.attrib.pop("class", None)
                element.attrib.pop("id", None)
                unmasked = True
    return unmasked


def _inline_frames(root, frames: dict) -> None:
    """A frame whose page is written into this one (<iframe srcdoc>), or held beside it in a web
    archive (`frames`, by the frame's src), shows that page where it stands, and a clerk reads it as
    the page's body: its body takes the frame's place. One level only; a frame that loads another
    address is skipped otherwise, as nothing is fetched."""
    for frame in [f for f in root.iterdescendants("iframe", "frame")
                  if f.get("srcdoc") or (frames and (f.get("src") or "").strip() in frames)]:
        held = frame.get("srcdoc") or frames[frame.get("src").strip()]
        if not held.strip():
            continue
        try:
            inner = etree.fromstring(held, parser=etree.HTMLParser(**_PARSER))
        except (etree.ParserError, etree.XMLSyntaxError, ValueError):
            continue  # an empty or unparsable frame shows nothing
        body = None if inner is None else next(inner.iterdescendants("body"), inner)
        if body is not None:
            body.tag, body.tail = "div", frame.tail
            frame.getparent().replace(frame, body)


def _skipped(element, tag, verdicts: dict) -> bool:
    """Whether an element (whose tag the caller has read) holds no report text: by its tag, a
    chrome class or id, a hidden style, or the page's stylesheet. `verdicts` remembers the answer
    for each set of attributes met in this page: a page repeats a few (style="font-family:宋体" on
    every number) and an attribute read is a step into lxml; it holds the stylesheet's rules too
    (SHEET), asked only for a set of attributes met the first time."""
    if tag in DROPPED:
        return True
    attributes = tuple(element.items())
    if not attributes:
        return False
    verdict = verdicts.get(attributes)
    if verdict is None:
        verdict, by_tag = _hidden(dict(attributes), tag, verdicts.get(SHEET))
        if not by_tag:  # an answer a rule such as div.x gave holds for this tag only
            verdicts[attributes] = verdict
    return verdict


def _hidden(attributes: dict, tag: str, sheet) -> tuple:
    """(hidden, by its tag): page chrome by its class or id (nav, footer …), hidden by the `hidden`
    attribute, its style or the page's stylesheet; see stylesheet.hidden_by for the last."""
    marker = f"{attributes.get('class', '')} {attributes.get('id', '')}"
    if marker != " " and CHROME.search(marker):
        return True, False
    if "hidden" in attributes:  # the HTML attribute: never shown (a print copy, a template)
        return True, False
    style = attributes.get("style")
    if style:
        style = style.replace(" ", "").lower()
        if "display:none" in style or "visibility:hidden" in style:
            return True, False
    if sheet and marker != " ":
        return hidden_by(sheet, attributes, tag)
    return False, False


def _children(element):
    """An element's children, without building an iterator for the usual none or one."""
    count = len(element)
    return () if not count else (element[0],) if count == 1 else element


def _is_layout_table(table) -> bool:
    return any(True for _ in table.iterdescendants("table"))


class _Walker:
    def __init__(self, document: Document, sheet: dict):
        self.document = document
        self.verdicts: dict = {SHEET: sheet} if sheet else {}  # see _skipped
        self.buffer: list = []
        self.buffer_line = None
        self.tables = 0

    def text(self, data: str, element):
        """Gather `data` (an element's text or tail) for the line being built; the line's location
        is the element's where the first visible text came from."""
        if self.buffer_line is None and data.strip():
            self.buffer_line = element.sourceline
        self.buffer.append(data)

    def flush(self):
        if not self.buffer:  # a block's end after another's: nothing gathered since
            return
        text = _SPACES.sub(" ", "".join(self.buffer)).strip()
        if text and not is_chrome(text):
            self.document.blocks.append(Line(text, Location(self.buffer_line)))
        self.buffer, self.buffer_line = [], None

    def walk(self, element):
        text = element.text
        if text:
            self.text(text, element)
        for child in _children(element):
            tag = child.tag  # libxml2's HTML parser gives tags in lower case
            if not _skipped(child, tag, self.verdicts):
                if tag == "br":
                    self.flush()
                elif tag == "img":
                    self.flush()
                    self.document.blocks.append(Picture(Location(child.sourceline)))
                elif tag == "table" and not _is_layout_table(child):
                    self.flush()
                    self.table(child)
                else:
                    if tag == "a":
                        self.attachment(child)
                    block = tag in BLOCK
                    if block:
                        self.flush()
                    self.walk(child)
                    if block:
                        self.flush()
            tail = child.tail
            if tail:
                self.text(tail, child)

    def attachment(self, link):
        """Note a link to a file that may be the report itself (a page that only says 详见附件)."""
        name = attachment_name(link)
        if name and name not in self.document.attachments:
            self.document.attachments.append(name)

    def table(self, table):
        rows = [list(tr.iterchildren(*CELLS)) for tr in table.iter("tr")]  # cells picked out in C
        if not rows:
            return
        self.tables += 1
        number = self.tables
        verdicts = self.verdicts
        # for each column, the last row a cell spans down to: a cell of a later row that would
        # start in a column still covered moves right (a span within its own row the column
        # count already steps over)
        covered: list = []
        token_rows = []
        for r, cells in enumerate(rows):
            column = 0
            tokens = []
            filled = alone = None
            for cell in cells:
                while column < len(covered) and covered[column] >= r:
                    column += 1
                colspan = 1
                names = cell.keys()  # most cells span nothing: two `get`s cost more than this
                if names and ("rowspan" in names or "colspan" in names):
                    rowspan, colspan = _span(cell.get("rowspan")), _span(cell.get("colspan"))
                    if rowspan > 1:
                        last = r + rowspan - 1
                        if len(covered) < column + colspan:
                            covered.extend([-1] * (column + colspan - len(covered)))
                        for spanned in range(column, column + colspan):
                            if covered[spanned] < last:
                                covered[spanned] = last
                count = len(cell)
                if not count:  # the commonest cells, a bare text and a text in one element, without a call
                    text = cell.text
                    text = " ".join(text.split()) if text else ""  # split() takes &nbsp; for a space too
                elif count == 1 and not len(child := cell[0]):
                    # one element holding a text, as _collect would read it: half the cells of a
                    # page are <td><span style="…">1</span>&nbsp;</td>, <td><p>自然人</p></td>
                    text = cell.text or ""
                    tag = child.tag
                    if not _skipped(child, tag, verdicts):
                        if text and tag in LINE_BREAKS:
                            text += "\n"
                        text += child.text or ""
                    tail = child.tail
                    if tail:
                        text += tail
                    text = _lines(text)
                else:
                    text = _cell_text(cell, verdicts)
                token = cell_token(text, cell_location(cell.sourceline, number, r + 1, column + 1))
                tokens.append(token)
                if text:
                    alone = token if filled is None else None
                    filled = True
                column += colspan
            if alone is not None:
                alone.alone = True
            token_rows.append(tokens)
        caption = next((c for c in table if c.tag == "caption"), None)
        if caption is not None:
            self.document.blocks.append(Line(_cell_text(caption, verdicts), Location(line=caption.sourceline, table=number)))
        self.document.blocks.append(TableBlock(token_rows, rows_known=True, number=number))


def _span(value) -> int:
    if not value:
        return 1
    try:
        return max(1, min(MAX_SPAN, int(str(value).strip() or 1)))
    except ValueError:
        return 1


def _cell_text(cell, verdicts: dict) -> str:
    """A cell's text: its lines (where <br>, <p> or <div> break it) each with white space collapsed.
    (The table reader reads the commonest cells, a bare text or one element holding a text, itself.)"""
    if not len(cell):
        text = cell.text
        return " ".join(text.split()) if text else ""  # split() also takes &nbsp; for a space
    parts: list = []
    _collect(cell, parts, verdicts)
    return _lines("".join(parts))


def _lines(text: str) -> str:
    """Each line of a cell's text with its white space collapsed, empty lines dropped."""
    if "\n" not in text:
        return " ".join(text.split())
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def _collect(node, parts: list, verdicts: dict) -> None:
    """The text inside a node, dropped elements left out (their tails kept), with a newline before
    each line break (<br>, <p>, <div>) that follows some text."""
    text = node.text
    if text:
        parts.append(text)
    for child in _children(node):
        tag = child.tag
        if not _skipped(child, tag, verdicts):
            if parts and tag in LINE_BREAKS:
                parts.append("\n")
            _collect(child, parts, verdicts)
        tail = child.tail
        if tail:
            parts.append(tail)


def _compiled_walk():
    """The compiled walk (_pagewalk.pyx), where the install built it against this lxml; None
    otherwise, and the page is walked by _Walker, to the same document."""
    if os.environ.get("XXGK_LINT_PURE_PYTHON"):
        return None
    try:
        from xxgk_lint.read import _pagewalk
    except ImportError:
        return None
    if _pagewalk.BUILT_WITH_LXML.split(".")[0] != etree.__version__.split(".")[0]:
        return None  # lxml's C interface is read as it was when built: another major version may differ
    _pagewalk.configure(dropped=DROPPED, block=BLOCK, line_breaks=LINE_BREAKS, hidden=_hidden, is_chrome=is_chrome,
                        attachment_name=attachment_name, span=_span, spaces=_SPACES,
                        sheet_key=SHEET, lines=_lines)
    return _pagewalk.PageWalk


_PageWalk = _compiled_walk()
