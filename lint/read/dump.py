"""Crawler records: a page a crawler exported as a JSON (or YAML) record rather than as text.

A record is a mapping of fields (title, url, publish_time, content …, in English or Chinese), one
of which holds the report: the page's HTML or its text. It is not the project's own format, whose
fields are the template's; a record holds the whole report in one string. The report is read from
that field as a page or a text is, and the record's title, address and date are kept as a crawler
text's header is (crawler.py). Locations are lines of that field's text.
"""

from __future__ import annotations

import re
from typing import Optional

from xxgk_lint.read.reading import InputError

TITLE_KEYS = ("title", "标题", "题目", "文章标题", "name", "headline", "subject")
SOURCE_KEYS = ("url", "link", "href", "source_url", "page_url", "原文链接", "原文地址", "链接", "网址")
DATE_KEYS = ("publish_time", "publish_date", "pubdate", "pub_date", "published", "date", "time", "release_date",
             "发布时间", "发布日期", "成文日期", "日期", "时间")
# the template's own tables and parts: a record never has them, the project's format does
OWN_KEYS = ("applications", "proactive", "review_litigation", "sections", "edition")
_MARKUP = re.compile(r"<(?:p|div|table|tr|td|br|span|html|body|h[1-6])\b", re.I)
_DATE = re.compile(r"((?:19|20)\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
MIN_REPORT_CHARS = 200


def _holds_report(value) -> bool:
    return (isinstance(value, str) and len(value) >= MIN_REPORT_CHARS and "政府信息公开" in value
            and ("总体情况" in value or "主动公开" in value or "<table" in value.lower()))


def record_of(data) -> Optional[dict]:
    """The crawler record `data` is (a mapping, or a list holding one), or None when it is none."""
    if isinstance(data, list):
        records = [item for item in data if isinstance(item, dict) and record_of(item) is not None]
        if len(records) > 1:
            raise InputError(f"这是爬虫导出的 {len(records)} 条记录，每条是一份报告：请把它们分成单独的文件再检查")
        return records[0] if records else None
    if not isinstance(data, dict) or any(key in data for key in OWN_KEYS):
        return None
    return data if any(_holds_report(value) for value in data.values()) else None


def _field(record: dict, keys: tuple) -> Optional[str]:
    lowered = {str(key).strip().lower(): value for key, value in record.items()}
    for key in keys:
        value = lowered.get(key)
        if isinstance(value, (str, int)) and str(value).strip():
            return str(value).strip()
    return None


def read_record(name: str, record: dict):
    """The Document of the report a crawler record holds (see the module's docstring)."""
    from xxgk_lint.read.html import parse_html
    from xxgk_lint.read.text import parse_text

    body = max((value for value in record.values() if _holds_report(value)), key=len)
    document = parse_html(name, body) if _MARKUP.search(body) else parse_text(name, body)
    if not hasattr(document, "blocks"):  # a page telling where the report is (see html.parse_html)
        return document
    title = _field(record, TITLE_KEYS)
    if title:
        document.title_hint = title
    document.source = _field(record, SOURCE_KEYS) or document.source
    date = _DATE.search(_field(record, DATE_KEYS) or "")
    if date:
        year, month, day = date.groups()
        document.published = f"{year}-{int(month):02d}-{int(day):02d}"
    document.form = "record"
    return document
