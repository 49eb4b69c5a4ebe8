"""The line breaker: items + line widths -> break indices. Knows no scripts and no fonts.

Contract: `break_lines(items, width_of_line)` returns the indices of the
items where lines end; the last is the paragraph's final forced penalty.
Line n holds the items from its start (the first Box after the previous
break; glue and penalties there are discarded) up to but not including the
break item; a Penalty taken as a break adds its width (a hyphen, or a
negative width that trims a line-end mark).

The items must end with a forced break (itemize.py ends every paragraph
with `Glue(0, FIL, 0), Penalty(0, -INF)`). Legal breakpoints (TeX's
rules): a Glue directly after a Box, or a Penalty below INF; a Penalty at or below -INF must be taken. Glue whose stretch is
at least FIL is "infinite" (the paragraph's finishing glue): a short line
that holds it is not underfull.

This session's breaker is greedy but *best-fit* (Knuth & Plass 1981 §"first
fit / best fit"): for each line in turn it takes, among the legal breaks
that fit with glue shrunk at most fully, the one with the fewest demerits,
so a line that sets solid (ratio 0) beats one that squeezes punctuation.
A total-fit breaker can replace this module: same inputs, same output.

Emergency: when no legal break fits, the line is cut at the last place --
between two boxes, at a forbidden penalty or glue -- where it still fits
(a long URL is split by characters); only a single box wider than the
measure makes a line wider than it. `is_legal(items, b)` tells a caller
whether a returned break was an emergency one (compose.py reports those
lines in `Composed.overfull`).
"""
from __future__ import annotations

from typing import Callable, Sequence

from .items import INF, Box, Glue, Item, Penalty

FIL = 1e9  # stretch of the finishing glue: "infinite" next to any real glue
EPS = 1e-6  # points; widths are sums of floats
BADNESS_CAP = 10000.0
ADJACENT_FLAGGED = 3000.0  # two hyphenated lines in a row (TeX's \doublehyphendemerits)


def is_legal(items: Sequence[Item], b: int) -> bool:
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


class _Sums:
    """Prefix sums, so any line's natural width, stretch and shrink cost O(1)."""

    def __init__(self, items: Sequence[Item]):
        n = len(items)
        self.w = [0.0] * (n + 1)
        self.y = [0.0] * (n + 1)
        self.fil = [0] * (n + 1)
        self.z = [0.0] * (n + 1)
        for i, it in enumerate(items):
            w = it.width if not isinstance(it, Penalty) else 0.0
            y = z = 0.0
            f = 0
            if isinstance(it, Glue):
                if it.stretch >= FIL:
                    f = 1
                else:
                    y = it.stretch
                z = it.shrink
            self.w[i + 1], self.y[i + 1] = self.w[i] + w, self.y[i] + y
            self.z[i + 1], self.fil[i + 1] = self.z[i] + z, self.fil[i] + f
        # suffix minimum of the narrowest a line ending at b can be, for an exact early stop
        # (glue may have negative width, so widths are not monotonic in b)
        self.lowest = [0.0] * (n + 1)
        self.lowest[n] = float("inf")
        for b in range(n - 1, -1, -1):
            pw = items[b].width if isinstance(items[b], Penalty) else 0.0
            self.lowest[b] = min(self.lowest[b + 1], self.w[b] - self.z[b] + min(pw, 0.0))

    def line(self, items: Sequence[Item], a: int, b: int) -> tuple[float, float, float, bool]:
        pw = items[b].width if isinstance(items[b], Penalty) else 0.0
        return (self.w[b] - self.w[a] + pw, self.y[b] - self.y[a], self.z[b] - self.z[a],
                self.fil[b] > self.fil[a])


def ratio(natural: float, stretch: float, shrink: float, fil: bool, width: float) -> float | None:
    """Adjustment ratio of a line, None if it cannot be shrunk to `width`."""
    if natural < width - EPS:
        if fil:
            return 0.0
        return (width - natural) / stretch if stretch > 0 else float("inf")
    if natural > width + EPS:
        if shrink <= 0 or natural - shrink > width + EPS:
            return None
        return (width - natural) / shrink
    return 0.0


def demerits(r: float, penalty: float, flagged: bool, prev_flagged: bool) -> float:
    badness = min(BADNESS_CAP, 100.0 * abs(r) ** 3) if r != float("inf") else BADNESS_CAP
    d = (1.0 + badness) ** 2
    if penalty >= 0:
        d += penalty * penalty
    elif penalty > -INF:
        d -= penalty * penalty
    if flagged and prev_flagged:
        d += ADJACENT_FLAGGED
    return d


def break_lines(items: Sequence[Item], width_of_line: Callable[[int], float]) -> list[int]:
    n = len(items)
    if n == 0:
        return []
    last = items[-1]
    if not (isinstance(last, Penalty) and last.penalty <= -INF):
        raise ValueError("items must end with a forced break, Penalty(0, -INF)")
    sums = _Sums(items)
    breaks: list[int] = []
    a = 0
    while a < n and not isinstance(items[a], Box):
        a += 1
    line = 0
    prev_flagged = False
    while a < n:
        width = width_of_line(line)
        b = _best_fit(items, sums, a, width, prev_flagged)
        if b is None:
            b = _emergency(items, sums, a, width)
        breaks.append(b)
        prev_flagged = isinstance(items[b], Penalty) and items[b].flagged
        a = next_start(items, b)
        line += 1
    return breaks


def _best_fit(items: Sequence[Item], sums: _Sums, a: int, width: float, prev_flagged: bool) -> int | None:
    best: tuple[float, int] | None = None
    base = sums.w[a] - sums.z[a]
    for b in range(a + 1, len(items)):
        if sums.lowest[b] - base > width + EPS:
            break  # no later break can fit
        if not is_legal(items, b):
            continue
        it = items[b]
        r = ratio(*sums.line(items, a, b), width)
        forced = isinstance(it, Penalty) and it.penalty <= -INF
        if r is not None:
            p = it.penalty if isinstance(it, Penalty) else 0.0
            flagged = isinstance(it, Penalty) and it.flagged
            d = demerits(r, p, flagged, prev_flagged)
            if forced:
                return b
            if best is None or d <= best[0]:  # ties go to the later break: fuller lines
                best = (d, b)
        if forced:
            break  # a line cannot run past a forced break
    return best[1] if best else None


def _emergency(items: Sequence[Item], sums: _Sums, a: int, width: float) -> int:
    """The last place the line can be cut and still fit; at least one box goes on it."""
    first_cut = None
    last_fit = None
    base = sums.w[a] - sums.z[a]
    for b in range(a + 1, len(items)):
        it = items[b]
        cut = isinstance(it, (Glue, Penalty)) or isinstance(items[b - 1], Box)
        if cut:
            if first_cut is None:
                first_cut = b
            natural, _, shrink, _ = sums.line(items, a, b)
            if natural - shrink <= width + EPS:
                last_fit = b
        if isinstance(it, Penalty) and it.penalty <= -INF:
            break
        if sums.lowest[b] - base > width + EPS:
            break
    if last_fit is not None:
        return last_fit
    return first_cut if first_cut is not None else len(items) - 1
