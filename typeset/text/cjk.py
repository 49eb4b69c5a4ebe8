"""Chinese script rules as tables, and the items they produce between two characters.

Contract: this module knows character *classes* (W3C clreq prohibition rules,
GB/T 15834-2011, Word's zh-Hans kinsoku additions) and turns the junction
between two adjacent characters into Knuth-Plass items:

- ideographs are 1-em boxes (made by itemize.py) joined by `Glue(0, IDEO_STRETCH, 0)`,
  so a line of pure Chinese that exactly fills the measure sets solid on the grid;
- a forbidden break is `Penalty(INF)` before that glue (glue after a penalty is
  not a breakpoint), a never-split sequence (——, ……, a number with its sign,
  currency and unit) has no item at all, so its boxes touch;
- full-width punctuation keeps its 1-em box (the glyph's advance, so glyph runs
  stay simple) and its blank half is modelled as shrink on the glue on its
  open side; two adjacent marks lose one blank by default (1.5 em for 。” ）。
  “《), and a mark ending a line is set half width by a negative-width
  penalty at the break (GB/T 15834 §5.1.10);
- between an ideograph and a Latin letter or digit sits a quarter-em glue
  (shrink to 1/8, stretch to 1/3 em), none next to Chinese punctuation.

Levels basic < gb < strict (clreq) are rows of `LEVELS`; "none" (for English
text) forbids nothing. All widths here are in em and scaled by the caller.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .items import INF, Glue, Item, Penalty

# --- character classes (typography.md, clreq "prohibition rules") -------------

# clreq basic level: may not start a line.
BASIC_NOT_START = "、,，.．。:：;；!！?？'\"」』”’)]}）】〗〕］｝》〉–~～—·‧•・/／"
# Word's zh-Hans default "not at line start" additions, with the full-width forms.
WORD_NOT_START = "¢¨ˇˉ―‖…′″›〃︶︺︾﹀﹄﹚﹜﹞" + "！＂％＇），．：；？］｀｜｝～"
# May not end a line (all levels).
BASIC_NOT_END = "「『“‘([{（【〖〔［｛《〈"
# GB level: a solidus may not end a line either.
GB_NOT_END = "/／"
# Dashes and ellipses: a run of two (破折号 ——, 省略号 ……) is one unit that may
# start a line below the strict level; a single — or … is governed by the tables.
RUN_CHARS = "—…⋯"
TWO_EM_DASH = "⸺"

# Never split (a break between any two characters of a match is forbidden and
# the characters touch): dash and ellipsis runs; a number with its digits,
# decimal separator, leading sign, leading currency and trailing unit sign.
NEVER_SPLIT = (
    re.compile(r"—{2,}|…{2,}|⋯{2,}|⸺+"),
    re.compile(r"[+\-−±＋－]?[$£¥￥＄￡€]?[0-9０-９]+(?:[.,．:][0-9０-９]+)*[%‰℃°％]?"),
)

# Punctuation width model (mainland full-width style): where the blank half is.
BLANK_RIGHT = "，。、；：" + "）」』”’》〉】〗〕］｝"  # ink on the left half
BLANK_LEFT = "（「『“‘《〈【〖〔［｛"  # ink on the right half
# Other full-width punctuation: a fixed 1-em box, no glue to a Latin neighbour.
OTHER_PUNCT = "？！—…⋯·‧•・～〃―‖※＂＇｀｜"
PUNCT = frozenset(BLANK_RIGHT + BLANK_LEFT + OTHER_PUNCT)
# Narrow characters that hug their CJK neighbour (no quarter-em glue).
NARROW_HUGGING = frozenset(".,;:!?'\"()[]{}/\\-_<>")

# Glue, in em of the style's size.
# Between ideographs. clreq's order of work is: squeeze punctuation, pull a mark
# back (先挤进), push a character down (后推出), and only then widen the spacing.
# A breaker ranks lines by badness 100*|ratio|^3, so spreading ~11 gaps by one
# character must score worse than squeezing every mark fully (ratio -1, badness
# 100): with 1/16 em per gap it scores ~300-400.
IDEO_STRETCH = 1 / 16
MIXED = (0.25, 1 / 12, 1 / 8)  # Han-Latin: width 1/4, stretch to 1/3, shrink to 1/8
HALF = 0.5  # the blank half of a full-width mark


@dataclass(frozen=True)
class Level:
    """One row of clreq's prohibition levels."""

    name: str
    not_start: frozenset[str]
    not_end: frozenset[str]
    runs_may_start: bool  # may —— / …… begin a line?


