"""One page with what the issue decision gave it: giving way where it cannot hold it all, taking
more where it is left under fill.

The decision (allocate.py) works on estimates; the page search (pages.py)
has the last word. Between the two, a page settles what it really holds,
in a fixed order a layout editor would recognise:

1. First only the stories the decision expects to jump may (one planned
   to continue, or one sending the excess the estimates found): fewer ways
   to set each story make the page search several times faster.
2. If the page cannot hold all it was given, the articles the engine
   placed (named on no page) give way: it keeps those it can, most
   important first; the others go back to be placed later or held over.
3. A page still under fill, with no story jumping from it, tries the next
   articles named on no page, each whole or continuing on the next page.
4. If the page still cannot hold its own stories, any of them may jump.
5. A page left part empty is searched again more widely, then with each
   of its stories in turn as the one that jumps; a page that gave up its
   own fill to fill a later one keeps its text instead; a jump that would
   move fewer lines than `min_jump_lines` is undone where the page can
   hold that story whole.

What it still cannot hold comes back as an `Overset` value for the issue
planner to resolve (move a continuation, hold an article over, ask the
pages before to keep more), not as an exception.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..articles.article import Story
from ..context import Context
from .pages import PageDraft, fit_page
from .planner import KEEP
from .allocate import FULL

WIDE_KEEP = 2 * KEEP  # nodes per cell when a page left part empty is searched again
TOP_UP = 3  # articles named on no page a page left under fill tries, beyond those the decision gave it


@dataclass(frozen=True)
class Overset:
    """A page that cannot hold what it was given, even after giving way."""

    stories: list[Story]


@dataclass(frozen=True)
class PageGiven:
    """What the decision gives a page to plan."""

    own: list[Story]  # named on it in issue.yaml, most important first
    engine: list[Story]  # named on no page, placed here by the decision
    spare: list[Story]  # named on no page and not placed here: to top up a page left under fill
    arriving: list[Story]  # continuations sent to it
    expected: frozenset[str]  # slugs the decision expects to jump
    fills: dict[str, int]  # slug -> blank a jump would fill on the page it continues on
    pressure: float  # price multiplier of a line a jump moves (the pages it would go to are full)
    can_send: bool  # a later page exists and the layout lets stories jump


def plan_one_page(draft: PageDraft, given: PageGiven, ctx: Context, parts: dict[str, int],
                  pinned: dict[str, str]) -> list | Overset:
    """The page's modules as (story, module, jumps, first unit left over), draft.score set; or
    an Overset naming what it could not hold."""
    widened = False
    expected = set(given.expected)
    own, arriving = given.own, given.arriving

    def attempt(extra: list[Story], fills: dict[str, int] = given.fills, keep: int = KEEP):
        stories = own + extra + arriving
        if not stories:
            return [], {}
        jumpable = tuple(given.can_send and parts.get(s.slug, 0) < ctx.layout.planner.max_jumps
                         and (widened or s.slug in expected) for s in stories)
        placed = fit_page(stories, draft, ctx, jumpable, fills, pinned, keep, given.pressure)
        return None if placed is None else (placed, dict(draft.score))

    kept = list(given.engine)
    best = attempt(kept)
    if best is None and kept:
        kept = []
        for story in given.engine:  # most important first: keep each the page can still hold
            trial = attempt(kept + [story])
            if trial is not None:
                kept, best = kept + [story], trial
    for story in given.spare[:TOP_UP]:
        if best is not None and (best[1].get("fill", 0) >= FULL or any(jumps for _, _, jumps, _ in best[0])):
            break  # full, or a story of it jumps: the page has text to spare, more would only go on
        expected.add(story.slug)
        trial = attempt(kept + [story])
        if trial is not None and (best is None or trial[1]["fill"] > best[1].get("fill", 0)):
            kept, best = kept + [story], trial
    if best is None and given.can_send:
        widened = True
        best = attempt(kept)
    if best is None:
        return Overset(own + kept + arriving)
    if best[1] and best[1]["fill"] < FULL:
        # A wider search (more nodes kept per part of the page) often finds the full arrangement,
        # and so does another story being the one that jumps (each of the page's own, in turn).
        wider = attempt(kept, keep=WIDE_KEEP)
        if wider is not None and wider[1]["score"] < best[1]["score"]:
            best = wider
        for story in own + kept if given.can_send and best[1]["fill"] < FULL else []:
            expected = {story.slug}
            other = attempt(kept, keep=WIDE_KEEP)
            if other is not None and (other[1]["fill"], -other[1]["score"]) > (best[1]["fill"], -best[1]["score"]):
                best = other
    if best[1] and given.fills and best[1]["fill"] < FULL:
        # Filling a later page is worth a jump, not a hole here: the page keeps its own text if
        # that leaves it fuller.
        own_text = attempt(kept, {})
        if own_text is not None and own_text[1]["fill"] > best[1]["fill"]:
            best = own_text
    # A jump that moves fewer lines than the layout's min_jump_lines reads as a mistake (three lines
    # continued on another page): such a story is set whole where the page can hold it so.
    least = ctx.layout.planner.min_jump_lines
    for story, _, jumps, rest in list(best[0]):
        if jumps and sum(u.height for u in story.units[rest:]) < least:
            expected.discard(story.slug)
            widened = False
            whole = attempt(kept, keep=WIDE_KEEP)
            if whole is not None and not _short_jumps(whole[0], least):
                best = whole
                break
    draft.score = best[1]
    return best[0]


def _short_jumps(placed: list, least: int) -> bool:
    return any(jumps and sum(u.height for u in story.units[rest:]) < least for story, _, jumps, rest in placed)
