"""Lines set from a paragraph's rows (fast_rows.py): the item path's lines.py and cjk.line_marks, by offset.

Why a second line setter: with rows there are no items to walk, and a line
needs none. A character's x on its line has a closed form in the rows'
sums (width, plus the ratio times stretch or shrink, from the line's start
to the character's box), so a line of plain ideographs in one face -- most
lines of a Chinese column -- is one slice of the text and one gap, with no
loop over its characters; other lines walk their characters once. Marks
are counted from the pairs of neighbours around a mark that fast_rows read
with their junctions (cjk.line_marks walks every item). The rules are
those of lines.py and cjk.line_marks, and tests/test_fast_path.py holds
both paths to the same lines.

Contract: `compose_rows(rows, measure, width_of_line, style, ctx,
justify_last)` returns (lines, overfull line numbers), or None when the
paragraph needs what only the item path does (no legal breaking fits, so
emergency cuts; a justified line with no glue to stretch, which the item
path letter-spaces).
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from itertools import repeat
from operator import add, mul

from ..style import Style
from . import cjk
from .fast_junctions import Context, _blank
from .fast_rows import Rows
from .itemize import NARROW, SPACE
from .knuthplass import fit_para
from .kp_params import DEFAULT, EPS
from .lines import SAME_GAP, Line, _glyphs, _ratio, _tnew

_CLASS_RUN = re.compile(NARROW + "+|[^" + NARROW + "]+")  # stretches of one class (fast_rows: one face each)
_RIGHT, _HALF = cjk.RIGHT, cjk.HALF


def compose_rows(R: Rows, measure: float | Callable[[int], float], width_of_line: Callable[[int], float],
                 style: Style, ctx: Context, justify_last: bool) -> tuple[list[Line], tuple[int, ...]] | None:
    """Break the paragraph (knuthplass.fit_para) and set its lines; None: let the item path do it."""
    breaking = fit_para(R, measure, DEFAULT)
    if breaking is None:
        return None
    lines = set_rows(R, breaking.breaks, width_of_line, style, ctx, justify_last)
    if lines is None:
        return None
    return lines, tuple(n for n, line in enumerate(lines) if line.width - line.hang > line.measure + EPS)


def set_rows(R: Rows, breaks, width_of_line: Callable[[int], float], style: Style, ctx: Context,
             justify_last: bool) -> list[Line] | None:
    """Each line the breaker chose, as lines.set_lines sets it, with its marks counted as cjk.line_marks."""
    cls, F_w, F_y, F_z, PW, PEN = R.cls, R.F_w, R.F_y, R.F_z, R.PW, R.PEN
    size, align = style.size, style.align
    justify = align == "justify"
    by_class, one_face = R.by_class, R.one_face
    set_: list[tuple] = []  # per line: glyphs, measure, width, start, end, ratio
    marked = []  # per line: what counting its marks needs
    u0 = R.first
    s_w, s_y, s_z = F_w[u0], F_y[u0], F_z[u0]  # sums at the line's start (rows are offsets: fast_rows.Rows)
    lead = R.indent  # box width before the first character's glue (the indent, on the first line)
    final = len(breaks) - 1
    for n, k in enumerate(breaks):
        pw = PW[k]
        measure = width_of_line(n)
        natural = F_w[k] + pw - s_w
        stretch = F_y[k] - s_y
        shrink = F_z[k] - s_z
        fill = justify and (justify_last or n != final)
        r = _ratio(natural, stretch, shrink, measure, fill)
        x = natural + r * (stretch if r > 0 else shrink) if r else natural
        if fill and stretch <= 0 and EPS < measure - x:
            return None  # letter spacing: lines.set_line's last resort
        last = k - 1
        while cls[last] == SPACE:
            last -= 1
        shift = 0.0
        if align == "center":
            shift = max(0.0, (measure - x) / 2)
        elif align == "right":
            shift = max(0.0, measure - x)
        b = last + 1
        x0 = _x(R, u0, s_w, s_y, s_z, r)
        glyphs = None
        seg = cls[u0:b]
        if SPACE not in seg and by_class:
            if one_face or NARROW not in seg or seg.count(NARROW) == b - u0:
                glyphs = _one_run(R, u0, b, x0, r, size, shift)
            else:  # letters or digits among ideographs: a run per face at least
                glyphs = _class_runs(R, u0, b, seg, x0, s_w, s_y, s_z, r, size, shift)
        if glyphs is None:
            glyphs = _runs(R, u0, last, s_w, s_y, s_z, r, size, shift)
        set_.append((glyphs, measure, x, u0, b, r))
        marked.append((u0, last, x0 - lead, r, PEN[k], pw, n == final))
        if k < R.n:
            _, s_w, s_y, s_z, _, _ = R.start(k)
            u0 = k
            lead = 0.0
    counts = _count_marks(R, marked, ctx)
    return [_tnew(Line, (g, m, x, a, b, False, r, cnt, 0.0)) for (g, m, x, a, b, r), cnt in zip(set_, counts)]


def _x(R: Rows, u: int, s_w: float, s_y: float, s_z: float, r: float) -> float:
    """x of character u's box on a line starting at sums (s_w, s_y, s_z) set at ratio r."""
    x = R.F_w[u + 1] - R.bw[u] - s_w
    if r:
        x += r * ((R.F_y[u + 1] - s_y) if r > 0 else (R.F_z[u + 1] - s_z))
    return x


