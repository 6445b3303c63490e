"""Word documents: .docx read directly (a zip of XML); legacy .doc/.wps and OpenDocument text (.odt)
through LibreOffice.

A .docx is read with the standard library's zipfile and lxml: word/document.xml is parsed by a
parser that fetches nothing over the network, loads no DTD and expands no entities (and one
that declares any is refused before parsing). Paragraphs and tables come in body order; a
table's merged cells (horizontal gridSpan, vertical vMerge) are placed on the grid the
form defines, and a cell's text is joined across runs. A table pasted into Word as text (tab-
separated cells in paragraphs) is read as the text reader reads it. The archive is checked before it is read:
a bounded number of entries and uncompressed bytes, and a bounded compression ratio.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
import zipfile
import zlib
from pathlib import Path as FsPath

from lxml import etree

from xxgk_lint.document import Document, Line, Picture, TableBlock, Token
from xxgk_lint.model import Location
from xxgk_lint.read.reading import InputError, read_at_most

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_ENTRIES = 2000
MAX_DOCUMENT_BYTES = 16 * 1024 * 1024  # word/document.xml, uncompressed: a long report is ~2 MB, and
# the parsed tree needs several bytes of memory per byte of XML
MAX_TOTAL_BYTES = 512 * 1024 * 1024  # every part of the archive together, as declared
MAX_RATIO = 200  # uncompressed / compressed, for the part we read
SOFFICE_TIMEOUT = 120
LEGACY_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound file .doc and .wps are stored in


def read_docx(name: str, raw: bytes) -> Document:
    return parse_docx(name, raw)


def parse_docx(name: str, raw: bytes) -> Document:
    if not raw.startswith(b"PK"):
        if raw.startswith(b"\xd0\xcf\x11\xe0"):
            raise InputError("这其实是旧版 Word（.doc）文件，只是扩展名为 .docx：请另存为 .docx 后再检查")
        raise InputError("不是有效的 Word 文档（.docx 应是 zip 压缩包，这个文件不是），文件可能已损坏或扩展名有误")
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, zlib.error, ValueError, EOFError, NotImplementedError):
        raise InputError(".docx 文件已损坏（压缩包无法打开，可能下载不完整）") from None
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ENTRIES:
            raise InputError(f".docx 压缩包中有 {len(entries)} 个文件，超出正常范围")
        declared = sum(e.file_size for e in entries)
        if declared > MAX_TOTAL_BYTES or declared > MAX_RATIO * max(len(raw), 1) + 10_000_000:
            raise InputError(".docx 解压后过大（可能是压缩炸弹），拒绝读取")
        info = next((e for e in entries if e.filename == "word/document.xml"), None)
        if info is None:
            raise InputError(".docx 文件中没有正文（word/document.xml），不是 Word 文档")
        if info.file_size > MAX_DOCUMENT_BYTES or info.file_size > MAX_RATIO * max(info.compress_size, 1) + 1_000_000:
            raise InputError(".docx 正文解压后过大（可能是压缩炸弹），拒绝读取")
        try:
            xml = _read_member(archive, info, MAX_DOCUMENT_BYTES)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError, NotImplementedError,
                ValueError) as error:  # a damaged archive fails in many ways, all of them "damaged"
            raise InputError(f".docx 文件已损坏（{_damage(error)}），请重新下载或从 Word 重新保存") from None
    if len(xml) > MAX_DOCUMENT_BYTES:
        raise InputError(".docx 正文解压后过大（可能是压缩炸弹），拒绝读取")
    if xml.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in xml[:512]:
        raise InputError(".docx 正文不是 UTF-8 编码的 XML，Word 不会这样写，拒绝读取")
    # anywhere, not only near the top: a long comment may come before the DOCTYPE
    if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
        raise InputError(".docx 正文含有 DTD/实体声明，Word 不会这样写，拒绝读取")
    # comments and processing instructions dropped: the body's children are its paragraphs,
    # tables and content controls only
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as error:
        line, column = getattr(error, "position", None) or (None, None)
        where = f"，第 {line} 行第 {column} 列" if line else ""
        raise InputError(f".docx 文件已损坏（正文 word/document.xml 不是完整的 XML{where}），请从 Word 重新保存") from None
    body = root.find(f"{W}body")
    if body is None:
        raise InputError(".docx 文件中没有正文")
    if b"txbxContent" in xml and _text_boxes_hold_the_text(body):  # found in C: most bodies have no text box
        raise InputError(PDF_IN_TEXT_BOXES)
    if b"Fallback" in xml:  # found in C: most bodies have none
        # Word writes each text box and picture twice, as DrawingML (mc:Choice) and as VML for
        # older readers (mc:Fallback); read once, as Word shows it
        for fallback in list(body.iter(FALLBACK)):
            fallback.getparent().remove(fallback)
    document = Document(name, "docx")
    document.blocks = _read_body(body)
    return document


PDF_IN_TEXT_BOXES = ("这个 Word 文件是由 PDF 转换来的（如用 LibreOffice 打开 PDF 后另存为 .docx），文字都在一个个"
                     "按位置摆放的文本框里，段落次序和表格无法读取，没有检查：请直接检查原来的 PDF 文件")
TEXT_BOXES = 20  # a report may put its title or a seal's caption in a few text boxes, never its body
TEXT_BOX_SHARE = 0.8  # of the body's characters, how many a converted PDF's text boxes hold at least


def _text_boxes_hold_the_text(body) -> bool:
    """Whether the body's text stands in many text boxes and hardly anywhere else: a PDF opened in
    a word processor and saved as Word (every line of every page a box placed by position)."""
    boxes = inside = 0
    for box in body.iter(TXBX_CONTENT):
        if any(a.tag == FALLBACK for a in box.iterancestors()):
            continue  # the VML copy of a DrawingML text box: counted once
        boxes += 1
        inside += sum(len(t.text or "") for t in box.iter(T))
    if boxes < TEXT_BOXES:
        return False
    total = sum(len(t.text or "") for t in body.iter(T) if not any(a.tag == FALLBACK for a in t.iterancestors()))
    return inside >= TEXT_BOX_SHARE * total


def _damage(error: BaseException) -> str:
    """What a failure to inflate the body says about the file, in the clerk's words."""
    if isinstance(error, zlib.error):
        return "压缩数据损坏"
    if isinstance(error, EOFError):
        return "文件不完整，可能下载不完整"
    if isinstance(error, zipfile.BadZipFile) and "CRC" in str(error):
        return "校验和不符，内容在保存或下载中被改动"
    if isinstance(error, RuntimeError) and "encrypt" in str(error).lower():
        return "文件已加密"
    if isinstance(error, NotImplementedError):
        return "使用了不支持的压缩方式"
    return "压缩包无法解开"


