"""One file through the whole flow: read → recognise/validate → check. No output here."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Iterable, Iterator, Optional

from xxgk_lint.engine import check_report
from xxgk_lint.read import InputError, read_bytes, read_file, supported
from xxgk_lint.report import Report
from xxgk_lint.validate import build_report

OUT_OF_MEMORY = "检查此文件所需的内存超过上限，已跳过"


@dataclass(slots=True)
class FileResult:
    path: str
    report: Optional[Report] = None  # dropped in batch runs (see compact)
    diagnostics: list = field(default_factory=list)
    error: Optional[str] = None  # the file could not be read; one line saying why
    suppressed: list = field(default_factory=list)  # (diagnostic, suppression)
    fail_on: str = "error"
    reading: object = None  # kept for --fix, which rewrites the structured text
    agency: Optional[str] = None
    year: Optional[int] = None
    edition: Optional[str] = None
    form: str = ""
    source: Optional[str] = None  # where the report was published (a crawler records the address)
    recognised: bool = False
    digest: object = None  # xxgk_lint.digest.Digest, for cross-report rules
    accepted: int = 0  # findings the baseline accepted
    seen: dict = field(default_factory=dict)  # (code, cell) → occurrences, for stable fingerprints
    twin: Optional[str] = None  # the file's name, where an earlier file of the batch has its agency and year
    untwinned: dict = field(default_factory=dict)  # a twin's fingerprint → the one it would have alone
    data: Optional[dict] = None  # the structured report, kept only for outputs that draw the form
    scan: str = ""  # a scan, and whether it says it is a report (xxgk_lint.read.reading.SCAN_REPORT)

    def __post_init__(self):
        report = self.report
        if report is not None:
            self.agency, self.year, self.form, self.recognised = report.agency, report.year, report.form, report.recognised
            self.edition = report.edition.id if report.edition and report.recognised else None
            source = report.data.get("source")
            self.source = source if isinstance(source, str) else None

    def compact(self, keep_data: bool = False) -> "FileResult":
        """Keep what outputs and cross-report rules need; let the report go (flat memory in batches)."""
        from xxgk_lint.digest import make_digest

        if self.report is not None:
            self.digest = make_digest(self.report)
            if keep_data and self.report.recognised:
                self.data = self.report.data
        self.report = None
        self.reading = None
        return self


def check_file(path: str, rules: dict, config=None, max_bytes: Optional[int] = None, previous=None) -> FileResult:
    """One file's result. `previous` (xxgk_lint.continuity.PreviousYear): the same agency's previous
    year, whose carried-forward numbers join this report's diagnosis as fixed values (X001)."""
    return _checked(path, lambda: read_file(path, max_bytes), rules, config, previous, beside=True)


def check_bytes(name: str, raw: bytes, rules: dict, config=None) -> FileResult:
    """An upload's result: its bytes checked as a file named `name` would be, under `config`. It has
    no folder, so no sidecar file of accepted findings applies to it."""
    return _checked(name, lambda: read_bytes(name, raw), rules, config, None, beside=False)


def _checked(path: str, read, rules: dict, config, previous, beside: bool) -> FileResult:
    from xxgk_lint import suppress
    from xxgk_lint.config import Config, selection_for

    config = config or Config()
    fail_on = config.get("fail-on", "error")
    try:
        reading = read()
        if reading.recognised:
            if config.get("year") and not isinstance(reading.data.get("year"), int):
                reading.data["year"] = config.get("year")
            if config.get("edition"):
                reading.data["edition"] = config.get("edition")
        side = suppress.sidecar_for(path) if beside else None
        if side is not None:
            reading.suppressions = list(reading.suppressions) + suppress.sidecar(side)
        settings = {"money-tolerance": config.get("money-tolerance")}
        report = build_report("-" if path == "-" else path, reading, settings)
        report.previous_year = previous
        diagnostics = check_report(report, rules, selection_for(config, path))
        return FileResult(path, report, diagnostics, suppressed=report.suppressed, fail_on=fail_on,
                          reading=reading, scan=reading.scan)
    except InputError as error:
        return FileResult(path, error=str(error), fail_on=fail_on)
    except RecursionError:
        return FileResult(path, error="结构嵌套过深，无法检查", fail_on=fail_on)
    except MemoryError:  # a worker's memory cap (xxgk_lint.batch.cap_memory) stopped this file
        return FileResult(path, error=OUT_OF_MEMORY, fail_on=fail_on)
    except Exception as error:  # one broken file must never stop a batch or print a traceback
        return FileResult(path, error=f"检查时出现意外错误（{type(error).__name__}: {error}），"
                                      "请将此文件报告给 xxgk-lint 的维护者", fail_on=fail_on)


