"""The line breaker on synthetic items: it knows no scripts and no fonts.

The public API (break_lines, break_paragraph, is_legal, next_start) and its
contract; the total-fit algorithm itself is tested in test_text_knuthplass.py.
"""
import pytest

from typeset.text.items import INF, Box, Glue, Penalty
from typeset.text.knuthplass import FIL, BreakParams

from reference.breaker import break_lines, break_paragraph, is_legal, next_start
from reference.setter import set_lines

END = [Glue(0, FIL, 0), Penalty(0, -INF)]


def words(*widths, space=(1, 0.5, 0.3)):
    items = []
    for k, w in enumerate(widths):
        if k:
            items.append(Glue(*space, text=" "))
        items.append(Box(w, "x", "f", 1))
    return items + END


def line_widths(items, breaks, width):
    lines = set_lines(items, breaks, lambda n: width, "justify")
    return [ln.width for ln in lines]


def test_breaks_at_glue_and_ends_with_the_forced_break():
    items = words(3, 3, 3, 3)
    breaks = break_lines(items, lambda n: 7)
    assert breaks == [3, len(items) - 1]
    assert all(is_legal(items, b) for b in breaks)


def test_prefers_a_solid_line_to_a_squeezed_one():
    # 4 + 1 + 4 = 9 fits exactly; squeezing a third box in would need ratio -1.
    items = words(4, 4, 0.4, 4, space=(1, 0, 0.6))
    breaks = break_lines(items, lambda n: 9)
    assert breaks[0] == 3


def test_uses_shrink_when_that_is_the_only_fit():
    items = words(5, 5, 5, space=(1, 0.5, 0.5))
    breaks = break_lines(items, lambda n: 10.5)
    assert breaks[0] == 3  # 5 + 1 + 5 = 11 shrinks to 10.5
    assert line_widths(items, breaks, 10.5)[0] == pytest.approx(10.5)


def test_never_breaks_at_an_infinite_penalty_or_at_glue_after_a_penalty():
    items = [Box(4, "a", "f", 1), Penalty(0, INF), Glue(1, 1, 0), Box(4, "b", "f", 1),
             Glue(1, 1, 0), Box(4, "c", "f", 1)] + END
    assert not is_legal(items, 1) and not is_legal(items, 2) and is_legal(items, 4)
    assert break_lines(items, lambda n: 9)[0] == 4  # "a b" fits: a and b stay together
    # When nothing legal fits, an emergency cut keeps the line inside the measure.
    breaks = break_lines(items, lambda n: 6)
    assert breaks[0] in (1, 2) and not is_legal(items, breaks[0])


def test_penalty_width_counts_only_when_taken():
    hy = Penalty(1, 50, True, "-", "f", 1)
    items = [Box(4, "a", "f", 1), hy, Box(4, "b", "f", 1)] + END
    assert break_lines(items, lambda n: 5) == [1, len(items) - 1]
    lines = set_lines(items, [1, len(items) - 1], lambda n: 5, "justify")
    assert lines[0].hyphenated and lines[0].width == 5
    assert "".join(g.text for g in lines[0].glyphs) == "a-"


def test_line_widths_may_change_by_line():
    items = words(*[2] * 12)
    widths = {0: 5, 1: 8}
    breaks = break_lines(items, lambda n: widths.get(n, 11))
    lines = set_lines(items, breaks, lambda n: widths.get(n, 11), "justify")
    assert [ln.measure for ln in lines[:3]] == [5, 8, 11]
    assert [round(ln.width, 6) for ln in lines[:-1]] == [5, 8, 11]


def test_emergency_splits_between_boxes_and_never_exceeds_the_measure():
    url = [Box(1, c, "f", 1) for c in "abcdefghijklmnopqrstuvwxyz"]
    items = [Box(3, "s", "f", 1), Glue(1, 1, 0)] + url + END
    breaks = break_lines(items, lambda n: 10)
    assert not is_legal(items, breaks[1])  # cut inside the long box run
    lines = set_lines(items, breaks, lambda n: 10, "justify")
    assert all(ln.width <= 10 + 1e-9 for ln in lines)
    assert "".join(g.text for ln in lines for g in ln.glyphs) == "s" + "abcdefghijklmnopqrstuvwxyz"


def test_a_single_box_wider_than_the_measure_goes_alone():
    items = words(3, 20, 3)
    breaks = break_lines(items, lambda n: 10)
    lines = set_lines(items, breaks, lambda n: 10, "justify")
    assert [ln.width for ln in lines] == [3, 20, 3]


def test_negative_glue_cannot_hide_a_fit_from_the_early_stop():
    # A box too wide on its own, then glue of width -3 pulls the line back under the measure.
    items = [Box(6, "a", "f", 1), Glue(0, 1, 0), Box(6, "b", "f", 1), Penalty(0, INF), Glue(-3, 0, 0),
             Box(1, "c", "f", 1), Glue(0, 1, 0), Box(6, "d", "f", 1)] + END
    breaks = break_lines(items, lambda n: 10.5)
    assert breaks[0] == 6  # "a b c" = 6 + 6 - 3 + 1 = 10


def test_next_start_skips_discardables():
    items = [Box(1, "a", "f", 1), Glue(1, 0, 0), Penalty(0, 0), Glue(1, 0, 0), Box(1, "b", "f", 1)] + END
    assert next_start(items, 1) == 4
    assert next_start(items, 4) == 4  # an emergency cut before a box consumes nothing


def test_items_must_end_with_a_forced_break():
    with pytest.raises(ValueError):
        break_lines([Box(1, "a", "f", 1)], lambda n: 5)
    assert break_lines([], lambda n: 5) == []


def test_params_and_a_plain_number_for_the_measure():
    items = words(3, 3, 3, 3)
    assert break_lines(items, 7, params=BreakParams()) == break_lines(items, lambda n: 7) == [3, len(items) - 1]
    with pytest.raises(ValueError):
        BreakParams(max_consecutive_hyphens=-1)


def test_break_paragraph_says_which_pass_found_the_breaks():
    items = words(3, 3, 3, 3)
    assert break_paragraph(items, 7).passname == "pretolerance"  # sets solid: the first pass is enough
    wide = words(3, 20, 3)
    got = break_paragraph(wide, 10)
    assert got.passname == "emergency" and got.emergency


def test_a_forced_break_inside_the_paragraph_is_always_taken():
    items = words(2, 2) + words(2, 2)  # the first END is a forced break in mid-paragraph
    breaks = break_lines(items, 100)
    assert breaks == [4, len(items) - 1]


def test_discardable_items_before_the_first_box_end_no_line():
    lead = [Penalty(0, -INF), Glue(1, 1, 1), Penalty(0, 0)]
    items = lead + words(3, 3, 3, 3)
    assert break_lines(items, 7) == [6, len(items) - 1]


def test_emergency_ignores_what_comes_before_the_first_box():
    items = [Glue(1, 1, 1), Penalty(0, -INF)] + words(3, 20, 3)
    breaks = break_lines(items, 10)
    lines = set_lines(items, breaks, lambda n: 10, "justify")
    assert [ln.width for ln in lines] == [3, 20, 3]