def _runs(R: Rows, u0: int, last: int, s_w: float, s_y: float, s_z: float, r: float, size: float,
          shift: float) -> tuple:
    """lines._runs over the characters u0..last: a new run at a word space, a face change or a new gap."""
    text, cls, rec, bw, faces = R.text, R.cls, R.rec, R.bw, R.faces
    runs = []
    x0 = end = 0.0
    chars: list[str] = []
    face = ""
    gap = None
    for u in range(u0, last + 1):
        if cls[u] == SPACE:
            continue
        x = _x(R, u, s_w, s_y, s_z, r)
        if chars and not rec[u].spaced and faces[u] == face:
            g = x - end
            if gap is None or abs(g - gap) <= SAME_GAP:
                chars.append(text[u])
                if gap is None:
                    gap = g
                end = x + bw[u]
                continue
        if chars:
            runs.append(_glyphs(x0, "".join(chars), face, size, gap, shift, 0.0))
        x0, chars, face, gap, end = x, [text[u]], faces[u], None, x + bw[u]
    if chars:
        runs.append(_glyphs(x0, "".join(chars), face, size, gap, shift, 0.0))
    return tuple(runs)


def _one_run(R: Rows, a: int, b: int, x0: float, r: float, size: float, shift: float) -> tuple | None:
    """Characters a..b-1 as one Glyphs when every gap between them is the same, else None."""
    c = a + 1
    if c == b:
        return (_glyphs(x0, R.text[a], R.faces[a], size, None, shift, 0.0),)
    like = R.like0 if not r else R.like_y if r > 0 else R.like_z
    if 0 not in like[c:b]:  # every junction sets like the plain one (most lines): one gap
        pl = R.plain
        g = pl.w if not r else pl.w + r * pl.y if r > 0 else pl.w + r * pl.z
        return (_glyphs(x0, R.text[a:b], R.faces[a], size, g, shift, 0.0),)
    if not r:
        gaps = R.jw[c:b]
    else:
        gaps = list(map(add, R.jw[c:b], map(mul, repeat(r), R.jy[c:b] if r > 0 else R.jz[c:b])))
    g = gaps[0]
    if max(gaps) - g <= SAME_GAP and g - min(gaps) <= SAME_GAP:
        return (_glyphs(x0, R.text[a:b], R.faces[a], size, g, shift, 0.0),)
    return None


def _class_runs(R: Rows, u0: int, b: int, seg: str, x0: float, s_w: float, s_y: float, s_z: float, r: float,
                size: float, shift: float) -> tuple | None:
    """A line of wide and narrow characters (faces by class, no space): one run per stretch of one
    class when its gaps agree; None (walk the characters) when one does not."""
    runs: list = []
    for m in _CLASS_RUN.finditer(seg):
        a = u0 + m.start()
        x = x0 if a == u0 else _x(R, a, s_w, s_y, s_z, r)
        got = _one_run(R, a, u0 + m.end(), x, r, size, shift)
        if got is None:
            return None
        runs += got
    return tuple(runs)


def _count_marks(R: Rows, lines: list[tuple], ctx: Context) -> list[int]:
    """cjk.line_marks for every line, visiting only the pairs of neighbours that hold a mark.

    `lines` holds per line (first character, last character, glue set before
    the first, ratio, ends at a penalty, its width, is the last line). The
    pairs were read with the junctions (fast_junctions.mark_pair, R.mq and R.md):
    how far short of what the style keeps their blanks fall is `A - ratio *
    (stretch or shrink)` of the glue between them; each line counts its own.
    """
    text, bw = R.text, R.bw
    jn, memo = ctx.jn, ctx.blanks
    em = jn.em
    tol = 1e-6 * max(em, 1.0)
    over = _HALF * em + tol
    qs, data = R.mq, R.md
    counts = []
    lo = 0
    for u0, last, gap0, r, pen, pw, final in lines:
        count = 0
        if qs:
            lo = bisect_left(qs, u0, lo)
            hi = bisect_right(qs, last, lo)
            for i in range(lo, hi):
                A, y, z, both, lack = data[i]
                if qs[i] == u0:
                    if lack + gap0 < 0.0:
                        count += 1
                    continue
                deficit = A - (r * y if r > 0 else r * z) if r else A
                if deficit > tol:
                    count += 2 if both and deficit > over else 1
            lo = hi
        if pen:
            ra = _blank(text[last], bw[last], _RIGHT, jn, memo)
            if pw > -bw[last] + tol and ra.kept and not final and ra.builtin * em + pw < ra.kept * em - tol:
                count += 1  # (pw <= -advance would be a hanging break: set whole, not offered here)
        counts.append(count)
    return counts


__all__ = ["compose_rows", "set_rows"]
