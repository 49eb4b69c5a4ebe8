"""The total-fit breaker's loops over a read paragraph: the dynamic programme, in two forms.

Contract: `best_breaks(P, widths, easy, exact, spec, ub, seen, cut=None)` runs one pass (`spec`,
a kp_params.PassSpec) over `P` (rows.Rows, or the reference's ItemRows) and returns (demerits,
breakpoint rows, number of lines, lines of the optimum), or None when the end is unreachable
within the pass or the bound `ub`. `widths[n]` is line n's measure, the same from `easy` on;
`exact` keeps true line counts (looseness); `seen[0]` (unless None) is raised to the highest line
number any path measured; `cut[0]` (unless None) gets the least demerits of a path the bound
dropped (inf: none was, so None means unreachable under any bound). `best_breaks_lean` is the
same programme for the common case (one measure, no hyphen taken, no looseness), kept lean.

One rule, two loops: a line's cost is `line_cost` (compiled, inline C). Per node the candidate ends
are found by bisection on narrowest (no later end can shrink to fit), and the scan down from there
stops once a monotone bound says no earlier end can stretch to the measure.
"""
# ruff: noqa: PLR1730, FURB136 -- in the hot loops `if x < m: m = x` is several times faster than min()
from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from functools import lru_cache
from math import inf
from operator import or_

from .items import INF
from .kp_params import DECENT, EPS, LOOSE, SLACK, TIGHT, VERY_LOOSE, PassSpec

LONG, SHORT = -1, -2  # line_cost's fitness class for a line that cannot shrink or stretch to its measure
# The constants line_cost reads, under names kp_dp.pxd types as C numbers (no lookup per call, compiled).
_VL, _LO, _DE, _TI, _FORCED = VERY_LOOSE, LOOSE, DECENT, TIGHT, float(-INF)


def line_cost(nat: float, shrink: float, stretch: float, pv: float, L: float, Lp: float, Lm: float,
              may_stretch: bool, lp: float, rmax: float, cap: float, rigid: bool, capped: bool) -> tuple[float, int]:
    """(demerits, fitness class) of a line of natural width `nat`, with that shrink and stretch, set to L
    (Lp, Lm: L plus and minus EPS) and ending at a break of penalty pv: (line_penalty + badness)^2 + pv^2
    (- pv^2 for a bonus), badness 100 |r|^3 capped at `cap` (INF_BAD, counted as 1e8 when `capped`, or
    AWFUL_BAD). LONG when it cannot shrink to L; SHORT when it cannot stretch within `rmax` (a rigid pass
    lets a line with no stretch be underfull); `may_stretch` is False for the paragraph's last line."""
    if nat > Lp:
        if nat - shrink > Lp:
            return 0.0, LONG
        r = (L - nat) / shrink
        dl = lp - 100.0 * r * r * r
        fc = _TI if r < -0.5 else _DE
    elif nat < Lm and may_stretch:
        if stretch > 0 and (L - nat) / stretch <= rmax:
            r = (L - nat) / stretch
            bad = 100.0 * r * r * r
            dl = lp + (bad if bad < cap else cap)
            fc = _VL if r > 1.0 else _LO if r > 0.5 else _DE
        elif stretch <= 0 and rigid:
            dl = lp + cap
            fc = _VL
        else:
            return 0.0, SHORT
    else:
        dl = lp
        fc = _DE
    d = 1e8 if (capped and dl >= 10000.0) else dl * dl
    if pv > 0:
        d += pv * pv
    elif _FORCED < pv < 0:
        d -= pv * pv
    return d, fc


