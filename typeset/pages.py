"""Plan every page of the issue: which text goes on which page, then each page's modules.

The issue is decided as a whole (planning/allocate.py, by the column-lines
each story needs against those each page has): where the articles named
on no page go or whether they are held over, which page a continuation
lands on. Then each page is arranged once by the page planner
(planner.py), in folio order, so a continuation's real length is known
before the page it lands on is planned; after each page the decision for
the rest of the issue is remade with the real continuations.

A story jumps at most `max_jumps` times (the layout's planner setting,
default 1: a continuation is never cut again). When a page cannot hold
what it was given, the articles the engine placed there give way first
(to a later page, or held over), then a continuation moves to another
later page with room; only then is it an error naming the page, the
articles and the characters that would be lost. Drawing comes after
(page_draw.py), when every page is planned and the "continued on" page
numbers are known.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field, replace

from .article import Story, compose_story, continuation
from .context import Context
from .masthead import imprint_block, imprint_lines
from .model import Issue
from .module import fit_module
from .plan_memo import page_key
from .planner import KEEP, Module, Solution, Weights, assign, leaves, plan_page
from .planning.allocate import FULL, PageRoom, allocate, choose_target
from .planning.capacity import continuation_overhead, free_lines, page_area, story_area
from .shapes import leaf_options
from .slots import free_regions, share


WIDE_KEEP = 2 * KEEP  # nodes per cell when a page left part empty is searched again
TRIAL_KEEP = 4  # nodes per cell when a page is planned on trial only to see how much it leaves blank
TOP_UP = 3  # articles named on no page a page left under fill tries, beyond those the decision gave it


@dataclass
class PageDraft:
    folio: int
    template: str
    top: int  # grid lines taken by the masthead or folio zone
    bottom: int  # grid lines taken by the imprint band
    placed: list[tuple[Story, Module, bool]] = field(default_factory=list)  # story, module, may jump
    score: dict = field(default_factory=dict)  # the planner's score and terms (pages._score)


@dataclass(frozen=True)
class Jump:
    article: str
    from_page: int
    to_page: int
    lines: int


@dataclass
class IssuePlan:
    """What planning decided: every page's modules, the jumps, and the articles held over."""

    drafts: list[PageDraft]
    jumps: list[Jump]
    held_over: list[tuple[str, int]] = field(default_factory=list)  # (slug, characters), named on no page
    units: dict[str, int] = field(default_factory=dict)  # slug -> the article's body units (report.json)


def plan_issue(issue: Issue, ctx: Context) -> IssuePlan:
    stories = {slug: compose_story(a, ctx) for slug, a in sorted(issue.articles.items())}
    order = {slug: i for i, slug in enumerate(s for p in issue.pages for s in p.articles)}
    imprint = imprint_block(issue, ctx)
    drafts = [_draft(issue, ctx, spec, issue.first_page + i, imprint) for i, spec in enumerate(issue.pages)]
    own = {d.folio: sorted((stories[s] for s in spec.articles), key=lambda s: (s.article.priority, order[s.slug]))
           for d, spec in zip(drafts, issue.pages)}
    pool = sorted((st for slug, st in stories.items() if slug not in order), key=lambda st: (st.article.priority, st.slug))
    pending: dict[int, list[Story]] = {d.folio: [] for d in drafts}  # continuations, in the order they came
    plan = IssuePlan(drafts, [], units={slug: len(st.units) for slug, st in stories.items()})
    parts: dict[str, int] = {}  # slug -> times it has jumped so far
    for index, draft in enumerate(drafts):
        rooms = _rooms(drafts[index:], own, pending, ctx)
        decision = allocate(rooms, [(s.slug, _area(s, ctx, draft), continuation_overhead(s, ctx)) for s in pool],
                            ctx.layout.planner.min_jump_lines)
        later = [d.folio for d in drafts[index + 1:]]
        engine = [_engine_placed(stories[slug], decision.sends.get(slug), later)
                  for slug in decision.placed[draft.folio]]
        hold = ctx.layout.templates[draft.template].jumps == "when_full"
        fills = {} if hold else _fills(own[draft.folio] + engine, decision.pages[1:], ctx)
        expected = set(decision.sends) | ({s.slug for s in own[draft.folio] + engine if s.article.continues_on}
                                          if not hold else set())
        spare = [_engine_placed(s, None, later) for s in pool if s.slug not in decision.placed[draft.folio]]
        placed = _plan_page(draft, own, engine, spare, pending, drafts[index + 1:], plan, ctx, issue,
                            parts, fills, expected, issue.pages[index].slots)
        kept = {story.slug for story, _, _, _ in placed}
        pool = [s for s in pool if s.slug not in kept]
        for story, module, jumping, rest in placed:
            draft.placed.append((story, module, jumping))
            if rest < len(story.units):
                _send_on(story, rest, draft, drafts[index + 1:], own, pending, plan, parts, ctx)
    for story in pool:
        plan.held_over.append((story.slug, story.chars))
        ctx.diags.warning(f"article '{story.slug}' is named on no page and no page has room for it: held over "
                          f"({story.chars} characters)", story.article.loc,
                          "name it on a page in issue.yaml, shorten others, or add a page; report.json lists it "
                          "under held_over")
    if not ctx.diags.errors:
        _fill_warnings(plan, own, pending, ctx, issue)
    return plan


