"""The item path's breaker: total fit and the emergency cut over a list of items.

The same breaker the composer runs (typeset.text.knuthplass.fit_para over
rows): here the rows are read from items (kp_para.ItemRows), so the tests
of the breaker can say a paragraph as Knuth & Plass write it. The
emergency cut over items (`emergency_breaks`) is the reference the rows'
own (typeset.text.emergency) replaced.

`break_lines(items, width_of_line, params=None)` returns the indices of the
items where lines end; the items must end with a forced break. Legal breaks
are TeX's: a Glue directly after a Box, or a Penalty below INF.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from typeset.text.items import INF, Box, Glue, Item, Penalty
from typeset.text.knuthplass import DEFAULT, EPS, FIL, Breaking, BreakParams, Measure, fit_one_pass, fit_para
from typeset.text.kp_params import AWFUL_BAD

from .kp_para import ItemRows


def total_fit(items: Sequence[Item], width_of_line: Measure,
              params: BreakParams | None = None) -> Breaking | None:
    """The fewest-demerits breaking by TeX's passes, None if no legal breaking fits at all."""
    p = params or DEFAULT
    if not items:
        return Breaking((), 0.0, "pretolerance")
    last = items[-1]
    if not (isinstance(last, Penalty) and last.penalty <= -INF):
        raise ValueError("items must end with a forced break, Penalty(0, -INF)")
    return fit_para(ItemRows(items), width_of_line, p)


def fit_pass(items: Sequence[Item], width_of_line: Measure, params: BreakParams | None,
             passname: str) -> Breaking | None:
    """One pass alone over items (knuthplass.fit_one_pass)."""
    return fit_one_pass(ItemRows(items), width_of_line, params or DEFAULT, passname)


def break_lines(items: Sequence[Item], width_of_line: Measure, *, params: BreakParams | None = None) -> list[int]:
    """Indices of the items where lines end (the last is the final forced break); [] if nothing to set."""
    return list(break_paragraph(items, width_of_line, params=params).breaks)


def break_paragraph(items: Sequence[Item], width_of_line: Measure, *,
                    params: BreakParams | None = None) -> Breaking:
    """Like break_lines, with the total demerits and the pass that found the breaks."""
    found = total_fit(items, width_of_line, params)
    if found is not None:
        return found
    breaks, demerits = emergency_breaks(items, width_of_line, params or BreakParams())
    return Breaking(tuple(breaks), demerits, "emergency")


def is_legal(items: Sequence[Item], b: int) -> bool:
    """True when a line may end at items[b] by TeX's rules (an emergency cut is not)."""
    it = items[b]
    if isinstance(it, Penalty):
        return it.penalty < INF
    if isinstance(it, Glue):
        return b > 0 and isinstance(items[b - 1], Box)
    return False


def next_start(items: Sequence[Item], b: int) -> int:
    """Index of the first item of the line after a break at b: the next Box (len(items) if none).

    Glue and penalties after a break are discarded; an emergency break between
    two boxes (items[b] is a Box) consumes nothing.
    """
    i = b if isinstance(items[b], Box) else b + 1
    while i < len(items) and not isinstance(items[i], Box):
        i += 1
    return i


