"""A paragraph read into the breaker's rows: one per junction of two characters, no item per character.

Why: the items between two characters (cjk.py's rules, latin.py's word space) are the same wherever
the same two characters meet, so they are summed once per distinct junction (junctions.py, memoised)
and a paragraph becomes a few arrays indexed by text offset, filled by C-level list operations (a
run of plain ideographs is one slice of one shared record). tests/reference/ keeps the
item-per-character form to check this one against; breaks.py adds hyphen, hanging and finish rows.

`read_rows(text, bold, style, metrics, language, ctx, indent)` returns the `Rows`, the fallback and
the missing characters (None for nothing but spaces). `rec[k]` is the junction *before* character k
(with any spaces before it; the first character's holds the indent and an opening mark's blank).
F_w[k], F_y[k], F_z[k] are minus the width, stretch and shrink from junction k to the end (summed from
the end, as the reference sums its items, so both break ties on the same floats). Row c is the
junction at offset c, but where hanging punctuation gives a junction a second row.
"""
from __future__ import annotations

from array import array
from collections.abc import Sequence
from itertools import accumulate
from math import inf

from ..fonts.metrics import Metrics
from ..reading.style import Style
from . import cjk
from .chars import FALLBACK, MISSING, NARROW, PLAIN, SPACE, char_infos, char_table, class_spans, columns, space_junction
from .breaks import finish, hang_rows, hyphen_rows
from .items import INF, Item
from .junctions import NOTHING, Context, Junction, junction_record, mark_pair, pair_memo


class Rows:
    """A paragraph read for the breaker (knuthplass.py) and the setter (setter.py); fields declared in rows.pxd.

    Per row: width_at, shrink_at, stretch_at (width with the break's penalty width, shrink, stretch, up
    to it), penalty_at, pen_width, hyphen_at, is_penalty, illegal, narrowest (the least width_at -
    shrink_at from the row on: the breaker bisects on it), I (where stretch_at is read: the row).
    Per offset: F_w, F_y, F_z (mw, my, mz: typed views), rec, bw (box widths), jw, jy, jz (junction
    glue), like0/_y/_z (1 where it sets as the plain glue), cls (chars.py), faces; `hyphens` {row:
    face}; mq, md: the pairs of neighbours holding a mark (setter.py counts marks set short by them).
    """

    def start(self, j: int) -> tuple:
        """What a line after row j needs: (its first offset s, the sums at its start -- width, stretch,
        shrink --, the first row it may end at, the first row whose line holds the finishing glue)."""
        k = j if self.at is None or not j else self.at[j]
        if k == 0:
            k = self.first
            s, w, y, z = k, self.mw[k], self.my[k], self.mz[k]
        else:
            r = self.rec[k]
            if r.inner:  # the line starts at the empty box inside the junction (an opening mark's blank)
                s, w, y, z = k, self.mw[k] + r.sw, self.my[k] + r.sy, self.mz[k] + r.sz
            else:  # at character k's box
                s, w, y, z = k, self.mw[k + 1] - self.bw[k], self.my[k + 1], self.mz[k + 1]
        return s, w, y, z, (s + 1 if self.at is None else self.row_of[s + 1]), self.nb

    def negative_width(self, s: int, c: int) -> float:
        """At least the negative widths between the line's start s and row c (the breaker's stop bound)."""
        if self.at is not None:
            c = self.at[c]
        return self._neg[c] - self._neg[s]