def _draft(issue: Issue, ctx: Context, spec, folio: int, imprint) -> PageDraft:
    zones = ctx.layout.templates[spec.template].zones
    top = zones["masthead"].lines if "masthead" in zones else zones["folio"].lines if "folio" in zones else 0
    bottom = imprint_lines(imprint) if "imprint" in zones else 0
    return PageDraft(folio, spec.template, top, bottom)


def _area(story: Story, ctx: Context, draft: PageDraft) -> int:
    return story_area(story, ctx, free_lines(ctx, draft.top, draft.bottom)).natural


def _rooms(drafts: list[PageDraft], own: dict[int, list[Story]], pending: dict[int, list[Story]],
           ctx: Context) -> list[PageRoom]:
    """The pages from drafts[0] on as the decision sees them: area, what their own stories and the
    continuations sent to them take, whether they may send text on, and the blank the page planner
    leaves with just those (planned on trial, memoised until what the page holds changes)."""
    rooms = []
    for index, draft in enumerate(drafts):
        own_areas = [(s.slug, _area(s, ctx, draft), s.article.priority,
                      None if ctx.layout.templates[draft.template].jumps == "when_full" else s.article.continues_on,
                      continuation_overhead(s, ctx)) for s in own[draft.folio]]
        taken = sum(a for _, a, _, _, _ in own_areas) + sum(_area(c, ctx, draft) for c in pending[draft.folio])
        can_send = ctx.layout.planner.max_jumps > 0 and index + 1 < len(drafts)
        stories = own[draft.folio] + pending[draft.folio]
        rooms.append(PageRoom(draft.folio, page_area(ctx, draft.top, draft.bottom), taken, can_send, own_areas,
                              (lambda d=draft, st=stories: _trial_blank(d, st, ctx)) if stories else None))
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


def _trial_blank(draft: PageDraft, stories: list[Story], ctx: Context) -> int:
    """Blank column-lines a page keeps with these stories set whole (memoised per build); 0 when it
    cannot hold them whole."""
    key = ("blank", draft.folio, tuple(s.key for s in stories))
    if key not in ctx.cache:
        solved = _solve(stories, draft, ctx, (False,) * len(stories), {}, orders=1, keep=TRIAL_KEEP) if stories else None
        area = page_area(ctx, draft.top, draft.bottom)
        ctx.cache[key] = area if not stories else solved[0].holes if solved else 0
    return ctx.cache[key]


