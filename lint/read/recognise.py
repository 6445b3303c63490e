"""Recognise a report in a neutral document: title, agency, year, the six sections, the tables.

Shared by every reader of published forms (text, HTML, …). Labels come from the edition schemas;
the edition is decided by which one the tables fit best, not by the year, so an old form used
for a new year is caught (S005). Rows and columns the template does not have are kept in the
data under their own label and reported (S008), never dropped or assigned to a template cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import product
from typing import Optional

from xxgk_lint.document import Document, Line, Picture, TableBlock, Token
from xxgk_lint.editions import Edition, Table, editions
from xxgk_lint.labels import LabelIndex, core
from xxgk_lint.model import Location, Problem
from xxgk_lint.numbers import BLANK, NUMBER, TEXT, classify_cell, plain, squash, to_wan_yuan
from xxgk_lint.read.pdfrows import labels_apart
from xxgk_lint.read.reading import Reading
from xxgk_lint.read.runs import Verdict, choose, shown, value
from xxgk_lint.read.runtogether import split_line, table_block

BREAK = None  # a row boundary inside a token stream
_HEADING = re.compile(r"^[#*\s]*([一二三四五六七八九十]{1,2})\s*[、.．，,]\s*(.+)$")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_PERIOD = re.compile(r"((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日?\s*[至到—\-~～]+\s*(?:((?:19|20)\d{2})\s*年\s*)?12\s*月\s*31\s*日")
_PUBLISHED = re.compile(r"(?:发布|成文|公开)(?:日期|时间)\s*[:：]?\s*((?:19|20)\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
_REPORT_WORDS = re.compile(r"政府信息公开.{0,8}报告")
_AGENCY_END = re.compile(r"(局|委|委员会|办|办公室|院|政府|厅|中心|会|署|处|所|站|馆|部|队|区|县|市|镇|乡|街道|管委会)$")
_TABLE_SECTIONS = ("proactive", "applications", "review_litigation")


@dataclass
class Part:
    key: Optional[str]  # section key, None for what precedes the first heading
    heading: Optional[str] = None
    location: Optional[Location] = None
    number: Optional[str] = None
    lines: list = field(default_factory=list)
    streams: list = field(default_factory=list)  # token streams of the tables in this part
    pictures: list = field(default_factory=list)  # locations of the pictures in this part
    inferred: bool = False  # the heading was lost (a converter dropped it); found by its sub-heading


def recognise(document: Document) -> Reading:
    latest = list(editions().values())[-1]
    parts = _split_sections(document, latest)
    found = {p.key for p in parts if p.key is not None}
    if len(found) < len(latest.sections):
        # headings missing from lines of their own: perhaps they ran into their text, or the whole
        # report ran together on a line (a crawler's). The reading that finds more sections wins.
        blocks = [piece for block in document.blocks
                  for piece in (split_line(block, latest, document.title_hint) if isinstance(block, Line) else [block])]
        if len(blocks) != len(document.blocks):
            split = Document(document.name, document.form, blocks, document.title_hint,
                             document.published, document.published_at, document.source, document.attachments)
            split_parts = _split_sections(split, latest)
            if len({p.key for p in split_parts if p.key is not None}) > len(found):
                document, parts = split, split_parts
    for part in parts:
        if part.key in _TABLE_SECTIONS:
            _tables_in_lines(part)
    _lost_headings(parts, latest)
    problems: list = []
    data: dict = {}
    locations: dict = {}
    written: dict = {}

    preamble = parts[0] if parts and parts[0].key is None else Part(None)
    _metadata(preamble, document, data, locations)

    streams = _table_streams(parts)
    edition, tables = _best_edition(streams)
    found_sections = [p for p in parts if p.key is not None]
    matched_cells = tables["score"] if tables else 0
    kinds = len({part.key for part in found_sections})  # different headings found
    named = isinstance(data.get("year"), int) or bool(data.get("agency"))  # as a report's title names them
    if matched_cells < 10 and _too_few_headings(len(found_sections), kinds, named):
        _unrecognised_metadata(preamble, document, data, locations)
        if not kinds:
            reason = "没有找到“一、总体情况”等部分标题，也没有找到模板规定的表格"
        elif named:
            reason = f"只找到 {kinds} 个部分标题，也没有找到模板规定的表格"
        else:
            reason = f"只找到 {kinds} 个部分标题，没有写明报告年度和机关名称，也没有找到模板规定的表格"
        if document.attachments:  # a page that only says 详见附件, among other text
            from xxgk_lint.read.page_hints import named, reports_linked

            own = reports_linked(document.attachments, data.get("year"))  # not a list of earlier years'
            if own:
                reason += f"；网页链接了附件 {named(own)}，报告可能在附件里：请下载附件后检查附件"
            elif own is None:
                reason += f"；网页链接了多个年度的报告 {named(document.attachments)}：请下载要检查的那一年度的报告后检查"
        return Reading(data=data, locations=locations, problems=[Problem("unrecognised", reason)],
                       recognised=False, form=document.form)

    if matched_cells <= 0 and isinstance(data.get("year"), int):
        # no table to judge by: the year's edition, rather than a verdict of "old form" on no evidence
        from xxgk_lint.editions import edition_for_year

        edition = edition_for_year(data["year"])
    data["edition"] = edition.id
    _sections(found_sections, edition, data, locations, problems)
    for key in _TABLE_SECTIONS:
        if tables and key in tables["data"]:
            data[key] = tables["data"][key]
    problems += _pictured_tables(found_sections, edition, data)
    problems.extend(tables.get("problems", []) if tables else [])
    locations.update(tables["locations"] if tables else {})
    written.update(tables["written"] if tables else {})
    return Reading(data=data, locations=locations, problems=problems, form=document.form, written=written)


def _too_few_headings(found: int, kinds: int, named: bool) -> bool:
    """With no template table (the caller's test): whether the headings found (`found`, of `kinds`
    different ones) are too few to call the file a report. One heading is never enough; two
    different ones are not either where the file names no year and no agency (`named`), as every
    report does in its title: a document about reports (a README, a notice, a checklist) quotes a
    heading or two, a draft of a report has its title."""
    if found < 2 or kinds < 2:
        return True
    return kinds < 3 and not named


# -- sections --------------------------------------------------------------------------------
def heading_key(text: str, edition: Edition):
    """(section key, numeral as written) when a line is one of the six section headings."""
    if len(text) >= 60:
        return None
    known = _headings(edition)  # the same headings and captions come back in report after report
    if text in known:
        return known[text]
    found = _heading_key(text, edition)
    if len(known) < 4096:  # bounded: most short lines are a report's own
        known[text] = found
    return found


@lru_cache(maxsize=None)
def _headings(edition: Edition) -> dict:
    return {}


def _heading_key(text: str, edition: Edition):
    match = _HEADING.match(squash(text))
    if not match:
        return None
    number, rest = match.groups()
    if len(rest) > 40:
        return None
    key = _section_titles(edition).get(core(rest))
    if key is not None:
        return key, number
    candidates = [spec for spec in edition.sections
                  if any(all(word in rest for word in words) for words in spec.keywords)]
    numbered = [spec for spec in candidates if spec.number == number]
    if len(numbered) == 1:
        return numbered[0].key, number
    return None


@lru_cache(maxsize=None)
def _section_titles(edition: Edition) -> dict:
    """The core of every section's title and variants, without the numeral → the section's key
    (the first section that has it)."""
    titles: dict = {}
    for spec in edition.sections:
        for title in (spec.title,) + spec.variants:
            titles.setdefault(core(_after_number(title)), spec.key)
    return titles


def _after_number(title: str) -> str:
    return title.split("、", 1)[1] if "、" in title else title


def _pictured_tables(sections: list, edition: Edition, data: dict) -> list:
    """A table section with no table but a picture: the table was published as a picture. Said
    there, in place of the schema's bare "missing" (validate leaves a path already told alone)."""
    return [Problem("pictured", f"缺少“{edition.label((part.key,))}”的表格：这一部分没有表格而有图片，表格可能是截图，"
                               "图片中的数字无法读取，未核对；请用表格的文字版（Word、PDF 或网页文字）核对",
                    (part.key,), part.pictures[0])
            for part in sections if part.key in _TABLE_SECTIONS and part.pictures and part.key not in data]


