"""`--format html`: the form itself, with the wrong cells marked — one self-contained page.

No external scripts, fonts or styles (government intranets are closed). Each report shows its
tables 二, 三, 四 laid out as the official form lays them out (merged headers, the three label
columns of 三), every cell a finding involves marked, and the findings beside the tables; clicking a
finding shows its cell, clicking a cell shows its findings. Text findings are marked on the words
they concern. A batch gets an index first: reports worst first, counts and two small charts.
The page is well-formed XHTML and prints as a readable record.
"""

from __future__ import annotations

import datetime
import unicodedata
from collections import Counter
from html import escape
from pathlib import Path as FsPath

from xxgk_lint import __version__
from xxgk_lint.editions import editions
from xxgk_lint.output import arranged, counts, form_name, printable

KIND = {"error": "错误", "warning": "警告", "info": "提示"}


def _e(value) -> str:
    # controls are not allowed in XHTML and mean nothing in a report
    return escape(printable("" if value is None else value), quote=True)


def _id(index: int, field: str) -> str:
    return f"r{index}-" + "".join(ch if ch.isalnum() else "-" for ch in field)


def render(results, agency_rows: list, rules: dict, title: str = "政府信息公开工作年度报告检查结果") -> str:
    results = list(results)
    tally = counts(results)
    now = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    body = [f'<header><h1>{_e(title)}</h1><p class="meta">xxgk-lint {__version__} · {now} · 检查了 {tally["checked"]} 个文件'
            f'{"，" + str(tally["unreadable"]) + " 个无法读取" if tally["unreadable"] else ""}：'
            f'<span class="error">{tally["error"]} 个错误</span>，<span class="warning">{tally["warning"]} 个警告</span>，'
            f'<span class="info">{tally["info"]} 个提示</span></p></header>']
    anchors = {r.path: f"r{i}" for i, r in enumerate(results, start=1)}
    if len(results) > 1:
        body.append(_index(agency_rows, anchors, results, rules))
    for index, result in enumerate(results, start=1):
        body.append(_report(index, result))
    # the generator <meta> is how a folder scan knows this page for a result, not a report
    return PAGE.format(title=_e(title), version=_e(__version__), style=STYLE, body="\n".join(body), script=SCRIPT)


# -- the index of a batch --------------------------------------------------------------------------
def _index(rows: list, anchors: dict, results, rules: dict) -> str:
    lines = ['<section class="index" id="index"><h2>各机关检查结果（问题最多的在前）</h2>',
             '<table class="list"><thead><tr><th>机关</th><th>年度</th><th>格式</th><th>文件</th><th>错误</th>'
             '<th>警告</th><th>提示</th><th>最严重的问题</th></tr></thead><tbody>']
    for row in rows:
        style = "error" if row["errors"] or row["unreadable"] else ("warning" if row["warnings"] else "ok")
        lines.append(f'<tr class="{style}"><td><a href="#{anchors[row["path"]]}">{_e(row["agency"])}</a></td>'
                     f'<td>{_e(row["year"] or "")}</td><td>{_e(row["edition"] or "")}</td>'
                     f'<td class="file">{_e(row["path"])}</td><td>{row["errors"]}</td>'
                     f'<td>{row["warnings"]}</td><td>{row["infos"]}</td><td>{_e(row["worst"][:80])}</td></tr>')
    lines.append("</tbody></table>")
    # counted as the summary counts them: a finding an A006 explains is not a problem of its own
    by_rule = Counter(d.code for r in results for d, parent in arranged(r.diagnostics) if parent is None)
    # the reports in the table's own order (errors first, then warnings), so chart and table agree
    ranked = [(f"{row['agency']}{' ' + str(row['year']) if row['year'] else ''} · {FsPath(row['path']).name}",
               row["errors"], f"错误 {row['errors']}，警告 {row['warnings']}；{row['path']}")
              for row in rows if row["errors"] and not row["unreadable"]]
    lines.append('<div class="charts">')
    lines.append(_chart("各规则的问题数", [(c, n, rules[c].summary if c in rules else "") for c, n in by_rule.most_common(15)]))
    lines.append(_chart("各报告的错误数（与上表同序）", ranked[:15]))
    lines.append("</div></section>")
    return "\n".join(lines)


