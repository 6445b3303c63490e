"""An .xlsx workbook an office can send around: a summary sheet and a sheet of all findings.

Written directly as SpreadsheetML (a zip of XML) with the standard library: two sheets, a bold
header row that stays in view, and column widths that fit Chinese text.
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

from xxgk_lint.output.plain import COLUMNS, finding_rows
from xxgk_lint.terminal import ERRORS, readable_names

SUMMARY_COLUMNS = ["机关", "年度", "格式版本", "错误", "警告", "提示", "无法读取", "最严重的问题", "文件"]


def render(results, agency_rows: list) -> bytes:
    summary = [[r["agency"], r["year"] or "", r["edition"] or "", r["errors"], r["warnings"], r["infos"],
                "是" if r["unreadable"] else "", r["worst"], r["path"]] for r in agency_rows]
    sheets = [("汇总", SUMMARY_COLUMNS, summary), ("全部问题", COLUMNS, finding_rows(results))]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", _content_types(len(sheets)))
        book.writestr("_rels/.rels", RELS)
        book.writestr("xl/workbook.xml", _workbook([name for name, _, _ in sheets]))
        book.writestr("xl/_rels/workbook.xml.rels", _workbook_rels(len(sheets)))
        book.writestr("xl/styles.xml", STYLES)
        for number, (_, header, rows) in enumerate(sheets, start=1):
            # a file name that was not UTF-8 on disk is written as the console would show it
            book.writestr(f"xl/worksheets/sheet{number}.xml", readable_names(_sheet(header, rows)).encode("utf-8", ERRORS))
    return buffer.getvalue()


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        name = chr(65 + remainder) + name
    return name


def _width(value) -> float:
    text = str(value)
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _sheet(header: list, rows: list) -> str:
    widths = [min(60, max([_width(h)] + [_width(r[i]) for r in rows[:500]]) + 2) for i, h in enumerate(header)]
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">',
           '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
           'state="frozen"/></sheetView></sheetViews>',
           "<cols>" + "".join(f'<col min="{i + 1}" max="{i + 1}" width="{w}" customWidth="1"/>'
                              for i, w in enumerate(widths)) + "</cols>", "<sheetData>"]
    for r, row in enumerate([header] + rows, start=1):
        cells = []
        for c, value in enumerate(row):
            ref = f"{_column(c)}{r}"
            style = ' s="1"' if r == 1 else ""
            if isinstance(value, bool):
                value = "是" if value else ""
            if isinstance(value, (int, float)) and r > 1:
                cells.append(f'<c r="{ref}"{style}><v>{value}</v></c>')
            elif value not in (None, ""):
                text = escape(_clean(str(value)))
                cells.append(f'<c r="{ref}"{style} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>')
        out.append(f'<row r="{r}">{"".join(cells)}</row>')
    out.append("</sheetData>")
    if rows:
        out.append(f'<autoFilter ref="A1:{_column(len(header) - 1)}{len(rows) + 1}"/>')
    out.append("</worksheet>")
    return "".join(out)


def _clean(text: str) -> str:
    """XML 1.0 allows no control characters but tab and newline."""
    return "".join(ch for ch in text if ch in "\t\n" or ord(ch) >= 32)


def _content_types(count: int) -> str:
    sheets = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
                     f'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(1, count + 1))
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' + sheets + "</Types>")


RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="xl/workbook.xml"/></Relationships>')


def _workbook(names: list) -> str:
    sheets = "".join(f'<sheet name="{escape(n)}" sheetId="{i}" r:id="rId{i}"/>' for i, n in enumerate(names, 1))
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f"<sheets>{sheets}</sheets></workbook>")


def _workbook_rels(count: int) -> str:
    rels = "".join(f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                   f'relationships/worksheet" Target="worksheets/sheet{i}.xml"/>' for i in range(1, count + 1))
    rels += (f'<Relationship Id="rId{count + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
             'relationships/styles" Target="styles.xml"/>')
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' + rels +
            "</Relationships>")


STYLES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
          '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
          '<fonts count="2"><font><sz val="11"/><name val="等线"/></font>'
          '<font><b/><sz val="11"/><name val="等线"/></font></fonts>'
          '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
          '<fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/></patternFill></fill>'
          '</fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
          '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
          '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
          '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/></cellXfs>'
          '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
          '</styleSheet>')
