"""Total-fit line breaking (Knuth & Plass 1981) over legal breaks: the fewest demerits.

Contract: `total_fit(items, width_of_line, params)` returns a `Breaking` --
the item indices where lines end (the last is the paragraph's final forced
break), their total demerits and the pass that found them -- or None when no
sequence of legal breaks fits the measures at all (linebreak.py then cuts
where it must). It knows nothing about scripts or fonts: item generators say
everything with boxes, glue and penalties (a forbidden break is a penalty >=
INF; a 孤字 or a short last word is a finite penalty on the breaks that would
leave one). `width_of_line` is the measure of line n (0-based), or one
number for all lines.

Legal breaks are TeX's: a Glue right after a Box, or a Penalty below INF (a
Penalty at or below -INF must be taken). A line runs from the first Box
after the previous break to the break; its natural width, stretch and shrink
are the sums over the items in between (a taken Penalty adds its width: a
hyphen, or a negative width that trims a line-end mark). Glue whose stretch
is at least FIL is "infinite": a line that holds it is never underfull.

Per line, with adjustment ratio r (stretch or shrink used / available):
badness b = 100 |r|^3, capped at INF_BAD (10000) as in TeX; a line that
would have to shrink by more than its shrink (r < -1) is infeasible.
Demerits = (line_penalty + b)^2 + penalty^2 (minus penalty^2 for a negative
penalty), plus `double_hyphen_demerits` for two flagged (hyphenated) breaks
in a row, `final_hyphen_demerits` when the last full line before a forced
break is flagged, and `adj_demerits` when the fitness classes (very loose
r > 1, loose r > 0.5, decent, tight r < -0.5) of adjacent lines are more
than one apart. More than `max_consecutive_hyphens` flagged lines in a row
are never chosen.

Passes, as TeX's: (1) `pretolerance`, flagged breaks not tried (they are
hyphens: a paragraph that sets well without them keeps whole words);
(2) `tolerance`, all legal breaks; (3) if `emergency_stretch` > 0, the same
with that much more stretch on every line (for the badness only); (4) any
badness, badness uncapped up to AWFUL_BAD, so a line stretched 6x loses to
one stretched 5x. The first pass that finds a breaking wins (with
`looseness` != 0, the first that meets it, else the last), with one
departure from TeX: when the first pass's best breaking pays a large
penalty (at least what one line beyond pretolerance costs: a 孤字, a short
last word), the second pass runs too and the cheaper wins, so such a last
line is avoided whenever a second-pass breaking can.

Speed (the breaker sets every body paragraph, so it is profiled; see
`_Para` and the comment before `_greedy`): the items are read once,
backwards, into per-breakpoint rows of prefix sums, so a line's width,
stretch and shrink cost O(1). The dynamic programme runs forward over
reached breakpoints only; each finds its candidate line ends by a bisection
on the suffix minimum of the narrowest each break can make a line, and
scans down until a monotone bound says every earlier end is too short to be
stretched to the measure: usually one or two candidates per node. A
best-fit breaking's demerits bound the later passes (branch and bound): a
partial path dearer than a known breaking is dropped. One measure for all
lines is tried first, then checked against `width_of_line` for every line
number actually measured, so a paragraph costs one call per line, not one
per breakpoint.
"""
# ruff: noqa: PLR1730, FURB136 -- in the hot loops `if x < m: m = x` is several times faster than min()
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from math import inf
from operator import itemgetter

from .items import INF, Box, Glue, Item, Penalty

FIL = 1e9  # stretch of the finishing glue: "infinite" next to any real glue
EPS = 1e-6  # points; widths are sums of floats
INF_BAD = 10000.0  # TeX's inf_bad: the badness of an unstretchable line, and the cap
AWFUL_BAD = 1e6  # the cap in the any-badness pass (r about 21)
SLACK = 1e-3  # points the window bound may err by, towards looking at one more candidate

VERY_LOOSE, LOOSE, DECENT, TIGHT = 0, 1, 2, 3  # TeX's fitness classes

Measure = float | Callable[[int], float]  # a line's measure from its 0-based number, or one for all


