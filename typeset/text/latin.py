"""Latin script rules: word spaces and hyphenation points, as Knuth-Plass items.

A Latin word is a maximal run of narrow, non-space characters; its characters touch, and it may
break only at a pyphen hyphenation point of an alphabetic stretch (at least `MIN_WORD` letters,
not all capitals: a flagged `Penalty` as wide as the hyphen it prints), or just after an
explicit hyphen between two letters ("e-mail": flagged, printing nothing). URLs, addresses and
file names (a /, @, \\ or _, or a dot inside the word) are never hyphenated; they may break,
with nothing inserted, where the Chicago Manual puts URL breaks: after `//` or a single `/`,
before `.`, `@`, `?`, `#`, `&`, `=` or `_`. A word space is `Glue(s, s/2, s/3, " ")`, TeX's
proportions. `short_word` says which endings make a last line of one short word ("it.").
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

import pyphen

from .items import Glue, Penalty

HYPHEN_PENALTY = 50
EXPLICIT_HYPHEN_PENALTY = 50
URL_BREAK_PENALTY = 100  # a break inside an address: allowed, but a space is better
MIN_WORD = 5  # shorter words are never hyphenated
SHORT_WORD = 5  # a paragraph's last line should not be one word of fewer letters (or digits) than this
LEFT_MIN, RIGHT_MIN = 2, 3  # letters kept before / after a hyphen (TeX's English values)

_NOT_A_WORD = re.compile(r"[/@\\_]|[^\W\d]\.\w|\w\.[^\W\d]")  # a dot beside a letter: not 12.5

# pyphen dictionaries by language; Latin words inside Chinese text use English.
_PYPHEN_LANG = {"en": "en_US", "zh": "en_US"}


@lru_cache(maxsize=8)
def _dictionary(lang: str) -> pyphen.Pyphen | None:
    # Loading a dictionary parses a file: keep one per language (pure, read-only).
    try:
        return pyphen.Pyphen(lang=lang, left=LEFT_MIN, right=RIGHT_MIN)
    except KeyError:
        return None


def dictionary_for(language: str) -> pyphen.Pyphen | None:
    base = language.split("-")[0].lower()
    lang = _PYPHEN_LANG.get(base, language.replace("-", "_"))
    return _dictionary(lang)


def hyphen_points(word: str, dic: pyphen.Pyphen | None) -> dict[int, bool]:
    """Offsets k inside `word` where it may break between word[k-1] and word[k].

    The value says whether a hyphen must be inserted (True) or is already
    there (False, an explicit hyphen).
    """
    points: dict[int, bool | None] = {}
    if _NOT_A_WORD.search(word):
        return url_points(word)  # a URL, an e-mail address, a file name: no hyphen, ever
    k = 0
    while k < len(word):
        if not word[k].isalpha():
            if word[k] == "-" and 0 < k < len(word) - 1 and word[k - 1].isalpha() and word[k + 1].isalpha():
                points[k + 1] = False
            k += 1
            continue
        end = k
        while end < len(word) and word[end].isalpha():
            end += 1
        stretch = word[k:end]
        # Only a whole word of letters: not inside "mp3", "B2B" or "x86_64" (a hyphen changes the meaning).
        glued = (k > 0 and word[k - 1].isalnum()) or (end < len(word) and word[end].isalnum())
        if dic is not None and len(stretch) >= MIN_WORD and not stretch.isupper() and not glued:
            for p in dic.positions(stretch):
                points[k + p] = True
        k = end
    return points


_URL_BEFORE = ".@?#&=_"


def url_points(word: str) -> dict[int, None]:
    """Offsets where an address may break, no hyphen inserted (value None).

    Never inside the scheme (`https:/`) nor leaving fewer than two
    characters on either side, and never before trailing punctuation.
    """
    core = word.rstrip(".,;:!?)”’\"'")
    start = core.find("//") + 2 if "//" in core else 0
    points: dict[int, None] = {}
    for k in range(max(start, 2), len(core) - 1):
        if core[k - 1] == "/" and core[k] != "/":
            points[k] = None
        elif core[k] in _URL_BEFORE and core[k - 1] not in _URL_BEFORE + "/":
            points[k] = None
    return points


def hyphen_points_in(text: str, spans: Sequence[tuple[int, int]], language: str) -> dict[int, bool]:
    """Hyphenation points of the Latin words text[i:j] for each (i, j) in `spans`, as offsets into `text`."""
    dic = dictionary_for(language)
    points: dict[int, bool] = {}
    for i, j in spans:
        for k, insert in hyphen_points(text[i:j], dic).items():
            points[i + k] = insert
    return points


def hyphen_penalty(width: float, face: str, size: float, insert: bool | None) -> Penalty:
    if insert is None:
        return Penalty(0.0, URL_BREAK_PENALTY, False)  # inside an address: not a hyphen
    if insert:
        return Penalty(width, HYPHEN_PENALTY, True, "-", face, size)
    return Penalty(0.0, EXPLICIT_HYPHEN_PENALTY, True)


def short_word(rest: str, wide: Sequence[bool]) -> bool:
    """Would `rest` (the end of a paragraph; `wide` per character) make a last line of one short word?

    One Latin word, with its punctuation, of fewer than SHORT_WORD letters or
    digits: "it." "(no)" "ing." (the end of a hyphenated word).
    """
    word = rest.strip()
    if not word or any(c.isspace() for c in word) or any(wide[:len(rest)]):
        return False
    return 0 < sum(c.isalnum() for c in word) < SHORT_WORD


def word_space(width: float, src: int) -> Glue:
    return Glue(width, width / 2, width / 3, " ", src)
