"""The ad dummy on plain numbers (planning/ads.py): pyramid stacking, fixed positions, ads that cannot stand."""
from hypothesis import given, settings, strategies as st

from typeset.planning.ads import Booking, place_ads


def rects(placed):
    return sorted((p.booking.name, p.rect) for p in placed)


def test_a_pyramid_builds_up_from_the_bottom_toward_the_outside_edge():
    ads = [Booking("small", 2, 10, index=0), Booking("big", 4, 20, index=1)]
    odd, problems = place_ads(ads, 7, 100, folio=5)
    assert not problems
    # odd page: the right is the outside; the largest at the foot, the smaller on top of it
    assert rects(odd) == [("big", (3, 80, 4, 20)), ("small", (5, 70, 2, 10))]
    even, _ = place_ads(ads, 7, 100, folio=6)
    assert rects(even) == [("big", (0, 80, 4, 20)), ("small", (0, 70, 2, 10))]


def test_fixed_positions_are_kept_and_stacked_ads_go_around_them():
    ads = [Booking("corner", 2, 10, "bottom-left", 0), Booking("banner", 7, 8, "top-left", 1),
           Booking("stacked", 3, 12, None, 2)]
    placed, problems = place_ads(ads, 7, 100, folio=1)
    assert not problems
    assert rects(placed) == [("banner", (0, 0, 7, 8)), ("corner", (0, 90, 2, 10)), ("stacked", (4, 88, 3, 12))]


def test_an_ad_that_cannot_stand_is_reported_not_placed():
    placed, problems = place_ads([Booking("wide", 8, 10), Booking("tall", 2, 120)], 7, 100, folio=1)
    assert placed == [] and len(problems) == 2
    assert "ad wide (8 columns x 10 lines) does not fit the page's free area (7 columns x 100 lines)" in [
        message for _, message in problems]
    placed, problems = place_ads([Booking("a", 7, 60, "bottom"), Booking("b", 7, 60, "top-left")], 7, 100, folio=1)
    (booking, message), = problems
    assert [p.booking.name for p in placed] == ["a"] and booking.name == "b" and "no room left" in message


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.integers(1, 7), st.integers(1, 60), st.sampled_from([None, *("bottom-left",
       "bottom-right", "bottom", "top-left", "top-right")])), max_size=6), st.integers(1, 20))
def test_placed_ads_stay_on_the_page_and_never_overlap(specs, folio):
    bookings = [Booking(f"ad{i}", c, h, at, i) for i, (c, h, at) in enumerate(specs)]
    placed, problems = place_ads(bookings, 7, 100, folio)
    assert len(placed) + len(problems) == len(bookings)
    cells = set()
    for p in placed:
        column, line, columns, lines = p.rect
        assert 0 <= column and column + columns <= 7 and 0 <= line and line + lines <= 100
        mine = {(c, ln) for c in range(column, column + columns) for ln in range(line, line + lines)}
        assert not cells & mine
        cells |= mine
