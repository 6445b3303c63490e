"""Shapes of real reports the readers misread before (round 6): a web page carrying a print copy of
the report hidden by its own stylesheet; copied text whose part headings are indented with a tab;
a Word document saved by LibreOffice as plain text (a cell a line, no tabs); a page holding no
report beside a sidebar of earlier years' reports; a page showing its report as a PDF in a frame.
"""

from __future__ import annotations

import html
import pathlib
import re

import pytest
from forms import render_html, render_text
from reports import check_bytes
from test_read_forms import assert_same_tables, varied

from xxgk_lint.read import read_bytes
from xxgk_lint.read.html import read_html
from xxgk_lint.read.stylesheet import hidden_selectors

HERE = pathlib.Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures" / "shapes_r6"
REAL = HERE.parents[1] / "shared" / "corpus" / "real"
SEED = HERE.parents[1] / "shared" / "seed" / "qingdao-bigdata-2020.txt"


def findings(raw: bytes, name: str) -> list:
    """What a clerk is told, without where: code, cell, expected and actual, message."""
    return sorted((d.code, d.path, d.expected, d.actual, d.message) for d in check_bytes(raw, name))


# -- 1. a print copy hidden by the page's own stylesheet ---------------------------------------------

def with_copy(page: str, style: str, opening: str, closing: str = "</div>") -> str:
    """The page with a stylesheet in its head and a second copy of its body inside `opening`."""
    body = re.search(r"<body[^>]*>(.*)</body>", page, re.S).group(1)
    return (page.replace("</head>", f"<style>{style}</style></head>", 1)
            .replace("</body>", f"{opening}{body}{closing}</body>", 1))


HIDING = {
    "class": (".print-copy{display:none}", '<div class="print-copy">'),
    "id": ("#printArea { visibility : hidden }", '<div id="printArea">'),
    "tag-and-class-in-a-list": ("h1{font-size:20px} div.x, .y {display: none !important}", '<div class="x">'),
    "several-classes": (".a{color:red} .copy.print { DISPLAY: NONE; }", '<section class="print copy wide">'),
    "screen-media": ("@media screen { .for-print { display: none } } @media print { .on-screen { display: none } }",
                     '<div class="for-print">'),
    "commented-old-style": ("<!-- /* a comment { } */ .printonly{display:none} -->", '<div class="printonly">'),
}


@pytest.mark.parametrize("how", sorted(HIDING))
def test_a_print_copy_hidden_by_the_stylesheet_is_not_read(how):
    data = varied("2021")
    page = render_html(data, chrome=True).decode("utf-8")
    style, opening = HIDING[how]
    twice = with_copy(page, style, opening, "</section>" if opening.startswith("<section") else "</div>").encode("utf-8")
    reading = read_bytes("page.html", twice)
    assert reading.recognised
    assert_same_tables(reading.data, data)
    assert findings(twice, "page.html") == findings(page.encode("utf-8"), "page.html") == []


SHOWN = {
    # printing media only: the copy is on screen
    "print-media": "@media print { .print-copy { display: none } }",
    # only on a small screen: a clerk's desktop shows it
    "small-screen": "@media screen and (max-width: 640px) { .print-copy { display: none } }",
    "shown-again-later": ".print-copy{display:none} .print-copy{display:block}",
    "more-specific-shows": ".print-copy{display:none} div.print-copy.active{display:block}",
    "descendant-selector": ".wrap .print-copy{display:none}",
    "hover-only": ".print-copy:hover{display:none}",
}


@pytest.mark.parametrize("how", sorted(SHOWN))
def test_a_copy_the_stylesheet_does_not_hide_on_screen_is_read(how):
    """Both copies are on the clerk's screen: the report is read twice and says so (S004)."""
    data = varied("2021")
    page = render_html(data).decode("utf-8")
    twice = with_copy(page, SHOWN[how], '<div class="print-copy active">').encode("utf-8")
    assert "S004" in {code for code, *_ in findings(twice, "page.html")}


