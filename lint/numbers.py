"""Read the numbers reports write: in table cells (件数, 金额) and, for the wording rules, in text.

Full-width digits, thousands separators, units (件, 万元, 元), signs, and the blank markers
the form's cells are often filled with. Pure functions, no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Optional

BLANK = "blank"
NUMBER = "number"
TEXT = "text"

_SPACES = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")
_NUMBER = re.compile(r"^([+\-−－]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(万元|元|件|项|个|条|次|人次|万)?$")
BLANK_MARKERS = frozenset({"", "-", "—", "–", "－", "/", "／", "无", "——", "--", "─", "\\"})


def squash(text: str) -> str:
    """NFKC (full-width digits and letters to half-width) and no white space at all."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text or ""))


def classify_cell(text: str, markers=BLANK_MARKERS) -> tuple:
    """(kind, value, unit): kind is blank, number or text; value a Decimal for numbers."""
    raw = _SPACES.sub("", text or "")
    if raw in markers:
        return BLANK, raw, None
    squashed = squash(text)
    if squashed in markers:
        return BLANK, squashed, None
    match = _NUMBER.match(squashed.replace("−", "-"))
    if not match:
        return TEXT, text, None
    sign, whole, fraction, unit = match.groups()
    digits = whole.replace(",", "") + (f".{fraction}" if fraction else "")
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
