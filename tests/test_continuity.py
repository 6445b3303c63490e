"""X001 in the diagnosis: last year's 结转下年度 as fixed values in this year's (xxgk_lint.continuity),
through the real command — one draft with --previous, and a folder holding both years."""

import json

import yaml
from reports import consistent, run_cli, with_cell

RESULTS = {"disclosed": [6, 1, 0, 0, 0, 0], "unable_not_held": [2, 0, 0, 0, 0, 0]}
CARRIED = ("applications", "carried_over")


def last_year(carry_forward=(2, 0, 0, 0, 0, 0)) -> dict:
    return consistent(results=RESULTS, carried=[1, 0, 0, 0, 0, 0], carry_forward=list(carry_forward), year=2022)


def this_year(carried=(2, 0, 0, 0, 0, 0)) -> dict:
    return consistent(results=RESULTS, carried=list(carried), carry_forward=[0] * 6, year=2023)


def draft_off_by_one() -> dict:
    """上年结转 written 3 (自然人 and 总计) where last year carried 2 forward: this year's table alone cannot
    tell whether 上年结转, 新收 or 结转下年度 is wrong (each pair of cells restores A001)."""
    data = with_cell(this_year(), CARRIED + ("natural",), 3)
    return with_cell(data, CARRIED + ("total",), 3)


def write(folder, name: str, data: dict):
    path = folder / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def findings(completed) -> list:
    return [d for f in json.loads(completed.stdout)["files"] for d in f["diagnostics"]]


def test_alone_the_draft_is_ambiguous_with_last_year_the_wrong_cells_are_named_once(tmp_path):
    draft = write(tmp_path, "2023.yaml", draft_off_by_one())
    previous = write(tmp_path, "2022.yaml", last_year())
    alone = findings(run_cli("check", str(draft), "-f", "json"))
    assert "A007" in {d["code"] for d in alone} and "A006" not in {d["code"] for d in alone}

    paired = findings(run_cli("check", str(draft), "--previous", str(previous), "-f", "json"))
    wrong = {d["location"]["field"]: (d["actual"], d["expected"]) for d in paired if d["code"] == "A006"}
    assert wrong == {"applications.carried_over.natural": (3, 2), "applications.carried_over.total": (3, 2)}
    assert "A007" not in {d["code"] for d in paired}
    continuity = [d for d in paired if d["code"] == "X001"]
    assert {d["location"]["field"] for d in continuity} == set(wrong)
    for d in continuity:  # folded under the A006 of the same cell
        assert d["explained_by"] == [{"code": "A006", "field": d["location"]["field"]}]
    message = next(d["message"] for d in paired if d["code"] == "A006")
    assert "X001 自然人列" in message or "X001 总计列" in message

    # the console shows the file once, its pair's findings in it: X001 under the A006 of its cell,
    # not a first block of A007 contradicted by a cross-report section below it
    console = run_cli("check", str(draft), "--previous", str(previous)).stdout.decode()
    assert console.count("2023.yaml  ") == 1 and "跨报告检查" not in console
    assert "└ 错误 X001" in console and "A007" not in console


def test_fix_with_previous_writes_last_years_numbers_and_leaves_nothing(tmp_path):
    draft = write(tmp_path, "2023.yaml", draft_off_by_one())
    previous = write(tmp_path, "2022.yaml", last_year())
    fixed = run_cli("check", "--fix", str(draft), "--previous", str(previous))
    assert "已修正 2 个单元格" in fixed.stderr.decode()
    written = yaml.safe_load(draft.read_text(encoding="utf-8"))
    assert written["applications"]["carried_over"]["natural"] == 2
    assert written["applications"]["carried_over"]["total"] == 2
    after = findings(run_cli("check", str(draft), "--previous", str(previous), "-f", "json"))
    assert not [d for d in after if d["code"].startswith("A") or d["code"] == "X001"]


def test_a_folder_pairs_the_years_and_checks_the_draft_again_with_last_years_numbers(tmp_path):
    write(tmp_path, "2022.yaml", last_year())
    draft = write(tmp_path, "2023.yaml", draft_off_by_one())
    found = findings(run_cli("check", str(tmp_path), "-f", "json"))
    wrong = {d["location"]["field"] for d in found if d["code"] == "A006"}
    assert wrong == {"applications.carried_over.natural", "applications.carried_over.total"}
    assert all(d["explained_by"] for d in found if d["code"] == "X001")
    assert "A007" not in {d["code"] for d in found}

    console = run_cli("check", str(tmp_path)).stdout.decode()
    # the file's block is shown once its pair is known: the re-check's A006 with X001 under it, not
    # the first pass's A007 and then a section below overruling it
    assert console.count("2023.yaml  ") == 1 and "跨报告检查" not in console
    assert "└ 错误 X001" in console and "错误 A006" in console and "A007" not in console

    run_cli("check", "--fix", str(tmp_path))
    written = yaml.safe_load(draft.read_text(encoding="utf-8"))
    assert written["applications"]["carried_over"]["natural"] == 2


