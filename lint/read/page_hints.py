"""Why a web page holds no report, when it holds next to no text: government sites often publish the
report as an attachment, inside a frame, as pictures, or fill the page by script (a crawler or
"save as" then keeps an empty shell). A supervising office screening a region needs to know which,
to fetch the right file, rather than read "no report recognised" for each of them.
"""

from __future__ import annotations

import posixpath
import re
from typing import Optional
from urllib.parse import parse_qsl, unquote, urlsplit

from xxgk_lint.document import Document, Line, TableBlock

# a page with less text than this and no table of some size or with numbers holds no report: the
# shortest real report (a small bureau's) runs to a few thousand characters and three tables
LITTLE_TEXT = 300
SOME_CELLS = 20
ATTACHMENTS = (".pdf", ".doc", ".docx", ".wps", ".ofd", ".xls", ".xlsx", ".zip", ".rar")


def holds_little(document: Document) -> bool:
    length = 0
    for block in document.blocks:
        if isinstance(block, TableBlock):
            cells = [token.text for row in block.rows for token in row]
            if len(cells) >= SOME_CELLS or any(any(c.isdigit() for c in cell) for cell in cells):
                return False  # a table of counts, however small, is for the recogniser to judge
        elif isinstance(block, Line):
            length += len(block.text)
            if length >= LITTLE_TEXT:
                return False
    return True


def holds_counts(document: Document) -> bool:
    """Whether a table of the document has a number in it (a report's tables always do)."""
    return any(any(c.isdigit() for row in block.rows for token in row for c in token.text)
               for block in document.blocks if isinstance(block, TableBlock))


def attached_file(address: str) -> Optional[str]:
    """The file name an address ends in where it is an attachment's (.pdf, .docx …), else None."""
    path = unquote(urlsplit(address.strip()).path)
    return posixpath.basename(path) if path.lower().endswith(ATTACHMENTS) else None


def attachment_name(link) -> Optional[str]:
    """The name a link to a file (.pdf, .docx …) shows, or the file's own name; None for other links."""
    file = attached_file(link.get("href") or "")
    if file is None:
        return None
    return " ".join("".join(link.itertext()).split()) or file


def pdf_shown(address: str) -> Optional[str]:
    """The PDF a frame shows, as its address gives it: the frame's own address where it is a .pdf,
    or the file a PDF viewer is asked to open (pdf.js: viewer.html?file=/upload/年报.pdf, the file's
    address itself percent-encoded); None for a frame showing a web page."""
    parts = urlsplit(address)
    if unquote(parts.path).lower().endswith(".pdf"):
        return unquote(address)
    for given in (parts.query, parts.fragment):
        for name, value in parse_qsl(given):
            if name.lower() in ("file", "url", "src", "pdf") and urlsplit(value).path.lower().endswith(".pdf"):
                return value
    return None


def named(attachments: list) -> str:
    return "、".join(f"“{a}”" for a in attachments[:3]) + (f" 等 {len(attachments)} 个" if len(attachments) > 3 else "")


_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


def why_empty(root, attachments: list, year: Optional[int] = None) -> Optional[str]:
    """The likeliest reason a nearly empty page holds no report, naming what to fetch instead;
    `attachments` are the files its content links to, as the reader noted them (Document.attachments),
    `year` the year of the report the page's own title names, where it names one: of files naming
    reports of several years (往年年报 beside its own) the one for that year is named (reports_linked)."""
    own = reports_linked(attachments, year)
    if own is None:
        return f"网页正文几乎没有文字，链接了多个年度的报告：{named(attachments)}；请下载要检查的那一年度的报告后检查"
    if own:
        return f"网页正文几乎没有文字，报告在附件里：{named(own)}；请下载附件后检查附件"
    frames = [f.get("src").strip() for f in root.iter("iframe", "frame", "embed") if (f.get("src") or "").strip()]
    frames += [f.get("data").strip() for f in root.iter("object") if (f.get("data") or "").strip()]
    if frames:
        shown = next(filter(None, map(pdf_shown, frames)), None)
        if shown:
            return (f"网页正文几乎没有文字，报告是网页中内嵌显示的 PDF 文件“{posixpath.basename(urlsplit(shown).path)}”："
                    f"请下载 {shown} 后检查这个 PDF 文件")
        return f"网页正文几乎没有文字，报告在内嵌框架里：请打开 {frames[0]} 并保存那个网页后检查"
    images = sum(1 for _ in root.iter("img"))
    if images:
        return (f"网页正文几乎没有文字，只有 {images} 张图片：报告可能是图片，图片中的文字无法读取；"
                "请找报告的文字版（网页正文、Word 或 PDF 附件）")
    if next(root.iter("script"), None) is not None:
        return ("网页正文几乎没有文字：内容可能由网页脚本加载，保存下来的只是空壳；"
                "请在浏览器中打开后复制正文，存为文本文件再检查")
    return None


def reports_linked(attachments: list, year: Optional[int]) -> Optional[list]:
    """The attachments that may be this page's report. Files named for reports of several years are
    a list (往年年报 beside the page's own): of those, the ones named for `year` (the year the
    page's own title names; a file named for no year may be it too); None where the page names no
    such year, as which is its own cannot be told then. Files of one year or none are all taken,
    whatever the title says: many pages name a report by the year it is published in."""
    years = [_year_of(name) for name in attachments]
    if len(set(filter(None, years))) <= 1:
        return attachments
    own = [name for name, given in zip(attachments, years) if year is not None and given in (None, year)]
    return own if any(given == year for given in years) else None


def _year_of(name: str) -> Optional[int]:
    found = _YEAR.search(name)
    return int(found.group(1)) if found else None
