"""A story's shape in a module: where its photos go, where each body column starts, how deep it is.

Everything here depends on the module's width in columns and on its photo
mode, the one choice of arrangement a module makes besides its size:

- "under": the headline group across the module, the photos under it in
  the first columns (about two thirds of a wide module);
- "beside": the photos in the left columns from the top, the headline group
  over the others (a lead story's, when the layout's planner says
  `lead_photo: beside_headline`);
- "top": the photo across the whole module above the headline group, which
  the planner may choose so that two headlines do not stand side by side;
- "none": no photo (a story without one, or a continuation).

`required_lines` is what the planner asks for many widths and modes: the
grid lines a module needs to hold the whole story with balanced columns.
`module_fill` says how a deeper module uses its spare lines. All of it is
memoised per build in ctx.cache, keyed by where the story starts.
"""
from __future__ import annotations

import math
from dataclasses import replace

from .article import Block, PhotoBlock, Story, display_block, header_blocks
from ..context import Context
from .flow import balanced_depth
from ..model import Photo
from .vertical import is_vertical, vertical_headline

MIN_PHOTO_ASPECT = 4 / 3
MODES = ("under", "beside", "top")


def photo_mode(story: Story, columns: int, ctx: Context, mode: str = "") -> str:
    """The photo mode a module really has: `mode`, or the layout's default when it is ""."""
    if not story.article.photos or story.continued_from is not None:
        return "none"
    if mode == "top":
        return "top" if top_fits(story, columns, ctx) else "under"
    if mode in ("", "beside") and ctx.layout.planner.lead_photo == "beside_headline" \
            and story.article.priority == 1 and columns >= 3:
        return "beside"
    return "under"


def top_fits(story: Story, columns: int, ctx: Context) -> bool:
    """Can the photos run across the whole module (wide enough at the layout's warning ppi)?"""
    return bool(story.article.photos) and story.continued_from is None and not is_vertical(story) and \
        ctx.layout.grid.span(columns) <= _widest(story, ctx)