def _split_sections(document: Document, edition: Edition) -> list:
    parts = [Part(None)]
    for block in document.blocks:
        if isinstance(block, Line):
            found = heading_key(block.text, edition)
            if found:
                parts.append(Part(found[0], block.text, block.location, found[1]))
            else:
                parts[-1].lines.append(block)
            continue
        if isinstance(block, Picture):
            parts[-1].pictures.append(block.location)
            continue
        stream: list = []
        for row in block.rows:
            for token in row:
                if token.alone:
                    break
            else:  # most rows: no cell that may be a heading
                stream += row
                if block.rows_known:
                    stream.append(BREAK)
                continue
            for token in row:
                found = heading_key(token.text, edition) if token.alone else None
                if found:
                    if stream:
                        parts[-1].streams.append((stream, block.rows_known))
                    stream = []
                    parts.append(Part(found[0], token.text, token.location, found[1]))
                else:
                    stream.append(token)
            if block.rows_known:
                stream.append(BREAK)
        if stream:
            parts[-1].streams.append((stream, block.rows_known))
    return parts


def _tables_in_lines(part: Part) -> None:
    """A table section whose table came as lines of text, its cells run together (a crawler that
    keeps the paragraphs but flattens each table): the lines become the table's rows."""
    lines = []
    for line in part.lines:
        before, table, after = table_block(line.text, line.location)
        if table is None or not any(token.run for row in table.rows for token in row):
            lines.append(line)
            continue
        if before.strip():
            lines.append(Line(before.strip(), line.location))
        stream: list = []
        for row in table.rows:
            stream.extend(row)
            stream.append(BREAK)
        part.streams.append((stream, True))
        if after.strip():
            lines.append(Line(after.strip(), line.location))
    part.lines = lines


_SUBHEADING = re.compile(r"^[（(]\s*[一二三四五六七八九十1-9]\s*[）)]")


def _lost_headings(parts: list, edition: Edition) -> None:
    """A section whose heading a converter dropped (五、… went missing, its （一）主要问题 and
    （二）改进情况 stayed): where the section before the next one found ends in such sub-headings,
    they begin the lost section. Only the section between two found ones, only on its own words."""
    found = [p.key for p in parts if p.key is not None]
    order = [spec.key for spec in edition.sections]
    for spec in edition.sections:
        position = order.index(spec.key)
        if spec.key in found or position in (0, len(order) - 1) or spec.key in _TABLE_SECTIONS:
            continue  # a section with tables is found by its tables, not by a sub-heading's words
        before, after = order[position - 1], order[position + 1]
        if before not in found or after not in found:
            continue
        words = {word for group in spec.keywords for word in group}
        at = next((i for i, p in enumerate(parts) if p.key == before), None)
        host = parts[at]
        start = next((i for i, line in enumerate(host.lines)
                      if len(squash(line.text)) <= 30 and _SUBHEADING.match(squash(line.text))
                      and any(word in line.text for word in words)), None)
        if start is None:
            continue
        first = host.lines[start]
        lost = Part(spec.key, first.text, first.location, spec.number, host.lines[start:], inferred=True)
        host.lines = host.lines[:start]
        parts.insert(at + 1, lost)


def _sections(parts: list, edition: Edition, data: dict, locations: dict, problems: list) -> None:
    order = [s.key for s in edition.sections]
    sections: dict = {}
    last_index = -1
    for part in parts:
        spec = edition.section(part.key)
        text = "\n".join(line.text for line in part.lines)
        if part.key in sections:
            problems.append(Problem("order", f"“{spec.title}”出现了不止一次", ("sections", part.key), part.location))
            previous = sections[part.key]
            merged = (previous["text"] if isinstance(previous, dict) else previous) + "\n" + text
            sections[part.key] = {**previous, "text": merged} if isinstance(previous, dict) else merged
            continue
        index = order.index(part.key)
        if part.inferred:
            problems.append(Problem("order", f"没有找到“{spec.title}”这一标题：按“{part.heading.strip()}”起的内容读作这一部分",
                                    ("sections", part.key), part.location))
        elif index < last_index:
            problems.append(Problem("order", f"“{spec.title}”排在了后面部分之后（顺序与模板不同）",
                                    ("sections", part.key), part.location))
        elif part.number != spec.number:
            problems.append(Problem("order", f"“{part.heading.strip()}”的编号与模板不同：模板中这一部分是“{spec.number}”",
                                    ("sections", part.key), part.location))
        last_index = max(last_index, index)
        if core(_after_number(part.heading)) == core(_after_number(spec.title)) and part.number == spec.number:
            sections[part.key] = text
            locations[("sections", part.key)] = part.location
        else:
            sections[part.key] = {"heading": part.heading.strip(), "text": text}
            locations[("sections", part.key)] = part.location
            locations[("sections", part.key, "heading")] = part.location
        if part.lines:
            locations[("sections", part.key, "text")] = part.lines[0].location
        for index, line in enumerate(part.lines):
            locations[("sections", part.key, "line", index)] = line.location
    data["sections"] = sections


