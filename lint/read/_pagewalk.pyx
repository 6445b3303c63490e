# cython: language_level=3, boundscheck=False, wraparound=False
"""The web reader's walk over a parsed page, compiled: the same reading as html._Walker, step for
step, over libxml2's nodes themselves rather than lxml's Python proxies.

Why it exists: a page has a few hundred table cells, and the pure-Python walk asks lxml for every
cell's children, text, tail and attributes, each a step from Python into C that builds a proxy
object or a string. That work was two thirds of reading a page and the larger part of a batch's
time. Here each of those is a field read on a C struct; Python objects are made only for what the
document keeps (the text, its Token and Location).

It is optional: an install without a C compiler (most Windows clerks) builds without it and reads
with html._Walker, and a test reads every page of the test corpus both ways and compares the
documents. What the walk decides (which elements are skipped, what a cell's text is, where a line
breaks) stays in html.py: `configure` hands those rules and helpers over once, so there is one copy
of each. The one thing built here as well is a cell's Token and Location (_cell_token, as
document.cell_token and model.cell_location build them): a page makes hundreds, and two Python frames
for each were a sixth of the walk.
"""

from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_FromStringAndSize
from cpython.unicode cimport PyUnicode_DecodeUTF8
from libc.string cimport memcpy, strcmp, strlen
from lxml.includes cimport tree
from lxml.includes.etreepublic cimport LXML_VERSION_STRING, _Document, _Element, elementFactory, import_lxml__etree

import_lxml__etree()

from xxgk_lint.document import Line, Picture, TableBlock, Token
from xxgk_lint.model import Location

BUILT_WITH_LXML = (<bytes>LXML_VERSION_STRING).decode("ascii")

# handed over by html._compiled_walk (see there): one copy of each rule
cdef object DROPPED_TAGS = frozenset()
cdef object BLOCK_TAGS = frozenset()
cdef object BREAK_TAGS = frozenset()
cdef object HIDDEN = None
cdef object IS_CHROME = None
cdef object ATTACHMENT_NAME = None
cdef object SPAN = None
cdef object SPACES = None
cdef object SHEET_KEY = None
cdef object LINES = None


def configure(*, dropped, block, line_breaks, hidden, is_chrome, attachment_name, span, spaces, sheet_key,
              lines):
    global DROPPED_TAGS, BLOCK_TAGS, BREAK_TAGS, HIDDEN, IS_CHROME, ATTACHMENT_NAME, SPAN, SPACES, SHEET_KEY, LINES
    DROPPED_TAGS = frozenset(tag for tag in dropped if isinstance(tag, str))
    BLOCK_TAGS, BREAK_TAGS = frozenset(block), frozenset(line_breaks)
    HIDDEN, IS_CHROME, ATTACHMENT_NAME, SPAN, SPACES = hidden, is_chrome, attachment_name, span, spaces
    SHEET_KEY, LINES = sheet_key, lines


cdef object _cell_token(str text, object line, int table, int row, int col):
    """document.cell_token(text, model.cell_location(line, table, row, col)), without the two
    Python frames."""
    location = Location.__new__(Location)
    location.line = line
    location.table = table
    location.row = row
    location.col = col
    location.column = location.page = location.paragraph = location.note = None
    token = Token.__new__(Token)
    token.text = text
    token.location = location
    token.alone = token.run = False
    return token


cdef inline str _text(const tree.xmlChar* value):
    if value is NULL:
        return ""
    return PyUnicode_DecodeUTF8(<const char*>value, strlen(<const char*>value), NULL)


cdef inline bint _is_text(tree.xmlNode* node):
    return node.type == tree.XML_TEXT_NODE or node.type == tree.XML_CDATA_SECTION_NODE


cdef inline bint _is_item(tree.xmlNode* node):
    """What lxml counts as a child: an element, a comment, a processing instruction, an entity."""
    return (node.type == tree.XML_ELEMENT_NODE or node.type == tree.XML_COMMENT_NODE
            or node.type == tree.XML_PI_NODE or node.type == tree.XML_ENTITY_REF_NODE)


cdef inline bint _named(tree.xmlNode* node, const char* name):
    return node.type == tree.XML_ELEMENT_NODE and strcmp(<const char*>node.name, name) == 0


cdef str _leading_text(tree.xmlNode* node):
    """lxml's `.text`: the text nodes before the first child."""
    cdef tree.xmlNode* child = node.children
    cdef list parts = []
    while child is not NULL and _is_text(child):
        if child.content is not NULL and child.content[0]:
            parts.append(_text(child.content))
        child = child.next
    return "".join(parts)


cdef tuple _attributes(tree.xmlNode* node):
    """lxml's `tuple(element.items())`."""
    cdef tree.xmlAttr* attribute = node.properties
    cdef tree.xmlNode* part
    cdef list items = []
    cdef list value
    while attribute is not NULL:
        value = []
        part = attribute.children
        while part is not NULL:
            if part.content is not NULL:
                value.append(_text(part.content))
            part = part.next
        items.append((_text(attribute.name), "".join(value)))
        attribute = attribute.next
    return tuple(items)


