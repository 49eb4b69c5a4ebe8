"""A paragraph's items read once into sums, for the total-fit breaker.

Contract: `ItemRows(items, cols=None)` turns a paragraph's items (ending with
a forced break; `cols` is items.Columns(items) if the caller has it) into
what the dynamic programme and the best-fit bound read: the legal
breakpoints, numbered 0 (the paragraph's start) to nb, suffix sums that
make a line's width, stretch and shrink cost O(1), narrowest (the narrowest any
later break can make a line, for bisection), the forced breaks and a few
paragraph-wide flags. nb == 0 means there is no box to set. Legal breaks
are TeX's (see knuthplass.py); nothing here knows about measures, passes or
demerits.

Speed: this is the one part of the breaker that touches every item of
every paragraph, so nothing here loops over items in Python. The items'
columns come from one transposition (items.Columns); the sums are
itertools.accumulate over them; the legal breaks are found on the kinds
byte string (a glue is legal after a box: b"BG"); only the penalties among
the breakpoints (a few per line) are visited one by one. The dynamic
programme then reads the few candidates each node has.
"""
from __future__ import annotations

import re
from array import array
from bisect import bisect_left
from collections.abc import Sequence
from itertools import accumulate, compress, repeat
from math import inf
from operator import gt, sub

from typeset.text.items import Item

from .items import BOX, FILL, FORCED, Columns

_BOX = bytes([BOX])
_FORCED = bytes([FORCED])
# b"BG" -> b"Bg": glue directly after a box is a legal break (and so are b"BS", b"BI").
_GLUE_AFTER_BOX = ((b"BG", b"Bg"), (b"BS", b"Bs"), (b"BI", b"Bi"))
# 1 where a (marked) kind is a legal break: such glue, or a penalty below INF (forced ones too).
_LEGAL = bytes(1 if chr(c) in "gsiPF" else 0 for c in range(256))
_PENALTIES = re.compile(rb"[PF]")
_FILLS = re.compile(bytes([FILL]))


