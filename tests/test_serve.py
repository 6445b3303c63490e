"""xxgk-lint serve, through real HTTP on loopback: the page, an upload, a bad file, a file too large."""

import json
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
                                     headers={"X-File-Name": urllib.parse.quote(name), "X-Xxgk-Lint": "1"})
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


def test_a_file_name_sent_as_raw_utf8_is_shown_as_written(server):
    """curl -H "X-File-Name: 坏文件.docx" sends the name's UTF-8 bytes as they are (the page itself
    percent-encodes it): the answer names the file as the clerk wrote it, not as mojibake."""
    import http.client

    host, port = server.rsplit("/", 1)[-1].split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=60)
    body = b"PK\x03\x04 not really a docx"
    connection.putrequest("POST", "/check")
    connection.putheader("X-File-Name", "坏文件.docx".encode("utf-8"))
    connection.putheader("X-Xxgk-Lint", "1")
    connection.putheader("Content-Length", str(len(body)))
    connection.endheaders(body)
    response = connection.getresponse()
    text = response.read().decode("utf-8")
    connection.close()
    assert response.status == 400 and "坏文件.docx" in text and "å" not in text


def test_too_large_is_refused(server):
    status, text = post(server, "big.html", b"x" * (600 * 1024))
    assert status == 413 and "文件太大" in text


# --- nobody else drives it; nothing runs away; nothing is written --------------------------------

@pytest.fixture
def logged_server(tmp_path):
    """A server whose stderr goes to a file, and whose temporary folder is an empty one we watch."""
    import os
    import time

    log = tmp_path / "server.log"
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = dict(os.environ, TMPDIR=str(temporary), TMP=str(temporary), TEMP=str(temporary))
    with open(log, "w") as handle:
        process = subprocess.Popen([sys.executable, "-m", "xxgk_lint", "serve", "--port", "0", "--max-size", "0.5"],
                                   stderr=handle, env=env)
    for _ in range(600):
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", log.read_text())
        if match:
            break
        time.sleep(0.1)
    assert match, log.read_text()
    yield f"http://127.0.0.1:{match.group(1)}", log, temporary
    process.terminate()
    process.wait(timeout=10)


