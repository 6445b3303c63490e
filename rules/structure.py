"""S: the report matches its template — it is a report, it has its sections, tables and cells."""

from __future__ import annotations

import re
from collections import defaultdict

from xxgk_lint.editions import edition_for_year
from xxgk_lint.identities import corrected
from xxgk_lint.report import Report
from xxgk_lint.rule import Finding, rule


def _problems(report: Report, *kinds):
    for problem in report.problems:
        if problem.kind in kinds:
            yield Finding(problem.message, problem.path, problem.location)


@rule("S001", name="not-a-report", severity="error", needs_recognised_report=False,
      summary="文件可以读取，但识别不出年度报告（没有各部分标题，也没有模板表格）")
def not_a_report(report: Report):
    """检查什么：文件能打开，但其中找不到政府信息公开工作年度报告——既没有“一、总体情况”等
    部分标题，也没有模板规定的表格。

    为什么：批量检查时，文件夹里常混有通知、附件、扫描件。把它们明确标出来，
    比悄悄跳过或报一堆算术错误更有用。

    错误示例：一份会议通知的网页，被放进了年度报告文件夹。

    正确示例：含有六个部分标题和二、三、四部分表格的年度报告。
    """
    if not report.recognised:
        reasons = [p.message for p in report.problems if p.kind == "unrecognised"]
        yield Finding("没有识别出政府信息公开工作年度报告" + (f"：{reasons[0]}" if reasons else ""))


@rule("S002", name="invalid-value", severity="error",
      summary="取值不符合格式：件数不是数字、为负数或有小数；金额不是数字")
def invalid_value(report: Report):
    """检查什么：每个单元格都是模板要求的数：件数是不小于 0 的整数（2019 年版“本年增/减”可为负），
    金额是数；元数据（年度、机关名称）齐全且格式正确。

    为什么：“12件”“约10”“3.5”这类写法无法参与勾稽核对，也说明填报时没有按表格要求填写。

    错误示例（YAML）：
        applications:
          new: {natural: -1, commercial: 0, ...}

    正确示例：
        applications:
          new: {natural: 1, commercial: 0, ...}
    """
    yield from _problems(report, "invalid", "duplicate")


# 五 and 六 have rules of their own for being empty (W004, W005); S003 looks at 一 to 四.
_EMPTINESS_CHECKED_ELSEWHERE = ("problems", "other")


@rule("S003", name="missing-section", severity="error", summary="缺少必备的部分（一至六），或一至四部分没有填写")
def missing_section(report: Report):
    """检查什么：报告包含模板规定的六个部分：一、总体情况；二、主动公开政府信息情况；
    三、收到和处理政府信息公开申请情况；四、政府信息公开行政复议、行政诉讼情况；
    五、存在的主要问题及改进情况；六、其他需要报告的事项。
    有标题却没有填写的部分同样算缺少：“一、总体情况”没有文字；二、三、四部分的表格
    一个数字也没有（全部空白或写作“-”“/”“无”）。

    为什么：六个部分由国务院办公厅规定的格式固定，缺少任何一部分，报告都不完整，
    常见的是漏写“六、其他需要报告的事项”。一份只有标题、表格全空的报告（例如刚由
    xxgk-lint template 生成、还没有填写的 YAML）不能算通过：没有发生的事项也要填 0。
    五、六部分为空由 W004、W005 提示。

    错误示例：正文写到“五、存在的主要问题及改进情况”就结束了；或者第三部分的表格每一格都空着。

    正确示例：五之后还有“六、其他需要报告的事项”，哪怕只写“本年度未收取信息处理费”；
    第三部分没有收到申请时，表格每一格填 0。
    """
    previous = None
    blank_by_section = defaultdict(list)
    for cell in report.blank_cells():
        blank_by_section[cell.path[0]].append(cell)
    spans = report.edition.section_spans
    for spec in report.edition.sections:
        section = report.section(spec.key)
        if section is None:
            # point at the section it should follow, so a clerk knows where it belongs
            where = f"（应在“{previous.title}”之后）" if previous else "（应在正文开头）"
            location = report.location(("sections", previous.key)) if previous else report.location(("sections",))
            yield Finding(f"缺少“{spec.title}”部分{where}", ("sections", spec.key), location)
            continue
        previous = spec
        if spec.key in _EMPTINESS_CHECKED_ELSEWHERE:
            continue
        present = report.cells_present(*spans[spec.key]) if spec.key in spans else 0
        if present:
            blank = blank_by_section[spec.key]
            if len(blank) == present:
                markers = "、".join(sorted({_shown(c.written) for c in blank}))  # 空白, 写作“—” …
                how = "全部空白" if markers == "空白" else f"没有一个数字（{markers}）"
                yield Finding(f"“{spec.title}”没有填写：表格中的 {present} 个单元格{how}"
                              "（没有发生的事项填 0）", (spec.key,), blank[0].location or section.location)
        elif not section.text.strip() and not any(p.kind in ("pictured", "ambiguous") and p.path == (spec.key,)
                                                  for p in report.problems):
            # (a section holding only a picture has content: S006 says its table is a picture; so has one
            # whose table could not be read, which S011 says)
            yield Finding(f"“{spec.title}”只有标题，没有内容", ("sections", spec.key), section.location)


