"""Shapes converters write that the readers misread before (round 7), each written here from the
tests' own reports in the converter's shape, and (where ../shared and the converters are present)
the real reports as the converters themselves write them, made at test time (conftest.real_copy,
fixtures/shapes_r7/make_shapes_r7.py):

- Markdown holding the form's tables in HTML, as pandoc writes a table with spanned cells (gfm,
  and markdown without grid tables): the tables were not read at all (S006 for sections 二 to 四);
- Markdown tables without pipes at their ends (自然人| 217| 0), as html2text writes them: every row
  of table 三 was missing, its labels read with the numbers inside;
- Word's tables written out a paragraph a line, a blank line after each cell and an empty cell an
  empty line of its own (docx2txt; mammoth's Markdown, a no-break space in a blank cell): the blank
  lines were taken for empty cells, every number a column to the right;
- Markdown's escapes (1\\. 属于国家秘密, as mammoth writes a numbered label): labels not the form's.
"""

from __future__ import annotations

import pathlib
from html import escape

import pytest
import yaml
from forms import layout, render_html
from reports import check_bytes
from test_read_forms import assert_same_tables, varied
from test_real_corpus import table_differences

from xxgk_lint.read import read_bytes
from xxgk_lint.read.text import parse_text

HERE = pathlib.Path(__file__).resolve().parent
REAL = HERE.parents[1] / "shared" / "corpus" / "real"


def findings(raw: bytes, name: str) -> list:
    """What a clerk is told, without where: code, cell, expected and actual, message."""
    return sorted((d.code, d.path, d.expected, d.actual, d.message) for d in check_bytes(raw, name))


def with_blanks(edition_id: str) -> dict:
    """The varied report with blank cells, as the 2019 Shanghai page leaves its zeros."""
    data = varied(edition_id)
    for key in ("withheld_secret", "np_petition"):
        data["applications"][key]["research"] = None
        data["applications"][key]["other"] = None
    return data


REPORTS = {"2019": lambda: varied("2019"), "2021": lambda: varied("2021"), "2021-blanks": lambda: with_blanks("2021")}


def _prose(kind: str, content: str) -> str:
    return f"**{content}**" if kind == "h" else content


# -- the shapes, written from the report's layout (forms.layout) -----------------------------------

def pandoc_html_tables(data: dict) -> str:
    """pandoc -t gfm: headings and paragraphs as Markdown, each table (its cells span rows and
    columns) in HTML, a tag a line, a cell's lines broken with <br />."""
    out = [f"# {data['title']}", ""]
    for kind, content in layout(data):
        if kind in ("h", "p"):
            out += [_prose(kind, content), ""]
        elif kind == "table":
            out += ["<table>", "<tbody>"]
            for row in content:
                out.append("<tr>")
                for cell in row:
                    spans = (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "") + (
                        f' colspan="{cell.colspan}"' if cell.colspan > 1 else "")
                    text = "<br />\n".join(escape(part) for part in cell.text.split("\n"))
                    out.append(f'<td{spans} style="text-align: left;">{text}</td>')
                out.append("</tr>")
            out += ["</tbody>", "</table>", ""]
    return "\n".join(out) + "\n"


def html2text_tables(data: dict) -> str:
    """html2text: a table's rows with "| " between cells and none at the ends, a rule after the first
    row as wide as it, a hard break (two spaces) after every row; a spanned cell is written once."""
    out = [f"# {data['title']}", ""]
    for kind, content in layout(data):
        if kind in ("h", "p"):
            out += [_prose(kind, content), ""]
        elif kind == "table":
            for index, row in enumerate(content):
                out.append("| ".join(cell.text.replace("\n", " ") for cell in row) + "  ")
                if index == 0:
                    out.append("|".join(["---"] * len(row)) + "  ")
            out += ["  ", ""]
    return "\n".join(out) + "\n"


def word_paragraphs(data: dict, empty: str = "") -> str:
    """docx2txt (empty=""), mammoth's Markdown (empty=" ", a blank cell holding a no-break space):
    every paragraph and every cell followed by a blank line, a cell's own lines without one, an
    empty cell (and a cell a span from above covers, as Word keeps it) an `empty` line of its own,
    one more line where a table ends."""
    out = [data["title"], ""]
    for kind, content in layout(data):
        if kind in ("h", "p"):
            out += [content, ""]
        if kind != "table":
            continue
        covered: dict = {}  # (row, column) a cell above spans down over
        for r, row in enumerate(content):
            column, cells = 0, iter(row)
            while True:
                if (r, column) in covered:
                    out += [empty, ""]
                    column += covered[(r, column)]
                    continue
                cell = next(cells, None)
                if cell is None:
                    break
                out += [*(cell.text.split("\n") if cell.text else [empty]), ""]
                for below in range(1, cell.rowspan):
                    covered[(r + below, column)] = cell.colspan
                column += cell.colspan
        out.append("")
    return "\n".join(out) + "\n"


