"""Word documents: .docx read directly (a zip of XML), legacy .doc/.wps through LibreOffice.

A .docx needs no third-party library: the standard library's zipfile and ElementTree read
word/document.xml (expat fetches no external entities). Paragraphs and tables come in body
order; a table's merged cells (horizontal gridSpan, vertical vMerge) are placed on the grid the
form defines, and a cell's text is joined across runs. The archive is checked before it is read:
a bounded number of entries and uncompressed bytes, and a bounded compression ratio.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import zipfile
import zlib
from pathlib import Path as FsPath
from xml.etree import ElementTree

from xxgk_lint.document import Document, Line, TableBlock, Token
from xxgk_lint.model import Location
from xxgk_lint.read.reading import InputError, read_at_most

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_ENTRIES = 2000
MAX_DOCUMENT_BYTES = 16 * 1024 * 1024  # word/document.xml, uncompressed: a long report is ~2 MB, and
# ElementTree needs some 20 bytes of memory per byte of XML
MAX_TOTAL_BYTES = 512 * 1024 * 1024  # every part of the archive together, as declared
MAX_RATIO = 200  # uncompressed / compressed, for the part we read
SOFFICE_TIMEOUT = 120


def read_docx(name: str, raw: bytes) -> Document:
    return parse_docx(name, raw)


def parse_docx(name: str, raw: bytes) -> Document:
    if not raw.startswith(b"PK"):
        if raw.startswith(b"\xd0\xcf\x11\xe0"):
            raise InputError("这其实是旧版 Word（.doc）文件，只是扩展名为 .docx：请另存为 .docx 后再检查")
        raise InputError("不是有效的 .docx 文件（不是 zip 压缩包）")
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
            raise InputError(f".docx 文件已损坏（{error}）") from None
    if len(xml) > MAX_DOCUMENT_BYTES:
        raise InputError(".docx 正文解压后过大（可能是压缩炸弹），拒绝读取")
    if xml.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in xml[:512]:
        raise InputError(".docx 正文不是 UTF-8 编码的 XML，Word 不会这样写，拒绝读取")
    # anywhere, not only near the top: a long comment may come before the DOCTYPE
    if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
        raise InputError(".docx 正文含有 DTD/实体声明，Word 不会这样写，拒绝读取")
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError as error:
        raise InputError(f".docx 正文的 XML 已损坏（{error}）") from None
    body = root.find(f"{W}body")
    if body is None:
        raise InputError(".docx 文件中没有正文")
    document = Document(name, "docx")
    counters = {"paragraph": 0, "table": 0}
    _body(body, document, counters)
    return document


def _read_member(archive, info, budget: int) -> bytes:
    """A member's bytes, inflated a chunk at a time and never past the budget, whatever the
    archive declares its size to be."""
    with archive.open(info) as part:
        return read_at_most(part, budget)


def _body(container, document: Document, counters: dict) -> None:
    for element in container:
        if element.tag == f"{W}p":
            counters["paragraph"] += 1
            text = _text(element).strip()
            if text:
                document.blocks.append(Line(text, Location(paragraph=counters["paragraph"])))
        elif element.tag == f"{W}tbl":
            counters["table"] += 1
            document.blocks.append(_table(element, counters["table"]))
        elif element.tag == f"{W}sdt":  # content controls wrap ordinary paragraphs and tables
            content = element.find(f"{W}sdtContent")
            if content is not None:
                _body(content, document, counters)


def _text(element) -> str:
    parts = []
    for node in element.iter():
        if node.tag == f"{W}t" and node.text:
            parts.append(node.text)
        elif node.tag == f"{W}tab":
            parts.append("\t")
        elif node.tag in (f"{W}br", f"{W}cr"):
            parts.append("\n")
        elif node.tag == f"{W}p" and parts and parts[-1] != "\n":
            parts.append("\n")  # a cell with several paragraphs
    return "".join(parts)


def _table(table, number: int) -> TableBlock:
    rows = []
    for r, tr in enumerate(table.findall(f"{W}tr"), start=1):
        tokens = []
        column = 0
        grid_before = tr.find(f"{W}trPr/{W}gridBefore")
        if grid_before is not None:
            column += int(grid_before.get(f"{W}val", "0") or 0)
        for tc in tr.findall(f"{W}tc"):
            properties = tc.find(f"{W}tcPr")
            span, continued = 1, False
            if properties is not None:
                grid_span = properties.find(f"{W}gridSpan")
                if grid_span is not None:
                    span = max(1, min(50, int(grid_span.get(f"{W}val", "1") or 1)))
                merge = properties.find(f"{W}vMerge")
                continued = merge is not None and merge.get(f"{W}val", "continue") != "restart"
            if not continued:  # a vertically merged cell's text sits in its first row only
                text = "\n".join(line.strip() for line in _text(tc).split("\n") if line.strip())
                tokens.append(Token(text, Location(table=number, row=r, col=column + 1)))
            column += span
        filled = [t for t in tokens if t.text]
        if len(filled) == 1:
            filled[0].alone = True
        rows.append(tokens)
    return TableBlock(rows, rows_known=True, number=number)


def read_legacy_word(name: str, raw: bytes) -> Document:
    """.doc and .wps: converted to .docx by LibreOffice when it is installed."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    kind = "WPS" if name.lower().endswith(".wps") else "旧版 Word（.doc）"
    if raw.startswith(b"PK"):
        return read_docx(name, raw)  # a .docx with the old extension
    if not soffice:
        raise InputError(f"这是{kind}文件：请用 Word 或 WPS“另存为”.docx 后再检查（或安装 LibreOffice 以自动转换）")
    with tempfile.TemporaryDirectory() as folder:
        source = FsPath(folder) / ("report" + FsPath(name).suffix.lower())
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
    document.form = "doc"
    return document
