"""Word and PDF: real .docx files written by python-docx; the real PDFs of shared/corpus."""

import functools
import io
import json
import pathlib
import re
import shutil
import zipfile

import pytest
from reports import check_bytes, codes, run_cli
from test_read_forms import QUIRKY_LABELS, assert_same_tables, varied

from xxgk_lint.read import InputError, read_bytes

docx = pytest.importorskip("docx", reason="python-docx (test extra) is not installed")
from wordforms import render_docx  # noqa: E402

CORPUS = pathlib.Path(__file__).resolve().parents[2] / "shared" / "corpus"


@pytest.mark.parametrize("edition_id", ["2019", "2021"])
def test_docx_every_cell_read_back(edition_id):
    data = varied(edition_id)
    raw = render_docx(data)
    reading = read_bytes("report.docx", raw)
    assert reading.recognised and reading.form == "docx"
    assert_same_tables(reading.data, data)
    assert reading.data["sections"] == data["sections"]
    assert (reading.data["edition"], reading.data["year"], reading.data["agency"]) == \
        (edition_id, data["year"], data["agency"])
    assert check_bytes(raw, "report.docx") == []


@pytest.mark.parametrize("edition_id", ["2019", "2021"])
def test_docx_defects_found_with_table_row_column(edition_id):
    data = varied(edition_id)
    data["applications"]["total"]["natural"] += 2  # A001, A002, A003
    data["review_litigation"]["direct_suit"]["total"] = 0  # A004
    data["applications"]["withheld_law"]["legal"] = "/"  # S007
    del data["sections"]["other"]  # S003
    raw = render_docx(data, labels=QUIRKY_LABELS)
    reading = read_bytes("bad.docx", raw)
    expected = dict(data)
    assert_same_tables(reading.data, expected)
    found = check_bytes(raw, "bad.docx")
    # the wrong （七）总计 cell is named (A006); the direct-suit group's total or one of its parts (A006 or A007)
    assert [c for c in codes(found) if c not in ("A006", "A007")] == ["A001", "A002", "A003", "A004", "S003", "S007"]
    assert ("applications", "total", "natural") in {d.path for d in found if d.code == "A006"}
    a004 = next(d for d in found if d.code == "A004")
    assert (a004.location.table, a004.location.row, a004.location.col) == (
        (7, 4, 10) if edition_id == "2019" else (6, 4, 10))
    assert (a004.expected, a004.actual) == (2, 0)


def test_docx_paragraph_locations():
    data = varied("2021")
    data["sections"]["overview"] = "2023年，本机关共收到政府信息公开申请17件。"
    found = [d for d in check_bytes(render_docx(data), "r.docx") if d.code == "W003"]
    assert len(found) == 1 and found[0].location.paragraph


@pytest.mark.parametrize("raw, complaint", [
    (b"PK\x03\x04 truncated", "已损坏"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "旧版 Word"),
])
def test_broken_docx_is_one_clear_error(raw, complaint):
    with pytest.raises(InputError, match=complaint):
        read_bytes("bad.docx", raw)


