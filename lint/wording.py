"""The wording data: phrases, patterns and local checks that supervisors can extend without Python.

Data files are YAML (the built-in ones in rules/phrases/, more from directories the user names).
Every entry carries examples — text it must match and text it must not — and they are checked
each time a file loads: a bad entry fails loudly, naming the file and the entry, instead of
silently matching nothing.

A file may hold any of: `exclude` and `statements` (W003), `title`, `problems`, `fees`, `period`,
`other_year` (W001, W004–W007), and `checks` — local rules with their own codes, e.g. a province
limiting 总体情况 to about 1 000 字.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path as FsPath
from typing import Iterator, Optional

import yaml

from xxgk_lint.numbers import NUMBER_IN_TEXT, parse_text_number

PLACEHOLDERS = {
    "{N}": f"(?P<n>{NUMBER_IN_TEXT})",
    "{Y}": r"(?P<year>(?:19|20)\d{2})",
    "{Y2}": r"(?P<year2>(?:19|20)\d{2})",
}
SENTENCE = re.compile(r"[^。；;！!？?\n]+[。；;！!？?]?")
YEAR_IN_TEXT = re.compile(r"((?:19|20)\d{2})\s*年")


class WordingDataError(Exception):
    """A wording data file is malformed or an entry fails its own examples."""


def _nested_repeat(pattern: str) -> str:
    """A description of a repeat inside a repeat ((a+)+, (\\S+\\S+)*, (x*y?)+ …), the shape that makes
    a backtracking engine take exponential time; "" when there is none (or the pattern is not valid,
    which compiling reports)."""
    try:
        import re._parser as parser  # Python 3.11+
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_parse as parser
    try:
        parsed = parser.parse(pattern)
    except Exception:
        return ""
    repeats = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}

    def walk(items, inside: bool) -> str:
        for op, argument in items:
            name = str(op)
            if name in repeats:
                low, high, body = argument
                unbounded = high > 1 and (high == parser.MAXREPEAT or high > 100)
                if inside and unbounded:
                    return "重复里又有不限次数的重复"
                found = walk(body, inside or (high > 1 and name != "POSSESSIVE_REPEAT"))
                if found:
                    return found
            elif name == "SUBPATTERN":
                found = walk(argument[-1], inside)
                if found:
                    return found
            elif name == "BRANCH":
                for branch in argument[1]:
                    found = walk(branch, inside)
                    if found:
                        return found
            elif name in ("ASSERT", "ASSERT_NOT"):
                found = walk(argument[1], inside)
                if found:
                    return found
        return ""

    return walk(parsed, False)


def _needed_words(pattern: re.Pattern) -> tuple:
    """Words one of which every text the pattern matches in holds (收到、受理、新收、接收、接到 for
    "(?:收到|受理|新收|接收|接到)…申请…{N}件"), or () where the pattern needs no such word."""
    if pattern.flags & re.IGNORECASE:
        return ()
    try:
        import re._parser as parser  # Python 3.11+
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_parse as parser
    try:
        parsed = parser.parse(pattern.pattern, pattern.flags)
    except Exception:
        return ()

    def telling(groups: list) -> tuple:
        """Of several groups of words a text needs one of each, the one whose words are longest."""
        return max(groups, key=lambda words: (min(map(len, words)), -len(words)))

    def needed(items) -> list:
        groups, run = [], ""
        for op, argument in items:
            name = str(op)
            if name == "LITERAL":
                run += chr(argument)  # letters in a row: a word the text must hold
                continue
            if run:
                groups.append((run,))
                run = ""
            if name == "SUBPATTERN" and not argument[1] & re.IGNORECASE:
                groups += needed(argument[-1])
            elif name == "BRANCH":  # one of the alternatives: any of their words
                choices = [needed(branch) for branch in argument[1]]
                if all(choices):
                    groups.append(tuple(word for found in choices for word in telling(found)))
            elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") and argument[0] >= 1:
                groups += needed(argument[2])
        if run:
            groups.append((run,))
        return groups

    found = needed(parsed)
    return telling(found) if found else ()


def any_word(patterns: list) -> Optional[re.Pattern]:
    """A quick first test for a text in which one of the patterns may match: a search for the words
    they need (see _needed_words); None when some pattern needs no word, so every text may match."""
    words = set()
    for pattern in patterns:
        needed = _needed_words(pattern)
        if not needed:
            return None
        words.update(needed)
    if not words:
        return None
    return re.compile("|".join(re.escape(word) for word in sorted(words, key=lambda w: (-len(w), w))))


def _may_hold(words: tuple, text: str) -> bool:
    """Whether a pattern that needs one of `words` (see _needed_words) may match in the text:
    True where it needs none."""
    if not words:
        return True
    for word in words:
        if word in text:
            return True
    return False


def compile_pattern(pattern: str, where: str) -> re.Pattern:
    if not isinstance(pattern, str):
        raise WordingDataError(f"{where}：正则表达式应为文本，实际为 {pattern!r}")
    expanded = pattern
    for placeholder, regex in PLACEHOLDERS.items():
        expanded = expanded.replace(placeholder, regex)
    nested = _nested_repeat(expanded)
    if nested:
        raise WordingDataError(f"{where}：正则表达式中有嵌套的重复（{nested}），遇到某些句子会耗时极长，"
                               f"请改写（例如把 (\\S+\\S+)+ 写成 \\S+）：{pattern}")
    try:
        return re.compile(expanded)
    except re.error as error:
        raise WordingDataError(f"{where}：正则表达式有误（{error}）：{pattern}") from None


@dataclass
class Statement:
    id: str
    label: str
    equals_any: list  # list of sums, each a list of report paths (tuples)
    patterns: list
    value: Optional[int] = None  # a fixed value the phrase states (未发生…行政复议 → 0)


@dataclass
class StatedNumber:
    statement: Statement
    number: int
    sentence: str
    start: int  # offset of the match in the line
    text: str  # what matched


@dataclass
class LocalCheck:
    code: str
    name: str
    severity: str
    summary: str
    doc: str
    section: str
    kind: str  # max_chars | min_chars | must_mention | must_not_mention
    limit: Optional[int] = None
    patterns: list = field(default_factory=list)
    message: str = ""
    source: str = ""


@dataclass
class Wording:
    exclude: list = field(default_factory=list)
    statements: list = field(default_factory=list)
    title_words: str = "政府信息公开工作年度报告"
    problems: dict = field(default_factory=dict)
    fees: dict = field(default_factory=dict)
    period: Optional[re.Pattern] = None
    other_year: list = field(default_factory=list)
    other_year_skip: Optional[re.Pattern] = None
    checks: list = field(default_factory=list)
    similarity: dict = field(default_factory=lambda: {"threshold": 0.5, "min_sentences": 5})
    deadline: dict = field(default_factory=dict)
    government_topics: dict = field(default_factory=dict)  # topic → pattern
    sources: list = field(default_factory=list)
    # every statement's patterns in one: a sentence it does not match states nothing (set by load)
    any_statement: Optional[re.Pattern] = field(default=None, repr=False, compare=False)
    # the words some statement needs: a line or sentence without any states nothing (set by load)
    statement_words: Optional[re.Pattern] = field(default=None, repr=False, compare=False)
    other_year_words: Optional[re.Pattern] = field(default=None, repr=False, compare=False)  # likewise for W007
    # each exclusion and each statement's patterns with the words one of which a text they match
    # holds (set by load): a pattern is tried on a sentence only where the sentence holds one
    # (looking for a word is a small part of a regex search, which tries the pattern at every place)
    exclude_tests: tuple = field(default=(), repr=False, compare=False)  # ((pattern, words), ...)
    statement_tests: tuple = field(default=(), repr=False, compare=False)  # ((statement, ((pattern, words), ...)), ...)

    # -- W003 --------------------------------------------------------------------------------
    def excluded(self, sentence: str) -> bool:
        for pattern, words in self.exclude_tests:
            if _may_hold(words, sentence) and pattern.search(sentence):
                return True
        return False

    def stated_numbers(self, line: str, report_year: Optional[int] = None) -> Iterator[StatedNumber]:
        """Numbers the line states about this agency's own tables of this year."""
        words = self.statement_words
        if words is not None and not words.search(line):
            return  # none of the words any statement needs: most lines
        for sentence_match in SENTENCE.finditer(line):
            sentence = sentence_match.group(0)
            if words is not None and not words.search(sentence):
                continue
            if self.any_statement is not None and not self.any_statement.search(sentence):
                continue  # one search instead of one a pattern: most sentences state no figure
            if self.excluded(sentence):
                continue
            years = {int(y) for y in YEAR_IN_TEXT.findall(sentence)}
            if report_year is not None and years - {report_year}:
                continue  # about another year (last year's figure, a plan for next year)
            if report_year is None and years:
                continue
            taken: list = []
            for statement, tests in self.statement_tests:
                for pattern, needed in tests:
                    if not _may_hold(needed, sentence):
                        continue
                    for match in pattern.finditer(sentence):
                        span = match.span()
                        if any(s[0] < span[1] and span[0] < s[1] and s[2] == statement.id for s in taken):
                            continue
                        number = statement.value if statement.value is not None else parse_text_number(match.group("n"))
                        if number is None:
                            continue
                        taken.append((span[0], span[1], statement.id))
                        yield StatedNumber(statement, number, sentence, sentence_match.start() + span[0], match.group(0))

    # -- W007 --------------------------------------------------------------------------------
    def other_years(self, line: str, report_year: int) -> Iterator[tuple]:
        words = self.other_year_words
        if words is not None and not words.search(line):
            return  # none of the words the patterns need (a year's digits): no sentence to look at
        for sentence_match in SENTENCE.finditer(line):
            sentence = sentence_match.group(0)
            if words is not None and not words.search(sentence):
                continue
            if self.other_year_skip and self.other_year_skip.search(sentence):
                continue
            if str(report_year) in sentence:
                continue
            for pattern in self.other_year:
                for match in pattern.finditer(sentence):
                    year = int(match.group("year"))
                    if year != report_year:
                        yield year, match.group(0), sentence_match.start() + match.start()


