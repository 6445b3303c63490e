"""Lay a structured report out as the official form, then print it as a web page or as copied text.

The layout follows template.md: table 三 with its three header rows and three label columns,
table 四 with the 行政复议 / 行政诉讼 header groups in one data row, section 二 as captioned
blocks. Options inject the quirks real pages have (GBK, site chrome, tables split into several
<table> elements, wrapped labels, blank cells). The test compares what the readers get back
with the data the page was made from, cell by cell.
"""

from __future__ import annotations

from html import escape

from xxgk_lint.editions import edition

NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


class Cell:
    def __init__(self, text="", rowspan=1, colspan=1):
        self.text, self.rowspan, self.colspan = text, rowspan, colspan


def show(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


TEXTS: dict = {}  # path → literal cell text, set by layout() for one rendering


def cell_text(path: tuple, value) -> str:
    return TEXTS.get(path, show(value))


def proactive_tables(data: dict, labels: dict | None = None) -> list:
    """One table per block of section 二: caption row, header row, data rows."""
    chosen = edition(data["edition"])
    labels = labels or {}
    tables = []
    for table in chosen.tables:
        if table.path[0] != "proactive":
            continue
        width = len(table.columns) + 1
        rows = [[Cell(table.title.split(" › ")[-1], colspan=width)],
                [Cell("信息内容")] + [Cell(c.title) for c in table.columns]]
        block = data["proactive"].get(table.path[1], {})
        for row in table.rows:
            values = block.get(row.key, {})
            label = labels.get(("proactive", table.path[1], row.key), row.title)
            rows.append([Cell(label)] + [Cell(cell_text(table.path + (row.key, c.key), values.get(c.key)))
                                         for c in table.columns])
        tables.append(rows)
    return tables


def applications_table(data: dict, labels: dict | None = None, extra_rows: dict | None = None) -> list:
    chosen = edition(data["edition"])
    table = chosen.table(("applications",))
    labels = labels or {}
    values = data["applications"]
    rows = [
        [Cell(NOTE, rowspan=3, colspan=3), Cell("申请人情况", colspan=7)],
        [Cell("自然人", rowspan=2), Cell("法人或其他组织", colspan=5), Cell("总计", rowspan=2)],
        [Cell(c.title) for c in table.columns[1:6]],
    ]

    def data_cells(key):
        return [Cell(cell_text(("applications", key, c.key), values[key][c.key])) for c in table.columns]

    def label(row):
        return labels.get(("applications", row.key), row.title)

    result_rows = [r for r in table.form_rows if r.groups]
    first_result = True
    group_started = set()
    for row in table.form_rows:
        cells = []
        if not row.groups:
            cells.append(Cell(label(row), colspan=3))
        else:
            if first_result:
                cells.append(Cell(row.groups[0], rowspan=len(result_rows)))
                first_result = False
            if len(row.groups) == 1:
                cells.append(Cell(label(row), colspan=2))
            else:
                group = row.groups[1]
                if group not in group_started:
                    members = [r for r in table.form_rows if len(r.groups) > 1 and r.groups[1] == group]
                    cells.append(Cell(group, rowspan=len(members)))
                    group_started.add(group)
                cells.append(Cell(label(row)))
        rows.append(cells + data_cells(row.key))
        for extra_label, extra_values in (extra_rows or {}).items():
            if extra_values.get("after") == row.key:
                rows.append([Cell(extra_label, colspan=3)] + [Cell(show(v)) for v in extra_values["values"]])
            # (extra rows are the report's own additions: the reader must keep them apart)
    return rows


def review_table(data: dict) -> list:
    chosen = edition(data["edition"])
    table = chosen.table(("review_litigation",))
    titles = [c.title for c in table.columns]
    values = data["review_litigation"]
    return [
        [Cell("行政复议", colspan=5), Cell("行政诉讼", colspan=10)],
        [Cell(t, rowspan=2) for t in titles] + [Cell("未经复议直接起诉", colspan=5), Cell("复议后起诉", colspan=5)],
        [Cell(t) for t in titles] + [Cell(t) for t in titles],
        [Cell(cell_text(("review_litigation", r.key, c.key), values[r.key][c.key]))
         for r in table.rows for c in table.columns],
    ]


def layout(data: dict, labels: dict | None = None, extra_rows: dict | None = None,
           headings: dict | None = None, texts: dict | None = None) -> list:
    """The report as blocks: ("title", text), ("p", text), ("h", text), ("table", rows).

    labels: path → the label as this report writes it; texts: cell path → the cell as written.
    """
    TEXTS.clear()
    TEXTS.update(texts or {})
    chosen = edition(data["edition"])
    headings = headings or {}
    blocks = [("title", data["title"])]
    if data.get("preface"):
        blocks += [("p", line) for line in data["preface"].split("\n")]
    for spec in chosen.sections:
        if spec.key not in data["sections"]:
            continue
        text = data["sections"][spec.key]
        blocks.append(("h", headings.get(spec.key, spec.title)))
        if spec.key == "proactive":
            blocks += [("table", t) for t in proactive_tables(data, labels)]
        if spec.key == "applications":
            blocks.append(("table", applications_table(data, labels, extra_rows)))
        if spec.key == "review_litigation":
            blocks.append(("table", review_table(data)))
        blocks += [("p", line) for line in (text or "").split("\n") if line]
    return blocks


CHROME_TOP = """<div class="top-bar"><a href="/">首页</a> | <a href="/en">English</a> | 无障碍</div>
<div id="nav" class="nav"><ul><li><a href="/zwgk">政务公开</a></li><li><a href="/bsfw">办事服务</a></li>
<li><a href="/hdjl">互动交流</a></li></ul></div>
<div class="breadcrumb">当前位置：首页 &gt; 政务公开 &gt; 政府信息公开年报</div>
<script>var _hmt = _hmt || []; document.write("<table><tr><td>广告</td></tr></table>");</script>
<style>.TRS_Editor p { line-height: 2; }</style>"""
CHROME_BOTTOM = """<div class="share">分享到：微信 微博</div>
<div class="footer"><p>主办单位：江北市人民政府办公室　地址：江北市人民路1号</p>
<p>网站标识码：3700000000　备案号：鲁ICP备00000000号</p></div>"""


def render_html(data: dict, *, encoding: str = "utf-8", declared: str | None = None, chrome: bool = False,
                split_tables: bool = False, wrapped: bool = False, **options) -> bytes:
    blocks = layout(data, **options)
    body = []
    for kind, content in blocks:
        if kind == "title":
            body.append(f'<h1 class="title" style="text-align:center">{escape(content)}</h1>')
            body.append(f'<div class="info">发布日期：{data["year"] + 1}-01-25　来源：本机关</div>')
        elif kind == "h":
            body.append(f"<p><strong>{escape(content)}</strong></p>")
        elif kind == "p":
            body.append(f'<p style="text-indent:2em"><span>{escape(content)}</span></p>')
        else:
            body.append(_html_table(content, split_tables, wrapped))
    declared = declared or encoding
    page = (f'<!DOCTYPE html>\n<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset={declared}">\n'
            f"<title>{escape(data['title'])}_江北市人民政府</title>\n</head>\n<body>\n"
            + (CHROME_TOP + "\n" if chrome else "")
            + '<div class="TRS_Editor">\n' + "\n".join(body) + "\n</div>\n"
            + (CHROME_BOTTOM + "\n" if chrome else "") + "</body>\n</html>\n")
    return page.encode(encoding)


def _html_table(rows: list, split: bool, wrapped: bool) -> str:
    def cell(c: Cell) -> str:
        attrs = (f' rowspan="{c.rowspan}"' if c.rowspan > 1 else "") + (f' colspan="{c.colspan}"' if c.colspan > 1 else "")
        text = escape(c.text)
        if wrapped and len(c.text) > 8 and not c.text[:1].isdigit():
            middle = len(c.text) // 2
            text = f"<p>{escape(c.text[:middle])}</p><p>{escape(c.text[middle:])}</p>"
        elif c.text.isdigit():
            text = f'<span style="font-family:宋体">{text}</span>&nbsp;'
        return f"<td{attrs}>{text}</td>"

    lines = ['<table border="1" cellspacing="0" cellpadding="0" width="600"><tbody>']
    for index, row in enumerate(rows):
        if split and index and index == len(rows) // 2:
            lines.append("</tbody></table>")
            lines.append('<table border="1" cellspacing="0" width="600"><tbody>')
        lines.append("<tr>" + "".join(cell(c) for c in row) + "</tr>")
    lines.append("</tbody></table>")
    return "\n".join(lines)


def render_text(data: dict, **options) -> str:
    """As a web page reads once copied into a text file (the seed's form)."""
    out = ["", ""]
    for kind, content in layout(data, **options):
        if kind == "title":
            out += [content]
        elif kind in ("h", "p"):
            out += ["\u3000\u3000" + content if kind == "h" else content, ""]
        else:
            for row in content:
                for c in row:
                    if "\n" in c.text:
                        first, rest = c.text.split("\n", 1)
                        out += ["\t" + first, "", rest]
                    else:
                        out.append("\t" + c.text + ("\u00a0" if c.text.isdigit() else ""))
                out.append("")
            out.append("")
    return "\n".join(out) + "\n"


def render_markdown(data: dict, **options) -> str:
    out = [f"# {data['title']}", ""]
    for kind, content in layout(data, **options):
        if kind == "h":
            out += [f"## {content}", ""]
        elif kind == "p":
            out += [content, ""]
        elif kind == "table":
            grid = full_grid(content)
            for index, cells in enumerate(grid):
                out.append("| " + " | ".join(c.replace("\n", "<br>") for c in cells) + " |")
                if index == 0:
                    out.append("|" + "---|" * len(cells))
            out.append("")
    return "\n".join(out) + "\n"


def placed(rows: list):
    """(row, column, cell) for each cell of a spanned table, at the grid column it starts in."""
    taken: set = set()
    for r, row in enumerate(rows):
        column = 0
        for cell in row:
            while (r, column) in taken:
                column += 1
            taken.update((r + dr, column + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan))
            yield r, column, cell
            column += cell.colspan


def full_grid(rows: list) -> list:
    """Every position of the table, spanned ones empty: how formats without spans show a table."""
    grid: dict = {}
    for r, column, cell in placed(rows):
        for dr in range(cell.rowspan):
            for dc in range(cell.colspan):
                grid[(r + dr, column + dc)] = cell.text if (dr, dc) == (0, 0) else ""
    width = max(col for _, col in grid) + 1
    return [[grid.get((r, col), "") for col in range(width)] for r in range(len(rows))]


def render_tsv(data: dict) -> str:
    """As Word or Excel copy a table: one row a line, cells separated by tabs (spanned cells empty)."""
    out = [data["title"], ""]
    for kind, content in layout(data):
        if kind in ("h", "p"):
            out += [content, ""]
        elif kind == "table":
            out += ["\t".join(c.replace("\n", "") for c in row) for row in full_grid(content)]
            out.append("")
    return "\n".join(out) + "\n"


def render_pdf_text(data: dict) -> str:
    """As text copied out of a PDF viewer: a row's label and numbers on one line, spaces between."""
    out = [data["agency"], data["title"].replace(data["agency"], "", 1), ""]
    for kind, content in layout(data):
        if kind in ("h", "p"):
            out.append(content)
        elif kind == "table":
            for row in content:
                words = [c.text.replace("\n", "") for c in row if c.text]
                if words:
                    out.append(" ".join(words))
    return "\n".join(out) + "\n"


def render_crawler(data: dict, *, spaces=(), published: str = "2024-03-05 08:58",
                   source: str = "https://www.example.gov.cn/zwgk/nb/t20240305_1.htm") -> str:
    """As a site crawler saves the page: a header of fields, then the whole page on one line, every
    table cell run into the next with no border. `spaces`: indices of cells (counted over every
    table's cells in order) after which the page happened to keep a space."""
    header = [f"标题: {data['title']}", f"发布时间: {published}", "文号: ", "栏目: 政府信息公开年报",
              f"原文链接: {source}", "本地目录: zwgk/nb/202403/1_" + data["title"],
              "页面链接与图片详见 links.tsv(同目录)", "=" * 20 + " 正文 " + "=" * 20]
    body, index = [], 0
    for kind, content in layout(data):
        if kind == "table":
            for row in content:
                for cell in row:
                    body.append(cell.text.replace("\n", "") + (" " if index in spaces else ""))
                    index += 1
        else:
            body.append(content + (" " if kind == "title" else ""))
    return "\n".join(header) + "\n" + "".join(body) + "\n"
