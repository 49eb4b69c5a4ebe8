"""The Knuth-Plass vocabulary: what the script rules say between two characters.

The script rules (cjk.py, latin.py) say what joins two characters as these items -- glue that
stretches and shrinks, penalties that allow, forbid or price a break, empty boxes that survive a
break -- and junctions.py sums them into the one record per junction that the rows hold, so the
breaker (knuthplass.py) knows nothing of scripts or fonts. tests/reference/ spells whole
paragraphs in them, one box per character, to check the rows against. `src` fields are offsets
into the paragraph's normalised text.
"""
from __future__ import annotations

from typing import NamedTuple

INF = 10000  # a penalty >= INF forbids the break; <= -INF forces it
FIL = 1e9  # stretch of the finishing glue: "infinite" next to any real glue


class Box(NamedTuple):
    """Something printed: characters in one face at one size (an empty one holds a place)."""

    width: float  # advance plus tracking, points
    text: str = ""
    face: str = ""  # face id from Metrics.face_for
    size: float = 0.0  # points
    src: int = -1  # offset of text[0] in the paragraph's normalised text


class Glue(NamedTuple):
    """Space that may stretch or shrink; a line may break at glue right after a box. `text` is what
    it stands for in mid-line: " " for a Latin word space, "" for the glue between ideographs."""

    width: float
    stretch: float  # >= FIL is infinite
    shrink: float
    text: str = ""
    src: int = -1  # offset of the written space, -1 for none


class Penalty(NamedTuple):
    """A possible break with a cost: its width joins the line if it is taken, and its text (a hyphen)
    is printed at the line's end."""

    width: float
    penalty: float  # >= INF forbids, <= -INF forces
    flagged: bool = False  # a hyphen: consecutive flagged breaks cost more
    text: str = ""
    face: str = ""
    size: float = 0.0


Item = Box | Glue | Penalty
