"""Pages with pinned articles: a designer's slots taken first, the planner fills around them.

A template may name slots (layout.py `Slot`: a rectangle of the free area)
and an issue may pin an article to one (`- {article: congtai, slot: lead}`).
The pinned article takes its slot exactly, whatever the planner would have
chosen. The rest of the free area is cut around the slots into rectangles
(`free_regions`: the band above, the blocks left and right, the band below,
in reading order), and the other stories, still in order of importance, are
shared among those rectangles in contiguous runs: every way of sharing is
planned (planner.plan_page per rectangle, memoised) and the cheapest wins.
A rectangle left without a story is blank and priced as such.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Callable

from .planner import Leaf, Module, Solution, Weights, assign, blank_cost, plan_page

Region = tuple[int, int, int, int]  # first column, first line, columns, lines


@dataclass(frozen=True)
class Shared:
    """The plan of the free area around the slots: modules per story index, its cost and blank."""

    modules: list[tuple[Leaf, Module]]
    cost: float
    holes: int
    solutions: list[Solution]


def free_regions(columns: int, lines: int, rects: list[Region]) -> list[Region] | None:
    """The free area minus `rects`, as rectangles in reading order; None if a rect is outside the
    area or overlaps another."""
    regions: list[Region] = [(0, 0, columns, lines)]
    for rect in rects:
        home = next((r for r in regions if _inside(rect, r)), None)
        if home is None:
            return None
        regions.remove(home)
        regions += _around(home, rect)
    return sorted(regions, key=lambda r: (r[1], r[0]))


def _inside(a: Region, b: Region) -> bool:
    return b[0] <= a[0] and a[0] + a[2] <= b[0] + b[2] and b[1] <= a[1] and a[1] + a[3] <= b[1] + b[3]


def _around(home: Region, rect: Region) -> list[Region]:
    hc, hl, hw, hh = home
    c, ln, w, h = rect
    parts = [(hc, hl, hw, ln - hl),  # above, full width
             (hc, ln, c - hc, h),  # left of the slot
             (c + w, ln, hc + hw - (c + w), h),  # right of the slot
             (hc, ln + h, hw, hl + hh - (ln + h))]  # below, full width
    return [p for p in parts if p[2] > 0 and p[3] > 0]


def share(n: int, regions: list[Region], options: Callable[[int, int, int], list[Leaf]],
          weights: Weights, top: int) -> Shared | None:
    """Plan stories 0..n-1 (in order) into `regions`, a contiguous run in each; None if no way fits.

    `options(i, k, lines)` gives story i's leaves at k columns in a rectangle of `lines`; `top` is
    the grid line the free area starts at (modules come back in page coordinates).
    """

    @lru_cache(maxsize=None)
    def plan(region: int, first: int, last: int) -> Solution | None:
        c, ln, w, h = regions[region]
        return plan_page(last - first, w, h, lambda i, k: [
            _shift(leaf, first) for leaf in options(first + i, k, h)], weights)

    def blank(region: int) -> float:
        _, _, w, h = regions[region]
        return weights.hole * blank_cost(w * h, weights.tolerance * w * h)

    best: tuple[float, list[tuple[int, int, int]]] | None = None

    def walk(region: int, first: int, cost: float, chosen: list[tuple[int, int, int]]) -> None:
        nonlocal best
        if region == len(regions):
            if first == n and (best is None or cost < best[0] - 1e-9):
                best = (cost, list(chosen))
            return
        for last in range(first, n + 1):
            if last == first:
                walk(region + 1, first, cost + blank(region), chosen + [(region, first, first)])
                continue
            solution = plan(region, first, last)
            if solution is not None:
                walk(region + 1, last, cost + solution.cost, chosen + [(region, first, last)])

    walk(0, 0, 0.0, [])
    if best is None:
        return None
    modules: list[tuple[Leaf, Module]] = []
    solutions, holes = [], 0
    for region, first, last in best[1]:
        c, ln, w, h = regions[region]
        if first == last:
            holes += w * h
            continue
        solution = plan(region, first, last)
        solutions.append(solution)
        holes += solution.holes
        for leaf, m in assign(solution.node, c, top + ln, w, h):
            modules.append((replace(leaf, story=leaf.story + first), m))
    return Shared(modules, best[0], holes, solutions)


def _shift(leaf: Leaf, first: int) -> Leaf:
    """A leaf renumbered to its place in the region's own run (plan_page counts from 0)."""
    return replace(leaf, story=leaf.story - first)
