"""The text stage in one call: runs of a paragraph in a Style -> lines set to a measure.

Contract: `compose(runs, style, metrics, measure, language)` returns a
`Composed`: the normalised text, its lines (glyph runs with x offsets, see
lines.py), the characters no face could draw (`Missing`; the caller turns
them into errors naming the character and where it is), the indices of
lines that ended at an emergency break (`overfull`: nothing legal fitted, or
the line is wider than its measure beyond an allowed hang) and the
characters set in a fallback face (`fallbacks`).

The pipeline, each step its own module:
    normalise (normalise.py) -> itemize (itemize.py, with cjk.py and latin.py)
    -> break_lines (linebreak.py) -> set_lines (lines.py)
    -> per line: marks compressed and hanging ink (cjk.line_marks)

That is the item path, and the reference. Most paragraphs take a faster
one with the same result (`fast=False` forces the item path; the tests in
tests/test_fast_path.py hold the two to the same lines): fast_rows.py reads
the paragraph into the breaker's rows per junction of two characters, with
no item per character, the same total-fit breaker runs over them
(knuthplass.fit_para), and fast_lines.py sets the lines by offset. It
declines, and the item path runs, for what only items express: hyphenation
points, tracking, hanging punctuation, a character no face has, emergency
breaks, letter-spaced lines.

The parameters are documented on `compose` itself.

Each line's `compressed` counts its marks set narrower than the style sets
them (see cjk.line_marks); `ratio`, `hyphenated` come from lines.py. The
paragraph's finish (no 孤字 or single short word on the last line when a
better break exists) is a penalty itemize.py puts on the breaks concerned.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..fonts.metrics import Metrics
from ..model import Run
from ..reading.style import Style
from . import cjk
from .fast_junctions import context
from .fast_lines import compose_rows
from .fast_rows import read_rows
from .itemize import itemize_faces
from .items import Box, Item
from .linebreak import EPS, break_lines, is_legal, next_start
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
            level: str = "strict", punctuation: str | None = None, hanging: bool = False,
            fast: bool = True) -> Composed:
    """Set one paragraph of `runs` in `style` to `measure`; see the module docstring for the result.

    - `measure`: a width in points, or a function from the 0-based line number
      to a width (lines beside a photo are narrower).
    - `level`: the Chinese prohibition level (clreq), "basic", "gb" or "strict"
      (the default); text in other languages forbids nothing ("none").
    - `punctuation`: the Chinese punctuation style, a row of cjk.PUNCTUATION:
      "fullwidth" (全角式: marks a full em, squeezed to half beside another
      mark, at a line end and on tight lines), "kaiming" (开明式: 。？！ full,
      the other marks half width), "halfwidth" (半角式: all half width) or
      "none" (Taiwan/Hong Kong: centred marks, always a full em). None, the
      default, means fullwidth for zh-Hans and none for zh-Hant/-TW/-HK/-MO;
      other languages always use none.
    - `hanging`: let a line-end ，。、 hang outside the measure when that gives
      the better line (off by default). Such a line's `width` exceeds its
      `measure` by `Line.hang`, the mark's ink (half an em in a mainland font).
    - `indent`: apply the style's first-line indent; `normalise_text`: run
      normalise.py (collapse whitespace, ASCII marks beside Chinese to full
      width); `justify_last`: justify the paragraph's last line too.
    - `fast`: try the row path first (module docstring); False: items only.

    An unknown `level` or `punctuation` raises ValueError naming the choices.
    """
    raw = "".join(r.text for r in runs)
    src = None  # offsets in the text -> in raw, when normalising moved them
    if normalise_text:
        text, src = normalise_map(raw, language)
    else:
        text = raw
    if len(runs) == 1 or len({r.bold for r in runs}) == 1:
        weight = bool(runs[0].bold)  # one weight throughout: no need to map it back
    else:
        raw_bold = [r.bold for r in runs for _ in r.text]
        weight = raw_bold if src is None else [raw_bold[k] for k in src]
    width_of_line = measure if callable(measure) else (lambda _n, w=float(measure): w)

    ctx = context(language, style.size, level, punctuation, hanging)  # validates level and style
    jn = ctx.jn
    got = read_rows(text, weight, style, metrics, language, ctx, indent) if fast else None
    if got is not None:  # the common case, without items (fast_rows.py): the same lines
        rows, fallbacks, missing = got
        done = compose_rows(rows, measure, width_of_line, style, ctx, justify_last)
        if done is not None:
            return Composed(text, tuple(done[0]), tuple(Missing(*m) for m in missing), done[1],
                            tuple(Fallback(*f) for f in fallbacks))
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


def _marks(items: Sequence[Item], breaks: Sequence[int], lines: list[Line], jn: cjk.Junction,
           track: float) -> list[Line]:
    """Fill in each line's `compressed` and, for a hanging mark, `hang` (its ink is part of `width`)."""
    out = []
    a = next_start(items, 0) if items and not isinstance(items[0], Box) else 0
    for n, (b, line) in enumerate(zip(breaks, lines)):
        count, hang = cjk.line_marks(items, a, b, line.ratio, jn, track=track, last=n == len(lines) - 1)
        if count or hang:
            line = Line(line.glyphs, line.measure, line.width + hang, line.start, line.end, line.hyphenated,
                        line.ratio, count, hang)  # dataclasses.replace, without its per-call cost
        out.append(line)
        a = next_start(items, b)
    return out


__all__ = ["Composed", "Fallback", "Glyphs", "Line", "Missing", "compose", "normalise"]
