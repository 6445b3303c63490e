"""W: the text says what it must, and agrees with the tables.

The phrases and patterns live in rules/phrases/*.yaml (xxgk_lint.wording loads and self-tests them);
these rules apply them. Local checks declared in wording data files become rules here too.
"""

from __future__ import annotations

import re

from xxgk_lint.identities import corrected
from xxgk_lint.labels import core
from xxgk_lint.numbers import squash
from xxgk_lint.report import Report
from xxgk_lint.rule import Finding, Rule, rule
from xxgk_lint.wording import LocalCheck, current, stated_in

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


@rule("W001", name="title", severity="warning",
      summary="标题缺少机关名称、年份或“政府信息公开工作年度报告”字样，或年份与数据不符")
def title(report: Report):
    """检查什么：标题包含机关名称、年份和“政府信息公开工作年度报告”字样，
    标题中的年份与报告年度、统计期限一致。

    为什么：标题是检索和归档的依据。格式要求的写法是“某某机关Y年政府信息公开工作年度报告”
    或“Y年某某机关政府信息公开工作年度报告”；写成“政府信息公开工作报告”“年度工作总结”，
    或年份写错，检查和汇总时都会漏掉或归错年度。

    错误示例：青岛市大数据发展管理局2020年度政府信息公开工作报告（少了“年度报告”字样）。

    正确示例：青岛市大数据发展管理局2020年政府信息公开工作年度报告。
    """
    text = report.title
    location = report.location(("title",))
    if not text:
        yield Finding("报告没有标题（应为“某某机关Y年政府信息公开工作年度报告”）", ("title",), location)
        return
    words = current().title_words
    squashed = squash(text)
    reasons = []
    if words not in squashed:
        reasons.append(f"没有使用规定的“{words}”字样")
    years = [int(y) for y in _YEAR.findall(squashed)]
    if not years:
        reasons.append("没有写明年份")
    elif report.year is not None and years[0] != report.year:
        reasons.append(f"年份 {years[0]} 与报告年度 {report.year} 不一致")
    period_year = _period_year(report)
    if years and period_year is not None and period_year != years[0]:
        reasons.append(f"年份 {years[0]} 与统计期限的 {period_year} 年不一致")
    remainder = re.sub(r"(?:19|20)\d{2}\s*年度?|政府信息公开|工作|年度|报告", "", squashed)
    if not remainder:
        reasons.append("没有写明机关名称")
    elif report.agency and squash(report.agency) not in squashed:
        reasons.append(f"没有包含机关名称“{report.agency}”")
    if reasons:
        yield Finding(f"标题“{text}”" + "，".join(reasons), ("title",), location)


def _period_year(report: Report):
    pattern = current().period
    if pattern is None:
        return None
    for _, _, line, _ in report.text_lines():
        found = pattern.search(squash(line))
        if found:
            return int(found.group("year"))
    return None


@rule("W002", name="heading-variant", severity="info",
      summary="部分标题与模板的标准写法不同（常见的变体）")
def heading_variant(report: Report):
    """检查什么：六个部分的标题与模板的标准写法一致。常见的变体（如“五、存在问题及改进情况”）
    可以接受，这里只作提示。

    为什么：统一的标题便于读者和检查人员查找，也便于程序汇总；变体本身不是错误。

    错误示例（提示）：五、政府信息公开工作存在的主要问题及改进情况。

    正确示例：五、存在的主要问题及改进情况。

    一个标题已由 S004 指出（编号与模板不同，或按小标题认出的部分），这里不再重复。
    """
    renumbered = {p.path for p in report.problems if p.kind == "order"}
    for spec in report.edition.sections:
        section = report.section(spec.key)
        if section is None or not section.heading or ("sections", spec.key) in renumbered:
            continue
        known = any(core(section.heading) == core(v) for v in spec.variants)
        kind = "是常见的变体写法" if known else "与模板的写法不同"
        yield Finding(f"标题“{section.heading}”{kind}，模板的标准标题为“{spec.title}”",
                      ("sections", spec.key), report.location(("sections", spec.key)))


@rule("W003", name="text-contradicts-tables", severity="error",
      summary="正文中的数字与表格矛盾：收到申请、办结、行政复议、行政诉讼……")