def _send_on(story: Story, rest: int, draft: PageDraft, later: list[PageDraft], own, pending, plan: IssuePlan,
             parts: dict[str, int], ctx: Context) -> None:
    """The rest of a jumping story, from unit `rest` on, goes to the later page the decision picks."""
    rest_story = continuation(story, rest, draft.folio)
    if not later:  # the page planner lets a story jump only where a later page exists
        raise AssertionError(f"{story.slug} jumps from the last page")
    rooms = _rooms(later, own, pending, ctx)
    target = choose_target(rooms, _area(rest_story, ctx, later[0]), story.article.continues_on)
    pending[target.folio].append(rest_story)
    parts[story.slug] = parts.get(story.slug, 0) + 1
    plan.jumps.append(Jump(story.slug, draft.folio, target.folio, sum(u.height for u in story.units[rest:])))


def _plan_page(draft: PageDraft, owns: dict[int, list[Story]], engine: list[Story], spare: list[Story],
               pending: dict[int, list[Story]], later: list[PageDraft], plan: IssuePlan, ctx: Context, issue: Issue,
               parts: dict[str, int], fills: dict[str, int], expected: set[str], pinned: dict[str, str]):
    """The page's modules, giving way where it cannot hold what it was given and taking more where
    it is left under fill.

    First only the stories the decision expects to jump may (one planned
    to continue, or sending the excess the estimates found): fewer ways to
    set each story make the page search several times faster. If the page
    cannot hold all it was given, the articles the engine placed give way:
    it keeps those it can, most important first, the others go back to be
    placed later or held over. A page still under fill tries the next
    articles named on no page (`spare`), each whole or continuing on the
    next page. If the page still cannot hold its own stories, any of them
    may jump; then a continuation moves on to another later page with room.
    """
    widened = False
    expected = set(expected)
    own = owns[draft.folio]

    def attempt(extra: list[Story], filling: dict[str, int] = fills, keep: int = KEEP):
        stories = own + extra + pending[draft.folio]
        jumpable = tuple(bool(later) and parts.get(s.slug, 0) < ctx.layout.planner.max_jumps
                         and (widened or s.slug in expected) for s in stories)
        placed = _fit_page(stories, draft, ctx, jumpable, filling, pinned, keep)
        return None if placed is None else (placed, dict(draft.score))

    if not own + engine + pending[draft.folio] + spare:
        ctx.diags.warning(f"page {draft.folio} has no articles and stays empty",
                          issue.field_locs.get("pages", issue.loc), "name articles for it in issue.yaml")
        return []
    kept = list(engine)
    best = attempt(kept) if own + kept + pending[draft.folio] else None
    if best is None and engine:
        kept = []
        for story in engine:  # most important first: keep each the page can still hold
            trial = attempt(kept + [story])
            if trial is not None:
                kept, best = kept + [story], trial
    for story in spare[:TOP_UP]:
        if best is not None and best[1]["fill"] >= FULL:
            break
        expected.add(story.slug)
        trial = attempt(kept + [story])
        if trial is not None and (best is None or trial[1]["fill"] > best[1]["fill"]):
            kept, best = kept + [story], trial
    while best is None:
        if own + kept + pending[draft.folio]:
            best = attempt(kept)
        if best is not None:
            break
        if not widened and later:
            widened = True
            continue
        if _move_continuation(draft, later, owns, pending, plan, ctx):
            continue
        stories = own + kept + pending[draft.folio]
        _overset(stories, draft, ctx, issue, _over(stories, draft, ctx))
        return []
    if best[1]["fill"] < FULL:
        # A page left part empty is searched again more widely (more nodes kept per part of the page)
        # before it is accepted: rare, and a wider search often finds the full arrangement.
        wider = attempt(kept, keep=WIDE_KEEP)
        if wider is not None and wider[1]["score"] < best[1]["score"]:
            best = wider
    if fills and best[1]["fill"] < FULL:
        # Filling a later page is worth a jump, not a hole here: the page keeps its own text if
        # that leaves it fuller.
        own_text = attempt(kept, {})
        if own_text is not None and own_text[1]["fill"] > best[1]["fill"]:
            best = own_text
    draft.score = best[1]
    return best[0]