def best_breaks(P, widths: list[float], easy: int, exact: bool, spec: PassSpec, ub: float, seen: list[int] | None,
        cut: list[float] | None = None):
    """One pass of the forward dynamic programme (see the module docstring).

    State at a break: (line class, fitness class of the line ending there, hyphenated lines in a
    row), packed as lc << 6 | fc << 4 | cnt; the line class is the number of lines so far, merged
    from `easy` on unless `exact`. Per reached break, a dict {state: (demerits, previous break,
    previous state)}; most_lines[c], the most lines of any path to break c (for `seen`).
    """
    if not exact and easy == 0 and not (spec.flagged and P.flagged_any):
        return best_breaks_lean(P, widths[0], spec, ub, seen, cut)
    nb = P.nb
    narrowest, width_at, shrink_at, stretch_at, I = P.narrowest, P.width_at, P.shrink_at, P.stretch_at, P.I
    penalty_at, pen_width, hyphen_at, start = P.penalty_at, P.pen_width, P.hyphen_at, P.start
    negw = P.negative_width if P._negpos is not None else None
    illegal = P.illegal
    p = spec.p
    lp, adj, dbl, fin = p.line_penalty, p.adj_demerits, p.double_hyphen_demerits, p.final_hyphen_demerits
    flagged_ok = spec.flagged
    rmax, cap, rigid, capped, extra, stop = spec.rmax, spec.cap, spec.rigid, spec.capped, spec.extra, spec.stop
    ub = ub * (1 + 1e-9) + 1e-6 if ub < inf else inf
    forced = P.forced
    pwmax = P.pwmax

    least = inf  # the cheapest arrival the bound dropped
    D: list = [None] * (nb + 1)
    D[0] = {DECENT << 4: (0.0, -1, 0)}
    most_lines = [0] * (nb + 1)
    reached = bytearray(nb + 1)
    find = reached.find
    j = 0
    while True:
        dj = D[j]
        s, sw, sy, sz, c0, cfil = start(j)
        nf = forced[bisect_left(forced, j + 1)]
        if c0 <= nf:  # else a forced break lies in this break's discarded material: a dead end
            base = sw - sz
            ml = most_lines[j] + 1
            for lc, group in _groups(dj, adj):
                L = widths[lc if lc < easy else easy]
                Lp, Lm = L + EPS, L - EPS
                t2 = Lm - SLACK - pwmax
                nlc = lc + 1 if (exact or lc < easy) else lc
                c = bisect_right(narrowest, base + Lp, c0, nf + 1) - 1
                while c >= c0:
                    flg = hyphen_at[c]
                    if (flg and not flagged_ok) or (illegal is not None and illegal[c]):
                        c -= 1
                        continue
                    nat = width_at[c] - sw
                    st = stretch_at[I[c]] - sy + extra
                    d0, fc = line_cost(nat, shrink_at[c] - sz, st, penalty_at[c], L, Lp, Lm, c < cfil, lp, rmax, cap,
                                       rigid, capped)
                    if fc < 0:
                        if fc == SHORT and stop and nat - pen_width[c] + rmax * st + (negw(s, c) if negw else 0) < t2:
                            break
                        c -= 1
                        continue
                    got = _arrive(D, reached, most_lines, ml, group, j, c, d0, fc, hyphen_at[c], penalty_at[c] <= -INF,
                                  nlc << 6 | fc << 4, adj, dbl, fin, spec.maxh, ub)
                    if got < least:
                        least = got
                    c -= 1
        j = find(1, j + 1)
        if j < 0 or j == nb:
            break
    top = max(most_lines)
    if seen is not None and top > seen[0]:
        seen[0] = top
    if cut is not None:
        cut[0] = least
    return _result(D, nb, exact, p.looseness)


def _arrive(D: list, reached: bytearray, most_lines: list, ml: int, group: tuple, j: int, c: int, d0: float, fc: int,
            flagged: bool, forced: bool, nbase: int, adj: float, dbl: float, fin: float, maxh: int,
            ub: float) -> float:
    """Extend each state of `group` (break j's, of one line class) by the line j -> c (demerits d0,
    fitness class fc) into break c's states; the cheapest arrival the bound `ub` dropped (inf: none)."""
    least = inf
    for fs, cnt, dv, key in group:
        d = dv + d0
        if fs - fc > 1 or fc - fs > 1:
            d += adj
        if flagged:
            if cnt >= maxh:
                continue
            if cnt:
                d += dbl
            nkey = nbase + (cnt + 1 if cnt < 15 else 15)
        else:
            if cnt and forced:
                d += fin
            nkey = nbase
        if d > ub:
            if d < least:
                least = d
            continue
        if most_lines[c] < ml:
            most_lines[c] = ml
        dc = D[c]
        if dc is None:
            D[c] = {nkey: (d, j, key)}
            reached[c] = 1
        else:
            old = dc.get(nkey)
            if old is None or d < old[0]:
                dc[nkey] = (d, j, key)
    return least