cdef bytes _attribute_key(tree.xmlNode* node):
    """The element's attributes as one bytes value (each name and value ended by a zero byte,
    which neither can hold): the key of the verdicts met, made without a string for each."""
    cdef tree.xmlAttr* attribute = node.properties
    cdef tree.xmlNode* part
    cdef Py_ssize_t size = 0, length
    while attribute is not NULL:
        size += strlen(<const char*>attribute.name) + 1
        part = attribute.children
        while part is not NULL:
            if part.content is not NULL:
                size += strlen(<const char*>part.content)
            part = part.next
        size += 1
        attribute = attribute.next
    cdef bytes key = PyBytes_FromStringAndSize(NULL, size)
    cdef char* out = PyBytes_AS_STRING(key)
    attribute = node.properties
    while attribute is not NULL:
        length = strlen(<const char*>attribute.name) + 1
        memcpy(out, attribute.name, length)
        out += length
        part = attribute.children
        while part is not NULL:
            if part.content is not NULL:
                length = strlen(<const char*>part.content)
                memcpy(out, part.content, length)
                out += length
            part = part.next
        out[0] = 0
        out += 1
        attribute = attribute.next
    return key


cdef object _attribute(tree.xmlNode* node, const char* name):
    """lxml's `element.get(name)`: None where the element has no such attribute."""
    cdef tree.xmlAttr* attribute = node.properties
    while attribute is not NULL:
        if strcmp(<const char*>attribute.name, name) == 0:
            return dict(_attributes(node))[name.decode("ascii")]
        attribute = attribute.next
    return None


cdef bint _has_span(tree.xmlNode* node):
    cdef tree.xmlAttr* attribute = node.properties
    while attribute is not NULL:
        if strcmp(<const char*>attribute.name, b"rowspan") == 0 or strcmp(<const char*>attribute.name, b"colspan") == 0:
            return True
        attribute = attribute.next
    return False


cdef bint _holds_table(tree.xmlNode* node):
    """Whether a table holds another (a layout table)."""
    cdef tree.xmlNode* child = node.children
    while child is not NULL:
        if child.type == tree.XML_ELEMENT_NODE and (_named(child, b"table") or _holds_table(child)):
            return True
        child = child.next
    return False


cdef void _rows_of(tree.xmlNode* node, list rows):
    """lxml's `[list(tr.iterchildren("td", "th")) for tr in table.iter("tr")]`, as C pointers."""
    cdef tree.xmlNode* child = node.children
    cdef tree.xmlNode* cell
    cdef list cells
    while child is not NULL:
        if child.type == tree.XML_ELEMENT_NODE:
            if _named(child, b"tr"):
                cells = []
                cell = child.children
                while cell is not NULL:
                    if _named(cell, b"td") or _named(cell, b"th"):
                        cells.append(<size_t>cell)
                    cell = cell.next
                rows.append(cells)
            _rows_of(child, rows)
        child = child.next