# -- loading -------------------------------------------------------------------------------------
def builtin_dir():
    return resources.files("xxgk_lint_rules") / "phrases"


_extra_dirs: tuple = ()


def use_directories(directories) -> None:
    """Add the user's wording data directories (from the command line or configuration)."""
    global _extra_dirs
    from xxgk_lint.engine import load_rules

    _extra_dirs = tuple(str(d) for d in directories)
    load.cache_clear()
    load_rules.cache_clear()  # local checks in those files are rules too


def current() -> Wording:
    return load(_extra_dirs)


def stated_in(report) -> list:
    """The figures a report's text states about its own tables, as (where, locate, StatedNumber),
    a whole sentence at a time: read once a report, for W003 and for the diagnosis's tie-breaks."""
    found = report.worked_out.get("stated")
    if found is None:
        wording, year = current(), report.year
        found = report.worked_out["stated"] = [(where, locate, stated) for where, line, locate in report.text_passages()
                                               for stated in wording.stated_numbers(line, year)]
    return found


@lru_cache(maxsize=8)
def load(extra_dirs: tuple = (), vet_builtin: bool = False) -> Wording:
    """The wording data: the built-in files and the user's directories. Every example in the
    user's files is tried at load; the built-in files' examples are tried by the tests
    (tests/test_wording_data.py, vet_builtin=True), not at every start."""
    wording = Wording()
    files = sorted((f for f in builtin_dir().iterdir() if f.name.endswith((".yaml", ".yml"))), key=lambda f: f.name)
    for directory in extra_dirs:
        path = FsPath(directory)
        if not path.is_dir():
            raise WordingDataError(f"{directory}：措辞数据目录不存在")
        files += sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml"))
    for file in files:
        builtin = not isinstance(file, FsPath)
        name = str(file) if not builtin else f"rules/phrases/{file.name}"
        try:
            content = yaml.load(file.read_text(encoding="utf-8"), Loader=_LOADER) or {}
        except UnicodeDecodeError:
            raise WordingDataError(f"{name}：无法读取（不是 UTF-8 文本）") from None
        except yaml.YAMLError as error:
            from xxgk_lint.yamlerrors import describe

            raise WordingDataError(f"{name}：不是合法的 YAML（{describe(error)}）") from None
        if not isinstance(content, dict):
            raise WordingDataError(f"{name}：顶层应是一个映射")
        _merge(wording, content, name, vet=not builtin or vet_builtin)
        wording.sources.append(name)
    # the quick first tests, made before the examples are tried so that the examples go through them
    wording.any_statement = _alternatives([p for s in wording.statements for p in s.patterns])
    wording.statement_words = any_word([p for s in wording.statements for p in s.patterns])
    wording.other_year_words = any_word(wording.other_year)
    wording.exclude_tests = tuple((p, _needed_words(p)) for p in wording.exclude)
    wording.statement_tests = tuple((s, tuple((p, _needed_words(p)) for p in s.patterns)) for s in wording.statements)
    if extra_dirs or vet_builtin:
        _self_test(wording)
    return wording


