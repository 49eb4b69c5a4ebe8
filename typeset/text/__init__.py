"""The text stage: a paragraph in a Style -> lines justified to a measure.

See compose.py for the contract; items.py for the Knuth-Plass vocabulary
shared by the script rules (cjk.py, latin.py) and the breaker (linebreak.py).
"""
from .compose import Composed, Fallback, Glyphs, Line, Missing, compose, normalise

__all__ = ["Composed", "Fallback", "Glyphs", "Line", "Missing", "compose", "normalise"]
