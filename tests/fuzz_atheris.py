"""Coverage-guided fuzzing with atheris, for longer runs than the test suite's (not run in CI).

    .venv/bin/pip install atheris
    .venv/bin/python tests/fuzz_atheris.py -atheris_runs=200000

Each input's first byte picks the file form, the rest are the file's bytes; the invariant is the
one tests/test_fuzz.py holds: diagnostics or an InputError, nothing else.
"""

import sys

import atheris

with atheris.instrument_imports():
    # import every reader and rule module here, so that coverage guides the fuzzer through them
    import xxgk_lint.read.docx  # noqa: F401
    import xxgk_lint.read.html  # noqa: F401
    import xxgk_lint.read.structured  # noqa: F401
    import xxgk_lint.read.text  # noqa: F401
    import xxgk_lint.read.recognise  # noqa: F401
    import xxgk_lint_rules.arithmetic  # noqa: F401
    import xxgk_lint_rules.structure  # noqa: F401
    import xxgk_lint_rules.wording  # noqa: F401
    from xxgk_lint.engine import check_report, load_rules
    from xxgk_lint.read import InputError, read_bytes
    from xxgk_lint.validate import build_report

NAMES = ["r.yaml", "r.json", "r.txt", "r.md", "r.html", "r.docx", "r.pdf"]
RULES = load_rules()


def one_input(data: bytes) -> None:
    if not data:
        return
    name = NAMES[data[0] % len(NAMES)]
    try:
        reading = read_bytes(name, data[1:])
    except InputError:
        return
    check_report(build_report(name, reading), RULES)


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
