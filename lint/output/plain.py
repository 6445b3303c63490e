"""Line formats: GitHub workflow annotations and CSV (UTF-8 with a BOM, so Excel opens it)."""

from __future__ import annotations

import csv
import io

from xxgk_lint.model import json_number
from xxgk_lint.output import printable, spreadsheet_safe


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
        for d in result.diagnostics:
            properties = [f"file={_escape_property(result.path)}"]
            if d.location is not None and d.location.line:
                properties.append(f"line={d.location.line}")
                if d.location.column:
                    properties.append(f"col={d.location.column}")
            properties.append(f"title={_escape_property(f'{d.code} {d.label}'.strip())}")
            lines.append(f"::{kinds[d.severity.label]} {','.join(properties)}::{_escape_data(d.message)}")
    return "\n".join(lines) + ("\n" if lines else "")


COLUMNS = ["文件", "机关", "年度", "格式版本", "代码", "级别", "位置（表格标签）", "原文位置", "字段", "说明", "应为", "实际"]


def finding_rows(results) -> list:
    return [row for result in results for row in result_rows(result)]


def result_rows(result) -> list:
    """The rows of one file: its findings, or one row saying it could not be read."""
    rows = []
    if result.error:
        rows.append([result.path, result.agency or "", result.year or "", result.edition or "", "", "无法读取",
                     "", "", "", result.error, "", ""])
    for d in result.diagnostics:
        rows.append([result.path, result.agency or "", result.year or "", result.edition or "", d.code,
                     d.severity.chinese, d.label, d.location.describe() if d.location else "", d.field_name,
                     d.message, _show(d.expected), _show(d.actual)])
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
