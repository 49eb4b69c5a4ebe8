"""Text styles: what a layout says about one role (body, headline, caption...).

Shared by the layout reader (which builds them from YAML) and the text stage
(which sets paragraphs in them); it sits below both so imports point down.
A style names font *roles* (song, hei, kai, latin-serif...), never files:
`fonts.py` resolves a role to a chain of faces with per-character fallback.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Style:
    name: str
    font: str  # role for CJK text, e.g. "song"
    latin_font: str  # role for Latin letters and digits, e.g. "latin-serif"
    size: float  # pt
    leading: float  # pt, baseline to baseline
    bold_font: str = ""  # role for **bold** CJK runs; "" = same as font
    bold_latin_font: str = ""  # role for **bold** Latin runs; "" = same as latin_font
    align: str = "justify"  # justify | left | center | right
    indent: float = 0.0  # first-line indent in em (2 for Chinese body)
    tracking: float = 0.0  # extra space between characters, em (headlines)
    sizes: tuple[float, ...] = ()  # headline scale: sizes to try, largest first
    max_lines: int = 0  # headline: lines allowed (0 = any)
    hyphenate: bool = True  # display text (headlines, bylines) is never hyphenated

    def role_for(self, latin: bool, bold: bool) -> str:
        if latin:
            return (self.bold_latin_font or self.latin_font) if bold else self.latin_font
        return (self.bold_font or self.font) if bold else self.font
