"""The same report in the other shapes offices keep and publish it in: each shape must give what the
original gives (the same tables, the same findings).

Shapes built here from a report: a Word document whose whole body sits in a one-cell layout table
(a common 公文 template); a web page wrapped in an ASP.NET <form>, or shown through <iframe
srcdoc>; a text file whose paragraphs are indented with a tab, or saved as plain text out of Word
(one row a line, cells separated by tabs, a merged caption row a line of its own); full-width
digits in the prose; a table 四 of a year without any case, written "—" in every cell. The real
web pages of ../shared/corpus/real are put through the same shapes where the corpus is present.
"""

from __future__ import annotations

import copy
import html
import io
import pathlib
import re

import pytest
from forms import render_html, render_text, render_tsv
from reports import check_bytes
from test_read_forms import assert_same_tables, varied

from xxgk_lint.read import read_bytes

docx = pytest.importorskip("docx", reason="python-docx (test extra) is not installed")
from docx.oxml import OxmlElement  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from wordforms import render_docx  # noqa: E402

REAL = pathlib.Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"
SEED = pathlib.Path(__file__).resolve().parents[2] / "shared" / "seed" / "qingdao-bigdata-2020.txt"


def findings(raw: bytes, name: str) -> list:
    """What a clerk is told, without where: code, cell, expected and actual, message."""
    return sorted((d.code, d.path, d.expected, d.actual, d.message) for d in check_bytes(raw, name))


def in_layout_table(raw: bytes, letterhead: str | None = None) -> bytes:
    """The document's body moved into a layout table: one cell holding every paragraph and table,
    under a row holding the letterhead where one is given."""
    document = docx.Document(io.BytesIO(raw))
    body = document.element.body
    content = [child for child in body if child.tag in (qn("w:p"), qn("w:tbl"))]
    layout = document.add_table(rows=2 if letterhead else 1, cols=1)
    if letterhead:
        layout.cell(0, 0).text = letterhead
        layout.cell(0, 0).add_paragraph("（公文版头）")
    cell = layout.cell(layout.rows.__len__() - 1, 0)._tc
    for paragraph in cell.findall(qn("w:p")):
        cell.remove(paragraph)
    for child in content:
        body.remove(child)
        cell.append(child)
    cell.append(OxmlElement("w:p"))  # a cell ends with a paragraph, as Word writes it
    body.remove(layout._tbl)
    body.insert(0, layout._tbl)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize("letterhead", [None, "江北市人民政府办公室文件"])
def test_docx_body_in_a_layout_table_is_read_as_the_body(letterhead):
    data = varied("2021")
    raw = render_docx(data)
    wrapped = in_layout_table(raw, letterhead)
    reading = read_bytes("report.docx", wrapped)
    assert reading.recognised  # was S001: the whole report read as one cell of one table
    assert_same_tables(reading.data, data)
    assert reading.data["sections"] == data["sections"]
    assert findings(wrapped, "report.docx") == findings(raw, "report.docx") == []


def test_docx_paragraphs_indented_with_a_tab_stay_paragraphs():
    """Word indents a title, a heading or a paragraph with a tab: a run of such paragraphs holds
    no numbers and is not a table pasted as text (the title was read as a cell: S002, no agency)."""
    data = varied("2021")
    topics = ["主动公开方面", "依申请公开方面", "政府信息管理方面", "平台建设方面", "监督保障方面", "其他方面"]
    data["sections"]["overview"] = "\n".join(
        f"（{'一二三四五六'[i]}）{topic}\n本年度{topic}工作稳步推进，各项制度得到落实。" for i, topic in enumerate(topics))
    raw = render_docx(data)
    document = docx.Document(io.BytesIO(raw))
    indented = 0
    for paragraph in document.paragraphs:
        if paragraph.text:
            paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, _tab_run())
            indented += 1
    assert indented >= 8
    out = io.BytesIO()
    document.save(out)
    reading = read_bytes("report.docx", out.getvalue())
    assert (reading.data["agency"], reading.data["title"]) == (data["agency"], data["title"])
    assert reading.data["sections"] == data["sections"]
    assert findings(out.getvalue(), "report.docx") == findings(raw, "report.docx") == []