def test_a_style_attribute_that_shows_the_element_wins_unless_the_rule_is_important():
    data = varied("2021")
    page = render_html(data).decode("utf-8")
    shown = with_copy(page, ".print-copy{display:none}", '<div class="print-copy" style="display: block">')
    assert "S004" in {code for code, *_ in findings(shown.encode("utf-8"), "page.html")}
    forced = with_copy(page, ".print-copy{display:none!important}", '<div class="print-copy" style="display:block">')
    assert findings(forced.encode("utf-8"), "page.html") == []


@pytest.mark.parametrize("beside", ["", "<div class='intro'>" + "本网站提供政府信息公开服务。" * 40 + "</div>"])
def test_a_report_the_stylesheet_hides_until_a_script_shows_it_is_still_read(beside):
    """A page whose only copy is hidden until a script reveals it, beside little or much other text:
    a clerk's browser shows the report, so it is read."""
    data = varied("2019")
    page = render_html(data).decode("utf-8")
    hidden = (page.replace("</head>", "<style>.TRS_Editor{display:none}</style></head>", 1)
              .replace("<body>\n", "<body>\n" + beside, 1).encode("utf-8"))
    reading = read_bytes("page.html", hidden)
    assert reading.recognised
    assert_same_tables(reading.data, data)


def test_hidden_text_between_visible_text_keeps_what_follows_it():
    prose = "本机关持续推进政务公开工作。" * 30  # enough text for a page that holds a report
    page = ('<html><head><style>.n{display:none}</style></head><body><p>主动公开<span class="n">（打印）</span>政府信息'
            f"</p><p>{prose}</p></body></html>").encode("utf-8")
    assert [block.text for block in read_html("page.html", page).blocks] == ["主动公开政府信息", prose]


def test_a_rule_naming_a_tag_hides_that_tag_only():
    """p.note hides <p class="note">, not a <div> of the same attributes (the reader remembers
    answers by attributes: one a tag decided is not remembered for the next tag)."""
    prose = "本机关持续推进政务公开工作。" * 30
    page = ('<html><head><style>p.note{display:none}</style></head><body><p class="note">甲</p>'
            f'<div class="note">乙</div><p class="note">丙</p><div class="note">丁</div><p>{prose}</p></body></html>')
    assert [block.text for block in read_html("page.html", page.encode("utf-8")).blocks] == ["乙", "丁", prose]


def test_the_stylesheet_is_read_as_a_browser_reads_it():
    found = hidden_selectors("""
        @charset "utf-8"; @import url(base.css);
        .a{display:none} .a{display:block}
        .b{display:none !important} .b{display:block}
        @font-face{font-family:x;src:url(x.woff)} @keyframes k{0%{opacity:0}100%{opacity:1}}
        @supports (display:grid){ @media all { #c{visibility:hidden} } }
        }} .d, P.e, .f > .g, [hidden], body {display:none}
        .h{display:none
    """)
    assert {selector: hides for selector, (hides, _, _) in found.items()} == {
        ".a": False, ".b": True, "#c": True, ".d": True, "p.e": True, ".h": True}


@pytest.mark.parametrize("sheet", ["@media screen{" * 50000, "}" * 200000 + ".x{display:none}", "{" * 100000])
def test_a_broken_or_hostile_stylesheet_is_read_without_failing(sheet):
    page = render_html(varied("2021")).decode("utf-8").replace("</head>", f"<style>{sheet}</style></head>", 1)
    assert findings(page.encode("utf-8"), "page.html") == []


def test_real_page_with_a_hidden_print_copy_gives_the_pages_findings():
    path = REAL / "pingtan-2024.html"
    if not path.exists():
        pytest.skip("the shared corpus (../shared/corpus/real) is not present")
    page = path.read_text(encoding="utf-8")
    twice = with_copy(page, ".print-copy{display:none}", '<div class="print-copy">')
    assert findings(twice.encode("utf-8"), path.name) == findings(page.encode("utf-8"), path.name)