# -- title, agency, year ---------------------------------------------------------------------
def _metadata(preamble: Part, document: Document, data: dict, locations: dict) -> None:
    lines = preamble.lines
    title_at = None
    spans = 1  # lines the title takes: a copy out of a PDF may break it in two
    for index in range(len(lines) - 1, -1, -1):  # the nearest to the report body
        text = lines[index].text
        if len(text) <= 80 and _REPORT_WORDS.search(squash(text)):
            title_at = index
            break
        if index + 1 < len(lines) and _title_in_two(text, lines[index + 1].text):
            title_at, spans = index, 2
            break
    title = None
    if title_at is not None:
        title = _unlabelled_title("".join(squash(line.text) for line in lines[title_at:title_at + spans]))
        first = title_at
        # the agency is often on the line above the title (青岛市大数据发展管理局 / 2020年度…报告)
        if title_at > 0:
            above = squash(lines[title_at - 1].text)
            if above and len(above) <= 30 and _AGENCY_END.search(above) and not re.search(r"\d", above) \
                    and not title.startswith(above):
                title = above + title
                first = title_at - 1
        data["title"] = title
        locations[("title",)] = lines[first].location
        preface = lines[title_at + spans:]
    else:
        if document.title_hint and _REPORT_WORDS.search(squash(document.title_hint)):
            title = squash(document.title_hint).split("-")[0].split("_")[0]
            data["title"] = title
        preface = lines
    preface_text = "\n".join(line.text for line in preface)
    preface_squashed = squash(preface_text)
    if preface_text.strip():
        data["preface"] = preface_text
        locations[("preface",)] = preface[0].location
        for index, line in enumerate(preface):
            locations[("preface", "line", index)] = line.location
    published = _PUBLISHED.search(preface_squashed) or _PUBLISHED.search(
        squash("\n".join(line.text for line in lines)))
    if published:
        y, m, d = published.groups()
        data["published"] = f"{y}-{int(m):02d}-{int(d):02d}"
    elif document.published:
        data["published"] = document.published
        if document.published_at is not None:
            locations[("published",)] = document.published_at
    if document.source:
        data["source"] = document.source
    year = None
    if title:
        match = _YEAR.search(title)
        if match:
            year = int(match.group(1))
            agency = _agency(title, match)
            if agency:
                data["agency"] = agency
                locations[("agency",)] = locations.get(("title",))
    if "agency" not in data:
        named = _agency_in_text(preface_squashed)
        if named:
            data["agency"] = named
            locations[("agency",)] = locations.get(("preface",))
    if year is None:
        period = _PERIOD.search(preface_squashed)
        if period:
            year = int(period.group(1))
    if year is not None:
        data["year"] = year
        locations[("year",)] = locations.get(("title",))


def _unrecognised_metadata(preamble: Part, document: Document, data: dict, locations: dict) -> None:
    """What agency and year a file holding no recognisable report tells, and nothing more. Its lines
    are no report's: on such a page a title-like line is as likely a link to another report (a
    sidebar of earlier years' reports, 往年年报) as its own. The page's own title, where it names a
    report, says what the page is; lines naming reports of more than one year are a list, and say
    nothing of this page. (A recognised report keeps the title nearest its body, as _metadata finds it.)"""
    own = title_facts(document.title_hint)
    years = {match.group(1) for line in preamble.lines if len(line.text) <= 80
             and _REPORT_WORDS.search(squash(line.text)) and (match := _YEAR.search(squash(line.text)))}
    if not own and len(years) <= 1:
        return  # one report named on the page: its title, as _metadata read it
    for key in ("title", "agency", "year"):
        data.pop(key, None)
        locations.pop((key,), None)
    data.update(own)


# a field's name written before the title, as crawlers and forms write it: 标题：…, 【标题】…, Title: …
_TITLE_LABEL = re.compile(r"^(?:【(?:文章)?(?:标题|题目|名称)】|\[(?:标题|题目|title)\]|(?:文章)?(?:标题|题目|名称)[:：]"
                          r"|(?:title|subject|headline|name)\s*[:：])", re.I)


def _unlabelled_title(title: str) -> str:
    return _TITLE_LABEL.sub("", title, count=1)


def title_facts(title_hint: Optional[str]) -> dict:
    """The title, year and agency a page's own title (<title>) gives where it names a report
    (江北市示例局2024年度政府信息公开工作年度报告_江北市人民政府); {} where it does not."""
    hint = _unlabelled_title(squash(title_hint or ""))
    year = _YEAR.search(hint)
    if not year or not _REPORT_WORDS.search(hint):
        return {}
    title = hint.split("-")[0].split("_")[0]
    year = _YEAR.search(title)
    if not year:
        return {}
    facts = {"title": title, "year": int(year.group(1))}
    agency = _agency(title, year)
    if agency:
        facts["agency"] = agency
    return facts


# the agency as the first paragraph names it, where no title line does: 本报告由某某局根据…编制;
# 现将某某县人民政府2025年政府信息公开年度报告向社会公布
_AGENCY_IN_TEXT = (re.compile(r"由([\u4e00-\u9fff]{2,30}?)(?:根据|依据|按照|编制|负责)"),
                   re.compile(r"(?:^|[，。；,;]|现将|本报告为|本报告是)([\u4e00-\u9fff]{2,30}?)(?:19|20)\d{2}年度?政府信息公开"))


def _agency_in_text(text: str) -> Optional[str]:
    for pattern in _AGENCY_IN_TEXT:
        for match in pattern.finditer(text[:400]):
            if _AGENCY_END.search(match.group(1)):
                return match.group(1)
    return None


def _title_in_two(text: str, following: str) -> bool:
    """A title broken after its first words: 2025年某某局政府信息公开 / 工作年度报告."""
    first, second = squash(text), squash(following)
    return (len(first) <= 40 and len(second) <= 12 and "政府信息公开" in first and "报告" in second
            and not _REPORT_WORDS.search(first) and bool(_REPORT_WORDS.search(first + second)))


def _agency(title: str, year_match) -> Optional[str]:
    before = title[: year_match.start()].strip()
    if before:
        return before
    after = title[year_match.end():]
    after = re.sub(r"^度", "", after)
    cut = re.search(r"政府信息公开", after)
    agency = after[: cut.start()] if cut else ""
    return agency or None


# -- tables ----------------------------------------------------------------------------------
def _table_streams(parts: list) -> dict:
    """Token streams per template section (二, 三, 四); tables outside those are placed by content."""
    streams: dict = {}
    for part in parts:
        for stream, rows_known in part.streams:
            # a table before any heading is placed by what it holds; one in 一、五、六 is no form table
            key = part.key if part.key in _TABLE_SECTIONS else (_guess_section(stream) if part.key is None else None)
            if key:
                existing = streams.setdefault(key, ([], rows_known))
                existing[0].extend(stream)
                if rows_known:
                    existing[0].append(BREAK)
    return streams


def _guess_section(stream: list) -> Optional[str]:
    text = "".join(squash(t.text) for t in stream if t is not BREAK)
    if "第二十条" in text:
        return "proactive"
    if "本年新收" in text or "上年结转" in text:
        return "applications"
    if "结果维持" in text or "尚未审结" in text:
        return "review_litigation"
    return None


