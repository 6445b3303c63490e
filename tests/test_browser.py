"""The HTML view in a real headless browser (Debian's chromium, driven by Playwright without any
browser download): open the batch page and a report, click a finding, see its cell highlighted.
A screenshot is kept as an artefact in .test-artifacts/ (or $XXGK_ARTIFACTS)."""

import os
import pathlib
import shutil

import pytest
import yaml
from reports import consistent, run_cli, with_cell

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium installed")
ARTIFACTS = pathlib.Path(os.environ.get("XXGK_ARTIFACTS", pathlib.Path(__file__).resolve().parents[1] / ".test-artifacts"))
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


def test_click_a_finding_and_see_its_cell(tmp_path):
    reports = []
    for agency, broken in (("江北市体育局", False), ("江北市财政局", True)):
        data = consistent("2021", review=(3, 1, 0, 0))
        data["agency"], data["title"] = agency, f"{agency}2023年政府信息公开工作年度报告"
        if broken:
            data = with_cell(data, ("review_litigation", "review", "total"), 0)
        path = tmp_path / f"{agency}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        reports.append(str(path))
    page_path = tmp_path / "检查结果.html"
    run_cli("check", "-f", "html", "-o", str(page_path), *reports)

    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(page_path.as_uri())
            # the batch index: the broken report first, linking to its section
            first = page.locator("section#index tbody tr").first
            assert "江北市财政局" in first.inner_text()
            first.locator("a").click()
            report = page.locator("section.report#r2")
            assert report.is_visible()
            # the A004 finding itself (it may be listed under the A006 that explains it, whose text names it)
            finding = report.locator(OWN_A004).first
            finding.click()
            cell = page.locator("#r2-review-litigation-review-total")
            page.wait_for_function("document.getElementById('r2-review-litigation-review-total')"
                                   ".classList.contains('focus')")
            assert "bad" in cell.get_attribute("class").split()
            assert "active" in finding.get_attribute("class").split()
            assert cell.inner_text().strip() == "0"
            # and the other way round: the cell leads to its finding
            page.locator("li.finding.active").evaluate("e => e.classList.remove('active')")
            cell.click()
            assert "active" in finding.get_attribute("class").split()
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "html-view-finding.png"), full_page=False)
            assert (ARTIFACTS / "html-view-finding.png").stat().st_size > 10_000
        finally:
            browser.close()


def test_the_upload_page_shows_an_error_for_a_bad_file(tmp_path):
    import re
    import subprocess
    import sys

    process = subprocess.Popen([sys.executable, "-m", "xxgk_lint", "serve", "--port", "0"],
                               stderr=subprocess.PIPE, text=True)
    try:
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", process.stderr.readline())
        assert match
        base = f"http://127.0.0.1:{match.group(1)}/"
        empty = tmp_path / "空白.txt"
        empty.write_bytes(b"  \n")
        with playwright.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
            try:
                page = browser.new_page()
                page.goto(base)
                page.locator("#file").set_input_files(str(empty))
                status = page.locator("#status")
                # the page's CSP forbids eval, so wait with a locator assertion rather than a script
                playwright.expect(status).to_contain_text("文件是空的", timeout=60_000)
                assert "空白.txt" in status.inner_text() and "文件是空的" in status.inner_text()
            finally:
                browser.close()
    finally:
        process.terminate()
        process.wait(timeout=10)


OWN_A004 = "xpath=.//li[contains(concat(' ', @class, ' '), ' finding ')][a/b[contains(., 'A004')]]"


def _overlap(a: dict, b: dict) -> bool:
    return a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"] and \
        a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]


def test_narrow_windows_keep_the_tables_clear_of_the_findings(tmp_path, examples_dir):
    # a Windows laptop at 125 % scaling is about 1090 px wide; 800 px is a half-screen window
    page_path = tmp_path / "检查结果.html"
    run_cli("check", "-f", "html", "-o", str(page_path), str(examples_dir / "report-2021-defects.yaml"))
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        try:
            for width in (1090, 800):
                page = browser.new_page(viewport={"width": width, "height": 900})
                page.goto(page_path.as_uri())
                panel = page.locator("section.report .findings").first
                for table in page.locator("section.report table.form-table").all():
                    table.scroll_into_view_if_needed()  # the panel is sticky: compare where both are now
                    box = table.bounding_box()
                    assert not _overlap(box, panel.bounding_box()), (width, box, panel.bounding_box())
                    assert box["x"] + box["width"] <= width  # nothing runs off the window
                assert page.evaluate("document.documentElement.scrollWidth") <= width
                # clicking a finding still brings its cell into view
                page.locator(OWN_A004).first.click()
                cell = page.locator("#r1-review-litigation-review-total")
                page.wait_for_function("document.getElementById('r1-review-litigation-review-total')"
                                       ".classList.contains('focus')")
                assert cell.is_visible()
                ARTIFACTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(ARTIFACTS / f"html-view-{width}px.png"))
                page.close()
        finally:
            browser.close()
