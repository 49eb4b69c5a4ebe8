"""The item path, kept as the reference the composer is checked against (tests/test_fast_path.py).

Knuth & Plass's own form of a paragraph: one Box per character and the
Glue and Penalties the script rules (typeset.text.cjk, .latin) put between
two characters, each item spelled out. Slow and obviously correct: the
composer (typeset.text.rows) sums the same items per junction instead.

Contract: `itemize(text, bold, style, metrics, language)` returns the items
of one paragraph and the characters no face can draw; `itemize_faces` also
the fallback characters. The first-line indent is an empty Box; the
paragraph ends with the finishing `Glue(0, FIL, 0)` and a forced break
`Penalty(w, -INF)`. A break leaving a 孤字 or one short word costs
FINISH_PENALTY more; with tracking every legal break gives the last
character's tracking back.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from typeset.fonts.metrics import Metrics
from typeset.reading.style import Style
from typeset.text import cjk, latin
from typeset.text.chars import (FINISH_PENALTY, MISSING, FALLBACK, NARROW, PLAIN, SPACE, char_infos, junction_for,
                                space_junction)
from typeset.text.items import FIL, INF, Box, Glue, Item, Penalty

from .items import boxes

_PLAIN_RUN = re.compile(PLAIN + "{2,}")
NARROW_RUN = re.compile(NARROW + "+")


@dataclass(frozen=True)
class MissingChar:
    offset: int
    char: str
    role: str


def itemize(text: str, bold: Sequence[bool], style: Style, metrics: Metrics, language: str, *,
            indent: bool = True, level: str = "strict", punctuation: str | None = None,
            hanging: bool = False) -> tuple[list[Item], list[MissingChar]]:
    items, missing, _ = itemize_faces(text, bold, style, metrics, language, indent=indent, level=level,
                                      punctuation=punctuation, hanging=hanging)
    return items, missing


@lru_cache(maxsize=32)
def _junction_table(jn: cjk.Junction) -> dict[tuple, tuple[Item, ...]]:
    """A memo of cjk.junction between two adjacent characters under `jn` (pure: frozen items)."""
    return {}


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
