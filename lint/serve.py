"""`xxgk-lint serve`: a small local page where a clerk drops a report and sees the marked form.

The standard library's HTTP server, on the loopback address unless told otherwise. A dropped file
is read from the request in memory and checked; nothing is written to disk, kept, or sent
anywhere. Files over the size limit are refused before they are read.

Nobody else may drive it: a request must name this server in its Host header (no DNS
rebinding), come from this page's own origin if it says where it comes from, and carry the page's
own header X-Xxgk-Lint, which a cross-site form or a no-cors fetch cannot send. Each check runs in
a child process with a memory limit and a time limit, and is killed when the clerk goes away;
checks run a few at a time, connections are capped and idle sockets time out. A .doc/.wps upload
is refused: converting it needs LibreOffice and temporary files.
"""

from __future__ import annotations

import errno
import ipaddress
import json
import os
import socket
import subprocess
import sys
import threading
import time
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Optional
from urllib.parse import unquote

CHECK_SECONDS = 60.0  # one upload's check, from start to page
CHECK_MEMORY = 2 * 1024 ** 3  # address space of the child that checks one upload
MAX_CONNECTIONS = 64
SOCKET_SECONDS = 10.0  # a client silent this long is dropped
PAGE_HEADER = "X-Xxgk-Lint"

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
// not `status`: a top-level var of that name is window.status, a string, and nothing would show
var drop = document.getElementById("drop"), input = document.getElementById("file"), statusBox = document.getElementById("status");
function send(file) {
  statusBox.textContent = "正在检查 " + file.name + " ……";
  fetch("/check", {method: "POST", body: file, headers: {"X-File-Name": encodeURIComponent(file.name), "X-Xxgk-Lint": "1"}})
    .then(function (response) { return response.text().then(function (text) { return [response.ok, text]; }); })
    .then(function (r) { if (r[0]) { document.open(); document.write(r[1]); document.close(); }
                         else { statusBox.innerHTML = r[1]; } })
    .catch(function (e) { statusBox.textContent = "检查失败：" + e; });
}
drop.addEventListener("click", function () { input.click(); });
input.addEventListener("change", function () { if (input.files[0]) { send(input.files[0]); } });
drop.addEventListener("dragover", function (e) { e.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", function () { drop.classList.remove("over"); });
drop.addEventListener("drop", function (e) { e.preventDefault(); drop.classList.remove("over");
  if (e.dataTransfer.files[0]) { send(e.dataTransfer.files[0]); } });
</script></body></html>
"""


class SettingsError(Exception):
    """The configuration, wording data, identities or rule modules the page was started with cannot be used."""


def prepare(settings: dict) -> tuple:
    """(rules, config) every upload is checked with, as `check` would check a file in the folder the
    page was started from: the configuration found there (or `config`, the --config file) and the
    wording data, local identities and rule modules it and the command line name. `settings` is
    plain data (see `settings_from`) so that each checking child can be given it."""
    from xxgk_lint.config import ConfigError, for_path, unknown_codes_in, user_plugins
    from xxgk_lint.engine import PluginError, load_rules
    from xxgk_lint.local_identities import IdentityDataError, use_files
    from xxgk_lint.wording import WordingDataError, use_directories

    try:
        config = for_path("-", None, settings.get("config"))  # "-": the current folder's configuration
        wording = list(settings.get("wording", ())) + list(config.get("wording", []) or [])
        identities = list(settings.get("identities", ())) + list(config.get("identities", []) or [])
        modules = list(settings.get("plugins", ())) + list(user_plugins()) + list(config.get("plugins", []) or [])
        if wording:
            use_directories(wording)
        if identities:
            use_files(identities)
        rules = load_rules(tuple(dict.fromkeys(modules)))
    except (ConfigError, PluginError, WordingDataError, IdentityDataError) as error:
        raise SettingsError(str(error)) from None
    problem = unknown_codes_in(config, rules)
    if problem:
        raise SettingsError(problem)
    return rules, config


def settings_from(config: Optional[str], wording, identities, plugins) -> dict:
    """The command line's choices as plain data, paths made absolute (a child may start elsewhere)."""
    absolute = lambda paths: [os.path.abspath(p) for p in paths or ()]  # noqa: E731
    return {"config": os.path.abspath(config) if config else None, "wording": absolute(wording),
            "identities": absolute(identities), "plugins": list(plugins or ())}


def check_upload(name: str, raw: bytes, settings: Optional[dict] = None) -> tuple:
    """(HTTP status, page) for one uploaded file, checked in this process."""
    from xxgk_lint.output.html_view import render
    from xxgk_lint.pipeline import check_bytes
    from xxgk_lint.read import ODF_TEXT, InputError, reader_for

    try:
        rules, config = prepare(settings or {})
    except SettingsError as error:
        return 400, escape(str(error))
    try:
        # a .doc/.wps, or an .odt (a zip, as a .docx misnamed .doc is, but LibreOffice's to convert)
        converted = not raw.startswith(b"PK") or raw[38:84].startswith(ODF_TEXT)
        if getattr(reader_for(name, raw), "function", "") == "read_legacy_word" and converted:
            raise InputError("网页检查不转换 .doc/.wps/.rtf/.odt 文件（转换要写临时文件）：请在 Word 或 WPS 中“另存为”.docx "
                             "后再上传，或在命令行用 xxgk-lint check 检查")
        result = check_bytes(name, raw, rules, config).compact(keep_data=True)
    except InputError as error:
        return 400, f"{escape(name)}：{escape(str(error))}"
    except MemoryError:
        return 400, f"{escape(name)}：文件过于复杂，检查时超出内存上限，不像一份年度报告"
    if result.error:
        return 400, f"{escape(name)}：{escape(result.error)}"
    page = render([result], [], rules, title=f"检查结果：{name}")
    back = '<p style="margin:1em 0"><a href="/">← 检查另一个文件</a></p>'
    return 200, page.replace("<body>", "<body>" + back, 1)


def _child() -> None:
    """The checking process: a JSON line naming the file, then its bytes, on stdin; a JSON
    object {status, page} on stdout."""
    header = json.loads(sys.stdin.buffer.readline())
    name = header["name"]
    raw = sys.stdin.buffer.read()
    try:
        status, page = check_upload(name, raw, header.get("settings"))
    except MemoryError:
        status, page = 400, f"{escape(name)}：文件过于复杂，检查时超出内存上限，不像一份年度报告"
    sys.stdout.buffer.write(json.dumps({"status": status, "page": page}, ensure_ascii=False).encode("utf-8"))
    sys.stdout.buffer.flush()


def _limit_child(memory: int):
    def apply() -> None:
        import resource

        import signal

        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write fails with an error, not a kill
        resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))  # it writes nothing to disk
        os.setsid()  # its own process group, so a kill takes any helper with it
    return apply if os.name == "posix" else None