def text_contradicts_tables(report: Report):
    """检查什么：正文中关于本机关本年度的数字与表格一致：收到（受理、新收）申请 N 件
    等于第三部分“一、本年新收”的总计（或加上“二、上年结转”）；上年结转、办结、结转下年度、
    予以公开各与对应的行一致；行政复议 N 件等于第四部分行政复议的总计；行政诉讼 N 件等于
    两组行政诉讼总计之和；“未发生行政复议、行政诉讼”时表格应为 0。

    为什么：正文与表格矛盾，读者不知道该信哪一个，这是上级检查中扣分最多的问题之一。
    只核对明确说的是本机关、本年度的句子：全市/全区汇总、百分比、同比、上一年的数字都不核对，
    以免误报。

    错误示例：正文写“全年共收到政府信息公开申请17件”，表格第三部分一的总计为 95。

    正确示例：正文写“全年共收到政府信息公开申请95件”。
    """
    fixed = corrected(report)  # cells the arithmetic diagnosis (A006) found wrong → their right values
    for where, locate, stated in stated_in(report):  # whole sentences, across line breaks
        options = []
        for cells in stated.statement.equals_any:
            found = [report.cell(path) for path in cells]
            # a cell left blank (or never read, as a copy's lost table is) states no number to contradict
            if any(c is None or c.number is None for c in found) or all(c.blank for c in found):
                options = None
                break
            options.append((sum(c.number for c in found), found))
        if not options:
            continue
        table_value, cells = options[0]
        label = " + ".join(c.label for c in cells)
        location = locate(stated.start)
        common = dict(formula=f"{stated.statement.label} = {label}", cells=[c.as_dict() for c in cells],
                      excerpt=stated.text)
        suspects = [c for _, found in options for c in found if c.path in fixed]
        if not suspects:
            if any(total == stated.number for total, _ in options):
                continue
            yield Finding(f"正文写“{stated.text}”（{stated.number}），但表格中{label} 为 {table_value}",
                          where, location, expected=table_value, actual=stated.number, **common)
            continue
        # the table is itself diagnosed wrong: compare the text with the corrected table
        right = [sum(fixed.get(c.path, c.number) for c in found) for _, found in options]
        wrong = "、".join(f"{c.label} 填的是 {c.number}，应为 {fixed[c.path]}" for c in dict.fromkeys(suspects))
        if stated.number in right:
            if any(total == stated.number for total, _ in options):
                continue
            yield Finding(f"正文写“{stated.text}”（{stated.number}），与表格不符；但错的是表格：{wrong}"
                          f"（见 A006），改正后与正文一致，正文不用改",
                          where, location, explained_by=[".".join(c.path) for c in dict.fromkeys(suspects)],
                          **common)
        else:
            yield Finding(f"正文写“{stated.text}”（{stated.number}），与改正后的表格也不符：{wrong}（见 A006），"
                          f"改正后{label} 为 {right[0]}",
                          where, location, expected=right[0], actual=stated.number, **common)


@rule("W004", name="problems-section", severity="warning",
      summary="第五部分为空、只写“无”，或泛泛而谈、没有具体问题和改进措施")
def problems_section(report: Report):
    """检查什么：“五、存在的主要问题及改进情况”写明了具体的问题和相应的改进措施。

    为什么：这一部分是年度报告最常被批评“流于形式”的地方。空白、一个“无”字，
    或只有几句套话，都达不到格式的要求。

    错误示例：五、存在的主要问题及改进情况 —— 无。

    正确示例：一是部分栏目更新不及时。下一步将建立栏目更新台账，明确责任处室和时限。
    """
    section = report.section("problems")
    if section is None:
        return
    text = section.text.strip()
    rules = current().problems
    path, location = ("sections", "problems"), report.location(("sections", "problems"))
    if not text:
        yield Finding("“五、存在的主要问题及改进情况”没有内容", path, location)
    elif rules and rules["bare"].search(text):
        yield Finding(f"“五、存在的主要问题及改进情况”只写了“{text}”，应写明存在的问题和改进措施", path, location)
    elif rules:
        missing = []
        if not rules["problem"].search(text):
            missing.append("具体问题")
        if not rules["measure"].search(text):
            missing.append("改进措施")
        if len(squash(text)) < rules["min_chars"] or missing:
            what = "、".join(missing) if missing else "具体内容"
            yield Finding(f"“五、存在的主要问题及改进情况”过于笼统，缺少{what}（共 {len(squash(text))} 字）",
                          path, location)


