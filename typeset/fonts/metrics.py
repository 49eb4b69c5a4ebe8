"""The small interface between layout and fonts: which face draws a character, how wide.

Layout code asks only these two questions, so tests can run on
`FakeMetrics` (CJK 1 em, everything else 0.5 em) without any installed
font, while builds use `fonts.FontSet`, which answers from the real faces.
A *face id* is an opaque string naming one loaded face (file + index).
"""
from __future__ import annotations

from typing import Protocol


class Metrics(Protocol):
    def face_for(self, role: str, ch: str) -> str | None:
        """The first face in `role`'s fallback chain that has a glyph for `ch`, or None."""

    def advance(self, face: str, text: str, size: float) -> float:
        """Advance width in points of `text` set in `face` at `size` (no kerning)."""

    def primary(self, role: str) -> str:
        """The first face of `role`'s chain: a character set in another face is a fallback."""

    def ascent(self, face: str) -> float:
        """Ascender as a fraction of the em (for placing text in a grid line)."""


def is_wide(ch: str) -> bool:
    """East Asian wide or full-width: ideographs, kana, hangul, CJK punctuation."""
    o = ord(ch)
    return (
        0x1100 <= o <= 0x115F
        or 0x2E80 <= o <= 0xA4CF
        or 0xAC00 <= o <= 0xD7A3
        or 0xF900 <= o <= 0xFAFF
        or 0xFE30 <= o <= 0xFE4F
        or 0xFF00 <= o <= 0xFF60
        or 0xFFE0 <= o <= 0xFFE6
        or 0x20000 <= o <= 0x3FFFD
        or ch in "“”‘’—…·"
    )


class FakeMetrics:
    """Deterministic metrics for tests: wide characters 1 em, others 0.5 em.

    Every role has one face named after the role; `missing` lists characters
    no face can draw, to test the "no font has this glyph" error.
    """

    def __init__(self, missing: str = ""):
        self.missing = set(missing)

    def face_for(self, role: str, ch: str) -> str | None:
        return None if ch in self.missing else role

    def advance(self, face: str, text: str, size: float) -> float:
        return sum(size if is_wide(c) else size * 0.5 for c in text)

    def primary(self, role: str) -> str:
        return role

    def ascent(self, face: str) -> float:
        return 0.88
