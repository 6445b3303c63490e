"""Running text is read a sentence at a time: a line that stops mid-sentence (a line break kept from
a PDF) is read with the lines that finish it. Whether a line goes on is decided by its last
character alone, exactly as a search for the same characters at the end of the line would."""

import random
import re

import pytest

from xxgk_lint.report import _NUMBERED, _goes_on

# the rule as first written, as searches anchored at the end of the line
_OPEN_END = re.compile(r"[，,、（(《“‘]$")
_WORD_END = re.compile(r"[\u3400-\u9fff0-9A-Za-z０-９]$")


def _as_searched(line: str) -> bool:
    text = line.rstrip()
    if _OPEN_END.search(text):
        return True
    return bool(_WORD_END.search(text)) and len(text) >= 20 and not (_NUMBERED.match(text) and len(text) < 30)


@pytest.mark.parametrize("line, goes_on", [
    ("未发生因依申请公开被行政复议纠错或", False),  # short: a line of its own
    ("本年度，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，未发生因依申请公开被行政复议纠错或", True),
    ("本机关共收到政府信息公开申请12件，", True),  # after a comma
    ("本机关共收到政府信息公开申请12件。", False),
    ("（一）主动公开情况，本机关全年共主动公开政府信息", False),  # a short numbered line is a heading
    ("", False),
    ("   \n", False),
])
def test_a_line_goes_on_after_a_comma_or_on_a_word_at_the_end_of_a_long_line(line, goes_on):
    assert _goes_on(line) is goes_on


def test_the_last_character_decides_as_a_search_at_the_end_would():
    alphabet = list("，,、（(《“‘。；a9Ｚ０中一\n \t\u3000x）)") + ["\u9fff", "\u3400", "\u33ff", "\ua000"]
    rng = random.Random(15)
    for _ in range(20000):
        line = ("（一）" if rng.random() < 0.3 else "") + "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        assert _goes_on(line) == _as_searched(line), repr(line)
