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


def test_the_plain_console_prints_what_rich_prints(tmp_path, monkeypatch):
    """Off a terminal the view goes through PlainConsole (rich loaded only for tables): every part
    of a batch's view — files, cross-report findings, the agency table, the summary — is the text
    rich's own console prints there."""
    from xxgk_lint import batch

    rules = load_rules()
    results = [check_file(p, rules, Config()).compact() for p in expand([str(ROOT / "examples")])]
    cross = [next(d for r in results for d in r.diagnostics)]  # any finding, printed in the cross part
    outputs = []
    monkeypatch.delenv("COLUMNS", raising=False)
    # what rich prints at the width the plain view lays its tables out in (no terminal to fit)
    for make in (lambda b: Console(file=b, highlight=False, soft_wrap=True, width=view.PLAIN_WIDTH), view.PlainConsole):
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


def test_the_summary_written_to_a_pipe_keeps_each_report_on_one_line(tmp_path, monkeypatch):
    """Rich lays a table out in 80 columns where it finds no terminal: every file name and finding of
    the office's summary was folded over three or four lines, so a saved summary could not be read
    or searched a report a line."""
    monkeypatch.delenv("COLUMNS", raising=False)
    rows = [{"agency": f"江北市第{n}局", "year": 2023, "edition": "2021", "errors": n, "warnings": 0,
             "unreadable": False, "path": f"reports/2023/江北市第{n}局2023年政府信息公开工作年度报告.html",
             "worst": "A004 四、政府信息公开行政复议、行政诉讼情况 › 行政复议 › 总计：总计 为 9，但各分项之和为 3"}
            for n in (1, 2)]
    stream = io.StringIO()
    view.print_agencies(view.make_console(stream), rows)
    lines = stream.getvalue().splitlines()
    for n in (1, 2):
        line = next(line for line in lines if f"江北市第{n}局 " in line)
        assert "局2023年政府信息公开工作年度报告.html" in line  # the file's name, whole, on its row's line
        assert "A004 四、政府信息公开行政复议" in line


def test_on_a_narrow_terminal_each_report_of_the_summary_is_a_few_whole_lines(monkeypatch):
    """At 60 columns the seven-column table folded each cell into a strip a few characters wide: a
    report's row ten lines high, file names broken mid-word, its worst finding unreadable."""
    monkeypatch.setenv("COLUMNS", "60")
    path = "reports/2024/pingtan-2024.html"
    rows = [{"agency": "平潭综合实验区", "year": 2024, "edition": "2021", "errors": 3, "warnings": 1,
             "unreadable": False, "path": path,
             "worst": "A004 四、政府信息公开行政复议、行政诉讼情况 › 行政复议 › 总计：总计 为 9，但各分项之和为 3"}]
    stream = io.StringIO()
    view.print_agencies(view.make_console(stream), rows)
    lines = stream.getvalue().splitlines()
    assert any(line.startswith("平潭综合实验区 · 2024 年度 · 2021 年版格式") and "错误 3" in line and "警告 1" in line
               for line in lines)
    assert any(line.strip() == path for line in lines)  # the file's name whole, on a line of its own
    assert any("最严重：A004 四、政府信息公开行政复议、行政诉讼情况" in line for line in lines)
    assert not any("┃" in line or "│" in line for line in lines)