@rule("S004", name="section-order", severity="warning",
      summary="各部分顺序颠倒、重复，或编号与模板不同")
def section_order(report: Report):
    """检查什么：六个部分按一至六的顺序各出现一次，编号与模板一致。

    为什么：读者（和上级检查）按模板的顺序查找内容；重复或错位的部分往往说明复制粘贴出了错。

    错误示例：“五、其他需要报告的事项”出现在“四、存在的主要问题及改进情况”之前。

    正确示例：一、二、三、四、五、六依次出现。
    """
    yield from _problems(report, "order")


@rule("S005", name="edition-year", severity="error",
      summary="格式版本与报告年度不符（2021 年度起仍用 2019 年版格式，或相反）")
def edition_year(report: Report):
    """检查什么：报告使用的表格格式与报告年度相符：2019、2020 年度使用 2019 年版
    （国办公开办函〔2019〕60号），2021 年度起使用 2021 年版（国办公开办函〔2021〕30号）。
    版本依据表格本身判断（第二部分有无“政府集中采购”、第三部分（六）是否分为三项），
    不只看声明。

    为什么：沿用旧模板是每年都会出现的缺陷：旧表少了（六）的细分，多了已取消的栏目，
    数据无法与新口径比较。

    错误示例：2023 年度报告，第三部分（六）其他处理只有一行，第二部分还有政府集中采购。

    正确示例：2023 年度报告，（六）其他处理分为 1、2、3 三行，第二部分为四个表格。
    """
    year, edition = report.year, report.edition
    if year is None or edition is None or edition.fits_year(year):
        return
    span = f"{edition.first_year}–{edition.last_year} 年度" if edition.last_year else f"{edition.first_year} 年度起"
    right = edition_for_year(year)
    yield Finding(
        f"报告年度为 {year} 年，却使用了 {edition.id} 年版格式（{edition.notice}，适用于 {span}）；"
        f"{year} 年度应使用 {right.id} 年版格式（{right.notice}）",
        ("edition",), report.location(("edition",)) or report.location(("applications",)),
        expected=right.id, actual=edition.id,
    )


@rule("S006", name="missing-table-cell", severity="error",
      summary="缺少模板中的表格、行或列，或无法定位")
def missing_table_cell(report: Report):
    """检查什么：第二、三、四部分的表格齐全，每张表的每一行、每一列都在。整张表缺少、而这一部分
    只有图片时（网站常把表格发成截图），在图片处指出：图片中的数字无法读取，未核对。

    为什么：缺一行或一列，相应的勾稽关系就无法核对，缺失本身也说明表格被改动过。

    错误示例（YAML）：第三部分缺少“（七）总计”一行。

    正确示例：第三部分 23 行（2019 年版）或 25 行（2021 年版）数据行齐全，每行 7 列。
    """
    yield from _problems(report, "missing", "pictured")


@rule("S007", name="blank-cell", severity="warning",
      summary="单元格空白或写作“-”“—”“/”“无”：按 0 计，但表格要求填写数字")
