"""A large batch keeps its results in a temporary file instead of memory; the cross-report findings
and every output are the same as when they are all kept in memory."""

import json

import yaml
from reports import consistent, with_cell
from test_batch import agency_report

from xxgk_lint import batch
from xxgk_lint.collect import Collected
from xxgk_lint.config import Config
from xxgk_lint.engine import load_rules
from xxgk_lint.output import json_report, plain, sarif
from xxgk_lint.pipeline import check_file


def region_results(folder) -> list:
    """Two years of three agencies and their government; one carry-over slip (X001), one copied
    narrative (X003), a group (X004) and an unreadable file."""
    agencies = ["江北市教育局", "江北市民政局", "江北市统计局"]
    paths = []
    for year in (2022, 2023):
        for agency in agencies + ["江北市人民政府"]:
            data = agency_report(agency, year, carried=[1, 0, 0, 0, 0, 0], carry_forward=[1, 0, 0, 0, 0, 0])
            if agency == "江北市民政局" and year == 2023:
                data = with_cell(data, ("applications", "carried_over", "total"), 5)
            if agency == "江北市统计局" and year == 2023:
                data["sections"]["overview"] = agency_report(agency, 2022, [1] + [0] * 5, [1] + [0] * 5)["sections"]["overview"]
            path = folder / f"{year}-{agency}.yaml"
            path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
            paths.append(str(path))
    (folder / "broken.yaml").write_text("a: [", encoding="utf-8")
    paths.append(str(folder / "broken.yaml"))
    rules = load_rules()
    results = []
    for path in paths:
        result = check_file(path, rules, Config()).compact()
        batch.stamp(result, result.diagnostics)
        results.append(result)
    return results


def outputs(results, rules) -> dict:
    return {
        "json": "".join(json_report.render_parts(results)),
        "jsonl": "".join(json_report.line_parts(results)),
        "csv": "".join(plain.csv_parts(results)),
        "sarif": "".join(sarif.render_parts(results, rules, batch.fingerprints)),
        "agencies": json.dumps(batch.by_agency(results, limit=3), ensure_ascii=False),
    }


def test_results_on_disk_give_the_same_findings_and_outputs_as_in_memory(tmp_path):
    rules = load_rules()
    groups = {"江北市人民政府": ["江北市教育局", "江北市民政局", "江北市统计局"]}
    in_memory = region_results(tmp_path)
    configs = {r.path: Config() for r in in_memory}
    cross_memory = batch.cross_check(in_memory, rules, configs, groups)
    on_disk = Collected(spill_after=2)
    for result in region_results(tmp_path):
        on_disk.add(result)
    try:
        assert on_disk._db is not None  # it did move to the temporary file
        cross_disk = batch.cross_check(on_disk, rules, configs, groups)
        assert [(r.path, d.as_dict()) for r, d in cross_disk] == [(r.path, d.as_dict()) for r, d in cross_memory]
        assert {d.code for _, d in cross_memory} >= {"X001", "X003"}
        assert outputs(on_disk, rules) == outputs(in_memory, rules)
        assert len(on_disk) == len(in_memory)
    finally:
        on_disk.close()


def test_the_worst_rows_kept_while_streaming_are_the_worst_rows_sorted(tmp_path):
    results = region_results(tmp_path)
    for limit in (1, 3, 100):
        assert batch.by_agency(results, limit=limit) == batch.by_agency(results)[:limit]


def test_a_batch_past_the_spill_size_runs_from_the_command_line(tmp_path):
    """Enough files that the command keeps its results on disk; the JSON names every file once."""
    from reports import run_cli

    from xxgk_lint.collect import SPILL_AFTER

    text = yaml.safe_dump(consistent("2021"), allow_unicode=True)
    for index in range(SPILL_AFTER + 3):
        (tmp_path / f"{index:04d}.yaml").write_text(text, encoding="utf-8")
    result = run_cli("check", "-f", "json", "--timeout", "0", str(tmp_path))
    document = json.loads(result.stdout)
    assert [f["path"] for f in document["files"]] == sorted(str(p) for p in tmp_path.glob("*.yaml"))
    assert document["summary"]["checked"] == SPILL_AFTER + 3


