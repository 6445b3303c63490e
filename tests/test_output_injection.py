"""Text from a report (agency names, sections) and file names reach outputs as plain text: no
formulas in CSV, no terminal controls on the console or in CI logs, well-formed XHTML."""

import csv
import io

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from reports import consistent, run_cli, with_cell

from xxgk_lint.model import Diagnostic, Location, Severity
from xxgk_lint.output.html_view import render
from xxgk_lint.pipeline import FileResult

ESC_AGENCY = "江北市\x1b]0;被接管\x07\x1b[2J\x1b[31m财政局\r伪造的一行\x9b31m"
FORMULAS = ["=HYPERLINK(\"http://x\",\"点此\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def hostile_report(tmp_path, agency: str, name: str = "report.yaml"):
    data = with_cell(consistent("2021"), ("review_litigation", "review", "total"), 9)
    data["agency"] = agency
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("formula", FORMULAS)
def test_csv_cells_never_start_a_formula(tmp_path, formula):
    path = hostile_report(tmp_path, formula)
    result = run_cli("check", "-f", "csv", str(path))
    rows = list(csv.reader(io.StringIO(result.stdout.decode("utf-8-sig"))))
    assert len(rows) > 1
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    agencies = {row[1] for row in rows[1:]}
    shown = formula.replace("\r", "")  # a carriage return is a control: dropped
    assert agencies == ({"'" + shown} if shown.startswith(("=", "+", "-", "@", "\t")) else {shown})


@pytest.mark.parametrize("form", ["console", "github", "csv"])
def test_no_control_characters_reach_the_output(tmp_path, form):
    folder = tmp_path / "报告\x1b[2J"
    folder.mkdir()
    path = hostile_report(folder, ESC_AGENCY, name="a\x1b]0;x\x07.yaml")
    broken = folder / "b\x1b[31m.yaml"
    broken.write_bytes(b"\x00\x01 not yaml: [")
    result = run_cli("check", "-f", form, str(path), str(broken))
    for stream in (result.stdout, result.stderr):
        text = stream.decode("utf-8")
        assert "Traceback" not in text
        for control in ("\x1b", "\x07", "\x9b", "\r"):
            assert control not in text, (form, control, text[:400])
    assert "江北市" in result.stdout.decode() or form == "github"


def test_two_findings_quoting_the_same_words_keep_the_page_well_formed():
    data = consistent("2021")
    data["sections"]["problems"] = "一是栏目更新不够及时，栏目更新台账尚未建立。"
    from xxgk_lint.read import read_bytes
    from xxgk_lint.validate import build_report

    report = build_report("r.yaml", read_bytes("r.yaml", yaml.safe_dump(data, allow_unicode=True).encode()))
    where = ("sections", "problems")
    findings = [
        Diagnostic("W101", Severity.WARNING, "“栏目更新”之后应写明时限", "r.yaml", where, excerpt="栏目更新",
                   location=Location(line=1)),
        Diagnostic("W102", Severity.INFO, "“栏目”<说明>", "r.yaml", where, excerpt="栏目", location=Location(line=1)),
        Diagnostic("W103", Severity.INFO, "重复的“栏目更新”", "r.yaml", where, excerpt="栏目更新",
                   location=Location(line=1)),
    ]
    result = FileResult("r.yaml", report, findings).compact(keep_data=True)
    page = render([result], [], {})
    root = etree.fromstring(page.encode("utf-8"))  # an XML parser: the page must be well-formed XHTML
    marks = list(root.iter("{http://www.w3.org/1999/xhtml}mark"))
    # marks never overlap: the words already marked are not marked again inside or around them
    assert ["".join(m.itertext()) for m in marks] == ["栏目更新", "栏目"]
    assert all(m.find("{http://www.w3.org/1999/xhtml}mark") is None for m in marks)
    for mark in marks:
        assert "<mark" not in (mark.get("title") or "")


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(line=st.text(alphabet="栏目更新<>&\"' 台账ab", min_size=1, max_size=30),
       cuts=st.lists(st.tuples(st.integers(0, 30), st.integers(1, 8)), min_size=1, max_size=5))
def test_any_overlapping_excerpts_keep_the_page_well_formed(line, cuts):
    from xxgk_lint.output.html_view import _marked

    excerpts = []
    for number, (start, length) in enumerate(cuts, start=1):
        piece = line[start:start + length]
        excerpts.append((number, Diagnostic("W101", Severity.WARNING, f"“{piece}”<&>\"", "r.yaml", ("sections", "x"),
                                            excerpt=piece)))
    html = _marked(line, excerpts, "r1")
    root = etree.fromstring(f'<p xmlns="http://www.w3.org/1999/xhtml">{html}</p>'.encode("utf-8"))
    assert "".join(root.itertext()) == line  # the words are all there, once, in order
    assert all(m.find("{http://www.w3.org/1999/xhtml}mark") is None for m in root.iter("{*}mark"))