def _chart(caption: str, bars: list) -> str:
    if not bars:
        return ""
    width, bar, gap, label = 600, 18, 6, 240
    height = len(bars) * (bar + gap) + 10
    top = max(n for _, n, _ in bars)
    parts = [f'<figure><figcaption>{_e(caption)}</figcaption>'
             f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
             f'aria-label="{_e(caption)}">']
    for i, (name, n, hint) in enumerate(bars):
        y = 5 + i * (bar + gap)
        length = max(2, int((width - label - 50) * n / top))
        parts.append(f'<g><title>{_e(name)}：{n}{("，" + _e(hint)) if hint else ""}</title>'
                     f'<text x="{label - 6}" y="{y + 13}" text-anchor="end" font-size="12">{_e(fitted(name, label - 10))}</text>'
                     f'<rect x="{label}" y="{y}" width="{length}" height="{bar}" fill="#c0392b" rx="2"/>'
                     f'<text x="{label + length + 4}" y="{y + 13}" font-size="12">{n}</text></g>')
    parts.append("</svg></figure>")
    return "".join(parts)


def _text_width(text: str, size: int = 12) -> float:
    """Pixels a label takes at this font size: a Chinese character a full em, Latin letters and
    digits a little over half (the widest of the usual sans-serif fonts, so a label never overflows)."""
    return sum(size if unicodedata.east_asian_width(ch) in "WF" else size * 0.62 for ch in text)


def fitted(text: str, pixels: float, size: int = 12) -> str:
    """The text as it fits in `pixels`: whole when it fits, else shortened with an ellipsis (the full
    text is in the bar's tooltip). A report's label, "agency year · file name", keeps the agency and
    year and the end of the file name (2024.html, 2024.crawler.txt), which tell two files apart."""
    if _text_width(text, size) <= pixels:
        return text
    head, dot, name = text.partition(" · ")
    if dot:
        room = pixels - _text_width(head + dot + "…", size)
        tail = ""
        for ch in reversed(name):
            if _text_width(ch + tail, size) > room:
                break
            tail = ch + tail
        if len(tail) >= 4:
            return head + dot + "…" + tail
    room, width, end = pixels - _text_width("…", size), 0.0, 0
    for end, ch in enumerate(text):
        width += _text_width(ch, size)
        if width > room:
            break
    return text[:end].rstrip(" ·") + "…"


# -- one report --------------------------------------------------------------------------------------
def _report(index: int, result) -> str:
    anchor = f"r{index}"
    head = (f'<section class="report" id="{anchor}"><h2>{_e(result.agency or result.path)}'
            f'{(" · " + str(result.year) + " 年度") if result.year else ""}</h2>'
            f'<p class="meta">{_e(result.path)}{(" · " + result.edition + " 年版格式") if result.edition else ""}'
            f'{" · 文件类型：" + _e(form_name(result.form)) if result.form else ""}</p>')
    if result.error:
        return head + f'<p class="unreadable">无法检查：{_e(result.error)}</p></section>'
    findings = list(result.diagnostics)
    marks: dict = {}  # element id → [(finding id, diagnostic, primary?)]
    for number, diagnostic in enumerate(findings, start=1):
        finding_id = f"{anchor}-f{number}"
        if diagnostic.path and not diagnostic.excerpt:  # a text finding is marked on its words instead
            marks.setdefault(_id(index, diagnostic.field_name), []).append((finding_id, diagnostic, True))
        for cell in diagnostic.cells:
            if cell.get("field") and not cell.get("file"):
                target = _id(index, cell["field"])
                if all(f != finding_id for f, _, _ in marks.get(target, [])):
                    # a folded blank-cell finding is about each of its cells, not just the first
                    marks.setdefault(target, []).append((finding_id, diagnostic, diagnostic.code == "S007"))
    data = result.data or {}
    edition = editions().get(result.edition) if result.edition else None
    form = []
    if data.get("title"):
        form.append(f'<h3 id="{_id(index, "title")}"{_attrs(marks, _id(index, "title"), "doc-title")}>'
                    f'{_e(data["title"])}</h3>')
    if edition is not None and data:
        form.append(_texts(index, edition, data, findings, marks, anchor))
    numbers = {id(d): n for n, d in enumerate(findings, start=1)}
    order = arranged(findings)  # the console's order: a finding an A006 explains right under that A006
    shown = sum(1 for _, parent in order if parent is None)
    extra = len(order) - shown
    listing = [f'<aside class="findings"><h3>发现的问题（{shown}）</h3>']
    if extra:
        listing.append(f'<p class="meta">另有 {extra} 个由错填的单元格引起，列在相应的 A006 之下</p>')
    if not findings:
        listing.append('<p class="ok">未发现问题。</p>')
    listing.append("<ol>")
    for position, (d, parent) in enumerate(order):
        if parent is None:  # its own item; what it explains follows it in `order`, nested inside it
            children = []
            for child, above in order[position + 1:]:
                if above is not d:
                    break
                children.append(_finding(anchor, index, numbers[id(child)], child, d) + "</li>")
            nested = f'<ol class="explained">{"".join(children)}</ol>' if children else ""
            listing.append(_finding(anchor, index, numbers[id(d)], d, None) + nested + "</li>")
    listing.append("</ol></aside>")
    return head + '<div class="layout"><div class="form">' + "".join(form) + "</div>" + "".join(listing) + "</div></section>"


