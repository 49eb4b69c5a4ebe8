"""The scored guillotine planner on synthetic stories: modules tile the page, the lead reads first,
blank and tombstones cost what the weights say, an impossible page has no plan."""
from hypothesis import given, settings, strategies as st

from typeset.planning.planner import PAST_TOLERANCE, Leaf, Module, Weights, assign, leaves, plan_page

W = Weights(hole=4, tombstone=80, tolerance=1.0)  # blank at the plain weight, whatever its share


def by_area(areas, cap=0, headline=0.0):
    """A story of `area` column-lines needs ceil(area / k) + 2 header lines at width k, costs nothing."""
    return lambda i, k: [Leaf(i, k, -(-areas[i] // k) + 2, 0.0, cap, headline=headline)]


def modules_of(solution, columns, lines, top=0):
    return {leaf.story: m for leaf, m in assign(solution.node, 0, top, columns, lines)}


def test_single_story_takes_the_page():
    sol = plan_page(1, 6, 70, by_area([120], cap=100), W)
    assert sol.node.depth == 22 and sol.holes == 0
    assert modules_of(sol, 6, 70, top=5) == {0: Module(0, 6, 5, 70)}


def test_blank_that_no_story_can_take_is_counted_and_priced():
    sol = plan_page(1, 6, 70, by_area([120], cap=10), W)
    assert sol.holes == (70 - 22 - 10) * 6
    assert sol.cost == 4 * sol.holes


def test_side_by_side_parts_that_end_unevenly_leave_blank():
    # 100 and 40 column-lines in 4 columns on a 60-line page, nothing can grow. Stacked: 27 + 12
    # lines, 21 lines x 4 columns blank below = 84. Side by side 2 + 2: 52 and 22 deep, 30 x 2
    # blank beside + 8 x 4 below = 92; 3 + 1: 36 and 42 deep, 6 x 3 + 18 x 4 = 90. Stacked wins.
    sol = plan_page(2, 4, 60, by_area([100, 40]), W)
    assert sol.node.kind == "stack" and sol.holes == 84 and sol.cost == 4 * 84
    side = plan_page(2, 4, 60, by_area([100, 40]), Weights(hole=4, tombstone=0, tolerance=1.0))
    assert side.holes == 84  # the blank is the same whatever the tombstone weight


def test_blank_past_the_tolerance_costs_more_and_more():
    # 84 blank column-lines of 240: with a 3% tolerance (7.2), the 76.8 beyond it cost PAST_TOLERANCE
    # times more each, and 76.8^2 / 7.2 more again
    sol = plan_page(2, 4, 60, by_area([100, 40]), Weights(hole=4, tombstone=80, tolerance=0.03))
    assert sol.holes == 84
    assert abs(sol.cost - 4 * (84 + PAST_TOLERANCE * 76.8 + 76.8 ** 2 / 7.2)) < 1e-6


def test_no_plan_when_a_story_cannot_fit():
    assert plan_page(2, 4, 50, lambda i, k: [] if i == 1 else [Leaf(i, k, 5, 0.0, 0)], W) is None
    assert plan_page(1, 4, 50, lambda i, k: [Leaf(i, k, 51, 0.0, 0)], W) is None


def test_cheaper_leaf_wins():
    def options(i, k):
        return [Leaf(i, k, 10, 0.0 if k == 2 else 50.0, 100)]
    sol = plan_page(2, 4, 40, options, W)
    assert [leaf.columns for leaf in leaves(sol.node)] == [2, 2]


def test_like_sized_headlines_side_by_side_are_a_tombstone():
    # Two stories that fit either way: side by side at one height they tombstone, stacked they do not.
    options = lambda i, k: [Leaf(i, k, 10 if k >= 2 else 30, 0.0, 100, headline=20.0)]  # noqa: E731
    sol = plan_page(2, 4, 40, options, W)
    assert sol.node.tombstones == 0 and sol.node.kind == "stack"
    unlike = lambda i, k: [Leaf(i, k, 10 if k >= 2 else 30, 0.0, 100, headline=30.0 if i == 0 else 14.0)]  # noqa: E731
    both = plan_page(2, 4, 40, unlike, Weights(hole=4, tombstone=80))
    assert both.node.tombstones == 0


def test_jumping_leaf_taken_only_when_it_pays():
    def options(i, k):
        whole = Leaf(i, k, -(-300 // k) + 2, 0.0, 0)
        jump = Leaf(i, k, 20, 60.0, 50, jumps=True)
        return [whole, jump] if i == 0 else [Leaf(i, k, -(-80 // k) + 2, 0.0, 0)]
    roomy = plan_page(2, 4, 120, options, W)
    assert not any(leaf.jumps for leaf in leaves(roomy.node))
    tight = plan_page(2, 4, 60, options, W)
    assert [leaf.jumps for leaf in leaves(tight.node)] == [True, False]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(10, 300), min_size=1, max_size=6), st.integers(1, 6), st.integers(0, 30))
def test_modules_tile_the_page_in_reading_order(areas, columns, cap):
    need = by_area(areas, cap)
    lines = sum(a + 2 for a in areas) + 10  # room for every story stacked one column wide
    sol = plan_page(len(areas), columns, lines, need, W)
    placed = modules_of(sol, columns, lines)
    assert sorted(placed) == list(range(len(areas)))
    cells = set()
    for i, m in placed.items():
        assert m.lines >= need(i, m.columns)[0].depth  # every story gets at least what it needs
        for c in range(m.column, m.column + m.columns):
            for ln in range(m.line, m.line + m.lines):
                assert (c, ln) not in cells
                cells.add((c, ln))
    assert len(cells) == columns * lines  # the modules fill the page: blank is inside modules, counted
    assert placed[0].column == 0 and placed[0].line == 0  # the lead takes the top left
    for i in placed:
        for j in placed:
            if i < j:  # a more important story stands above or to the left of a less important one
                a, b = placed[i], placed[j]
                assert a.line + a.lines <= b.line or a.column + a.columns <= b.column


def test_same_input_same_plan():
    areas = [200, 120, 120, 80, 60]
    a = plan_page(5, 7, 90, by_area(areas, 5, 20.0), W)
    b = plan_page(5, 7, 90, by_area(areas, 5, 20.0), W)
    assert modules_of(a, 7, 90) == modules_of(b, 7, 90) and a.cost == b.cost
