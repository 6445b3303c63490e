"""A rule module for tests of the batch's supervision: a report whose agency names a hazard makes
the worker checking it hang (telling the test its process id) or take memory without end."""

import os
import signal
import time

from xxgk_lint.rule import rule

HANG, HANG_UNALARMED, GREEDY = "挂起局", "不响应局", "大胃局"


@rule("TH901", name="worker-hazard", severity="info", summary="测试用：让检查进程挂起或耗尽内存")
def worker_hazard(report):
    """检查什么：不检查任何东西；测试用它模拟挂起、被杀死或耗尽内存的检查进程。

    为什么：批量检查不能因为一个检查进程出事而停下。

    错误示例：机关名称为“挂起局”。

    正确示例：其他任何机关名称。
    """
    if report.agency in (HANG, HANG_UNALARMED):
        if report.agency == HANG_UNALARMED:  # like a C library stuck in decompression
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        with open(os.environ["XXGK_TEST_PIDFILE"] + ".tmp", "w") as handle:
            handle.write(str(os.getpid()))
        os.replace(os.environ["XXGK_TEST_PIDFILE"] + ".tmp", os.environ["XXGK_TEST_PIDFILE"])
        while True:
            time.sleep(0.5)
    if report.agency == GREEDY:
        hoard = []
        while True:
            hoard.append(bytearray(64 * 1024 * 1024))
    return iter(())