@rule("W005", name="fee-statement", severity="warning",
      summary="2021 年版：第六部分没有说明信息处理费的收取情况（或未收取）")
def fee_statement(report: Report):
    """检查什么：使用 2021 年版格式的报告，在“六、其他需要报告的事项”中说明
    依据《政府信息公开信息处理费管理办法》收取信息处理费的情况，未收取的也要写明。

    为什么：国办函〔2020〕109号施行后，2021 年版格式要求报告信息处理费的收取情况；
    漏写是常见缺陷。

    错误示例：六、其他需要报告的事项 —— 本年度无其他需要报告的事项。

    正确示例：六、其他需要报告的事项 —— 本年度未收取信息处理费。
    """
    fees = current().fees
    section = report.section("other")
    if not fees or section is None or report.edition.id not in fees["editions"]:
        return
    if not fees["pattern"].search(squash(section.text)):
        yield Finding("“六、其他需要报告的事项”没有说明信息处理费的收取情况（未收取也应写明）",
                      ("sections", "other"), report.location(("sections", "other")))


@rule("W006", name="statistics-period", severity="info",
      summary="没有说明统计期限（Y年1月1日至12月31日），或统计期限不是报告年度")
def statistics_period(report: Report):
    """检查什么：报告说明了数据的统计期限，且期限为报告年度的 1 月 1 日至 12 月 31 日。

    为什么：格式的前言通常写“本报告中所列数据统计期限为Y年1月1日至12月31日”，
    它让读者知道表格数字的口径；期限写错年份，往往是沿用了上一年的报告。

    错误示例：2023 年度报告中写“统计期限为2022年1月1日至12月31日”。

    正确示例：本报告中所列数据统计期限为2023年1月1日至12月31日。
    """
    pattern = current().period
    if pattern is None:
        return
    for where, line, locate in report.text_passages():
        found = pattern.search(line)
        if found:
            year = int(found.group("year"))
            if report.year is not None and year != report.year:
                yield Finding(f"统计期限写的是 {year} 年，而报告年度是 {report.year} 年", where,
                              locate(found.start()), expected=report.year, actual=year,
                              excerpt=found.group(0))
            return
    yield Finding("没有说明数据的统计期限（如“本报告中所列数据统计期限为Y年1月1日至12月31日”）",
                  ("preface",), report.location(("preface",)) or report.location(("title",)))


@rule("W007", name="other-year", severity="warning",
      summary="正文把另一个年份当作报告年度来写（如 2023 年度报告中写“本机关2022年……”）")
def other_year(report: Report):
    """检查什么：正文没有把别的年份当作本报告的年度来叙述，例如 2023 年度报告中写
    “本机关2022年共收到政府信息公开申请……”。与上年比较、提到往年报告、下一年的计划都不算。

    为什么：这几乎总是照搬上一年报告留下的痕迹，说明内容没有按本年度更新（内容雷同）。

    错误示例（2023 年度报告）：2022年，我局共收到政府信息公开申请80件。

    正确示例：2023年，我局共收到政府信息公开申请95件，较2022年增长18.8%。
    """
    if report.year is None:
        return
    wording = current()
    for where, line, locate in report.text_passages():  # whole sentences, across line breaks
        for year, text, start in wording.other_years(line, report.year):
            yield Finding(f"正文写“{text}”，把 {year} 年当作报告年度，而本报告是 {report.year} 年度",
                          where, locate(start), expected=report.year, actual=year,
                          excerpt=text)


def _is_government(report: Report) -> bool:
    level = report.data.get("level")
    if level in ("government", "department"):
        return level == "government"
    deadline = current().deadline
    return bool(report.agency and deadline and deadline["government"].search(report.agency))


@rule("W008", name="publication-deadline", severity="warning",
      summary="报告发布晚于法定期限（部门 1 月 31 日，本级政府 3 月 31 日）")
