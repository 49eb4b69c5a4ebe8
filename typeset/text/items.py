"""The Knuth-Plass vocabulary: the contract between script rules and the line breaker.

Script rules (cjk.py, latin.py) only *produce* these items; the breaker
(knuthplass.py, over the rows junctions.py sums them into) knows nothing of scripts or fonts.
`src` fields are offsets into the paragraph's normalised text, so a test can
prove that every character ends up on exactly one line.

Box, Glue and Penalty behave as frozen records: keyword or positional
construction with the fields below, read-only attributes, equality only
between items of the same class with equal fields, hashing, and a
dataclass-style repr. They are immutable tuples underneath, for speed: a
paragraph makes two items per character, and a tuple is several times
cheaper to make than a frozen dataclass (which sets each field through
object.__setattr__). Each tuple starts with what the breaker and the line
setter add up -- a kind code, then the item's contribution to a line's
width, stretch and shrink -- followed by the text, face, size and src
slots, so tests/reference/items.Columns transposes a paragraph into those
columns in one C-level pass (`zip(*items)`). These
leading slots are derived from the fields, so equal fields mean equal
tuples; the attributes are the interface, the slot order is private.
"""
from __future__ import annotations

from operator import itemgetter

try:  # the C accessor namedtuple uses; a property is the portable fallback
    from _collections import _tuplegetter as field_getter
except ImportError:  # pragma: no cover
    def field_getter(index, doc):
        return property(itemgetter(index), doc=doc)

INF = 10000  # a penalty >= INF forbids the break; <= -INF forces it
FIL = 1e9  # stretch of the finishing glue: "infinite" next to any real glue (kp_params re-exports it)

# Kind codes (first slot of every item, one byte each in Columns.kinds).
BOX = 66  # B
GLUE = 71  # G: finite stretch, not a word space
SPACE = 83  # S: finite stretch, text " " (a Latin word space: separates glyph runs)
FILL = 73  # I: stretch >= FIL
PENALTY = 80  # P: a legal break, -INF < penalty < INF
FORCED = 70  # F: penalty <= -INF, must be taken
FORBIDDEN = 88  # X: penalty >= INF, never a break

_new = tuple.__new__
_eq = tuple.__eq__


class ItemBase(tuple):
    """Shared behaviour: same-class equality, tuple hashing, dataclass-style repr, pickling."""

    __slots__ = ()
    _fields: tuple[str, ...] = ()

    def __eq__(self, other):
        return type(other) is type(self) and _eq(self, other)

    def __ne__(self, other):
        return not (type(other) is type(self) and _eq(self, other))

    __hash__ = tuple.__hash__

    def __repr__(self) -> str:
        args = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__name__}({args})"

    def __getnewargs__(self):
        return tuple(getattr(self, name) for name in self._fields)


class Box(ItemBase):
    """Something printed: one or more characters set in one face at one size.

    Fields: width, text, face, size, src (offset of text[0] in the
    paragraph's normalised text, -1 for none).
    """

    __slots__ = ()
    _fields = __match_args__ = ("width", "text", "face", "size", "src")

    def __new__(cls, width: float, text: str, face: str, size: float, src: int = -1):
        return _new(cls, (BOX, width, 0.0, 0.0, text, face, size, src))

    width = field_getter(1, "advance plus tracking, points")
    text = field_getter(4, "the characters")
    face = field_getter(5, "face id from Metrics.face_for")
    size = field_getter(6, "points")
    src = field_getter(7, "offset of text[0] in the paragraph's normalised text")


class Glue(ItemBase):
    """Space that may stretch or shrink; a break may follow a box here.

    Fields: width, stretch, shrink, text, src. `text` is what the space
    stands for when it is not at a break (" " for a Latin word space, "" for
    the invisible glue between ideographs).
    """

    __slots__ = ()
    _fields = __match_args__ = ("width", "stretch", "shrink", "text", "src")

    def __new__(cls, width: float, stretch: float, shrink: float, text: str = "", src: int = -1):
        if stretch >= FIL:
            return _new(cls, (FILL, width, 0.0, shrink, text, "", 0.0, src, stretch))
        return _new(cls, (SPACE if text == " " else GLUE, width, stretch, shrink, text, "", 0.0, src, stretch))

    width = field_getter(1, "points")
    stretch = field_getter(8, "points; >= FIL is infinite")
    shrink = field_getter(3, "points")
    text = field_getter(4, "what the space stands for in mid-line")
    src = field_getter(7, "offset of the written space, -1 for none")


class Penalty(ItemBase):
    """A possible break with a cost; `text` is printed at the line end if taken (a hyphen).

    Fields: width, penalty, flagged, text, face, size.
    """

    __slots__ = ()
    _fields = __match_args__ = ("width", "penalty", "flagged", "text", "face", "size")

    def __new__(cls, width: float, penalty: float, flagged: bool = False, text: str = "", face: str = "",
                size: float = 0.0):
        kind = FORBIDDEN if penalty >= INF else FORCED if penalty <= -INF else PENALTY
        return _new(cls, (kind, 0.0, 0.0, 0.0, text, face, size, -1, width, penalty, flagged))

    width = field_getter(8, "points, added to the line if the break is taken")
    penalty = field_getter(9, "cost; >= INF forbids, <= -INF forces")
    flagged = field_getter(10, "a hyphen: consecutive flagged breaks cost more")
    text = field_getter(4, "printed at the line end if taken")
    face = field_getter(5, "face of `text`")
    size = field_getter(6, "size of `text`")


Item = Box | Glue | Penalty
