"""PDF with a text layer: words with positions, tables rebuilt from their ruling lines.

Uses pdfplumber (MIT, on pdfminer.six), a dependency of the package. Chosen on
the real reports in shared/corpus: it rebuilds their ruled tables cell for cell, merged cells
included, where plain text extraction interleaves the columns. Page furniture (- 1 -) is dropped,
wrapped lines are joined into paragraphs by their indentation, and the spaces PDF producers put
between CJK text and digits (2023 年) are removed. Not every ruled region is a table: prose that a
producer ruled as rows of one (a framed page) is read as running text, and every character on a
page goes either to a cell or to the text. A PDF without text (a scan) is no report we can read,
and says so.
"""

from __future__ import annotations

import io
import logging
import re
from bisect import bisect_left

from xxgk_lint.document import Document, Line, Picture, TableBlock, Token
from xxgk_lint.model import Location
from xxgk_lint.read.reading import InputError, Reading

# pdfminer logs what it makes of a damaged font (Could not get FontBBox …) as warnings, which with
# no handler of ours Python prints to stderr: English the clerk cannot act on, and the text is read
# all the same. A handler that drops them keeps them out of the console.
for _library in ("pdfminer", "pdfplumber"):
    logging.getLogger(_library).addHandler(logging.NullHandler())
    logging.getLogger(_library).propagate = False

MAX_PAGES = 300
PAGE_FURNITURE = re.compile(r"^(?:[-—–－]\s*\d+\s*[-—–－]|第\s*\d+\s*页(?:\s*[/，,]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)$")
HEADING_START = re.compile(r"^(?:[一二三四五六七八九十]{1,2}、|（[一二三四五六七八九十]{1,2}）|\([一二三四五六七八九十]{1,2}\)|第二十条)")
_CJK = r"[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef“”‘’]"
_SPACE_NEAR_CJK = re.compile(rf"(?<={_CJK})\s+|\s+(?={_CJK})")
_SENTENCE = re.compile(r"[。；;！!？?]")
_VALUE = re.compile(r"^(?:[-+]?\d[\d,，]*(?:\.\d+)?|[/／—–-]+)$")  # a cell's number, or its dash for none
CAPTION_LENGTH = 30  # characters: the template's longest heading (五、……改进情况) has 22


SCAN_TEXT = 40  # characters: a page with fewer beside a picture covering it is a scanned page
# what a report's name, its document title or a scan's few words say it is
_SAYS_REPORT = re.compile(r"年度报告|年报|政府信息公开")


def read_pdf(name: str, raw: bytes):
    """The document, or a Reading that says why nothing can be recognised (a scan). A scan says
    whether its file name, its document title or the few words it has (a typed cover, a stamp) call
    it an annual report: such a scan is a report nobody can check, not a file that is none."""
    survey: dict = {}
    document = parse_pdf(name, raw, survey)
    if document is None:
        reason = "PDF 没有文字层（可能是扫描件或图片），无法读取其中的文字和表格"
        return _scan(name, reason, survey.get("title", ""))
    if survey.get("scanned", 0) * 2 >= survey.get("pages", 0) > 0:
        from xxgk_lint.read.page_hints import holds_little

        if holds_little(document):
            words = "".join(block.text for block in document.blocks if isinstance(block, Line))
            reason = (f"PDF 的 {survey['pages']} 页中有 {survey['scanned']} 页是图片（扫描件），可读的文字只有"
                      f" {len(words)} 个字，无法读取其中的表格")
            return _scan(name, reason, survey.get("title", "") + " " + words)
    return document


def _scan(name: str, reason: str, words: str) -> Reading:
    from os.path import basename

    from xxgk_lint.model import Problem
    from xxgk_lint.read.reading import SCAN_REPORT, SCAN_UNKNOWN

    says = _SAYS_REPORT.search(basename(name)) or _SAYS_REPORT.search(words)
    return Reading(data={}, problems=[Problem("unrecognised", reason)], recognised=False, form="pdf",
                   scan=SCAN_REPORT if says else SCAN_UNKNOWN)