def _read_member(archive, info, budget: int) -> bytes:
    """A member's bytes, inflated a chunk at a time and never past the budget, whatever the
    archive declares its size to be."""
    with archive.open(info) as part:
        return read_at_most(part, budget)


P, T, TAB, BR, CR = (f"{W}{name}" for name in ("p", "t", "tab", "br", "cr"))
TBL, TR, TC, SDT, SDT_CONTENT = (f"{W}{name}" for name in ("tbl", "tr", "tc", "sdt", "sdtContent"))
TR_PR, TC_PR, GRID_BEFORE, GRID_SPAN, V_MERGE, VAL = (f"{W}{name}" for name in (
    "trPr", "tcPr", "gridBefore", "gridSpan", "vMerge", "val"))
FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
TXBX_CONTENT = f"{W}txbxContent"  # a text box's paragraphs
DRAWING, PICT = f"{W}drawing", f"{W}pict"  # a DrawingML or VML object: a picture, a chart, a text box …
# … a picture is one holding these (a text box's text is read as the paragraph's)
_PICTURES = ("{http://schemas.openxmlformats.org/drawingml/2006/picture}pic", "{urn:schemas-microsoft-com:vml}imagedata")
_BREAKS = {TAB: "\t", BR: "\n", CR: "\n"}
# the elements the walk over the body stops at; everything else (run and paragraph properties,
# cell widths, bookmarks, proofing marks …) lxml passes over without making Python objects of it
_WALKED = (P, T, TAB, BR, CR, TBL, TR, TC, GRID_BEFORE, GRID_SPAN, V_MERGE, SDT_CONTENT, DRAWING, PICT)


