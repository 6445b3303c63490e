"""Written straight out when not a terminal, the console view is the text rich would print."""

import copy
import io
import pathlib
import re

from rich.console import Console

from xxgk_lint.config import Config
from xxgk_lint.engine import load_rules
from xxgk_lint.output import console as view
from xxgk_lint.pipeline import check_file, expand

ROOT = pathlib.Path(__file__).resolve().parent.parent


def shown(results) -> str:
    buffer = io.StringIO()
    out = Console(file=buffer, highlight=False, soft_wrap=True)
    assert not out.is_terminal  # so the straight path is the one taken
    for result in results:
        view.print_result(out, result)
    return buffer.getvalue()


def test_plain_writes_match_rich(monkeypatch):
    folders = [ROOT / "examples", ROOT / "tests" / "fixtures", ROOT.parent / "shared" / "corpus" / "real"]
    rules = load_rules()
    results = [check_file(p, rules, Config()).compact()
               for p in expand([str(f) for f in folders if f.exists()])] + [
        check_file(str(ROOT / "missing.yaml"), rules, Config())]
    odd = copy.deepcopy(next(r for r in results if r.diagnostics))
    odd.path, odd.agency = "报告[草稿]/a:smile:\t.yaml", "[bold]某局[/]"
    results.append(odd)
    assert sum(len(r.diagnostics) for r in results) > 10
    plain = shown(results)
    monkeypatch.setattr(view, "_FUSSY", re.compile(r"(?s).*"))  # every line through rich's markup
    assert plain == shown(results)
