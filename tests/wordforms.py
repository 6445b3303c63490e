"""Write a report as a real .docx with python-docx, laid out the way Word lays out the form:
merged header cells, table 三's three label columns, table 四's header groups."""

from __future__ import annotations

import io

from forms import full_grid, layout, placed


def render_docx(data: dict, **options) -> bytes:
    import docx

    document = docx.Document()
    for kind, content in layout(data, **options):
        if kind == "title":
            document.add_heading(content, level=1)
        elif kind == "h":
            paragraph = document.add_paragraph()
            paragraph.add_run(content).bold = True
        elif kind == "p":
            paragraph = document.add_paragraph()
            middle = len(content) // 2  # text split across runs, as Word does
            paragraph.add_run(content[:middle])
            paragraph.add_run(content[middle:])
        else:
            _table(document, content)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _table(document, rows: list) -> None:
    grid = full_grid(rows)
    table = document.add_table(rows=len(grid), cols=len(grid[0]))
    table.style = "Table Grid"
    for r, column, cell in placed(rows):
        origin = table.cell(r, column)
        if cell.rowspan > 1 or cell.colspan > 1:
            origin = origin.merge(table.cell(r + cell.rowspan - 1, column + cell.colspan - 1))
        lines = cell.text.split("\n")
        origin.text = lines[0]
        for line in lines[1:]:
            origin.add_paragraph(line)
