"""Benchmark: each speed figure of xxgk-lint beside its floor, measured in the same run.

Not part of the test run (speed is measured and reported, never asserted). Run it from the
project root in the environment the tests use:

    .venv/bin/python tests/benchmark.py              # the figures in the README
    .venv/bin/python tests/benchmark.py --quick      # a smaller run (memory at 1,000 vs 10,000)
    .venv/bin/python tests/benchmark.py --before OLD/.venv/bin/python   # an earlier build beside this one

The machine is usually shared, so absolute figures wander; what counts is each ratio, taken in
one run on one machine:

- web pages (UTF-8 and GBK), .docx and copied text: `xxgk-lint check` of a folder of generated
  reports (the default number of jobs) against the floor — the same number of processes doing
  nothing but parsing each file and reading every table cell's text (lxml; unzip + lxml; read +
  split lines);
- one cold check against importing the four libraries every check needs, in a fresh interpreter;
- PDF (the corpus PDFs in ../shared/corpus, one job) against pdfplumber's `extract_tables` alone;
- peak memory of a batch at a small and a large number of reports in each output format;
- with --instructions (needs valgrind): the instructions one report costs, in one process, ours
  (reading to digest, as a batch worker does it) against the floor's own work on the same files. A
  count does not wander with the load of a shared machine as seconds do; it leaves out start-up, the
  main process and the difference between a cycle of C and a cycle of Python.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import pathlib
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from forms import render_crawler, render_html, render_text  # noqa: E402
from reports import consistent  # noqa: E402

CORPUS = HERE.parent.parent / "shared" / "corpus"
EXAMPLE = HERE.parent / "examples" / "report-2021-clean.yaml"
DISTINCT_DOCX = 40
SUFFIX = {"yaml": "yaml", "text": "txt", "crawler": "txt", "html": "html", "gbk": "html", "docx": "docx"}

# Run a command and print the peak resident memory (KiB) of the largest process it started.
PEAK = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
        "stderr=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")

# The floors: what any tool must do to get every cell's text out of each file, in `jobs` processes.
FLOOR = r'''
import multiprocessing, sys, zipfile
from lxml import etree, html

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

def page(path):
    root = html.document_fromstring(open(path, "rb").read())
    return sum(len(cell.text_content()) for cell in root.iter("td", "th"))

def word(path):
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    return sum(len("".join(cell.itertext())) for cell in root.iter(W + "tc"))

def text(path):
    return len(open(path, encoding="utf-8").read().splitlines())

if __name__ == "__main__":
    kind, jobs, files = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    work = {"html": page, "gbk": page, "docx": word, "text": text, "crawler": text, "yaml": text}[kind]
    if jobs == 1:
        list(map(work, files))
    else:
        with multiprocessing.Pool(jobs) as pool:
            pool.map(work, files, chunksize=max(1, len(files) // (jobs * 8)))
'''


def machine() -> dict:
    model = platform.processor() or platform.machine()
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        load = "%.1f %.1f %.1f" % os.getloadavg()
    except OSError:
        load = "?"
    return {"cpu": model, "cores": os.cpu_count() or 1, "python": sys.version.split()[0],
            "system": f"{platform.system()} {platform.release()}",
            "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "load": load}


def report_data(index: int) -> dict:
    data = consistent("2021", results={"disclosed": [3 + index % 50, 1, 0, 0, 0, 0],
                                       "unable_not_held": [index % 7, 0, 0, 0, 0, 0]},
                      carried=[index % 3, 0, 0, 0, 0, 0], review=(index % 4, 0, 0, 1))
    data["agency"] = f"江北市第{index}局"
    data["title"] = f"江北市第{index}局2023年政府信息公开工作年度报告"
    data["sections"]["overview"] = ("本年度，本机关深入贯彻《中华人民共和国政府信息公开条例》。" * 8
                                    + f"全年新收政府信息公开申请{data['applications']['new']['total']}件。")
    if index % 10 == 0:
        data["review_litigation"]["review"]["total"] += 1  # a defect in one report in ten
    return data


# One process, after a warm-up: the files beyond the first WARM_UP, each checked as a batch worker
# checks it (or given the floor's work). Run once with none measured and once with all: the
# difference, divided by their number, is what one report costs.
INSTRUCTIONS_OURS = r'''
import sys
from xxgk_lint.batch import BatchOptions, _check_one, _prepare
from xxgk_lint.config import Config
from xxgk_lint.engine import load_rules
measured, files = int(sys.argv[1]), sys.argv[2:]
rules, options, config = load_rules(), BatchOptions(), Config()
_prepare()
for path in files[:WARM_UP] + files[WARM_UP:WARM_UP + measured]:
    _check_one(path, rules, config, options)
'''
INSTRUCTIONS_FLOOR = r'''
import sys
sys.argv = [sys.argv[0], "FORM", "1"] + sys.argv[1:]
exec(compile(open(FLOOR_PATH).read().replace('if __name__ == "__main__":', "if False:"), "floor", "exec"))
measured, files = int(sys.argv[3]), sys.argv[4:]
work = {"html": page, "gbk": page, "docx": word, "text": text, "crawler": text, "yaml": text}["FORM"]
for path in files[:WARM_UP] + files[WARM_UP:WARM_UP + measured]:
    work(path)
'''
WARM_UP = 10


def instructions(script: str, files: list, measured: int) -> float:
    """Instructions per file of `script` over `measured` files beyond the warm-up (callgrind)."""
    def count(n: int) -> int:
        done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable,
                               "-c", script, str(n), *files], capture_output=True, text=True)
        found = [line for line in done.stderr.splitlines() if "Collected :" in line]
        if not found:
            raise SystemExit(f"valgrind gave no count: {done.stderr[-500:]}")
        return int(found[-1].split(":")[-1])
    return (count(measured) - count(0)) / measured


def instructions_against_floors(work: pathlib.Path, floor: pathlib.Path, measured: int) -> list:
    rows = []
    for form in ("html", "gbk", "docx", "text", "crawler", "yaml"):
        folder = work / form
        make_reports(folder, form, WARM_UP + measured)
        files = sorted(str(p) for p in folder.iterdir())[:WARM_UP + measured]
        ours = instructions(INSTRUCTIONS_OURS.replace("WARM_UP", str(WARM_UP)), files, measured)
        bottom = instructions(INSTRUCTIONS_FLOOR.replace("WARM_UP", str(WARM_UP)).replace("FORM", form)
                              .replace("FLOOR_PATH", repr(str(floor))), files, measured)
        rows.append({"form": form, "reports": measured, "instructions": ours, "floor_instructions": bottom,
                     "ratio": ours / bottom})
    return rows


def make_reports(folder: pathlib.Path, form: str, count: int, start: int = 0) -> None:
    import yaml

    folder.mkdir(parents=True, exist_ok=True)
    for index in range(start, count):
        path = folder / f"{index:06d}.{SUFFIX[form]}"
        if form == "docx" and index >= DISTINCT_DOCX:  # python-docx takes long to build each
            shutil.copyfile(folder / f"{index % DISTINCT_DOCX:06d}.docx", path)
            continue
        data = report_data(index)
        if form == "yaml":
            path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        elif form == "text":
            path.write_text(render_text(data), encoding="utf-8")
        elif form == "crawler":
            path.write_text(render_crawler(data), encoding="utf-8")
        elif form in ("html", "gbk"):
            path.write_bytes(render_html(data, encoding="gbk" if form == "gbk" else "utf-8", chrome=True))
        else:
            from wordforms import render_docx

            path.write_bytes(render_docx(data))


def command(python: str = sys.executable) -> list:
    script = pathlib.Path(python).parent / "xxgk-lint"
    return [str(script)] if script.exists() else [python, "-m", "xxgk_lint"]


def compile_build(python: str) -> None:
    """Write the bytecode of an install's own packages, as pip does for a regular install, so that
    an editable checkout is not timed compiling its sources (PYTHONDONTWRITEBYTECODE may be set)."""
    where = subprocess.run([python, "-c", "import os, xxgk_lint, xxgk_lint_rules; print(os.path.dirname("
                            "xxgk_lint.__file__)); print(os.path.dirname(xxgk_lint_rules.__file__))"],
                           capture_output=True, text=True, check=True).stdout.split()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([python, "-m", "compileall", "-q", *where], check=True, env=env, stdout=subprocess.DEVNULL)


def compiled_walk(python: str) -> bool:
    """Whether the install reads web pages with the compiled walk (lint/read/_pagewalk.pyx)."""
    done = subprocess.run([python, "-c", "from xxgk_lint.read import html; print(html._PageWalk is not None)"],
                          capture_output=True, text=True)
    return done.stdout.strip() == "True"


def timed(args: list) -> tuple:
    """(seconds, peak RSS in MiB of the largest process of the run)."""
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", PEAK, *args], capture_output=True, text=True, check=True)
    return time.perf_counter() - start, int(out.stdout.strip()) / 1024


def best_of_turns(runs: dict, repeats: int) -> dict:
    """Each command's fastest of `repeats` runs, the commands taking turns (ours, the floor, ours …):
    a spell of load on a shared machine then falls on both sides of a ratio, not on one."""
    fastest = {name: float("inf") for name in runs}
    for _ in range(repeats):
        for name, args in runs.items():
            fastest[name] = min(fastest[name], timed(args)[0])
    return fastest


def forms_against_floors(work: pathlib.Path, count: int, jobs: int, repeats: int, floor: pathlib.Path,
                         before: str = "") -> list:
    rows = []
    for form, floor_name in (("html", "lxml parse + every cell's text"), ("gbk", "the same floor on GBK bytes"),
                             ("docx", "unzip + lxml cells"), ("text", "read + split lines"),
                             ("crawler", "read + split lines"),
                             ("yaml", "read + split lines")):
        folder = work / form
        make_reports(folder, form, count)
        files = sorted(str(p) for p in folder.iterdir())
        runs = {"ours": command() + ["check", "-f", "json", "-o", os.devnull, "--jobs", str(jobs), str(folder)],
                "floor": [sys.executable, str(floor), form, str(jobs), *files]}
        if before:
            runs["before"] = command(before) + ["check", "-f", "json", "-o", os.devnull, "--jobs", str(jobs), str(folder)]
        fastest = best_of_turns(runs, repeats)
        ours, bottom = fastest["ours"], fastest["floor"]
        rows.append({"form": form, "reports": len(files), "jobs": jobs, "per_second": len(files) / ours,
                     "floor": floor_name, "floor_per_second": len(files) / bottom, "ratio": ours / bottom})
        if before:
            then = fastest["before"]
            rows[-1].update({"before_per_second": len(files) / then, "before_ratio": then / bottom})
    return rows


def cold_start(repeats: int, before: str = "") -> dict:
    def median(args):
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            subprocess.run(args, capture_output=True)
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    ours = median(command() + ["check", str(EXAMPLE)])
    bottom = median([sys.executable, "-c", "import yaml, jsonschema, rich, typer"])
    figures = {"seconds": ours, "floor": "import yaml, jsonschema, rich, typer", "floor_seconds": bottom,
               "ratio": ours / bottom}
    if before:
        then = median(command(before) + ["check", str(EXAMPLE)])
        figures.update({"before_seconds": then, "before_ratio": then / bottom})
    return figures


def pdf_against_pdfplumber(repeats: int) -> list:
    try:
        import pdfplumber
    except ImportError:
        return []
    from xxgk_lint.engine import check_report, load_rules
    from xxgk_lint.read import read_file
    from xxgk_lint.validate import build_report

    rows = []
    for path in sorted(CORPUS.glob("*.pdf")):
        ours, bottom = [], []
        for _ in range(repeats):
            start = time.perf_counter()
            check_report(build_report(str(path), read_file(str(path))), load_rules())
            ours.append(time.perf_counter() - start)
            start = time.perf_counter()
            with pdfplumber.open(path) as pdf:
                pages = len(pdf.pages)
                for page in pdf.pages:
                    page.extract_tables()
            bottom.append(time.perf_counter() - start)
        rows.append({"file": path.name, "pages": pages, "pages_per_second": pages / min(ours),
                     "floor_pages_per_second": pages / min(bottom), "ratio": min(ours) / min(bottom)})
    return rows


def memory(work: pathlib.Path, sizes: tuple, formats: tuple, before: str = "", before_formats: tuple = ()) -> list:
    """Peak memory of a batch of copied-text reports, by output format and number of reports."""
    folder = work / "memory"
    rows, made = [], 0
    builds = [("now", sys.executable, formats)] + ([("before", before, before_formats)] if before else [])
    for size in sizes:
        make_reports(folder, "text", size, start=made)
        made = size
        for build, python, outputs in builds:
            for output in outputs:
                target = work / f"out.{output}"
                seconds, peak = timed(command(python) + ["check", "-f", output, "-o", str(target), str(folder)])
                rows.append({"build": build, "format": output, "reports": size, "seconds": seconds, "peak_mib": peak})
                target.unlink(missing_ok=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=2000, help="reports per form for the speed figures")
    parser.add_argument("--memory", default="1000,100000", help="numbers of reports for the memory figures")
    parser.add_argument("--formats", default="console,json,jsonl,sarif,csv", help="output formats for memory")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each timing (the best counts)")
    parser.add_argument("--skip", default="", help="parts to leave out: forms,cold,pdf,memory")
    parser.add_argument("--quick", action="store_true", help="300 reports a form, memory at 1,000 and 10,000")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--instructions", type=int, default=0, metavar="N",
                        help="also count instructions per report over N reports of each form (valgrind)")
    parser.add_argument("--before", default="", help="the python of an earlier build, measured in the same run")
    parser.add_argument("--before-formats", default="console,jsonl", help="output formats for its memory")
    options = parser.parse_args()
    if options.quick:
        options.reports, options.memory, options.repeats = 300, "1000,10000", 2
    skip = set(filter(None, options.skip.split(",")))
    figures = {"machine": machine()}
    box = figures["machine"]
    jobs = box["cores"]
    box["compiled_walk"] = compiled_walk(sys.executable)
    print(f"# xxgk-lint benchmark\n\n{box['cpu']}, {box['cores']} cores, Python {box['python']}, "
          f"{box['system']}, {box['date']} (load average at the start: {box['load']}); web pages walked by "
          f"{'the compiled walk' if box['compiled_walk'] else 'the Python walk (no compiled one in this install)'}\n")
    for python in [sys.executable] + ([options.before] if options.before else []):
        compile_build(python)
    with tempfile.TemporaryDirectory() as work:
        work = pathlib.Path(work)
        floor = work / "floor.py"
        floor.write_text(FLOOR, encoding="utf-8")
        if "forms" not in skip:
            figures["forms"] = forms_against_floors(work, options.reports, jobs, options.repeats, floor, options.before)
            print(f"{options.reports} generated reports of each form, {jobs} jobs, best of {options.repeats} runs "
                  "taken in turns with the floor (start-up included on both sides):\n")
            extra = " before (reports/s) | ratio before |" if options.before else ""
            print("| form | xxgk-lint (reports/s) | floor in the same run | floor (reports/s) | ratio |" + extra)
            print("|---|---|---|---|---|" + ("---|---|" if options.before else ""))
            for row in figures["forms"]:
                then = (f" {row['before_per_second']:.0f} | {row['before_ratio']:.1f}× |" if options.before else "")
                print(f"| {row['form']} | {row['per_second']:.0f} | {row['floor']} | {row['floor_per_second']:.0f} "
                      f"| {row['ratio']:.1f}× |" + then)
            print()
        if options.instructions and not shutil.which("valgrind"):
            print("--instructions needs valgrind (callgrind counts the instructions); it is not installed here\n")
        elif options.instructions:
            figures["instructions"] = instructions_against_floors(work, floor, options.instructions)
            print(f"instructions per report, one process, {options.instructions} reports of each form after "
                  f"{WARM_UP} to warm up (callgrind; start-up and the main process left out):\n")
            print("| form | xxgk-lint (instructions) | floor (instructions) | ratio |")
            print("|---|---|---|---|")
            for row in figures["instructions"]:
                print(f"| {row['form']} | {row['instructions'] / 1e6:.1f} M | {row['floor_instructions'] / 1e6:.1f} M "
                      f"| {row['ratio']:.1f}× |")
            print()
        if "cold" not in skip:
            cold = figures["cold"] = cold_start(max(5, options.repeats * 3), options.before)
            print(f"one cold check ({EXAMPLE.name}): {cold['seconds']:.2f} s; `{cold['floor']}` in a fresh "
                  f"interpreter: {cold['floor_seconds']:.2f} s; ratio {cold['ratio']:.1f}× (medians)"
                  + (f"; before: {cold['before_seconds']:.2f} s, {cold['before_ratio']:.1f}×" if options.before else "")
                  + "\n")
        if "pdf" not in skip and CORPUS.exists():
            figures["pdf"] = pdf_against_pdfplumber(options.repeats)
            if figures["pdf"]:
                print("| PDF (one job) | pages | xxgk-lint (pages/s) | pdfplumber extract_tables alone (pages/s) | ratio |")
                print("|---|---|---|---|---|")
                for row in figures["pdf"]:
                    print(f"| {row['file']} | {row['pages']} | {row['pages_per_second']:.1f} "
                          f"| {row['floor_pages_per_second']:.1f} | {row['ratio']:.2f}× |")
                print()
        if "memory" not in skip:
            sizes = tuple(int(n) for n in options.memory.split(","))
            formats = tuple(options.formats.split(","))
            before_formats = tuple(options.before_formats.split(",")) if options.before else ()
            figures["memory"] = memory(work, sizes, formats, options.before, before_formats)
            print(f"peak memory of the largest process, copied-text reports, {jobs} jobs:\n")
            print("| build | format | " + " | ".join(f"{n:,} reports" for n in sizes)
                  + f" | {sizes[-1]:,} vs {sizes[0]:,} |")
            print("|---|---|" + "---|" * (len(sizes) + 1))
            for build, outputs in (("now", formats), ("before", before_formats)):
                for output in outputs:
                    peaks = [r["peak_mib"] for r in figures["memory"] if r["format"] == output and r["build"] == build]
                    print(f"| {build} | {output} | " + " | ".join(f"{p:.0f} MiB" for p in peaks)
                          + f" | {peaks[-1] / peaks[0]:.2f}× |")
    if options.json:
        pathlib.Path(options.json).write_text(json.dumps(figures, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
