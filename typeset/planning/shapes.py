"""The ways one story can take a module, and what each costs: the planner's leaves.

For every width in columns a story has at most two leaves: whole (the
module holds all its text, balanced) and jumping (it keeps part of its
text and continues on a later page). Each leaf says its depth in grid
lines, how many more lines it can take without a blank (`cap`: its photo
grows, its headline gains air; a jumping story keeps more text) and its
cost, term by term, with the layout's weights (planner_settings.py):

- headline_lines: a headline that needs more lines than one reads worse;
- headline_size: a story should run its headline near the top of the part
  of the scale its priority opens to it (article.headline_scale), the more
  so the more important it is (1/priority), which a wider module allows;
- leg: body columns deeper or shallower than the layout's leg_lines read
  as a grey wall or a sliver;
- jump / unplanned_jump: an article that jumps where the issue allows it
  (continues_on) costs less than one that jumps only because the page
  cannot hold it; jump_lines: each body line it moves costs, so a jumping
  story keeps as much as the page can give it;
- photo_top: a story with a photo may set it across the module above its
  headline (geometry.py "top"), at this cost, to keep its headline from
  standing beside another at one height;
- display_rule: a headline group that wraps at this width but cannot be
  broken between words without a line of one or two characters
  (text/display.py): a width the planner takes only when nothing else fits.
"""
from __future__ import annotations

import math

from ..articles.article import Story, headline_scale
from ..articles.geometry import (
    column_starts, max_photo_lines, module_header, photo_columns, photo_growth, photo_shrink, required_lines,
    top_fits)
from ..context import Context
from .planner import Leaf, blank_cost
from ..articles.vertical import is_vertical

MIN_JUMP_BODY = 5  # body lines a jumping story keeps on its first page, at least


def leaf_options(story: Story, index: int, columns: int, ctx: Context, lines: int, *, can_jump: bool,
                 lead: bool, fills: int | None = None, hold: bool = False, pressure: float = 1.0) -> list[Leaf]:
    """The leaves of `story` (the page's `index`th) at `columns` wide on a page of `lines` free grid lines.

    `fills`: the column-lines the page it is planned to continue on keeps
    blank without it (planning/issue._fills, by planning that page on trial); the
    lines it moves there earn what the blank they fill would cost there
    (more for the first, past the tolerance). `pressure` multiplies the
    price of a moved line (the issue planner raises it when the pages the
    text would go to are full). `hold`: the page's template keeps its stories whole
    unless it cannot (`jumps: when_full`), so continues_on does not make a
    jump cheaper.
    """
    key = ("leaves", story.key, index, columns, lines, can_jump, lead, fills, hold, pressure)
    if key not in ctx.cache:
        ctx.cache[key] = _leaf_options(story, index, columns, ctx, lines, can_jump, lead, fills, hold, pressure)
    return ctx.cache[key]


def _leaf_options(story: Story, index: int, columns: int, ctx: Context, lines: int, can_jump: bool,
                  lead: bool, fills: int | None, hold: bool, pressure: float) -> list[Leaf]:
    if columns < 2 and is_vertical(story):
        return []  # a vertical headline takes a column of its own beside the body
    out = _leaves(story, index, columns, ctx, lines, can_jump, lead, fills, hold, "", pressure)
    if top_fits(story, columns, ctx):
        # The photo on top: the headline starts lower, so it tombstones with no neighbour.
        out += _leaves(story, index, columns, ctx, lines, can_jump, lead, fills, hold, "top", pressure)
    return out


