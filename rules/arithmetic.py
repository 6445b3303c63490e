"""A: the tables balance. Every identity is declared once in the edition's schema (x-identities)
and evaluated by xxgk_lint.identities; each rule here names the identity it reports."""

from __future__ import annotations

from xxgk_lint.identities import ambiguous_cells, check_identity, wrong_cells
from xxgk_lint.report import Report
from xxgk_lint.rule import rule


def provide_rules():
    """Rules for the identities of local schema files (x-identities; --identities, identities = [...])."""
    from xxgk_lint.local_identities import provide_rules as local

    return local()


@rule("A001", name="printed-identity", severity="error",
      summary="第三部分：一 + 二 ≠ （七）总计 + 四（表格上印着的勾稽关系）")
def printed_identity(report: Report):
    """检查什么：第三部分每一列都满足表头印着的勾稽关系：
    “一、本年新收” + “二、上年结转” = “（七）总计” + “四、结转下年度继续办理”。

    为什么：收到的申请（新收加结转）要么在本年办结（计入总计），要么结转下年，
    不会凭空出现或消失。这一关系就印在表格左上角，却是最常被违反的一条。

    错误示例（自然人列）：一 = 1，二 = 0，（七）总计 = 0，四 = 0：1 + 0 ≠ 0 + 0。

    正确示例：一 = 1，二 = 0，（七）总计 = 1，四 = 0：1 + 0 = 1 + 0。
    """
    yield from check_identity(report, "A001")


@rule("A002", name="row-total", severity="error",
      summary="第三部分：某行的总计 ≠ 六类申请人之和")
def row_total(report: Report):
    """检查什么：第三部分每一行的“总计”等于自然人、商业企业、科研机构、社会公益组织、
    法律服务机构、其他六列之和（表中没有“法人或其他组织”小计列）。

    为什么：总计列是各类申请人的合计，汇总统计只看这一列；它算错，上级汇总就错。

    错误示例：（一）予以公开：自然人 5，商业企业 2，其余 0，总计 6。

    正确示例：同一行总计 7。
    """
    yield from check_identity(report, "A002")


@rule("A003", name="result-total", severity="error",
      summary="第三部分：（七）总计 ≠ 各项办理结果之和")
def result_total(report: Report):
    """检查什么：第三部分每一列的“（七）总计”等于（一）予以公开、（二）部分公开、
    （三）不予公开 1–8、（四）无法提供 1–3、（五）不予处理 1–5、（六）其他处理
    （2021 年版为 1–3 三项）之和。（三）至（六）是分组标题，没有自己的小计行。

    为什么：（七）总计是本年办结的件数，必须等于各种办理结果相加；
    常见错误是把分组当成小计重复相加，或者漏加（六）。

    错误示例：（四）无法提供 › 1.本机关不掌握相关政府信息 = 1，其余结果为 0，（七）总计 = 0。

    正确示例：同样的结果，（七）总计 = 1。
    """
    yield from check_identity(report, "A003")


@rule("A004", name="review-litigation-total", severity="error",
      summary="第四部分：某组的总计 ≠ 结果维持 + 结果纠正 + 其他结果 + 尚未审结")
def review_litigation_total(report: Report):
    """检查什么：第四部分行政复议、行政诉讼（未经复议直接起诉）、行政诉讼（复议后起诉）
    三组，各自的“总计”等于结果维持、结果纠正、其他结果、尚未审结四项之和。

    为什么：总计是被申请复议、被起诉的案件数，正文和上级汇总都引用它；
    只填了分项、总计填 0 的情况屡见不鲜。

    错误示例：行政复议：结果维持 10，结果纠正 1，其他结果 0，尚未审结 0，总计 0。

    正确示例：同样的分项，总计 11。
    """
    yield from check_identity(report, "A004")


@rule("A005", name="published-not-above-total", severity="warning",
      summary="2019 年版第二部分（一）：本年新公开数量 > 对外公开总数量")
def published_not_above_total(report: Report):
    """检查什么：2019 年版第二部分第二十条第（一）项表中，规章、规范性文件的
    “本年新公开数量”不超过“对外公开总数量”。

    为什么：对外公开总数量包含本年新公开的文件，本年新公开的不可能比总数还多；
    出现这种情况，通常是两栏填反了。

    错误示例：规范性文件：本年新公开数量 12，对外公开总数量 8。

    正确示例：本年新公开数量 12，对外公开总数量 135。
    """
    yield from check_identity(report, "A005")


@rule("A006", name="wrong-cell", severity="error",
      summary="勾稽关系不成立：找出只需改动最少单元格的唯一改法，逐格指出应为多少")
def wrong_cell(report: Report):
    """检查什么：把第二至四部分的全部勾稽关系（A001–A004 及规则包声明的关系）放在一起看，
    找出改动单元格最少（其次改动量最小）、能让全部关系同时成立的改法。只有一种这样的改法时，
    每个需要改的单元格报告一次：它现在填的数、应当填的数、改正后恢复的勾稽关系；
    由它引起的 A001–A004 问题归在它下面（JSON/SARIF 中以 explained_by 指向它）。
    “相差”一律是“实际 − 应为”。最多找 3 格；更多时只报告各条勾稽关系。

    为什么：一格填错，往往同时破坏两三条勾稽关系（行合计和列合计），逐条报告会给出互相矛盾的
    “应为”；填报人要知道的是改哪一格、改成多少。

    错误示例：（七）总计 › 自然人 填 98，而一 + 二 − 四 = 99、各项办理结果之和 = 99、
    （七）总计行的总计 111 = 99 + 其余各列：只有这一格错，应为 99（A001、A002、A003 各一处由此引起）。

    正确示例：同一格填 99，全部勾稽关系成立。
    """
    yield from wrong_cells(report)


@rule("A007", name="ambiguous-correction", severity="info",
      summary="勾稽关系不成立，但有几种同样小的改法，无法判断哪一格填错（列出几种，不自动改正）")
def ambiguous_correction(report: Report):
    """检查什么：勾稽关系不成立，而改动同样少的单元格就能让全部关系成立的改法不止一种
    （例如第四部分某组只有一条关系：改总计或改某个分项都可以）。列出其中几种，供核对原始台账。

    为什么：这时无法从表格本身判断哪一格填错了，自动改正只会猜；--fix 在这种情况下不做任何修改。

    错误示例：行政复议：结果维持 5，结果纠正 1，其余 0，总计 3：可以把总计改为 6，也可以把结果维持改为 2。

    正确示例：总计 6（或结果维持 2），关系成立，不再报告。
    """
    yield from ambiguous_cells(report)