def _tab_run():
    run = OxmlElement("w:r")
    run.append(OxmlElement("w:tab"))
    return run


def test_docx_layout_table_keeps_a_defect_and_its_cell():
    data = varied("2021")
    data["review_litigation"]["review"]["total"] = 0  # A004 on 行政复议
    found = [d for d in check_bytes(in_layout_table(render_docx(data)), "report.docx") if d.code == "A004"]
    assert [(d.path, d.actual) for d in found] == [(("review_litigation", "review", "total"), 0)]
    assert found[0].location.table is not None and found[0].location.row is not None


def test_a_web_page_inside_an_asp_net_form_is_read():
    """ASP.NET sites wrap the whole body in one <form>; its controls are still skipped."""
    data = varied("2021")
    page = render_html(data, chrome=True).decode("utf-8")
    wrapped = re.sub(r"(<body[^>]*>)", r'\1<form method="post" action="./Detail.aspx" id="form1">'
                     r'<input type="hidden" name="__VIEWSTATE" value="/wEPDwUK"/>'
                     r'<input type="text" name="key" value="请输入关键字"/><button>搜索</button>', page, count=1)
    wrapped = wrapped.replace("</body>", "</form></body>").encode("utf-8")
    reading = read_bytes("page.html", wrapped)
    assert reading.recognised
    assert_same_tables(reading.data, data)
    assert findings(wrapped, "page.html") == findings(page.encode("utf-8"), "page.html") == []


def test_a_report_shown_through_iframe_srcdoc_is_read_where_the_frame_stands():
    data = varied("2019")
    inner = render_html(data).decode("utf-8")
    page = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>年报</title></head><body>'
            '<div class="breadcrumb">首页 &gt; 政务公开</div>'
            f'<iframe width="100%" height="3000" srcdoc="{html.escape(inner, quote=True)}"></iframe>'
            '<iframe src="https://example.invalid/other.html"></iframe><iframe srcdoc=""></iframe>'
            '</body></html>').encode("utf-8")
    reading = read_bytes("page.html", page)
    assert reading.recognised
    assert_same_tables(reading.data, data)
    assert findings(page, "page.html") == []


def test_paragraphs_indented_with_a_tab_in_text_stay_prose():
    """A tab before a paragraph (as editors indent one) is not a cell of a table copied from the web."""
    data = varied("2021")
    text = render_text(data)
    prose = set(line for part in data["sections"].values() for line in (part or "").split("\n") if line)
    indented = "\n".join("\t" + line if line in prose else line for line in text.split("\n"))
    assert indented != text
    reading = read_bytes("report.txt", indented.encode("utf-8"))
    assert reading.data["sections"] == data["sections"]
    assert_same_tables(reading.data, data)
    assert findings(indented.encode("utf-8"), "report.txt") == findings(text.encode("utf-8"), "report.txt") == []