@dataclass(frozen=True, slots=True)
class BreakParams:
    """TeX-like knobs of the total-fit breaker. Badness limits are TeX's (100 |r|^3).

    The defaults serve Chinese and English alike; the script rules say the
    rest with their glue and penalties. Chinese lines have little stretch
    (1/16 em per gap, cjk.py), so pushing one character down (后推出)
    stretches ~10 gaps by an em: r ~ 1.6-1.8 (badness 400-600) in an 11-em
    column, ~2.3 (1200) on an indented first line. `tolerance` 2000 (r up to
    2.7) admits that, so a normal column never needs a later pass for it,
    while 10-character lines with a 孤字 left over stay out. `pretolerance`
    100 keeps TeX's quick first pass: a paragraph that sets with ratios in
    [-1, 1] and no hyphens is done there (a pure Chinese line sets solid,
    badness 0); about two paragraphs in three of the Chinese sample are. An
    English column of 25-30 characters has three or four word spaces a line
    and often needs more than any tolerance allows: such a paragraph goes to
    the any-badness pass, whose uncapped badness spreads the looseness the
    way TeX's emergency stretch does, so `emergency_stretch` is off. The
    demerits are plain TeX's: linepenalty 10, adjdemerits 10000,
    doublehyphendemerits 10000, finalhyphendemerits 5000.
    """

    pretolerance: float = 100.0  # first pass: max badness, hyphens (flagged breaks) not tried; < 0 skips it
    tolerance: float = 2000.0  # second pass: max badness; >= 10000 admits lines with no stretch
    line_penalty: float = 10.0  # added to each line's badness before squaring: fewer lines
    double_hyphen_demerits: float = 10000.0  # two flagged (hyphenated) lines in a row
    final_hyphen_demerits: float = 5000.0  # the last full line (before a forced break) flagged
    adj_demerits: float = 10000.0  # adjacent lines' fitness classes more than one apart
    looseness: int = 0  # ask for this many more (> 0) or fewer (< 0) lines than optimal, when feasible
    max_consecutive_hyphens: int = 2  # hard limit on flagged lines in a row; 0 (or > 14) = no limit
    emergency_stretch: float = 0.0  # points of extra stretch per line for a third pass (0 = no such pass)

    def __post_init__(self) -> None:
        if self.max_consecutive_hyphens < 0:
            raise ValueError("max_consecutive_hyphens must be >= 0 (0 means no limit)")
        if self.emergency_stretch < 0:
            raise ValueError("emergency_stretch must be >= 0")


DEFAULT = BreakParams()


@dataclass(frozen=True, slots=True)
class Breaking:
    """The result of `total_fit`: where lines end, what they cost, which pass found them."""

    breaks: tuple[int, ...]
    demerits: float  # in the found pass's terms
    passname: str  # "pretolerance", "tolerance", "emergency_stretch", "any_badness" or "emergency"

    @property
    def emergency(self) -> bool:
        """True when some line ends at a forbidden place or is wider than its measure."""
        return self.passname == "emergency"


def total_fit(items: Sequence[Item], width_of_line: Measure,
              params: BreakParams | None = None) -> Breaking | None:
    """The fewest-demerits breaking by the passes above, None if no legal breaking fits at all."""
    p = params or DEFAULT
    if not items:
        return Breaking((), 0.0, "pretolerance")
    last = items[-1]
    if not (isinstance(last, Penalty) and last.penalty <= -INF):
        raise ValueError("items must end with a forced break, Penalty(0, -INF)")
    para = _Para(items)
    if para.nb == 0:
        return Breaking((), 0.0, "pretolerance")  # no box: nothing to set
    if callable(width_of_line) and not p.looseness:
        # Most paragraphs have one measure: try that, noting the highest line number any
        # line was measured for, then check those lines really have it (a call per line,
        # not one per breakpoint, which is what a paragraph may have at most).
        w0 = width_of_line(0)
        if width_of_line(1) == w0:  # (else the measure surely varies: straight to the full list)
            seen = [1]
            got = _passes_run(para, [w0], 0, p, seen)
            if all(width_of_line(n) == w0 for n in range(2, seen[0] + 1)):
                return got
    widths, easy = _widths(width_of_line, para.nb)
    return _passes_run(para, widths, easy, p, [0])