def _move_continuation(draft: PageDraft, later: list[PageDraft], own, pending, plan: IssuePlan,
                       ctx: Context) -> bool:
    """Move the last continuation sent to this page on to a later page with room for it whole."""
    if not pending[draft.folio] or not later:
        return False
    moving = pending[draft.folio][-1]
    rooms = [r for r in _rooms(later, own, pending, ctx) if r.room >= _area(moving, ctx, later[0])]
    if not rooms:
        return False
    pending[draft.folio].pop()
    pending[rooms[0].folio].append(moving)
    plan.jumps[:] = [replace(j, to_page=rooms[0].folio) if (j.article, j.to_page) == (moving.slug, draft.folio)
                     else j for j in plan.jumps]
    return True


def _fill_warnings(plan: IssuePlan, own, pending, ctx: Context, issue: Issue) -> None:
    """A page left under fill says so, and why: its articles are short of text for it, or they could
    not be arranged to fill it."""
    for draft in plan.drafts:
        if not draft.score or draft.score["fill"] >= FULL:
            continue
        stories = [s for s, _, jumps in draft.placed]
        need = sum(_area(s, ctx, draft) for s in stories)
        area = draft.score["area"]
        sends = any(jumps for _, _, jumps in draft.placed)
        why = (f"its articles are short of text for it by about {area - need} column-lines"
               if need < FULL * area and not sends else "its articles could not be arranged to fill it")
        ctx.diags.warning(f"page {draft.folio} is {100 * draft.score['fill']:.1f}% full: {draft.score['holes']} "
                          f"column-lines stay blank; {why}", issue.field_locs.get("pages", issue.loc),
                          "add an article to the page or leave one unnamed for the engine to place, or give it a "
                          "photo that can grow")


def _solve(stories: list[Story], draft: PageDraft, ctx: Context, jumpable: tuple[bool, ...],
           fills: dict[str, int], orders: int = 3, keep: int = KEEP) -> tuple[Solution, list[Story]] | None:
    """The page's cheapest arrangement over a few reading orders, and the order it is in.

    With a cross-build plan memo (ctx.plan_memo, `typeset watch`), a page whose
    stories look to the planner as they did last time is not planned again
    (plan_memo.page_key says what the planner sees)."""
    if ctx.plan_memo is None:
        return _solve_fresh(stories, draft, ctx, jumpable, fills, orders, keep)
    key = page_key(stories, draft, jumpable, fills) + (orders, keep)
    hit = ctx.plan_memo.get(key)
    if hit is None:
        result = _solve_fresh(stories, draft, ctx, jumpable, fills, orders, keep)
        order = None if result is None else [next(i for i, s in enumerate(stories) if s is t) for t in result[1]]
        hit = ctx.plan_memo[key] = (None if result is None else result[0], order)
    solution, order = hit
    return None if solution is None else (solution, [stories[i] for i in order])


def _solve_fresh(stories: list[Story], draft: PageDraft, ctx: Context, jumpable: tuple[bool, ...],
                 fills: dict[str, int], orders: int, keep: int) -> tuple[Solution, list[Story]] | None:
    grid = ctx.layout.grid
    lines = grid.lines - draft.top - draft.bottom
    hold = ctx.layout.templates[draft.template].jumps == "when_full"
    may_jump = {id(s): j for s, j in zip(stories, jumpable)}
    best: tuple[Solution, list[Story]] | None = None
    for order in _orders(stories)[:orders]:
        def options(i: int, k: int, order=order):
            story = order[i]
            return leaf_options(story, i, k, ctx, lines, can_jump=may_jump[id(story)], lead=i == 0,
                                fills=fills.get(story.slug) if story.continued_from is None else None, hold=hold)

        solution = plan_page(len(order), grid.columns, lines, options, _weights(ctx), keep)
        if solution is not None and (best is None or solution.cost < best[0].cost - 1e-9):
            best = (solution, order)
    return best


