"""A batch survives its workers: one killed with kill -9, one stuck where no alarm reaches it, one
that takes memory without end — each file is reported with the reason and every other file's
result arrives. No test here waits on the machine's speed: the killed worker is found by the
process id it writes, and the waits are only upper bounds."""

import os
import pathlib
import signal
import sys
import threading
import time

import pytest
import yaml
from reports import consistent
from worker_hazards import GREEDY, HANG, HANG_UNALARMED

from xxgk_lint import batch
from xxgk_lint.config import Config
from xxgk_lint.pipeline import OUT_OF_MEMORY

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL") or sys.platform == "win32",
                                reason="kill -9 and resource limits are POSIX")


def folder_of_reports(folder: pathlib.Path, hazard: str, count: int = 6) -> list:
    paths = []
    for index in range(count):
        data = consistent("2021")
        data["agency"] = hazard if index == 2 else f"江北市第{index}局"
        data["title"] = f"{data['agency']}2023年政府信息公开工作年度报告"
        path = folder / f"{index:02d}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        paths.append(str(path))
    return paths


def run_batch(paths: list, **options) -> tuple:
    """The batch in a thread, so the test can act on its workers; (thread, results list)."""
    results: list = []
    settings = batch.BatchOptions(jobs=2, modules=("worker_hazards",), **options)
    configs = {p: Config() for p in paths}

    def go():
        results.extend(batch.check_many(paths, configs, settings, {}))

    thread = threading.Thread(target=go, daemon=True)
    thread.start()
    return thread, results


def wait_for(path: pathlib.Path, limit: float = 120) -> int:
    end = time.monotonic() + limit
    while not path.exists():
        assert time.monotonic() < end, "the hazard never started"
        time.sleep(0.05)
    return int(path.read_text())


def assert_every_other_file_checked(paths: list, results: list, hazard_index: int = 2) -> None:
    assert [r.path for r in results] == paths  # in order, none missing
    for index, result in enumerate(results):
        if index != hazard_index:
            assert result.error is None and result.recognised and result.agency == f"江北市第{index}局"


def test_a_worker_killed_mid_file_is_replaced_and_the_batch_ends(tmp_path, monkeypatch):
    pidfile = tmp_path / "pid"
    monkeypatch.setenv("XXGK_TEST_PIDFILE", str(pidfile))
    paths = folder_of_reports(tmp_path, HANG, count=8)
    thread, results = run_batch(paths, timeout=None)
    worker = wait_for(pidfile)
    assert worker != os.getpid()
    os.kill(worker, signal.SIGKILL)
    thread.join(120)
    assert not thread.is_alive(), "the batch hung after its worker was killed"
    assert_every_other_file_checked(paths, results)
    assert results[2].error == batch.DIED
    assert "意外退出" in results[2].error


def test_a_worker_stuck_beyond_the_alarm_is_stopped_after_the_time_limit(tmp_path, monkeypatch):
    pidfile = tmp_path / "pid"
    monkeypatch.setenv("XXGK_TEST_PIDFILE", str(pidfile))
    paths = folder_of_reports(tmp_path, HANG_UNALARMED)
    thread, results = run_batch(paths, timeout=0.5)
    worker = wait_for(pidfile)
    thread.join(120)
    assert not thread.is_alive(), "the batch waited for ever on a stuck worker"
    assert_every_other_file_checked(paths, results)
    assert "超时" in results[2].error
    time.sleep(0.2)
    with pytest.raises(ProcessLookupError):  # the stuck worker is gone, not left running
        os.kill(worker, 0)


def _address_space() -> int:
    for line in pathlib.Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    pytest.skip("no /proc/self/status")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc for the address space")
def test_a_file_that_takes_memory_without_end_is_reported_not_fatal(tmp_path):
    paths = folder_of_reports(tmp_path, GREEDY)
    # a cap a little above what a worker forked from this process starts with
    thread, results = run_batch(paths, timeout=None, max_memory=_address_space() + 512 * 1024 ** 2)
    thread.join(300)
    assert not thread.is_alive()
    assert_every_other_file_checked(paths, results)
    assert results[2].error in (OUT_OF_MEMORY, batch.DIED)


def test_the_command_reports_a_killed_worker_in_chinese_and_exits_1(tmp_path):
    """The whole command, as a clerk runs it: the killed file is named with the reason."""
    import subprocess

    pidfile = tmp_path / "pid"
    paths = folder_of_reports(tmp_path, HANG)
    here = pathlib.Path(__file__).resolve().parent
    env = {**os.environ, "XXGK_TEST_PIDFILE": str(pidfile),
           "PYTHONPATH": os.pathsep.join([str(here), os.environ.get("PYTHONPATH", "")])}
    (tmp_path / "pyproject.toml").write_text('[tool.xxgk-lint]\nplugins = ["worker_hazards"]\n', encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "xxgk_lint", "check", "-f", "jsonl", "--jobs", "2",
                                "--config", str(tmp_path / "pyproject.toml"), *paths],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        os.kill(wait_for(pidfile), signal.SIGKILL)
        out, err = process.communicate(timeout=120)
    finally:
        process.kill()
    assert process.returncode == 1
    assert f"{paths[2]}: {batch.DIED}" in err.decode("utf-8")
    assert out.decode("utf-8").count('"unreadable": true') == 1