def _passes_run(para: _Para, widths: list[float], easy: int, p: BreakParams, seen: list[int]) -> Breaking | None:
    exact = p.looseness != 0
    found: Breaking | None = None
    deferred = False
    for name, threshold, flagged, extra, capped in _passes(p):
        spec = _Pass(para, p, threshold, flagged, extra, capped)
        ub = inf
        if deferred and found is not None:
            ub = found.demerits
        elif name != "pretolerance":  # the first pass is narrow enough without a bound
            ub = _bound(para, widths, easy, exact, spec, seen)
        got = _dp(para, widths, easy, exact, spec, ub, seen)
        if got is None:
            continue
        demerits, bps, lines, best_lines = got
        if deferred and found is not None and found.demerits <= demerits:
            return found  # the later pass, run for a penalty, found nothing better
        found = Breaking(tuple(para.R[c][0] for c in bps), demerits, name)
        if exact and lines - best_lines != p.looseness:
            continue
        if name == "pretolerance" and _paid(para, bps) >= (p.line_penalty + p.pretolerance) ** 2:
            # A costly penalty (a 孤字 or a short last word) that the first pass could not avoid
            # may be avoidable by a line only the second pass allows: let it try, keep the cheaper.
            deferred = True
            continue
        return found
    return found  # looseness not fully met in any pass: the last pass's choice (None: nothing fits)


def fit_pass(items: Sequence[Item], width_of_line: Measure, params: BreakParams | None,
             passname: str) -> Breaking | None:
    """Run one pass alone ("pretolerance", "tolerance", "emergency_stretch" or "any_badness"):
    its optimum, None if it has no feasible breaking. For tests and diagnostics."""
    p = params or DEFAULT
    para = _Para(items)
    if para.nb == 0:
        return Breaking((), 0.0, passname)
    widths, easy = _widths(width_of_line, para.nb)
    exact = p.looseness != 0
    for name, threshold, flagged, extra, capped in _passes(p):
        if name == passname:
            spec = _Pass(para, p, threshold, flagged, extra, capped)
            seen = [0]
            got = _dp(para, widths, easy, exact, spec, _bound(para, widths, easy, exact, spec, seen), seen)
            if got is None:
                return None
            return Breaking(tuple(para.R[c][0] for c in got[1]), got[0], name)
    raise ValueError(f"no pass {passname!r} with these parameters")


def _passes(p: BreakParams) -> list[tuple[str, float, bool, float, bool]]:
    """TeX's passes: name, max badness, flagged breaks tried, extra stretch, badness capped."""
    passes = []
    if p.pretolerance >= 0:
        passes.append(("pretolerance", p.pretolerance, False, 0.0, True))
    passes.append(("tolerance", p.tolerance, True, 0.0, True))
    if p.emergency_stretch > 0:
        passes.append(("emergency_stretch", p.tolerance, True, p.emergency_stretch, True))
    passes.append(("any_badness", inf, True, 0.0, False))
    return passes


def _paid(P: _Para, bps: list[int]) -> float:
    """Demerits the chosen breaks pay for positive penalties."""
    return sum(P.R[c][5] ** 2 for c in bps if P.R[c][5] > 0)


def _widths(width_of_line: Measure, nb: int) -> tuple[list[float], int]:
    """Line widths for every line a breaking can have, and `easy`: from that line on all are equal.

    A paragraph has at most as many lines as breakpoints. Nodes whose next
    line is `easy` or later need not be told apart by line number (TeX's
    `easy_line`), which keeps one node per breakpoint and fitness class.
    """
    if not callable(width_of_line):
        return [float(width_of_line)], 0
    ws = list(map(width_of_line, range(nb + 1)))
    easy = nb
    last = ws[-1]
    while easy > 0 and ws[easy - 1] == last:
        easy -= 1
    return ws, easy


