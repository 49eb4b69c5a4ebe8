"""Chinese script rules as tables, and the items they put between two characters.

The tables are the source of truth (W3C clreq prohibition rules, GB/T 15834-2011, Word's zh-Hans
kinsoku additions); `junction` turns the junction of two adjacent characters into Knuth-Plass items:

- ideographs are 1-em boxes joined by `Glue(0, IDEO_STRETCH, 0)`, so a line of pure Chinese that
  exactly fills the measure sets solid on the grid;
- a forbidden break is `Penalty(INF)` before that glue; a never-split sequence (——, ……, a number
  with its sign, currency and unit) has no item at all, so its boxes touch;
- between an ideograph and a Latin letter or digit, a quarter em (shrink to 1/8, stretch to 1/3),
  none next to Chinese punctuation.

Punctuation width (标点挤压): a full-width mark keeps its 1-em box; the blank half of that em, on
its open side (`SIDE`), is what a punctuation style (a row of `PUNCTUATION`) sets, as glue on
that side. A *kept* blank costs nothing; a *squeezable* one is shrink, so a tight line squeezes
marks first; a *dropped* one (a half-width mark) is a glue of -1/2 em. Two adjacent squeezable
marks (。” ）。) lose one blank. At a line end a squeezable or dropped blank goes (GB/T 15834
§5.1.10: a `Penalty(-blank)` is the break after the mark); at a line start an opening mark's
dropped blank goes and a squeezable one may: glue at a line start is discarded, so that glue
goes *behind* an empty box that survives a break (`line_start`, Knuth & Plass's trick). With
hanging punctuation, after ，。、 a second break `Penalty(-advance)` sets the whole mark outside
the measure when that gives the better line. A mark drawn narrower than FULL_MIN em (Zen Hei's
and WenKai's “”) has no blank to give.

Levels loose < basic < gb < strict are rows of `LEVELS` (clreq's three, and a loose one after CSS
`line-break: loose`); "none" (English text) forbids nothing. A new level, or a character moved
between the classes above, is a change here and nowhere else. Widths here are in em.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from .items import INF, Box, Glue, Item, Penalty

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
# Every character a NEVER_SPLIT match can hold (tests check it against the patterns):
# two adjacent characters outside this set are never one sequence.
NEVER_SPLIT_CHARS = frozenset("—…⋯⸺" "+-−±＋－" "$£¥￥＄￡€" "0123456789０１２３４５６７８９" ".,．:" "%‰℃°％")

# Punctuation, by the class that decides its width and where its blank half
# sits in a mainland (GB) font. Taiwan/Hong Kong fonts centre the marks.
PAUSE = "，、；："  # 点号 inside a sentence: ink left, blank right
STOP = "。"  # the full stop
EXCLAIM = "？！"  # sentence-end ？！: ink left in GB fonts, set whole unless a style halves them
CLOSING = "）」』”’》〉】〗〕］｝"  # ink left, blank right
OPENING = "（「『“‘《〈【〖〔［｛"  # ink right, blank left
MARK_CLASS: dict[str, str] = {
    **{c: "pause" for c in PAUSE}, **{c: "stop" for c in STOP}, **{c: "exclaim" for c in EXCLAIM},
    **{c: "closing" for c in CLOSING}, **{c: "opening" for c in OPENING},
}
LEFT, RIGHT = "left", "right"
SIDE = {"pause": RIGHT, "stop": RIGHT, "exclaim": RIGHT, "closing": RIGHT, "opening": LEFT}

BLANK_RIGHT = PAUSE + STOP + CLOSING  # squeezable in the mainland full-width style
BLANK_LEFT = OPENING
# Other full-width punctuation: a fixed 1-em box, no glue to a Latin neighbour.
OTHER_PUNCT = "？！—…⋯·‧•・～〃―‖※＂＇｀｜"
PUNCT = frozenset(BLANK_RIGHT + BLANK_LEFT + OTHER_PUNCT)
# Line-end marks that may hang outside the measure (hanging punctuation, 标点悬挂).
HANGING = frozenset("，。、")
# Narrow characters that hug their CJK neighbour (no quarter-em glue).
NARROW_HUGGING = frozenset(".,;:!?'\"()[]{}/\\-_<>")

# Glue, in em of the style's size.
# Between ideographs. clreq's order of work: squeeze punctuation, pull a mark back (先挤进), push a
# character down (后推出), only then widen the spacing; so spreading ~11 gaps by a character must
# score worse than squeezing every mark fully (badness 100): at 1/16 em a gap it scores ~300-400.
IDEO_STRETCH = 1 / 16
MIXED = (0.25, 1 / 12, 1 / 8)  # Han-Latin: width 1/4, stretch to 1/3, shrink to 1/8
HALF = 0.5  # the blank half of a full-width mark
FULL_MIN = 0.9  # a mark's glyph narrower than this (em) is proportional: no blank half in it


@dataclass(frozen=True)
class MarkWidth:
    """How a style sets one class of marks."""

    full: bool  # at natural width the blank half is kept (full width) or dropped (half width)
    squeeze: bool  # a kept blank may go: beside another mark, at a line edge, on a tight line


SQUEEZABLE = MarkWidth(True, True)  # full width, compressible (全角式 with 标点挤压)
WHOLE = MarkWidth(True, False)  # full width, never compressed
HALVED = MarkWidth(False, False)  # half width, always


@dataclass(frozen=True)
class Punctuation:
    """One punctuation style: a row of `PUNCTUATION`, a MarkWidth per class."""

    name: str
    pause: MarkWidth  # ，、；：
    stop: MarkWidth  # 。
    exclaim: MarkWidth  # ？！
    closing: MarkWidth  # ）」』”’》〉】〗〕］｝
    opening: MarkWidth  # （「『“‘《〈【〖〔［｛
    centred: bool = False  # the fonts centre marks in the em: no blank side, nothing to squeeze


PUNCTUATION: dict[str, Punctuation] = {p.name: p for p in (
    #           name         ，、；：      。          ？！    closing     opening
    Punctuation("fullwidth", SQUEEZABLE, SQUEEZABLE, WHOLE, SQUEEZABLE, SQUEEZABLE),  # 全角式, mainland default
    Punctuation("kaiming", HALVED, SQUEEZABLE, WHOLE, HALVED, HALVED),  # 开明式: 。？！ whole
    Punctuation("halfwidth", HALVED, HALVED, HALVED, HALVED, HALVED),  # 半角式
    Punctuation("none", WHOLE, WHOLE, WHOLE, WHOLE, WHOLE, centred=True),  # Taiwan/Hong Kong: centred, whole
)}


def simplified(language: str) -> bool:
    """Chinese set with mainland fonts (marks in one half of the em), not Taiwan/Hong Kong/Macao."""
    lang = language.lower()
    return lang.startswith("zh") and not any(t in lang for t in ("hant", "-tw", "-hk", "-mo"))


def punctuation_for(language: str, name: str | None = None) -> Punctuation:
    """The named style for Chinese text; by default fullwidth (mainland) or none (zh-Hant).

    Other languages set CJK marks whole whatever the name: their fonts and rules are not GB's.
    """
    if name is not None and name not in PUNCTUATION:
        raise ValueError(f"unknown punctuation style {name!r}; use one of {', '.join(PUNCTUATION)}")
    if not language.lower().startswith("zh"):
        return PUNCTUATION["none"]
    if name is None:
        name = "fullwidth" if simplified(language) else "none"
    return PUNCTUATION[name]


@dataclass(frozen=True)
class Level:
    """One row of clreq's prohibition levels."""

    name: str
    not_start: frozenset[str]
    not_end: frozenset[str]
    runs_may_start: bool  # may —— / …… begin a line?


