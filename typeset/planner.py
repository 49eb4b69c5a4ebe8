"""Which module each story gets on a page: a guillotine search over the column grid.

Stories come in order of importance. `best_layout` finds, by dynamic
programming over contiguous runs of that order (after Jacobs et al. 2003),
the arrangement of stacked (horizontal cut) and side-by-side (vertical
cut) modules of least total depth; `assign` then turns it into rectangles
that fill the free area exactly, sharing out spare lines. Because body
text breaks the same whatever the module's shape, a story's depth for
each width is known cheaply (`need`), so trying every shape is fast.

This is the simple planner of the first milestone; scoring terms, slots
and tombstone avoidance come with the planner issue.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable



@dataclass(frozen=True)
class Module:
    """A rectangle on the grid: first column, columns, first grid line, grid lines."""

    column: int
    columns: int
    line: int
    lines: int


NeedFn = Callable[[int, int], int | None]  # (story index, columns) -> grid lines, None = cannot


@dataclass(frozen=True)
class Cut:
    """A node of the guillotine tree: a leaf (one story) or a cut into two parts."""

    depth: int
    story: int = -1  # leaf
    kind: str = ""  # "stack" (first part above) | "side" (first part left)
    first: "Cut | None" = None
    second: "Cut | None" = None
    first_columns: int = 0  # for "side"


def best_layout(n: int, columns: int, need: NeedFn) -> Cut | None:
    """Least-depth guillotine arrangement of stories 0..n-1 in `columns` columns, or None."""

    @lru_cache(maxsize=None)
    def best(i: int, j: int, k: int) -> Cut | None:
        if j - i == 1:
            d = need(i, k)
            return None if d is None else Cut(d, story=i)
        found: Cut | None = None
        for m in range(i + 1, j):
            a, b = best(i, m, k), best(m, j, k)
            if a and b:
                found = _better(found, Cut(a.depth + b.depth, kind="stack", first=a, second=b))
            for k1 in range(1, k):
                a, b = best(i, m, k1), best(m, j, k - k1)
                if a and b:
                    found = _better(found, Cut(max(a.depth, b.depth), kind="side", first=a, second=b,
                                               first_columns=k1))
        return found

    return best(0, n, columns) if n else None


def _better(old: Cut | None, new: Cut) -> Cut:
    # Least depth wins; on a tie keep the earlier candidate, which stacks the
    # more important story on top across the full width before splitting sideways.
    return new if old is None or new.depth < old.depth else old


def assign(cut: Cut, column: int, line: int, columns: int, lines: int,
           grow: frozenset[int] = frozenset()) -> list[tuple[int, Module]]:
    """Rectangles for every leaf, filling `lines` exactly.

    Spare depth in a stack goes to a part holding a story in `grow` (one
    that jumps: every spare line keeps more of it on its own page), else it
    is shared by the stacked parts in proportion to their depth.
    """
    if cut.story >= 0:
        return [(cut.story, Module(column, columns, line, lines))]
    assert cut.first and cut.second
    if cut.kind == "side":
        k1 = cut.first_columns
        return (assign(cut.first, column, line, k1, lines, grow)
                + assign(cut.second, column + k1, line, columns - k1, lines, grow))
    spare = lines - cut.depth
    if _holds(cut.second, grow):
        top = cut.first.depth
    elif _holds(cut.first, grow):
        top = cut.first.depth + spare
    else:
        top = cut.first.depth + spare * cut.first.depth // max(cut.depth, 1)
    return (assign(cut.first, column, line, columns, top, grow)
            + assign(cut.second, column, line + top, columns, lines - top, grow))


def _holds(cut: Cut, stories: frozenset[int]) -> bool:
    if cut.story >= 0:
        return cut.story in stories
    return _holds(cut.first, stories) or _holds(cut.second, stories)
