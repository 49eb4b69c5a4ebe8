"""The total-fit breaker's knobs (`BreakParams`, `DEFAULT`), result (`Breaking`) and constants, and
what one pass's loops read (`PassSpec`, `pass_specs`); shared by the breaker and the emergency cut."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from math import inf


EPS = 1e-6  # points; widths are sums of floats
INF_BAD = 10000.0  # TeX's inf_bad: the badness of an unstretchable line, and the cap
AWFUL_BAD = 1e6  # the cap in the any-badness pass (r about 21)
SLACK = 1e-3  # points the window bound may err by, towards looking at one more candidate

VERY_LOOSE, LOOSE, DECENT, TIGHT = 0, 1, 2, 3  # TeX's fitness classes

Measure = float | Callable[[int], float]  # a line's measure from its 0-based number, or one for all


@dataclass(frozen=True, slots=True)
class BreakParams:
    """TeX-like knobs of the total-fit breaker; badness is TeX's 100 |r|^3, the demerits plain TeX's.

    The defaults serve Chinese and English alike. Chinese lines have little stretch (1/16 em per
    gap), so pushing one character down (后推出) stretches ~10 gaps by an em: r ~ 1.6-1.8 (badness
    400-600) in an 11-em column, ~2.3 on an indented first line; `tolerance` 2000 (r up to 2.7)
    admits that, while 10-character lines with a 孤字 left over stay out. `pretolerance` 100 keeps
    TeX's quick first pass (two Chinese paragraphs in three are done there). An English column of
    25-30 characters often needs more than any tolerance allows: the any-badness pass's uncapped
    badness spreads the looseness as TeX's emergency stretch would, so that is off.
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


class PassSpec:
    """One pass's constants, shared by the best-fit bound and the dynamic programme.

    Read only. It depends on the paragraph through two flags alone, so
    `pass_specs` makes each pass's once per kind of paragraph, not once per
    paragraph.
    """

    __slots__ = ("cap", "capped", "extra", "flagged", "maxh", "p", "rigid", "rmax", "stop", "threshold")

    def __init__(self, p: BreakParams, threshold: float, flagged: bool, extra: float, capped: bool,
                 flagged_any: bool, monotone: bool):
        self.p, self.threshold, self.extra, self.capped = p, threshold, extra, capped
        self.flagged = flagged or not flagged_any  # may this pass end a line at a flagged break?
        bounded = capped and threshold < INF_BAD
        # a ratio limit with a hair of tolerance, so a line at exactly the limit stays feasible
        self.rmax = (max(threshold, 0.0) / 100.0) ** (1.0 / 3.0) * (1 + 1e-9) + 1e-12 if bounded else inf
        self.cap = INF_BAD if capped else AWFUL_BAD
        self.rigid = not bounded  # may a line with no stretch at all be underfull?
        self.stop = bounded and monotone  # may the scan stop at the first end too short to stretch?
        h = p.max_consecutive_hyphens
        self.maxh = h if 0 < h < 15 else 1 << 30  # the count saturates at 15: more means no limit


def passes(p: BreakParams) -> list[tuple[str, float, bool, float, bool]]:
    """TeX's passes: name, max badness, flagged breaks tried, extra stretch, badness capped."""
    out = []
    if p.pretolerance >= 0:
        out.append(("pretolerance", p.pretolerance, False, 0.0, True))
    out.append(("tolerance", p.tolerance, True, 0.0, True))
    if p.emergency_stretch > 0:
        out.append(("emergency_stretch", p.tolerance, True, p.emergency_stretch, True))
    out.append(("any_badness", inf, True, 0.0, False))
    return out


def pass_specs(P, p: BreakParams) -> tuple[tuple[str, PassSpec], ...]:
    """Each pass's name and constants for paragraph P, in order (made once per params and kind of paragraph)."""
    return _specs(p, bool(P.flagged_any), bool(P.monotone))


@lru_cache(maxsize=64)
def _specs(p: BreakParams, flagged_any: bool, monotone: bool) -> tuple[tuple[str, PassSpec], ...]:
    return tuple((name, PassSpec(p, threshold, flagged, extra, capped, flagged_any, monotone))
                 for name, threshold, flagged, extra, capped in passes(p))

