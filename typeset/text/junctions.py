"""The junction between two characters, summed: what rows.py reads instead of items.

The items cjk.py (or latin.py) puts between two characters are the same wherever the same two
characters meet in one style, so they are summed once (`junction_record`) and memoised, with what
counting a line's marks needs of the pair (`mark_pair`), in the `Context` every paragraph under
one junction setting shares (`context`): in effect the junction table of the setting, filled as
pairs first occur. Pure data, and pure functions of frozen items.
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from . import cjk
from .chars import junction_for
from .items import FIL, INF, Glue, Item, Penalty

_MARK_CLASS = cjk.MARK_CLASS


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
    hang: tuple | None = None  # (penalty, width) of a second break right after the first: hanging the mark


NOTHING = Junction(0.0, 0.0, 0.0, False, 0.0, 0.0, False, 0.0, 0.0, 0.0, 0.0, False, False, False)


def junction_record(items: Sequence[Item], plain: bool = False) -> Junction | None:
    """Sum a junction's items; None if they are not of the forms cjk.py and latin.py make between
    two characters: one breakpoint, the first item that can be one (and a second penalty right after
    it: the hanging break, an alternative for the same place, kept in `hang`), or none."""
    w = y = z = neg = 0.0
    brk = start = hang = None
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
                if w or y or z or hang is not None:
                    return None
                if brk is None:
                    brk = (it.penalty, it.width, True)
                elif brk[2]:
                    hang = (it.penalty, it.width)
                else:
                    return None
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
    return Junction(w, y, z, True, brk[0], brk[1], brk[2], sw, sy, sz, neg, spaced, plain, start is not None, hang)


class Context(NamedTuple):
    """What every paragraph under one junction setting shares: the setting and its memos."""

    jn: cjk.Junction
    plain: Junction  # the record between two plain ideographs
    records: dict  # per (style, metrics, weight): {pair of characters: (Junction, mark_pair)};
    # for several weights, the same by everything the rules read of the pair (rows._fill)
    blanks: dict  # cjk.blank by (character, advance, side)


@lru_cache(maxsize=64)
def context(language: str, size: float, level: str, punctuation: str | None, hanging: bool) -> Context:
    """The junction setting and memos for paragraphs of `language` at `size` (an unknown level or
    punctuation style raises ValueError), keyed by plain values: one cheap lookup a paragraph."""
    jn = junction_for(language, size, level, punctuation, hanging)
    return Context(jn, junction_record((cjk.plain_glue(jn),), plain=True), {}, {})


def mark_pair(a: str, b: str, wa: float, wb: float, j: Junction, jn: cjk.Junction, blanks: dict,
              track: float = 0.0) -> tuple | None:
    """What counting marks set short (setter._marks) reads of neighbours a, b (glyph advances wa, wb;
    a == "" before the first character) joined by `j`; None when neither has a blank to fall short.

    (A, stretch, shrink, both kept, lack): at ratio r their blanks fall short of what the style keeps
    by A - r * (stretch or shrink) (the tracking after a counts as blank), and a line starting at b
    loses a blank when lack + the glue set before b < 0.
    """
    em = jn.em
    tol = 1e-6 * max(em, 1.0)
    lb = mark_blank(b, wb, cjk.LEFT, jn, blanks) if b in _MARK_CLASS else cjk.NO_BLANK
    ra = mark_blank(a, wa, cjk.RIGHT, jn, blanks) if a and a in _MARK_CLASS else cjk.NO_BLANK
    if not (ra.kept or lb.kept or ra.builtin or lb.builtin):
        return None  # nothing can fall short
    return ((ra.kept + lb.kept - ra.builtin - lb.builtin) * em - j.w - track, j.y, j.z, bool(ra.kept and lb.kept),
            (lb.builtin - lb.kept) * em + tol)


def mark_blank(ch: str, advance: float, side: str, jn: cjk.Junction, memo: dict) -> cjk.Blank:
    """cjk.blank, memoised by (character, advance, side) for one junction setting."""
    key = (ch, advance, side)
    got = memo.get(key)
    if got is None:
        got = memo[key] = cjk.blank(ch, advance, side, jn)
    return got


def pair_memo(ctx: Context, style, metrics, bold) -> dict | None:
    """The junction memo keyed by the two characters (with the never-split flag, and the next one after
    a dash or ellipsis), for text of one weight, where they decide widths and classes; None for
    several weights or a Metrics that cannot be hashed (then the key is all the rules read)."""
    if bold is not True and bold is not False:
        return None
    try:
        return ctx.records.setdefault((style, metrics, bold), {})
    except TypeError:
        return None


__all__ = ["NOTHING", "Context", "Junction", "context", "junction_record", "mark_pair", "pair_memo"]