class _Row:
    """A body table's row as the walk finds it."""

    __slots__ = ("before", "cells")

    def __init__(self):
        self.before = None  # the grid columns left empty before its first cell (w:gridBefore)
        self.cells: list = []


class _Cell:
    """A body table's cell as the walk finds it: its text, and the marks of its properties."""

    __slots__ = ("pieces", "span", "continued")

    def __init__(self):
        self.pieces: list = []
        self.span = None  # the grid columns it spans (w:gridSpan)
        self.continued = None  # whether it continues a vertical merge from the row above (w:vMerge)


def _read_body(body) -> list:
    """The body's paragraphs and tables, in order, from one walk over the elements that matter.

    A paragraph or table is the body's when it is a child of the body or of a content control at
    the body's level (w:sdt, which wraps ordinary paragraphs and tables) or of a cell of a layout
    table (`_layout`); paragraphs are numbered in that order. A cell's text takes in everything inside the cell (a nested table's too), a
    paragraph's everything inside it (a text box's too): each run's text goes to the body
    paragraph or table cell that holds it, found from the paragraph the run is in. Rows and
    cells wrapped in content controls inside a table are read, as Word shows them. A mark of a row or cell counts
    only in that row's or cell's own properties (not a nested table's, nor a record of changes),
    and only the first of its kind."""
    levels = {body}  # the elements whose child paragraphs and tables are the body's
    owners: dict = {}  # body paragraph or table cell -> the pieces of its text
    entries: list = []  # (P, paragraph number, pieces), (TBL, table number, rows) or (PICT, paragraph number, None)
    paragraph = None  # the number of the body paragraph being read, None in a table
    paragraphs = tables = 0
    table = row = cell = None  # the elements of the body's table, row and cell being read
    rows: list = []
    row_read = cell_read = None  # what the walk found of that row and cell
    pieces = None  # where the text now met goes: None outside the body's paragraphs and cells
    for node in body.iter(_WALKED):
        tag = node.tag
        if tag == T:
            if pieces is not None and node.text:
                pieces.append(node.text)
        elif tag == P:
            parent = node.getparent()
            if parent in levels:
                paragraphs += 1
                pieces = owners[node] = []
                entries.append((P, paragraphs, pieces))
                table = row = cell = None
                paragraph = paragraphs
            else:  # a cell's paragraph, or one in a text box or a nested table
                pieces = owners[parent] if parent in owners else _owner(parent, owners)
                if pieces and pieces[-1] != "\n":
                    pieces.append("\n")  # a cell with several paragraphs
        elif tag in _BREAKS:
            if pieces is not None:
                pieces.append(_BREAKS[tag])
        elif tag == TC:
            if row is not None and (node.getparent() is row or _held_by(node, row)):
                cell, cell_read = node, _Cell()
                row_read.cells.append(cell_read)
                pieces = owners[node] = cell_read.pieces
        elif tag == GRID_SPAN:
            if cell is not None and cell_read.span is None and _marks(node, TC_PR, cell):
                cell_read.span = max(1, min(50, int(node.get(VAL, "1") or 1)))
        elif tag == V_MERGE:
            if cell is not None and cell_read.continued is None and _marks(node, TC_PR, cell):
                cell_read.continued = node.get(VAL, "continue") != "restart"
        elif tag == TR:
            if table is not None and (node.getparent() is table or _held_by(node, table)):
                row, row_read, cell, pieces = node, _Row(), None, None
                rows.append(row_read)
        elif tag == GRID_BEFORE:
            if row is not None and row_read.before is None and _marks(node, TR_PR, row):
                row_read.before = int(node.get(VAL, "0") or 0)
        elif tag == TBL:
            if node.getparent() in levels and _layout(node):
                levels.update(node.iterfind(f"{TR}/{TC}"))  # its cells' paragraphs and tables are the body's
            elif node.getparent() in levels:
                tables += 1
                table, row, cell, rows, pieces = node, None, None, [], None
                entries.append((TBL, tables, rows))
                paragraph = None
        elif tag == DRAWING or tag == PICT:
            # a picture in a body paragraph (one in a table's cell is the cell's business)
            if paragraph is not None and cell is None and next(node.iter(*_PICTURES), None) is not None:
                entries.append((PICT, paragraph, None))
        elif tag == SDT_CONTENT:
            control = node.getparent()
            if control.tag == SDT and control.getparent() in levels and control.find(SDT_CONTENT) is node:
                levels.add(node)
    blocks: list = []
    run: list = []  # (number, text) of the paragraphs since the last table
    for kind, number, content in entries:
        if kind == P:
            run.append((number, "".join(content)))
        elif kind == PICT:
            blocks.extend(_paragraphs(run))
            run = []
            blocks.append(Picture(Location(paragraph=number)))
        else:
            blocks.extend(_paragraphs(run))
            run = []
            blocks.append(_table(content, number))
    blocks.extend(_paragraphs(run))
    return blocks