@functools.lru_cache(maxsize=1)
def damaged_files() -> dict:
    """name → (bytes, what the clerk must be told): files a download or a disk damaged."""
    import random
    import zlib

    from test_hostile import pdf_page

    noise = random.Random(7).randbytes(5000)
    good = render_docx(varied("2021"))
    archive = zipfile.ZipFile(io.BytesIO(good))
    body = archive.getinfo("word/document.xml")
    start = body.header_offset + 30 + len(body.filename.encode()) + len(body.extra)
    broken = bytearray(good)
    broken[start + 200:start + 260] = b"\xff" * 60  # the body's deflate stream, mid-way
    excel = io.BytesIO()
    with zipfile.ZipFile(excel, "w") as book:
        book.writestr("[Content_Types].xml", "<Types/>")
        book.writestr("xl/workbook.xml", "<workbook/>")
    pdf = pdf_page(b"BT /F1 12 Tf 72 700 Td (hello) Tj ET")
    assert zlib.decompress(good[start:start + body.compress_size], -15)  # the offsets are the body's
    return {"random.docx": (noise, "不是有效的 Word 文档"), "random.pdf": (noise, "不是有效的 PDF 文件"),
            "random.doc": (noise, "不是有效的旧版 Word"), "random.wps": (noise, "不是有效的WPS文件"),
            "inflate.docx": (bytes(broken), "压缩数据损坏"), "truncated.docx": (good[:len(good) // 2], "已损坏"),
            "truncated.pdf": (pdf[:len(pdf) // 2], "PDF 文件已损坏或不完整"),
            "xml.docx": (docx_with_body(b"<w:document><w:body><w:p></w:body>"), "不是完整的 XML"),
            "book.docx": (excel.getvalue(), "Excel"), "book.doc": (excel.getvalue(), "Excel")}


def docx_with_body(xml: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", xml)
    return buffer.getvalue()


# what may stay in Latin letters in a clerk's line: the names of the forms and of their parts
_NAMES = re.compile(r"PDF|Word|WPS|Excel|LibreOffice|docx|doc|zip|XML|word/document\.xml|%PDF")


@pytest.mark.parametrize("name", sorted(damaged_files()))
def test_a_damaged_file_is_said_damaged_in_chinese(name):
    """The reader's line says what the file is and that it is damaged, with no English from a
    library (Error -3 while decompressing …) and no talk of text encodings."""
    raw, told = damaged_files()[name]
    with pytest.raises(InputError) as raised:
        read_bytes(name, raw)
    line = str(raised.value)
    assert told in line and "编码" not in line, line
    assert not re.search(r"[A-Za-z]{2,}", _NAMES.sub("", line)), line


def test_a_damaged_word_file_is_one_line_and_exit_2(tmp_path):
    raw, _ = damaged_files()["inflate.docx"]
    (tmp_path / "报告.docx").write_bytes(raw)
    result = run_cli("check", str(tmp_path / "报告.docx"))
    error = result.stderr.decode("utf-8")
    assert result.returncode == 2 and "Traceback" not in error
    assert error.splitlines()[0] == f"{tmp_path / '报告.docx'}: .docx 文件已损坏（压缩数据损坏），请重新下载或从 Word 重新保存"


def test_the_bytes_decide_not_the_extension():
    from forms import render_html

    data = varied("2021")
    reading = read_bytes("misnamed.docx", render_html(data))  # a web page saved as .docx
    assert reading.form == "html" and reading.data["applications"] == data["applications"]
    reading = read_bytes("misnamed.html", render_docx(data))  # and the other way round
    assert reading.form == "docx" and reading.data["applications"] == data["applications"]
    with pytest.raises(InputError, match="图片"):
        read_bytes("scan.html", b"\x89PNG\r\n\x1a\n" + b"\0" * 64)


def test_docx_zip_bomb_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<" + b" " * (70 * 1024 * 1024) + b">")
    with pytest.raises(InputError, match="过大"):
        read_bytes("bomb.docx", buffer.getvalue())


def test_legacy_doc_without_libreoffice_says_how(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice on this PATH
    doc = tmp_path / "old.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "xxgk_lint", "check", str(doc)], capture_output=True,
                            env={"PATH": str(tmp_path), "NO_COLOR": "1"})
    assert result.returncode == 2
    assert "另存为" in result.stderr.decode() and "Traceback" not in result.stderr.decode()


# -- PDF ----------------------------------------------------------------------------------------
pdf_reader = pytest.importorskip("pdfplumber", reason="the pdf extra is not installed")


def corpus(name: str) -> pathlib.Path:
    path = CORPUS / name
    if not path.exists():
        pytest.skip("the shared corpus is not present")
    return path


HONGZEQU_TABLE_3 = {
    "new": [21, 0, 0, 0, 0, 0, 21], "partial": [4, 0, 0, 0, 0, 0, 4], "withheld_secret": [1, 0, 0, 0, 0, 0, 1],
    "withheld_process": [1, 0, 0, 0, 0, 0, 1], "withheld_enforcement": [1, 0, 0, 0, 0, 0, 1],
    "unable_not_held": [10, 0, 0, 0, 0, 0, 10], "unable_needs_creation": [3, 0, 0, 0, 0, 0, 3],
    "np_petition": [1, 0, 0, 0, 0, 0, 1], "total": [21, 0, 0, 0, 0, 0, 21],
}
SHI_TABLE_3 = {
    "new": [3001, 53, 0, 0, 61, 4, 3119], "carried_over": [34, 0, 0, 0, 0, 0, 34],
    "disclosed": [1288, 21, 0, 0, 50, 3, 1362], "partial": [447, 7, 0, 0, 0, 0, 454],
    "withheld_secret": [2, 0, 0, 0, 0, 0, 2], "withheld_law": [30, 1, 0, 0, 0, 0, 31],
    "withheld_safety": [5, 0, 0, 0, 0, 0, 5], "withheld_third_party": [6, 0, 0, 0, 0, 0, 6],
    "withheld_internal": [7, 1, 0, 0, 0, 0, 8], "withheld_process": [12, 0, 0, 0, 0, 0, 12],
    "withheld_enforcement": [9, 0, 0, 0, 0, 0, 9], "withheld_query": [105, 0, 0, 0, 0, 0, 105],
    "unable_not_held": [746, 12, 0, 0, 10, 1, 769], "unable_needs_creation": [11, 0, 0, 0, 0, 0, 11],
    "unable_unclear": [1, 0, 0, 0, 0, 0, 1], "np_petition": [56, 6, 0, 0, 0, 0, 62],
    "np_repeat": [25, 0, 0, 0, 0, 0, 25], "np_publication": [0] * 7, "np_excessive": [0] * 7,
    "np_confirmation": [1, 0, 0, 0, 0, 0, 1], "other_no_correction": [67, 3, 0, 0, 1, 0, 71],
    "other_no_fee": [6, 0, 0, 0, 0, 0, 6], "other_misc": [108, 2, 0, 0, 0, 0, 110],
    "total": [2932, 53, 0, 0, 61, 4, 3050], "carry_forward": [103, 0, 0, 0, 0, 0, 103],
}
COLUMNS = ["natural", "commercial", "research", "nonprofit", "legal", "other", "total"]
GROUP = ["upheld", "corrected", "other", "pending", "total"]


def test_hongzequ_every_cell_as_published():
    data = read_bytes("hz.pdf", corpus("huaian-hongzequ-2023.pdf").read_bytes()).data
    assert (data["edition"], data["year"], data["agency"]) == ("2021", 2023, "洪泽区人民政府")
    assert data["proactive"] == {
        "item1": {"rules": {"issued": 0, "repealed": 0, "in_force": 0},
                  "normative": {"issued": 0, "repealed": 5, "in_force": 5}},
        "item5": {"licensing": {"decisions": 550}},
        "item6": {"penalty": {"decisions": 4119}, "coercion": {"decisions": 195}},
        "item8": {"fees": {"amount": 7730.28}},
    }
    table = data["applications"]
    expected_rows = [r for r in edition_rows("2021") if r not in ("other_no_correction", "other_no_fee", "other_misc")]
    assert list(table) == expected_rows[:-2] + ["other_handling"] + expected_rows[-2:]
    for row, values in table.items():
        assert [values[c] for c in COLUMNS] == HONGZEQU_TABLE_3.get(row, [0] * 7), row
    assert [data["review_litigation"][g][c] for g in ("review", "direct_suit", "suit_after_review") for c in GROUP] \
        == [10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0]


def test_hongzequ_findings():
    found = check_bytes(corpus("huaian-hongzequ-2023.pdf").read_bytes(), "hz.pdf")
    errors = [(d.code, d.path[1], d.expected, d.actual) for d in found if d.severity.label == "error"]
    # the review total 0 can only be 11 (its parts cannot fall that far); the suit group is 5 against 0 either way
    assert errors == [("A004", "review", 11, 0), ("A006", "review", 11, 0), ("A004", "suit_after_review", 5, 0)]
    assert [d.code for d in found if d.code == "A007"] == ["A007"]
    a004 = next(d for d in found if d.code == "A004")
    assert a004.location.page == 4 and a004.location.table and a004.location.row and a004.location.col


def test_huaian_shi_every_cell_and_no_error():
    raw = corpus("huaian-shi-2024.pdf").read_bytes()
    data = read_bytes("shi.pdf", raw).data
    assert (data["edition"], data["year"], data["agency"]) == ("2021", 2024, "淮安市人民政府")
    assert data["proactive"] == {
        "item1": {"rules": {"issued": 1, "repealed": 0, "in_force": 11},
                  "normative": {"issued": 8, "repealed": 26, "in_force": 66}},
        "item5": {"licensing": {"decisions": 447228}},
        "item6": {"penalty": {"decisions": 3985758}, "coercion": {"decisions": 88283}},
        "item8": {"fees": {"amount": 96171.6}},
    }
    assert {row: [v[c] for c in COLUMNS] for row, v in data["applications"].items()} == SHI_TABLE_3
    assert [data["review_litigation"][g][c] for g in ("review", "direct_suit", "suit_after_review") for c in GROUP] \
        == [72, 64, 178, 37, 351, 13, 4, 8, 1, 26, 12, 1, 1, 6, 20]
    assert [d for d in check_bytes(raw, "shi.pdf") if d.severity.label == "error"] == []


def test_pdf_without_text_layer_is_s001(tmp_path):
    pytest.importorskip("PIL")
    from PIL import Image

    path = tmp_path / "scan.pdf"
    Image.new("RGB", (200, 280), "white").save(path, "PDF")
    result = run_cli("check", "-f", "json", str(path))
    diagnostics = json.loads(result.stdout)["files"][0]["diagnostics"]
    assert [d["code"] for d in diagnostics] == ["S001"] and "扫描件" in diagnostics[0]["message"]


def test_broken_pdf_is_one_clear_error():
    with pytest.raises(InputError, match="PDF"):
        read_bytes("bad.pdf", b"%PDF-1.4\n%%EOF garbage")
    assert read_bytes("page.pdf", b"<html><body>not a report</body></html>").recognised is False


def edition_rows(edition_id):
    from xxgk_lint.editions import edition

    return [r.key for r in edition(edition_id).table(("applications",)).form_rows]


def saved_by_libreoffice(tmp_path, data: dict, kind: str, word: bytes | None = None) -> bytes:
    """The report as a python-docx file (or the .docx `word`), saved again by LibreOffice as `kind`
    (pdf, doc)."""
    import subprocess

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    (tmp_path / "report.docx").write_bytes(word or render_docx(data))
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", kind,
                    "--outdir", str(tmp_path), str(tmp_path / "report.docx")], capture_output=True, timeout=300)
    return (tmp_path / f"report.{kind}").read_bytes()


def test_pdf_made_from_a_word_report(tmp_path):
    """Where LibreOffice is installed: the Word form printed to PDF reads back cell for cell."""
    data = varied("2021")
    reading = read_bytes("report.pdf", saved_by_libreoffice(tmp_path, data, "pdf"))
    assert_same_tables(reading.data, data)


PROSE = ["（三）政府信息管理情况。加强门户网站及政务新媒体日常管理，运用第三方检测平台实行常态化监测，执行信息审核发布制度，"
         "严格执行分级审核、先审后发程序，从严从实把好政治关、法律关、政策关、保密关、文字关。",
         "（四）政府信息公开监督保障情况。将政务公开纳入年度绩效考核，组织社会评议，对工作不力的单位进行通报并追究责任。"]


def prose_in_the_first_table(data: dict) -> bytes:
    """The report as Word writes it when the author framed the page as a table: the overview's
    paragraphs and section 二's heading sit in rows of one cell merged across the first table,
    above its caption, as on page 2 of huaian-hongzequ-2023.pdf."""
    import copy

    document = docx.Document(io.BytesIO(render_docx(data)))
    moved = [p for p in document.paragraphs if p.text in PROSE or p.text == "二、主动公开政府信息情况"]
    table = document.tables[0]
    first = table.rows[0]._tr
    for paragraph in moved:
        row = table.add_row()
        cell = row.cells[0].merge(row.cells[-1])
        cell.text = paragraph.text
        first.addprevious(copy.deepcopy(row._tr))
        table._tbl.remove(row._tr)
        paragraph._p.getparent().remove(paragraph._p)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_pdf_prose_ruled_as_rows_of_a_table_is_read_as_text(tmp_path):
    """Where LibreOffice is installed: prose that the PDF rules as rows of the first table is the
    overview's text (W009 sees 考核), the captions under it stay the table's, every cell reads back."""
    data = varied("2021")
    data["sections"]["overview"] = "\n".join(["2023年，本机关坚持依法公开，推进政府信息公开工作规范、有序、健康发展。"] + PROSE)
    word = prose_in_the_first_table(data)
    assert docx.Document(io.BytesIO(word)).tables[0].rows[0].cells[0].text == PROSE[0]
    raw = saved_by_libreoffice(tmp_path, data, "pdf", word)
    reading = read_bytes("framed.pdf", raw)
    assert reading.data["sections"]["overview"] == data["sections"]["overview"]
    assert_same_tables(reading.data, data)
    assert check_bytes(raw, "framed.pdf") == []


def test_real_pdf_keeps_the_prose_ruled_as_a_table():
    """huaian-hongzequ-2023.pdf rules page 2 as one table: sections （三）–（五） are running text."""
    path = CORPUS / "huaian-hongzequ-2023.pdf"
    if not path.exists():
        pytest.skip("shared corpus not present")
    overview = read_bytes(path.name, path.read_bytes()).data["sections"]["overview"]
    assert "严格执行“分级审核、先审后发”程序" in overview
    assert "（四）政府信息公开平台建设情况。" in overview
    assert overview.endswith("建立政府网站日常监测机制。")


def test_every_character_of_the_corpus_pdfs_is_read_once():
    """Nothing pdfplumber extracts from a page is lost or doubled between running text and table
    cells (page numbers aside), in every PDF of shared/corpus."""
    import collections
    import re

    import pdfplumber

    from xxgk_lint.document import Line
    from xxgk_lint.read.pdf import PAGE_FURNITURE, parse_pdf

    paths = sorted(CORPUS.rglob("*.pdf")) if CORPUS.is_dir() else []
    if not paths:
        pytest.skip("shared corpus not present")
    for path in paths:
        raw = path.read_bytes()
        read = collections.Counter()
        for block in parse_pdf(path.name, raw).blocks:
            texts = [block.text] if isinstance(block, Line) else [t.text for row in block.rows for t in row]
            for text in texts:
                read.update(re.sub(r"\s", "", text))
        printed = collections.Counter()
        with pdfplumber.open(io.BytesIO(raw)) as pdf:
            for page in pdf.pages:
                for line in page.extract_text().split("\n"):
                    if not PAGE_FURNITURE.match(re.sub(r"\s", "", line)):
                        printed.update(re.sub(r"\s", "", line))
        assert (printed - read, read - printed) == (collections.Counter(), collections.Counter()), path.name


def test_legacy_doc_goes_through_libreoffice(tmp_path):
    """The .doc path with a stand-in `soffice` on PATH: the command line we give LibreOffice, and
    reading the .docx it leaves in --outdir (the real one is not installed here)."""
    import os
    import subprocess
    import sys

    converted = tmp_path / "converted.docx"
    converted.write_bytes(render_docx(varied("2021")))
    fake = tmp_path / "bin" / "soffice"
    fake.parent.mkdir()
    fake.write_text(f"""#!{sys.executable}
import shutil, sys
args = sys.argv[1:]
assert "--headless" in args and args[args.index("--convert-to") + 1] == "docx"
outdir = args[args.index("--outdir") + 1]
shutil.copy({str(converted)!r}, outdir + "/report.docx")
""", encoding="utf-8")
    fake.chmod(0o755)
    doc = tmp_path / "old.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    env = {**os.environ, "PATH": f"{fake.parent}:{os.environ['PATH']}"}
    result = subprocess.run([sys.executable, "-m", "xxgk_lint", "check", "-f", "json", str(doc)], capture_output=True,
                            env=env, timeout=120)
    entry = json.loads(result.stdout)["files"][0]
    assert entry["form"] == "doc" and entry["agency"] == "江北市示例局" and entry["diagnostics"] == []


def test_a_real_legacy_doc_through_libreoffice(tmp_path):
    """Where LibreOffice is installed: a .doc saved by it reads back cell for cell."""
    data = varied("2019")
    reading = read_bytes("report.doc", saved_by_libreoffice(tmp_path, data, "doc"))
    assert reading.form == "doc"
    assert_same_tables(reading.data, data)


def word_of_lines(text: str) -> bytes:
    """A real .docx of a text, one paragraph a line, its tabs kept (python-docx writes w:tab), as
    LibreOffice or Word make of a text file or a web page pasted in."""
    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("render", ["render_text", "render_tsv"])
def test_docx_of_a_copied_web_page_reads_its_tables(render):
    """Cells one a paragraph after a tab (a web page's copy), or rows of tab-separated cells (a copy
    out of Word or Excel): the tables the same text gives the text reader, at paragraph locations."""
    import forms

    data = varied("2021")
    data["applications"]["total"]["natural"] += 2  # A001, A003 on the （七）总计 row
    text = getattr(forms, render)(data)
    raw = word_of_lines(text)
    reading = read_bytes("pasted.docx", raw)
    assert_same_tables(reading.data, data)
    found = check_bytes(raw, "pasted.docx")
    assert sorted((d.code, d.path) for d in found) == \
        sorted((d.code, d.path) for d in check_bytes(text.encode(), "pasted.txt"))
    assert {"A001", "A003"} <= set(codes(found)) and "S006" not in codes(found)
    lines = text.split("\n")
    for diagnostic in found:
        if diagnostic.code == "A003":  # paragraph N is line N of the text: the （七）总计 row's cell
            assert diagnostic.location.paragraph and lines[diagnostic.location.paragraph - 1].strip()


def test_seed_as_word_reads_like_the_seed():
    """The seed pasted into Word keeps its paragraphs and tabs: the same findings as the text, the
    paragraph numbered where the text's line is."""
    seed = sorted((CORPUS.parent / "seed").glob("*.txt")) if (CORPUS.parent / "seed").is_dir() else []
    if not seed:
        pytest.skip("shared seed not present")
    raw_text = seed[0].read_bytes()
    from xxgk_lint.read.reading import decode_text

    text = decode_text(raw_text).replace("\r\n", "\n")
    as_text = check_bytes(raw_text, "seed.txt")
    as_word = check_bytes(word_of_lines(text), "seed.docx")
    assert sorted((d.code, d.path, d.expected, d.actual, d.location.paragraph) for d in as_word) == \
        sorted((d.code, d.path, d.expected, d.actual, d.location.line) for d in as_text)
    assert {"A001", "A003"} <= set(codes(as_word)) and "S006" not in codes(as_word)


def test_a_paragraph_indented_with_a_tab_stays_prose():
    """Among paragraphs of tab-separated cells, a paragraph that begins with a tab (an indent) and
    is longer than a cell is the section's text, not a cell."""
    import forms

    data = varied("2021")
    paragraphs = ["2023年，本机关坚持以公开为常态、不公开为例外，推进政府信息公开工作规范、有序、健康发展，主动公开政府信息。",
                  "（一）主动公开情况。全年主动公开政府信息一千余条，及时回应社会关切，做好政策解读工作，回应公众关切。"]
    data["sections"]["overview"] = "\n".join("\t" + paragraph for paragraph in paragraphs)
    reading = read_bytes("indented.docx", word_of_lines(forms.render_text(data)))
    assert reading.data["sections"]["overview"] == "\n".join(paragraphs)
    assert_same_tables(reading.data, data)


def test_a_missing_table_is_said_at_its_sections_heading():
    """A Word report without section 二's tables: S006 names the section and points at its
    heading's paragraph, where the tables should be (no finding goes without a place)."""
    data = varied("2021")
    document = docx.Document(io.BytesIO(render_docx(data)))
    heading = next(i for i, p in enumerate(document.paragraphs, start=1) if p.text == "二、主动公开政府信息情况")
    for table in document.tables[:4]:  # the four tables of 第二十条
        table._tbl.getparent().remove(table._tbl)
    buffer = io.BytesIO()
    document.save(buffer)
    found = check_bytes(buffer.getvalue(), "no-tables.docx")
    missing = [d for d in found if d.code == "S006"]
    assert [d.path for d in missing] == [("proactive",)]
    assert missing[0].location.paragraph == heading
    assert all(d.location is not None for d in found)


def test_a_real_rtf_through_libreoffice(tmp_path):
    """Where LibreOffice is installed: Word's "另存为 RTF" (here LibreOffice's) reads back cell for
    cell; RTF is text, so the name, not a signature, sends it to the converter."""
    data = varied("2021")
    reading = read_bytes("report.rtf", saved_by_libreoffice(tmp_path, data, "rtf"))
    assert reading.form == "doc"
    assert_same_tables(reading.data, data)


def test_an_rtf_without_libreoffice_says_how(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice on this PATH
    with pytest.raises(InputError, match="RTF.*另存为.*docx"):
        read_bytes("report.rtf", b"{\\rtf1\\ansi\\ansicpg936 {\\fonttbl}\\par }")


@pytest.mark.parametrize("name", ["report.txt", "<stdin>"])
def test_an_rtf_or_a_doc_under_another_name_is_converted_as_what_its_bytes_are(tmp_path, name):
    """Where LibreOffice is installed: the bytes, not the name, say RTF or old Word (a file saved
    as .txt, a file piped in), and LibreOffice is handed the file under the name that opens it."""
    data = varied("2021")
    for kind in ("rtf", "doc"):
        reading = read_bytes(name, saved_by_libreoffice(tmp_path, data, kind))
        assert reading.form == "doc", kind
        assert_same_tables(reading.data, data)
