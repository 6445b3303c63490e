"""Screen many reports at once: worker processes, results in a stable order, cross-report rules,
and a baseline of accepted findings.

Each worker checks a file and sends back its diagnostics and a small digest, never the report,
so memory stays flat as the folder grows. One bad or slow file never stops the batch: a file that
takes longer than the time limit is reported as unreadable and the others go on.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import re
import signal
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Optional

from xxgk_lint import oserrors
from xxgk_lint.config import selection_for
from xxgk_lint.continuity import CODE as CONTINUITY
from xxgk_lint.continuity import PreviousYear, explain
from xxgk_lint.digest import agency_key
from xxgk_lint.engine import cross_diagnostic, load_rules
from xxgk_lint.model import folded
from xxgk_lint.pipeline import OUT_OF_MEMORY, FileResult, check_file

_worker_rules: dict = {}

DEFAULT_MAX_MEMORY = 2 * 1024 ** 3  # bytes of address space a worker may take for one file
TASKS_PER_WORKER = 2000  # a fresh worker now and then: whatever a library leaks is returned
DIED = "检查进程意外退出（可能内存不足），已跳过此文件"


@dataclass
class BatchOptions:
    jobs: int = 1
    timeout: Optional[float] = 60.0  # seconds a file may take
    max_bytes: Optional[int] = None
    groups: dict = field(default_factory=dict)  # government → [agencies under it]
    modules: tuple = ()  # extra rule modules
    wording: tuple = ()  # extra wording data directories
    identities: tuple = ()  # local identity files (x-identities)
    keep_data: bool = False  # keep each report's data (the HTML view draws the form)
    max_memory: Optional[int] = DEFAULT_MAX_MEMORY  # per worker, bytes; None: no cap
    previous: object = None  # xxgk_lint.continuity.PreviousYear every file is checked against (--previous)


class FileTimeout(BaseException):
    """Raised by the alarm when a file takes too long; a BaseException so that no reader's
    own error handling can swallow it."""


def _on_alarm(signum, frame):
    raise FileTimeout()


def _timed_out(options: BatchOptions) -> str:
    return f"检查超时（超过 {options.timeout:g} 秒），已跳过"


def _check_one(path: str, rules: dict, config, options: BatchOptions) -> FileResult:
    timed = options.timeout and hasattr(signal, "SIGALRM")
    if timed:
        previous = signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, options.timeout)
    try:
        result = check_file(path, rules, config, options.max_bytes, options.previous)
    except FileTimeout:
        result = FileResult(path, error=_timed_out(options), fail_on=config.get("fail-on", "error"))
    except MemoryError:
        result = FileResult(path, error=OUT_OF_MEMORY, fail_on=config.get("fail-on", "error"))
    finally:
        if timed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    return result.compact(options.keep_data)


def cap_memory(limit: Optional[int]) -> bool:
    """Cap this process's address space (a worker's), so that a hostile file ends in MemoryError
    rather than in the system's OOM killer. Skipped where the platform has no resource limits."""
    try:
        import resource
    except ImportError:  # Windows
        return False
    if not limit:
        return False
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):
        return False
    return True


def _prepare() -> None:
    """What every check needs, done before the workers fork so that each inherits it ready
    (on platforms that spawn, each worker does it once)."""
    from xxgk_lint import suppress  # noqa: F401
    from xxgk_lint.read import structured  # noqa: F401
    from xxgk_lint.validate import prepare

    prepare()


# A checked report leaves no reference cycles behind (its parts refer one way, or back by weak
# reference), so in a worker the cyclic garbage collector finds almost nothing, yet by default it
# runs every 700 new objects, and a page makes thousands, walking them each time: some 3-5 % of a
# batch. It still runs, for what libraries leave (pdfminer's cycles), every so many thousand objects.
GC_NEW_OBJECTS = 50_000


def _tune_garbage_collector() -> None:
    """Leave what is loaded once (modules, rules, schemas) out of every later collection, and
    collect young objects less often; see GC_NEW_OBJECTS."""
    import gc

    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(GC_NEW_OBJECTS, middle, old)