@lru_cache(maxsize=None)
def _distinctive() -> dict:
    """For each edition, the labels (cores) only its form prints: captions, rows, column heads."""
    labels = {}
    for edition in editions().values():
        words = set()
        for table in edition.tables:
            words.add(core(table.title.split(" › ")[-1]))
            words.update(core(r.title) for r in table.rows)
            words.update(core(c.title) for c in table.columns)
        labels[edition.id] = words
    return {e: words - set().union(*(w for other, w in labels.items() if other != e)) for e, words in labels.items()}


@lru_cache(maxsize=None)
def _distinctive_owners() -> dict:
    """A distinctive label → the one edition that prints it."""
    return {word: edition_id for edition_id, words in _distinctive().items() for word in words}


@lru_cache(maxsize=None)
def _owner_of():
    """A cell's text → the one edition whose distinctive labels hold its core, or None: looked up
    in C, and worked out once per text (labels are the form's, and repeat report after report)."""
    owners = _distinctive_owners()
    return _Memo(lambda text: owners.get(core(text))).__getitem__


def _best_edition(streams: dict):
    # most reports say which form they are on in a few distinctive labels: parse for that edition
    # only; where the labels do not decide, parse for every edition and keep the best fit
    owner_of = _owner_of()
    votes = {edition_id: 0 for edition_id in _distinctive()}
    for stream, _ in streams.values():
        for token in stream:
            if token is not BREAK:
                owner = owner_of(token.text)
                if owner is not None:
                    votes[owner] += 1
    ranked = sorted(votes.items(), key=lambda item: -item[1])
    if len(ranked) > 1 and ranked[0][1] > ranked[1][1]:
        chosen = editions()[ranked[0][0]]
        return chosen, _parse_tables(chosen, streams)
    best = None
    for edition in editions().values():
        parsed = _parse_tables(edition, streams)
        if best is None or parsed["score"] > best[1]["score"]:
            best = (edition, parsed)
    return best if best else (list(editions().values())[-1], None)


def _parse_tables(edition: Edition, streams: dict) -> dict:
    out = {"data": {}, "locations": {}, "written": {}, "score": 0}
    for key, (stream, rows_known) in streams.items():
        if key == "proactive":
            _parse_proactive(edition, stream, rows_known, out)
        else:
            table = edition.table((key,))
            _parse_table(edition, table, stream, rows_known, out)
    return out


@lru_cache(maxsize=None)
def _proactive_plan(edition: Edition) -> tuple:
    """(captions, row owners, column owners) of an edition's section 二 tables, made once."""
    blocks = [t for t in edition.tables if t.path[0] == "proactive"]
    captions = LabelIndex((t.path[1], t.title.split(" › ")[-1]) for t in blocks)
    # a table whose caption a converter moved away still names its rows (规章, 行政规范性文件)
    row_owner = LabelIndex((t.path, r.title) for t in blocks for r in t.rows)
    column_tables: dict = {}
    for t in blocks:
        for c in t.columns:
            column_tables.setdefault(core(c.title), set()).add(t.path)
    column_owner = {title: next(iter(paths)) for title, paths in column_tables.items() if len(paths) == 1}
    return captions, row_owner, column_owner


_ARTICLE_20 = re.compile(r"^第二十条")  # a caption of section 二 the edition's own captions do not name


def _parse_proactive(edition: Edition, stream: list, rows_known: bool, out: dict) -> None:
    captions, row_owner, column_owner = _proactive_plan(edition)
    readings = _readings(edition.blank_markers)
    kind = readings.kind
    current: Optional[Table] = None
    pending: list = []
    out["data"].setdefault("proactive", {})

    def flush():
        if current is not None and pending:
            _parse_table(edition, current, pending, rows_known, out)

    for token in stream:
        if token is not BREAK and kind(token.text) == TEXT:
            written = core(token.text)
            caption = captions.exact_core(written)
            # what squashes to 第二十条… has a core that begins so: most labels are passed over by it
            if caption is None and written.startswith("第二十条") and _ARTICLE_20.match(squash(token.text)):
                flush()
                current, pending = None, []
                name = _as_written(token.text)
                out["data"]["proactive"][name] = {}
                out["locations"][("proactive", name)] = token.location
                out["score"] -= 5
                continue
            if caption is not None:
                flush()
                current, pending = edition.table(("proactive", caption)), []
                out["locations"][current.path] = token.location
                continue
            owner = (row_owner.find_core(written) or column_owner.get(written)) if current is not None else None
            if owner is not None and owner != current.path and not out["data"]["proactive"].get(owner[1]):
                flush()
                current, pending = edition.table(owner), []
        if current is not None:
            pending.append(token)
    flush()


class _Readings:
    """What cell texts read as under one edition's blank markers, remembered per text in dicts
    that work out a text the first time it is seen (a lookup by the text alone, made in C, where a
    method or a cache keyed by several arguments costs a call every time): a report's cells repeat
    the same few texts (0, 1, …) hundreds of times. Bounded, as a batch also meets endless one-off
    texts."""

    LIMIT = 8192

    def __init__(self, markers: frozenset):
        self.markers = markers
        # text → BLANK, NUMBER or TEXT
        self.kind = _Memo(lambda text: classify_cell(text, markers)[0]).__getitem__
        # text → the value a count written so reads as
        self.count = _Memo(lambda text: _cell_value(text, markers, False)[0]).__getitem__
        # text → (value, amount as written) as money is read
        self.amount = _Memo(lambda text: _cell_value(text, markers, True)).__getitem__

    def value(self, text: str, money: bool) -> tuple:
        """(the value, the amount as written for money or None)."""
        return self.amount(text) if money else (self.count(text), None)


class _Memo(dict):
    """text → what `work` makes of it, worked out on the first lookup and kept (up to a bound)."""

    __slots__ = ("work",)

    def __init__(self, work):
        super().__init__()
        self.work = work

    def __missing__(self, text: str):
        found = self.work(text)
        if len(self) < _Readings.LIMIT:
            self[text] = found
        return found


@lru_cache(maxsize=None)
def _readings(markers: frozenset) -> _Readings:
    return _Readings(markers)


def _value(edition: Edition, column, token: Token, path: tuple, out: dict):
    out["locations"][path] = token.location
    value, written = _readings(edition.blank_markers).value(token.text, column is not None and column.kind == "money")
    if written is not None:
        out["written"][path] = written
    return value


def _cell_value(text: str, markers: frozenset, money: bool) -> tuple:
    """(the value the structured report holds, the amount as written for money or None) for a
    cell's text."""
    kind, value, unit = classify_cell(text, markers)
    if kind == BLANK:
        marker = squash(text)
        return None if marker == "" else (marker if marker in markers else text.strip()), None
    if kind == TEXT:
        return text.strip(), None
    if money:
        amount = to_wan_yuan(value, unit)
        return plain(amount), format(amount, "f")
    return plain(value) if value == value.to_integral_value() else text.strip(), None


