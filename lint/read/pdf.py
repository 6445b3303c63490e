"""PDF with a text layer: words with positions, tables rebuilt from their ruling lines.

Uses pdfplumber (MIT, on pdfminer.six), a dependency of the package. Chosen on
the real reports in shared/corpus: it rebuilds their ruled tables cell for cell, merged cells
included, where plain text extraction interleaves the columns. Page furniture (- 1 -) is dropped,
wrapped lines are joined into paragraphs by their indentation, and the spaces PDF producers put
between CJK text and digits (2023 年) are removed. A PDF without text (a scan) is no report we can
read, and says so.
"""

from __future__ import annotations

import io
import re

from xxgk_lint.document import Document, Line, TableBlock, Token
from xxgk_lint.model import Location
from xxgk_lint.read.reading import InputError, Reading

MAX_PAGES = 300
PAGE_FURNITURE = re.compile(r"^(?:[-—–－]\s*\d+\s*[-—–－]|第\s*\d+\s*页(?:\s*[/，,]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)$")
HEADING_START = re.compile(r"^(?:[一二三四五六七八九十]{1,2}、|（[一二三四五六七八九十]{1,2}）|\([一二三四五六七八九十]{1,2}\)|第二十条)")
_CJK = r"[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef“”‘’]"
_SPACE_NEAR_CJK = re.compile(rf"(?<={_CJK})\s+|\s+(?={_CJK})")


def read_pdf(name: str, raw: bytes):
    """The document, or a Reading that says why nothing can be recognised (a scan)."""
    document = parse_pdf(name, raw)
    if document is None:
        from xxgk_lint.model import Problem

        reason = "PDF 没有文字层（可能是扫描件或图片），无法读取其中的文字和表格"
        return Reading(data={}, problems=[Problem("unrecognised", reason)], recognised=False, form="pdf")
    return document


def parse_pdf(name: str, raw: bytes):
    try:
        import pdfplumber
        from pdfminer.pdfparser import PDFSyntaxError
    except ImportError:
        raise InputError("读取 PDF 需要的组件 pdfplumber 没有安装：请重新安装 xxgk-lint（pip install xxgk-lint）") from None
    from xxgk_lint.read.pdf_limits import install, start_document

    if not raw.lstrip()[:5].startswith(b"%PDF"):
        raise InputError("不是 PDF 文件（文件头不是 %PDF）")
    install()
    start_document()
    try:
        pdf = pdfplumber.open(io.BytesIO(raw))
    except (PDFSyntaxError, Exception) as error:  # pdfminer raises many kinds on broken files
        raise InputError(_bounded_reason(error) or f"PDF 文件已损坏或无法解析（{type(error).__name__}）") from None
    document = Document(name, "pdf")
    try:
        if len(pdf.pages) > MAX_PAGES:
            raise InputError(f"PDF 超过 {MAX_PAGES} 页，不像一份年度报告")
        characters = 0
        tables = 0
        paragraph: list = []
        ended = False  # the previous line stopped short of the right margin
        for number, page in enumerate(pdf.pages, start=1):
            characters += len(page.chars)
            found = [t for t in page.find_tables() if max(len(r.cells) for r in t.rows) > 1]
            boxes = [t.bbox for t in found]
            text_page = page.filter(lambda obj, boxes=boxes: not any(_inside(obj, b) for b in boxes)) if boxes else page
            lines = [line for line in text_page.extract_text_lines() if line["text"].strip()]
            margin = min((line["x0"] for line in lines), default=0)
            right = max((line["x1"] for line in lines), default=0)
            items = [(line["top"], 0, line) for line in lines] + [(t.bbox[1], 1, t) for t in found]
            for line_number, (_, kind, item) in enumerate(sorted(items, key=lambda i: (i[0], i[1])), start=1):
                if kind == 1:
                    _flush(document, paragraph)
                    tables += 1
                    document.blocks.append(_table(item, number, tables))
                    continue
                text = _SPACE_NEAR_CJK.sub("", item["text"].strip())
                if PAGE_FURNITURE.match(text):
                    continue
                size = max((c.get("size", 10) for c in item.get("chars", [])[:3]), default=10)
                indented = item["x0"] - margin > size * 0.8
                # a paragraph ends on a line that stops short of the right margin (a heading, the
                # paragraph's last line); a run-in heading (（一）主动公开情况。主要……) goes on
                if paragraph and (indented or HEADING_START.match(text) or ended):
                    _flush(document, paragraph)
                paragraph.append((text, Location(page=number, line=line_number)))
                ended = right - item["x1"] > size * 2
        _flush(document, paragraph)
    except InputError:
        raise
    except Exception as error:
        raise InputError(_bounded_reason(error) or f"PDF 文件无法解析（{type(error).__name__}: {error}）") from None
    finally:
        try:
            pdf.close()
        except Exception:  # closing walks the pages again; the reason is already reported
            pass
    return document if characters else None


def _bounded_reason(error: BaseException):
    """The clerk's line when a bound stopped the reading, wherever pdfplumber wrapped it."""
    from xxgk_lint.read.pdf_limits import PdfTooLarge

    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, PdfTooLarge):
            return str(error)
        if isinstance(error, RecursionError):
            return "PDF 的页面树或对象嵌套过深（可能是恶意构造的文件），无法读取"
        wrapped = next((a for a in getattr(error, "args", ()) if isinstance(a, BaseException)), None)
        error = wrapped or error.__cause__ or error.__context__
    return None


def _inside(obj, box) -> bool:
    x0, top, x1, bottom = box
    return obj.get("x0", 0) >= x0 - 1 and obj.get("x1", 0) <= x1 + 1 and obj.get("top", 0) >= top - 1 \
        and obj.get("bottom", 0) <= bottom + 1


def _flush(document: Document, paragraph: list) -> None:
    if paragraph:
        document.blocks.append(Line("".join(text for text, _ in paragraph), paragraph[0][1]))
        paragraph.clear()


def _table(table, page: int, number: int) -> TableBlock:
    rows = []
    for r, row in enumerate(table.extract(), start=1):
        tokens = []
        for c, text in enumerate(row, start=1):
            if text is None:
                continue  # covered by a merged cell
            tokens.append(Token(text.strip(), Location(page=page, table=number, row=r, col=c)))
        filled = [t for t in tokens if t.text]
        if len(filled) == 1:
            filled[0].alone = True
        rows.append(tokens)
    return TableBlock(rows, rows_known=True, number=number)