def escaped_markdown(data: dict) -> str:
    """mammoth's Markdown keeps a numbered label from starting a list: 1\\. 属于国家秘密."""
    import re

    return re.sub(r"(?m)^(\d+)\.", r"\1\\.", word_paragraphs(data, " "))


SHAPES = {
    "pandoc-gfm.md": pandoc_html_tables,
    "html2text.md": html2text_tables,
    "docx2txt.txt": word_paragraphs,
    "mammoth.md": escaped_markdown,
}


@pytest.mark.parametrize("report", sorted(REPORTS))
@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_a_converters_shape_reads_as_the_page_does(shape, report):
    data = REPORTS[report]()
    raw = SHAPES[shape](data).encode("utf-8")
    reading = read_bytes(f"report.{shape}", raw)
    assert reading.recognised, reading.problems
    assert_same_tables(reading.data, data)
    page = render_html(data)
    assert findings(raw, f"report.{shape}") == findings(page, "page.html")


def test_the_shapes_are_the_converters_own():
    """The writers above make what the converters make: the real files hold the same marks."""
    data = with_blanks("2021")
    assert "<td rowspan=" in pandoc_html_tables(data) and "| 41| 7|" in html2text_tables(data)
    lines = word_paragraphs(data).split("\n")
    at = lines.index("（三）不予公开")
    # the label, a blank line, a cell, a blank line; two empty cells: an empty line each, its blank
    assert lines[at:at + 8] == ["（三）不予公开", "", "1.属于国家秘密", "", "0", "", "0", ""]
    assert "\n1\\.属于国家秘密\n" in escaped_markdown(data)


def test_a_cell_in_html_is_located_on_its_own_line():
    data = varied("2021")
    data["applications"]["new"]["total"] += 1  # A001/A002 at this cell
    text = pandoc_html_tables(data)
    found = [d for d in check_bytes(text.encode("utf-8"), "report.md") if d.path == ("applications", "new", "total")]
    assert found
    line = text.split("\n")[found[0].location.line - 1]
    assert line.startswith("<td") and f">{data['applications']['new']['total']}<" in line


def test_markup_in_running_text_is_not_a_table():
    """A paragraph that mentions a tag, or a <table> that is not at a line's start, stays text."""
    text = "一、总体情况\n\n本机关网页以 <table> 标签排版。见<table><tr><td>1</td></tr></table>。\n"
    blocks = parse_text("a.md", text, markdown=True).blocks
    assert [type(b).__name__ for b in blocks] == ["Line", "Line"]


def test_a_rule_under_a_heading_is_not_a_table():
    """Markdown's --- under a line is that line's heading underline unless rows with pipes follow."""
    blocks = parse_text("a.md", "一、总体情况\n---\n本年度，本机关认真贯彻条例。\n", markdown=True).blocks
    assert [b.text for b in blocks if type(b).__name__ == "Line"] == ["一、总体情况", "---", "本年度，本机关认真贯彻条例。"]


def test_a_row_of_pipes_keeps_its_empty_last_cell():
    """html2text ends a row whose last cell is empty with the pipe before it: the cell is kept."""
    blocks = parse_text("a.md", "甲| 乙| 丙  \n---|---|---  \n1| 2| 3  \n4| 5|    \n", markdown=True).blocks
    (table,) = blocks
    assert [[t.text for t in row] for row in table.rows] == [["甲", "乙", "丙"], ["1", "2", "3"], ["4", "5", ""]]
    # a writer that closes every row with a pipe: the last pipe closes it, no cell after
    (table,) = parse_text("a.md", "甲| 乙|\n---|---|\n1| 2|\n", markdown=True).blocks
    assert [[t.text for t in row] for row in table.rows] == [["甲", "乙"], ["1", "2"]]


def test_an_escape_is_read_as_its_character():
    (table,) = parse_text("a.md", "| 1\\.甲\\*乙\\_丙 | 2 |\n|---|---|\n| C:\\下载 | 4 |\n", markdown=True).blocks
    assert [[t.text for t in row] for row in table.rows] == [["1.甲*乙_丙", "2"], ["C:\\下载", "4"]]


# -- the real reports, as the converters wrote them ------------------------------------------------

REAL_SHAPES = [f"shanghai-office-2019.{shape}" for shape in ("html.html2text.md", "html.pandoc-gfm.md",
                                                              "docx.docx2txt.txt", "docx.mammoth.md")]


@pytest.mark.parametrize("name", REAL_SHAPES)
def test_a_real_report_converted_reads_as_its_page(name, real_copy):
    raw = real_copy(name).read_bytes()
    stem = name.split(".", 1)[0]
    expected_file, page = REAL / f"{stem}.expected.yaml", REAL / f"{stem}.html"
    reading = read_bytes(name, raw)
    assert reading.recognised, reading.problems
    expected = yaml.safe_load(expected_file.read_text(encoding="utf-8"))
    assert table_differences(expected, reading.data, expected["edition"]) == []
    assert [f[:4] for f in findings(raw, name)] == [f[:4] for f in findings(page.read_bytes(), page.name)]