_START = frozenset(BASIC_NOT_START + WORD_NOT_START)
LEVELS: dict[str, Level] = {
    "none": Level("none", frozenset(), frozenset(), True),
    "basic": Level("basic", _START, frozenset(BASIC_NOT_END), True),
    "gb": Level("gb", _START, frozenset(BASIC_NOT_END + GB_NOT_END), True),
    "strict": Level("strict", _START, frozenset(BASIC_NOT_END + GB_NOT_END), False),
}


def level_for(language: str, name: str = "strict") -> Level:
    """Chinese text uses the named level (strict by default); other languages none."""
    if not language.startswith("zh"):
        return LEVELS["none"]
    try:
        return LEVELS[name]
    except KeyError:
        raise ValueError(f"unknown prohibition level {name!r}; use one of {', '.join(LEVELS)}") from None


def _starts_run(text: str, i: int) -> bool:
    ch = text[i]
    if ch == TWO_EM_DASH:
        return True
    return ch in RUN_CHARS and i + 1 < len(text) and text[i + 1] == ch


def forbidden_start(text: str, i: int, level: Level) -> bool:
    """May text[i] not begin a line?"""
    if _starts_run(text, i):
        return not level.runs_may_start
    return text[i] in level.not_start


def forbidden_end(text: str, i: int, level: Level) -> bool:
    """May text[i] not end a line?"""
    return text[i] in level.not_end


def never_split(text: str) -> set[int]:
    """Offsets j such that text[j-1] and text[j] belong to one never-split sequence."""
    bound: set[int] = set()
    for pattern in NEVER_SPLIT:
        for m in pattern.finditer(text):
            bound.update(range(m.start() + 1, m.end()))
    return bound


@dataclass(frozen=True)
class Junction:
    """How itemize should join two characters: shared inputs for cjk.junction."""

    em: float
    level: Level
    compress: bool  # model punctuation blanks (mainland style); False: centred marks, fixed


def _blank_between(a: str, b: str, compress: bool) -> float:
    if not compress:
        return 0.0
    return (HALF if a in BLANK_RIGHT else 0.0) + (HALF if b in BLANK_LEFT else 0.0)


_MARKS = frozenset(BLANK_RIGHT + BLANK_LEFT)


def _marks(a: str, b: str) -> bool:
    return a in _MARKS and b in _MARKS


def junction(text: str, i: int, j: int, a_wide: bool, b_wide: bool, bound: set[int],
             jn: Junction, space: Glue | None = None) -> list[Item]:
    """Items between text[i] and text[j] (j == i + 1, or text[i+1:j] are spaces).

    At least one of the two is wide (CJK); two narrow characters are a Latin
    matter. `space`, when given, is the word space that stood between them: it
    becomes the Han-Latin glue between an ideograph and a Latin letter, and
    nothing next to a full-width mark; elsewhere it stays a word space.
    """
    a, b = text[i], text[j]
    em = jn.em
    if j == i + 1 and j in bound:
        return []  # a never-split sequence: the boxes touch
    allowed = not (forbidden_end(text, i, jn.level) or forbidden_start(text, j, jn.level))

    blank = _blank_between(a, b, jn.compress)
    # Two adjacent marks take 1.5 em by default: one blank between them goes.
    natural = -HALF if blank >= HALF and _marks(a, b) else 0.0
    shrink = blank + natural
    stretch = IDEO_STRETCH
    mixed = (a_wide != b_wide) and not (a in PUNCT or b in PUNCT)
    if mixed:
        narrow = b if a_wide else a
        mixed = narrow not in NARROW_HUGGING
    if mixed:
        natural, stretch, shrink = natural + MIXED[0], MIXED[1], shrink + MIXED[2]
    if space is None:
        glue = Glue(natural * em, stretch * em, shrink * em)
    elif a in PUNCT or b in PUNCT:
        # A written space next to a full-width mark goes: the mark carries its own blank.
        glue = Glue(natural * em, stretch * em, shrink * em, "", space.src)
    elif mixed:
        glue = Glue(natural * em, stretch * em, shrink * em, " ", space.src)  # the space *is* the quarter em
    else:
        glue = space  # between two ideographs, or beside "(" and the like: it was meant

    if not allowed:
        return [Penalty(0.0, INF), glue]
    if jn.compress and a in BLANK_RIGHT:
        # A mark ending the line is set half width: taking this break removes its blank.
        return [Penalty(-HALF * em, 0.0), glue]
    return [glue]
