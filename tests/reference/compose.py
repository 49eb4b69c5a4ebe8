"""The item path's compose: what typeset.text.compose did before the rows, item by item.

tests/test_fast_path.py holds the composer to it on random paragraphs and on
the samples: the same lines, glyphs, marks and records (or, where nothing
legal fits, the same characters on reported overfull lines).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

from typeset.fonts.metrics import Metrics
from typeset.model import Run
from typeset.reading.style import Style
from typeset.text.chars import junction_for
from typeset.text.compose import Composed, Fallback, Missing, paragraph_text
from typeset.text.items import Box, Item
from typeset.text.kp_params import EPS
from typeset.text.lines import Line

from .breaker import break_lines, is_legal, next_start
from .itemize import itemize_faces
from .setter import line_marks, set_lines


def compose_items(runs: Sequence[Run], style: Style, metrics: Metrics, measure: float | Callable[[int], float],
                  language: str, *, indent: bool = True, normalise_text: bool = True, justify_last: bool = False,
                  level: str = "strict", punctuation: str | None = None, hanging: bool = False) -> Composed:
    """typeset.text.compose's contract, by items."""
    text, weight = paragraph_text(runs, language, normalise_text)
    width_of_line = measure if callable(measure) else (lambda _n, w=float(measure): w)

    jn = junction_for(language, style.size, level, punctuation, hanging)
    bold = weight if isinstance(weight, list) else [weight] * len(text)
    items, missing, fallbacks = itemize_faces(text, bold, style, metrics, language, indent=indent, level=level,
                                              punctuation=punctuation, hanging=hanging)
    missing_out = tuple(Missing(m.offset, m.char, m.role) for m in missing)
    if not any(isinstance(it, Box) and it.text for it in items):
        return Composed(text, (), missing_out)  # nothing to print: no lines

    breaks = break_lines(items, width_of_line)
    track = style.tracking * style.size
    lines = _marks(items, breaks, set_lines(items, breaks, width_of_line, style.align, tracking=track,
                                            justify_last=justify_last), jn, track)
    overfull = tuple(n for n, (b, line) in enumerate(zip(breaks, lines))
                     if not is_legal(items, b) or line.width - line.hang > line.measure + EPS)
    return Composed(text, tuple(lines), missing_out, overfull, tuple(Fallback(*f) for f in fallbacks))


def _marks(items: Sequence[Item], breaks: Sequence[int], lines: list[Line], jn,
           track: float) -> list[Line]:
    """Fill in each line's `compressed` and, for a hanging mark, `hang` (its ink is part of `width`)."""
    out = []
    a = next_start(items, 0) if items and not isinstance(items[0], Box) else 0
    for n, (b, line) in enumerate(zip(breaks, lines)):
        count, hang = line_marks(items, a, b, line.ratio, jn, track=track, last=n == len(lines) - 1)
        if count or hang:
            line = Line(line.glyphs, line.measure, line.width + hang, line.start, line.end, line.hyphenated,
                        line.ratio, count, hang)  # dataclasses.replace, without its per-call cost
        out.append(line)
        a = next_start(items, b)
    return out
