"""Web archives (.mht/.mhtml, and the .doc files sites serve that are archives inside): the page
part is found, decoded from its transfer encoding and charset, and read as the page itself is."""

import base64
import pathlib
import quopri
import subprocess
import sys

import pytest
from forms import render_html
from reports import consistent
from test_read_forms import assert_same_tables, varied

from xxgk_lint.read import InputError, read_bytes

SHARED = pathlib.Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"


def chrome_archive(page: bytes) -> bytes:
    """As Chrome saves "网页，单个文件": the snapshot's address in the header, the page first and
    quoted-printable with no charset parameter (the page's <meta> names it), then its pictures."""
    body = quopri.encodestring(page).decode("ascii")
    return (
        "From: <Saved by Blink>\r\n"
        "Snapshot-Content-Location: http://www.example.gov.cn/art/2024/1/20/art_1.html\r\n"
        "Subject: =?utf-8?Q?2023=E5=B9=B4=E6=8A=A5?=\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: multipart/related;\r\n\ttype=\"text/html\";\r\n\tboundary=\"----MultipartBoundary--x1----\"\r\n"
        "\r\n\r\n"
        "------MultipartBoundary--x1----\r\n"
        "Content-Type: image/png\r\n"
        "Content-Transfer-Encoding: base64\r\n"
        "Content-Location: http://www.example.gov.cn/logo.png\r\n\r\n"
        "iVBORw0KGgo=\r\n"
        "------MultipartBoundary--x1----\r\n"
        "Content-Type: text/html\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n"
        "Content-Location: http://www.example.gov.cn/art/2024/1/20/art_1.html\r\n\r\n"
        f"{body}\r\n"
        "------MultipartBoundary--x1------\r\n"
    ).encode("ascii")


def word_archive(page: bytes, charset: str) -> bytes:
    """As Word saves "单个文件网页": a Chinese note before the first part, the page base64-encoded
    in the charset its header names, a stylesheet part after it."""
    note = "此文档为“单个文件网页”，也称为“Web 档案”文件。".encode("gb18030")
    encoded = base64.encodebytes(page).decode("ascii").replace("\n", "\r\n")
    return (b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"----=_NextPart_01DA4B.5B3C\"\r\n\r\n"
            + note + b"\r\n\r\n"
            + ("------=_NextPart_01DA4B.5B3C\r\n"
               "Content-Location: file:///C:/0BB1A5D6/report.htm\r\n"
               "Content-Transfer-Encoding: base64\r\n"
               f"Content-Type: text/html; charset=\"{charset}\"\r\n\r\n"
               f"{encoded}\r\n"
               "------=_NextPart_01DA4B.5B3C\r\n"
               "Content-Location: file:///C:/0BB1A5D6/report.files/filelist.xml\r\n"
               "Content-Transfer-Encoding: quoted-printable\r\n"
               "Content-Type: text/xml; charset=\"utf-8\"\r\n\r\n"
               "<xml></xml>\r\n"
               "------=_NextPart_01DA4B.5B3C--\r\n").encode("ascii"))


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_a_page_saved_by_a_browser_as_one_file_reads_as_the_page(edition):
    data = varied(edition)
    page = render_html(data)
    from_page = read_bytes("报告.html", page)
    from_archive = read_bytes("报告.mht", chrome_archive(page))
    assert from_archive.recognised and from_archive.form == "mhtml"
    assert_same_tables(from_archive.data, data)
    assert from_archive.data == from_page.data
    # its locations are the page's own source lines, as a browser's "view source" shows them
    assert from_archive.locations == from_page.locations


def test_a_word_web_archive_in_gbk_served_as_doc_is_read_by_its_content():
    data = varied("2021")
    page = render_html(data, encoding="gbk", declared="gb2312")
    archive = word_archive(page, "gb2312")
    reading = read_bytes("2023年报.doc", archive)  # the name says Word; the bytes say web archive
    assert reading.recognised
    assert_same_tables(reading.data, data)
    assert reading.data["agency"] == data["agency"]


