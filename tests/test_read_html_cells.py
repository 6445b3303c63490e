"""The web page reader's table grid: where each cell lands under rowspans and colspans, and what a
cell holding one element reads as (the commonest cells, read by their own path)."""

from xxgk_lint.read.html import read_html


def grid(page: str) -> dict:
    """(row, column) -> text of every cell of the page's first table."""
    document = read_html("page.html", page.encode("utf-8"))
    table = next(block for block in document.blocks if hasattr(block, "rows"))
    return {(token.location.row, token.location.col): token.text for row in table.rows for token in row}


def test_cells_move_right_past_columns_covered_from_above():
    page = """<html><body><table>
    <tr><td rowspan="3">甲</td><td>乙</td><td rowspan="2" colspan="2">丙</td><td>丁</td></tr>
    <tr><td>戊</td><td>己</td></tr>
    <tr><td>庚</td><td>辛</td><td>壬</td></tr>
    </table></body></html>"""
    assert grid(page) == {
        (1, 1): "甲", (1, 2): "乙", (1, 3): "丙", (1, 5): "丁",
        (2, 2): "戊", (2, 5): "己",  # 甲 covers column 1, 丙 columns 3 and 4
        (3, 2): "庚", (3, 3): "辛", (3, 4): "壬",  # only 甲 still covers a column
    }


def test_overlapping_and_broken_spans_keep_every_cell():
    page = """<html><body><table>
    <tr><td rowspan="2">1</td><td rowspan="x">2</td><td colspan="0">3</td></tr>
    <tr><td rowspan="3" colspan="2">4</td><td>5</td></tr>
    <tr><td>6</td></tr>
    </table></body></html>"""
    # a span that is not a number, or zero, counts as one; 4 spans columns 2 and 3 of rows 2 to 4
    assert grid(page) == {(1, 1): "1", (1, 2): "2", (1, 3): "3", (2, 2): "4", (2, 4): "5", (3, 1): "6"}


def test_a_cell_holding_one_element():
    page = """<html><body><table><tr>
    <td><span style="font-family:宋体">12</span>&nbsp;</td>
    <td>本年<p>新收</p></td>
    <td><span style="display: none">9</span>3</td>
    <td><script>document.write(1)</script>4</td>
    <td><span class="share-bar">分享</span></td>
    <td><b>行政</b>许可</td>
    </tr></table></body></html>"""
    assert grid(page) == {(1, 1): "12", (1, 2): "本年\n新收", (1, 3): "3", (1, 4): "4", (1, 5): "",
                          (1, 6): "行政许可"}


def test_an_element_with_the_hidden_attribute_is_not_read():
    page = """<html><body><table><tr><td>自然人</td><td>1</td></tr></table>
    <div hidden><table><tr><td>打印副本</td><td>9</td></tr></table></div></body></html>"""
    document = read_html("page.html", page.encode("utf-8"))
    assert [block.number for block in document.blocks if hasattr(block, "rows")] == [1]
    assert "打印副本" not in str(document.blocks)


def test_a_number_with_an_invisible_character_in_it_is_the_number():
    from xxgk_lint.numbers import classify_cell

    for written in ("1\u00ad0", "1\u200d0", "1\u20600", "\u200c10"):  # soft hyphen, zero-width joiners
        kind, value, _ = classify_cell(written)
        assert (kind, value) == ("number", 10), written
