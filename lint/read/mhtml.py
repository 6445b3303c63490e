"""Web archives: a page saved as one file (.mht/.mhtml: Word's and Internet Explorer's "单个文件网页",
Chrome's "网页，单个文件"), and the .doc files many sites serve that are such archives inside.

The archive is a MIME message (RFC 2557): the page's HTML is one of its parts, quoted-printable or
base64, in the charset the part's header names; pictures and stylesheets are other parts. The page
part is decoded and read as any web page is (html.py), so its locations are lines of the page's
own source, as a browser's "view source" shows it, not of the encoded archive.
"""

from __future__ import annotations

import codecs
import email
import email.policy
import re

from xxgk_lint.read.reading import InputError

# the archive's header block: MIME headers at the very top, naming a multipart message
_HEAD = re.compile(rb"^(?:[A-Za-z-]+:[^\n]*\n(?:[ \t][^\n]*\n)*)*?content-type:\s*multipart/related", re.I)


def is_web_archive(raw: bytes) -> bool:
    """Whether the bytes are a MIME web archive: its headers (From:, Subject:, MIME-Version: …) start
    the file and one of them says multipart/related within the first few lines."""
    head = raw[:2048].lstrip(b"\xef\xbb\xbf\r\n").replace(b"\r\n", b"\n")
    return head[:1].isalpha() and _HEAD.match(head) is not None


def read_web_archive(name: str, raw: bytes):
    from xxgk_lint.read.html import parse_html, read_html

    if not is_web_archive(raw):  # a plain page saved under an archive's name
        return read_html(name, raw)
    try:
        message = email.message_from_bytes(raw, policy=email.policy.compat32)
    except (ValueError, LookupError, TypeError, IndexError):
        raise InputError("网页存档（.mht）已损坏，无法解析") from None
    pages = [part for part in message.walk() if part.get_content_type() in ("text/html", "application/xhtml+xml")]
    if not pages:
        raise InputError("网页存档（.mht）中没有网页内容")
    # the page: the part the header names as the snapshot's address (Chrome), else the first HTML
    # part (Word and Internet Explorer put the page first)
    where = message.get("Snapshot-Content-Location")
    page = next((part for part in pages if where and part.get("Content-Location") == where), pages[0])
    payload = page.get_payload(decode=True) or b""
    if not payload.strip():
        raise InputError("网页存档（.mht）中的网页是空的")
    text, utf8 = _decoded(payload, page.get_content_charset())
    read = parse_html(name, text, utf8, frames=_frames([part for part in pages if part is not page]))
    read.form = "mhtml"  # its lines are the page's, not the archive file's (see output.file_line)
    return read


def _frames(parts: list) -> dict:
    """The pages the archive holds beside its page, for the page's frames, by the addresses a frame
    may give: the part's own address (Content-Location), or cid:… (Chrome writes a frame's src so)."""
    frames = {}
    for part in parts:
        payload = part.get_payload(decode=True) or b""
        text = _decoded(payload, part.get_content_charset())[0] if payload.strip() else ""
        if part.get("Content-Location"):
            frames.setdefault(part.get("Content-Location").strip(), text)
        if part.get("Content-ID"):
            frames.setdefault("cid:" + part.get("Content-ID").strip().strip("<>"), text)
    return frames


def _decoded(payload: bytes, charset) -> tuple:
    """(text, the same as UTF-8 bytes or None): the part's charset where it names one Python knows
    (gb2312 is read as gb18030, its superset, as browsers do), else the page's bytes as any page's."""
    if charset:
        try:
            name = codecs.lookup(charset).name
        except LookupError:
            name = None
        if name in ("gb2312", "gbk", "gb18030", "hz"):
            name = "gb18030"
        if name:
            try:
                text = payload.decode(name)
            except UnicodeDecodeError:
                pass
            else:
                if text.startswith("\ufeff"):
                    text = text[1:]
                return text, payload.lstrip(b"\xef\xbb\xbf") if name == "utf-8" else None
    from xxgk_lint.read.reading import decode_as

    text, encoding = decode_as(payload)
    return text, (payload[3:] if payload.startswith(b"\xef\xbb\xbf") else payload) if encoding == "utf-8" else None
