"""The builders readers use for a table cell's Token and Location fill every slot as the classes'
own constructors do: a slot left out, or a field added to the classes later and not filled here,
fails these tests rather than a report."""

import pickle

from xxgk_lint.document import Token, cell_token
from xxgk_lint.model import Location, cell_location


def test_cell_location_is_the_location_the_class_builds():
    built, expected = cell_location(12, 3, 4, 5), Location(12, table=3, row=4, col=5)
    assert type(built) is Location
    assert [getattr(built, name) for name in Location.__slots__] == [getattr(expected, name) for name in Location.__slots__]
    assert built == expected and hash(built) == hash(expected)
    assert built.fields() == expected.fields() and built.describe() == expected.describe() == "表3 第4行 第5列 （源代码第12行）"
    assert pickle.loads(pickle.dumps(built)) == expected
    assert built.moved(0, "由连写读出") == expected.moved(0, "由连写读出")
    assert cell_location(None, 1, 1, 1) == Location(table=1, row=1, col=1)


def test_cell_token_is_the_token_the_class_builds():
    location = cell_location(7, 1, 2, 3)
    built, expected = cell_token("本年新收", location), Token("本年新收", location)
    assert type(built) is Token
    assert [getattr(built, name) for name in Token.__slots__] == [getattr(expected, name) for name in Token.__slots__]
    assert built == expected
    built.alone = True  # a reader marks a row's only filled cell afterwards
    assert built == Token("本年新收", location, alone=True)
