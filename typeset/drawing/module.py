"""Draw one story into its module rectangle: headline group, photos, body columns, jump line.

Input is a Story and a module in grid units; output is display-list items
plus what did not fit (the index of the first unit left over), so the
caller can continue the text on a later page. What goes where is decided
by fit.py (the planner asks it the same question); this module only
positions what it placed.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..articles.article import Block, Story, record_block
from ..articles.geometry import (
    header_columns, max_photo_lines, module_header, photo_blocks, photo_columns, photo_mode)
from ..articles.vertical import is_vertical, vertical_headline, vertical_runs
from ..context import Context
from ..planning.fit import fit_module
from ..planning.planner import Module
from ..plan import BoxItem, ImageItem, ModuleInfo, PlanItem, RuleItem, TextRun
from ..render.images import crop_box
from ..text import Line
from ..units import Rect


@dataclass(frozen=True)
class Drawn:
    items: tuple[PlanItem, ...]
    info: ModuleInfo
    rest: int  # index of the first unit that did not fit (len(units) = all placed)


def draw_module(story: Story, m: Module, ctx: Context, *, jump_to: int | None = None,
                jump_line: bool = False) -> Drawn:
    """Lay `story` into module `m`. With `jump_line`, the last line of the last column is kept
    for the jump line (filled in by the caller through `jump_to`, once the target page is known).

    A module deeper than its whole story needs fills the depth (article.module_fill):
    its photo grows, then its headline group gains air, half above and half below.
    """
    grid = ctx.layout.grid
    items: list[PlanItem] = []
    fit = fit_module(story, m, ctx, jump_line)
    grow, air, head, starts, ends, placed, rest = fit.grow, fit.air, fit.head, fit.starts, fit.ends, fit.placed, fit.rest
    x0 = grid.col_x(m.column)
    width = grid.span(m.columns)
    line = m.line + (air + 1) // 2
    # photos stack in the first `span` columns: under the header, beside it from the top, or on top
    span = photo_columns(story, m.columns, ctx, m.photo)
    kind = photo_mode(story, m.columns, ctx, m.photo)
    photos = photo_blocks(story, m.columns, ctx, max_photo_lines(ctx), grow, m.photo)
    hx = grid.col_x(m.column + span) if kind == "beside" else x0
    hwidth = grid.span(header_columns(story, m.columns, ctx, m.photo))
    if is_vertical(story):  # 竖题: down the module's last column, beside the body
        centre = grid.col_x(m.column + m.columns - 1) + grid.column_width / 2
        items += vertical_runs(vertical_headline(story, ctx), centre, grid.line_y(m.line) + grid.leading / 2,
                               story.slug)
    if kind == "top":
        line += sum(pb.height for pb in photos) + 1
    for block in module_header(story, m.columns, ctx, m.photo):
        record_block(block, story.slug, ctx)
        items += block_runs(block, hx, grid.line_y(line), hwidth, story.slug, grid.leading)
        line += block.height
    pline = m.line if kind in ("beside", "top") else m.line + head
    for pb in photos:
        pw = grid.span(span)
        frame = Rect(x0, grid.line_y(pline), pw, pb.image_lines * grid.leading - grid.leading * 0.25)
        crop = crop_box(pb.photo.width_px, pb.photo.height_px, frame.w / frame.h)
        items.append(ImageItem(frame, pb.photo.file, crop, story.slug))
        pline += pb.image_lines
        for block in (pb.credit, pb.caption):
            if block:
                record_block(block, story.slug, ctx)
                items += block_runs(block, x0, grid.line_y(pline), pw, story.slug, grid.leading)
                pline += block.height
    for p in placed:
        unit = story.units[p.unit]
        x = grid.col_x(m.column + p.column)
        if unit.kind == "line":
            items += line_runs(unit.lines[0], x, grid.baseline(m.line + p.line), story.slug, "body")
        else:
            block = Block("subhead", unit.style, unit.lines, unit.height - 1)
            items += block_runs(block, x, grid.line_y(m.line + p.line + 1), grid.column_width, story.slug,
                                 grid.leading)
    if jump_to is not None and rest < len(story.units):
        text = ctx.layout.wording["jump_to"].format(page=jump_to)
        comp = ctx.set_text(text, ctx.style("jump"), grid.column_width, None, what="the jump line", article=story.slug)
        y = grid.baseline(m.line + ends[-1])
        items += line_runs(comp.lines[0], grid.col_x(m.column + m.columns - 1), y, story.slug, "jump")
    items += _column_rules(m, starts, max(ends), ctx)
    items = _box(story, m, ctx) + items
    rect = Rect(x0, grid.line_y(m.line), width, m.lines * grid.leading)
    info = ModuleInfo(story.slug, m.column, m.columns, m.line, m.lines, rect,
                      body_lines=sum(1 for p in placed if story.units[p.unit].kind == "line"),
                      overset_chars=sum(u.chars for u in story.units[rest:]),
                      units=(story.start, story.start + rest))
    return Drawn(tuple(items), info, rest)


def _box(story: Story, m: Module, ctx: Context) -> list[PlanItem]:
    """A boxed story's frame or tint (`box:` in its front matter), drawn first, behind its text.

    The box takes the module's whole rectangle out to the middle of the gutters and of the grid line
    of space under it, where the rules between modules stand, so its text keeps its place on the
    grid and its inset is half a gutter at the sides."""
    box = story.article.box
    if not box:
        return []
    grid = ctx.layout.grid
    x = grid.col_x(m.column) - grid.gutter / 2
    top = grid.line_y(m.line) - grid.leading / 2
    rect = Rect(x, top, grid.span(m.columns) + grid.gutter, m.lines * grid.leading)
    if box == "frame":
        return [BoxItem(rect, stroke=0.0, fill=None, width=0.75)]
    return [BoxItem(rect, stroke=None, fill=1 - ctx.layout.print_settings.box_tint / 100)]


def _column_rules(m: Module, starts: list[int], depth: int, ctx: Context) -> list[PlanItem]:
    """Hairlines in the gutters between a module's columns, where both hold body text."""
    if not ctx.layout.column_rules:
        return []
    grid = ctx.layout.grid
    rules = []
    for c in range(1, m.columns):
        top = max(starts[c - 1], starts[c])
        if top >= depth:
            continue
        x = grid.col_x(m.column + c) - grid.gutter / 2
        rules.append(RuleItem(x, grid.line_y(m.line + top), x, grid.line_y(m.line + depth), 0.25))
    return rules


def block_runs(block: Block, x: float, top: float, width: float, slug: str, grid_leading: float) -> list[TextRun]:
    """Lines of a block, vertically centred in the grid lines it takes."""
    style = block.style
    pad = (block.height * grid_leading - len(block.lines) * style.leading) / 2
    runs = []
    for i, line in enumerate(block.lines):
        baseline = top + pad + i * style.leading + (style.leading - style.size) / 2 + style.size * 0.88
        runs += line_runs(line, x, baseline, slug, block.role)
    return runs


def line_runs(line: Line, x: float, baseline: float, slug: str, role: str) -> list[TextRun]:
    return [TextRun(x + g.x, baseline, g.text, g.face, g.size, g.char_space, slug, role) for g in line.glyphs]
