"""The emergency cut, for a paragraph no legal breaking fits: rows -> where lines must end.

A box wider than the measure (a long URL in a narrow column) leaves total fit with nothing feasible:
`emergency_breaks(R, width_of_line, p)` returns (offsets where lines end, demerits), and the build
says so (Composed.overfull). A line may end at any junction between two characters: a legal row, or
a forbidden one (inside a word, against a prohibition rule; no hanging break). The cuts minimise,
in order, the lines wider than their measure (only one of a single character may be: an indent
does not count, so no line is left empty, as items once left one holding the indent), the forbidden
cuts (a hyphen past `max_consecutive_hyphens` in a row counts as one), then demerits (kp_dp.line_cost,
uncapped). A plain dynamic programme over (cut, line class, hyphens in a row): rare, so simple.
"""
from __future__ import annotations

from bisect import bisect_right
from math import inf

from .chars import SPACE
from .items import INF
from .knuthplass import line_measures
from .kp_dp import line_cost
from .kp_params import AWFUL_BAD, EPS, BreakParams, Measure


def emergency_breaks(R, width_of_line: Measure, p: BreakParams) -> tuple[list[int], float]:
    """Cut anywhere; minimise (lines wider than their measure, forbidden cuts, demerits)."""
    cuts = [k for k in range(R.first + 1, R.n) if R.cls[k] != SPACE] + [R.n]  # (a space is no junction)
    chars = _chars_before(R)
    widths, easy = line_measures(width_of_line, chars[R.n])  # (a line holds at least one character)
    widest = max(widths)
    maxh = p.max_consecutive_hyphens or (1 << 30)
    lp = p.line_penalty
    low = _narrowest(R, cuts)
    # state (cut, line class, hyphens in a row) -> (cost (overfull, forbidden, demerits), previous state)
    best: dict[tuple, tuple] = {(0, 0, 0): ((0, 0, 0.0), None)}
    at: dict[int, list] = {0: [(0, 0, 0)]}
    for j in [0, *cuts]:
        states = at.pop(j, None)
        if not states or j == R.n:
            continue
        s, sw, sy, sz, _, _ = R.start(_row(R, j))
        before = chars[j]
        for c in cuts[bisect_right(cuts, j):]:
            one_box = chars[c] - before == 1
            if not one_box and low[c] - (sw - sz) > widest + EPS:
                break  # this cut and every later one make a line too wide for any measure
            row = _row(R, c)
            legal = not R.illegal[row]
            pw = R.pen_width[row] if legal else 0.0
            nat, stretch, shrink = R.F_w[c] + pw - sw, R.F_y[c] - sy, R.F_z[c] - sz
            pen = R.penalty_at[row] if legal else 0.0
            flagged = legal and R.hyphen_at[row]
            for st in states:
                _, lc, run = st
                L = widths[min(lc, easy)]
                d, fc = line_cost(nat, shrink, stretch, pen, L, L + EPS, L - EPS, c < R.n, lp, inf, AWFUL_BAD, True,
                                  False)
                over = 0
                if fc < 0:  # too long (never too short: every line may stretch): only one character may be
                    if not one_box:  # wider than its measure, awful and counted
                        continue
                    over = 1
                    d = line_cost(L, 0.0, 0.0, pen, L, L + EPS, L - EPS, False, lp, inf, AWFUL_BAD, True, False)[0]
                    d += AWFUL_BAD * (AWFUL_BAD + 2 * lp)  # (lp + AWFUL_BAD)^2 where the line set has lp^2
                forbidden = not legal
                if flagged:
                    forbidden = run >= maxh
                    d += p.double_hyphen_demerits if run else 0.0
                    nrun = run + 1
                else:
                    d += p.final_hyphen_demerits if run and pen <= -INF else 0.0
                    nrun = 0
                cost = best[st][0]
                new = (cost[0] + over, cost[1] + forbidden, cost[2] + d)
                key = (c, min(lc + 1, easy), nrun)
                old = best.get(key)
                if old is None or new < old[0]:
                    if old is None:
                        at.setdefault(c, []).append(key)
                    best[key] = (new, st)
    finals = [key for key in best if key[0] == R.n]
    win = min(finals, key=lambda st: best[st][0])
    out = []
    st = win
    while st is not None and st[0] > 0:
        out.append(st[0])
        st = best[st][1]
    return out[::-1], best[win][0][2]


def _row(R, k: int) -> int:
    """The row of the junction at offset k (its first break, where hanging adds a second)."""
    return R.row_of[k] if R.row_of is not None else k


def _chars_before(R) -> list[int]:
    """chars[k]: the characters (not spaces) before offset k, so a line from cut j to cut c holds
    chars[c] - chars[j] of them (the first line: chars[c], from the paragraph's first)."""
    chars = [0] * (R.n + 1)
    count = 0
    cls = R.cls
    for k in range(R.first, R.n):
        if cls[k] != SPACE:
            count += 1
        chars[k + 1] = count
    return chars


def _narrowest(R, cuts: list[int]) -> dict[int, float]:
    """low[c]: the narrowest any cut from c on can make a line end (width minus shrink up to it)."""
    low = {}
    m = inf
    for c in reversed(cuts):
        row = _row(R, c)
        pw = R.pen_width[row] if not R.illegal[row] else 0.0
        m = min(m, R.F_w[c] + pw - R.F_z[c])
        low[c] = m
    return low