# -- text copied by plain pdftotext (no -layout) ---------------------------------------------------

# plain pdftotext of the real PDFs, made at test time from ../shared (conftest.real_copy)


def test_plain_pdftotext_section_two_reads_as_the_pdf_does(real_copy):
    """A blank line after every cell, except inside a header written over lines (结果 / 维持) and
    before a caption: the blank lines are spacing, not empty cells, told part by part (table 三's
    numbers, written down its columns a line each without blanks, do not decide section 二)."""
    shi = read_bytes("shi.txt", real_copy("huaian-shi-2024.pdftotext.txt").read_bytes()).data["proactive"]
    assert shi["item1"] == {"rules": {"issued": 1, "repealed": 0, "in_force": 11},
                            "normative": {"issued": 8, "repealed": 26, "in_force": 66}}
    assert (shi["item5"]["licensing"], shi["item6"]["penalty"], shi["item8"]["fees"]) == (
        {"decisions": 447228}, {"decisions": 3985758}, {"amount": 96171.6})
    pingtan = read_bytes("pt.txt", real_copy("pingtan-2024.pdftotext.txt").read_bytes()).data["proactive"]
    assert (pingtan["item1"]["normative"], pingtan["item8"]["fees"]) == (
        {"issued": 62, "repealed": 33, "in_force": 440}, {"amount": 18651.06})


@pytest.mark.parametrize("name", ["huaian-shi-2024", "pingtan-2024", "huaian-hongzequ-2023"])
def test_plain_pdftotext_table_four_out_of_order_is_said_once(name, real_copy):
    """pdftotext writes table 四's numbers among its column headers (复议后起诉's 结果纠正…总计 before
    the rest): no cell can be told, which one S011 says, not an S006 for every cell it missed and
    not an A004 for the cells it put in the wrong places."""
    found = check_bytes(real_copy(f"{name}.pdftotext.txt").read_bytes(), f"{name}.txt")
    four = [d for d in found if d.path[:1] == ("review_litigation",)]
    assert [(d.code, d.path) for d in four] == [("S011", ("review_litigation",))]
    assert "次序已乱" in four[0].message


def test_table_four_among_its_headers_is_said_once_and_in_order_is_read():
    """The tests' report copied out of a PDF, table 四 a cell a line with a blank line after each:
    the numbers after every header are read cell for cell; four of them among the headers, as
    pdftotext writes them, make one S011 and no other finding on table 四."""
    from forms import render_pdf_text

    data = varied("2021")
    values = [str(data["review_litigation"][row][column]) for row in ("review", "direct_suit", "suit_after_review")
              for column in ("upheld", "corrected", "other", "pending", "total")]
    titles = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    groups = ["行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉"]
    text = render_pdf_text(data)
    heading, problems = "四、政府信息公开行政复议、行政诉讼情况\n", "五、存在的主要问题及改进情况\n"
    before, after = text.split(heading)[0], problems + text.split(problems)[1]

    def copy(cells: list) -> bytes:
        return (before + heading + "\n\n".join(cells) + "\n" + after).encode("utf-8")

    in_order = copy(groups + titles * 3 + values)
    assert read_bytes("a.txt", in_order).data["review_litigation"] == data["review_litigation"]
    assert findings(in_order, "a.txt") == []
    scrambled = copy(groups + titles[1:] + values[11:] + titles + titles + titles[:1] + values[:11])
    four = [f for f in findings(scrambled, "a.txt") if f[1][:1] == ("review_litigation",)]
    assert [f[:2] for f in four] == [("S011", ("review_litigation",))]


def test_a_preface_line_ending_in_a_house_number_is_prose_not_a_row(real_copy):
    """联系（地址：……洪泽湖大道 90 / 号，邮编……: a line ending in a number, copied out of a PDF, was a
    table's row, and the three lines above it its wrapped label; the preface lost its 统计期限
    sentence (W006). A colon outside brackets is prose; 本年收费金额（单位：万元） keeps its row."""
    text = "本报告由本机关编制。如有疑问，请与办公室联系（地址：人民路 90\n号，电话：12345）。\n"
    assert [type(b).__name__ for b in parse_text("a.txt", text).blocks] == ["Line", "Line"]
    (table,) = parse_text("a.txt", "本年收费金额（单位：万元） 7730.28\n").blocks
    assert [t.text for row in table.rows for t in row] == ["本年收费金额（单位：万元）", "7730.28"]


@pytest.mark.parametrize("kind", ["layout", "pdftotext", "plumber"])
def test_the_real_preface_copied_out_of_the_pdf_keeps_its_statistics_period(kind, real_copy):
    raw = real_copy(f"huaian-hongzequ-2023.{kind}.txt").read_bytes()
    assert "W006" not in {d.code for d in check_bytes(raw, f"hongzequ.{kind}.txt")}
