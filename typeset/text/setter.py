"""Lines set from a paragraph's rows (rows.py): glyph runs, marks set short, hanging ink, by offset.

A character's x has a closed form in the rows' sums (width, plus the ratio times stretch or
shrink, from the line's start to its box), so a line of plain ideographs in one face -- most of a
Chinese column -- is one slice of the text and one gap, with no loop over its characters; other
lines walk their characters once. Characters in one face and size at equal gaps make one `Glyphs`
(text extraction reads them in order); a Latin word space separates runs. Justified lines fill
the measure when their glue allows, one with no glue at all (a long address) is letter-spaced,
ragged ones keep their glue natural. `compose_rows(rows, measure, width_of_line, style, ctx,
justify_last)` returns (lines, overfull line numbers): the breaker's (knuthplass.py), or
emergency.py's cuts when no legal breaking fits.
"""
from __future__ import annotations

from collections.abc import Callable

from ..reading.style import Style
from . import cjk
from .junctions import NOTHING, Context, mark_blank
from .rows import Rows
from .chars import NARROW, SPACE
from .emergency import emergency_breaks
from .knuthplass import fit_para
from .kp_params import DEFAULT, EPS
from .lines import SAME_GAP, Glyphs, Line, adjustment_ratio, line_glyphs, new_tuple

_RIGHT, _HALF = cjk.RIGHT, cjk.HALF


def compose_rows(R: Rows, measure: float | Callable[[int], float], width_of_line: Callable[[int], float],
                 style: Style, ctx: Context, justify_last: bool) -> tuple[list[Line], tuple[int, ...]] | None:
    """Break the paragraph (knuthplass.fit_para, else emergency.py) and set its lines."""
    breaking = fit_para(R, measure, DEFAULT)
    if breaking is not None:
        breaks = breaking.breaks
    else:
        breaks = emergency_breaks(R, width_of_line, DEFAULT)[0]  # offsets: the rows of their own junctions
        if R.row_of is not None:
            breaks = [R.row_of[k] for k in breaks]
    lines = set_rows(R, breaks, width_of_line, style, ctx, justify_last)
    illegal = R.illegal
    return lines, tuple(n for n, (k, line) in enumerate(zip(breaks, lines))
                        if illegal[k] or line.width - line.hang > line.measure + EPS)


def set_rows(R: Rows, breaks, width_of_line: Callable[[int], float], style: Style, ctx: Context,
             justify_last: bool) -> list[Line]:
    """Each line the breaker chose, set, with its marks counted (see the module docstring)."""
    cls, pen_width, is_penalty = R.cls, R.pen_width, R.is_penalty
    hyphens = R.hyphens  # {row: face of the hyphen printed when a line ends there}, or None
    F_w, F_y, F_z = R.mw, R.my, R.mz  # (compiled: typed views of the sums' arrays, rows.Rows)
    size, align = style.size, style.align
    track = style.tracking * size  # in every box's width (rows); glyph runs set it as char space
    justify = align == "justify"
    # One face and no word space (most Chinese paragraphs): every line tries one run, classes unread.
    uniform = R.one_face and SPACE not in cls.strip(SPACE)
    i = 0  # the next pair of neighbours that holds a mark (R.mq, R.md)
    em = ctx.jn.em
    lines: list[Line] = []
    u0 = R.first
    s_w, s_y, s_z = F_w[u0], F_y[u0], F_z[u0]  # sums at the line's start (rows are offsets: rows.Rows)
    lead = R.indent  # box width before the first character's glue (the indent, on the first line)
    final = len(breaks) - 1
    at = R.at  # rows -> offsets where hanging rows sit between them (rows._hang_rows); else the same
    for n, c in enumerate(breaks):
        k = at[c] if at is not None else c
        pw = pen_width[c]
        measure = width_of_line(n)
        natural = F_w[k] + pw - s_w
        stretch = F_y[k] - s_y
        shrink = F_z[k] - s_z
        fill = justify and (justify_last or n != final)
        r = adjustment_ratio(natural, stretch, shrink, measure, fill)
        x = natural + r * (stretch if r > 0 else shrink) if r else natural
        last = k - 1
        while cls[last] == SPACE:
            last -= 1
        b = last + 1
        face = hyphens.get(k) if hyphens else None
        xh = x - pw  # where a hyphen goes: after the last letter's box
        spread = 0.0
        if fill and stretch <= 0 and EPS < measure - x:
            # A justified line with no glue to stretch (one long address alone on its line): the rest is
            # spread between its glyphs, the last resort a composer has.
            i0, placed = _placed(R, u0, b, lead, face is not None)
            if placed > 1:
                spread = (measure - x) / (placed - 1)
                xh += (placed - 1) * spread
                x = measure
        shift = max(0.0, (measure - x) / 2) if align == "center" else max(0.0, measure - x) if align == "right" \
            else 0.0
        x0 = _x(R, u0, s_w, s_y, s_z, r)
        if spread:
            glyphs = _runs(R, u0, b, s_w, s_y, s_z, r, size, shift, track, spread, i0)
        else:
            glyphs = _glyph_runs(R, u0, b, x0, s_w, s_y, s_z, r, size, shift, track, uniform)
        if face is not None:
            glyphs = _hyphenated(glyphs, xh + shift, face, size, track, spread)
        count, i = _marks(R, i, u0, last, x0 - lead, r, em)
        hang = 0.0
        if is_penalty[c]:
            end, hang = _line_end(R, last, pw, ctx, track)
            if n != final:
                count += end
        lines.append(new_tuple(Line, (glyphs, measure, x + hang, u0, b, face is not None, r, count, hang)))
        if k < R.n:
            _, s_w, s_y, s_z, _, _ = R.start(c)
            u0 = k
            lead = 0.0
    return lines


