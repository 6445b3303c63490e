"""Hostile and broken input: each nasty file has an expected outcome — a finding or one clear
error line — and never a crash, a hang, a read outside the file, or a traceback."""

import io
import json
import time
import zipfile

import pytest
import yaml
from forms import render_html, render_text
from reports import consistent, run_cli

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