def _bound(P: _Para, widths: list[float], easy: int, exact: bool, spec: _Pass, seen: list[int]) -> float:
    """An upper bound on the pass's optimum for branch and bound, inf when none is sound."""
    p = spec.p
    if exact or P.negative or min(p.adj_demerits, p.double_hyphen_demerits, p.final_hyphen_demerits) < 0:
        return inf  # looseness wants non-optimal paths; negative demerits break monotonicity
    return _greedy(P, widths, easy, spec, seen)


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


class _Pass:
    """One pass's constants, shared by the best-fit bound and the dynamic programme."""

    __slots__ = ("cap", "capped", "extra", "flagged", "maxh", "p", "rigid", "rmax", "stop", "threshold")

    def __init__(self, P: _Para, p: BreakParams, threshold: float, flagged: bool, extra: float, capped: bool):
        self.p, self.threshold, self.extra, self.capped = p, threshold, extra, capped
        self.flagged = flagged or not P.flagged_any  # may this pass end a line at a flagged break?
        bounded = capped and threshold < INF_BAD
        # a ratio limit with a hair of tolerance, so a line at exactly the limit stays feasible
        self.rmax = (max(threshold, 0.0) / 100.0) ** (1.0 / 3.0) * (1 + 1e-9) + 1e-12 if bounded else inf
        self.cap = INF_BAD if capped else AWFUL_BAD
        self.rigid = not bounded  # may a line with no stretch at all be underfull?
        self.stop = bounded and P.monotone  # may the scan stop at the first end too short to stretch?
        h = p.max_consecutive_hyphens
        self.maxh = h if 0 < h < 15 else 1 << 30  # the count saturates at 15: more means no limit


# --- the dynamic programme ---------------------------------------------------------------------------
#
# _greedy, _dp and _dp_simple share one candidate loop, written out in each: it is the inner loop of
# the breaker and a function call per candidate would double its cost. Per node j (a break, with the
# next line's start sums sw..): the candidates are the breaks c0..hi-1, where hi is found by bisection
# on LOW (no later break can be shrunk to fit); the scan goes down from hi-1 and stops at the first
# break too short to stretch to the measure once the monotone bound EWP + rmax * EY says no earlier
# break can be long enough either.


def _greedy(P: _Para, widths: list[float], easy: int, spec: _Pass, seen: list[int]) -> float:
    """Demerits of a best-fit breaking in this pass (each line the cheapest that fits, given the
    line before), inf if it gets stuck: an upper bound on the pass's optimum. seen[0] is raised
    to the highest line number measured."""
    nb = P.nb
    R, LOW = P.R, P.LOW
    forced = P.forced
    p = spec.p
    lp, adj, dbl, fin, maxh = p.line_penalty, p.adj_demerits, p.double_hyphen_demerits, p.final_hyphen_demerits, spec.maxh
    rmax, cap, rigid, capped, extra, stop = spec.rmax, spec.cap, spec.rigid, spec.capped, spec.extra, spec.stop
    flagged_ok = spec.flagged
    pwmax = P.pwmax
    m1 = nb + 1
    j = line = cnt = 0
    fs = DECENT
    total = 0.0
    while j != nb:
        if line > seen[0]:
            seen[0] = line
        sw, sy, sz, sf, swp, k = R[j][9]
        c0 = m1 - k
        nf = forced[bisect_left(forced, j + 1)]
        if c0 > nf:
            return inf
        L = widths[line if line < easy else easy]
        Lp, Lm = L + EPS, L - EPS
        t2 = Lm - SLACK - pwmax + swp + rmax * (sy - extra) if stop else 0.0
        c = bisect_right(LOW, sw - sz + Lp, c0, nf + 1) - 1
        best = inf
        bc = bfc = -1
        while c >= c0:
            _, ew, ey, ez, ef, pv, flg, _, ewp, _ = R[c]
            if flg and (not flagged_ok or cnt >= maxh):
                c -= 1
                continue
            nat = ew - sw
            if nat > Lp:
                sh = ez - sz
                if nat - sh > Lp:
                    c -= 1
                    continue
                r = (L - nat) / sh
                dl = lp - 100.0 * r * r * r
                fc = TIGHT if r < -0.5 else DECENT
            elif nat < Lm and ef <= sf:
                st = ey - sy + extra
                if st > 0 and (L - nat) / st <= rmax:
                    r = (L - nat) / st
                    bad = 100.0 * r * r * r
                    dl = lp + (bad if bad < cap else cap)
                    fc = VERY_LOOSE if r > 1.0 else LOOSE if r > 0.5 else DECENT
                elif st <= 0 and rigid:
                    dl = lp + cap
                    fc = VERY_LOOSE
                else:
                    if stop and ewp + rmax * ey < t2:
                        break
                    c -= 1
                    continue
            else:
                dl = lp
                fc = DECENT
            d = 1e8 if (capped and dl >= 10000.0) else dl * dl
            if pv > 0:
                d += pv * pv
            elif -INF < pv < 0:
                d -= pv * pv
            if fs - fc > 1 or fc - fs > 1:
                d += adj
            if cnt:
                if flg:
                    d += dbl
                elif pv <= -INF:
                    d += fin
            if d < best:  # the scan runs down: on a tie the longer line stays
                best, bc, bfc = d, c, fc
            c -= 1
        if bc < 0:
            return inf
        total += best
        cnt = cnt + 1 if R[bc][6] else 0
        j, fs = bc, bfc
        line += 1
    return total


