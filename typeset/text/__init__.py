"""The text stage: a paragraph in a Style -> lines justified to a measure (compose.py: the pipeline).

`PUNCTUATION_STYLES` and `LEVELS` name what compose(punctuation=..., level=...) accepts (a layout's `text:`).
"""
from .cjk import LEVELS as _LEVELS
from .cjk import PUNCTUATION as _PUNCTUATION
from .compose import Composed, Fallback, Glyphs, Line, Missing, compose, normalise

PUNCTUATION_STYLES: tuple[str, ...] = tuple(_PUNCTUATION)  # fullwidth, kaiming, halfwidth, none
LEVELS: tuple[str, ...] = tuple(k for k in _LEVELS if k != "none")  # loose, basic, gb, strict

__all__ = ["LEVELS", "PUNCTUATION_STYLES", "Composed", "Fallback", "Glyphs", "Line", "Missing", "compose",
           "normalise"]
