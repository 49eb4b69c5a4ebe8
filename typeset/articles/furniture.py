"""Page furniture set as text blocks: what the planner must know the size of before it plans a page.

The imprint band (publisher, printer, address: the issue's `imprint:`)
takes grid lines at the foot of every page that has an imprint zone, so
planning reserves them (planning/issue.py) and drawing draws the same block
(drawing/masthead.py), composed once per build. `text_block` sets any such
line of furniture (masthead, folio, imprint) at a width.
"""
from __future__ import annotations

from ..context import Context
from .locale import list_separator
from ..model import Issue
from .article import Block, grid_lines


def imprint_block(issue: Issue, ctx: Context) -> Block | None:
    """The imprint band, composed once per build (planning and drawing both ask for it)."""
    if ("imprint",) not in ctx.cache:
        ctx.cache[("imprint",)] = _imprint_block(issue, ctx)
    return ctx.cache[("imprint",)]


def _imprint_block(issue: Issue, ctx: Context) -> Block | None:
    if not issue.imprint:
        return None
    text = list_separator(issue.language).join(p.text for p in issue.imprint)
    loc = issue.imprint[0].loc
    return text_block("imprint", text, ctx.style("imprint"), ctx.layout.grid.width, ctx, loc)


def imprint_lines(block: Block | None) -> int:
    return block.height + 1 if block else 0  # + a line for the rule and space above


def text_block(role, text, style, width, ctx: Context, loc, split: bool = False, record: bool = True) -> Block:
    """Furniture text set at a width (several parts when `split`, one per line of `text`) as one block."""
    parts = text.split("\n") if split else [text]
    comps = [ctx.set_text(part, style, width, loc, what=role, record=record) for part in parts]
    lines = tuple(line for c in comps for line in c.lines)
    return Block(role, style, lines, grid_lines(len(lines) * style.leading, ctx.layout.grid.leading), tuple(comps), loc)