def parse_pdf(name: str, raw: bytes, survey: dict | None = None):
    """The document, None where the PDF has no text at all. `survey`, where given, gets the number
    of pages, of pages that are a picture with next to no text (scanned), and the document's title."""
    try:
        import pdfplumber
        from pdfminer.pdfparser import PDFSyntaxError
    except ImportError:
        raise InputError("读取 PDF 需要的组件 pdfplumber 没有安装：请重新安装 xxgk-lint（pip install xxgk-lint）") from None
    from xxgk_lint.read.pdf_limits import install, start_document

    if not raw.lstrip()[:5].startswith(b"%PDF"):
        raise InputError("不是有效的 PDF 文件（文件开头没有 PDF 的标记 %PDF），文件可能已损坏或扩展名有误")
    install()
    start_document()
    try:
        pdf = pdfplumber.open(io.BytesIO(raw))
    except (PDFSyntaxError, Exception) as error:  # pdfminer raises many kinds on broken files
        raise InputError(_bounded_reason(error) or "PDF 文件已损坏或不完整（找不到文件的结构信息，可能下载不完整），"
                         "请重新下载或重新导出") from None
    document = Document(name, "pdf")
    try:
        if len(pdf.pages) > MAX_PAGES:
            raise InputError(f"PDF 超过 {MAX_PAGES} 页，不像一份年度报告")
        characters = 0
        tables = 0
        paragraph: list = []
        ended = False  # the previous line stopped short of the right margin
        if survey is not None:
            info = pdf.metadata or {}
            survey.update(pages=len(pdf.pages), scanned=0,
                          title=" ".join(str(info.get(key) or "") for key in ("Title", "Subject")))
        for number, page in enumerate(pdf.pages, start=1):
            characters += len(page.chars)
            if survey is not None and len(page.chars) < SCAN_TEXT and any(
                    image["width"] * image["height"] >= page.width * page.height / 2 for image in page.images):
                survey["scanned"] += 1
            grids = []  # (top, rows of cell texts) of each part of a table that is a table
            taken: set = set()  # the characters read as cells (by id): they are no running text
            tables_found = page.find_tables()
            heights = _by_height(page.chars) if tables_found else None
            for found in tables_found:
                grids.extend(_grids(found, heights, taken))
            text_page = page.filter(lambda obj, taken=taken: id(obj) not in taken) if taken else page
            lines = [line for line in text_page.extract_text_lines() if line["text"].strip()]
            margin = min((line["x0"] for line in lines), default=0)
            right = max((line["x1"] for line in lines), default=0)
            items = [(line["top"], 0, line) for line in lines] + [(top, 1, rows) for top, rows in grids]
            # a picture as wide as half the page (a table's screenshot; not a seal or a logo)
            items += [(image["top"], 2, image) for image in page.images if image["width"] >= page.width / 2]
            top_of_page = True  # nothing read on this page yet but page numbers
            for line_number, (_, kind, item) in enumerate(sorted(items, key=lambda i: (i[0], i[1])), start=1):
                if kind == 2:
                    _flush(document, paragraph)
                    document.blocks.append(Picture(Location(page=number, line=line_number)))
                    top_of_page = False
                    continue
                if kind == 1:
                    _flush(document, paragraph)
                    if top_of_page and document.blocks and isinstance(document.blocks[-1], TableBlock):
                        item = _continued(document.blocks[-1], item)
                    top_of_page = False
                    if not item:
                        continue
                    tables += 1
                    document.blocks.append(_table(item, number, tables))
                    continue
                text = _SPACE_NEAR_CJK.sub("", item["text"].strip())
                if PAGE_FURNITURE.match(text):
                    continue
                top_of_page = False
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
        raise InputError(_bounded_reason(error) or "PDF 文件已损坏，页面内容无法解析，请重新下载或重新导出") from None
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


def _grids(table, heights: tuple, taken: set) -> list:
    """The parts of a table pdfplumber found that are tables: [(top, rows of cell texts)]; the
    characters read into their cells are added to `taken` (by id), the rest stay running text.

    Producers rule running text too: a page framed as one table, or lines of prose underlined
    each as a row. A row that is one cell across the table and reads as prose (a full stop, or
    longer than a caption) is running text; so is every single-cell row before it in a run of
    such rows. The single-cell rows after the last prose row of a run (二、主动公开政府信息情况,
    第二十条第（一）项) stay with the grid they caption, as the recogniser reads them there. A
    table of one column, or of prose only, is no table at all. The parts left are cut where
    running text lay between them."""
    rows = table.rows
    if len(rows) == 0 or max(len(row.cells) for row in rows) < 2:
        return []
    cells = table.extract()
    single = [sum(cell is not None for cell in row.cells) <= 1 for row in rows]
    kept = [True] * len(rows)
    start = 0
    while start < len(rows):
        end = start
        while end < len(rows) and single[end] == single[start]:
            end += 1
        if single[start]:
            prose = [i for i in range(start, end) if _prose(next((c for c in cells[i] if c is not None), "") or "")]
            for i in range(start, prose[-1] + 1 if prose else start):
                kept[i] = False
        start = end
    parts, current = [], []
    for index, keep in enumerate(kept):
        if keep:
            current.append(index)
        elif current:
            parts.append(current)
            current = []
    if current:
        parts.append(current)
    grids = []
    for part in parts:
        if all(single[i] for i in part):
            continue  # captions with no grid under them: read as running text
        texts = [_filled(rows[i], cells[i], table, _in_rows(rows[i], heights), taken) for i in part]
        grids.append((rows[part[0]].bbox[1], texts))
    return grids


