"""What a module holds of a story: photo growth and headline air, columns, body placements, the rest.

The page search (pages.py) asks it of every module it settles, to carry the
rest of a story on to another page; drawing the module (module.py) asks it
again and positions what it placed, so the two never disagree.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..articles.article import Story
from ..articles.flow import Placement, balanced_depth, flow
from ..articles.geometry import column_starts, max_photo_lines, module_fill
from ..context import Context
from .planner import Module


@dataclass(frozen=True)
class Fit:
    """Where a story's parts go in a module: photo growth and headline air, columns, body placements."""

    grow: int
    air: int
    head: int
    starts: list[int]
    ends: list[int]
    placed: list[Placement]
    rest: int  # index of the first unit that did not fit


def fit_module(story: Story, m: Module, ctx: Context, jump_line: bool = False) -> Fit:
    """Flow the story into module `m` without drawing: what the planner needs to carry text on.

    The body is balanced if it fits, else filled to the bottom with the last
    line of the last column kept for the jump line. A jump moves at least the
    layout's `min_jump_lines` (three lines continued on another page read as
    a mistake): when the module would keep nearly all, its last columns end
    earlier, from the right, until that much moves.
    """
    grow, air = (0, 0) if jump_line else module_fill(story, m.columns, ctx, m.lines, m.photo)
    head, starts = column_starts(story, m.columns, ctx, max_photo_lines(ctx), grow, air, m.photo)
    bottom = m.lines - 1  # the module's last grid line is space before the next module
    depth = balanced_depth(story.units, starts, bottom)
    ends = [depth if depth is not None else bottom] * m.columns
    if depth is None and jump_line:
        ends[-1] -= 1
    placed, rest = flow(story.units, starts, ends)
    least = ctx.layout.planner.min_jump_lines
    column = m.columns - 1
    while depth is None and jump_line and rest < len(story.units) and column >= 0:
        moved = sum(u.height for u in story.units[rest:])
        if moved >= least:
            break
        cut = min(least - moved, ends[column] - starts[column] - 1)
        if cut <= 0:
            column -= 1
            continue
        ends[column] -= cut
        placed, rest = flow(story.units, starts, ends)
    return Fit(grow, air, head, starts, ends, placed, rest)