def check_in_child(name: str, raw: bytes, seconds: float, memory: int, gone=lambda: False,
                   settings: Optional[dict] = None) -> tuple:
    """check_upload in a child process, killed after `seconds`, over `memory`, or once `gone()`
    says the client has left."""
    command = [sys.executable, "-c", "from xxgk_lint.serve import _child; _child()"]
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               preexec_fn=_limit_child(memory), env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))
    output: list = []
    reader = threading.Thread(target=lambda: output.append(process.stdout.read()), daemon=True)
    reader.start()
    try:
        process.stdin.write(json.dumps({"name": name, "settings": settings}).encode("utf-8") + b"\n")
        process.stdin.write(raw)
        process.stdin.close()
    except OSError:
        pass  # the child died early; its exit status says how
    ends = time.monotonic() + seconds
    while process.poll() is None:
        if time.monotonic() > ends or gone():
            _kill(process)
            reader.join(5)
            if gone():
                return 499, ""
            return 503, f"{escape(name)}：检查超过 {seconds:g} 秒，已停止（文件过于复杂，不像一份年度报告）"
        try:
            process.wait(0.2)
        except subprocess.TimeoutExpired:
            pass
    reader.join(10)
    try:
        answer = json.loads(output[0].decode("utf-8"))
        return int(answer["status"]), str(answer["page"])
    except (IndexError, ValueError, KeyError, TypeError):
        return 400, f"{escape(name)}：检查中断（文件过于复杂，可能超出内存上限），不像一份年度报告"


def _kill(process) -> None:
    try:
        if os.name == "posix":
            os.killpg(process.pid, 9)
        else:
            process.kill()
    except OSError:
        pass
    try:
        process.wait(5)
    except subprocess.TimeoutExpired:
        pass


