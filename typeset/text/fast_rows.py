"""A paragraph read straight into the breaker's rows, without making one item per character.

Why: itemize.py makes two Knuth-Plass items per character, and every later
step (reading them into sums, setting lines, counting marks) walks them
again; in a Chinese column that per-item Python work was four fifths of
the composer's time. Here the same items exist only *per junction*: the
items cjk.py (or latin.py, for a word space) puts between two characters
are summed once per distinct junction into a `Junction` record, memoised
across paragraphs, and the paragraph becomes a few arrays indexed by text
offset, filled by C-level list operations (a run of plain ideographs is
one slice assignment of one shared record). The breaker reads those
arrays as it reads kp_para._Para's rows (`Rows` has the same fields), so
the dynamic programme, its passes and its demerits are the same code.

Contract: `read_rows(text, bold, style, metrics, language, jn, indent)`
returns a `Rows`, or None when the paragraph needs what only the item path
does -- a character no face draws, tracking, hanging punctuation,
hyphenation, a junction with two breakpoints -- and compose.py then takes
the item path. Both paths must give the same lines (tests/test_fast_path.py
compares them on the samples and on random paragraphs).

Offsets: every array is indexed by offset k in the text. `rec[k]` is the
junction *before* character k: between the previous non-space character
and k (it holds the items of any spaces between them); a space has the
empty record; the paragraph's first character has the head (the indent
and the items before an opening mark). F_w[k], F_y[k], F_z[k] are the
width, stretch and shrink of everything before junction k; the line from a
start to a break at junction k has natural width F_w[k] + pw - start.
"""
from __future__ import annotations

import re
from functools import lru_cache
from itertools import accumulate, compress
from math import inf
from operator import add, not_, sub
from typing import NamedTuple, Sequence

from ..metrics import Metrics
from ..style import Style
from . import cjk, latin
from .itemize import _NARROW_RUN, FINISH_PENALTY, MISSING, NARROW, PLAIN, SPACE, _infos, _space_junction
from .items import FIL, INF, Glue, Item, Penalty


class Junction(NamedTuple):
    """The items between two characters, summed (points). Penalties add only when taken."""

    w: float  # width of its glue (its boxes are empty), set in mid-line
    y: float  # stretch
    z: float  # shrink
    legal: bool  # holds a legal breakpoint (its first item: nothing of it precedes the break)
    pv: float  # that break's penalty (0.0 for glue)
    pw: float  # its width (a line-end mark set half width: < 0)
    pen: bool  # the break is a Penalty (not glue)
    sw: float  # width, stretch, shrink of the junction before the next line's first box,
    sy: float  # when the break is taken (all of it, unless an empty box starts that line:
    sz: float  # an opening mark's blank that changes at a line start)
    neg: float  # total of its negative widths, as a positive number
    spaced: bool  # a Latin word space follows its last box: the next character starts a glyph run
    plain: bool  # the shared ideograph-ideograph record
    inner: bool  # the line after its break starts at an empty box inside it (sw.. is not all of it)


NOTHING = Junction(0.0, 0.0, 0.0, False, 0.0, 0.0, False, 0.0, 0.0, 0.0, 0.0, False, False, False)

_RUNS = re.compile(PLAIN + "{2,}|" + NARROW + "{2,}")


def junction_record(items: Sequence[Item], plain: bool = False) -> Junction | None:
    """Sum a junction's items; None if they are not of the forms cjk.py and latin.py make between
    two characters (one breakpoint at most, and it is the first item that can be one)."""
    w = y = z = neg = 0.0
    brk = start = None
    spaced = False
    after_box = True  # the character before the junction is a box
    for it in items:
        kind = type(it)
        if kind is Glue:
            if it.stretch >= FIL:
                return None
            if after_box:
                if brk is not None or w or y or z:
                    return None
                brk = (0.0, 0.0, False)
            w += it.width
            y += it.stretch
            z += it.shrink
            if it.width < 0:
                neg -= it.width
            if it.text == " ":
                spaced = True
            after_box = False
        elif kind is Penalty:
            if -INF < it.penalty < INF:
                if brk is not None or w or y or z:
                    return None
                brk = (it.penalty, it.width, True)
            after_box = False
        else:
            if it.width or it.text:
                return None
            if brk is not None and start is None:
                start = (w, y, z)
            spaced = False
            after_box = True
    if brk is None:
        return Junction(w, y, z, False, 0.0, 0.0, False, w, y, z, neg, spaced, plain, False)
    sw, sy, sz = start if start is not None else (w, y, z)
    return Junction(w, y, z, True, brk[0], brk[1], brk[2], sw, sy, sz, neg, spaced, plain, start is not None)