def blank_cell(report: Report):
    """检查什么：表格中没有留空或用“-”“—”“/”“无”代替数字的单元格。
    每行报告一次，列出该行所有这样的单元格；同一表格中几行空着同样的几列时合为一条
    （“25 行的“法人或其他组织”5 列未填写数字（空白），按 0 计：……”，列出这些行），每个单元格仍逐一列在机器可读的输出中。

    为什么：格式要求每个单元格都填写数字，没有发生的填 0。空白与 0 是不同的事实：
    空白可能是漏填。核对时按 0 计算，但提醒填报人确认。

    错误示例：“（三）不予公开 › 1.属于国家秘密”一行的“商业企业”一栏写着“/”。

    正确示例：同一栏写 0。

    空着的格正是勾稽核对判定填错的那一格（A006 已说明应填多少）时，这一条归在那条 A006 之下。
    """
    rows = defaultdict(list)
    for cell in report.blank_cells():
        rows[cell.path[:-1]].append(cell)
    fixed = corrected(report) if rows else {}  # blank cells the arithmetic diagnosis gives a value
    patterns = defaultdict(list)  # (table, blank columns) → the rows blank in exactly those columns
    for row_path, cells in rows.items():
        table = report.edition.cells[cells[0].path][0]
        patterns[(table.path, tuple(c.path[-1] for c in cells))].append(cells)
    for (table_path, columns), row_cells in patterns.items():
        table = report.edition.table(table_path)
        everything = [c for cells in row_cells for c in cells]
        markers = "、".join(sorted({_shown(c.written) for c in everything}))
        first = everything[0]
        if len(row_cells) == 1:
            row = report.edition.cells[first.path][1]
            which = "整行" if len(columns) == len(table.columns) else "、".join(table.column(c).title for c in columns)
            message = f"{row.short}：{which}未填写数字（{markers}），按 0 计"
        else:
            which = "整行" if len(columns) == len(table.columns) else _columns_named(table, columns)
            # the rows by their titles, a trailing note in brackets left off (（二）部分公开（区分处理的…）)
            named = [_NOTE.sub("", report.edition.cells[cells[0].path][1].short) for cells in row_cells]
            shown = "、".join(named[:4]) + (" 等" if len(named) > 4 else "")
            whose = "" if which == "整行" else "的"  # 2 行整行 …；2 行的“法人或其他组织”5 列 …
            message = f"{_short_title(table)}：{len(named)} 行{whose}{which}未填写数字（{markers}），按 0 计：{shown}"
        explained = []
        if all(c.path in fixed for c in everything):
            explained = [".".join(c.path) for c in everything]
            message += (f"；按勾稽关系应为 {fixed[first.path]}（见 A006）" if len(everything) == 1
                        else "；按勾稽关系应填的数见 A006")
        yield Finding(message, first.path, first.location, expected=0, actual=first.written,
                      cells=[c.as_dict() for c in everything], explained_by=explained)


_NOTE = re.compile(r"(?<=.)（[^（）]*）$")


def _columns_named(table, keys: tuple) -> str:
    """“法人或其他组织”5 列 when the columns are a whole group of the form's header, else their titles."""
    groups = {table.column(k).group for k in keys}
    if len(groups) == 1 and None not in groups:
        group = groups.pop()
        if {c.key for c in table.columns if c.group == group} == set(keys):
            return f"“{group}”{len(keys)} 列"
    return "、".join(table.column(k).title for k in keys) + ("" if len(keys) == 1 else f" {len(keys)} 列")


def _short_title(table) -> str:
    return table.title.split(" › ")[-1]


def _shown(written) -> str:
    return "空白" if written is None or str(written).strip() == "" else f"写作“{written}”"


@rule("S008", name="extra-row-column", severity="info",
      summary="模板中没有的行或列（地方自行增加的栏目）：保留，但不核对")
def extra_row_column(report: Report):
    """检查什么：表格中有模板没有的行或列，例如地方增加的统计项。

    为什么：这些内容不会被丢弃，也不会被错误地归入模板的某一格；但它们不参与勾稽核对，
    值得看一眼是否应当归入模板中的某一项。

    错误示例：第三部分多出一行“其中：网上申请”。

    正确示例：只有模板规定的行和列（需要补充的信息写在正文中）。
    """
    yield from _problems(report, "extra")


@rule("S009", name="unsplit-group", severity="warning",
      summary="2021 年版第三部分：（六）其他处理只填了一行，没有分为 1–3 三项")
def unsplit_group(report: Report):
    """检查什么：2021 年版格式把第三部分“（六）其他处理”分为三行：1.申请人无正当理由逾期不补正……、
    2.申请人逾期未按收费通知要求缴纳费用……、3.其他。报告只填了一行“（六）其他处理”时，
    这一行按三项之和参与核对，但提示应当分项填写。

    为什么：分项数据是 2021 年版新增的统计口径（与信息处理费制度相配套），合并填写会丢失这部分信息，
    也常常说明表格是从 2019 年版改过来的。

    错误示例（2023 年度报告）：（六）其他处理　0　0　0　0　0　0　0（只有一行）。

    正确示例：（六）其他处理下分 1、2、3 三行，各自填写。
    """
    for table in report.edition.tables:
        for row in table.rows:
            if row.collapses and report.has(table.path + (row.key,)):
                parts = "、".join(table.row(k).title.split(".")[0] for k in row.collapses)
                yield Finding(f"“{row.title}”只填了一行，没有分为 {parts} 三项（按三项之和核对）",
                              table.path + (row.key,), report.location(table.path + (row.key,)))


