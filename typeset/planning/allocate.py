"""Which text goes on which page: one decision for the whole issue, by column-lines.

Given each page's free area and the area of each story (capacity.py),
the issue is decided the way a copy desk does it, page by page in folio
order but with the whole issue in view:

1. A page whose own stories need more than it has sends the excess on:
   one of its stories jumps (one planned to continue, else the least
   important), and its continuation goes to a later page chosen by
   `choose_target`.
2. A page that would stay under fill takes the articles named on no page,
   most important first, whole where they fit; a page still under fill
   takes the next one in two parts, the rest continuing on a later page
   with room. A page its own text fills, as the page planner stretches it,
   takes none: they go where they are needed.
3. What no page has room for is held over (articles named on no page
   only: an article named on a page always appears).

Continuations never jump again (a story runs in two parts at most, by
default), so a continuation goes only where it fits whole. The decision
is remade after each page is really planned (pages.py), with the real
continuations in place of the estimates, so an estimate that was a few
lines off is corrected on the next page rather than carried through.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

FULL = 0.97  # a page at least this full reads as full (the rest is absorbed or tolerated)
MIN_PART = 0.25  # a story split to fill a page keeps at least this share of itself there


@dataclass
class PageRoom:
    """What the decision knows of one page: its area, what its own stories and the continuations
    already sent to it take, and whether its stories may send text on."""

    folio: int
    area: int
    taken: int  # column-lines of its own stories and of the continuations sent to it
    can_send: bool
    own: list = field(default_factory=list)  # (slug, area, priority, continues_on, jump overhead)
    probe: Callable[[], int] | None = None  # asks the page planner for the blank it leaves (on trial)
    _blank: int | None = None

    @property
    def room(self) -> int:
        return self.area - self.taken

    @property
    def blank(self) -> int | None:
        """Column-lines the page planner leaves blank with what the page holds, asked only when
        needed (a trial plan of the page); None once the decision has added to the page."""
        if self._blank is None and self.probe is not None:
            self._blank = self.probe()
        return self._blank

    def add(self, area: int) -> None:
        self.taken += area
        self.probe = self._blank = None  # no longer known: the estimate decides

    @property
    def under(self) -> bool:
        """Would the page stay under fill with what it holds? The page planner's own answer where
        known (it stretches photos and air far beyond the estimates), else the estimate."""
        blank = self.blank
        if blank is not None:
            return blank > (1 - FULL) * self.area
        return self.taken < FULL * self.area


@dataclass
class Decision:
    """Where the articles named on no page go, and what the estimates expect of each page."""

    placed: dict[int, list[str]]  # folio -> slugs named on no page that it takes, most important first
    sends: dict[str, int]  # slug -> the folio its rest is expected to continue on
    held_over: list[str]  # slugs named on no page that no page has room for
    pages: list[PageRoom]  # the pages as the decision leaves them (what each is expected to take)


def choose_target(pages: list[PageRoom], moved: int, prefer: int | None) -> PageRoom | None:
    """The later page a continuation of `moved` column-lines goes to (`pages`: the later pages).

    Its `continues_on` page (`prefer`) if that has room, unless a page
    before it would stay under fill while it holds the continuation: that
    page takes it instead. Else the nearest page with room; else, when
    none has room, the one with the most (the page planner then says
    whether it can hold it)."""
    fitting = [p for p in pages if p.room >= moved]
    wanted = next((p for p in fitting if p.folio == prefer), None)
    if wanted is not None:
        before = [p for p in fitting if p.folio < wanted.folio and p.under]
        return before[0] if before else wanted
    if fitting:
        return fitting[0]
    return max(pages, key=lambda p: (p.room, -p.folio)) if pages else None


def allocate(pages: list[PageRoom], pool: list[tuple[str, int, int]], min_jump: int) -> Decision:
    """Decide the rest of the issue: `pages` from the next one to plan to the last, `pool` the
    articles named on no page not yet placed as (slug, area, jump overhead), most important first.

    `min_jump`: column-lines a jump moves at least (the layout's min_jump_lines). The pages are
    copied, not changed."""
    pages = [PageRoom(p.folio, p.area, p.taken, p.can_send, list(p.own), p.probe, p._blank) for p in pages]
    placed: dict[int, list[str]] = {p.folio: [] for p in pages}
    sends: dict[str, int] = {}
    pool = list(pool)
    for index, page in enumerate(pages):
        later = pages[index + 1:]
        if page.room < 0 and page.can_send and later:
            _send_excess(page, later, sends)
        if page.room <= 0 or not pool or not page.under:
            continue  # a page its own text fills (as the page planner stretches it) takes no more
        for slug, area, _ in list(pool):  # whole, most important first
            if area <= page.room:
                placed[page.folio].append(slug)
                page.add(area)
                pool.remove((slug, area, _))
        if pool and page.can_send and later and page.under:
            _split_one(page, later, pool, placed, sends, min_jump)
    return Decision(placed, sends, [slug for slug, _, _ in pool], pages)


def _send_excess(page: PageRoom, later: list[PageRoom], sends: dict[str, int]) -> None:
    """The page's own stories need more than it has: the likeliest jumper sends the excess on."""
    if not page.own:
        return
    # A story planned to continue (continues_on) jumps first, then the least important, the longest.
    slug, area, _, continues_on, overhead = min(
        page.own, key=lambda o: (o[3] is None, -o[2], -o[1], o[0]))
    moved = -page.room + overhead
    target = choose_target(later, moved, continues_on)
    if target is None:
        return
    target.add(moved)
    page.taken -= moved - overhead
    sends[slug] = target.folio


def _split_one(page: PageRoom, later: list[PageRoom], pool: list[tuple[str, int, int]],
               placed: dict[int, list[str]], sends: dict[str, int], min_jump: int) -> None:
    """Fill a page still under fill with the first article of the pool that can run in two parts:
    enough of it kept here to matter, the rest whole on a later page with room."""
    for entry in pool:
        slug, area, overhead = entry
        keep = page.room
        moved = area - keep + overhead
        if keep < MIN_PART * area or moved - overhead < min_jump:
            continue
        target = choose_target([p for p in later if p.room >= moved], moved, None)
        if target is None:
            continue
        placed[page.folio].append(slug)
        page.add(page.room)
        target.add(moved)
        sends[slug] = target.folio
        pool.remove(entry)
        return