@pytest.mark.parametrize("footer", ["— 3 —", "- 3 -", "－ 3 －", "第 3 页 共 8 页", "第3页"])
def test_a_page_number_copied_into_the_middle_of_a_table_is_not_a_cell(footer):
    """Text copied out of a PDF viewer carries each page's number where the page broke, often in
    the middle of table 三 (a cell a line): read as a cell it shifted every cell after it."""
    data = varied("2021")
    lines = render_text(data).split("\n")
    cells = [i for i, line in enumerate(lines) if line.startswith("\t")]
    for at in (cells[len(cells) // 3], cells[len(cells) // 2], cells[2 * len(cells) // 3]):
        paged = "\n".join(lines[:at] + [footer] + lines[at:]).encode("utf-8")
        reading = read_bytes("report.txt", paged)
        assert_same_tables(reading.data, data)
        assert findings(paged, "report.txt") == []


def test_word_saved_as_plain_text_keeps_the_captions_of_section_two():
    """Word's plain text: a table row a line, cells tab-separated; a merged caption row
    (第二十条第（一）项) is one cell, so a line without a tab, just above its table."""
    data = varied("2021")
    text = "\n".join(line.rstrip("\t") for line in render_tsv(data).split("\n"))
    assert "\n第二十条第（一）项\n信息内容\t" in text
    reading = read_bytes("report.txt", text.encode("utf-8"))
    assert_same_tables(reading.data, data)
    assert findings(text.encode("utf-8"), "report.txt") == []


def test_full_width_digits_in_the_prose_state_the_period():
    data = varied("2021")
    data["preface"] = "本报告中所列数据统计期限为２０２３年１月１日至１２月３１日。"
    assert "W006" not in {d.code for d in check_bytes(render_docx(data), "report.docx")}
    data["preface"] = "本报告中所列数据统计期限为２０２２年１月１日至１２月３１日。"
    wrong = [d for d in check_bytes(render_docx(data), "report.docx") if d.code == "W006"]
    assert [(d.expected, d.actual) for d in wrong] == [(data["year"], 2022)]


@pytest.mark.parametrize("mark", ["—", "/", "无"])
def test_a_table_four_of_dashes_is_read_as_table_four(mark):
    """A year without any review or suit, every cell of table 四 written with a mark for none:
    the table is there (S007 for the marks), not missing (S006)."""
    data = varied("2021")
    for group in data["review_litigation"].values():
        for column in group:
            group[column] = mark
    for raw, name in ((render_docx(data), "report.docx"), (render_html(data), "page.html"),
                      (render_tsv(data).encode("utf-8"), "report.txt")):
        found = check_bytes(raw, name)
        assert not [d for d in found if d.code == "S006"], name
        assert {d.path for d in found if d.code == "S007"} >= {("review_litigation", "review", "upheld")}, name
        (unfilled,) = [d for d in found if d.code == "S003"]  # no number at all: not filled in, said as written
        assert f"没有一个数字（写作“{mark}”）" in unfilled.message and "空白" not in unfilled.message, name


# -- the real reports, in these shapes -------------------------------------------------------------

REAL_PAGES = ["pingtan-2024.html", "shanghai-office-2019.html"]


def _page(name: str) -> str:
    path = REAL / name
    if not path.exists():
        pytest.skip("the shared corpus (../shared/corpus/real) is not present")
    return path.read_text(encoding="utf-8")


def _body(page: str) -> str:
    return re.search(r"<body[^>]*>(.*)</body>", page, re.S).group(1)


PAGE_SHAPES = {
    "asp-net-form": lambda page: re.sub(r"(<body[^>]*>)", r'\1<form method="post" id="form1">', page, count=1)
    .replace("</body>", "</form></body>"),
    "iframe-srcdoc": lambda page: '<html><head><meta charset="utf-8"></head><body><iframe srcdoc="'
    + html.escape('<html><head><meta charset="utf-8"></head><body>' + _body(page) + "</body></html>", quote=True)
    + '"></iframe></body></html>',
    # a hidden print copy of the report beside the one shown: read once
    "hidden-twin": lambda page: page.replace("</body>", '<div style="display:none">' + _body(page) + "</div></body>"),
}


@pytest.mark.parametrize("shape", sorted(PAGE_SHAPES))
@pytest.mark.parametrize("name", REAL_PAGES)
def test_real_pages_in_other_shapes_give_the_same_findings(name, shape):
    page = _page(name)
    original = findings(page.encode("utf-8"), name)
    assert original, "the real pages have findings to compare"
    assert findings(PAGE_SHAPES[shape](page).encode("utf-8"), name) == original


@pytest.mark.parametrize("name", REAL_PAGES)
def test_real_pages_as_gbk_give_the_same_findings(name):
    page = _page(name)
    declared = re.sub(r"charset=\"?utf-8\"?", 'charset="gb2312"', page, count=1, flags=re.I)
    assert declared != page
    assert findings(declared.encode("gbk", errors="xmlcharrefreplace"), name) == findings(page.encode("utf-8"), name)


def test_real_seed_with_tab_indented_paragraphs_gives_the_same_findings():
    if not SEED.exists():
        pytest.skip("the shared seed (../shared/seed) is not present")
    text = SEED.read_text(encoding="utf-8")
    indented = "\n".join("\t" + line if len(line) > 60 and line.endswith("。") else line for line in text.split("\n"))
    assert indented.count("\n\t") > text.count("\n\t")
    assert findings(indented.encode("utf-8"), "seed.txt") == findings(text.encode("utf-8"), "seed.txt")


def test_real_seed_with_full_width_digits_gives_the_same_findings():
    if not SEED.exists():
        pytest.skip("the shared seed (../shared/seed) is not present")
    text = SEED.read_text(encoding="utf-8")
    wide = text.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert findings(wide.encode("utf-8"), "seed.txt") == findings(text.encode("utf-8"), "seed.txt")


def test_layout_table_copy_made_by_libreoffice_from_a_real_page(real_copy):
    """The real shanghai-office-2019 page converted to .docx by LibreOffice, its body then put in a
    one-cell layout table (fixtures/variants/make_variants.py, made at test time). Its findings are
    the page's: every 总计 of table 三's result rows is blank (A002), 805 against blanks (A003)."""
    fixture = real_copy("shanghai-office-2019.layout.docx")
    found = findings(fixture.read_bytes(), fixture.name)
    assert {code for code, *_ in found} >= {"A002", "A003", "S007"}
    # 805 over blank parts: the parts are to be filled in, so no 应为 0 for the one number written
    (a003,) = [f for f in found if f[:2] == ("A003", ("applications", "total", "total"))]
    assert a003[2:4] == (None, None) and "应补填各分项，使其之和为 805" in a003[4]
    page = REAL / "shanghai-office-2019.html"
    if page.exists():
        assert found == findings(page.read_bytes(), page.name)


# -- OpenDocument ---------------------------------------------------------------------------------

def _opendocument(mimetype: str) -> bytes:
    """The start of an OpenDocument file: its first entry, stored, names its kind."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mimetype)
        archive.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()


def test_an_opendocument_spreadsheet_is_refused_in_one_line():
    from xxgk_lint.read import InputError

    with pytest.raises(InputError, match="OpenDocument 表格或演示文稿"):
        read_bytes("报告.ods", _opendocument("application/vnd.oasis.opendocument.spreadsheet"))


def test_an_odt_without_libreoffice_says_to_save_it_as_docx(monkeypatch):
    import shutil

    from xxgk_lint.read import InputError

    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(InputError, match=r"OpenDocument 文本（\.odt）.*另存为.*\.docx"):
        read_bytes("报告.odt", _opendocument("application/vnd.oasis.opendocument.text"))


def test_an_odt_made_by_libreoffice_reads_as_its_docx(tmp_path):
    import shutil
    import subprocess

    if not shutil.which("soffice"):
        pytest.skip("LibreOffice is not installed")
    data = varied("2021")
    raw = render_docx(data)
    (tmp_path / "report.docx").write_bytes(raw)
    subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "odt", "--outdir", str(tmp_path), str(tmp_path / "report.docx")],
                   capture_output=True, timeout=300, check=True)
    odt = (tmp_path / "report.odt").read_bytes()
    reading = read_bytes("report.odt", odt)
    assert reading.recognised and reading.form == "odt"
    assert_same_tables(reading.data, data)
    assert findings(odt, "report.odt") == findings(raw, "report.docx") == []
    # the same file renamed .docx (a clerk "fixing" the extension) is still read as what it is
    renamed = read_bytes("report.docx", odt)
    assert renamed.recognised and renamed.form == "odt"
    assert_same_tables(renamed.data, data)
