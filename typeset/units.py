"""Lengths as designers write them ("270mm", "9pt", "1in", "2em") and page rectangles.

All geometry inside the engine is in PostScript points (1/72 in), with the
page origin at the top-left of the trim box and y growing downwards; only
the PDF backend flips to PDF's bottom-up coordinates.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

PT_PER = {"pt": 1.0, "mm": 72 / 25.4, "cm": 720 / 25.4, "in": 72.0, "pc": 12.0, "q": 72 / 25.4 / 4}
_LENGTH = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(pt|mm|cm|in|pc|q|em)?\s*$")


def parse_length(value: object, em: float | None = None) -> float:
    """Parse a length to points. Bare numbers are points; "em" needs `em`.

    Raises ValueError with a readable message; callers turn it into a
    Diagnostic with the file and line of the value.
    """
    if isinstance(value, bool):
        raise ValueError(f"expected a length such as 12pt or 3mm, got {value!r}")
    if isinstance(value, (int, float)):
        return float(value)
    m = _LENGTH.match(str(value))
    if not m:
        raise ValueError(f"expected a length such as 12pt or 3mm, got {value!r}")
    number, unit = float(m.group(1)), (m.group(2) or "pt")
    if unit == "em":
        if em is None:
            raise ValueError(f"{value!r}: em is not allowed here")
        return number * em
    return number * PT_PER[unit]


def mm(value: float) -> float:
    return value * PT_PER["mm"]


@dataclass(frozen=True)
class Rect:
    """A rectangle in page points, top-left origin, y down."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def contains(self, other: "Rect", eps: float = 0.01) -> bool:
        return (
            other.x >= self.x - eps
            and other.y >= self.y - eps
            and other.right <= self.right + eps
            and other.bottom <= self.bottom + eps
        )

    def overlaps(self, other: "Rect", eps: float = 0.01) -> bool:
        return not (
            other.x >= self.right - eps
            or other.right <= self.x + eps
            or other.y >= self.bottom - eps
            or other.bottom <= self.y + eps
        )
