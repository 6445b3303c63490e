"""Rule plugins: built-in rules and a third-party pack arrive through the same entry-point group."""

import json
import pathlib
import subprocess
import sys
import sysconfig

import yaml
from reports import consistent

from xxgk_lint.engine import ENTRY_POINT_GROUP, load_rules

EXAMPLE = pathlib.Path(__file__).resolve().parent / "plugin_example"


def test_builtin_rules_come_through_the_entry_point_group():
    from importlib.metadata import entry_points

    names = {e.value for e in entry_points(group=ENTRY_POINT_GROUP) if e.dist and e.dist.name == "xxgk-lint"}
    assert names == {"xxgk_lint_rules.structure", "xxgk_lint_rules.arithmetic", "xxgk_lint_rules.wording",
                     "xxgk_lint_rules.cross"}
    rules = load_rules()
    assert {r.origin for r in rules.values()} == names
    for rule in rules.values():  # every rule documents itself
        for part in ("检查什么", "为什么", "错误示例", "正确示例"):
            assert part in rule.doc, (rule.code, part)


def test_entry_points_read_from_metadata_folders_are_the_standard_ones(tmp_path, monkeypatch):
    """xxgk_lint.entrypoints reads entry_points.txt itself (a faster start); it must find what
    importlib.metadata finds, for every group installed here, and let the first copy of a
    distribution on sys.path shadow a later one."""
    from importlib import metadata

    from xxgk_lint.entrypoints import entry_points, normalized

    groups = {e.group for d in metadata.distributions() for e in d.entry_points}
    assert ENTRY_POINT_GROUP in groups
    for group in groups:
        standard = sorted((e.name, e.value, normalized(e.dist.name)) for e in metadata.entry_points(group=group))
        assert sorted((e.name, e.value, e.dist_name) for e in entry_points(group)) == standard, group
    for place, value in (("first", "pack_one:rules"), ("second", "pack_two:rules")):
        info = tmp_path / place / "xxgk_lint_pack-1.0.dist-info"
        info.mkdir(parents=True)
        info.joinpath("entry_points.txt").write_text(
            f"[console_scripts]\nx = y\n\n# a comment\n[{ENTRY_POINT_GROUP}]\npack = {value}\n", encoding="utf-8")
    monkeypatch.setattr(sys, "path", [str(tmp_path / "first"), str(tmp_path / "second")] + sys.path)
    packs = [e for e in entry_points(ENTRY_POINT_GROUP) if e.dist_name == "xxgk-lint-pack"]
    assert [(e.name, e.value) for e in packs] == [("pack", "pack_one:rules")]


def test_a_third_party_pack_installed_in_a_virtual_environment(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True, timeout=300)
    python = venv / "bin" / "python"
    # the new environment sees this one's packages (xxgk-lint and its dependencies) through a .pth file;
    # addsitedir also runs that folder's own .pth files, which an editable install of xxgk-lint needs
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    outer = sysconfig.get_paths()["purelib"]
    pathlib.Path(site, "outer.pth").write_text(f"import site; site.addsitedir({outer!r})\n")
    install = subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", str(EXAMPLE)],
                             capture_output=True, text=True, timeout=600)
    assert install.returncode == 0, install.stderr[-2000:]
    listing = subprocess.run([str(python), "-m", "xxgk_lint", "rules"], capture_output=True, text=True, timeout=120)
    assert "EX101" in listing.stdout and "报告应写明发布日期" in listing.stdout
    report = tmp_path / "r.yaml"
    report.write_text(yaml.safe_dump(consistent("2021"), allow_unicode=True), encoding="utf-8")
    run = subprocess.run([str(python), "-m", "xxgk_lint", "check", "-f", "json", "--select", "EX", str(report)],
                         capture_output=True, text=True, timeout=120)
    found = json.loads(run.stdout)["files"][0]["diagnostics"]
    assert [(d["code"], d["severity"]) for d in found] == [("EX101", "warning")]
    # and in this environment, without the pack, the code is unknown
    assert subprocess.run([sys.executable, "-m", "xxgk_lint", "check", "--select", "EX101", str(report)],
                          capture_output=True).returncode == 2