def read_rows(text: str, bold: bool | Sequence[bool], style: Style, metrics: Metrics, language: str,
              ctx: Context, indent: bool) -> tuple[Rows, list[tuple], list[tuple]] | None:
    """The paragraph's rows, its fallback characters (offset, char, role, face) and the characters no
    face draws (offset, char, role); None for a paragraph of nothing but spaces."""
    n = len(text)
    jn = ctx.jn
    if not n:
        return None
    try:  # each character's memoised info; a character not seen before is None: zip says so
        space, wide, roles, faces, widths, status, kinds = columns(char_table(metrics, style, language)[bold], text)
    except TypeError:  # a new character, an unhashable Metrics, or several weights: read each
        space, wide, roles, faces, widths, status, kinds = zip(*char_infos(text, bold, style, metrics, language))
    fallbacks, missing = [], []  # a missing character is set 1 em wide in its role's name, and reported
    if any(status):
        fallbacks = [(k, text[k], roles[k], faces[k]) for k, st in enumerate(status) if st == FALLBACK]
        missing = [(k, text[k], roles[k]) for k, st in enumerate(status) if st == MISSING]
    cls = "".join(kinds)
    first = n - len(cls.lstrip(SPACE))
    if first >= n:
        return None
    track = style.tracking * style.size  # in every box's width; the rules read the glyphs' own advances
    adv = [w - track for w in widths] if track else widths
    head_rec = _record(cjk.paragraph_start(text, first, adv[first], jn) if wide[first] else (), text, first)
    rec = [ctx.plain] * n
    rec[first] = head_rec
    if first:
        rec[:first] = [NOTHING] * first
    bw = list(widths)
    special = [first]  # offsets whose record is not the plain one
    mq: list[int] = []  # offsets q of the pairs (previous character, q) that hold a mark with a blank,
    md: list[tuple] = []  # and what setter counts marks by (mark_pair)
    if text[first] in _MARK_CLASS:
        d = mark_pair("", text[first], 0.0, adv[first], head_rec, jn, ctx.blanks, track)
        if d is not None:
            mq.append(first)
            md.append(d)
    memo = pair_memo(ctx, style, metrics, bold)
    last = _fill(text, cls, space, wide, widths, adv, track, first, ctx, memo, rec, bw, special, mq, md)
    flagged, hyphens = hyphen_rows(text, cls, bold, style, metrics, language, jn.level, track, rec) \
        if style.hyphenate and NARROW in cls else ((), None)
    end_pw = cjk.paragraph_end(text, last, adv[last], jn) if wide[last] else 0.0
    indent_w = style.indent * style.size if indent and style.indent else 0.0
    R = _rows(text, wide, faces, bw, rec, special, ctx.plain, first, end_pw, indent_w, track)
    for k in flagged:
        R.hyphen_at[k] = True
    R.flagged_any = bool(flagged)
    R.hyphens = hyphens
    R.cls = cls
    R.mq, R.md = mq, md
    return R, fallbacks, missing


def _fill(text: str, cls: str, space, wide, widths, adv, track: float, first: int, ctx: Context, memo: dict | None,
          rec: list, bw: list, special: list, mq: list, md: list) -> int:
    """Fill in the junction records after `first` (rec, bw, special, mq, md: see read_rows); the offset
    of the paragraph's last character.

    Runs of plain ideographs share one record, and the letters and digits of one word touch:
    their junctions are filled by slice assignment; the loop visits only the others.
    `memo` is keyed by the characters (_pair_memo), or None: ctx.records by everything the rules read."""
    n = len(text)
    jn = ctx.jn
    bound = cjk.never_split(text)
    plain = ctx.plain
    by_pair = memo is not None
    if not by_pair:
        memo = ctx.records
    note = special.append
    prev = first
    k = first + 1
    spans = class_spans(cls, first, PLAIN, NARROW, 2)
    spans.append((n, n))
    for s, e in spans:
        stop = s + 1 if s < n else n
        while k < stop:
            if space[k]:
                j = k
                while j < n and space[j]:
                    j += 1
                rec[k:j] = [NOTHING] * (j - k)
                bw[k:j] = [0.0] * (j - k)
                special += range(k, j)
                if j < n:
                    got = _pair(space_junction(text, prev, k, j, wide, widths, adv, jn, bound), text, prev, j, adv,
                                ctx, track)
                    _note(got, j, rec, special, mq, md)
                    prev = j
                    k = j + 1
                else:
                    k = j
                continue
            if wide[prev] or wide[k]:
                if by_pair:
                    key = text[prev:k + 2] if text[k] in _RUN_CHARS else text[prev:k + 1]
                    if bound and k in bound:
                        key += "\x00"
                else:
                    key = (text[prev], text[k], wide[prev], wide[k], k in bound,
                           k + 1 < n and text[k + 1] == text[k], adv[prev], adv[k], track)
                got = memo.get(key)
                if got is None:
                    got = memo[key] = _pair(cjk.junction(text, prev, k, wide[prev], wide[k], bound, jn, advances=adv),
                                            text, prev, k, adv, ctx, track)
                if got[0] is not plain:
                    _note(got, k, rec, special, mq, md)
            else:
                rec[k] = NOTHING  # two letters or digits of one word: the boxes touch
                note(k)
            prev = k
            k += 1
        if e - s > 1:
            if cls[s] == NARROW:
                rec[s + 1:e] = [NOTHING] * (e - s - 1)
                special += range(s + 1, e)
            prev = e - 1
            k = e
    return prev


