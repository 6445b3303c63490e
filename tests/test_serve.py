"""xxgk-lint serve, through real HTTP on loopback: the page, an upload, a bad file, a file too large."""

import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

import pytest
from forms import render_html
from reports import consistent, with_cell


@pytest.fixture
def server():
    process = subprocess.Popen([sys.executable, "-m", "xxgk_lint", "serve", "--port", "0", "--max-size", "0.5"],
                               stderr=subprocess.PIPE, text=True)
    line = process.stderr.readline()
    match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    assert match, line
    yield f"http://127.0.0.1:{match.group(1)}"
    process.terminate()
    process.wait(timeout=10)


def post(base: str, name: str, body: bytes):
    request = urllib.request.Request(base + "/check", data=body, method="POST",
                                     headers={"X-File-Name": urllib.parse.quote(name)})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def test_upload_page(server):
    with urllib.request.urlopen(server + "/", timeout=30) as response:
        text = response.read().decode("utf-8")
        assert response.status == 200 and "把年度报告拖到这里" in text
        assert "no-store" in response.headers["Cache-Control"]


def test_upload_a_page_and_see_the_marked_form(server):
    data = with_cell(consistent("2021"), ("review_litigation", "review", "total"), 9)
    status, text = post(server, "2023年报.html", render_html(data, encoding="gbk"))
    assert status == 200
    assert "A004" in text and 'id="r1-review-litigation-review-total"' in text
    assert "检查另一个文件" in text


def test_bad_file_gets_a_clear_message(server):
    status, text = post(server, "坏文件.docx", b"PK\x03\x04 not really a docx")
    assert status == 400 and "坏文件.docx" in text and "已损坏" in text


def test_too_large_is_refused(server):
    status, text = post(server, "big.html", b"x" * (600 * 1024))
    assert status == 413 and "文件太大" in text
