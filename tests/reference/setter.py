"""The item path's line setter: items + breaks -> Lines, and the marks a line sets short.

The reference typeset.text.setter is checked against. Per line: glue and
penalties at the line start are dropped, and so is anything after the last
box; a taken Penalty adds its width, and its text (an inserted hyphen) is
printed at the end; justified lines fill the measure when the glue allows,
ragged ones set their glue at its natural width; consecutive boxes in one
face and size with equal gaps become one Glyphs run. `line_marks` counts
the marks a line sets narrower than the style does, and a hanging mark's ink.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import accumulate, compress, repeat
from operator import add, mul, sub

from typeset.text.cjk import HALF, LEFT, MARK_CLASS, NO_BLANK, RIGHT, Junction, blank
from typeset.text.items import Box, Glue, Item, Penalty
from typeset.text.items import FIL
from typeset.text.kp_params import EPS
from typeset.text.lines import SAME_GAP, Glyphs, Line, adjustment_ratio, line_glyphs

from .items import BOX, FILL, FORBIDDEN, FORCED, PENALTY, SPACE, Columns

new_tuple = tuple.__new__
_BOX, _FILL, _SPACE = bytes([BOX]), bytes([FILL]), bytes([SPACE])
_PENALTY_KINDS = frozenset((PENALTY, FORCED, FORBIDDEN))
_ISBOX = bytes(1 if k == BOX else 0 for k in range(256))  # kinds.translate(_ISBOX): 1 for each box


def set_lines(items: Sequence[Item], breaks: Sequence[int], width_of_line: Callable[[int], float],
              align: str, *, tracking: float = 0.0, justify_last: bool = False, cols: Columns | None = None,
              marks: Callable[[int, int, float, bool], tuple[int, float]] | None = None) -> list[Line]:
    """Set each line the breaker chose (see the module docstring).

    `cols` is items.Columns(items), if the caller has it. `marks(a, b, ratio,
    last)` gives the (compressed, hang) of the line holding items[a:b] (see
    marks.py); the line's width grows by its hang. Without it both are 0.
    """
    if cols is None:
        cols = Columns(items)
    kinds = cols.kinds
    count = len(items)
    lines: list[Line] = []
    a = kinds.find(_BOX)
    if a < 0:
        a = count
    final = len(breaks) - 1
    for n, b in enumerate(breaks):
        measure = width_of_line(n)
        got = _set_columns(items, cols, a, b, measure, align, tracking, justify_last)
        if got is None:
            line = set_line(items, a, b, measure, align, tracking, justify_last)
            got = (line.glyphs, measure, line.width, line.start, line.end, line.hyphenated, line.ratio)
        glyphs, measure, width, start, end, hyphenated, ratio = got
        compressed, hang = marks(a, b, ratio, n == final) if marks is not None else (0, 0.0)
        lines.append(_line(glyphs, measure, width + hang, start, end, hyphenated, ratio, compressed, hang))
        a = kinds.find(_BOX, b)  # the next line's first box (next_start)
        if a < 0:
            a = count
    return lines


def _set_columns(items: Sequence[Item], cols: Columns, a: int, b: int, measure: float, align: str,
                 tracking: float, justify_last: bool) -> tuple | None:
    """`set_line` read from the columns: (glyphs, measure, width, start, end, hyphenated, ratio).

    The same sums in the same order as set_line, so the same floats: a
    line's items are summed with sum() over column slices (a penalty adds
    0.0), and the x of every item is itertools.accumulate over its advances.
    None when set_line must do it (no box, infinite glue inside the line, a
    letter-spaced line, a line whose runs are not one face at one gap).
    """
    kinds = cols.kinds
    last = kinds.rfind(_BOX, a, b)
    if last < 0:
        return None
    e = last + 1
    seg = kinds[a:e]
    if FILL in seg:
        return None
    pen = items[b] if kinds[b] in _PENALTY_KINDS else None
    W = cols.width[a:e]
    natural = sum(W)
    natural += pen.width if pen is not None else 0.0
    stretch = sum(Y := cols.stretch[a:e])
    shrink = sum(Z := cols.shrink[a:e])
    has_fil = kinds.find(_FILL, e, b) >= 0
    fill = align == "justify" and (justify_last or not has_fil)
    r = adjustment_ratio(natural, stretch, shrink, measure, fill)
    # A glue advances x by width + r * (stretch or shrink); a box by its width, a penalty by 0.0.
    xs = list(accumulate(W if r == 0.0 else map(add, W, map(mul, repeat(r), Y if r > 0 else Z)), initial=0.0))
    x = xs[-1]
    hyphenated = pen is not None and bool(pen.text)
    if pen is not None:
        x += pen.width  # the hyphen, or a line-end mark set half width
    boxes = seg.translate(_ISBOX)
    texts = list(compress(cols.text[a:e], boxes))
    if fill and stretch <= 0 and EPS < measure - x and len(texts) + hyphenated > 1:
        return None  # letter spacing
    srcs = list(compress(cols.src[a:e], boxes))
    start = srcs[0] if srcs[0] >= 0 else next((k for k in srcs if k >= 0), None)
    if start is None:
        start = end = 0
    else:
        end = (srcs[-1] if srcs[-1] >= 0 else next(k for k in reversed(srcs) if k >= 0)) + 1
    shift = 0.0
    if align == "center":
        shift = max(0.0, (measure - x) / 2)
    elif align == "right":
        shift = max(0.0, measure - x)

    def glyphs_general() -> tuple[Glyphs, ...]:  # set_line's runs, from its (x, box, spaced) list
        placed = []
        spaced = False
        for k, kind in enumerate(seg):
            if kind == BOX:
                placed.append((xs[k], items[a + k], spaced))
                spaced = False
            elif kind == SPACE:
                spaced = True
        if hyphenated:
            placed.append((xs[-1], Box(pen.width, pen.text, pen.face, pen.size), False))
        return _runs(placed, shift, tracking)

    # One run: every glyph in one face and size, no word space, one gap (a Chinese line, mostly).
    if hyphenated or _SPACE in seg:
        return glyphs_general(), measure, x, start, end, hyphenated, r
    bx = list(compress(xs, boxes))
    bw = list(compress(W, boxes))
    faces = list(compress(cols.face[a:e], boxes))
    sizes = list(compress(cols.size[a:e], boxes))
    if "" in texts:  # the indent, or the empty box before an opening mark: no glyph
        keep = list(map(bool, texts))
        texts, bx, bw = list(compress(texts, keep)), list(compress(bx, keep)), list(compress(bw, keep))
        faces, sizes = list(compress(faces, keep)), list(compress(sizes, keep))
        if not texts:
            return (), measure, x, start, end, hyphenated, r
    joined = "".join(texts)
    if (len(joined) != len(texts) or faces.count(faces[0]) != len(faces)
            or sizes.count(sizes[0]) != len(sizes)):
        return glyphs_general(), measure, x, start, end, hyphenated, r
    gap = None
    if len(bx) > 1:
        ends = map(add, bx, bw if not tracking else [w - tracking for w in bw])
        gaps = list(map(sub, bx[1:], ends))
        gap = gaps[0]
        if max(gaps) - gap > SAME_GAP or gap - min(gaps) > SAME_GAP:
            return glyphs_general(), measure, x, start, end, hyphenated, r
    return (line_glyphs(bx[0], joined, faces[0], sizes[0], gap, shift, tracking),), measure, x, start, end, hyphenated, r


def set_line(items: Sequence[Item], a: int, b: int, measure: float, align: str, tracking: float,
             justify_last: bool) -> Line:
    last = b - 1
    while last >= a and not isinstance(items[last], Box):
        last -= 1
    body = items[a:last + 1]
    brk = items[b]
    pen = brk if isinstance(brk, Penalty) else None
    hyphen = Box(pen.width, pen.text, pen.face, pen.size) if pen is not None and pen.text else None

    # sum() adds the terms in item order, as it always did.
    # Items are exactly Box, Glue or Penalty (items.py): type() is cheaper than isinstance here.
    glues = [it for it in body if type(it) is Glue]
    stretches = [g.stretch for g in glues]
    has_fil = (bool(stretches) and max(stretches) >= FIL) or any(
        isinstance(it, Glue) and it.stretch >= FIL for it in items[last + 1:b])
    natural = sum([it.width for it in body if type(it) is not Penalty])
    natural += pen.width if pen is not None else 0.0
    stretch = sum(stretches)
    shrink = sum([g.shrink for g in glues])
    fill = align == "justify" and (justify_last or not has_fil)
    r = adjustment_ratio(natural, stretch, shrink, measure, fill)

    placed: list[tuple[float, Box, bool]] = []  # (x, box, a word space precedes it)
    x = 0.0
    spaced = False
    place = placed.append
    stretching = r > 0
    for it in body:
        kind = type(it)
        if kind is Box:
            place((x, it, spaced))
            spaced = False
            x += it.width
        elif kind is Glue:
            x += it.width + (r * it.stretch if stretching else r * it.shrink)
            if it.text == " ":
                spaced = True
    if hyphen is not None:
        placed.append((x, hyphen, False))
        x += hyphen.width
    elif pen is not None:
        x += pen.width  # a line-end mark set half width
    width = x
    if fill and stretch <= 0 and EPS < measure - width and len(placed) > 1:
        # A justified line with no glue to stretch (one long number or address
        # alone on its line): spread the rest between its letters, the last
        # resort a composer has, so the line still fills its measure.
        extra = (measure - width) / (len(placed) - 1)
        placed = [(px + i * extra, box, spaced) for i, (px, box, spaced) in enumerate(placed)]
        width = measure

    shift = 0.0
    if align == "center":
        shift = max(0.0, (measure - width) / 2)
    elif align == "right":
        shift = max(0.0, measure - width)
    srcs = [box.src for _, box, _ in placed if box.src >= 0]
    return Line(
        glyphs=_runs(placed, shift, tracking),
        measure=measure,
        width=width,
        start=srcs[0] if srcs else 0,
        end=srcs[-1] + 1 if srcs else 0,
        hyphenated=hyphen is not None,
        ratio=r,
    )


def _runs(placed: list[tuple[float, Box, bool]], shift: float, tracking: float) -> tuple[Glyphs, ...]:
    runs: list[Glyphs] = []
    # The run being built: its x, characters, face, size, gap (None: one glyph so far) and
    # where its last glyph's advance ends.
    x0, chars, face, size, gap, end = 0.0, [], "", 0.0, None, 0.0
    for x, box, spaced in placed:
        text = box.text
        if not text:
            continue  # the indent
        advance = box.width - tracking * len(text)
        if chars and not spaced and box.face == face and box.size == size and len(text) == 1:
            g = x - end
            if gap is None or abs(g - gap) <= SAME_GAP:
                chars.append(text)
                if gap is None:
                    gap = g
                end = x + advance
                continue
        if chars:
            runs.append(line_glyphs(x0, "".join(chars), face, size, gap, shift, tracking))
        x0, chars, face, size, gap, end = x, [text], box.face, box.size, None, x + advance
    if chars:
        runs.append(line_glyphs(x0, "".join(chars), face, size, gap, shift, tracking))
    return tuple(runs)


def _line(glyphs: tuple[Glyphs, ...], measure: float, width: float, start: int, end: int, hyphenated: bool,
          ratio: float, compressed: int, hang: float) -> Line:
    return new_tuple(Line, (glyphs, measure, width, start, end, hyphenated, ratio, compressed, hang))


def line_marks(items: Sequence[Item], a: int, b: int, ratio: float, jn: Junction, *,
               track: float = 0.0, last: bool = False) -> tuple[int, float]:
    """(marks set narrower than the style sets them, ink hanging past the breaker's width) on a line.

    The line holds items[a:b] and ends at the break b, its glue set at `ratio`
    (Line.ratio). A mark counts when one of its blanks is narrower than the
    style keeps it: a squeezed pair or a mark squeezed on a tight line, a
    line-end mark set half width, an opening mark that lost its blank at a
    line start. A half-width mark of the kaiming or halfwidth style counts only
    when squeezed further (it cannot be); the paragraph's last mark (`last`:
    the paragraph's last line) is not counted, its blank is only white at the
    end of a ragged line. A hanging mark is set whole, outside the measure.
    """
    em = jn.em
    tol = 1e-6 * max(em, 1.0)
    count = 0
    hang = 0.0
    prev: Box | None = None
    gap = 0.0  # set width of the glue since the previous character
    marks = MARK_CLASS  # only a mark has a blank: skip blank() for the others
    for it in items[a:b]:
        kind = type(it)  # exactly Box, Glue or Penalty (items.py)
        if kind is Glue:
            gap += it.width + (ratio * it.stretch if ratio > 0 else ratio * it.shrink)
        elif kind is Box and it.text:
            ch = it.text[0]
            lb = blank(ch, it.width - track, LEFT, jn) if ch in marks else NO_BLANK
            if prev is None:
                if lb.builtin * em + gap < lb.kept * em - tol:
                    count += 1
            else:
                ch = prev.text[-1]
                ra = blank(ch, prev.width - track, RIGHT, jn) if ch in marks else NO_BLANK
                kept = (ra.kept + lb.kept) * em
                deficit = kept - ((ra.builtin + lb.builtin) * em + gap + track)
                if deficit > tol:
                    count += 2 if ra.kept and lb.kept and deficit > HALF * em + tol else 1
            prev, gap = it, 0.0
    pen = items[b] if isinstance(items[b], Penalty) else None
    if prev is not None and pen is not None:
        ra = blank(prev.text[-1], prev.width - track, RIGHT, jn)
        if pen.width <= -prev.width + tol:  # a hanging break: the whole mark is outside the measure
            hang = max(0.0, -pen.width - track - ra.builtin * em)
        elif ra.kept and not last and ra.builtin * em + pen.width + track < ra.kept * em - tol:
            count += 1
    return count, hang