@lru_cache(maxsize=32)
def _records(jn: cjk.Junction) -> dict:
    """Junction records by itemize.py's junction key, under `jn` (pure: they are sums of frozen items)."""
    return {}


@lru_cache(maxsize=32)
def plain_record(jn: cjk.Junction) -> Junction:
    return junction_record((cjk.plain_glue(jn),), plain=True)


class Rows:
    """A paragraph read for the breaker (kp_para._Para's fields) and the line setter.

    Rows c = 0..nb: 0 the paragraph's start, then each legal break in text
    order, then the paragraph's end. I[c] is the row's text offset (its
    junction; -1 for the start, n for the end); EW, EZ the width (with the
    break's penalty width) and shrink up to it; SY (by offset) the stretch
    up to a junction; PV, PW, FL, PEN its penalty, penalty width, flag and
    whether it is a penalty; LOW the least EW - EZ from a row on.
    """

    __slots__ = ("B_w", "EW", "EZ", "FL", "F_w", "F_y", "F_z", "I", "LOW", "PEN", "PV", "PW", "SY", "by_class", "cls", "one_face", "jw", "jy", "jz", "_neg", "_negpos",
                 "bw", "faces", "first", "flagged_any", "forced", "head", "indent", "monotone", "n", "nb",
                 "negative", "pwmax", "rec", "space", "text", "wide")

    def start(self, j: int) -> tuple:
        """(s, width, stretch, shrink at the line's start, first candidate row, first row with infinite glue)."""
        if j == 0:
            k = self.first
            return k, self.F_w[k], self.SY[k], self.F_z[k], 1, self.nb
        k = self.I[j]
        r = self.rec[k]
        if r.inner:
            return k, self.F_w[k] + r.sw, self.SY[k] + r.sy, self.F_z[k] + r.sz, j + 1, self.nb
        return k, self.B_w[k], self.SY[k + 1], self.F_z[k + 1], j + 1, self.nb  # at character k's box

    def negative_width(self, s: int, c: int) -> float:
        """At least the negative widths between the line's start s and row c (the breaker's stop bound)."""
        return self._neg[self.I[c]] - self._neg[s]


def read_rows(text: str, bold: Sequence[bool], style: Style, metrics: Metrics, language: str,
              jn: cjk.Junction, indent: bool) -> tuple[Rows, list[tuple[int, str, str, str]]] | None:
    """The paragraph's rows and its fallback characters (offset, char, role, face); None: use items."""
    n = len(text)
    if style.tracking or jn.hanging or not n:
        return None
    infos = _infos(text, bold, style, metrics, language)
    space, wide, roles, faces, widths, status, kinds = zip(*infos)
    fallbacks = []
    if any(status):
        if MISSING in status:
            return None
        fallbacks = [(k, text[k], roles[k], faces[k]) for k, st in enumerate(status) if st]
    cls = "".join(kinds)
    if style.hyphenate and NARROW in cls and latin.hyphen_points_in(
            text, [m.span() for m in _NARROW_RUN.finditer(cls)], language):
        return None  # a word to hyphenate (or an address to break): the item path's latin.py does it
    first = n - len(cls.lstrip(SPACE))
    if first >= n:
        return None
    bound = cjk.never_split(text)
    memo = _records(jn)
    plain = plain_record(jn)
    rec = [plain] * n
    bw = list(widths)

    head: list[Item] = []
    if wide[first]:
        head = cjk.paragraph_start(text, first, widths[first], jn)
    head_rec = junction_record(head)
    if head_rec is None or head_rec.legal:
        return None
    indent_w = style.indent * style.size if indent and style.indent else 0.0
    rec[first] = head_rec
    rec[:first] = [NOTHING] * first
    prev = first
    k = first + 1
    # Runs of plain ideographs share one record, and the letters and digits of one word touch:
    # their junctions are filled by slice assignment; the loop visits only the others.
    spans = [m.span() for m in _RUNS.finditer(cls, first)] + [(n, n)]
    for s, e in spans:
        stop = s + 1 if s < n else n
        while k < stop:
            if space[k]:
                j = k
                while j < n and space[j]:
                    j += 1
                rec[k:j] = [NOTHING] * (j - k)
                bw[k:j] = [0.0] * (j - k)
                if j < n:
                    r = junction_record(_space_junction(text, prev, k, j, wide, widths, widths, jn, bound))
                    if r is None:
                        return None
                    rec[j] = r
                    prev = j
                    k = j + 1
                else:
                    k = j
                continue
            if wide[prev] or wide[k]:
                key = (text[prev], text[k], wide[prev], wide[k], k in bound,
                       k + 1 < n and text[k + 1] == text[k], widths[prev], widths[k])
                r = memo.get(key)
                if r is None:
                    r = junction_record(cjk.junction(text, prev, k, wide[prev], wide[k], bound, jn,
                                                     advances=widths))
                    if r is None:
                        return None
                    memo[key] = r
                rec[k] = r
            else:
                rec[k] = NOTHING  # two letters or digits of one word: the boxes touch
            prev = k
            k += 1
        if e - s > 1:
            if cls[s] == NARROW:
                rec[s + 1:e] = [NOTHING] * (e - s - 1)
            prev = e - 1
            k = e
    end_pw = cjk.paragraph_end(text, prev, widths[prev], jn) if wide[prev] else 0.0
    R = _rows(text, space, wide, faces, bw, rec, first, head_rec, indent_w, end_pw)
    R.cls = cls
    return R, fallbacks