@dataclass(frozen=True)
class _TablePlan:
    """What reading a table of an edition looks its labels up in, made once rather than per report."""

    index: LabelIndex  # the rows' labels
    headers: dict  # a column header's words (core) → column key
    long_headers: tuple  # (words, column key) of the headers long enough to be found inside other words
    header_goal: int  # how many columns those name: once all are seen, no more looking
    last_groups: dict  # row key → its innermost group, or None
    by_key: dict  # column key → column
    template_rows: frozenset
    column_keys: tuple
    money: frozenset  # the keys of the columns that hold money
    row_order: dict  # row key → its position in the form
    row_titles: dict  # row key → its label's core
    cell_paths: dict  # row key → the paths of its cells, in the form's column order


@lru_cache(maxsize=None)
def _table_plan(edition: Edition, path: tuple) -> _TablePlan:
    table = edition.table(path)
    keys = tuple(c.key for c in table.columns)
    index = LabelIndex([(r.key, r.title) for r in table.rows] + [(r.key, r.brief) for r in table.rows if r.brief])
    headers = {core(c.title): c.key for c in table.columns}
    long_headers = tuple((title, key) for title, key in headers.items() if len(title) >= 4)
    return _TablePlan(index, headers, long_headers, len({key for _, key in long_headers}),
                      {r.key: r.groups[-1] if r.groups else None for r in table.rows}, {c.key: c for c in table.columns},
                      frozenset(r.key for r in table.rows), tuple(c.key for c in table.columns),
                      frozenset(c.key for c in table.columns if c.kind == "money"),
                      {r.key: position for position, r in enumerate(table.rows)},
                      {r.key: core(r.title) for r in table.rows},
                      {r.key: tuple(table.path + (r.key, key) for key in keys) for r in table.rows})


def _parse_table(edition: Edition, table: Table, stream: list, rows_known: bool, out: dict) -> None:
    target = out["data"]
    for part in table.path:
        target = target.setdefault(part, {})
    if table.layout == "one-row":
        _parse_one_row(edition, table, stream, rows_known, target, out)
        return
    plan = _table_plan(edition, table.path)
    apart = None if rows_known else labels_apart(stream, plan.index.exact, plan.row_order)
    if apart is not None:  # labels in one block, numbers in another: no row can be told (S011, once)
        out.setdefault("problems", []).append(Problem("ambiguous", f"{edition.label(table.path)}：复制出的文字中，表格各行的"
                                                      f"标签集中在一处、数字在另一处，不能确定各数属于哪一行；这张表未读取、未核对，请对照原文核实",
                                                      table.path, apart.location))
        return
    index, headers, long_headers, by_key, template_rows = (plan.index, plan.headers, plan.long_headers,
                                                           plan.by_key, plan.template_rows)
    column_keys, cell_paths, money, last_groups = plan.column_keys, plan.cell_paths, plan.money, plan.last_groups
    columns = table.columns
    width = len(columns)
    readings = _readings(edition.blank_markers)
    kind_of, read_count = readings.kind, readings.count
    locations, texts = out["locations"], out["written"]
    # where each column's header sits, per physical table: a grid (web page, Word, PDF) places a
    # value under its header even if a report adds a column (a 小计) or orders them differently
    header_at: dict = {}  # table number → {grid column → column key, or the header's own words}
    complete: dict = {}  # table number → (whether its headers name every column, the columns' keys
    # by the grid columns of a row's values): kept until the headers change
    labels: list = []
    row_key = None
    values: list = []
    seen: set = set()
    headers_seen: set = set()
    strays = 0
    lost: list = []  # rows with fewer numbers than the header has columns
    ended_by_break = False  # the row being finished ended where the table's row ends
    last_group = None  # the group of the row resolved last: 1. 2. … are numbered within it
    pending_runs: list = []  # rows whose run of digits balances in several ways: settled by the columns
    header_goal = plan.header_goal
    looking = True  # for the form's column headers, until all are seen

    def resolve():
        # the last label, then it with the labels before it (a label broken over cells)
        key = index.exact(labels[-1].text)
        if key:
            return key  # most rows: their own label
        joined = [labels[-1].text]
        for size in range(2, min(4, len(labels)) + 1):
            joined.append(labels[-size].text + joined[-1])
        for text in joined[1:]:
            key = index.exact(text)
            if key:
                return key
        for text in joined:
            key = index.find(text)
            if key:
                return key
        return _numbered_in_group(table, labels, last_group)

    def finish():
        nonlocal row_key, values, labels, strays
        count = len(values)
        # a label spanning several label columns leaves empty cells before the values where the
        # table format cannot span (Markdown, some Word exports): they are not cells of the form
        if rows_known and count > width:
            while len(values) > width and squash(values[0].text) == "":
                values = values[1:]
            while len(values) > width and squash(values[-1].text) == "":
                values = values[:-1]
            count = len(values)
        if count == 1 and values[0].run:
            values = _read_run(edition, table, row_key, values[0], columns, out, pending_runs) or []
            count = len(values)
        if 0 < count < width and _cells_lost(ended_by_break, values, columns, row_key, template_rows, headers_seen):
            lost.append((row_key, values))  # which column each number is in cannot be told
            count = 0
        if count:
            if row_key is None or row_key in seen:
                label = _as_written(labels[-1].text) if labels else None
                if not label:
                    strays += 1
                    label = f"无标签的行{strays}"
                row_key = label if row_key is None else f"{label}（重复）"
                out["score"] -= 3
            seen.add(row_key)
            row = target.setdefault(row_key, {})
            row_path = table.path + (row_key,)
            locations[row_path] = (labels[-1] if labels else values[0]).location
            placed = _placed(values, header_at, complete, by_key)
            if placed is None:  # by the form's order
                keys = column_keys[:count] if count <= width else \
                    column_keys + tuple(f"第{position + 1}列" for position in range(width, count))
                named = min(count, width)
                in_order = count <= width
            else:
                keys, named, in_order = placed
            # a form row's cells in form columns count for this edition; anything else against it
            out["score"] += 2 * named - count if row_key in template_rows else -count
            paths = cell_paths.get(row_key) if in_order and not money else None
            if paths is not None:  # most rows: a form row's counts in the form's columns, paths made once
                for token, key, path in zip(values, keys, paths):
                    locations[path] = token.location
                    row[key] = read_count(token.text)
                values = ()
            for token, key in zip(values, keys):
                path = row_path + (key,)
                locations[path] = token.location
                if key in money:
                    value, written = readings.amount(token.text)
                    if written is not None:
                        texts[path] = written
                else:
                    value = read_count(token.text)
                row[key] = value
        labels, row_key, values = [], None, []

    for token in stream:
        if token is BREAK:
            if values:
                ended_by_break = True
                finish()
                ended_by_break = False
            else:  # a row of headers or labels only: nothing to finish but its labels
                labels = []
            continue
        kind = NUMBER if token.run else kind_of(token.text)
        if kind == TEXT:
            written = core(token.text)
            header = headers.get(written)
            # the column headers of this edition's table are evidence for it, also where copied
            # text runs a header row into one line (信息内容 本年制发件数 本年废止件数 …)
            if looking:
                looking = len(headers_seen) < header_goal
            if looking:
                for title, key in long_headers:
                    if title in written and key not in headers_seen:
                        headers_seen.add(key)
                        out["score"] += 2
            grid = token.location
            if rows_known and not values and grid.table is not None and grid.col is not None:
                known = header_at.get(grid.table)
                if known is None:
                    known = header_at[grid.table] = {}
                if header:
                    known[grid.col] = header
                    complete.pop(grid.table, None)
                elif known and grid.col not in known and grid.col > min(known):
                    known[grid.col] = _as_written(token.text)  # a column the form does not have
                    complete.pop(grid.table, None)
            if values and len(values) < width and _bad_value(token.text) and index.find(token.text) is None:
                values.append(token)  # a cell written as words (约10): kept, S002 reports it
                continue
            if values:
                finish()
            labels.append(token)
            continue
        if not values:
            row_key = resolve() if labels else None
            if row_key is None and kind == BLANK:
                continue  # an empty spanned cell of the header or the label columns
            # numbers under no label the form knows are kept as a row of their own (S008), never dropped
            if row_key is not None:
                last_group = last_groups[row_key]
        values.append(token)
        if not rows_known and len(values) == width:
            finish()
    finish()
    _settle_runs(edition, table, target, pending_runs, out)
    _report_lost_cells(edition, table, lost, target, out)
    _fill_unlabelled_rows(table, plan, target, out)


