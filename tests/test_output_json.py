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
keys = st.one_of(st.text(), st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False))
odd = st.builds(lambda n: __import__("decimal").Decimal(n), st.integers())  # written through default=str
nested = st.recursive(st.one_of(scalars, odd, empty),
                      lambda inner: st.one_of(st.lists(inner, max_size=4),
                                              st.dictionaries(st.one_of(st.text(), keys), inner, max_size=4)),
                      max_leaves=30)


def indent2(entry: dict) -> str:
    return json.dumps(entry, ensure_ascii=False, indent=2, default=str)


@settings(max_examples=300, deadline=None)
@given(flat)
def test_a_flat_entry_is_written_as_indent_2_writes_it(entry):
    assert _indented(entry) == indent2(entry)


@settings(max_examples=1000, deadline=None)
@given(nested)
def test_any_nesting_is_written_as_indent_2_writes_it(entry):
    assert _indented(entry) == indent2(entry)


def test_the_usual_clean_entry():
    entry = {"path": "报告/甲局.html", "agency": "江北市\"甲\"局", "year": 2023, "edition": "2021", "form": "html",
             "diagnostics": [], "suppressed": []}
    text = _indented(entry)
    assert text == indent2(entry)
    assert text.splitlines()[1] == '  "path": "报告/甲局.html",'
    assert json.loads(text) == entry


def test_a_real_entry_with_findings(examples_dir):
    from xxgk_lint.engine import load_rules
    from xxgk_lint.output.json_report import file_entry
    from xxgk_lint.pipeline import check_file

    result = check_file(str(examples_dir / "report-2021-defects.yaml"), load_rules())
    entry = file_entry(result.compact())
    assert entry["diagnostics"] and _indented(entry) == indent2(entry)