def _finding(anchor: str, index: int, number: int, d, parent) -> str:
    """One finding of the list, an <li> left open for what it explains; one an A006 explains says so."""
    target = (_id(index, d.field_name) if not d.excerpt else f"{anchor}-m{number}") if d.path else ""
    return (f'<li class="finding {d.severity.label}{" explained" if parent is not None else ""}" '
            f'id="{anchor}-f{number}" data-target="{target}">'
            f'<a href="#{target or anchor}"><b>{KIND[d.severity.label]} {d.code}</b> {_e(d.label)}</a>'
            + ('<p class="because">由上面 A006 的错填单元格引起，改正那一格即成立</p>' if parent is not None else "")
            + f'<p>{_e(d.message)}</p>'
            + (f'<p class="formula">公式：{_e(d.formula)}</p>' if d.formula else "")
            + (f'<p class="numbers">应为 <b class="expected">{_e(_num(d.expected))}</b>，实际为 '
               f'<b class="actual">{_e(_num(d.actual))}</b></p>' if d.expected is not None and d.actual is not None else "")
            + (f'<p class="where">位置：{_e(d.location.describe())}</p>' if d.location and d.location.describe() else ""))


def _num(value) -> str:
    from decimal import Decimal

    if isinstance(value, Decimal):
        return format(value, "f")
    return "空白" if value is None else str(value)


def _attrs(marks: dict, element_id: str, base: str = "") -> str:
    found = marks.get(element_id)
    classes = [base] if base else []
    if not found:
        return f' class="{base}"' if base else ""
    primary = any(p for _, _, p in found)
    classes += ["marked", "bad", max(d.severity for _, d, p in found if p).label] if primary else ["marked", "involved"]
    tip = "；".join(f"{d.code} {d.message}" for _, d, _ in found)
    ids = " ".join(f for f, _, _ in found)
    return f' class="{" ".join(classes)}" data-findings="{ids}" title="{_e(tip)}" tabindex="0"'


def _texts(index: int, edition, data: dict, findings: list, marks: dict, anchor: str) -> str:
    out = []
    sections = data.get("sections") if isinstance(data.get("sections"), dict) else {}
    if isinstance(data.get("preface"), str) and data["preface"].strip():
        out.append(_paragraphs(index, "preface", data["preface"], findings, marks, anchor))
    for spec in edition.sections:
        section_id = _id(index, f"sections.{spec.key}")
        if spec.key not in sections:
            out.append(f'<h4 id="{section_id}"{_attrs(marks, section_id, "missing")}>{_e(spec.title)}（缺少此部分）</h4>')
            continue
        value = sections[spec.key]
        heading = value.get("heading") if isinstance(value, dict) else None
        text = value.get("text", "") if isinstance(value, dict) else (value or "")
        out.append(f'<h4 id="{section_id}"{_attrs(marks, section_id)}>{_e(heading or spec.title)}</h4>')
        out.append(_tables_of(spec.key, index, edition, data, marks))
        out.append(_paragraphs(index, f"sections.{spec.key}", text, findings, marks, anchor))
    for key in ("proactive", "applications", "review_litigation"):
        if key not in sections and isinstance(data.get(key), dict):  # tables without their heading
            out.append(_tables_of(key, index, edition, data, marks))
    return "".join(out)


