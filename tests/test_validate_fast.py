"""The compiled validity check never disagrees with jsonschema, and findings are the same with it
as without it, byte for byte, on every report the tests and the shared corpus hold."""

import copy
import json
import pathlib
from decimal import Decimal

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reports import consistent

from xxgk_lint import validate
from xxgk_lint.editions import editions
from xxgk_lint.engine import check_report, load_rules
from xxgk_lint.pipeline import expand
from xxgk_lint.read import InputError, read_file

ROOT = pathlib.Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

values = st.one_of(
    st.integers(-3, 3), st.integers(), st.floats(allow_nan=True), st.sampled_from([0.0, 3.0, -1.0, 2.5]),
    st.booleans(), st.none(), st.text(max_size=4), st.sampled_from(["-", "—", "无", "", "／", "2021", "2019"]),
    # containers made afresh for each draw: st.just would hand the same dict to every draw, and a
    # later "add" into it could put it inside itself (a cycle no report can hold)
    st.builds(Decimal, st.integers(-5, 5)), st.builds(list), st.builds(dict), st.fixed_dictionaries({"x": st.just(1)}),
)


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, prefix + (key,))


@st.composite
def mutated(draw):
    edition_id = draw(st.sampled_from(sorted(editions())))
    data = copy.deepcopy(consistent(edition_id))
    for _ in range(draw(st.integers(0, 3))):
        paths = [p for p in _paths(data) if p]
        path = draw(st.sampled_from(paths))
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["set", "delete", "add"]))
        if action == "set":
            parent[path[-1]] = draw(values)
        elif action == "delete":
            del parent[path[-1]]
        else:
            parent[draw(st.sampled_from(["extra", "total", "new", "text", "heading"]))] = draw(values)
    return edition_id, data


@given(mutated())
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_the_compiled_check_never_passes_what_jsonschema_fails(case):
    edition_id, data = case
    fast = validate._fast_check(edition_id)
    assert fast is not None, "the schema uses a keyword the compiled check does not know"
    if fast(data):
        assert jsonschema.Draft202012Validator(editions()[edition_id].schema).is_valid(data)


def test_the_compiled_check_passes_a_valid_report_and_fails_a_broken_one():
    data = consistent("2021")
    assert validate._fast_check("2021")(data)
    data["applications"]["new"]["total"] = -1
    assert not validate._fast_check("2021")(data)


def test_an_unknown_keyword_falls_back_to_jsonschema():
    with pytest.raises(validate._Unsupported):
        validate._compile({"type": "object", "propertyNames": {"maxLength": 3}})


def _corpus() -> list:
    folders = [ROOT / "examples", ROOT / "tests" / "fixtures", SHARED / "corpus", SHARED / "seed"]
    return list(expand([str(f) for f in folders if f.exists()]))


def _findings(paths: list) -> str:
    from xxgk_lint.validate import build_report

    rules, out = load_rules(), []
    for path in paths:
        try:
            reading = read_file(path)
        except InputError as error:
            out.append(f"{path}: {error}")
            continue
        report = build_report(path, reading)
        out.append(json.dumps([d.as_dict() for d in check_report(report, rules)], ensure_ascii=False, default=str))
        out.append(json.dumps([(p.kind, p.message, list(p.path)) for p in report.problems], ensure_ascii=False))
    return "\n".join(out)


def test_findings_are_the_same_with_and_without_the_compiled_check(monkeypatch, tmp_path):
    paths = _corpus()
    # reports that fail validation in every way the structure rules explain
    broken = consistent("2021")
    broken["applications"]["new"]["total"] = "十二"
    broken["applications"]["extra_row"] = {"total": 1}
    del broken["review_litigation"]["review"]
    broken["year"] = 2021.0
    (tmp_path / "broken.json").write_text(json.dumps(broken, ensure_ascii=False), encoding="utf-8")
    paths.append(str(tmp_path / "broken.json"))
    assert len(paths) >= 5
    fast = _findings(paths)
    monkeypatch.setattr(validate, "_fast_check", lambda edition_id: None)
    slow = _findings(paths)
    assert fast == slow