class ItemRows:
    """The paragraph read once.

    Breakpoint rows c = 0..nb: row 0 is the paragraph's start, rows 1..nb
    the legal breaks between the first and the last box, in item order,
    then the paragraph's end (the first forced break after the last box).
    Per row: I (item index; -1 for the start), width_at (width up to the break,
    plus the break's penalty width), shrink_at (shrink up to it), penalty_at and hyphen_at (its
    penalty and flag; 0.0 and False for glue), pen_width (its penalty width) and
    narrowest (the least width_at - shrink_at of rows c..nb: the narrowest any of them can make
    a line). Per item i: SW, stretch_at, SZ (width, finite stretch and shrink of
    items i.. to the end, negated: they are suffix sums read backwards, as
    the breaker always summed them, so differences are exactly what they
    were). A line from the box s to row c has natural width width_at[c] - SW[s],
    stretch stretch_at[I[c]] - stretch_at[s] and shrink shrink_at[c] - SZ[s].

    `start(j)` gives what a line after row j needs: its first box and that
    box's sums, the first row it may end at, and the first row whose line
    would hold infinite glue.
    """

    illegal = None  # every row is a legal break (rows.Rows marks those that are not)

    __slots__ = ("width_at", "shrink_at", "hyphen_at", "I", "narrowest", "penalty_at", "pen_width", "SW", "stretch_at", "SZ", "_fills", "_kinds", "_negcum",
                 "_negpos", "_starts", "flagged_any", "forced", "monotone", "nb", "negative", "pwmax")

    def __init__(self, items: Sequence[Item], cols: Columns | None = None):
        cols = cols if cols is not None else Columns(items)
        kinds = self._kinds = cols.kinds
        n = len(kinds)
        first, last = kinds.find(_BOX), kinds.rfind(_BOX)
        end = kinds.find(_FORCED, last) if first >= 0 else -1
        if end < 0:
            self.nb = 0  # no box at all (or no forced break after the last: not a paragraph)
            return
        marked = kinds[first:last]
        for a, b in _GLUE_AFTER_BOX:
            marked = marked.replace(a, b)
        I = [-1]  # noqa: E741 -- the rows' item indices, I as in the docstring
        I += compress(range(first, last), marked.translate(_LEGAL))
        I.append(end)
        nb = self.nb = len(I) - 1
        self.I = I

        W, Y, Z = cols.width, cols.stretch, cols.shrink
        SW = list(accumulate(reversed(W), sub, initial=0.0))
        SW.reverse()
        stretch_at = list(accumulate(reversed(Y), sub, initial=0.0))
        stretch_at.reverse()
        SZ = list(accumulate(reversed(Z), sub, initial=0.0))
        SZ.reverse()
        self.SW, self.stretch_at, self.SZ = SW, stretch_at, SZ
        width_at = list(map(SW.__getitem__, I))
        shrink_at = list(map(SZ.__getitem__, I))
        width_at[0] = -inf

        penalty_at = [0.0] * (nb + 1)
        hyphen_at = [False] * (nb + 1)
        pen_width = [0.0] * (nb + 1)
        forced = []
        pwmax = 0.0
        negative = flagged_any = False
        for m in _PENALTIES.finditer(kinds, first + 1, last):
            i = m.start()
            c = bisect_left(I, i)  # a penalty below INF is always a row
            it = items[i]
            penalty_at[c] = pv = it.penalty
            pen_width[c] = pw = it.width
            hyphen_at[c] = fl = it.flagged
            width_at[c] += pw
            if pw > pwmax:
                pwmax = pw
            if kinds[i] == FORCED:
                forced.append(c)
            elif pv < 0:
                negative = True
            if fl:
                flagged_any = True
        it = items[end]
        penalty_at[nb], pen_width[nb], hyphen_at[nb] = it.penalty, it.width, it.flagged
        width_at[nb] += it.width
        if it.width > pwmax:
            pwmax = it.width
        forced.append(nb)
        X = list(map(sub, width_at, shrink_at))
        narrowest = list(accumulate(reversed(X), min))
        narrowest.reverse()
        # arrays of doubles: the breaker reads them as typed views when compiled (kp_dp.pxd)
        width_at, shrink_at, narrowest, self.stretch_at = array("d", width_at), array("d", shrink_at), array("d", narrowest), array("d", stretch_at)
        self.width_at, self.shrink_at, self.penalty_at, self.hyphen_at, self.pen_width, self.narrowest = width_at, shrink_at, penalty_at, hyphen_at, pen_width, narrowest
        self.forced = forced
        self.flagged_any = flagged_any
        self.negative = negative
        self.monotone = not Y or min(Y) >= 0  # stretch never decreases along a line: the scan's stop bound holds
        self.pwmax = pwmax
        self._fills = [m.start() for m in _FILLS.finditer(kinds)]  # usually one: the finishing glue
        if W and min(W) < 0:  # negative widths (a half-width mark's glue): the stop bound allows for them
            self._negpos = list(compress(range(n), map(gt, repeat(0.0), W)))
            self._negcum = list(accumulate((-W[i] for i in self._negpos), initial=0.0))
        else:
            self._negpos = self._negcum = None
        self._starts: list = [None] * (nb + 1)

    def start(self, j: int) -> tuple:
        """(s, SW[s], stretch_at[s], SZ[s], c0, cfil) for a line after row j, memoised.

        s is the line's first box; c0 the first row after it (rows up to and
        including the next forced break are its candidates); cfil the first
        row whose line from s holds infinite glue (nb + 1: none does).
        """
        got = self._starts[j]
        if got is None:
            s = self._kinds.find(_BOX, self.I[j] + 1)
            c0 = bisect_left(self.I, s)
            cfil = self.nb + 1
            fills = self._fills
            if fills:
                k = bisect_left(fills, s)
                if k < len(fills):
                    cfil = bisect_left(self.I, fills[k] + 1)
            got = self._starts[j] = (s, self.SW[s], self.stretch_at[s], self.SZ[s], c0, cfil)
        return got

    def negative_width(self, s: int, c: int) -> float:
        """The total of the negative widths from item s up to row c's break, as a positive number."""
        pos = self._negpos
        if pos is None:
            return 0.0
        cum = self._negcum
        return cum[bisect_left(pos, self.I[c])] - cum[bisect_left(pos, s)]