def _tables_of(section: str, index: int, edition, data: dict, marks: dict) -> str:
    """The form's tables of one section (二, 三 or 四); nothing for the others."""
    if section == "proactive":
        return "".join(_proactive(index, edition, data, marks))
    if section == "applications":
        return _applications(index, edition, data, marks)
    if section == "review_litigation":
        return _review(index, edition, data, marks)
    return ""


def _paragraphs(index: int, where: str, text: str, findings: list, marks: dict, anchor: str) -> str:
    excerpts = [(n, d) for n, d in enumerate(findings, start=1)
                if d.excerpt and d.field_name in (where, where.split(".")[0])]
    out = []
    for line in (text or "").split("\n"):
        if not line.strip():
            continue
        out.append(f"<p>{_marked(line, excerpts, anchor)}</p>")
    return "".join(out)


def _marked(line: str, excerpts: list, anchor: str) -> str:
    """The line escaped, each finding's words in a <mark>. Places are found in the plain text and
    never overlap, so a mark can never land inside another mark's title attribute."""
    taken: list = []  # (start, end, number, diagnostic)
    for number, d in excerpts:
        if not d.excerpt:
            continue
        start = line.find(d.excerpt)
        while start >= 0 and any(start < e and start + len(d.excerpt) > s for s, e, _, _ in taken):
            start = line.find(d.excerpt, start + 1)
        if start >= 0:
            taken.append((start, start + len(d.excerpt), number, d))
    html, at = [], 0
    for start, end, number, d in sorted(taken, key=lambda t: t[0]):
        html.append(_e(line[at:start]))
        html.append(f'<mark id="{anchor}-m{number}" class="marked bad {d.severity.label}" '
                    f'data-findings="{anchor}-f{number}" '
                    f'title="{_e(d.code + " " + d.message)}" tabindex="0">{_e(line[start:end])}</mark>')
        at = end
    html.append(_e(line[at:]))
    return "".join(html)


def _value(index: int, data: dict, path: tuple, marks: dict) -> str:
    node = data
    for part in path:
        node = node.get(part) if isinstance(node, dict) else None
    cell_id = _id(index, ".".join(path))
    shown = "" if node is None else (f"{node:g}" if isinstance(node, float) else str(node))
    return f'<td id="{cell_id}"{_attrs(marks, cell_id, "v")}>{_e(shown)}</td>'


def _proactive(index: int, edition, data: dict, marks: dict) -> list:
    out = []
    values = data.get("proactive") if isinstance(data.get("proactive"), dict) else {}
    for table in edition.tables:
        if table.path[0] != "proactive":
            continue
        block = values.get(table.path[1]) if isinstance(values.get(table.path[1]), dict) else {}
        width = len(table.columns) + 1
        rows = [f'<tr><th colspan="{width}" class="caption">{_e(table.title.split(" › ")[-1])}</th></tr>',
                "<tr><th>信息内容</th>" + "".join(f"<th>{_e(c.title)}</th>" for c in table.columns) + "</tr>"]
        for row in table.rows:
            rows.append(f'<tr><th class="label">{_e(row.title)}</th>'
                        + "".join(_value(index, data, table.path + (row.key, c.key), marks) for c in table.columns)
                        + "</tr>")
        for key in block:
            if key not in {r.key for r in table.rows}:
                rows.append(f'<tr class="extra"><th class="label">{_e(key)}（模板外）</th>'
                            + "".join(_value(index, data, table.path + (key, c.key), marks) for c in table.columns)
                            + "</tr>")
        out.append(f'<table class="form-table">{"".join(rows)}</table>')
    return out


