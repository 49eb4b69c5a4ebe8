"""A page and a story measured in column-lines, so the whole issue can be decided by arithmetic.

The page planner (planner.py) arranges modules on one page by a search
that costs milliseconds; deciding which text goes on which page by
running that search on trial pages costs seconds (the old planner solved
each page dozens of times). A layout editor decides it the way a copy
desk does: by the column inches each story needs against the column
inches each page has. Here that is:

- a page's free area: columns x the grid lines between its masthead or
  folio zone and its imprint band;
- a story's area: the column-lines of the module that holds it whole at
  its most economical width (header, photos, balanced body and the line
  of space under the module). How far the page planner stretches a page
  (photos, air, wider modules) the estimate does not say: where that
  matters the issue planner asks the page planner on trial.

The estimate is good to a few lines a story, not exact: the page search
still has the last word, and pages.py falls back when a page it was told
can hold its stories cannot (allocate.py keeps a margin for that).
"""
from __future__ import annotations

from ..articles.article import Story
from ..context import Context
from ..articles.geometry import column_starts, max_photo_lines, required_lines

UNBOUNDED = 10**6  # grid lines: a module as deep as the text needs, for stories longer than a page


def free_lines(ctx: Context, top: int, bottom: int) -> int:
    return ctx.layout.grid.lines - top - bottom


def page_area(ctx: Context, top: int, bottom: int) -> int:
    return ctx.layout.grid.columns * free_lines(ctx, top, bottom)


def story_area(story: Story, ctx: Context, lines: int) -> int:
    """The story's area on a page of `lines` free grid lines, at its most economical width (memoised)."""
    key = ("area", story.key, lines)
    if key not in ctx.cache:
        ctx.cache[key] = _story_area(story, ctx, lines)
    return ctx.cache[key]


def _story_area(story: Story, ctx: Context, lines: int) -> int:
    grid = ctx.layout.grid
    best: int | None = None
    for k in range(1 if grid.columns <= 3 else 2, grid.columns + 1):
        need = required_lines(story, k, ctx, lines)
        if need is not None and (best is None or need * k < best):
            best = need * k
    if best is None:  # longer than a page at any width: what it would take on an endless page
        k = max(2, grid.columns // 2)
        best = (required_lines(story, k, ctx, UNBOUNDED) or UNBOUNDED) * k
    return best


def continuation_overhead(story: Story, ctx: Context) -> int:
    """Column-lines a continuation needs besides its body lines: jump head, "continued from" line and
    the space under its module, at two columns (the narrowest a continuation usually runs)."""
    from ..articles.article import continuation

    if not story.units:
        return 0
    key = ("jump overhead", story.slug)
    if key not in ctx.cache:
        head, _ = column_starts(continuation(story, len(story.units) - 1, 0), 2, ctx, max_photo_lines(ctx))
        ctx.cache[key] = 2 * (head + 1)
    return ctx.cache[key]