def _cells_lost(row_ended: bool, values: list, columns: tuple, row_key, template_rows: set, headers_seen: set) -> bool:
    """A row of a table with known rows that holds fewer cells than the header it stands under
    names columns: a converter dropped cells, and which number is in which column is unknown."""
    return (row_ended and row_key in template_rows and 0 < len(values) < len(columns)
            and headers_seen >= {c.key for c in columns}
            and all(v.location.table is None for v in values))  # a grid places values by their headers


def _report_lost_cells(edition: Edition, table: Table, lost: list, target: dict, out: dict) -> None:
    """One finding for a table whose rows lost cells: which table, which rows, and what they hold."""
    if not lost:
        return
    for row_key, _ in lost:
        target.setdefault(row_key, {})  # the row is there, though unread: not a missing row
    rows = "；".join(f"{table.row(k).title}：{'、'.join(v.text for v in values)}" for k, values in lost)
    message = (f"{edition.label(table.path)}：表头有 {len(table.columns)} 列，这些行的数却更少（{rows}），"
               f"原文在转换时丢了单元格，不能确定各数属于哪一列；这张表未读取、未核对")
    out.setdefault("problems", []).append(Problem("ambiguous", message, table.path, lost[0][1][0].location))


def _fill_unlabelled_rows(table: Table, plan: _TablePlan, target: dict, out: dict) -> None:
    """Rows whose labels a converter split from their numbers (the label lands lines away, or in
    pieces) take the form's rows that are missing, by the form's fixed order: between two rows
    that were read by label, k rows without a label (or with only a piece of one) fill the k
    template rows missing there — only when the counts agree, so nothing is guessed."""
    order, titles = plan.row_order, plan.row_titles
    if order.keys() >= target.keys():
        return  # every row read by its label (most tables): no row to place
    keys = list(target)
    anchors = [(-1, -1)] + [(at, order[k]) for at, k in enumerate(keys) if k in order] + [(len(keys), len(order))]
    if any(b[1] <= a[1] for a, b in zip(anchors, anchors[1:])):
        return  # rows out of the form's order: positions say nothing
    renamed: dict = {}
    for (start, low), (end, high) in zip(anchors, anchors[1:]):
        loose = keys[start + 1:end]
        missing = [row.key for row in table.rows[low + 1:high] if row.key not in target]
        if not loose or len(loose) != len(missing):
            continue
        if all(_unlabelled(k) or any(core(k) in titles[m] for m in missing) for k in loose):
            renamed.update(zip(loose, missing))
    if not renamed:
        return
    rows = {renamed.get(k, k): v for k, v in target.items()}
    target.clear()
    target.update(rows)
    for store in (out["locations"], out["written"]):
        for path in [p for p in store if p[:len(table.path)] == table.path and len(p) > len(table.path)
                     and p[len(table.path)] in renamed]:
            moved = table.path + (renamed[path[len(table.path)]],) + path[len(table.path) + 1:]
            value = store.pop(path)
            if isinstance(value, Location) and value.note is None:  # say how the row was placed
                value = replace(value, note="标签与数字不在一处，按表格的行序读出")
            store[moved] = value
    for new_key in renamed.values():
        out["score"] += 3 + 2 * len(target[new_key])  # what the row lost as a stray, now a form row


def _unlabelled(key: str) -> bool:
    return key.startswith("无标签的行")


def _placed(values: list, header_at: dict, complete: dict, by_key: dict) -> Optional[tuple]:
    """(each value's column key by the header above it, how many of those the form has, whether
    they are the form's first columns in its order), when this table's headers are known for every
    value and name every template column; None to fall back on the form's order. `complete`
    remembers per table whether its headers name every column, and what rows under the same grid
    columns were placed as (a table's rows mostly share them), until its headers change."""
    grid = values[0].location if values else None
    known = header_at.get(grid.table) if grid is not None else None
    if not known:
        return None
    table = grid.table
    remembered = complete.get(table)
    if remembered is None:
        remembered = complete[table] = (sum(map(by_key.__contains__, known.values())) >= len(by_key), {})
    named, placements = remembered
    if not named:
        return None
    columns = tuple([v.location.col if v.location.table == table else None for v in values])
    if columns in placements:
        return placements[columns]
    keys = [known.get(column) for column in columns]
    if None in keys or len(set(keys)) != len(keys):
        placed = None
    else:
        keys = tuple(k if k in by_key else f"{k}（模板外）" for k in keys)
        placed = keys, sum(map(by_key.__contains__, keys)), keys == tuple(by_key)[:len(keys)]
    placements[columns] = placed
    return placed


def _numbered_in_group(table: Table, labels: list, group: Optional[str]) -> Optional[str]:
    """A numbered label the text match missed (a typo such as 2.其他法律行政止公开): the row with that
    number in the group named just before it, or in the group of the previous row."""
    if not labels:
        return None
    number = re.match(r"^(\d+)[.、．,，]", squash(labels[-1].text))
    if not number:
        return None
    written_groups = [core(t.text) for t in labels[:-1]]
    numbered = [r for r in table.rows if r.groups and r.title.startswith(number.group(1) + ".")]
    for row in numbered:  # a group written beside the label decides first
        if core(row.groups[-1]) in written_groups:
            return row.key
    for row in numbered:
        if row.groups[-1] == group:
            return row.key
    return None