def _applications(index: int, edition, data: dict, marks: dict) -> str:
    table = edition.table(("applications",))
    values = data.get("applications") if isinstance(data.get("applications"), dict) else {}
    present_standins = {r.key for r in table.rows if r.collapses and r.key in values}
    hidden = {k for r in table.rows if r.key in present_standins for k in r.collapses if k not in values}
    rows_shown = [r for r in table.rows if (not r.collapses or r.key in values) and r.key not in hidden]
    cols = table.columns
    middle = [c for c in cols if c.group]
    out = [f'<tr><th colspan="3" rowspan="3" class="note">{_e(table.note or "")}</th>'
           f'<th colspan="{len(cols)}">申请人情况</th></tr>',
           f'<tr><th rowspan="2">{_e(cols[0].title)}</th><th colspan="{len(middle)}">{_e(middle[0].group)}</th>'
           f'<th rowspan="2">{_e(cols[-1].title)}</th></tr>',
           "<tr>" + "".join(f"<th>{_e(c.title)}</th>" for c in middle) + "</tr>"]
    results = [r for r in rows_shown if r.groups]
    first_result, groups_open = True, set()
    for row in rows_shown:
        cells = []
        if not row.groups:
            cells.append(f'<th colspan="3" class="label">{_e(row.title)}</th>')
        else:
            if first_result:
                cells.append(f'<th rowspan="{len(results)}" class="group">{_e(row.groups[0])}</th>')
                first_result = False
            if len(row.groups) == 1:
                cells.append(f'<th colspan="2" class="label">{_e(row.title)}</th>')
            else:
                group = row.groups[1]
                if group not in groups_open:
                    members = [r for r in rows_shown if len(r.groups) > 1 and r.groups[1] == group]
                    cells.append(f'<th rowspan="{len(members)}" class="group">{_e(group)}</th>')
                    groups_open.add(group)
                cells.append(f'<th class="label">{_e(row.title)}</th>')
        cells += [_value(index, data, ("applications", row.key, c.key), marks) for c in cols]
        out.append("<tr>" + "".join(cells) + "</tr>")
    for key in values:
        if key not in {r.key for r in table.rows}:
            out.append(f'<tr class="extra"><th colspan="3" class="label">{_e(key)}（模板外）</th>'
                       + "".join(_value(index, data, ("applications", key, c.key), marks) for c in cols) + "</tr>")
    return f'<table class="form-table applications">{"".join(out)}</table>'


def _review(index: int, edition, data: dict, marks: dict) -> str:
    table = edition.table(("review_litigation",))
    cols = table.columns
    first, litigation = table.rows[0], table.rows[1:]
    group = litigation[0].groups[-1] if litigation and litigation[0].groups else ""
    out = [f'<tr><th colspan="{len(cols)}">{_e(first.title)}</th><th colspan="{len(cols) * len(litigation)}">{_e(group)}</th></tr>',
           "<tr>" + "".join(f'<th rowspan="2">{_e(c.title)}</th>' for c in cols)
           + "".join(f'<th colspan="{len(cols)}">{_e(r.title)}</th>' for r in litigation) + "</tr>",
           "<tr>" + "".join(f"<th>{_e(c.title)}</th>" for _ in litigation for c in cols) + "</tr>",
           "<tr>" + "".join(_value(index, data, ("review_litigation", r.key, c.key), marks)
                            for r in table.rows for c in cols) + "</tr>"]
    return f'<table class="form-table review">{"".join(out)}</table>'


PAGE = """<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" lang="zh-CN">
<head>
<meta charset="utf-8"/>
<meta name="generator" content="xxgk-lint {version}"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<title>{title}</title>
<style>{style}</style>
</head>
<body>
{body}
<script>//<![CDATA[
{script}
//]]></script>
</body>
</html>
"""

