"""Shapes clerks make of the reports that the readers misread before (round 8):

- text copied out of a browser (select all, copy, paste into Notepad) from a page Word exported:
  Chromium's innerText puts every cell on lines of its own, a line holding only a tab between two
  cells and two blank lines or more between rows. Each row was taken for a missing row (S006, 30
  errors a report) and the Shanghai page's table 四, never read, was said to disagree with the
  text (W003). Written here from the tests' own pages and (where ../shared is present) from the
  real pages, by the rules of innerText (innertext_shape.py, which writes the real pages' copies
  byte for byte as Chromium does).
"""

from __future__ import annotations

import pathlib

import pytest
from forms import render_html
from innertext_shape import inner_text, without_row_breaks
from reports import check_bytes
from test_read_forms import assert_same_tables, varied
from test_read_shapes_r7 import REPORTS

from xxgk_lint.document import TableBlock
from xxgk_lint.read import read_bytes
from xxgk_lint.read.text import parse_text

HERE = pathlib.Path(__file__).resolve().parent
REAL = HERE.parents[1] / "shared" / "corpus" / "real"


def findings(raw: bytes, name: str) -> list:
    return sorted((d.code, d.path, d.expected, d.actual, d.message) for d in check_bytes(raw, name))


@pytest.mark.parametrize("report", sorted(REPORTS))
def test_a_browsers_copy_of_words_page_reads_as_the_page_does(report):
    data = REPORTS[report]()
    page = render_html(data)
    copy = inner_text(page, word_cells=True)
    assert "\n\n\t\n\n" in copy and "\n\n\n\n\n" in copy  # the shape: a tab alone between cells
    raw = copy.encode("utf-8")
    reading = read_bytes("copied.txt", raw)
    assert reading.recognised, reading.problems
    assert_same_tables(reading.data, data)
    assert findings(raw, "copied.txt") == findings(page, "page.html")


