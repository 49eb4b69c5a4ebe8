"""Characters as the composer reads them: class, face, width; and the junction over spaces.

Every paragraph starts by asking, per character, whether it is a space, wide (set in the CJK role
under the CJK rules) or narrow, which face draws it and how wide it is (tracking included). The
answers are pure in (metrics, style, language), so `char_table` memoises them per character.
`char_infos` gives (space, wide, role, face, width, status, kind) per character: a character no
face draws is set 1 em wide in its role's name (MISSING), one in a face other than its role's first
is a FALLBACK; kind is one letter (SPACE, PLAIN, WIDE, NARROW) so runs are found in a string.
`wide_in`: in Chinese `is_wide` and the ambiguous symbols; elsewhere “”‘’—…· are Latin.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Sequence

from ..fonts.metrics import Metrics, is_wide
from ..reading.style import Style
from . import cjk, latin
from .items import INF, Item, Penalty

SPACES = " \t\n\r\f\v"  # collapsible: one word space however many
NO_BREAK_SPACES = "\u00a0\u202f"
_AMBIGUOUS = "“”‘’—…·"


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
    """The shared inputs of cjk.junction for a paragraph."""
    return cjk.Junction(size, cjk.level_for(language, level), cjk.punctuation_for(language, punctuation),
                        hanging)


@lru_cache(maxsize=32)
def char_table(metrics: Metrics, style: Style, language: str) -> tuple[dict[str, tuple], dict[str, tuple]]:
    """Memos of `_char_info` for one (metrics, style, language), regular and bold, filled as characters come.

    Its answers are pure in those inputs (a Metrics answers the same question
    the same way), and per-character metrics calls would be most of reading a paragraph.
    """
    return {}, {}


MISSING, FALLBACK = 1, 2  # _char_info's status: no face draws it / set in a fallback face

# _char_info's kind, one letter per character: a space, a plain wide character, another wide one, a narrow one.
SPACE, PLAIN, WIDE, NARROW = "S", "P", "W", "N"
# Wide characters no junction rule reads at any level or in any never-split sequence: plain glue between.
_RULED = cjk.rule_chars(cjk.LEVELS["strict"]) | cjk.NEVER_SPLIT_CHARS


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


def class_spans(cls: str, start: int, one: str, other: str, least: int) -> list[tuple[int, int]]:
    """The spans from `start` where cls holds a run of at least `least` of class `one` or of class
    `other` (compiled, a loop over the classes beats a regular expression's scanner)."""
    spans = []
    n = len(cls)
    k = start
    while k < n:
        ch = cls[k]
        e = k + 1
        if ch == one or ch == other:
            while e < n and cls[e] == ch:
                e += 1
            if e - k >= least:
                spans.append((k, e))
        k = e
    return spans


def columns(table: dict, text: str) -> tuple[list, ...]:
    """`zip(*map(table.get, text))` as one loop (TypeError for a character not in the table yet); roles
    and status come back empty unless some character has a status (a fallback face, or none).

    Entries are read through an index by code point (blocks of 256, kept in the table under the key
    None): compiled, a list lookup by number, where the dict would hash a new one-character string
    for every Chinese character. The entries never change: the table memoises a pure function."""
    blocks = table.get(None)
    if blocks is None:
        blocks = table[None] = [None] * 0x1100  # (0x10FFFF >> 8) + 1 blocks
    n = len(text)
    space, wide, faces, widths, kinds = [None] * n, [None] * n, [None] * n, [None] * n, [None] * n
    marked = False  # a character in a fallback face, or in none
    for k in range(n):
        cp = ord(text[k])
        block = blocks[cp >> 8]
        t = block[cp & 255] if block is not None else None
        if t is None:
            t = table.get(text[k])
            if t is None:
                raise TypeError(text[k])
            if block is None:
                block = blocks[cp >> 8] = [None] * 256
            block[cp & 255] = t
        space[k] = t[0]
        wide[k] = t[1]
        faces[k] = t[3]
        widths[k] = t[4]
        kinds[k] = t[6]
        if t[5]:
            marked = True
    if not marked:  # (nearly every paragraph) roles and status are read only for a marked character
        return space, wide, (), faces, widths, (), kinds
    infos = [table[ch] for ch in text]
    return space, wide, [t[2] for t in infos], faces, widths, [t[5] for t in infos], kinds
