"""The issue-level decision (planning/allocate.py) on plain numbers: where text goes, by column-lines."""
from hypothesis import given, settings, strategies as st

from typeset.planning.allocate import FULL, PageRoom, allocate, choose_target


def page(folio, taken, area=600, can_send=True, own=(), blank=None):
    probe = (lambda: blank) if blank is not None else None
    return PageRoom(folio, area, taken, can_send, list(own), probe)


def test_a_continuation_goes_to_its_continues_on_page_when_no_page_before_it_is_under_fill():
    later = [page(2, 590), page(3, 100)]
    assert choose_target(later, 200, prefer=3).folio == 3


def test_a_page_that_would_stay_under_fill_takes_the_continuation_instead():
    later = [page(2, 300), page(3, 100)]
    assert choose_target(later, 200, prefer=3).folio == 2


def test_the_page_planner_has_the_last_word_on_under_fill():
    """The estimate says page 2 is half empty; the page planner, which stretches photos and air,
    says it is full: the continuation goes where the editor asked."""
    later = [page(2, 300, blank=0), page(3, 100)]
    assert choose_target(later, 200, prefer=3).folio == 3


def test_without_continues_on_the_nearest_page_with_room_and_else_the_roomiest():
    later = [page(2, 550), page(3, 500), page(4, 100)]
    assert choose_target(later, 90, prefer=None).folio == 3
    assert choose_target([page(2, 590), page(3, 560)], 90, prefer=None).folio == 3


def test_an_over_full_page_sends_its_excess_to_where_its_jumper_continues():
    own = [("lead", 400, 1, None, 10), ("second", 300, 3, 4, 10)]
    pages = [page(1, 700, own=own), page(2, 590), page(3, 590), page(4, 200)]
    decision = allocate(pages, [], min_jump=8)
    assert decision.sends == {"second": 4}  # the story planned to continue jumps, not the lead
    assert {p.folio: p.taken for p in decision.pages}[4] == 200 + 100 + 10
    assert pages[3].taken == 200  # the pages given are not changed


def test_articles_named_on_no_page_go_most_important_first_and_the_rest_are_held_over():
    pages = [page(1, 300), page(2, 500), page(3, 590)]
    pool = [("big", 250, 10), ("small", 80, 10), ("huge", 900, 10)]
    decision = allocate(pages, pool, min_jump=8)
    # page 1 takes "big" whole, then "small" in two parts to fill it (the rest on page 2)
    assert decision.placed[1] == ["big", "small"] and decision.sends == {"small": 2}
    assert decision.placed[2] == decision.placed[3] == []  # page 3 is full: it takes nothing
    assert decision.held_over == ["huge"]


def test_a_page_left_under_fill_takes_an_article_in_two_parts():
    pages = [page(1, 400), page(2, 100)]
    decision = allocate(pages, [("long", 500, 12)], min_jump=8)
    assert decision.placed[1] == ["long"] and decision.sends == {"long": 2}
    taken = {p.folio: p.taken for p in decision.pages}
    assert taken[1] == 600 and taken[2] == 100 + (500 - 200 + 12)


def test_the_last_page_splits_nothing():
    decision = allocate([page(1, 400, can_send=False)], [("long", 500, 12)], min_jump=8)
    assert decision.held_over == ["long"] and decision.placed[1] == []


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(st.integers(0, 900), min_size=1, max_size=8), st.lists(st.integers(20, 900), max_size=8))
def test_every_article_named_on_no_page_is_placed_once_or_held_over(taken, areas):
    pages = [page(i + 1, t, can_send=i + 1 < len(taken)) for i, t in enumerate(taken)]
    pool = [(f"a{i}", a, 10) for i, a in enumerate(areas)]
    decision = allocate(pages, pool, min_jump=8)
    placed = [slug for slugs in decision.placed.values() for slug in slugs]
    assert sorted(placed + decision.held_over) == sorted(slug for slug, _, _ in pool)
    assert len(set(placed)) == len(placed)
    for slug, target in decision.sends.items():  # text is sent only forward
        assert target > next(f for f, slugs in decision.placed.items() if slug in slugs) or slug not in placed
    for before, after in zip(pages, decision.pages):
        if after.taken > before.taken and before.room >= 0:
            # a page takes articles only where they fit (whole), or fills exactly (split)
            assert after.taken <= after.area or any(t == after.folio for t in decision.sends.values())
    assert FULL < 1