def publication_deadline(report: Report):
    """检查什么：报告的发布日期不晚于《政府信息公开条例》第四十九条规定的期限：县级以上人民政府
    部门在次年 1 月 31 日前，本级人民政府在次年 3 月 31 日前。发布日期取自报告本身
    （网页上的“发布日期”，或 YAML 中的 published）；机关名称以“人民政府”结尾的按本级政府计，
    YAML 中也可以用 level 写明。

    为什么：按时发布是条例的硬性要求，逾期发布是每年通报的常见问题。

    错误示例：江北市交通运输局 2023 年度报告，发布日期 2024-02-20。

    正确示例：发布日期 2024-01-25。
    """
    published, deadline = report.data.get("published"), current().deadline
    if not isinstance(published, str) or report.year is None or not deadline:
        return
    government = _is_government(report)
    due = f"{report.year + 1}-{deadline['government_by' if government else 'department_by']}"
    if published[:10] > due:
        who = "本级人民政府" if government else "政府部门"
        yield Finding(f"报告于 {published[:10]} 发布，晚于{who}的法定期限 {due}", ("published",),
                      report.location(("published",)), expected=f"≤ {due}", actual=published[:10])


@rule("W009", name="government-topics", severity="warning",
      summary="本级政府的报告在总体情况中没有写工作考核、社会评议和责任追究结果情况")
def government_topics(report: Report):
    """检查什么：本级人民政府（机关名称以“人民政府”结尾，或 level 为 government）的报告，
    在“一、总体情况”中写明工作考核、社会评议和责任追究结果情况。

    为什么：《政府信息公开条例》第五十条对各级人民政府的年度报告专门提出了这项内容，
    部门报告不要求；政府报告漏写是常见缺陷。

    错误示例：某区人民政府的总体情况只写了主动公开和依申请公开。

    正确示例：写明“将政务公开纳入绩效考核，开展社会评议，全年未发生责任追究情况”。
    """
    topics = current().government_topics
    section = report.section("overview")
    if not topics or section is None or not _is_government(report):
        return
    missing = [name for name, pattern in topics.items() if not pattern.search(section.text)]
    if missing:
        yield Finding(f"本级政府的报告在“一、总体情况”中没有写{'、'.join(missing)}结果情况",
                      ("sections", "overview"), report.location(("sections", "overview")))


def _local_rule(check: LocalCheck) -> Rule:
    def run(report: Report):
        section = report.section(check.section) if check.section != "preface" else None
        text = section.text if section else (report.data.get("preface") or "" if check.section == "preface" else None)
        if text is None:
            return
        path = ("sections", check.section) if check.section != "preface" else ("preface",)
        location = report.location(path)
        count = len(squash(text))
        if check.kind == "max_chars" and count > check.limit:
            yield Finding((check.message or "{section}共 {count} 字，超过 {limit} 字").format(
                section=_section_title(report, check.section), count=count, limit=check.limit), path, location,
                expected=f"≤ {check.limit}", actual=count)
        elif check.kind == "min_chars" and count < check.limit:
            yield Finding((check.message or "{section}只有 {count} 字，少于 {limit} 字").format(
                section=_section_title(report, check.section), count=count, limit=check.limit), path, location,
                expected=f"≥ {check.limit}", actual=count)
        elif check.kind == "must_mention" and not any(p.search(text) for p in check.patterns):
            yield Finding((check.message or "{section}没有提到要求的内容：{summary}{required}").format(
                section=_section_title(report, check.section), summary=check.summary,
                required=_required_words(check.patterns)), path, location)
        elif check.kind == "must_not_mention":
            for pattern in check.patterns:
                found = pattern.search(text)
                if found:
                    yield Finding((check.message or "{section}出现了不应有的内容“{text}”").format(
                        section=_section_title(report, check.section), text=found.group(0)), path, location)
                    break

    run.__doc__ = f"{check.doc}\n\n来源：{check.source}"
    made = rule(check.code, name=check.name, severity=check.severity, summary=check.summary)(run)
    return made


_REGEX_SYNTAX = re.compile(r"[\\.^$*+?{}\[\]|()]")


def _required_words(patterns: list) -> str:
    """The words a must_mention check asks for, when its patterns are plain words, not regexes."""
    if not patterns or any(_REGEX_SYNTAX.search(p.pattern) for p in patterns):
        return ""
    return "（应提到“" + "”或“".join(p.pattern for p in patterns) + "”）"


def _section_title(report: Report, key: str) -> str:
    if key == "preface":
        return "前言"
    return f"“{report.edition.section(key).title}”"


def provide_rules():
    """Rules declared as local checks in wording data files."""
    return [_local_rule(check) for check in current().checks]