def _record(items, text: str, k: int) -> Junction:
    """The summed record of the items before character k. The rules make only forms a record holds
    (junctions.junction_record): anything else is a bug in them, said loudly, never text dropped."""
    r = junction_record(items)
    if r is None:
        raise ValueError(f"typeset bug: the rules joined {text[max(k - 1, 0):k + 1]!r} with items no row can "
                         f"hold: {list(items)}")
    return r


def _pair(items: list[Item], text: str, a: int, b: int, adv, ctx: Context, track: float) -> tuple:
    """(record, mark_pair) of the junction `items` between text[a] and text[b]."""
    r = _record(items, text, b)
    d = None
    if text[a] in _MARK_CLASS or text[b] in _MARK_CLASS:
        d = mark_pair(text[a], text[b], adv[a], adv[b], r, ctx.jn, ctx.blanks, track)
    return r, d


def _note(got: tuple, k: int, rec: list, special: list, mq: list, md: list) -> None:
    """Put the junction before character k, (record, mark_pair), in its place."""
    rec[k] = got[0]
    special.append(k)
    if got[1] is not None:
        mq.append(k)
        md.append(got[1])


_MARK_CLASS = cjk.MARK_CLASS
_RUN_CHARS = cjk.RUN_CHARS  # a junction before one of these reads the next character too (a run of two)
_OFFSETS = [-1, 1]  # row c reads its sums at c: one list for every paragraph, grown as needed (read only)


def _identity(n: int) -> list[int]:
    """_OFFSETS, long enough for rows 0..n (row 0, the paragraph's start, reads nothing)."""
    if len(_OFFSETS) <= n:
        _OFFSETS.extend(range(len(_OFFSETS), 2 * n + 2))
    return _OFFSETS


def _rows(text: str, wide, faces, bw: list[float], rec: list[Junction], special: list[int], plain: Junction,
          first: int, end_pw: float, indent_w: float, track: float) -> Rows:
    """The arrays of `Rows`: the plain record's values everywhere, then the few special offsets.

    With tracking every legal break gives back the trailing tracking of the line's last character
    (a penalty width of -track), so a tracked line's width is its ink."""
    n = len(text)
    R = Rows()
    R.text, R.faces, R.bw, R.rec, R.first, R.n, R.indent = text, faces, bw, rec, first, n, indent_w
    R.plain = plain
    pv, pw, pen, illegal = _junction_columns(R, rec, special, plain, n)
    illegal[first] = 1
    pw[n] = end_pw
    if track:
        for k in range(1, n + 1):
            if not illegal[k]:
                pw[k] = pw[k] - track
                pen[k] = True
    _all_sums(R, R.jw, bw, R.jy, R.jz, pw, first, indent_w)  # every sum in one backward loop
    R.I = _identity(n)
    R.nb = n
    pen[n] = True
    pv[n] = -INF
    R.pen_width, R.is_penalty, R.illegal, R.penalty_at = pw, pen, illegal, pv
    finish(text, wide, illegal, pv, pen, n)
    R.hyphen_at = [False] * (n + 1)
    R.forced = [n]
    R.pwmax = max(pw)  # (pw[0] is 0.0: at least 0)
    R.flagged_any = False
    # Faces follow the class (one wide, one narrow) unless a fallback or a change of weight says not.
    R.one_face, R.by_class = _face_classes(faces, wide)
    R.at = R.row_of = None
    hung = [k for k in special if rec[k].hang is not None]
    if hung:
        hang_rows(R, hung, track)
        R.I = _identity(R.nb)
    return R


