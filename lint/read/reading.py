"""What reading a file yields: the structured report with locations (`Reading`), or `InputError`.

Shared by the readers and the recogniser, so neither imports the other's package entry point.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional


class InputError(Exception):
    """The file could not be read as a report at all (the message names what is wrong)."""


@dataclass
class Reading:
    """What a reader made of one file."""

    data: dict  # the structured report, as far as it could be recognised
    locations: dict = field(default_factory=dict)  # report path → Location in the original
    problems: list = field(default_factory=list)  # [Problem]
    recognised: bool = True
    form: str = ""  # yaml, json, text, markdown, html, …
    suppressions: list = field(default_factory=list)  # inline suppressions, where the form has comments
    written: dict = field(default_factory=dict)  # report path → the value's text as written (money keeps its precision)
    spans: dict = field(default_factory=dict)  # report path → (start, end) of the value in `text`, for --fix
    text: Optional[str] = None  # the decoded file, for the forms --fix may rewrite
    # a scan (pages that are pictures, next to no text): SCAN_REPORT where its name or what text it
    # has says it is an annual report, SCAN_UNKNOWN where nothing does; "" for any other file
    scan: str = ""


SCAN_REPORT, SCAN_UNKNOWN = "report", "unknown"


def decode_text(raw: bytes) -> str:
    """Decode bytes of a Chinese document: UTF-8 (with or without BOM), else GB18030 (⊇ GBK, GB2312)."""
    return decode_as(raw)[0]


def decode_as(raw: bytes) -> tuple:
    """The text of a Chinese document (see decode_text) and the encoding it was in: "utf-8" (a BOM
    dropped), "utf-16" or "gb18030". A reader whose parser takes bytes hands UTF-8 on as it is."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise InputError("文件以 UTF-16 标记开头，但内容不是有效的 UTF-16 文本") from None
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        raise InputError("无法识别文本编码（既不是 UTF-8，也不是 GBK/GB18030）") from None


def read_at_most(handle, limit: int) -> bytes:
    """At most limit + 1 bytes from a binary stream, a chunk at a time: one byte past the limit is
    enough to tell the stream is too long, and nothing beyond it is ever held."""
    chunks, total = [], 0
    while total <= limit:
        chunk = handle.read(min(1 << 20, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)