def test_an_archive_with_no_page_in_it_is_one_clear_input_error():
    archive = (b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b\"\r\n\r\n"
               b"--b\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--b--\r\n")
    with pytest.raises(InputError, match="没有网页内容"):
        read_bytes("报告.mht", archive)


def test_text_that_starts_like_a_header_is_not_taken_for_an_archive():
    text = "Subject: 2023年政府信息公开工作年度报告\n\n一、总体情况\n本年度……\n".encode("utf-8")
    assert read_bytes("报告.txt", text).form != "html"


def test_a_folder_checks_its_web_archives_and_the_command_line_names_them(tmp_path):
    data = consistent("2021")
    data["review_litigation"]["review"]["total"] += 1  # one defect, so the archive's finding shows
    (tmp_path / "甲局.mht").write_bytes(chrome_archive(render_html(data)))
    (tmp_path / "乙局.mhtml").write_bytes(chrome_archive(render_html(consistent("2021"))))
    done = subprocess.run([sys.executable, "-m", "xxgk_lint", "check", "-f", "jsonl", str(tmp_path)],
                          capture_output=True, text=True, encoding="utf-8")
    assert done.returncode == 1, done.stderr
    assert "甲局.mht" in done.stdout and "A004" in done.stdout
    assert "乙局.mhtml" not in done.stderr  # checked, not passed over
    empty = tmp_path / "空.mht"
    empty.write_bytes(b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b\"\r\n\r\n--b--\r\n")
    done = subprocess.run([sys.executable, "-m", "xxgk_lint", "check", str(empty)],
                          capture_output=True, text=True, encoding="utf-8")
    assert done.returncode == 2 and "空.mht" in done.stderr + done.stdout and "Traceback" not in done.stderr


@pytest.mark.skipif(not (SHARED / "pingtan-2024.html").exists(), reason="the shared corpus is not here")
def test_a_real_page_saved_as_one_file_reads_as_the_page():
    page = (SHARED / "pingtan-2024.html").read_bytes()
    from_page = read_bytes("pingtan-2024.html", page)
    from_archive = read_bytes("pingtan-2024.mht", chrome_archive(page))
    assert from_archive.data == from_page.data and from_archive.locations == from_page.locations


@pytest.mark.parametrize("src", ["cid:frame-7@mhtml.blink", "https://www.example.gov.cn/nb/content.html"])
def test_a_report_in_a_frame_is_read_from_the_archive_that_holds_the_frames_page(src):
    """Chrome saves a frame's page as a part of the archive (its src rewritten to cid:…, or kept as
    the address the part is saved under): the report in it is read, not sent for again."""
    data = varied("2021")
    frame_page = quopri.encodestring(render_html(data)).decode("ascii")
    outer = quopri.encodestring(f'<html><head><meta charset="utf-8"><title>{data["title"]}</title></head><body>'
                                f'<h1>{data["title"]}</h1><iframe src="{src}"></iframe></body></html>'
                                .encode("utf-8")).decode("ascii")
    archive = ("From: <Saved by Blink>\r\nSnapshot-Content-Location: https://www.example.gov.cn/nb/index.html\r\n"
               "MIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\ttype=\"text/html\";\r\n\tboundary=\"B\"\r\n\r\n"
               "--B\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: quoted-printable\r\n"
               f"Content-Location: https://www.example.gov.cn/nb/index.html\r\n\r\n{outer}\r\n"
               "--B\r\nContent-Type: text/html\r\nContent-ID: <frame-7@mhtml.blink>\r\n"
               "Content-Transfer-Encoding: quoted-printable\r\n"
               f"Content-Location: https://www.example.gov.cn/nb/content.html\r\n\r\n{frame_page}\r\n--B--\r\n")
    reading = read_bytes("报告.mhtml", archive.encode("ascii"))
    assert reading.recognised, reading.problems
    assert_same_tables(reading.data, data)