_START = frozenset(BASIC_NOT_START + WORD_NOT_START)
# May start a line at the loose level: dashes, hyphens, tildes, middle dots and slashes (CSS Text 3
# `line-break: loose` allows a break before hyphens and centred punctuation); 点号 and closing marks
# still may not (GB/T 15834), nor may an opening mark end a line.
LOOSE_MAY_START = "–~～—·‧•・/／"
LEVELS: dict[str, Level] = {
    "none": Level("none", frozenset(), frozenset(), True),
    "loose": Level("loose", frozenset(BASIC_NOT_START) - frozenset(LOOSE_MAY_START), frozenset(BASIC_NOT_END), True),
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


# Where a NEVER_SPLIT match can begin: a quick test first (most paragraphs hold no dash run), and the
# number pattern, tried at every position, fails at once where no sign, currency or digit starts.
_MAY_START = (re.compile("[—…⋯⸺]"), re.compile("[+\\-−±＋－$£¥￥＄￡€0-9０-９]"))
_NEVER_SPLIT_FAST = tuple(re.compile("(?=" + start.pattern + ")(?:" + p.pattern + ")")
                          for start, p in zip(_MAY_START, NEVER_SPLIT))


def never_split(text: str) -> set[int]:
    """Offsets j such that text[j-1] and text[j] belong to one never-split sequence."""
    bound: set[int] = set()
    for start, pattern in zip(_MAY_START, _NEVER_SPLIT_FAST):
        if start.search(text) is None:
            continue
        for m in pattern.finditer(text):
            bound.update(range(m.start() + 1, m.end()))
    return bound


@dataclass(frozen=True)
class Junction:
    """How two characters are joined in a paragraph: the shared inputs of `junction`."""

    em: float
    level: Level
    punct: Punctuation = PUNCTUATION["none"]
    hanging: bool = False  # offer a hanging break after ，。、


@dataclass(frozen=True)
class Blank:
    """The blank half of a mark on one side, in em: what the glyph has, what the style sets."""

    builtin: float = 0.0  # blank inside the glyph's advance on this side
    kept: float = 0.0  # of it, set at natural width
    squeeze: float = 0.0  # of the kept blank, what may be squeezed
    trims: bool = False  # dropped at a line edge (a line-end mark set half width, an opening mark at a line start)


NO_BLANK = Blank()


def blank(ch: str, advance: float, side: str, jn: Junction) -> Blank:
    """The blank of mark `ch` (glyph advance `advance`, points) on `side` under the junction's style."""
    cls = MARK_CLASS.get(ch)
    if cls is None or SIDE[cls] != side or jn.punct.centred or advance < FULL_MIN * jn.em:
        return NO_BLANK
    return _blank_of(getattr(jn.punct, cls))


@lru_cache(maxsize=16)
def _blank_of(width: MarkWidth) -> Blank:
    """The blank a full-width mark's open side gets from its class's MarkWidth (a few, shared)."""
    kept = HALF if width.full else 0.0
    return Blank(HALF, kept, kept if width.squeeze else 0.0, width.squeeze or not width.full)


@lru_cache(maxsize=16)
def rule_chars(level: Level) -> frozenset[str]:
    """Characters some rule here reads at a junction under `level`: marks, prohibited, dash runs.

    Between two wide characters neither of which is in this set, `junction`
    is always `[plain_glue(jn)]` unless the pair is never-split (rows.py fills
    runs of such characters with one shared record).
    """
    return frozenset(MARK_CLASS) | level.not_start | level.not_end | frozenset(RUN_CHARS + TWO_EM_DASH)


def plain_glue(jn: Junction) -> Glue:
    """The glue `junction` puts between two wide characters outside `rule_chars`."""
    return Glue(0.0 * jn.em, IDEO_STRETCH * jn.em, 0.0 * jn.em)


def _squeezable(ch: str, advance: float, jn: Junction) -> bool:
    cls = MARK_CLASS.get(ch)
    return cls is not None and blank(ch, advance, SIDE[cls], jn).squeeze > 0


def junction(text: str, i: int, j: int, a_wide: bool, b_wide: bool, bound: set[int],
             jn: Junction, space: Glue | None = None, advances: Sequence[float] | None = None) -> list[Item]:
    """Items between text[i] and text[j] (j == i + 1, or text[i+1:j] are spaces), one of them wide.

    `space`, the word space that stood between them, becomes the Han-Latin glue beside a Latin
    letter and nothing beside a full-width mark. `advances`: the glyphs' advances (points, no
    tracking; by default a mark is one em wide).
    """
    a, b = text[i], text[j]
    em = jn.em
    if j == i + 1 and j in bound:
        return []  # a never-split sequence: the boxes touch
    allowed = not (forbidden_end(text, i, jn.level) or forbidden_start(text, j, jn.level))

    wa = advances[i] if advances is not None else em
    wb = advances[j] if advances is not None else em
    ra, lb = blank(a, wa, RIGHT, jn), blank(b, wb, LEFT, jn)
    natural = (ra.kept - ra.builtin) + (lb.kept - lb.builtin)
    shrink = ra.squeeze + lb.squeeze
    if ra.kept + lb.kept >= HALF and _squeezable(a, wa, jn) and _squeezable(b, wb, jn):
        natural, shrink = natural - HALF, shrink - HALF  # two adjacent marks: 1.5 em, down to 1 em
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
    items: list[Item] = []
    if ra.trims:
        # A mark ending the line is set half width: taking this break removes its blank.
        items.append(Penalty(-ra.builtin * em, 0.0))
    if jn.hanging and a in HANGING:
        items.append(Penalty(-wa, 0.0))  # or the whole mark stands outside the measure
    if lb.trims:
        items += line_start(glue, lb, em)
    else:
        items.append(glue)
    return items


def line_start(glue: Glue, lb: Blank, em: float) -> list[Item]:
    """`glue` before an opening mark whose blank `lb` changes at a line start, where glue is discarded:
    behind an empty box that survives a break goes a dropped blank's fixed -1/2 em, or a squeezable
    one with its shrink (the mark stays on the grid unless the line needs the room: clreq says it
    *may* lose its half). In mid-line the items add up to `glue`.
    """
    amount = lb.builtin * em
    if lb.squeeze:
        squeeze = lb.squeeze * em
        return [Glue(glue.width, glue.stretch, glue.shrink - squeeze, glue.text, glue.src),
                Box(0.0, "", "", 0.0), Penalty(0.0, INF), Glue(0.0, 0.0, squeeze)]
    return [Glue(glue.width + amount, glue.stretch, glue.shrink, glue.text, glue.src),
            Box(0.0, "", "", 0.0), Penalty(0.0, INF), Glue(-amount, 0.0, 0.0)]


def paragraph_start(text: str, k: int, advance: float, jn: Junction) -> list[Item]:
    """Items before the paragraph's first character text[k]: an opening mark's blank as at a line start."""
    lb = blank(text[k], advance, LEFT, jn)
    return line_start(Glue(0.0, 0.0, lb.squeeze * jn.em), lb, jn.em)[1:] if lb.trims else []


def paragraph_end(text: str, k: int, advance: float, jn: Junction) -> float:
    """Width (points, <= 0) of the final break after the paragraph's last character text[k]."""
    ra = blank(text[k], advance, RIGHT, jn)
    return -ra.builtin * jn.em if ra.trims else 0.0


def lone_character(rest: str, wide: Sequence[bool]) -> bool:
    """Would `rest` (a paragraph's end; `wide` per character) make a 孤字 last line: one ideograph and
    nothing but punctuation (好。 好。” 好！)?"""
    seen = False  # the first character that is no space: a wide letter or ideograph, not a mark
    for c, w in zip(rest, wide):
        if c.isspace():
            continue
        if seen:
            if c not in PUNCT:
                return False
        elif not (w and c not in PUNCT and c.isalnum()):
            return False
        else:
            seen = True
    return seen
