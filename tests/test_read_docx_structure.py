"""The .docx reader's walk over a body that Word fills with more than paragraphs and plain tables:
content controls, text boxes, nested tables, records of changed cell properties. python-docx
writes none of these, so the document.xml here is written by hand, as Word writes each piece."""

import io
import zipfile

from xxgk_lint.document import Line, TableBlock
from xxgk_lint.read.docx import read_docx

NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx_of(body: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?>'
                                              f"<w:document {NS}><w:body>{body}<w:sectPr/></w:body></w:document>")
    return buffer.getvalue()


def p(*runs: str) -> str:
    return "<w:p><w:pPr><w:jc w:val='center'/></w:pPr>" + "".join(
        f"<w:r><w:rPr><w:b/></w:rPr><w:t>{text}</w:t></w:r>" for text in runs) + "</w:p>"


def tc(content: str, properties: str = "") -> str:
    return f"<w:tc><w:tcPr><w:tcW w:w='100'/>{properties}</w:tcPr>{content}</w:tc>"


def blocks(body: str) -> list:
    return read_docx("r.docx", docx_of(body)).blocks


def cells(table: TableBlock) -> list:
    return [[(t.text, t.location.row, t.location.col) for t in row] for row in table.rows]


def test_paragraphs_numbered_in_body_order_through_content_controls():
    found = blocks(p("一、总体情况") + p() + "<w:sdt><w:sdtPr/><w:sdtContent>" + p("受控", "内容")
                   + "</w:sdtContent></w:sdt>" + "<w:customXml>" + p("不读") + "</w:customXml>" + p("末段"))
    assert [(b.text, b.location.paragraph) for b in found] == [("一、总体情况", 1), ("受控内容", 3), ("末段", 4)]


def test_a_text_box_belongs_to_the_paragraph_it_sits_in():
    box = "<w:r><w:pict><w:txbxContent>" + p("框内") + "</w:txbxContent></w:pict></w:r>"
    found = blocks("<w:p><w:r><w:t>前</w:t></w:r>" + box + "<w:r><w:t>后</w:t></w:r></w:p>" + p("下一段"))
    assert [(b.text, b.location.paragraph) for b in found] == [("前\n框内后", 1), ("下一段", 2)]


def test_a_text_box_word_also_writes_for_older_readers_is_read_once():
    """Word writes a text box (and a picture) twice: as DrawingML in mc:Choice, and as VML in
    mc:Fallback for readers that know no DrawingML. A clerk sees it once."""
    box = "<w:txbxContent>" + p("框内") + "</w:txbxContent>"
    twice = ('<w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
             f'<mc:Choice Requires="wps"><w:drawing>{box}</w:drawing></mc:Choice>'
             f"<mc:Fallback><w:pict>{box}</w:pict></mc:Fallback></mc:AlternateContent></w:r>")
    found = blocks("<w:p><w:r><w:t>前</w:t></w:r>" + twice + "<w:r><w:t>后</w:t></w:r></w:p>" + p("下一段"))
    assert [(b.text, b.location.paragraph) for b in found] == [("前\n框内后", 1), ("下一段", 2)]


def test_cell_text_breaks_merges_and_a_nested_table():
    nested = "<w:tbl><w:tr>" + tc(p("内表")) + "</w:tr></w:tbl>"
    body = ("<w:tbl><w:tblPr/><w:tblGrid/>"
            "<w:tr><w:trPr><w:gridBefore w:val='1'/></w:trPr>"
            + tc(p("信息", " 内容") + p() + p("第二段"), "<w:gridSpan w:val='2'/>")
            + tc("<w:p><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t></w:r></w:p>", "<w:vMerge w:val='restart'/>")
            + "</w:tr><w:tr>"
            + tc(p("外") + nested + p("表"), "<w:tcPrChange><w:tcPr><w:gridSpan w:val='5'/></w:tcPr></w:tcPrChange>")
            + tc(p("续行不读"), "<w:vMerge/>")
            + tc(p("1"))
            + "</w:tr></w:tbl>" + p("表后"))
    table, after = blocks(body)
    assert isinstance(table, TableBlock) and table.number == 1
    assert cells(table) == [[("信息 内容\n第二段", 1, 2), ("a\tb\nc", 1, 4)],
                            [("外\n内表\n表", 2, 1), ("1", 2, 3)]]
    assert isinstance(after, Line) and (after.text, after.location.paragraph) == ("表后", 1)


def test_rows_and_cells_in_content_controls_inside_a_table_are_read_as_word_shows_them():
    """A form template's fillable parts: a repeating section wraps rows in a content control, a
    control put on whole cells wraps the cells. Word shows them as any other row and cell; left
    out, a row's numbers would move into the wrong columns or go missing."""
    control = "<w:sdt><w:sdtPr/><w:sdtContent>{}</w:sdtContent></w:sdt>".format
    body = ("<w:tbl><w:tr>" + tc(p("甲")) + tc(p("1")) + "</w:tr>"
            + control("<w:tr>" + tc(p("乙")) + tc(p("2")) + "</w:tr>")
            + "<w:tr>" + tc(p("丙")) + control(tc(p("3"))) + "</w:tr>"
            + "<w:tr>" + tc("<w:tbl>" + control("<w:tr>" + tc(p("内")) + "</w:tr>") + "</w:tbl>") + tc(p("4"))
            + "</w:tr></w:tbl>")
    (table,) = blocks(body)
    # a nested table's rows stay its cell's text, controls or not
    assert cells(table) == [[("甲", 1, 1), ("1", 1, 2)], [("乙", 2, 1), ("2", 2, 2)],
                            [("丙", 3, 1), ("3", 3, 2)], [("内", 4, 1), ("4", 4, 2)]]


def test_a_word_form_whose_rows_are_content_controls_checks_clean():
    """End to end: a real .docx (python-docx) of a consistent report, every other row of its tables
    wrapped in a content control as a fillable template has them, reads and checks as the plain one."""
    import re

    from reports import check_bytes
    from test_read_forms import assert_same_tables, varied
    from wordforms import render_docx

    from xxgk_lint.read import read_bytes

    data = varied("2021")
    raw = render_docx(data)
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    rows = iter(range(10 ** 6))
    wrapped = re.sub(r"<w:tr[ >].*?</w:tr>", lambda m: m.group(0) if next(rows) % 2 else
                     f"<w:sdt><w:sdtPr/><w:sdtContent>{m.group(0)}</w:sdtContent></w:sdt>", xml, flags=re.S)
    assert wrapped.count("<w:sdtContent><w:tr") > 10
    parts["word/document.xml"] = wrapped.encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    controlled = buffer.getvalue()
    reading = read_bytes("report.docx", controlled)
    assert reading.recognised
    assert_same_tables(reading.data, data)
    assert check_bytes(raw, "report.docx") == []
    assert [(d.code, d.message) for d in check_bytes(controlled, "report.docx")] == []
