"""X: a report against other reports — the same agency's previous year, or the agencies under a
government. These rules see digests (xxgk_lint.digest.Digest), which batch runs keep for every report."""

from __future__ import annotations

from xxgk_lint.editions import edition
from xxgk_lint.rule import Finding, rule
from xxgk_lint.wording import current

APPLICANTS = ("natural", "commercial", "research", "nonprofit", "legal", "other", "total")


def _column_title(digest, key: str) -> str:
    return edition(digest.edition).table(("applications",)).column(key).title


@rule("X001", name="carried-over-continuity", severity="error", scope="previous-year",
      summary="本年“二、上年结转”≠ 同一机关上一年度报告的“四、结转下年度继续办理”")
def carried_over_continuity(report, previous):
    """检查什么：本年度第三部分“二、上年结转政府信息公开申请数量”的每一列，等于同一机关
    上一年度报告“四、结转下年度继续办理”的同一列。批量检查时，同一机关相邻两年的报告自动配对。

    为什么：上一年没办完、结转过来的申请就是本年的上年结转，两份报告应当首尾相接；
    对不上，说明至少有一年的数字是错的。

    上一年度报告已经发布，本年的草稿才是能改的：上一年的数字作为定值参加本年的诊断（A006），
    本年“上年结转”填错的单元格只报告一次（A006，X001 归在它下面）。上一年度报告自己的勾稽关系
    已经指出它的“结转下年度”填错（它的 A006）时，按改正后的数比较，同一格不会在两份报告里各算一次错。
    本年的表格改动几格也接不上上一年的数字、或数字无法读出时，X001 单独报告。
    单独检查一份草稿时，用 --previous 指定上一年度的报告，得到同样的检查。

    错误示例：2022 年度报告“结转下年度继续办理”总计 5，2023 年度报告“上年结转”总计 3。

    正确示例：两者都是 5。
    """
    from xxgk_lint.continuity import forward_value

    for column in APPLICANTS:
        now = report.numbers.get(f"applications.carried_over.{column}")
        before = forward_value(previous, column)
        if now is None or before is None or now == before:
            continue
        title = _column_title(report, column)
        published = previous.numbers.get(f"applications.carry_forward.{column}")
        stated = (f"为 {before}" if published == before else
                  f"填的是 {published}，按该报告自身的勾稽关系应为 {before}")
        yield Finding(
            f"{title}列：本年“二、上年结转”为 {now}，但 {previous.year} 年度报告的“四、结转下年度继续办理”"
            f"{stated}（{previous.source}）", ("applications", "carried_over", column),
            expected=before, actual=now, formula="本年 二、上年结转 = 上年 四、结转下年度继续办理",
            cells=[{"field": f"applications.carry_forward.{column}", "file": previous.source,
                    "year": previous.year, "value": before}])


@rule("X002", name="in-force-continuity", severity="warning", scope="previous-year",
      summary="2021 年版：现行有效件数 ≠ 上年现行有效件数 + 本年制发件数 − 本年废止件数")
def in_force_continuity(report, previous):
    """检查什么：2021 年版第二部分第二十条第（一）项，规章和行政规范性文件的“现行有效件数”
    大致等于上一年度报告的现行有效件数，加上本年制发件数，减去本年废止件数。

    为什么：现行有效的文件数是逐年累计的存量。修订、清理会让它略有出入（所以这只是警告），
    但差得多往往是某一年填错了栏目。

    错误示例：上年现行有效 37 件，本年制发 4 件、废止 2 件，本年现行有效却填 12 件。

    正确示例：本年现行有效 39 件。
    """
    if report.edition != "2021" or previous.edition != "2021":
        return
    for row, title in (("rules", "规章"), ("normative", "行政规范性文件")):
        base = f"proactive.item1.{row}"
        now, before = report.numbers.get(f"{base}.in_force"), previous.numbers.get(f"{base}.in_force")
        issued, repealed = report.numbers.get(f"{base}.issued"), report.numbers.get(f"{base}.repealed")
        if None in (now, before, issued, repealed):
            continue
        expected = before + issued - repealed
        if now != expected:
            yield Finding(
                f"{title}：现行有效件数为 {now}，而 {previous.year} 年度的 {before} 件加本年制发 {issued} 件、"
                f"减本年废止 {repealed} 件应为 {expected} 件", ("proactive", "item1", row, "in_force"),
                expected=expected, actual=now, formula="现行有效件数 = 上年现行有效件数 + 本年制发件数 − 本年废止件数")