def test_a_cell_wrong_last_year_is_not_blamed_again_this_year(tmp_path):
    """Last year's own identities say its 结转下年度 自然人 should be 2, not 3 (its A006); this year
    carried 2 over, rightly: no X001 against this year."""
    write(tmp_path, "2022.yaml", with_cell(last_year(), ("applications", "carry_forward", "natural"), 3))
    write(tmp_path, "2023.yaml", this_year())
    entries = {pathname(f["path"]): f["diagnostics"] for f in
               json.loads(run_cli("check", str(tmp_path), "-f", "json").stdout)["files"]}
    assert [d["location"]["field"] for d in entries["2022.yaml"] if d["code"] == "A006"] == [
        "applications.carry_forward.natural"]
    assert "X001" not in {d["code"] for d in entries["2023.yaml"]}


def test_a_continuity_no_few_cells_restore_stays_x001_and_hides_no_wrong_cell(tmp_path):
    """This year's table holds together with 5 carried over; last year carried 2 forward. No three cells
    of this year's table can meet that, so X001 stands alone — and the wrong 行政复议 总计 is still named."""
    data = with_cell(this_year(carried=(5, 0, 0, 0, 0, 0)), ("review_litigation", "review", "upheld"), 2)
    data = with_cell(data, ("review_litigation", "review", "corrected"), 1)  # parts 3, 总计 0: only 总计 can be wrong
    draft = write(tmp_path, "2023.yaml", data)
    previous = write(tmp_path, "2022.yaml", last_year())
    found = findings(run_cli("check", str(draft), "--previous", str(previous), "-f", "json"))
    continuity = [d for d in found if d["code"] == "X001"]
    assert continuity and not any(d.get("explained_by") for d in continuity)
    assert [d["location"]["field"] for d in found if d["code"] == "A006"] == ["review_litigation.review.total"]


def test_previous_of_another_year_is_not_used_and_the_clerk_is_told(tmp_path):
    draft = write(tmp_path, "2023.yaml", draft_off_by_one())
    older = write(tmp_path, "2021.yaml", consistent(results=RESULTS, carry_forward=[2, 0, 0, 0, 0, 0], year=2021))
    completed = run_cli("check", str(draft), "--previous", str(older), "-f", "json")
    assert "X001" not in {d["code"] for d in findings(completed)}
    assert "A007" in {d["code"] for d in findings(completed)}
    assert "2021 年度" in completed.stderr.decode() and "没有按它核对" in completed.stderr.decode()


def test_previous_of_another_agency_is_not_used_and_the_clerk_is_told(tmp_path):
    draft_data = draft_off_by_one()
    draft_data["agency"] = "淮安市洪泽区人民政府"
    draft = write(tmp_path, "2023.yaml", draft_data)
    other = last_year()
    other["agency"] = "平潭综合实验区管理委员会"
    previous = write(tmp_path, "2022.yaml", other)
    completed = run_cli("check", str(draft), "--previous", str(previous), "-f", "json")
    assert "X001" not in {d["code"] for d in findings(completed)}
    assert "A007" in {d["code"] for d in findings(completed)}  # as if checked alone
    told = completed.stderr.decode()
    assert "平潭综合实验区管理委员会" in told and "不是同一机关" in told and "没有按它核对" in told

    # the same agency written shorter last year is still its previous year
    other["agency"] = "洪泽区人民政府"
    write(tmp_path, "2022.yaml", other)
    paired = run_cli("check", str(draft), "--previous", str(previous), "-f", "json")
    assert "X001" in {d["code"] for d in findings(paired)} and "不是同一机关" not in paired.stderr.decode()


def test_an_unreadable_previous_report_is_a_usage_error(tmp_path):
    draft = write(tmp_path, "2023.yaml", draft_off_by_one())
    missing = tmp_path / "没有这个文件.yaml"
    completed = run_cli("check", str(draft), "--previous", str(missing))
    assert completed.returncode == 2
    assert "上一年度的报告无法读取" in completed.stderr.decode() and "Traceback" not in completed.stderr.decode()


