"""Reading: a file's bytes → the structured report (the schema's shape) with locations.

The flow runs one way inside this package: the bytes choose a reader (`sniff`, `reader_for`); each
reader of a published form turns bytes into the neutral `Document` (lint/document.py) and knows
nothing of the template; the one recogniser (`recognise.py`) turns every document into a `Reading`.
The project's own YAML/JSON is already structured and becomes a `Reading` directly. A reader knows
file formats and nothing of rules; a file that cannot be read at all raises `InputError` with one
line a clerk can act on.
"""

from __future__ import annotations

import os
import re
from pathlib import Path as FsPath
from typing import Callable

from xxgk_lint.oserrors import describe
from xxgk_lint.read.reading import SCAN_REPORT, InputError, Reading, decode_text, read_at_most  # noqa: F401  (the package's API)

DEFAULT_MAX_BYTES = 50 * 1024 * 1024


class _Reader:
    """A reader named by module and function, imported on first use: checking a YAML file should
    not pay for importing lxml or pdfplumber."""

    def __init__(self, module: str, function: str):
        self.module, self.function = module, function

    def __call__(self, name: str, raw: bytes) -> Reading:
        from importlib import import_module

        from xxgk_lint.document import Document

        result = getattr(import_module(self.module), self.function)(name, raw)
        if isinstance(result, Document):
            from xxgk_lint.read.recognise import recognise

            return recognise(result)
        return result


_structured = _Reader("xxgk_lint.read.structured", "read_structured")
_text = _Reader("xxgk_lint.read.text", "read_text")
_crawler = _Reader("xxgk_lint.read.crawler", "read_crawler")
_html = _Reader("xxgk_lint.read.html", "read_html")
_pdf = _Reader("xxgk_lint.read.pdf", "read_pdf")
_docx = _Reader("xxgk_lint.read.docx", "read_docx")
_legacy_word = _Reader("xxgk_lint.read.docx", "read_legacy_word")
_web_archive = _Reader("xxgk_lint.read.mhtml", "read_web_archive")


READERS: dict = {
    ".yaml": _structured, ".yml": _structured, ".json": _structured,
    ".txt": _text, ".md": _text, ".markdown": _text, ".text": _text,
    ".html": _html, ".htm": _html, ".shtml": _html, ".jhtml": _html, ".xhtml": _html,
    # a page saved by a crawler under its address's own name (…/nb2023.aspx, detail.jsp)
    ".aspx": _html, ".asp": _html, ".jsp": _html, ".php": _html,
    ".mht": _web_archive, ".mhtml": _web_archive,  # a page saved as one file (also served as .doc)
    ".pdf": _pdf, ".docx": _docx, ".doc": _legacy_word, ".wps": _legacy_word, ".odt": _legacy_word,
    ".rtf": _legacy_word,  # Word's "另存为 RTF": text, so not in BINARY; LibreOffice converts it as a .doc
}


def supported(path) -> bool:
    """Whether a file's name (a str or a path) is one of the forms xxgk-lint reads."""
    return os.path.splitext(str(path))[1].lower() in READERS


BINARY = {".pdf", ".docx", ".doc", ".wps", ".odt"}
NOT_REPORTS = {"image": "图片，不是年度报告：图片中的文字无法读取，请用报告的网页、Word 或 PDF 原件",
               "archive": "压缩包，不是年度报告：请先解压，再检查解压出的文件或文件夹",
               "xlsx": " Excel 表格，不是年度报告", "zip": " zip 压缩包，不是年度报告：请先解压，再检查解压出的文件或文件夹",
               "executable": "可执行程序，不是年度报告",
               "opendocument": "OpenDocument 表格或演示文稿，不是年度报告"}
ODF_TEXT = b"application/vnd.oasis.opendocument.text"  # .odt (and .ott, its template)