def _init_worker(modules: tuple, wording: tuple, max_memory: Optional[int] = None, identities: tuple = ()) -> None:
    from xxgk_lint.local_identities import use_files
    from xxgk_lint.wording import use_directories

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    if wording:
        use_directories(wording)
    if identities:
        use_files(identities)
    _worker_rules.update(load_rules(modules))
    _prepare()
    _tune_garbage_collector()  # a worker's own: the main process keeps the default, its outputs' garbage freed soon
    cap_memory(max_memory)


def _serve_tasks(connection, options: BatchOptions) -> None:
    """A worker's life: check each file the parent sends and send back its compacted result."""
    _init_worker(options.modules, options.wording, options.max_memory, options.identities)
    while True:
        try:
            task = connection.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        index, path, config = task
        connection.send((index, _check_one(path, _worker_rules, config, options)))


QUEUED = 2  # files a worker holds at once: the next is already in its pipe when it sends a result


class _Worker:
    """One worker process and the files it holds, as the parent sees it: the first is being
    checked (since `started`), the others wait in its pipe."""

    def __init__(self, context, options: BatchOptions):
        from collections import deque

        self.connection, child = context.Pipe()
        self.process = context.Process(target=_serve_tasks, daemon=True, args=(child, options))
        self.process.start()
        child.close()
        self.tasks: deque = deque()  # (index, path), in the order the worker checks them
        self.started = 0.0
        self.done = 0

    def give(self, index: int, path: str, config) -> bool:
        import time

        try:
            self.connection.send((index, path, config))
        except (OSError, ValueError):
            return False  # it died between two files
        if not self.tasks:
            self.started = time.monotonic()
        self.tasks.append((index, path))
        return True

    def finished_one(self, now: float) -> None:
        self.tasks.popleft()
        self.done += 1
        self.started = now  # the next file in its pipe starts now

    def stop(self, kill: bool = False) -> None:
        if self.process.is_alive() and not kill:
            try:
                self.connection.send(None)
            except (OSError, ValueError):
                kill = True
            self.process.join(2)
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.connection.close()


def check_many(files: list, configs: dict, options: BatchOptions, rules: dict) -> Iterator[FileResult]:
    """Every file's result, compacted, in the order of `files`.

    One file is checked here, at once; a batch in supervised worker processes (one at least), so
    that the memory cap, the hard time limit and the survival of a killed worker hold for it."""
    if len(files) == 1:
        yield _check_one(files[0], rules, configs[files[0]], options)
        return
    yield from _supervised(files, configs, options, max(1, min(options.jobs, len(files))))


class _Waiting:
    """The files not yet given to a worker, in order: an index into `files` (a batch of 100,000
    keeps no queue of 100,000 entries), and in front of it the few a replaced worker gave back."""

    def __init__(self, files: list):
        from collections import deque

        self.files, self.next, self.returned = files, 0, deque()

    def __bool__(self) -> bool:
        return bool(self.returned) or self.next < len(self.files)

    def first(self) -> tuple:
        return self.returned[0] if self.returned else (self.next, self.files[self.next])

    def take(self) -> None:
        if self.returned:
            self.returned.popleft()
        else:
            self.next += 1

    def give_back(self, tasks) -> None:
        self.returned.extendleft(reversed(tasks))


class _Readiness:
    """Which of the workers' pipes and process sentinels are ready to read, as
    multiprocessing.connection.wait tells, with one poll object kept for the whole batch where the
    platform has poll: `wait` builds a selector and registers every handle anew on each call, which
    the main process would pay once a result. The handles registered follow the workers, replaced
    ones included (a new pipe may reuse a closed one's number)."""

    def __init__(self):
        import select

        self.poller = select.poll() if hasattr(select, "poll") else None
        self.registered: dict = {}  # file descriptor → the connection or sentinel registered under it

    def wait(self, handles: list, timeout: Optional[float]) -> set:
        if self.poller is None:  # Windows
            from multiprocessing.connection import wait

            return set(wait(handles, timeout))
        import select

        wanted = {handle if isinstance(handle, int) else handle.fileno(): handle for handle in handles}
        for fd, handle in list(self.registered.items()):
            if wanted.get(fd) is not handle:
                self.poller.unregister(fd)
                del self.registered[fd]
        for fd, handle in wanted.items():
            if fd not in self.registered:
                self.poller.register(fd, select.POLLIN)
                self.registered[fd] = handle
        events = self.poller.poll(None if timeout is None else timeout * 1000)
        return {self.registered[fd] for fd, _ in events}  # any event: readable, hung up or failed


