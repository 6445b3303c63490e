"""A scanned report under --skip-non-reports (what the pre-commit hook passes).

A PDF whose pages are pictures holds no text to read. Where its file name, its document title or
the few words it has (a typed cover) say it is an annual report, it is a report nobody can check:
the hook says so in one line naming the file, and the commit stops (exit 2, as for any input that
cannot be read). A scan that says nothing of what it is, and a PDF with text that is no report,
are still passed over in silence. The PDFs are real: pictures saved as PDF by Pillow, and a typed
cover before scanned pages made by LibreOffice.
"""

from __future__ import annotations

import json
import pathlib
import shutil
import subprocess

import pytest
from reports import run_cli

from xxgk_lint.read import SCAN_REPORT, read_file

TITLE = "江北市示例局2023年政府信息公开工作年度报告"
NAMED = "江北市示例局2023年政府信息公开工作年度报告.pdf"
UTF8 = '<meta charset="utf-8">'


def scanned_page():
    """A page as a scanner makes it: a picture of ruled lines, no text."""
    from PIL import Image, ImageDraw

    page = Image.new("RGB", (620, 877), "white")
    draw = ImageDraw.Draw(page)
    for y in range(100, 800, 20):
        draw.line((75, y, 545, y), fill="black", width=1)
    return page


def scan(path: pathlib.Path, **metadata) -> pathlib.Path:
    pytest.importorskip("PIL")
    scanned_page().save(path, "PDF", resolution=75, **metadata)
    return path


def hook(*paths) -> subprocess.CompletedProcess:
    return run_cli("check", "--skip-non-reports", *map(str, paths))


@pytest.mark.parametrize("how", ["name", "title"])
def test_a_scan_that_says_it_is_a_report_is_told_not_passed(tmp_path, how):
    path = scan(tmp_path / NAMED) if how == "name" else scan(tmp_path / "scan-0001.pdf", title=TITLE)
    assert read_file(str(path)).scan == SCAN_REPORT
    result = hook(path)
    told = result.stderr.decode("utf-8")
    assert result.returncode == 2, told
    assert f"{path}: 这是扫描件" in told and "没有检查" in told
    assert "Traceback" not in told


def test_a_scan_that_says_nothing_is_passed_over_and_a_plain_check_still_says_s001(tmp_path):
    path = scan(tmp_path / "scan-0001.pdf")
    assert read_file(str(path)).scan == "unknown"
    result = hook(path)
    assert result.returncode == 0 and "扫描件" not in result.stderr.decode("utf-8")
    named = run_cli("check", "-f", "json", str(path))  # named on the command line, no hook: S001
    assert named.returncode == 1
    assert [d["code"] for d in json.loads(named.stdout)["files"][0]["diagnostics"]] == ["S001"]


def test_beside_reports_that_pass_the_scan_alone_is_told(tmp_path):
    """A commit of a checked report and a scan: the report is checked, the scan told, the commit stops."""
    clean = pathlib.Path(__file__).resolve().parent.parent / "examples" / "report-2021-clean.yaml"
    shutil.copy(clean, tmp_path / "report.yaml")
    result = hook(tmp_path / "report.yaml", scan(tmp_path / NAMED))
    told = result.stderr.decode("utf-8")
    assert result.returncode == 1 and told.count("这是扫描件") == 1 and NAMED in told
    summary = json.loads(run_cli("check", "--skip-non-reports", "-f", "json", str(tmp_path)).stdout)["summary"]
    assert (summary["checked"], summary["unreadable"]) == (1, 1)


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_a_typed_cover_before_scanned_pages_is_a_scanned_report(tmp_path):
    """The cover's one line of text names the report; the pages after it are pictures. A PDF of the
    same cover with no pictures is a short text, no report and no scan: passed over."""
    scanned_page().save(tmp_path / "page.png")
    picture = '<p style="page-break-before:always"><img src="page.png" width="620" height="877"></p>'
    (tmp_path / "scanned.html").write_text(f"<html><head>{UTF8}</head><body><p>{TITLE}</p>{picture * 2}</body></html>", encoding="utf-8")
    (tmp_path / "letter.html").write_text(f"<html><head>{UTF8}</head><body><p>关于报送{TITLE}的函</p></body></html>", encoding="utf-8")
    for name in ("scanned.html", "letter.html"):
        subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/profile",
                        "--infilter=HTML (StarWriter)", "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / name)],
                       check=True, capture_output=True, timeout=300)
    scanned, letter = tmp_path / "scanned.pdf", tmp_path / "letter.pdf"
    reading = read_file(str(scanned))
    assert (reading.recognised, reading.scan) == (False, SCAN_REPORT)
    assert "2 页是图片" in reading.problems[0].message
    assert read_file(str(letter)).scan == ""  # its text says 年度报告, but it is a text: no scan
    assert hook(letter).returncode == 0
    result = hook(scanned)
    assert result.returncode == 2 and f"{scanned}: 这是扫描件" in result.stderr.decode("utf-8")
