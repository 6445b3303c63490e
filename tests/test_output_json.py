"""The JSON output writes a file entry without findings through the C encoder: it must be the same
text, byte for byte, as the indented form every other entry is written in."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from xxgk_lint.output.json_report import _indented

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text())
empty = st.sampled_from([[], {}])
flat = st.dictionaries(st.text(), st.one_of(scalars, empty), min_size=1)
nested = st.dictionaries(st.text(), st.one_of(scalars, st.lists(scalars, min_size=1),
                                              st.dictionaries(st.text(), scalars, min_size=1)), min_size=1)


def indent2(entry: dict) -> str:
    return json.dumps(entry, ensure_ascii=False, indent=2, default=str)


@settings(max_examples=300, deadline=None)
@given(flat)
def test_a_flat_entry_is_written_as_indent_2_writes_it(entry):
    assert _indented(entry) == indent2(entry)


@settings(max_examples=100, deadline=None)
@given(nested)
def test_an_entry_with_findings_is_written_as_indent_2_writes_it(entry):
    assert _indented(entry) == indent2(entry)


def test_the_usual_clean_entry():
    entry = {"path": "报告/甲局.html", "agency": "江北市\"甲\"局", "year": 2023, "edition": "2021", "form": "html",
             "diagnostics": [], "suppressed": []}
    text = _indented(entry)
    assert text == indent2(entry)
    assert text.splitlines()[1] == '  "path": "报告/甲局.html",'
    assert json.loads(text) == entry
