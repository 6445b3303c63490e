"""Wording data files: self-tested on load; a supervising office extends them without Python."""

import json
import textwrap

import pytest
import yaml
from reports import consistent, run_cli

from xxgk_lint.wording import WordingDataError, load

LOCAL = textwrap.dedent("""\
    # 某省的本地要求
    checks:
      - code: GD101
        name: overview-length
        severity: warning
        summary: 总体情况不超过约 1000 字
        section: overview
        max_chars: 1000
        message: "{section}共 {count} 字，本省要求不超过 {limit} 字"
      - code: GD102
        name: work-points
        summary: 第六部分说明政务公开工作要点的落实情况
        section: other
        must_mention: '政务公开工作要点'
        examples:
          match: [认真落实《2023年政务公开工作要点》]
          no_match: [本年度未收取信息处理费。]
    statements:
      - id: active-items
        label: 主动公开的规范性文件
        equals_any: [[proactive.item1.normative.issued]]
        patterns: ['制发(?:行政)?规范性文件{N}件']
        examples:
          match: {制发行政规范性文件4件: 4}
          no_match: [全市制发规范性文件40件]
    """)


@pytest.fixture
def local_dir(tmp_path):
    folder = tmp_path / "gd"
    folder.mkdir()
    (folder / "local.yaml").write_text(LOCAL, encoding="utf-8")
    return folder


def test_builtin_data_loads_and_passes_its_own_examples():
    wording = load(())
    assert len(wording.statements) >= 8 and wording.exclude and wording.period is not None


def test_local_checks_become_rules_listed_and_run(local_dir, tmp_path):
    listing = run_cli("rules", "--wording", str(local_dir)).stdout.decode()
    assert "GD101" in listing and "GD102" in listing
    doc = run_cli("rule", "GD101", "--wording", str(local_dir)).stdout.decode()
    assert "总体情况不超过约 1000 字" in doc and "local.yaml" in doc
    data = consistent("2021")
    data["sections"]["overview"] = "字" * 1200
    data["proactive"]["item1"]["normative"]["issued"] = 4
    data["sections"]["other"] = "本年度未收取信息处理费。本年度制发行政规范性文件5件。"
    path = tmp_path / "r.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = run_cli("check", "-f", "json", "--wording", str(local_dir), str(path))
    found = {d["code"]: d for d in json.loads(result.stdout)["files"][0]["diagnostics"]}
    assert found["GD101"]["message"] == "“一、总体情况”共 1200 字，本省要求不超过 1000 字"
    # no message of its own: the default names what is required, not just "something"
    assert found["GD102"]["message"] == ("“六、其他需要报告的事项”没有提到要求的内容："
                                         "第六部分说明政务公开工作要点的落实情况（应提到“政务公开工作要点”）")
    assert found["W003"]["actual"] == 5 and found["W003"]["expected"] == 4  # the local statement
    assert run_cli("check", "--select", "GD", "--wording", str(local_dir), str(path)).returncode == 0  # warnings only


@pytest.mark.parametrize("broken, complaint", [
    ("statements:\n  - id: x\n    equals_any: [[applications.new.total]]\n    patterns: ['受理{N}件']\n"
     "    examples: {match: {受理申请5件: 5}}\n", "应读出 5"),
    ("exclude:\n  - id: y\n    pattern: '全市'\n    examples: {match: [全市], no_match: [全市共收到]}\n", "不应匹配"),
    ("checks:\n  - code: W900\n    summary: x\n    section: other\n    max_chars: 3\n", "单个字母"),
    ("statements:\n  - id: z\n    equals_any: [[a]]\n    patterns: ['(']\n    examples: {match: [x]}\n", "正则表达式有误"),
    ("colour: red\n", "未知的键"),
])
def test_a_bad_entry_fails_loudly_in_one_line(tmp_path, broken, complaint):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "bad.yaml").write_text(broken, encoding="utf-8")
    with pytest.raises(WordingDataError, match=complaint):
        load((str(folder),))
    result = run_cli("rules", "--wording", str(folder))
    assert result.returncode == 2
    err = result.stderr.decode().strip()
    assert len(err.splitlines()) == 1 and "bad.yaml" in err and "Traceback" not in err


