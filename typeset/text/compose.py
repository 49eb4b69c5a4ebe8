"""The text stage in one call: runs of a paragraph in a Style -> lines set to a measure.

Contract: `compose(runs, style, metrics, measure, language)` returns a `Composed`: the normalised
text, its lines (lines.py), the characters no face draws (`Missing`: the caller turns them into
errors naming the character and where it is), the lines that ended at an emergency cut or are
wider than their measure beyond a hang (`overfull`), and the characters set in a fallback face.

The pipeline, each step its own module: normalise (normalise.py) -> read_rows (rows.py: per
character chars.py; per junction of two characters cjk.py's and latin.py's rules, summed by
junctions.py) -> fit_para (knuthplass.py; emergency.py when nothing legal fits) -> set_rows
(setter.py: glyph runs, marks set short, hanging ink). tests/reference/ keeps the
item-per-character composer these are checked against.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..fonts.metrics import Metrics
from ..model import Run
from ..reading.style import Style
from .junctions import context
from .lines import Glyphs, Line
from .normalise import normalise, normalise_map
from .rows import read_rows
from .setter import compose_rows


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
            level: str = "strict", punctuation: str | None = None, hanging: bool = False) -> Composed:
    """Set one paragraph of `runs` in `style` to `measure` (points, or a function of the 0-based line
    number: lines beside a photo are narrower); see the module docstring for the result.

    - `level`: the Chinese prohibition level (cjk.LEVELS), "loose", "basic", "gb" or "strict" (the
      default); other languages forbid nothing ("none").
    - `punctuation`: a row of cjk.PUNCTUATION: "fullwidth" (全角式: a full em, squeezed to half beside
      another mark, at a line end and on tight lines), "kaiming" (开明式: 。？！ full, the others half),
      "halfwidth" (半角式) or "none" (centred, always a full em). None: fullwidth for zh-Hans, none
      for zh-Hant/-TW/-HK/-MO and for other languages.
    - `hanging`: let a line-end ，。、 hang outside the measure when that gives the better line; the
      line's `width` then exceeds its `measure` by `Line.hang`, the mark's ink.
    - `indent`: the style's first-line indent; `normalise_text`: normalise.py first;
      `justify_last`: justify the last line too.

    An unknown `level` or `punctuation` raises ValueError naming the choices.
    """
    text, weight = paragraph_text(runs, language, normalise_text)
    width_of_line = measure if callable(measure) else (lambda _n, w=float(measure): w)

    ctx = context(language, style.size, level, punctuation, hanging)  # validates level and style
    got = read_rows(text, weight, style, metrics, language, ctx, indent)
    if got is None:
        return Composed(text, ())  # nothing but spaces: no lines
    rows, fallbacks, missing = got
    lines, overfull = compose_rows(rows, measure, width_of_line, style, ctx, justify_last)
    return Composed(text, tuple(lines), tuple(Missing(*m) for m in missing), overfull,
                    tuple(Fallback(*f) for f in fallbacks))


def paragraph_text(runs: Sequence[Run], language: str, normalise_text: bool) -> tuple[str, bool | list[bool]]:
    """The paragraph's text (normalised if asked) and its weight: one bool, or one per character."""
    raw = "".join(r.text for r in runs)
    text, src = normalise_map(raw, language) if normalise_text else (raw, None)  # src: offsets in raw
    if len(runs) == 1 or len({r.bold for r in runs}) == 1:
        return text, bool(runs[0].bold)  # one weight throughout: no need to map it back
    raw_bold = [r.bold for r in runs for _ in r.text]
    return text, raw_bold if src is None else [raw_bold[k] for k in src]


__all__ = ["Composed", "Fallback", "Glyphs", "Line", "Missing", "compose", "normalise", "paragraph_text"]