def _supervised(files: list, configs: dict, options: BatchOptions, jobs: int) -> Iterator[FileResult]:
    """Files checked in `jobs` worker processes under watch: a worker that dies (the OOM killer, a
    kill -9) or stays stuck past the time limit in code no alarm can interrupt (decompression)
    is replaced, its file reported as unreadable with the reason, the files queued behind it
    given to others, and the batch goes on."""
    import multiprocessing
    import time

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    # the alarm in the worker ends a slow file at the limit; the parent steps in only after a grace
    grace = None if not options.timeout else options.timeout + max(2.0, options.timeout / 2)
    waiting = _Waiting(files)
    finished: dict = {}  # index → result, until every earlier file's result has been given out
    window = max(64, jobs * 32)  # how far checking may run ahead of a slow file
    following = 0
    readiness = _Readiness()
    _prepare()
    workers = [_Worker(context, options) for _ in range(jobs)]

    def replace(slot: int, message: str) -> None:
        """The worker in `slot` died or hung: its current file fails with `message`, the files
        queued behind it go back to the front of the line, and a fresh worker takes the slot."""
        worker = workers[slot]
        index, path = worker.tasks.popleft()
        finished[index] = FileResult(path, error=message, fail_on=configs[path].get("fail-on", "error")).compact()
        waiting.give_back(worker.tasks)
        worker.tasks.clear()
        worker.stop(kill=True)
        workers[slot] = _Worker(context, options)

    try:
        while following < len(files):
            while following in finished:
                yield finished.pop(following)
                following += 1
            if following >= len(files):
                break
            for slot, worker in enumerate(workers):
                if not worker.tasks and (worker.done >= TASKS_PER_WORKER or not worker.process.is_alive()):
                    worker.stop()
                    worker = workers[slot] = _Worker(context, options)
                while len(worker.tasks) < QUEUED and waiting and waiting.first()[0] < following + window:
                    index, path = waiting.first()
                    if not worker.give(index, path, configs[path]):
                        if worker.tasks:
                            replace(slot, DIED)
                        else:
                            worker.stop(kill=True)
                            workers[slot] = _Worker(context, options)
                        break
                    waiting.take()
            busy = [w for w in workers if w.tasks]
            if not busy:
                continue
            timeout = None
            if grace is not None:
                timeout = max(0.0, min(w.started + grace for w in busy) - time.monotonic())
            ready = readiness.wait([w.connection for w in busy] + [w.process.sentinel for w in busy], timeout)
            now = time.monotonic()
            for slot, worker in enumerate(workers):
                if not worker.tasks:
                    continue
                answered = False
                while worker.connection in ready and worker.tasks:
                    try:
                        if answered and not worker.connection.poll():
                            break
                        index, result = worker.connection.recv()
                    except (EOFError, OSError):
                        break  # it died mid-answer: handled below as a dead worker
                    finished[index] = result
                    worker.finished_one(now)
                    answered = True
                if answered or not worker.tasks:
                    continue
                if worker.process.sentinel in ready or worker.connection in ready or not worker.process.is_alive():
                    replace(slot, DIED)
                elif grace is not None and now - worker.started >= grace:
                    replace(slot, _timed_out(options))
    finally:
        for worker in workers:
            worker.stop(kill=following < len(files))


