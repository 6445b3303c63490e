"""`xxgk-lint serve`: a small local page where a clerk drops a report and sees the marked form.

The standard library's HTTP server, on the loopback address unless told otherwise. A dropped file
is read from the request in memory and checked; nothing is written to disk, kept, or sent
anywhere. Files over the size limit are refused before they are read.
"""

from __future__ import annotations

import ipaddress
import sys
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

UPLOAD_PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"/><title>xxgk-lint 年度报告检查</title>
<style>
body { font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; max-width: 760px; margin: 3em auto; color: #222; }
#drop { border: 3px dashed #999; border-radius: 12px; padding: 3em 1em; text-align: center; font-size: 1.2em; cursor: pointer; }
#drop.over { border-color: #c0392b; background: #fdf2e9; }
#status { margin-top: 1em; color: #b03a2e; white-space: pre-wrap; } .hint { color: #666; font-size: .9em; }
</style></head><body>
<h1>政府信息公开工作年度报告检查</h1>
<div id="drop" tabindex="0">把年度报告拖到这里，或点击选择文件<br/>
<span class="hint">网页（.html）、Word（.docx）、PDF、文本（.txt）或 YAML，不超过 {limit}</span></div>
<input id="file" type="file" hidden="hidden"/>
<p id="status" role="status"></p>
<p class="hint">文件只在这台电脑上检查：不保存，不上传到任何地方。</p>
<script>
var drop = document.getElementById("drop"), input = document.getElementById("file"), status = document.getElementById("status");
function send(file) {
  status.textContent = "正在检查 " + file.name + " ……";
  fetch("/check", {method: "POST", body: file, headers: {"X-File-Name": encodeURIComponent(file.name)}})
    .then(function (response) { return response.text().then(function (text) { return [response.ok, text]; }); })
    .then(function (r) { if (r[0]) { document.open(); document.write(r[1]); document.close(); }
                         else { status.innerHTML = r[1]; } })
    .catch(function (e) { status.textContent = "检查失败：" + e; });
}
drop.addEventListener("click", function () { input.click(); });
input.addEventListener("change", function () { if (input.files[0]) { send(input.files[0]); } });
drop.addEventListener("dragover", function (e) { e.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", function () { drop.classList.remove("over"); });
drop.addEventListener("drop", function (e) { e.preventDefault(); drop.classList.remove("over");
  if (e.dataTransfer.files[0]) { send(e.dataTransfer.files[0]); } });
</script></body></html>
"""


def check_upload(name: str, raw: bytes) -> tuple:
    """(HTTP status, page) for one uploaded file."""
    from xxgk_lint.engine import check_report, load_rules
    from xxgk_lint.output.html_view import render
    from xxgk_lint.pipeline import FileResult
    from xxgk_lint.read import InputError, read_bytes
    from xxgk_lint.validate import build_report

    try:
        reading = read_bytes(name, raw)
    except InputError as error:
        return 400, f"{escape(name)}：{escape(str(error))}"
    except Exception as error:  # never a traceback to the clerk
        return 400, f"{escape(name)}：无法读取（{escape(type(error).__name__)}）"
    report = build_report(name, reading)
    result = FileResult(name, report, check_report(report, load_rules())).compact(keep_data=True)
    page = render([result], [], load_rules(), title=f"检查结果：{name}")
    back = '<p style="margin:1em 0"><a href="/">← 检查另一个文件</a></p>'
    return 200, page.replace("<body>", "<body>" + back, 1)


class Handler(BaseHTTPRequestHandler):
    max_bytes = 50 * 1024 * 1024
    server_version = "xxgk-lint"

    def _send(self, status: int, text: str, kind: str = "text/html; charset=utf-8") -> None:
        body = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; "
                         "script-src 'unsafe-inline'; img-src data:; connect-src 'self'")
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        if self.path in ("/", "/index.html"):
            self._send(200, UPLOAD_PAGE.replace("{limit}", _size(self.max_bytes)))
        else:
            self._send(404, "没有这个页面")

    def do_POST(self) -> None:
        if self.path != "/check":
            self._send(404, "没有这个页面")
            return
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            length = -1
        if length < 0:
            self._send(400, "请求缺少文件长度")
            return
        if length > self.max_bytes:
            self.close_connection = True
            self._send(413, f"文件太大：超过 {_size(self.max_bytes)}，不像一份年度报告")
            return
        raw = self.rfile.read(length)
        name = unquote(self.headers.get("X-File-Name", "report")) or "report"
        status, page = check_upload(name, raw)
        self._send(status, page)

    def log_message(self, format: str, *args) -> None:  # a quiet server: one line per request
        sys.stderr.write(f"{self.address_string()} {format % args}\n")


def _size(limit: int) -> str:
    return f"{limit / (1024 * 1024):g} MB"


def serve(host: str, port: int, max_bytes: int, announce=print) -> None:
    from xxgk_lint.engine import load_rules

    load_rules()  # load once, before the first upload
    handler = type("ConfiguredHandler", (Handler,), {"max_bytes": max_bytes})
    server = ThreadingHTTPServer((host, port), handler)
    bound = server.server_address
    announce(f"xxgk-lint 检查页面：http://{bound[0]}:{bound[1]}/  （按 Ctrl-C 退出）")
    if not _loopback(host):
        announce("注意：这个地址不是本机回环地址，同一网络中的其他电脑也能打开这个页面。")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"