def test_a_location_survives_pickling_with_every_field():
    """Location pickles through its own __reduce__ (faster than the dataclass default); a field
    added later must be carried too, or results read back from the temporary file lose it."""
    import dataclasses
    import pickle

    from xxgk_lint.model import Location

    every = {f.name: (f"值{i}" if f.name == "note" else i + 1) for i, f in enumerate(dataclasses.fields(Location))}
    location = Location(**every)
    again = pickle.loads(pickle.dumps(location, pickle.HIGHEST_PROTOCOL))
    assert again == location and {name: getattr(again, name) for name in every} == every


def test_a_digest_travels_packed_and_opens_whole():
    """A pickled digest comes back as its agency key and year plus a blob: filing it by agency and
    year opens nothing, a second pickling (into the temporary file) carries the blob as it is, and
    reading any other field gives back every field the digest had."""
    import dataclasses
    import pickle

    from xxgk_lint.digest import Digest, Packed

    digest = Digest("甲.html", "某市 人民政府", 2023, "2021", {"applications.new.total": 5},
                    {"applications.carry_forward.total": (9, None, None, 5, 28, 10, None, None)},
                    b"12345678", 1, [("A001", None)], 0.5, {"applications.carry_forward.total": 3})
    carried = pickle.loads(pickle.dumps(digest, pickle.HIGHEST_PROTOCOL))
    assert isinstance(carried, Packed)
    assert (carried.key, carried.year) == (digest.key, 2023) and carried._opened is None
    stored = pickle.loads(pickle.dumps(carried, pickle.HIGHEST_PROTOCOL))
    assert stored.blob == carried.blob and stored._opened is None
    assert stored.open() == digest
    assert {f.name: getattr(stored, f.name) for f in dataclasses.fields(Digest)} == dataclasses.asdict(digest)
    assert stored.location("applications.carry_forward.total").row == 28


def test_whether_an_agency_and_year_is_held_is_the_same_in_memory_and_on_disk(tmp_path):
    """What tells a second report of an agency and year (its fingerprints then carry its file name)."""
    from xxgk_lint.digest import agency_key

    results = region_results(tmp_path)
    for store in (Collected(spill_after=len(results) + 1), Collected(spill_after=2)):
        try:
            for result in results:
                store.add(result)
            assert store.holds(agency_key("江北市民政局"), 2023) and store.holds(agency_key("江北 市民政局"), 2022)
            assert not store.holds(agency_key("江北市民政局"), 2021) and not store.holds(agency_key("江南市民政局"), 2023)
            assert not store.holds(None, 2023)
        finally:
            store.close()


def test_an_agencys_reports_of_a_year_are_the_same_in_memory_and_on_disk(tmp_path):
    from xxgk_lint.digest import agency_key

    results = region_results(tmp_path)
    twin = check_file(str(tmp_path / "2022-江北市民政局.yaml"), load_rules(), Config()).compact()
    twin.path = str(tmp_path / "2022-江北市民政局-草稿.yaml")  # a second report of the same agency and year
    results.append(twin)
    for store in (Collected(spill_after=len(results) + 1), Collected(spill_after=2)):
        try:
            for result in results:
                store.add(result)
            found = store.reports_of(agency_key("江北市民政局"), 2022)
            assert [path.rsplit("/", 1)[-1] for _, path in found] == ["2022-江北市民政局.yaml", "2022-江北市民政局-草稿.yaml"]
            assert [position for position, _ in found] == [1, len(results) - 1]
            assert store.reports_of(agency_key("江北市民政局"), 2021) == [] and store.reports_of(None, 2022) == []
        finally:
            store.close()


def test_renamed_pairs_are_the_same_in_memory_and_on_disk(tmp_path):
    """The year before written without its city (统计局 of 江北市 as 江北区统计局 …): found alike in a small
    batch (in memory) and a large one (on disk)."""
    rules, results = load_rules(), []
    for year, agency in ((2022, "东城区统计局"), (2023, "江北市东城区统计局"), (2022, "江北市教育局"), (2023, "江北市教育局"),
                         (2022, "北城区城市管理局"), (2023, "南城市城市管理局")):
        data = agency_report(agency, year, carried=[1, 0, 0, 0, 0, 0], carry_forward=[1, 0, 0, 0, 0, 0])
        path = tmp_path / f"{year}-{agency}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        results.append(check_file(str(path), rules, Config()).compact())
    for store in (Collected(spill_after=len(results) + 1), Collected(spill_after=2)):
        try:
            for result in results:
                store.add(result)
            found = [(position, digest.agency, before.agency) for position, _, digest, before in store.renamed_pairs()]
            assert found == [(1, "江北市东城区统计局", "东城区统计局")]
        finally:
            store.close()