def emergency_breaks(items: Sequence[Item], width_of_line: Measure, p: BreakParams) -> tuple[list[int], float]:
    """Cut anywhere; minimise (lines wider than their measure, forbidden cuts, demerits).

    A line may end at any glue or penalty, or between two boxes (then the
    next line starts at the second box). A line wider than its measure is
    allowed only when it holds nothing but its first box. Badness is
    uncapped, as in the any-badness pass; one hyphen too many in a row
    counts as a forbidden cut. Rare and small, so plain code over items.
    """
    n = len(items)
    W = [0.0] * (n + 1)  # prefix sums: width, stretch, shrink, infinite glue, boxes
    Y = [0.0] * (n + 1)
    Z = [0.0] * (n + 1)
    F = [0] * (n + 1)
    NB = [0] * (n + 1)
    for i, it in enumerate(items):
        wi = yi = zi = 0.0
        fi = 0
        if isinstance(it, Glue):
            wi, zi = it.width, it.shrink
            if it.stretch >= FIL:
                fi = 1
            else:
                yi = it.stretch
        elif isinstance(it, Box):
            wi = it.width
        W[i + 1], Y[i + 1], Z[i + 1], F[i + 1] = W[i] + wi, Y[i] + yi, Z[i] + zi, F[i] + fi
        NB[i + 1] = NB[i] + isinstance(it, Box)

    boxes = [i for i, it in enumerate(items) if isinstance(it, Box)]
    last_box = boxes[-1]
    end = next(i for i in range(last_box + 1, n) if isinstance(items[i], Penalty) and items[i].penalty <= -INF)
    # a cut before the first box or after the last one (but the paragraph's end) would make an empty line
    cuts = [i for i in range(boxes[0] + 1, last_box + 1)
            if not isinstance(items[i], Box) or isinstance(items[i - 1], Box)]
    cuts.append(end)
    forced = [i for i in cuts if isinstance(items[i], Penalty) and items[i].penalty <= -INF]
    legal = {i: is_legal(items, i) for i in cuts}
    pw = {i: (items[i].width if isinstance(items[i], Penalty) else 0.0) for i in cuts}
    low = {}  # the narrowest any cut from here on can make a line end: stop looking past it
    m = float("inf")
    for i in reversed(cuts):
        m = min(m, W[i] + pw[i] - Z[i])
        low[i] = m
    if callable(width_of_line):
        widths = list(map(width_of_line, range(len(boxes) + 1)))  # a line holds at least one box
    else:
        widths = [float(width_of_line)]
    easy = len(widths) - 1
    while easy > 0 and widths[easy - 1] == widths[-1]:
        easy -= 1
    widest = max(widths)
    maxh = p.max_consecutive_hyphens or (1 << 30)

    # state: (cut, line class, hyphens in a row) -> (cost (overfull, forbidden, demerits), previous state)
    best: dict[tuple, tuple] = {(-1, 0, 0): ((0, 0, 0.0), None)}
    at: dict[int, list] = {-1: [(-1, 0, 0)]}
    finals: list = []
    for j in [-1, *cuts]:
        states = at.pop(j, None)
        if not states:
            continue
        if j == end:
            finals = states
            break
        s = boxes[0] if j < 0 else next_start(items, j)
        k = bisect_right(cuts, s)
        nf = forced[bisect_left(forced, j + 1)]
        alone = NB[s] + 1  # boxes up to and including the line's first one
        while k < len(cuts) and cuts[k] <= nf:
            c = cuts[k]
            k += 1
            one_box = NB[c] == alone
            if not one_box and low[c] - (W[s] - Z[s]) > widest + EPS:
                break
            natural = W[c] - W[s] + pw[c]
            stretch, shrink, fil = Y[c] - Y[s], Z[c] - Z[s], F[c] > F[s]
            it = items[c]
            pen = it.penalty if isinstance(it, Penalty) and legal[c] else 0.0
            flagged = isinstance(it, Penalty) and it.flagged and legal[c]
            for st in states:
                _, lc, run = st
                L = widths[min(lc, easy)]
                over = 0
                if natural > L + EPS:
                    if shrink > 0 and natural - shrink <= L + EPS:
                        bad = 100.0 * ((natural - L) / shrink) ** 3
                    elif one_box:
                        over, bad = 1, AWFUL_BAD
                    else:
                        continue
                elif natural < L - EPS and not fil:
                    bad = min(AWFUL_BAD, 100.0 * ((L - natural) / stretch) ** 3) if stretch > 0 else AWFUL_BAD
                else:
                    bad = 0.0
                d = (p.line_penalty + bad) ** 2 + (pen * pen if pen > 0 else -pen * pen if pen > -INF else 0.0)
                forbidden = not legal[c]
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
    win = min(finals, key=lambda st: best[st][0])
    out = []
    st = win
    while st is not None and st[0] >= 0:
        out.append(st[0])
        st = best[st][1]
    return out[::-1], best[win][0][2]