@rule("S010", name="stale-suppression", severity="warning", after_suppressions=True,
      summary="忽略注释（或旁注文件中的条目）没有匹配任何问题，或没有写明原因")
def stale_suppression(report: Report):
    """检查什么：每条忽略注释 `# xxgk-lint: ignore[代码] 原因` 或旁注文件中的条目都写明了原因，
    并且确实忽略了一个问题。

    为什么：忽略是一项需要说明的决定。不再匹配任何问题的忽略（问题已改正、单元格已移动）
    会越积越多，把以后真正的问题也一并掩盖。

    错误示例：`total: {natural: 1, …}  # xxgk-lint: ignore[A003]`（没有原因，或这一行已没有 A003）。

    正确示例：`total: {natural: 0, …}  # xxgk-lint: ignore[A003] 该申请已撤回，经核实不计入办结`。
    """
    for suppression in report.suppressions:
        codes = ",".join(suppression.codes)
        if not suppression.reason:
            yield Finding(f"忽略注释 ignore[{codes}]（{suppression.where}）没有写明原因", (), suppression.location)
        elif not suppression.used:
            yield Finding(f"忽略注释 ignore[{codes}]（{suppression.where}）没有匹配任何问题，请删除",
                          (), suppression.location)


@rule("S011", name="unreadable-cells", severity="warning",
      summary="表格中的数字无法唯一对应到单元格（连写成一串，或转换时丢了格）：列出可能的读法，未读取、未核对")
def unreadable_cells(report: Report):
    """检查什么：爬虫保存的网页文字、转换工具的输出常把一行的单元格连成一串数字（7000007 即
    7、0、0、0、0、0、7）。读取时按格式本身的规则拆分：空格一定是两格的分界，除 0 以外没有以 0
    开头的数，表中印着的勾稽关系（总计 = 各项之和）通常只留下一种拆法。仍有几种拆法都说得通，
    或者根本拆不出这一行的格数时，报告这一行和可能的读法，而不是猜一个。转换工具丢了单元格、
    一行的数比表头的列少时，也不猜各数属于哪一列，对这张表报告一次。

    为什么：猜错一个数，就会报出一个并不存在的算术错误，或者掩盖一个真实的错误。
    说明哪一行没有读出，检查人员可以对照原文核实，其余各行照常核对。

    错误示例：第二十条第（一）项“规范性文件”一行连写为“7777166”，三格可以是 77/77/166，
    也可以是 7/777/166 等，没有勾稽关系可以确定。

    正确示例：各格之间有分隔（表格、制表符或空格），或连写的数字只有一种拆法
    （如“6000017”只能是 6/0/0/0/0/1/7）。

    同一部分的几行都读不出时合为一条，逐行列出（机器可读的输出中每行另列在 cells 中）。
    """
    by_section = defaultdict(list)
    for problem in report.problems:
        if problem.kind == "ambiguous":
            by_section[problem.path[:1]].append(problem)
    for section, problems in by_section.items():
        cells = [{"field": ".".join(p.path), "label": report.label(p.path), "message": p.message,
                  "location": p.location.as_dict() if p.location else {}} for p in problems]
        if len(problems) == 1:
            yield Finding(problems[0].message, problems[0].path, problems[0].location, cells=cells)
            continue
        title = report.label(section)
        rows = "；".join(_unread_row(report, title, p) for p in problems)
        yield Finding(f"{title}：{len(problems)} 处数字无法唯一对应到单元格，未读取、未核对（可对照原文核实）：{rows}",
                      problems[0].path, problems[0].location, cells=cells)


def _unread_row(report: Report, section_title: str, problem) -> str:
    """One unread row in a folded S011: its label within the section, and what the reader saw."""
    label = report.label(problem.path)
    label = label[len(section_title) + 3:] if label.startswith(section_title + " › ") else label
    detail = problem.message.split("：", 1)[-1]
    for cut in ("，表中的勾稽关系", "；这些单元格", "；这一行"):
        detail = detail.split(cut)[0]
    return f"{label} {detail}"