def _alternatives(patterns: list) -> Optional[re.Pattern]:
    """One pattern that matches wherever any of these does (their groups unnamed, as a name may
    recur), or None where they cannot be joined (a back-reference, a flag of their own)."""
    sources = [re.sub(r"\(\?P<\w+>", "(?:", p.pattern) for p in patterns]
    if not sources or any("(?P=" in s or s.startswith("(?") and not s.startswith(("(?:", "(?=", "(?!", "(?<"))
                          for s in sources) or any(p.flags & ~re.UNICODE for p in patterns):
        return None
    try:
        return re.compile("|".join(f"(?:{s})" for s in sources))
    except re.error:
        return None


# libyaml's loader where PyYAML has it: the same documents, several times faster to start with
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _unvetted(entry: dict, where: str, matches, required: bool = True) -> None:
    pass


KNOWN_KEYS = {"exclude", "statements", "title", "problems", "fees", "period", "other_year", "checks", "similarity",
              "deadline", "government_topics"}


def _merge(wording: Wording, content: dict, name: str, vet: bool = True) -> None:
    vet_examples = _examples if vet else _unvetted  # built-in data is vetted by the tests
    unknown = set(content) - KNOWN_KEYS
    if unknown:
        raise WordingDataError(f"{name}：未知的键 {'、'.join(sorted(unknown))}（可用：{'、'.join(sorted(KNOWN_KEYS))}）")
    for entry in content.get("exclude", []):
        where = f"{name} › exclude › {entry.get('id', '?')}"
        pattern = compile_pattern(_required(entry, "pattern", where), where)
        vet_examples(entry, where, lambda text, p=pattern: bool(p.search(text)))
        wording.exclude.append(pattern)
    for entry in content.get("statements", []):
        where = f"{name} › statements › {entry.get('id', '?')}"
        patterns = [compile_pattern(p, where) for p in _required(entry, "patterns", where)]
        sums = [[tuple(path.split(".")) for path in option] for option in _required(entry, "equals_any", where)]
        statement = Statement(_required(entry, "id", where), entry.get("label", entry["id"]), sums, patterns,
                              entry.get("value"))
        statement.examples = entry.get("examples") or {}
        statement.where = where
        if not statement.examples.get("match"):
            raise WordingDataError(f"{where}：缺少 examples.match（至少一个必须匹配的例句）")
        wording.statements.append(statement)
    if "title" in content:
        wording.title_words = _required(content["title"], "required_words", f"{name} › title")
        vet_examples(content["title"], f"{name} › title", lambda text, w=wording.title_words: w in text)
    if "problems" in content:
        entry, where = content["problems"], f"{name} › problems"
        wording.problems = {
            "min_chars": int(entry.get("min_chars", 30)),
            "bare": compile_pattern(_required(entry, "bare", where), where),
            "problem": compile_pattern(_required(entry, "problem_markers", where), where),
            "measure": compile_pattern(_required(entry, "measure_markers", where), where),
        }
        vet_examples(entry, where, lambda text, p=wording.problems["bare"]: bool(p.search(text.strip())))
    if "fees" in content:
        entry, where = content["fees"], f"{name} › fees"
        wording.fees = {"editions": [str(e) for e in entry.get("editions", [])],
                        "pattern": compile_pattern(_required(entry, "pattern", where), where)}
        vet_examples(entry, where, lambda text, p=wording.fees["pattern"]: bool(p.search(text)))
    if "period" in content:
        entry, where = content["period"], f"{name} › period"
        wording.period = compile_pattern(_required(entry, "pattern", where), where)
        vet_examples(entry, where, lambda text, p=wording.period: bool(p.search(text)))
    if "other_year" in content:
        entry, where = content["other_year"], f"{name} › other_year"
        wording.other_year = [compile_pattern(p, where) for p in _required(entry, "patterns", where)]
        if entry.get("skip_sentences"):
            wording.other_year_skip = compile_pattern(entry["skip_sentences"], where)
        wording.other_year_examples = (entry, where)
    if "similarity" in content:
        entry, where = content["similarity"], f"{name} › similarity"
        try:
            threshold, minimum = float(entry["threshold"]), int(entry.get("min_sentences", 5))
        except (KeyError, TypeError, ValueError):
            raise WordingDataError(f"{where}：应写明 threshold（0 到 1 之间的比例）和 min_sentences") from None
        if not 0 < threshold <= 1:
            raise WordingDataError(f"{where}：threshold 应在 0 到 1 之间")
        wording.similarity = {"threshold": threshold, "min_sentences": minimum}
    if "deadline" in content:
        entry, where = content["deadline"], f"{name} › deadline"
        government = compile_pattern(_required(entry, "government", where), where)
        vet_examples(entry, where, lambda text, p=government: bool(p.search(text)))
        for key in ("department_by", "government_by"):
            if not re.fullmatch(r"\d{2}-\d{2}", str(_required(entry, key, where))):
                raise WordingDataError(f"{where}：{key} 应写成“月-日”，如 01-31")
        wording.deadline = {"government": government, "department_by": entry["department_by"],
                            "government_by": entry["government_by"]}
    if "government_topics" in content:
        entry, where = content["government_topics"], f"{name} › government_topics"
        topics = _required(entry, "topics", where)
        wording.government_topics = {str(k): compile_pattern(v, where) for k, v in topics.items()}
        vet_examples(entry, where, lambda text, t=wording.government_topics: all(p.search(text) for p in t.values()))
    for entry in content.get("checks", []):
        wording.checks.append(_local_check(entry, name))


