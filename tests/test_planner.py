"""The guillotine planner: modules fill the free area exactly and never overlap."""
from hypothesis import given, strategies as st

from typeset.planner import Module, assign, best_layout


def area_need(areas):
    """A story of `area` column-lines needs ceil(area / k) + 2 header lines at width k."""
    return lambda i, k: -(-areas[i] // k) + 2


def test_single_story_takes_the_page():
    cut = best_layout(1, 6, area_need([120]))
    assert cut.depth == 22
    assert assign(cut, 0, 5, 6, 70) == [(0, Module(0, 6, 5, 70))]


def test_least_depth_found():
    # two equal stories: side by side (3 + 3 columns) is shallower than stacked
    cut = best_layout(2, 6, area_need([90, 90]))
    assert cut.kind == "side" and cut.depth == 32


def test_no_layout_when_a_story_cannot_fit():
    assert best_layout(2, 4, lambda i, k: None if i == 1 else 5) is None


@given(st.lists(st.integers(10, 400), min_size=1, max_size=6), st.integers(1, 6))
def test_modules_tile_the_area(areas, columns):
    cut = best_layout(len(areas), columns, area_need(areas))
    lines = max(cut.depth, 80)
    modules = assign(cut, 0, 0, columns, lines)
    assert sorted(i for i, _ in modules) == list(range(len(areas)))
    cells = set()
    for i, m in modules:
        assert m.lines >= area_need(areas)(i, m.columns)  # every story gets at least what it needs
        for c in range(m.column, m.column + m.columns):
            for ln in range(m.line, m.line + m.lines):
                assert (c, ln) not in cells
                cells.add((c, ln))
    assert len(cells) == columns * lines  # no hole