def parse_upload(content_type: str, body: bytes, fallback: str) -> tuple:
    """(file name, bytes) of a request body: the raw file the page sends, or the first file of a
    multipart/form-data body (curl -F file=@报告.docx, an HTML form)."""
    if not content_type.lower().startswith("multipart/form-data"):
        return fallback, body
    from email import policy
    from email.parser import BytesParser

    message = BytesParser(policy=policy.HTTP).parsebytes(
        f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1", "replace") + body)
    if not message.is_multipart():
        raise ValueError("multipart 请求中没有文件")
    parts = list(message.iter_parts())
    chosen = next((p for p in parts if p.get_filename()), None) or (parts[0] if parts else None)
    if chosen is None:
        raise ValueError("multipart 请求中没有文件")
    content = chosen.get_payload(decode=True) or b""
    return chosen.get_filename() or fallback, content


def _header_text(value: str) -> str:
    """A header's text as the client meant it. The page sends the file name percent-encoded; curl
    and scripts send it as raw UTF-8 bytes, which http.server hands over read as Latin-1."""
    try:
        return value.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return value


class Handler(BaseHTTPRequestHandler):
    max_bytes = 50 * 1024 * 1024
    settings: Optional[dict] = None  # see prepare
    check_seconds = CHECK_SECONDS
    check_memory = CHECK_MEMORY
    server_version = "xxgk-lint"
    timeout = SOCKET_SECONDS  # StreamRequestHandler puts this on the socket: idle clients are dropped
    checks = threading.BoundedSemaphore(max(1, min(4, os.cpu_count() or 1)))

    def _send(self, status: int, text: str, kind: str = "text/html; charset=utf-8") -> None:
        body = text.encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; "
                             "script-src 'unsafe-inline'; img-src data:; connect-src 'self'; frame-ancestors 'none'")
            self.end_headers()
            self.wfile.write(body)
        except (OSError, ValueError):
            self.close_connection = True  # the client left; nothing to tell anyone

    def _host_allowed(self) -> bool:
        """The Host header names this server (a rebinding DNS name does not)."""
        host = (self.headers.get("Host") or "").strip().lower()
        port = self.server.server_address[1]
        bound = str(self.server.server_address[0]).lower()
        names = {"127.0.0.1", "localhost", "[::1]", bound, f"[{bound}]"}
        if host in {f"{n}:{port}" for n in names} or (port == 80 and host in names):
            return True
        if _loopback(bound):
            return False
        # served to the network on purpose: its own addresses, written as numbers (a DNS name
        # could be rebound to this machine by any web page)
        literal = host.rsplit(":", 1)[0].strip("[]") if host.count(":") == 1 or "]" in host else host
        try:
            ipaddress.ip_address(literal)
            return True
        except ValueError:
            return False

    def _origin_allowed(self) -> bool:
        origin = self.headers.get("Origin")
        if origin is not None and origin.lower() != f"http://{(self.headers.get('Host') or '').lower()}":
            return False
        site = self.headers.get("Sec-Fetch-Site")
        return site in (None, "same-origin", "none") and self.headers.get(PAGE_HEADER) == "1"

    def do_GET(self) -> None:
        if not self._host_allowed():
            self._send(403, "拒绝访问：请求的主机名不是本检查页面")
        elif self.path in ("/", "/index.html"):
            self._send(200, UPLOAD_PAGE.replace("{limit}", _size(self.max_bytes)))
        else:
            self._send(404, "没有这个页面")

    def do_POST(self) -> None:
        if self.path != "/check":
            self._send(404, "没有这个页面")
            return
        if not self._host_allowed() or not self._origin_allowed():
            self.close_connection = True
            self._send(403, "拒绝访问：只接受本检查页面发出的上传（命令行上传请加请求头 X-Xxgk-Lint: 1）")
            return
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            length = -1
        if length < 0:
            self.close_connection = True
            self._send(411, "请求缺少文件长度")
            return
        if length > self.max_bytes:
            self.close_connection = True
            self._send(413, f"文件太大：超过 {_size(self.max_bytes)}，不像一份年度报告")
            self._discard(length)
            return
        # a slot before the body is read: only a few uploads are ever held in memory at once
        if not self.checks.acquire(timeout=self.check_seconds):
            self.close_connection = True
            self._send(503, "正在检查的文件太多，请稍后再试")
            self._discard(length)
            return
        try:
            status, page = self._check_body(length)
        finally:
            self.checks.release()
        if status is None:
            return
        if status == 499:
            self.close_connection = True
            return
        self._send(status, page)

    def _check_body(self, length: int) -> tuple:
        """(status, page) for the request's body, or (None, "") when the client went away."""
        try:
            body = self.rfile.read(length)
        except OSError:
            body = b""
        if len(body) < length:
            self.close_connection = True
            return None, ""
        name = _header_text(unquote(self.headers.get("X-File-Name", "report"))) or "report"
        try:
            name, raw = parse_upload(self.headers.get("Content-Type", ""), body, name)
        except ValueError as error:
            return 400, escape(str(error))
        del body
        return check_in_child(name, raw, self.check_seconds, self.check_memory, self._client_gone, self.settings)

    def _discard(self, length: int, seconds: float = 10.0) -> None:
        """Read and drop an unwanted body for a while, so the client sees the answer rather than a
        reset connection; never kept, and given up after `seconds`."""
        ends = time.monotonic() + seconds
        try:
            while length > 0 and time.monotonic() < ends:
                chunk = self.rfile.read1(min(length, 1 << 16)) if hasattr(self.rfile, "read1") else b""
                if not chunk:
                    break
                length -= len(chunk)
        except (OSError, ValueError):
            pass

    def _client_gone(self) -> bool:
        """The client closed its end (it can send nothing more after its request)."""
        import select

        try:
            readable, _, _ = select.select([self.connection], [], [], 0)
            if not readable:
                return False
            return self.connection.recv(1, socket.MSG_PEEK) == b""
        except (OSError, ValueError):
            return True

    def log_message(self, format: str, *args) -> None:  # a quiet server: one line per request
        from xxgk_lint.output import printable

        sys.stderr.write(printable(f"{self.address_string()} {format % args}") + "\n")


