"""Body flow: grid-line units down a module's columns, left to right.

Because every body line sits on the baseline grid and the column width is
fixed by the grid, an article's body is composed once into `Unit`s (a body
line is one grid line, a subhead a block of a few) and flowing is pure
arithmetic on grid lines. "Column full" is a return value: `flow` says how
many units it placed and the caller decides to jump or report overset.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..reading.style import Style
from ..text import Line


@dataclass(frozen=True)
class Unit:
    """One grid-aligned piece of body: a body line (height 1) or a subhead block."""

    kind: str  # "line" | "subhead"
    lines: tuple[Line, ...]
    style: Style
    height: int  # grid lines
    keep_with_next: int = 0  # lines of what follows that must stand in the same column
    chars: int = 0  # printed characters, for overset reports


@dataclass(frozen=True)
class Placement:
    unit: int  # index into the unit list
    column: int  # column index within the module
    line: int  # grid line (module-relative) of the unit's top


def flow(units: tuple[Unit, ...], starts: list[int], ends: list[int], first: int = 0, *,
         record: bool = True) -> tuple[list[Placement], int]:
    """Place units[first:] down columns c = 0.. between starts[c] and ends[c] (exclusive).

    Returns the placements and the index of the first unit not placed
    (len(units) when everything fit). A subhead never ends a column: it
    moves on unless it and `keep_with_next` following lines fit. Without
    `record` only that index is worked out (no placements are made): the
    planner asks it of many depths.
    """
    placed: list[Placement] = []
    i = first
    for col, (line, end) in enumerate(zip(starts, ends)):
        while i < len(units):
            unit = units[i]
            need = unit.height + _kept_lines(units, i) if unit.keep_with_next else unit.height
            if line + need > end:
                # A unit too tall for any empty column still goes in, so flow always progresses.
                if line == starts[col] and unit.height <= end - line:
                    pass
                else:
                    break
            if record:
                placed.append(Placement(i, col, line))
            line += unit.height
            i += 1
        if i == len(units):
            break
    return placed, i


def _kept_lines(units: tuple[Unit, ...], i: int) -> int:
    """Height of the lines that must follow unit i in its column (subhead + first lines)."""
    need, j = 0, i + 1
    while need < units[i].keep_with_next and j < len(units):
        need += units[j].height
        j += 1
    return min(need, units[i].keep_with_next) if need else 0


def balanced_depth(units: tuple[Unit, ...], starts: list[int], max_depth: int, first: int = 0) -> int | None:
    """The smallest depth at which all units fit with every column ending at it, or None.

    Filling columns to the smallest depth that holds everything ends them
    level (at most a line or a kept block apart), the balanced module a
    layout editor expects.
    """
    total = sum(u.height for u in units[first:])
    if total == 0:
        return max(starts, default=0)
    k = len(starts)
    lower = max(min(starts) + 1, -(-(total + sum(starts)) // k))
    for depth in range(lower, max_depth + 1):
        _, rest = flow(units, starts, [depth] * k, first, record=False)
        if rest == len(units):
            return depth
    return None