def _orders(stories: list[Story]) -> list[list[Story]]:
    """Reading orders worth trying: importance first always (the lead keeps the top left), and among
    equally important stories the editor's order, the longest first and the shortest first; a
    different neighbour is often what keeps two like headlines apart."""
    groups: list[list[Story]] = []
    for story in stories:
        key = (story.article.priority, story.continued_from is not None)
        if groups and (groups[-1][0].article.priority, groups[-1][0].continued_from is not None) == key:
            groups[-1].append(story)
        else:
            groups.append([story])
    orders = [stories]
    for sign in (-1, 1):
        order = [s for g in groups for s in (g[:1] + sorted(g[1:], key=lambda s: (sign * s.chars, s.slug))
                                             if g is groups[0] else sorted(g, key=lambda s: (sign * s.chars, s.slug)))]
        if all(order != o for o in orders):
            orders.append(order)
    return orders


def _weights(ctx: Context) -> Weights:
    settings = ctx.layout.planner
    return Weights(hole=settings.w("hole"), tombstone=settings.w("tombstone"), tolerance=settings.hole_tolerance,
                   tombstone_ratio=settings.tombstone_ratio)


def _fit_page(stories: list[Story], draft: PageDraft, ctx: Context, jumpable: tuple[bool, ...],
              fills: dict[str, int], pinned: dict[str, str] | None = None, keep: int = KEEP):
    """Modules for the page's stories by the planner's least-cost arrangement (planner.py), as
    (story, module, jumps, first unit left over); None if the page cannot hold them.

    Jumping is one of the planner's choices, priced by the layout: a story
    whose article allows it (continues_on) jumps when that makes the better
    page, any other only when the page cannot hold it; `jumpable` says
    which stories may jump at all (a continuation may not, by default).
    """
    grid = ctx.layout.grid
    lines = grid.lines - draft.top - draft.bottom
    started = time.perf_counter()
    if pinned:
        return _fit_slots(stories, draft, ctx, jumpable, pinned, started)
    solved = _solve(stories, draft, ctx, jumpable, fills, keep=keep)
    if solved is None:
        return None
    solution, stories = solved
    draft.score = _score(solution, lines * grid.columns, time.perf_counter() - started, _weights(ctx))
    placed = []
    for leaf, module in sorted(assign(solution.node, 0, draft.top, grid.columns, lines), key=lambda t: t[0].story):
        story = stories[leaf.story]
        rest = fit_module(story, module, ctx, leaf.jumps).rest
        placed.append((story, module, leaf.jumps, rest))
    return placed


def _over(stories: list[Story], draft: PageDraft, ctx: Context) -> int | None:
    """Grid lines the page lacks to hold its stories whole in its best endless arrangement."""
    grid = ctx.layout.grid
    worst = plan_page(len(stories), grid.columns, 10**6,
                      lambda i, k: leaf_options(stories[i], i, k, ctx, 10**6, can_jump=False, lead=i == 0),
                      Weights(0, 0))
    return worst.node.depth - (grid.lines - draft.top - draft.bottom) if worst else None


