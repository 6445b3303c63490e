"""Hostile and broken input: each nasty file has an expected outcome — a finding or one clear
error line — and never a crash, a hang, a read outside the file, or a traceback."""

import io
import json
import time
import zipfile
import zlib

import pytest
import yaml
from forms import render_html, render_text
from reports import consistent, run_cli, with_cell

from xxgk_lint.engine import check_report, load_rules
from xxgk_lint.read import InputError, read_bytes
from xxgk_lint.validate import build_report


def outcome(name: str, raw: bytes):
    """('error', message) or ('checked', codes): nothing else may come out."""
    try:
        reading = read_bytes(name, raw)
    except InputError as error:
        return "error", str(error)
    report = build_report(name, reading)
    return "checked", sorted({d.code for d in check_report(report, load_rules())})


def seed_like() -> bytes:
    return render_text(consistent("2021")).encode("utf-8")


def docx_bytes() -> bytes:
    pytest.importorskip("docx")
    from wordforms import render_docx

    return render_docx(consistent("2021"))


def zipped(entries: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


BILLION_LAUGHS = b"""a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
applications: [*g,*g,*g,*g,*g,*g,*g,*g,*g]
"""
XXE_HTML = b"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<html><body><p>&x;</p><p>\xe4\xb8\x80\xe3\x80\x81\xe6\x80\xbb\xe4\xbd\x93\xe6\x83\x85\xe5\x86\xb5</p>
<img src="http://127.0.0.1:9/track.png"/><link rel="stylesheet" href="http://127.0.0.1:9/x.css"/></body></html>"""
XXE_DOCX_XML = (b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                b"<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>")

def pdf_file(objects: list) -> bytes:
    """A PDF of these objects (1 is the catalog), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def pdf_page(content: bytes) -> bytes:
    """One page whose content stream is `content`, Flate-compressed."""
    return pdf_with_stream(zlib.compress(content, 9))


def pdf_with_stream(body: bytes) -> bytes:
    return pdf_file([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                     b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << >> >>",
                     b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body + b"\nendstream"])


def deflate_bomb_pdf() -> bytes:
    """300 MB of zeros in one content stream: some 300 KB on disk."""
    packer, zeros = zlib.compressobj(9), b"\0" * (1 << 20)
    body = b"".join(packer.compress(zeros) for _ in range(300)) + packer.flush()
    return pdf_with_stream(body)


def deep_page_tree_pdf(depth: int = 5000) -> bytes:
    nodes = [b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % (k + 1) for k in range(2, depth + 2)]
    return pdf_file([b"<< /Type /Catalog /Pages 2 0 R >>", *nodes,
                     b"<< /Type /Page /MediaBox [0 0 612 792] /Resources << >> >>"])


def yaml_report(**replace) -> bytes:
    data = consistent("2021", results={"disclosed": [16, 0, 0, 0, 0, 0]}, carried=[0] * 6)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    for old, new in replace.items():
        text = text.replace(old, new, 1)
    return text.encode("utf-8")


WORD_XML = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
COMMENTED_DTD_XML = (b'<?xml version="1.0"?><!--' + b"x" * 200_000 + b'--><!DOCTYPE w [<!ENTITY x "y">]>'
                     + WORD_XML + b"<w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>")


def large_plain_docx() -> bytes:
    """20 MB of ordinary paragraphs, compressing well under the ratio limit: too much XML to build."""
    paragraphs = b"".join(b"<w:p><w:r><w:t>%d</w:t></w:r></w:p>" % n for n in range(700_000))
    return zipped({"[Content_Types].xml": "<Types/>", "word/document.xml": WORD_XML + paragraphs
                   + b"</w:body></w:document>"})


NASTY = {
    # name: (bytes or a function making them, expected kind, what the outcome must say or hold)
    "empty.yaml": (b"", "error", "空"),
    "blank.txt": (b" \n\t\n  \r\n", "error", "空"),
    "bom-crlf.txt": (lambda: b"\xef\xbb\xbf" + seed_like().replace(b"\n", b"\r\n"), "checked", []),
    "nul-bytes.txt": (lambda: seed_like().replace(b"\n\n", b"\n\x00\n", 20), "checked", None),
    "binary-junk.txt": (bytes(range(256)) * 40, "either", None),
    "mixed-encoding.html": (lambda: render_html(consistent("2021"))[:4000] + "网页的后半段".encode("gbk") * 50,
                            "either", None),
    "truncated.docx": (lambda: docx_bytes()[: len(docx_bytes()) // 2], "error", "损坏"),
    "truncated.pdf": (b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pag", "error", "PDF"),
    "billion-laughs.yaml": (BILLION_LAUGHS, "error", "节点过多"),
    "deep.json": (b'{"a": ' + b"[" * 5000 + b"]" * 5000 + b"}", "error", "语法错误"),
    "python-object.yaml": (b"edition: !!python/object/apply:os.system ['echo pwned']\n", "error", "语法错误"),
    "xxe.html": (XXE_HTML, "checked", ["S001"]),
    "xxe.docx": (lambda: zipped({"[Content_Types].xml": "<Types/>", "word/document.xml": XXE_DOCX_XML}), "error", "DTD"),
    "zip-bomb.docx": (lambda: zipped({"[Content_Types].xml": "<Types/>",
                                      "word/document.xml": b"<" + b" " * (80 * 1024 * 1024) + b">"}), "error", "过大"),
    "excel.doc": (lambda: zipped({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"}), "error", "Excel"),
    "photo.html": (b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "error", "图片"),
    "program.pdf": (b"MZ\x90\x00" + b"\0" * 100, "error", "可执行"),
    "long-line.txt": (b"x" * (4 * 1024 * 1024), "checked", ["S001"]),
    "thousands-of-rows.html": (b"<html><body><table>" + b"<tr><td>\xe8\xa1\x8c</td><td>1</td></tr>" * 20000
                               + b"</table></body></html>", "checked", ["S001"]),
    "wide-span.html": (b'<table><tr><td rowspan="99999999" colspan="99999999">1</td></tr></table>', "checked", ["S001"]),
    "not-a-report.yaml": (b"colour: red\nsizes: [1, 2, 3]\n", "checked", ["S001"]),
    # issue 16: YAML 1.1 numbers, non-finite money, a number Python refuses to parse
    "octal-count.yaml": (lambda: yaml_report(**{"natural: 16": "natural: 020"}), "checked", ["S002"]),
    "hex-count.yaml": (lambda: yaml_report(**{"natural: 16": "natural: 0x10"}), "checked", ["S002"]),
    "underscore-count.yaml": (lambda: yaml_report(**{"natural: 16": "natural: 1_6"}), "checked", ["S002"]),
    "sexagesimal-count.yaml": (lambda: yaml_report(**{"natural: 16": "natural: 0:16"}), "checked", ["S002"]),
    "nan-money.yaml": (lambda: yaml_report(**{"amount: 12.5": "amount: .nan"}), "checked", ["S002"]),
    "inf-money.yaml": (lambda: yaml_report(**{"amount: 12.5": "amount: .inf"}), "checked", ["S002"]),
    "5000-digit-count.yaml": (lambda: yaml_report(**{"natural: 16": "natural: " + "9" * 5000}), "checked", None),
    "5000-digit-cell.txt": (lambda: render_text(with_cell(consistent("2021"), ("review_litigation", "review", "total"),
                                                          777777)).encode().replace(b"777777", b"7" * 5000),
                            "checked", None),
    "5000-digit-cell.html": (lambda: render_html(with_cell(consistent("2021"), ("review_litigation", "review", "total"),
                                                           777777)).replace(b"777777", b"7" * 5000), "checked", None),
    "many-nodes.yaml": (b"year: 2023\napplications:\n" + b"  - 1\n" * 150_000, "error", "节点过多"),
    "deep-flow.yaml": (b"year: 2023\na: " + b"[" * 200 + b"]" * 200 + b"\n", "error", "嵌套"),
    # issue 16: decompression and nesting bounded in bytes and depth
    "deflate-bomb.pdf": (deflate_bomb_pdf, "error", "压缩炸弹"),
    "nested-q.pdf": (lambda: pdf_page(b"q " * 100_000), "error", "嵌套"),
    "deep-page-tree.pdf": (deep_page_tree_pdf, "error", "嵌套过深"),
    "large-plain.docx": (large_plain_docx, "error", "过大"),
    "dtd-after-long-comment.docx": (lambda: zipped({"[Content_Types].xml": "<Types/>",
                                                    "word/document.xml": COMMENTED_DTD_XML}), "error", "DTD"),
    "utf16.docx": (lambda: zipped({"[Content_Types].xml": "<Types/>", "word/document.xml":
                                   COMMENTED_DTD_XML.decode("utf-8").encode("utf-16")}), "error", "UTF-8"),
}


@pytest.mark.parametrize("name", list(NASTY))
def test_nasty_file(name):
    made, kind, expect = NASTY[name]
    raw = made() if callable(made) else made
    start = time.perf_counter()
    got_kind, got = outcome(name, raw)
    assert time.perf_counter() - start < 30, "took too long"
    if kind != "either":
        assert got_kind == kind, (got_kind, got)
    if kind == "error":
        assert expect in got and "\n" not in got
    elif isinstance(expect, list):
        assert got == expect
    assert "root:" not in str(got)  # nothing of /etc/passwd came through


def test_xxe_reads_nothing_outside_the_file():
    reading = read_bytes("xxe.html", XXE_HTML)
    text = json.dumps(reading.data, ensure_ascii=False)
    assert "root:" not in text and "/bin/" not in text


def test_a_batch_of_nasty_files_goes_on(tmp_path):
    for name in ("empty.yaml", "billion-laughs.yaml", "photo.html", "program.pdf"):
        made = NASTY[name][0]
        (tmp_path / name).write_bytes(made() if callable(made) else made)
    (tmp_path / "good.yaml").write_text(yaml.safe_dump(consistent("2021"), allow_unicode=True), encoding="utf-8")
    result = run_cli("check", "-f", "json", str(tmp_path))
    document = json.loads(result.stdout)
    assert document["summary"]["checked"] == 1 and document["summary"]["unreadable"] == 4
    errors = result.stderr.decode().strip().splitlines()
    assert len(errors) == 4 and all(line.startswith(str(tmp_path)) for line in errors)
    assert "Traceback" not in result.stderr.decode()
    assert result.returncode == 1
    # nothing could be checked: exit 2
    only_bad = run_cli("check", str(tmp_path / "photo.html"), str(tmp_path / "empty.yaml"))
    assert only_bad.returncode == 2


def test_size_limit(tmp_path):
    path = tmp_path / "big.html"
    path.write_bytes(render_html(consistent("2021")) * 3)
    result = run_cli("check", "--max-size", "0.02", str(path))
    assert result.returncode == 2 and "超过 20.5 KB" in result.stderr.decode()


def test_input_files_are_never_modified(tmp_path):
    path = tmp_path / "r.html"
    raw = render_html(consistent("2021"))
    path.write_bytes(raw)
    before = path.stat().st_mtime_ns
    run_cli("check", "-f", "json", "-o", str(tmp_path / "out.json"), str(path))
    assert path.read_bytes() == raw and path.stat().st_mtime_ns == before


# --- issue 16: inputs that are not regular files; broken lists, baselines and output paths ------------

def one_clear_line(result, *words):
    stderr = result.stderr.decode()
    assert "Traceback" not in stderr and "意外错误" not in stderr, stderr[-2000:]
    lines = [line for line in stderr.splitlines() if all(w in line for w in words)]
    assert len(lines) == 1, stderr
    return lines[0]


def special_files(tmp_path) -> dict:
    import os
    import socket

    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(tmp_path / "socket.yaml"))
    return {"/dev/zero": "/dev/zero", "fifo": str(fifo), "socket": str(tmp_path / "socket.yaml"),
            "keep": server}


@pytest.mark.parametrize("kind", ["/dev/zero", "fifo", "socket"])
def test_a_file_that_is_not_regular_is_refused(tmp_path, kind):
    special = special_files(tmp_path)
    path = special[kind]
    result = run_cli("check", "--timeout", "0", path)
    assert result.returncode == 2
    one_clear_line(result, path, "不是普通文件")
    listing = tmp_path / "list.txt"
    listing.write_text(path + "\n", encoding="utf-8")
    result = run_cli("check", "--timeout", "0", f"@{listing}")
    assert result.returncode == 2
    one_clear_line(result, "不是普通文件")
    result = run_cli("check", "--timeout", "0", f"@{path}")  # the list itself
    assert result.returncode == 2
    one_clear_line(result, "不是普通文件")


def test_a_list_that_names_itself(tmp_path):
    (tmp_path / "r.yaml").write_text(yaml.safe_dump(consistent("2021"), allow_unicode=True), encoding="utf-8")
    (tmp_path / "a.txt").write_text("r.yaml\n@b.txt\n@a.txt\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("@a.txt\nr.yaml\n", encoding="utf-8")
    result = run_cli("check", "-f", "json", f"@{tmp_path / 'a.txt'}")
    assert b"Traceback" not in result.stderr and result.returncode == 0
    assert [f["path"] for f in json.loads(result.stdout)["files"]] == [str(tmp_path / "r.yaml")] * 2


def test_a_deeply_nested_baseline(tmp_path):
    (tmp_path / "r.yaml").write_text(yaml.safe_dump(consistent("2021"), allow_unicode=True), encoding="utf-8")
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    result = run_cli("check", "--baseline", str(tmp_path / "deep.json"), str(tmp_path / "r.yaml"))
    assert result.returncode == 2
    one_clear_line(result, "基线")


@pytest.mark.parametrize("option", [["-o"], ["-f", "json", "-o"], ["--write-baseline"]])
def test_an_unwritable_output_path(tmp_path, option):
    (tmp_path / "r.yaml").write_text(yaml.safe_dump(consistent("2021"), allow_unicode=True), encoding="utf-8")
    result = run_cli("check", *option, str(tmp_path / "no-such-folder" / "out.txt"), str(tmp_path / "r.yaml"))
    assert result.returncode == 2
    one_clear_line(result, "无法写入")

