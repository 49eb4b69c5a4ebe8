"""Vertical headlines (竖题): a story's headline set top to bottom in the module's right column.

Front matter `headline_direction: vertical` (zh layouts only). The
headline takes the top of the module's last column, centred in it, at
the largest size of the story's headline scale that the column's width
allows; the overline, subtitle and byline stay horizontal over the other
columns, and the body flows in those and then under the headline.

Set as clreq describes vertical text:
- punctuation and brackets take their vertical forms, the Unicode
  presentation forms a CJK face carries for that (U+FE10-FE19,
  U+FE30-FE4F), where the face has them; otherwise the horizontal mark;
- one or two digits stand upright side by side in one character's
  height (縦中横, tate-chu-yoko);
- a longer run of Latin letters or digits is turned 90 degrees clockwise,
  reading top to bottom;
- a space between headline phrases is half a character of air.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .article import Story, headline_scale
from ..context import Context
from ..plan import TextRun
from ..text.chars import wide_in

VERTICAL_FORMS = {
    "，": "︐", "、": "︑", "。": "︒", "：": "︓", "；": "︔", "！": "︕", "？": "︖", "…": "︙", "—": "︱",
    "（": "︵", "）": "︶", "｛": "︷", "｝": "︸", "〔": "︹", "〕": "︺", "【": "︻", "】": "︼", "《": "︽",
    "》": "︾", "〈": "︿", "〉": "﹀", "「": "﹁", "」": "﹂", "『": "﹃", "』": "﹄", "［": "﹇", "］": "﹈",
    "“": "﹁", "”": "﹂", "‘": "﹃", "’": "﹄",
}
_LATIN_RUN = re.compile(r"[0-9A-Za-z][0-9A-Za-z.,%'’\-]*")


@dataclass(frozen=True)
class Cell:
    """One step down the column: a character, an upright pair of digits, a turned Latin run or air."""

    kind: str  # "char" | "tcy" | "turned" | "space"
    text: str
    face: str
    size: float
    length: float  # points it takes down the column
    width: float  # points it takes across


@dataclass(frozen=True)
class VerticalHeadline:
    size: float
    cells: tuple[Cell, ...]
    lines: int  # grid lines it takes from the module's top, a line of space under it included

    @property
    def length(self) -> float:
        return sum(c.length for c in self.cells)


def is_vertical(story: Story) -> bool:
    return story.continued_from is None and story.article.headline_direction == "vertical"


def vertical_headline(story: Story, ctx: Context) -> VerticalHeadline:
    """The story's vertical headline at the largest size of its scale its column can take (memoised)."""
    key = ("vertical", story.slug)
    if key not in ctx.cache:
        grid = ctx.layout.grid
        sizes = [s for s in headline_scale(story.article, ctx) if s <= grid.column_width * 0.8]
        size = sizes[0] if sizes else grid.column_width * 0.8
        cells = tuple(_cells(story.article.headline.strip(), size, ctx))
        length = sum(c.length for c in cells)
        ctx.cache[key] = VerticalHeadline(size, cells, math.ceil(length / grid.leading + 0.5) + 1)
    return ctx.cache[key]


def _cells(text: str, size: float, ctx: Context) -> list[Cell]:
    style = ctx.style("headline")
    metrics = ctx.metrics
    out: list[Cell] = []
    i = 0
    while i < len(text):
        ch = text[i]
        latin = _LATIN_RUN.match(text, i) if not wide_in(ctx.language, ch) else None
        if ch.isspace() or ch == "\u3000":
            out.append(Cell("space", "", "", size, size / 2, 0.0))
            i += 1
        elif latin:
            run = latin.group(0)
            face = metrics.face_for(style.role_for(latin=True, bold=False), run[0]) or style.latin_font
            width = sum(metrics.advance(face, c, size) for c in run)
            if run.isdigit() and len(run) <= 2:  # 縦中横: upright, side by side, in one character's height
                fit = min(size, size * size / width) if width else size
                out.append(Cell("tcy", run, face, fit, size, sum(metrics.advance(face, c, fit) for c in run)))
            else:
                out.append(Cell("turned", run, face, size, width, size))
            i += len(run)
        else:
            role = style.role_for(latin=False, bold=False)
            vert = VERTICAL_FORMS.get(ch)
            face = metrics.face_for(role, vert) if vert else None
            shown = vert if face else ch
            face = face or metrics.face_for(role, ch) or style.font
            out.append(Cell("char", shown, face, size, size, metrics.advance(face, shown, size)))
            i += 1
    return out


def vertical_runs(head: VerticalHeadline, centre_x: float, top: float, slug: str) -> list[TextRun]:
    """The headline's glyph runs from `top` down, centred on `centre_x` (points, page coordinates)."""
    runs, y = [], top
    for cell in head.cells:
        if cell.kind == "char":
            runs.append(TextRun(centre_x - cell.width / 2, y + cell.size * 0.88, cell.text, cell.face, cell.size,
                                0.0, slug, "headline"))
        elif cell.kind == "tcy":
            runs.append(TextRun(centre_x - cell.width / 2, y + head.size * 0.5 + cell.size * 0.35, cell.text,
                                cell.face, cell.size, 0.0, slug, "headline"))
        elif cell.kind == "turned":  # turned clockwise: its baseline runs down the column, left of centre
            runs.append(TextRun(centre_x - cell.size * 0.35, y, cell.text, cell.face, cell.size, 0.0, slug,
                                "headline", angle=90.0))
        y += cell.length
    return runs
