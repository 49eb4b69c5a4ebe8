"""Text normalisation before setting, keeping a map back to the written text.

Every language: runs of ASCII whitespace become one space and the ends are stripped (full-width
blanks too; inside the text U+3000 and U+00A0 are characters). Chinese (zh-*): the ASCII marks
, ; : ? ! ( ) become full width when the character before or after them (ignoring a space) is a
wide, CJK one, except between two ASCII letters or digits ("10:30", "1,000"); parentheses turn
as a pair ("(iPhone手机)" -> "（iPhone手机）"); a space beside a full-width mark goes.
`normalise_map` also maps each output character to its input offset, so bold follows the text.
"""
from __future__ import annotations

import re

from ..fonts.metrics import is_wide
from .cjk import PUNCT

_WHITESPACE = re.compile(r"[ \t\n\r\f\v]+")
FULL_WIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_FULL_WIDTH_KEYS = frozenset(FULL_WIDTH)  # no such mark in the text: nothing for _full_width to do


def normalise(text: str, language: str) -> str:
    return normalise_map(text, language)[0]


def normalise_map(text: str, language: str) -> tuple[str, list[int]]:
    chars, src = _collapse(text)
    # A full-width blank at either end is a hand-made indent or padding: the style does that job.
    while chars and chars[0] == "\u3000":
        del chars[0], src[0]
    while chars and chars[-1] == "\u3000":
        chars.pop(), src.pop()
    while chars and chars[0] == " ":
        del chars[0], src[0]
    while chars and chars[-1] == " ":
        chars.pop(), src.pop()
    if language.startswith("zh"):
        if not _FULL_WIDTH_KEYS.isdisjoint(chars):
            _full_width(chars)
        if " " in chars:
            chars, src = _drop_spaces_by_marks(chars, src)
    return "".join(chars), src


def _collapse(text: str) -> tuple[list[str], list[int]]:
    if _WHITESPACE.search(text) is None:
        return list(text), list(range(len(text)))  # nothing to collapse (most Chinese paragraphs)
    chars: list[str] = []
    src: list[int] = []
    pos = 0
    for m in _WHITESPACE.finditer(text):
        chars.extend(text[pos:m.start()])
        src.extend(range(pos, m.start()))
        if chars:  # no leading space
            chars.append(" ")
            src.append(m.start())
        pos = m.end()
    chars.extend(text[pos:])
    src.extend(range(pos, len(text)))
    if chars and chars[-1] == " ":
        chars.pop()
        src.pop()
    return chars, src


def _neighbour(chars: list[str], i: int, step: int) -> str:
    """The character next to chars[i] in direction `step`, looking past one space."""
    j = i + step
    if 0 <= j < len(chars) and chars[j] == " ":
        j += step
    return chars[j] if 0 <= j < len(chars) else ""


def _latin_context(chars: list[str], i: int) -> bool:
    # "10:30", "1,000", "a,b": directly between two ASCII letters or digits.
    if i == 0 or i + 1 >= len(chars):
        return False
    a, b = chars[i - 1], chars[i + 1]
    return a.isascii() and a.isalnum() and b.isascii() and b.isalnum()


def _cjk_next_to(chars: list[str], i: int) -> bool:
    before, after = _neighbour(chars, i, -1), _neighbour(chars, i, 1)
    return (bool(before) and is_wide(before)) or (bool(after) and is_wide(after))


def _full_width(chars: list[str]) -> None:
    """Convert in place, left to right, so "吗?!" sees the converted "？" before "!"."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for i, ch in enumerate(chars):
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            j = stack.pop()
            pairs[i], pairs[j] = j, i
    done: set[int] = set()
    for i, ch in enumerate(chars):
        if ch not in FULL_WIDTH or i in done:
            continue
        if ch in "()" and i in pairs:
            j = pairs[i]
            # Both parentheses of a pair turn if either one stands next to Chinese.
            if _cjk_next_to(chars, i) or _cjk_next_to(chars, j):
                chars[i], chars[j] = FULL_WIDTH[chars[i]], FULL_WIDTH[chars[j]]
            done.add(j)
        elif not _latin_context(chars, i) and _cjk_next_to(chars, i):
            chars[i] = FULL_WIDTH[ch]


def _drop_spaces_by_marks(chars: list[str], src: list[int]) -> tuple[list[str], list[int]]:
    out: list[str] = []
    out_src: list[int] = []
    for i, ch in enumerate(chars):
        if ch == " " and ((i > 0 and chars[i - 1] in PUNCT) or (i + 1 < len(chars) and chars[i + 1] in PUNCT)):
            continue
        out.append(ch)
        out_src.append(src[i])
    return out, out_src