def test_a_cells_paragraphs_are_one_cell_and_a_paragraph_after_the_table_is_text():
    """商业 / 企业 (two paragraphs of one cell) is one header; the heading after a table's last
    number, one blank line from it as a cell's second paragraph would be, is running text."""
    page = ("<p>二、主动公开政府信息情况</p><table><tr><td><p>信息内容</p></td><td><p>商业</p><p>企业</p></td>"
            "<td><p>总计</p></td></tr><tr><td><p>规章</p></td><td><p>1</p></td><td><p>2</p></td></tr>"
            "<tr><td><p>规范性文件</p></td><td><p>3</p></td><td><p>4</p></td></tr>"
            "<tr><td><p>行政许可</p></td><td><p>5</p></td><td><p>6</p></td></tr></table>"
            "<p>三、收到和处理政府信息公开申请情况</p><p>本年度无此类情况。</p>").encode()
    blocks = parse_text("a.txt", inner_text(page)).blocks
    tables = [b for b in blocks if isinstance(b, TableBlock)]
    assert [[[t.text for t in row] for row in table.rows] for table in tables] == [
        [["信息内容", "商业企业", "总计"], ["规章", "1", "2"], ["规范性文件", "3", "4"], ["行政许可", "5", "6"]]]
    assert [b.text for b in blocks if not isinstance(b, TableBlock)] == [
        "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "本年度无此类情况。"]


def test_an_empty_cells_lost_space_keeps_its_place():
    """An empty cell Word fills with a no-break space keeps its place when an editor drops the
    space (the line is a tab alone, or tabs alone): the numbers after it stay in their columns."""
    page = ("<table><tr><td><p>甲</p></td><td><p>乙</p></td><td><p>丙</p></td><td><p>丁</p></td></tr>"
            "<tr><td><p>规章</p></td><td><p>&nbsp;</p></td><td><p>2</p></td><td><p>3</p></td></tr>"
            "<tr><td>规范性文件</td><td>&nbsp;</td><td>&nbsp;</td><td><p>4</p></td></tr>"
            "<tr><td>行政许可</td><td><p>5</p></td><td><p>6</p></td><td>&nbsp;</td></tr></table>"
            "<p>四、政府信息公开行政复议、行政诉讼情况</p><p>本年度没有此类案件。</p>").encode()
    for copy in (inner_text(page), inner_text(page).replace("\u00a0", "")):
        blocks = parse_text("a.txt", copy).blocks
        table = next(b for b in blocks if isinstance(b, TableBlock))
        assert [[t.text for t in row] for row in table.rows] == [
            ["甲", "乙", "丙", "丁"], ["规章", "", "2", "3"], ["规范性文件", "", "", "4"], ["行政许可", "5", "6", ""]]
        assert [b.text for b in blocks if not isinstance(b, TableBlock)][0] == "四、政府信息公开行政复议、行政诉讼情况"


@pytest.mark.parametrize("edition_id", ["2019", "2021"])
def test_a_copy_whose_rows_cannot_be_told_is_read_by_the_form(edition_id):
    """Every break one blank line: the cells in order, laid out by the form as a copied page's
    cells one a line are (the report's tables have no blank cell, so none is lost)."""
    data = varied(edition_id)
    page = render_html(data)
    raw = without_row_breaks(inner_text(page, word_cells=True)).encode("utf-8")
    reading = read_bytes("copied.txt", raw)
    assert reading.recognised, reading.problems
    assert_same_tables(reading.data, data)
    assert findings(raw, "copied.txt") == findings(page, "page.html")


def test_a_line_of_tabs_in_a_copied_page_is_still_an_empty_cell():
    """The copies read before (a cell a line after a tab, an empty cell a tab alone) are not taken
    for a browser's copy of Word's cells: their tabs stand before their cells."""
    text = "二、主动公开政府信息情况\n" + "".join(f"\t规章{i}\n\t{i}\n\t\n\t{i + 1}\n" for i in range(8))
    blocks = parse_text("a.txt", text).blocks
    table = next(b for b in blocks if isinstance(b, TableBlock))
    assert not table.rows_known and [t.text for t in table.rows[0]][:4] == ["规章0", "0", "", "1"]


@pytest.mark.parametrize("name", ["pingtan-2024", "shanghai-office-2019"])
def test_the_real_pages_copied_out_of_chromium_read_as_the_pages_do(name):
    page = REAL / f"{name}.html"
    if not page.exists():
        pytest.skip("the shared corpus is not here")
    raw = inner_text(page.read_bytes()).encode("utf-8")
    assert [f[:4] for f in findings(raw, f"{name}.txt")] == [f[:4] for f in findings(page.read_bytes(), page.name)]
    no_space = raw.replace("\u00a0".encode(), b"")  # an editor that drops the empty cells' spaces
    assert [f[:4] for f in findings(no_space, f"{name}.txt")] == [f[:4] for f in findings(page.read_bytes(), page.name)]


def test_a_table_left_blank_is_not_said_to_contradict_the_text():
    """Table 四 blank throughout (unfilled, or lost by a copy): S007 says so; the text's 行政复议3件
    is not compared with a 0 nobody wrote (W003), as it is with a 0 written there."""
    import yaml

    data = varied("2021")
    data["sections"]["overview"] += "\n本年度发生政府信息公开行政复议3件。"
    for group in data["review_litigation"].values():
        for key in group:
            group[key] = None
    codes = {d.code for d in check_bytes(yaml.safe_dump(data, allow_unicode=True).encode(), "r.yaml")}
    assert "S007" in codes and "W003" not in codes
    for group in data["review_litigation"].values():
        for key in group:
            group[key] = 0
    codes = {d.code for d in check_bytes(yaml.safe_dump(data, allow_unicode=True).encode(), "r.yaml")}
    assert "W003" in codes


# -- a PDF opened in a word processor and saved as Word: every line a text box --------------------

def _text_box_run(text: str) -> str:
    """A run holding a VML text box with one paragraph, as LibreOffice writes a PDF's line."""
    return ('<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
            'xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape style="position:absolute">'
            f'<v:textbox><w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>'
            '</v:textbox></v:shape></w:pict></w:r>')


def _docx_with_boxes(texts: list, body: bytes | None = None) -> bytes:
    import io

    import docx
    from docx.oxml import parse_xml

    document = docx.Document(io.BytesIO(body)) if body else docx.Document()
    for text in texts:
        document.add_paragraph()._p.append(parse_xml(_text_box_run(text)))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_word_file_converted_from_a_pdf_is_refused_in_one_line():
    from xxgk_lint.read import InputError

    raw = _docx_with_boxes(render_text_lines())
    with pytest.raises(InputError) as refused:
        read_bytes("年报.docx", raw)
    message = str(refused.value)
    assert "由 PDF 转换来的" in message and "文本框" in message and "原来的 PDF" in message and "\n" not in message


def test_a_report_with_its_title_in_a_text_box_is_read():
    from wordforms import render_docx

    data = varied("2021")
    raw = _docx_with_boxes(["某某县人民政府办公室"] * 3, render_docx(data))
    reading = read_bytes("年报.docx", raw)
    assert reading.recognised
    assert_same_tables(reading.data, data)


def render_text_lines() -> list:
    """The lines of the tests' report as text, each line to become a text box."""
    from forms import render_text

    return [line for line in render_text(varied("2021")).split("\n") if line.strip()]


def test_a_location_is_one_line_whatever_its_note_says():
    from xxgk_lint.model import Location

    moved = Location(paragraph=1).moved(note="由连写的“0\n0\n12”逐格读出")
    assert "\n" not in moved.describe() and moved.note == "由连写的“0 0 12”逐格读出"


# -- table 四 with blank cells, copied out of a PDF keeping its layout ------------------------------

def test_table_four_with_fewer_numbers_than_cells_is_said_once():
    """A copy out of a PDF keeps no blank cell (5 _ _ 2 7 | 8 _ _ 1 9 | _____): six numbers for
    15 cells. They were guessed into the first six cells (A006, W003, five S006); now one S011."""
    from forms import render_pdf_text

    data = varied("2021")
    data["sections"]["overview"] += "\n本年度发生政府信息公开行政复议6件。"
    review = data["review_litigation"]
    review["review"]["corrected"] = review["review"]["other"] = None
    review["direct_suit"]["corrected"] = None
    review["suit_after_review"] = {key: None for key in review["suit_after_review"]}
    raw = render_pdf_text(data).encode("utf-8")
    found = check_bytes(raw, "copied.txt")
    four = [d for d in found if d.path[:1] == ("review_litigation",)]
    assert [(d.code, d.path) for d in four] == [("S011", ("review_litigation",))]
    assert "格" in four[0].message and "\n" not in four[0].message
    assert "W003" not in {d.code for d in found}


def test_table_four_with_every_number_is_read():
    from forms import render_pdf_text

    data = varied("2021")
    raw = render_pdf_text(data).encode("utf-8")
    assert read_bytes("copied.txt", raw).data["review_litigation"] == data["review_litigation"]


def test_a_caption_above_a_header_wrapped_over_three_lines_stays_with_its_table():
    """pdftotext -layout: 本年新 / 信息内容 … 对外公开总数量 / 制作数量, three lines of one header
    row between the caption and the first row: the caption (第二十条第（一）项) was left out of
    the table and the block said missing (S006)."""
    text = "\n".join(["二、主动公开政府信息情况", "", "",
                      "                              第二十条第（一）项", "", "",
                      "                                  本年新      本年新",
                      "                      信息内容                         对外公开总数量",
                      "                                 制作数量     公开数量", "", "",
                      "               规章                  13       13           524", "", "",
                      "               规范性文件               60       60           368", ""])
    tables = [b for b in parse_text("a.txt", text).blocks if isinstance(b, TableBlock)]
    texts = [t.text for t in tables[0].rows[0]]
    assert texts[texts.index("第二十条第（一）项") + 1] == "本年新      本年新"
    found = check_bytes(("2019年某某局政府信息公开工作年度报告\n" + text).encode(), "a.txt")
    assert not [d for d in found if d.path[:2] == ("proactive", "item1")]  # read: nothing said missing


# -- a PDF whose font lacks its box: pdfminer's English warnings ---------------------------------

def _pdf_with_a_font_without_its_box() -> bytes:
    """A one-page PDF whose font descriptor has no FontBBox, as some print-to-PDF drivers write."""
    stream = b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >>"
               b" /Contents 4 0 R >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Plain /FontDescriptor 6 0 R >>",
               b"<< /Type /FontDescriptor /FontName /Plain /Flags 32 /ItalicAngle 0 /Ascent 700 /Descent -200"
               b" /CapHeight 700 /StemV 80 >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_a_pdf_libraries_warnings_stay_out_of_the_console(tmp_path):
    from reports import run_cli

    (tmp_path / "报告.pdf").write_bytes(_pdf_with_a_font_without_its_box())
    result = run_cli("check", str(tmp_path / "报告.pdf"))
    error = result.stderr.decode("utf-8")
    assert "FontBBox" not in error and "Traceback" not in error, error


def test_a_caption_opening_a_page_is_not_the_rest_of_the_label_above():
    """Print-to-PDF: the page ends after 行政事业性收费 | 0 | 0 and the next opens with the row of
    第二十条第（九）项. A cut label's rest opening a page is added to the label above (2.没有现成信
    / 息需要另行制作); a block's caption is not (行政事业性收费第二十条第（九）项 was S006 and S008)."""
    from xxgk_lint.read.pdf import _continued, _table

    before = _table([["第二十条第（八）项", None, None], ["信息内容", "上一年项目数量", "本年增/减"], ["行政事业性收费", "0", "0"]], 2, 1)
    page = [["第二十条第（九）项", None, None], ["信息内容", "采购项目数量", "采购总金额"], ["政府集中采购", "6", "251000元"]]
    assert _continued(before, page) == page and before.rows[-1][0].text == "行政事业性收费"
    cut = [["没有现成信息需要另行制作", None, None], ["3.补正后申请内容仍不明确", "0", "0"]]
    assert _continued(before, cut) == cut[1:] and before.rows[-1][0].text == "行政事业性收费\n没有现成信息需要另行制作"