def _prose(text: str) -> bool:
    """A single cell's text reads as running text rather than a caption or heading."""
    flat = re.sub(r"\s+", "", text)
    return bool(_SENTENCE.search(flat)) or len(flat) > CAPTION_LENGTH


def _by_height(chars: list) -> tuple:
    """A page's characters by the height of their centre, once a page, so that each table row takes
    its own by bisection rather than testing every character of the page (a page holds thousands):
    (the entries (height, order on the page, character), their heights)."""
    entries = sorted(((c["top"] + c["bottom"]) / 2, n, c) for n, c in enumerate(chars))
    return entries, [height for height, _, _ in entries]


def _in_rows(row, heights: tuple) -> list:
    """The characters whose centre height lies in a row's band, in the page's order."""
    entries, values = heights
    top, bottom = row.bbox[1], row.bbox[3]
    band = entries[bisect_left(values, top):bisect_left(values, bottom)]
    return [char for _, _, char in sorted(band, key=lambda entry: entry[1])]


def _filled(row, texts: list, table, chars: list, taken: set) -> list:
    """A row's cell texts as pdfplumber reads them (a character is a cell's where its centre lies in
    both the row and the cell; `chars` are the page's characters in the row's band), and the characters that lie in no cell of the table (a cell whose
    top border the page break cut off reads as merged with the row above) put in the column they
    stand in, where that column of the row is empty. The characters read go into `taken`."""
    from pdfplumber.utils import extract_text

    columns = [column.bbox for column in table.columns]
    cells = [cell for cell in row.cells if cell is not None]
    texts = list(texts)
    stray: dict = {}
    for char in chars:  # those whose centre lies in the row's band of heights
        if not _centre_in(char, row.bbox):
            continue
        if any(_centre_in(char, cell) for cell in cells):
            taken.add(id(char))
        elif not any(_centre_in(char, cell) for cell in table.cells):
            middle = (char["x0"] + char["x1"]) / 2
            column = next((c for c, box in enumerate(columns) if box[0] <= middle < box[2]), None)
            if column is not None and not (texts[column] or "").strip():
                stray.setdefault(column, []).append(char)
    for column, chars in stray.items():
        texts[column] = extract_text(chars)
        taken.update(id(char) for char in chars)
    return texts


def _centre_in(obj, box) -> bool:
    """pdfplumber's own test of a character in a cell: its centre lies in the box."""
    x0, top, x1, bottom = box
    middle, height = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return x0 <= middle < x1 and top <= height < bottom


def _flush(document: Document, paragraph: list) -> None:
    if paragraph:
        document.blocks.append(Line("".join(text for text, _ in paragraph), paragraph[0][1]))
        paragraph.clear()


_CAPTION = re.compile(r"第二十条第[（(][一二三四五六七八九十]+[）)]项")  # a block's caption in section 二


def _continued(before: TableBlock, texts: list) -> list:
    """A table that opens a page, its first row taken into the row the page break cut (2.没有现成信
    / 息需要另行制作) where that row is the cut's rest: as many columns as the last row of the table
    closing the previous page, text only where that row has no number, and some text. The rest
    of each cut cell is added to the cell above it (to a merged cell's first row)."""
    first, last = texts[0], before.rows[-1] if before.rows else []
    if len(first) != max((token.location.col for token in last), default=0):
        return texts
    above = {}  # column → the token that holds that column's text, the last row's or a merged cell's
    for row in before.rows:
        for token in row:
            above[token.location.col] = token
    numbers = {token.location.col for token in last if _VALUE.match(token.text.strip())}
    rest = {c: text.strip() for c, text in enumerate(first, start=1) if text and text.strip()}
    if not rest or numbers & set(rest) or not numbers or any(c not in above for c in rest):
        return texts
    if any(_CAPTION.match(text) for text in rest.values()):
        return texts  # a block's caption (第二十条第（九）项) opening the page starts its own row, not a cut label's rest
    for column, text in rest.items():
        above[column].text = f"{above[column].text}\n{text}" if above[column].text else text
    return texts[1:]


def _table(texts: list, page: int, number: int) -> TableBlock:
    rows = []
    for r, row in enumerate(texts, start=1):
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