# -- 2. part headings indented with a tab ------------------------------------------------------------

def tab_indented(text: str, prose: set) -> str:
    """Every part heading (written after two ideographic spaces) and every paragraph after a tab."""
    out = []
    for line in text.split("\n"):
        if line.startswith("\u3000\u3000"):
            out.append("\t" + line[2:])
        else:
            out.append("\t" + line if line in prose else line)
    return "\n".join(out)


@pytest.mark.parametrize("edition_id", ["2019", "2021"])
def test_part_headings_indented_with_a_tab_are_found(edition_id):
    data = varied(edition_id)
    text = render_text(data)
    prose = {line for part in data["sections"].values() for line in (part or "").split("\n") if line}
    indented = tab_indented(text, prose)
    assert "\n\t一、总体情况\n" in indented and "\n\t三、收到和处理政府信息公开申请情况\n" in indented
    reading = read_bytes("report.txt", indented.encode("utf-8"))
    assert reading.recognised  # was S001: every heading read as a cell, the tables lost to section 一
    assert reading.data["sections"] == data["sections"]
    assert_same_tables(reading.data, data)
    assert findings(indented.encode("utf-8"), "report.txt") == []


def test_a_label_of_the_form_numbered_as_a_part_is_no_heading():
    """四、结转下年度继续办理 (a row of table 三, a cell after a tab) does not start part 四."""
    data = varied("2021")
    reading = read_bytes("report.txt", render_text(data).encode("utf-8"))
    assert "\t四、结转下年度继续办理" in render_text(data)
    assert reading.data["applications"]["carry_forward"] == data["applications"]["carry_forward"]


def test_real_seed_with_tab_indented_headings_gives_the_same_findings():
    if not SEED.exists():
        pytest.skip("the shared seed (../shared/seed) is not present")
    text = SEED.read_text(encoding="utf-8")
    indented = "\n".join("\t" + line.strip() if re.match(r"^\s*[一二三四五六七八九十]、", line) and "\t" not in line
                         else line for line in text.split("\n"))
    assert indented.count("\n\t一、总体情况") == 1
    assert findings(indented.encode("utf-8"), "seed.txt") == findings(text.encode("utf-8"), "seed.txt")


# -- 3. Word saved by LibreOffice as plain text: a cell a line, no tab ---------------------------------

@pytest.mark.parametrize("edition_id", ["2019", "2021"])
def test_word_saved_by_libreoffice_as_plain_text_is_read(edition_id):
    """Fixtures made by LibreOffice from the tests' own .docx (make_shapes_r6.py): every cell read."""
    raw = (FIXTURES / f"varied-{edition_id}.lo.txt").read_bytes()
    assert b"\t" not in raw  # no tab anywhere: the shape the copied-page reader did not know
    reading = read_bytes("report.txt", raw)
    assert reading.recognised
    assert_same_tables(reading.data, varied(edition_id))
    assert findings(raw, "report.txt") == []


def test_real_page_saved_by_libreoffice_as_plain_text_gives_the_pages_findings(real_copy):
    """The real shanghai-office-2019 page, made .docx then plain text by LibreOffice: blank cells
    come as lines of a no-break space; its findings are the page's (A002 on every result row,
    A003 805 against blanks, S007 for the blanks), where before each table was missing (S006)."""
    raw = real_copy("shanghai-office-2019.lo.txt").read_bytes()  # made at test time from ../shared
    found = findings(raw, "report.txt")
    assert "S006" not in {code for code, *_ in found}
    assert ("A003", ("applications", "total", "total")) in [tuple(f[:2]) for f in found]
    assert sum(1 for code, *_ in found if code == "A002") == 11
    page = REAL / "shanghai-office-2019.html"
    if page.exists():
        assert found == findings(page.read_bytes(), page.name)