def _dp(P: _Para, widths: list[float], easy: int, exact: bool, spec: _Pass, ub: float, seen: list[int]):
    """One pass of the forward dynamic programme; None if the end is unreachable.

    State at a breakpoint: (line class, fitness class of the line ending
    there, flagged lines in a row), packed in an int key = lc << 6 | fc << 4 | cnt.
    The line class is the number of lines so far, merged from `easy` on unless
    `exact` (looseness needs true line counts). A partial path dearer than
    `ub` (a known breaking's demerits) is dropped: demerits never decrease.
    Per reached break, one dict {key: (demerits, previous break, previous key)}.
    ML[c] is the most lines any path considered so far has before break c:
    seen[0] is raised to the highest line number measured (see total_fit).
    Returns (demerits, breakpoint numbers, number of lines, lines of the optimum).
    """
    if not exact and easy == 0 and not (spec.flagged and P.flagged_any):
        return _dp_simple(P, widths[0], spec, ub, seen)
    nb = P.nb
    R, LOW = P.R, P.LOW
    p = spec.p
    lp, adj, dbl, fin, maxh = p.line_penalty, p.adj_demerits, p.double_hyphen_demerits, p.final_hyphen_demerits, spec.maxh
    flagged_ok = spec.flagged
    rmax, cap, rigid, capped, extra, stop = spec.rmax, spec.cap, spec.rigid, spec.capped, spec.extra, spec.stop
    ub = ub * (1 + 1e-9) + 1e-6 if ub < inf else inf
    forced = P.forced
    pwmax = P.pwmax
    m1 = nb + 1

    D: list = [None] * (nb + 1)
    D[0] = {DECENT << 4: (0.0, -1, 0)}
    ML = [0] * (nb + 1)
    reached = bytearray(nb + 1)
    find = reached.find
    j = 0
    while True:
        dj = D[j]
        sw, sy, sz, sf, swp, k = R[j][9]
        c0 = m1 - k
        nf = forced[bisect_left(forced, j + 1)]
        if c0 <= nf:  # else a forced break lies in this break's discarded material: a dead end
            base = sw - sz
            ml = ML[j] + 1
            for lc, group in _groups(dj, adj):
                L = widths[lc if lc < easy else easy]
                Lp = L + EPS
                Lm = L - EPS
                t2 = Lm - SLACK - pwmax + swp + rmax * (sy - extra) if stop else 0.0
                nlc = lc + 1 if (exact or lc < easy) else lc
                c = bisect_right(LOW, base + Lp, c0, nf + 1) - 1
                while c >= c0:
                    _, ew, ey, ez, ef, pv, flg, _, ewp, _ = R[c]
                    if flg and not flagged_ok:
                        c -= 1
                        continue
                    nat = ew - sw
                    if nat > Lp:
                        sh = ez - sz
                        if nat - sh > Lp:
                            c -= 1
                            continue
                        r = (L - nat) / sh
                        dl = lp - 100.0 * r * r * r
                        fc = TIGHT if r < -0.5 else DECENT
                    elif nat < Lm and ef <= sf:
                        st = ey - sy + extra
                        if st > 0 and (L - nat) / st <= rmax:
                            r = (L - nat) / st
                            bad = 100.0 * r * r * r
                            dl = lp + (bad if bad < cap else cap)
                            fc = VERY_LOOSE if r > 1.0 else LOOSE if r > 0.5 else DECENT
                        elif st <= 0 and rigid:
                            dl = lp + cap
                            fc = VERY_LOOSE
                        else:
                            if stop and ewp + rmax * ey < t2:
                                break
                            c -= 1
                            continue
                    else:
                        dl = lp
                        fc = DECENT
                    dl = 1e8 if (capped and dl >= 10000.0) else dl * dl
                    if pv:
                        if pv > 0:
                            dl += pv * pv
                        elif pv > -INF:
                            dl -= pv * pv
                    nbase = nlc << 6 | fc << 4
                    for fs, cnt, dv, key in group:
                        d = dv + dl
                        if fs - fc > 1 or fc - fs > 1:
                            d += adj
                        if flg:
                            if cnt >= maxh:
                                continue
                            if cnt:
                                d += dbl
                            nkey = nbase + (cnt + 1 if cnt < 15 else 15)
                        else:
                            if cnt and pv <= -INF:
                                d += fin
                            nkey = nbase
                        if d > ub:
                            continue
                        if ML[c] < ml:
                            ML[c] = ml
                        dc = D[c]
                        if dc is None:
                            D[c] = {nkey: (d, j, key)}
                            reached[c] = 1
                        else:
                            old = dc.get(nkey)
                            if old is None or d < old[0]:
                                dc[nkey] = (d, j, key)
                    c -= 1
        j = find(1, j + 1)
        if j < 0 or j == nb:
            break
    top = max(ML)
    if top > seen[0]:
        seen[0] = top
    dend = D[nb]
    if not dend:
        return None
    best = min(dend, key=lambda k: dend[k][0])
    best_lines = best >> 6
    choice = best
    if exact:
        want = best_lines + p.looseness
        choice = min(dend, key=lambda k: (abs((k >> 6) - want), dend[k][0]))
    return dend[choice][0], _back(D, choice), choice >> 6, best_lines


