"""Benchmark: how fast xxgk-lint reads and checks reports, and how much memory a batch takes.

Not part of the test run (speed is measured and reported, never asserted). Run it from the
project root in the environment the tests use:

    .venv/bin/python tests/benchmark.py              # the figures in the README
    .venv/bin/python tests/benchmark.py --quick      # a smaller run

It generates reports of each form (YAML, copied text, web page, Word), checks folders of them with
1 … all cores, and reports reports per second, reports per second per core and the peak memory of
any one process; plus the cold start of one check, the share of time the wording rules take, and
pages per second for the PDFs in ../shared/corpus when they are there.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from forms import render_html, render_text  # noqa: E402
from reports import consistent  # noqa: E402

CORPUS = HERE.parent.parent / "shared" / "corpus"
PEAK = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
        "stderr=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def make_reports(folder: pathlib.Path, form: str, count: int) -> None:
    import yaml

    folder.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        data = consistent("2021", results={"disclosed": [3 + index % 50, 1, 0, 0, 0, 0],
                                           "unable_not_held": [index % 7, 0, 0, 0, 0, 0]},
                          carried=[index % 3, 0, 0, 0, 0, 0], review=(index % 4, 0, 0, 1))
        data["agency"] = f"江北市第{index}局"
        data["title"] = f"江北市第{index}局2023年政府信息公开工作年度报告"
        data["sections"]["overview"] = ("本年度，本机关深入贯彻《中华人民共和国政府信息公开条例》。" * 8
                                        + f"全年新收政府信息公开申请{data['applications']['new']['total']}件。")
        if index % 10 == 0:
            data["review_litigation"]["review"]["total"] += 1  # a defect in one report in ten
        path = folder / f"{index:05d}.{ {'yaml': 'yaml', 'text': 'txt', 'html': 'html', 'docx': 'docx'}[form]}"
        if form == "yaml":
            path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        elif form == "text":
            path.write_text(render_text(data), encoding="utf-8")
        elif form == "html":
            path.write_bytes(render_html(data, encoding="gbk", chrome=True))
        else:
            from wordforms import render_docx

            path.write_bytes(render_docx(data))


def command() -> list:
    return [sys.executable, "-m", "xxgk_lint"]


def timed_run(args: list) -> tuple:
    """(seconds, peak RSS in MB of any one process of the run)."""
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", PEAK, *args], capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - start
    return seconds, int(out.stdout.strip()) / 1024


def cold_start(folder: pathlib.Path) -> float:
    one = next(folder.glob("*.yaml"))
    script = pathlib.Path(sys.executable).parent / "xxgk-lint"
    runner = [str(script)] if script.exists() else command()
    times = []
    for _ in range(7):
        start = time.perf_counter()
        subprocess.run(runner + ["check", str(one)], capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def in_process(folder: pathlib.Path, ignore_wording: bool) -> float:
    from xxgk_lint.engine import Selection, check_report, load_rules
    from xxgk_lint.read import read_file
    from xxgk_lint.validate import build_report

    rules = load_rules()
    selection = Selection(ignore=("W",) if ignore_wording else ())
    files = sorted(folder.iterdir())[:300]
    start = time.perf_counter()
    for path in files:
        check_report(build_report(str(path), read_file(str(path))), rules, selection)
    return (time.perf_counter() - start) / len(files)


def pdf_pages_per_second() -> list:
    rows = []
    for path in sorted(CORPUS.glob("*.pdf")):
        from xxgk_lint.engine import check_report, load_rules
        from xxgk_lint.read import read_file
        from xxgk_lint.validate import build_report

        import pdfplumber

        with pdfplumber.open(path) as pdf:
            pages = len(pdf.pages)
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            check_report(build_report(str(path), read_file(str(path))), load_rules())
            runs.append(time.perf_counter() - start)
        rows.append((path.name, pages, pages / min(runs)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=2000, help="reports per form for the speed figures")
    parser.add_argument("--memory-reports", type=int, default=10000, help="reports in the memory run")
    parser.add_argument("--quick", action="store_true", help="200 reports a form, 1000 for memory")
    parser.add_argument("--json", help="also write the figures to this file")
    options = parser.parse_args()
    if options.quick:
        options.reports, options.memory_reports = 200, 1000
    cores = os.cpu_count() or 1
    figures = {"cores": cores, "python": sys.version.split()[0]}
    with tempfile.TemporaryDirectory() as work:
        work = pathlib.Path(work)
        print(f"# xxgk-lint benchmark — {cores} cores, Python {figures['python']}\n")
        for form in ("yaml", "text", "html", "docx"):
            make_reports(work / form, form, options.reports if form != "docx" else min(options.reports, 500))
        figures["cold_start_s"] = cold_start(work / "yaml")
        print(f"cold start, one YAML report: {figures['cold_start_s'] * 1000:.0f} ms (median of 7)\n")

        full, bare = in_process(work / "text", False), in_process(work / "text", True)
        figures["wording_share"] = (full - bare) / full
        print(f"wording rules (W001–W009): {(full - bare) * 1000:.2f} ms of {full * 1000:.2f} ms a text report "
              f"({figures['wording_share']:.0%})\n")

        print("| form | reports | cores | seconds | reports/s | reports/s per core | peak MB (one process) |")
        print("|---|---|---|---|---|---|---|")
        figures["scaling"] = []
        for form in ("yaml", "text", "html", "docx"):
            folder = work / form
            count = sum(1 for _ in folder.iterdir())
            for jobs in range(1, cores + 1):
                seconds, peak = timed_run(command() + ["check", "-f", "json", "-o", os.devnull, "--jobs", str(jobs),
                                                       str(folder)])
                rate = count / seconds
                figures["scaling"].append({"form": form, "reports": count, "cores": jobs, "seconds": seconds,
                                           "per_second": rate, "peak_mb": peak})
                print(f"| {form} | {count} | {jobs} | {seconds:.1f} | {rate:.0f} | {rate / jobs:.0f} | {peak:.0f} |")

        memory = work / "memory"
        make_reports(memory, "text", options.memory_reports)
        seconds, peak = timed_run(command() + ["check", "-f", "json", "-o", os.devnull, str(memory)])
        figures["memory"] = {"reports": options.memory_reports, "seconds": seconds, "peak_mb": peak}
        print(f"\n{options.memory_reports} text reports, all cores, JSON output: {seconds:.1f} s, "
              f"{options.memory_reports / seconds:.0f} reports/s, peak {peak:.0f} MB in one process")

        if CORPUS.exists():
            print("\n| PDF | pages | pages/s |\n|---|---|---|")
            figures["pdf"] = []
            for name, pages, rate in pdf_pages_per_second():
                figures["pdf"].append({"file": name, "pages": pages, "pages_per_second": rate})
                print(f"| {name} | {pages} | {rate:.1f} |")
    if options.json:
        pathlib.Path(options.json).write_text(json.dumps(figures, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
