"""The text stage in one call: runs of a paragraph in a Style -> lines set to a measure.

Contract: `compose(runs, style, metrics, measure, language)` returns a
`Composed`: the normalised text, its lines (glyph runs with x offsets, see
lines.py), the characters no face could draw (`Missing`; the caller turns
them into errors naming the character and where it is), and the indices of
lines that ended at an emergency break (`overfull`: nothing legal fitted).

The pipeline, each step its own module:
    normalise (normalise.py) -> itemize (itemize.py, with cjk.py and latin.py)
    -> break_lines (linebreak.py) -> set_lines (lines.py)

`measure` is a width in points or a function from the 0-based line number to
a width (lines beside a photo are narrower). `level` is the Chinese
prohibition level: "basic", "gb" or "strict" (the default).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from ..metrics import Metrics
from ..model import Run
from ..style import Style
from .itemize import itemize, wide_in
from .items import Box
from .linebreak import EPS, break_lines, is_legal
from .lines import Glyphs, Line, set_lines
from .normalise import normalise, normalise_map


@dataclass(frozen=True)
class Missing:
    """A character no face in the role's chain can draw."""

    offset: int  # in Composed.text
    char: str
    role: str


@dataclass(frozen=True)
class Fallback:
    """A character set in a face other than its role's first: a rare name character, say."""

    offset: int  # in Composed.text
    char: str
    role: str
    face: str


@dataclass(frozen=True)
class Composed:
    text: str  # the normalised paragraph text
    lines: tuple[Line, ...]
    missing: tuple[Missing, ...] = ()
    overfull: tuple[int, ...] = ()  # indices of lines where nothing legal fit (emergency breaks)
    fallbacks: tuple[Fallback, ...] = ()


def compose(runs: Sequence[Run], style: Style, metrics: Metrics, measure: float | Callable[[int], float],
            language: str, *, indent: bool = True, normalise_text: bool = True, justify_last: bool = False,
            level: str = "strict") -> Composed:
    raw = "".join(r.text for r in runs)
    raw_bold = [r.bold for r in runs for _ in r.text]
    if normalise_text:
        text, src = normalise_map(raw, language)
    else:
        text, src = raw, list(range(len(raw)))
    bold = [raw_bold[k] for k in src]
    width_of_line = measure if callable(measure) else (lambda _n, w=float(measure): w)

    items, missing = itemize(text, bold, style, metrics, language, indent=indent, level=level)
    missing_out = tuple(Missing(m.offset, m.char, m.role) for m in missing)
    if not any(isinstance(it, Box) and it.text for it in items):
        return Composed(text, (), missing_out)  # nothing to print: no lines

    breaks = break_lines(items, width_of_line)
    lines = set_lines(items, breaks, width_of_line, style.align,
                      tracking=style.tracking * style.size, justify_last=justify_last)
    overfull = tuple(n for n, (b, line) in enumerate(zip(breaks, lines))
                     if not is_legal(items, b) or line.width > line.measure + EPS)
    return Composed(text, tuple(lines), missing_out, overfull, _fallbacks(items, bold, style, metrics, language))


def _fallbacks(items, bold, style: Style, metrics: Metrics, language: str) -> tuple[Fallback, ...]:
    found = []
    for it in items:
        if isinstance(it, Box) and it.text and it.src >= 0:
            role = style.role_for(not wide_in(language, it.text[0]), bold[it.src] if it.src < len(bold) else False)
            if it.face != role and it.face != metrics.primary(role):  # face == role: missing, reported apart
                found.append(Fallback(it.src, it.text, role, it.face))
    return tuple(found)


__all__ = ["Composed", "Fallback", "Glyphs", "Line", "Missing", "compose", "normalise"]