def _fit_slots(stories: list[Story], draft: PageDraft, ctx: Context, jumpable: tuple[bool, ...],
               pinned: dict[str, str], started: float):
    """A page with articles pinned to the template's slots: those first, the rest around them (slots.py).
    None if the page cannot hold them; [] after an error in the slots themselves."""
    grid = ctx.layout.grid
    lines = grid.lines - draft.top - draft.bottom
    template = ctx.layout.templates[draft.template]
    may_jump = {id(s): j for s, j in zip(stories, jumpable)}
    placed, rects = [], []
    for story in stories:
        name = pinned.get(story.slug) if story.continued_from is None else None
        if name is None:
            continue
        slot = template.slots.get(name)
        if slot is None or slot.column + slot.columns > grid.columns or slot.line + slot.lines > lines:
            where = f"template '{draft.template}' has no slot '{name}'" if slot is None else \
                f"slot '{name}' of template '{draft.template}' reaches outside the page's free area " \
                f"({grid.columns} columns x {lines} lines)"
            ctx.diags.error(f"article '{story.slug}' is pinned to a slot that cannot be used: {where}",
                            slot.loc if slot else template.loc,
                            f"slots of '{draft.template}': {', '.join(template.slots) or 'none'}")
            return []
        module = Module(slot.column, slot.columns, draft.top + slot.line, slot.lines)
        rest = fit_module(story, module, ctx, False).rest
        jumping = rest < len(story.units)
        if jumping and not may_jump[id(story)]:
            return None
        if jumping:
            rest = fit_module(story, module, ctx, True).rest
        placed.append((story, module, jumping, rest))
        rects.append((slot.column, slot.line, slot.columns, slot.lines))
    regions = free_regions(grid.columns, lines, rects)
    if regions is None:
        ctx.diags.error(f"page {draft.folio}: the slots its articles are pinned to overlap", template.loc,
                        "pin the articles to slots that do not overlap")
        return []
    others = [s for s in stories if all(s is not p[0] for p in placed)]
    hold = template.jumps == "when_full"

    def options(i: int, k: int, region_lines: int):
        return leaf_options(others[i], i, k, ctx, region_lines, can_jump=may_jump[id(others[i])], lead=i == 0,
                            hold=hold)

    shared = share(len(others), regions, options, _weights(ctx), draft.top)
    if shared is None:
        return None
    terms: dict[str, float] = {}
    for solution in shared.solutions:
        for leaf in leaves(solution.node):
            for name, value in leaf.terms.items():
                terms[name] = terms.get(name, 0.0) + value
    area = lines * grid.columns
    draft.score = {"score": round(shared.cost, 2), "holes": shared.holes, "area": area,
                   "fill": round(1 - shared.holes / area, 4), "tombstones": sum(s.node.tombstones for s in shared.solutions),
                   "solve_ms": round((time.perf_counter() - started) * 1000, 1),
                   "terms": {k: round(v, 2) for k, v in sorted(terms.items()) if v}, "slots": sorted(pinned.values())}
    for leaf, module in shared.modules:
        story = others[leaf.story]
        placed.append((story, module, leaf.jumps, fit_module(story, module, ctx, leaf.jumps).rest))
    return placed


def _score(solution: Solution, area: int, seconds: float, weights: Weights) -> dict:
    """The page's score and its terms, for the report: what decided this page."""
    terms: dict[str, float] = {}
    for leaf in leaves(solution.node):
        for name, value in leaf.terms.items():
            terms[name] = terms.get(name, 0.0) + value
    terms["tombstone"] = weights.tombstone * solution.node.tombstones
    terms["hole"] = solution.cost - sum(terms.values())  # blank, at the rising weight past the tolerance
    return {"score": round(solution.cost, 2), "holes": solution.holes, "area": area, "fill": round(1 - solution.holes / area, 4),
            "tombstones": solution.node.tombstones, "solve_ms": round(seconds * 1000, 1),
            "terms": {k: round(v, 2) for k, v in sorted(terms.items()) if v}}


def _overset(stories: list[Story], draft: PageDraft, ctx: Context, issue: Issue, over: int | None) -> None:
    last = max(stories, key=lambda s: (s.article.priority, s.chars))
    amount = f"{over} grid lines too many" if over else "no arrangement of its modules fits"
    continued = [s.slug for s in stories if s.continued_from is not None]
    why = (f"; the continuation of {', '.join(repr(c) for c in continued)} may not jump again (a story runs in "
           f"at most {ctx.layout.planner.max_jumps + 1} parts: planner.max_jumps)" if continued else "")
    ctx.diags.error(
        f"page {draft.folio} cannot hold its articles ({', '.join(s.slug for s in stories)}): {amount}; "
        f"{sum(s.chars for s in stories)} characters would be lost, the least important being "
        f"'{last.slug}' ({last.chars} characters){why}",
        last.article.loc,
        "shorten an article, move one to a page with room, or add a page to issue.yaml",
    )
