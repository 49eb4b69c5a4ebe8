"""Paragraph text -> Knuth-Plass items, dispatching each junction to its script's rules.

Contract: `itemize(text, bold, style, metrics, language)` returns the items of
one paragraph and the characters no face can draw.

- Every non-space character of `text` becomes exactly one Box (width = its
  advance + the style's tracking, `src` = its offset), in the face
  `metrics.face_for(style.role_for(latin, bold), ch)`. A character no face
  can draw is still set, 1 em wide in the role's name, and reported.
- Between two characters sit the items their script rules ask for: two
  narrow characters of one Latin word -> latin.py (hyphenation points only);
  anything involving a wide character -> cjk.py (prohibition, punctuation
  width, Han-Latin glue). A run of spaces is one word space (latin.py), or in
  Chinese text the glue cjk.py chooses when a wide character is beside it.
- The first-line indent is an empty Box; the paragraph ends with the
  finishing `Glue(0, FIL, 0)` and a forced break `Penalty(w, -INF)`, where
  w < 0 gives back the blank half of a last mark that the punctuation style
  drops at a line end (cjk.paragraph_end).
- Paragraph finish: every legal break after which the rest of the paragraph
  would be a 孤字 (one ideograph, perhaps with its closing punctuation) or
  one short Latin word (fewer than latin.SHORT_WORD letters or digits) costs
  `FINISH_PENALTY` more. It is finite: a breaker that looks ahead (total fit)
  avoids such a last line when another set of breaks is feasible; when none
  is, the short last line stays.
- With tracking, every legal break gives back the trailing tracking of the
  line's last character (a penalty of width -tracking), so a tracked
  headline fits and centres on its ink.

`punctuation` names a row of cjk.PUNCTUATION (None: the language's default,
fullwidth for zh-Hans, none for zh-Hant); `hanging` offers a hanging break
after a line-end ，。、 (see cjk.py).

Which characters are "wide" (CJK role, CJK rules): `is_wide` in Chinese; in
other languages the typographic quotes, dashes and ellipsis that `is_wide`
also counts (“”‘’—…·) are Latin punctuation, so only real CJK text is wide.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from ..fonts.metrics import Metrics, is_wide
from ..reading.style import Style
from . import cjk, latin
from .items import INF, Box, Glue, Item, Penalty, boxes
from .linebreak import FIL

SPACES = " \t\n\r\f\v"  # collapsible: one word space however many
NO_BREAK_SPACES = "\u00a0\u202f"
_AMBIGUOUS = "“”‘’—…·"


@dataclass(frozen=True)
class MissingChar:
    offset: int
    char: str
    role: str


def wide_in(language: str, ch: str) -> bool:
    """Is `ch` set in the CJK role and under the CJK rules, in text of `language`?"""
    if language.startswith("zh"):
        return is_wide(ch) or _ambiguous_symbol(ch)
    return is_wide(ch) and ch not in _AMBIGUOUS


def _ambiguous_symbol(ch: str) -> bool:
    """East Asian ambiguous symbols (□ ○ ★ ※ § × ℃ →) are full-width in Chinese text.

    They come from the CJK face there: `□ 韩超` is a Chinese byline mark,
    not a Latin one. Ambiguous letters (Greek, Cyrillic) stay Latin.
    """
    return unicodedata.east_asian_width(ch) == "A" and unicodedata.category(ch)[0] in "SP"


FINISH_PENALTY = 2000.0  # a break leaving a 孤字 or one short word as the paragraph's last line


def junction_for(language: str, size: float, level: str = "strict", punctuation: str | None = None,
                 hanging: bool = False) -> cjk.Junction:
    """The shared inputs of cjk.junction for a paragraph (also what cjk.line_marks reads)."""
    return cjk.Junction(size, cjk.level_for(language, level), cjk.punctuation_for(language, punctuation),
                        hanging)


def itemize(text: str, bold: Sequence[bool], style: Style, metrics: Metrics, language: str, *,
            indent: bool = True, level: str = "strict", punctuation: str | None = None,
            hanging: bool = False) -> tuple[list[Item], list[MissingChar]]:
    items, missing, _ = itemize_faces(text, bold, style, metrics, language, indent=indent, level=level,
                                      punctuation=punctuation, hanging=hanging)
    return items, missing


@lru_cache(maxsize=32)
def char_table(metrics: Metrics, style: Style, language: str) -> tuple[dict[str, tuple], dict[str, tuple]]:
    """Memos of `_char_info` for one (metrics, style, language), regular and bold, filled as characters come.

    Its answers are pure in those inputs (a Metrics answers the same question
    the same way), and the per-character metrics calls are most of itemize's time.
    """
    return {}, {}


@lru_cache(maxsize=32)
def _junction_table(jn: cjk.Junction) -> dict[tuple, tuple[Item, ...]]:
    """A memo of cjk.junction between two adjacent characters under `jn` (pure: frozen items)."""
    return {}


MISSING, FALLBACK = 1, 2  # _char_info's status: no face draws it / set in a fallback face

# _char_info's kind, one letter per character, so runs are found by regular expressions:
# a space, a plain wide character, another wide character, a narrow one.
SPACE, PLAIN, WIDE, NARROW = "S", "P", "W", "N"
# Wide characters no junction rule reads at any level, outside every never-split sequence: between
# two of them cjk.junction is always cjk.plain_glue (see cjk.rule_chars), whatever the level and style.
_RULED = cjk.rule_chars(cjk.LEVELS["strict"]) | cjk.NEVER_SPLIT_CHARS
_PLAIN_RUN = re.compile(PLAIN + "{2,}")
NARROW_RUN = re.compile(NARROW + "+")


def _char_info(table: dict, metrics: Metrics, style: Style, language: str, ch: str, bold: bool) -> tuple:
    """(space, wide, role, box face, box width, status, kind) of `ch` in `style`, memoised in `table`."""
    size = style.size
    track = style.tracking * size
    sp = ch in SPACES or ch in NO_BREAK_SPACES
    wd = wide_in(language, ch) and not sp
    kind = SPACE if sp else NARROW if not wd else WIDE if ch in _RULED else PLAIN
    role = style.role_for(not wd, bold)
    face = metrics.face_for(role, ch)
    if face is None:
        # A missing character is set 1 em wide in the role's name (a space: its width is enough).
        t = (sp, wd, role, role, (size if not sp else size / 4) + track, 0 if sp else MISSING, kind)
    else:
        fallback = not sp and face != role and face != metrics.primary(role)
        t = (sp, wd, role, face, metrics.advance(face, ch, size) + track, FALLBACK if fallback else 0, kind)
    table[ch] = t
    return t


def char_infos(text: str, bold: bool | Sequence[bool], style: Style, metrics: Metrics, language: str) -> list[tuple]:
    """`_char_info` of every character of `text` (bold[k] for text[k]; missing entries: regular).

    `bold` may be one bool for the whole text."""
    n = len(text)
    try:
        tables = char_table(metrics, style, language)
    except TypeError:  # an unhashable Metrics: memoise for this paragraph only
        tables = ({}, {})
    if bold is True or bold is False:
        weights = {bold}
    else:
        weights = set(bold[:n])
        if len(bold) < n:
            weights.add(False)
    if len(weights) <= 1:  # one weight throughout (nearly every paragraph): a lookup per character in C
        b = bool(weights and weights.pop())
        table = tables[b]
        infos = list(map(table.get, text))
        if None in infos:
            infos = [t or _char_info(table, metrics, style, language, ch, b) for t, ch in zip(infos, text)]
        return infos
    flags = list(bold[:n]) + [False] * (n - len(bold))
    return [tables[1 if b else 0].get(ch) or _char_info(tables[1 if b else 0], metrics, style, language, ch, b)
            for ch, b in zip(text, flags)]


def itemize_faces(text: str, bold: Sequence[bool], style: Style, metrics: Metrics, language: str, *,
                  indent: bool = True, level: str = "strict", punctuation: str | None = None,
                  hanging: bool = False) -> tuple[list[Item], list[MissingChar], list[tuple[int, str, str, str]]]:
    """`itemize`, plus the characters set in a fallback face: (offset, char, role, face), in text order.

    A fallback is a face other than the role's primary; a missing character
    (set in the role's name) is not one.

    Speed: one Box per character is made up front (items.boxes, no Python
    call per box); a run of plain wide characters (`_PLAIN_RUN`) is then its
    boxes interleaved with one shared glue by a slice assignment, and only
    the other junctions -- marks, spaces, Latin, digits: a few in ten in
    Chinese text -- go through the per-character loop.
    """
    size = style.size
    track = style.tracking * size
    n = len(text)
    nb = len(bold)
    missing: list[MissingChar] = []
    fallbacks: list[tuple[int, str, str, str]] = []

    infos = char_infos(text, bold, style, metrics, language)
    space, wide, roles, faces, widths, status, kinds = zip(*infos) if infos else ((),) * 7
    if any(status):
        for k, st in enumerate(status):
            if st == MISSING:
                missing.append(MissingChar(k, text[k], roles[k]))
            elif st == FALLBACK:
                fallbacks.append((k, text[k], roles[k], faces[k]))
    cls = "".join(kinds)

    advances = [w - track for w in widths] if track else widths
    jn = junction_for(language, size, level, punctuation, hanging)
    bound = cjk.never_split(text)
    hyph = latin.hyphen_points_in(text, [m.span() for m in NARROW_RUN.finditer(cls)], language) \
        if style.hyphenate and NARROW in cls else {}
    ideo = cjk.plain_glue(jn)
    junctions = _junction_table(jn)
    box = boxes(widths, text, faces, size, range(n))

    items: list[Item] = []
    append, junction = items.append, cjk.junction  # the loop below runs once per character outside plain runs
    if indent and style.indent:
        append(Box(style.indent * size, "", "", size))
    first = len(cls) - len(cls.lstrip(SPACE))
    if first < n and wide[first]:
        items += cjk.paragraph_start(text, first, advances[first], jn)
    prev = -1  # offset of the previous non-space character
    k = 0
    for s, e in [m.span() for m in _PLAIN_RUN.finditer(cls)] + [(n, n)]:
        stop = s + 1 if s < n else n  # characters k..s one by one: s is a run's first
        while k < stop:
            if space[k]:
                j = k
                while j < n and space[j]:
                    j += 1
                if prev >= 0 and j < n:
                    items += space_junction(text, prev, k, j, wide, widths, advances, jn, bound)
                k = j
                continue
            if prev == k - 1 and prev >= 0:
                if wide[prev] or wide[k]:
                    # cjk.junction of adjacent characters reads only these (the next character: a dash run).
                    key = (text[prev], text[k], wide[prev], wide[k], k in bound,
                           k + 1 < n and text[k + 1] == text[k], advances[prev], advances[k])
                    got = junctions.get(key)
                    if got is None:
                        got = junctions[key] = tuple(junction(text, prev, k, wide[prev], wide[k], bound, jn,
                                                              advances=advances))
                    items += got
                elif k in hyph and not (hyph[k] is None and _kinsoku(text, k, jn.level)):
                    items += _hyphen(hyph[k], style, metrics, bold[prev] if prev < nb else False, track)
            append(box[k])
            prev = k
            k += 1
        if e - s > 1:  # the rest of a plain run: glue, box, glue, box...
            run = [ideo] * (2 * (e - s - 1))
            run[1::2] = box[s + 1:e]
            items += run
            prev = e - 1
            k = e
    end = cjk.paragraph_end(text, prev, advances[prev], jn) if prev >= 0 and wide[prev] else 0.0
    items += [Glue(0.0, FIL, 0.0), Penalty(end, -INF)]
    items = _finish(items, text, wide)
    if track:
        items = _untrack_breaks(items, track)
    return items, missing, fallbacks


def _kinsoku(text: str, k: int, level) -> bool:
    """Would a break between text[k-1] and text[k] break a prohibition rule (URLs in Chinese text)?"""
    return cjk.forbidden_end(text, k - 1, level) or cjk.forbidden_start(text, k, level)


def _hyphen(insert: bool | None, style: Style, metrics: Metrics, bold: bool, track: float) -> list[Item]:
    if insert is None:
        return [latin.hyphen_penalty(0.0, "", style.size, None)]  # inside a URL or address
    if not insert:
        return [latin.hyphen_penalty(0.0, "", style.size, False)]  # after an explicit hyphen
    face = metrics.face_for(style.role_for(True, bold), "-")
    if face is None:
        return []  # no face draws a hyphen: better not to break the word than to print a hole
    return [latin.hyphen_penalty(metrics.advance(face, "-", style.size) + track, face, style.size, True)]


def _untrack_breaks(items: list[Item], track: float) -> list[Item]:
    """Take the last character's trailing tracking off every line, at every legal break.

    Each box carries its tracking after it; at the end of a line that space
    is outside the ink, so a break gives it back, exactly as a line-end mark
    gives back its blank half: a breaking penalty gets `-track` more width,
    and a breaking glue gets a `Penalty(-track, 0)` in front (which makes the
    penalty the breakpoint, since glue after a penalty is not one).
    """
    out: list[Item] = []
    for k, it in enumerate(items):
        if isinstance(it, Penalty) and it.penalty < INF:
            out.append(Penalty(it.width - track, it.penalty, it.flagged, it.text, it.face, it.size))
        elif isinstance(it, Glue) and k > 0 and isinstance(items[k - 1], Box):
            out += [Penalty(-track, 0.0), it]
        else:
            out.append(it)
    return out


def space_junction(text: str, i: int, k: int, j: int, wide: list[bool], widths: list[float],
                    advances: list[float], jn: cjk.Junction, bound: set[int]) -> list[Item]:
    """Items for the spaces text[k:j] between the characters text[i] and text[j]."""
    glue = latin.word_space(widths[k], k)
    if any(c in NO_BREAK_SPACES for c in text[k:j]):
        return [Penalty(0.0, INF), glue]
    if wide[i] or wide[j]:
        return cjk.junction(text, i, j, wide[i], wide[j], bound, jn, space=glue, advances=advances)
    if jn.level.name != "none" and (cjk.forbidden_end(text, i, jn.level) or cjk.forbidden_start(text, j, jn.level)):
        return [Penalty(0.0, INF), glue]  # Chinese rules hold at a Latin space too: "word ，"
    return [glue]


def _finish(items: list[Item], text: str, wide: list[bool]) -> list[Item]:
    """Make every legal break that would leave a too-short last line cost FINISH_PENALTY more.

    The last line after a break holds the text from the first character after
    it to the end; only the last few breaks can qualify, so the scan runs
    backwards and stops once the rest holds SHORT_WORD letters or ideographs.
    """
    out = list(items)
    start = -1  # offset of the first character after the current position
    k = len(out) - 1
    while k > 0:
        it = out[k]
        if isinstance(it, Box) and it.src >= 0 and it.text:
            start = it.src
        elif start >= 0 and _legal(out, k):
            rest = text[start:]
            if sum(c.isalnum() for c in rest) >= latin.SHORT_WORD:
                break  # this rest and every longer one is long enough
            flags = wide[start:]
            if cjk.lone_character(rest, flags) or latin.short_word(rest, flags):
                if isinstance(it, Penalty):
                    out[k] = Penalty(it.width, it.penalty + FINISH_PENALTY, it.flagged, it.text, it.face, it.size)
                else:
                    out.insert(k, Penalty(0.0, FINISH_PENALTY))  # the glue after it is no longer a break
        k -= 1
    return out


def _legal(items: list[Item], k: int) -> bool:
    it = items[k]
    if isinstance(it, Penalty):
        return -INF < it.penalty < INF
    return isinstance(it, Glue) and isinstance(items[k - 1], Box) and it.stretch < FIL
