"""The compiled web-page walk (lint/read/_pagewalk.pyx) reads every page to the same document as
the Python walk (html._Walker) it stands in for: on the shared corpus, on generated reports of
every layout, and on random pages built of the markup government sites serve."""

from __future__ import annotations

import os
import pathlib
import platform
import shutil

import pytest
from forms import render_html
from hypothesis import given, settings
from hypothesis import strategies as st
from reports import consistent

from xxgk_lint.read import InputError, html, read_bytes
from xxgk_lint.read.html import read_html

CORPUS = pathlib.Path(__file__).resolve().parents[2] / "shared" / "corpus"
COMPILED = html._compiled_walk()
needs_compiled = pytest.mark.skipif(COMPILED is None, reason="the compiled walk is not built in this install")


def both_ways(read, *args):
    """What `read(*args)` gives with the compiled walk and with the Python one (an InputError's
    message in place of a document)."""
    def once(walk):
        saved, html._PageWalk = html._PageWalk, walk
        try:
            return read(*args)
        except InputError as error:
            return f"InputError: {error}"
        finally:
            html._PageWalk = saved
    return once(COMPILED), once(None)


@pytest.mark.skipif(platform.system() != "Linux" or not (shutil.which("cc") or shutil.which("gcc"))
                    or os.environ.get("XXGK_LINT_PURE_PYTHON"), reason="no C compiler: the Python walk serves")
def test_an_install_with_a_c_compiler_builds_the_compiled_walk():
    assert COMPILED is not None, "pip install should have compiled lint/read/_pagewalk.pyx (see setup.py)"
    assert html._PageWalk is COMPILED


@needs_compiled
def test_the_python_walk_is_used_when_asked(monkeypatch):
    monkeypatch.setenv("XXGK_LINT_PURE_PYTHON", "1")
    assert html._compiled_walk() is None


@needs_compiled
@pytest.mark.parametrize("chrome", [False, True])
@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_generated_reports_read_alike(chrome, encoding):
    for index in range(3):
        data = consistent("2021" if index else "2019", carried=[index, 0, 0, 0, 0, 0])
        page = render_html(data, encoding=encoding, chrome=chrome)
        compiled, python = both_ways(read_html, "page.html", page)
        assert compiled == python
        assert any(hasattr(block, "rows") for block in compiled.blocks)


@needs_compiled
@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not beside the project")
def test_every_page_of_the_shared_corpus_reads_alike():
    compared = 0
    for path in sorted(CORPUS.rglob("*")):
        if not path.is_file() or path.suffix.lower() in (".pdf", ".docx", ".doc", ".yaml", ".yml"):
            continue
        compiled, python = both_ways(read_bytes, path.name, path.read_bytes())
        assert compiled == python, path
        compared += 1
    assert compared


@needs_compiled
def test_a_line_past_what_libxml2_keeps_in_a_node():
    # libxml2's HTML parser keeps 65,535 for every line past it; the compiled walk asks lxml there
    page = "<html><body>" + "\n" * 70_000 + "<p>正文</p><table><tr><td>自然人</td><td>1</td></tr></table></body></html>"
    compiled, python = both_ways(read_html, "page.html", page.encode("utf-8"))
    assert compiled == python
    assert compiled.blocks[0].location.line == 65_535


@needs_compiled
def test_a_page_whose_stylesheet_hides_the_print_copy():
    page = """<html><head><style>.print { display: none }</style></head><body>
    <div class="print"><table><tr><td>打印</td><td>9</td></tr></table></div>
    <div class="screen"><table><tr><td rowspan="2">屏幕</td><td colspan="2">1</td></tr><tr><td>2</td></tr></table>
    <a href="/files/2023年报.pdf">附件：2023年报</a><img src="x.png"><!-- 注释 -->尾巴</div></body></html>"""
    compiled, python = both_ways(read_html, "page.html", page.encode("utf-8"))
    assert compiled == python
    assert compiled.attachments == ["附件：2023年报"]


# Random pages: the elements, attributes and texts that make a walk take each of its turns (a
# skipped tag, chrome by class, a hidden style, spans good and broken, line breaks in a cell, a
# link to a file, a picture, a comment, &nbsp; and new lines in text).
TAGS = ["p", "div", "span", "b", "font", "td", "th", "tr", "table", "tbody", "caption", "br", "img", "a",
        "script", "style", "nav", "ul", "li", "h2", "center", "thead", "section"]
ATTRIBUTES = ['style="display:none"', 'style="font-family:宋体"', 'style="VISIBILITY: hidden"', 'class="nav"',
              'class="hide"', 'class="content"', 'id="footer"', 'rowspan="2"', 'colspan="3"', 'rowspan="x"',
              'colspan="0"', 'href="/upload/年报.pdf"', 'href="#top"', "nowrap", 'align="center"']
TEXTS = ["", " ", "1", "12", "自然人", "\n  3 \n", "&nbsp;", "a\nb", "政府信息公开", "文件下载", "三、收到和处理",
         "（一）", "\t", "<!-- c -->", "&amp;"]


def _element(tag: str, attributes: list, children: list) -> str:
    opening = " ".join([tag, *attributes])
    return f"<{opening}>{''.join(children)}</{tag}>" if tag not in ("br", "img") else f"<{opening}>"


attribute_lists = st.lists(st.sampled_from(ATTRIBUTES), max_size=2)
flow = st.recursive(
    st.sampled_from(TEXTS),
    lambda inner: st.builds(_element, st.sampled_from(TAGS), attribute_lists, st.lists(inner, max_size=5)),
    max_leaves=30,
)
# a table as a page builds one (the parser reshapes a stray <td>): rows of cells of flow content
cells = st.builds(_element, st.sampled_from(["td", "th"]), attribute_lists, st.lists(flow, max_size=3))
rows = st.builds(_element, st.just("tr"), attribute_lists, st.lists(cells, min_size=1, max_size=5))
tables = st.builds(lambda attributes, caption, body: _element("table", attributes, [caption, *body]),
                   attribute_lists, st.sampled_from(["", "<caption>表一</caption>"]),
                   st.lists(rows, min_size=1, max_size=5))
page_parts = st.one_of(flow, tables, st.builds(_element, st.sampled_from(["div", "td"]), attribute_lists,
                                                st.lists(st.one_of(flow, tables), max_size=3)))


@needs_compiled
@settings(max_examples=int(os.environ.get("XXGK_FUZZ_EXAMPLES", "300")), deadline=None)
@given(st.lists(page_parts, min_size=1, max_size=6), st.booleans())
def test_random_pages_read_alike(parts, with_sheet):
    sheet = "<style>.hide { display: none } div.content td { color: red }</style>" if with_sheet else ""
    page = f"<html><head><title>年报</title>{sheet}</head><body>{''.join(parts)}</body></html>"
    compiled, python = both_ways(read_html, "page.html", page.encode("utf-8"))
    assert compiled == python


@needs_compiled
def test_a_deeply_nested_page_reads_alike():
    # the compiled walk recurses in C, with no recursion limit of Python's: the parser bounds the depth
    depth = 100_000
    page = ("<html><body><table><tr><td>" + "<span>" * depth + "1" + "</span>" * depth + "</td></tr></table>"
            + "<div>" * depth + "正文" + "</div>" * depth + "</body></html>")
    compiled, python = both_ways(read_html, "page.html", page.encode("utf-8"))
    assert compiled == python