def check_with_plugin(folder: pathlib.Path, code: str, *args) -> subprocess.CompletedProcess:
    """Check a clean report with the example rule, renamed to `code`, named on the command line."""
    import os

    rules = (EXAMPLE / "xxgk_lint_example" / "rules.py").read_text(encoding="utf-8").replace("EX101", code)
    (folder / "local_rules.py").write_text(rules, encoding="utf-8")
    report = folder / "r.yaml"
    report.write_text(yaml.safe_dump(consistent("2021"), allow_unicode=True), encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "xxgk_lint", "check", "--plugin", "local_rules", *args, str(report)],
                          capture_output=True,
                          env={**os.environ, "PYTHONPATH": str(folder)}, timeout=120)


def test_a_plugin_module_named_on_the_command_line(tmp_path):
    result = check_with_plugin(tmp_path, "MY101", "-f", "json")
    assert [d["code"] for d in json.loads(result.stdout)["files"][0]["diagnostics"]] == ["MY101"]


def test_a_plugin_that_is_not_installed_is_told_in_chinese(tmp_path):
    from reports import run_cli

    example = pathlib.Path(__file__).resolve().parent.parent / "examples" / "report-2021-clean.yaml"
    result = run_cli("check", str(example), "--plugin", "xxgk_lint_no_such_pack")
    told = result.stderr.decode("utf-8")
    assert result.returncode == 2
    assert "找不到模块 xxgk_lint_no_such_pack（没有安装，或名称写错" in told and "No module" not in told


def test_a_plugin_may_not_take_a_builtin_family(tmp_path):
    result = check_with_plugin(tmp_path, "A900")
    assert result.returncode == 2 and "内置规则族" in result.stderr.decode()


def test_the_package_installs_under_its_own_import_names(tmp_path):
    """`lint` and `rules` are other projects' names on PyPI: ours install as xxgk_lint and xxgk_lint_rules."""
    probe = ("import importlib.util as u, json; "
             "print(json.dumps({n: getattr(u.find_spec(n), 'origin', None) for n in "
             "('lint', 'rules', 'xxgk_lint', 'xxgk_lint_rules')}))")
    found = json.loads(subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True,
                                      check=True).stdout)
    repo = str(EXAMPLE.parent.parent)
    for taken in ("lint", "rules"):
        assert found[taken] is None or not found[taken].startswith(repo), (taken, found[taken])
    assert found["xxgk_lint"] and found["xxgk_lint_rules"]


PACK_WITH_AN_IDENTITY = '''
from xxgk_lint.rule import Balance, identity_rule


@identity_rule("GD201", name="review-equals-direct-suit", summary="本省：行政复议总数等于直接起诉总数")
def review_equals_direct_suit(report):
    """检查什么：行政复议的总计等于未经复议直接起诉的总计（示例规则）。

    为什么：测试规则包的勾稽关系与内置勾稽关系一起诊断。

    错误示例：行政复议 总计 3，直接起诉 总计 2。

    正确示例：两者都是 2。
    """
    yield Balance(left=[("review_litigation", "review", "total")],
                  right=[("review_litigation", "direct_suit", "total")], where="复议与直诉")
'''


def test_a_packs_identity_joins_the_diagnosis(tmp_path, monkeypatch):
    from reports import with_cell

    from xxgk_lint.engine import check_report
    from xxgk_lint.read import read_bytes
    from xxgk_lint.validate import build_report

    (tmp_path / "identity_pack.py").write_text(PACK_WITH_AN_IDENTITY, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    with_pack, without = load_rules(("identity_pack",)), load_rules()
    data = consistent("2021", review=(2, 0, 0, 0), direct=(2, 0, 0, 0))
    data = with_cell(data, ("review_litigation", "review", "upheld"), 3)  # parts 3, total 2

    def check(rules):
        raw = yaml.safe_dump(data, allow_unicode=True).encode("utf-8")
        report = build_report("r.yaml", read_bytes("r.yaml", raw))
        return [(d.code, d.field_name, d.expected) for d in check_report(report, rules) if d.code.startswith(("A", "GD"))]

    # alone, table 四 cannot tell a total too low from a part too high
    assert [code for code, _, _ in check(without)] == ["A004", "A007"]
    # the pack's identity says the total 2 is right, so the part is the wrong cell
    assert check(with_pack) == [("A004", "review_litigation.review.total", None),
                                ("A006", "review_litigation.review.upheld", 2)]
    data = with_cell(with_cell(data, ("review_litigation", "review", "upheld"), 2),
                     ("review_litigation", "review", "total"), 5)  # now the total is wrong: both identities break
    found = check(with_pack)
    assert ("A006", "review_litigation.review.total", 2) in found
    assert ("GD201", "review_litigation.review.total", 2) in found
