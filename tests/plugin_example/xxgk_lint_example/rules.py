"""An example provincial rule pack: one rule, registered through the xxgk_lint.rules entry point."""

from xxgk_lint.rule import Finding, rule


@rule("EX101", name="publication-date", severity="warning", summary="报告应写明发布日期")
def publication_date(report):
    """检查什么：报告写明了发布日期（本省要求）。

    为什么：发布日期用来核对是否按期公开。

    错误示例：没有 published。

    正确示例：published: 2024-01-25
    """
    if not report.data.get("published"):
        yield Finding("报告没有写明发布日期", ("published",), report.location(()))
