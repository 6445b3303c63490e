"""Web-page chrome: lines a saved or copied page carries that are no part of the report.

The words are data (page_chrome.yaml beside this module), so a site's own furniture is added
there, not scattered through the readers.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml

_SEPARATORS = re.compile(r"[\s|｜/·•]+")


@lru_cache(maxsize=1)
def chrome_words() -> frozenset:
    text = (resources.files("xxgk_lint.read") / "page_chrome.yaml").read_text(encoding="utf-8")
    return frozenset(_squeeze(word) for word in (yaml.safe_load(text) or {}).get("lines", []))


def _squeeze(text: str) -> str:
    return re.sub(r"[\s\u00a0\u3000]+", "", text)


def is_chrome(line: str) -> bool:
    """A line made only of page-chrome words (全真版 文字版 | 文件下载)."""
    if len(line) > 60:  # a paragraph of the report: not worth splitting
        return False
    # the separators take in every white space, so a word needs no squeezing to be looked up
    words = [w for w in _SEPARATORS.split(line) if w]
    known = chrome_words()
    return bool(words) and all(w in known for w in words)
