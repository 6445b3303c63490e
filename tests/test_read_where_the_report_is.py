"""Where the report is when the file does not hold it as text: a web page with next to no text says
whether the report is an attachment, sits in a frame, is pictures, or is filled in by script; a table
posted as a picture (a web page's <img>, a picture in a Word file) is said so where the picture is.
Real HTML and real python-docx files through the real command."""

import json

import pytest
from reports import run_cli

SHELL = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head><body>
<div class="nav"><a href="/">首页</a> <a href="/xxgk/">政府信息公开</a></div>
<div class="content"><h1>{title}</h1><p>发布时间：2024-01-20</p>{body}</div>
<div class="footer">主办单位：某某市人民政府办公室</div></body></html>"""
TITLE = "某某市民政局2023年政府信息公开工作年度报告"


@pytest.mark.parametrize("body, told", [
    ('<p>附件：<a href="/files/2024/民政局2023年报.pdf">某某市民政局2023年政府信息公开工作年度报告.pdf</a></p>',
     "报告在附件里：“某某市民政局2023年政府信息公开工作年度报告.pdf”"),
    ('<p><a href="download.jsp?x=1">下载</a> <a href="/up/%E5%B9%B4%E6%8A%A5.docx"></a></p>', "报告在附件里：“年报.docx”"),
    ('<iframe src="/xxgk/2023nb/index.html" width="100%"></iframe>', "内嵌框架里：请打开 /xxgk/2023nb/index.html"),
    ('<p><img src="nb1.jpg"></p><p><img src="nb2.jpg"></p><p><img src="nb3.jpg"></p>', "只有 3 张图片"),
    ('<div id="app"></div><script src="/static/app.js"></script>', "内容可能由网页脚本加载"),
])
def test_a_page_without_the_report_says_where_it_is(tmp_path, body, told):
    page = tmp_path / "年报.html"
    page.write_text(SHELL.format(title=TITLE, body=body), encoding="utf-8")
    completed = run_cli("check", str(page), "-f", "json")
    assert completed.returncode == 1
    (finding,) = json.loads(completed.stdout)["files"][0]["diagnostics"]
    assert finding["code"] == "S001" and told in finding["message"], finding["message"]


def test_a_short_page_with_a_table_is_still_read_as_a_report_would_be(tmp_path):
    """The hint is only for pages with next to no text: a page with a table of counts is read as ever."""
    rows = "".join(f"<tr><td>第{i}行</td>" + "<td>0</td>" * 7 + "</tr>" for i in range(5))
    page = tmp_path / "年报.html"
    page.write_text(SHELL.format(title=TITLE, body=f"<table>{rows}</table><script>x()</script>"), encoding="utf-8")
    completed = run_cli("check", str(page), "-f", "json")
    messages = [d["message"] for d in json.loads(completed.stdout)["files"][0]["diagnostics"]]
    assert not any("网页脚本" in m for m in messages)


def test_a_table_published_as_a_picture_is_said_so_where_the_picture_is(tmp_path):
    """Sites often put a screenshot where table 三 should be: the clerk is told that, at the picture's line,
    not only that the table is missing."""
    from forms import render_html
    from reports import consistent

    whole = render_html(consistent("2021")).decode("utf-8")
    (tmp_path / "原样.html").write_text(whole, encoding="utf-8")
    as_published = json.loads(run_cli("check", str(tmp_path / "原样.html"), "-f", "json").stdout)
    assert not [d for d in as_published["files"][0]["diagnostics"] if d["code"] == "S006"]

    page = whole
    heading = page.index("三、收到和处理政府信息公开申请情况")
    start = page.index("<table", heading)
    end = page.index("</table>", start) + len("</table>")
    page = page[:start] + '<p style="text-align:center"><img src="/upload/2024/table3.png" width="640"/></p>' + page[end:]
    path = tmp_path / "年报.html"
    path.write_text(page, encoding="utf-8")
    completed = run_cli("check", str(path), "-f", "json")
    findings = json.loads(completed.stdout)["files"][0]["diagnostics"]
    (missing,) = [d for d in findings if d["code"] == "S006"]
    assert "这一部分没有表格而有图片" in missing["message"] and "三、收到和处理政府信息公开申请情况" in missing["message"]
    picture_line = page[:page.index("<img")].count("\n") + 1
    assert missing["location"]["line"] == picture_line
    assert not [d for d in findings if d["code"].startswith("A")]  # nothing is checked against a picture


def test_a_word_table_pasted_as_a_picture_is_said_so_at_its_paragraph(tmp_path):
    """The same in Word: a picture (python-docx's own) where table 三 should be, said at its paragraph."""
    import base64
    import io

    import docx
    from reports import consistent
    from wordforms import render_docx

    document = docx.Document(io.BytesIO(render_docx(consistent("2021"))))
    body = document.element.body
    heading = next(p for p in document.paragraphs if p.text.startswith("三、收到和处理政府信息公开申请情况"))
    table = heading._p.getnext()
    while table.tag.rsplit("}", 1)[1] != "tbl":
        table = table.getnext()
    one_pixel = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")
    picture = document.add_paragraph()
    picture.add_run().add_picture(io.BytesIO(one_pixel))
    table.addprevious(picture._p)
    body.remove(table)
    path = tmp_path / "年报.docx"
    document.save(path)

    findings = json.loads(run_cli("check", str(path), "-f", "json").stdout)["files"][0]["diagnostics"]
    (missing,) = [d for d in findings if d["code"] == "S006"]
    assert "没有表格而有图片" in missing["message"] and "三、收到和处理政府信息公开申请情况" in missing["message"]
    paragraphs = [p._p for p in document.paragraphs]  # the body's, in order, as the reader numbers them
    assert missing["location"]["paragraph"] == paragraphs.index(picture._p) + 1
    assert not [d for d in findings if d["code"] == "S003"]


def test_a_pdf_whose_table_is_a_picture_is_said_so_at_its_page_and_line():
    """A LibreOffice-made PDF of a Word file whose table 三 is a picture as wide as the text
    (tests/fixtures/pictures/make_pictures.py); a seal or a logo, narrower, would not count."""
    import pathlib

    pdf = pathlib.Path(__file__).parent / "fixtures" / "pictures" / "table3-picture.pdf"
    completed = run_cli("check", str(pdf), "-f", "json")
    findings = json.loads(completed.stdout)["files"][0]["diagnostics"]
    (missing,) = [d for d in findings if d["code"] == "S006"]
    assert "没有表格而有图片" in missing["message"] and missing["location"]["page"] == 1
    assert not [d for d in findings if d["code"] in ("S003", "S001")]
    assert completed.returncode == 1


def test_an_attachment_page_with_a_list_of_other_reports_still_names_the_attachment(tmp_path):
    """The commonest page of all: one line saying 详见附件, the attachments, and a sidebar of earlier
    reports (text enough that the page is not 'nearly empty'): the attachment is still named."""
    sidebar = "".join(f'<li><a href="/xxgk/{y}/nb.html">某某市民政局{y}年政府信息公开工作年度报告</a></li>'
                      for y in range(2015, 2024))
    body = ('<p>现将某某市民政局2024年政府信息公开工作年度报告予以公布，详见附件。</p>'
            '<p>附件：<a href="/up/2025/nb2024.pdf">某某市民政局2024年政府信息公开工作年度报告.pdf</a></p>'
            f'<div class="related"><h3>相关阅读</h3><ul>{sidebar}</ul></div>')
    page = tmp_path / "年报.html"
    page.write_text(SHELL.format(title=TITLE, body=body), encoding="utf-8")
    completed = run_cli("check", str(page), "-f", "json")
    (finding,) = json.loads(completed.stdout)["files"][0]["diagnostics"]
    assert finding["code"] == "S001"
    assert "报告可能在附件里" in finding["message"] and "2024年政府信息公开工作年度报告.pdf" in finding["message"]


WECHAT = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>
<script>var ct = "1706000000";</script></head>
<body id="activity-detail" class="zh_CN"><div id="js_article" class="rich_media"><div class="rich_media_inner">
<div id="img-content" class="rich_media_wrp"><h1 class="rich_media_title" id="activity-name">{title}</h1>
<div id="meta_content" class="rich_media_meta_list"><span class="rich_media_meta_nickname"><a id="js_name">某某发布</a></span></div>
<div class="rich_media_content js_underline_content" id="js_content" style="visibility: hidden;">{body}</div>
<div class="rich_media_tool" id="js_toobar3"><span class="media_tool_meta">阅读</span></div>
</div></div></div><script>document.getElementById("js_content").style.visibility = "visible";</script></body></html>"""


def test_a_wechat_article_as_served_is_read_though_its_content_waits_hidden_for_a_script(tmp_path):
    """Many agencies also publish the report as a WeChat article; the page as served (and as a crawler
    or "save as: HTML only" keeps it) holds the article in #js_content with style="visibility:
    hidden", which the page's script lifts once loaded. A reader sees the report: so do we."""
    import re

    from forms import render_html
    from reports import consistent, with_cell

    data = with_cell(consistent("2021"), ("review_litigation", "review", "total"), 9)
    page = render_html(data).decode("utf-8")
    body = re.search(r'<div class="TRS_Editor">(.*)</div>', page, re.S).group(1)
    path = tmp_path / "微信文章.html"
    path.write_text(WECHAT.format(title=data["title"], body=body), encoding="utf-8")
    plain = tmp_path / "网页.html"
    plain.write_bytes(render_html(data))
    completed = run_cli("check", str(path), str(plain), "-f", "json")
    assert completed.returncode == 1
    article, original = json.loads(completed.stdout)["files"]
    assert article["agency"] == data["agency"] and article["year"] == data["year"]
    # the one wrong total (A004, and A007: which of its cells is wrong cannot be told), as on the site
    assert [d["code"] for d in article["diagnostics"]] == [d["code"] for d in original["diagnostics"]]
    assert "A004" in [d["code"] for d in article["diagnostics"]]


def test_a_hidden_part_of_a_page_that_is_not_a_report_stays_hidden(tmp_path):
    """Only a part that speaks of 政府信息公开 is revealed, and only on a page showing next to nothing:
    a hidden menu or notice does not turn an attachment page into a bad report."""
    body = ('<p>附件：<a href="/files/年报.pdf">某某市民政局2023年政府信息公开工作年度报告.pdf</a></p>'
            '<div style="display:none">' + "温馨提示：本网站支持 IPv6 访问。" * 30 + "</div>")
    path = tmp_path / "年报.html"
    path.write_text(SHELL.format(title=TITLE, body=body), encoding="utf-8")
    completed = run_cli("check", str(path), "-f", "json")
    (finding,) = json.loads(completed.stdout)["files"][0]["diagnostics"]
    assert finding["code"] == "S001" and "报告在附件里" in finding["message"]


ABOUT_REPORTS = """# 年报填报说明

各单位编写《政府信息公开工作年度报告》时注意：

四、政府信息公开行政复议、行政诉讼情况

表中“总计”一列应等于各分项之和，被申请行政复议3件的，正文与表格要一致。

六、其他需要报告的事项

写明收取信息处理费的情况。
"""


def _findings(tmp_path, name: str, text: str) -> list:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    completed = run_cli("check", str(path), "-f", "json")
    assert completed.returncode == 1
    return json.loads(completed.stdout)["files"][0]["diagnostics"]


def test_a_note_about_reports_quoting_two_headings_is_not_read_as_a_report(tmp_path):
    found = _findings(tmp_path, "填报说明.md", ABOUT_REPORTS)
    assert [d["code"] for d in found] == ["S001"]
    assert "只找到 2 个部分标题，没有写明报告年度和机关名称" in found[0]["message"]


def test_a_draft_with_its_title_and_two_sections_is_still_a_report(tmp_path):
    draft = ("某某县民政局2023年政府信息公开工作年度报告\n\n一、总体情况\n\n本年度，本机关……\n\n"
             "二、主动公开政府信息情况\n\n（表格待填）\n")
    codes = [d["code"] for d in _findings(tmp_path, "草稿.txt", draft)]
    assert "S001" not in codes and "S003" in codes  # the sections not yet written are told


def test_the_projects_own_readme_is_not_a_report():
    import pathlib

    readme = pathlib.Path(__file__).resolve().parents[1] / "README.md"
    completed = run_cli("check", str(readme), "-f", "json")
    assert [d["code"] for d in json.loads(completed.stdout)["files"][0]["diagnostics"]] == ["S001"]


@pytest.mark.parametrize("wrapper", ['<div class="xxgk_nav_con">', '<div class="main_bottom">',
                                     '<div class="header"><div class="logo">徽标'])  # the last left unclosed
def test_a_report_inside_what_looks_like_site_chrome_is_still_read(tmp_path, wrapper):
    from forms import render_html
    from reports import consistent

    page = render_html(consistent("2021"), chrome=True).decode("utf-8")
    closing = "</div>" if wrapper.count("<div") == 1 else ""
    page = page.replace("<body>", "<body>" + wrapper, 1).replace("</body>", closing + "</body>", 1)
    path = tmp_path / "年报.html"
    path.write_text(page, encoding="utf-8")
    completed = run_cli("check", str(path), "-f", "json")
    assert completed.returncode == 0, completed.stdout  # the clean report reads clean, not as S001


def test_a_page_nested_past_the_parsers_limit_says_so_in_one_line(tmp_path):
    from forms import render_html
    from reports import consistent

    page = render_html(consistent("2021"), chrome=True).decode("utf-8")
    page = page.replace("<body>", "<body>" + "<div>" * 300, 1).replace("</body>", "</div>" * 300 + "</body>", 1)
    path = tmp_path / "年报.html"
    path.write_text(page, encoding="utf-8")
    completed = run_cli("check", str(path))
    assert completed.returncode == 2
    told = completed.stderr.decode("utf-8")
    assert "网页的元素嵌套超过 256 层" in told and "Traceback" not in told
