"""Plan every page of the issue: modules from the planner, jumped text carried forward.

Pages are planned in order; a story that jumps keeps a module ending in a
jump line and the rest becomes a continuation placed on its
`continues_on` page (or the next page with room). Drawing comes after
(page_draw.py), when every page is planned and the "continued on" page
numbers are known. Text that fits nowhere is an error naming the article,
never dropped.

Pages are not independent: a page that the editor keeps for continuations
(the `continues_on` of articles on earlier pages) stays part empty if those
articles happen to fit where they start. So the issue is planned twice when
that happens: the next time, an article that jumps to such a page is priced
by how well its continuation fills the room there (shapes.py), and the plan
of lower total score wins.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field, replace

from .article import Story, compose_story, continuation
from .context import Context
from .errors import Diagnostics
from .masthead import imprint_block, imprint_lines
from .model import Issue
from .module import fit_module
from .plan_memo import page_key
from .planner import Module, Solution, Weights, assign, leaves, plan_page
from .shapes import leaf_options
from .slots import free_regions, share


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


def plan_issue(issue: Issue, ctx: Context) -> tuple[list[PageDraft], list[Jump]]:
    stories = {slug: compose_story(a, ctx) for slug, a in sorted(issue.articles.items())}
    diags = Diagnostics()
    drafts, jumps = _plan_pass(issue, replace(ctx, diags=diags), stories, {})
    for _ in range(3):  # each pass can only lower the total score; a few suffice
        room = _jump_room(issue, drafts, jumps, ctx)
        if not room or diags.errors:
            break
        diags2 = Diagnostics()
        drafts2, jumps2 = _plan_pass(issue, replace(ctx, diags=diags2), stories, room)
        if diags2.errors or _total(drafts2) >= _total(drafts):
            break
        drafts, jumps, diags = drafts2, jumps2, diags2
    ctx.diags.items += diags.items
    for draft in drafts if not diags.errors else []:
        if draft.score and 1 - draft.score["fill"] > ctx.layout.planner.hole_tolerance:
            ctx.diags.warning(f"page {draft.folio} is {100 * draft.score['fill']:.1f}% full: "
                              f"{draft.score['holes']} column-lines stay blank", issue.field_locs.get("pages", issue.loc),
                              "add an article to the page, or give it a photo that can grow")
    return drafts, jumps


def _total(drafts: list[PageDraft]) -> float:
    """The issue's score: the pages' scores, less what jumps earned for filling another page
    (that page's own score already shows the blank they filled)."""
    return sum(d.score.get("score", 0.0) - d.score.get("terms", {}).get("jump_room", 0.0) for d in drafts)


def _jump_room(issue: Issue, drafts: list[PageDraft], jumps: list[Jump], ctx: Context) -> dict[str, int]:
    """Body lines each article that jumps to a part-empty page should move there.

    The page's blank is shared among the articles that jump to it and those
    planned to continue there (continues_on, or the engine's own choice for an
    article it placed) from an earlier page whose template allows jumps, on
    top of what they move already.
    """
    moved = {(j.article, j.to_page): j.lines for j in jumps}
    room: dict[str, int] = {}
    for index, draft in enumerate(drafts):
        if not draft.score or draft.score["holes"] <= ctx.layout.planner.hole_tolerance * draft.score["area"]:
            continue
        waiting = sorted({j.article for j in jumps if j.to_page == draft.folio} | {
            story.slug for earlier in drafts[:index] if ctx.layout.templates[earlier.template].jumps == "allowed"
            for story, _, _ in earlier.placed
            if story.continued_from is None and story.article.continues_on == draft.folio})
        for slug in waiting:
            room[slug] = moved.get((slug, draft.folio), 0) + draft.score["holes"] // len(waiting)
    return room


def _plan_pass(issue: Issue, ctx: Context, stories: dict[str, Story], room: dict[str, int]):
    order = {slug: i for i, slug in enumerate(s for p in issue.pages for s in p.articles)}
    imprint = imprint_block(issue, ctx)
    folios = [issue.first_page + i for i in range(len(issue.pages))]
    pending: dict[int, list[Story]] = {f: [] for f in folios}
    drafts: list[PageDraft] = []
    jumps: list[Jump] = []
    unplaced = sorted((st for slug, st in stories.items() if slug not in order),
                      key=lambda st: (st.article.priority, st.slug))
    for index, spec in enumerate(issue.pages):
        zones = ctx.layout.templates[spec.template].zones
        top = zones["masthead"].lines if "masthead" in zones else zones["folio"].lines if "folio" in zones else 0
        bottom = imprint_lines(imprint) if "imprint" in zones else 0
        draft = PageDraft(folios[index], spec.template, top, bottom)
        own = sorted((stories[s] for s in spec.articles),
                     key=lambda s: (s.article.priority, order.get(s.slug, 0)))
        page_stories = own + pending[draft.folio]
        later = folios[index + 1:]
        for story in list(unplaced):  # articles named on no page go where they fit whole
            if _fits(page_stories + [story], draft, ctx):
                # The engine placed it, so the engine may continue it on the next page (at the price
                # of a planned jump) when that fills the issue better.
                if later and story.article.continues_on is None:
                    story = replace(story, article=replace(story.article, continues_on=later[0]))
                page_stories.append(story)
                unplaced = [u for u in unplaced if u.slug != story.slug]
        for story, module, jumping, rest in _fit_page(page_stories, draft, ctx, bool(later), issue, room,
                                                      spec.slots):
            draft.placed.append((story, module, jumping))
            if rest < len(story.units):
                wanted = story.article.continues_on
                target = wanted if wanted in later else later[0]
                pending[target].append(continuation(story, rest, draft.folio))
                jumps.append(Jump(story.slug, draft.folio, target, sum(u.height for u in story.units[rest:])))
        drafts.append(draft)
    for story in unplaced:
        ctx.diags.error(f"article '{story.slug}' is named on no page and no page has room for it "
                        f"({story.chars} characters)", story.article.loc,
                        "name it on a page in issue.yaml, or add an inside page")
    return drafts, jumps


def _fits(stories: list[Story], draft: PageDraft, ctx: Context) -> bool:
    """Can the page hold these stories whole (no jumps)?"""
    return _solve(stories, draft, ctx, can_jump=False) is not None


def _solve(stories: list[Story], draft: PageDraft, ctx: Context, *, can_jump: bool,
           room: dict[str, int] | None = None) -> tuple[Solution, list[Story]] | None:
    """The page's cheapest arrangement over a few reading orders, and the order it is in.

    With a cross-build plan memo (ctx.plan_memo, `typeset watch`), a page whose
    stories look to the planner as they did last time is not planned again
    (plan_memo.page_key says what the planner sees)."""
    if ctx.plan_memo is None:
        return _solve_fresh(stories, draft, ctx, can_jump, room)
    key = page_key(stories, draft, can_jump, room)
    hit = ctx.plan_memo.get(key)
    if hit is None:
        result = _solve_fresh(stories, draft, ctx, can_jump, room)
        order = None if result is None else [next(i for i, s in enumerate(stories) if s is t) for t in result[1]]
        hit = ctx.plan_memo[key] = (None if result is None else result[0], order)
    solution, order = hit
    return None if solution is None else (solution, [stories[i] for i in order])


def _solve_fresh(stories: list[Story], draft: PageDraft, ctx: Context, can_jump: bool,
                 room: dict[str, int] | None) -> tuple[Solution, list[Story]] | None:
    grid = ctx.layout.grid
    lines = grid.lines - draft.top - draft.bottom
    room = room or {}
    hold = ctx.layout.templates[draft.template].jumps == "when_full"
    best: tuple[Solution, list[Story]] | None = None
    for order in _orders(stories):
        def options(i: int, k: int, order=order):
            fills = room.get(order[i].slug) if order[i].continued_from is None else None
            return leaf_options(order[i], i, k, ctx, lines, can_jump=can_jump, lead=i == 0, fills=fills, hold=hold)

        solution = plan_page(len(order), grid.columns, lines, options, _weights(ctx))
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


def _fit_page(stories: list[Story], draft: PageDraft, ctx: Context, can_jump: bool, issue: Issue,
              room: dict[str, int], pinned: dict[str, str] | None = None):
    """Modules for the page's stories, by the planner's least-cost arrangement (planner.py).

    Jumping is one of the planner's choices, priced by the layout: a story
    whose article allows it (continues_on) jumps when that makes the better
    page, any other only when the page cannot hold it.
    """
    grid = ctx.layout.grid
    lines = grid.lines - draft.top - draft.bottom
    if not stories:
        ctx.diags.warning(f"page {draft.folio} has no articles and stays empty",
                          issue.field_locs.get("pages", issue.loc), "name articles for it in issue.yaml")
        return []
    started = time.perf_counter()
    if pinned:
        return _fit_slots(stories, draft, ctx, can_jump, issue, pinned, started)
    solved = _solve(stories, draft, ctx, can_jump=can_jump, room=room)
    if solved is None:
        worst = plan_page(len(stories), grid.columns, 10**6,
                          lambda i, k: leaf_options(stories[i], i, k, ctx, 10**6, can_jump=False, lead=i == 0),
                          Weights(0, 0))
        _overset(stories, draft, ctx, issue, worst.node.depth - lines if worst else None)
        return []
    solution, stories = solved
    draft.score = _score(solution, lines * grid.columns, time.perf_counter() - started, _weights(ctx))
    placed = []
    for leaf, module in sorted(assign(solution.node, 0, draft.top, grid.columns, lines), key=lambda t: t[0].story):
        story = stories[leaf.story]
        rest = fit_module(story, module, ctx, leaf.jumps).rest
        placed.append((story, module, leaf.jumps, rest))
    return placed


def _fit_slots(stories: list[Story], draft: PageDraft, ctx: Context, can_jump: bool, issue: Issue,
               pinned: dict[str, str], started: float):
    """A page with articles pinned to the template's slots: those first, the rest around them (slots.py)."""
    grid = ctx.layout.grid
    lines = grid.lines - draft.top - draft.bottom
    template = ctx.layout.templates[draft.template]
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
                            slot.loc if slot else issue.field_locs.get("pages", issue.loc),
                            f"slots of '{draft.template}': {', '.join(template.slots) or 'none'}")
            return []
        module = Module(slot.column, slot.columns, draft.top + slot.line, slot.lines)
        rest = fit_module(story, module, ctx, False).rest
        jumping = rest < len(story.units)
        if jumping and not can_jump:
            _overset([story], draft, ctx, issue, None)
            return []
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
        return leaf_options(others[i], i, k, ctx, region_lines, can_jump=can_jump, lead=i == 0, hold=hold)

    shared = share(len(others), regions, options, _weights(ctx), draft.top)
    if shared is None:
        _overset(others or stories, draft, ctx, issue, None)
        return []
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
    ctx.diags.error(
        f"page {draft.folio} cannot hold its articles ({', '.join(s.slug for s in stories)}): {amount}; "
        f"{sum(s.chars for s in stories)} characters would be lost, the least important being "
        f"'{last.slug}' ({last.chars} characters)",
        last.article.loc,
        "shorten an article, move one to a page with room, or add a page to issue.yaml",
    )