# -- cross-report rules ----------------------------------------------------------------------------
def cross_check(results, rules: dict, configs: dict, groups: dict, settle=None, recheck=None,
                previous=None, notice=None) -> list:
    """Cross-report diagnostics, each added to the result of the report it is about.

    `results` is a xxgk_lint.collect.Collected (or a list of results): the digests are read back
    one at a time, so that a batch of any size keeps none of them all in memory.

    A report whose 上年结转 does not continue last year's (X001) is checked once more, by
    `recheck(path, PreviousYear)`, with last year's numbers as fixed values in its diagnosis
    (xxgk_lint.continuity): few files, one at a time. `previous` is the digest of one previous year
    every report is paired with (--previous; its files were checked against it already).
    `notice(text)` is told what a group check could not compare, and why."""
    from xxgk_lint.collect import Collected

    if not isinstance(results, Collected):
        store = Collected(spill_after=len(results) + 1)
        for result in results:
            store.add(result)
        results = store
    found = []  # (position, digest, diagnostic)
    pair_rules = [r for r in rules.values() if r.scope == "previous-year"]
    group_rules = [r for r in rules.values() if r.scope == "group"]
    again: dict = {}  # position → (path, last year's digest): reports to check again with last year's numbers
    if not pair_rules:
        pairs = ()
    elif previous is not None:
        pairs = ((position, path, digest, previous) for position, path, digest in results.digests()
                 if PreviousYear.from_digest(previous).precedes(digest.year, digest.agency))
    else:
        # each report with its agency's report of the year before, then with one written otherwise
        pairs = itertools.chain(_final_before(results, results.year_pairs(), notice), _renamed(results, notice))
    for position, path, digest, before in pairs:
        selection = selection_for(configs[path], path)
        for rule in pair_rules:
            if selection.chooses(rule.code):
                for finding in rule.check(digest, before):
                    found.append((position, digest, cross_diagnostic(digest, rule, selection.severity(rule), finding)))
                    if rule.code == CONTINUITY and recheck is not None and previous is None:
                        again[position] = (path, before)
    for government, members in (groups.items() if group_rules else ()):
        for position, digest in results.years_of(agency_key(government)):
            year = digest.year
            found_members = [(m, results.first(agency_key(m), year)) for m in members]
            member_digests = [member[1] for _, member in found_members if member is not None]
            if len(member_digests) != len(members) or not member_digests:
                # the sum means nothing unless every agency listed reported: said, not passed in silence
                missing = [m for m, member in found_members if member is None]
                if notice is not None and missing and any(selection_for(configs[digest.source], digest.source)
                                                          .chooses(r.code) for r in group_rules):
                    notice(f"{government} {year} 年度的报告没有与所属部门之和核对（X004）：分组文件中的"
                           f"{'、'.join(missing[:5])}{' 等' if len(missing) > 5 else ''}"
                           f"（{len(missing)} 个）在这批文件中没有 {year} 年度的报告")
                continue
            path = digest.source
            selection = selection_for(configs[path], path)
            for rule in group_rules:
                if selection.chooses(rule.code):
                    for finding in rule.check(digest, member_digests):
                        found.append((position, digest, cross_diagnostic(digest, rule, selection.severity(rule), finding)))
    from xxgk_lint import suppress

    added, changed = [], {}
    for position, (path, before) in again.items():
        rechecked = recheck(path, PreviousYear.from_digest(before))
        if rechecked.error or not rechecked.recognised:
            continue  # the file changed or failed meanwhile: its first result stands
        earlier = {_same(d) for d in results.get(position).diagnostics}
        rechecked.seen = {}
        stamp(rechecked, rechecked.diagnostics)
        changed[position] = rechecked
        # the findings the previous year's numbers brought (the wrong 上年结转 cell), shown with X001
        added.extend((rechecked, d) for d in rechecked.diagnostics if _same(d) not in earlier)
    for position, digest, diagnostic in found:
        result = changed.get(position) or results.get(position)
        changed[position] = result
        explain([diagnostic], result.diagnostics)  # X001 under the A006 of its 上年结转 cell
        kept, suppressed = suppress.apply([diagnostic], digest.suppressions)
        stamp(result, kept)
        result.diagnostics.extend(kept)
        result.suppressed.extend(suppressed)
        added.extend((result, d) for d in kept)
    for position, result in changed.items():
        if settle is not None:
            settle(result)  # the baseline, applied before the result is stored again
        results.put(position, result)
    return added


# a file name that says its report is not the one published (a draft beside the final)
_DRAFT_NAME = re.compile(r"草稿|初稿|征求意见|送审|修改稿|draft", re.I)


