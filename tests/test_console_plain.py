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


def test_the_plain_console_prints_what_rich_prints(tmp_path):
    """Off a terminal the view goes through PlainConsole (rich loaded only for tables): every part
    of a batch's view — files, cross-report findings, the agency table, the summary — is the text
    rich's own console prints there."""
    from xxgk_lint import batch

    rules = load_rules()
    results = [check_file(p, rules, Config()).compact() for p in expand([str(ROOT / "examples")])]
    cross = [next(d for r in results for d in r.diagnostics)]  # any finding, printed in the cross part
    outputs = []
    for make in (lambda b: Console(file=b, highlight=False, soft_wrap=True), view.PlainConsole):
        buffer = io.StringIO()
        out = make(buffer)
        for result in results:
            view.print_result(out, result)
        view.print_cross(out, cross)
        view.print_agencies(out, batch.by_agency(results, limit=50), total=len(results))
        view.print_summary(out, results)
        outputs.append(buffer.getvalue())
    assert "跨报告检查" in outputs[0] and "各机关检查结果" in outputs[0] and "检查了 4 个文件" in outputs[0]
    assert outputs[1] == outputs[0]


def test_which_console(monkeypatch):
    class Tty(io.StringIO):
        def isatty(self):
            return True

    for name in ("FORCE_COLOR", "TTY_COMPATIBLE"):
        monkeypatch.delenv(name, raising=False)
    assert isinstance(view.make_console(io.StringIO()), view.PlainConsole)
    assert isinstance(view.make_console(Tty()), Console)
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert isinstance(view.make_console(io.StringIO()), Console)
    monkeypatch.setenv("TTY_COMPATIBLE", "0")
    assert isinstance(view.make_console(Tty()), view.PlainConsole)
