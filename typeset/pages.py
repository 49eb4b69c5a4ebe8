"""Pages: plan every page of the issue, carry jumped text forward, then draw.

Planning and drawing are two passes so that jump lines name the page the
text really lands on: a story that does not fit its page keeps a module
that ends in a jump line, and the rest becomes a continuation placed on
its `continues_on` page (or the next page with room); only when every
page is planned are the "continued on" page numbers known and drawn.
Text that fits nowhere is an error naming the article, never dropped.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .article import Story, column_starts, compose_story, continuation, max_photo_lines, required_lines
from .context import Context
from .masthead import folio_items, imprint_block, imprint_items, imprint_lines, masthead_items
from .model import Issue
from .module import draw_module
from .plan import PagePlan, PlanItem, RuleItem
from .planner import Module, assign, best_layout

MIN_JUMP_BODY = 5  # body lines a jumping story keeps on its first page, at least


@dataclass
class PageDraft:
    folio: int
    template: str
    top: int  # grid lines taken by the masthead or folio zone
    bottom: int  # grid lines taken by the imprint band
    placed: list[tuple[Story, Module, bool]] = field(default_factory=list)  # story, module, may jump


@dataclass(frozen=True)
class Jump:
    article: str
    from_page: int
    to_page: int
    lines: int


def plan_issue(issue: Issue, ctx: Context) -> tuple[list[PageDraft], list[Jump]]:
    stories = {slug: compose_story(a, ctx) for slug, a in sorted(issue.articles.items())}
    order = {slug: i for i, slug in enumerate(s for p in issue.pages for s in p.articles)}
    imprint = imprint_block(issue, ctx)
    folios = [issue.first_page + i for i in range(len(issue.pages))]
    pending: dict[int, list[Story]] = {f: [] for f in folios}
    drafts: list[PageDraft] = []
    jumps: list[Jump] = []
    named = set(order)
    unplaced = sorted((st for slug, st in stories.items() if slug not in named),
                      key=lambda st: (st.article.priority, st.slug))
    for index, spec in enumerate(issue.pages):
        zones = ctx.layout.templates[spec.template].zones
        top = zones["masthead"].lines if "masthead" in zones else zones["folio"].lines if "folio" in zones else 0
        bottom = imprint_lines(imprint) if "imprint" in zones else 0
        draft = PageDraft(folios[index], spec.template, top, bottom)
        own = sorted((stories[s] for s in spec.articles),
                     key=lambda s: (s.article.priority, order.get(s.slug, 0)))
        page_stories = own + pending[draft.folio]
        for story in list(unplaced):  # articles named on no page go where they fit whole
            if _fits(page_stories + [story], draft, ctx):
                page_stories.append(story)
                unplaced.remove(story)
        later = folios[index + 1:]
        for story, module, jumping, rest in _fit_page(page_stories, draft, ctx, bool(later), issue):
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
    lines = ctx.layout.grid.lines - draft.top - draft.bottom
    cut = best_layout(len(stories), ctx.layout.grid.columns,
                      lambda i, k: required_lines(stories[i], k, ctx, lines))
    return cut is not None and cut.depth <= lines


def _fit_page(stories: list[Story], draft: PageDraft, ctx: Context, can_jump: bool, issue: Issue):
    """Modules for the page's stories; when the page cannot hold them all, some jump.

    Jumping stories keep the largest share `keep` of their full depth that
    still lets the page fit (found by bisection), so a jumped lead story
    keeps its shape and as much of its text as the page allows.
    """
    grid = ctx.layout.grid
    lines = grid.lines - draft.top - draft.bottom
    jumping: set[int] = set()
    if not stories:
        ctx.diags.warning(f"page {draft.folio} has no articles and stays empty",
                          issue.field_locs.get("pages", issue.loc), "name articles for it in issue.yaml")
        return []

    full_depth: dict[tuple[int, int], int | None] = {}  # the bisection asks the same shapes again and again

    def layout(keep: float):
        def need(i: int, k: int) -> int | None:
            if (i, k) not in full_depth:
                full_depth[(i, k)] = required_lines(stories[i], k, ctx, lines)
            full = full_depth[(i, k)]
            if i not in jumping:
                return full
            # A jumping story keeps a real share of the page: the page's lead at
            # least half its width, any other at least two columns.
            if k < (-(-grid.columns // 2) if i == 0 else min(2, grid.columns)):
                return None
            _, starts = column_starts(stories[i], k, ctx, max_photo_lines(ctx))
            least = max(starts) + MIN_JUMP_BODY + 2
            return max(least, int(keep * (full if full is not None else lines)))

        cut = best_layout(len(stories), grid.columns, need)
        return cut if cut and cut.depth <= lines else None

    cut = layout(1.0)
    while cut is None:
        candidates = [i for i in range(len(stories)) if i not in jumping]
        if not can_jump or not candidates:
            worst = best_layout(len(stories), grid.columns, lambda i, k: required_lines(stories[i], k, ctx, 10**6))
            _overset(stories, draft, ctx, issue, worst.depth - lines if worst else None)
            return []
        # continues_on stories jump first, then the least important, then the longest
        jumping.add(max(candidates, key=lambda i: (stories[i].article.continues_on is not None,
                                                    stories[i].article.priority, stories[i].chars, -i)))
        low, high = 0.0, 1.0
        cut = layout(low)
        for _ in range(10 if cut else 0):
            mid = (low + high) / 2
            trial = layout(mid)
            if trial:
                low, cut = mid, trial
            else:
                high = mid
    placed = []
    for i, module in sorted(assign(cut, 0, draft.top, grid.columns, lines, frozenset(jumping)),
                            key=lambda t: t[0]):
        rest = draw_module(stories[i], module, ctx, jump_line=i in jumping).rest
        placed.append((stories[i], module, i in jumping, rest))
    return placed


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


def draw_pages(issue: Issue, ctx: Context, drafts: list[PageDraft], jumps: list[Jump]) -> list[PagePlan]:
    """The display list of every planned page; jump lines name where the text really went."""
    grid, layout = ctx.layout.grid, ctx.layout
    target = {(j.article, j.from_page): j.to_page for j in jumps}
    imprint = imprint_block(issue, ctx)
    plans = []
    for draft in drafts:
        zones = layout.templates[draft.template].zones
        items: list[PlanItem] = []
        if "masthead" in zones:
            items += masthead_items(issue, ctx, draft.top, len(drafts))
        if "folio" in zones:
            items += folio_items(issue, ctx, draft.folio, draft.top)
        modules = []
        for story, module, jumping in draft.placed:
            drawn = draw_module(story, module, ctx, jump_line=jumping,
                                jump_to=target.get((story.slug, draft.folio)))
            items += drawn.items
            modules.append(drawn.info)
            items += _module_rules(module, draft, ctx)
        if imprint and "imprint" in zones:
            items += imprint_items(imprint, ctx, grid.lines - draft.bottom)
        plans.append(PagePlan(draft.folio, draft.template, layout.width, layout.height, layout.bleed,
                              tuple(items), tuple(modules)))
    return plans


def _module_rules(m: Module, draft: PageDraft, ctx: Context) -> list[PlanItem]:
    """Hairlines that separate a module from its neighbours to the right and below."""
    grid = ctx.layout.grid
    rules: list[PlanItem] = []
    if m.column + m.columns < grid.columns:
        x = grid.col_x(m.column + m.columns) - grid.gutter / 2
        rules.append(RuleItem(x, grid.line_y(m.line), x, grid.line_y(m.line + m.lines) - grid.leading / 2, 0.5))
    if m.line + m.lines < grid.lines - draft.bottom:
        y = grid.line_y(m.line + m.lines) - grid.leading / 2
        rules.append(RuleItem(grid.col_x(m.column), y, grid.col_x(m.column) + grid.span(m.columns), y, 0.5))
    return rules
