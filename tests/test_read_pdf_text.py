"""Text copied out of a PDF report: each row read with its own label, as the PDF itself reads.

The copies of real PDFs are made at test time from ../shared by fixtures/pdf_text/make_pdf_text.py
(conftest.real_copy: a PDF viewer's copy by pdfplumber, pdftotext -layout and plain pdftotext). In them labels wrap around their row's numbers,
a one-line label lands just after its numbers, a label column written downwards scatters its
characters over other rows' lines, and a one-column row's number sits alone between two pieces of
its label. The small texts below are written here in those shapes.
"""

from __future__ import annotations

import pathlib

import pytest
import yaml
from reports import check_bytes

from xxgk_lint.document import TableBlock
from xxgk_lint.read import read_bytes
from xxgk_lint.read.text import parse_text
from xxgk_lint.validate import build_report

HERE = pathlib.Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared" / "corpus"
REPORTS = ("huaian-hongzequ-2023", "huaian-shi-2024", "pingtan-2024")
COPIES = [f"{report}.{kind}.txt" for report in REPORTS for kind in ("plumber", "layout")]
# plain pdftotext: in the applications table (several label columns) the labels come in one block
# and the numbers in another
PLAIN = [f"{report}.pdftotext.txt" for report in REPORTS]
TABLES = ("proactive", "applications", "review_litigation")


def _data(path: pathlib.Path) -> dict:
    raw = path.read_bytes()
    report = build_report(path.name, read_bytes(path.name, raw))
    return {key: report.data.get(key) for key in TABLES}


def _findings(path: pathlib.Path) -> list:
    return check_bytes(path.read_bytes(), path.name)


def test_the_copies_are_made_where_the_corpus_is(real_copies):
    if not SHARED.is_dir():
        pytest.skip("the shared corpus is not here")
    assert {"huaian-hongzequ-2023.plumber.txt", "huaian-shi-2024.plumber.txt"} <= set(real_copies)


@pytest.mark.parametrize("name", COPIES)
def test_no_row_that_is_there_is_reported_missing(name, real_copy):
    findings = _findings(real_copy(name))
    missing = [f"{d.code} {d.message}" for d in findings if d.code in ("S006", "S008")]
    assert missing == []


@pytest.mark.parametrize("name", [n for n in COPIES if n.startswith("huaian-")])
def test_the_copy_reads_the_numbers_the_pdf_holds(name, real_copy):
    path = real_copy(name)
    assert _data(path) == _data(SHARED / (name.split(".")[0] + ".pdf"))


@pytest.mark.parametrize("kind", ["plumber", "layout"])
def test_pingtan_copy_reads_the_hand_transcribed_numbers(kind, real_copy):
    path = real_copy(f"pingtan-2024.{kind}.txt")
    expected_file = SHARED / "real" / "pingtan-2024.expected.yaml"
    expected = yaml.safe_load(expected_file.read_text(encoding="utf-8"))
    data = _data(path)
    for table in ("applications", "review_litigation"):
        for row, cells in expected[table].items():
            assert data[table][row] == cells, (table, row)
    # the rows whose labels wrapped around their numbers in the copy
    assert data["proactive"]["item8"]["fees"]["amount"] == 18651.06
    assert data["proactive"]["item1"]["normative"] == {"issued": 62, "repealed": 33, "in_force": 440}


@pytest.mark.parametrize("name", PLAIN)
def test_a_table_whose_labels_were_parted_from_its_numbers_is_said_once(name, real_copy):
    findings = _findings(real_copy(name))
    unread = [d for d in findings if d.code == "S011" and d.path[:1] == ("applications",)]
    assert len(unread) == 1 and "未读取、未核对" in unread[0].message
    # not a 缺少 for each of its rows, nor rows read with another row's numbers, nor an empty section
    assert [d.code for d in findings if d.path[:1] == ("applications",) and d.code != "S011"] == []
    assert not [d for d in findings if d.code == "S003" and "收到和处理" in d.message]


LIBREOFFICE_TEXT = "\n".join(["三、收到和处理政府信息公开申请情况", "申请人情况"] + [
    line for label, value in [("一、本年新收政府信息公开申请数量", "3"), ("二、上年结转政府信息公开申请数量", "0"),
                              ("（一）予以公开", "2"), ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "1")]
    for line in [label, value, "0", "", "0", "0", "0", value]])


def test_labels_that_stand_with_their_cells_are_read():
    # a Word table saved as text one cell a line (an empty cell a blank line): labels stand with
    # their cells, in the form's order, so the table is read, not reported as parted
    findings = check_bytes(LIBREOFFICE_TEXT.encode("utf-8"), "saved.txt")
    assert not [d for d in findings if d.code == "S011"]


def _tables(text: str) -> list:
    return [b for b in parse_text("copy.txt", text).blocks if isinstance(b, TableBlock)]