def _final_before(results, pairs, notice) -> Iterator[tuple]:
    """The year pairs, where an agency's previous year has several reports (a draft beside the
    final), with the one whose file name does not say draft (the first such, by file order), and the
    office told which one was used: the first by name alone was taken in silence."""
    told: set = set()
    for position, path, digest, before in pairs:
        reports = results.reports_of(digest.key, digest.year - 1)
        if len(reports) > 1:
            chosen = next(((p, name) for p, name in reports if not _DRAFT_NAME.search(os.path.basename(name))),
                          reports[0])
            if chosen[0] != reports[0][0]:
                before = results.get_digest(chosen[0])[1]
            if notice is not None and (digest.key, digest.year - 1) not in told:
                told.add((digest.key, digest.year - 1))
                notice(f"{digest.agency or digest.key} {digest.year - 1} 年度有 {len(reports)} 份报告（"
                       f"{'、'.join(os.path.basename(name) for _, name in reports[:4])}"
                       f"{' 等' if len(reports) > 4 else ''}），与 {digest.year} 年度核对时用的是 "
                       f"{os.path.basename(chosen[1])}")
        yield position, path, digest, before


def _renamed(results, notice) -> Iterator[tuple]:
    """The pairs whose agency the two years name otherwise (see Collected.renamed_pairs), each told:
    the office should know which reports were taken for one agency's."""
    for position, path, digest, before in results.renamed_pairs():
        if notice is not None:
            notice(f"{digest.agency} {digest.year} 年度的报告与“{before.agency}”{before.year} 年度的报告按同一机关"
                   f"核对跨年度关系（两年的机关名称写法不同）")
        yield position, path, digest, before


def _same(diagnostic) -> tuple:
    """What makes two runs' findings the same finding."""
    return diagnostic.code, diagnostic.field_name, diagnostic.message