def _dp_simple(P: _Para, L: float, spec: _Pass, ub: float, seen: list[int]):
    """`_dp` for the common case: one measure for every line, no flagged break taken, no looseness.

    The state is then the fitness class alone (key = fc); this is the path
    every Chinese paragraph in a column takes, so it is kept lean: the
    adjacency demerits come from a table, and a state is (4 * fc, demerits, key).
    """
    nb = P.nb
    R, LOW = P.R, P.LOW
    p = spec.p
    lp, adj = p.line_penalty, p.adj_demerits
    jump = _jumps(adj)
    skip_flagged = P.flagged_any  # then this pass does not take them
    rmax, cap, rigid, capped, extra, stop = spec.rmax, spec.cap, spec.rigid, spec.capped, spec.extra, spec.stop
    ub = ub * (1 + 1e-9) + 1e-6 if ub < inf else inf
    forced = P.forced
    single = len(forced) == 1
    nf = forced[0]
    m1 = nb + 1
    Lp = L + EPS
    Lm = L - EPS
    t2l = Lm - SLACK - P.pwmax
    lp2 = lp * lp

    D: list = [None] * (nb + 1)
    D[0] = {DECENT: (0.0, -1, 0)}
    ML = [0] * (nb + 1)
    reached = bytearray(nb + 1)
    find = reached.find
    j = 0
    while True:
        dj = D[j]
        sw, sy, sz, sf, swp, k = R[j][9]
        c0 = m1 - k
        if not single:
            nf = forced[bisect_left(forced, j + 1)]
        if c0 <= nf:
            ml = ML[j] + 1
            if len(dj) == 1:
                [(key, v)] = dj.items()
                states = ((key << 2, v[0], key),)
            else:
                lim = inf
                for v in dj.values():
                    if v[0] < lim:
                        lim = v[0]
                lim += adj  # no fitness class saves more than adj_demerits on the next line
                states = [(key << 2, v[0], key) for key, v in dj.items() if v[0] <= lim]
            c = bisect_right(LOW, sw - sz + Lp, c0, nf + 1) - 1
            while c >= c0:
                _, ew, ey, ez, ef, pv, flg, _, ewp, _ = R[c]
                if skip_flagged and flg:
                    c -= 1
                    continue
                nat = ew - sw
                if nat > Lp:
                    sh = ez - sz
                    if nat - sh > Lp:
                        c -= 1
                        continue
                    r = (L - nat) / sh
                    dl = lp - 100.0 * r * r * r
                    dl *= dl
                    fc = TIGHT if r < -0.5 else DECENT
                elif nat < Lm and ef <= sf:
                    st = ey - sy + extra
                    r = (L - nat) / st if st > 0 else inf
                    if r <= rmax:
                        if r > 1.0:
                            fc = VERY_LOOSE
                            bad = 100.0 * r * r * r
                            dl = lp + (bad if bad < cap else cap)
                            dl = 1e8 if (capped and dl >= 10000.0) else dl * dl
                        else:
                            fc = LOOSE if r > 0.5 else DECENT
                            dl = lp + 100.0 * r * r * r
                            dl *= dl
                    elif st <= 0 and rigid:
                        dl = lp + cap
                        dl = 1e8 if (capped and dl >= 10000.0) else dl * dl
                        fc = VERY_LOOSE
                    else:
                        if stop and ewp + rmax * ey < t2l + swp + rmax * (sy - extra):
                            break  # this end is too short to stretch, and so is every earlier one
                        c -= 1
                        continue
                else:
                    dl = lp2
                    fc = DECENT
                if pv:
                    if pv > 0:
                        dl += pv * pv
                    elif pv > -INF:
                        dl -= pv * pv
                for fs4, dv, key in states:
                    d = dv + dl + jump[fs4 + fc]
                    if d > ub:
                        continue
                    if ML[c] < ml:
                        ML[c] = ml
                    dc = D[c]
                    if dc is None:
                        D[c] = {fc: (d, j, key)}
                        reached[c] = 1
                    else:
                        old = dc.get(fc)
                        if old is None or d < old[0]:
                            dc[fc] = (d, j, key)
                c -= 1
        j = find(1, j + 1)
        if j < 0 or j == nb:
            break
    top = max(ML)
    if top > seen[0]:
        seen[0] = top
    dend = D[nb]
    if not dend:
        return None
    best = min(dend, key=lambda k: dend[k][0])
    return dend[best][0], _back(D, best), 0, 0


