"""Body flow on grid units: balanced columns, subheads kept with their text, column full as a value."""
from hypothesis import given, strategies as st

from typeset.articles.flow import Unit, balanced_depth, flow
from typeset.reading.style import Style

STYLE = Style("body", "song", "latin-serif", 9, 13)


def lines(n):
    return tuple(Unit("line", (), STYLE, 1, chars=12) for _ in range(n))


def subhead():
    return Unit("subhead", (), STYLE, 2, keep_with_next=2)


def test_everything_fits_in_order():
    units = lines(10)
    placed, rest = flow(units, [0, 0], [5, 5])
    assert rest == 10
    assert [(p.column, p.line) for p in placed] == [(0, i) for i in range(5)] + [(1, i) for i in range(5)]


def test_column_full_is_a_returned_value():
    placed, rest = flow(lines(12), [0, 0], [5, 5])
    assert rest == 10 and len(placed) == 10


def test_balanced_columns_end_level():
    units = lines(11)
    depth = balanced_depth(units, [0, 0, 0], 100)
    assert depth == 4  # 4 + 4 + 3: columns at most a line apart
    placed, rest = flow(units, [0, 0, 0], [depth] * 3)
    assert rest == 11


def test_photo_pushes_its_columns_down():
    units = lines(12)
    depth = balanced_depth(units, [6, 0], 100)  # a photo takes 6 lines of the first column
    assert depth == 9  # 3 + 9 = 12


def test_subhead_never_ends_a_column():
    units = lines(3) + (subhead(),) + lines(4)
    placed, rest = flow(units, [0, 0], [4, 10])
    assert rest == len(units)
    sub = next(p for p in placed if units[p.unit].kind == "subhead")
    assert sub.column == 1 and sub.line == 0  # 1 line left in column 0: the subhead moved on


def test_nothing_fits_when_depth_too_small():
    assert balanced_depth(lines(30), [0], 20) is None


@given(st.lists(st.sampled_from(["l", "l", "l", "s"]), max_size=60), st.integers(1, 6), st.integers(3, 40))
def test_flow_never_overflows_and_keeps_order(kinds, columns, depth):
    units = tuple(subhead() if k == "s" else Unit("line", (), STYLE, 1) for k in kinds)
    placed, rest = flow(units, [0] * columns, [depth] * columns)
    assert [p.unit for p in placed] == list(range(rest))
    for p in placed:
        assert p.line + units[p.unit].height <= depth
    used = {}
    for p in placed:
        for ln in range(p.line, p.line + units[p.unit].height):
            assert (p.column, ln) not in used
            used[(p.column, ln)] = p.unit


def para(n):
    """A paragraph of n lines with the orphan/widow keeps compose_story gives it."""
    return tuple(Unit("line", (), STYLE, 1, keep_with_next=1 if n >= 2 and (i == 0 or i == n - 2) else 0)
                 for i in range(n))


def test_no_orphan_at_a_column_foot():
    units = lines(4) + para(5)  # the paragraph's first line would be alone at the foot of column 0
    placed, rest = flow(units, [0, 0], [5, 10])
    assert rest == len(units)
    assert next(p for p in placed if p.unit == 4).column == 1


def test_no_widow_at_a_column_head():
    units = para(6)  # 5 lines fit in column 0: the last line would stand alone at the top of column 1
    placed, rest = flow(units, [0, 0], [5, 10])
    assert [p.column for p in placed] == [0, 0, 0, 0, 1, 1]


def test_photo_over_two_of_four_columns():
    """The two columns under a photo start lower; the other two run full height; all end level."""
    units = lines(40)
    starts = [6, 6, 0, 0]
    depth = balanced_depth(units, starts, 100)
    placed, rest = flow(units, starts, [depth] * 4)
    assert rest == 40 and depth == 13  # 7 + 7 + 13 + 13 = 40
    per_column = [sum(1 for p in placed if p.column == c) for c in range(4)]
    assert per_column == [7, 7, 13, 13]