def test_numbers_alone_on_lines_of_prose_are_not_a_table():
    """A year, a page number or a count on a line of its own among paragraphs is no table's cell."""
    data = varied("2021")
    lines = render_text(data).split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("第一段"))
    lines[at:at] = ["3", "", "12", "", "2023", "", "- 4 -", "40", ""]
    reading = read_bytes("report.txt", "\n".join(lines).encode("utf-8"))
    assert reading.data["sections"]["overview"].split("\n")[:4] == ["3", "12", "2023", "40"]
    assert_same_tables(reading.data, data)


# -- 4. a page holding no report, with a sidebar of earlier years' reports ---------------------------

def list_page(title: str) -> bytes:
    items = "".join(f'<li><a href="/nb/{year}.htm">江北市示例局{year}年度政府信息公开工作年度报告</a></li>'
                    for year in (2023, 2022, 2021, 2020))
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{html.escape(title)}</title></head><body>'
            '<div class="content"><h1>政府信息公开年报</h1><p>本栏目发布本机关历年政府信息公开工作年度报告，'
            "包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况等内容，"
            "每年一月底前更新，欢迎社会各界监督。如对本栏目内容有疑问，请与本机关政务公开办公室联系。</p></div>"
            f'<div class="list-side"><h3>往年年报</h3><ul>{items}</ul></div></body></html>').encode("utf-8")


def test_a_list_of_earlier_reports_gives_no_year_or_agency():
    reading = read_bytes("page.html", list_page("政府信息公开年报_江北市示例局"))
    assert not reading.recognised
    assert "year" not in reading.data and "agency" not in reading.data  # was 2020, the list's last


def test_the_pages_own_title_names_the_report_it_should_hold():
    reading = read_bytes("page.html", list_page("江北市示例局2024年度政府信息公开工作年度报告_江北市人民政府"))
    assert not reading.recognised
    assert (reading.data.get("agency"), reading.data.get("year")) == ("江北市示例局", 2024)


def test_one_report_named_on_an_unrecognised_page_still_names_it():
    page = ('<html><head><meta charset="utf-8"><title>年报</title></head><body><h1>江北市示例局2024年度政府信息公开'
            "工作年度报告</h1><p>" + "本机关持续推进政务公开工作，" * 30 + "</p></body></html>").encode("utf-8")
    reading = read_bytes("page.html", page)
    assert not reading.recognised
    assert (reading.data.get("agency"), reading.data.get("year")) == ("江北市示例局", 2024)


def test_a_recognised_report_keeps_its_title_beside_a_sidebar_of_earlier_ones():
    data = varied("2021")
    page = render_html(data).decode("utf-8")
    items = "".join(f"<li>江北市示例局{year}年度政府信息公开工作年度报告</li>" for year in (2020, 2019))
    page = re.sub(r"(<body[^>]*>)", rf'\1<ul class="list-side">{items}</ul>', page, count=1)
    reading = read_bytes("page.html", page.encode("utf-8"))
    assert reading.recognised
    assert reading.data["year"] == data["year"] and reading.data["agency"] == data["agency"]


def attachment_page(title: str, *links: tuple, beside: str = "") -> bytes:
    """A page that only says 详见附件, its links (address, text) in a sidebar of 往年年报."""
    items = "".join(f'<li><a href="{address}">{text}</a></li>' for address, text in links)
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head><body>'
            f'<h1>{title}</h1><p>详见附件。</p>{beside}<div class="list-side"><ul>{items}</ul></div></body></html>'
            ).encode("utf-8")


EARLIER = (("/up/nb2023.pdf", "江北市示例局2023年度政府信息公开工作年度报告"),
           ("/up/nb2022.pdf", "江北市示例局2022年度政府信息公开工作年度报告"))