class ListError(Exception):
    """An @list cannot be used; the message names it and says why."""


MAX_LIST_BYTES = 16 * 1024 * 1024  # a list of some hundred thousand paths
MAX_LIST_DEPTH = 16


def _beside(folder: FsPath, name: str) -> str:
    """A name from a list, relative to the list's folder; a nested @list keeps its @ in front."""
    if name.startswith("@") and len(name) > 1:
        return "@" + _beside(folder, name[1:])
    return name if FsPath(name).is_absolute() else str(folder / name)


def expand(paths: Iterable[str], include: tuple = (), exclude: tuple = (), _lists: tuple = (),
           passed_over: Optional["PassedOver"] = None) -> Iterator[str]:
    """Files named directly, @lists of paths, and every supported file below each folder, sorted.

    include/exclude are globs matched against a file's path below the folder and against its name.
    A list that names itself (directly or through others) is read once; a list that is not a
    regular file (/dev/zero, a FIFO) raises ListError. Files below a folder in a form that may
    hold a report but is not read (a zip, a scan, a spreadsheet) are noted in `passed_over`.
    """
    import fnmatch

    from xxgk_lint.terminal import readable_names

    def wanted(relative: str, name: str) -> bool:
        shown = readable_names(relative)  # a GBK name from a Windows zip matches 子目录/* as it reads
        forms = ((relative, name),) if shown is relative else ((relative, name), (shown, readable_names(name)))

        def hit(patterns):
            return any(fnmatch.fnmatch(path, p) or fnmatch.fnmatch(base, p) for path, base in forms for p in patterns)
        return (not include or hit(include)) and not hit(exclude)

    for path in paths:
        if path.startswith("@") and len(path) > 1:
            listed = FsPath(path[1:])
            key = str(listed.resolve()) if listed.exists() else path
            if key in _lists:
                continue  # already being read: a list that includes itself adds nothing more
            if len(_lists) >= MAX_LIST_DEPTH:
                raise ListError(f"{path}：清单嵌套超过 {MAX_LIST_DEPTH} 层")
            if not listed.exists():
                yield path  # reported as an unreadable input by check_file
                continue
            names = [name for name in _listed_names(listed, path) if not name.startswith("#")]
            yield from expand([_beside(listed.parent, n) for n in names], include, exclude, _lists + (key,),
                              passed_over)
            continue
        fs = FsPath(path)
        if path != "-" and fs.is_dir():
            top = str(fs)
            prefix = "" if top == "." else top if top.endswith(("/", os.sep)) else top + os.sep
            yield from _below(prefix, top, "", wanted, passed_over)
        else:
            yield path


def _listed_names(listed: FsPath, path: str) -> list:
    """The names a list holds, one a line. `find … > list.txt` writes names as the disk holds them
    (GBK bytes, after unzipping a Windows archive on Linux), a Windows editor in GBK: each line is
    read as the file system names it where that file exists, else as UTF-8, else as GB18030."""
    from xxgk_lint.read import InputError, read_limited

    try:
        raw = read_limited(str(listed), MAX_LIST_BYTES)
    except InputError as error:
        raise ListError(f"{path}：{error}（清单应是文本，每行一个文件）") from None
    if len(raw) > MAX_LIST_BYTES:
        raise ListError(f"{path}：清单文件过大")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # PowerShell 5's `dir > list.txt`
        try:
            lines = [[line.strip()] for line in raw.decode("utf-16").splitlines()]
        except UnicodeDecodeError:
            raise ListError(f"{path}：清单文件的 UTF-16 编码有误") from None
    else:
        lines = []
        for line in raw.removeprefix(b"\xef\xbb\xbf").splitlines():
            line = line.strip()
            candidates = [os.fsdecode(line)]  # the bytes as the disk holds the name
            for encoding in ("utf-8", "gb18030"):
                try:
                    candidates.append(line.decode(encoding))
                    break
                except UnicodeDecodeError:
                    pass
            lines.append(candidates[::-1])  # the text first, where the line is text
    names = []
    for candidates in lines:
        if not candidates[0]:
            continue
        if os.name == "posix":  # typed as text, naming a file whose name is GBK bytes on disk
            try:
                candidates.append(os.fsdecode(candidates[0].encode("gb18030")))
            except UnicodeEncodeError:
                pass
        there = [c for c in candidates if os.path.exists(c if os.path.isabs(c) else os.path.join(listed.parent, c))]
        names.append((there or candidates)[0])
    return names


