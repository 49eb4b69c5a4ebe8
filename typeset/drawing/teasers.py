"""Front-page teasers (导读 / "Inside") and the ear (报眼): what a front page points readers to.

A page entry of issue.yaml may list `teasers: [slug, ...]`. Each teaser is
the teased article's headline, its `summary:` (else its first sentence)
and the page it starts on, worded as the layout says (`详见第6版` /
`Page 6`), resolved after planning like jump lines, so it names the page
the article really landed on. The teasers stand in the masthead's ear
(报眼, `ear: teasers`), one line each beside the title, or else in a box
of TEASER_COLUMNS columns at the top right of the page's free area, booked
before the articles are planned (planning/ad_dummy.py) and drawn here.
Instead of the teasers, an issue may pin a short article to the ear
(`- {article: tianqi, slot: ear}`): its headline and whole body, at the
ear's width, or an error when it does not fit there whole.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..articles.article import Block, display_block, grid_lines, record_block
from ..context import Context
from ..errors import Loc
from ..model import Issue
from .module import block_runs
from ..plan import PlanItem, RuleItem

TEASER_COLUMNS = 2
_SENTENCE = re.compile(r"^(.+?(?:[。！？]|[.!?](?=\s|$)))")
SUMMARY = 80  # characters of a first sentence a teaser takes at most


@dataclass(frozen=True)
class Teaser:
    slug: str
    headline: str
    summary: str
    page: int | None  # where the article starts; None before planning


def wording(ctx: Context, page: int | str) -> str:
    """`详见第6版` / `Page 6`: the layout's `teaser` wording, or the language's default."""
    default = "详见第{page}版" if ctx.language.startswith("zh") else "Page {page}"
    return ctx.layout.wording.get("teaser", default).format(page=page)


def teasers(issue: Issue, slugs: tuple[str, ...], starts: dict[str, int] | None = None) -> list[Teaser]:
    """The teasers of a page, with their pages where `starts` (slug -> first folio) is known."""
    out = []
    for slug in slugs:
        article = issue.articles.get(slug)
        if article is None:
            continue  # reported when the issue was read
        summary = article.summary
        if not summary and article.body:
            first = "".join(run.text for run in article.body[0].runs).strip()
            match = _SENTENCE.match(first)
            summary = match.group(1) if match else first
            if len(summary) > SUMMARY:
                summary = summary[:SUMMARY - 1] + "…"
        out.append(Teaser(slug, article.headline, summary, (starts or {}).get(slug)))
    return out


def box_blocks(items: list[Teaser], width: float, ctx: Context, loc: Loc) -> list[Block]:
    """The teaser box's text, top to bottom: its title, then per teaser the headline, the summary and
    the page line (the page a two-digit placeholder until it is known)."""
    title = "导读" if ctx.language.startswith("zh") else "Inside"
    blocks = [display_block("teaser_title", title, ctx.style("jump_head"), width, ctx, loc)]
    for t in items:
        blocks.append(display_block("teaser", t.headline, ctx.style("jump_head"), width, ctx, loc))
        if t.summary:
            blocks.append(display_block("teaser", t.summary, ctx.style("caption"), width, ctx, loc))
        page = wording(ctx, t.page if t.page is not None else 88)
        blocks.append(display_block("teaser", page, replace(ctx.style("jump"), align="right"), width, ctx, loc))
    return blocks


def box_lines(items: list[Teaser], ctx: Context, loc: Loc) -> int:
    """Grid lines the teaser box takes (with a line of space under it)."""
    width = ctx.layout.grid.span(TEASER_COLUMNS)
    return sum(b.height for b in box_blocks(items, width, ctx, loc)) + 1


def box_items(items: list[Teaser], ctx: Context, x: float, line: int, loc: Loc) -> list[PlanItem]:
    """The teaser box drawn from grid line `line` at `x`: a rule above, the blocks, a rule below."""
    grid = ctx.layout.grid
    width = grid.span(TEASER_COLUMNS)
    out: list[PlanItem] = [RuleItem(x, grid.line_y(line), x + width, grid.line_y(line), 1.0)]
    for block in box_blocks(items, width, ctx, loc):
        record_block(block, "", ctx)
        out += block_runs(block, x, grid.line_y(line), width, "", grid.leading)
        line += block.height
    out.append(RuleItem(x, grid.line_y(line) + grid.leading / 4, x + width, grid.line_y(line) + grid.leading / 4, 0.5))
    return out


def ear_items(items: list[Teaser], ctx: Context, x: float, width: float, lines: int, loc: Loc) -> list[PlanItem]:
    """The teasers in the ear beside the masthead title: one line each, headline and page, set in the
    masthead's info style, vertically centred in the title's `lines` grid lines."""
    grid = ctx.layout.grid
    style = replace(ctx.style("masthead_info"), align="left")
    blocks = []
    for t in items:
        text = f"{t.headline}　{wording(ctx, t.page if t.page is not None else '')}"
        blocks.append(display_block("teaser", text, style, width, ctx, loc))
    height = sum(len(b.lines) for b in blocks) * style.leading
    top = grid.line_y(0) + max(0.0, (lines * grid.leading - height) / 2)
    out: list[PlanItem] = [RuleItem(x - grid.gutter / 2, grid.line_y(0) + grid.leading / 2, x - grid.gutter / 2,
                                    grid.line_y(lines) - grid.leading / 2, 0.5)]
    for block in blocks:
        record_block(block, "", ctx)
        rows = len(block.lines)
        out += block_runs(replace(block, height=grid_lines(rows * style.leading, grid.leading)), x, top, width, "",
                          grid.leading)
        top += rows * style.leading
    return out


def ear_article(story, ctx: Context, x: float, width: float, lines: int) -> tuple[list[PlanItem], object] | None:
    """An article pinned to the ear: its headline and its whole body set at the ear's width, in the
    title's `lines` grid lines; its ModuleInfo for the report. None (and an error naming the article)
    when it does not fit there whole: text in the ear is never cut."""
    from .module import line_runs
    from ..plan import ModuleInfo
    from ..units import Rect

    grid = ctx.layout.grid
    article = story.article
    head = display_block("headline", article.headline, replace(ctx.style("jump_head"), align="left"), width, ctx,
                         article.field_locs.get("headline", article.loc))
    body = [ctx.set_text(p.runs, ctx.style("body"), width, p.loc, indent=True, what=f"article {story.slug}",
                         article=story.slug) for p in article.body]
    need = head.height + sum(len(c.lines) for c in body)
    if need > lines:
        ctx.diags.error(f"article '{story.slug}' does not fit the ear beside the masthead: it needs {need} grid lines "
                        f"at {width * 25.4 / 72:.0f} mm, the ear has {lines}", article.loc,
                        "shorten it to a notice of a few lines, or name it on a page instead of pinning it to the ear")
        return None
    record_block(head, story.slug, ctx)
    items: list[PlanItem] = block_runs(head, x, grid.line_y(0), width, story.slug, grid.leading)
    line = head.height
    for comp in body:
        for ln in comp.lines:
            items += line_runs(ln, x, grid.baseline(line), story.slug, "body")
            line += 1
    rect = Rect(x, grid.line_y(0), width, lines * grid.leading)
    # Column -1: beside the masthead, not on the grid's columns. The whole article is here (its units
    # are the column-width setting's; the ear sets the same text at its own width).
    info = ModuleInfo(story.slug, -1, 0, 0, lines, rect, body_lines=line - head.height, units=(0, len(story.units)))
    return items, info