def photo_columns(story: Story, columns: int, ctx: Context, mode: str = "") -> int:
    """How many of the module's columns its photos span: all in narrow modules (and on top), about
    2/3 in wide ones, half beside the headline group; never so wide that a photo prints below the
    layout's warning resolution (if one column can do)."""
    kind = photo_mode(story, columns, ctx, mode)
    if kind == "none":
        return 0
    if kind == "top":
        return columns
    columns -= int(is_vertical(story))  # the vertical headline's column holds no photo
    if kind == "beside":
        span = max(1, min(columns - 2, columns // 2))  # the headline group keeps two columns at least
    else:
        span = columns if columns <= 2 else max(2, math.ceil(columns * 2 / 3))
    while span > 1 and ctx.layout.grid.span(span) > _widest(story, ctx):
        span -= 1
    return span


def _widest(story: Story, ctx: Context) -> float:
    return min(p.width_px * 72 / ctx.layout.print_settings.warn_ppi if p.width_px else math.inf
               for p in story.article.photos)


def header_columns(story: Story, columns: int, ctx: Context, mode: str = "") -> int:
    """How many of the module's columns the headline group spans: all, or those beside the photo,
    less the last when the headline is vertical (it stands in that column: vertical.py)."""
    if photo_mode(story, columns, ctx, mode) == "beside":
        return columns - photo_columns(story, columns, ctx, mode) - int(is_vertical(story))
    return columns - int(is_vertical(story))


def module_header(story: Story, columns: int, ctx: Context, mode: str = "") -> list[Block]:
    """The headline group as this module sets it (its width follows the photo mode); none when the
    story's headline group spans more columns than its body (`headline_span`: the page sets it in a
    band of its own above the module, planning/ad_dummy.py)."""
    if spans_over(story):
        return []
    return header_blocks(story, header_columns(story, columns, ctx, mode), ctx)


def spans_over(story: Story) -> bool:
    """Does the story's headline group stand over more columns than its body (通栏/破栏)?"""
    return story.continued_from is None and story.article.headline_span != 0


def _tallest_lines(photo: Photo, ctx: Context) -> int:
    """Grid lines of the tallest frame the photo fills at the layout's warning resolution."""
    if not photo.height_px:
        return 10**6
    return int(photo.height_px * 72 / ctx.layout.print_settings.warn_ppi / ctx.layout.grid.leading)


def photo_blocks(story: Story, columns: int, ctx: Context, max_lines: int, grow: int = 0,
                 mode: str = "") -> list[PhotoBlock]:
    """The module's photos with captions; `grow` more grid lines for the first picture (to fill space)."""
    span = photo_columns(story, columns, ctx, mode)
    key = ("photos", story.slug, story.continued_from, span, max_lines)
    if key not in ctx.cache:
        ctx.cache[key] = _photo_blocks(story, span, ctx, max_lines)
    blocks = ctx.cache[key]
    if grow and blocks:
        blocks = [replace(blocks[0], image_lines=blocks[0].image_lines + grow)] + blocks[1:]
    return blocks


def _photo_blocks(story: Story, span: int, ctx: Context, max_lines: int) -> list[PhotoBlock]:
    if not span:
        return []
    grid = ctx.layout.grid
    width = grid.span(span)
    blocks = []
    for photo in story.article.photos:
        # Frames are at least 4:3 landscape, as news photos run; a squarer or
        # portrait picture is cropped about its centre to fit (module.py).
        aspect = max(photo.aspect, MIN_PHOTO_ASPECT)
        lines = max(4, min(int(width / aspect / grid.leading), max_lines, _tallest_lines(photo, ctx)))
        credit = caption = None
        if photo.credit:
            credit = display_block("credit", photo.credit, ctx.style("credit"), width, ctx, photo.loc)
        if photo.caption:
            caption = display_block("caption", photo.caption, ctx.style("caption"), width, ctx, photo.loc)
        blocks.append(PhotoBlock(photo, lines, credit, caption))
    return blocks


def photo_growth(story: Story, columns: int, ctx: Context, mode: str = "") -> int:
    """Grid lines the first photo may grow by: down to a square frame, within the layout's crop
    range (planner.photo_depth), at most a third of the page."""
    blocks = photo_blocks(story, columns, ctx, max_photo_lines(ctx), mode=mode)
    if not blocks:
        return 0
    grid = ctx.layout.grid
    square = int(grid.span(photo_columns(story, columns, ctx, mode)) / grid.leading)
    deepest = int(blocks[0].image_lines * ctx.layout.planner.photo_depth[1])
    tallest = min(square, deepest, grid.lines // 3, _tallest_lines(story.article.photos[0], ctx))
    return max(0, tallest - blocks[0].image_lines)


def photo_shrink(story: Story, columns: int, ctx: Context, mode: str = "") -> int:
    """Grid lines the first photo may give up, cropped top and bottom, when its page is short of
    room: down to the least of the layout's crop range (planner.photo_depth), three lines at least."""
    blocks = photo_blocks(story, columns, ctx, max_photo_lines(ctx), mode=mode)
    if not blocks:
        return 0
    lines = blocks[0].image_lines
    return max(0, lines - max(3, math.ceil(lines * ctx.layout.planner.photo_depth[0])))


def column_starts(story: Story, columns: int, ctx: Context, max_photo_lines: int, grow: int = 0,
                  air: int = 0, mode: str = "") -> tuple[int, list[int]]:
    """Header depth and, per column, the first grid line free for body text (memoised per build).

    `grow` lines more for the first photo and `air` lines of space around
    the headline group are how a module fills depth its text does not need.
    The header depth is counted from the module's top, or from under the
    photo when the photo is on top.
    """
    kind = photo_mode(story, columns, ctx, mode)
    key = ("starts", story.slug, story.continued_from, columns, grow, air, kind)
    if key not in ctx.cache:
        head = sum(b.height for b in module_header(story, columns, ctx, mode)) + air
        photos = sum(p.height for p in photo_blocks(story, columns, ctx, max_photo_lines, grow, mode))
        span = photo_columns(story, columns, ctx, mode)
        if kind == "beside":  # photo columns from the top, the others under the headline group
            starts = [photos + 1 if c < span else head for c in range(columns)]
        elif kind == "top":  # the photo, a line of space, the headline group, then every column
            starts = [photos + 1 + head] * columns
        else:
            starts = [head + (photos + 1 if c < span and photos else 0) for c in range(columns)]
        if is_vertical(story):  # the last column: the vertical headline from the top, then body under it
            starts[-1] = vertical_headline(story, ctx).lines
        ctx.cache[key] = head, starts
    return ctx.cache[key]


def required_lines(story: Story, columns: int, ctx: Context, max_lines: int, grow: int = 0,
                   mode: str = "") -> int | None:
    """Grid lines a module `columns` wide needs to hold the whole story, balanced; None if it cannot."""
    key = ("need", story.key, columns, max_lines, grow, photo_mode(story, columns, ctx, mode))
    if key not in ctx.cache:
        _, starts = column_starts(story, columns, ctx, max_photo_lines(ctx), grow, mode=mode)
        depth = balanced_depth(story.units, starts, max_lines - 1)
        if depth is not None:
            # The photos and captions end inside the module too, even when the text beside them is shorter.
            depth = max(depth, max(starts) - 1)
        ctx.cache[key] = None if depth is None or depth > max_lines - 1 else depth + 1  # + a line of space
    return ctx.cache[key]


def module_fill(story: Story, columns: int, ctx: Context, lines: int, mode: str = "") -> tuple[int, int]:
    """How a module `lines` deep fills what its whole story does not need: (photo growth, headline air).

    The photo grows first (the most it can while the text still fits), then
    the headline group gains up to the layout's `headline_space` of air;
    anything beyond stays blank at the module's foot. A module shallower
    than the story needs crops its photo (a negative growth) where that
    makes it fit.
    """
    need = required_lines(story, columns, ctx, lines, mode=mode)
    if need is None or need > lines:
        # Too shallow for the story as it comes: its photo gives up depth, the least that does it.
        for g in range(1, photo_shrink(story, columns, ctx, mode) + 1):
            depth = required_lines(story, columns, ctx, lines, -g, mode)
            if depth is not None and depth <= lines:
                return -g, 0
        return 0, 0
    if need == lines:
        return 0, 0
    grow = 0
    for g in range(photo_growth(story, columns, ctx, mode), 0, -1):
        depth = required_lines(story, columns, ctx, lines, g, mode)
        if depth is not None and depth <= lines:
            grow, need = g, depth
            break
    return grow, min(lines - need, ctx.layout.planner.headline_space)


def max_photo_lines(ctx: Context) -> int:
    return ctx.layout.grid.lines // 4
