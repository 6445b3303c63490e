"""One file through the whole flow: read → recognise/validate → check. No output here."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Iterable, Iterator, Optional

from lint.engine import check_report
from lint.read import InputError, read_file, supported
from lint.report import Report
from lint.validate import build_report


@dataclass
class FileResult:
    path: str
    report: Optional[Report] = None
    diagnostics: list = field(default_factory=list)
    error: Optional[str] = None  # the file could not be read; one line saying why
    suppressed: list = field(default_factory=list)  # (diagnostic, suppression)
    fail_on: str = "error"
    reading: object = None  # kept for --fix, which rewrites the structured text


def check_file(path: str, rules: dict, config=None) -> FileResult:
    from lint import suppress
    from lint.config import Config, selection_for

    config = config or Config()
    fail_on = config.get("fail-on", "error")
    try:
        reading = read_file(path)
        if reading.recognised:
            if config.get("year") and not isinstance(reading.data.get("year"), int):
                reading.data["year"] = config.get("year")
            if config.get("edition"):
                reading.data["edition"] = config.get("edition")
        side = suppress.sidecar_for(path)
        if side is not None:
            reading.suppressions = list(reading.suppressions) + suppress.sidecar(side)
        settings = {"money-tolerance": config.get("money-tolerance")}
        report = build_report("-" if path == "-" else path, reading, settings)
        diagnostics = check_report(report, rules, selection_for(config, path))
        return FileResult(path, report, diagnostics, suppressed=report.suppressed, fail_on=fail_on,
                          reading=reading)
    except InputError as error:
        return FileResult(path, error=str(error), fail_on=fail_on)
    except RecursionError:
        return FileResult(path, error="结构嵌套过深，无法检查", fail_on=fail_on)
    except Exception as error:  # one broken file must never stop a batch or print a traceback
        return FileResult(path, error=f"检查时出现意外错误（{type(error).__name__}: {error}），"
                                      "请将此文件报告给 xxgk-lint 的维护者", fail_on=fail_on)


def expand(paths: Iterable[str]) -> Iterator[str]:
    """Files named directly, and every file of a supported kind below each folder, sorted."""
    for path in paths:
        fs = FsPath(path)
        if path != "-" and fs.is_dir():
            for child in sorted(fs.rglob("*")):
                if child.is_file() and supported(child) and not child.name.endswith(".xxgk-lint.yaml") \
                        and not any(p.startswith(".") for p in child.relative_to(fs).parts):
                    yield str(child)
        else:
            yield path
