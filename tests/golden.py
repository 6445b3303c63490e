"""The findings of every report the tests can reach, written out so that a change meant to be fast
(and nothing else) can be shown to give the same findings, byte for byte.

    .venv/bin/python tests/golden.py           # compare with tests/golden/*.jsonl, print what differs
    .venv/bin/python tests/golden.py --update  # write them anew (after a change of findings you meant)

Three sets: the project's own (examples, fixtures, generated reports of every form), and the shared
seed and corpus (compared only where ../shared is present).
"""

from __future__ import annotations

import argparse
import json
import pathlib
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = ROOT.parent / "shared"
GOLDEN = HERE / "golden"
GENERATED = 8  # reports of each generated form; index 0 carries a defect (see benchmark.report_data)

sys.path.insert(0, str(HERE))


def _files(folder: pathlib.Path) -> list:
    from xxgk_lint.read import supported

    return sorted(p for p in folder.rglob("*") if p.is_file() and supported(p)
                  and not p.name.endswith(".expected.yaml"))


def _lines(files: list, base: pathlib.Path) -> list:
    """One JSON line per file: its name below base, its error line or its findings in order."""
    from xxgk_lint.engine import load_rules
    from xxgk_lint.pipeline import check_file

    rules = load_rules()
    lines = []
    for path in files:
        result = check_file(str(path), rules)
        name = path.relative_to(base).as_posix()
        findings = []
        for diagnostic in result.diagnostics:
            found = diagnostic.as_dict()
            found["location"]["file"] = name
            findings.append(found)
        lines.append(json.dumps({"file": name, "error": result.error, "findings": findings},
                                ensure_ascii=False, sort_keys=True))
    return lines


def own() -> list:
    from benchmark import SUFFIX, make_reports

    lines = _lines(_files(ROOT / "examples") + _files(HERE / "fixtures"), ROOT)
    with tempfile.TemporaryDirectory() as work:
        work = pathlib.Path(work)
        for form in SUFFIX:
            make_reports(work / form, form, GENERATED)
        lines += _lines(_files(work), work)
    return lines


def shared() -> list:
    return _lines(_files(SHARED / "seed") + _files(SHARED / "corpus"), SHARED)


SETS = {"own": own, "shared": shared}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="write the golden files anew")
    args = parser.parse_args()
    GOLDEN.mkdir(exist_ok=True)
    differ = 0
    for name, make in SETS.items():
        if name == "shared" and not SHARED.is_dir():
            print("../shared is not here: the shared set is left out")
            continue
        now = make()
        path = GOLDEN / f"{name}.jsonl"
        if args.update:
            path.write_text("\n".join(now) + "\n", encoding="utf-8")
            print(f"wrote {path} ({len(now)} files)")
            continue
        then = path.read_text(encoding="utf-8").splitlines()
        changed = [line for line in sorted(set(now) ^ set(then))]
        differ += len(changed)
        for line in changed:
            print(("now:  " if line in now else "then: ") + line[:300])
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
