"""Plan the whole issue: which text goes on which page, then each page's modules, in folio order.

The decision (allocate.py, by column-lines) is made for the rest of the
issue before each page is planned, with the real continuations sent so
far, so an estimate a few lines off is corrected on the next page rather
than carried through. Each page is then planned once (page.py). A
continuation goes to its `continues_on` page, else the nearest later
page with room; a page that would stay under fill takes it instead.

When a page cannot hold what it was given even after giving way, the
issue planner resolves it, cheapest first: a continuation moves on to
another later page with room; an article named on no page whose text is
there is held over and the issue is planned again from the page it
started on; else the pages that sent text there plan again keeping more
of it (moving a line is priced higher: photos crop, headlines stay
smaller). Only when none of that helps is it an error naming the page,
the articles and the characters that would be lost.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..articles.article import Story, compose_story, continuation
from ..context import Context
from ..articles.furniture import imprint_block, imprint_lines
from ..model import Issue
from .pages import Jump, PageDraft, over_lines, overset, trial_blank
from .allocate import FULL, PageRoom, allocate, choose_target
from .capacity import continuation_overhead, free_lines, page_area, story_area
from .ad_dummy import ad_dummy, ad_report
from .ads import ad_area
from .page import Overset, PageGiven, plan_one_page

PRESSURE = 8.0  # how much dearer a moved line gets each time the pages it went to overflowed
MAX_PRESSURE = PRESSURE ** 2


@dataclass
class IssuePlan:
    """What planning decided: every page's modules, the jumps, and the articles held over."""

    drafts: list[PageDraft]
    jumps: list[Jump]
    held_over: list[tuple[str, int]] = field(default_factory=list)  # (slug, characters), named on no page
    units: dict[str, int] = field(default_factory=dict)  # slug -> the article's body units (report.json)
    ads: list[dict] = field(default_factory=list)  # each placed ad, for report.json (ad_dummy.ad_report)


@dataclass
class _State:
    """What planning the pages so far has decided, kept per page so the issue can be planned again
    from any page."""

    pending: dict[int, list[Story]]  # folio -> continuations sent to it, in the order they came
    jumps: list[Jump]
    parts: dict[str, int]  # slug -> times it has jumped
    pool: list[Story]  # named on no page, not yet placed, most important first
    first_page: dict[str, int]  # slug named on no page -> index of the page it was placed on

    def copy(self) -> "_State":
        """A copy to go back to: the containers are copied, the stories (immutable) shared."""
        return _State({f: list(c) for f, c in self.pending.items()}, list(self.jumps), dict(self.parts),
                      list(self.pool), dict(self.first_page))