def test_the_builtin_wording_data_passes_its_own_examples():
    """The start-up skips trying the built-in files' examples; this test tries every one of them."""
    from xxgk_lint import wording

    vetted = wording.load((), vet_builtin=True)
    assert vetted.statements and vetted.sources
    assert [s.where for s in vetted.statements] == [s.where for s in load().statements]


def test_a_broken_builtin_example_is_caught_when_vetted(monkeypatch):
    from xxgk_lint import wording

    unvetted = wording.load()
    statement = unvetted.statements[0]
    monkeypatch.setattr(statement, "examples", {"match": {"这句话不会匹配任何模式": 1}})
    with pytest.raises(WordingDataError):
        wording._self_test(unvetted)


def test_wording_data_is_read_with_the_c_loader_where_pyyaml_has_it():
    from xxgk_lint import wording

    assert wording._LOADER is getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@pytest.mark.parametrize("pattern, words", [
    (r"(?:收到|受理)(?:了)?[^，]{0,14}?申请{N}件", ("申请",)),  # of the words it needs, the longest, fewest
    (r"(?:收到|受理)(?:了)?[^，]{0,14}?{N}件", ("收到", "受理")),  # either verb; 了 is optional
    (r"上年(?:度)?结转", ("上年",)),
    (r"(?:被)?行政复议", ("行政复议",)),
    (r"(?:办结|\d+件)", ("办结", "件")),  # one word of each alternative
    (r"(?:办结|\d+)", ()),  # an alternative that needs no word: every text may match
    (r"(?i)abc", ()),  # letters of either case: no word to look for
    (r"\d+件", ("件",)),
])
def test_the_words_a_pattern_needs(pattern, words):
    from xxgk_lint.wording import _needed_words, compile_pattern

    assert _needed_words(compile_pattern(pattern, "test")) == words


def test_the_quick_first_test_never_turns_away_a_text_a_pattern_matches():
    """Every example a built-in statement or W007 pattern matches holds one of the words it needs;
    the examples also go through the first test when they are tried (vet_builtin)."""
    from xxgk_lint.wording import _needed_words

    wording = load((), vet_builtin=True)
    cases = [(p, text) for s in wording.statements for p in s.patterns for text in s.examples.get("match", {})]
    entry = getattr(wording, "other_year_examples", None)
    cases += [(p, text) for p in wording.other_year for text in ((entry[0].get("examples") or {}).get("match", []) if entry else [])]
    assert cases
    for pattern, text in cases:
        if pattern.search(text):
            assert any(word in text for word in _needed_words(pattern)) or not _needed_words(pattern)



def test_an_exclusion_is_tried_only_where_a_sentence_holds_a_word_it_needs():
    """W003 tries each exclusion (全市, 同比, % …) and each statement pattern only on a sentence
    holding one of the words it needs: every example an exclusion matches holds one, and a sentence
    holding none of them is not excluded."""
    from xxgk_lint.wording import builtin_dir, compile_pattern

    wording = load((), vet_builtin=True)
    assert len(wording.exclude_tests) == len(wording.exclude) > 0
    data = yaml.safe_load((builtin_dir() / "statements.yaml").read_text(encoding="utf-8"))
    for entry, (pattern, words) in zip(data["exclude"], wording.exclude_tests):
        assert pattern.pattern == compile_pattern(entry["pattern"], "test").pattern
        assert words  # the built-in exclusions are words: each has some to look for
        for text in entry["examples"]["match"]:
            assert wording.excluded(text) and any(word in text for word in words)
    assert wording.excluded("全市共收到政府信息公开申请1234件")
    assert [s.number for s in wording.stated_numbers("本机关共收到政府信息公开申请12件")] == [12]
