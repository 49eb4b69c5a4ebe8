"""The line breaker: items + line widths -> break indices. Knows no scripts and no fonts.

Contract: `break_lines(items, width_of_line, params=None)` returns the
indices of the items where lines end; the last is the paragraph's final
forced penalty ([] when there is no box to set). Line n (0-based) is set to
`width_of_line(n)` -- a function, or one number for every line -- so lines
beside a photo or after a jump may differ. Line n holds the items from its
start (the first Box after the previous break; glue and penalties there are
discarded) up to but not including the break item; a Penalty taken as a
break adds its width (a hyphen, or a negative width that trims a line-end
mark).

The items must end with a forced break (itemize.py ends every paragraph
with `Glue(0, FIL, 0), Penalty(w, -INF)`). Legal breakpoints (TeX's rules):
a Glue directly after a Box, or a Penalty below INF; a Penalty at or below
-INF must be taken. Glue whose stretch is at least FIL is "infinite" (the
paragraph's finishing glue): a short line that holds it is not underfull.

The breaking is Knuth & Plass's total fit (knuthplass.py): the whole
paragraph's demerits are minimised, with fitness classes, hyphen demerits,
at most `max_consecutive_hyphens` hyphenated lines in a row, looseness and
TeX's passes; `BreakParams` documents the knobs and their defaults. A finite
penalty on a break is honoured as a cost; an INF one is never taken when any
legal breaking fits.

Emergency (kp_emergency.py): when no legal breaking fits -- a box wider than
the measure, a long URL in a narrow column -- lines are cut where they must:
at a forbidden penalty or glue, or between two boxes (a URL is split by
characters). The cuts minimise, in order, the lines wider than their
measure (only a line holding a single box too wide for it may be one), the
forbidden cuts, then demerits. `is_legal(items, b)` tells a caller whether
a returned break was such a cut (compose.py reports those lines in
`Composed.overfull`); `break_paragraph` also says which pass found the
breaks ("emergency" for these), for the quality report.

This module is the public facade: the entry points and the names callers
import (`EPS`, `FIL`, `BreakParams`, `Breaking`, `is_legal`, `next_start`),
re-exported from the modules that own them.
"""
from __future__ import annotations

from collections.abc import Sequence

from .items import Item
from .knuthplass import EPS, FIL, Breaking, BreakParams, Measure, total_fit
from .kp_emergency import emergency_breaks, is_legal, next_start

__all__ = ["EPS", "FIL", "BreakParams", "Breaking", "break_lines", "break_paragraph", "is_legal", "next_start"]


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
