"""Crawler records: a page a crawler exported as a JSON (or YAML) record rather than as text.

A record is a mapping of fields (title, url, publish_time, content …, in English or Chinese), one
of which holds the report: the page's HTML or its text. It is not the project's own format, whose
fields are the template's; a record holds the whole report in one string. The report is read from
that field as a page or a text is, and the record's title, address and date are kept as a crawler
text's header is (crawler.py). Locations are lines of that field's text, and say so.
"""

from __future__ import annotations

import re
from typing import Optional

from xxgk_lint.read.reading import InputError

TITLE_KEYS = ("title", "标题", "题目", "文章标题", "name", "headline", "subject")
SOURCE_KEYS = ("url", "link", "href", "source_url", "page_url", "原文链接", "原文地址", "链接", "网址")
DATE_KEYS = ("publish_time", "publish_date", "publishtime", "publishdate", "pubdate", "pub_date", "pubtime",
             "published", "release_date", "releasetime", "date", "time", "发布时间", "发布日期", "成文日期", "日期", "时间")
CONTENT_KEYS = ("content", "content_html", "contenthtml", "body", "html", "text", "article", "detail",
                "正文", "内容", "全文")
WRAPPER_KEYS = ("data", "item", "result", "record", "article")  # an API's envelope: {"code": 0, "data": {…}}
# the template's own tables: the project's format has them, a record never does
OWN_KEYS = ("applications", "proactive", "review_litigation", "edition")
_MARKUP = re.compile(r"<(?:p|div|table|tr|td|br|span|html|body|h[1-6]|a)\b", re.I)
MIN_REPORT_CHARS = 200


def _holds_report(value) -> bool:
    return (isinstance(value, str) and len(value) >= MIN_REPORT_CHARS and "政府信息公开" in value
            and ("总体情况" in value or "主动公开" in value or "<table" in value.lower()))


def _keys(record: dict) -> set:
    return {str(key).strip().lower() for key in record}


def record_of(data) -> Optional[dict]:
    """The crawler record `data` is (a mapping, a list holding one, or either inside an API's
    envelope), or None when it is none: a record holds the report in one of its fields, or has a
    content field (empty, or 详见附件, where the report is an attachment) beside a title or address."""
    if isinstance(data, list):
        records = [found for item in data if (found := record_of(item)) is not None]
        if len(records) > 1:
            raise InputError(f"这是爬虫导出的 {len(records)} 条记录，每条是一份报告：请把它们分成单独的文件再检查")
        return records[0] if records else None
    if not isinstance(data, dict) or any(key in data for key in OWN_KEYS):
        return None
    keys = _keys(data)
    if any(_holds_report(value) for value in data.values()):
        return data
    if keys & set(CONTENT_KEYS) and keys & set(TITLE_KEYS + SOURCE_KEYS):
        return data
    for key, value in data.items():
        if str(key).strip().lower() in WRAPPER_KEYS and isinstance(value, (dict, list)):
            found = record_of(value)
            if found is not None:
                return found
    return None


def _field(record: dict, keys: tuple, with_key: bool = False):
    """The first of `keys` the record fills with text (or a number), its value (and key)."""
    lowered = {str(key).strip().lower(): (key, value) for key, value in record.items()}
    for key in keys:
        original, value = lowered.get(key, (None, None))
        if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
            return (str(value).strip(), original) if with_key else str(value).strip()
    return (None, None) if with_key else None


def _published(record: dict) -> Optional[str]:
    """YYYY-MM-DD from the record's date field: a date as written, or seconds (or milliseconds)
    since 1970, as many crawlers store it, taken in China's time."""
    value = _field(record, DATE_KEYS)
    if value is None:
        return None
    if value.isdigit() and 9 <= len(value) <= 13:
        import datetime

        seconds = int(value) / (1000 if len(value) == 13 else 1)
        moment = datetime.datetime.fromtimestamp(seconds, datetime.timezone(datetime.timedelta(hours=8)))
        return moment.strftime("%Y-%m-%d")
    from xxgk_lint.read.crawler import written_date  # as a crawler's text header is read

    return written_date(value)


def _attachments(record: dict) -> list:
    """Names of files the record lists (a field holding a .pdf's address, a list of them, or of
    mappings naming them), as a page's links to its attachments are noted."""
    from xxgk_lint.read.page_hints import attached_file

    found: list = []

    def walk(value, depth: int = 0):
        if isinstance(value, str):
            file = attached_file(value) if len(value) < 500 else None
            if file:
                found.append(file)
        elif isinstance(value, dict) and depth < 3:
            for item in value.values():
                walk(item, depth + 1)
        elif isinstance(value, list) and depth < 3:
            for item in value[:50]:
                walk(item, depth + 1)

    for key, value in record.items():
        if str(key).strip().lower() not in CONTENT_KEYS:
            walk(value)
    return list(dict.fromkeys(found))


def read_record(name: str, record: dict):
    """The Reading of the report a crawler record holds, read from the field that holds it (see the
    module's docstring); where the record holds no report (an empty content field, 详见附件), one
    saying so and naming the attachments it lists."""
    import html as markup

    from xxgk_lint.document import Document
    from xxgk_lint.model import Problem
    from xxgk_lint.read.html import parse_html
    from xxgk_lint.read.page_hints import LITTLE_TEXT, named
    from xxgk_lint.read.reading import Reading
    from xxgk_lint.read.recognise import recognise, title_facts
    from xxgk_lint.read.text import parse_text

    reports = [(value, key) for key, value in record.items() if _holds_report(value)]
    body, key = max(reports, key=lambda pair: len(pair[0])) if reports else _field(record, CONTENT_KEYS, with_key=True)
    body, key = body or "", key or "content"
    if "&lt;" in body and not _MARKUP.search(body):  # the page's HTML stored escaped
        body = markup.unescape(body)
    title = _field(record, TITLE_KEYS)
    attachments = _attachments(record)
    if not reports and not _MARKUP.search(body) and len("".join(body.split())) < LITTLE_TEXT:
        written = "是空的" if not body.strip() else f"只有“{' '.join(body.split())[:40]}”"
        where = (f"，记录列出的附件为 {named(attachments)}：请下载附件后检查附件" if attachments
                 else "：报告可能在附件或另一个网页中，请找到报告原文后检查")
        return Reading(data=title_facts(title), problems=[Problem("unrecognised", f"爬虫记录的正文（{key} 字段）{written}{where}")],
                       recognised=False, form="record")
    document = parse_html(name, body) if _MARKUP.search(body) else parse_text(name, body)
    if isinstance(document, Reading):  # a page telling where the report is (see html.parse_html)
        for fact, value in title_facts(title).items():
            document.data.setdefault(fact, value)
        document.form = "record"
        return document
    if title:
        document.title_hint = title
    document.source = _field(record, SOURCE_KEYS) or document.source
    document.published = _published(record) or document.published
    document.attachments = list(dict.fromkeys(document.attachments + attachments))
    document.form = "record"
    reading = recognise(document)
    # a line here is a line of the field's text, which a JSON file holds on one line of its own
    inside = f"{key} 字段内"

    def noted(location):
        return location if location is None else location.moved(note=f"{inside}；{location.note}" if location.note else inside)

    reading.locations = {path: noted(location) for path, location in reading.locations.items()}
    for problem in reading.problems:
        problem.location = noted(problem.location)
    return reading