# forms a report may be sent in that are not read: a supervising office must hear of them, or an
# agency that sent a zip or a scan is never told (pictures, stylesheets and scripts of a saved page
# are not among them, and go unmentioned)
PASSED_OVER_KINDS = {
    **dict.fromkeys((".zip", ".rar", ".7z", ".gz", ".tgz", ".tar", ".bz2", ".xz"), "压缩包"),
    **dict.fromkeys((".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".webp"), "图片"),
    **dict.fromkeys((".xls", ".xlsx", ".et", ".ods"), "Excel/WPS 表格"),
    ".ofd": "OFD 版式文件", "": "没有扩展名的文件",
}


class PassedOver:
    """Files below the folders checked that were passed over, by kind: how many, and a few names."""

    def __init__(self):
        self.kinds: dict = {}  # kind → [count, first names]

    def note(self, kind: str, path: str) -> None:
        entry = self.kinds.setdefault(kind, [0, []])
        entry[0] += 1
        if len(entry[1]) < 2:
            entry[1].append(path)

    def __bool__(self) -> bool:
        return bool(self.kinds)

    def describe(self) -> str:
        """'压缩包 2 个（年报.zip、…）、图片 1 个（扫描.jpg）'."""
        return "、".join(f"{kind} {count} 个（{'、'.join(names)}{' 等' if count > len(names) else ''}）"
                        for kind, (count, names) in self.kinds.items())


def _below(prefix: str, folder: str, relative: str, wanted, passed_over: Optional[PassedOver] = None) -> Iterator[str]:
    """The report files below a folder, in the order sorted(Path(folder).rglob("*")) gives, one at
    a time: names sorted folder by folder, hidden files and folders and sidecar files left out,
    symlinked folders not entered (as rglob does not)."""
    try:
        names = sorted(os.listdir(folder), key=os.path.normcase)
    except OSError:
        return
    for name in names:
        if name.startswith("."):
            continue
        full = os.path.join(folder, name)
        below = relative + name
        if os.path.isdir(full):
            if not os.path.islink(full):
                yield from _below(prefix + name + os.sep, full, below + "/", wanted, passed_over)
        elif supported(name):
            if not name.endswith(".xxgk-lint.yaml") and os.path.isfile(full) and wanted(below, name):
                yield prefix + name
        elif passed_over is not None:
            kind = PASSED_OVER_KINDS.get(os.path.splitext(name)[1].lower())
            if kind is not None and os.path.isfile(full) and wanted(below, name):
                passed_over.note(kind, prefix + name)


class FileList:
    """Paths in order, kept by folder: each folder once, its file names in one string with their
    offsets, so that a batch of 100,000 reports holds a few MB of names rather than 100,000
    strings. Each path comes back exactly as it was added."""

    CHUNK = 4096  # names kept in one string (bounds what is held twice while a list is built)

    def __init__(self, paths: Iterable[str] = ()):
        self._folders: list = []  # per chunk: the text before the file name
        self._starts: list = []  # per chunk: index of its first path
        self._texts: list = []  # per chunk: its names, end to end
        self._ends: list = []  # per chunk: array of where each name ends in its text
        self._count = 0
        self._folder, self._names = None, []
        for path in paths:
            self.append(path)
        self._flush()

    def append(self, path: str) -> None:
        cut = max(path.rfind("/"), path.rfind(os.sep)) + 1
        folder = path[:cut]
        if folder != self._folder or len(self._names) >= self.CHUNK:
            self._flush()
            self._folder = folder
        self._names.append(path[cut:])
        self._count += 1

    def _flush(self) -> None:
        from array import array
        from itertools import accumulate

        if self._names:
            self._folders.append(self._folder)
            self._starts.append(self._count - len(self._names))
            self._texts.append("".join(self._names))
            self._ends.append(array("L", accumulate(len(n) for n in self._names)))
            self._names = []

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index: int) -> str:
        import bisect

        if self._names:
            self._flush()
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError(index)
        chunk = bisect.bisect_right(self._starts, index) - 1
        at = index - self._starts[chunk]
        ends = self._ends[chunk]
        return self._folders[chunk] + self._texts[chunk][ends[at - 1] if at else 0:ends[at]]

    def __iter__(self) -> Iterator[str]:
        if self._names:
            self._flush()
        for folder, text, ends in zip(self._folders, self._texts, self._ends):
            start = 0
            for end in ends:
                yield folder + text[start:end]
                start = end