OWN = ("/up/nb2024.pdf", "江北市示例局2024年度政府信息公开工作年度报告.pdf")
TITLE_2024 = "江北市示例局2024年度政府信息公开工作年度报告"


def test_a_nearly_empty_page_names_its_own_attachment_not_the_earlier_ones():
    reading = read_bytes("page.html", attachment_page(TITLE_2024, OWN, *EARLIER))
    (problem,) = reading.problems
    assert "“江北市示例局2024年度政府信息公开工作年度报告.pdf”；请下载附件" in problem.message
    assert "2023" not in problem.message  # was: 报告在附件里 with the 2023 and 2022 reports beside it
    assert (reading.data.get("agency"), reading.data.get("year")) == ("江北市示例局", 2024)  # was blank


def test_a_nearly_empty_page_linking_only_earlier_reports_does_not_call_them_its_own():
    (problem,) = read_bytes("page.html", attachment_page(TITLE_2024, *EARLIER)).problems
    assert "链接了多个年度的报告" in problem.message and "报告在附件里" not in problem.message


def test_one_attachment_is_the_pages_whatever_year_it_names():
    """A report is often named by the year it is published in: one file, of whichever year, is it."""
    (problem,) = read_bytes("page.html", attachment_page(TITLE_2024, EARLIER[0])).problems
    assert "报告在附件里：“江北市示例局2023年度政府信息公开工作年度报告”" in problem.message


def test_a_page_naming_no_year_beside_reports_of_several_years_does_not_pick_one():
    reading = read_bytes("page.html", attachment_page("政府信息公开年报", OWN, *EARLIER))
    (problem,) = reading.problems
    assert "链接了多个年度的报告" in problem.message and "报告在附件里" not in problem.message
    assert "year" not in reading.data


def test_a_page_with_more_text_names_only_its_own_attachment():
    """Enough other text that the recogniser, not the page hints, says S001: the same choice."""
    beside = "<p>" + "本机关持续推进政务公开工作，" * 30 + "</p>"
    (problem,) = read_bytes("page.html", attachment_page(TITLE_2024, OWN, *EARLIER, beside=beside)).problems
    assert "没有找到“一、总体情况”" in problem.message
    assert "2024年度政府信息公开工作年度报告.pdf" in problem.message and "2023" not in problem.message


# -- 5. a page showing its report as a PDF in a frame ----------------------------------------------

@pytest.mark.parametrize("frame, address, name", [
    ('<iframe src="/upload/2024%E5%B9%B4%E6%8A%A5.pdf" width="100%"></iframe>', "/upload/2024年报.pdf", "2024年报.pdf"),
    ('<iframe src="/static/pdfjs/web/viewer.html?file=%2Fupload%2Fnb-2024.pdf"></iframe>', "/upload/nb-2024.pdf",
     "nb-2024.pdf"),
    ('<iframe src="/pdfjs/viewer.html?file=https%3A%2F%2Fwww.example.gov.cn%2Fa%2Fb.PDF"></iframe>',
     "https://www.example.gov.cn/a/b.PDF", "b.PDF"),
    ('<embed src="files/report.pdf" type="application/pdf">', "files/report.pdf", "report.pdf"),
])
def test_a_pdf_shown_in_a_frame_is_named_to_download(frame, address, name):
    page = (f'<html><head><meta charset="utf-8"><title>年报</title></head><body><div class="nav">首页</div>{frame}'
            "</body></html>").encode("utf-8")
    reading = read_bytes("page.html", page)
    assert not reading.recognised
    (problem,) = reading.problems
    assert f"PDF 文件“{name}”" in problem.message and f"请下载 {address} 后检查" in problem.message
    assert "打开" not in problem.message


def test_a_frame_showing_a_web_page_still_says_to_open_it():
    page = b'<html><body><iframe src="/nb/content.html"></iframe></body></html>'
    (problem,) = read_bytes("page.html", page).problems
    assert "请打开 /nb/content.html" in problem.message and "PDF" not in problem.message