@lru_cache(maxsize=16)
def _jumps(adj: float) -> tuple[float, ...]:
    """adj_demerits by 4 * (fitness class before) + (fitness class after): TeX's adjacency rule."""
    return tuple(adj if abs(a - b) > 1 else 0.0 for a in range(4) for b in range(4))


def _back(D: list, key: int) -> list[int]:
    """The breakpoint numbers of the path ending at the last break in state `key`."""
    bps = []
    c = len(D) - 1
    while c > 0:
        bps.append(c)
        _, c, key = D[c][key]
    bps.reverse()
    return bps


def _groups(dj: dict, adj: float) -> list[tuple[int, tuple]]:
    """The states of a break, by line class, without those that cannot win: another state of the
    same line class with no more flagged lines in a row is cheaper by more than adj_demerits
    (the most a fitness class can save on the next line)."""
    if len(dj) == 1:
        for key, v in dj.items():
            return [(key >> 6, (((key >> 4) & 3, key & 15, v[0], key),))]
    by: dict[int, list] = {}
    for key, v in dj.items():
        by.setdefault(key >> 6, []).append(((key >> 4) & 3, key & 15, v[0], key))
    out = []
    for lc, states in by.items():
        if len(states) > 1:
            states = [s for s in states
                      if not any(t[1] <= s[1] and t[2] + adj < s[2] for t in states)]
        out.append((lc, tuple(states)))
    return out
