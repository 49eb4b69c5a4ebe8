"""Display lines as a sub-editor breaks them: balanced, between words, never a line of one character.

Body text is broken by the total-fit breaker for even colour; a headline, overline, subtitle,
subhead, caption or jump head that needs more than one line is broken for sense and shape:

- only where a phrase or a word ends: first at the gaps an editor types between headline phrases
  and after ，：、；！？, then between the words jieba finds (words.py), never inside a word or
  after a digit (1439 人 stays whole); Latin at spaces only, never hyphenated; the prohibition
  rules (cjk.forbidden_start / forbidden_end, never_split) hold as in body text;
- into lines of nearly equal length (the least sum of squared widths for the fewest lines, as
  CSS `text-wrap: balance` aims at), a break inside a phrase costing a little more;
- no line of one or two characters, and no line of one short Latin word.

`display_breaks` only decides where lines break; the composer sets each line (compose.py).
"""
from __future__ import annotations

import functools
import math
import re
from typing import Callable

from . import cjk, words

PHRASE_END = "，：、；！？。"
MIN_CJK = 3  # characters a display line holds at least
MIN_LATIN = 4  # letters a lone Latin word must have to stand as a line
WORD_BREAK = 0.04  # cost of a break inside a phrase, as a share of measure squared
_DIGIT = re.compile(r"[0-9０-９]")


@functools.lru_cache(maxsize=4096)
def word_ends(text: str, chinese: bool) -> frozenset[int]:
    """Offsets where a word ends (a break may come before text[i]). The planner asks again for every
    width it tries a headline at, so the answer is remembered per text."""
    if not chinese:
        return frozenset({m.start() for m in re.finditer(r"(?<=\S)\s+", text)}
                         | {m.end() for m in re.finditer(r"\s+", text)})
    ends, at = set(), 0
    for word in words.cut(text):
        at += len(word)
        ends.add(at)
    return frozenset(ends)


def candidates(text: str, chinese: bool, level) -> dict[int, float]:
    """Allowed breaks, offset -> cost class (0: a phrase ends there, 1: a word does). A break at i
    puts text[i] first on the next line; spaces at a break are dropped by the caller."""
    out: dict[int, float] = {}
    never = cjk.never_split(text) if chinese else set()
    words = word_ends(text, chinese)
    for i in range(1, len(text)):
        if i in never or text[i - 1].isspace() and i > 0 and text[i].isspace():
            continue
        phrase = text[i - 1] in PHRASE_END or text[i].isspace() or text[i - 1].isspace()
        if not phrase and i not in words:
            continue
        if _DIGIT.match(text[i - 1]) and not text[i].isspace():
            continue  # 1439|人, 10|万人次: a number keeps its measure word
        if chinese and (cjk.forbidden_start(text, i, level) or cjk.forbidden_end(text, i - 1, level)):
            continue
        out[i] = 0.0 if phrase else 1.0
    return out


def display_breaks(text: str, width: Callable[[int, int], float], measure: float, max_lines: int,
                   chinese: bool, level) -> list[int] | None:
    """Where to break `text` into the fewest balanced lines of at most `measure` (`width(a, b)`: the
    set width of text[a:b], spaces at its ends not counted), at most `max_lines`; None when no
    break set follows the rules (the caller then sets the text another way or smaller)."""
    cands = candidates(text, chinese, level)
    points = [0] + sorted(cands) + [len(text)]
    lowest = max(1, math.ceil(width(0, len(text)) / measure))
    for lines in range(lowest, max_lines + 1):
        found = _best(text, points, cands, width, measure, lines, chinese)
        if found is not None:
            return found
    return None


def _best(text: str, points: list[int], cands: dict[int, float], width, measure: float, lines: int,
          chinese: bool) -> list[int] | None:
    """The least-cost break set into exactly `lines` lines (dynamic programming over the points)."""
    n = len(points)
    inf = math.inf
    cost = [[inf] * (lines + 1) for _ in range(n)]
    back = [[-1] * (lines + 1) for _ in range(n)]
    cost[0][0] = 0.0
    for j in range(1, n):
        for i in range(j):
            a, b = points[i], points[j]
            w = width(a, b)
            if w > measure:
                continue
            if not _line_ok(text[a:b], chinese):
                continue
            extra = w * w + (cands.get(b, 0.0) * WORD_BREAK * measure * measure if b < len(text) else 0.0)
            for k in range(1, lines + 1):
                if cost[i][k - 1] + extra < cost[j][k]:
                    cost[j][k] = cost[i][k - 1] + extra
                    back[j][k] = i
    if cost[n - 1][lines] == inf:
        return None
    out, j = [], n - 1
    for k in range(lines, 0, -1):
        i = back[j][k]
        if i > 0:
            out.append(points[i])
        j = i
    return sorted(out)


def _line_ok(line: str, chinese: bool) -> bool:
    """No display line of one or two characters, nor of one short Latin word."""
    body = line.strip().strip("\u3000")
    if not body:
        return False
    if chinese and sum(1 for ch in body if not ch.isspace()) < MIN_CJK:
        return False
    words = body.split()
    return not (len(words) == 1 and body.isascii() and len(body) < MIN_LATIN)