def sniff(raw: bytes):
    """What the bytes say the file is, where they say it clearly: a reader, or a kind we refuse."""
    if raw.startswith(b"%PDF") or raw[:1024].lstrip().startswith(b"%PDF"):
        return _pdf
    if raw.startswith(b"PK\x03\x04"):
        head = raw[:65536]
        if head[30:38] == b"mimetype":  # OpenDocument: its first entry names the kind, stored uncompressed
            return _legacy_word if head[38:84].startswith(ODF_TEXT) else "opendocument"
        if b"word/" in head:
            return _docx
        if b"xl/" in head:
            return "xlsx"
        return "zip" if b"[Content_Types].xml" not in head else _docx
    if raw.startswith((b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"{\\rtf")):  # old Word (and WPS), RTF
        return _legacy_word
    if raw.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM", b"II*\x00", b"MM\x00*")):
        return "image"
    if raw.startswith((b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b")):
        return "archive"
    if raw.startswith((b"MZ", b"\x7fELF")):
        return "executable"
    if raw[:1].isalpha():  # MIME headers: a web archive, whatever its name (sites serve them as .doc)
        from xxgk_lint.read.mhtml import is_web_archive

        if is_web_archive(raw):
            return _web_archive
    return None


OWN_RESULT_PAGE = "这是 xxgk-lint 生成的检查结果网页（--format html），不是年度报告"
# what --skip-non-reports (the pre-commit hook) says of a scan that calls itself a report
SCANNED_REPORT = ("这是扫描件（PDF 的页面是图片，没有可读的文字），年度报告的文字和表格无法读取，没有检查："
                  "请改用由 Word 或 WPS 直接导出的 PDF，或报告的 Word、网页原件")


OWN_RESULT_TEXT = "这是 xxgk-lint 输出的检查结果（-o 写入的文字），不是年度报告"
OWN_RESULTS = (OWN_RESULT_PAGE, OWN_RESULT_TEXT)  # a folder passes these over, as results of an earlier run
# the last line of our console and plain output, in UTF-8 or GBK; the first of our -f github lines
_OWN_SUMMARY = re.compile("检查了 \\d+ 个文件".encode("utf-8") + b"|" + "检查了 \\d+ 个文件".encode("gb18030"))
_OWN_GITHUB = re.compile(rb"\A(?:\xef\xbb\xbf)?::(?:error|warning|notice) file=")


def own_result_text(raw: bytes) -> bool:
    """Whether the bytes are results xxgk-lint wrote as text (-o 结果.txt in the console, plain or
    github format): left in the folder they were written for, they are not a report to check."""
    return bool(_OWN_GITHUB.match(raw)) or (len(raw) < 50_000_000 and _OWN_SUMMARY.search(raw[-600:]) is not None)


def own_result_page(raw: bytes) -> bool:
    """Whether the bytes are a results page xxgk-lint wrote (-f html): it draws the reports' own
    tables, so read as a report it would pass for one. The page names its generator in a <meta>
    near the top; pages from before that carry "xxgk-lint <version>" in their first header line."""
    head = raw[:16384]
    return b'<meta name="generator" content="xxgk-lint' in head[:4096] or b'<p class="meta">xxgk-lint ' in head


def reader_for(name: str, raw: bytes) -> Callable:
    suffix = FsPath(name).suffix.lower()
    sniffed = sniff(raw)
    if sniffed == "zip" and suffix == ".docx":
        sniffed = _docx  # a damaged .docx: its reader says what is wrong with it
    if isinstance(sniffed, str):
        raise InputError(f"这是{NOT_REPORTS[sniffed]}")
    if sniffed is not None:
        return sniffed  # the content decides: a PDF named .html is still a PDF
    if own_result_page(raw):
        raise InputError(OWN_RESULT_PAGE)
    if own_result_text(raw):
        raise InputError(OWN_RESULT_TEXT)
    if suffix in READERS and suffix not in BINARY:
        chosen = READERS[suffix]
        return _crawler if chosen is _text and _crawler_header(raw) else chosen
    head = raw[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<table" in head or b"<body" in head:
        return _html  # a web page saved as .doc, as many sites serve their reports
    if suffix in BINARY and (head.startswith(b"{\\rtf") or not _text_like(raw)):
        # neither the form's signature nor text: the form's reader says the file is damaged
        return _legacy_word if head.startswith(b"{\\rtf") and suffix in (".doc", ".wps") else READERS[suffix]
    if head.startswith((b"{", b"---")) or _STRUCTURED_KEY.search(head):
        return _structured
    return _crawler if _crawler_header(raw) else _text


_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")


def _text_like(raw: bytes) -> bool:
    """Bytes a text file could hold: no control characters in the first 4 KB (a binary file's
    bytes have many; text has tabs and line ends only)."""
    return _CONTROL.search(raw[:4096]) is None


def _crawler_header(raw: bytes) -> bool:
    """A crawler's header of fields and its 正文 marker within the first lines."""
    head = raw[:4096]
    utf8 = "标题".encode() in head or "正文".encode() in head or b"title" in head.lower()
    if not utf8 and "标题".encode("gb18030") not in head and "正文".encode("gb18030") not in head:
        return False
    from xxgk_lint.read.crawler import body_start

    text = head.decode("utf-8", "ignore") if utf8 else head.decode("gb18030", "ignore")
    return body_start(text.replace("\r", "").split("\n")) is not None


# a line like "edition: '2021'" or "applications:" near the top: the project's own format
_STRUCTURED_KEY = re.compile(rb"^(edition|year|agency|title|sections|applications):", re.MULTILINE)


def read_bytes(name: str, raw: bytes) -> Reading:
    if not raw.strip():
        raise InputError("文件是空的")
    return reader_for(name, raw)(name, raw)


def read_file(path: str, max_bytes: int | None = None) -> Reading:
    """Read one file (or '-' for standard input) into a Reading; InputError when impossible."""
    import sys

    limit = max_bytes or DEFAULT_MAX_BYTES
    if path == "-":
        raw = sys.stdin.buffer.read(limit + 1)
        name = "<stdin>"
    else:
        fs = FsPath(path)
        if not fs.exists():
            raise InputError("文件不存在")
        if fs.is_dir():
            raise InputError("这是一个文件夹")
        raw = read_limited(path, limit)
        name = path
    if len(raw) > limit:
        raise InputError(f"输入超过 {_size(limit)}（上限可用 --max-size 调整）")
    return read_bytes(name, raw)


def read_limited(path: str, limit: int) -> bytes:
    """At most limit + 1 bytes of a regular file. A device (/dev/zero), a FIFO or a socket is
    refused before anything is read: its size says nothing and reading it may never end."""
    import os
    import stat

    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a socket cannot even be opened
            raise InputError("不是普通文件（设备、管道或套接字），不会读取")
    except OSError as error:
        raise InputError(describe(error)) from None
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; it changes nothing for a regular file
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as error:
        raise InputError(describe(error)) from None
    with os.fdopen(descriptor, "rb", buffering=0) as handle:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise InputError("不是普通文件（设备、管道或套接字），不会读取")
        if info.st_size > limit:
            raise InputError(f"文件超过 {_size(limit)}（上限可用 --max-size 调整）")
        try:
            return read_at_most(handle, limit)
        except OSError as error:
            raise InputError(describe(error)) from None


def read_small_text(path: str, limit: int, what: str) -> str:
    """A small UTF-8 file of our own (a configuration, a list of files, identity data), BOM or
    not; InputError saying, in the terms of `what` it is, why it cannot be read."""
    raw = read_limited(path, limit)
    if len(raw) > limit:
        raise InputError(f"{what}过大（超过 {_size(limit)}）")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{what}不是 UTF-8 编码") from None


def _size(limit: int) -> str:
    return f"{limit / (1024 * 1024):.3g} MB" if limit >= 1024 * 1024 else f"{limit / 1024:.3g} KB"
