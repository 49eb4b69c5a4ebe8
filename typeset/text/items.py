"""The Knuth-Plass vocabulary: the contract between script rules and the line breaker.

Script rules (cjk.py, latin.py) only *produce* these items; the breaker
(linebreak.py) only *consumes* them and knows nothing about scripts or fonts.
`src` fields are offsets into the paragraph's normalised text, so a test can
prove that every character ends up on exactly one line.
"""
from __future__ import annotations

from dataclasses import dataclass

INF = 10000  # a penalty >= INF forbids the break; <= -INF forces it


@dataclass(frozen=True, slots=True)
class Box:
    """Something printed: one or more characters set in one face at one size."""

    width: float
    text: str
    face: str
    size: float
    src: int = -1  # offset of text[0] in the paragraph's normalised text


@dataclass(frozen=True, slots=True)
class Glue:
    """Space that may stretch or shrink; a break may follow a box here.

    `text` is what the space stands for when it is not at a break (" " for a
    Latin word space, "" for the invisible glue between ideographs).
    """

    width: float
    stretch: float
    shrink: float
    text: str = ""
    src: int = -1


@dataclass(frozen=True, slots=True)
class Penalty:
    """A possible break with a cost; `text` is printed at the line end if taken (a hyphen)."""

    width: float
    penalty: float
    flagged: bool = False
    text: str = ""
    face: str = ""
    size: float = 0.0


Item = Box | Glue | Penalty
