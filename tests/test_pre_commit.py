"""The real pre-commit, with this project as the hook repository of a temporary git repository."""

import os
import pathlib
import shutil
import subprocess
import sys

import pytest
import yaml
from reports import consistent, with_cell

ROOT = pathlib.Path(__file__).resolve().parents[1]
PRE_COMMIT = shutil.which("pre-commit", path=str(pathlib.Path(sys.executable).parent)) or shutil.which("pre-commit")
pytestmark = pytest.mark.skipif(PRE_COMMIT is None or shutil.which("git") is None,
                                reason="pre-commit or git is not installed")
GIT_ENV = {"GIT_AUTHOR_NAME": "测试", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "测试", "GIT_COMMITTER_EMAIL": "t@example.invalid"}


def run(args, cwd, env):
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)


def test_commit_blocked_on_a_bad_report_and_passes_a_good_one(tmp_path):
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}
    hook = tmp_path / "hook"
    shutil.copytree(ROOT, hook, ignore=shutil.ignore_patterns(".venv", ".git", "__pycache__", "*.egg-info",
                                                             "build", ".hypothesis", ".pytest_cache"))
    for args in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-q", "-m", "snapshot"]):
        assert run(args, hook, env).returncode == 0
    rev = run(["git", "rev-parse", "HEAD"], hook, env).stdout.strip()

    work = tmp_path / "work"
    work.mkdir()
    run(["git", "init", "-q"], work, env)
    (work / ".pre-commit-config.yaml").write_text(yaml.safe_dump({"repos": [{
        "repo": str(hook), "rev": rev, "hooks": [{"id": "xxgk-lint", "files": "^reports/"}]}]}), encoding="utf-8")
    assert run([PRE_COMMIT, "install"], work, env).returncode == 0
    (work / "reports").mkdir()
    bad = with_cell(consistent("2021"), ("review_litigation", "review", "total"), 0)
    bad = with_cell(bad, ("review_litigation", "review", "upheld"), 2)
    (work / "reports" / "2023.yaml").write_text(yaml.safe_dump(bad, allow_unicode=True), encoding="utf-8")
    (work / "reports" / "notes.yaml").write_text("todo: [校对]\n", encoding="utf-8")  # not a report: skipped
    run(["git", "add", "-A"], work, env)
    blocked = run(["git", "commit", "-m", "2023 年报"], work, env)
    shown = blocked.stdout + blocked.stderr  # git passes the hook's output on
    assert blocked.returncode != 0, shown
    assert "A004" in shown and "应为 2，实际为 0" in shown and "notes.yaml" not in shown
    assert run(["git", "log", "--oneline"], work, env).returncode != 0  # nothing was committed

    good = with_cell(bad, ("review_litigation", "review", "total"), 2)
    (work / "reports" / "2023.yaml").write_text(yaml.safe_dump(good, allow_unicode=True), encoding="utf-8")
    run(["git", "add", "-A"], work, env)
    passed = run(["git", "commit", "-m", "2023 年报"], work, env)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout + passed.stderr
