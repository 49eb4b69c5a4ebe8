"""A paragraph's items read once into per-breakpoint rows of sums, for the total-fit breaker.

Contract: `_Para(items)` turns a paragraph's items (ending with a forced
break) into the rows the dynamic programme and the best-fit bound read:
one row per legal breakpoint, numbered 0 (the paragraph's start) to nb,
holding the sums that make a line's width, stretch and shrink cost O(1),
plus LOW (the narrowest any later break can make a line, for bisection),
the forced breaks and a few paragraph-wide flags. nb == 0 means there is no
box to set. Legal breaks are TeX's (see knuthplass.py); nothing here knows
about measures, passes or demerits.
"""
# ruff: noqa: PLR1730 -- in the hot loop `if x < m: m = x` is several times faster than min()
from __future__ import annotations

from collections.abc import Sequence
from math import inf
from operator import itemgetter

from .items import INF, Box, Glue, Item
from .kp_params import FIL


class _Para:
    """The paragraph read once: one row per legal breakpoint, R[c] = (i, EW, EY, EZ, EF, PV, FL, LOW, EWP, ST).

    Breakpoints are the legal breaks up to the paragraph's end (the first
    forced break after the last box), numbered 1..nb in item order; number 0
    is the paragraph's start. For break c (item i): EW, EY, EZ, EF are the
    width (plus the break's penalty width), stretch, shrink and infinite-glue
    count of everything before it, PV and FL its penalty and flag, EWP the
    width of its positive-width items only; ST = (w, y, z, f, wp, k) holds the
    same sums before the first Box after it, where the next line starts, and
    k, the number of breaks after that Box (so the first break a line from c
    may end at is nb + 1 - k). LOW[c] (also a list of its own, for bisection)
    is the least EW - EZ of breaks c..nb: the narrowest any of them can make
    a line.

    The items are read backwards: the Box after a break is then already
    known, and LOW is a running minimum. The sums are therefore suffix sums,
    negated: differences are the same as with prefix sums. Rows, not
    columns: transposing costs more than the programme's few lookups.
    """

    __slots__ = ("LOW", "R", "flagged_any", "forced", "monotone", "nb", "negative", "pwmax")

    def __init__(self, items: Sequence[Item]):
        # The hot loop of the whole breaker: every item of every paragraph passes here once.
        rows: list[tuple] = []  # per break, last first: (i, ew, ey, ez, ef, pv, fl, low, ewp, st)
        forced_back: list[int] = []  # positions in `rows` of forced breaks
        w = y = z = wp = 0.0
        f = nrows = 0
        low = pwmax = 0.0
        st: tuple | None = None  # (w, y, z, f, wp, k) at the nearest Box after the current item
        end: tuple | None = None  # the nearest forced break seen while no box was
        flagged_any = negative = negstretch = False
        glue_row = False  # the last row is a glue's, legal only if the item before the glue is a Box
        low_before = 0.0
        for i in range(len(items) - 1, -1, -1):
            it = items[i]
            t = type(it)
            if t is Box:
                glue_row = False
                if st is None:
                    if end is None:
                        break  # cannot happen: items end with a forced break
                    low = end[1] - end[3]
                    rows.append(end[:7] + (low, end[7], (0.0, 0.0, 0.0, 0, 0.0, 0)))  # nothing after it
                    forced_back.append(0)
                    nrows = 1
                    pwmax = max(end[8], 0.0)
                bw = it.width
                w -= bw
                if bw > 0:
                    wp -= bw
                st = (w, y, z, f, wp, nrows)
                continue
            if glue_row:  # the glue just recorded follows no box: not a legal break after all
                rows.pop()
                nrows -= 1
                low = low_before
                glue_row = False
            if t is Glue:
                s = it.stretch
                if s >= FIL:
                    f -= 1
                else:
                    y -= s
                    if s < 0:
                        negstretch = True
                gw = it.width
                w -= gw
                if gw > 0:
                    wp -= gw
                z -= it.shrink
                if st is not None:
                    low_before = low
                    x = w - z
                    if x < low:
                        low = x
                    rows.append((i, w, y, z, f, 0.0, False, low, wp, st))
                    nrows += 1
                    glue_row = True
            else:
                pv = it.penalty
                if pv < INF:
                    pw = it.width
                    if st is None:
                        if pv <= -INF:
                            end = (i, w + pw, y, z, f, pv, it.flagged, wp, pw)
                        continue
                    x = w + pw - z
                    if x < low:
                        low = x
                    if pw > pwmax:
                        pwmax = pw
                    fl = it.flagged
                    rows.append((i, w + pw, y, z, f, pv, fl, low, wp, st))
                    nrows += 1
                    if pv <= -INF:
                        forced_back.append(nrows - 1)
                    elif pv < 0:
                        negative = True
                    if fl:
                        flagged_any = True
        if st is None:
            self.nb = 0  # no box at all
            return
        if len(rows) > st[5]:  # breaks before the first box end no line: drop them
            del rows[st[5]:]
            forced_back = [q for q in forced_back if q < st[5]]
        m = len(rows)
        rows.append((-1, -inf, 0.0, 0.0, -inf, 0.0, False, low, -inf, st))  # the paragraph's start
        rows.reverse()
        self.R = rows
        self.LOW = list(map(itemgetter(7), rows))
        self.nb = m
        self.forced = [m - q for q in reversed(forced_back)]
        self.flagged_any = flagged_any
        self.negative = negative
        self.monotone = not negstretch  # EWP and EY never decrease: the window's lower bound holds
        self.pwmax = pwmax

