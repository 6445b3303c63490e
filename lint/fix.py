"""Write the diagnosed cells' right values back into a YAML or JSON report, changing nothing else.

What is changed is the diagnosis (A006, xxgk_lint.diagnosis): the one smallest set of cells whose
corrected values make every identity hold. When there is no such single answer, nothing. The edit
replaces the value's own characters, so comments, order and layout stay as they were.
Documents (.html, .docx, .pdf, text) are never written.

Writing is atomic and conservative: the new text goes to a temporary file in the same folder, in
the file's own encoding, is flushed to disk, read back and compared with what was meant (every
value outside the fixed cells unchanged), and only then replaces the original with os.replace,
keeping its permissions. A symlink is never written through; a cell reached through a YAML
anchor, alias or merge key (<<) is left alone, since editing it would change other places too.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import signal
import stat
import tempfile

from xxgk_lint.report import Report

WRITABLE = ("yaml", "json")


def safe_fixes(report: Report, diagnostics: list, rules: dict) -> dict:
    """Field path → value: exactly the cells of the unique diagnosis (A006), nothing else.

    The diagnosis looked at every identity at once, so applying all of its cells makes every identity
    hold; where it is ambiguous or needs too many cells there is no A006 and nothing is changed
    (`not_fixed` says why). report and rules stay in the signature for the callers."""
    return {tuple(d.fix["field"].split(".")): d.fix["value"] for d in diagnostics if d.code == "A006" and d.fix}


IDENTITIES = ("A001", "A002", "A003", "A004", "A005")


def not_fixed(diagnostics: list) -> str:
    """What --fix leaves although identities are broken, and why, in the clerk's words ("" if nothing):
    each part where several corrections are equally small (A007, with the choices it lists), and parts
    that would need more than a few cells."""
    reasons = [f"未做修改：{d.message}" for d in diagnostics if d.code == "A007"]
    if not reasons and any(d.code in IDENTITIES and not d.explained_by for d in diagnostics):
        reasons.append("勾稽关系不成立，但要改动 3 个以上单元格才能全部成立，无法可靠地判断改法，未做修改")
    return "\n".join(reasons)


def _patched(data: dict, fixes: dict) -> dict:
    import copy

    data = copy.deepcopy(data)
    for path, value in fixes.items():
        node = data
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value
    return data


def rewrite(text: str, spans: dict, fixes: dict) -> str:
    """The text with each fixed scalar's characters replaced, last first so offsets hold."""
    edits = sorted(((spans[path], value) for path, value in fixes.items() if path in spans), reverse=True)
    for (start, end), value in edits:
        text = text[:start] + str(value) + text[end:]
    return text


def diff(path: str, before: str, after: str) -> str:
    return "".join(difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                        fromfile=path, tofile=f"{path}（修正后）"))


class FixError(Exception):
    """The fix was not written; the message says why (the original is untouched)."""


def encoding_of(raw: bytes) -> tuple:
    """(codec, byte-order mark) the file was written in, so the fix writes it back the same way."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return "utf-8", b"\xef\xbb\xbf"
    if raw.startswith(b"\xff\xfe"):
        return "utf-16-le", b"\xff\xfe"
    if raw.startswith(b"\xfe\xff"):
        return "utf-16-be", b"\xfe\xff"
    try:
        raw.decode("utf-8")
        return "utf-8", b""
    except UnicodeDecodeError:
        return "gb18030", b""


def split_editable(spans: dict, fixes: dict) -> tuple:
    """(fixes whose cell can be rewritten in place, paths that cannot: anchors, aliases, merges)."""
    editable = {path: value for path, value in fixes.items() if path in spans}
    return editable, sorted(path for path in fixes if path not in spans)


class Deadline(BaseException):
    """The time allowed for one file ran out (a BaseException: no reader may swallow it)."""


@contextlib.contextmanager
def deadline(seconds):
    """Raise Deadline in this (main) thread after `seconds`; nothing where there is no SIGALRM."""
    if not seconds or not hasattr(signal, "SIGALRM"):
        yield
        return

    def expire(signum, frame):
        raise Deadline()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _read_original(path: str, limit: int) -> tuple:
    """(stat, bytes) of a regular file that is not a symlink, read no further than the limit."""
    try:
        info = os.lstat(path)
    except OSError as error:
        raise FixError(f"无法读取：{error.strerror or error}") from None
    if stat.S_ISLNK(info.st_mode):
        raise FixError("这是一个符号链接，--fix 不通过链接改写文件（请直接修正它指向的文件）")
    if not stat.S_ISREG(info.st_mode):
        raise FixError("不是普通文件，不会改写")
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
        with os.fdopen(descriptor, "rb") as handle:
            raw = handle.read(limit + 1)
    except OSError as error:
        raise FixError(f"无法读取：{error.strerror or error}") from None
    if len(raw) > limit:
        raise FixError("文件超过大小上限，不会改写")
    return info, raw


def write_fixed(path: str, before: str, after: str, fixes: dict, limit: int) -> int:
    """Replace `path` by `after` (encoded as the original was) if, read back, it holds exactly
    the original's data with `fixes` applied; otherwise raise FixError and leave the original.
    Returns how many values really changed (what the clerk is told)."""
    from xxgk_lint.read import InputError
    from xxgk_lint.read.structured import read_structured

    info, raw = _read_original(path, limit)
    codec, mark = encoding_of(raw)
    try:
        current = raw[len(mark):].decode(codec)
    except UnicodeDecodeError:
        raise FixError("无法按原编码读取文件，不会改写") from None
    if current != before:
        raise FixError("文件在检查期间被修改过，没有改写（请重新运行）")
    try:
        new = mark + after.encode(codec)
    except UnicodeEncodeError:
        raise FixError(f"修正后的内容无法用原编码 {codec} 写出，没有改写") from None
    try:
        original = read_structured(path, raw).data
        expected = _patched(original, fixes)
        reread = read_structured(path, new)
    except InputError as error:
        raise FixError(f"修正后的文件无法读取（{error}），没有改写") from None
    if reread.data != expected:
        raise FixError("修正后的文件与预期不一致，没有改写")
    changed = sum(1 for path_ in fixes if _value_at(original, path_) != fixes[path_])

    folder = os.path.dirname(os.path.abspath(path))
    temporary = None
    ignored = signal.signal(signal.SIGXFSZ, signal.SIG_IGN) if hasattr(signal, "SIGXFSZ") else None
    try:
        # a file size limit (ulimit -f) must fail the write, not kill the process mid-file
        descriptor, temporary = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".xxgk-fix",
                                                 dir=folder)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(new)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, stat.S_IMODE(info.st_mode))
        with open(temporary, "rb") as handle:
            if handle.read(len(new) + 1) != new:
                raise FixError("写入后读回的内容不一致，没有改写")
        os.replace(temporary, path)
        temporary = None
        _sync_folder(folder)
        return changed
    except OSError as error:
        raise FixError(f"无法写入修正（{error.strerror or error}），原文件没有改动") from None
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        if ignored is not None:
            signal.signal(signal.SIGXFSZ, ignored)


def _value_at(data, path: tuple):
    for part in path:
        data = data[part]
    return data


def _sync_folder(folder: str) -> None:
    """Make the rename itself durable where the system allows opening a folder."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
