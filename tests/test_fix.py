"""--fix writes atomically and conservatively: the file's own encoding, never through a symlink,
never a cell shared through an anchor, alias or merge key, nothing written when the disk is
full or time runs out — and whatever it writes loads with every other value unchanged."""

import json
import os
import resource
import subprocess
import sys

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reports import consistent, run_cli, with_cell

from xxgk_lint.read.structured import read_structured

REVIEW_WRONG = with_cell(consistent("2021", review=(2, 1, 0, 0)), ("review_litigation", "review", "total"), 0)


def dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def leaves(value, path=()):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from leaves(item, path + (index,))
    else:
        yield path, value


def test_a_plain_fix_is_written_and_counted(tmp_path):
    path = tmp_path / "report.yaml"
    path.write_text(dump(REVIEW_WRONG), encoding="utf-8")
    path.chmod(0o640)
    result = run_cli("check", "--fix", str(path))
    assert "已修正 1 个单元格" in result.stderr.decode()
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["review_litigation"]["review"]["total"] == 3
    assert oct(path.stat().st_mode & 0o777) == oct(0o640)
    assert [p.name for p in tmp_path.iterdir()] == ["report.yaml"]  # no temporary file left


def test_an_anchored_total_is_left_alone_and_the_file_still_loads(tmp_path):
    text = dump(REVIEW_WRONG).replace("    total: 0\n  direct_suit:", "    total: &zero 0\n  direct_suit:", 1)
    text = text.replace("    total: 0\n  suit_after_review:", "    total: *zero\n  suit_after_review:", 1)
    assert "*zero" in text and "&zero" in text
    path = tmp_path / "report.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_cli("check", "--fix", str(path))
    stderr = result.stderr.decode()
    assert "锚点" in stderr and "review_litigation.review.total" in stderr
    assert "已修正" not in stderr and "Traceback" not in stderr
    assert path.read_text(encoding="utf-8") == text


def test_a_merged_total_is_skipped_and_the_count_is_what_changed(tmp_path):
    data = with_cell(REVIEW_WRONG, ("review_litigation", "direct_suit", "total"), 5)
    text = dump(data)
    # total 0 against parts 2 + 2: only the total can be wrong (A006), and it sits behind a merge key
    merged = "  direct_suit:\n    <<: {upheld: 2, corrected: 2, other: 0, pending: 0, total: 0}\n"
    start = text.index("  direct_suit:\n")
    end = text.index("  suit_after_review:")
    text = text[:start] + merged + text[end:]
    path = tmp_path / "report.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_cli("check", "--fix", str(path))
    stderr = result.stderr.decode()
    assert "已修正 1 个单元格" in stderr and "review_litigation.direct_suit.total" in stderr
    after = yaml.safe_load(path.read_text(encoding="utf-8"))["review_litigation"]
    assert after["review"]["total"] == 3 and after["direct_suit"]["total"] == 0


def test_a_symlink_is_not_written_through(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    target = outside / "real.yaml"
    target.write_text(dump(REVIEW_WRONG), encoding="utf-8")
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "link.yaml").symlink_to(target)
    result = run_cli("check", "--fix", str(folder / "link.yaml"))
    assert "符号链接" in result.stderr.decode() and "Traceback" not in result.stderr.decode()
    assert target.read_text(encoding="utf-8") == dump(REVIEW_WRONG)
    assert (folder / "link.yaml").is_symlink()


@pytest.mark.parametrize("encoding, mark", [("gb18030", b""), ("utf-16-le", b"\xff\xfe"),
                                            ("utf-16-be", b"\xfe\xff"), ("utf-8", b"\xef\xbb\xbf")])
def test_the_file_keeps_its_encoding(tmp_path, encoding, mark):
    path = tmp_path / "report.yaml"
    text = "# 草稿\n" + dump(REVIEW_WRONG)
    path.write_bytes(mark + text.encode(encoding))
    result = run_cli("check", "--fix", str(path))
    assert "已修正 1" in result.stderr.decode()
    raw = path.read_bytes()
    assert raw.startswith(mark)
    after = raw[len(mark):].decode(encoding)
    assert after == text.replace("    total: 0\n  direct_suit:", "    total: 3\n  direct_suit:", 1)


def test_a_full_disk_leaves_the_original_intact(tmp_path):
    path = tmp_path / "report.yaml"
    text = dump(REVIEW_WRONG) + "# " + "填充" * 4000 + "\n"  # larger than the size limit below
    path.write_text(text, encoding="utf-8")

    def small_files():
        resource.setrlimit(resource.RLIMIT_FSIZE, (8 * 1024, 8 * 1024))

    result = subprocess.run([sys.executable, "-m", "xxgk_lint", "check", "--fix", str(path)],
                            capture_output=True, preexec_fn=small_files, timeout=120)
    stderr = result.stderr.decode()
    assert "Traceback" not in stderr and "原文件没有改动" in stderr
    assert [line for line in stderr.splitlines() if "没有修正" in line] != []
    assert path.read_text(encoding="utf-8") == text
    assert [p.name for p in tmp_path.iterdir()] == ["report.yaml"]


