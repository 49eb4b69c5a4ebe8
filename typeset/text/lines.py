"""A set line as the composer hands it on (Glyphs runs on a Line): named tuples, made in one call each
(a column sets tens of thousands). A glyph's x may be negative: an opening mark at a line start that
lost its blank half is drawn half an em left of the line, so its ink starts at 0."""
from __future__ import annotations

from typing import NamedTuple

from .kp_params import EPS

new_tuple = tuple.__new__
SAME_GAP = 1e-6  # points: gaps closer than this are one char_space


class Glyphs(NamedTuple):
    """Characters on the line's baseline in one face and size."""

    x: float  # offset from the line's left edge, points
    text: str
    face: str  # face id from Metrics.face_for
    size: float  # points
    char_space: float = 0.0  # extra space after every character of text (PDF Tc)


class Line(NamedTuple):
    """One set line. `width` is where its ink ends, from the line's left edge.

    A justified line that is not a paragraph's last has `width - hang == measure` (within 0.01 pt)
    whenever its glue allows. Only with hanging punctuation may `width` exceed `measure`, by `hang`:
    the ink of a line-end ，。、 set outside the measure (half an em for a mainland mark).
    """

    glyphs: tuple[Glyphs, ...]
    measure: float  # the width it was set to
    width: float
    start: int  # offset in Composed.text of its first character
    end: int  # one past its last
    hyphenated: bool = False  # it ends with an inserted hyphen
    ratio: float = 0.0  # the adjustment ratio its glue was set at: > 0 stretched, < 0 shrunk
    compressed: int = 0  # punctuation marks set narrower than their style sets them (setter._marks)
    hang: float = 0.0  # points of a hanging mark's ink past the measure


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