def raw_post(base: str, body: bytes, headers: dict):
    request = urllib.request.Request(base + "/check", data=body, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


REPORT = render_html(with_cell(consistent("2021"), ("review_litigation", "review", "total"), 9), encoding="utf-8")


@pytest.mark.parametrize("headers", [
    {},  # a cross-site form or fetch(..., {mode: "no-cors"}) cannot add the page's header
    {"Content-Type": "text/plain"},
    {"X-Xxgk-Lint": "1", "Origin": "https://evil.example"},
    {"X-Xxgk-Lint": "1", "Origin": "null"},  # a page opened from file://
    {"X-Xxgk-Lint": "1", "Host": "rebound.example:80"},  # DNS rebinding
    {"X-Xxgk-Lint": "1", "Sec-Fetch-Site": "cross-site"},
])
def test_requests_from_elsewhere_are_refused(server, headers):
    status, text = raw_post(server, REPORT, headers)
    assert status == 403 and "拒绝访问" in text


def test_the_page_own_request_is_accepted(server):
    port = server.rsplit(":", 1)[1]
    status, text = raw_post(server, REPORT, {"X-Xxgk-Lint": "1", "Origin": server, "Sec-Fetch-Site": "same-origin",
                                             "Host": f"127.0.0.1:{port}"})
    assert status == 200 and "A004" in text


def test_a_multipart_upload_is_read_as_the_file_it_carries(server, tmp_path):
    import shutil

    if shutil.which("curl") is None:
        pytest.skip("no curl")
    path = tmp_path / "江北市年报.html"
    path.write_bytes(REPORT)
    result = subprocess.run(["curl", "-s", "-H", "X-Xxgk-Lint: 1", "-F", f"file=@{path}", "-w", "\\n%{http_code}",
                             server + "/check"], capture_output=True, timeout=120)
    body, status = result.stdout.decode("utf-8").rsplit("\n", 1)
    assert status == "200" and "A004" in body and "江北市年报.html" in body
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = subprocess.run(["curl", "-s", "-H", "X-Xxgk-Lint: 1", "-F", f"file=@{empty}", server + "/check"],
                            capture_output=True, timeout=120)
    assert "empty.txt" in result.stdout.decode() and "文件是空的" in result.stdout.decode()


def test_a_doc_upload_is_refused_and_nothing_is_written(logged_server):
    base, log, temporary = logged_server
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2048
    status, text = raw_post(base, ole, {"X-Xxgk-Lint": "1", "X-File-Name": "old.doc"})
    assert status == 400 and "另存为" in text and ".docx" in text
    # an .odt is a zip, as a .docx is, but it too would be converted by LibreOffice through files
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")  # first, stored: as ODF has it
        archive.writestr("content.xml", "<office:document-content/>")
    status, text = raw_post(base, buffer.getvalue(), {"X-Xxgk-Lint": "1", "X-File-Name": "report.odt"})
    assert status == 400 and "另存为" in text and ".odt" in text
    assert list(temporary.iterdir()) == []


def test_dropped_clients_leave_no_traceback(logged_server):
    import socket
    import time

    base, log, _ = logged_server
    port = int(base.rsplit(":", 1)[1])
    for body in (b"", REPORT[:100]):  # gone before the body ends, and gone before the answer
        with socket.create_connection(("127.0.0.1", port), timeout=30) as client:
            client.sendall(b"POST /check HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nX-Xxgk-Lint: 1\r\n"
                           b"Content-Length: %d\r\n\r\n" % (port, len(REPORT)) + body)
    with socket.create_connection(("127.0.0.1", port), timeout=30) as client:
        client.sendall(b"POST /check HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nX-Xxgk-Lint: 1\r\n"
                       b"Content-Length: %d\r\n\r\n" % (port, len(REPORT)) + REPORT)
        client.shutdown(socket.SHUT_WR)
    # the server still answers, and has printed no traceback
    status, text = raw_post(base, REPORT, {"X-Xxgk-Lint": "1"})
    assert status == 200
    time.sleep(0.5)
    assert "Traceback" not in log.read_text() and "BrokenPipe" not in log.read_text()


def test_idle_connections_do_not_starve_a_clerk(server):
    import socket
    import time

    port = int(server.rsplit(":", 1)[1])
    idle = [socket.create_connection(("127.0.0.1", port), timeout=30) for _ in range(100)]
    try:
        ends = time.monotonic() + 90
        while True:  # idle sockets time out; the clerk's upload then goes through
            try:
                status, _ = raw_post(server, REPORT, {"X-Xxgk-Lint": "1"})
                if status == 200:
                    break
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            assert time.monotonic() < ends, "an upload never got through"
            time.sleep(1)
    finally:
        for connection in idle:
            connection.close()


def test_a_check_is_stopped_at_its_time_limit_and_when_the_clerk_leaves():
    from xxgk_lint.serve import check_in_child

    # a millisecond is less than any Python needs to start: the child is always stopped
    status, text = check_in_child("a.html", REPORT, seconds=0.001, memory=2 * 1024 ** 3)
    assert status == 503 and "已停止" in text
    status, text = check_in_child("a.html", REPORT, seconds=60, memory=2 * 1024 ** 3, gone=lambda: True)
    assert status == 499
    status, text = check_in_child("a.html", REPORT, seconds=120, memory=2 * 1024 ** 3)
    assert status == 200 and "A004" in text


def test_a_check_runs_under_a_memory_limit():
    from xxgk_lint.serve import check_in_child

    # 80 MB of address space is enough for a real report and not for a page of 300,000 cells:
    # the child fails with a clear line instead of taking the machine's memory
    status, text = check_in_child("a.html", REPORT, seconds=120, memory=80 * 1024 ** 2)
    assert status == 200 and "A004" in text
    big = b"<html><body><table><tr>" + b"<td>1</td>" * 300_000 + b"</tr></table></body></html>"
    status, text = check_in_child("big.html", big, seconds=120, memory=80 * 1024 ** 2)
    assert status == 400 and text.startswith("big.html：") and "Traceback" not in text


# --- uploads are checked as `check` checks a file in the folder the page was started from ----------

def start(arguments: list, folder):
    """A server started in `folder`; (base address, its announcement lines, the process)."""
    process = subprocess.Popen([sys.executable, "-m", "xxgk_lint", "serve", "--port", "0", *arguments],
                               stderr=subprocess.PIPE, text=True, encoding="utf-8", cwd=folder)
    line = process.stderr.readline()
    match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    assert match, line + process.stderr.read()
    lines = [line]
    return f"http://127.0.0.1:{match.group(1)}", lines, process


def stop(process) -> str:
    process.terminate()
    process.wait(timeout=10)
    return process.stderr.read()


def test_uploads_follow_the_configuration_found_where_the_page_was_started(tmp_path):
    (tmp_path / ".xxgk-lint.toml").write_text('severity = {A004 = "warning"}\nignore = ["W"]\n', encoding="utf-8")
    base, _, process = start([], tmp_path)
    try:
        status, text = post(base, "2023年报.html", REPORT)
    finally:
        announced = stop(process)
    assert ".xxgk-lint.toml" in announced and "按此配置检查" in announced
    assert status == 200 and "A004" in text
    # the page marks it as the configuration says: a warning, not an error
    assert "<b>警告 A004</b>" in text and "<b>错误 A004</b>" not in text
    assert not re.search(r"<b>[^<]* W0\d\d</b>", text)


def test_local_identities_and_an_explicit_configuration_reach_every_upload(tmp_path):
    identities = tmp_path / "本省勾稽关系-2021.json"
    identities.write_text(json.dumps({"x-edition": "2021", "x-identities": [
        {"code": "GD301", "name": "复议与直诉", "table": ["review_litigation"], "across": "columns",
         "left": ["review"], "right": ["direct_suit"], "severity": "warning"}]}, ensure_ascii=False),
        encoding="utf-8")
    elsewhere = tmp_path / "别处"
    elsewhere.mkdir()
    (elsewhere / "办公室.toml").write_text('ignore = ["A004"]\n', encoding="utf-8")
    data = with_cell(consistent("2021"), ("review_litigation", "review", "upheld"), 3)
    data = with_cell(data, ("review_litigation", "review", "total"), 3)
    page = render_html(data, encoding="utf-8")

    base, _, process = start([], tmp_path)
    try:
        plain = post(base, "a.html", page)[1]
    finally:
        stop(process)
    base, _, process = start(["--identities", identities.name, "--config", str(elsewhere / "办公室.toml")], tmp_path)
    try:
        status, text = post(base, "a.html", page)
    finally:
        announced = stop(process)
    assert "GD301" not in plain
    assert status == 200 and "GD301" in text
    assert "本省勾稽关系-2021.json" in announced and "办公室.toml" in announced


@pytest.mark.parametrize("configuration, arguments, named", [
    ('ignore = ["A004"\n', [], ".xxgk-lint.toml"),  # not TOML
    ('ignore = ["NOPE999"]\n', [], "NOPE999"),  # as `check` says: a code nobody registered
    (None, ["--identities", "没有.json"], "没有.json"),
])
def test_a_configuration_that_cannot_be_used_stops_serve_with_one_chinese_line(tmp_path, configuration, arguments,
                                                                              named):
    if configuration is not None:
        (tmp_path / ".xxgk-lint.toml").write_text(configuration, encoding="utf-8")
    completed = subprocess.run([sys.executable, "-m", "xxgk_lint", "serve", "--port", "0", *arguments], cwd=tmp_path,
                               capture_output=True, timeout=60)
    error = completed.stderr.decode("utf-8")
    assert completed.returncode == 2 and named in error and "Traceback" not in error
    assert len(error.strip().splitlines()) == 1


def test_a_port_in_use_is_said_so_in_chinese(server):
    port = server.rsplit(":", 1)[1]
    completed = subprocess.run([sys.executable, "-m", "xxgk_lint", "serve", "--port", port],
                               capture_output=True, timeout=60)
    error = completed.stderr.decode("utf-8")
    assert completed.returncode == 2 and "端口已被占用" in error and "EADDRINUSE" not in error


def test_listening_on_every_address_announces_an_address_a_browser_opens(tmp_path):
    """--host 0.0.0.0 was announced as http://0.0.0.0:PORT/, which a browser on Windows cannot open."""
    base, lines, process = start(["--host", "0.0.0.0"], tmp_path)
    try:
        status, _ = post(base, "a.html", REPORT)
    finally:
        stop(process)
    assert status == 200
    assert "0.0.0.0" not in lines[0] and "局域网" in lines[0] and "IP 地址" in lines[0]
