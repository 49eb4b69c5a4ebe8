"""The planner's score, as a layout sets it: weights a designer can read and tune.

The planner (planner.py) picks, per page, the arrangement of modules of
least cost. Each term is a number the report prints per page, so a
designer who finds a page wrong can see which term decided it and change
its weight in the layout's `planner:` section:

    planner:
      hole_tolerance: 0.03   # blank share of the free area a page may keep
      headline_space: 3      # grid lines of air a headline group may gain
      min_jump_lines: 8      # a jump moves at least this many body lines
      leg_lines: [12, 45%]   # body column depth outside this range costs
      lead_photo: under_headline   # or beside_headline
      tombstone_ratio: 1.25  # headlines side by side closer in size than this are a tombstone
      headline_step: 2       # headline sizes down the scale per priority level below the lead
      max_jumps: 1           # times one story may jump: 1 = in two parts at most
      photo_depth: [0.6, 1.6]  # a photo's depth may be cropped to this range of its natural depth
      weights: {hole: 1, jump: 60, ...}

Costs are in "column-lines" (one grid line of one column), so a weight
says how many blank column-lines one unit of the term is worth.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import Diagnostics, Loc
from .yamlsafe import YMap

WEIGHTS = {
    "hole": 4.0,             # per blank column-line left in the free area
    "jump": 100.0,           # per article jumping where its continues_on allows
    "unplanned_jump": 1000.0,  # per article jumping with no continues_on (the page cannot hold it)
    "jump_lines": 0.5,       # per body line a jump moves to another page
    "headline_lines": 25.0,  # per headline line beyond the first
    "headline_size": 60.0,   # (1 - size/largest) of a headline, times 1/priority: important stories run big
    "tombstone": 150.0,      # per pair of like-sized headlines side by side at one height
    "photo_top": 20.0,       # a photo set above its headline group, not under it
    "leg": 3.0,              # per grid line a body column runs deeper or shallower than leg_lines allows
    "photo_crop": 3.0,       # per column-line of photo depth cropped away to make a module fit
    "display_rule": 400.0,   # per display block that wraps but cannot break between words, no short line
}


LEAD_PHOTO = ("under_headline", "beside_headline")


@dataclass(frozen=True)
class PlannerSettings:
    hole_tolerance: float = 0.03
    headline_space: int = 3
    min_jump_lines: int = 8
    min_leg: int = 12
    max_leg: float = 0.45  # a share of the page's grid lines when < 1, else grid lines
    lead_photo: str = "under_headline"  # or "beside_headline": a lead story's photo beside its headline group
    tombstone_ratio: float = 1.25  # side-by-side headlines closer in size than this read as a pair
    headline_step: int = 2  # sizes down the headline scale per priority level below the lead
    max_jumps: int = 1  # times one story may jump (1: it runs in two parts at most)
    photo_depth: tuple[float, float] = (0.6, 1.6)  # the crop range of a photo's depth, of its natural depth
    weights: dict[str, float] = field(default_factory=lambda: dict(WEIGHTS))

    def w(self, term: str) -> float:
        return self.weights[term]

    def max_leg_lines(self, page_lines: int) -> int:
        return int(self.max_leg * page_lines) if self.max_leg < 1 else int(self.max_leg)


def read_planner(data: object, path: Path, diags: Diagnostics) -> PlannerSettings:
    """The layout's `planner:` mapping (absent: the defaults), every problem reported with its line."""
    settings = PlannerSettings()
    if data is None:
        return settings
    if not isinstance(data, YMap):
        diags.error("layout section 'planner' must be a mapping", Loc(path, 0), "see layouts/tabloid-zh.yaml")
        return settings
    known = {"hole_tolerance", "headline_space", "min_jump_lines", "leg_lines", "lead_photo", "tombstone_ratio",
             "headline_step", "max_jumps", "photo_depth", "weights"}
    for key in data:
        if key not in known:
            diags.error(f"unknown key '{key}' in planner", Loc(path, data.line_of(key)),
                        f"allowed keys: {', '.join(sorted(known))}")
    changes: dict = {}
    tol = data.get("hole_tolerance", settings.hole_tolerance)
    if not _number(tol) or not 0 <= tol < 1:
        diags.error(f"planner.hole_tolerance is {tol!r}", Loc(path, data.line_of("hole_tolerance")),
                    "give a share of the page between 0 and 1, such as 0.03")
    else:
        changes["hole_tolerance"] = float(tol)
    ratio = data.get("tombstone_ratio", settings.tombstone_ratio)
    if not _number(ratio) or ratio < 1:
        diags.error(f"planner.tombstone_ratio is {ratio!r}", Loc(path, data.line_of("tombstone_ratio")),
                    "give a size ratio >= 1, such as 1.25 (1 turns tombstone checks off)")
    else:
        changes["tombstone_ratio"] = float(ratio)
    depth = data.get("photo_depth", list(settings.photo_depth))
    if not (isinstance(depth, list) and len(depth) == 2 and all(_number(v) for v in depth)
            and 0 < depth[0] <= 1 <= depth[1]):
        diags.error(f"planner.photo_depth is {depth!r}", Loc(path, data.line_of("photo_depth")),
                    "give [least, most] of a photo's natural depth, the least at most 1 and the most at "
                    "least 1, such as [0.6, 1.6]")
    else:
        changes["photo_depth"] = (float(depth[0]), float(depth[1]))
    jumps = data.get("max_jumps", settings.max_jumps)
    if not isinstance(jumps, int) or isinstance(jumps, bool) or jumps < 0:
        diags.error(f"planner.max_jumps is {jumps!r}", Loc(path, data.line_of("max_jumps")),
                    "give how often one story may jump: 0 (never), 1 (two parts at most), ...")
    else:
        changes["max_jumps"] = jumps
    for key in ("headline_space", "min_jump_lines", "headline_step"):
        value = data.get(key, getattr(settings, key))
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            diags.error(f"planner.{key} is {value!r}", Loc(path, data.line_of(key)), "give a whole number of grid lines")
        else:
            changes[key] = value
    if "leg_lines" in data:
        legs = data["leg_lines"]
        parsed = _leg_range(legs)
        if parsed is None:
            diags.error(f"planner.leg_lines is {legs!r}", Loc(path, data.line_of("leg_lines")),
                        "give [least, most] grid lines of a body column, the most also as a share: [6, 45%]")
        else:
            changes["min_leg"], changes["max_leg"] = parsed
    lead_photo = data.get("lead_photo", settings.lead_photo)
    if lead_photo not in LEAD_PHOTO:
        diags.error(f"planner.lead_photo is {lead_photo!r}", Loc(path, data.line_of("lead_photo")),
                    f"use one of: {', '.join(LEAD_PHOTO)}")
    else:
        changes["lead_photo"] = lead_photo
    weights = dict(WEIGHTS)
    given = data.get("weights", YMap())
    if not isinstance(given, YMap):
        diags.error("planner.weights must be a mapping of term: weight", Loc(path, data.line_of("weights")),
                    f"terms: {', '.join(WEIGHTS)}")
        given = YMap()
    for term, value in given.items():
        if term not in WEIGHTS:
            diags.error(f"unknown planner weight '{term}'", Loc(path, given.line_of(term)),
                        f"terms: {', '.join(WEIGHTS)}")
        elif not _number(value) or value < 0:
            diags.error(f"planner weight '{term}' is {value!r}", Loc(path, given.line_of(term)),
                        "give a number >= 0")
        else:
            weights[term] = float(value)
    changes["weights"] = weights
    return replace(settings, **changes)


def _number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _leg_range(value: object) -> tuple[int, float] | None:
    if not isinstance(value, list) or len(value) != 2 or not isinstance(value[0], int):
        return None
    most = value[1]
    if isinstance(most, str) and most.endswith("%"):
        try:
            most = float(most[:-1]) / 100
        except ValueError:
            return None
        if not 0 < most < 1:
            return None
    elif not isinstance(most, int) or most < value[0]:
        return None
    return value[0], most