def _result(D: list, nb: int, exact: bool, looseness: int):
    """best_breaks' answer from the end's states: the cheapest, or with looseness the line count asked for."""
    dend = D[nb]
    if not dend:
        return None
    best = min(dend, key=lambda k: dend[k][0])  # (the first of equals)
    best_lines = best >> 6
    choice = best
    if exact:
        want = best_lines + looseness
        choice = min(dend, key=lambda k: (abs((k >> 6) - want), dend[k][0]))
    return dend[choice][0], _back(D, choice), choice >> 6, best_lines


def best_breaks_lean(P, L: float, spec: PassSpec, ub: float, seen: list[int] | None, cut: list[float] | None):
    """`best_breaks` for one measure, no hyphen taken, no looseness: every Chinese paragraph in a column.
    The state is then the fitness class alone, kept in flat arrays (_Lean): no object per break."""
    nb = P.nb
    narrowest, width_at, shrink_at, stretch_at, I = P.narrowest, P.width_at, P.shrink_at, P.stretch_at, P.I
    penalty_at, pen_width, start = P.penalty_at, P.pen_width, P.start
    negw = P.negative_width if P._negpos is not None else None
    p = spec.p
    lp, adj = p.line_penalty, p.adj_demerits
    jump = _jumps(adj)
    # Rows this pass never ends a line at: flagged ones (it does not take them), rows that are no legal break.
    skip = P.illegal if P.illegal is not None else bytes(nb + 1)
    if P.flagged_any:
        skip = bytes(map(or_, skip, P.hyphen_at))
    rmax, cap, rigid, capped, extra, stop = spec.rmax, spec.cap, spec.rigid, spec.capped, spec.extra, spec.stop
    ub = ub * (1 + 1e-9) + 1e-6 if ub < inf else inf
    forced = P.forced
    single = len(forced) == 1
    nf = forced[0]
    Lp, Lm = L + EPS, L - EPS
    t2 = Lm - SLACK - P.pwmax
    track = seen is not None  # the caller wants the highest line number measured (a measure to check)
    S = _Lean(nb)
    ml = 0
    j = 0
    while j < nb:
        s, sw, sy, sz, c0, cfil = start(j)
        if not single:
            nf = forced[bisect_left(forced, j + 1)]
        if c0 <= nf:
            if track:
                ml = S.most_lines[j] + 1
            lim = S.limit(j, adj)
            # bisect_right written out: compiled, a call and its boxed arguments cost more than the search
            x = sw - sz + Lp
            lo = c0
            hi = nf + 1
            while lo < hi:
                mid = (lo + hi) // 2
                if x < narrowest[mid]:
                    hi = mid
                else:
                    lo = mid + 1
            c = lo - 1
            while c >= c0:
                if skip[c]:
                    c -= 1
                    continue
                nat = width_at[c] - sw
                st = stretch_at[I[c]] - sy + extra
                dl, fc = line_cost(nat, shrink_at[c] - sz, st, penalty_at[c], L, Lp, Lm, c < cfil, lp, rmax, cap, rigid,
                                   capped)
                if fc < 0:
                    if fc == SHORT and stop and nat - pen_width[c] + rmax * st + (negw(s, c) if negw else 0.0) < t2:
                        break  # this end is too short to stretch, and so is every earlier one
                    c -= 1
                    continue
                S.arrive(j, c, fc, dl, jump[fc], lim, ub, track, ml)
                c -= 1
        j = S.next_reached(j, nb)
    if track:
        top = max(S.most_lines)
        if top > seen[0]:
            seen[0] = top
    if cut is not None:
        cut[0] = S.least
    return S.path(nb)