def test_fix_honours_the_timeout(tmp_path):
    path = tmp_path / "report.yaml"
    path.write_text(dump(REVIEW_WRONG), encoding="utf-8")
    # a microsecond runs out before any report is read, on any machine
    result = run_cli("check", "--fix", "--timeout", "0.000001", str(path))
    assert "超时" in result.stderr.decode() and "Traceback" not in result.stderr.decode()
    assert path.read_text(encoding="utf-8") == dump(REVIEW_WRONG)


def test_a_yaml_1_1_number_is_not_rewritten(tmp_path):
    # 011 is not 9 in YAML 1.2: S002 names it as written, and the total beside it is not "fixed"
    data = consistent("2021", results={"disclosed": [11, 0, 0, 0, 0, 0]}, carried=[0] * 6)
    path = tmp_path / "report.yaml"
    text = dump(data).replace("natural: 11", "natural: 011", 1)
    path.write_text(text, encoding="utf-8")
    result = run_cli("check", "--fix", "-f", "json", str(path))
    codes = [d["code"] for d in json.loads(result.stdout)["files"][0]["diagnostics"]]
    assert "S002" in codes and "A004" not in codes
    assert path.read_text(encoding="utf-8") == text


# --- a fuzz target: random YAML shapes around wrong totals -------------------------------------

def _scalar(value) -> str:
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return yaml.safe_dump(value, default_flow_style=True).strip().removesuffix("...").strip()


def _render(data: dict, choices, anchors: list, indent: int = 0) -> list:
    lines, pad = [], " " * indent
    for key, value in data.items():
        comment = "  # 注释" if choices.draw(st.booleans()) else ""
        if isinstance(value, dict) and value and all(not isinstance(v, (dict, list)) for v in value.values()):
            style = choices.draw(st.sampled_from(["block", "flow", "merge", "anchor"]))
            flow = "{" + ", ".join(f"{k}: {_scalar(v)}" for k, v in value.items()) + "}"
            if style == "flow":
                lines.append(f"{pad}{key}: {flow}{comment}")
                continue
            if style == "merge":
                lines.append(f"{pad}{key}:{comment}\n{pad}  <<: {flow}")
                continue
            lines.append(f"{pad}{key}:{comment}")
            for inner, item in value.items():
                if style == "anchor" and inner == "total":
                    name = f"a{len(anchors)}"
                    anchors.append(name)
                    lines.append(f"{pad}  {inner}: &{name} {_scalar(item)}")
                else:
                    lines.append(f"{pad}  {inner}: {_scalar(item)}")
        elif isinstance(value, dict):
            lines.append(f"{pad}{key}:{comment}")
            lines.extend(_render(value, choices, anchors, indent + 2))
        else:
            lines.append(f"{pad}{key}: {_scalar(value)}{comment}")
    return lines


TOTALS = [("review_litigation", "review", "total"), ("review_litigation", "direct_suit", "total"),
          ("applications", "total", "natural"), ("applications", "new", "commercial")]


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(choices=st.data(), wrong=st.lists(st.sampled_from(TOTALS), min_size=1, max_size=3, unique=True),
       value=st.integers(0, 30), encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
def test_fuzz_fix_never_loses_data(tmp_path_factory, choices, wrong, value, encoding):
    data = consistent("2021", review=(2, 1, 0, 0), direct=(1, 0, 0, 0))
    for path in wrong:
        data = with_cell(data, path, value)
    anchors: list = []
    lines = ["# 随机形状的报告"] + _render(data, choices, anchors)
    if anchors:
        lines.append("aliases: [" + ", ".join(f"*{a}" for a in anchors) + "]")
    text = "\n".join(lines) + "\n"
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "report.yaml"
    path.write_bytes(text.encode(encoding))
    before = read_structured(str(path), path.read_bytes()).data
    result = run_cli("check", "--fix", str(path))
    assert b"Traceback" not in result.stderr
    after = read_structured(str(path), path.read_bytes()).data  # it always loads
    assert path.read_bytes()[:2] == text.encode(encoding)[:2]  # and keeps its encoding mark
    old, new = dict(leaves(before)), dict(leaves(after))
    assert old.keys() == new.keys()
    changed = [p for p in old if old[p] != new[p]]
    # only table cells change: the diagnosis (A006) may name a part as well as a total
    assert all(p[0] in ("applications", "review_litigation") for p in changed), changed
    counted = [line for line in result.stderr.decode().splitlines() if "已修正" in line]
    if changed:
        assert counted == [f"{path}: 已修正 {len(changed)} 个单元格"]
    else:
        assert counted == []


def test_fix_on_a_file_it_never_rewrites_says_so_first_and_only_that(tmp_path):
    """--fix on copied text (or a page, Word, PDF) with findings: one line saying only YAML/JSON is
    rewritten, before anything about what could or could not be fixed; the file is untouched."""
    from forms import render_text
    from reports import consistent

    data = consistent("2021")
    data["review_litigation"]["review"]["total"] += 1
    path = tmp_path / "报告.txt"
    path.write_text(render_text(data), encoding="utf-8")
    before = path.read_bytes()
    done = run_cli("check", "--fix", str(path))
    told = [line for line in done.stderr.decode().splitlines() if line.startswith(str(path))]
    assert told and "只会改写 YAML/JSON 报告" in told[0] and not any("未做修改" in line for line in told)
    assert path.read_bytes() == before