def plan_issue(issue: Issue, ctx: Context) -> IssuePlan:
    order = {slug: i for i, slug in enumerate(s for p in issue.pages for s in p.articles)}
    imprint = imprint_block(issue, ctx)
    drafts = [_draft(ctx, spec, issue.first_page + i, imprint, issue) for i, spec in enumerate(issue.pages)]
    too_long = _too_long(issue, drafts, order, ctx)  # before composing: a 2 MB paragraph fails in no time
    for slug, article in sorted(issue.articles.items()):
        if article.headline_span and slug not in order:
            ctx.diags.error(f"article '{slug}' spans its headline over its page but is named on no page",
                            article.field_locs.get("headline_span", article.loc),
                            "name it on the page it leads, or remove headline_span")
        if article.headline_direction == "vertical" and not ctx.language.startswith("zh"):
            ctx.diags.error(f"article '{slug}' asks for a vertical headline, which only a Chinese layout sets",
                            article.field_locs.get("headline_direction", article.loc),
                            "remove headline_direction: vertical, or set the issue in a zh layout")
    if ctx.diags.errors:
        return IssuePlan(drafts, [])
    stories = {slug: compose_story(a, ctx) for slug, a in sorted(issue.articles.items()) if slug not in too_long}
    own = {d.folio: sorted((stories[s] for s in spec.articles if spec.slots.get(s) != "ear"),
                           key=lambda s: (s.article.priority, order[s.slug])) for d, spec in zip(drafts, issue.pages)}
    for draft, spec in zip(drafts, issue.pages):  # an article pinned to the ear stands beside the masthead
        draft.ear = next((stories[s] for s in spec.articles if spec.slots.get(s) == "ear" and s in stories), None)
    pool = sorted((st for slug, st in stories.items() if slug not in order), key=lambda st: (st.article.priority, st.slug))
    state = _State({d.folio: [] for d in drafts}, [], {}, pool, {})
    held: list[str] = []  # held over to let a page hold its own text
    pressure: dict[int, float] = {}  # folio -> price multiplier of a moved line
    snapshots: dict[int, _State] = {}
    restarts, index = 0, 0
    while index < len(drafts):
        snapshots[index] = state.copy()
        draft = drafts[index]
        draft.placed, draft.score = [], {}
        given = _given(index, drafts, own, state, held, pressure, ctx)
        result = plan_one_page(draft, given, ctx, state.parts, _free_slots(issue.pages[index].slots))
        while isinstance(result, Overset) and _move_continuation(draft, drafts[index + 1:], own, state, ctx):
            given = replace(given, arriving=list(state.pending[draft.folio]))
            result = plan_one_page(draft, given, ctx, state.parts, _free_slots(issue.pages[index].slots))
        if isinstance(result, Overset):
            back = _give_way(result, index, drafts, state, held, pressure)
            if back is not None and restarts < 3 * len(drafts):
                restarts, index = restarts + 1, back
                state = snapshots[index].copy()
                continue
            overset(result.stories, draft, ctx, over_lines(result.stories, draft, ctx))
            result = []
        placed_here = {story.slug for story, _, _, _ in result}
        for story in state.pool:
            if story.slug in placed_here:
                state.first_page.setdefault(story.slug, index)
        state.pool = [s for s in state.pool if s.slug not in placed_here]
        for story, module, jumping, rest in result:
            draft.placed.append((story, module, jumping))
            if rest < len(story.units):
                _send_on(story, rest, draft, drafts[index + 1:], own, state, ctx)
        index += 1
    plan = IssuePlan(drafts, state.jumps, held_over=sorted(too_long.items()),
                     units={slug: len(st.units) for slug, st in stories.items()},
                     ads=[entry for draft in drafts for entry in ad_report(draft, ctx)])
    _hold_over(plan, [s for s in state.pool if s.slug not in held] + [stories[s] for s in held], ctx)
    if not ctx.diags.errors:
        _page_warnings(plan, ctx, issue)
    return plan


def _too_long(issue: Issue, drafts: list[PageDraft], order: dict[str, int], ctx: Context) -> dict[str, int]:
    """Articles longer than any arrangement could hold, found by counting characters before anything
    is composed: composing a paragraph of megabytes would take minutes and gigabytes only to fail.

    The bound is generous (a story runs in max_jumps + 1 parts, each at most the largest page, set
    solid at the body size, twice over), so an article under it is always composed and planned.
    One named on a page is an error; one named on no page is held over without being composed."""
    grid, body = ctx.layout.grid, ctx.style("body")
    per_line = grid.column_width / (body.size * (1.0 if ctx.language.startswith("zh") else 0.4))
    largest = max((page_area(ctx, d.top, d.bottom) for d in drafts), default=0)
    limit = 2 * (ctx.layout.planner.max_jumps + 1) * largest * per_line
    found = {}
    for slug, article in sorted(issue.articles.items()):
        chars = sum(len(run.text) for para in article.body for run in para.runs)
        if chars > limit:
            found[slug] = chars
            named = slug in order
            (ctx.diags.error if named else ctx.diags.warning)(
                f"article '{slug}' has {chars:,} characters, more than its pages could ever hold (a story runs in "
                f"at most {ctx.layout.planner.max_jumps + 1} parts; a page holds about {int(largest * per_line):,})"
                + ("" if named else ": held over"), article.loc,
                "split it into several articles, or check that the file is the article meant")
    return found


def _free_slots(slots: dict[str, str]) -> dict[str, str]:
    """The slots articles are pinned to in the page's free area (the ear is beside the masthead)."""
    return {slug: slot for slug, slot in slots.items() if slot != "ear"}


def _draft(ctx: Context, spec, folio: int, imprint, issue: Issue) -> PageDraft:
    zones = ctx.layout.templates[spec.template].zones
    top = zones["masthead"].lines if "masthead" in zones else zones["folio"].lines if "folio" in zones else 0
    bottom = imprint_lines(imprint) if "imprint" in zones else 0
    draft = PageDraft(folio, spec.template, top, bottom)
    draft.ads = ad_dummy(spec, draft, ctx, issue)
    return draft