def _glyph_runs(R: Rows, u0: int, b: int, x0: float, s_w: float, s_y: float, s_z: float, r: float, size: float,
                shift: float, track: float, uniform: bool) -> tuple:
    """The runs of characters u0..b-1: one run where one face and one gap allow (most lines, found
    without a look at each character), a run per class where faces follow the class, else a walk."""
    glyphs = None
    if uniform:
        glyphs = _one_run(R, u0, b, x0, r, size, shift, track)
    elif R.by_class and SPACE not in (seg := R.cls[u0:b]):
        if R.one_face or NARROW not in seg or seg.count(NARROW) == b - u0:
            glyphs = _one_run(R, u0, b, x0, r, size, shift, track)
        else:  # letters or digits among ideographs: a run per face at least
            glyphs = _class_runs(R, u0, b, seg, x0, s_w, s_y, s_z, r, size, shift, track)
    if glyphs is None:
        glyphs = _runs(R, u0, b, s_w, s_y, s_z, r, size, shift, track, 0.0, 0)
    return glyphs


def _placed(R: Rows, u0: int, b: int, lead: float, hyphen: bool) -> tuple[int, int]:
    """(boxes before character u0, glyph boxes) of a line, as letter spacing counts them:
    the indent and an opening mark's empty box at the line's start count, and a hyphen at its end."""
    i0 = 1 if lead else 0
    if u0 == R.first:
        i0 += R.rec[u0] != NOTHING  # the empty box before an opening mark that starts the paragraph
    elif R.rec[u0].inner:
        i0 += 1  # the same at a line's start
    return i0, i0 + (b - u0) - R.cls.count(SPACE, u0, b) + (1 if hyphen else 0)


def _marks(R: Rows, i: int, u0: int, last: int, gap0: float, r: float, em: float) -> tuple[int, int]:
    """(marks the line u0..last sets short, the next pair to look at): the pairs of neighbours from
    R.mq[i] on that hold a mark (most lines: none or one), each counted by _mark."""
    qs, data = R.mq, R.md
    nq = len(qs)
    tol = 1e-6 * max(em, 1.0)  # a millionth of an em: float noise is no mark set short
    over = _HALF * em + tol
    count = 0
    while i < nq and qs[i] <= last:
        q = qs[i]
        if q >= u0:
            count += _mark(data[i], q == u0, gap0, r, tol, over)
        i += 1
    return count, i


def _hyphenated(glyphs: tuple, x: float, face: str, size: float, track: float, spread: float) -> tuple:
    """The line's runs with the hyphen at x: it joins the last run when in its face and at its gap
    (the tracking after the letter, and any letter spacing), as _runs joins any glyph."""
    g = glyphs[-1]
    gap = track + spread
    if g.face == face and g.size == size and (len(g.text) == 1 or abs(gap - g.char_space) <= SAME_GAP):
        space = g.char_space if len(g.text) > 1 else gap if abs(gap) >= 1e-9 else 0.0
        return (*glyphs[:-1], new_tuple(Glyphs, (g.x, g.text + "-", face, size, space)))
    return (*glyphs, line_glyphs(x, "-", face, size, None, 0.0, track))


def _x(R: Rows, u: int, s_w: float, s_y: float, s_z: float, r: float) -> float:
    """x of character u's box on a line starting at sums (s_w, s_y, s_z) set at ratio r."""
    w = R.bw[u]
    x = R.mw[u + 1] - w - s_w
    if r:
        x += r * ((R.my[u + 1] - s_y) if r > 0 else (R.mz[u + 1] - s_z))
    return x