def _rows(text: str, space, wide, faces, bw: list[float], rec: list[Junction], first: int, head: Junction,
          indent_w: float, end_pw: float) -> Rows:
    n = len(text)
    R = Rows()
    R.text, R.wide, R.faces, R.bw, R.rec, R.first, R.n, R.head = text, wide, faces, bw, rec, first, n, head
    R.space, R.indent = space, indent_w
    jw, jy, jz, legal, pv, pw, pen, _, _, _, negs, spaced, _, _ = zip(*rec)
    R.jw, R.jy, R.jz = jw, jy, jz
    seq = [0.0] * (2 * n)
    seq[0::2] = jw
    seq[1::2] = bw
    if indent_w:
        seq[2 * first] += indent_w  # the indent is a box before the first character: part of the first line
    S = _sums(seq)
    F_w = R.F_w = S[0::2]
    R.B_w = S[1::2]
    F_y = R.SY = R.F_y = _sums(jy)
    F_z = R.F_z = _sums(jz)
    ks = list(compress(range(n), legal))
    I = R.I = [-1, *ks, n]  # noqa: E741 -- as in kp_para
    nb = R.nb = len(ks) + 1
    PW = [0.0, *compress(pw, legal), end_pw]
    EW = list(map(F_w.__getitem__, ks))
    if any(PW):
        EW = list(map(add, EW, PW[1:-1]))
    EW.insert(0, -inf)
    EW.append(F_w[n] + end_pw)
    EZ = [0.0, *map(F_z.__getitem__, ks), F_z[n]]
    PV = [0.0, *compress(pv, legal), -INF]
    PEN = [False, *compress(pen, legal), True]
    _finish(text, wide, I, PV, PEN, nb)
    R.EW, R.EZ, R.PV, R.PW, R.PEN = EW, EZ, PV, PW, PEN
    R.FL = [False] * (nb + 1)
    LOW = list(accumulate(reversed(list(map(sub, EW, EZ))), min))
    LOW.reverse()
    R.LOW = LOW
    R.forced = [nb]
    R.pwmax = max(PW)
    R.negative = min(PV[1:nb], default=0.0) < 0
    R.flagged_any = False
    R.monotone = min(jy) >= 0
    if any(negs):
        R._neg = list(accumulate(negs, initial=0.0))
        R._negpos = True
    else:
        R._neg = R._negpos = None
    # Faces follow the class (one for wide, one for narrow characters) unless a fallback face or
    # a change of weight says otherwise: then fast_lines walks every line to find its runs.
    kinds = set(faces)
    R.one_face = len(kinds) == 1
    R.by_class = R.one_face or (len(kinds) == 2 and len(set(compress(faces, wide))) == 1
                                and len(set(compress(faces, map(not_, wide)))) == 1)
    return R


def _sums(values: list[float]) -> list[float]:
    """S[i] = -(values[i] + values[i+1] + ...), summed from the end as kp_para sums the items, so
    S[c] - S[s] is the sum of values[s:c] in the same floating point as the item path's breaker."""
    out = list(accumulate(reversed(values), sub, initial=0.0))
    out.reverse()
    return out


def _finish(text: str, wide, I: list[int], PV: list[float], PEN: list[bool], nb: int) -> None:
    """itemize._finish on rows: a break leaving a 孤字 or one short word as the last line costs more."""
    for c in range(nb - 1, 0, -1):
        k = I[c]
        rest = text[k:]
        if sum(map(str.isalnum, rest)) >= latin.SHORT_WORD:
            return
        flags = wide[k:]
        if cjk.lone_character(rest, flags) or latin.short_word(rest, flags):
            PV[c] += FINISH_PENALTY
            PEN[c] = True


__all__ = ["NOTHING", "Junction", "Rows", "junction_record", "read_rows"]