def _given(index: int, drafts: list[PageDraft], own, state: _State, held: list[str], pressure: dict[int, float],
           ctx: Context) -> PageGiven:
    """What the decision for the rest of the issue gives page `index`."""
    draft = drafts[index]
    pool = [s for s in state.pool if s.slug not in held]
    rooms = _rooms(drafts[index:], own, state.pending, ctx)
    decision = allocate(rooms, [(s.slug, _area(s, ctx, draft), continuation_overhead(s, ctx)) for s in pool],
                        ctx.layout.planner.min_jump_lines)
    later = [d.folio for d in drafts[index + 1:]]
    engine = [_engine_placed(s, decision.sends.get(s.slug), later) for s in pool
              if s.slug in decision.placed[draft.folio]]
    engine.sort(key=lambda s: decision.placed[draft.folio].index(s.slug))
    hold = ctx.layout.templates[draft.template].jumps == "when_full"
    squeezed = pressure.get(draft.folio, 1.0)
    fills = {} if hold or squeezed > 1 else _fills(own[draft.folio] + engine, decision.pages[1:], ctx)
    expected = set(decision.sends) | ({s.slug for s in own[draft.folio] + engine if s.article.continues_on}
                                      if not hold else set())
    spare = [_engine_placed(s, None, later) for s in pool if s.slug not in decision.placed[draft.folio]]
    return PageGiven(own[draft.folio], engine, spare, list(state.pending[draft.folio]), frozenset(expected), fills,
                     squeezed, bool(later) and ctx.layout.planner.max_jumps > 0)


def _give_way(failed: Overset, index: int, drafts: list[PageDraft], state: _State, held: list[str],
              pressure: dict[int, float]) -> int | None:
    """How the issue resolves a page that cannot hold its text: the page index to plan again from,
    after holding over an article named on no page whose text is on it, or after making the pages
    that sent text to it keep more; None when neither can help."""
    placed_by_engine = [s for s in failed.stories if s.slug in state.first_page]
    if placed_by_engine:
        least = max(placed_by_engine, key=lambda s: (s.article.priority, s.chars, s.slug))
        held.append(least.slug)
        return state.first_page[least.slug]
    senders = sorted({s.continued_from for s in failed.stories if s.continued_from is not None})
    folios = [d.folio for d in drafts]
    senders = [f for f in senders if pressure.get(f, 1.0) < MAX_PRESSURE]
    if not senders:
        return None
    for folio in senders:
        pressure[folio] = pressure.get(folio, 1.0) * PRESSURE
    return folios.index(senders[0])


def _area(story: Story, ctx: Context, draft: PageDraft) -> int:
    return story_area(story, ctx, free_lines(ctx, draft.top, draft.bottom))


def _rooms(drafts: list[PageDraft], own: dict[int, list[Story]], pending: dict[int, list[Story]],
           ctx: Context) -> list[PageRoom]:
    """The pages from drafts[0] on as the decision sees them: area, what their own stories and the
    continuations sent to them take, whether they may send text on, and the blank the page planner
    leaves with just those (planned on trial when asked, memoised until what the page holds changes)."""
    rooms = []
    for index, draft in enumerate(drafts):
        own_areas = [(s.slug, _area(s, ctx, draft), s.article.priority,
                      None if ctx.layout.templates[draft.template].jumps == "when_full" else s.article.continues_on,
                      continuation_overhead(s, ctx)) for s in own[draft.folio]]
        taken = sum(a for _, a, _, _, _ in own_areas) + sum(_area(c, ctx, draft) for c in pending[draft.folio])
        can_send = ctx.layout.planner.max_jumps > 0 and index + 1 < len(drafts)
        stories = own[draft.folio] + pending[draft.folio]
        probe = (lambda d=draft, st=stories: trial_blank(d, st, ctx)) if stories and not draft.ads else None
        rooms.append(PageRoom(draft.folio, page_area(ctx, draft.top, draft.bottom) - ad_area(draft.ads), taken,
                              can_send, own_areas, probe))
    return rooms


def _engine_placed(story: Story, target: int | None, later: list[int]) -> Story:
    """An article named on no page, as placed by the engine: the engine may continue it on the page
    the decision chose (or the next), at the price of a planned jump."""
    if not later or story.article.continues_on is not None:
        return story
    return replace(story, article=replace(story.article, continues_on=target or later[0]))


