"""Fuzzing: mutate valid reports of every form, as bytes and as structure, and hold the invariant —
a result or a clean error (InputError), never an unhandled exception, within a time bound.

The run in CI is bounded; a longer run is one environment variable away:

    XXGK_FUZZ_EXAMPLES=5000 .venv/bin/pytest tests/test_fuzz.py

(tests/fuzz_atheris.py drives the same entry point with atheris, coverage-guided, where it installs.)
"""

import functools
import os
import time

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from forms import render_html, render_markdown, render_text
from reports import consistent

from xxgk_lint.engine import check_report, load_rules
from xxgk_lint.read import InputError, read_bytes
from xxgk_lint.validate import build_report

EXAMPLES = int(os.environ.get("XXGK_FUZZ_EXAMPLES", "40"))
SECONDS = 10  # a mutated report must be settled within this
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 40,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def settle(name: str, raw: bytes) -> None:
    """The invariant: checking ends in diagnostics or an InputError, and in good time."""
    start = time.perf_counter()
    try:
        reading = read_bytes(name, raw)
        report = build_report(name, reading)
        diagnostics = check_report(report, load_rules())
        for diagnostic in diagnostics:
            assert diagnostic.code and diagnostic.message and diagnostic.severity
            diagnostic.as_dict()
    except InputError as error:
        assert str(error) and "\n" not in str(error)
    assert time.perf_counter() - start < SECONDS


@functools.lru_cache(maxsize=None)
def samples() -> dict:
    data = consistent("2021", results={"disclosed": [5, 1, 0, 0, 2, 0], "other_misc": [1, 0, 0, 0, 0, 0]},
                      review=(2, 1, 0, 0))
    data["sections"]["overview"] = "2023年，本机关共收到政府信息公开申请9件。\n第二段。"
    made = {
        "r.yaml": yaml.safe_dump(data, allow_unicode=True).encode("utf-8"),
        "r.json": __import__("json").dumps(data, ensure_ascii=False).encode("utf-8"),
        "r.txt": render_text(data).encode("utf-8"),
        "r.md": render_markdown(data).encode("utf-8"),
        "r.html": render_html(data, encoding="gbk", chrome=True),
    }
    try:
        from wordforms import render_docx

        made["r.docx"] = render_docx(data)
    except ImportError:
        pass
    return made


@st.composite
def mutated(draw):
    name = draw(st.sampled_from(sorted(samples())))
    raw = bytearray(samples()[name])
    for _ in range(draw(st.integers(1, 6))):
        operation = draw(st.sampled_from(["flip", "delete", "insert", "truncate", "duplicate"]))
        if not raw:
            break
        at = draw(st.integers(0, len(raw) - 1))
        if operation == "flip":
            raw[at] = draw(st.integers(0, 255))
        elif operation == "delete":
            del raw[at:at + draw(st.integers(1, 64))]
        elif operation == "insert":
            raw[at:at] = draw(st.binary(min_size=1, max_size=32))
        elif operation == "truncate":
            del raw[at:]
        else:
            size = draw(st.integers(1, 256))
            raw[at:at] = raw[at:at + size]
    return name, bytes(raw)


@FUZZ
@given(case=mutated())
def test_mutated_bytes_of_every_form(case):
    settle(*case)


json_values = st.recursive(st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.floats(allow_nan=True)
                           | st.text(max_size=20), lambda children: st.lists(children, max_size=4)
                           | st.dictionaries(st.text(max_size=8), children, max_size=4), max_leaves=10)


@st.composite
def mutated_structure(draw):
    data = yaml.safe_load(samples()["r.yaml"])
    for _ in range(draw(st.integers(1, 8))):
        node, path = data, []
        while isinstance(node, dict) and node and draw(st.booleans()):
            key = draw(st.sampled_from(sorted(node, key=str)))
            path.append(key)
            if not isinstance(node[key], dict):
                break
            node = node[key]
        if not path:
            continue
        parent = data
        for key in path[:-1]:
            parent = parent[key]
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "replace":
            parent[path[-1]] = draw(json_values)
        elif action == "delete":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=10))] = draw(json_values)
    return data


@FUZZ
@given(data=mutated_structure())
def test_mutated_structure(data):
    raw = yaml.safe_dump(data, allow_unicode=True).encode("utf-8")
    settle("r.yaml", raw)


@FUZZ
@given(lines=st.lists(st.sampled_from(samples()["r.txt"].decode("utf-8").split("\n")), max_size=400))
def test_text_lines_in_any_order(lines):
    settle("r.txt", "\n".join(lines).encode("utf-8"))
