"""One page's arrangement: the page search (planner.py) run over a few reading orders.

`fit_page` asks the page planner for the least-cost arrangement of a
page's stories and flows each story into its module, returning what each
module holds (and where a jumping story's rest starts), or None when the
page cannot hold them. `trial_blank` plans a page on trial, only to see how
much it would leave blank. Which stories a page gets, and what happens when
it cannot hold them, is the issue-level planner's (planning/).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

from ..articles.article import Story
from ..context import Context
from .fit import fit_module
from .plan_memo import page_key
from .planner import KEEP, Module, Solution, Weights, assign, leaves, plan_page
from .shapes import leaf_options
from .slots import free_regions, share


TRIAL_KEEP = 4  # nodes per cell when a page is planned on trial only to see how much it leaves blank


@dataclass
class PageDraft:
    folio: int
    template: str
    top: int  # grid lines taken by the masthead or folio zone
    bottom: int  # grid lines taken by the imprint band
    placed: list[tuple[Story, Module, bool]] = field(default_factory=list)  # story, module, may jump
    ads: list = field(default_factory=list)  # planning.ads.Placed: the ad dummy, placed before editorial
    ear: Story | None = None  # an article pinned to the ear beside the masthead title (teasers.py)
    score: dict = field(default_factory=dict)  # the planner's score and terms (pages._score)


@dataclass(frozen=True)
class Jump:
    article: str
    from_page: int
    to_page: int
    lines: int


def _solve(stories: list[Story], draft: PageDraft, ctx: Context, jumpable: tuple[bool, ...],
           fills: dict[str, int], orders: int = 3, keep: int = KEEP,
           pressure: float = 1.0) -> tuple[Solution, list[Story]] | None:
    """The page's cheapest arrangement over a few reading orders, and the order it is in.

    With a cross-build plan memo (ctx.plan_memo, `typeset watch`), a page whose
    stories look to the planner as they did last time is not planned again
    (plan_memo.page_key says what the planner sees)."""
    if ctx.plan_memo is None:
        return _solve_fresh(stories, draft, ctx, jumpable, fills, orders, keep, pressure)
    key = page_key(stories, draft, jumpable, fills) + (orders, keep, pressure)
    hit = ctx.plan_memo.get(key)
    if hit is None:
        result = _solve_fresh(stories, draft, ctx, jumpable, fills, orders, keep, pressure)
        order = None if result is None else [next(i for i, s in enumerate(stories) if s is t) for t in result[1]]
        hit = ctx.plan_memo[key] = (None if result is None else result[0], order)
    solution, order = hit
    return None if solution is None else (solution, [stories[i] for i in order])


def _solve_fresh(stories: list[Story], draft: PageDraft, ctx: Context, jumpable: tuple[bool, ...],
                 fills: dict[str, int], orders: int, keep: int, pressure: float) -> tuple[Solution, list[Story]] | None:
    grid = ctx.layout.grid
    lines = grid.lines - draft.top - draft.bottom
    hold = ctx.layout.templates[draft.template].jumps == "when_full"
    may_jump = {id(s): j for s, j in zip(stories, jumpable)}
    best: tuple[Solution, list[Story]] | None = None
    for order in _orders(stories)[:orders]:
        def options(i: int, k: int, order=order):
            story = order[i]
            return leaf_options(story, i, k, ctx, lines, can_jump=may_jump[id(story)], lead=i == 0,
                                fills=fills.get(story.slug) if story.continued_from is None else None, hold=hold,
                                pressure=pressure)

        solution = plan_page(len(order), grid.columns, lines, options, _weights(ctx), keep)
        if solution is not None and (best is None or solution.cost < best[0].cost - 1e-9):
            best = (solution, order)
    return best


def trial_blank(draft: PageDraft, stories: list[Story], ctx: Context) -> int:
    """Blank column-lines a page keeps with these stories set whole, by a quick plan of it
    (memoised per build); the page's whole area when it has none, 0 when it cannot hold them whole."""
    key = ("blank", draft.folio, tuple(s.key for s in stories))
    if key not in ctx.cache:
        grid = ctx.layout.grid
        area = grid.columns * (grid.lines - draft.top - draft.bottom)
        solved = _solve(stories, draft, ctx, (False,) * len(stories), {}, orders=1, keep=TRIAL_KEEP) if stories else None
        ctx.cache[key] = area if not stories else solved[0].holes if solved else 0
    return ctx.cache[key]


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


