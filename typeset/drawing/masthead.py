"""Page furniture: the masthead on front pages, the folio line inside, the imprint band.

Each function takes the issue, the context and the zone's grid lines and
returns display-list items; everything derived (weekday, pages today) is
computed here, never written by hand in the issue.
"""
from __future__ import annotations

from dataclasses import replace

from ..articles.article import Block, record_block
from ..articles.furniture import text_block
from ..context import Context
from ..articles.locale import list_separator, long_date, short_date
from ..model import Issue
from .module import block_runs
from ..reading.layout import Zone
from ..plan import ImageItem, PlanItem, RuleItem
from ..units import Rect


def masthead_items(issue: Issue, ctx: Context, lines: int, page_count: int, zone: Zone | None = None,
                   ear: list | None = None) -> list[PlanItem]:
    """Title across the top (or the layout's logo image), slogans beside it, the ear between them
    (teasers.py: the teasers, when the page puts them there; an article pinned to the ear is drawn
    by page_draw in `ear_box`), and a dateline bar of the issue's fields under it."""
    grid, words = ctx.layout.grid, ctx.layout.wording
    loc = issue.field_locs.get("publication", issue.loc)
    items: list[PlanItem] = []
    bar_lines = 2
    title_lines = lines - bar_lines
    slogan = issue.masthead.get("slogan")
    side, title_width = _title_room(issue, ctx)
    if zone is not None and zone.logo is not None:
        # The logo fills the title's height (less a little air), at its own aspect, never wider than the title's room.
        w_px, h_px = zone.logo_px
        width, height = _logo_size(zone, title_width, title_lines, ctx)
        items.append(ImageItem(Rect(grid.left, grid.line_y(0) + (title_lines * grid.leading - height) / 2, width,
                                    height), zone.logo, (0, 0, w_px, h_px)))
    else:
        title = _fit_one_line(issue.publication, ctx.style("masthead"), title_width, ctx, loc)
        items += block_runs(replace(title, height=title_lines), grid.left, grid.line_y(0), title_width,
                             "", grid.leading)
    if ear:
        from .teasers import ear_items

        box = ear_box(issue, ctx, lines, zone)
        if box is None:
            ctx.diags.error("the ear beside the masthead title is too narrow for the teasers", loc,
                            "remove ear: teasers to set them in a box on the page instead")
        else:
            items += ear_items(ear, ctx, box[0], box[1], title_lines, loc)
    if slogan:
        slogans = slogan if isinstance(slogan, list) else [slogan]
        info = replace(ctx.style("overline"), align="right")
        block = text_block("slogan", "\n".join(map(str, slogans)), info, side, ctx, loc, split=True)
        x = grid.left + grid.width - side
        items += block_runs(replace(block, height=title_lines), x, grid.line_y(0), side, "", grid.leading)
    fields = [long_date(issue.date, issue.language), words["issue_number"].format(number=issue.number),
              words["pages_today"].format(count=page_count)]
    if issue.masthead.get("edition"):  # a regional edition's name (reading/editions.py), as written
        fields.append(words.get("edition", "{value}").format(value=issue.masthead["edition"]))
    for key in ("serial", "postal_code"):
        if issue.masthead.get(key):
            fields.append(words[key].format(value=issue.masthead[key]))
    bar = text_block("masthead_info", list_separator(issue.language).join(fields),
                      replace(ctx.style("masthead_info"), align="center"), grid.width, ctx, loc)
    items += block_runs(replace(bar, height=bar_lines), grid.left, grid.line_y(title_lines), grid.width,
                         "", grid.leading)
    top, bottom = grid.line_y(title_lines) + 2, grid.line_y(lines) - 3
    items.append(RuleItem(grid.left, top, grid.left + grid.width, top, 2.0))
    items.append(RuleItem(grid.left, bottom, grid.left + grid.width, bottom, 0.5))
    return items


def ear_box(issue: Issue, ctx: Context, lines: int, zone: Zone | None = None) -> tuple[float, float] | None:
    """The ear (报眼) beside the masthead title, between it and the slogans: its x and width in
    points (it is as deep as the title); None when the title leaves it less than two columns."""
    grid = ctx.layout.grid
    _, title_width = _title_room(issue, ctx)
    if zone is not None and zone.logo is not None:
        used, align = _logo_size(zone, title_width, lines - 2, ctx)[0], "left"
    else:
        style = ctx.style("masthead")
        title = _fit_one_line(issue.publication, style, title_width, ctx, issue.loc, record=False)
        used, align = max(line.width for line in title.lines), title.style.align
    right = grid.left + ((title_width + used) / 2 if align == "center" else used)
    x = right + 2 * grid.gutter
    width = grid.left + title_width - x
    return (x, width) if width >= grid.span(2) else None


def _title_room(issue: Issue, ctx: Context) -> tuple[float, float]:
    """The slogans' width (0 without slogans) and the title's."""
    grid = ctx.layout.grid
    side = grid.span(max(1, grid.columns // 3)) if issue.masthead.get("slogan") else 0.0
    return side, grid.width - (side + grid.gutter if side else 0.0)


def _logo_size(zone: Zone, title_width: float, title_lines: int, ctx: Context) -> tuple[float, float]:
    w_px, h_px = zone.logo_px
    grid = ctx.layout.grid
    height = title_lines * grid.leading - grid.leading / 2
    width = min(title_width, height * w_px / h_px)
    return width, width * h_px / w_px


def folio_items(issue: Issue, ctx: Context, folio: int, lines: int) -> list[PlanItem]:
    """Page number on the outside edge, publication and date opposite, a rule under."""
    grid, style = ctx.layout.grid, ctx.style("folio")
    number = ctx.layout.wording["folio"].format(page=folio)
    rest = f"{issue.publication}{list_separator(issue.language)}{short_date(issue.date, issue.language)}"
    even = folio % 2 == 0
    left, right = (number, rest) if even else (rest, number)
    items: list[PlanItem] = []
    for text, align in ((left, "left"), (right, "right")):
        block = text_block("folio", text, replace(style, align=align), grid.width, ctx, issue.loc)
        items += block_runs(replace(block, height=1), grid.left, grid.line_y(0), grid.width, "", grid.leading)
    y = grid.line_y(1) + 1
    items.append(RuleItem(grid.left, y, grid.left + grid.width, y, 0.75))
    return items


def imprint_items(block: Block, ctx: Context, first_line: int) -> list[PlanItem]:
    grid = ctx.layout.grid
    y = grid.line_y(first_line) + grid.leading / 2
    items: list[PlanItem] = [RuleItem(grid.left, y, grid.left + grid.width, y, 0.75)]
    items += block_runs(block, grid.left, grid.line_y(first_line + 1), grid.width, "", grid.leading)
    return items


def _fit_one_line(text: str, style, width: float, ctx: Context, loc, record: bool = True) -> Block:
    """The title at the style's size, or smaller in steps of 5% until it sets on one line."""
    size = style.size
    while True:
        sized = replace(style, size=size, leading=round(size * 1.2, 2))
        block = text_block("masthead", text, sized, width, ctx, loc, record=False)
        if len(block.lines) == 1 or size < 12:
            if record:
                record_block(block, "", ctx)
            return block
        size = round(size * 0.95, 2)
