"""A set line as the composer hands it on: Glyphs runs on a Line, and the arithmetic both share.

`Glyphs` is characters on the line's baseline in one face and size with one
extra space after every character (PDF Tc); `Line` is one set line (its
runs, measure, width, the offsets of its text, hyphenated, the ratio its
glue was set at, marks set short and a hanging mark's ink). They are
frozen records on tuples, as items.py's items are (a column sets tens of
thousands of lines: a tuple is made in one call and the garbage collector
can stop tracking it). `adjustment_ratio` is how far a line's glue is set;
`line_glyphs` makes one run. setter.py makes the lines.

A glyph's x may be negative: an opening mark at a line start that lost its
blank half is drawn half an em left of the line, so its ink starts at 0.
"""
from __future__ import annotations

from .items import ItemBase, field_getter
from .kp_params import EPS

new_tuple = tuple.__new__
SAME_GAP = 1e-6  # points: gaps closer than this are one char_space


class Glyphs(ItemBase):
    """Characters on the line's baseline in one face and size.

    Fields: x (offset from the line's left edge, points), text, face (face
    id from Metrics.face_for), size, char_space (extra space after EVERY
    character of text: PDF Tc). A frozen record on a tuple, as items.py's
    items are (a column sets tens of thousands of lines: a tuple is made in
    one call and the garbage collector can stop tracking it).
    """

    __slots__ = ()
    _fields = __match_args__ = ("x", "text", "face", "size", "char_space")

    def __new__(cls, x: float, text: str, face: str, size: float, char_space: float = 0.0):
        return new_tuple(cls, (x, text, face, size, char_space))

    x = field_getter(0, "offset from the line's left edge, points")
    text = field_getter(1, "the characters")
    face = field_getter(2, "face id from Metrics.face_for")
    size = field_getter(3, "points")
    char_space = field_getter(4, "extra space after every character of text (PDF Tc)")


class Line(ItemBase):
    """One set line. `width` is where its ink ends, from the line's left edge.

    Fields: glyphs (a tuple of Glyphs), measure (the width it was set to),
    width (actual set width, see below), start and end (offsets in
    Composed.text of its first character and one past its last), hyphenated
    (it ends with an inserted hyphen), ratio (the adjustment ratio its glue
    was set at: > 0 stretched, < 0 shrunk), compressed (punctuation marks set
    narrower than their style's width, setter._marks), hang (points of a
    hanging mark's ink past the measure, 0 unless hanging).

    A justified line that is not a paragraph's last has `width - hang ==
    measure` (within 0.01 pt) whenever its glue allows. Only with hanging
    punctuation (compose(hanging=True)) may `width` exceed `measure`, by
    `hang`: the ink of a line-end ，。、 set outside the measure (half an em for
    a mainland mark). `compressed` and `hang` are filled in by compose.
    """

    __slots__ = ()
    _fields = __match_args__ = ("glyphs", "measure", "width", "start", "end", "hyphenated", "ratio", "compressed",
                                "hang")

    def __new__(cls, glyphs: tuple[Glyphs, ...], measure: float, width: float, start: int, end: int,
                hyphenated: bool = False, ratio: float = 0.0, compressed: int = 0, hang: float = 0.0):
        return new_tuple(cls, (glyphs, measure, width, start, end, hyphenated, ratio, compressed, hang))

    glyphs = field_getter(0, "the line's glyph runs")
    measure = field_getter(1, "the width it was set to")
    width = field_getter(2, "actual set width")
    start = field_getter(3, "offset of its first character")
    end = field_getter(4, "offset one past its last character")
    hyphenated = field_getter(5, "ends with an inserted hyphen")
    ratio = field_getter(6, "adjustment ratio of its glue")
    compressed = field_getter(7, "marks set narrower than the style sets them")
    hang = field_getter(8, "hanging ink past the measure")


def adjustment_ratio(natural: float, stretch: float, shrink: float, measure: float, fill: bool) -> float:
    if abs(measure - natural) <= 1e-9:
        return 0.0  # sets solid: every character stays on the grid
    if natural > measure + EPS:
        return max(-1.0, (measure - natural) / shrink) if shrink > 0 else 0.0
    if fill and natural < measure and stretch > 0:
        return (measure - natural) / stretch
    return 0.0


def line_glyphs(x: float, text: str, face: str, size: float, gap: float | None, shift: float,
            tracking: float) -> Glyphs:
    gap = tracking if gap is None else gap
    if abs(gap) < 1e-9:
        gap = 0.0
    return new_tuple(Glyphs, (x + shift, text, face, size, gap))