MIN_TAB_CELLS = 8  # paragraphs of tab-separated cells that make a run of paragraphs a table in text
MIN_TAB_NUMBERS = 4  # of those, the ones holding a number: a table's cells, not paragraphs indented with a tab
MAX_CELL = 60  # characters: a longer piece after a tab is a paragraph indented with a tab, not a cell
_NUMBER_PIECE = re.compile(r"(?:^|\t)\s*[-+]?[\d０-９][\d０-９,，.]*\s*(?:\t|$)")
_SENTENCE_END = re.compile(r"[。！？；!?;]$")


def _paragraphs(run: list) -> list:
    """The blocks of a run of body paragraphs. Where the paragraphs hold a table as text (a report
    pasted into Word from a web page or a text file: one cell a paragraph after a tab, or a row of
    cells separated by tabs), the run is read as the text reader reads the same text, and every
    block keeps the number of the paragraph it came from. A paragraph indented with a tab is prose."""
    cells = [text for _, text in run if _tab_cells(text)]
    # Word indents paragraphs (a title, a heading, prose) with a tab: a table as text holds numbers
    if len(cells) < MIN_TAB_CELLS or sum(1 for text in cells if _NUMBER_PIECE.search(text)) < MIN_TAB_NUMBERS:
        return [Line(text.strip(), Location(paragraph=number)) for number, text in run if text.strip()]
    from xxgk_lint.read.text import parse_text

    numbers, lines = [], []
    for number, text in run:
        if "\t" in text and not _tab_cells(text):
            text = text.strip()
        for line in text.split("\n"):
            numbers.append(number)
            lines.append(line)
    document = parse_text("", "\n".join(lines))
    for block in document.blocks:
        if isinstance(block, Line):
            block.location = Location(paragraph=numbers[block.location.line - 1])
        else:
            for row in block.rows:
                for token in row:
                    token.location = Location(paragraph=numbers[token.location.line - 1])
    return document.blocks


def _tab_cells(text: str) -> bool:
    """A paragraph that is cells separated by tabs: a tab, and no piece longer than a cell or ending
    a sentence as prose does."""
    if "\t" not in text:
        return False
    pieces = [piece.strip() for piece in text.split("\t")]
    return all(len(piece) <= MAX_CELL and not _SENTENCE_END.search(piece) for piece in pieces)


LAYOUT_NESTED_ROWS = 3  # rows of a nested table that make it one of the report's tables, not a cell's


def _layout(table) -> bool:
    """Whether a table only lays the page out, as many 公文 templates do: the whole report in one
    cell, or one column of cells (a letterhead row, then the body), holding paragraphs and tables;
    or a table with a whole table of several rows nested in a cell. Its cells' paragraphs and
    tables are then read as the body's, in order, not as one cell of text. No table of the form
    has a single column; a form's cell may hold a small table of its own (a label split in two),
    which stays that cell's text."""
    rows = table.findall(TR)
    # one column: every row one cell (a form's table has several; most are told by their first row)
    if rows and all(len(row.findall(TC)) == 1 for row in rows) and any(
            cell.find(TBL) is not None or len(cell.findall(P)) > 1 for row in rows for cell in row.findall(TC)):
        return True
    for nested in table.iter(TBL):  # in C: a form's table has none but itself
        if nested is not table and nested.getparent().getparent().getparent() is table \
                and len(nested.findall(TR)) >= LAYOUT_NESTED_ROWS:
            return True
    return False


