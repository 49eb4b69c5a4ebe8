"""The item path's columns: a paragraph's items transposed in one C-level pass, for ItemRows and set_lines."""
from __future__ import annotations

from itertools import repeat

from typeset.text.items import BOX, Box

_new = tuple.__new__


def boxes(widths, texts, faces, size: float, srcs) -> list[Box]:
    """Boxes from parallel iterables (one size), made without a Python call per box."""
    return list(map(_new, repeat(Box), zip(repeat(BOX), widths, repeat(0.0), repeat(0.0), texts, faces,
                                           repeat(size), srcs)))



class Columns:
    """A paragraph's items transposed, for the breaker and the line setter.

    `kinds` holds one kind code per item (BOX, GLUE, SPACE, FILL, PENALTY,
    FORCED, FORBIDDEN); `width`, `stretch` and `shrink` what each item adds to
    a line's natural width, finite stretch and shrink (0.0 where it adds
    nothing: a penalty's width counts only when its break is taken, and a
    FILL glue's stretch is counted by kind); `text`, `face`, `size`, `src` are
    the fields of those names where the item has them.
    """

    __slots__ = ("face", "kinds", "shrink", "size", "src", "stretch", "text", "width")

    def __init__(self, items):
        if not items:
            self.kinds, self.width = b"", ()
            self.stretch = self.shrink = self.text = self.face = self.size = self.src = ()
            return
        cols = zip(*items)
        self.kinds = bytes(next(cols))
        self.width = next(cols)
        self.stretch = next(cols)
        self.shrink = next(cols)
        self.text = next(cols)
        self.face = next(cols)
        self.size = next(cols)
        self.src = next(cols)
