"""Articles as modules: the shape-independent story and its shape-dependent parts.

`compose_story` sets the body once, at the grid's column width, into grid
units (flow.Unit). What changes with a module's width in columns, the
headline group, is composed by `header_blocks` for a given width; the
photos and the depth a module needs are geometry.py's, which the planner
asks for many widths cheaply before module.py draws the chosen one.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from ..context import Context
from ..errors import Loc
from .flow import Unit
from ..text.chars import wide_in
from ..model import Article, Photo, Run
from ..reading.style import Style
from ..text import Composed, Line

_CJK_SPACE = re.compile(r"(?<=[\u2e80-\uffef]) +(?=[\u2e80-\uffef])")


@dataclass(frozen=True)
class Block:
    """Text that takes whole grid lines: a headline, a caption, a jump line."""

    role: str
    style: Style
    lines: tuple[Line, ...]
    height: int  # grid lines
    composed: tuple[Composed, ...] = ()  # what the lines were set from: recorded when drawn
    loc: Loc | None = None


@dataclass(frozen=True)
class PhotoBlock:
    photo: Photo
    image_lines: int  # grid lines the picture itself takes
    credit: Block | None
    caption: Block | None

    @property
    def height(self) -> int:
        return self.image_lines + (self.credit.height if self.credit else 0) + (
            self.caption.height if self.caption else 0)


@dataclass(frozen=True)
class Story:
    """An article's content ready for any module: body units plus what its header needs.

    A continuation after a jump is a Story too, with `continued_from` set
    and its units the ones that did not fit before.
    """

    slug: str
    article: Article
    units: tuple[Unit, ...]
    continued_from: int | None = None  # folio the text jumped from
    jump_head: str = ""
    start: int = 0  # index of units[0] in the whole article's units (a continuation starts later)

    @property
    def key(self) -> tuple:
        """What identifies this story's content in the per-build caches: a continuation
        planned twice (the issue is re-planned) may start at another unit."""
        return (self.slug, self.continued_from, self.start)

    @property
    def chars(self) -> int:
        return sum(u.chars for u in self.units)


def compose_story(article: Article, ctx: Context) -> Story:
    grid = ctx.layout.grid
    body, sub = ctx.style("body"), ctx.style("subhead")
    units: list[Unit] = []
    run_in = runs_in(article, ctx)
    for index, para in enumerate(article.body):
        if index == 0 and run_in and para.kind == "para":
            para = replace(para, runs=(Run(article.byline.strip() + "\u3000", bold=True),) + para.runs)
        if para.kind == "subhead":
            what = f"article {article.slug}"
            comp = ctx.set_text(para.runs, sub, grid.column_width, para.loc, what=what, record=False)
            if len(comp.lines) > 1 and len({r.bold for r in para.runs}) == 1:  # display text: balanced
                comp = balanced(comp, sub, grid.column_width, ctx, para.loc, what, len(comp.lines) + 1,
                                para.runs[0].bold) or comp
            ctx.record(comp, sub, para.loc, what=what, article=article.slug)
            height = grid_lines(len(comp.lines) * sub.leading, grid.leading) + 1  # + a line of space above
            units.append(Unit("subhead", comp.lines, sub, height, keep_with_next=2, chars=_chars(comp.lines, comp.text)))
        else:
            comp = ctx.set_text(para.runs, body, grid.column_width, para.loc, indent=True,
                                what=f"article {article.slug}", article=article.slug)
            n = len(comp.lines)
            for i, line in enumerate(comp.lines):
                # No lone first line at a column's foot (orphan), no lone last line
                # at the next column's head (widow): those lines keep with the next.
                keep = 1 if n >= 2 and (i == 0 or i == n - 2) else 0
                units.append(Unit("line", (line,), body, 1, keep_with_next=keep, chars=_chars((line,), comp.text)))
    return Story(article.slug, article, tuple(units))


def runs_in(article: Article, ctx: Context) -> bool:
    """Does the byline run in at the start of the body (a 本报讯 dateline), per the layout?"""
    starts = ctx.layout.text.get("run_in_bylines", [])
    return bool(article.byline) and any(article.byline.strip().startswith(s) for s in starts) and bool(
        article.body) and article.body[0].kind == "para"


def jump_head(headline: str) -> str:
    """The short form of a headline that opens its continuation: its first part.

    A two-part Chinese headline (机制牵引 体系重塑) is cut at its first gap, else
    after the first ！ or ？ that leaves at least four characters before it
    (刚刚！安徽最新疫情通报！透露… -> 刚刚！安徽最新疫情通报！); an English one only
    at a colon or dash ("Atlantis set: launch today"), leaving four characters
    at least. Otherwise the whole headline serves.
    """
    text = headline.strip()
    chinese = any("\u4e00" <= ch <= "\u9fff" for ch in text)
    if not chinese:
        parts = re.split(r"\s*[:—]\s+", text, maxsplit=1)
        return parts[0] if len(parts) > 1 and len(parts[0]) >= 4 else text
    gap = re.split(r"[\s\u3000：:]+", text, maxsplit=1)
    if len(gap) > 1 and len(gap[0]) >= 4:
        return gap[0]
    for m in re.finditer(r"[！？!?]", text):
        head = text[:m.end()]
        if len(head) - 1 >= 4 and m.end() < len(text):
            return head
    return text


def continuation(story: Story, rest: int, from_page: int) -> Story:
    """The part of `story` from unit `rest` on, to be placed on a later page."""
    head = story.jump_head or jump_head(story.article.headline)
    return Story(story.slug, story.article, story.units[rest:], continued_from=from_page, jump_head=head,
                 start=story.start + rest)


def header_blocks(story: Story, columns: int, ctx: Context) -> list[Block]:
    """The headline group (or, for a continuation, the jump head and "continued from" line).

    `columns` is the width the group spans (geometry.header_columns: all of
    the module's, or those beside its photo). Memoised per build: the
    planner asks for the same widths many times.
    """
    key = ("header", story.slug, story.continued_from, columns)
    if key not in ctx.cache:
        ctx.cache[key] = _header_blocks(story, columns, ctx)
    return ctx.cache[key]


def _header_blocks(story: Story, columns: int, ctx: Context) -> list[Block]:
    width = ctx.layout.grid.span(columns)
    a, locs = story.article, story.article.field_locs
    blocks: list[Block] = []
    if story.continued_from is not None:
        blocks.append(display_block("jump_head", _zh_gap(story.jump_head, ctx), ctx.style("jump_head"), width, ctx,
                             locs.get("headline", a.loc)))
        text = ctx.layout.wording["jump_from"].format(page=story.continued_from)
        blocks.append(display_block("jump", text, replace(ctx.style("jump"), align="center"), width, ctx, a.loc))
        return blocks
    if a.overline:
        blocks.append(display_block("overline", _zh_gap(a.overline, ctx), ctx.style("overline"), width, ctx,
                             locs.get("overline", a.loc)))
    if a.headline_direction != "vertical":  # a vertical headline stands in its own column (vertical.py)
        blocks.append(headline_block(a, width, ctx))
    if a.subtitle:
        blocks.append(display_block("subtitle", _zh_gap(a.subtitle, ctx), ctx.style("subtitle"), width, ctx,
                             locs.get("subtitle", a.loc)))
    if a.byline and not runs_in(a, ctx):
        blocks.append(display_block("byline", a.byline, ctx.style("byline"), width, ctx, locs.get("byline", a.loc)))
    return blocks


def headline_block(article: Article, width: float, ctx: Context) -> Block:
    """The headline in as few lines as the style allows, at the largest size of its scale that does it.

    A Chinese headline reads best on one line across its module; a second
    line is taken only when no size of the scale fits one. Headline sizes
    fall with importance: a story of priority p starts `headline_step` x
    (p - 1) sizes down the scale (`headline_scale`), so a minor story never
    outshouts the lead however wide its module.
    """
    style = ctx.style("headline")
    text = _zh_gap(article.headline, ctx)
    loc = article.field_locs.get("headline", article.loc)
    sizes = headline_scale(article, ctx)
    per_pt = _natural_width(text, style, ctx) / style.size
    lines_allowed = max(style.max_lines, 1)

    def compose(size: float):
        sized = replace(style, size=size, leading=round(size * 1.2, 2))
        return sized, ctx.set_text(text, sized, width, loc, what=f"the headline of {article.slug}", record=False)

    # The largest size that sets on one line wins whenever there is one, so the sizes that may
    # (natural width within the measure, with room for compressed punctuation) are tried first;
    # the sizes that need more lines are composed only when none does.
    for size in sizes:
        if per_pt * size <= width * 1.1:
            sized, comp = compose(size)
            if len(comp.lines) == 1 and not comp.overfull:
                return Block("headline", sized, comp.lines,
                             grid_lines(len(comp.lines) * sized.leading, ctx.layout.grid.leading), (comp,), loc)
    tries = []  # (style, composed) from the largest size down
    for size in sizes:
        if per_pt * size > width * lines_allowed * 1.1 and size != sizes[-1]:
            continue  # cannot fit in the lines allowed even with every break perfect: skip composing
        tries.append(compose(size))
    fitting = [t for t in tries if not t[1].overfull and len(t[1].lines) <= max(style.max_lines, 1)]
    sized, comp = min(fitting, key=lambda t: len(t[1].lines)) if fitting else tries[-1]
    # Balanced, between words (display.py) in as many lines; where that cannot be had at this size,
    # the next size down: fit by size before ugliness.
    what = f"the headline of {article.slug}"
    for smaller in [sized.size] + [s for s in sizes if s < sized.size]:
        candidate = (sized, comp) if smaller == sized.size else compose(smaller)
        good = balanced(candidate[1], candidate[0], width, ctx, loc, what, len(comp.lines))
        if good is not None:
            sized, comp = candidate[0], good
            break
    return Block("headline", sized, comp.lines, grid_lines(len(comp.lines) * sized.leading, ctx.layout.grid.leading),
                 (comp,), loc)


def headline_scale(article: Article, ctx: Context) -> tuple[float, ...]:
    """The sizes of the headline scale open to this article, largest first, by its priority."""
    style = ctx.style("headline")
    sizes = tuple(style.sizes or (style.size,))
    first = min(len(sizes) - 1, ctx.layout.planner.headline_step * max(0, article.priority - 1))
    return sizes[first:]


def _natural_width(text: str, style: Style, ctx: Context) -> float:
    """Width of `text` on one line at the style's size, by character, tracking included."""
    total = 0.0
    for advance in _advances(text, style, ctx):
        total += advance + style.tracking * style.size
    return total


def _advances(text: str, style: Style, ctx: Context) -> list[float]:
    """Each character's advance at the style's size in the face that sets it (tracking apart)."""
    out = []
    for ch in text:
        role = style.role_for(latin=not wide_in(ctx.language, ch), bold=False)
        face = ctx.metrics.face_for(role, ch) or role
        out.append(ctx.metrics.advance(face, ch, style.size))
    return out


def record_block(block: Block, slug: str, ctx: Context) -> None:
    """Count a drawn block's text in the report (once, however often it is drawn).

    A block set in more lines than its style's `max_lines` (a headline too long
    for its scale) is warned about here, once per article and role: only the
    drawn block counts, not the many widths the planner composed.
    """
    for comp in block.composed:
        ctx.record(comp, block.style, block.loc, what=f"the {block.role} of {slug}" if slug else block.role,
                   article=slug)
    allowed = block.style.max_lines
    if allowed and len(block.lines) > allowed and ("max_lines", slug, block.role) not in ctx._reported:
        ctx._reported.add(("max_lines", slug, block.role))
        what = f"the {block.role} of {slug}" if slug else f"the {block.role}"
        ctx.diags.warning(f"{what} is set in {len(block.lines)} lines at {block.style.size:g}pt, more than the "
                          f"{allowed} its style allows (max_lines: {allowed})", block.loc,
                          f"shorten the {block.role}, or raise max_lines of the '{block.style.name}' style "
                          f"in the layout")


def display_block(role: str, text: str, style: Style, width: float, ctx: Context, loc: Loc) -> Block:
    comp = ctx.set_text(text, style, width, loc, what=role, record=False)  # one of many widths: recorded when drawn
    if len(comp.lines) > 1:
        comp = balanced(comp, style, width, ctx, loc, role, len(comp.lines) + 1) or comp
    return Block(role, style, comp.lines, grid_lines(len(comp.lines) * style.leading, ctx.layout.grid.leading),
                 (comp,), loc)


def balanced(comp: Composed, style: Style, width: float, ctx: Context, loc: Loc | None, what: str,
             max_lines: int, bold: bool = False) -> Composed | None:
    """Display text that wraps, broken as a sub-editor breaks it (text/display.py): balanced lines,
    between words and phrases, none of one or two characters; each line then set by the composer on
    its own (in `bold`, when the text is all bold). None when no such breaking fits `max_lines`
    lines of `width` (the caller keeps what it has, or tries a smaller size).

    The planner asks again for every module width it tries, so the answer is kept for the build
    (ctx.cache); a repeat gets a copy of its own, since the report counts printed text by identity."""
    key = ("balanced of", comp.text, repr(comp.missing), repr(comp.fallbacks), style, width, max_lines, bold)
    if key not in ctx.cache:
        with ctx.clock.stage("compose"):
            ctx.cache[key] = _balanced(comp, style, width, ctx, loc, what, max_lines, bold)
    found = ctx.cache[key]
    if found is None:
        return None
    result = replace(found)
    ctx.cache[("balanced", id(result))] = result  # for the report's display counts (Context.record)
    return result


def _balanced(comp: Composed, style: Style, width: float, ctx: Context, loc: Loc | None, what: str,
              max_lines: int, bold: bool) -> Composed | None:
    from ..text import cjk
    from ..text.display import display_breaks

    text = comp.text
    chinese = ctx.language.startswith("zh")
    adv, mixed = [0.0], [0]  # widths, and the Han-Latin junctions (a quarter em each, cjk.MIXED), summed
    for i, (ch, advance) in enumerate(zip(text, _advances(text, style, ctx))):
        adv.append(adv[-1] + advance + style.tracking * style.size)
        prev = text[i - 1] if i else " "
        junction = not prev.isspace() and not ch.isspace() and wide_in(ctx.language, ch) != wide_in(ctx.language, prev)
        mixed.append(mixed[-1] + int(junction and prev not in cjk.PUNCT and ch not in cjk.PUNCT))

    def set_width(a: int, b: int) -> float:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b <= a:
            return 0.0
        # no tracking after the last character; a junction before the line's first does not count
        return adv[b] - adv[a] - style.tracking * style.size + (mixed[b] - mixed[a + 1]) * cjk.MIXED[0] * style.size

    breaks = display_breaks(text, set_width, width, max_lines, chinese, cjk.level_for(ctx.language, ctx.level))
    if breaks is None:
        return None
    lines = []
    for a, b in zip([0] + breaks, breaks + [len(text)]):
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        one = ctx.set_text((Run(text[a:b], bold=bold),), style, width, loc, what=what, record=False)
        if len(one.lines) != 1 or one.overfull or one.text != text[a:b]:
            return None  # the composer sets it wider than measured: keep its own breaking
        line = one.lines[0]
        lines.append(Line(line.glyphs, line.measure, line.width, line.start + a, line.end + a, line.hyphenated,
                          line.ratio, line.compressed, line.hang))
    return Composed(text, tuple(lines), comp.missing, (), comp.fallbacks)


def _zh_gap(text: str, ctx: Context) -> str:
    """A space between two Chinese parts of a display line is a full-width gap (机制牵引　体系重塑)."""
    return _CJK_SPACE.sub("\u3000", text) if ctx.language.startswith("zh") else text


def grid_lines(height: float, leading: float) -> int:
    return max(1, math.ceil(height / leading - 0.05))


def _chars(lines: tuple[Line, ...], text: str) -> int:
    return sum(len(text[ln.start:ln.end].replace(" ", "")) for ln in lines)

