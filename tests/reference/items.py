"""The item path's columns: a paragraph's items transposed, for ItemRows and set_lines.

Each item's kind is one byte (so legal breaks are found on a byte string: glue right after a
box is b"BG"), and what it adds to a line's natural width, finite stretch and shrink (0.0 where
it adds nothing: a penalty's width counts only when its break is taken, and a FILL glue's
stretch is counted by kind).
"""
from __future__ import annotations

from typeset.text.items import FIL, INF, Box, Glue, Penalty

BOX = 66  # B
GLUE = 71  # G: finite stretch, not a word space
SPACE = 83  # S: finite stretch, text " " (a Latin word space: separates glyph runs)
FILL = 73  # I: stretch >= FIL
PENALTY = 80  # P: a legal break, -INF < penalty < INF
FORCED = 70  # F: penalty <= -INF, must be taken
FORBIDDEN = 88  # X: penalty >= INF, never a break


def boxes(widths, texts, faces, size: float, srcs) -> list[Box]:
    """Boxes from parallel iterables, one size."""
    return [Box(w, t, f, size, k) for w, t, f, k in zip(widths, texts, faces, srcs)]


def kind(it) -> int:
    """The kind code of an item."""
    if type(it) is Box:
        return BOX
    if type(it) is Glue:
        return FILL if it.stretch >= FIL else SPACE if it.text == " " else GLUE
    return FORBIDDEN if it.penalty >= INF else FORCED if it.penalty <= -INF else PENALTY


class Columns:
    """A paragraph's items transposed: kinds (bytes), width, stretch, shrink, text, face, size, src."""

    __slots__ = ("face", "kinds", "shrink", "size", "src", "stretch", "text", "width")

    def __init__(self, items):
        kinds = [kind(it) for it in items]
        self.kinds = bytes(kinds)
        self.width = tuple(0.0 if type(it) is Penalty else it.width for it in items)
        self.stretch = tuple(it.stretch if k in (GLUE, SPACE) else 0.0 for it, k in zip(items, kinds))
        self.shrink = tuple(it.shrink if type(it) is Glue else 0.0 for it in items)
        self.text = tuple(it.text for it in items)
        self.face = tuple(it.face if type(it) is not Glue else "" for it in items)
        self.size = tuple(it.size if type(it) is not Glue else 0.0 for it in items)
        self.src = tuple(it.src if type(it) is not Penalty else -1 for it in items)