def _fills(stories: list[Story], rooms: list[PageRoom], ctx: Context) -> dict[str, int]:
    """Column-lines each story planned to continue elsewhere would fill there: the blank the page
    it would continue on keeps with what it holds so far, found by planning that page on trial
    (the page planner stretches photos, air and widths far more than column-line estimates show)."""
    sharing: dict[int, list[str]] = {}  # target folio -> the stories that would continue there
    targets = {}
    for story in stories:
        if story.article.continues_on is None or story.continued_from is not None:
            continue
        target = choose_target(rooms, 1, story.article.continues_on)
        if target is not None:
            sharing.setdefault(target.folio, []).append(story.slug)
            targets[target.folio] = target
    fills = {}
    for folio, slugs in sharing.items():
        # Only a page that nothing else will fill: one the decision gives articles named on no page
        # is filled by those (its blank is then unknown, and no reason to jump).
        blank = targets[folio].blank
        if blank is not None and blank > ctx.layout.planner.hole_tolerance * targets[folio].area:
            for slug in slugs:  # the blank is shared, or each would be paid for all of it
                fills[slug] = blank // len(slugs)
    return fills


def _send_on(story: Story, rest: int, draft: PageDraft, later: list[PageDraft], own, state: _State,
             ctx: Context) -> None:
    """The rest of a jumping story, from unit `rest` on, goes to the later page the decision picks."""
    rest_story = continuation(story, rest, draft.folio)
    if not later:  # the page planner lets a story jump only where a later page exists
        raise AssertionError(f"{story.slug} jumps from the last page")
    rooms = _rooms(later, own, state.pending, ctx)
    target = choose_target(rooms, _area(rest_story, ctx, later[0]), story.article.continues_on)
    state.pending[target.folio].append(rest_story)
    state.parts[story.slug] = state.parts.get(story.slug, 0) + 1
    state.jumps.append(Jump(story.slug, draft.folio, target.folio, sum(u.height for u in story.units[rest:])))


def _move_continuation(draft: PageDraft, later: list[PageDraft], own, state: _State, ctx: Context) -> bool:
    """Move the last continuation sent to this page on to a later page with room for it whole."""
    if not state.pending[draft.folio] or not later:
        return False
    moving = state.pending[draft.folio][-1]
    rooms = [r for r in _rooms(later, own, state.pending, ctx) if r.room >= _area(moving, ctx, later[0])]
    if not rooms:
        return False
    state.pending[draft.folio].pop()
    state.pending[rooms[0].folio].append(moving)
    state.jumps[:] = [replace(j, to_page=rooms[0].folio) if (j.article, j.to_page) == (moving.slug, draft.folio)
                      else j for j in state.jumps]
    return True


def _hold_over(plan: IssuePlan, stories: list[Story], ctx: Context) -> None:
    for story in sorted(stories, key=lambda s: (s.article.priority, s.slug)):
        plan.held_over.append((story.slug, story.chars))
        ctx.diags.warning(f"article '{story.slug}' is named on no page and no page has room for it: held over "
                          f"({story.chars} characters)", story.article.loc,
                          "name it on a page in issue.yaml, shorten others, or add a page; report.json lists it "
                          "under held_over")


def _page_warnings(plan: IssuePlan, ctx: Context, issue: Issue) -> None:
    """A page left empty or under fill says so, and why: its articles are short of text for it, or
    they could not be arranged to fill it."""
    for draft, spec in zip(plan.drafts, issue.pages):
        where = spec.loc or issue.field_locs.get("pages", issue.loc)  # the page's own entry in issue.yaml
        if not draft.placed:
            ctx.diags.warning(f"page {draft.folio} has no articles and stays empty", where,
                              "name articles for it in issue.yaml")
            continue
        if not draft.score or draft.score["fill"] >= FULL:
            continue
        need = sum(_area(s, ctx, draft) for s, _, _ in draft.placed)
        area = draft.score["area"]
        sends = any(jumps for _, _, jumps in draft.placed)
        why = (f"its articles are short of text for it by about {area - need} column-lines"
               if need < FULL * area and not sends else "its articles could not be arranged to fill it")
        ctx.diags.warning(f"page {draft.folio} is {100 * draft.score['fill']:.1f}% full: {draft.score['holes']} "
                          f"column-lines stay blank; {why}", where,
                          "add an article to the page or leave one unnamed for the engine to place, or give it a "
                          "photo that can grow")
