"""Draw planned pages: masthead or folio, modules, rules, imprint; jump lines name where text went.

Drawing is the second pass after planning (pages.py), so that a jump line
names the page its text really landed on: only when every page is planned
are the "continued on" page numbers known.
"""
from __future__ import annotations

from ..articles.article import record_block
from ..context import Context
from ..articles.furniture import imprint_block
from .masthead import ear_box, folio_items, imprint_items, masthead_items
from ..model import Issue
from .module import draw_module
from ..planning.pages import Jump, PageDraft
from ..plan import ImageItem, PagePlan, PlanItem, RuleItem
from ..planning.planner import Module
from .teasers import Teaser, box_items, ear_article, teasers
from ..units import Rect


def draw_pages(issue: Issue, ctx: Context, drafts: list[PageDraft], jumps: list[Jump]) -> list[PagePlan]:
    """The display list of every planned page; jump lines name where the text really went."""
    grid, layout = ctx.layout.grid, ctx.layout
    target = {(j.article, j.from_page): j.to_page for j in jumps}
    imprint = imprint_block(issue, ctx)
    starts: dict[str, int] = {}  # where each article starts: what its teasers name
    for draft in drafts:
        for story, _, _ in draft.placed:
            starts.setdefault(story.slug, draft.folio)
    plans = []
    for draft, spec in zip(drafts, issue.pages):
        zones = layout.templates[draft.template].zones
        items: list[PlanItem] = []
        teased = _teasers(issue, spec, starts, ctx)
        if spec.ear == "teasers" and "masthead" not in zones:
            ctx.diags.error(f"page {draft.folio} puts its teasers in the ear, but its template '{draft.template}' "
                            "has no masthead to stand beside", spec.loc, "use ear: teasers on the front page only")
        modules = []
        if "masthead" in zones:
            items += masthead_items(issue, ctx, draft.top, len(drafts), zones["masthead"],
                                    ear=teased if spec.ear == "teasers" else None)
            if draft.ear is not None:
                box = ear_box(issue, ctx, draft.top, zones["masthead"])
                drawn = ear_article(draft.ear, ctx, box[0], box[1], draft.top - 2) if box else None
                if box is None:
                    ctx.diags.error(f"article '{draft.ear.slug}' is pinned to the ear, but the masthead title leaves "
                                    "it less than two columns", spec.loc, "name the article on a page instead")
                elif drawn is not None:
                    items += drawn[0]
                    modules.append(drawn[1])
        if "folio" in zones:
            items += folio_items(issue, ctx, draft.folio, draft.top)
        for story, module, jumping in draft.placed:
            drawn = draw_module(story, module, ctx, jump_line=jumping,
                                jump_to=target.get((story.slug, draft.folio)))
            items += drawn.items
            modules.append(drawn.info)
            if not story.article.box:  # a boxed story's frame or tint marks it off already
                items += _module_rules(module, draft, ctx)
        for ad in draft.ads:
            if ad.booking.name.startswith("headline:"):  # a 通栏/破栏 headline group over its story's body
                items += _headline_band(issue.articles[ad.booking.name[9:]], ad, draft, ctx)
            elif ad.booking.file is None:  # the teaser box
                items += box_items(teased, ctx, ctx.layout.grid.col_x(ad.column), draft.top + ad.line, spec.loc)
            else:
                items.append(_ad_item(ad, draft, ctx))
        if imprint and "imprint" in zones:
            items += imprint_items(imprint, ctx, grid.lines - draft.bottom)
        plans.append(PagePlan(draft.folio, draft.template, layout.width, layout.height, layout.bleed,
                              tuple(items), tuple(modules), score=draft.score))
    return plans


def _headline_band(article, ad, draft: PageDraft, ctx: Context) -> list[PlanItem]:
    """A headline group across the columns of its band, centred as its styles say, a rule under it."""
    from ..articles.article import Story, header_blocks
    from .module import block_runs

    grid = ctx.layout.grid
    x, width, line = grid.col_x(ad.column), grid.span(ad.booking.columns), draft.top + ad.line
    items: list[PlanItem] = []
    for block in header_blocks(Story(article.slug, article, ()), ad.booking.columns, ctx):
        record_block(block, article.slug, ctx)
        items += block_runs(block, x, grid.line_y(line), width, article.slug, grid.leading)
        line += block.height
    return items


def _teasers(issue: Issue, spec, starts: dict[str, int], ctx: Context) -> list[Teaser]:
    """The page's teasers with the pages their articles start on; a teased article on no page of
    the issue (held over) is an error: the teaser would send readers nowhere."""
    found = teasers(issue, spec.teasers, starts)
    for t in found:
        if t.page is None:
            ctx.diags.error(f"the teaser of article '{t.slug}' points to no page: the article is on no page of this "
                            "issue", spec.loc, "name the article on a page, or remove its teaser")
    return [t for t in found if t.page is not None]


def _ad_item(ad, draft: PageDraft, ctx: Context) -> ImageItem:
    """An ad at its booked size in its box (planning.ads.Placed), never cropped: the grid lines the
    box takes may be a little deeper than the booking, so the ad stands at the box's foot (its top
    when it is booked at the top), across the box's width."""
    grid = ctx.layout.grid
    booking = ad.booking
    line = draft.top + ad.line
    box_top, box_height = grid.line_y(line), booking.lines * grid.leading
    height = min(booking.height, box_height)
    y = box_top if (booking.at or "").startswith("top") else box_top + box_height - height
    frame = Rect(grid.col_x(ad.column), y, grid.span(booking.columns), height)
    return ImageItem(frame, booking.file, (0, 0, booking.width_px, booking.height_px), f"ad {booking.name}")


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
