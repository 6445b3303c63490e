"""A checked report leaves no reference cycles: its objects are freed when the last reference to
them goes, not when the cyclic garbage collector next runs. Batch workers lean on this (they run
that collector rarely, xxgk_lint.batch.GC_NEW_OBJECTS): a report kept alive by a cycle would hold
its hundreds of cells and locations until then."""

import gc

import pytest
from forms import render_crawler, render_html, render_text
from reports import consistent
from wordforms import render_docx

from xxgk_lint.batch import BatchOptions, _check_one
from xxgk_lint.config import Config
from xxgk_lint.engine import load_rules


def _broken(edition_id: str) -> dict:
    data = consistent(edition_id, results={"disclosed": [3, 1, 0, 0, 0, 0]}, review=(1, 0, 0, 1))
    data["applications"]["new"]["total"] += 2  # a wrong total: the diagnosis works out its lines
    data["review_litigation"]["review"]["total"] += 1
    data["sections"]["overview"] = "全年新收政府信息公开申请9件，行政复议5件。"  # the text contradicts the tables
    return data


FORMS = {
    "page.html": lambda data: render_html(data, chrome=True),
    "copied.txt": lambda data: render_text(data).encode("utf-8"),
    "crawler.txt": lambda data: render_crawler(data).encode("utf-8"),
    "word.docx": render_docx,
}


@pytest.mark.parametrize("edition_id", ["2021", "2019"])
@pytest.mark.parametrize("name", sorted(FORMS))
def test_a_checked_report_leaves_no_cycles(tmp_path, name, edition_id):
    path = tmp_path / name
    path.write_bytes(FORMS[name](_broken(edition_id)))
    rules, options, config = load_rules(), BatchOptions(), Config()
    assert _check_one(str(path), rules, config, options).diagnostics  # the broken report was read and checked

    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)  # what a collection finds unreachable is kept in gc.garbage to be seen
    try:
        result = _check_one(str(path), rules, config, options)
        gc.collect()
        left = [type(thing).__qualname__ for thing in gc.garbage]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if was_enabled:
            gc.enable()
    assert result.diagnostics
    assert left == [], f"reference cycles left by checking {name}: {sorted(set(left))}"
