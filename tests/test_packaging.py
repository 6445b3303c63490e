"""What a clerk installs: PDF support without an extra step, instructions that work in cmd.exe and
PowerShell, and pre-commit hooks that need nothing added."""

import pathlib
import re
import sys

import yaml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = pathlib.Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def code_blocks(text: str) -> list:
    return re.findall(r"```(\w*)\n(.*?)```", text, flags=re.S)


def test_pdf_support_is_a_core_dependency_and_the_old_extra_still_resolves():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert any(d.startswith("pdfplumber") for d in project["dependencies"])
    assert project["optional-dependencies"]["pdf"] == []  # `pip install "xxgk-lint[pdf]"` keeps working


def test_pdfplumber_is_installed_with_the_package():
    import importlib.metadata

    requires = importlib.metadata.requires("xxgk-lint") or []
    assert any(r.startswith("pdfplumber") and "extra" not in r for r in requires)


def test_the_first_two_readme_commands_still_do_all_the_set_up():
    blocks = code_blocks(README)
    assert blocks[0] == ("bash", "python3 -m venv .venv && .venv/bin/pip install . && "
                                 ".venv/bin/xxgk-lint check examples/report-2021-defects.yaml\n")
    assert blocks[2] == ("bash", 'python3 -m venv .venv && .venv/bin/pip install ".[test]" && .venv/bin/pytest\n')


def test_windows_section_uses_commands_cmd_and_powershell_both_run():
    section = README.split("### 在 Windows 上安装和使用")[1].split("\n## ")[0].split("\n### ")[0]
    prose = re.sub(r"```\w*\n.*?```", " ", section, flags=re.S)
    commands = "".join(body for _, body in code_blocks(section)) + " ".join(re.findall(r"`([^`]+)`", prose))
    for needed in ("py -m venv .venv", r".venv\Scripts\pip install .", r".venv\Scripts\xxgk-lint.exe",
                   "start 检查结果.html"):
        assert needed in commands, needed
    assert ".venv/bin" not in section and "'" not in commands  # cmd.exe does not know single quotes


def test_no_instruction_quotes_with_single_quotes():
    for language, body in code_blocks(README):
        if language in ("bash", "bat", "powershell", ""):
            assert not re.search(r"pip install '", body), body
    assert "pip install '" not in README
    assert README.count('pip install "xxgk-lint[pdf]"') >= 1


def test_pre_commit_hooks_need_no_additional_dependencies():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    by_id = {h["id"]: h for h in hooks}
    assert all("additional_dependencies" not in h for h in hooks)
    assert re.search(by_id["xxgk-lint"]["files"], "年报/2023.pdf")  # one hook for every form
    assert "xxgk-lint-pdf" in by_id  # kept for existing configurations
