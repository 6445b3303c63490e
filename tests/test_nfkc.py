"""xxgk_lint.nfkc must give exactly what unicodedata.normalize("NFKC", …) gives, for any text."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from xxgk_lint.nfkc import nfkc

# what nfkc relies on: a character replaced by its own NFKC form leaves the NFKC of any text around it
# unchanged — checked for each replaced character between the neighbours where it could matter
NEIGHBOURS = ["", "a", "e", "一", "\u0301", "\u0323\u0301", "\u3099", "\u1100", "\u1161", "\u0f73", "\u0b3e",
              "\uff21", "\u3000", "A\u030a"]


def test_each_replaced_character_may_be_replaced_anywhere():
    from xxgk_lint.nfkc import _OWN_FORM

    assert "，" in _OWN_FORM and "\u3000" in _OWN_FORM and "０" in _OWN_FORM
    for char, own in _OWN_FORM.items():
        assert own == unicodedata.normalize("NFKC", char)
        for before in NEIGHBOURS:
            for after in NEIGHBOURS:
                assert unicodedata.normalize("NFKC", before + own + after) == \
                    unicodedata.normalize("NFKC", before + char + after), (before, char, after)


# text as reports have it, and the characters where normalisation is hardest: combining marks,
# Hangul jamo, full-width and compatibility forms, characters whose decomposition starts with a mark
tricky = st.sampled_from(list("，。；：《》“”（）【】、！？\u3000　ＡＺａｚ０９①㈠㍻ﬁ™½\u00a0\u0301\u0300\u0323\u0344"
                              "\u1100\u1161\u11a8\uac00\u0f73\u0f81\u0b47\u0b3e\u0cd5\u0cc6\u09c7\u09be"
                              "e\u0065\u00e9Åå\u212b\uff61\uff64\u2047\u203c\u037e\ufe56"))
ideograph = st.sampled_from(list("一丁七万丈三上下不与丐本年度机关政府信息公开条例龟龜鿿") + ["\u9fff", "\u4e00"])
pieces = st.lists(st.one_of(tricky, ideograph, st.characters()), max_size=40)


@settings(max_examples=3000, deadline=None)
@given(pieces)
def test_the_same_as_unicodedata_for_any_text(chars):
    text = "".join(chars)
    assert nfkc(text) == unicodedata.normalize("NFKC", text)


def test_report_sentences():
    for text in ["本年度，本机关深入贯彻《中华人民共和国政府信息公开条例》。", "发布日期：2024-01-25\u3000来源：本机关",
                 "收到申请１２件（含上年结转３件）", "一、总体情况", "", "ＡＢＣ"]:
        assert nfkc(text) == unicodedata.normalize("NFKC", text)