def _leaves(story: Story, index: int, columns: int, ctx: Context, lines: int, can_jump: bool,
            lead: bool, fills: int | None, hold: bool, mode: str, pressure: float) -> list[Leaf]:
    settings = ctx.layout.planner
    grid = ctx.layout.grid
    head, starts = column_starts(story, columns, ctx, max_photo_lines(ctx), mode=mode)
    size, head_lines, largest = _headline(story, columns, ctx, mode)
    terms = {}
    if mode == "top":
        terms["photo_top"] = settings.w("photo_top")
    if head_lines > 1:
        terms["headline_lines"] = settings.w("headline_lines") * (head_lines - 1)
    ugly = _unbalanced(story, columns, ctx, mode)
    if ugly:
        terms["display_rule"] = settings.w("display_rule") * ugly
    if story.continued_from is None and largest:
        importance = 1 / max(1, story.article.priority)
        terms["headline_size"] = settings.w("headline_size") * importance * (1 - size / largest)
    top_head = 0.0 if mode == "top" else size  # what stands at the module's top, for tombstones
    out: list[Leaf] = []
    need = required_lines(story, columns, ctx, lines, mode=mode)
    if need is not None:
        leg = (need - 1) - (sum(starts) / columns)  # the mean depth of a body column
        # A column deeper than the range is one grey wall; shallower ones are slivers, one per column.
        legs = max(0, leg - settings.max_leg_lines(grid.lines)) + columns * max(0, settings.min_leg - leg)
        whole = dict(terms)
        if legs:
            whole["leg"] = settings.w("leg") * legs
        grown = required_lines(story, columns, ctx, lines, photo_growth(story, columns, ctx, mode), mode)
        cap = (grown - need if grown is not None else 0) + settings.headline_space
        out.append(Leaf(index, columns, need, _total(whole), cap, False, top_head, terms=whole, photo=mode))
    out += _cropped(story, index, columns, ctx, lines, need, terms, top_head, mode)
    widest = math.ceil(grid.columns / 2) if lead else min(2, grid.columns)
    if can_jump and columns >= widest:
        # A jumping story keeps a real share of the page and moves a real share of its text.
        least = max(starts) + MIN_JUMP_BODY + 2  # + the jump line and the space below the module
        most = (need if need is not None else lines + settings.min_jump_lines) - settings.min_jump_lines
        top = min(most, lines)
        if least <= top:
            planned = story.continued_from is None and story.article.continues_on is not None and not hold
            jumping = dict(terms)
            jumping["jump" if planned else "unplanned_jump"] = settings.w("jump" if planned else "unplanned_jump")
            body = sum(u.height for u in story.units)
            # Several depths, each absorbing up to the next: the planner sees that
            # keeping more of a jumping story on its page costs less.
            step = max(4, (top - least) // 6)
            for depth in range(least, top + 1, step):
                kept = sum(max(0, depth - 2 - s) for s in starts)
                moved = max(0, body - kept)
                if fills is None:
                    terms_d = dict(jumping, jump_lines=settings.w("jump_lines") * pressure * moved)
                else:  # each line it moves into the room waiting for it is a blank line fewer there
                    tolerance = settings.hole_tolerance * lines * grid.columns
                    saved = blank_cost(fills, tolerance) - blank_cost(max(0.0, fills - 0.9 * moved), tolerance)
                    terms_d = dict(jumping, jump_room=-settings.w("hole") * saved,
                                   jump_lines=settings.w("jump_lines") * max(0, moved - fills))
                out.append(Leaf(index, columns, depth, _total(terms_d), min(step - 1, top - depth), True, top_head,
                                terms=terms_d, photo=mode))
    return out


def _cropped(story: Story, index: int, columns: int, ctx: Context, lines: int, need: int | None,
             terms: dict[str, float], top_head: float, mode: str) -> list[Leaf]:
    """The whole story with its photo cropped shallower (geometry.photo_shrink), for a page short
    of room: a leaf as shallow as the crop range allows, absorbing up to the uncropped depth, at a
    cost per column-line of picture given up."""
    shrink = photo_shrink(story, columns, ctx, mode)
    if not shrink:
        return []
    shallow = required_lines(story, columns, ctx, lines, -shrink, mode)
    if shallow is None or (need is not None and shallow >= need):
        return []
    deepest = (need - 1) if need is not None else lines
    given_up = (need if need is not None else lines + 1) - shallow
    cropped = dict(terms, photo_crop=ctx.layout.planner.w("photo_crop") * given_up
                   * photo_columns(story, columns, ctx, mode))
    return [Leaf(index, columns, shallow, _total(cropped), max(0, deepest - shallow), False, top_head,
                 terms=cropped, photo=mode)]


def _unbalanced(story: Story, columns: int, ctx: Context, mode: str) -> int:
    """Blocks of the module's headline group that wrap but could not be broken as a sub-editor would
    at this width (text/display.py): a width at which a line of one character is left."""
    return sum(1 for block in module_header(story, columns, ctx, mode)
               if len(block.lines) > 1 and ("balanced", id(block.composed[0])) not in ctx.cache)


def _headline(story: Story, columns: int, ctx: Context, mode: str) -> tuple[float, int, float]:
    """Size and lines of the module's headline (or jump head), and the largest size open to it."""
    for block in module_header(story, columns, ctx, mode):
        if block.role == "headline":
            return block.style.size, len(block.lines), headline_scale(story.article, ctx)[0]
        if block.role == "jump_head":
            return block.style.size, len(block.lines), block.style.size
    return 0.0, 0, 0.0


def _total(terms: dict[str, float]) -> float:
    return sum(terms.values())
