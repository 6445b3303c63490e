"""Bounds on what a PDF may cost while pdfminer reads it: decoded bytes and graphics-state depth.

pdfminer inflates every Flate stream whole (zlib.decompress), so a 2 MB file can ask for gigabytes,
and in one C call that --timeout cannot interrupt; a content stream of nested `q` operators copies
the graphics state without end. Here, pdfminer's stream decoding inflates in bounded chunks against
a budget for the stream and for the whole document, and `q` nesting has a ceiling. Both are set on
pdfminer's module and class once (this process reads PDFs only through pdfminer), and the budget
is per thread, reset for each document.
"""

from __future__ import annotations

import threading
import zlib

MAX_STREAM_BYTES = 64 * 1024 * 1024  # one decoded stream (a page's content, an image)
MAX_DOCUMENT_BYTES = 256 * 1024 * 1024  # every stream of one document together
MAX_GRAPHICS_DEPTH = 256  # nested q … Q; real producers stay within a few dozen
_CHUNK = 1024 * 1024

_state = threading.local()


class PdfTooLarge(Exception):
    """A PDF asked for more than its bounds; the message is for the clerk."""


def start_document() -> None:
    """A fresh budget for the next document read in this thread."""
    _state.left = MAX_DOCUMENT_BYTES


def _charge(size: int) -> None:
    left = getattr(_state, "left", MAX_DOCUMENT_BYTES) - size
    _state.left = left
    if left < 0:
        raise PdfTooLarge(f"PDF 解压后超过 {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB（可能是压缩炸弹），不像一份年度报告")


def bounded_inflate(data: bytes, tolerant: bool = False) -> bytes:
    """zlib.decompress, a chunk at a time, stopping at the stream and document budgets; tolerant:
    what could be inflated before damaged data (pdfminer's fallback for a bad checksum)."""
    inflater = zlib.decompressobj()
    parts, total = [], 0
    pending = data
    while True:
        try:
            chunk = inflater.decompress(pending, _CHUNK)
        except zlib.error:
            if tolerant:
                break
            raise
        total += len(chunk)
        if total > MAX_STREAM_BYTES:
            raise PdfTooLarge(f"PDF 中一个数据流解压后超过 {MAX_STREAM_BYTES // (1024 * 1024)} MB"
                              "（可能是压缩炸弹），不像一份年度报告")
        _charge(len(chunk))
        parts.append(chunk)
        pending = inflater.unconsumed_tail
        if not pending or inflater.eof:
            break
    if not inflater.eof:
        try:
            parts.append(inflater.flush())
        except zlib.error:
            if not tolerant:
                raise
    return b"".join(parts)


class _BoundedZlib:
    """What pdfminer.pdftypes sees as `zlib`: the same module with decompress bounded."""

    error = zlib.error
    decompressobj = staticmethod(zlib.decompressobj)

    @staticmethod
    def decompress(data: bytes, *args) -> bytes:
        return bounded_inflate(data)

    def __getattr__(self, name):
        return getattr(zlib, name)


def _bounded(decode):
    def decoded(*args, **kwargs):
        data = decode(*args, **kwargs)
        if len(data) > MAX_STREAM_BYTES:
            raise PdfTooLarge("PDF 中一个数据流解码后过大，不像一份年度报告")
        _charge(len(data))
        return data
    return decoded


def install() -> None:
    """Put the bounds into pdfminer (once per process)."""
    from pdfminer import pdfinterp, pdftypes

    if getattr(pdftypes, "_xxgk_bounded", False):
        return
    pdftypes.zlib = _BoundedZlib()
    pdftypes.decompress_corrupted = lambda data: bounded_inflate(data, tolerant=True)
    for name in ("lzwdecode", "rldecode", "ascii85decode", "asciihexdecode"):
        if hasattr(pdftypes, name):
            setattr(pdftypes, name, _bounded(getattr(pdftypes, name)))
    original_q = pdfinterp.PDFPageInterpreter.do_q

    def do_q(self) -> None:
        if len(self.gstack) >= MAX_GRAPHICS_DEPTH:
            raise PdfTooLarge(f"PDF 图形状态嵌套超过 {MAX_GRAPHICS_DEPTH} 层，不像一份年度报告")
        original_q(self)

    pdfinterp.PDFPageInterpreter.do_q = do_q
    pdftypes._xxgk_bounded = True