def load_groups(path: str) -> dict:
    """A mapping file: each government's name, and the names of the agencies under it."""
    import yaml

    from xxgk_lint.config import ConfigError

    try:
        content = yaml.safe_load(open(path, encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        from xxgk_lint.yamlerrors import unreadable

        raise ConfigError(f"{path}：分组文件{unreadable(error)}") from None
    if not isinstance(content, dict) or not all(isinstance(v, list) and all(isinstance(i, str) for i in v)
                                                for v in content.values()):
        raise ConfigError(f"{path}：分组文件应为“政府名称: [所属机关名称, …]”的映射")
    return {str(k): list(v) for k, v in content.items()}


# -- baseline ------------------------------------------------------------------------------------------
def stamp(result: FileResult, diagnostics: list) -> None:
    """Give each diagnostic a stable fingerprint: rule, agency, year and cell — never a line number.

    Diagnostics of the same rule on the same cell are told apart by their order of occurrence.
    """
    seen: Counter = Counter(result.seen)
    alone = agency_key(result.agency) or os.path.basename(result.path)
    # a second report of the same agency and year (a draft beside the final): its name in its keys,
    # and the key it would have alone kept, for a baseline written when it was the only one
    who = alone + "|" + result.twin if result.twin else alone
    for diagnostic in diagnostics:
        place = diagnostic.field_name or diagnostic.label or ""
        seen[(diagnostic.code, place)] += 1
        rest = f"{result.year}|{place}|{seen[(diagnostic.code, place)]}"
        diagnostic.fingerprint = _hashed(f"{diagnostic.code}|{who}|{rest}")
        if result.twin:
            result.untwinned[diagnostic.fingerprint] = _hashed(f"{diagnostic.code}|{alone}|{rest}")
    result.seen = dict(seen)


def _hashed(key: str) -> str:
    # surrogateescape: a file name (of a twin) may hold bytes that are not UTF-8 on disk
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:20]


def fingerprints(result: FileResult) -> list:
    return [d.fingerprint for d in result.diagnostics]


def baseline_entries(result: FileResult) -> dict:
    name = os.path.basename(result.path)
    return {d.fingerprint: {"code": d.code, "agency": result.agency, "year": result.year, "field": d.field_name,
                            "message": d.message, "file": name} for d in result.diagnostics}


def write_baseline(path: str, entries: dict) -> int:
    with open(path, "w", encoding="utf-8") as handle:
        json.dump({"tool": "xxgk-lint", "version": 1, "fingerprints": entries}, handle, ensure_ascii=False, indent=1)
    return len(entries)


def read_baseline(path: str) -> dict:
    from xxgk_lint.config import ConfigError

    from xxgk_lint.read import InputError, read_limited

    try:
        content = json.loads(read_limited(path, 256 * 1024 * 1024).decode("utf-8"))
        entries = content["fingerprints"]
        if isinstance(entries, dict):
            return {key: entry if isinstance(entry, dict) else {} for key, entry in entries.items()}
        return {key: {} for key in entries}
    except RecursionError:
        raise ConfigError(f"{path}：基线文件嵌套过深，不是 xxgk-lint 写出的基线") from None
    except InputError as error:
        raise ConfigError(f"{path}：基线文件无法读取（{error}）") from None
    except OSError as error:
        raise ConfigError(f"{path}：基线文件无法读取（{oserrors.describe(error)}）") from None
    except (ValueError, KeyError, TypeError):
        raise ConfigError(f"{path}：基线文件无法读取（不是 xxgk-lint --write-baseline 写的基线文件）") from None


def apply_baseline(result: FileResult, accepted: dict, present: frozenset = frozenset()) -> None:
    """Drop the findings the baseline accepted. A finding's key names its agency and year, not its
    file (a report renamed keeps its baseline); where the baseline says which file it came from and
    that file is in this batch too (a draft beside the final), it is that file's alone. `present`:
    the names of the batch's files."""
    name = os.path.basename(result.path)

    def known(diagnostic) -> bool:
        entry = accepted.get(diagnostic.fingerprint)
        if entry is not None:
            written = entry.get("file")
            return written is None or written == name or written not in present
        alone = result.untwinned.get(diagnostic.fingerprint)  # a twin now, the only one then
        return alone is not None and accepted.get(alone, {}).get("file") == name

    kept = [d for d in result.diagnostics if not known(d)]
    result.accepted += len(result.diagnostics) - len(kept)
    result.diagnostics = kept


# -- summaries ---------------------------------------------------------------------------------------
def by_agency(results, limit: Optional[int] = None) -> list:
    """One row per report for the office's summary, worst first (only the `limit` worst, kept as
    the results stream past, when a limit is given)."""
    rows = _agency_rows(results)
    order = lambda r: (-(r["unreadable"] * 10**6 + r["errors"] * 1000 + r["warnings"]), r["agency"], r["year"] or 0)  # noqa: E731
    if limit is not None:
        import heapq

        return heapq.nsmallest(limit, rows, key=order)  # the same as sorted(rows, key=order)[:limit]
    return sorted(rows, key=order)


def _agency_rows(results):
    for result in results:
        under = folded(result.diagnostics)  # shown under the wrong cell's finding (A006), not counted again
        shown = [d for d in result.diagnostics if id(d) not in under]
        counts = Counter(d.severity.label for d in shown)
        worst = max(shown, key=lambda d: (d.severity, -ord(d.code[0])), default=None)
        yield {
            "agency": result.agency or ("（无法读取）" if result.error else "（未识别）"), "year": result.year,
            "edition": result.edition, "path": result.path, "errors": counts["error"],
            "warnings": counts["warning"], "infos": counts["info"], "unreadable": bool(result.error),
            "worst": f"{worst.code} {worst.message}" if worst else (result.error or ""),
        }


def statistics(results: list, rules: dict) -> list:
    """Findings by rule, counted as the summary counts them: `count` the problems, `explained` those
    folded under the wrong cell's finding (A006) that explains them, which the summary leaves out."""
    counts, explained = Counter(), Counter()
    for result in results:
        under = folded(result.diagnostics)
        for d in result.diagnostics:
            (explained if id(d) in under else counts)[d.code] += 1
    order = sorted(set(counts) | set(explained), key=lambda code: (-counts[code], -explained[code], code))
    return [{"code": code, "count": counts[code], "explained": explained[code],
             "name": rules[code].name if code in rules else "",
             "summary": rules[code].summary if code in rules else ""} for code in order]