def _held_by(element, holder) -> bool:
    """Whether a row is its table's own (a cell its row's own), directly or through content controls
    (w:sdt › w:sdtContent: Word's repeating sections wrap rows, and a control put on whole cells
    wraps those cells); Word shows them as any other row or cell. Not one of a nested table."""
    parent = element.getparent()
    while parent is not holder:
        control = parent.getparent() if parent is not None else None
        if parent is None or parent.tag != SDT_CONTENT or control is None or control.tag != SDT:
            return False
        parent = control.getparent()
    return True


def _owner(element, owners: dict):
    """The pieces of the body paragraph or table cell `element` lies in, or None."""
    for ancestor in element.iterancestors():
        if ancestor in owners:
            return owners[ancestor]
    return None


def _marks(mark, properties_tag: str, element) -> bool:
    """Whether a mark sits in `element`'s own properties (its first w:trPr or w:tcPr, which Word
    writes first or, for a row, after the table's exceptions)."""
    properties = mark.getparent()
    return (properties.tag == properties_tag and properties.getparent() is element
            and (properties.getprevious() is None or element.find(properties_tag) is properties))


def _table(rows: list, number: int) -> TableBlock:
    """A table's tokens: a cell's place on the grid counts the columns each cell before it spans,
    and a cell that continues a vertical merge holds no text of its own (its text sits in the
    merge's first row)."""
    token_rows = []
    for r, row in enumerate(rows, start=1):
        tokens = []
        column = row.before or 0
        for cell in row.cells:
            if not cell.continued:
                text = "".join(cell.pieces)
                if "\n" in text:  # lines of several paragraphs, each trimmed, blank ones dropped
                    text = "\n".join(line.strip() for line in text.split("\n") if line.strip())
                else:
                    text = text.strip()
                # table, row, column after three empty fields: by keyword a Location costs twice as much
                tokens.append(Token(text, Location(None, None, None, number, r, column + 1)))
            column += cell.span or 1
        filled = [t for t in tokens if t.text]
        if len(filled) == 1:
            filled[0].alone = True
        token_rows.append(tokens)
    return TableBlock(token_rows, rows_known=True, number=number)


def read_legacy_word(name: str, raw: bytes) -> Document:
    """.doc, .wps, .rtf and OpenDocument text (.odt): converted to .docx by LibreOffice when it is installed."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    opendocument = raw.startswith(b"PK") and raw[30:38] == b"mimetype"
    lower = name.lower()
    rtf = raw.startswith(b"{\\rtf")
    kind = ("OpenDocument 文本（.odt）" if opendocument or lower.endswith(".odt")
            else "RTF（.rtf）" if rtf or lower.endswith(".rtf") else "WPS" if lower.endswith(".wps")
            else "旧版 Word（.doc）")
    if raw.startswith(b"PK") and not opendocument:
        return read_docx(name, raw)  # a .docx with the old extension
    if not opendocument and not raw.startswith((LEGACY_SIGNATURE, b"{\\rtf")):
        # LibreOffice would open any bytes as text and find no report in them
        raise InputError(f"不是有效的{kind}文件（文件头不对），文件可能已损坏或扩展名有误")
    if not soffice:
        raise InputError(f"这是{kind}文件：请用 Word 或 WPS“另存为”.docx 后再检查（或安装 LibreOffice 以自动转换）")
    with tempfile.TemporaryDirectory() as folder:
        # named by what it is: an .odt renamed .docx, converted under its own name, would be
        # "converted" onto itself and read back unchanged
        # and by what the bytes are where the name says something else (a .doc saved as .txt, stdin)
        suffix = FsPath(name).suffix.lower()
        if suffix not in (".doc", ".wps", ".rtf"):
            suffix = ".odt" if opendocument else ".rtf" if rtf else ".doc"
        source = FsPath(folder) / ("report" + suffix)
        source.write_bytes(raw)
        try:
            subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{folder}/profile",
                            "--convert-to", "docx", "--outdir", folder, str(source)],
                           capture_output=True, timeout=SOFFICE_TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise InputError(f"{kind}文件转换超时（LibreOffice 超过 {SOFFICE_TIMEOUT} 秒）") from None
        converted = FsPath(folder) / "report.docx"
        if not converted.exists():
            raise InputError(f"{kind}文件无法转换（LibreOffice 未能打开，文件可能已损坏）")
        document = read_docx(name, converted.read_bytes())
    document.form = "odt" if opendocument else "doc"
    return document