def _local_check(entry: dict, name: str) -> LocalCheck:
    where = f"{name} › checks › {entry.get('code', '?')}"
    code = _required(entry, "code", where)
    if not re.fullmatch(r"[A-Z]{2,4}\d{3}", str(code)):
        raise WordingDataError(f"{where}：本地规则代码应为两到四个大写字母加三位数字（如 GD101），"
                               "单个字母 S、A、W、X 留给内置规则")
    kinds = [k for k in ("max_chars", "min_chars", "must_mention", "must_not_mention") if k in entry]
    if len(kinds) != 1:
        raise WordingDataError(f"{where}：应当恰好写明 max_chars、min_chars、must_mention、must_not_mention 之一")
    kind = kinds[0]
    check = LocalCheck(code=code, name=entry.get("name", code.lower()), severity=entry.get("severity", "warning"),
                       summary=_required(entry, "summary", where), doc=entry.get("doc", entry["summary"]),
                       section=_required(entry, "section", where), kind=kind, message=entry.get("message", ""),
                       source=name)
    if kind in ("max_chars", "min_chars"):
        check.limit = int(entry[kind])
    else:
        patterns = entry[kind] if isinstance(entry[kind], list) else [entry[kind]]
        check.patterns = [compile_pattern(p, where) for p in patterns]
        _examples(entry, where, lambda text, c=check: any(p.search(text) for p in c.patterns), required=True)
    return check


