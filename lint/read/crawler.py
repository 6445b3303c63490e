"""Crawler dumps: what a site crawler saves for each page.

A header of fields (标题, 发布时间, 原文链接, 本地目录 …), a marker line (==== 正文 ====), then the
page's text — often the whole page on one line, the tables' cells run together. The header is the
only place the publication date and the address are written down: they are kept (W008 needs the
date; the outputs show the address). The text is read like any other text.
"""

from __future__ import annotations

import re
from typing import Optional

from xxgk_lint.document import Document
from xxgk_lint.model import Location
from xxgk_lint.read.reading import decode_text
from xxgk_lint.read.text import parse_text

# a header field: 标题: …, 【标题】…, or in English (Title: …, publish_time: …), as crawlers write them
FIELD = re.compile(r"^\s*(?:【([\u4e00-\u9fff]{2,6})】|([\u4e00-\u9fff]{2,6}|[A-Za-z][A-Za-z_ -]{1,19})\s*[:：])\s*(.*?)\s*$")
BODY_MARK = re.compile(r"^\s*[=＝#\-—*]{3,}\s*(正文|内容|全文|content|body|text)\s*[=＝#\-—*]{3,}\s*$", re.I)
TITLE_FIELDS = ("标题", "题目", "文章标题", "title")
DATE_FIELDS = ("发布时间", "发布日期", "成文日期", "时间", "日期", "date", "publish_time", "publish_date", "pubdate",
               "published", "time")
SOURCE_FIELDS = ("原文链接", "原文地址", "链接", "网址", "来源链接", "url", "link", "source_url", "source")
BODY_FIELDS = ("正文", "内容", "全文", "content", "body", "text")  # a field that starts the page's text


def _field(match) -> tuple:
    """(name, value) of a header line FIELD matched; an English name in lower case."""
    return (match.group(1) or match.group(2).strip().lower().replace(" ", "_")), match.group(3)
_DATE = re.compile(r"((?:19|20)\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
HEADER_LINES = 40


def body_start(lines: list) -> Optional[int]:
    """The index of the marker line after a crawler's header, or None when this is no crawler dump:
    the marker must follow at least two header fields, one of them a title, date or address."""
    fields = others = 0
    named = False
    for index, line in enumerate(lines[:HEADER_LINES]):
        if BODY_MARK.match(line):
            return index if fields >= 2 and named else None
        match = FIELD.match(line)
        if match and _field(match)[0] in BODY_FIELDS:  # 【正文】, Content:, content: 本报告根据…
            return index if fields >= 2 and named else None
        if match:
            fields += 1
            named = named or _field(match)[0] in TITLE_FIELDS + DATE_FIELDS + SOURCE_FIELDS
        elif not line.strip() and fields >= 3 and named and others <= 2:
            return index  # no marker: a blank line ends a header of three fields or more
        else:
            others += 1
    return None


def read_crawler(name: str, raw: bytes) -> Document:
    text = decode_text(raw)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    start = body_start(lines)
    if start is None:  # the dispatch saw a header in the first bytes; whatever this is, read it as text
        return parse_text(name, text)
    header, lines_of = {}, {}
    for number, line in enumerate(lines[:start], start=1):
        match = FIELD.match(line)
        if match and match.group(3):
            field, value = _field(match)
            header.setdefault(field, value)
            lines_of.setdefault(field, number)
    marker = FIELD.match(lines[start])
    if marker and marker.group(3):  # the text begins on the marker's own line (content: 本报告根据…)
        document = parse_text(name, "\n".join([marker.group(3)] + lines[start + 1:]), first_line=start + 1)
    else:
        document = parse_text(name, "\n".join(lines[start + 1:]), first_line=start + 2)
    document.form = "crawler"
    document.title_hint = next((header[f] for f in TITLE_FIELDS if f in header), None)
    for field in DATE_FIELDS:
        date = written_date(header.get(field, ""))
        if date:
            document.published = date
            document.published_at = Location(line=lines_of[field], column=1)
            break
    document.attachments = _attachments(header) + document.attachments
    document.source = next((header[f] for f in SOURCE_FIELDS if f in header), None) or next(
        (value for value in header.values() if value.startswith(("http://", "https://"))), None)  # 【来源】https://…
    return document


def written_date(text: str) -> Optional[str]:
    """YYYY-MM-DD of the first date written in `text` (2024-03-05 08:58, 2024年3月5日), or None."""
    date = _DATE.search(text)
    return f"{date.group(1)}-{int(date.group(2)):02d}-{int(date.group(3)):02d}" if date else None


def _attachments(header: dict) -> list:
    """The files the header lists (附件: 某某局2023年年报.pdf), by name, as a page's links are noted:
    where the page only says 详见附件, they are where the report is."""
    from xxgk_lint.read.page_hints import attached_file

    names = [attached_file(piece) for value in header.values() for piece in re.split(r"[;；,，、|]+", value)]
    return list(dict.fromkeys(name for name in names if name))
