"""Line formats: GitHub workflow annotations and CSV (UTF-8 with a BOM, so Excel opens it)."""

from __future__ import annotations

import csv
import io

from xxgk_lint.model import json_number
from xxgk_lint.output import arranged, explained_note, file_line, printable, spreadsheet_safe


def _escape_data(text: str) -> str:
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(results) -> str:
    kinds = {"error": "error", "warning": "warning", "info": "notice"}
    lines = []
    for result in results:
        if result.error:
            lines.append(f"::error file={_escape_property(result.path)},title=无法读取::{_escape_data(result.error)}")
        for d, parent in arranged(result.diagnostics):
            properties = [f"file={_escape_property(result.path)}"]
            location = d.location
            # line= is a line of the file: a PDF's line is a line of its page, which GitHub would misplace
            if file_line(result, location):
                properties.append(f"line={location.line}")
                if location.column and location.table is None:
                    properties.append(f"col={location.column}")
            properties.append(f"title={_escape_property(f'{d.code} {d.label}'.strip())}")
            lines.append(f"::{kinds[d.severity.label]} {','.join(properties)}::"
                         f"{_escape_data(d.message + _where(result, location) + _because(parent))}")
    return "\n".join(lines) + ("\n" if lines else "")


def _where(result, location) -> str:
    """The place in words where line= cannot say it: a page, a table cell, a paragraph, a line of
    the page inside an archive."""
    if location is None or (file_line(result, location) or location.line is None) and all(
            x is None for x in (location.page, location.table, location.paragraph, location.note)):
        return ""
    return f"（位置：{location.describe()}）"


def _because(parent) -> str:
    return f"（{explained_note(parent)}）" if parent is not None else ""


COLUMNS = ["文件", "机关", "年度", "格式版本", "代码", "级别", "位置（表格标签）", "原文位置", "字段", "说明", "应为", "实际",
           "归因"]


def finding_rows(results) -> list:
    return [row for result in results for row in result_rows(result)]


def result_rows(result) -> list:
    """The rows of one file: its findings in the console's order, or one row saying it could not be
    read. A finding the wrong cell's finding (A006) explains says so in 归因, right after that A006."""
    rows = []
    if result.error:
        rows.append([result.path, result.agency or "", result.year or "", result.edition or "", "", "无法读取",
                     "", "", "", result.error, "", "", ""])
    for d, parent in arranged(result.diagnostics):
        rows.append([result.path, result.agency or "", result.year or "", result.edition or "", d.code,
                     d.severity.chinese, d.label, d.location.describe() if d.location else "", d.field_name,
                     d.message, _show(d.expected), _show(d.actual), explained_note(parent)])
    return rows


def _show(value):
    return "" if value is None else json_number(value)


def render_csv(results) -> str:
    return "".join(csv_parts(results))


def csv_parts(results):
    """The CSV text a file at a time (the BOM and the header first), as the results are read."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    yield "\ufeff" + buffer.getvalue()
    for result in results:
        buffer.seek(0)
        buffer.truncate()
        writer.writerows([spreadsheet_safe(printable(cell)) if isinstance(cell, str) else cell for cell in row]
                         for row in result_rows(result))
        yield buffer.getvalue()
