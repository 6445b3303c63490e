"""Text for people and bytes for programs, whatever the console's encoding.

A Windows console, or output redirected on Windows, encodes as cp936/GBK, which has no "›", "–"
or a byte-order mark. What people read (the console view, rule listings, messages) replaces such a
character with a close one the console has; what programs read (JSON, CSV, SARIF…) written to
stdout is UTF-8 bytes, never re-encoded, so a file redirected on Windows parses as it does anywhere.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import re
import sys

ERRORS = "xxgk-lint-nearest"

# a character the console cannot encode → the nearest one GBK (and ASCII) has
NEAREST = {"›": ">", "‹": "<", "–": "-", "‑": "-", "−": "-", "…": "...", "“": '"', "”": '"', "‘": "'",
           "’": "'", "\ufeff": "", "\u00a0": " ", "\u3000": "  ", "•": "·", "·": "."}


def _nearest(error: UnicodeEncodeError):
    if "\udc80" <= error.object[error.start] <= "\udcff":
        return _undecodable_name(error)
    text = error.object[error.start:error.end]
    replaced = []
    for char in text:
        substitute = NEAREST.get(char, "?")
        try:
            substitute.encode(error.encoding)
        except (UnicodeEncodeError, LookupError):
            substitute = "?"
        replaced.append(substitute)
    return "".join(replaced), error.end


def _undecodable_name(error: UnicodeEncodeError):
    """A file name that was not UTF-8 on disk (Python keeps its bytes as U+DC80–U+DCFF): most often a
    Chinese name in GBK, from a zip made on Windows. Shown as GBK where it reads as such, else as
    %NN (no backslash: the text may already be JSON or CSV), so that no output stops on it. The rest
    of the name belongs to the attempt: a GBK character's second byte may be ASCII, and some GBK
    pairs happen to read as UTF-8."""
    text, start = error.object, error.start
    end = start
    while end < len(text) and text[end] not in "/\\\n\"," and (text[end] > " "):
        end += 1  # the rest of this name: part of it may be GBK bytes that happened to read as UTF-8
    try:
        shown = text[start:end].encode("utf-8", "surrogateescape").decode("gb18030")
    except UnicodeError:
        shown = ""
    if shown:
        try:
            encoded = shown.encode(error.encoding)
            # CPython's UTF-8 encoder takes only ASCII text from a handler, but bytes; the CJK codecs only text
            return (encoded if error.encoding.replace("-", "").lower() == "utf8" else shown), end
        except (UnicodeEncodeError, LookupError):
            pass
    escaped = "".join(f"%{ord(c) - 0xDC00:02X}" for c in text[error.start:error.end])
    return escaped, error.end


codecs.register_error(ERRORS, _nearest)

# a name (or part of a path) holding bytes that were not UTF-8 on disk: up to the separators around it
_MISREAD_NAME = re.compile(r"[^\s/\\\"',<>|]*[\udc80-\udcff][^\s/\\\"',<>|]*")


def readable_names(text: str) -> str:
    """`text` with each file name that was not UTF-8 on disk shown as GBK where it reads as such (a
    zip made on Windows), whole: some GBK pairs read as UTF-8 characters too (平潭 as ƽ̶), which the
    error handler, called only from the first undecodable byte on, cannot take back. Else %NN."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return _MISREAD_NAME.sub(_readable_name, text)


def _readable_name(found) -> str:
    name = found.group(0)
    try:
        return name.encode("utf-8", "surrogateescape").decode("gb18030")
    except UnicodeError:
        return "".join(f"%{ord(c) - 0xDC00:02X}" if "\udc80" <= c <= "\udcff" else c for c in name)


class ReadableNames:
    """A text stream whose every write shows file names as readable_names does."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str):
        return self._stream.write(readable_names(text))

    def __getattr__(self, name):
        return getattr(self._stream, name)


def make_streams_safe() -> None:
    """Let stdout and stderr replace what their encoding lacks instead of raising mid-output."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if reconfigure is not None:  # UTF-8 too: a file name that was not UTF-8 on disk cannot be written
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors=ERRORS)


@contextlib.contextmanager
def utf8_stdout():
    """A text stream writing UTF-8 to standard output, whatever the console encoding is."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # stdout replaced by something without bytes (e.g. a test harness)
        yield sys.stdout
        return
    sys.stdout.flush()
    stream = io.TextIOWrapper(buffer, encoding="utf-8", errors=ERRORS, newline="")
    try:
        yield stream
    finally:
        stream.flush()
        stream.detach()  # stdout stays open and usable