def _required(entry: dict, key: str, where: str):
    if not isinstance(entry, dict) or key not in entry or entry[key] in (None, "", []):
        raise WordingDataError(f"{where}：缺少 {key}")
    return entry[key]


def _examples(entry: dict, where: str, matches, required: bool = True) -> None:
    examples = entry.get("examples") or {}
    if required and not examples.get("match"):
        raise WordingDataError(f"{where}：缺少 examples.match（至少一个必须匹配的例句）")
    for text in examples.get("match", []):
        if not matches(text):
            raise WordingDataError(f"{where}：例句“{text}”应当匹配，却没有匹配")
    for text in examples.get("no_match", []):
        if matches(text):
            raise WordingDataError(f"{where}：例句“{text}”不应匹配，却匹配了")


def _self_test(wording: Wording) -> None:
    """Statement examples go through the whole matching (exclusions included), as reports do."""
    for statement in wording.statements:
        match = statement.examples.get("match", {})
        cases = match.items() if isinstance(match, dict) else ((text, None) for text in match)
        for text, number in cases:
            found = [s for s in wording.stated_numbers(text, _year_of(text)) if s.statement is statement]
            if not found or (number is not None and found[0].number != number):
                got = found[0].number if found else "没有匹配"
                raise WordingDataError(f"{statement.where}：例句“{text}”应读出 {number}，实际：{got}")
        for text in statement.examples.get("no_match", []):
            year = _year_of(text)
            if any(s.statement is statement for s in wording.stated_numbers(text, year + 1 if year else None)):
                raise WordingDataError(f"{statement.where}：例句“{text}”不应匹配，却匹配了")
    if getattr(wording, "other_year_examples", None):
        entry, where = wording.other_year_examples
        examples = entry.get("examples") or {}
        for text in examples.get("match", []):
            if not list(wording.other_years(text, 1900)):
                raise WordingDataError(f"{where}：例句“{text}”应当匹配，却没有匹配")
        for text in examples.get("no_match", []):
            if list(wording.other_years(text, 1900)):
                raise WordingDataError(f"{where}：例句“{text}”不应匹配，却匹配了")


def _year_of(text: str) -> Optional[int]:
    found = YEAR_IN_TEXT.search(text)
    return int(found.group(1)) if found else None
