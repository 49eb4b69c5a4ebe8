"""Lines set from a paragraph's rows (fast_rows.py): the item path's lines.py and cjk.line_marks, by offset.

Why a second line setter: with rows there are no items to walk, and a line
needs none. A character's x on its line has a closed form in the rows'
sums (width, plus the ratio times stretch or shrink, from the line's start
to the character's box), so a line of plain ideographs in one face -- most
lines of a Chinese column -- is one slice of the text and one gap, with no
loop over its characters; other lines walk their characters once. Marks
are counted by visiting only the marks on the line (cjk.line_marks walks
every item). The rules are those of lines.py and cjk.line_marks, and
tests/test_fast_path.py holds both paths to the same lines.

Contract: `compose_rows(rows, measure, width_of_line, style, jn,
justify_last)` returns (lines, overfull line numbers), or None when the
paragraph needs what only the item path does (no legal breaking fits, so
emergency cuts; a justified line with no glue to stretch, which the item
path letter-spaces).
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from itertools import repeat
from operator import add, mul
from typing import Callable

from ..style import Style
from . import cjk
from .fast_rows import Rows
from .itemize import NARROW, SPACE
from .kp_params import DEFAULT, EPS
from .knuthplass import fit_para
from .lines import SAME_GAP, Line, _glyphs, _line, _ratio

_MARKS = re.compile("[" + re.escape("".join(cjk.MARK_CLASS)) + "]")
_LEFT, _RIGHT, _HALF, _NO_BLANK, _MARK_CLASS = cjk.LEFT, cjk.RIGHT, cjk.HALF, cjk.NO_BLANK, cjk.MARK_CLASS


def compose_rows(R: Rows, measure: float | Callable[[int], float], width_of_line: Callable[[int], float],
                 style: Style, jn: cjk.Junction, justify_last: bool) -> tuple[list[Line], tuple[int, ...]] | None:
    """Break the paragraph (knuthplass.fit_para) and set its lines; None: let the item path do it."""
    breaking = fit_para(R, measure, DEFAULT)
    if breaking is None:
        return None
    lines = set_rows(R, breaking.breaks, width_of_line, style, jn, justify_last)
    if lines is None:
        return None
    return lines, tuple(n for n, line in enumerate(lines) if line.width - line.hang > line.measure + EPS)


def set_rows(R: Rows, breaks, width_of_line: Callable[[int], float], style: Style, jn: cjk.Junction,
             justify_last: bool) -> list[Line] | None:
    """Each line the breaker chose, as lines.set_lines sets it, with its marks counted as cjk.line_marks."""
    text, cls, bw, faces = R.text, R.cls, R.bw, R.faces
    F_w, F_y, F_z, I, PW, PEN, jw, jy, jz = R.F_w, R.F_y, R.F_z, R.I, R.PW, R.PEN, R.jw, R.jy, R.jz
    size, align = style.size, style.align
    justify = align == "justify"
    one_face, by_class = R.one_face, R.by_class
    marks = [m.start() for m in _MARKS.finditer(text)]
    blanks = _blanks(jn)
    lines: list[Line] = []
    u0 = R.first
    s_w, s_y, s_z = F_w[u0], F_y[u0], F_z[u0]  # sums at the line's start
    lead = R.indent  # box width before the first character's glue (the indent, on the first line)
    c = 0
    final = len(breaks) - 1
    for n, k in enumerate(breaks):
        c = bisect_left(I, k, c + 1)
        pw = PW[c]
        measure = width_of_line(n)
        natural = F_w[k] + pw - s_w
        stretch = F_y[k] - s_y
        shrink = F_z[k] - s_z
        r = _ratio(natural, stretch, shrink, measure, justify and (justify_last or n != final))
        x = natural + r * (stretch if r > 0 else shrink) if r else natural
        if justify and (justify_last or n != final) and stretch <= 0 and EPS < measure - x:
            return None  # letter spacing: lines.set_line's last resort
        last = k - 1
        while cls[last] == SPACE:
            last -= 1
        shift = 0.0
        if align == "center":
            shift = max(0.0, (measure - x) / 2)
        elif align == "right":
            shift = max(0.0, measure - x)
        a, b = u0 + 1, last + 1
        x0 = F_w[a] - bw[u0] - s_w  # the first character's x
        if r:
            x0 += r * ((F_y[a] - s_y) if r > 0 else (F_z[a] - s_z))
        glyphs = None
        if u0 == last:
            glyphs = (_glyphs(x0, text[u0], faces[u0], size, None, shift, 0.0),)
        else:
            seg = cls[u0:b]
            if SPACE not in seg and (one_face or by_class and (NARROW not in seg or seg.count(NARROW) == b - u0)):
                if not r:
                    gaps = jw[a:b]
                else:
                    gaps = list(map(add, jw[a:b], map(mul, repeat(r), jy[a:b] if r > 0 else jz[a:b])))
                g = gaps[0]
                if max(gaps) - g <= SAME_GAP and g - min(gaps) <= SAME_GAP:  # one run: one gap
                    glyphs = (_glyphs(x0, text[u0:b], faces[u0], size, g, shift, 0.0),)
            if glyphs is None:
                glyphs = _runs(R, u0, last, s_w, s_y, s_z, r, size, shift)
        count = 0
        lo, hi = bisect_left(marks, u0), bisect_right(marks, last)
        if lo < hi or PEN[c]:
            count = _marks(R, marks[lo:hi], u0, last, x0 - lead, r, jn, blanks, PEN[c], pw, n == final)
        lines.append(_line(glyphs, measure, x, u0, b, False, r, count, 0.0))
        if k < R.n:
            _, s_w, s_y, s_z, _, _ = R.start(c)
            u0 = k
            lead = 0.0
    return lines


def _runs(R: Rows, u0: int, last: int, s_w: float, s_y: float, s_z: float, r: float, size: float,
          shift: float) -> tuple:
    """lines._runs over the characters u0..last: a new run at a word space, a face change or a new gap."""
    text, cls, rec, bw, faces, F_w, F_y, F_z = R.text, R.cls, R.rec, R.bw, R.faces, R.F_w, R.F_y, R.F_z
    runs = []
    x0 = end = 0.0
    chars: list[str] = []
    face = ""
    gap = None
    for u in range(u0, last + 1):
        if cls[u] == SPACE:
            continue
        x = F_w[u + 1] - bw[u] - s_w
        if r:
            x += r * ((F_y[u + 1] - s_y) if r > 0 else (F_z[u + 1] - s_z))
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


@lru_cache(maxsize=16)
def _blanks(jn: cjk.Junction) -> dict:
    """A memo of cjk.blank under `jn`, by (character, advance, side)."""
    return {}


def _blank(ch: str, advance: float, side: str, jn: cjk.Junction, memo: dict) -> cjk.Blank:
    key = (ch, advance, side)
    got = memo.get(key)
    if got is None:
        got = memo[key] = cjk.blank(ch, advance, side, jn)
    return got


def _marks(R: Rows, on_line: list[int], u0: int, last: int, gap0: float, r: float, jn: cjk.Junction, memo: dict,
           pen: bool, pw: float, final: bool) -> int:
    """cjk.line_marks for the line u0..last, visiting only its marks (others have no blank).

    `gap0` is the glue set before the first character (an opening mark's blank at a line start).
    """
    text, cls, rec, bw = R.text, R.cls, R.rec, R.bw
    em = jn.em
    tol = 1e-6 * max(em, 1.0)
    count = 0
    rights = set()  # the right-hand characters of the pairs to check
    for o in on_line:
        rights.add(o)
        q = o + 1
        while q <= last and cls[q] == SPACE:
            q += 1
        if q <= last:
            rights.add(q)
    for q in sorted(rights):
        ch = text[q]
        lb = _blank(ch, bw[q], _LEFT, jn, memo) if ch in _MARK_CLASS else _NO_BLANK
        if q == u0:
            if lb.builtin * em + gap0 < lb.kept * em - tol:
                count += 1
            continue
        p = q - 1
        while cls[p] == SPACE:
            p -= 1
        ch = text[p]
        ra = _blank(ch, bw[p], _RIGHT, jn, memo) if ch in _MARK_CLASS else _NO_BLANK
        j = rec[q]
        gap = (j.w + r * j.y if r > 0 else j.w + r * j.z) if r else j.w
        deficit = (ra.kept + lb.kept) * em - ((ra.builtin + lb.builtin) * em + gap)
        if deficit > tol:
            count += 2 if ra.kept and lb.kept and deficit > _HALF * em + tol else 1
    if pen:
        ra = _blank(text[last], bw[last], _RIGHT, jn, memo)
        if pw <= -bw[last] + tol:
            return count  # a hanging break (not offered on this path): set whole, no mark squeezed
        if ra.kept and not final and ra.builtin * em + pw < ra.kept * em - tol:
            count += 1
    return count


__all__ = ["compose_rows", "set_rows"]