def _runs(R: Rows, u0: int, b: int, s_w: float, s_y: float, s_z: float, r: float, size: float,
          shift: float, track: float, spread: float, i0: int) -> tuple:
    """The runs of the characters u0..b-1, walked: a new run at a word space, a face change or a new gap
    (the gap from one glyph's advance to the next glyph: tracking and glue). `spread`: letter spacing,
    each glyph moved by it times its box's number on the line (i0 boxes come before u0's)."""
    text, cls, rec, bw, faces = R.text, R.cls, R.rec, R.bw, R.faces
    F_w = R.mw
    spaced = SPACE in cls[u0:b]  # else no junction is `spaced` (only a word space makes one, as _one_run assumes)
    F = R.my if r > 0 else R.mz
    s = s_y if r > 0 else s_z
    runs = []
    a = u0  # the run's first character
    x0 = _x(R, u0, s_w, s_y, s_z, r)
    m = i0  # the box's number on the line
    if spread:
        x0 += m * spread
    face = faces[u0]
    gap = None  # None: one character so far
    end = x0 + (bw[u0] - track)  # where the last character's advance ends
    for u in range(u0 + 1, b):
        if spaced and cls[u] == SPACE:
            continue
        w = bw[u]
        x = F_w[u + 1] - w - s_w  # _x's sums, without a call per character
        if r:
            x += r * (F[u + 1] - s)
        m += 1
        if spread:
            x += m * spread
        g = x - end
        end = x + (w - track)
        if faces[u] == face and not (spaced and rec[u].spaced):
            if gap is None:
                gap = g
                continue
            if abs(g - gap) <= SAME_GAP:
                continue
        runs.append(line_glyphs(x0, _chars(R, a, u) if spaced else text[a:u], face, size, gap, shift, track))
        a, x0, face, gap = u, x, faces[u], None
    runs.append(line_glyphs(x0, _chars(R, a, b) if spaced else text[a:b], face, size, gap, shift, track))
    return tuple(runs)


def _chars(R: Rows, a: int, b: int) -> str:
    """The characters a..b-1 but word spaces (a run that spans one whose junction keeps no space)."""
    return "".join([c for c, kind in zip(R.text[a:b], R.cls[a:b]) if kind != SPACE])


def _one_run(R: Rows, a: int, b: int, x0: float, r: float, size: float, shift: float,
             track: float) -> tuple | None:
    """Characters a..b-1 as one Glyphs when every gap between them (tracking and the junction's glue
    set at ratio r) is the same, else None."""
    c = a + 1
    if c == b:
        return (line_glyphs(x0, R.text[a], R.faces[a], size, None, shift, track),)
    like = R.like0 if not r else R.like_y if r > 0 else R.like_z
    if 0 not in like[c:b]:  # every junction sets like the plain one (most lines): one gap
        pl = R.plain
        g = pl.w if not r else pl.w + r * pl.y if r > 0 else pl.w + r * pl.z
        return (line_glyphs(x0, R.text[a:b], R.faces[a], size, g + track, shift, track),)
    # the least and most gap by one loop, with no list of gaps
    jw = R.jw
    J = R.jy if r > 0 else R.jz
    w = jw[c]  # (each read into a C double first, so the compiled arithmetic is the C double's)
    y = J[c]
    g = lo = hi = w + r * y if r else w
    for u in range(c + 1, b):
        w = jw[u]
        y = J[u]
        x = w + r * y if r else w
        if x < lo:
            lo = x
        elif x > hi:
            hi = x
    if hi - g <= SAME_GAP and g - lo <= SAME_GAP:
        return (line_glyphs(x0, R.text[a:b], R.faces[a], size, g + track, shift, track),)
    return None


def _class_runs(R: Rows, u0: int, b: int, seg: str, x0: float, s_w: float, s_y: float, s_z: float, r: float,
                size: float, shift: float, track: float) -> tuple | None:
    """A line of wide and narrow characters (faces by class, no space): one run per stretch of one
    class when its gaps agree; None (walk the characters) when one does not."""
    runs: list = []
    # a loop over the line's classes (compiled, cheaper than a regular expression's scanner)
    n = len(seg)
    nar = NARROW
    s = 0
    while s < n:
        narrow = seg[s] == nar
        e = s + 1
        while e < n and (seg[e] == nar) == narrow:
            e += 1
        a = u0 + s
        got = _one_run(R, a, u0 + e, x0 if s == 0 else _x(R, a, s_w, s_y, s_z, r), r, size, shift, track)
        if got is None:
            return None
        runs += got
        s = e
    return tuple(runs)


def _mark(pair: tuple, first: bool, gap0: float, r: float, tol: float, over: float) -> int:
    """How many marks of one pair of neighbours (junctions.mark_pair: R.md) a line at ratio r sets short:
    their blanks fall short by `A - r * (stretch or shrink)`; at the line's start, with `gap0`."""
    A, y, z, both, lack = pair
    if first:
        return 1 if lack + gap0 < 0.0 else 0
    deficit = A - (r * y if r > 0 else r * z) if r else A
    if deficit > tol:
        return 2 if both and deficit > over else 1
    return 0


def _line_end(R: Rows, last: int, pw: float, ctx: Context, track: float) -> tuple[int, float]:
    """(1 if the line's break sets its last mark short, the mark's ink hanging past the measure) for a
    line that ends at a penalty of width pw: it gives back the mark's blank (and the tracking after
    it), or with hanging the mark's whole advance."""
    jn = ctx.jn
    em = jn.em
    tol = 1e-6 * max(em, 1.0)
    width = R.bw[last]
    ra = mark_blank(R.text[last], width - track, _RIGHT, jn, ctx.blanks)
    if pw <= -width + tol:  # a hanging break: the whole mark outside the measure, set whole
        return 0, max(0.0, -pw - track - ra.builtin * em)
    return int(ra.kept and ra.builtin * em + pw + track < ra.kept * em - tol), 0.0


__all__ = ["compose_rows", "set_rows"]
