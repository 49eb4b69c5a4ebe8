"""Where a page's ads stand: the ad dummy comes first, editorial fills what is left.

The ad desk books each ad by width in columns and height (issue.yaml,
source.py); the page's free area is the grid below the masthead or folio
zone and above the imprint band. An ad with `at` stands where it says
(bottom-left, bottom-right, bottom: centred, top-left, top-right); the
others are stacked the way ad desks do, a pyramid: bottom up, the
largest first, toward the outside edge of the page (the right on an odd
page, the left on an even one), each on top of what is already there.
The editorial holes around the ads are then planned like any free area
(slots.free_regions and share).

Positions are in grid units: (first column, first line of the free area,
columns, lines). An ad that cannot stand on the page (wider than the
grid, taller than the free area, or over another ad) is reported, not
placed.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

POSITIONS = ("bottom-left", "bottom-right", "bottom", "top-left", "top-right")


@dataclass(frozen=True)
class Booking:
    """One ad as the page sees it: its size in grid units, where it asks to stand, its place in the
    dummy (for stable ordering) and a name for messages."""

    name: str
    columns: int
    lines: int  # grid lines the ad's box takes (its booked height, rounded up to the grid)
    at: str | None = None
    index: int = 0
    file: Path | None = None  # the ad itself, and its pixel size (drawing, report)
    height: float = 0.0  # the booked height in points
    width_px: int = 0
    height_px: int = 0


@dataclass(frozen=True)
class Placed:
    booking: Booking
    column: int
    line: int

    @property
    def rect(self) -> tuple[int, int, int, int]:
        return (self.column, self.line, self.booking.columns, self.booking.lines)


def place_ads(bookings: list[Booking], columns: int, lines: int,
              folio: int) -> tuple[list[Placed], list[tuple[Booking, str]]]:
    """The ads placed on a page of `columns` x `lines` free grid lines, and each that cannot stand
    there with the reason."""
    placed: list[Placed] = []
    problems: list[tuple[Booking, str]] = []
    # How far down from the top, and up from the bottom, each column is taken.
    top = [0] * columns
    bottom = [lines] * columns
    outside_right = folio % 2 == 1
    fixed = [b for b in bookings if b.at]
    stacked = sorted((b for b in bookings if not b.at), key=lambda b: (-b.columns * b.lines, -b.lines, b.index))
    for booking in fixed + stacked:
        if booking.columns > columns or booking.lines > lines or booking.columns < 1 or booking.lines < 1:
            problems.append((booking, f"ad {booking.name} ({booking.columns} columns x {booking.lines} lines) does "
                                      f"not fit the page's free area ({columns} columns x {lines} lines)"))
            continue
        at = booking.at or ("bottom-right" if outside_right else "bottom-left")
        if at.endswith("left"):
            first = 0
        elif at.endswith("right"):
            first = columns - booking.columns
        else:  # "bottom": centred
            first = (columns - booking.columns) // 2
        span = range(first, first + booking.columns)
        if at.startswith("top"):
            line = max(top[c] for c in span)
        else:
            line = min(bottom[c] for c in span) - booking.lines
        if line < 0 or line + booking.lines > lines or any(_overlaps(line, booking.lines, c, placed) for c in span):
            problems.append((booking, f"ad {booking.name} ({booking.columns} columns x {booking.lines} lines, "
                                      f"{at}) has no room left on the page beside the other ads"))
            continue
        for c in span:
            if at.startswith("top"):
                top[c] = line + booking.lines
            else:
                bottom[c] = line
        placed.append(Placed(booking, first, line))
    return placed, problems


def _overlaps(line: int, height: int, column: int, placed: list[Placed]) -> bool:
    return any(p.column <= column < p.column + p.booking.columns and line < p.line + p.booking.lines
               and p.line < line + height for p in placed)


def ad_area(placed: list[Placed]) -> int:
    """Column-lines the ads take."""
    return sum(p.booking.columns * p.booking.lines for p in placed)