def fit_page(stories: list[Story], draft: PageDraft, ctx: Context, jumpable: tuple[bool, ...],
             fills: dict[str, int], pinned: dict[str, str] | None = None, keep: int = KEEP, pressure: float = 1.0):
    """Modules for the page's stories by the planner's least-cost arrangement (planner.py), as
    (story, module, jumps, first unit left over); None if the page cannot hold them.

    Jumping is one of the planner's choices, priced by the layout: a story
    whose article allows it (continues_on) jumps when that makes the better
    page, any other only when the page cannot hold it; `jumpable` says
    which stories may jump at all (a continuation may not, by default).
    `pressure` multiplies the price of each body line a jump moves: the
    issue planner raises it when the pages the text would go to are full.
    """
    grid = ctx.layout.grid
    lines = grid.lines - draft.top - draft.bottom
    started = time.perf_counter()
    if pinned or draft.ads:
        return _fit_slots(stories, draft, ctx, jumpable, pinned or {}, started, pressure)
    solved = _solve(stories, draft, ctx, jumpable, fills, keep=keep, pressure=pressure)
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


def over_lines(stories: list[Story], draft: PageDraft, ctx: Context) -> int | None:
    """Grid lines the page lacks to hold its stories whole in its best endless arrangement."""
    grid = ctx.layout.grid
    worst = plan_page(len(stories), grid.columns, 10**6,
                      lambda i, k: leaf_options(stories[i], i, k, ctx, 10**6, can_jump=False, lead=i == 0),
                      Weights(0, 0))
    return worst.node.depth - (grid.lines - draft.top - draft.bottom) if worst else None


def _fit_slots(stories: list[Story], draft: PageDraft, ctx: Context, jumpable: tuple[bool, ...],
               pinned: dict[str, str], started: float, pressure: float = 1.0):
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
    ads = [p.rect for p in draft.ads]  # editorial fills the holes the ad dummy leaves
    regions = free_regions(grid.columns, lines, ads + rects)
    if regions is None and ads:
        ctx.diags.error(f"page {draft.folio}: an article is pinned to a slot that an ad takes", template.loc,
                        "pin it to another slot, or move the ad with `at:`")
        return []
    if regions is None:
        ctx.diags.error(f"page {draft.folio}: the slots its articles are pinned to overlap", template.loc,
                        "pin the articles to slots that do not overlap")
        return []
    others = [s for s in stories if all(s is not p[0] for p in placed)]
    hold = template.jumps == "when_full"

    def options(i: int, k: int, region_lines: int):
        return leaf_options(others[i], i, k, ctx, region_lines, can_jump=may_jump[id(others[i])], lead=i == 0,
                            hold=hold, pressure=pressure)

    shared = share(len(others), regions, options, _weights(ctx), draft.top)
    if shared is None:
        return None
    terms: dict[str, float] = {}
    for solution in shared.solutions:
        for leaf in leaves(solution.node):
            for name, value in leaf.terms.items():
                terms[name] = terms.get(name, 0.0) + value
    area = lines * grid.columns - sum(c * h for _, _, c, h in ads)  # the editorial area
    draft.score = {"score": round(shared.cost, 2), "holes": shared.holes, "area": area,
                   "fill": round(1 - shared.holes / area, 4), "tombstones": sum(s.node.tombstones for s in shared.solutions),
                   "solve_ms": round((time.perf_counter() - started) * 1000, 1),
                   "terms": {k: round(v, 2) for k, v in sorted(terms.items()) if v}, "slots": sorted(pinned.values()),
                   **({"ads": len(ads)} if ads else {})}
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


def overset(stories: list[Story], draft: PageDraft, ctx: Context, over: int | None) -> None:
    """The error for a page that cannot hold its stories: the page, the articles, how much too many."""
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