class CheckServer(ThreadingHTTPServer):
    """At most MAX_CONNECTIONS at once: more are closed at once rather than starving the rest."""

    daemon_threads = True
    max_connections = MAX_CONNECTIONS

    def __init__(self, *args, **kwargs):
        self.slots = threading.BoundedSemaphore(self.max_connections)
        super().__init__(*args, **kwargs)

    def process_request(self, request, client_address):
        if not self.slots.acquire(blocking=False):
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.slots.release()
            raise

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()

    def handle_error(self, request, client_address):
        # a client that drops or times out is no error of ours: no traceback on the clerk's screen
        error = sys.exc_info()[1]
        if isinstance(error, (OSError, ValueError)):
            return
        sys.stderr.write(f"xxgk-lint: 处理请求时出错（{type(error).__name__}）\n")


def _size(limit: int) -> str:
    return f"{limit / (1024 * 1024):g} MB"


def serve(host: str, port: int, max_bytes: int, announce=print, check_seconds: float = CHECK_SECONDS,
          settings: Optional[dict] = None) -> None:
    """Serve the page. `settings` (see settings_from) are tried once here, so that a broken
    configuration stops the command at once (SettingsError) rather than failing every upload."""
    settings = settings or {}
    _, config = prepare(settings)
    handler = type("ConfiguredHandler", (Handler,), {"max_bytes": max_bytes, "check_seconds": check_seconds,
                                                     "settings": settings})
    try:
        server = CheckServer((host, port), handler)
    except socket.gaierror:  # a --host name that does not resolve
        raise OSError(errno.EADDRNOTAVAIL, host) from None
    bound = server.server_address
    if bound[0] in ("0.0.0.0", "::"):
        # listening on every address: 0.0.0.0 is no address a browser can open (Windows refuses it)
        announce(f"xxgk-lint 检查页面：http://127.0.0.1:{bound[1]}/ （本机）；局域网内的其他电脑用本机的 IP 地址"
                 f"加端口 {bound[1]} 打开  （按 Ctrl-C 退出）")
    else:
        announce(f"xxgk-lint 检查页面：http://{bound[0]}:{bound[1]}/  （按 Ctrl-C 退出）")
    sources = sorted({setting.source for setting in config.settings.values()})
    if sources:
        announce(f"上传的报告按此配置检查：{'、'.join(sources)}（xxgk-lint config 可查看）")
    extra = [f"{what} {path}" for what, key in (("措辞数据", "wording"), ("勾稽关系", "identities"), ("规则模块", "plugins"))
             for path in settings.get(key) or ()]
    if extra:
        announce(f"另外加载：{'、'.join(extra)}")
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
