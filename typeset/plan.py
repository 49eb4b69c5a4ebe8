"""PagePlan: the neutral display list every backend draws from.

Everything the layout stages decide ends here as positioned items in page
points (top-left origin of the trim box, y down): glyph runs, images, rules,
boxes. Only `render/pdf.py` turns this into a canvas; `render/dump.py`
writes one stable line per item for golden tests. Items are frozen and
ordered in reading order (what text extraction should give back).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .units import Rect


@dataclass(frozen=True)
class TextRun:
    """Characters on one baseline, in one face and size.

    `x`, `y` are the origin of the first glyph on the baseline. `char_space`
    is extra space after every character (PDF Tc), used by justified CJK.
    `article` and `role` tag the run for dumps, previews and tests. `angle`
    turns the run clockwise about its origin, in degrees (90: Latin in a
    vertical headline, reading down).
    """

    x: float
    y: float
    text: str
    face: str
    size: float
    char_space: float = 0.0
    article: str = ""
    role: str = ""
    angle: float = 0.0


@dataclass(frozen=True)
class ImageItem:
    """A photo placed in `frame`, cropped about its centre to the frame's aspect.

    `crop` is the source pixel box (left, top, right, bottom) after EXIF
    orientation; the backend crops, converts and embeds.
    """

    frame: Rect
    file: Path
    crop: tuple[int, int, int, int]
    article: str = ""


@dataclass(frozen=True)
class RuleItem:
    """A straight line from (x1, y1) to (x2, y2), `width` pt, in black (grey 0..1)."""

    x1: float
    y1: float
    x2: float
    y2: float
    width: float = 0.5
    grey: float = 0.0


@dataclass(frozen=True)
class BoxItem:
    """A rectangle, stroked and/or filled with grey (0 = black, 1 = white, None = none)."""

    rect: Rect
    stroke: float | None = 0.0
    fill: float | None = None
    width: float = 0.5


PlanItem = TextRun | ImageItem | RuleItem | BoxItem


@dataclass(frozen=True)
class ModuleInfo:
    """Where an article landed, for the report and overlays (grid units and points)."""

    article: str
    column: int
    columns: int
    line: int
    lines: int
    rect: Rect
    body_lines: int
    overset_chars: int = 0
    units: tuple[int, int] = (0, 0)  # (first, end): the article's body units this module holds


@dataclass(frozen=True)
class PagePlan:
    folio: int
    template: str
    width: float  # trim size, points
    height: float
    bleed: float
    items: tuple[PlanItem, ...]
    modules: tuple[ModuleInfo, ...] = ()
    notes: tuple[str, ...] = field(default=())
    score: dict = field(default_factory=dict, compare=False)  # the planner's score and terms, for the report