def _captions_as_labels(edition: Edition, rows: list) -> list:
    """Table 四 written as one small table a group, each under its caption (### 行政复议, then a
    header row and a row of numbers): the caption labels the numbers below it."""
    labelled, caption = [], None
    kind = _readings(edition.blank_markers).kind
    for row in rows:
        kinds = [NUMBER if t.run else kind(t.text) for t in row]
        if len(row) == 1 and row[0].alone and kinds[0] == TEXT:
            caption = row[0]
        elif caption is not None and NUMBER in kinds and TEXT not in kinds:
            row = [caption] + row
            caption = None
        labelled.append(row)
    return labelled


def _parse_group_rows(edition: Edition, table: Table, data_rows: list, target: dict, out: dict) -> bool:
    """Table 四 written one group a row (行政复议 | 结果维持 … 总计), as some reports lay it out."""
    index = LabelIndex([(r.key, r.title) for r in table.rows] +
                       [(r.key, "".join(r.groups) + r.title) for r in table.rows if r.groups])
    found = {}
    kind = _readings(edition.blank_markers).kind
    for row in data_rows:
        words = [t for t in row if kind(t.text) == TEXT]
        # 行政诉讼（复议后起诉）: the brackets hold the row's own name here, not a note to drop
        written = re.sub(r"[（）()]", "", "".join(t.text for t in words[-2:]))
        key = index.find(written) if words else None
        values = row[row.index(words[-1]) + 1:] if words else []
        if key is None or key in found or len(values) != len(table.columns):
            return False
        found[key] = values
    if len(found) != len(table.rows):
        return False
    for key, values in found.items():
        out["locations"][table.path + (key,)] = values[0].location
        for column, token in zip(table.columns, values):
            target.setdefault(key, {})[column.key] = _value(edition, column, token, table.path + (key, column.key), out)
            out["score"] += 1
    return True


def _as_written(text: str) -> str:
    """A label as the report wrote it, for keys of rows the template does not have."""
    return "".join(text.split())


def _bad_value(text: str) -> bool:
    """Words where a number belongs: short, and holding a digit (约10件, 10（件））."""
    squashed = squash(text)
    return len(squashed) <= 12 and bool(re.search(r"\d", squashed))


def _parse_one_row(edition: Edition, table: Table, stream: list, rows_known: bool, target: dict, out: dict) -> None:
    """Table 四: the three groups' five cells each, side by side in one data row."""
    needed = len(table.rows) * len(table.columns)
    kind = _readings(edition.blank_markers).kind
    if rows_known:
        rows, row = [], []
        for token in stream:
            if token is BREAK:
                rows.append(row)
                row = []
            else:
                row.append(token)
        rows.append(row)
        rows = _captions_as_labels(edition, rows)
        # a data row holds a number, or a mark written for none (—, /, 无: a year without any case)
        data_rows = [r for r in rows if any(t.run or kind(t.text) == NUMBER or (t.text and kind(t.text) == BLANK)
                                            for t in r)]
        if len(data_rows) > 1 and _parse_group_rows(edition, table, data_rows, target, out):
            return  # one group a row, each led by its label: read by label
        tokens = data_rows[0] if data_rows else []
    else:
        tokens = [t for t in stream if t is not BREAK]
    last_text = max((i for i, t in enumerate(tokens) if not t.run
                     and kind(t.text) == TEXT and not _bad_value(t.text)), default=-1)
    values = tokens[last_text + 1:]
    if len(values) == 1 and values[0].run:
        values = _read_run(edition, table, None, values[0], None, out) or []
    while len(values) > needed and squash(values[0].text) == "":
        values = values[1:]
    if not rows_known and len(values) < needed and any(kind(t.text) == NUMBER for t in tokens[:last_text]):
        # numbers among the column headers and too few after them: a copy out of a PDF put them out
        # of order, so no number's cell can be told (S011, once; not a missing cell each)
        out.setdefault("problems", []).append(Problem("ambiguous", f"{edition.label(table.path)}：复制出的文字中，表格的数字"
                                                      "夹在各列的标题之间、次序已乱，不能确定各数属于哪一格；这张表未读取、未核对，请对照原文核实",
                                                      table.path, tokens[0].location))
        return
    if not rows_known and 0 < len(values) < needed and any(kind(t.text) == NUMBER for t in values):
        # fewer numbers than cells, the blank cells left as gaps a copy does not keep (5 _ _ 2 7):
        # which number is in which cell cannot be told (S011, once; not a guess into the first cells)
        out.setdefault("problems", []).append(Problem("ambiguous", f"{edition.label(table.path)}：复制出的文字中，这一行只有 "
                                                      f"{len(values)} 个数，表格有 {needed} 格（空白的格没有留下），不能确定各数属于哪一格；"
                                                      "这张表未读取、未核对，请对照原文核实", table.path, values[0].location))
        return
    locations, written = out["locations"], out["written"]
    read = _readings(edition.blank_markers).value
    for (row_key, column, path, row_path), token in zip(_one_row_cells(edition, table.path), values):
        locations[path] = token.location  # as _value, without looking up the readings for every cell
        value, as_written = read(token.text, column.kind == "money")
        if as_written is not None:
            written[path] = as_written
        target.setdefault(row_key, {})[column.key] = value
        locations.setdefault(row_path, token.location)
    out["score"] += min(len(values), needed)
    for extra, token in enumerate(values[needed:], start=1):
        name = f"第{needed + extra}格"
        target.setdefault("表外的数字", {})[name] = _value(edition, None, token, table.path + ("表外的数字", name), out)


@lru_cache(maxsize=None)
def _one_row_cells(edition: Edition, path: tuple) -> tuple:
    """(row key, column, cell path, row path) of every cell of a one-row table, in the form's order."""
    table = edition.table(path)
    return tuple((r.key, c, path + (r.key, c.key), path + (r.key,)) for r in table.rows for c in table.columns)


# -- cells run together ----------------------------------------------------------------------
def _read_run(edition: Edition, table: Table, row_key: Optional[str], token: Token, columns, out: dict,
              pending: Optional[list] = None):
    """The cells of one run of digits (a row, or table 四's one row of three groups), read by the
    relations the form prints among them; None when the run has no single reading, which is then
    reported (ambiguous) instead of guessed."""
    one_row = columns is None  # else the table's own columns: a row of it
    kinds, relations, totals = _run_plan(edition, table.path, row_key, one_row)
    template_row = row_key in {r.key for r in table.rows}

    def miss(values):
        total = 0
        for left, right, relation, _ in relations:
            a, b = sum(values[i] for i in left), sum(values[i] for i in right)
            total += max(0, a - b) if relation == "<=" else abs(a - b)
        return total

    verdict = choose(token.text, kinds, miss if relations else None, totals)
    where = table.path + ((row_key,) if row_key else ())
    settle = pending is not None and template_row
    if verdict.status in ("single", "balanced") or (verdict.status == "unbalanced" and not settle):
        return _pieces(token, verdict)
    label = edition.label(where) if template_row or one_row else f"{table.title} › {row_key or '无标签的行'}"
    if settle and verdict.status in ("ambiguous", "unbalanced"):
        # the sums down the columns, with the rows around it, may settle it
        pending.append((row_key, token, verdict, label, where, miss))
    else:  # ambiguous with nothing to settle it, or unreadable
        _unread(token, verdict, len(kinds), label, where, out)
    return None