def _rows(block: TableBlock) -> list:
    """The block's tokens as (label, numbers) in order: each number after the label it follows
    (a label is a token alone on its line's label column; 1.属于国家秘密 starts with a digit too)."""
    rows, label, numbers = [], None, []
    for token in block.rows[0]:
        if not token.alone:
            numbers.append(token.text)
            continue
        if numbers:
            rows.append((label, numbers))
            numbers = []
        label = token.text
    if numbers:
        rows.append((label, numbers))
    return rows


# the shapes of a PDF viewer's copy, written here: the second row's label wraps around its numbers,
# the third row's label comes just after its numbers, the characters of the downward 办理结果 column
# start other lines, and the fifth row's label starts before its numbers and ends after them
WRAPPED = "\n".join([
    "三、收到和处理政府信息公开申请情况",
    "一、本年新收政府信息公开申请数量 9 0 0 0 0 0 9",
    "（二）部分公开（区分处理的，只计这一情形，不",
    "2 0 0 0 0 0 2",
    "计其他情形）",
    "3 0 0 0 0 0 3",
    "1.属于国家秘密",
    "办 2.其他法律行政法规禁止公开 0 0 0 0 0 0 0",
    "理",
    "5.要求行政机关确认或重新出具",
    "1 0 0 0 0 0 1",
    "已获取信息",
    "（七）总计 6 0 0 0 0 0 6",
])


def test_each_row_takes_the_label_around_before_or_after_it():
    [block] = _tables(WRAPPED)
    assert _rows(block) == [
        ("一、本年新收政府信息公开申请数量", ["9", "0", "0", "0", "0", "0", "9"]),
        ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ["2", "0", "0", "0", "0", "0", "2"]),
        ("1.属于国家秘密", ["3", "0", "0", "0", "0", "0", "3"]),
        ("2.其他法律行政法规禁止公开", ["0"] * 7),
        ("5.要求行政机关确认或重新出具已获取信息", ["1", "0", "0", "0", "0", "0", "1"]),
        ("（七）总计", ["6", "0", "0", "0", "0", "0", "6"]),
    ]


def test_a_label_in_pieces_over_a_downward_column():
    # 5.属于三类内部事 / 开 32 … / 务信息: the 开 of （三）不予公开 on the row's own line
    text = "\n".join([
        "4.保护第三方合法权益 0 0 0 0 0 0 0",
        "（三）",
        "不予公",
        "5.属于三类内部事",
        "开 32 0 0 0 0 0 32",
        "务信息",
        "6.属于四类过程性信息 0 0 0 0 0 0 0",
    ])
    [block] = _tables(text)
    assert ("5.属于三类内部事务信息", ["32", "0", "0", "0", "0", "0", "32"]) in _rows(block)


def test_a_lone_number_between_two_pieces_of_its_label():
    text = "\n".join([
        "第二十条第（六）项",
        "信息内容 本年处理决定数量",
        "行政强制 65",
        "第二十条第（八）项",
        "信息内容 本年收费金额（单位：万元）",
        "行政事业性收",
        "18651.06",
        "费",
        "",
        "三、收到和处理政府信息公开申请情况",
    ])
    [block] = _tables(text)
    assert _rows(block)[-1] == ("行政事业性收费", ["18651.06"])


def test_a_lone_number_among_paragraphs_stays_text():
    text = "\n".join(["（一）主动公开情况。", "全年公开信息", "2024", "条，比上年增加。"])
    assert _tables(text) == []


def test_rows_with_their_own_labels_are_read_as_before():
    text = "\n".join(["信息内容 本年制发件数 本年废止件数 现行有效件数", "规章 0 0 0", "行政规范性文件 6 1 32"])
    [block] = _tables(text)
    assert [t.text for t in block.rows[0]] == ["信息内容 本年制发件数 本年废止件数 现行有效件数", "规章", "0", "0", "0",
                                                "行政规范性文件", "6", "1", "32"]


def test_layout_copy_keeps_captions_past_blank_lines():
    # pdftotext -layout: blank lines between a table's caption, its header and its rows
    text = "\n".join(["二、主动公开政府信息情况", "", "    第二十条第（五）项", "", "",
                      "    信息内容     本年处理决定数量", "", "    行政许可     4529", ""])
    [block] = _tables(text)
    texts = [t.text for t in block.rows[0]]
    assert texts[texts.index("第二十条第（五）项") + 1] == "信息内容     本年处理决定数量"


def test_a_note_a_blank_line_below_its_label_is_the_same_label():
    # a table kept one cell a line, its label's note a blank line below it (pdftotext -layout)
    cells = ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量", "", "规章", "", "（市政府令）",
             "0", "0", "0", "", "规范性文件", "", "（有规范性文件登记号）", "1", "1", "1", ""]
    [block] = _tables("\n".join(["第二十条第（一）项", ""] + [f"    {c}" if c else "" for c in cells]))
    texts = [t.text for t in block.rows[0]]
    assert texts[texts.index("规章") + 1] == "（市政府令）"
    assert texts[texts.index("（市政府令）") + 1] == "0"
