"""The findings on every report the tests reach are the ones recorded in tests/golden/ (byte for
byte). A change meant only to make xxgk-lint faster must leave them as they are; a change of
findings that is meant is recorded with `python tests/golden.py --update` and shows in the diff."""

import pytest

import golden


@pytest.mark.parametrize("name", sorted(golden.SETS))
def test_findings_are_the_recorded_ones(name):
    if name == "shared" and not golden.SHARED.is_dir():
        pytest.skip("../shared is not here")
    recorded = (golden.GOLDEN / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    now = golden.SETS[name]()
    assert [line.split('"file": ')[1][:60] for line in now] == \
        [line.split('"file": ')[1][:60] for line in recorded], "the set of files changed"
    for was, is_now in zip(recorded, now):
        assert is_now == was