def _junction_columns(R: Rows, rec: list[Junction], special: list[int], plain: Junction, n: int) -> tuple:
    """R's per-junction columns (jw, jy, jz, like0, like_y, like_z, negative, monotone, _neg) from the
    records; the breaks' (penalty_at, pen_width, is_penalty, illegal) columns, returned for read_rows to finish."""
    jw, jy, jz = [plain.w] * n, [plain.y] * n, [plain.z] * n
    pv, pw, pen = [0.0] * (n + 1), [0.0] * (n + 1), [False] * (n + 1)
    illegal = bytearray(n + 1)
    illegal[0] = 1
    negs = None
    monotone = True
    negative = False
    # 1 where a junction's glue sets as the plain one's at a ratio of 0, > 0, < 0 (setter: one gap)
    like0, like_y, like_z = bytearray(b"\x01") * n, bytearray(b"\x01") * n, bytearray(b"\x01") * n
    w0, y0, z0 = plain.w, plain.y, plain.z
    for k in special:
        w, y, z, legal, v, vw, is_pen, _, _, _, neg, _, is_plain, _, _ = rec[k]  # no attribute lookups
        if is_plain:
            continue
        jw[k] = w
        jy[k] = y
        jz[k] = z
        if w != w0:
            like0[k] = like_y[k] = like_z[k] = 0
        else:
            if y != y0:
                like_y[k] = 0
            if z != z0:
                like_z[k] = 0
        if not legal:
            illegal[k] = 1
        elif v or vw or is_pen:
            pv[k], pw[k], pen[k] = v, vw, is_pen
            if v < 0:
                negative = True
        if neg:
            if negs is None:
                negs = [0.0] * n
            negs[k] = neg
        if y < 0:
            monotone = False
    R.jw, R.jy, R.jz = jw, jy, jz
    R.like0, R.like_y, R.like_z = like0, like_y, like_z
    R.negative, R.monotone = negative, monotone
    if negs is not None:
        R._neg = list(accumulate(negs, initial=0.0))
        R._negpos = True
    else:
        R._neg = R._negpos = None
    return pv, pw, pen, illegal


def _face_classes(faces: list, wide: list) -> tuple[bool, bool]:
    """(one face throughout, faces follow the class: one for wide and one for narrow characters)."""
    n = len(faces)
    f0 = faces[0]
    one = True
    fw = fn = None
    wide_one = narrow_one = True
    for k in range(n):
        f = faces[k]
        if one and f != f0:
            one = False
        if wide[k]:
            if fw is None:
                fw = f
            elif wide_one and f != fw:
                wide_one = False
        elif fn is None:
            fn = f
        elif narrow_one and f != fn:
            narrow_one = False
    return one, one or (wide_one and narrow_one)


def _all_sums(R: Rows, jw: list[float], bw: list[float], jy: list[float], jz: list[float], pw: list[float],
              first: int, indent_w: float) -> None:
    """R's F_w (mw), F_y (stretch_at, my), F_z (shrink_at, mz), width_at and narrowest, in one loop from
    the end (see the module docstring), into arrays of doubles (compiled: no float per character).
    narrowest[c] is the least width_at - shrink_at of rows c.. (the narrowest any can make a line)."""
    n = len(jw)
    zeros = array("d", bytes(8 * (n + 1)))
    R.F_w, R.stretch_at, R.shrink_at = zeros, array("d", zeros), array("d", zeros)
    R.width_at, R.narrowest = array("d", zeros), array("d", zeros)
    R.F_y, R.F_z = R.stretch_at, R.shrink_at
    F_w, F_y, F_z, width_at, narrowest = R.F_w, R.F_y, R.F_z, R.width_at, R.narrowest  # (typed views, rows.pxd)
    R.mw = F_w  # (compiled: the same views, no new ones)
    R.my = F_y
    R.mz = F_z
    ninf = -inf
    tw = ty = tz = 0.0
    e = tw + pw[n]
    width_at[n] = e
    m = e - tz
    narrowest[n] = m
    k = n - 1
    while k >= 0:
        b = bw[k]  # (each read into a C double first, so the compiled arithmetic is the C double's)
        tw = tw - b
        w = jw[k]
        if k == first:
            w = w + indent_w  # the indent: a box before the first character, part of the first line
        tw = tw - w
        F_w[k] = tw
        y = jy[k]
        ty = ty - y
        F_y[k] = ty
        z = jz[k]
        tz = tz - z
        F_z[k] = tz
        v = pw[k]
        if k == 0:
            e = ninf
        elif v:
            e = tw + v
        else:
            e = tw
        width_at[k] = e
        x = e - tz
        if x < m:  # noqa: PLR1730 -- a compare of C doubles; min() would box both
            m = x
        narrowest[k] = m
        k -= 1


__all__ = ["Rows", "read_rows"]