STYLE = """
body { font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif;
       margin: 0 auto; max-width: 1400px; padding: 1em 1.5em; color: #222; line-height: 1.6; }
h1 { font-size: 1.5em; margin: .3em 0; } h2 { border-bottom: 2px solid #c0392b; padding-bottom: .2em; }
.meta { color: #666; font-size: .9em; }
.error { color: #b03a2e; } .warning { color: #9a6700; } .info { color: #1f618d; } .ok { color: #1e8449; }
.layout { display: grid; grid-template-columns: minmax(0, 3fr) minmax(260px, 1.3fr); gap: 1.2em; align-items: start; }
.findings { position: sticky; top: .5em; max-height: 96vh; overflow: auto; border-left: 3px solid #ddd; padding-left: .8em; }
.form { min-width: 0; overflow-x: auto; }  /* a wide table scrolls in its column, never under the panel */
@media screen and (max-width: 1200px) {  /* a laptop at 125 % is ≈1090 px: the panel goes above the form */
  .layout { grid-template-columns: minmax(0, 1fr); }
  .findings { order: -1; position: static; max-height: 40vh; border-left: 0; border-top: 3px solid #ddd;
              border-bottom: 3px solid #ddd; padding: 0 .4em; }
}
.findings ol { padding-left: 1.2em; }
.findings ol.explained { list-style: none; margin: .3em 0 0; padding-left: .8em; border-left: 2px solid #f5b7b1; }
.because { color: #666; font-size: .9em; } .finding { margin-bottom: .8em; } .finding p { margin: .15em 0; }
.finding.error { color: #222; } .finding.error b:first-child { color: #b03a2e; }
.finding.warning b:first-child { color: #9a6700; } .finding.info b:first-child { color: #1f618d; }
.finding.active { background: #fff3cd; outline: 2px solid #f0ad4e; }
.formula { color: #555; font-size: .9em; } .expected { color: #1e8449; } .actual { color: #b03a2e; }
table.form-table { border-collapse: collapse; margin: .6em 0 1em; font-size: .86em; }
.form-table th, .form-table td { border: 1px solid #888; padding: .2em .45em; }
.form-table th { background: #f3f3f3; font-weight: normal; } .form-table th.caption { background: #e8eef5; font-weight: bold; }
.form-table td.v { text-align: right; min-width: 2.6em; font-variant-numeric: tabular-nums; }
.form-table th.group { writing-mode: vertical-rl; letter-spacing: .1em; } .form-table th.note { font-size: .85em; color: #555; }
tr.extra th, tr.extra td { background: #eef6ee; }
.marked { cursor: pointer; } .involved { background: #fdf2e9; }
.bad { background: #f5b7b1; outline: 2px solid #c0392b; } .bad.warning { background: #fcf3cf; outline-color: #d4ac0d; }
.bad.info { background: #d6eaf8; outline-color: #2e86c1; }
mark.bad { padding: 0 .1em; } h4.missing { color: #b03a2e; }
.focus { animation: flash 1.6s ease-out 1; box-shadow: 0 0 0 4px #f0ad4e; }
@keyframes flash { from { background: #f9e79f; } }
table.list { border-collapse: collapse; width: 100%; font-size: .9em; }
table.list th, table.list td { border-bottom: 1px solid #ddd; padding: .25em .5em; text-align: left; }
table.list tr.error td:nth-child(4) { color: #b03a2e; font-weight: bold; }
.charts { display: flex; flex-wrap: wrap; gap: 2em; } figure { margin: 1em 0; } figcaption { font-weight: bold; }
.unreadable { color: #b03a2e; font-weight: bold; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  .layout { display: block; } .findings { position: static; max-height: none; border: 0; padding: 0; }
  section.report { page-break-before: always; } a { color: inherit; text-decoration: none; }
  .focus { animation: none; box-shadow: none; }
}
"""

SCRIPT = """
(function () {
  function show(id) {
    var cell = document.getElementById(id);
    if (!cell) { return; }
    cell.scrollIntoView({block: "center"});
    cell.classList.remove("focus"); void cell.offsetWidth; cell.classList.add("focus");
  }
  document.querySelectorAll(".finding").forEach(function (item) {
    item.addEventListener("click", function (event) {
      var target = item.getAttribute("data-target");
      event.stopPropagation();  // a finding listed under its A006 is the one clicked, not the A006
      if (target) { event.preventDefault(); show(target); history.replaceState(null, "", "#" + target); }
      document.querySelectorAll(".finding.active").forEach(function (x) { x.classList.remove("active"); });
      item.classList.add("active");
    });
  });
  document.querySelectorAll("[data-findings]").forEach(function (cell) {
    cell.addEventListener("click", function () {
      document.querySelectorAll(".finding.active").forEach(function (x) { x.classList.remove("active"); });
      var first = null;
      cell.getAttribute("data-findings").split(" ").forEach(function (id) {
        var item = document.getElementById(id);
        if (item) { item.classList.add("active"); first = first || item; }
      });
      if (first) { first.scrollIntoView({block: "nearest"}); }
    });
  });
})();
"""