cdef class PageWalk:
    """html._Walker over libxml2's nodes: see there for what each step means."""

    cdef object document
    cdef object blocks
    cdef dict verdicts
    cdef list buffer
    cdef object buffer_line
    cdef int tables
    cdef _Document doc
    # element names, decoded once a walk: libxml2 keeps one copy of each name, so its address is its key
    cdef const tree.xmlChar* name_keys[48]
    cdef list name_values
    cdef int names

    def __init__(self, document, dict verdicts, _Element root):
        self.document = document
        self.blocks = document.blocks
        self.verdicts = verdicts
        self.buffer = []
        self.buffer_line = None
        self.tables = 0
        self.doc = root._doc
        self.name_values = []
        self.names = 0

    cdef str tag_of(self, tree.xmlNode* node):
        cdef int i
        for i in range(self.names):
            if self.name_keys[i] == node.name:
                return <str>self.name_values[i]
        cdef str name = _text(node.name)
        if self.names < 48:
            self.name_keys[self.names] = node.name
            self.name_values.append(name)
            self.names += 1
        return name

    cdef object line_of(self, tree.xmlNode* node):
        """lxml's `sourceline`: libxml2 keeps lines below 65535 in the node; others lxml works out."""
        cdef unsigned short line = node.line
        if 0 < line < 65535:
            return line
        return elementFactory(self.doc, node).sourceline

    cdef bint skipped(self, tree.xmlNode* node, str tag):
        """html._skipped, for an element."""
        if tag in DROPPED_TAGS:
            return True
        if node.properties is NULL:
            return False
        cdef bytes key = _attribute_key(node)
        verdict = self.verdicts.get(key)
        if verdict is None:
            verdict, by_tag = HIDDEN(dict(_attributes(node)), tag, self.verdicts.get(SHEET_KEY))
            if not by_tag:
                self.verdicts[key] = verdict
        return verdict

    cdef void gather(self, str data, tree.xmlNode* owner) except *:
        if self.buffer_line is None and data.strip():
            self.buffer_line = self.line_of(owner)
        self.buffer.append(data)

    cpdef flush(self):
        if not self.buffer:
            return
        text = SPACES.sub(" ", "".join(self.buffer)).strip()
        if text and not IS_CHROME(text):
            self.blocks.append(Line(text, Location(self.buffer_line)))
        self.buffer, self.buffer_line = [], None

    def walk(self, _Element root):
        self.walk_node(root._c_node)

    cdef void walk_node(self, tree.xmlNode* element) except *:
        cdef tree.xmlNode* child = element.children
        cdef tree.xmlNode* owner = element  # whose line a text takes: lxml's text, then a child's tail
        cdef str tag
        cdef bint block
        while child is not NULL:
            if _is_text(child):
                if child.content is not NULL and child.content[0]:
                    self.gather(_text(child.content), owner)
            elif child.type == tree.XML_ELEMENT_NODE:
                owner = child
                tag = self.tag_of(child)
                if not self.skipped(child, tag):
                    if tag == "br":
                        self.flush()
                    elif tag == "img":
                        self.flush()
                        self.blocks.append(Picture(Location(self.line_of(child))))
                    elif tag == "table" and not _holds_table(child):
                        self.flush()
                        self.table(child)
                    else:
                        if tag == "a":
                            self.attachment(child)
                        block = tag in BLOCK_TAGS
                        if block:
                            self.flush()
                        self.walk_node(child)
                        if block:
                            self.flush()
            elif _is_item(child):
                owner = child
            child = child.next

    cdef void attachment(self, tree.xmlNode* link) except *:
        name = ATTACHMENT_NAME(elementFactory(self.doc, link))
        if name and name not in self.document.attachments:
            self.document.attachments.append(name)

    cdef void table(self, tree.xmlNode* table) except *:
        cdef list rows = []
        _rows_of(table, rows)
        if not rows:
            return
        self.tables += 1
        cdef int number = self.tables
        cdef list covered = []
        cdef list token_rows = []
        cdef list tokens
        cdef list cells
        cdef int r, column, colspan, rowspan, last, spanned
        cdef tree.xmlNode* cell
        cdef tree.xmlNode* caption
        cdef str text
        for r in range(len(rows)):
            cells = <list>rows[r]
            column = 0
            tokens = []
            filled = alone = None
            for address in cells:
                cell = <tree.xmlNode*><size_t>address
                while column < len(covered) and covered[column] >= r:
                    column += 1
                colspan = 1
                if cell.properties is not NULL and _has_span(cell):
                    rowspan, colspan = SPAN(_attribute(cell, b"rowspan")), SPAN(_attribute(cell, b"colspan"))
                    if rowspan > 1:
                        last = r + rowspan - 1
                        if len(covered) < column + colspan:
                            covered.extend([-1] * (column + colspan - len(covered)))
                        for spanned in range(column, column + colspan):
                            if covered[spanned] < last:
                                covered[spanned] = last
                text = self.cell_text(cell)
                token = _cell_token(text, self.line_of(cell), number, r + 1, column + 1)
                tokens.append(token)
                if text:
                    alone = token if filled is None else None
                    filled = True
                column += colspan
            if alone is not None:
                alone.alone = True
            token_rows.append(tokens)
        caption = table.children
        while caption is not NULL and not _named(caption, b"caption"):
            caption = caption.next
        if caption is not NULL:
            self.blocks.append(Line(self.cell_text(caption),
                                    Location(line=self.line_of(caption), table=number)))
        self.blocks.append(TableBlock(token_rows, rows_known=True, number=number))

    cdef str cell_text(self, tree.xmlNode* cell):
        """html._cell_text."""
        cdef tree.xmlNode* child = cell.children
        while child is not NULL and not _is_item(child):
            child = child.next
        if child is NULL:  # text alone: as lxml's .text, white space collapsed
            return " ".join(_leading_text(cell).split())
        cdef list parts = []
        self.collect(cell, parts)
        return LINES("".join(parts))

    cdef void collect(self, tree.xmlNode* node, list parts) except *:
        """html._collect."""
        cdef tree.xmlNode* child = node.children
        cdef str tag
        while child is not NULL:
            if _is_text(child):
                if child.content is not NULL and child.content[0]:
                    parts.append(_text(child.content))
            elif child.type == tree.XML_ELEMENT_NODE:
                tag = self.tag_of(child)
                if not self.skipped(child, tag):
                    if parts and tag in BREAK_TAGS:
                        parts.append("\n")
                    self.collect(child, parts)
            child = child.next