class _Lean:
    """The lean programme's states in flat arrays (typed when compiled): slot 4 * c + fc of break c
    holds its demerits, previous break (prev_break) and that break's state (prev_class); classes[4 * c:]
    lists c's fitness classes in the order they arrived (n_classes[c]; bit fc of class_bits[c] set), as
    best_breaks's dict keeps them, so ties go the same way. most_lines[c]: the most lines of a path to
    c; `least`: the cheapest arrival the bound dropped."""

    def __init__(self, nb: int):
        size = 4 * (nb + 1)
        self.demerits = array("d", bytes(8 * size))
        self.prev_break = array("i", bytes(4 * size))
        B = memoryview(bytearray(2 * size + 2 * (nb + 1)))  # prev_class, classes, n_classes, class_bits: one buffer
        self.prev_class = B[:size]
        self.classes = B[size:2 * size]
        self.n_classes = B[2 * size:2 * size + nb + 1]
        self.class_bits = B[2 * size + nb + 1:]
        self.demerits[DECENT] = 0.0  # the paragraph's start: one state, decent, no demerits
        self.prev_break[DECENT] = -1
        self.classes[0] = DECENT
        self.n_classes[0] = 1
        self.class_bits[0] = 1 << DECENT
        self.most_lines = [0] * (nb + 1)
        self.reached = bytearray(nb + 1)  # (the end, nb, is never looked for: no line starts there)
        self.least = inf

    def limit(self, j: int, adj: float) -> float:
        """No state of break j dearer than its cheapest by more than adj_demerits can win (no fitness
        class saves more than that on the next line)."""
        bj = 4 * j
        ns = self.n_classes[j]
        if ns < 2:
            return inf
        lim = inf
        for i in range(ns):
            v = self.demerits[bj + self.classes[bj + i]]
            if v < lim:
                lim = v
        return lim + adj

    def arrive(self, j: int, c: int, fc: int, dl: float, jf: tuple, lim: float, ub: float, track: bool,
               ml: int) -> None:
        """Extend break j's states by a line j -> c of demerits dl and fitness class fc (jf: the
        adjacency demerits after fc, by the class before) into break c's state fc."""
        bj = 4 * j
        slot = 4 * c + fc
        for i in range(self.n_classes[j]):
            key = self.classes[bj + i]
            d = self.demerits[bj + key]
            if d > lim:
                continue
            d += dl
            a = jf[key]
            d += a
            if d > ub:
                if d < self.least:
                    self.least = d
                continue
            if track and self.most_lines[c] < ml:
                self.most_lines[c] = ml
            has = self.class_bits[c]
            if not has >> fc & 1:
                if not has:
                    self.reached[c] = 1
                self.classes[4 * c + self.n_classes[c]] = fc
                self.n_classes[c] += 1
                self.class_bits[c] = has | 1 << fc
            elif d >= self.demerits[slot]:
                continue
            self.demerits[slot] = d
            self.prev_break[slot] = j
            self.prev_class[slot] = key

    def next_reached(self, j: int, nb: int) -> int:
        """The next break after j that some path reached (nb: none before the end)."""
        j += 1
        while j < nb and not self.reached[j]:
            j += 1
        return j

    def path(self, nb: int):
        """(demerits, breaks, 0, 0) of the cheapest path to the end, None if none reached it."""
        ns = self.n_classes[nb]
        if not ns:
            return None
        be = 4 * nb
        best = self.classes[be]
        for i in range(1, ns):  # the first of equals, as min() picks from best_breaks's dict
            key = self.classes[be + i]
            if self.demerits[be + key] < self.demerits[be + best]:
                best = key
        bps = []
        c = nb
        key = best
        while c > 0:
            bps.append(c)
            slot = 4 * c + key
            c = self.prev_break[slot]
            key = self.prev_class[slot]
        bps.reverse()
        return self.demerits[be + best], bps, 0, 0


@lru_cache(maxsize=16)
def _jumps(adj: float) -> tuple[tuple[float, ...], ...]:
    """adj_demerits by [fitness class after][fitness class before]: TeX's adjacency rule."""
    return tuple(tuple(adj if abs(a - b) > 1 else 0.0 for b in range(4)) for a in range(4))


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
    """A break's states by line class, less those another of the class with no more hyphens in a row
    beats by more than adj_demerits (the most a fitness class can save on the next line)."""
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
