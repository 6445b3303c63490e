"""YAML values mean what the clerk wrote: counts in the YAML 1.2 sense, finite money only, and
`convert` output that reloads to the same values."""

import json
import pathlib

import pytest
import yaml
from reports import consistent, run_cli

from xxgk_lint.read import InputError
from xxgk_lint.read.structured import read_structured

EXAMPLES = pathlib.Path(__file__).resolve().parents[1] / "examples"


def report_text(**replace) -> str:
    data = consistent("2021", results={"disclosed": [16, 0, 0, 0, 0, 0]}, carried=[0] * 6)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new, 1)
    return text


def findings(tmp_path, text: str) -> list:
    path = tmp_path / "report.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_cli("check", "-f", "json", str(path))
    return json.loads(result.stdout)["files"][0]["diagnostics"]


@pytest.mark.parametrize("written", ["010", "0x10", "1_000", "1:30", "0o7", "+5", "0b11"])
def test_a_yaml_1_1_number_is_s002_as_written(tmp_path, written):
    found = findings(tmp_path, report_text(**{"natural: 16": f"natural: {written}"}))
    invalid = [d for d in found if d["code"] == "S002"]
    assert len(invalid) == 1 and f"“{written}”" in invalid[0]["message"]
    assert not [d for d in found if d["code"].startswith("A")]  # no false arithmetic finding


@pytest.mark.parametrize("written", [".nan", ".inf", "-.inf", ".NaN", "1e999"])
def test_money_must_be_finite(tmp_path, written):
    found = findings(tmp_path, report_text(**{"amount: 12.5": f"amount: {written}"}))
    assert [d["code"] for d in found] == ["S002"] and written in found[0]["message"]


def test_plain_decimal_numbers_still_read():
    data = read_structured("a.yaml", b"year: 2023\na: [0, 16, -3, 12.5, 3e2, 1.0e1]\n").data
    assert data["a"] == [0, 16, -3, 12.5, 300.0, 10.0]


def test_an_integer_over_4300_digits_is_no_traceback(tmp_path):
    found = findings(tmp_path, report_text(**{"natural: 16": "natural: " + "9" * 5000}))
    assert [d["code"] for d in found if d["code"] == "S002"] == ["S002"]


def test_nodes_are_limited_while_parsing():
    huge = b"year: 2023\napplications:\n" + b"".join(b"  - %d\n" % i for i in range(150_000))
    with pytest.raises(InputError, match="节点过多"):
        read_structured("a.yaml", huge)
    deep = b"year: 2023\na: " + b"[" * 100 + b"]" * 100 + b"\n"
    with pytest.raises(InputError, match="嵌套"):
        read_structured("a.yaml", deep)


def test_convert_output_reloads_to_the_same_values(tmp_path):
    tricky = ["0x2", "=", "yes", "~", "010", "1:30", "- x", "null", "@x", "a: b", "#c", "true", " 空格 "]
    data = consistent("2021")
    data["agency"] = "0x2"
    data["sections"]["problems"] = "\n".join(["第一行", *tricky, "最后一行  "])
    data["sections"]["other"] = "\n两头有空行\n\n"
    source = tmp_path / "report.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for index, value in enumerate(tricky):
        data = dict(data, title=value)
        source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        target = tmp_path / f"converted{index}.yaml"
        result = run_cli("convert", str(source), "-o", str(target))
        assert result.returncode == 0, result.stderr.decode()
        again = read_structured(str(target), target.read_bytes()).data
        assert again["title"] == value and again["agency"] == "0x2"
        assert again["sections"]["problems"] == data["sections"]["problems"]
        assert yaml.safe_load(target.read_text(encoding="utf-8"))["title"] == value  # YAML 1.1 readers too


def test_convert_to_json_is_valid_json(tmp_path):
    source = tmp_path / "report.yaml"
    source.write_text(report_text(**{"amount: 12.5": "amount: .nan"}), encoding="utf-8")
    target = tmp_path / "out.json"
    run_cli("convert", str(source), "-o", str(target))

    def refuse(constant):
        raise AssertionError(f"invalid JSON constant {constant}")

    assert json.loads(target.read_text(encoding="utf-8"), parse_constant=refuse)


@pytest.mark.parametrize("value", ["nan", "inf", "-1"])
def test_money_tolerance_must_be_a_finite_non_negative_number(tmp_path, value):
    (tmp_path / ".xxgk-lint.toml").write_text(f"money-tolerance = {value}\n", encoding="utf-8")
    path = tmp_path / "report.yaml"
    path.write_text(report_text(), encoding="utf-8")
    result = run_cli("check", str(path))
    assert result.returncode == 2 and "money-tolerance" in result.stderr.decode()
    assert "Traceback" not in result.stderr.decode()


@pytest.mark.parametrize("key, written, told", [
    ("level", "部门", "应为以下之一：department（政府部门）、government（本级政府）"),
    ("year", "二〇二三", "应为整数"),
    ("published", "2024年1月25日", "应为日期，写作 2024-01-25"),
    ("edition", "'2022'", "格式版本（edition）应为 2019 或 2021，实际写的是 “2022”"),
])
def test_a_value_the_template_does_not_allow_is_told_in_chinese(tmp_path, key, written, told):
    """What the schema wanted, in the clerk's words (jsonschema says "is not one of", "is not of type")."""
    text = (EXAMPLES / "report-2021-defects.yaml").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith(f"{key}:")]
    path = tmp_path / "报告.yaml"
    path.write_text("\n".join(lines + [f"{key}: {written}"]) + "\n", encoding="utf-8")
    completed = run_cli("check", str(path), "-f", "json")
    messages = [d["message"] for d in json.loads(completed.stdout)["files"][0]["diagnostics"] if d["code"] == "S002"]
    assert any(told in m for m in messages), messages
    assert not any(word in m for m in messages for word in ("is not", "does not match", "type '")), messages
