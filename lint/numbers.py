"""Read the numbers reports write: in table cells (件数, 金额) and, for the wording rules, in text.

Full-width digits, thousands separators, units (件, 万元, 元), signs, and the blank markers
the form's cells are often filled with. Pure functions, no I/O.
"""

from __future__ import annotations

import re
from functools import lru_cache
from decimal import Decimal, InvalidOperation
from typing import Optional

from xxgk_lint.nfkc import nfkc

BLANK = "blank"
NUMBER = "number"
TEXT = "text"

_SPACES = re.compile(r"[\s\u00a0\u3000\u200b\u200c\u200d\u2060\u00ad\ufeff]+")  # and the invisible: zero-width, soft hyphen
_NUMBER = re.compile(r"^([+\-−－]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(万元|元|件|项|个|条|次|人次|万)?$")
BLANK_MARKERS = frozenset({"", "-", "—", "–", "－", "/", "／", "无", "——", "--", "─", "\\"})


def squash(text: str) -> str:
    """NFKC (full-width digits and letters to half-width) and no white space at all."""
    return _SPACES.sub("", nfkc(text or ""))


# longer digit strings are no count or sum of money (and Python refuses to print ints over 4,300 digits)
MAX_DIGITS = 30


@lru_cache(maxsize=8192)
def classify_cell(text: str, markers=BLANK_MARKERS) -> tuple:
    """(kind, value, unit): kind is blank, number or text; value a Decimal for numbers.

    Cached: a report's cells repeat the same few texts (0, 1, …) hundreds of times.
    """
    raw = _SPACES.sub("", text or "")
    if raw in markers:
        return BLANK, raw, None
    squashed = squash(text)
    if squashed in markers:
        return BLANK, squashed, None
    match = _NUMBER.match(squashed.replace("−", "-"))
    if not match and squashed.strip("?") != squashed:
        # a GBK text whose no-break spaces (not in GBK) were saved as ?: 0? is 0
        match = _NUMBER.match(squashed.strip("?").replace("−", "-"))
    if not match:
        return TEXT, text, None
    sign, whole, fraction, unit = match.groups()
    digits = whole.replace(",", "") + (f".{fraction}" if fraction else "")
    if len(digits) > MAX_DIGITS:
        return TEXT, text, None  # no count or sum of money; left as text, S002 names it
    try:
        value = Decimal(digits)
    except InvalidOperation:
        return TEXT, text, None
    if sign in ("-", "−", "－"):
        value = -value
    return NUMBER, value, unit


def to_wan_yuan(value: Decimal, unit: Optional[str]) -> Decimal:
    """Money in 万元, as the form asks; 元 are divided by 10 000."""
    if unit == "元":
        return (value / Decimal(10000)).normalize()
    return value


def plain(value: Decimal):
    """A Decimal as int when whole, else float (for the structured report)."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
# a number as text states it: Arabic (full-width too, with separators) or Chinese numerals
NUMBER_IN_TEXT = r"(?:[0-9０-９][0-9０-９,，]*|[零〇一二两三四五六七八九十百千万]+)"


def parse_text_number(text: str) -> Optional[int]:
    """12, １２, 1,234, 十二, 一百零五, 两 → int; None when it is no whole number."""
    text = nfkc(text).replace(",", "")
    if text.isdigit():
        return int(text) if len(text) <= MAX_DIGITS else None
    if not text or any(ch not in _DIGITS and ch not in _UNITS for ch in text):
        return None
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _DIGITS:
            if digit is not None and _DIGITS[ch] != 0 and digit != 0:
                return None  # 一二 is no number
            digit = _DIGITS[ch]
        else:
            unit = _UNITS[ch]
            if unit == 10000:
                section += digit or 0
                total += section * 10000
                section, digit = 0, None
            else:
                section += (1 if digit is None else digit) * unit
                digit = None
    return total + section + (digit or 0)