def pathname(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def test_last_years_blank_cells_are_not_compared_as_zero(tmp_path):
    """A cell left blank last year (or unreadable there and converted as ~) counts as 0 inside that
    report (S007), but this year's report is not held to a number nobody wrote: no X001, no X002."""
    previous = last_year()
    for column in previous["applications"]["carry_forward"]:
        previous["applications"]["carry_forward"][column] = None
    previous["edition"] = "2021"
    for row in ("rules", "normative"):
        previous["proactive"]["item1"][row]["in_force"] = None
    write(tmp_path, "2022.yaml", previous)
    current = this_year()
    for row in ("rules", "normative"):
        current["proactive"]["item1"][row].update(issued=5, repealed=1, in_force=40)
    write(tmp_path, "2023.yaml", current)
    found = findings(run_cli("check", str(tmp_path), "-f", "json"))
    assert not [d for d in found if d["code"] in ("X001", "X002")]
    # and a number written last year is still held to
    previous["applications"]["carry_forward"] = last_year()["applications"]["carry_forward"]
    for row in ("rules", "normative"):
        previous["proactive"]["item1"][row]["in_force"] = 10
    write(tmp_path, "2022.yaml", previous)
    found = findings(run_cli("check", str(tmp_path), "-f", "json"))
    assert {d["code"] for d in found if d["code"] in ("X001", "X002")} == {"X002"}


def test_a_draft_beside_last_years_final_is_not_the_one_compared_and_the_office_is_told(tmp_path):
    final = last_year(carry_forward=(0, 0, 0, 0, 0, 0))
    draft = last_year(carry_forward=(2, 0, 0, 0, 0, 0))  # what this year's 上年结转 copies: the draft's
    write(tmp_path, "2022-草稿.yaml", draft)  # its name sorts before the final's
    write(tmp_path, "2022.yaml", final)
    write(tmp_path, "2023.yaml", this_year(carried=(2, 0, 0, 0, 0, 0)))
    completed = run_cli("check", "-f", "json", str(tmp_path))
    document = json.loads(completed.stdout)
    this = next(f for f in document["files"] if f["path"].endswith("2023.yaml"))
    assert "X001" in {d["code"] for d in this["diagnostics"]}  # against the final's 0, not the draft's 2
    told = completed.stderr.decode()
    assert "2022 年度有 2 份报告" in told and "2022-草稿.yaml" in told and "用的是 2022.yaml" in told


def two_years_of(tmp_path, agency_before: str, agency_now: str):
    """A folder with last year's report (carried forward 0) by one name and this year's (carrying 2
    over) by another, checked: (last year's data, this year's data, the completed command)."""
    before = last_year(carry_forward=(0, 0, 0, 0, 0, 0))
    before["agency"] = agency_before
    now = this_year(carried=(2, 0, 0, 0, 0, 0))
    now["agency"] = agency_now
    write(tmp_path, "2022.yaml", before)
    write(tmp_path, "2023.yaml", now)
    return before, now, run_cli("check", "-f", "json", str(tmp_path))


def test_the_same_agency_written_with_its_city_one_year_is_paired_and_the_office_told(tmp_path):
    _, _, completed = two_years_of(tmp_path, "洪泽区人民政府", "淮安市洪泽区人民政府")
    this = next(f for f in json.loads(completed.stdout)["files"] if f["path"].endswith("2023.yaml"))
    assert "X001" in {d["code"] for d in this["diagnostics"]}  # 上年结转 2 against last year's 0
    told = completed.stderr.decode()
    assert "淮安市洪泽区人民政府 2023 年度" in told and "“洪泽区人民政府”2022 年度" in told and "按同一机关" in told


def test_agencies_that_only_look_alike_are_not_paired(tmp_path):
    # another city's 城市管理局: neither name ends with the other
    before, now, completed = two_years_of(tmp_path, "徐州市城市管理局", "淮安市城市管理局")
    assert not any("X001" in {d["code"] for d in f["diagnostics"]} for f in json.loads(completed.stdout)["files"])
    assert "按同一机关" not in completed.stderr.decode()

    # two 鼓楼区 this year, one last year written without its city: which one it is cannot be told
    before["agency"] = "鼓楼区人民政府"
    write(tmp_path, "2022.yaml", before)
    for name, city in (("2023.yaml", "福州市"), ("2023b.yaml", "南京市")):
        now["agency"] = city + "鼓楼区人民政府"
        write(tmp_path, name, now)
    completed = run_cli("check", "-f", "json", str(tmp_path))
    assert not any("X001" in {d["code"] for d in f["diagnostics"]} for f in json.loads(completed.stdout)["files"])
    assert "按同一机关" not in completed.stderr.decode()