@rule("X003", name="copied-narrative", severity="warning", scope="previous-year",
      summary="正文与同一机关上一年度的报告大量雷同（内容雷同）")
def copied_narrative(report, previous):
    """检查什么：本年度报告第一、五、六部分的句子，与同一机关上一年度报告相同的比例。
    相同句子的比例达到阈值（默认一半，见 rules/phrases/report.yaml 的 similarity）时提示，并给出比例。

    为什么：照搬上一年的报告（内容雷同）是上级检查通报最多的问题之一：
    总体情况、存在问题和改进措施年年一样，说明工作没有总结，问题没有整改。

    错误示例：2023 年度报告的“五、存在的主要问题及改进情况”与 2022 年度逐字相同。

    正确示例：写明本年新发现的问题，以及上一年所列问题的整改结果。
    """
    settings = current().similarity
    if report.sentence_count < settings["min_sentences"] or not previous.sentences:
        return
    shared = len(report.sentences & previous.sentences)
    share = shared / report.sentence_count
    if share >= settings["threshold"]:
        yield Finding(
            f"正文第一、五、六部分有 {share:.0%} 的句子（{report.sentence_count} 句中的 {shared} 句）与 "
            f"{previous.year} 年度报告（{previous.source}）完全相同", ("sections",),
            expected=f"< {settings['threshold']:.0%}", actual=f"{share:.0%}")


GROUP_FIELDS = (
    "applications.new.total", "applications.carried_over.total", "applications.total.total",
    "applications.carry_forward.total", "review_litigation.review.total",
    "review_litigation.direct_suit.total", "review_litigation.suit_after_review.total",
    "proactive.item8.fees.amount",
)
MONEY_FIELDS = {"proactive.item8.fees.amount"}


@rule("X004", name="government-against-agencies", severity="info", scope="group",
      summary="本级政府的报告与其所属部门报告之和不一致")
def government_against_agencies(report, members):
    """检查什么：用户在分组文件（--groups）中写明某级政府所属的部门后，政府报告第三部分的
    新收、上年结转、（七）总计、结转下年度，以及第四部分三组总计，与这些部门同一年度报告之和比较。

    2021 年版的行政事业性收费金额（万元）也参与比较：金额按写出的精度比较（每个数两位小数，
    各有 ±0.005 万元的舍入），配置项 money-tolerance 可以另定容差。

    为什么：有的政府报告汇总了所属部门的数据，有的只报告政府本身；两种口径都常见，
    所以这只是提示。数字对不上时，值得确认报告采用的口径是否写清楚了。

    错误示例：区政府报告新收申请 21 件，所列 12 个部门的报告新收申请合计 35 件。

    正确示例：口径一致，或正文说明区政府报告只统计本机关的申请。
    """
    for name in GROUP_FIELDS:
        own = report.numbers.get(name)
        parts = [m.numbers.get(name) for m in members]
        if own is None or any(p is None for p in parts):
            continue
        total = sum(parts)
        if name in MONEY_FIELDS:
            # each amount is rounded to the cent of 万元 it is written in: the sum may drift that much
            tolerance = report.money_tolerance if report.money_tolerance is not None else 0.005 * (len(parts) + 1)
            if abs(own - total) <= tolerance:
                continue
            total = round(total, 4)
        elif own == total:
            continue
        label = edition(report.edition).label(tuple(name.split(".")))
        yield Finding(
            f"{label} 为 {own}，所属 {len(members)} 个部门同年度报告之和为 {total}", tuple(name.split(".")),
            expected=total, actual=own, formula=f"本级政府 = Σ 所属部门（{len(members)} 个）",
            cells=[{"file": m.source, "agency": m.agency, "value": m.numbers.get(name)} for m in members])
