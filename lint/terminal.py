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
import sys

ERRORS = "xxgk-lint-nearest"

# a character the console cannot encode → the nearest one GBK (and ASCII) has
NEAREST = {"›": ">", "‹": "<", "–": "-", "‑": "-", "−": "-", "…": "...", "“": '"', "”": '"', "‘": "'",
           "’": "'", "\ufeff": "", "\u00a0": " ", "\u3000": "  ", "•": "·", "·": "."}


def _nearest(error: UnicodeEncodeError):
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


codecs.register_error(ERRORS, _nearest)


def make_streams_safe() -> None:
    """Let stdout and stderr replace what their encoding lacks instead of raising mid-output."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if reconfigure is not None and not encoding.startswith("utf"):
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
    stream = io.TextIOWrapper(buffer, encoding="utf-8", newline="")
    try:
        yield stream
    finally:
        stream.flush()
        stream.detach()  # stdout stays open and usable