@lru_cache(maxsize=1024)
def _run_plan(edition: Edition, table_path: tuple, row_key: Optional[str], one_row: bool) -> tuple:
    """(the kinds of a run's cells, the relations among them, the indices of the totals) for a row
    of a table, or table 四's one row: the same for every report of an edition, so made once."""
    table = edition.table(table_path)
    if one_row:  # table 四: every group's five cells side by side
        cells = [(r.key, c) for r in table.rows for c in table.columns]
    else:
        cells = [(row_key, c) for c in table.columns]
    kinds = [c.kind for _, c in cells]
    template_row = row_key in {r.key for r in table.rows}
    position = {(r, c.key): i for i, (r, c) in enumerate(cells)}
    relations = []  # (left indices, right indices, relation, derived)
    for identity in edition.identities:
        if identity.table != table.path or identity.across != "rows":
            continue
        for r in ({r for r, _ in cells} if one_row else {row_key} if template_row else set()):
            left = [position[(r, k)] for k in identity.left if (r, k) in position]
            right = [position[(r, k)] for k in identity.right if (r, k) in position]
            if len(left) == len(identity.left) and len(right) == len(identity.right):
                relations.append((left, right, identity.relation, identity.derived))
    totals = frozenset(i for left, _, _, derived in relations if derived == "left" for i in left)
    return kinds, relations, totals


def _unread(token: Token, verdict, count: int, label: str, where: tuple, out: dict) -> None:
    """Say which run could not be read, and how it might read, instead of guessing."""
    if verdict.status == "ambiguous":
        plausible = sorted(verdict.candidates, key=lambda c: (max(len(p.text) for p in c), [len(p.text) for p in c]))
        ways = [shown(c) for c in plausible[:4]]
        if len(verdict.candidates) > 4:
            readings = "、".join(ways) + f" 等 {len(verdict.candidates)} 种"
        else:
            readings = "、".join(ways[:-1]) + f" 或 {ways[-1]}"
        message = (f"{label}：数字连写为“{token.text}”，可以读作 {readings}，"
                   f"表中的勾稽关系不能确定是哪一种；这些单元格未读取、未核对")
    else:
        message = (f"{label}：数字连写为“{token.text}”，拆不成 {count} 个单元格；"
                   f"这些单元格未读取、未核对")
    out.setdefault("problems", []).append(Problem("ambiguous", message, where, token.location))
    out["score"] += count // 2  # the labels were the form's all the same


_RUN_NOTES = {  # how a run's cells were read, for each kind of verdict
    "single": "由连写的“{run}”逐格读出",
    "balanced": "由连写的“{run}”按表中的勾稽关系拆出（{cells}）",
    "unbalanced": "由连写的“{run}”读出：没有一种拆法使勾稽关系成立，按最接近成立的拆法读作 {cells}",
    "columns": "由连写的“{run}”按表中各列的勾稽关系拆出（{cells}）",
    "nearest": "由连写的“{run}”读出：没有一种拆法使这一行的勾稽关系成立，按与各列最吻合的拆法读作 {cells}",
}


def _pieces(token: Token, verdict) -> list:
    """One token a cell, each located at its digits and saying how it was read."""
    note = _RUN_NOTES[verdict.status].format(run=token.text, cells=shown(verdict.cells))
    base = token.location
    if base is None:
        return [Token(piece.text, None) for piece in verdict.cells]
    return [Token(piece.text, base.moved(piece.start if base.column is not None else 0, note))
            for piece in verdict.cells]


def _settle_runs(edition: Edition, table: Table, target: dict, pending: list, out: dict) -> None:
    """Rows whose run of digits the row's own sums do not settle, read together by the relations
    down the columns (一 + 二 = （七）总计 + 四, （七）总计 = the result rows), with the rows read
    already: the combination under which most of those relations hold wins, then the one whose rows
    miss their own sums least. A row that balances in several ways is read only where every winning
    combination reads it alike, else reported with its readings (S011); a row that balances in no
    way is read the nearest way, and the A rules report what is wrong with it."""
    if not pending:
        return
    relations = [i for i in edition.identities if i.table == table.path and i.across == "columns"]
    columns = [c.key for c in table.columns]
    options = [list(verdict.candidates) for _, _, verdict, *_ in pending]
    while _combinations(options) > 4096 and any(len(o) > 1 for o, (_, _, v, *_) in zip(options, pending)
                                                 if v.status == "unbalanced"):
        options = [o[:max(1, len(o) // 2)] if v.status == "unbalanced" else o
                   for o, (_, _, v, *_) in zip(options, pending)]
    scored = []
    if _combinations(options) <= 4096:
        for combination in product(*options):
            chosen = {row_key: [value(p.text) for p in cells]
                      for (row_key, *_), cells in zip(pending, combination)}
            holding = sum(_column_holds(identity, column, index, chosen, target)
                          for identity in relations for index, column in enumerate(columns))
            missing = sum(entry[5](chosen[entry[0]]) for entry in pending)
            scored.append(((-holding, missing), combination))
    best = min(score for score, _ in scored) if scored else None
    winners = [combination for score, combination in scored if score == best]
    for position, (row_key, token, verdict, label, where, _) in enumerate(pending):
        readings = {combination[position] for combination in winners}
        if verdict.status == "unbalanced":
            cells = winners[0][position] if len(readings) == 1 else verdict.cells
            status = "nearest"
        elif len(readings) == 1:
            cells, status = readings.pop(), "columns"
        else:
            _unread(token, verdict, len(columns), label, where, out)
            continue
        row = target.setdefault(row_key, {})
        pieces = _pieces(token, Verdict(status, cells))
        out["locations"][table.path + (row_key,)] = pieces[0].location
        for column, piece in zip(table.columns, pieces):
            row[column.key] = _value(edition, column, piece, table.path + (row_key, column.key), out)
            out["score"] += 1


def _combinations(options: list) -> int:
    count = 1
    for choices in options:
        count *= max(1, len(choices))
    return count


def _column_holds(identity, column: str, index: int, chosen: dict, target: dict) -> bool:
    """Whether an identity holds in one column; True where a cell it needs is not there to judge."""
    sides = []
    for rows in (identity.left, identity.right):
        total = 0
        for row_key in rows:
            if row_key in chosen:
                cell = chosen[row_key][index]
            else:
                cell = target.get(row_key, {}).get(column) if isinstance(target.get(row_key), dict) else None
                if row_key not in target:
                    return True
                if cell is None or isinstance(cell, str):
                    cell = 0  # blank: counts as 0, as the arithmetic rules read it
            if isinstance(cell, bool) or not isinstance(cell, (int, float)):
                return True
            total += cell
        sides.append(total)
    return sides[0] <= sides[1] if identity.relation == "<=" else sides[0] == sides[1]
